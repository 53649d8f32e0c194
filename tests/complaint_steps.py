"""Given-helpers for complaint tests: the org in the replica, complaints received, steps taken through the service."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from services.feedback.complaints import service as complaints
from services.feedback.complaints.targets import target_for
from services.feedback.intake.references import new_reference
from services.feedback.intake.tables import Feedback, FeedbackSubject
from services.feedback.platform_tables import OutboxEvent
from services.platform.auth.principal import Principal, Role

from .support import given_org, given_replica, new_id

ACKNOWLEDGE = """mutation($id: ID!, $c: String!) {
  acknowledgeComplaint(input: {feedbackId: $id, clientMutationId: $c}) { feedbackId status ownerId at } }"""
TRANSFER = """mutation($id: ID!, $to: ID!, $reason: String!, $c: String!) {
  transferComplaint(input: {feedbackId: $id, toStaffId: $to, reason: $reason, clientMutationId: $c}) {
    feedbackId status ownerId at } }"""
RESOLVE = """mutation($id: ID!, $c: String!) {
  resolveComplaint(input: {feedbackId: $id, clientMutationId: $c}) { feedbackId status ownerId at } }"""
CLOSE = """mutation($id: ID!, $c: String!) {
  closeComplaint(input: {feedbackId: $id, clientMutationId: $c}) { feedbackId status ownerId at } }"""
REOPEN = """mutation($id: ID!, $reason: String!, $c: String!) {
  reopenComplaint(input: {feedbackId: $id, reason: $reason, clientMutationId: $c}) { feedbackId status ownerId at } }"""
HISTORY = """query($id: ID!) { complaintHistory(feedbackId: $id) {
  action fromStatus toStatus reason at actor { name } fromOwner { name } toOwner { name } } }"""

MUTATIONS = {"acknowledge": ACKNOWLEDGE, "transfer": TRANSFER, "resolve": RESOLVE, "close": CLOSE, "reopen": REOPEN}
FIELDS = {
    "acknowledge": "acknowledgeComplaint",
    "transfer": "transferComplaint",
    "resolve": "resolveComplaint",
    "close": "closeComplaint",
    "reopen": "reopenComplaint",
}


async def given_people() -> dict[str, dict]:
    """The standard org, imported in the learning service and present in the feedback replica."""
    people = await given_org()
    await given_replica(people)
    return people


def principal_of(person: dict) -> Principal:
    return Principal(employee_id=person["id"], role=Role(person["role"]))


async def given_complaint(
    about: list[dict], *, at: dt.datetime, channel: str = "phone", kind: str = "complaint"
) -> uuid.UUID:
    """A complaint received at `at` (status received, due times from the channel's targets), as intake records it."""
    acknowledge_seconds, resolve_seconds = await target_for(channel)
    feedback_id = uuid.uuid4()
    complaint = kind == "complaint"
    await Feedback.insert(
        Feedback(
            id=feedback_id,
            kind=kind,
            channel=channel,
            body="The customer waited a long time.",
            reference=new_reference(),  # every stored item has one, as intake gives it
            source="staff",
            received_at=at,
            status="received" if complaint else None,
            acknowledge_due_at=at + dt.timedelta(seconds=acknowledge_seconds) if complaint else None,
            resolve_due_at=at + dt.timedelta(seconds=resolve_seconds) if complaint else None,
        )
    )
    if about:
        await FeedbackSubject.insert(*[FeedbackSubject(feedback=feedback_id, employee=p["id"]) for p in about])
    return feedback_id


async def given_step(action: str, feedback_id: uuid.UUID, by: dict, *, at: dt.datetime, **extra) -> dict:
    """Take a lifecycle step through the service layer."""
    step = getattr(complaints, action)
    return await step(feedback_id=feedback_id, actor=principal_of(by), client_id=new_id(), now=at, **extra)


async def given_in_status(status: str, feedback_id: uuid.UUID, by: dict, *, at: dt.datetime) -> None:
    """Walk a received complaint forward to `status`, every step taken by `by`."""
    path = {"received": [], "acknowledged": ["acknowledge"], "resolved": ["acknowledge", "resolve"]}
    path["closed"] = [*path["resolved"], "close"]
    for action in path[status]:
        await given_step(action, feedback_id, by, at=at)


def variables_for(action: str, feedback_id, *, to: dict | None = None, reason: str = "Needs the shift lead.") -> dict:
    variables = {"id": str(feedback_id), "c": new_id()}
    if action == "transfer":
        variables |= {"to": str(to["id"]), "reason": reason}
    if action == "reopen":
        variables |= {"reason": reason}
    return variables


async def complaint_row(feedback_id: uuid.UUID) -> dict:
    return (await Feedback.select().where(Feedback.id == feedback_id))[0]


async def events(topic: str) -> list[dict]:
    rows = await OutboxEvent.raw(
        f"SELECT payload FROM {OutboxEvent._meta.get_formatted_tablename()} WHERE topic = {{}} ORDER BY created_at",
        topic,
    )
    return [json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"] for r in rows]
