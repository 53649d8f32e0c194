"""Recording feedback (by staff, by customers on the public form), replies, public codes, and reading them back."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from services.platform.errors import NotFound, ValidationFailed
from services.platform.idempotency import run_once
from services.platform.outbox.service import publish, publish_many

from ..complaints.targets import target_for
from ..directory import service as directory
from ..directory.tables import StaffMember
from ..platform_tables import OUTBOX, IdempotencyRecord
from ..privacy import service as privacy
from .categories import CATEGORIES, PUBLIC_CATEGORIES, lesson_for, lesson_request_ref
from .limits import MAX_BODY, MAX_CODE, MAX_COMPANY_VALUE, MAX_LOCATION, MAX_PUBLIC_BODY, MAX_REPLY, check_length
from . import references
from .tables import Feedback, FeedbackSubject, PublicCode, Reply

PRAISE, COMPLAINT, SUGGESTION = "praise", "complaint", "suggestion"
KINDS = (PRAISE, COMPLAINT, SUGGESTION)
PUBLIC_FORM = "public_form"
STAFF_CHANNELS = ("phone", "email", "facebook", "social_media", "chat", "web_review", "in_person", "survey")
CHANNELS = (*STAFF_CHANNELS, PUBLIC_FORM)
STAFF, PUBLIC = "staff", "public"
RECEIVED = "received"

MAX_SUBJECTS = 10
# A device clock a little ahead of ours is not "the future".
CLOCK_SKEW = dt.timedelta(seconds=60)
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
PUBLIC_FORM_PATH = "/feedback/?code={code}"
REFERENCE_TRIES = 5


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


# ---------------------------------------------------------------- field rules


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValidationFailed(f"Unknown kind {kind!r}.", code="INVALID_KIND")


def _check_rating(rating: int | None) -> None:
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationFailed("A rating is 1 to 5.", code="INVALID_RATING")


def _check_category(kind: str, category: str | None, *, allowed: tuple[str, ...] = CATEGORIES) -> None:
    if category is None:
        return
    if kind != COMPLAINT:
        raise ValidationFailed("Only complaints have a category.", code="CATEGORY_ONLY_FOR_COMPLAINTS")
    if category not in allowed:
        raise ValidationFailed(f"Unknown category {category!r}.", code="INVALID_CATEGORY")


def _company_value(kind: str, value: str | None) -> str | None:
    value = check_length("companyValue", (value or "").strip(), MAX_COMPANY_VALUE) or None
    if value is not None and kind != PRAISE:
        raise ValidationFailed("Only praise names a company value.", code="VALUE_ONLY_FOR_PRAISE")
    return value


def _received_at(received_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if received_at is None:
        return now
    if received_at.tzinfo is None:
        raise ValidationFailed("receivedAt needs a time zone offset.", code="INVALID_RECEIVED_AT")
    if received_at > now + CLOCK_SKEW:
        raise ValidationFailed("receivedAt is in the future.", code="RECEIVED_IN_FUTURE")
    return min(received_at, now)


def _check_subjects(subject_ids: Sequence[uuid.UUID], rows: list[dict | None]) -> list[dict]:
    for wanted, row in zip(subject_ids, rows):
        if row is None:
            raise NotFound(f"No employee {wanted}.", code="EMPLOYEE_NOT_FOUND", employeeId=str(wanted))
        if not row["active"]:
            raise ValidationFailed(
                f"{row['name']} is no longer active.", code="EMPLOYEE_INACTIVE", employeeId=str(wanted)
            )
    return rows  # type: ignore[return-value]


def _contact(contact: dict | None) -> dict | None:
    """The customer's contact as given ({name, email, phone}), checked and trimmed; None when empty."""
    if contact is None:
        return None
    return privacy.clean_contact(name=contact.get("name"), email=contact.get("email"), phone=contact.get("phone"))


def _unique(ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(ids))


# ---------------------------------------------------------------- recording


@dataclass(frozen=True)
class NewFeedback:
    """A feedback item that passed the rules, ready to store."""

    kind: str
    channel: str
    rating: int | None
    category: str | None
    body: str
    subject_ids: list[uuid.UUID]
    contact: dict | None
    consent: bool
    source: str
    recorded_by: uuid.UUID | None
    public_code: str | None
    company_value: str | None
    received_at: dt.datetime


