"""Lesson sessions, answers, review cards and per-employee progress."""

from piccolo.columns import (
    UUID,
    Array,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA
from ..directory.tables import Employee
from ..lessons.tables import Lesson


class LessonSession(Table, schema=SCHEMA):
    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee, index=True)
    lesson = ForeignKey(references=Lesson)
    local_date = Date()
    # The items served in this session (values lessons draw theirs from the company values).
    item_ids = Array(base_column=Varchar(length=160))
    started_at = Timestamptz(default=TimestamptzNow())
    completed_at = Timestamptz(null=True, default=None)
    correct_count = Integer(default=0)
    passed = Boolean(default=False)
    xp_awarded = Integer(default=0)


class ItemAnswer(Table, schema=SCHEMA):
    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee, index=True)
    session = UUID(null=True, default=None, index=True)
    item_id = Varchar(length=160)
    # "session:<id>" inside a lesson, "review:<local date>" outside one: one answer per item per scope.
    scope = Varchar(length=60)
    chosen = Integer()
    correct = Boolean()
    xp_awarded = Integer(default=0)
    answered_at = Timestamptz(default=TimestamptzNow())

    one_per_scope = Unique([employee, item_id, scope])


class ReviewCard(Table, schema=SCHEMA):
    """FSRS state of one item for one employee."""

    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee)
    item_id = Varchar(length=160)
    lesson_id = Varchar(length=80)
    due = Timestamptz(index=True)
    stability = Float(null=True, default=None)
    difficulty = Float(null=True, default=None)
    state = Integer(default=1)
    step = Integer(null=True, default=0)
    last_review = Timestamptz(null=True, default=None)
    reps = Integer(default=0)
    lapses = Integer(default=0)

    one_per_item = Unique([employee, item_id])


class Progress(Table, schema=SCHEMA):
    """Streak, XP and level of one employee."""

    employee = ForeignKey(references=Employee, primary_key=True)
    xp = Integer(default=0)
    streak = Integer(default=0)
    longest_streak = Integer(default=0)
    last_active_date = Date(null=True, default=None)
    freezes = Integer(default=0)
    updated_at = Timestamptz(default=TimestamptzNow())


class DailyPlan(Table, schema=SCHEMA):
    """The lesson chosen for an employee's local day: the same answer all day, across restarts."""

    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee)
    local_date = Date()
    lesson_id = Varchar(length=80, null=True, default=None)
    reason = Varchar(length=20)  # assigned | review | new | none
    assignment_id = UUID(null=True, default=None)
    review_item_ids = Array(base_column=Varchar(length=160))
    created_at = Timestamptz(default=TimestamptzNow())

    one_per_day = Unique([employee, local_date])
