"""Training records (sessions, answers, badges) read page by page in id order, for the xAPI file and the LRS push.

Why raw SQL and keyset pages: a page is one indexed range of the primary key (`id > last`), so any size of
selection streams with flat memory, holds no transaction open while an LRS answers, and a push resumes from
the last row it had acknowledged.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg

from .selection import ANSWERS_FROM, BADGES_FROM, SESSIONS_FROM, Selection

PAGE_ROWS = 1000
PHASES = ("sessions", "answers", "badges")
KEYS = {"sessions": "session_id", "answers": "answer_id", "badges": "badge_row_id"}

_EMPLOYEE = "e.hr_id, e.name, e.email, e.locale, e.time_zone"


def _sessions_sql(selection: Selection, after: uuid.UUID | None) -> tuple[str, list]:
    args: list = []
    where = selection.sessions(args)
    if after is not None:
        args.append(after)
        where += f" AND s.id > ${len(args)}"
    return (
        f"SELECT s.id AS session_id, s.lesson AS lesson_id, l.topic, s.started_at, s.completed_at, "
        f"s.correct_count, cardinality(s.item_ids) AS items, s.passed, {_EMPLOYEE} "
        f"{SESSIONS_FROM} WHERE {where} ORDER BY s.id LIMIT {PAGE_ROWS}",
        args,
    )


def _answers_sql(selection: Selection, after: uuid.UUID | None) -> tuple[str, list]:
    args: list = []
    where = selection.answers(args)
    if after is not None:
        args.append(after)
        where += f" AND a.id > ${len(args)}"
    return (
        f"SELECT a.id AS answer_id, a.session AS session_id, a.item_id, l.id AS lesson_id, l.topic, a.chosen, "
        f"a.correct, a.answered_at, {_EMPLOYEE} {ANSWERS_FROM} WHERE {where} ORDER BY a.id LIMIT {PAGE_ROWS}",
        args,
    )


def _badges_sql(selection: Selection, after: uuid.UUID | None) -> tuple[str, list]:
    args: list = []
    where = selection.badges(args)
    if after is not None:
        args.append(after)
        where += f" AND b.id > ${len(args)}"
    return (
        f"SELECT b.id AS badge_row_id, b.employee AS employee_id, b.badge, b.name AS badge_name, "
        f"b.description AS badge_description, b.earned_at, {_EMPLOYEE} {BADGES_FROM} WHERE {where} "
        f"ORDER BY b.id LIMIT {PAGE_ROWS}",
        args,
    )


BUILDERS = {"sessions": _sessions_sql, "answers": _answers_sql, "badges": _badges_sql}


async def pages(
    conn: asyncpg.Connection, selection: Selection, *, phase: str = "sessions", after: uuid.UUID | None = None
) -> AsyncIterator[tuple[str, list]]:
    """(phase, rows) pages: sessions, answers, then badges, each in id order, starting after `after` in `phase`."""
    for current in PHASES[PHASES.index(phase) :]:
        last = after if current == phase else None
        build = BUILDERS[current]
        while True:
            sql, args = build(selection, last)
            rows = await conn.fetch(sql, *args)
            if rows:
                yield current, rows
            if len(rows) < PAGE_ROWS:
                break
            last = rows[-1][KEYS[current]]


def row_key(phase: str, row) -> uuid.UUID:
    return row[KEYS[phase]]
