"""Complaint lifecycle steps, their history, and the response-time watch: the rules and their data access."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from services.platform.auth.principal import Principal, Role
from services.platform.errors import Conflict, NotFound, ValidationFailed
from services.platform.idempotency import run_once
from services.platform.outbox.service import publish

from ..directory import service as directory
from ..directory.tables import StaffMember
from ..intake import service as intake
from ..intake.categories import CATEGORIES, lesson_for
from ..intake.tables import Feedback, FeedbackSubject
from ..notifications import service as notifications
from ..platform_tables import OUTBOX, IdempotencyRecord
from ..privacy.tables import Customer
from ..team import service as team
from . import escalation, lifecycle, policies
from .anonymise import anonymise, language_of
from .tables import ComplaintTransition, TargetBreach

COMPLAINT = "complaint"
ASSIGNING_ROLES = (Role.MANAGER, Role.HR, Role.ADMIN)
MAX_REASON_LENGTH = 2000
BREACH_BATCH = 500
# A resolved complaint's anonymised snapshot for the learning service's practice scenarios.
PRACTICE_CASE_TOPIC = "complaint.practice_case"

OPERATIONS = {
    lifecycle.ACKNOWLEDGE: "acknowledgeComplaint",
    lifecycle.TRANSFER: "transferComplaint",
    lifecycle.RESOLVE: "resolveComplaint",
    lifecycle.CLOSE: "closeComplaint",
    lifecycle.REOPEN: "reopenComplaint",
    lifecycle.CATEGORISE: "categoriseComplaint",
}


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


def _str(value) -> str | None:
    return str(value) if value is not None else None


# ---------------------------------------------------------------- reading complaints


async def _complaint(feedback_id: uuid.UUID, *, lock: bool) -> dict | None:
    """The feedback row with the ids of its subjects (locked for a step): one statement."""
    rows = await Feedback.raw(
        f"SELECT f.id, f.kind, f.channel, f.category, f.status, f.owner, f.owner_assigned_by, f.received_at, "
        f"f.acknowledge_due_at, f.resolve_due_at, "
        f"f.acknowledged_at, f.resolved_at, f.closed_at, f.transfer_count, f.reopen_count, "
        f"ARRAY(SELECT s.employee FROM {_t(FeedbackSubject)} s WHERE s.feedback = f.id ORDER BY s.employee) "
        f"AS subjects FROM {_t(Feedback)} f WHERE f.id = {{}}" + (" FOR UPDATE OF f" if lock else ""),
        feedback_id,
    )
    return rows[0] if rows else None


@dataclass
class Parties:
    """The complaint's subjects and owner as replica rows, plus anyone else the step needs."""

    subjects: list[dict]
    owner: dict | None
    staff: dict[uuid.UUID, dict] = field(default_factory=dict)


async def _parties(complaint: dict, *also: uuid.UUID) -> Parties:
    wanted = [*complaint["subjects"], *([complaint["owner"]] if complaint["owner"] else []), *also]
    staff = {row["id"]: row for row in await directory.get_many(ids=list(dict.fromkeys(wanted))) if row}
    return Parties(
        subjects=[staff[i] for i in complaint["subjects"] if i in staff],
        owner=staff.get(complaint["owner"]),
        staff=staff,
    )


def _visible_complaint(complaint: dict | None, parties: Parties | None, viewer: Principal) -> dict:
    """NOT_FOUND, FORBIDDEN (outside the viewer's scope) or NOT_A_COMPLAINT, in that order."""
    if complaint is None or parties is None:
        raise NotFound("No such feedback.", code="FEEDBACK_NOT_FOUND")
    policies.see(viewer, owner=parties.owner, subjects=parties.subjects)
    if complaint["kind"] != COMPLAINT:
        raise ValidationFailed("This feedback is not a complaint.", code="NOT_A_COMPLAINT")
    return complaint


async def visible(*, feedback_id: uuid.UUID, viewer: Principal) -> tuple[dict, Parties]:
    """A complaint and its parties, for someone who may see it (NOT_FOUND, FORBIDDEN, NOT_A_COMPLAINT)."""
    complaint = await _complaint(feedback_id, lock=False)
    parties = await _parties(complaint) if complaint else None
    return _visible_complaint(complaint, parties, viewer), parties


