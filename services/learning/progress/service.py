"""The daily plan, lesson sessions, answers, reviews, streaks and XP: the rules and their data access.

XP is decided with the employee's progress row locked (it is locked first, before anything the decision reads), so
concurrent answers and completions of one employee, even on two sessions of one lesson, are decided one at a time
on what the others committed. The rules themselves are in xp.py.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from services.platform import database
from services.platform.clock import local_date
from services.platform.errors import Conflict, NotFound, ValidationFailed
from services.platform.idempotency import run_once

from ..assignments.tables import Assignment
from ..lessons.content_model import MAX_LESSON_MINUTES, QUIZ_ITEM_MINUTES
from ..lessons.items import Item
from ..lessons.scheduling import PlanInputs, choose_daily_plan
from ..lessons.service import Catalogue, get_catalogue
from ..lessons.tables import Lesson
from ..platform_tables import IdempotencyRecord
from ..scenarios import service as authored_scenarios
from ..values import quiz as values_quiz
from ..values import service as values_service
from . import confidence as confidences
from ..directory.tables import Employee
from ..teams import rollups
from . import levels, milestones, srs, streaks, workdays, xp
from .tables import DailyPlan, ItemAnswer, LessonSession, PastWorkDays, Progress, ReviewCard, XpEntry

MAX_DUE_CANDIDATES = 30


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def day_bounds(day: dt.date, time_zone: str) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where an employee's local day starts and ends (DST days are 23 or 25 hours)."""
    zone = ZoneInfo(time_zone)
    start = dt.datetime.combine(day, dt.time(), zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)
    return start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)


# ---------------------------------------------------------------- items


async def active_values() -> list[dict]:
    return await values_service.get_active_for_quiz()


def needs_values(item_ids: list[str]) -> bool:
    return any(values_quiz.is_value_item(i) for i in item_ids)


def resolve_items(
    item_ids: list[str], catalogue: Catalogue, values: list[dict] | None, authored: dict[str, Item] | None = None
) -> dict[str, Item]:
    """Items by id; value items need the active values (items of archived values drop out), authored scenario
    items the approved scenarios (withdrawn ones drop out)."""
    found: dict[str, Item] = {}
    by_value = {values_quiz.value_item_id(v["id"]): v for v in values or []}
    for item_id in item_ids:
        if item_id in catalogue.items:
            found[item_id] = catalogue.items[item_id]
        elif item_id in by_value:
            found[item_id] = values_quiz.value_item(by_value[item_id], values or [], lesson_id="values")
        elif authored and item_id in authored:
            found[item_id] = authored[item_id]
    return found


def needs_lookup(item_ids: list[str]) -> bool:
    """Items that are not in the catalogue: company values, authored scenarios."""
    return needs_values(item_ids) or any(authored_scenarios.is_scenario_item(i) for i in item_ids)


async def live_items(item_ids: list[str], catalogue: Catalogue) -> dict[str, Item]:
    """resolve_items, reading the active values and approved scenarios only when the ids need them."""
    values = await active_values() if needs_values(item_ids) else None
    authored = (
        await authored_scenarios.items_for(item_ids=item_ids)
        if any(authored_scenarios.is_scenario_item(i) for i in item_ids)
        else None
    )
    return resolve_items(item_ids, catalogue, values, authored)


def session_items(lesson_id: str, catalogue: Catalogue, values: list[dict], *, seed: str) -> list[Item]:
    """The lesson's own items; a values lesson adds questions about the organisation's values, within 15 minutes."""
    lesson = catalogue.by_id[lesson_id]
    items = list(catalogue.items_of[lesson_id])
    if lesson.topic == "values":
        room = (MAX_LESSON_MINUTES - lesson.minutes) // QUIZ_ITEM_MINUTES
        items += values_quiz.pick_value_items(values, lesson_id=lesson_id, seed=seed, count=min(2, room))
    return items


# ---------------------------------------------------------------- the daily plan


