"""Steps for loyalty, recognition and leaderboard tests: people in the replica, feedback rows, the intake and
complaint events (as those domains publish them), delivery through the relay and the real worker, GraphQL calls.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from zoneinfo import ZoneInfo

from services.feedback.intake.references import new_reference
from services.feedback.intake.tables import Feedback, FeedbackSubject
from services.feedback.platform_tables import OUTBOX, OutboxEvent
from services.platform.outbox import service as outbox
from services.platform.outbox.routes import queue_name

from .support import Api, given_org, given_replica, new_id, run_worker, token_for

# Importing the worker registers every domain's handlers on OUTBOX (direct consume() calls need them).
import services.feedback.worker  # noqa: E402,F401  isort: skip

MY_RECOGNITION = (
    "{ myRecognition { points pendingPoints level pointsForNextLevel badges { key title } "
    "history(first: 50) { items { rule entry points feedbackId } } } }"
)
SURVEY_STATUS = (
    "query($f: ID!) { surveyStatus(feedbackId: $f) { resolution state delivery emailedAt presentedAt answeredAt "
    "expiresAt } }"
)
PRESENT_IN_PERSON = (
    "mutation($i: PresentSurveyInPersonInput!) { presentSurveyInPerson(input: $i) { url qrSvg expiresAt } }"
)
PUBLIC_SURVEY = "query($t: String!) { publicSurvey(token: $t) { expiresAt state } }"
ANSWER_SURVEY = "mutation($i: AnswerSurveyInput!) { answerSurvey(input: $i) { state expiresAt } }"
RECORD_OUTCOME = (
    "mutation($i: RecordLoyaltyOutcomeInput!) { recordLoyaltyOutcome(input: $i) "
    "{ id feedbackId kind nps source occurredAt } }"
)
NPS = (
    "query($e: ID, $t: ID, $o: Boolean! = false, $from: DateTime, $to: DateTime) "
    "{ nps(employeeId: $e, teamOf: $t, organisation: $o, from: $from, to: $to) "
    "{ promoters passives detractors responses score } }"
)
LEADERBOARD = (
    "query($p: LeaderboardPeriod!, $s: LeaderboardScope!, $f: String, $n: Boolean! = false, $first: Int) "
    "{ leaderboard(period: $p, scope: $s, roleFamily: $f, nearMe: $n, first: $first) "
    "{ period scope roleFamily startsAt endsAt total entries { rank points isMe employee { id } } "
    "me { rank points } } }"
)
POINT_RULES = "{ pointRules { key points dailyCap defaultPoints defaultDailyCap updatedAt } }"
SET_POINT_RULE = "mutation($i: SetPointRuleInput!) { setPointRule(input: $i) { key points dailyCap defaultPoints } }"
ENTITIES = (
    "query($r: [_Any!]!) { _entities(representations: $r) "
    "{ ... on Employee { id recognition { points level badges { key } } } } }"
)

TALLINN = "Europe/Tallinn"
NEW_YORK = "America/New_York"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.timezone.utc)


def local(time_zone: str, *args: int) -> dt.datetime:
    """A wall-clock time in a zone as a UTC instant."""
    return dt.datetime(*args, tzinfo=ZoneInfo(time_zone)).astimezone(dt.timezone.utc)


# ---------------------------------------------------------------- people and feedback


async def given_people(rows=None) -> dict[str, dict]:
    """The standard org imported into learning and announced to the feedback replica."""
    people = await given_org(rows) if rows is not None else await given_org()
    await given_replica(people)
    return people


async def given_feedback(
    *,
    kind: str = "complaint",
    subjects: list[dict] = (),
    owner: dict | None = None,
    company_value: str | None = None,
    received_at: dt.datetime | None = None,
) -> uuid.UUID:
    """A feedback row as intake would store it (intake's own service is another domain's test subject)."""
    feedback_id = uuid.uuid4()
    await Feedback.insert(
        Feedback(
            id=feedback_id,
            kind=kind,
            channel="phone",
            body="The customer's words.",
            reference=new_reference(),  # every stored item has one, as intake gives it
            source="staff",
            company_value=company_value,
            received_at=received_at or utc(2026, 3, 10, 8, 0),
            status="received" if kind == "complaint" else None,
            owner=owner["id"] if owner else None,
        )
    )
    for subject in subjects:
        await FeedbackSubject.insert(FeedbackSubject(feedback=feedback_id, employee=subject["id"]))
    return feedback_id


# ---------------------------------------------------------------- the events other domains publish


def recorded(feedback_id, *, kind: str = "praise", subjects: list[dict] = (), company_value: str | None = None,
             at: dt.datetime) -> tuple[str, dict]:
    return "feedback.recorded", {
        "feedback_id": str(feedback_id),
        "kind": kind,
        "channel": "phone",
        "category": None,
        "subjects": [str(s["id"]) for s in subjects],
        "company_value": company_value,
        "source": "staff",
        "received_at": at.isoformat(),
    }


def replied(feedback_id, *, author: dict, kind: str = "praise", first: bool = True, at: dt.datetime) -> tuple[str, dict]:
    return "feedback.replied", {
        "feedback_id": str(feedback_id), "kind": kind, "author": str(author["id"]), "first": first,
        "replied_at": at.isoformat(),
    }


def acknowledged(feedback_id, *, owner: dict, within_target: bool = True, at: dt.datetime) -> tuple[str, dict]:
    return "complaint.acknowledged", {
        "feedback_id": str(feedback_id), "owner": str(owner["id"]), "acknowledged_at": at.isoformat(),
        "within_target": within_target,
    }


def resolved(feedback_id, *, owner: dict, at: dt.datetime, late: bool = False, transfer_count: int = 0,
             reopen_count: int = 0) -> tuple[str, dict]:
    return "complaint.resolved", {
        "feedback_id": str(feedback_id), "owner": str(owner["id"]), "resolved_at": at.isoformat(), "late": late,
        "transfer_count": transfer_count, "reopen_count": reopen_count,
    }


def reopened(feedback_id, *, owner: dict, reopen_count: int = 1) -> tuple[str, dict]:
    return "complaint.reopened", {
        "feedback_id": str(feedback_id), "owner": str(owner["id"]), "reopen_count": reopen_count,
        "reason": "The customer wrote again.",
    }


async def publish(event: tuple[str, dict]) -> uuid.UUID:
    """Put an event in the feedback outbox, as the publishing domain does in its transaction."""
    topic, payload = event
    async with OutboxEvent._meta.db.transaction():
        return await outbox.publish(OUTBOX, topic=topic, payload=payload)


async def consume(event: tuple[str, dict], *, at: dt.datetime, event_id: str | None = None) -> bool:
    """Hand one event straight to the feedback service's consumers (unit-level: no relay, no worker)."""
    topic, payload = event
    return await outbox.consume(OUTBOX, as_event(topic, payload, at=at, event_id=event_id))


