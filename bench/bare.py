"""The baseline: a bare Litestar + asyncpg app returning the same data as the GraphQL `today` and `completeLesson`.

    uvicorn bench.bare:create_app --factory

POST /bare/today     {"locale": "ET"|"EN"} (optional)         -> {"data": {"today": {...}}}
POST /bare/complete  {"sessionId": ..., "clientMutationId": ...} -> {"data": {"completeLesson": {...}}}

No GraphQL, no piccolo queries: one asyncpg pool, hand-written SQL with the same semantics as
services/learning/progress/service.py (employee, the day's plan - created when missing -, the day's session,
progress; for completion the same writes as complete_lesson, idempotency record included, in one transaction).
It shares with the GraphQL path only what is not framework: token checking, the catalogue cache
(services.learning.lessons.service._cached), the plan choice and the XP/streak rules. The JSON has the shape
and values of the GraphQL responses to the runner's queries, so the runner can check they are the same.
"""

from __future__ import annotations

from . import env

env.configure()

import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import AsyncIterator  # noqa: E402
from typing import Any  # noqa: E402

import asyncpg  # noqa: E402
from litestar import Litestar, Request, get, post  # noqa: E402
from litestar.response import Response  # noqa: E402

from services.learning.directory.service import EMPLOYEE_COLUMNS  # noqa: E402
from services.learning.lessons import service as lessons_service  # noqa: E402
from services.learning.lessons.content_model import LessonContent  # noqa: E402
from services.learning.lessons.scheduling import PlanInputs, choose_daily_plan  # noqa: E402
from services.learning.progress import levels, streaks, xp  # noqa: E402
from services.learning.progress.service import (  # noqa: E402
    MAX_DUE_CANDIDATES,
    _empty_progress,
    schedule_of,
    _plan_row,
    day_bounds,
    needs_values,
    resolve_items,
    streak_state,
)
from services.learning.values import service as values_service  # noqa: E402
from services.platform import database  # noqa: E402
from services.platform.auth.tokens import principal_from_header  # noqa: E402
from services.platform.clock import local_date  # noqa: E402
from services.platform.errors import (  # noqa: E402
    Conflict,
    DomainError,
    IdempotencyKeyReused,
    NotFound,
    Unauthenticated,
    ValidationFailed,
)
from services.platform.idempotency import _request_hash, check_client_id  # noqa: E402
from services.platform.settings import Settings, get_settings  # noqa: E402

S = "learning"
UTC = dt.timezone.utc