async def daily_plan(*, employee: dict, now: dt.datetime) -> dict:
    """Today's plan for the employee, chosen once per local day and stored, so it is the same all day.

    The same statement also reads the employee's progress and, once the plan exists, today's session on its
    lesson (as `progress_row` / `session_row`), so the daily view costs one statement after the first call.
    """
    day = local_date(now, employee["time_zone"])
    _, day_end = day_bounds(day, employee["time_zone"])
    schedule = _schedule_columns(
        "(SELECT id FROM me)", f"(SELECT last_active_date FROM {_t(Progress)} WHERE employee = (SELECT id FROM me))"
    )
    # The one statement of every repeat `today`: asyncpg directly (platform/database.py `fetch`).
    rows = await database.fetch(
        DailyPlan._meta.db,
        f"""
        WITH plan AS (SELECT * FROM {_t(DailyPlan)} WHERE employee = $1 AND local_date = $2),
          me AS (SELECT $3::uuid AS id)
        SELECT
          (SELECT row_to_json(plan) FROM plan) AS plan,
          CASE WHEN NOT EXISTS (SELECT 1 FROM plan) THEN (
            SELECT json_build_object('id', a.id, 'lesson_id', a.lesson) FROM {_t(Assignment)} a
            JOIN {_t(Lesson)} l ON l.id = a.lesson AND l.active
            WHERE a.employee = $4 AND a.completed_at IS NULL
            ORDER BY a.due_date NULLS LAST, a.created_at LIMIT 1) END AS assigned,
          CASE WHEN NOT EXISTS (SELECT 1 FROM plan) THEN (
            SELECT coalesce(array_agg(c.item_id ORDER BY c.due), ARRAY[]::text[]) FROM (
              SELECT item_id, due FROM {_t(ReviewCard)} WHERE employee = $5 AND due < $6
              ORDER BY due LIMIT {MAX_DUE_CANDIDATES}) c) END AS due_items,
          CASE WHEN NOT EXISTS (SELECT 1 FROM plan) THEN (
            SELECT coalesce(array_agg(s.lesson ORDER BY s.last), ARRAY[]::text[]) FROM (
              SELECT lesson, max(completed_at) AS last FROM {_t(LessonSession)}
              WHERE employee = $7 AND completed_at IS NOT NULL GROUP BY lesson) s) END AS completed,
          (SELECT p FROM {_t(Progress)} p WHERE p.employee = $8) AS progress,
          {schedule},
          (SELECT s FROM {_t(LessonSession)} s WHERE s.employee = $9 AND s.local_date = $10
            AND s.lesson = (SELECT lesson_id FROM plan) ORDER BY s.started_at DESC LIMIT 1) AS session
        """,
        employee["id"],
        day,
        employee["id"],  # me
        employee["id"],
        employee["id"],
        day_end,
        employee["id"],
        employee["id"],
        employee["id"],
        day,
    )
    found = rows[0]
    progress_row = {
        **(dict(found["progress"]) if found["progress"] else _empty_progress(employee["id"])),
        "work_days": found["work_days"],
        "past_work_days": found["past_work_days"],
    }
    if found["plan"] is not None:
        plan = _plan_row(_json(found["plan"]))
        return {**plan, "progress_row": progress_row, "session_row": dict(found["session"]) if found["session"] else None}
    catalogue = await get_catalogue()
    assigned = _json(found["assigned"])
    due_items = list(found["due_items"] or [])
    if needs_lookup(due_items):
        # Cards of archived values and withdrawn scenarios stay behind; they can no longer be shown or answered,
        # so never plan them.
        live = await live_items(due_items, catalogue)
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
    inserted = await DailyPlan.raw(
        f"INSERT INTO {_t(DailyPlan)} (id, employee, local_date, lesson_id, reason, assignment_id, review_item_ids) "
        "VALUES ({}, {}, {}, {}, {}, {}, {}) ON CONFLICT (employee, local_date) DO NOTHING RETURNING *",
        uuid.uuid4(),
        employee["id"],
        day,
        plan.lesson_id,
        plan.reason,
        uuid.UUID(plan.assignment_id) if plan.assignment_id else None,
        plan.review_item_ids,
    )
    if inserted:
        return {**_plan_row(inserted[0]), "progress_row": progress_row}
    # Another request chose the plan at the same moment: theirs stands.
    rows = await DailyPlan.raw(
        f"SELECT * FROM {_t(DailyPlan)} WHERE employee = {{}} AND local_date = {{}}", employee["id"], day
    )
    return {**_plan_row(rows[0]), "progress_row": progress_row}


def _plan_row(row: dict) -> dict:
    local = row["local_date"]
    return {
        "employee": uuid.UUID(str(row["employee"])),
        "local_date": local if isinstance(local, dt.date) else dt.date.fromisoformat(local),
        "lesson_id": row["lesson_id"],
        "reason": row["reason"],
        "assignment_id": row["assignment_id"],
        "review_item_ids": list(row["review_item_ids"] or []),
    }


# ---------------------------------------------------------------- progress rows


def _schedule_columns(employee: str, last_active: str) -> str:
    """`work_days` and `past_work_days` of an employee (SQL expressions for the id and their last counted day).

    Only the past schedules a streak can still ask about are read: those after the last counted day, and the
    latest one (a change still to come, or the one holding today, is always the latest: changes hold from the
    next day on).
    """
    return (
        f"(SELECT work_days FROM {_t(Employee)} WHERE id = {employee}) AS work_days, "
        f"(SELECT coalesce(json_agg(json_build_array(w.until, w.days) ORDER BY w.until), '[]'::json) "
        f"FROM {_t(PastWorkDays)} w WHERE w.employee = {employee} AND (w.until > {last_active} "
        f"OR w.until = (SELECT max(until) FROM {_t(PastWorkDays)} WHERE employee = {employee}))) AS past_work_days"
    )