async def history(*, feedback_id: uuid.UUID, viewer: Principal) -> list[dict]:
    """A complaint's steps in order, for someone who may see it: three statements however long it is."""
    complaint = await _complaint(feedback_id, lock=False)
    parties = await _parties(complaint) if complaint else None
    _visible_complaint(complaint, parties, viewer)
    return await ComplaintTransition.raw(
        f"SELECT * FROM {_t(ComplaintTransition)} WHERE feedback = {{}} ORDER BY seq", feedback_id
    )


# ---------------------------------------------------------------- lifecycle steps


@dataclass
class Change:
    """What a step does to the complaint beyond its status, and the event that tells of it."""

    columns: dict[str, Any]
    topic: str
    payload: dict[str, Any]
    reason: str | None = None


Decide = Callable[[dict, Parties], Change]


def _reason(reason: str | None) -> str:
    """Transfers and reopenings must say why."""
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed("Give a reason.", code="REASON_REQUIRED")
    if len(text) > MAX_REASON_LENGTH:
        raise ValidationFailed(
            f"The reason is longer than {MAX_REASON_LENGTH} characters.", code="REASON_TOO_LONG"
        )
    return text


async def _take_step(
    *,
    action: str,
    feedback_id: uuid.UUID,
    actor: Principal,
    client_id: str,
    now: dt.datetime,
    request: dict[str, Any],
    decide: Decide,
    also: tuple[uuid.UUID, ...] = (),
) -> dict:
    """Lock the complaint, check the step is allowed and the actor may take it, apply it, record and announce it."""

    async def work() -> dict:
        complaint = await _complaint(feedback_id, lock=True)
        parties = await _parties(complaint, *also) if complaint else None
        _visible_complaint(complaint, parties, actor)
        to_status = lifecycle.next_status(complaint["status"], action)
        policies.may_act(actor, action, owner=parties.owner, subjects=parties.subjects)
        change = decide(complaint, parties)
        state = {**complaint, **change.columns, "status": to_status}
        await Feedback.raw(
            f"UPDATE {_t(Feedback)} SET status = {{}}, owner = {{}}, owner_assigned_by = {{}}, acknowledged_at = {{}}, "
            "resolved_at = {}, closed_at = {}, transfer_count = {}, reopen_count = {} WHERE id = {}",
            state["status"],
            state["owner"],
            state["owner_assigned_by"],
            state["acknowledged_at"],
            state["resolved_at"],
            state["closed_at"],
            state["transfer_count"],
            state["reopen_count"],
            feedback_id,
        )
        table = _t(ComplaintTransition)
        await ComplaintTransition.raw(
            f"INSERT INTO {table} (id, feedback, seq, action, from_status, to_status, actor, from_owner, to_owner, "
            f"reason, at) SELECT {{}}, {{}}, coalesce(max(seq), 0) + 1, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}} "
            f"FROM {table} WHERE feedback = {{}}",
            uuid.uuid4(),
            feedback_id,
            action,
            complaint["status"],
            to_status,
            actor.employee_id,
            complaint["owner"],
            state["owner"],
            change.reason,
            now,
            feedback_id,
        )
        await publish(OUTBOX, topic=change.topic, payload=change.payload)
        return {
            "feedback_id": str(feedback_id),
            "status": to_status,
            "owner": _str(state["owner"]),
            "at": now.isoformat(),
        }

    async with Feedback._meta.db.transaction():
        return await run_once(
            IdempotencyRecord,
            principal_id=actor.employee_id,
            operation=OPERATIONS[action],
            client_id=client_id,
            request={"feedback_id": str(feedback_id), **request},
            work=work,
        )


