"""Follow-up surveys, loyalty outcomes and NPS: the rules and their data access.

How a survey reaches the customer: each resolution creates a survey (complaint.resolved). When the customer left
an e-mail address and agreed to be contacted, the feedback service's worker e-mails them the link
(survey.created); staff see only that it was sent and its state, never a token. A customer with no e-mail can be
shown the survey in person, on a customer-facing screen (`presentSurveyInPerson`, complaints received in person
only): that token is a different one, and its answer counts in NPS but confirms no points
(recognition/evidence.py). Tokens are HMACs of the survey id under purpose keys derived from the service secret:
the database holds only their sha256. Rotating SERVICELOOP_JWT_SECRET voids open links.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from services.platform import link_tokens, mail
from services.platform.errors import Conflict, NotFound, ValidationFailed
from services.platform.idempotency import run_once
from services.platform.outbox.service import publish
from services.platform.settings import Settings

from ..directory.tables import StaffMember
from ..intake.tables import Feedback
from ..platform_tables import OUTBOX, IdempotencyRecord
from ..privacy.tables import Customer
from ..recognition import evidence
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


EMAIL = "email"
IN_PERSON = "in_person"
# Complaints whose customer stood in front of staff: the only ones whose survey may be shown on a screen.
IN_PERSON_CHANNELS = ("in_person",)


def survey_token(survey_id: uuid.UUID, *, via: str = EMAIL) -> str:
    """The survey's token for one way of reaching the customer (the in-person one never passes as the e-mailed)."""
    return link_tokens.link_token("survey-link" if via == EMAIL else "survey-in-person", survey_id)


token_hash = link_tokens.token_hash


def survey_url(token: str, *, settings: Settings) -> str:
    return f"{settings.customer_pages_url}/survey.html?token={token}"


# ---------------------------------------------------------------- surveys


async def create_survey(
    *, feedback_id: uuid.UUID, employee_id: uuid.UUID, resolution: int, resolved_at: dt.datetime
) -> bool:
    """The follow-up of one resolution (once, however often the event comes); True when created now.
    Call inside the consuming transaction: survey.created asks the worker to e-mail it."""
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
    if rows:
        await publish(OUTBOX, topic="survey.created", payload={"survey_id": str(survey_id), "feedback_id": str(feedback_id)})
    return bool(rows)


SURVEY_MAIL_SUBJECT = "Kuidas meil läks? / How did we do?"
SURVEY_MAIL_TEXT = """Tere!

Aitäh, et andsite meile teada, mis valesti läks. Teie mure on nüüd lahendatud. Kas jäite lahendusega rahule?
Vastamine võtab alla minuti:

{url}

Link kehtib kuni {until}.

---

Hello,

Thank you for telling us what went wrong. Your complaint has now been resolved. Were you happy with how we
handled it? Answering takes less than a minute:

{url}

The link works until {until}.
"""


async def email_survey(*, survey_id: uuid.UUID, now: dt.datetime, settings: Settings) -> bool:
    """Send a new survey to the customer's e-mail, when they gave one and agreed to be contacted; True when sent.

    Runs in the worker (survey.created). Sent at most once per survey as far as the database knows: a retry
    after the mail server took the message but before the commit may send it twice.
    """
    rows = await Survey.raw(
        f"SELECT s.id, s.expires_at, s.emailed_at, s.voided_at, s.answered_at, c.email, c.consent, c.erased_at "
        f"FROM {_t(Survey)} s JOIN {_t(Feedback)} f ON f.id = s.feedback "
        f"LEFT JOIN {_t(Customer)} c ON c.id = f.customer WHERE s.id = {{}} FOR UPDATE OF s",
        survey_id,
    )
    if not rows:
        return False
    row = rows[0]
    if row["emailed_at"] or row["voided_at"] or row["answered_at"]:
        return False
    if not row["email"] or not row["consent"] or row["erased_at"]:
        return False
    url = survey_url(survey_token(row["id"]), settings=settings)
    until = row["expires_at"].strftime("%d.%m.%Y")
    await mail.send(
        mail.Message(to=row["email"], subject=SURVEY_MAIL_SUBJECT, text=SURVEY_MAIL_TEXT.format(url=url, until=until)),
        settings=settings,
    )
    await Survey.raw(f"UPDATE {_t(Survey)} SET emailed_at = {{}} WHERE id = {{}}", now, survey_id)
    return True