async def progress_many(*, employee_ids: list[uuid.UUID]) -> list[dict]:
    """Progress rows (with the working days) in the order asked; employees who never learned get zeros. One
    statement."""
    rows = await Progress.raw(
        f"SELECT k.id AS employee_id, p.*, {_schedule_columns('k.id', 'p.last_active_date')} "
        f"FROM unnest({{}}::uuid[]) AS k(id) LEFT JOIN {_t(Progress)} p ON p.employee = k.id",
        list(employee_ids),
    )
    by_id = {}
    for row in rows:
        schedule = {"work_days": row["work_days"], "past_work_days": row["past_work_days"]}
        found = {k: v for k, v in row.items() if k not in ("employee_id", "work_days", "past_work_days")}
        by_id[row["employee_id"]] = {**(found if row["employee"] else _empty_progress(row["employee_id"])), **schedule}
    return [by_id.get(i) or _empty_progress(i) for i in employee_ids]


def _empty_progress(employee_id: uuid.UUID) -> dict:
    return {"employee": employee_id, "xp": 0, "streak": 0, "longest_streak": 0, "last_active_date": None, "freezes": 0,
            "xp_day": None, "xp_day_total": 0}


def streak_state(row: dict) -> streaks.StreakState:
    return streaks.StreakState(
        streak=row["streak"], longest=row["longest_streak"], last_active=row["last_active_date"], freezes=row["freezes"]
    )


def schedule_of(row: dict) -> workdays.Schedule:
    """The working days a progress row was read with (see _schedule_columns)."""
    past = _json(row.get("past_work_days")) or []
    return workdays.Schedule.of(
        row.get("work_days"), [(dt.date.fromisoformat(until), days) for until, days in past]
    )


async def _lock_progress(employee_id: uuid.UUID) -> dict:
    """The employee's progress row, locked (created when missing), with their working days."""
    rows = await Progress.raw(
        f"WITH p AS (INSERT INTO {_t(Progress)} (employee) VALUES ({{}}) "
        "ON CONFLICT (employee) DO UPDATE SET employee = EXCLUDED.employee RETURNING *) "
        f"SELECT p.*, {_schedule_columns('p.employee', 'p.last_active_date')} FROM p",
        employee_id,
    )
    return dict(rows[0])


@dataclass(frozen=True)
class Award:
    """A step's XP for the ledger: what it granted (and withheld), what earned it, on which local day."""

    day: dt.date
    grant: xp.Grant
    kind: str
    lesson_id: str
    source: str
    session: uuid.UUID | None = None
    item_id: str | None = None

    @property
    def writes(self) -> bool:
        """An entry is written when the step earned anything, granted or withheld."""
        return self.grant.points + self.grant.withheld > 0


def _award(progress: dict, *, day: dt.date, points: int, worth: int | None = None, **what: Any) -> Award:
    """`points` earned by a step (`worth` its own share), capped by what the employee was granted that day."""
    today = xp.granted_on(day, xp_day=progress["xp_day"], xp_day_total=progress["xp_day_total"])
    return Award(day=day, grant=xp.capped(points, granted_today=today, worth=worth), **what)


def _after(progress: dict, state: streaks.StreakState, award: Award | None) -> dict:
    """The progress row as _save_progress leaves it."""
    row = {**progress, "streak": state.streak, "longest_streak": state.longest,
           "last_active_date": state.last_active, "freezes": state.freezes}
    if award is not None and award.writes:
        today = xp.granted_on(award.day, xp_day=progress["xp_day"], xp_day_total=progress["xp_day_total"])
        row.update(xp=progress["xp"] + award.grant.points, xp_day=award.day, xp_day_total=today + award.grant.points)
    return row


async def _save_progress(
    employee_id: uuid.UUID, *, state: streaks.StreakState, now: dt.datetime, award: Award | None = None
) -> None:
    """Write the streak and, with an award, its ledger entry and the XP totals: one statement, so they agree."""
    streak_args = (state.streak, state.longest, state.last_active, state.freezes, now)
    set_streak = "streak = {}, longest_streak = {}, last_active_date = {}, freezes = {}, updated_at = {}"
    if award is None or not award.writes:
        await Progress.raw(
            f"UPDATE {_t(Progress)} SET {set_streak} WHERE employee = {{}}", *streak_args, employee_id
        )
        return
    # Relative to the locked row: the entry's points are what the totals gain.
    await Progress.raw(
        f"WITH entry AS (INSERT INTO {_t(XpEntry)} (id, employee, local_date, kind, lesson_id, session, item_id, "
        "points, withheld, source, created_at) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})) "
        f"UPDATE {_t(Progress)} SET xp = xp + {{}}, "
        "xp_day_total = CASE WHEN xp_day = {} THEN xp_day_total ELSE 0 END + {}, xp_day = {}, "
        f"{set_streak} WHERE employee = {{}}",
        uuid.uuid4(),
        employee_id,
        award.day,
        award.kind,
        award.lesson_id,
        award.session,
        award.item_id,
        award.grant.points,
        award.grant.withheld,
        award.source,
        now,
        award.grant.points,
        award.day,
        award.grant.points,
        award.day,
        *streak_args,
        employee_id,
    )