async def record_staff_feedback(
    *,
    recorder: dict,
    kind: str,
    channel: str,
    rating: int | None,
    category: str | None,
    body: str | None,
    subject_ids: Sequence[uuid.UUID],
    contact: dict | None,
    consent: bool,
    received_at: dt.datetime | None,
    company_value: str | None,
    client_id: str,
    now: dt.datetime,
) -> uuid.UUID:
    """Feedback a staff member took on the phone, by e-mail, in person...; any active employee may record it
    about anyone but themselves when it is praise. Retry-safe with client_id. Returns the feedback id."""
    _check_kind(kind)
    if channel not in STAFF_CHANNELS:
        raise ValidationFailed("That channel is for customers' own submissions.", code="CHANNEL_NOT_ALLOWED")
    _check_rating(rating)
    _check_category(kind, category)
    body = check_length("body", (body or "").strip(), MAX_BODY) or ""
    contact = _contact(contact)
    value = _company_value(kind, company_value)
    when = _received_at(received_at, now)
    ids = _unique(subject_ids)
    if not ids:
        raise ValidationFailed("Name the employee the feedback is about.", code="SUBJECTS_REQUIRED")
    if len(ids) > MAX_SUBJECTS:
        raise ValidationFailed(
            f"Feedback may name at most {MAX_SUBJECTS} employees.", code="TOO_MANY_SUBJECTS", maximum=MAX_SUBJECTS
        )
    if kind == PRAISE and recorder["id"] in ids:
        raise ValidationFailed("You cannot record praise about yourself.", code="SELF_PRAISE")
    _check_subjects(ids, await directory.get_many(ids=ids))
    new = NewFeedback(
        kind=kind,
        channel=channel,
        rating=rating,
        category=category,
        body=body,
        subject_ids=ids,
        contact=contact,
        consent=consent,
        source=STAFF,
        recorded_by=recorder["id"],
        public_code=None,
        company_value=value,
        received_at=when,
    )
    request = {
        "kind": kind,
        "channel": channel,
        "rating": rating,
        "category": category,
        "body": body,
        "subjects": [str(i) for i in ids],
        "contact": contact,
        "consent": consent,
        "received_at": received_at.isoformat() if received_at else None,
        "company_value": value,
    }

    async def work() -> dict:
        return {"feedback_id": str(await _store(new, now=now))}

    async with Feedback._meta.db.transaction():
        result = await run_once(
            IdempotencyRecord,
            principal_id=recorder["id"],
            operation="submitFeedback",
            client_id=client_id,
            request=request,
            work=work,
        )
    return uuid.UUID(result["feedback_id"])


@dataclass(frozen=True)
class PublicReceipt:
    """What the thank-you page shows: the item's reference (None: nothing was stored, a bot filled the honeypot)."""

    reference: str
    feedback_id: uuid.UUID | None


async def record_public_feedback(
    *,
    code: str,
    kind: str,
    rating: int | None,
    body: str | None,
    contact: dict | None,
    consent: bool,
    honeypot: str | None,
    now: dt.datetime,
    category: str | None = None,
    client_id: str | None = None,
) -> PublicReceipt:
    """A customer's own feedback through a printed code, with what went wrong when they picked it. A filled
    honeypot (only bots see the field) is answered like a success, with a reference that names nothing, and
    stores nothing. With client_id a retry (the same code and client id) returns the first receipt."""
    if honeypot:
        return PublicReceipt(reference=references.new_reference(), feedback_id=None)
    _check_kind(kind)
    _check_rating(rating)
    _check_category(kind, category, allowed=PUBLIC_CATEGORIES)
    check_length("code", code, MAX_CODE)
    body = check_length("body", (body or "").strip(), MAX_PUBLIC_BODY) or ""
    if rating is None and not body:
        raise ValidationFailed("Give a rating or a few words.", code="FEEDBACK_EMPTY")
    contact = _contact(contact)
    target = await get_public_code(code=code)
    if target is None:
        raise NotFound("This feedback code is not in use.", code="CODE_NOT_FOUND")
    new = NewFeedback(
        kind=kind,
        channel=PUBLIC_FORM,
        rating=rating,
        category=category,
        body=body,
        subject_ids=[target["employee"]["id"]] if target["employee"] else [],
        contact=contact,
        consent=consent,
        source=PUBLIC,
        recorded_by=None,
        public_code=target["code"],
        company_value=None,
        received_at=now,
    )

    async def work() -> dict:
        feedback_id = await _store(new, now=now)
        return {"feedback_id": str(feedback_id), "reference": await reference_of(feedback_id=feedback_id)}

    async with Feedback._meta.db.transaction():
        if client_id is None:
            result = await work()
        else:
            # No caller to key the retry by: the code stands in for one (a client id is a UUID nobody guesses).
            result = await run_once(
                IdempotencyRecord,
                principal_id=f"public:{target['code']}",
                operation="submitPublicFeedback",
                client_id=client_id,
                request={"kind": kind, "rating": rating, "category": category, "body": body, "contact": contact,
                         "consent": consent},
                work=work,
            )
    return PublicReceipt(reference=result["reference"], feedback_id=uuid.UUID(result["feedback_id"]))