async def acknowledge(*, feedback_id: uuid.UUID, actor: Principal, client_id: str, now: dt.datetime) -> dict:
    """Acknowledge a received complaint; whoever acknowledges owns it from now on."""

    def decide(complaint: dict, parties: Parties) -> Change:
        due = complaint["acknowledge_due_at"]
        return Change(
            columns={"owner": actor.employee_id, "owner_assigned_by": None, "acknowledged_at": now},
            topic="complaint.acknowledged",
            payload={
                "feedback_id": str(feedback_id),
                "owner": str(actor.employee_id),
                "acknowledged_at": now.isoformat(),
                "within_target": due is None or now <= due,
            },
        )

    return await _take_step(
        action=lifecycle.ACKNOWLEDGE, feedback_id=feedback_id, actor=actor, client_id=client_id, now=now,
        request={}, decide=decide,
    )


def assigned_by(actor: Principal, new_owner: uuid.UUID) -> uuid.UUID | None:
    """A manager, HR or admin handing a complaint to someone assigns it; a colleague passing it on does not."""
    if actor.employee_id != new_owner and actor.role in ASSIGNING_ROLES:
        return actor.employee_id
    return None


async def transfer(
    *, feedback_id: uuid.UUID, actor: Principal, to_staff_id: uuid.UUID, reason: str, client_id: str, now: dt.datetime
) -> dict:
    """Hand an acknowledged complaint to another active staff member, saying why; they own it from now on."""
    why = _reason(reason)

    def decide(complaint: dict, parties: Parties) -> Change:
        target = parties.staff.get(to_staff_id)
        if target is None:
            raise NotFound("No such staff member.", code="STAFF_NOT_FOUND")
        if not target["active"]:
            raise ValidationFailed("That staff member is no longer active.", code="STAFF_INACTIVE")
        if to_staff_id == complaint["owner"]:
            raise ValidationFailed("They already own this complaint.", code="ALREADY_OWNER")
        return Change(
            columns={
                "owner": to_staff_id,
                "owner_assigned_by": assigned_by(actor, to_staff_id),
                "transfer_count": complaint["transfer_count"] + 1,
            },
            topic="complaint.transferred",
            payload={
                "feedback_id": str(feedback_id),
                "from_owner": _str(complaint["owner"]),
                "to_owner": str(to_staff_id),
                "reason": why,
            },
            reason=why,
        )

    return await _take_step(
        action=lifecycle.TRANSFER, feedback_id=feedback_id, actor=actor, client_id=client_id, now=now,
        request={"to": str(to_staff_id), "reason": why}, decide=decide, also=(to_staff_id,),
    )


async def resolve(*, feedback_id: uuid.UUID, actor: Principal, client_id: str, now: dt.datetime) -> dict:
    """Mark an acknowledged complaint resolved; late when past its resolve target."""

    def decide(complaint: dict, parties: Parties) -> Change:
        due = complaint["resolve_due_at"]
        return Change(
            columns={"resolved_at": now},
            topic="complaint.resolved",
            payload={
                "feedback_id": str(feedback_id),
                "owner": _str(complaint["owner"]),
                "resolved_at": now.isoformat(),
                "late": due is not None and now > due,
                "transfer_count": complaint["transfer_count"],
                "reopen_count": complaint["reopen_count"],
            },
        )

    return await _take_step(
        action=lifecycle.RESOLVE, feedback_id=feedback_id, actor=actor, client_id=client_id, now=now,
        request={}, decide=decide,
    )


async def close(*, feedback_id: uuid.UUID, actor: Principal, client_id: str, now: dt.datetime) -> dict:
    """Close a resolved complaint."""

    def decide(complaint: dict, parties: Parties) -> Change:
        return Change(
            columns={"closed_at": now},
            topic="complaint.closed",
            payload={"feedback_id": str(feedback_id), "owner": _str(complaint["owner"])},
        )

    return await _take_step(
        action=lifecycle.CLOSE, feedback_id=feedback_id, actor=actor, client_id=client_id, now=now,
        request={}, decide=decide,
    )