# ---------------------------------------------------------------- sessions


async def sessions_many(*, session_ids: list[uuid.UUID]) -> list[dict | None]:
    rows = await LessonSession.raw(
        f"SELECT * FROM {_t(LessonSession)} WHERE id = ANY({{}}::uuid[])", list(session_ids)
    )
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in session_ids]


async def latest_sessions(*, keys: list[tuple[uuid.UUID, str, dt.date]]) -> list[dict | None]:
    """The newest session of (employee, lesson) started on a local day; one statement for many keys."""
    rows = await LessonSession.raw(
        f"SELECT DISTINCT ON (s.employee, s.lesson, s.local_date) s.* FROM {_t(LessonSession)} s "
        "JOIN unnest({}::uuid[], {}::text[], {}::date[]) AS k(employee, lesson, local_date) "
        "ON s.employee = k.employee AND s.lesson = k.lesson AND s.local_date = k.local_date "
        "ORDER BY s.employee, s.lesson, s.local_date, s.started_at DESC",
        [k[0] for k in keys],
        [k[1] for k in keys],
        [k[2] for k in keys],
    )
    by_key = {(row["employee"], row["lesson"], row["local_date"]): row for row in rows}
    return [by_key.get(k) for k in keys]


async def start_lesson(*, employee: dict, lesson_id: str, client_id: str, now: dt.datetime) -> dict:
    """Open a session on a lesson; its items are fixed at the start."""
    catalogue = await get_catalogue()
    if lesson_id not in catalogue.active:
        raise NotFound("No such lesson.", code="LESSON_NOT_FOUND")
    day = local_date(now, employee["time_zone"])

    async def work() -> dict:
        values = await active_values() if catalogue.by_id[lesson_id].topic == "values" else []
        items = session_items(lesson_id, catalogue, values, seed=f"{employee['id']}:{day}")
        session_id = uuid.uuid4()
        await LessonSession.raw(
            f"INSERT INTO {_t(LessonSession)} (id, employee, lesson, local_date, item_ids, started_at) "
            "VALUES ({}, {}, {}, {}, {}, {})",
            session_id,
            employee["id"],
            lesson_id,
            day,
            [i.id for i in items],
            now,
        )
        return {"session_id": str(session_id)}

    async with LessonSession._meta.db.transaction():
        return await run_once(
            IdempotencyRecord,
            principal_id=employee["id"],
            operation="startLesson",
            client_id=client_id,
            request={"lesson_id": lesson_id},
            work=work,
        )


