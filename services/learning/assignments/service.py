"""Assigning lessons: by a manager (or HR) with a due date, or by a complaint through an event (which joins the
employee's plan for the day when today's lesson is not started yet)."""

from __future__ import annotations

import datetime as dt
import uuid

from services.platform.clock import local_date
from services.platform.errors import NotFound, ValidationFailed
from services.platform.idempotency import run_once

from ..directory.tables import Employee
from ..lessons.scheduling import Plan, with_assignment
from ..lessons.service import get_catalogue
from ..platform_tables import IdempotencyRecord
from ..progress.tables import DailyPlan, LessonSession
from ..teams import rollups
from .tables import Assignment

MAX_PEOPLE_PER_ASSIGNMENT = 100
SOURCES = ("manager", "complaint")


def _t() -> str:
    return Assignment._meta.get_formatted_tablename()


async def _insert(*, employee_ids, lesson_id, assigned_by, source, source_ref, due_date) -> list[dict]:
    """The new rows' ids and employees (none for a cause and person already assigned)."""
    return await Assignment.raw(
        f"INSERT INTO {_t()} (id, employee, lesson, assigned_by, source, source_ref, due_date) "
        "SELECT gen_random_uuid(), e, {}, {}, {}, {}, {} FROM unnest({}::uuid[]) AS e "
        "ON CONFLICT (employee, source, source_ref) DO NOTHING RETURNING id, employee",
        lesson_id,
        assigned_by,
        source,
        source_ref,
        due_date,
        list(employee_ids),
    )


async def assign(
    *,
    assigner_id: uuid.UUID,
    employees: list[dict],
    lesson_id: str,
    due_date: dt.date | None,
    client_id: str,
    today: dt.date,
) -> list[str]:
    """Assign one lesson to people already checked to be in the assigner's scope; returns assignment ids."""
    if not 1 <= len(employees) <= MAX_PEOPLE_PER_ASSIGNMENT:
        raise ValidationFailed(
            f"Assign to 1-{MAX_PEOPLE_PER_ASSIGNMENT} people at a time.", code="TOO_MANY_ASSIGNEES"
        )
    if lesson_id not in (await get_catalogue()).active:
        raise NotFound("No such lesson.", code="LESSON_NOT_FOUND")
    if due_date is not None and due_date < today:
        raise ValidationFailed("The due date is in the past.", code="DUE_DATE_IN_PAST")
    inactive = [e["hr_id"] for e in employees if not e["active"]]
    if inactive:
        raise ValidationFailed("Cannot assign to inactive employees: " + ", ".join(inactive), code="EMPLOYEE_INACTIVE")
    ids = sorted({e["id"] for e in employees})

    async def work() -> dict:
        source_ref = f"manager:{client_id}"
        await _insert(
            employee_ids=ids,
            lesson_id=lesson_id,
            assigned_by=assigner_id,
            source="manager",
            source_ref=source_ref,
            due_date=due_date,
        )
        await rollups.announce(employee_ids=ids)
        rows = await Assignment.raw(
            f"SELECT id FROM {_t()} WHERE source = 'manager' AND source_ref = {{}} ORDER BY employee", source_ref
        )
        return {"assignment_ids": [str(r["id"]) for r in rows]}

    async with Assignment._meta.db.transaction():
        result = await run_once(
            IdempotencyRecord,
            principal_id=assigner_id,
            operation="assignLesson",
            client_id=client_id,
            request={"employees": [str(i) for i in ids], "lesson_id": lesson_id, "due_date": str(due_date)},
            work=work,
        )
    return result["assignment_ids"]


async def assign_from_event(
    *, employee_id: uuid.UUID, lesson_id: str, source_ref: str, due_date: dt.date | None, requested_at: dt.datetime
) -> None:
    """A complaint asked for a lesson: one assignment per complaint and person, however often it is delivered.
    It joins the employee's plan for the day it was asked for (scheduling.with_assignment)."""
    catalogue = await get_catalogue()
    if lesson_id not in catalogue.active:
        raise ValueError(f"event names unknown lesson {lesson_id}")
    inserted = await _insert(
        employee_ids=[employee_id],
        lesson_id=lesson_id,
        assigned_by=None,
        source="complaint",
        source_ref=source_ref,
        due_date=due_date,
    )
    if inserted:
        await rollups.refresh(employee_ids=[employee_id])
        await _join_days_plan(
            employee_id=employee_id, assignment=(str(inserted[0]["id"]), lesson_id), requested_at=requested_at
        )