def as_event(topic: str, payload: dict, *, at: dt.datetime, event_id: str | None = None) -> dict:
    return {
        "id": event_id or str(uuid.uuid4()),
        "topic": topic,
        "payload": json.loads(json.dumps(payload, default=str)),
        "occurred_at": at.isoformat(),
        "source": "feedback",
    }


async def deliver(feedback_app, storage, clock, *, learning: bool = False) -> None:
    """Relay the feedback outbox and run the real feedback worker (and the learning one) until all is in."""
    pool = await feedback_app.state.runtime.arq()
    for _ in range(3):
        await outbox.relay(OUTBOX, arq=pool, now=clock.now())
        await run_worker("feedback", storage["redis_url"], clock)
        if learning:
            await run_worker("learning", storage["redis_url"], clock)


async def redeliver(feedback_app, storage, clock, event_id: uuid.UUID) -> None:
    """The same outbox event again as a new arq job (a worker died after commit, before acknowledging)."""
    row = (await OutboxEvent.select().where(OutboxEvent.id == event_id))[0]
    payload = json.loads(row["payload"]) if isinstance(row["payload"], str) else row["payload"]
    event = {"id": str(row["id"]), "topic": row["topic"], "payload": payload,
             "occurred_at": row["created_at"].isoformat(), "source": "feedback"}
    pool = await feedback_app.state.runtime.arq()
    await pool.enqueue_job("handle_event", event, _job_id=f"again:{uuid.uuid4()}", _queue_name=queue_name("feedback"))
    await run_worker("feedback", storage["redis_url"], clock)