PLAN_SQL = f"""
WITH plan AS (SELECT * FROM {S}.daily_plan WHERE employee = $1 AND local_date = $2)
SELECT
  (SELECT row_to_json(plan) FROM plan) AS plan,
  CASE WHEN NOT EXISTS (SELECT 1 FROM plan) THEN (
    SELECT json_build_object('id', a.id, 'lesson_id', a.lesson) FROM {S}.assignment a
    JOIN {S}.lesson l ON l.id = a.lesson AND l.active
    WHERE a.employee = $1 AND a.completed_at IS NULL
    ORDER BY a.due_date NULLS LAST, a.created_at LIMIT 1) END AS assigned,
  CASE WHEN NOT EXISTS (SELECT 1 FROM plan) THEN (
    SELECT coalesce(array_agg(c.item_id ORDER BY c.due), ARRAY[]::text[]) FROM (
      SELECT item_id, due FROM {S}.review_card WHERE employee = $1 AND due < $3
      ORDER BY due LIMIT {MAX_DUE_CANDIDATES}) c) END AS due_items,
  CASE WHEN NOT EXISTS (SELECT 1 FROM plan) THEN (
    SELECT coalesce(array_agg(s.lesson ORDER BY s.last), ARRAY[]::text[]) FROM (
      SELECT lesson, max(completed_at) AS last FROM {S}.lesson_session
      WHERE employee = $1 AND completed_at IS NOT NULL GROUP BY lesson) s) END AS completed,
  (SELECT p FROM {S}.progress p WHERE p.employee = $1) AS progress,
  (SELECT work_days FROM {S}.employee WHERE id = $1) AS work_days,
  (SELECT coalesce(json_agg(json_build_array(w.until, w.days) ORDER BY w.until), '[]'::json)
    FROM {S}.past_work_days w WHERE w.employee = $1 AND (w.until > (SELECT last_active_date FROM {S}.progress
      WHERE employee = $1) OR w.until = (SELECT max(until) FROM {S}.past_work_days WHERE employee = $1)))
    AS past_work_days,
  (SELECT s FROM {S}.lesson_session s WHERE s.employee = $1 AND s.local_date = $2
    AND s.lesson = (SELECT lesson_id FROM plan) ORDER BY s.started_at DESC LIMIT 1) AS session
"""
INSERT_PLAN_SQL = (
    f"INSERT INTO {S}.daily_plan (id, employee, local_date, lesson_id, reason, assignment_id, review_item_ids) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (employee, local_date) DO NOTHING RETURNING *"
)
LATEST_SESSION_SQL = (
    f"SELECT * FROM {S}.lesson_session WHERE employee = $1 AND lesson = $2 AND local_date = $3 "
    "ORDER BY started_at DESC LIMIT 1"
)
COMPLETE_SESSION_SQL = (
    f"SELECT s.*, (SELECT coalesce(sum(e.points), 0) FROM {S}.xp_entry e WHERE e.employee = s.employee "
    f"AND e.lesson_id = s.lesson AND e.kind <> '{xp.REVIEW}') AS lesson_earned, "
    f"(SELECT count(*) FROM {S}.item_answer a WHERE a.employee = s.employee "
    "AND a.scope = 'session:' || s.id::text) AS answered, "
    f"(SELECT count(*) FROM {S}.item_answer a WHERE a.employee = s.employee "
    "AND a.scope = 'session:' || s.id::text AND a.correct) AS right_answers, "
    f"(SELECT coalesce(array_agg(a.item_id), ARRAY[]::text[]) FROM {S}.item_answer a "
    "WHERE a.employee = s.employee AND a.scope = 'session:' || s.id::text) AS answered_ids "
    f"FROM {S}.lesson_session s WHERE s.id = $1 FOR UPDATE"
)
LOCK_PROGRESS_SQL = (
    f"WITH p AS (INSERT INTO {S}.progress (employee) VALUES ($1) "
    "ON CONFLICT (employee) DO UPDATE SET employee = EXCLUDED.employee RETURNING *) "
    f"SELECT p.*, (SELECT work_days FROM {S}.employee WHERE id = p.employee) AS work_days, "
    "(SELECT coalesce(json_agg(json_build_array(w.until, w.days) ORDER BY w.until), '[]'::json) "
    f"FROM {S}.past_work_days w WHERE w.employee = p.employee AND (w.until > p.last_active_date "
    f"OR w.until = (SELECT max(until) FROM {S}.past_work_days WHERE employee = p.employee))) AS past_work_days "
    "FROM p"
)
SAVE_PROGRESS_SQL = (
    f"UPDATE {S}.progress SET streak = $1, longest_streak = $2, last_active_date = $3, "
    "freezes = $4, updated_at = $5 WHERE employee = $6"
)
# With XP: the ledger entry and the totals in one statement, as services/learning/progress/service.py writes them.
SAVE_PROGRESS_WITH_XP_SQL = (
    f"WITH entry AS (INSERT INTO {S}.xp_entry (id, employee, local_date, kind, lesson_id, session, item_id, points, "
    "withheld, source, created_at) VALUES ($7, $6, $8, $9, $10, $11, NULL, $12, $13, $14, $5)) "
    f"UPDATE {S}.progress SET xp = xp + $12, xp_day_total = CASE WHEN xp_day = $8 THEN xp_day_total ELSE 0 END + $12, "
    "xp_day = $8, streak = $1, longest_streak = $2, last_active_date = $3, freezes = $4, updated_at = $5 "
    "WHERE employee = $6"
)


# ---------------------------------------------------------------- shared caches (as the GraphQL path uses them)


async def get_catalogue(conn: asyncpg.Connection) -> lessons_service.Catalogue:
    """services.learning.lessons.service.get_catalogue, with the query sent through asyncpg (same cache)."""
    cached = lessons_service._cached
    if cached is not None and time.monotonic() - cached[0] < lessons_service.CACHE_SECONDS:
        return cached[1]
    rows = await conn.fetch(f"SELECT id, content, active FROM {S}.lesson ORDER BY position, id")
    catalogue = lessons_service.Catalogue(
        lessons=[LessonContent.model_validate(_json(row["content"])) for row in rows],
        active={row["id"] for row in rows if row["active"]},
    )
    lessons_service._cached = (time.monotonic(), catalogue)
    return catalogue