async def answer_item(
    *,
    employee: dict,
    item_id: str,
    choice: int,
    session_id: uuid.UUID | None,
    client_id: str,
    now: dt.datetime,
    confidence: str | None = None,
) -> dict:
    """Record one answer (with how sure the learner was, if said), reschedule the item's review card by the
    rating the two make (confidence.py), grant the XP a right answer earns (xp.py)."""
    if confidence is not None and confidence not in confidences.CONFIDENCES:
        raise ValidationFailed("confidence must be unsure, fairly_sure or sure.", code="INVALID_CONFIDENCE")

    async def work() -> dict:
        day = local_date(now, employee["time_zone"])
        progress = await _lock_progress(employee["id"])
        if session_id is not None:
            session = await _session_for_answer(session_id)
            if session is None or session["employee"] != employee["id"]:
                raise NotFound("No such lesson session.", code="SESSION_NOT_FOUND")
            if session["completed_at"] is not None:
                raise Conflict("This lesson session is already completed.", code="SESSION_COMPLETED")
            if item_id not in session["item_ids"]:
                raise ValidationFailed("This item is not part of the session.", code="ITEM_NOT_IN_SESSION")
            scope = f"session:{session_id}"
        else:
            scope = f"review:{day}"
        catalogue = await get_catalogue()
        item = (await live_items([item_id], catalogue)).get(item_id)
        if item is None:
            raise NotFound("No such item.", code="ITEM_NOT_FOUND")
        if not 0 <= choice < len(item.options):
            raise ValidationFailed(f"choice must be 0-{len(item.options) - 1}.", code="INVALID_CHOICE")
        card_rows = await ReviewCard.raw(
            f"SELECT * FROM {_t(ReviewCard)} WHERE employee = {{}} AND item_id = {{}}", employee["id"], item_id
        )
        if session_id is None and not card_rows:
            raise ValidationFailed("Answer new items inside their lesson.", code="ITEM_NOT_IN_REVIEW")
        correct = choice == item.correct
        if session_id is not None:
            value = xp.lesson_value(right_answers=session["right_answers"] + int(correct))
            award = _award(
                progress, day=day, points=xp.lesson_step(value=value, earned=session["lesson_earned"]),
                worth=xp.lesson_value(right_answers=int(correct)), kind=xp.ANSWER, lesson_id=session["lesson"],
                session=session_id, item_id=item_id, source=f"answer:{session_id}:{item_id}",
            )
        else:
            due = card_rows[0]["due"] < day_bounds(day, employee["time_zone"])[1]
            award = _award(
                progress, day=day, points=xp.review_points(correct=correct, due=due), kind=xp.REVIEW,
                lesson_id=item.lesson_id, item_id=item_id, source=f"review:{day}:{item_id}",
            )
        inserted = await ItemAnswer.raw(
            f"INSERT INTO {_t(ItemAnswer)} (id, employee, session, item_id, scope, chosen, correct, confidence, "
            "xp_awarded, answered_at) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}) "
            "ON CONFLICT (employee, item_id, scope) DO NOTHING RETURNING id",
            uuid.uuid4(),
            employee["id"],
            session_id,
            item_id,
            scope,
            choice,
            correct,
            confidence,
            award.grant.points,
            now,
        )
        if not inserted:
            raise Conflict("This item was already answered here.", code="ALREADY_ANSWERED")
        rating = confidences.rating(correct=correct, confidence=confidence)
        card = srs.review(card_rows[0] if card_rows else None, rating=rating, at=now)
        await ReviewCard.raw(
            f"INSERT INTO {_t(ReviewCard)} (id, employee, item_id, lesson_id, due, stability, difficulty, state, step, "
            "last_review, reps, lapses) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, 1, {}) "
            "ON CONFLICT (employee, item_id) DO UPDATE SET due = EXCLUDED.due, stability = EXCLUDED.stability, "
            "difficulty = EXCLUDED.difficulty, state = EXCLUDED.state, step = EXCLUDED.step, "
            f"last_review = EXCLUDED.last_review, reps = {_t(ReviewCard)}.reps + 1, "
            f"lapses = {_t(ReviewCard)}.lapses + EXCLUDED.lapses",
            uuid.uuid4(),
            employee["id"],
            item_id,
            item.lesson_id,
            card["due"],
            card["stability"],
            card["difficulty"],
            card["state"],
            card["step"],
            card["last_review"],
            0 if correct else 1,
        )
        state = streak_state(progress)
        if session_id is None and await _review_day_done(employee["id"], day):
            state = streaks.on_activity(state, day, schedule_of(progress))
            await milestones.on_review_day(employee=employee, streak_before=progress["streak"],
                                           streak_after=state.streak, now=now)
        await _save_progress(employee["id"], state=state, now=now, award=award)
        if state != streak_state(progress):
            await rollups.announce(employee_ids=[employee["id"]])  # a review day counted: the streak the teams see
        return {
            "item_id": item_id,
            "chosen": choice,
            "correct": correct,
            "correct_option": item.correct,
            "confidence": confidence,
            "misconception": confidences.misconception(correct=correct, confidence=confidence),
            "xp_gained": award.grant.points,
            "next_review_at": card["due"].isoformat(),
        }

    async with ItemAnswer._meta.db.transaction():
        return await run_once(
            IdempotencyRecord,
            principal_id=employee["id"],
            operation="answerItem",
            client_id=client_id,
            request={
                "item_id": item_id,
                "choice": choice,
                "session_id": str(session_id) if session_id else None,
                # Only when given: a request without one hashes as it did before confidences existed.
                **({"confidence": confidence} if confidence is not None else {}),
            },
            work=work,
        )


# The XP an employee has earned for the session's lesson (its answers and completions, reviews aside).
_LESSON_EARNED = (
    f"(SELECT coalesce(sum(e.points), 0) FROM {_t(XpEntry)} e WHERE e.employee = s.employee "
    f"AND e.lesson_id = s.lesson AND e.kind <> '{xp.REVIEW}')"
)


async def _session_for_answer(session_id: uuid.UUID) -> dict | None:
    """The session, its right answers so far and the XP its lesson has earned; call with the progress row locked."""
    rows = await LessonSession.raw(
        f"SELECT s.*, (SELECT count(*) FROM {_t(ItemAnswer)} a WHERE a.employee = s.employee "
        "AND a.scope = 'session:' || s.id::text AND a.correct) AS right_answers, "
        f"{_LESSON_EARNED} AS lesson_earned FROM {_t(LessonSession)} s WHERE s.id = {{}}",
        session_id,
    )
    return rows[0] if rows else None


async def _review_day_done(employee_id: uuid.UUID, day: dt.date) -> bool:
    """On a review-only day the streak counts once every planned review item is answered."""
    rows = await DailyPlan.raw(
        f"SELECT p.reason, cardinality(p.review_item_ids) AS planned, "
        f"(SELECT count(*) FROM {_t(ItemAnswer)} a WHERE a.employee = p.employee AND a.scope = {{}} "
        "AND a.item_id = ANY(p.review_item_ids)) AS answered "
        f"FROM {_t(DailyPlan)} p WHERE p.employee = {{}} AND p.local_date = {{}}",
        f"review:{day}",
        employee_id,
        day,
    )
    return bool(rows) and rows[0]["reason"] == "review" and rows[0]["answered"] >= rows[0]["planned"] > 0


