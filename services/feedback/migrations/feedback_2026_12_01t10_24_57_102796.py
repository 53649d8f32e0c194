from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import UUID
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.constraints import Unique

ID = "2026-12-01T10:24:57:102796"
VERSION = "1.38.0"
DESCRIPTION = "leaderboard running totals"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="feedback", description=DESCRIPTION
    )

    manager.add_table(
        class_name="BoardScore",
        tablename="board_score",
        schema="feedback",
        columns=None,
    )

    manager.add_column(
        table_class_name="BoardScore",
        tablename="board_score",
        column_name="period",
        db_column_name="period",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 5,
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
        schema="feedback",
    )

    manager.add_column(
        table_class_name="BoardScore",
        tablename="board_score",
        column_name="period_start",
        db_column_name="period_start",
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
        schema="feedback",
    )

    manager.add_column(
        table_class_name="BoardScore",
        tablename="board_score",
        column_name="employee",
        db_column_name="employee",
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
        schema="feedback",
    )

    manager.add_column(
        table_class_name="BoardScore",
        tablename="board_score",
        column_name="points",
        db_column_name="points",
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
        schema="feedback",
    )

    manager.add_constraint(
        table_class_name="BoardScore",
        tablename="board_score",
        constraint_name="one_score_per_period",
        constraint_class=Unique,
        params={
            "columns": ["period", "period_start", "employee"],
            "nulls_distinct": True,
        },
        schema="feedback",
    )

    return manager