async def reference_of(*, feedback_id: uuid.UUID) -> str:
    rows = await Feedback.raw(f"SELECT reference FROM {_t(Feedback)} WHERE id = {{}}", feedback_id)
    return rows[0]["reference"]


async def _store(new: NewFeedback, *, now: dt.datetime) -> uuid.UUID:
    """Insert the item, its subjects, the customer's contact and the events; call inside a transaction."""
    feedback_id = uuid.uuid4()
    customer_id = (
        await privacy.create_customer(contact=new.contact, consent=new.consent, now=now) if new.contact else None
    )
    status = acknowledge_due = resolve_due = None
    if new.kind == COMPLAINT:
        acknowledge_seconds, resolve_seconds = await target_for(new.channel)
        status = RECEIVED
        acknowledge_due = new.received_at + dt.timedelta(seconds=acknowledge_seconds)
        resolve_due = new.received_at + dt.timedelta(seconds=resolve_seconds)
    await _insert_with_reference(
        f"INSERT INTO {_t(Feedback)} (reference, id, kind, channel, rating, category, body, customer, source, "
        "recorded_by, public_code, company_value, received_at, first_reply_at, status, owner, acknowledge_due_at, "
        "resolve_due_at, acknowledged_at, resolved_at, closed_at, transfer_count, reopen_count) VALUES "
        "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, NULL, {}, NULL, {}, {}, NULL, NULL, NULL, 0, 0) "
        "ON CONFLICT (reference) DO NOTHING RETURNING id",
        feedback_id,
        new.kind,
        new.channel,
        new.rating,
        new.category,
        new.body,
        customer_id,
        new.source,
        new.recorded_by,
        new.public_code,
        new.company_value,
        new.received_at,
        status,
        acknowledge_due,
        resolve_due,
    )
    if new.subject_ids:
        await FeedbackSubject.raw(
            f"INSERT INTO {_t(FeedbackSubject)} (feedback, employee) "
            "SELECT {}, e FROM unnest({}::uuid[]) WITH ORDINALITY AS s(e, n) ORDER BY n",
            feedback_id,
            new.subject_ids,
        )
    await _publish_recorded(new, feedback_id=feedback_id, now=now)
    return feedback_id


async def _insert_with_reference(sql: str, *values) -> None:
    """Insert the item under a fresh reference, drawing again in the (1 in ~850 billion) case it is taken."""
    for _ in range(REFERENCE_TRIES):
        if await Feedback.raw(sql, references.new_reference(), *values):
            return
    raise RuntimeError("no free feedback reference after several draws")


async def request_lesson(
    *,
    feedback_id: uuid.UUID,
    category: str,
    subject_ids: Sequence[uuid.UUID | str],
    now: dt.datetime,
    received_at: dt.datetime | None = None,
) -> str:
    """Ask the learning service for the category's lesson for everyone the complaint names; returns the lesson id.
    `requested_at` is our clock's instant: the learning service places the lesson on that day (or the next).
    `category` and `received_at` (the complaint's, `now` when not given) let it count complaints per category
    (coaching needs) without reading our tables."""
    lesson_id = lesson_for(category)
    await publish_many(
        OUTBOX,
        topic="lesson.assignment_requested",
        payloads=[
            {
                "employee_id": str(s),
                "lesson_id": lesson_id,
                "source_ref": lesson_request_ref(feedback_id, lesson_id),
                "due_date": None,
                "requested_at": now.isoformat(),
                "category": category,
                "received_at": (received_at or now).isoformat(),
            }
            for s in subject_ids
        ],
    )
    return lesson_id