async def active_values(conn: asyncpg.Connection) -> list[dict]:
    """services.learning.values.service.get_active_for_quiz through asyncpg (same cache)."""
    cached = values_service._active_cache
    if cached is not None and time.monotonic() - cached[0] < values_service.ACTIVE_CACHE_SECONDS:
        return cached[1]
    rows = await conn.fetch(
        f"SELECT id, name, meaning, behaviours FROM {S}.company_value WHERE active = true ORDER BY position, name"
    )
    values = [
        {"id": str(r["id"]), "name": r["name"], "meaning": r["meaning"], "behaviours": list(r["behaviours"])}
        for r in rows
    ]
    values_service._active_cache = (time.monotonic(), values)
    return values


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


# ---------------------------------------------------------------- the same data access, hand-written


async def employee_of(conn: asyncpg.Connection, request: Request, settings: Settings) -> asyncpg.Record:
    principal = principal_from_header(request.headers.get("authorization"), settings=settings)
    if principal is None:
        raise Unauthenticated("Sign in first.")
    row = await conn.fetchrow(f"SELECT {EMPLOYEE_COLUMNS} FROM {S}.employee WHERE id = $1", principal.employee_id)
    if row is None or not row["active"]:
        raise Unauthenticated("This account is no longer active.")
    return row


async def daily_plan(conn: asyncpg.Connection, employee: asyncpg.Record, now: dt.datetime) -> dict:
    day = local_date(now, employee["time_zone"])
    _, day_end = day_bounds(day, employee["time_zone"])
    found = await conn.fetchrow(PLAN_SQL, employee["id"], day, day_end)
    progress = {
        **(dict(found["progress"]) if found["progress"] else _empty_progress(employee["id"])),
        "work_days": found["work_days"],
        "past_work_days": found["past_work_days"],
    }
    if found["plan"] is not None:
        return {**_plan_row(_json(found["plan"])), "progress_row": progress,
                "session_row": dict(found["session"]) if found["session"] else None}
    catalogue = await get_catalogue(conn)
    assigned = _json(found["assigned"])
    due_items = list(found["due_items"] or [])
    if needs_values(due_items):
        live = resolve_items(due_items, catalogue, await active_values(conn))
        due_items = [i for i in due_items if i in live]
    plan = choose_daily_plan(
        catalogue,
        PlanInputs(
            role_family=employee["role_family"],
            assigned=(str(assigned["id"]), assigned["lesson_id"]) if assigned else None,
            due_item_ids=due_items,
            completed_lessons=list(found["completed"] or []),
        ),
    )
    inserted = await conn.fetchrow(
        INSERT_PLAN_SQL,
        uuid.uuid4(),
        employee["id"],
        day,
        plan.lesson_id,
        plan.reason,
        uuid.UUID(plan.assignment_id) if plan.assignment_id else None,
        plan.review_item_ids,
    )
    if inserted is None:
        inserted = await conn.fetchrow(
            f"SELECT * FROM {S}.daily_plan WHERE employee = $1 AND local_date = $2", employee["id"], day
        )
    return {**_plan_row(dict(inserted)), "progress_row": progress}


async def progress_row(conn: asyncpg.Connection, employee_id: uuid.UUID) -> dict:
    row = await conn.fetchrow(f"SELECT * FROM {S}.progress WHERE employee = $1", employee_id)
    return dict(row) if row else _empty_progress(employee_id)


