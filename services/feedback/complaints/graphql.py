"""GraphQL for the complaint lifecycle: the steps, a complaint's history, and the response-time targets."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry
from strawberry.types import Info

from services.platform.auth.guards import admin
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id

from ..directory.graphql import current_staff
from ..employee import EmployeeEntity, reference
from ..intake.graphql import Channel, ComplaintCategory
from . import lifecycle, service, targets


@strawberry.enum(description="Where a complaint stands: RECEIVED -> ACKNOWLEDGED -> RESOLVED -> CLOSED.")
class ComplaintStatus(enum.Enum):
    RECEIVED = lifecycle.RECEIVED
    ACKNOWLEDGED = lifecycle.ACKNOWLEDGED
    RESOLVED = lifecycle.RESOLVED
    CLOSED = lifecycle.CLOSED


@strawberry.enum(description="A step in a complaint's lifecycle.")
class ComplaintAction(enum.Enum):
    ACKNOWLEDGE = lifecycle.ACKNOWLEDGE
    TRANSFER = lifecycle.TRANSFER
    RESOLVE = lifecycle.RESOLVE
    CLOSE = lifecycle.CLOSE
    REOPEN = lifecycle.REOPEN
    CATEGORISE = lifecycle.CATEGORISE


@strawberry.type(name="ComplaintStep", description="Where a complaint stands after a lifecycle step.")
class ComplaintStepType:
    feedback_id: strawberry.ID
    status: ComplaintStatus
    owner_id: strawberry.ID | None = strawberry.field(description="The staff member responsible for it.")
    at: dt.datetime

    @classmethod
    def from_result(cls, result: dict) -> "ComplaintStepType":
        return cls(
            feedback_id=strawberry.ID(result["feedback_id"]),
            status=ComplaintStatus(result["status"]),
            owner_id=strawberry.ID(result["owner"]) if result["owner"] else None,
            at=dt.datetime.fromisoformat(result["at"]),
        )

    @strawberry.field(description="The staff member responsible for it.")
    async def owner(self, info: Info) -> EmployeeEntity | None:
        return await reference(info, parse_id(self.owner_id)) if self.owner_id else None


@strawberry.type(name="ComplaintTransition", description="One step in a complaint's history.")
class ComplaintTransitionType:
    action: ComplaintAction
    from_status: ComplaintStatus
    to_status: ComplaintStatus
    reason: str | None = strawberry.field(description="Why it was transferred or reopened.")
    from_category: ComplaintCategory | None = strawberry.field(description="categorise: the category before, if any.")
    to_category: ComplaintCategory | None = strawberry.field(description="categorise: the category set.")
    at: dt.datetime
    row: strawberry.Private[dict]

    @classmethod
    def from_row(cls, row: dict) -> "ComplaintTransitionType":
        return cls(
            action=ComplaintAction(row["action"]),
            from_status=ComplaintStatus(row["from_status"]),
            to_status=ComplaintStatus(row["to_status"]),
            reason=row["reason"],
            from_category=ComplaintCategory(row["from_category"]) if row.get("from_category") else None,
            to_category=ComplaintCategory(row["to_category"]) if row.get("to_category") else None,
            at=row["at"],
            row=row,
        )

    @strawberry.field(description="Who took the step.")
    async def actor(self, info: Info) -> EmployeeEntity | None:
        return await reference(info, self.row["actor"])

    @strawberry.field(description="The owner before the step.")
    async def from_owner(self, info: Info) -> EmployeeEntity | None:
        return await reference(info, self.row["from_owner"])

    @strawberry.field(description="The owner after the step.")
    async def to_owner(self, info: Info) -> EmployeeEntity | None:
        return await reference(info, self.row["to_owner"])


@strawberry.type(name="ResponseTarget", description="How fast complaints received on a channel must be handled.")
class ResponseTargetType:
    channel: Channel
    acknowledge_seconds: int
    resolve_seconds: int
    configured: bool = strawberry.field(description="False while the built-in default applies.")

    @classmethod
    def from_row(cls, row: dict) -> "ResponseTargetType":
        return cls(
            channel=Channel(row["channel"]),
            acknowledge_seconds=row["target"].acknowledge_seconds,
            resolve_seconds=row["target"].resolve_seconds,
            configured=row["configured"],
        )


@strawberry.type(
    name="AnonymisedComplaint",
    description="A resolved complaint's text without the customer, staff names, e-mail addresses, phones or numbers.",
)
class AnonymisedComplaintType:
    feedback_id: strawberry.ID
    category: ComplaintCategory | None
    situation: str = strawberry.field(
        description="The text with placeholders: [customer], [employee], [e-mail], [phone], [number]."
    )


@strawberry.input
class AcknowledgeComplaintInput:
    feedback_id: strawberry.ID
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.input
class TransferComplaintInput:
    feedback_id: strawberry.ID
    to_staff_id: strawberry.ID = strawberry.field(description="The active staff member who takes it over.")
    reason: str
    client_mutation_id: str


@strawberry.input
class ResolveComplaintInput:
    feedback_id: strawberry.ID
    client_mutation_id: str


@strawberry.input
class CloseComplaintInput:
    feedback_id: strawberry.ID
    client_mutation_id: str


@strawberry.type(name="ComplaintCategorisation", description="A complaint's category after categoriseComplaint.")
class ComplaintCategorisationType:
    feedback_id: strawberry.ID
    category: ComplaintCategory
    status: ComplaintStatus
    lesson_id: str = strawberry.field(description="The lesson the category asks the complaint's subjects to take.")
    lesson_requested: bool = strawberry.field(
        description="True when this call asked for the lesson; false when the complaint had asked for it before."
    )
    at: dt.datetime


@strawberry.input
class CategoriseComplaintInput:
    feedback_id: strawberry.ID
    category: ComplaintCategory
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.input
class ReopenComplaintInput:
    feedback_id: strawberry.ID
    reason: str
    client_mutation_id: str


@strawberry.input
class SetResponseTargetInput:
    channel: Channel
    acknowledge_seconds: int = strawberry.field(description="Seconds from receipt to the acknowledgement.")
    resolve_seconds: int = strawberry.field(description="Seconds from receipt to the resolution.")


async def _step(info: Info, step, input, *, to_staff: strawberry.ID | None = None, **extra) -> ComplaintStepType:
    """Run one lifecycle step for the signed-in caller, then wake the relay for the event it committed."""
    await current_staff(info)
    if to_staff is not None:
        extra["to_staff_id"] = parse_id(to_staff)
    result = await step(
        feedback_id=parse_id(input.feedback_id),
        actor=context(info).principal,
        client_id=input.client_mutation_id,
        now=context(info).runtime.clock.now(),
        **extra,
    )
    # The step's event is committed: wake the relay rather than wait for its next round.
    await context(info).runtime.enqueue_soon("relay_outbox")
    return ComplaintStepType.from_result(result)


@strawberry.type
class ComplaintQuery:
    @strawberry.field(description="A complaint's steps in order, for those who may see the complaint.")
    async def complaint_history(self, info: Info, feedback_id: strawberry.ID) -> list[ComplaintTransitionType]:
        await current_staff(info)
        rows = await service.history(feedback_id=parse_id(feedback_id), viewer=context(info).principal)
        return [ComplaintTransitionType.from_row(r) for r in rows]

    @strawberry.field(
        description=(
            "Managers of the people a resolved or closed complaint is about, HR and admin: its text anonymised, to "
            "draft a practice scenario from (draftScenario in the learning service). COMPLAINT_NOT_RESOLVED before."
        )
    )
    async def anonymised_complaint(self, info: Info, feedback_id: strawberry.ID) -> AnonymisedComplaintType:
        await current_staff(info)
        result = await service.anonymised(feedback_id=parse_id(feedback_id), viewer=context(info).principal)
        return AnonymisedComplaintType(
            feedback_id=strawberry.ID(str(result["feedback_id"])),
            category=ComplaintCategory(result["category"]) if result["category"] else None,
            situation=result["situation"],
        )

    @strawberry.field(description="Every channel's targets in force now: set by an admin, or the built-in default.")
    async def response_targets(self, info: Info) -> list[ResponseTargetType]:
        await current_staff(info)
        return [ResponseTargetType.from_row(r) for r in await targets.effective_targets()]


@strawberry.type
class ComplaintMutation:
    @strawberry.mutation(
        description="Acknowledge a received complaint and take ownership (a subject, their managers, HR, admin)."
    )
    async def acknowledge_complaint(self, info: Info, input: AcknowledgeComplaintInput) -> ComplaintStepType:
        return await _step(info, service.acknowledge, input)

    @strawberry.mutation(
        description="Hand a complaint to another active staff member with a reason (owner, their managers, HR, admin)."
    )
    async def transfer_complaint(self, info: Info, input: TransferComplaintInput) -> ComplaintStepType:
        return await _step(info, service.transfer, input, to_staff=input.to_staff_id, reason=input.reason)

    @strawberry.mutation(description="Mark a complaint resolved (owner, their managers, HR, admin).")
    async def resolve_complaint(self, info: Info, input: ResolveComplaintInput) -> ComplaintStepType:
        return await _step(info, service.resolve, input)

    @strawberry.mutation(
        description="Close a resolved complaint (owner, managers above the owner or a subject, HR, admin)."
    )
    async def close_complaint(self, info: Info, input: CloseComplaintInput) -> ComplaintStepType:
        return await _step(info, service.close, input)

    @strawberry.mutation(
        description="Reopen a resolved or closed complaint with a reason; it returns to its owner (as for closing)."
    )
    async def reopen_complaint(self, info: Info, input: ReopenComplaintInput) -> ComplaintStepType:
        return await _step(info, service.reopen, input, reason=input.reason)

    @strawberry.mutation(
        description=(
            "Set or correct a complaint's category in any status (its subjects, their managers, its owner, the "
            "owner's managers, HR, admin); recorded in its history. A category whose lesson the complaint has not "
            "asked for yet assigns it to the complaint's subjects."
        )
    )
    async def categorise_complaint(self, info: Info, input: CategoriseComplaintInput) -> ComplaintCategorisationType:
        await current_staff(info)
        result = await service.categorise(
            feedback_id=parse_id(input.feedback_id),
            actor=context(info).principal,
            category=input.category.value,
            client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
        )
        if result["lesson_requested"]:
            await context(info).runtime.enqueue_soon("relay_outbox")
        return ComplaintCategorisationType(
            feedback_id=strawberry.ID(result["feedback_id"]),
            category=ComplaintCategory(result["category"]),
            status=ComplaintStatus(result["status"]),
            lesson_id=result["lesson_id"],
            lesson_requested=result["lesson_requested"],
            at=dt.datetime.fromisoformat(result["at"]),
        )

    @strawberry.mutation(
        description="Admin: set a channel's targets in seconds; complaints received afterwards use them."
    )
    async def set_response_target(self, info: Info, input: SetResponseTargetInput) -> ResponseTargetType:
        admin(context(info).principal)
        await current_staff(info)
        target = await targets.set_target(
            channel=input.channel.value,
            acknowledge_seconds=input.acknowledge_seconds,
            resolve_seconds=input.resolve_seconds,
        )
        return ResponseTargetType.from_row({"channel": input.channel.value, "target": target, "configured": True})


Query = ComplaintQuery
Mutation = ComplaintMutation


def dataloaders() -> dict:
    """Makers of the DataLoaders this domain adds to each request (people come from the directory's "staff" loader)."""
    return {}