async def _publish_recorded(new: NewFeedback, *, feedback_id: uuid.UUID, now: dt.datetime) -> None:
    """The fact for recognition and notifications, plus what it asks of the learning service.
    No customer data goes into an event: events are copied to other services and kept."""
    subjects = [str(i) for i in new.subject_ids]
    await publish(
        OUTBOX,
        topic="feedback.recorded",
        payload={
            "feedback_id": str(feedback_id),
            "kind": new.kind,
            "channel": new.channel,
            "category": new.category,
            "rating": new.rating,
            "subjects": subjects,
            "company_value": new.company_value,
            "source": new.source,
            "recorded_by": str(new.recorded_by) if new.recorded_by else None,
            "received_at": new.received_at.isoformat(),
        },
    )
    if new.kind == COMPLAINT and new.category and subjects:
        await request_lesson(
            feedback_id=feedback_id, category=new.category, subject_ids=subjects, now=now, received_at=new.received_at
        )
    if new.kind == PRAISE and subjects:
        await publish_many(
            OUTBOX,
            topic="streak_freeze.granted",
            payloads=[{"employee_id": s, "reason": "praise", "source_ref": f"praise:{feedback_id}"} for s in subjects],
        )


# ---------------------------------------------------------------- replies


async def reply(*, feedback_id: uuid.UUID, author_id: uuid.UUID, body: str, client_id: str, now: dt.datetime) -> uuid.UUID:
    """Answer a feedback item (the caller was checked to see it); the first answer stamps first_reply_at."""
    body = check_length("body", (body or "").strip(), MAX_REPLY) or ""
    if not body:
        raise ValidationFailed("Write a reply first.", code="REPLY_EMPTY")

    async def work() -> dict:
        reply_id = uuid.uuid4()
        # The row lock makes concurrent replies agree on which one was first.
        rows = await Feedback.raw(
            f"WITH old AS (SELECT id, first_reply_at FROM {_t(Feedback)} WHERE id = {{}} FOR UPDATE) "
            f"UPDATE {_t(Feedback)} f SET first_reply_at = coalesce(old.first_reply_at, {{}}) FROM old "
            "WHERE f.id = old.id RETURNING f.kind, old.first_reply_at IS NULL AS first",
            feedback_id,
            now,
        )
        if not rows:
            raise NotFound("No such feedback.", code="FEEDBACK_NOT_FOUND")
        await Reply.raw(
            f"INSERT INTO {_t(Reply)} (id, feedback, author, body, sent_at) VALUES ({{}}, {{}}, {{}}, {{}}, {{}})",
            reply_id,
            feedback_id,
            author_id,
            body,
            now,
        )
        await publish(
            OUTBOX,
            topic="feedback.replied",
            payload={
                "feedback_id": str(feedback_id),
                "reply_id": str(reply_id),
                "kind": rows[0]["kind"],
                "author": str(author_id),
                "first": rows[0]["first"],
                "replied_at": now.isoformat(),
            },
        )
        return {"reply_id": str(reply_id)}

    async with Reply._meta.db.transaction():
        result = await run_once(
            IdempotencyRecord,
            principal_id=author_id,
            operation="replyToFeedback",
            client_id=client_id,
            request={"feedback_id": str(feedback_id), "body": body},
            work=work,
        )
    return uuid.UUID(result["reply_id"])


async def replies_for_many(*, feedback_ids: Sequence[uuid.UUID]) -> list[list[dict]]:
    """Replies of many items, oldest first: one statement."""
    rows = await Reply.raw(
        f"SELECT * FROM {_t(Reply)} WHERE feedback = ANY({{}}::uuid[]) ORDER BY sent_at, id", list(feedback_ids)
    )
    grouped: dict[uuid.UUID, list[dict]] = {i: [] for i in feedback_ids}
    for row in rows:
        grouped[row["feedback"]].append(row)
    return [grouped[i] for i in feedback_ids]


async def replies_many(*, ids: Sequence[uuid.UUID]) -> list[dict | None]:
    rows = await Reply.raw(f"SELECT * FROM {_t(Reply)} WHERE id = ANY({{}}::uuid[])", list(ids))
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]


# ---------------------------------------------------------------- reading


def _select() -> str:
    return (
        f"SELECT f.*, ARRAY(SELECT s.employee FROM {_t(FeedbackSubject)} s WHERE s.feedback = f.id ORDER BY s.id) "
        f"AS subject_ids FROM {_t(Feedback)} f"
    )


async def get_many(*, ids: Sequence[uuid.UUID]) -> list[dict | None]:
    """Feedback rows with their subject ids, in the order asked (None when unknown): one statement."""
    rows = await Feedback.raw(f"{_select()} WHERE f.id = ANY({{}}::uuid[])", list(ids))
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]