async def reopen(
    *, feedback_id: uuid.UUID, actor: Principal, reason: str, client_id: str, now: dt.datetime
) -> dict:
    """Reopen a resolved or closed complaint, saying why; it goes back to its owner, due by the same time."""
    why = _reason(reason)

    def decide(complaint: dict, parties: Parties) -> Change:
        count = complaint["reopen_count"] + 1
        return Change(
            columns={"resolved_at": None, "closed_at": None, "reopen_count": count},
            topic="complaint.reopened",
            payload={
                "feedback_id": str(feedback_id),
                "owner": _str(complaint["owner"]),
                "reopen_count": count,
                "reason": why,
            },
            reason=why,
        )

    return await _take_step(
        action=lifecycle.REOPEN, feedback_id=feedback_id, actor=actor, client_id=client_id, now=now,
        request={"reason": why}, decide=decide,
    )


# ---------------------------------------------------------------- categories


async def categorise(
    *, feedback_id: uuid.UUID, actor: Principal, category: str, client_id: str, now: dt.datetime
) -> dict:
    """Set or correct a complaint's category in any status, in its history; the category's lesson is asked for
    unless the complaint asked for that lesson before (once per complaint and lesson). The same category again
    changes nothing."""
    if category not in CATEGORIES:
        raise ValidationFailed(f"Unknown category {category!r}.", code="INVALID_CATEGORY")

    async def work() -> dict:
        complaint = await _complaint(feedback_id, lock=True)
        parties = await _parties(complaint) if complaint else None
        _visible_complaint(complaint, parties, actor)
        policies.may_act(actor, lifecycle.CATEGORISE, owner=parties.owner, subjects=parties.subjects)
        result = {
            "feedback_id": str(feedback_id),
            "status": complaint["status"],
            "owner": _str(complaint["owner"]),
            "category": category,
            "lesson_id": lesson_for(category),
            "lesson_requested": False,
            "at": now.isoformat(),
        }
        if complaint["category"] == category:
            return result
        table = _t(ComplaintTransition)
        # One statement: the earlier categories (the lessons already asked for), the new category and its history row.
        rows = await Feedback.raw(
            f"WITH earlier AS (SELECT coalesce(array_agg(c::text) FILTER (WHERE c IS NOT NULL), ARRAY[]::text[]) AS cats "
            f"FROM (SELECT from_category FROM {table} WHERE feedback = {{}} AND action = {{}} "
            f"UNION SELECT to_category FROM {table} WHERE feedback = {{}} AND action = {{}}) t(c)), "
            f"changed AS (UPDATE {_t(Feedback)} SET category = {{}} WHERE id = {{}}), "
            f"step AS (INSERT INTO {table} (id, feedback, seq, action, from_status, to_status, actor, from_owner, "
            "to_owner, from_category, to_category, at) SELECT {}, {}, coalesce(max(seq), 0) + 1, {}, {}, {}, {}, {}, "
            f"{{}}, {{}}, {{}}, {{}} FROM {table} WHERE feedback = {{}}) SELECT cats FROM earlier",
            feedback_id,
            lifecycle.CATEGORISE,
            feedback_id,
            lifecycle.CATEGORISE,
            category,
            feedback_id,
            uuid.uuid4(),
            feedback_id,
            lifecycle.CATEGORISE,
            complaint["status"],
            complaint["status"],
            actor.employee_id,
            complaint["owner"],
            complaint["owner"],
            complaint["category"],
            category,
            now,
            feedback_id,
        )
        asked = {lesson_for(c) for c in [*rows[0]["cats"], complaint["category"]] if c}
        if result["lesson_id"] not in asked and complaint["subjects"]:
            await intake.request_lesson(
                feedback_id=feedback_id,
                category=category,
                subject_ids=complaint["subjects"],
                now=now,
                received_at=complaint.get("received_at"),
            )
            result["lesson_requested"] = True
        return result

    async with Feedback._meta.db.transaction():
        return await run_once(
            IdempotencyRecord,
            principal_id=actor.employee_id,
            operation=OPERATIONS[lifecycle.CATEGORISE],
            client_id=client_id,
            request={"feedback_id": str(feedback_id), "category": category},
            work=work,
        )


# ---------------------------------------------------------------- practice scenarios


