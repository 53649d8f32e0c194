"""Assigning lessons: by a manager (or HR) with a due date, or by a complaint through an event."""

from __future__ import annotations

import datetime as dt
import uuid

from services.platform.errors import NotFound, ValidationFailed
from services.platform.idempotency import run_once

from ..lessons.service import get_catalogue
from ..platform_tables import IdempotencyRecord
from .tables import Assignment

MAX_PEOPLE_PER_ASSIGNMENT = 100
SOURCES = ("manager", "complaint")


def _t() -> str:
    return Assignment._meta.get_formatted_tablename()


async def _insert(*, employee_ids, lesson_id, assigned_by, source, source_ref, due_date) -> None:
    await Assignment.raw(
        f"INSERT INTO {_t()} (id, employee, lesson, assigned_by, source, source_ref, due_date) "
        "SELECT gen_random_uuid(), e, {}, {}, {}, {}, {} FROM unnest({}::uuid[]) AS e "
        "ON CONFLICT (employee, source, source_ref) DO NOTHING",
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


async def assign_from_event(*, employee_id: uuid.UUID, lesson_id: str, source_ref: str, due_date: dt.date | None) -> None:
    """A complaint asked for a lesson: one assignment per complaint and person, however often it is delivered."""
    if lesson_id not in (await get_catalogue()).active:
        raise ValueError(f"event names unknown lesson {lesson_id}")
    await _insert(
        employee_ids=[employee_id],
        lesson_id=lesson_id,
        assigned_by=None,
        source="complaint",
        source_ref=source_ref,
        due_date=due_date,
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