async def present_in_person(*, survey: dict, channel: str, now: dt.datetime) -> str:
    """The in-person token of an open survey, for a customer-facing screen (same token however often asked).

    Only for complaints received in person, and not once it went by e-mail: one customer, one channel.
    """
    if channel not in IN_PERSON_CHANNELS:
        raise ValidationFailed(
            "Only a complaint received in person can be surveyed in person.", code="SURVEY_NOT_IN_PERSON"
        )
    state = survey_state(survey, now=now)
    if state != "open":
        _refuse_answer(survey, now=now)
    if survey["emailed_at"] is not None:
        raise Conflict("This survey was already e-mailed to the customer.", code="SURVEY_ALREADY_EMAILED")
    token = survey_token(survey["id"], via=IN_PERSON)
    await Survey.raw(
        f"UPDATE {_t(Survey)} SET in_person_token_hash = {{}}, presented_at = coalesce(presented_at, {{}}) "
        "WHERE id = {}",
        token_hash(token),
        now,
        survey["id"],
    )
    return token


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


async def latest_surveys_many(*, feedback_ids: Sequence[uuid.UUID]) -> list[dict | None]:
    """latest_survey of many complaints, in the order asked: one statement."""
    rows = await Survey.raw(
        f"SELECT DISTINCT ON (feedback) * FROM {_t(Survey)} WHERE feedback = ANY({{}}::uuid[]) "
        "ORDER BY feedback, resolution DESC",
        list(feedback_ids),
    )
    by_feedback = {row["feedback"]: row for row in rows}
    return [by_feedback.get(i) for i in feedback_ids]


def survey_state(survey: dict, *, now: dt.datetime) -> str:
    """open | answered | withdrawn | expired."""
    if survey["answered_at"] is not None:
        return "answered"
    if survey["voided_at"] is not None:
        return "withdrawn"
    return "expired" if now >= survey["expires_at"] else "open"


async def present_in_person_once(
    *, survey: dict, channel: str, presenter: uuid.UUID, client_id: str, now: dt.datetime
) -> str:
    """present_in_person, retry-safe. The replay record keeps no token (it is derived again): no token is stored."""

    async def work() -> dict:
        await present_in_person(survey=survey, channel=channel, now=now)
        return {"survey_id": str(survey["id"])}

    async with Survey._meta.db.transaction():
        await run_once(
            IdempotencyRecord,
            principal_id=presenter,
            operation="presentSurveyInPerson",
            client_id=client_id,
            request={"survey_id": str(survey["id"])},
            work=work,
        )
    return survey_token(survey["id"], via=IN_PERSON)


async def survey_by_token(*, token: str) -> dict:
    if not token or len(token) > MAX_TOKEN:
        raise NotFound("No such survey.", code="SURVEY_NOT_FOUND")
    digest = token_hash(token)
    rows = await Survey.raw(
        f"SELECT *, CASE WHEN token_hash = {{}} THEN '{EMAIL}' ELSE '{IN_PERSON}' END AS via FROM {_t(Survey)} "
        "WHERE token_hash = {} OR in_person_token_hash = {}",
        digest,
        digest,
        digest,
    )
    if not rows:
        raise NotFound("No such survey.", code="SURVEY_NOT_FOUND")
    return rows[0]


