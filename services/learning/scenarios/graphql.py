"""GraphQL for authored scenarios: drafting (from an anonymised complaint), approval, withdrawal, reading."""

from __future__ import annotations

import datetime as dt
import enum
import json
import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from services.platform.auth.guards import has_role, hr_or_admin, signed_in
from services.platform.auth.principal import Role
from services.platform.errors import NotFound
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id

from ..directory.graphql import current_employee
from . import service

if TYPE_CHECKING:
    from ..directory.graphql import EmployeeType

EmployeeRef = Annotated["EmployeeType", strawberry.lazy("services.learning.directory.graphql")]


@strawberry.enum
class ScenarioStatus(enum.Enum):
    DRAFT = "draft"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"


@strawberry.type(name="ScenarioText", description="One text in Estonian and English.")
class ScenarioTextType:
    et: str
    en: str


@strawberry.type(name="ScenarioAuditEntry", description="Who drafted, approved or withdrew it, when, and what it said.")
class ScenarioAuditType:
    action: str = strawberry.field(description="drafted | edited | approved | withdrawn")
    at: dt.datetime
    reason: str | None
    situation: ScenarioTextType
    row: strawberry.Private[dict]

    @strawberry.field
    async def actor(self, info: Info) -> EmployeeRef | None:
        from ..directory.graphql import EmployeeType

        row = await context(info).loaders.employee.load(self.row["actor"])
        return EmployeeType.from_row(row) if row else None


def _text(value) -> ScenarioTextType:
    value = json.loads(value) if isinstance(value, str) else value
    return ScenarioTextType(et=value["et"], en=value["en"])


@strawberry.type(
    name="AuthoredScenario",
    description=(
        "A practice scenario a manager wrote from a real complaint. A draft from draftScenarioFromComplaint has "
        "empty worse, better and why (\"\" in both languages) and its situation in the complaint's language only, "
        "until its author writes them with editScenario."
    ),
)
class ScenarioType:
    id: strawberry.ID
    status: ScenarioStatus
    situation: ScenarioTextType
    worse: ScenarioTextType
    better: ScenarioTextType
    why: ScenarioTextType
    source_feedback_id: strawberry.ID | None = strawberry.field(description="The complaint it was drafted from.")
    review_item_id: strawberry.ID = strawberry.field(description="Its review item's id (once approved).")
    created_at: dt.datetime
    approved_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    row: strawberry.Private[dict]

    @classmethod
    def from_row(cls, row: dict) -> "ScenarioType":
        return cls(
            id=strawberry.ID(str(row["id"])),
            status=ScenarioStatus(row["status"]),
            situation=_text(row["situation"]),
            worse=_text(row["worse"]),
            better=_text(row["better"]),
            why=_text(row["why"]),
            source_feedback_id=strawberry.ID(str(row["source_feedback_id"])) if row["source_feedback_id"] else None,
            review_item_id=strawberry.ID(service.item_id(row["id"])),
            created_at=row["created_at"],
            approved_at=row["approved_at"],
            withdrawn_at=row["withdrawn_at"],
            row=row,
        )

    @strawberry.field
    async def author(self, info: Info) -> EmployeeRef | None:
        from ..directory.graphql import EmployeeType

        row = await context(info).loaders.employee.load(self.row["author"])
        return EmployeeType.from_row(row) if row else None

    @strawberry.field(description="Drafted, approved, withdrawn: oldest first.")
    async def history(self, info: Info) -> list[ScenarioAuditType]:
        rows = await context(info).loaders.scenario_audit.load(self.row["id"])
        return [
            ScenarioAuditType(
                action=r["action"], at=r["at"], reason=r["reason"],
                situation=_text((json.loads(r["content"]) if isinstance(r["content"], str) else r["content"])["situation"]),
                row=r,
            )
            for r in rows
        ]


@strawberry.input
class ScenarioTextInput:
    et: str | None = None
    en: str | None = None


@strawberry.input
class DraftScenarioInput:
    situation: ScenarioTextInput = strawberry.field(
        description="Up to 2,000 characters; e.g. anonymisedComplaint.situation from the feedback service, edited."
    )
    worse: ScenarioTextInput = strawberry.field(description="The reply not to give (up to 1,000).")
    better: ScenarioTextInput = strawberry.field(description="The reply to give (up to 1,000).")
    why: ScenarioTextInput = strawberry.field(description="Why the better reply is better (up to 1,000).")
    source_feedback_id: strawberry.ID | None = strawberry.field(default=None, description="The complaint it is from.")
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.input
class DraftScenarioFromComplaintInput:
    feedback_id: strawberry.ID = strawberry.field(description="A resolved complaint about someone in your team.")
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.input
class EditScenarioInput:
    scenario_id: strawberry.ID
    situation: ScenarioTextInput = strawberry.field(description="Up to 2,000 characters.")
    worse: ScenarioTextInput = strawberry.field(description="The reply not to give (up to 1,000).")
    better: ScenarioTextInput = strawberry.field(description="The reply to give (up to 1,000).")
    why: ScenarioTextInput = strawberry.field(description="Why the better reply is better (up to 1,000).")
    client_mutation_id: str


