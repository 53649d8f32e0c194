"""Follow-up surveys and loyalty outcomes."""

from piccolo.columns import UUID, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA
from ..intake.tables import Feedback


class Survey(Table, schema=SCHEMA):
    """A tokenised follow-up made when a complaint is resolved; answerable for 28 days.

    One per resolution: a complaint reopened and resolved again gets a new survey, and the open one of the
    earlier resolution is withdrawn (`voided_at`) when it is reopened. It reaches the customer by e-mail
    (`emailed_at`), or on a customer-facing screen in person (`presented_at`, its own token): never through staff.
    """

    id = UUID(primary_key=True)
    # sha256 of the e-mailed token: the token itself is never stored (see loyalty/service.py survey_token).
    token_hash = Varchar(length=64, unique=True)
    # sha256 of the in-person token, once the survey was shown on a customer-facing screen.
    in_person_token_hash = Varchar(length=64, unique=True, null=True, default=None)
    emailed_at = Timestamptz(null=True, default=None)
    presented_at = Timestamptz(null=True, default=None)
    answered_via = Varchar(length=10, null=True, default=None)  # email | in_person
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
    # Satisfaction with the resolution (1-5) when the outcome is a survey answer; counted like its NPS.
    csat = Integer(null=True, default=None)
    source = Varchar(length=12)  # staff | survey | in_person | integration
    recorded_by = UUID(null=True, default=None)
    # False when the scored employee produced the evidence (recognition/evidence.py): kept, never counted in NPS.
    counts_for_nps = Boolean(default=True)
    occurred_at = Timestamptz(default=TimestamptzNow())