async def _join_days_plan(*, employee_id: uuid.UUID, assignment: tuple[str, str], requested_at: dt.datetime) -> None:
    """Put a new assignment into the plan the employee already has for the day (or a later one, when delivery
    was late) unless its lesson is started; without a plan yet, the day's choice picks the assignment anyway."""
    zone = await Employee.raw(
        f"SELECT time_zone FROM {Employee._meta.get_formatted_tablename()} WHERE id = {{}}", employee_id
    )
    if not zone:
        return
    plans, sessions = DailyPlan._meta.get_formatted_tablename(), LessonSession._meta.get_formatted_tablename()
    started = (
        f"EXISTS (SELECT 1 FROM {sessions} s WHERE s.employee = p.employee AND s.local_date = p.local_date "
        "AND s.lesson = p.lesson_id)"
    )
    rows = await DailyPlan.raw(
        f"SELECT p.*, {started} AS started FROM {plans} p WHERE p.employee = {{}} AND p.local_date >= {{}} "
        "ORDER BY p.local_date DESC LIMIT 1 FOR UPDATE OF p",
        employee_id,
        local_date(requested_at, zone[0]["time_zone"]),
    )
    if not rows:
        return
    row = rows[0]
    current = Plan(
        lesson_id=row["lesson_id"],
        reason=row["reason"],
        assignment_id=str(row["assignment_id"]) if row["assignment_id"] else None,
        review_item_ids=list(row["review_item_ids"] or []),
    )
    plan = with_assignment(await get_catalogue(), current, assignment=assignment, started=row["started"])
    if plan is None:
        return
    # Checked again in the update itself: a session started since the read keeps the plan as it was.
    await DailyPlan.raw(
        f"UPDATE {plans} p SET lesson_id = {{}}, reason = {{}}, assignment_id = {{}}, review_item_ids = {{}} "
        f"WHERE p.id = {{}} AND NOT {started}",
        plan.lesson_id,
        plan.reason,
        uuid.UUID(plan.assignment_id),
        plan.review_item_ids,
        row["id"],
    )


async def get_many(*, ids: list[uuid.UUID]) -> list[dict | None]:
    rows = await Assignment.raw(f"SELECT * FROM {_t()} WHERE id = ANY({{}}::uuid[])", list(ids))
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]


async def open_for_many(*, employee_ids: list[uuid.UUID]) -> list[list[dict]]:
    """Open assignments of many employees, most pressing first: one statement."""
    rows = await Assignment.raw(
        f"SELECT * FROM {_t()} WHERE employee = ANY({{}}::uuid[]) AND completed_at IS NULL "
        "ORDER BY due_date NULLS LAST, created_at",
        list(employee_ids),
    )
    grouped: dict[uuid.UUID, list[dict]] = {i: [] for i in employee_ids}
    for row in rows:
        grouped[row["employee"]].append(row)
    return [grouped[i] for i in employee_ids]


async def completed_many(*, keys: list[tuple[uuid.UUID, tuple[str, str] | None, int]]) -> list[list[dict]]:
    """Per (employee, cursor after (completed_at, id), how many): their completed assignments, newest first: one
    statement."""
    afters = []
    for _, after, _ in keys:
        try:
            afters.append((dt.datetime.fromisoformat(after[0]), uuid.UUID(after[1])) if after else (None, None))
        except (ValueError, TypeError) as exc:
            raise ValidationFailed("The cursor is not valid.", code="INVALID_CURSOR") from exc
    rows = await Assignment.raw(
        f"""
        SELECT k.n, a.* FROM unnest({{}}::uuid[], {{}}::timestamptz[], {{}}::uuid[], {{}}::int[], {{}}::int[])
          AS k(employee, after_at, after_id, size, n)
        CROSS JOIN LATERAL (
          SELECT * FROM {_t()} a WHERE a.employee = k.employee AND a.completed_at IS NOT NULL
            AND (k.after_at IS NULL OR (a.completed_at, a.id) < (k.after_at, k.after_id))
          ORDER BY a.completed_at DESC, a.id DESC LIMIT k.size
        ) a
        ORDER BY k.n, a.completed_at DESC, a.id DESC
        """,
        [k[0] for k in keys],
        [a[0] for a in afters],
        [a[1] for a in afters],
        [k[2] for k in keys],
        list(range(len(keys))),
    )
    grouped: list[list[dict]] = [[] for _ in keys]
    for row in rows:
        grouped[row.pop("n")].append(row)
    return grouped
