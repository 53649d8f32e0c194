"""Coaching needs: people whose complaints ask for a lesson they failed, have overdue or never took, and, once they
passed it, how many complaints of that category came in the 30 days before and after (did the lesson change
service?).

The feedback service tells us of every categorised complaint through its lesson request
(`lesson.assignment_requested`, naming the category and when the complaint came); each is kept here as a
`ComplaintRecord`, so this never reads the feedback service's tables.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from ..assignments.tables import Assignment
from ..directory.tables import Employee
from ..progress.tables import LessonSession
from .tables import ComplaintRecord

WINDOW_DAYS = 30


class Reason(enum.Enum):
    FAILED = "failed"  # took the lesson, never passed it
    OVERDUE = "overdue"  # never took it, an assignment of it is past its due date
    NEVER_TAKEN = "never_taken"
    PASSED = "passed"  # passed it since: the before/after counts measure the change


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


async def record_complaint(
    *, source_ref: str, employee_id: uuid.UUID, lesson_id: str, category: str | None, received_at: dt.datetime
) -> None:
    """Keep one complaint's lesson request (once per complaint and person, however often it is delivered)."""
    await ComplaintRecord.raw(
        f"INSERT INTO {_t(ComplaintRecord)} (source_ref, employee, lesson_id, category, received_at) "
        "SELECT {}, {}, {}, {}, {} WHERE EXISTS (SELECT 1 FROM "
        f"{_t(Employee)} WHERE id = {{}}) ON CONFLICT (source_ref, employee) DO NOTHING",
        source_ref,
        employee_id,
        lesson_id,
        category,
        received_at,
        employee_id,
    )


async def needs_page(*, manager: dict, today: dt.date, offset: int, limit: int) -> list[dict]:
    """Per person under the manager and complained-about category: the lesson, why, the complaints, and for a
    passed lesson the complaints in the 30 days before and after the first pass. Needs first (FAILED, OVERDUE,
    NEVER_TAKEN), most complaints first, then name. One statement."""
    rank = " ".join(f"WHEN '{r.value}' THEN {n}" for n, r in enumerate(Reason))
    return await ComplaintRecord.raw(
        f"""
        WITH grouped AS (
          SELECT r.employee, r.lesson_id, r.category, count(*)::int AS complaints
          FROM {_t(ComplaintRecord)} r JOIN {_t(Employee)} e ON e.id = r.employee
          WHERE e.active AND e.org_path LIKE {{}}
          GROUP BY r.employee, r.lesson_id, r.category
        ), judged AS (
          SELECT g.*,
            (SELECT min(s.completed_at) FROM {_t(LessonSession)} s WHERE s.employee = g.employee
               AND s.lesson = g.lesson_id AND s.completed_at IS NOT NULL AND s.passed) AS passed_at,
            EXISTS (SELECT 1 FROM {_t(LessonSession)} s WHERE s.employee = g.employee AND s.lesson = g.lesson_id
               AND s.completed_at IS NOT NULL AND NOT s.passed) AS failed,
            EXISTS (SELECT 1 FROM {_t(Assignment)} a WHERE a.employee = g.employee AND a.lesson = g.lesson_id
               AND a.completed_at IS NULL AND a.due_date < {{}}) AS overdue
          FROM grouped g
        ), reasoned AS (
          SELECT j.*, CASE WHEN j.passed_at IS NOT NULL THEN '{Reason.PASSED.value}'
            WHEN j.failed THEN '{Reason.FAILED.value}' WHEN j.overdue THEN '{Reason.OVERDUE.value}'
            ELSE '{Reason.NEVER_TAKEN.value}' END AS reason
          FROM judged j
        )
        SELECT r.employee, r.lesson_id, r.category, r.complaints, r.passed_at, r.reason, e.name,
          (SELECT count(*) FROM {_t(ComplaintRecord)} c WHERE c.employee = r.employee
             AND c.category IS NOT DISTINCT FROM r.category
             AND c.received_at >= r.passed_at - interval '{WINDOW_DAYS} days' AND c.received_at < r.passed_at)::int
             AS before,
          (SELECT count(*) FROM {_t(ComplaintRecord)} c WHERE c.employee = r.employee
             AND c.category IS NOT DISTINCT FROM r.category AND c.received_at >= r.passed_at
             AND c.received_at < r.passed_at + interval '{WINDOW_DAYS} days')::int AS after
        FROM reasoned r JOIN {_t(Employee)} e ON e.id = r.employee
        ORDER BY CASE r.reason {rank} END, r.complaints DESC, e.name, e.id, r.lesson_id, r.category
        OFFSET {{}} LIMIT {{}}
        """,
        manager["org_path"] + "/%",
        today,
        offset,
        limit,
    )


def days_observed_after(passed_at: dt.datetime, now: dt.datetime) -> int:
    """How many of the 30 days after the pass have been lived: the rate after is complaints / these days."""
    return max(0, min(WINDOW_DAYS, (now - passed_at).days))