async def complete_lesson(*, employee: dict, session_id: uuid.UUID, client_id: str, now: dt.datetime) -> dict:
    """Close a session once every item is answered: the lesson's XP (best attempt), the day's streak, assignments.

    The first run also returns the rows it wrote under "written" (progress, session), so the caller can show
    them without reading them again; a replay returns only the stored result.
    """
    written: dict = {}

    async def work() -> dict:
        progress = await _lock_progress(employee["id"])
        rows = await LessonSession.raw(
            f"SELECT s.*, {_LESSON_EARNED} AS lesson_earned, "
            f"(SELECT count(*) FROM {_t(ItemAnswer)} a WHERE a.employee = s.employee "
            "AND a.scope = 'session:' || s.id::text) AS answered, "
            f"(SELECT count(*) FROM {_t(ItemAnswer)} a WHERE a.employee = s.employee "
            "AND a.scope = 'session:' || s.id::text AND a.correct) AS right_answers, "
            f"(SELECT coalesce(array_agg(a.item_id), ARRAY[]::text[]) FROM {_t(ItemAnswer)} a "
            "WHERE a.employee = s.employee AND a.scope = 'session:' || s.id::text) AS answered_ids "
            f"FROM {_t(LessonSession)} s WHERE s.id = {{}} FOR UPDATE",
            session_id,
        )
        if not rows or rows[0]["employee"] != employee["id"]:
            raise NotFound("No such lesson session.", code="SESSION_NOT_FOUND")
        session = rows[0]
        if session["completed_at"] is not None:
            raise Conflict("This lesson session is already completed.", code="SESSION_COMPLETED")
        item_ids = list(session["item_ids"])
        if needs_values(item_ids):
            # A value archived during the session can no longer be answered: its unanswered item drops out.
            live = resolve_items(item_ids, await get_catalogue(), await active_values())
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
        award = _award(
            progress, day=day, points=xp.lesson_step(value=value, earned=session["lesson_earned"]),
            worth=value - xp.lesson_value(right_answers=session["right_answers"]), kind=xp.COMPLETION,
            lesson_id=session["lesson"], session=session_id, source=f"completion:{session_id}",
        )
        state = streaks.on_activity(streak_state(progress), day, schedule_of(progress))
        await _save_progress(employee["id"], state=state, now=now, award=award)
        await LessonSession.raw(
            f"UPDATE {_t(LessonSession)} SET completed_at = {{}}, correct_count = {{}}, passed = {{}}, "
            "xp_awarded = {} WHERE id = {}",
            now,
            session["right_answers"],
            passed,
            award.grant.points,
            session_id,
        )
        await milestones.on_completion(
            employee=employee, catalogue=await get_catalogue(), lesson_id=session["lesson"], passed=passed,
            streak_before=progress["streak"], streak_after=state.streak, now=now,
        )
        written["progress"] = _after(progress, state, award)
        written["session"] = {
            **{k: session[k] for k in ("id", "employee", "lesson", "local_date", "item_ids", "started_at")},
            "completed_at": now,
            "correct_count": session["right_answers"],
            "passed": passed,
            "xp_awarded": award.grant.points,
        }
        done = []
        if passed:
            done = await Assignment.raw(
                f"UPDATE {_t(Assignment)} SET completed_at = {{}}, completed_session = {{}} "
                "WHERE employee = {} AND lesson = {} AND completed_at IS NULL RETURNING id",
                now,
                session_id,
                employee["id"],
                session["lesson"],
            )
        await rollups.announce(employee_ids=[employee["id"]])
        return {
            "session_id": str(session_id),
            "passed": passed,
            "correct_count": session["right_answers"],
            "item_count": total,
            "xp_gained": award.grant.points,
            "assignments_completed": [str(row["id"]) for row in done],
        }

    async with LessonSession._meta.db.transaction():
        result = await run_once(
            IdempotencyRecord,
            principal_id=employee["id"],
            operation="completeLesson",
            client_id=client_id,
            request={"session_id": str(session_id)},
            work=work,
        )
    return {**result, "written": written} if written else result


async def grant_freeze(*, employee_id: uuid.UUID, time_zone: str, now: dt.datetime) -> bool:
    """Add a streak freeze (at most two held); call inside the consuming transaction."""
    progress = await _lock_progress(employee_id)
    state, granted = streaks.grant_freeze(streak_state(progress), local_date(now, time_zone), schedule_of(progress))
    if granted:
        await _save_progress(employee_id, state=state, now=now)
        await rollups.refresh(employee_ids=[employee_id])
    return granted


# ---------------------------------------------------------------- working days


