"""Steps for learning tests: today's plan, sessions, answers, events and clock moves, all through GraphQL.

The right option of an item is read from the catalogue (or computed from the company values), never from
the API, which does not reveal it before the answer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from zoneinfo import ZoneInfo

import httpx
from asgi_lifespan import LifespanManager

from .support import Api, new_id

TALLINN = "Europe/Tallinn"
NEW_YORK = "America/New_York"

TODAY = (
    "{ today { date reason minutes lesson { id minutes } reviewItems { id kind } "
    "session { id completedAt passed } "
    "progress { xp level xpForNextLevel streak longestStreak freezes lastActiveDate doneToday } } }"
)
START = "mutation($i: StartLessonInput!) { startLesson(input: $i) { id startedAt lesson { id } items { id kind options } } }"
ANSWER = (
    "mutation($i: AnswerItemInput!) { answerItem(input: $i) "
    "{ itemId chosen correct correctOption xpGained nextReviewAt } }"
)
COMPLETE = (
    "mutation($i: CompleteLessonInput!) { completeLesson(input: $i) { passed correctCount itemCount xpGained "
    "session { id completedAt passed correctCount xpAwarded } "
    "progress { xp level streak longestStreak freezes doneToday } assignmentsCompleted { id } } }"
)
ASSIGN = (
    "mutation($i: AssignLessonInput!) { assignLesson(input: $i) "
    "{ id source dueDate completedAt lesson { id } employee { hrId } } }"
)
OPEN_ASSIGNMENTS = "query($id: ID!) { employee(id: $id) { openAssignments { id source dueDate lesson { id } } } }"
PROGRESS = "{ me { progress { xp level streak longestStreak freezes lastActiveDate doneToday } } }"


# ---------------------------------------------------------------- time


def local(time_zone: str, *args: int) -> dt.datetime:
    """A wall-clock time in a zone (e.g. local(TALLINN, 2026, 3, 28, 23, 30)) as a UTC instant."""
    return dt.datetime(*args, tzinfo=ZoneInfo(time_zone)).astimezone(dt.timezone.utc)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.timezone.utc)


# ---------------------------------------------------------------- catalogue


async def catalogue():
    from services.learning.lessons.service import get_catalogue

    return await get_catalogue()


async def suitable_ids(role_family: str) -> list[str]:
    return [lesson.id for lesson in (await catalogue()).suitable(role_family)]


async def right_option(item_id: str) -> int:
    """The right option of a lesson item or of a company-value item."""
    from services.learning.values import quiz
    from services.learning.values.service import get_active_for_quiz

    if quiz.is_value_item(item_id):
        values = await get_active_for_quiz()
        value = next(v for v in values if quiz.value_item_id(v["id"]) == item_id)
        return quiz.value_item(value, values, lesson_id="values").correct
    return (await catalogue()).items[item_id].correct


def wrong(correct: int, options: int) -> int:
    return (correct + 1) % options


# ---------------------------------------------------------------- GraphQL steps


async def today(api: Api, token: str) -> dict:
    return (await api.ok(TODAY, token=token))["today"]


async def progress(api: Api, token: str) -> dict:
    return (await api.ok(PROGRESS, token=token))["me"]["progress"]


async def start(api: Api, token: str, lesson_id: str, *, cmid: str | None = None) -> dict:
    variables = {"i": {"lessonId": lesson_id, "clientMutationId": cmid or new_id()}}
    return (await api.ok(START, variables, token=token))["startLesson"]


def answer_input(item_id: str, choice: int, session_id: str | None = None, cmid: str | None = None) -> dict:
    data = {"itemId": item_id, "choice": choice, "clientMutationId": cmid or new_id()}
    if session_id is not None:
        data["sessionId"] = session_id
    return {"i": data}


async def answer(api: Api, token: str, item_id: str, *, right: bool = True, session_id: str | None = None,
                 options: int | None = None, cmid: str | None = None) -> dict:
    correct = await right_option(item_id)
    if options is None:
        lesson_items = (await catalogue()).items
        options = len(lesson_items[item_id].options) if item_id in lesson_items else 4  # value items have 4
    choice = correct if right else wrong(correct, options)
    return (await api.ok(ANSWER, answer_input(item_id, choice, session_id, cmid), token=token))["answerItem"]


async def answer_all(api: Api, token: str, session: dict, *, right: int | bool = True) -> list[dict]:
    """Answer every item of the session: all right, all wrong, or the first `right` items right."""
    results = []
    for n, item in enumerate(session["items"]):
        ok = right if isinstance(right, bool) else n < right
        results.append(await answer(api, token, item["id"], right=ok, session_id=session["id"], options=len(item["options"])))
    return results


async def complete(api: Api, token: str, session_id: str, *, cmid: str | None = None) -> dict:
    variables = {"i": {"sessionId": session_id, "clientMutationId": cmid or new_id()}}
    return (await api.ok(COMPLETE, variables, token=token))["completeLesson"]


async def do_lesson(api: Api, token: str, lesson_id: str | None = None, *, right: int | bool = True) -> dict:
    """Start a lesson (today's when none is named), answer every item and complete it."""
    if lesson_id is None:
        lesson_id = (await today(api, token))["lesson"]["id"]
    session = await start(api, token, lesson_id)
    await answer_all(api, token, session, right=right)
    done = await complete(api, token, session["id"])
    done["started"] = session
    return done


async def assign(api: Api, token: str, employee_ids: list, lesson_id: str, *, due: dt.date | None = None,
                 cmid: str | None = None) -> list[dict]:
    variables = {"i": {"employeeIds": [str(i) for i in employee_ids], "lessonId": lesson_id,
                       "dueDate": due.isoformat() if due else None, "clientMutationId": cmid or new_id()}}
    return (await api.ok(ASSIGN, variables, token=token))["assignLesson"]


async def open_assignments(api: Api, token: str, employee_id) -> list[dict]:
    return (await api.ok(OPEN_ASSIGNMENTS, {"id": str(employee_id)}, token=token))["employee"]["openAssignments"]


# ---------------------------------------------------------------- events and rows


async def deliver(topic: str, payload: dict, *, event_id: str | None = None, occurred_at: dt.datetime | None = None) -> bool:
    """Hand one event to the learning service's consumer, as its worker would."""
    from services.learning.assignments import jobs as _assignment_jobs  # noqa: F401  (registers handlers)
    from services.learning.platform_tables import OUTBOX
    from services.learning.progress import jobs as _progress_jobs  # noqa: F401  (registers handlers)
    from services.learning.teams import jobs as _team_jobs  # noqa: F401  (registers handlers)
    from services.platform.clock import SystemClock
    from services.platform.outbox.service import consume

    event = {
        "id": event_id or str(uuid.uuid4()),
        "topic": topic,
        "payload": json.loads(json.dumps(payload, default=str)),
        "occurred_at": (occurred_at or SystemClock().now()).isoformat(),
    }
    return await consume(OUTBOX, event)


async def grant_freeze(employee_id, *, at: dt.datetime, event_id: str | None = None) -> bool:
    return await deliver("streak_freeze.granted", {"employee_id": str(employee_id)}, event_id=event_id, occurred_at=at)


async def count_rows(table: str, where: str = "TRUE", *args) -> int:
    from services.learning.lessons.tables import Lesson

    rows = await Lesson.raw(f'SELECT count(*) AS n FROM learning."{table}" WHERE {where}', *args)
    return rows[0]["n"]


# ---------------------------------------------------------------- extra lessons for rules the content lacks


@contextlib.asynccontextmanager
async def extra_lesson(*, lesson_id: str, topic: str, role_families: list[str], position: int,
                       like: str | None = None):
    """A lesson added to the test catalogue for the duration of a test (removed, with its sessions, after)."""
    from services.learning.lessons import catalogue as loader
    from services.learning.lessons.content_model import LessonContent
    from services.learning.lessons.service import invalidate
    from services.learning.lessons.tables import Lesson

    base = (await catalogue()).by_id[like or (await catalogue()).lessons[0].id]
    content = LessonContent.model_validate(
        {**base.model_dump(), "id": lesson_id, "topic": topic, "role_families": role_families}
    )
    await Lesson.insert(
        Lesson(id=lesson_id, topic=topic, position=position, role_families=role_families, minutes=content.minutes,
               content=content.model_dump_json(), content_hash=loader.content_hash(content), active=True)
    )
    invalidate()
    try:
        yield content
    finally:
        await Lesson.delete().where(Lesson.id == lesson_id)
        invalidate()


# ---------------------------------------------------------------- a second app instance


@contextlib.asynccontextmanager
async def second_app(clock):
    """A new app instance (own lifespan, own client) over the same database, as after a restart."""
    from piccolo.engine import engine_finder

    from services.learning.app import create_app
    from services.platform import database
    from services.platform.settings import get_settings

    application = create_app(clock=clock)
    try:
        async with LifespanManager(application):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://other") as http:
                yield Api(http)
    finally:
        # Both instances share this process's engine: the second one's shutdown closes the pool under the first.
        engine = engine_finder()
        if engine.pool is None:
            await database.open_pool(engine, get_settings())


async def settle_teams(app, storage, clock) -> None:
    """Relay the learning outbox and run the real learning worker until its queue is empty: the team rollups a
    request announced are then up to date (teams/rollups.py)."""
    from services.learning.platform_tables import OUTBOX
    from services.platform.outbox import service as outbox

    from .support import run_worker

    pool = await app.state.runtime.arq()
    while await outbox.relay(OUTBOX, arq=pool, now=clock.now()):
        pass
    await run_worker("learning", storage["redis_url"], clock)
