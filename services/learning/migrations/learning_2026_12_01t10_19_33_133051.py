from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.base import OnUpdate
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import JSONB
from piccolo.columns.column_types import Text
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import UUID
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.constraints import Unique
from piccolo.table import Table


class AuthoredScenario(Table, tablename="authored_scenario", schema="learning"):
    id = UUID(
        default=UUID4(),
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name=None,
        secret=False,
    )


class Employee(Table, tablename="employee", schema="learning"):
    id = UUID(
        default=UUID4(),
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name=None,
        secret=False,
    )


ID = "2026-12-01T10:19:33:133051"
VERSION = "1.38.0"
DESCRIPTION = "authored scenarios and their audit trail"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="learning", description=DESCRIPTION
    )

    manager.add_table(
        class_name="ScenarioAudit",
        tablename="scenario_audit",
        schema="learning",
        columns=None,
    )

    manager.add_table(
        class_name="AuthoredScenario",
        tablename="authored_scenario",
        schema="learning",
        columns=None,
    )

    manager.add_column(
        table_class_name="ScenarioAudit",
        tablename="scenario_audit",
        column_name="id",
        db_column_name="id",
        column_class_name="UUID",
        column_class=UUID,
        params={
            "default": UUID4(),
            "null": False,
            "primary_key": True,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="ScenarioAudit",
        tablename="scenario_audit",
        column_name="scenario",
        db_column_name="scenario",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": AuthoredScenario,
            "on_delete": OnDelete.cascade,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="ScenarioAudit",
        tablename="scenario_audit",
        column_name="seq",
        db_column_name="seq",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="ScenarioAudit",
        tablename="scenario_audit",
        column_name="action",
        db_column_name="action",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 12,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="ScenarioAudit",
        tablename="scenario_audit",
        column_name="actor",
        db_column_name="actor",
        column_class_name="UUID",
        column_class=UUID,
        params={
            "default": UUID4(),
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="ScenarioAudit",
        tablename="scenario_audit",
        column_name="at",
        db_column_name="at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="ScenarioAudit",
        tablename="scenario_audit",
        column_name="content",
        db_column_name="content",
        column_class_name="JSONB",
        column_class=JSONB,
        params={
            "default": "{}",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="ScenarioAudit",
        tablename="scenario_audit",
        column_name="reason",
        db_column_name="reason",
        column_class_name="Text",
        column_class=Text,
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
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="id",
        db_column_name="id",
        column_class_name="UUID",
        column_class=UUID,
        params={
            "default": UUID4(),
            "null": False,
            "primary_key": True,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="author",
        db_column_name="author",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Employee,
            "on_delete": OnDelete.cascade,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="team_path",
        db_column_name="team_path",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="source_feedback_id",
        db_column_name="source_feedback_id",
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
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="situation",
        db_column_name="situation",
        column_class_name="JSONB",
        column_class=JSONB,
        params={
            "default": "{}",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="worse",
        db_column_name="worse",
        column_class_name="JSONB",
        column_class=JSONB,
        params={
            "default": "{}",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="better",
        db_column_name="better",
        column_class_name="JSONB",
        column_class=JSONB,
        params={
            "default": "{}",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="why",
        db_column_name="why",
        column_class_name="JSONB",
        column_class=JSONB,
        params={
            "default": "{}",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="status",
        db_column_name="status",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 12,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="created_at",
        db_column_name="created_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="approved_by",
        db_column_name="approved_by",
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
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="approved_at",
        db_column_name="approved_at",
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
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="withdrawn_by",
        db_column_name="withdrawn_by",
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
        schema="learning",
    )

    manager.add_column(
        table_class_name="AuthoredScenario",
        tablename="authored_scenario",
        column_name="withdrawn_at",
        db_column_name="withdrawn_at",
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
        schema="learning",
    )

    manager.add_constraint(
        table_class_name="ScenarioAudit",
        tablename="scenario_audit",
        constraint_name="one_entry_per_seq",
        constraint_class=Unique,
        params={"columns": ["scenario", "seq"], "nulls_distinct": True},
        schema="learning",
    )

    return manager
