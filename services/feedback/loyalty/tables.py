"""Follow-up surveys and loyalty outcomes."""

from piccolo.columns import UUID, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA
from ..intake.tables import Feedback


class Survey(Table, schema=SCHEMA):
    """A tokenised follow-up sent when a complaint is resolved; answerable for 28 days.

    One per resolution: a complaint reopened and resolved again gets a new survey, and the open one of the
    earlier resolution is withdrawn (`voided_at`) when it is reopened.
    """

    id = UUID(primary_key=True)
    # sha256 of the token: the token itself is never stored (see loyalty/service.py survey_token).
    token_hash = Varchar(length=64, unique=True)
    feedback = ForeignKey(references=Feedback, index=True)
    # The complaint's reopen count when it was resolved: 0 for the first resolution.
    resolution = Integer(default=0)
    employee = UUID()
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    voided_at = Timestamptz(null=True, default=None)
    csat = Integer(null=True, default=None)
    nps = Integer(null=True, default=None)
    comment = Text(null=True, default=None)
    answered_at = Timestamptz(null=True, default=None)

    one_survey_per_resolution = Unique([feedback, resolution])


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
