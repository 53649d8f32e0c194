from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-01T10:06:11:655264"
VERSION = "1.38.0"
DESCRIPTION = "complaint history: categorise steps (from_category, to_category)"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="feedback", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="ComplaintTransition",
        tablename="complaint_transition",
        column_name="from_category",
        db_column_name="from_category",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 40,
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
        table_class_name="ComplaintTransition",
        tablename="complaint_transition",
        column_name="to_category",
        db_column_name="to_category",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 40,
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
