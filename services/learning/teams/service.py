"""Reading teams: members in order, subteams, the kept rollups, per-member figures.

Every read here is one statement for any number of members or teams (the DataLoaders in loaders.py call them),
and none reads the lesson sessions of a whole subtree: team figures come from the kept rows (rollups.py).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import uuid
from collections.abc import Sequence

from ..directory.service import EMPLOYEE_COLUMNS
from ..directory.tables import Employee
from ..assignments.tables import Assignment
from ..progress.tables import LessonSession, Progress
from .rollups import WEEKDAY_COLUMNS
from .tables import MemberDay, TeamDay, TeamMastery, TeamSize

DAY = dt.timedelta(days=1)
WINDOWS = (7, 30)


class MemberSort(enum.Enum):
    NAME = "name"
    CURRENT_STREAK = "current_streak"
    LESSONS_30_DAYS = "lessons_30_days"


class Depth(enum.Enum):
    DIRECT = "direct"
    SUBTREE = "subtree"


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


def counted_streak_since(today: dt.date) -> dt.date:
    """Team figures count a member's kept streak while its last counted day is on or after the last Monday-to-
    Friday day before today (the exact per-member streak, with their own days off and freezes, is `progress`)."""
    day = today - DAY
    while day.isoweekday() > 5:
        day -= DAY
    return day


def window_start(today: dt.date, days: int) -> dt.date:
    """The first local day of the last `days` days, today included."""
    return today - (days - 1) * DAY


# ---------------------------------------------------------------- members


async def members_page(
    *,
    manager: dict,
    depth: Depth,
    sort: MemberSort,
    descending: bool,
    today: dt.date,
    after: tuple[int, str, str] | None,
    limit: int,
) -> list[dict]:
    """Active people under the manager (direct reports or the whole subtree), ordered by the sort key, then name
    and id; each row carries its `sort_key` for the cursor."""
    args: list = []

    def arg(value) -> str:
        args.append(value)
        return "{}"

    if sort is MemberSort.NAME:
        key = "0"
    elif sort is MemberSort.CURRENT_STREAK:
        key = (
            f"coalesce((SELECT CASE WHEN p.last_active_date >= {arg(counted_streak_since(today))} THEN p.streak "
            f"ELSE 0 END FROM {_t(Progress)} p WHERE p.employee = e.id), 0)"
        )
    else:
        key = (
            f"coalesce((SELECT sum(d.lessons) FROM {_t(MemberDay)} d WHERE d.employee = e.id "
            f"AND d.day >= {arg(window_start(today, 30))}), 0)"
        )
    # Arguments in the order they appear: the sort key's first, then the scope's.
    if depth is Depth.DIRECT:
        scope = f"e.manager = {arg(manager['id'])}"
    else:
        # A prefix match on the org path ("the subtree is a prefix", directory/tables.py).
        scope = f"e.org_path LIKE {arg(manager['org_path'] + '/%')}"
    columns = ", ".join(f"e.{c.strip()}" for c in EMPLOYEE_COLUMNS.split(","))
    sql = (
        f"SELECT * FROM (SELECT {columns}, ({key})::int AS sort_key FROM {_t(Employee)} e "
        f"WHERE e.active AND {scope}) m"
    )
    direction = "DESC" if descending else "ASC"
    if after is not None:
        beyond = "<" if descending else ">"
        sql += f" WHERE (sort_key, name, id::text) {beyond} ({arg(after[0])}, {arg(after[1])}, {arg(after[2])})"
    sql += f" ORDER BY sort_key {direction}, name {direction}, id::text {direction} LIMIT {arg(limit)}"
    return await Employee.raw(sql, *args)


async def subteam_managers(*, manager_ids: Sequence[uuid.UUID]) -> list[list[dict]]:
    """Per manager, their direct reports who have active people under them, by name: one statement."""
    rows = await Employee.raw(
        f"SELECT {EMPLOYEE_COLUMNS} FROM {_t(Employee)} e WHERE e.manager = ANY({{}}::uuid[]) AND e.active "
        f"AND EXISTS (SELECT 1 FROM {_t(TeamSize)} z WHERE z.manager = e.id AND z.headcount > 0) ORDER BY name, id",
        list(manager_ids),
    )
    grouped: dict[uuid.UUID, list[dict]] = {i: [] for i in manager_ids}
    for row in rows:
        grouped[row["manager"]].append(row)
    return [grouped[i] for i in manager_ids]


# ---------------------------------------------------------------- team figures


def _target(size: dict | None, today: dt.date, days: int) -> int:
    """One lesson a working day: the members working on each day of the window, summed (current working days)."""
    if size is None:
        return 0
    return sum(size[WEEKDAY_COLUMNS[(today - n * DAY).isoweekday() - 1]] for n in range(days))


async def team_figures_many(*, keys: Sequence[tuple[uuid.UUID, dt.date]]) -> list[dict]:
    """The kept rollup of each (manager, their local today), with the mastery the worker last computed (mastery.py):
    one statement for any number of teams."""
    managers = [k[0] for k in keys]
    todays = [k[1] for k in keys]
    rows = await TeamDay.raw(
        f"""
        SELECT k.manager, k.today, row_to_json(z) AS size, d.*,
          (SELECT json_agg(json_build_object('topic', m.topic, 'mastery', m.mastery_sum / m.learners, 'cards', m.cards,
             'computed_at', m.computed_at) ORDER BY m.topic) FROM {_t(TeamMastery)} m WHERE m.manager = k.manager)
            AS mastery
        FROM unnest({{}}::uuid[], {{}}::date[], {{}}::date[]) AS k(manager, today, streak_since)
        LEFT JOIN {_t(TeamSize)} z ON z.manager = k.manager
        -- Summed inside LATERAL, so each team's days are read through the (manager, day) index: a plain join let
        -- the planner scan every team's days.
        CROSS JOIN LATERAL (
          SELECT
            coalesce(sum(d.lessons) FILTER (WHERE d.day >= k.today - 6), 0)::int AS lessons_7,
            coalesce(sum(d.lessons) FILTER (WHERE d.day >= k.today - 29), 0)::int AS lessons_30,
            coalesce(sum(d.learned) FILTER (WHERE d.day >= k.today - 6), 0)::int AS learners_7,
            coalesce(sum(d.learned) FILTER (WHERE d.day >= k.today - 29), 0)::int AS learners_30,
            coalesce(sum(d.streak) FILTER (WHERE d.day >= k.streak_since), 0)::int AS streak_sum,
            coalesce(sum(d.assignments_due) FILTER (WHERE d.day < k.today), 0)::int AS overdue,
            coalesce(sum(d.assignments_completed) FILTER (WHERE d.day >= k.today - 29), 0)::int AS completed_30
          FROM {_t(TeamDay)} d WHERE d.manager = k.manager
            AND (d.day >= k.today - 29 OR (d.assignments_due <> 0 AND d.day < k.today))
        ) d
        """,
        managers,
        todays,
        [counted_streak_since(t) for t in todays],
    )
    by_key = {}
    for row in rows:
        size = row["size"]
        size = json.loads(size) if isinstance(size, str) else size
        headcount = size["headcount"] if size else 0
        by_key[(row["manager"], row["today"])] = {
            "headcount": headcount,
            "lessons": {n: row[f"lessons_{n}"] for n in WINDOWS},
            "targets": {n: _target(size, row["today"], n) for n in WINDOWS},
            "learners": {n: row[f"learners_{n}"] for n in WINDOWS},
            "mean_streak": row["streak_sum"] / headcount if headcount else 0.0,
            "overdue": row["overdue"],
            "completed_30": row["completed_30"],
            "mastery": json.loads(row["mastery"]) if isinstance(row["mastery"], str) else (row["mastery"] or []),
        }
    return [by_key[k] for k in keys]


# ---------------------------------------------------------------- per member


async def member_figures_many(*, keys: Sequence[tuple[uuid.UUID, dt.date]]) -> list[dict]:
    """Per (employee, their local today): lessons in 7 and 30 days, assignments completed in 30 days and overdue,
    from their own sessions and assignments, so they are exact the moment after a completion (the teams' kept
    figures follow through the worker): one statement."""
    rows = await LessonSession.raw(
        f"""
        SELECT k.employee, k.today, s.*, a.*
        FROM unnest({{}}::uuid[], {{}}::date[]) AS k(employee, today)
        JOIN {_t(Employee)} e ON e.id = k.employee
        -- Counted inside LATERAL: each member's rows through their employee index, one member at a time.
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE x.local_date >= k.today - 6)::int AS lessons_7, count(*)::int AS lessons_30
          FROM {_t(LessonSession)} x WHERE x.employee = k.employee AND x.completed_at IS NOT NULL
            AND x.local_date >= k.today - 29
        ) s
        CROSS JOIN LATERAL (
          SELECT
            count(*) FILTER (WHERE y.completed_at IS NULL AND y.due_date < k.today)::int AS overdue,
            count(*) FILTER (WHERE (y.completed_at AT TIME ZONE e.time_zone)::date >= k.today - 29)::int
              AS completed_30
          FROM {_t(Assignment)} y WHERE y.employee = k.employee
        ) a
        """,
        [k[0] for k in keys],
        [k[1] for k in keys],
    )
    by_key = {(r["employee"], r["today"]): r for r in rows}
    return [by_key[k] for k in keys]


async def has_reports(*, manager_id: uuid.UUID) -> bool:
    """Whether anyone active reports directly to this person."""
    rows = await Employee.raw(
        f"SELECT EXISTS (SELECT 1 FROM {_t(Employee)} WHERE manager = {{}} AND active) AS found", manager_id
    )
    return rows[0]["found"]
