"""Follow-up surveys, loyalty outcomes and NPS: the rules and their data access.

How a survey reaches the customer: each resolution creates a survey (complaint.resolved); no event, e-mail or
notification carries its token, because the feedback service keeps customer contact details to itself. The
complaint's owner (or HR, admin) reads the link with `surveyLink(feedbackId)` and sends it on the channel the
customer used. The token is an HMAC of the survey id under a key derived from the service secret: the database
holds only its sha256, yet the same link can be shown again. Rotating SERVICELOOP_JWT_SECRET voids open links.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import uuid

from services.platform.errors import Conflict, NotFound, ValidationFailed
from services.platform.idempotency import run_once
from services.platform.outbox.service import publish
from services.platform.settings import get_settings

from ..directory.tables import StaffMember
from ..intake.tables import Feedback
from ..platform_tables import OUTBOX, IdempotencyRecord
from .tables import LoyaltyOutcome, Survey

SURVEY_VALIDITY = dt.timedelta(days=28)
MAX_COMMENT = 2000
MAX_TOKEN = 100

RETURNED = "returned"
BOUGHT_AGAIN = "bought_again"
CHURNED = "churned"
PROMOTER = "promoter"
PASSIVE = "passive"
DETRACTOR = "detractor"
# Staff and integrations report what the customer did; an integration's NPS tool may report a promoter.
STAFF_KINDS = (RETURNED, BOUGHT_AGAIN, PROMOTER, CHURNED)
# What recognition treats as the customer staying (confirms a resolution) or leaving (reverses it).
POSITIVE_KINDS = (RETURNED, BOUGHT_AGAIN, PROMOTER)
NEGATIVE_KINDS = (CHURNED, DETRACTOR)
SOURCES = ("staff", "integration")


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


def nps_kind(nps: int) -> str:
    """The standard NPS bands: 9-10 promoter, 7-8 passive, 0-6 detractor."""
    if nps >= 9:
        return PROMOTER
    return PASSIVE if nps >= 7 else DETRACTOR


def nps_score(*, promoters: int, detractors: int, responses: int) -> int | None:
    """% promoters minus % detractors, rounded half away from zero (12.5 -> 13); None with no responses."""
    if responses == 0:
        return None
    # Integer arithmetic: Python's round() would send 12.5 to 12 and 13.5 to 14.
    difference = promoters - detractors
    magnitude = (200 * abs(difference) + responses) // (2 * responses)
    return magnitude if difference >= 0 else -magnitude


# ---------------------------------------------------------------- survey tokens


def _link_key() -> bytes:
    # A key of its own, derived from the service secret, so a survey token can never pass as anything else.
    secret = get_settings().jwt_secret.get_secret_value().encode()
    return hmac.new(secret, b"serviceloop:survey-link", hashlib.sha256).digest()


def survey_token(survey_id: uuid.UUID) -> str:
    """The survey's token: an HMAC of its id, so it is never stored yet staff can be shown it again."""
    mac = hmac.new(_link_key(), survey_id.bytes, hashlib.sha256).digest()[:24]
    return base64.urlsafe_b64encode(mac).decode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---------------------------------------------------------------- surveys


async def create_survey(
    *, feedback_id: uuid.UUID, employee_id: uuid.UUID, resolution: int, resolved_at: dt.datetime
) -> bool:
    """The follow-up of one resolution (once, however often the event comes); True when created now."""
    survey_id = uuid.uuid4()
    rows = await Survey.raw(
        f"INSERT INTO {_t(Survey)} (id, token_hash, feedback, resolution, employee, created_at, expires_at) "
        "VALUES ({}, {}, {}, {}, {}, {}, {}) ON CONFLICT (feedback, resolution) DO NOTHING RETURNING id",
        survey_id,
        token_hash(survey_token(survey_id)),
        feedback_id,
        resolution,
        employee_id,
        resolved_at,
        resolved_at + SURVEY_VALIDITY,
    )
    return bool(rows)


async def withdraw_open_surveys(*, feedback_id: uuid.UUID, at: dt.datetime) -> int:
    """A reopened complaint's unanswered survey asks about a resolution that no longer stands: close it."""
    rows = await Survey.raw(
        f"UPDATE {_t(Survey)} SET voided_at = {{}} WHERE feedback = {{}} AND answered_at IS NULL "
        "AND voided_at IS NULL RETURNING id",
        at,
        feedback_id,
    )
    return len(rows)


async def latest_survey(*, feedback_id: uuid.UUID) -> dict | None:
    """The survey of the complaint's latest resolution, or None when it was never resolved."""
    rows = await Survey.raw(
        f"SELECT * FROM {_t(Survey)} WHERE feedback = {{}} ORDER BY resolution DESC LIMIT 1", feedback_id
    )
    return rows[0] if rows else None


