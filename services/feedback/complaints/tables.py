"""The complaint lifecycle's history, response-time targets and recorded breaches."""

from piccolo.columns import UUID, Array, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA
from ..intake.tables import Feedback


class ComplaintTransition(Table, schema=SCHEMA):
    """Every step of a complaint, who took it, and why (transfers and reopenings carry a reason)."""

    id = UUID(primary_key=True)
    feedback = ForeignKey(references=Feedback, index=True)
    # 1, 2, 3... within the complaint: the history's order even when two steps share an instant.
    seq = Integer()
    action = Varchar(length=14)  # acknowledge | transfer | resolve | close | reopen | categorise
    from_status = Varchar(length=14)
    to_status = Varchar(length=14)
    actor = UUID(null=True, default=None)
    from_owner = UUID(null=True, default=None)
    to_owner = UUID(null=True, default=None)
    reason = Text(null=True, default=None)
    # categorise: the category before (None: it had none) and after.
    from_category = Varchar(length=40, null=True, default=None)
    to_category = Varchar(length=40, null=True, default=None)
    at = Timestamptz(default=TimestamptzNow())

    one_transition_per_seq = Unique([feedback, seq])


class ResponseTarget(Table, schema=SCHEMA):
    """How fast complaints on a channel must be acknowledged and resolved (configurable)."""

    channel = Varchar(length=20, primary_key=True)
    acknowledge_seconds = Integer()
    resolve_seconds = Integer()


class TargetBreach(Table, schema=SCHEMA):
    """A complaint that missed a target; recorded once per complaint and target."""

    id = UUID(primary_key=True)
    feedback = ForeignKey(references=Feedback, index=True)
    target = Varchar(length=12)  # acknowledge | resolve
    detected_at = Timestamptz(default=TimestamptzNow())
    notified = UUID(null=True, default=None)  # the owner's manager who was told
    # Who answered for the complaint when the breach was detected (escalation.answerable): their team figures count it.
    answerable = Array(base_column=UUID(), null=True, default=None)

    one_per_target = Unique([feedback, target])