@strawberry.input
class ApproveScenarioInput:
    scenario_id: strawberry.ID
    client_mutation_id: str


@strawberry.input
class WithdrawScenarioInput:
    scenario_id: strawberry.ID
    reason: str | None = None
    client_mutation_id: str


def _given(value: ScenarioTextInput) -> dict:
    return {"et": value.et, "en": value.en}


async def _visible(info: Info, scenario_id: uuid.UUID) -> dict:
    row = await context(info).loaders.scenario.load(scenario_id)
    if row is None or not service.may_see(signed_in(context(info).principal), row):
        raise NotFound("No such scenario.", code="SCENARIO_NOT_FOUND")
    return row


async def _reloaded(scenario_id: uuid.UUID) -> ScenarioType:
    """The scenario as the step just left it (not the request's cached row)."""
    return ScenarioType.from_row((await service.get_many(ids=[scenario_id]))[0])


@strawberry.type
class ScenarioQuery:
    @strawberry.field(description="Authored scenarios, newest first: HR and admin all, anyone else those they wrote.")
    async def authored_scenarios(self, info: Info, status: ScenarioStatus | None = None) -> list[ScenarioType]:
        await current_employee(info)
        rows = await service.list_for(viewer=context(info).principal, status=status.value if status else None)
        return [ScenarioType.from_row(r) for r in rows]

    @strawberry.field(description="One authored scenario: its author, HR and admin (SCENARIO_NOT_FOUND otherwise).")
    async def authored_scenario(self, info: Info, id: strawberry.ID) -> ScenarioType:
        await current_employee(info)
        return ScenarioType.from_row(await _visible(info, parse_id(id)))


@strawberry.type
class ScenarioMutation:
    @strawberry.mutation(
        description=(
            "Managers, HR and admin: draft a practice scenario (situation, worse and better reply, why; et and/or en). "
            "HR approves it into the author's team's review items."
        )
    )
    async def draft_scenario(self, info: Info, input: DraftScenarioInput) -> ScenarioType:
        has_role(context(info).principal, Role.MANAGER, Role.HR, Role.ADMIN)
        author = await current_employee(info)
        scenario_id = await service.draft(
            author=author,
            texts={"situation": _given(input.situation), "worse": _given(input.worse),
                   "better": _given(input.better), "why": _given(input.why)},
            source_feedback_id=parse_id(input.source_feedback_id) if input.source_feedback_id else None,
            client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
        )
        return await _reloaded(scenario_id)

    @strawberry.mutation(
        description=(
            "Managers (for a complaint about someone in their subtree), HR and admin: a draft from a resolved "
            "complaint, its situation the complaint's text with the customer, names, e-mails, phones and numbers "
            "taken out; write the replies and why with editScenario. COMPLAINT_NOT_FOUND for an unknown or "
            "unresolved complaint or one outside your team (the same answer); COMPLAINT_NOT_RESOLVED once reopened; "
            "COMPLAINT_ALREADY_DRAFTED (extensions.scenarioId) while a draft or approved scenario from it exists."
        )
    )
    async def draft_scenario_from_complaint(self, info: Info, input: DraftScenarioFromComplaintInput) -> ScenarioType:
        has_role(context(info).principal, Role.MANAGER, Role.HR, Role.ADMIN)
        author = await current_employee(info)
        scenario_id = await service.draft_from_complaint(
            author=author, feedback_id=parse_id(input.feedback_id), client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
        )
        return await _reloaded(scenario_id)

    @strawberry.mutation(description="Its author: rewrite a draft's four texts (et and/or en, the same for all four).")
    async def edit_scenario(self, info: Info, input: EditScenarioInput) -> ScenarioType:
        editor = await current_employee(info)
        scenario_id = parse_id(input.scenario_id)
        await service.edit(
            scenario_id=scenario_id, editor=editor,
            texts={"situation": _given(input.situation), "worse": _given(input.worse),
                   "better": _given(input.better), "why": _given(input.why)},
            client_id=input.client_mutation_id, now=context(info).runtime.clock.now(),
        )
        return await _reloaded(scenario_id)

    @strawberry.mutation(
        description=(
            "HR and admin: approve someone else's complete draft (SCENARIO_INCOMPLETE before its replies and why "
            "are written); its team (the author's subtree, including whoever joins it later) reviews it from now."
        )
    )
    async def approve_scenario(self, info: Info, input: ApproveScenarioInput) -> ScenarioType:
        principal = hr_or_admin(context(info).principal)
        await current_employee(info)
        scenario_id = parse_id(input.scenario_id)
        await service.approve(
            scenario_id=scenario_id, approver=principal, client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
        )
        return await _reloaded(scenario_id)

    @strawberry.mutation(description="Its author, HR and admin: withdraw a scenario; its review items stop.")
    async def withdraw_scenario(self, info: Info, input: WithdrawScenarioInput) -> ScenarioType:
        await current_employee(info)
        principal = signed_in(context(info).principal)
        scenario_id = parse_id(input.scenario_id)
        await _visible(info, scenario_id)
        await service.withdraw(
            scenario_id=scenario_id, actor=principal, reason=input.reason, client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
        )
        return await _reloaded(scenario_id)