def survey_state(survey: dict, *, now: dt.datetime) -> str:
    """open | answered | withdrawn | expired."""
    if survey["answered_at"] is not None:
        return "answered"
    if survey["voided_at"] is not None:
        return "withdrawn"
    return "expired" if now >= survey["expires_at"] else "open"


async def survey_by_token(*, token: str) -> dict:
    if not token or len(token) > MAX_TOKEN:
        raise NotFound("No such survey.", code="SURVEY_NOT_FOUND")
    rows = await Survey.raw(f"SELECT * FROM {_t(Survey)} WHERE token_hash = {{}}", token_hash(token))
    if not rows:
        raise NotFound("No such survey.", code="SURVEY_NOT_FOUND")
    return rows[0]


async def answer_survey(*, token: str, csat: int, nps: int, comment: str | None, now: dt.datetime) -> dict:
    """The customer's answer: once, within 28 days; it becomes a loyalty outcome (promoter, passive, detractor)."""
    if not 1 <= csat <= 5:
        raise ValidationFailed("csat must be between 1 and 5.", code="INVALID_CSAT")
    if not 0 <= nps <= 10:
        raise ValidationFailed("nps must be between 0 and 10.", code="INVALID_NPS")
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > MAX_COMMENT:
        raise ValidationFailed(f"The comment is longer than {MAX_COMMENT} characters.", code="COMMENT_TOO_LONG")
    survey = await survey_by_token(token=token)
    async with Survey._meta.db.transaction():
        # The conditions are checked again in the update itself: two answers at once, only one lands.
        rows = await Survey.raw(
            f"UPDATE {_t(Survey)} SET csat = {{}}, nps = {{}}, comment = {{}}, answered_at = {{}} "
            "WHERE id = {} AND answered_at IS NULL AND voided_at IS NULL AND expires_at > {} RETURNING *",
            csat,
            nps,
            comment,
            now,
            survey["id"],
            now,
        )
        if not rows:
            _refuse_answer(await survey_by_token(token=token), now=now)
        answered = rows[0]
        outcome = await _add_outcome(
            feedback_id=answered["feedback"],
            employee_id=answered["employee"],
            kind=nps_kind(nps),
            nps=nps,
            source="survey",
            recorded_by=None,
            occurred_at=now,
        )
    return {"survey": answered, "outcome": outcome}


def _refuse_answer(survey: dict, *, now: dt.datetime) -> None:
    state = survey_state(survey, now=now)
    if state == "answered":
        raise Conflict("This survey was already answered. Thank you!", code="SURVEY_ALREADY_ANSWERED")
    if state == "withdrawn":
        raise Conflict("This survey was withdrawn: the complaint was reopened.", code="SURVEY_WITHDRAWN")
    raise Conflict("This survey has expired.", code="SURVEY_EXPIRED")


# ---------------------------------------------------------------- outcomes


async def complaint_owner(*, feedback_id: uuid.UUID) -> uuid.UUID | None:
    """The complaint's current owner (None before anyone took it); NOT_FOUND when it is not a complaint.

    Access is decided on this before anything about the complaint's state is told.
    """
    rows = await Feedback.raw(f"SELECT kind, owner FROM {_t(Feedback)} WHERE id = {{}}", feedback_id)
    if not rows or rows[0]["kind"] != "complaint":
        raise NotFound("No such complaint.", code="COMPLAINT_NOT_FOUND")
    return rows[0]["owner"]


async def resolved_complaint(*, feedback_id: uuid.UUID) -> dict:
    """The complaint an outcome is about, with the owner of its latest resolution (one statement)."""
    rows = await Feedback.raw(
        f"SELECT f.id, f.kind, s.employee AS owner, s.created_at AS resolved_at FROM {_t(Feedback)} f "
        f"LEFT JOIN LATERAL (SELECT employee, created_at FROM {_t(Survey)} WHERE feedback = f.id "
        "ORDER BY resolution DESC LIMIT 1) s ON true WHERE f.id = {}",
        feedback_id,
    )
    if not rows or rows[0]["kind"] != "complaint":
        raise NotFound("No such complaint.", code="COMPLAINT_NOT_FOUND")
    if rows[0]["owner"] is None:
        raise Conflict("This complaint has not been resolved yet.", code="COMPLAINT_NOT_RESOLVED")
    return rows[0]