async def complete(
    conn: asyncpg.Connection, employee: asyncpg.Record, session_id: uuid.UUID, now: dt.datetime, written: dict
) -> dict:
    """complete_lesson's work (call inside the transaction); fills `written` with the rows it wrote."""
    progress = await conn.fetchrow(LOCK_PROGRESS_SQL, employee["id"])
    session = await conn.fetchrow(COMPLETE_SESSION_SQL, session_id)
    if session is None or session["employee"] != employee["id"]:
        raise NotFound("No such lesson session.", code="SESSION_NOT_FOUND")
    if session["completed_at"] is not None:
        raise Conflict("This lesson session is already completed.", code="SESSION_COMPLETED")
    item_ids = list(session["item_ids"])
    if needs_values(item_ids):
        live = resolve_items(item_ids, await get_catalogue(conn), await active_values(conn))
        answered_ids = set(session["answered_ids"] or [])
        item_ids = [i for i in item_ids if i in live or i in answered_ids]
    total = len(item_ids)
    if session["answered"] < total:
        raise ValidationFailed(
            f"Answer every item first: {total - session['answered']} left.",
            code="LESSON_INCOMPLETE",
            remaining=total - session["answered"],
        )
    day = local_date(now, employee["time_zone"])
    passed = levels.passed(session["right_answers"], total)
    value = xp.lesson_value(right_answers=session["right_answers"], completed=True, passed=passed)
    today_xp = xp.granted_on(day, xp_day=progress["xp_day"], xp_day_total=progress["xp_day_total"])
    grant = xp.capped(
        xp.lesson_step(value=value, earned=session["lesson_earned"]),
        granted_today=today_xp,
        worth=value - xp.lesson_value(right_answers=session["right_answers"]),
    )
    state = streaks.on_activity(streak_state(progress), day, schedule_of(progress))
    streak_args = (state.streak, state.longest, state.last_active, state.freezes, now, employee["id"])
    if grant.points + grant.withheld == 0:
        await conn.execute(SAVE_PROGRESS_SQL, *streak_args)
    else:
        await conn.execute(
            SAVE_PROGRESS_WITH_XP_SQL,
            *streak_args,
            uuid.uuid4(),
            day,
            xp.COMPLETION,
            session["lesson"],
            session_id,
            grant.points,
            grant.withheld,
            f"completion:{session_id}",
        )
    gained = grant.points
    await conn.execute(
        f"UPDATE {S}.lesson_session SET completed_at = $1, correct_count = $2, passed = $3, xp_awarded = $4 "
        "WHERE id = $5",
        now,
        session["right_answers"],
        passed,
        gained,
        session_id,
    )
    written["progress"] = {"employee": employee["id"], "xp": progress["xp"] + gained, "streak": state.streak,
                           "longest_streak": state.longest, "last_active_date": state.last_active,
                           "freezes": state.freezes, "work_days": progress["work_days"],
                           "past_work_days": progress["past_work_days"]}
    written["session"] = {**dict(session), "completed_at": now, "correct_count": session["right_answers"],
                          "passed": passed, "xp_awarded": gained}
    done = []
    if passed:
        done = await conn.fetch(
            f"UPDATE {S}.assignment SET completed_at = $1, completed_session = $2 "
            "WHERE employee = $3 AND lesson = $4 AND completed_at IS NULL RETURNING id",
            now,
            session_id,
            employee["id"],
            session["lesson"],
        )
    return {
        "session_id": str(session_id),
        "passed": passed,
        "correct_count": session["right_answers"],
        "item_count": total,
        "xp_gained": gained,
        "assignments_completed": [str(row["id"]) for row in done],
    }


async def run_once(conn: asyncpg.Connection, *, principal_id: uuid.UUID, client_id: str, request: dict, work) -> dict:
    """services.platform.idempotency.run_once with asyncpg (inside the caller's transaction)."""
    key = f"{principal_id}:completeLesson:{check_client_id(client_id)}"
    digest = _request_hash(request)
    inserted = await conn.fetchval(
        f"INSERT INTO {S}.idempotency_record (key, request_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING key",
        key,
        digest,
    )
    if inserted is None:
        row = await conn.fetchrow(f"SELECT request_hash, result FROM {S}.idempotency_record WHERE key = $1", key)
        if row["request_hash"] != digest:
            raise IdempotencyKeyReused("This clientMutationId was already used for a different request.")
        return _json(row["result"])
    result = await work()
    await conn.execute(
        f"UPDATE {S}.idempotency_record SET result = $1 WHERE key = $2", json.dumps(result, default=str), key
    )
    return result


# ---------------------------------------------------------------- JSON in the GraphQL response's shape


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def lesson_json(lesson: LessonContent, locale: str) -> dict:
    return {
        "id": lesson.id,
        "topic": lesson.topic.upper(),
        "title": lesson.title.get(locale),
        "summary": lesson.summary.get(locale),
        "minutes": lesson.minutes,
        "cards": [
            {"title": c.title.get(locale), "body": c.body.get(locale), "minutes": c.minutes} for c in lesson.cards
        ],
        "locale": locale.upper(),
    }


def item_json(item, locale: str) -> dict:
    return {
        "id": item.id,
        "kind": item.kind.upper(),
        "context": item.context.get(locale) if item.context else None,
        "question": item.question.get(locale),
        "options": [o.get(locale) for o in item.options],
    }


