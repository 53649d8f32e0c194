from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Array
from piccolo.columns.column_types import Date
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Text
from piccolo.columns.column_types import UUID
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.date import DateNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.constraints import Unique

ID = "2026-12-01T12:34:59:281692"
VERSION = "1.38.0"
DESCRIPTION = "Team figures kept by the worker; CSAT on loyalty outcomes; who answered for a breach"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="feedback", description=DESCRIPTION
    )

    manager.add_table(
        class_name="TeamMember",
        tablename="team_member",
        schema="feedback",
        columns=None,
    )

    manager.add_table(
        class_name="TeamNode",
        tablename="team_node",
        schema="feedback",
        columns=None,
    )

    manager.add_table(
        class_name="TeamPeriod",
        tablename="team_period",
        schema="feedback",
        columns=None,
    )

    manager.add_table(
        class_name="OpenComplaint",
        tablename="open_complaint",
        schema="feedback",
        columns=None,
    )

    manager.add_table(
        class_name="TeamNodeDay",
        tablename="team_node_day",
        schema="feedback",
        columns=None,
    )

    manager.add_table(
        class_name="TeamDay",
        tablename="team_day",
        schema="feedback",
        columns=None,
    )

    manager.add_column(
        table_class_name="TeamMember",
        tablename="team_member",
        column_name="employee",
        db_column_name="employee",
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
        schema="feedback",
    )

    manager.add_column(
        table_class_name="TeamMember",
        tablename="team_member",
        column_name="org_path",
        db_column_name="org_path",
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
        schema="feedback",
    )

    manager.add_column(
        table_class_name="TeamMember",
        tablename="team_member",
        column_name="open_complaints",
        db_column_name="open_complaints",
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

    manager.add_column(
        table_class_name="TeamNode",
        tablename="team_node",
        column_name="node",
        db_column_name="node",
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
        schema="feedback",
    )

    manager.add_column(
        table_class_name="TeamNode",
        tablename="team_node",
        column_name="open_complaints",
        db_column_name="open_complaints",
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

    manager.add_column(
        table_class_name="TeamPeriod",
        tablename="team_period",
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
        table_class_name="TeamPeriod",
        tablename="team_period",
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
        table_class_name="TeamPeriod",
        tablename="team_period",
        column_name="starts_on",
        db_column_name="starts_on",
        column_class_name="Date",
        column_class=Date,
        params={
            "default": DateNow(),
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
        table_class_name="TeamPeriod",
        tablename="team_period",
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

    manager.add_column(
        table_class_name="OpenComplaint",
        tablename="open_complaint",
        column_name="feedback",
        db_column_name="feedback",
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
        schema="feedback",
    )

    manager.add_column(
        table_class_name="OpenComplaint",
        tablename="open_complaint",
        column_name="people",
        db_column_name="people",
        column_class_name="Array",
        column_class=Array,
        params={
            "default": list,
            "base_column": UUID(
                default=UUID4(),
                null=False,
                primary_key=False,
                unique=False,
                index=False,
                index_method=IndexMethod.btree,
                choices=None,
                db_column_name=None,
                secret=False,
            ),
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
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
        column_name="node",
        db_column_name="node",
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
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
        column_name="day",
        db_column_name="day",
        column_class_name="Date",
        column_class=Date,
        params={
            "default": DateNow(),
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
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
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

    manager.add_column(
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
        column_name="pending",
        db_column_name="pending",
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

    manager.add_column(
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
        column_name="breaches",
        db_column_name="breaches",
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

    manager.add_column(
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
        column_name="promoters",
        db_column_name="promoters",
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

    manager.add_column(
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
        column_name="passives",
        db_column_name="passives",
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

    manager.add_column(
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
        column_name="detractors",
        db_column_name="detractors",
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

    manager.add_column(
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
        column_name="in_person",
        db_column_name="in_person",
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

    manager.add_column(
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
        column_name="csat_sum",
        db_column_name="csat_sum",
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

    manager.add_column(
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
        column_name="csat_answers",
        db_column_name="csat_answers",
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

    manager.add_column(
        table_class_name="TeamDay",
        tablename="team_day",
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
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="day",
        db_column_name="day",
        column_class_name="Date",
        column_class=Date,
        params={
            "default": DateNow(),
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
        table_class_name="TeamDay",
        tablename="team_day",
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

    manager.add_column(
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="pending",
        db_column_name="pending",
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

    manager.add_column(
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="breaches",
        db_column_name="breaches",
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

    manager.add_column(
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="promoters",
        db_column_name="promoters",
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

    manager.add_column(
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="passives",
        db_column_name="passives",
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

    manager.add_column(
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="detractors",
        db_column_name="detractors",
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

    manager.add_column(
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="in_person",
        db_column_name="in_person",
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

    manager.add_column(
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="csat_sum",
        db_column_name="csat_sum",
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

    manager.add_column(
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="csat_answers",
        db_column_name="csat_answers",
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
        table_class_name="TeamPeriod",
        tablename="team_period",
        constraint_name="one_row_per_period",
        constraint_class=Unique,
        params={
            "columns": ["employee", "period", "starts_on"],
            "nulls_distinct": True,
        },
        schema="feedback",
    )

    manager.add_constraint(
        table_class_name="TeamNodeDay",
        tablename="team_node_day",
        constraint_name="one_row_per_node_day",
        constraint_class=Unique,
        params={"columns": ["node", "day"], "nulls_distinct": True},
        schema="feedback",
    )

    manager.add_constraint(
        table_class_name="TeamDay",
        tablename="team_day",
        constraint_name="one_row_per_day",
        constraint_class=Unique,
        params={"columns": ["employee", "day"], "nulls_distinct": True},
        schema="feedback",
    )

    manager.add_column(
        table_class_name="TargetBreach",
        tablename="target_breach",
        column_name="answerable",
        db_column_name="answerable",
        column_class_name="Array",
        column_class=Array,
        params={
            "default": None,
            "base_column": UUID(
                default=UUID4(),
                null=False,
                primary_key=False,
                unique=False,
                index=False,
                index_method=IndexMethod.btree,
                choices=None,
                db_column_name=None,
                secret=False,
            ),
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
        column_name="csat",
        db_column_name="csat",
        column_class_name="Integer",
        column_class=Integer,
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
