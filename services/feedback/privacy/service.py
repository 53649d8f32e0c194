"""Customer contact data: stored apart, read only by those allowed, erased on request or after the retention period."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from services.platform.errors import NotFound, ValidationFailed

from ..complaints.tables import ComplaintTransition
from ..intake.limits import check_length
from ..intake.tables import Feedback, Reply
from ..loyalty.tables import Survey
from .tables import Customer

# How long customer contact data is kept after the customer's last feedback.
RETENTION_MONTHS = 24
# Free text written about an erased customer's feedback may name them; it is replaced by these markers.
REMOVED_ON_REQUEST = "[removed on request]"
REMOVED_AFTER_RETENTION = "[removed after the retention period]"

MAX_NAME = 200
MAX_EMAIL = 254
MAX_PHONE = 40


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


def clean_contact(*, name: str | None, email: str | None, phone: str | None) -> dict | None:
    """Trimmed contact fields (FIELD_TOO_LONG, INVALID_EMAIL); None when nothing was given."""
    fields = {"name": (name, MAX_NAME), "email": (email, MAX_EMAIL), "phone": (phone, MAX_PHONE)}
    cleaned: dict[str, str | None] = {}
    for field, (value, maximum) in fields.items():
        cleaned[field] = check_length(field, (value or "").strip(), maximum) or None
    if cleaned["email"] is not None and not _looks_like_email(cleaned["email"]):
        raise ValidationFailed("That e-mail address does not look right.", code="INVALID_EMAIL", field="email")
    if not any(cleaned.values()):
        return None
    return cleaned


def _looks_like_email(value: str) -> bool:
    local, at, domain = value.rpartition("@")
    return bool(at and local and "." in domain and " " not in value)


async def create_customer(*, contact: dict, consent: bool, now: dt.datetime) -> uuid.UUID:
    """Store a customer's contact (from clean_contact); call inside the feedback's transaction."""
    customer_id = uuid.uuid4()
    await Customer.raw(
        f"INSERT INTO {_t(Customer)} (id, name, email, phone, consent, created_at) VALUES ({{}}, {{}}, {{}}, {{}}, {{}}, {{}})",
        customer_id,
        contact["name"],
        contact["email"],
        contact["phone"],
        consent,
        now,
    )
    return customer_id


async def get_many(*, ids: Sequence[uuid.UUID]) -> list[dict | None]:
    """Customers by id in the order asked (None when unknown): one statement."""
    rows = await Customer.raw(f"SELECT * FROM {_t(Customer)} WHERE id = ANY({{}}::uuid[])", list(ids))
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]


async def erase(*, customer_id: uuid.UUID | None = None, email: str | None = None, now: dt.datetime) -> dict:
    """Erase one customer, or every customer with the e-mail address: their contact data and the free text
    written on their feedback. The feedback itself, its ratings and everything counted from it stay."""
    if (customer_id is None) == (email is None):
        raise ValidationFailed("Give exactly one of customerId or email.", code="ERASE_INPUT")
    async with Customer._meta.db.transaction():
        if customer_id is not None:
            rows = await Customer.raw(f"SELECT id FROM {_t(Customer)} WHERE id = {{}}", customer_id)
            if not rows:
                raise NotFound("No such customer.", code="CUSTOMER_NOT_FOUND")
        else:
            rows = await Customer.raw(
                f"SELECT id FROM {_t(Customer)} WHERE lower(email) = lower({{}})", email.strip()
            )
        return await _erase([r["id"] for r in rows], marker=REMOVED_ON_REQUEST, now=now)


def retention_cutoff(now: dt.datetime) -> dt.datetime:
    """The instant RETENTION_MONTHS before now (the 29th-31st fall back to the month's last day)."""
    month_index = now.year * 12 + now.month - 1 - RETENTION_MONTHS
    year, month = divmod(month_index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return now.replace(year=year, month=month, day=min(now.day, last_day))


async def erase_expired(*, now: dt.datetime) -> dict:
    """Erase the customers whose last feedback is older than the retention period."""
    cutoff = retention_cutoff(now)
    async with Customer._meta.db.transaction():
        rows = await Customer.raw(
            f"SELECT c.id FROM {_t(Customer)} c WHERE c.erased_at IS NULL AND coalesce("
            f"(SELECT max(f.received_at) FROM {_t(Feedback)} f WHERE f.customer = c.id), c.created_at) < {{}}",
            cutoff,
        )
        return await _erase([r["id"] for r in rows], marker=REMOVED_AFTER_RETENTION, now=now)


async def _erase(customer_ids: list[uuid.UUID], *, marker: str, now: dt.datetime) -> dict:
    """Scrub the free text on the customers' feedback (body, replies, complaint notes, survey comments), then
    their contact data."""
    if not customer_ids:
        return {"customers": 0, "feedback": 0}
    feedback = await Feedback.raw(
        f"UPDATE {_t(Feedback)} SET body = CASE WHEN body = '' THEN body ELSE {{}} END "
        "WHERE customer = ANY({}::uuid[]) RETURNING id",
        marker,
        customer_ids,
    )
    feedback_ids = [r["id"] for r in feedback]
    if feedback_ids:
        await Reply.raw(
            f"UPDATE {_t(Reply)} SET body = {{}} WHERE feedback = ANY({{}}::uuid[])", marker, feedback_ids
        )
        await ComplaintTransition.raw(
            f"UPDATE {_t(ComplaintTransition)} SET reason = {{}} WHERE feedback = ANY({{}}::uuid[]) "
            "AND reason IS NOT NULL",
            marker,
            feedback_ids,
        )
        # The follow-up survey's comment is the customer's own words too.
        await Survey.raw(
            f"UPDATE {_t(Survey)} SET comment = {{}} WHERE feedback = ANY({{}}::uuid[]) AND comment IS NOT NULL",
            marker,
            feedback_ids,
        )
    erased = await Customer.raw(
        f"UPDATE {_t(Customer)} SET name = NULL, email = NULL, phone = NULL, consent = false, erased_at = {{}} "
        "WHERE id = ANY({}::uuid[]) AND erased_at IS NULL RETURNING id",
        now,
        customer_ids,
    )
    return {"customers": len(erased), "feedback": len(feedback_ids)}