def session_json(row) -> dict:
    return {
        "id": str(row["id"]),
        "startedAt": _iso(row["started_at"]),
        "completedAt": _iso(row["completed_at"]),
        "correctCount": row["correct_count"],
        "passed": row["passed"],
        "xpAwarded": row["xp_awarded"],
    }


def progress_json(row: dict, today: dt.date) -> dict:
    state = streaks.settle(streak_state(row), today, schedule_of(row))
    level = levels.level_for_xp(row["xp"])
    return {
        "xp": row["xp"],
        "level": level,
        "xpForNextLevel": levels.xp_for_level(level + 1),
        "streak": state.streak,
        "longestStreak": state.longest,
        "freezes": state.freezes,
        "lastActiveDate": _iso(row["last_active_date"]),
        "doneToday": row["last_active_date"] == today,
    }


def error_response(request: Request, exc: DomainError) -> Response:
    return Response(
        {"data": None, "errors": [{"message": exc.message, "extensions": {"code": exc.code, **exc.details}}]}
    )


# ---------------------------------------------------------------- the app


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    state: dict[str, asyncpg.Pool] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        url = await database.prepare(settings)
        state["pool"] = await asyncpg.create_pool(url, min_size=settings.db_pool_min, max_size=settings.db_pool_max)
        try:
            yield
        finally:
            await state["pool"].close()

    @get("/bare/healthz", sync_to_thread=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @post("/bare/today", status_code=200)
    async def today(request: Request) -> dict:
        body = await request.json() if await request.body() else {}
        async with state["pool"].acquire() as conn:
            employee = await employee_of(conn, request, settings)
            locale = (body.get("locale") or employee["locale"]).lower()
            plan = await daily_plan(conn, employee, dt.datetime.now(UTC))
            catalogue = await get_catalogue(conn)
            lesson = catalogue.by_id.get(plan["lesson_id"]) if plan["lesson_id"] else None
            review_ids = plan["review_item_ids"]
            values = await active_values(conn) if needs_values(review_ids) else None
            found = resolve_items(review_ids, catalogue, values)
            session = plan.get("session_row")
            if plan["lesson_id"] is not None and "session_row" not in plan:
                session = await conn.fetchrow(LATEST_SESSION_SQL, employee["id"], plan["lesson_id"], plan["local_date"])
            progress = plan["progress_row"]
        return {
            "data": {
                "today": {
                    "date": plan["local_date"].isoformat(),
                    "reason": plan["reason"].upper(),
                    "minutes": (lesson.minutes if lesson else 0) + len(review_ids),
                    "lesson": lesson_json(lesson, locale) if lesson else None,
                    "reviewItems": [item_json(found[i], locale) for i in review_ids if i in found],
                    "session": session_json(session) if session else None,
                    "progress": progress_json(progress, plan["local_date"]),
                }
            }
        }

    @post("/bare/complete", status_code=200)
    async def complete_lesson(request: Request) -> dict:
        body = await request.json()
        try:
            session_id = uuid.UUID(str(body.get("sessionId")))
        except ValueError as exc:
            raise ValidationFailed("Not a valid id.", code="INVALID_ID") from exc
        written: dict = {}
        async with state["pool"].acquire() as conn:
            employee = await employee_of(conn, request, settings)
            now = dt.datetime.now(UTC)
            async with conn.transaction():
                result = await run_once(
                    conn,
                    principal_id=employee["id"],
                    client_id=body.get("clientMutationId"),
                    request={"session_id": str(session_id)},
                    work=lambda: complete(conn, employee, session_id, now, written),
                )
            if written:
                session, progress = written["session"], written["progress"]
            else:
                session = await conn.fetchrow(f"SELECT * FROM {S}.lesson_session WHERE id = $1", session_id)
                progress = await progress_row(conn, employee["id"])
        return {
            "data": {
                "completeLesson": {
                    "passed": result["passed"],
                    "correctCount": result["correct_count"],
                    "itemCount": result["item_count"],
                    "xpGained": result["xp_gained"],
                    "session": session_json(session),
                    "progress": progress_json(progress, local_date(dt.datetime.now(UTC), employee["time_zone"])),
                }
            }
        }

    return Litestar(
        route_handlers=[healthz, today, complete_lesson],
        lifespan=[lifespan],
        exception_handlers={DomainError: error_response},
        debug=False,
    )
