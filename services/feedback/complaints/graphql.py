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
from ..intake.graphql import Channel
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
    at: dt.datetime
    row: strawberry.Private[dict]

    @classmethod
    def from_row(cls, row: dict) -> "ComplaintTransitionType":
        return cls(
            action=ComplaintAction(row["action"]),
            from_status=ComplaintStatus(row["from_status"]),
            to_status=ComplaintStatus(row["to_status"]),
            reason=row["reason"],
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
    """The DataLoaders this domain adds to each request (people come from the directory's "staff" loader)."""
    return {}
