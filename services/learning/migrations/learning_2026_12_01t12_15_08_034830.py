from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.base import OnUpdate
from piccolo.columns.column_types import Array
from piccolo.columns.column_types import Date
from piccolo.columns.column_types import Float
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import UUID
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.date import DateNow
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.constraints import Unique
from piccolo.table import Table


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


ID = "2026-12-01T12:15:08:034830"
VERSION = "1.38.0"
DESCRIPTION = ""


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="learning", description=DESCRIPTION
    )

    manager.add_table(
        class_name="MemberDay",
        tablename="member_day",
        schema="learning",
        columns=None,
    )

    manager.add_table(
        class_name="ComplaintRecord",
        tablename="complaint_record",
        schema="learning",
        columns=None,
    )

    manager.add_table(
        class_name="TeamDay",
        tablename="team_day",
        schema="learning",
        columns=None,
    )

    manager.add_table(
        class_name="TeamMember",
        tablename="team_member",
        schema="learning",
        columns=None,
    )

    manager.add_table(
        class_name="TeamMastery",
        tablename="team_mastery",
        schema="learning",
        columns=None,
    )

    manager.add_table(
        class_name="TeamSize",
        tablename="team_size",
        schema="learning",
        columns=None,
    )

    manager.add_column(
        table_class_name="MemberDay",
        tablename="member_day",
        column_name="employee",
        db_column_name="employee",
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
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="learning",
    )

    manager.add_column(
        table_class_name="MemberDay",
        tablename="member_day",
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
        schema="learning",
    )

    manager.add_column(
        table_class_name="MemberDay",
        tablename="member_day",
        column_name="lessons",
        db_column_name="lessons",
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
        table_class_name="MemberDay",
        tablename="member_day",
        column_name="learned",
        db_column_name="learned",
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
        table_class_name="MemberDay",
        tablename="member_day",
        column_name="streak",
        db_column_name="streak",
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
        table_class_name="MemberDay",
        tablename="member_day",
        column_name="assignments_completed",
        db_column_name="assignments_completed",
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
        table_class_name="MemberDay",
        tablename="member_day",
        column_name="assignments_due",
        db_column_name="assignments_due",
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
        table_class_name="ComplaintRecord",
        tablename="complaint_record",
        column_name="source_ref",
        db_column_name="source_ref",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 120,
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
        table_class_name="ComplaintRecord",
        tablename="complaint_record",
        column_name="employee",
        db_column_name="employee",
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
        table_class_name="ComplaintRecord",
        tablename="complaint_record",
        column_name="category",
        db_column_name="category",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 60,
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
        table_class_name="ComplaintRecord",
        tablename="complaint_record",
        column_name="lesson_id",
        db_column_name="lesson_id",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 80,
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
        table_class_name="ComplaintRecord",
        tablename="complaint_record",
        column_name="received_at",
        db_column_name="received_at",
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
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="manager",
        db_column_name="manager",
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
        schema="learning",
    )

    manager.add_column(
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="lessons",
        db_column_name="lessons",
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
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="learned",
        db_column_name="learned",
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
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="streak",
        db_column_name="streak",
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
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="assignments_completed",
        db_column_name="assignments_completed",
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
        table_class_name="TeamDay",
        tablename="team_day",
        column_name="assignments_due",
        db_column_name="assignments_due",
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
        table_class_name="TeamMember",
        tablename="team_member",
        column_name="employee",
        db_column_name="employee",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Employee,
            "on_delete": OnDelete.cascade,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
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
        table_class_name="TeamMember",
        tablename="team_member",
        column_name="managers",
        db_column_name="managers",
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
        schema="learning",
    )

    manager.add_column(
        table_class_name="TeamMember",
        tablename="team_member",
        column_name="work_days",
        db_column_name="work_days",
        column_class_name="Array",
        column_class=Array,
        params={
            "default": list,
            "base_column": Integer(
                default=0,
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
        schema="learning",
    )

    manager.add_column(
        table_class_name="TeamMastery",
        tablename="team_mastery",
        column_name="manager",
        db_column_name="manager",
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
        table_class_name="TeamMastery",
        tablename="team_mastery",
        column_name="topic",
        db_column_name="topic",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 80,
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
        table_class_name="TeamMastery",
        tablename="team_mastery",
        column_name="learners",
        db_column_name="learners",
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
        table_class_name="TeamMastery",
        tablename="team_mastery",
        column_name="mastery_sum",
        db_column_name="mastery_sum",
        column_class_name="Float",
        column_class=Float,
        params={
            "default": 0.0,
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
        table_class_name="TeamMastery",
        tablename="team_mastery",
        column_name="cards",
        db_column_name="cards",
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
        table_class_name="TeamMastery",
        tablename="team_mastery",
        column_name="computed_at",
        db_column_name="computed_at",
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
        table_class_name="TeamSize",
        tablename="team_size",
        column_name="manager",
        db_column_name="manager",
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
        table_class_name="TeamSize",
        tablename="team_size",
        column_name="headcount",
        db_column_name="headcount",
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
        table_class_name="TeamSize",
        tablename="team_size",
        column_name="mon",
        db_column_name="mon",
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
        table_class_name="TeamSize",
        tablename="team_size",
        column_name="tue",
        db_column_name="tue",
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
        table_class_name="TeamSize",
        tablename="team_size",
        column_name="wed",
        db_column_name="wed",
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
        table_class_name="TeamSize",
        tablename="team_size",
        column_name="thu",
        db_column_name="thu",
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
        table_class_name="TeamSize",
        tablename="team_size",
        column_name="fri",
        db_column_name="fri",
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
        table_class_name="TeamSize",
        tablename="team_size",
        column_name="sat",
        db_column_name="sat",
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
        table_class_name="TeamSize",
        tablename="team_size",
        column_name="sun",
        db_column_name="sun",
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

    manager.add_constraint(
        table_class_name="MemberDay",
        tablename="member_day",
        constraint_name="one_per_member_day",
        constraint_class=Unique,
        params={"columns": ["employee", "day"], "nulls_distinct": True},
        schema="learning",
    )

    manager.add_constraint(
        table_class_name="ComplaintRecord",
        tablename="complaint_record",
        constraint_name="one_per_complaint",
        constraint_class=Unique,
        params={"columns": ["source_ref", "employee"], "nulls_distinct": True},
        schema="learning",
    )

    manager.add_constraint(
        table_class_name="TeamDay",
        tablename="team_day",
        constraint_name="one_per_team_day",
        constraint_class=Unique,
        params={"columns": ["manager", "day"], "nulls_distinct": True},
        schema="learning",
    )

    manager.add_constraint(
        table_class_name="TeamMastery",
        tablename="team_mastery",
        constraint_name="one_per_topic",
        constraint_class=Unique,
        params={"columns": ["manager", "topic"], "nulls_distinct": True},
        schema="learning",
    )

    manager.alter_column(
        table_class_name="Employee",
        tablename="employee",
        column_name="manager",
        db_column_name="manager",
        params={"index": True},
        old_params={"index": False},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema="learning",
    )

    return manager