async def record_outcome(
    *,
    complaint: dict,
    kind: str,
    source: str,
    occurred_at: dt.datetime | None,
    recorded_by: uuid.UUID,
    client_id: str,
    now: dt.datetime,
) -> dict:
    """Staff or an integration record what the customer did after the resolution (retry-safe)."""
    if kind not in STAFF_KINDS:
        raise ValidationFailed("kind must be returned, bought_again, promoter or churned.", code="INVALID_OUTCOME_KIND")
    if source not in SOURCES:
        raise ValidationFailed("source must be staff or integration.", code="INVALID_OUTCOME_SOURCE")
    at = occurred_at or now
    if at > now:
        raise ValidationFailed("occurredAt cannot be in the future.", code="OCCURRED_AT_IN_FUTURE")
    if at < complaint["resolved_at"]:
        raise ValidationFailed("occurredAt is before the complaint was resolved.", code="OCCURRED_BEFORE_RESOLUTION")

    async def work() -> dict:
        outcome = await _add_outcome(
            feedback_id=complaint["id"],
            employee_id=complaint["owner"],
            kind=kind,
            nps=None,
            source=source,
            recorded_by=recorded_by,
            occurred_at=at,
        )
        return {"outcome_id": str(outcome["id"])}

    async with LoyaltyOutcome._meta.db.transaction():
        return await run_once(
            IdempotencyRecord,
            principal_id=recorded_by,
            operation="recordLoyaltyOutcome",
            client_id=client_id,
            request={"feedback_id": str(complaint["id"]), "kind": kind, "source": source, "occurred_at": at},
            work=work,
        )


async def _add_outcome(
    *,
    feedback_id: uuid.UUID,
    employee_id: uuid.UUID,
    kind: str,
    nps: int | None,
    source: str,
    recorded_by: uuid.UUID | None,
    occurred_at: dt.datetime,
) -> dict:
    rows = await LoyaltyOutcome.raw(
        f"INSERT INTO {_t(LoyaltyOutcome)} (id, feedback, employee, kind, nps, source, recorded_by, occurred_at) "
        "VALUES ({}, {}, {}, {}, {}, {}, {}, {}) RETURNING *",
        uuid.uuid4(),
        feedback_id,
        employee_id,
        kind,
        nps,
        source,
        recorded_by,
        occurred_at,
    )
    # No customer data travels in the event: recognition needs the complaint, the owner and the kind.
    await publish(
        OUTBOX,
        topic="loyalty.outcome_recorded",
        payload={
            "feedback_id": str(feedback_id),
            "employee": str(employee_id),
            "kind": kind,
            "nps": nps,
            "occurred_at": occurred_at.isoformat(),
        },
    )
    return rows[0]


async def outcomes_many(*, outcome_ids: list[uuid.UUID]) -> list[dict | None]:
    rows = await LoyaltyOutcome.raw(
        f"SELECT * FROM {_t(LoyaltyOutcome)} WHERE id = ANY({{}}::uuid[])", list(outcome_ids)
    )
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in outcome_ids]


# ---------------------------------------------------------------- NPS


def _nps_row(row: dict) -> dict:
    counts = {k: row[k] for k in ("promoters", "passives", "detractors", "responses")}
    return {**counts, "score": nps_score(**{k: counts[k] for k in ("promoters", "detractors", "responses")})}


_COUNTS = (
    "count(*) FILTER (WHERE o.nps >= 9) AS promoters, "
    "count(*) FILTER (WHERE o.nps BETWEEN 7 AND 8) AS passives, "
    "count(*) FILTER (WHERE o.nps <= 6) AS detractors, count(*) AS responses"
)


async def nps(
    *,
    employee_id: uuid.UUID | None = None,
    team_path: str | None = None,
    start: dt.datetime | None,
    end: dt.datetime | None,
) -> dict:
    """NPS of survey answers in [start, end): one employee's, a subtree's (its root included), or everyone's."""
    where, args = ["o.nps IS NOT NULL"], []
    join = ""
    if employee_id is not None:
        where.append("o.employee = {}")
        args.append(employee_id)
    if team_path is not None:
        join = f"JOIN {_t(StaffMember)} s ON s.id = o.employee"
        where.append("(s.org_path = {} OR s.org_path LIKE {})")
        args += [team_path, team_path + "/%"]
    if start is not None:
        where.append("o.occurred_at >= {}")
        args.append(start)
    if end is not None:
        where.append("o.occurred_at < {}")
        args.append(end)
    rows = await LoyaltyOutcome.raw(
        f"SELECT {_COUNTS} FROM {_t(LoyaltyOutcome)} o {join} WHERE {' AND '.join(where)}", *args
    )
    return _nps_row(rows[0])


async def nps_many(
    *, employee_ids: list[uuid.UUID], start: dt.datetime | None, end: dt.datetime | None
) -> list[dict]:
    """NPS per employee in the order asked, for one period (one statement)."""
    rows = await LoyaltyOutcome.raw(
        f"SELECT o.employee, {_COUNTS} FROM {_t(LoyaltyOutcome)} o WHERE o.employee = ANY({{}}::uuid[]) "
        "AND o.nps IS NOT NULL AND ({}::timestamptz IS NULL OR o.occurred_at >= {}) "
        "AND ({}::timestamptz IS NULL OR o.occurred_at < {}) GROUP BY o.employee",
        list(employee_ids),
        start,
        start,
        end,
        end,
    )
    by_id = {row["employee"]: _nps_row(row) for row in rows}
    empty = _nps_row({"promoters": 0, "passives": 0, "detractors": 0, "responses": 0})
    return [by_id.get(i, empty) for i in employee_ids]