async def outbox_events(topic: str) -> list[dict]:
    rows = await OutboxEvent.select().where(OutboxEvent.topic == topic).order_by(OutboxEvent.created_at)
    return [json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"] for r in rows]


# ---------------------------------------------------------------- rows


async def ledger_of(person: dict) -> list[tuple[str, str, int]]:
    """(rule, entry, points) of a person's ledger, in the order written."""
    from services.feedback.recognition.tables import LedgerEntry

    rows = await LedgerEntry.raw(
        "SELECT rule, entry, points FROM feedback.ledger_entry WHERE employee = {} ORDER BY created_at, entry, rule",
        person["id"],
    )
    return [(r["rule"], r["entry"], r["points"]) for r in rows]


async def badges_of(person: dict) -> set[str]:
    from services.feedback.recognition.tables import Badge

    return {r["badge"] for r in await Badge.select(Badge.badge).where(Badge.employee == person["id"])}


# ---------------------------------------------------------------- GraphQL steps


async def my_recognition(api: Api, person: dict) -> dict:
    return (await api.ok(MY_RECOGNITION, token=token_for(person)))["myRecognition"]


async def customers_token(feedback_id) -> str:
    """The token in the link the customer was e-mailed for the complaint's latest resolution (staff never see it;
    mail delivery itself has its own tests)."""
    from services.feedback.loyalty import service as loyalty

    survey = await loyalty.latest_survey(feedback_id=feedback_id)
    return loyalty.survey_token(survey["id"])


def token_in(mail) -> str:
    """The survey token in a caught e-mail's link."""
    [link] = {link for link in mail.links if "survey.html?token=" in link}
    return link.split("token=", 1)[1]


def answer_input(token: str, *, csat: int = 5, nps: int = 10, comment: str | None = None) -> dict:
    return {"i": {"token": token, "csat": csat, "nps": nps, "comment": comment}}


def outcome_input(feedback_id, kind: str = "RETURNED", *, occurred_at: dt.datetime | None = None,
                  source: str | None = None, cmid: str | None = None) -> dict:
    data = {"feedbackId": str(feedback_id), "kind": kind, "clientMutationId": cmid or new_id()}
    if occurred_at is not None:
        data["occurredAt"] = occurred_at.isoformat()
    if source is not None:
        data["source"] = source
    return {"i": data}


async def leaderboard(api: Api, viewer: dict, *, period: str = "WEEK", scope: str = "ORGANISATION",
                      role_family: str | None = None, near_me: bool = False, first: int | None = None) -> dict:
    variables = {"p": period, "s": scope, "f": role_family, "n": near_me, "first": first}
    return (await api.ok(LEADERBOARD, variables, token=token_for(viewer)))["leaderboard"]


async def given_resolved_complaint(owner: dict, *, at: dt.datetime, reopen_count: int = 0, **resolution) -> uuid.UUID:
    """A complaint owned by `owner`, resolved at `at`: its survey exists and its points are pending."""
    feedback_id = await given_feedback(owner=owner, received_at=at - dt.timedelta(hours=2))
    await consume(resolved(feedback_id, owner=owner, at=at, reopen_count=reopen_count, **resolution), at=at)
    return feedback_id


async def given_praise(person: dict, *, at: dt.datetime, times: int = 1, company_value: str | None = None) -> None:
    """Praises naming the person, awarded as the worker would (one event each)."""
    for _ in range(times):
        praise = await given_feedback(kind="praise", subjects=[person], company_value=company_value, received_at=at)
        await consume(recorded(praise, subjects=[person], company_value=company_value, at=at), at=at)


async def without_daily_caps() -> None:
    """Leaderboard tests hand out many awards in a day: lift the caps (the cap has its own tests)."""
    from services.feedback.recognition import rules

    for rule in rules.DEFAULTS.values():
        await rules.set_rule(key=rule.key, points=rule.points, daily_cap=None, by=uuid.uuid4(), now=utc(2026, 1, 1))