@dataclass(frozen=True)
class Scope:
    """Whose feedback a caller may list: everyone, or items about them, their subtree, or owned there."""

    everyone: bool
    viewer_id: uuid.UUID | None = None
    subtree_prefix: str | None = None


@dataclass(frozen=True)
class Filter:
    kind: str | None = None
    status: str | None = None
    employee_id: uuid.UUID | None = None
    channel: str | None = None
    received_from: dt.datetime | None = None
    received_to: dt.datetime | None = None
    # A reference in stored form (references.normalise); one that cannot be a reference finds nothing.
    reference: str | None = None
    owner_id: uuid.UUID | None = None
    # Complaints still to handle: received or acknowledged.
    open_only: bool = False


OPEN_STATUSES = ("received", "acknowledged")


async def get_page(
    *, scope: Scope, filter: Filter, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> list[dict]:
    """Newest first (received_at, id), within the scope, as rows like get_many's: one statement."""
    where: list[str] = []
    args: list = []

    def arg(value) -> str:
        args.append(value)
        return "{}"

    if not scope.everyone:
        # Placeholders are positional: build the clause in the order its values appear.
        about = f"s.employee = {arg(scope.viewer_id)}"
        if scope.subtree_prefix is not None:
            about += f" OR starts_with(m.org_path, {arg(scope.subtree_prefix)})"
        owned = f"f.owner = {arg(scope.viewer_id)}"
        if scope.subtree_prefix is not None:
            owned += (
                f" OR EXISTS (SELECT 1 FROM {_t(StaffMember)} o WHERE o.id = f.owner "
                f"AND starts_with(o.org_path, {arg(scope.subtree_prefix)}))"
            )
        where.append(
            f"(EXISTS (SELECT 1 FROM {_t(FeedbackSubject)} s JOIN {_t(StaffMember)} m ON m.id = s.employee "
            f"WHERE s.feedback = f.id AND ({about})) OR {owned})"
        )
    if filter.kind:
        where.append(f"f.kind = {arg(filter.kind)}")
    if filter.status:
        where.append(f"f.status = {arg(filter.status)}")
    if filter.channel:
        where.append(f"f.channel = {arg(filter.channel)}")
    if filter.employee_id:
        where.append(
            f"EXISTS (SELECT 1 FROM {_t(FeedbackSubject)} e WHERE e.feedback = f.id AND e.employee = {arg(filter.employee_id)})"
        )
    if filter.reference is not None:
        where.append(f"f.reference = {arg(filter.reference)}")
    if filter.owner_id:
        where.append(f"f.owner = {arg(filter.owner_id)}")
    if filter.open_only:
        where.append(f"f.status = ANY({arg(list(OPEN_STATUSES))})")
    if filter.received_from:
        where.append(f"f.received_at >= {arg(filter.received_from)}")
    if filter.received_to:
        where.append(f"f.received_at < {arg(filter.received_to)}")
    if after:
        where.append(f"(f.received_at, f.id) < ({arg(after[0])}, {arg(after[1])})")
    sql = _select()
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY f.received_at DESC, f.id DESC LIMIT {arg(limit)}"
    return await Feedback.raw(sql, *args)


# ---------------------------------------------------------------- public codes


async def create_public_code(*, employee: dict | None, location: str | None, now: dt.datetime) -> dict:
    """The active code for the employee (a replica row) or location, made on first request: asking again
    returns the same code, so a printed one stays valid."""
    if (employee is None) == (location is None):
        raise ValidationFailed("Give exactly one of employeeId or location.", code="CODE_TARGET")
    if employee is not None and not employee["active"]:
        raise ValidationFailed(f"{employee['name']} is no longer active.", code="EMPLOYEE_INACTIVE")
    if location is not None:
        location = check_length("location", location.strip(), MAX_LOCATION)
        if not location:
            raise ValidationFailed("Name the location.", code="CODE_TARGET")
    column, value = ("employee", employee["id"]) if employee is not None else ("location", location)
    async with PublicCode._meta.db.transaction():
        await _hold_codes()
        found = await PublicCode.raw(
            f"SELECT * FROM {_t(PublicCode)} WHERE active AND {column} = {{}} ORDER BY created_at LIMIT 1", value
        )
        if found:
            return found[0]
        rows = await PublicCode.raw(
            f"INSERT INTO {_t(PublicCode)} (code, employee, location, active, created_at) "
            "VALUES ({}, {}, {}, true, {}) RETURNING *",
            secrets.token_urlsafe(12),
            employee["id"] if employee is not None else None,
            location,
            now,
        )
    return rows[0]


# One lock for making codes: two requests at once (one code, or a team's sheet) never make two for one person.
CODES_LOCK = "serviceloop:feedback:public-codes"


async def _hold_codes() -> None:
    await PublicCode.raw("SELECT pg_advisory_xact_lock(hashtext({}))", CODES_LOCK)


def _team_scope(root: dict, subtree: bool) -> tuple[str, object]:
    """The members of a team: direct reports, or everyone under the root (a placeholder and its value)."""
    return ("s.org_path LIKE {} || '/%'", root["org_path"]) if subtree else ("s.manager_id = {}", root["id"])


async def team_codes_page(*, root: dict, subtree: bool, offset: int, limit: int) -> list[dict]:
    """Active members of a team by name, each with their active public code (the first made) or None: one
    statement. Rows: employee_id, code (a PublicCode row or None)."""
    scope, value = _team_scope(root, subtree)
    rows = await PublicCode.raw(
        f"SELECT s.id AS employee_id, c.code, c.employee, c.location, c.active, c.created_at "
        f"FROM {_t(StaffMember)} s LEFT JOIN LATERAL (SELECT * FROM {_t(PublicCode)} p WHERE p.active "
        f"AND p.employee = s.id ORDER BY p.created_at LIMIT 1) c ON true WHERE s.active AND {scope} "
        "ORDER BY s.name, s.id OFFSET {} LIMIT {}",
        value,
        offset,
        limit,
    )
    return [
        {
            "employee_id": row["employee_id"],
            "code": {k: row[k] for k in ("code", "employee", "location", "active", "created_at")} if row["code"] else None,
        }
        for row in rows
    ]


async def create_missing_team_codes(*, root: dict, subtree: bool, now: dt.datetime) -> int:
    """A code for every active member of the team who has none (the same code createPublicCode would then
    return); returns how many were made. Safe to repeat: a second run makes none."""
    scope, value = _team_scope(root, subtree)
    async with PublicCode._meta.db.transaction():
        await _hold_codes()
        missing = await PublicCode.raw(
            f"SELECT s.id FROM {_t(StaffMember)} s WHERE s.active AND {scope} AND NOT EXISTS "
            f"(SELECT 1 FROM {_t(PublicCode)} p WHERE p.active AND p.employee = s.id)",
            value,
        )
        if not missing:
            return 0
        await PublicCode.raw(
            f"INSERT INTO {_t(PublicCode)} (code, employee, location, active, created_at) "
            "SELECT c, e, NULL, true, {} FROM unnest({}::text[], {}::uuid[]) AS k(c, e)",
            now,
            [secrets.token_urlsafe(12) for _ in missing],
            [row["id"] for row in missing],
        )
    return len(missing)


def public_form_url(settings, code: str) -> str:
    """The form's full address on the customer-facing site (the printed QR code's content)."""
    return f"{settings.customer_pages_url}/?code={code}"


def as_recorded(row: dict) -> dict:
    """The item as it stood when it was recorded: no owner, handling steps, replies or first-reply time."""
    return {
        **row,
        "status": "received" if row["kind"] == "complaint" else None,
        "owner": None,
        "acknowledged_at": None,
        "resolved_at": None,
        "closed_at": None,
        "first_reply_at": None,
        "transfer_count": 0,
        "reopen_count": 0,
        "as_recorded": True,
    }


def public_form_path(code: str) -> str:
    """Where the printed code leads (relative to the customer-facing site)."""
    return PUBLIC_FORM_PATH.format(code=code)


async def get_public_code(*, code: str) -> dict | None:
    """The code's row with its employee's replica row; None when unknown, retired, or the employee left."""
    if not CODE_PATTERN.match(code or ""):
        return None
    rows = await PublicCode.raw(f"SELECT * FROM {_t(PublicCode)} WHERE code = {{}} AND active", code)
    if not rows:
        return None
    row = dict(rows[0])
    row["employee"] = None
    if row_employee := rows[0]["employee"]:
        staff = await directory.get(employee_id=row_employee)
        if staff is None or not staff["active"]:
            return None
        row["employee"] = staff
    return row


def public_form_view(target: dict) -> dict:
    """Only what the form shows a customer: the employee's first name and job title, or the location."""
    staff = target["employee"]
    return {
        "code": target["code"],
        "first_name": staff["name"].split()[0] if staff else None,
        "job_title": staff["job_title"] if staff else None,
        "location": target["location"],
    }