async def answer_survey(*, token: str, csat: int, nps: int, comment: str | None, now: dt.datetime) -> dict:
    """The customer's answer: once, within 28 days, by either link; it becomes a loyalty outcome (promoter,
    passive, detractor) that counts in NPS unless the owner produced the evidence (recognition/evidence.py)."""
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
            f"UPDATE {_t(Survey)} SET csat = {{}}, nps = {{}}, comment = {{}}, answered_at = {{}}, answered_via = {{}} "
            "WHERE id = {} AND answered_at IS NULL AND voided_at IS NULL AND expires_at > {} RETURNING *",
            csat,
            nps,
            comment,
            now,
            survey["via"],
            survey["id"],
            now,
        )
        if not rows:
            _refuse_answer(await survey_by_token(token=token), now=now)
        answered = rows[0]
        source = evidence.EMAILED_SURVEY if survey["via"] == EMAIL else evidence.IN_PERSON_SURVEY
        standing = await evidence.standing(feedback_id=answered["feedback"], owner=answered["employee"])
        outcome = await _add_outcome(
            feedback_id=answered["feedback"],
            employee_id=answered["employee"],
            kind=nps_kind(nps),
            nps=nps,
            source=source,
            recorded_by=None,
            occurred_at=now,
            counts_for_nps=evidence.survey_counts_for_nps(standing, source=source),
            csat=csat,
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
    counts_for_nps: bool = True,
    csat: int | None = None,
) -> dict:
    rows = await LoyaltyOutcome.raw(
        f"INSERT INTO {_t(LoyaltyOutcome)} (id, feedback, employee, kind, nps, source, recorded_by, occurred_at, "
        "counts_for_nps, csat) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}) RETURNING *",
        uuid.uuid4(),
        feedback_id,
        employee_id,
        kind,
        nps,
        source,
        recorded_by,
        occurred_at,
        counts_for_nps,
        csat,
    )
    # No customer data travels in the event: recognition needs the complaint, the owner, the kind and who
    # produced the verdict (the owner's own word confirms nothing).
    await publish(
        OUTBOX,
        topic="loyalty.outcome_recorded",
        payload={
            "outcome_id": str(rows[0]["id"]),
            "feedback_id": str(feedback_id),
            "employee": str(employee_id),
            "kind": kind,
            "nps": nps,
            "source": source,
            "recorded_by": str(recorded_by) if recorded_by else None,
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
    counts = {k: row[k] for k in ("promoters", "passives", "detractors", "responses", "in_person")}
    return {**counts, "score": nps_score(**{k: counts[k] for k in ("promoters", "detractors", "responses")})}


_COUNTS = (
    "count(*) FILTER (WHERE o.nps >= 9) AS promoters, "
    "count(*) FILTER (WHERE o.nps BETWEEN 7 AND 8) AS passives, "
    "count(*) FILTER (WHERE o.nps <= 6) AS detractors, count(*) AS responses, "
    f"count(*) FILTER (WHERE o.source = '{evidence.IN_PERSON_SURVEY}') AS in_person"
)


def _counted_answers(
    *, score: str, employee_id: uuid.UUID | None, team_path: str | None, start: dt.datetime | None,
    end: dt.datetime | None
) -> tuple[str, str, list]:
    """The join, condition and arguments selecting the survey answers that count (counts_for_nps) with a `score`
    (nps or csat) in [start, end): one employee's, a subtree's (its root included), or everyone's."""
    where, args = [f"o.{score} IS NOT NULL AND o.counts_for_nps"], []
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
    return join, " AND ".join(where), args


async def nps(
    *,
    employee_id: uuid.UUID | None = None,
    team_path: str | None = None,
    start: dt.datetime | None,
    end: dt.datetime | None,
) -> dict:
    """NPS of survey answers in [start, end): one employee's, a subtree's (its root included), or everyone's."""
    join, where, args = _counted_answers(
        score="nps", employee_id=employee_id, team_path=team_path, start=start, end=end
    )
    rows = await LoyaltyOutcome.raw(
        f"SELECT {_COUNTS} FROM {_t(LoyaltyOutcome)} o {join} WHERE {where}", *args
    )
    return _nps_row(rows[0])


async def nps_many(
    *, employee_ids: list[uuid.UUID], start: dt.datetime | None, end: dt.datetime | None
) -> list[dict]:
    """NPS per employee in the order asked, for one period (one statement)."""
    rows = await LoyaltyOutcome.raw(
        f"SELECT o.employee, {_COUNTS} FROM {_t(LoyaltyOutcome)} o WHERE o.employee = ANY({{}}::uuid[]) "
        "AND o.nps IS NOT NULL AND o.counts_for_nps AND ({}::timestamptz IS NULL OR o.occurred_at >= {}) "
        "AND ({}::timestamptz IS NULL OR o.occurred_at < {}) GROUP BY o.employee",
        list(employee_ids),
        start,
        start,
        end,
        end,
    )
    by_id = {row["employee"]: _nps_row(row) for row in rows}
    empty = _nps_row({"promoters": 0, "passives": 0, "detractors": 0, "responses": 0, "in_person": 0})
    return [by_id.get(i, empty) for i in employee_ids]


# ---------------------------------------------------------------- CSAT


def csat_mean(*, total: int, answers: int) -> float | None:
    """The mean satisfaction (1-5) to two decimals; None with no answers."""
    return round(total / answers, 2) if answers else None


def _csat_row(row: dict) -> dict:
    total, answers = int(row["total"] or 0), int(row["answers"] or 0)
    return {"answers": answers, "mean": csat_mean(total=total, answers=answers)}


async def csat(
    *,
    employee_id: uuid.UUID | None = None,
    team_path: str | None = None,
    start: dt.datetime | None,
    end: dt.datetime | None,
) -> dict:
    """CSAT of survey answers in [start, end): one employee's, a subtree's (its root included), or everyone's.

    The same answers as NPS: one that does not count for NPS (recognition/evidence.py) does not count here either.
    """
    join, where, args = _counted_answers(
        score="csat", employee_id=employee_id, team_path=team_path, start=start, end=end
    )
    rows = await LoyaltyOutcome.raw(
        f"SELECT sum(o.csat) AS total, count(*) AS answers FROM {_t(LoyaltyOutcome)} o {join} "
        f"WHERE {where}",
        *args,
    )
    return _csat_row(rows[0])
