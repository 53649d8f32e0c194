"""Steps for feedback intake, public form and privacy tests: people in the replica, GraphQL operations,
feedback recorded through the service layer, the outbox's events, and delivery to the workers."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from services.feedback.intake import service as intake
from services.feedback.platform_tables import OUTBOX, OutboxEvent
from services.learning.platform_tables import OUTBOX as LEARNING_OUTBOX
from services.platform.outbox import service as outbox

from .support import given_org, given_replica, new_id, run_worker

FEEDBACK_FIELDS = """
  id kind channel rating category body source companyValue receivedAt firstReplyAt responseSeconds
  status acknowledgeDueAt resolveDueAt transferCount reopenCount
  subjects { id name jobTitle } owner { name } recordedBy { name }
  customer { id name email phone consent erasedAt }
  replies { id body sentAt author { name } }
"""
SUBMIT = f"mutation($i: SubmitFeedbackInput!) {{ submitFeedback(input: $i) {{ {FEEDBACK_FIELDS} }} }}"
ITEM = f"query($id: ID!) {{ feedbackItem(id: $id) {{ {FEEDBACK_FIELDS} }} }}"
LIST = f"""query($f: FeedbackFilter, $first: Int, $after: String) {{
  feedback(filter: $f, first: $first, after: $after) {{ items {{ {FEEDBACK_FIELDS} }} pageInfo {{ endCursor hasNextPage }} }} }}"""
LIST_IDS = """query($f: FeedbackFilter, $first: Int, $after: String) {
  feedback(filter: $f, first: $first, after: $after) { items { id body } pageInfo { endCursor hasNextPage } } }"""
REPLY = """mutation($id: ID!, $body: String!, $c: String!) {
  replyToFeedback(input: {feedbackId: $id, body: $body, clientMutationId: $c}) {
    id body sentAt author { name } feedback { id firstReplyAt responseSeconds } } }"""
CREATE_CODE = """mutation($e: ID, $l: String) { createPublicCode(input: {employeeId: $e, location: $l}) {
  code path location active employee { name } } }"""
CODE_WITH_QR = """mutation($e: ID, $base: String!) { createPublicCode(input: {employeeId: $e}) { code path qrSvg(baseUrl: $base) } }"""
PUBLIC_CODE = "query($code: String!) { publicCode(code: $code) { code firstName jobTitle location } }"
SUBMIT_PUBLIC = """mutation($i: SubmitPublicFeedbackInput!) { submitPublicFeedback(input: $i) { received message } }"""
ERASE = """mutation($id: ID, $email: String) { eraseCustomer(input: {customerId: $id, email: $email}) {
  customersErased feedbackScrubbed } }"""


async def given_people() -> dict[str, dict]:
    """The standard org, imported in the learning service and announced to the feedback replica."""
    people = await given_org()
    await given_replica(people)
    return people


def staff_input(kind: str, about: list[dict], **fields) -> dict:
    """A submitFeedback input: PHONE unless told, a fresh clientMutationId."""
    return {
        "kind": kind.upper(),
        "channel": "PHONE",
        "subjectIds": [str(p["id"]) for p in about],
        "clientMutationId": new_id(),
        **fields,
    }


async def given_feedback(
    by: dict, kind: str, about: list[dict], *, at: dt.datetime, contact: dict | None = None, **fields
) -> uuid.UUID:
    """Feedback recorded through the service layer, as submitFeedback records it."""
    return await intake.record_staff_feedback(
        recorder=by,
        kind=kind,
        channel=fields.pop("channel", "phone"),
        rating=fields.pop("rating", None),
        category=fields.pop("category", None),
        body=fields.pop("body", ""),
        subject_ids=[p["id"] for p in about],
        contact=contact,
        consent=fields.pop("consent", False),
        received_at=at,
        company_value=fields.pop("company_value", None),
        client_id=new_id(),
        now=at,
        **fields,
    )


async def given_reply(feedback_id: uuid.UUID, by: dict, body: str, *, at: dt.datetime) -> uuid.UUID:
    return await intake.reply(feedback_id=feedback_id, author_id=by["id"], body=body, client_id=new_id(), now=at)


def payload_of(row: dict) -> dict:
    return json.loads(row["payload"]) if isinstance(row["payload"], str) else row["payload"]


async def events(topic: str | None = None) -> list[dict]:
    """Payloads in the feedback outbox, oldest first (optionally one topic)."""
    rows = await OutboxEvent.raw(
        f"SELECT topic, payload FROM {OutboxEvent._meta.get_formatted_tablename()} ORDER BY created_at, id"
    )
    return [payload_of(r) for r in rows if topic is None or r["topic"] == topic]


async def topics() -> list[str]:
    rows = await OutboxEvent.raw(f"SELECT topic FROM {OutboxEvent._meta.get_formatted_tablename()}")
    return sorted(r["topic"] for r in rows)


async def deliver_everything(feedback_app, storage, clock) -> None:
    """Relay both services' outboxes and run both workers until nothing is left in flight."""
    pool = await feedback_app.state.runtime.arq()
    for _ in range(3):
        await outbox.relay(OUTBOX, arq=pool, now=clock.now())
        await outbox.relay(LEARNING_OUTBOX, arq=pool, now=clock.now())
        await run_worker("feedback", storage["redis_url"], clock)
        await run_worker("learning", storage["redis_url"], clock)


def ids(items: list[dict]) -> set[str]:
    return {i["id"] for i in items}
