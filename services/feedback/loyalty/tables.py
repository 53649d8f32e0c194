"""Follow-up surveys and loyalty outcomes."""

from piccolo.columns import UUID, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from .. import SCHEMA
from ..intake.tables import Feedback


class Survey(Table, schema=SCHEMA):
    """A tokenised follow-up sent when a complaint is resolved; answerable for 28 days."""

    id = UUID(primary_key=True)
    token_hash = Varchar(length=64, unique=True)
    feedback = ForeignKey(references=Feedback, unique=True)
    employee = UUID()
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    csat = Integer(null=True, default=None)
    nps = Integer(null=True, default=None)
    answered_at = Timestamptz(null=True, default=None)


class LoyaltyOutcome(Table, schema=SCHEMA):
    """What the customer did after a resolution: came back, bought again, promoted, or churned."""

    id = UUID(primary_key=True)
    feedback = ForeignKey(references=Feedback, index=True)
    employee = UUID(index=True)
    kind = Varchar(length=14)  # returned | bought_again | promoter | passive | detractor | churned
    nps = Integer(null=True, default=None)
    source = Varchar(length=12)  # staff | survey | integration
    recorded_by = UUID(null=True, default=None)
    occurred_at = Timestamptz(default=TimestamptzNow())