async def set_work_days(*, employee: dict, days: list[int], client_id: str, now: dt.datetime) -> dict:
    """The employee's own working days, from their next local day on (workdays.py); retry-safe."""
    try:
        chosen = list(workdays.normalise(days))
    except ValueError as exc:
        raise ValidationFailed(f"{exc}.", code="INVALID_WORK_DAYS") from exc
    start = workdays.effective_from(local_date(now, employee["time_zone"]))

    async def work() -> dict:
        # One statement: the days being replaced are kept as valid before `start` (the first change of a day
        # keeps what held before it, later ones on that day leave it), and the new days hold from `start`.
        await Employee.raw(
            f"WITH old AS (SELECT work_days FROM {_t(Employee)} WHERE id = {{}}), "
            f"kept AS (INSERT INTO {_t(PastWorkDays)} (id, employee, until, days, created_at) "
            "SELECT {}, {}, {}, work_days, {} FROM old WHERE work_days <> {}::int[] "
            "ON CONFLICT (employee, until) DO NOTHING) "
            f"UPDATE {_t(Employee)} SET work_days = {{}}::int[], updated_at = {{}} "
            "WHERE id = {} AND work_days <> {}::int[]",
            employee["id"],
            uuid.uuid4(),
            employee["id"],
            start,
            now,
            chosen,
            chosen,
            now,
            employee["id"],
            chosen,
        )
        await rollups.announce(employee_ids=[employee["id"]])  # the teams' lesson targets count working days
        return {"work_days": chosen, "effective_from": start.isoformat()}

    async with Employee._meta.db.transaction():
        return await run_once(
            IdempotencyRecord,
            principal_id=employee["id"],
            operation="setMyWorkDays",
            client_id=client_id,
            request={"days": chosen},
            work=work,
        )


async def keep_past_work_days(*, changes: list[tuple[uuid.UUID, dt.date, list[int]]]) -> None:
    """For changes made elsewhere (the org-chart import): (employee, first day of the new days, the old days).

    One statement; a change already made that day keeps what held before it.
    """
    if not changes:
        return
    await PastWorkDays.raw(
        f"INSERT INTO {_t(PastWorkDays)} (id, employee, until, days) "
        "SELECT gen_random_uuid(), k.employee, k.until, string_to_array(k.days, ',')::int[] "
        "FROM unnest({}::uuid[], {}::date[], {}::text[]) AS k(employee, until, days) "
        "ON CONFLICT (employee, until) DO NOTHING",
        [c[0] for c in changes],
        [c[1] for c in changes],
        [",".join(str(d) for d in c[2]) for c in changes],
    )


# ---------------------------------------------------------------- item analysis


async def item_answer_figures(*, lesson_id: str) -> dict[str, dict]:
    """Per item of the lesson, from first attempts (item_analysis.py): answers, the count of each option chosen,
    the point-biserial discrimination and the mean confidence. One statement, whatever the number of items."""
    rows = await ItemAnswer.raw(
        f"""
        WITH first AS (
          SELECT DISTINCT ON (employee) id, completed_at FROM {_t(LessonSession)}
          WHERE lesson = {{}} ORDER BY employee, started_at, id
        ), answer AS (
          SELECT a.item_id, a.chosen, a.correct::int AS x, {confidences.score_sql("a.confidence")} AS confidence,
                 -- the rest of the lesson score: the session's right answers but this one
                 sum(a.correct::int) OVER (PARTITION BY a.session) - a.correct::int AS rest
          FROM {_t(ItemAnswer)} a JOIN first f ON a.session = f.id
          WHERE f.completed_at IS NOT NULL AND a.scope = 'session:' || f.id::text
        ), chosen AS (
          SELECT item_id, json_object_agg(chosen, n) AS choices
          FROM (SELECT item_id, chosen, count(*) AS n FROM answer GROUP BY item_id, chosen) c GROUP BY item_id
        )
        SELECT a.item_id, count(*) AS answers, corr(a.x, a.rest) AS discrimination,
               avg(a.confidence) AS mean_confidence, min(c.choices::text) AS choices
        FROM answer a JOIN chosen c ON c.item_id = a.item_id
        GROUP BY a.item_id
        """,
        lesson_id,
    )
    return {
        row["item_id"]: {
            "answers": row["answers"],
            "discrimination": row["discrimination"],
            "mean_confidence": float(row["mean_confidence"]) if row["mean_confidence"] is not None else None,
            "choices": json.loads(row["choices"]),
        }
        for row in rows
    }


# ---------------------------------------------------------------- history and mastery (team views)


