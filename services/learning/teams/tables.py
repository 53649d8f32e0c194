"""The figures of teams, kept at write time (rollups.py): per member and day, per team and day, team sizes; and
the complaints that asked for lessons (coaching.py)."""

from piccolo.columns import UUID, Array, Date, Float, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA
from ..directory.tables import Employee

# The counters a member adds to every team above them, per local day. Each counter has its own day:
COUNTERS = (
    "lessons",  # lessons completed (retakes too) on the day the session was started
    "learned",  # 1 on the member's last day with a completed lesson: "active in the last N days"
    "streak",  # the member's streak, on its last counted day
    "assignments_completed",  # assignments completed that (local) day
    "assignments_due",  # open assignments due that day: overdue once the day is past
)


class MemberDay(Table, schema=SCHEMA):
    """One member's counters for one local day: exactly what they add to each team above them."""

    employee = ForeignKey(references=Employee)
    day = Date()
    lessons = Integer(default=0)
    learned = Integer(default=0)
    streak = Integer(default=0)
    assignments_completed = Integer(default=0)
    assignments_due = Integer(default=0)

    one_per_member_day = Unique([employee, day])


class TeamMember(Table, schema=SCHEMA):
    """Where a member's counters are added now: the managers above them (none while inactive)."""

    employee = ForeignKey(references=Employee, primary_key=True)
    managers = Array(base_column=UUID())
    work_days = Array(base_column=Integer())


class TeamDay(Table, schema=SCHEMA):
    """The sum of MemberDay over everyone under one manager (their whole subtree), per day."""

    manager = UUID()
    day = Date()
    lessons = Integer(default=0)
    learned = Integer(default=0)
    streak = Integer(default=0)
    assignments_completed = Integer(default=0)
    assignments_due = Integer(default=0)

    one_per_team_day = Unique([manager, day])


class TeamSize(Table, schema=SCHEMA):
    """Active people under one manager, and how many of them work on each ISO weekday (the lesson target)."""

    manager = UUID(primary_key=True)
    headcount = Integer(default=0)
    mon = Integer(default=0)
    tue = Integer(default=0)
    wed = Integer(default=0)
    thu = Integer(default=0)
    fri = Integer(default=0)
    sat = Integer(default=0)
    sun = Integer(default=0)


class ComplaintRecord(Table, schema=SCHEMA):
    """A categorised complaint about an employee, as the feedback service's lesson request told us."""

    source_ref = Varchar(length=120)
    employee = ForeignKey(references=Employee, index=True)
    category = Varchar(length=60, null=True, default=None)
    lesson_id = Varchar(length=80)
    received_at = Timestamptz()

    one_per_complaint = Unique([source_ref, employee])


class TeamMastery(Table, schema=SCHEMA):
    """Per manager and topic, the members' mastery (mastery.py) as of `computed_at`: retrievability falls with
    time alone, so the worker recomputes it on a schedule instead of keeping it from events."""

    manager = UUID()
    topic = Varchar(length=80)
    learners = Integer()  # members with cards in the topic
    mastery_sum = Float()  # the sum of their own means: mean = mastery_sum / learners
    cards = Integer()
    computed_at = Timestamptz()

    one_per_topic = Unique([manager, topic])