async def _anonymised_text(feedback_id: uuid.UUID) -> str:
    """The complaint's text without its customer, any staff member's name, e-mails, phones and digit runs."""
    rows = await Feedback.raw(
        f"SELECT f.body, c.name, c.email, c.phone, "
        f"ARRAY(SELECT m.name FROM {_t(StaffMember)} m) AS staff_names "
        f"FROM {_t(Feedback)} f LEFT JOIN {_t(Customer)} c ON c.id = f.customer WHERE f.id = {{}}",
        feedback_id,
    )
    row = rows[0]
    customer = {"name": row["name"], "email": row["email"], "phone": row["phone"]}
    return anonymise(row["body"], customer=customer, employee_names=row["staff_names"])


async def anonymised(*, feedback_id: uuid.UUID, viewer: Principal) -> dict:
    """A resolved (or closed) complaint's text with the customer, the staff and their numbers taken out, for the
    managers of the people it is about, HR and admin to draft a practice scenario from."""
    complaint, parties = await visible(feedback_id=feedback_id, viewer=viewer)
    policies.may_draft_scenario(viewer, owner=parties.owner, subjects=parties.subjects)
    if complaint["status"] not in (lifecycle.RESOLVED, lifecycle.CLOSED):
        raise Conflict("This complaint has not been resolved yet.", code="COMPLAINT_NOT_RESOLVED")
    return {
        "feedback_id": feedback_id,
        "category": complaint["category"],
        "situation": await _anonymised_text(feedback_id),
    }


def practice_revision(*, reopen_count: int, resolved: bool) -> int:
    """Orders a complaint's practice cases: each resolution and each reopening is newer than the one before."""
    return 2 * reopen_count + (1 if resolved else 0)


async def publish_practice_case(*, feedback_id: uuid.UUID) -> bool:
    """Tell the learning service what a practice scenario may use of the complaint as it is now: resolved (with
    its anonymised text, category, channel, subjects' ids and times) or reopened (nothing to practise yet).
    Nothing of the customer and no staff names leave; False when it is no complaint."""
    complaint = await _complaint(feedback_id, lock=False)
    if complaint is None or complaint["kind"] != COMPLAINT:
        return False
    resolved = complaint["status"] in (lifecycle.RESOLVED, lifecycle.CLOSED)
    payload: dict[str, Any] = {
        "feedback_id": str(feedback_id),
        "revision": practice_revision(reopen_count=complaint["reopen_count"], resolved=resolved),
        "resolved": resolved,
        "category": complaint["category"],
        "channel": complaint["channel"],
        "subject_ids": [str(s) for s in complaint["subjects"]],
        "received_at": complaint["received_at"].isoformat(),
        "resolved_at": complaint["resolved_at"].isoformat() if resolved and complaint["resolved_at"] else None,
        "situation": None,
    }
    if resolved:
        text = await _anonymised_text(feedback_id)
        payload["situation"] = {language_of(text): text}
    await publish(OUTBOX, topic=PRACTICE_CASE_TOPIC, payload=payload)
    return True


async def publish_all_practice_cases() -> int:
    """publish_practice_case for every resolved or closed complaint (the upgrade backfill); returns how many."""
    rows = await Feedback.raw(
        f"SELECT id FROM {_t(Feedback)} WHERE kind = {{}} AND status = ANY({{}}::text[]) ORDER BY received_at, id",
        COMPLAINT, [lifecycle.RESOLVED, lifecycle.CLOSED],
    )
    for row in rows:
        await publish_practice_case(feedback_id=row["id"])
    return len(rows)


# ---------------------------------------------------------------- response-time targets


async def _record_breaches(now: dt.datetime) -> list[dict]:
    """Mark complaints past a target while still waiting on it; each complaint and target once, ever."""
    return await TargetBreach.raw(
        f"INSERT INTO {_t(TargetBreach)} (id, feedback, target, detected_at) "
        f"SELECT gen_random_uuid(), id, target, {{}} FROM ("
        f"SELECT id, '{escalation.ACKNOWLEDGE}' AS target FROM {_t(Feedback)} "
        f"WHERE kind = '{COMPLAINT}' AND status = {{}} AND acknowledge_due_at < {{}} "
        f"UNION ALL SELECT id, '{escalation.RESOLVE}' FROM {_t(Feedback)} "
        f"WHERE kind = '{COMPLAINT}' AND status = {{}} AND resolve_due_at < {{}}) late "
        "ON CONFLICT (feedback, target) DO NOTHING RETURNING feedback, target",
        now,
        lifecycle.AWAITING_ACKNOWLEDGEMENT,
        now,
        lifecycle.AWAITING_RESOLUTION,
        now,
    )


