from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import UUID
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-01T09:22:24:148237"
VERSION = "1.38.0"
DESCRIPTION = "trust: who assigned a complaint, survey delivery (e-mail, in person), outcomes that count for NPS"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="feedback", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Feedback",
        tablename="feedback",
        column_name="owner_assigned_by",
        db_column_name="owner_assigned_by",
        column_class_name="UUID",
        column_class=UUID,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="feedback",
    )

    manager.add_column(
        table_class_name="LoyaltyOutcome",
        tablename="loyalty_outcome",
        column_name="counts_for_nps",
        db_column_name="counts_for_nps",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": True,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="feedback",
    )

    manager.add_column(
        table_class_name="Survey",
        tablename="survey",
        column_name="answered_via",
        db_column_name="answered_via",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 10,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="feedback",
    )

    manager.add_column(
        table_class_name="Survey",
        tablename="survey",
        column_name="emailed_at",
        db_column_name="emailed_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="feedback",
    )

    manager.add_column(
        table_class_name="Survey",
        tablename="survey",
        column_name="in_person_token_hash",
        db_column_name="in_person_token_hash",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="feedback",
    )

    manager.add_column(
        table_class_name="Survey",
        tablename="survey",
        column_name="presented_at",
        db_column_name="presented_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="feedback",
    )

    return manager