async def lesson_history_many(
    *, keys: Sequence[tuple[uuid.UUID, tuple[str, str] | None, int]]
) -> list[list[dict]]:
    """Per (employee, cursor after (completed_at, id), how many): completed sessions, newest first: one statement."""
    afters = []
    for _, after, _ in keys:
        try:
            afters.append((dt.datetime.fromisoformat(after[0]), uuid.UUID(after[1])) if after else (None, None))
        except (ValueError, TypeError) as exc:
            raise ValidationFailed("The cursor is not valid.", code="INVALID_CURSOR") from exc
    rows = await LessonSession.raw(
        f"""
        SELECT k.n, s.id, s.lesson, s.local_date, s.started_at, s.completed_at, s.correct_count, s.passed,
               cardinality(s.item_ids) AS item_count
        FROM unnest({{}}::uuid[], {{}}::timestamptz[], {{}}::uuid[], {{}}::int[], {{}}::int[])
          AS k(employee, after_at, after_id, size, n)
        CROSS JOIN LATERAL (
          SELECT * FROM {_t(LessonSession)} s WHERE s.employee = k.employee AND s.completed_at IS NOT NULL
            AND (k.after_at IS NULL OR (s.completed_at, s.id) < (k.after_at, k.after_id))
          ORDER BY s.completed_at DESC, s.id DESC LIMIT k.size
        ) s
        ORDER BY k.n, s.completed_at DESC, s.id DESC
        """,
        [k[0] for k in keys],
        [a[0] for a in afters],
        [a[1] for a in afters],
        [k[2] for k in keys],
        list(range(len(keys))),
    )
    grouped: list[list[dict]] = [[] for _ in keys]
    for row in rows:
        grouped[row["n"]].append(row)
    return grouped


async def mastery_many(*, keys: Sequence[tuple[uuid.UUID, dt.datetime]]) -> list[list[dict]]:
    """Per (employee, instant): per topic, the mean FSRS retrievability of their cards then (srs.py): one statement."""
    rows = await ReviewCard.raw(
        f"""
        SELECT k.n, m.topic, m.cards, m.mastery
        FROM unnest({{}}::uuid[], {{}}::timestamptz[], {{}}::int[]) AS k(employee, at, n)
        -- Grouped per member inside LATERAL: their cards through the (employee, item_id) index, one member at a
        -- time (a join over all cards made the planner scan every card of the company).
        CROSS JOIN LATERAL (
          SELECT coalesce(l.topic, c.lesson_id) AS topic, count(*)::int AS cards,
                 avg({srs.retrievability_sql("c", "k.at")}) AS mastery
          FROM {_t(ReviewCard)} c LEFT JOIN {_t(Lesson)} l ON l.id = c.lesson_id
          WHERE c.employee = k.employee GROUP BY 1
        ) m
        ORDER BY k.n, m.topic
        """,
        [k[0] for k in keys],
        [k[1] for k in keys],
        list(range(len(keys))),
    )
    grouped: list[list[dict]] = [[] for _ in keys]
    for row in rows:
        grouped[row["n"]].append({"topic": row["topic"], "cards": row["cards"], "mastery": float(row["mastery"])})
    return grouped


# ---------------------------------------------------------------- XP history (the level curve)

XP_HISTORY_MAX_DAYS = 365


def xp_history_since(*, today: dt.date, days: int) -> dt.date:
    """The first local day of a history of `days` days ending today; 1 to XP_HISTORY_MAX_DAYS days."""
    if not 1 <= days <= XP_HISTORY_MAX_DAYS:
        raise ValidationFailed(
            f"'days' must be between 1 and {XP_HISTORY_MAX_DAYS}.", code="DAYS_OUT_OF_RANGE",
            maximum=XP_HISTORY_MAX_DAYS,
        )
    return today - dt.timedelta(days=days - 1)


async def xp_history_many(*, keys: Sequence[tuple[uuid.UUID, dt.date]]) -> list[list[dict]]:
    """Per (employee, first local day): each day since then that granted XP, with the XP gained that day and the
    running total at its end (counting every earlier entry), oldest first: one statement."""
    # Raw SQL: the running total is a window over the whole ledger of each employee, read for the
    # whole batch in one statement (the ledger's (employee, lesson_id, source) index serves each member).
    rows = await XpEntry.raw(
        f"""
        SELECT k.n, d.local_date, d.gained, d.total
        FROM unnest({{}}::uuid[], {{}}::date[], {{}}::int[]) AS k(employee, since, n)
        CROSS JOIN LATERAL (
          SELECT * FROM (
            SELECT e.local_date, sum(e.points)::int AS gained,
                   (sum(sum(e.points)) OVER (ORDER BY e.local_date))::int AS total
            FROM {_t(XpEntry)} e WHERE e.employee = k.employee GROUP BY e.local_date
          ) days WHERE days.local_date >= k.since AND days.gained > 0
        ) d
        ORDER BY k.n, d.local_date
        """,
        [k[0] for k in keys],
        [k[1] for k in keys],
        list(range(len(keys))),
    )
    grouped: list[list[dict]] = [[] for _ in keys]
    for row in rows:
        grouped[row["n"]].append(
            {"date": row["local_date"], "xp_gained": row["gained"], "xp_total": row["total"],
             "level": levels.level_for_xp(row["total"])}
        )
    return grouped