async def _unnotified_breaches() -> list[dict]:
    """Breaches nobody has been told about yet, with the complaint's owner and subjects (locked: one notifier each)."""
    return await TargetBreach.raw(
        f"SELECT b.id, b.feedback, b.target, f.owner, f.acknowledge_due_at, f.resolve_due_at, "
        f"ARRAY(SELECT s.employee FROM {_t(FeedbackSubject)} s WHERE s.feedback = f.id ORDER BY s.employee) "
        f"AS subjects FROM {_t(TargetBreach)} b JOIN {_t(Feedback)} f ON f.id = b.feedback "
        "WHERE b.notified IS NULL ORDER BY b.detected_at LIMIT {} FOR UPDATE OF b SKIP LOCKED",
        BREACH_BATCH,
    )


async def _hr_fallback() -> list[uuid.UUID]:
    """Active HR people, or active admins when there is no HR: they answer for whoever has nobody above."""
    rows = await StaffMember.raw(
        f"SELECT id, role FROM {_t(StaffMember)} WHERE active AND role IN ('hr', 'admin') ORDER BY name, id"
    )
    hr = [r["id"] for r in rows if r["role"] == "hr"]
    return hr or [r["id"] for r in rows]


async def check_targets(*, now: dt.datetime) -> dict[str, int]:
    """Record complaints that missed a target and tell the managers who answer for them; safe twice or at once."""
    async with TargetBreach._meta.db.transaction():
        recorded = await _record_breaches(now)
        await team.count_breaches(recorded=recorded, now=now)
        pending = await _unnotified_breaches()
        if not pending:
            return _counts(recorded, notified=0)
        people = {i for b in pending for i in b["subjects"]} | {b["owner"] for b in pending if b["owner"]}
        staff = {r["id"]: r for r in await directory.get_many(ids=list(people)) if r}
        above = {a for p in staff.values() for a in escalation.ancestors(p)} - set(staff)
        staff |= {r["id"]: r for r in await directory.get_many(ids=list(above)) if r}
        fallback = await _hr_fallback()
        messages, told = [], {}
        for breach in pending:
            recipients = escalation.recipients(
                target=breach["target"],
                owner=staff.get(breach["owner"]),
                subjects=[staff[i] for i in breach["subjects"] if i in staff],
                staff=staff,
                fallback=fallback,
            )
            if not recipients:
                continue  # nobody in the directory to tell yet: the next run tries again
            told[breach["id"]] = recipients[0]
            due = breach["acknowledge_due_at" if breach["target"] == escalation.ACKNOWLEDGE else "resolve_due_at"]
            messages += [
                {
                    "recipient": r,
                    "kind": escalation.NOTIFICATION_KIND[breach["target"]],
                    "subject": escalation.notification_subject(breach["feedback"]),
                    "data": {
                        "feedback_id": str(breach["feedback"]),
                        "target": breach["target"],
                        "due_at": due.isoformat() if due else None,
                        "owner": _str(breach["owner"]),
                        "subjects": [str(s) for s in breach["subjects"]],
                    },
                }
                for r in recipients
            ]
        notified = await notifications.notify_many(notifications=messages, now=now)
        if told:
            await TargetBreach.raw(
                f"UPDATE {_t(TargetBreach)} b SET notified = t.recipient "
                "FROM unnest({}::uuid[], {}::uuid[]) AS t(id, recipient) WHERE b.id = t.id",
                list(told),
                list(told.values()),
            )
    return _counts(recorded, notified=notified)


def _counts(recorded: list[dict], *, notified: int) -> dict[str, int]:
    return {
        "acknowledge_breaches": sum(1 for r in recorded if r["target"] == escalation.ACKNOWLEDGE),
        "resolve_breaches": sum(1 for r in recorded if r["target"] == escalation.RESOLVE),
        "notifications": notified,
    }
