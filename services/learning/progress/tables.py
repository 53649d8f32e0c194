"""Lesson sessions, answers, review cards, the XP ledger and per-employee progress."""

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
    xp_awarded = Integer(default=0)  # what the completion granted (answers record their own)


class ItemAnswer(Table, schema=SCHEMA):
    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee, index=True)
    session = UUID(null=True, default=None, index=True)
    item_id = Varchar(length=160)
    # "session:<id>" inside a lesson, "review:<local date>" outside one: one answer per item per scope.
    scope = Varchar(length=60)
    chosen = Integer()
    correct = Boolean()
    # How sure the learner said they were (confidence.py): unsure | fairly_sure | sure; None when not said.
    confidence = Varchar(length=12, null=True, default=None)
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


class XpEntry(Table, schema=SCHEMA):
    """One step that earned XP (rules in xp.py). Never updated: an employee's XP is the sum of `points`."""

    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee)
    local_date = Date()  # the employee's day when it was earned: the daily cap counts these
    kind = Varchar(length=20)  # answer | completion | review
    # The lesson of the session, or of the item for a review; a lesson's earned XP sums its non-review entries.
    lesson_id = Varchar(length=80)
    session = UUID(null=True, default=None)
    item_id = Varchar(length=160, null=True, default=None)
    points = Integer()
    withheld = Integer(default=0)  # past the daily cap, not granted
    # What earned it: "answer:<session>:<item>", "completion:<session>", "review:<local date>:<item>".
    source = Varchar(length=260)
    created_at = Timestamptz(default=TimestamptzNow())

    # Once per source; its index (employee, lesson_id, ...) also serves the lesson's earned-XP sum.
    one_per_source = Unique([employee, lesson_id, source])


class Progress(Table, schema=SCHEMA):
    """Streak, XP and level of one employee."""

    employee = ForeignKey(references=Employee, primary_key=True)
    xp = Integer(default=0)  # the running total of the employee's XpEntry points
    # XP granted on the employee's local day `xp_day`, for the daily cap (written with each entry).
    xp_day = Date(null=True, default=None)
    xp_day_total = Integer(default=0)
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


class PastWorkDays(Table, schema=SCHEMA):
    """The working days a change replaced: valid on the days before `until` (workdays.py).

    Back to the previous row's `until`; from the latest row's `until` on, the employee's `work_days` hold.
    """

    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee)
    until = Date()  # the first local day of the schedule that replaced these days
    days = Array(base_column=Integer())  # ISO weekdays, 1 = Monday
    created_at = Timestamptz(default=TimestamptzNow())

    # Changes on one day share their `until`: the first keeps what held before the day.
    one_per_change_day = Unique([employee, until])
