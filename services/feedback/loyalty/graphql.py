"""GraphQL for loyalty: the survey link for staff, the public survey, recorded outcomes, NPS."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections import defaultdict
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from services.platform.errors import NotFound, ValidationFailed
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id

from ..complaints import service as complaints
from ..directory.graphql import current_staff
from ..intake import qr
from . import policies, service

if TYPE_CHECKING:
    from ..intake.graphql import OrganisationBrand

# The customer pages' brand is intake's type, which builds on the Employee entity (and so on this module).
OrganisationBrandRef = Annotated["OrganisationBrand", strawberry.lazy("services.feedback.intake.graphql")]


@strawberry.enum(description="open: can be answered; withdrawn: the complaint was reopened.")
class SurveyState(enum.Enum):
    OPEN = "open"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


@strawberry.enum
class LoyaltyOutcomeKind(enum.Enum):
    RETURNED = "returned"
    BOUGHT_AGAIN = "bought_again"
    PROMOTER = "promoter"
    PASSIVE = "passive"
    DETRACTOR = "detractor"
    CHURNED = "churned"


@strawberry.enum(description="What staff or an integration saw the customer do after the resolution.")
class RecordedOutcomeKind(enum.Enum):
    RETURNED = "returned"
    BOUGHT_AGAIN = "bought_again"
    PROMOTER = "promoter"
    CHURNED = "churned"


@strawberry.enum
class LoyaltyOutcomeSource(enum.Enum):
    STAFF = "staff"
    INTEGRATION = "integration"
    SURVEY = "survey"
    IN_PERSON_SURVEY = "in_person"


@strawberry.enum(description="How the survey reached the customer: never through staff.")
class SurveyDelivery(enum.Enum):
    EMAILED = "emailed"
    IN_PERSON = "in_person"
    NOT_SENT = "not_sent"


@strawberry.type(
    description=(
        "The follow-up survey of a complaint's latest resolution, as staff see it: whether it reached the "
        "customer and whether they answered. The link itself goes only to the customer."
    )
)
class SurveyStatus:
    feedback_id: strawberry.ID
    resolution: int = strawberry.field(description="0 for the first resolution, 1 after one reopening...")
    state: SurveyState
    delivery: SurveyDelivery
    emailed_at: dt.datetime | None
    presented_at: dt.datetime | None
    answered_at: dt.datetime | None
    expires_at: dt.datetime

    @classmethod
    def from_row(cls, survey: dict, *, now: dt.datetime) -> "SurveyStatus":
        delivery = (
            SurveyDelivery.EMAILED if survey["emailed_at"]
            else SurveyDelivery.IN_PERSON if survey["presented_at"] else SurveyDelivery.NOT_SENT
        )
        return cls(
            feedback_id=strawberry.ID(str(survey["feedback"])),
            resolution=survey["resolution"],
            state=SurveyState(service.survey_state(survey, now=now)),
            delivery=delivery,
            emailed_at=survey["emailed_at"],
            presented_at=survey["presented_at"],
            answered_at=survey["answered_at"],
            expires_at=survey["expires_at"],
        )


@strawberry.type(
    description=(
        "The survey to show on a customer-facing screen, for a customer who has no e-mail: its answer counts in "
        "NPS but confirms no points."
    )
)
class InPersonSurvey:
    url: str
    qr_svg: str = strawberry.field(description="The survey's address as an SVG QR code.")
    expires_at: dt.datetime


@strawberry.type(description="What the public survey page may know: no names, no complaint text.")
class PublicSurvey:
    expires_at: dt.datetime
    state: SurveyState

    @strawberry.field(description="Whose survey it is: name, logo and colour.")
    def organisation(self, info: Info) -> OrganisationBrandRef:
        from ..intake.graphql import OrganisationBrand

        return OrganisationBrand.from_settings(info)


@strawberry.type(name="LoyaltyOutcome")
class LoyaltyOutcomeType:
    id: strawberry.ID
    feedback_id: strawberry.ID
    kind: LoyaltyOutcomeKind
    nps: int | None
    source: LoyaltyOutcomeSource
    occurred_at: dt.datetime

    @classmethod
    def from_row(cls, row: dict) -> "LoyaltyOutcomeType":
        return cls(
            id=strawberry.ID(str(row["id"])),
            feedback_id=strawberry.ID(str(row["feedback"])),
            kind=LoyaltyOutcomeKind(row["kind"]),
            nps=row["nps"],
            source=LoyaltyOutcomeSource(row["source"]),
            occurred_at=row["occurred_at"],
        )


@strawberry.type(description="Net Promoter Score: % promoters (9-10) minus % detractors (0-6), null with no answers.")
class Nps:
    promoters: int
    passives: int
    detractors: int
    responses: int
    in_person: int = strawberry.field(description="Of the responses, those given on a screen shown in person.")
    score: int | None

    @classmethod
    def of(cls, counts: dict) -> "Nps":
        return cls(**counts)


@strawberry.type(description="Customer satisfaction with resolutions: the mean of 1-5 answers, null with none.")
class Csat:
    mean: float | None
    answers: int

    @classmethod
    def of(cls, counts: dict) -> "Csat":
        return cls(mean=counts["mean"], answers=counts["answers"])


@strawberry.input
class AnswerSurveyInput:
    token: str
    csat: int = strawberry.field(description="Satisfaction with the resolution, 1-5.")
    nps: int = strawberry.field(description="How likely to recommend us, 0-10.")
    comment: str | None = None


@strawberry.input
class PresentSurveyInPersonInput:
    feedback_id: strawberry.ID
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.input
class RecordLoyaltyOutcomeInput:
    feedback_id: strawberry.ID
    kind: RecordedOutcomeKind
    occurred_at: dt.datetime | None = strawberry.field(default=None, description="When it happened; now if left out.")
    source: LoyaltyOutcomeSource = strawberry.field(
        default=LoyaltyOutcomeSource.STAFF, description="INTEGRATION for systems signing in as HR or admin."
    )
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


def dataloaders() -> dict:
    """Makers of the DataLoaders this domain adds to each request (each made on first use)."""
    return {
        "employee_nps": lambda: DataLoader(_load_nps, cache_key_fn=lambda key: key),
        "loyalty_outcome": lambda: DataLoader(lambda ids: service.outcomes_many(outcome_ids=ids)),
        "latest_survey": lambda: DataLoader(lambda ids: service.latest_surveys_many(feedback_ids=ids)),
    }


async def _load_nps(keys: list[tuple[uuid.UUID, dt.datetime | None, dt.datetime | None]]) -> list[dict]:
    """(employee, from, to) keys: one statement per distinct period asked (a list asks one)."""
    by_period: dict[tuple, list[uuid.UUID]] = defaultdict(list)
    for employee_id, start, end in keys:
        by_period[(start, end)].append(employee_id)
    found = {}
    for (start, end), ids in by_period.items():
        for employee_id, counts in zip(ids, await service.nps_many(employee_ids=ids, start=start, end=end)):
            found[(employee_id, start, end)] = counts
    return [found[key] for key in keys]


def check_period(start: dt.datetime | None, end: dt.datetime | None) -> None:
    if start is not None and end is not None and end <= start:
        raise ValidationFailed("'to' must be after 'from'.", code="INVALID_PERIOD")


async def _staff(info: Info, employee_id: uuid.UUID) -> dict:
    row = await context(info).loaders.staff.load(employee_id)
    if row is None:
        raise NotFound("No such employee.", code="EMPLOYEE_NOT_FOUND")
    return row


@strawberry.type
class LoyaltyQuery:
    @strawberry.field(
        description="The follow-up survey of a complaint's latest resolution: anyone who may see the complaint."
    )
    async def survey_status(self, info: Info, feedback_id: strawberry.ID) -> SurveyStatus:
        await current_staff(info)
        await complaints.visible(feedback_id=parse_id(feedback_id), viewer=context(info).principal)
        survey = await service.latest_survey(feedback_id=parse_id(feedback_id))
        if survey is None:
            raise NotFound("This complaint has no survey: it was never resolved.", code="SURVEY_NOT_FOUND")
        return SurveyStatus.from_row(survey, now=context(info).runtime.clock.now())

    @strawberry.field(description="Public, no sign-in: whether the survey behind a token can still be answered.")
    async def public_survey(self, info: Info, token: str) -> PublicSurvey:
        survey = await service.survey_by_token(token=token)
        now = context(info).runtime.clock.now()
        return PublicSurvey(expires_at=survey["expires_at"], state=SurveyState(service.survey_state(survey, now=now)))

    @strawberry.field(
        description=(
            "NPS of survey answers in [from, to): give exactly one of employeeId (themselves, their managers, "
            "HR, admin), teamOf (a manager's subtree, the manager included) or organisation (HR, admin)."
        )
    )
    async def nps(
        self,
        info: Info,
        employee_id: strawberry.ID | None = None,
        team_of: strawberry.ID | None = None,
        organisation: bool = False,
        from_: Annotated[dt.datetime | None, strawberry.argument(name="from")] = None,
        to: dt.datetime | None = None,
    ) -> Nps:
        scope = await _answers_scope(info, employee_id, team_of, organisation, from_, to, code="NPS_SCOPE")
        if "employee_id" in scope:
            return Nps.of(await context(info).loaders.employee_nps.load((scope["employee_id"], from_, to)))
        return Nps.of(await service.nps(**scope, start=from_, end=to))

    @strawberry.field(
        description=(
            "CSAT of survey answers in [from, to), the same answers NPS counts: give exactly one of employeeId "
            "(themselves, their managers, HR, admin), teamOf (a manager's subtree, the manager included) or "
            "organisation (HR, admin)."
        )
    )
    async def csat(
        self,
        info: Info,
        employee_id: strawberry.ID | None = None,
        team_of: strawberry.ID | None = None,
        organisation: bool = False,
        from_: Annotated[dt.datetime | None, strawberry.argument(name="from")] = None,
        to: dt.datetime | None = None,
    ) -> Csat:
        scope = await _answers_scope(info, employee_id, team_of, organisation, from_, to, code="CSAT_SCOPE")
        return Csat.of(await service.csat(**scope, start=from_, end=to))


async def _answers_scope(
    info: Info,
    employee_id: strawberry.ID | None,
    team_of: strawberry.ID | None,
    organisation: bool,
    start: dt.datetime | None,
    end: dt.datetime | None,
    *,
    code: str,
) -> dict:
    """Whose survey answers an NPS or CSAT question asks for, checked against the caller: `employee_id` or
    `team_path` for service.nps / service.csat (nothing: the organisation's)."""
    await current_staff(info)
    principal = context(info).principal
    if sum([employee_id is not None, team_of is not None, organisation]) != 1:
        raise ValidationFailed("Give exactly one of employeeId, teamOf or organisation.", code=code)
    check_period(start, end)
    if employee_id is not None:
        employee = await _staff(info, parse_id(employee_id))
        policies.see_nps_of(principal, employee)
        return {"employee_id": employee["id"]}
    if team_of is not None:
        root = await _staff(info, parse_id(team_of))
        policies.see_team_nps(principal, root)
        return {"team_path": root["org_path"]}
    policies.see_organisation_nps(principal)
    return {}


@strawberry.type
class LoyaltyMutation:
    @strawberry.mutation(
        description=(
            "Public, no sign-in: the customer answers the follow-up survey, once, within 28 days "
            "(SURVEY_EXPIRED, SURVEY_ALREADY_ANSWERED, SURVEY_WITHDRAWN)."
        )
    )
    async def answer_survey(self, info: Info, input: AnswerSurveyInput) -> PublicSurvey:
        result = await service.answer_survey(
            token=input.token,
            csat=input.csat,
            nps=input.nps,
            comment=input.comment,
            now=context(info).runtime.clock.now(),
        )
        await context(info).runtime.enqueue_soon("relay_outbox")
        return PublicSurvey(expires_at=result["survey"]["expires_at"], state=SurveyState.ANSWERED)

    @strawberry.mutation(
        description=(
            "Show the open survey on a customer-facing screen (complaints received in person, not e-mailed): its "
            "owner, their managers, HR, admin. The answer counts in NPS, marked as in person, and confirms no points."
        )
    )
    async def present_survey_in_person(self, info: Info, input: PresentSurveyInPersonInput) -> InPersonSurvey:
        caller = await current_staff(info)
        feedback_id = parse_id(input.feedback_id)
        complaint, parties = await complaints.visible(feedback_id=feedback_id, viewer=context(info).principal)
        policies.present_in_person(context(info).principal, owner=parties.owner, subjects=parties.subjects)
        survey = await service.latest_survey(feedback_id=feedback_id)
        if survey is None:
            raise NotFound("This complaint has no survey: it was never resolved.", code="SURVEY_NOT_FOUND")
        token = await service.present_in_person_once(
            survey=survey,
            channel=complaint["channel"],
            presenter=caller["id"],
            client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
        )
        url = service.survey_url(token, settings=context(info).runtime.settings)
        return InPersonSurvey(url=url, qr_svg=qr.svg(url), expires_at=survey["expires_at"])

    @strawberry.mutation(
        description="What the customer did after the resolution: its owner, their managers, HR, admin (retry-safe)."
    )
    async def record_loyalty_outcome(self, info: Info, input: RecordLoyaltyOutcomeInput) -> LoyaltyOutcomeType:
        caller = await current_staff(info)
        principal = context(info).principal
        current_owner = await service.complaint_owner(feedback_id=parse_id(input.feedback_id))
        owner = await context(info).loaders.staff.load(current_owner) if current_owner else None
        policies.record_outcome(principal, owner_id=current_owner, owner=owner)
        complaint = await service.resolved_complaint(feedback_id=parse_id(input.feedback_id))
        if input.source in (LoyaltyOutcomeSource.SURVEY, LoyaltyOutcomeSource.IN_PERSON_SURVEY):
            raise ValidationFailed("Survey outcomes come from the customer's answer.", code="INVALID_OUTCOME_SOURCE")
        if input.source == LoyaltyOutcomeSource.INTEGRATION:
            policies.record_as_integration(principal)
        result = await service.record_outcome(
            complaint=complaint,
            kind=input.kind.value,
            source=input.source.value,
            occurred_at=input.occurred_at,
            recorded_by=caller["id"],
            client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
        )
        await context(info).runtime.enqueue_soon("relay_outbox")
        row = await context(info).loaders.loyalty_outcome.load(uuid.UUID(result["outcome_id"]))
        return LoyaltyOutcomeType.from_row(row)


Query = LoyaltyQuery
Mutation = LoyaltyMutation
