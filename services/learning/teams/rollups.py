"""The team rollups, kept at write time: whoever changes what a member adds to their teams calls `refresh`.

A member's figures are `MemberDay` rows (per local day: lessons, last lesson day, streak, assignments completed and
due, see tables.COUNTERS), and `TeamMember` says which managers they are currently added to (the managers on their
org path; none while inactive). `TeamDay` and `TeamSize` hold, per manager, the sum over everyone under them.

Changes made in a request `announce` the member (an outbox event, in the change's transaction) and the worker
runs `refresh` (jobs.py): team figures follow within seconds. Changes made in a worker or by the org-chart import
call `refresh` directly. `refresh` recomputes the members' rows from their own base rows (a member has ~100
sessions, not the 1M of the company) and applies only the difference: the new rows to the managers above them now, minus the stored rows from
the managers they were added to before. So a completion, a retake, an assignment, a review day, a freeze, a move
in the org chart (a new org path), a time-zone change, a deactivation all keep every team right through one rule,
through one statement. Rows are written in (manager, day) order, so two refreshes lock shared rows in the same
order.

`from_scratch` computes the same figures from the base rows alone: the property test compares the two, and
`rebuild` (after a restore or a bulk load) replaces the kept rows with it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from services.platform.outbox.service import publish

from ..assignments.tables import Assignment
from ..directory.tables import Employee
from ..platform_tables import OUTBOX
from ..progress.tables import LessonSession, Progress
from .tables import COUNTERS, MemberDay, TeamDay, TeamMember, TeamSize

WEEKDAY_COLUMNS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # ISO weekday = index + 1
REBUILD_CHUNK = 500


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


def _fresh(ids: str) -> str:
    """SQL: per (employee, day), the counters of the employees in CTE `ids` from their base rows (columns
    employee, day, *COUNTERS)."""
    sums = ", ".join(f"sum({c})::int AS {c}" for c in COUNTERS)
    cols = ", ".join(COUNTERS)

    def row(values: dict[str, str]) -> str:
        return ", ".join(values.get(c, "0") for c in COUNTERS)

    return f"""
      SELECT employee, day, {sums} FROM (
        SELECT s.employee, s.local_date AS day, {row({"lessons": "count(*)"})}
          FROM {_t(LessonSession)} s JOIN {ids} k ON k.id = s.employee
          WHERE s.completed_at IS NOT NULL GROUP BY s.employee, s.local_date
        UNION ALL
        SELECT s.employee, max(s.local_date), {row({"learned": "1"})}
          FROM {_t(LessonSession)} s JOIN {ids} k ON k.id = s.employee
          WHERE s.completed_at IS NOT NULL GROUP BY s.employee
        UNION ALL
        SELECT p.employee, p.last_active_date, {row({"streak": "p.streak"})}
          FROM {_t(Progress)} p JOIN {ids} k ON k.id = p.employee
          WHERE p.streak > 0 AND p.last_active_date IS NOT NULL
        UNION ALL
        SELECT a.employee, (a.completed_at AT TIME ZONE e.time_zone)::date, {row({"assignments_completed": "1"})}
          FROM {_t(Assignment)} a JOIN {ids} k ON k.id = a.employee JOIN {_t(Employee)} e ON e.id = a.employee
          WHERE a.completed_at IS NOT NULL
        UNION ALL
        SELECT a.employee, a.due_date, {row({"assignments_due": "1"})}
          FROM {_t(Assignment)} a JOIN {ids} k ON k.id = a.employee
          WHERE a.completed_at IS NULL AND a.due_date IS NOT NULL
      ) x({'employee, day, ' + cols}) GROUP BY employee, day
    """


def managers_sql(employee: str) -> str:
    """SQL: the managers above an active employee (their org path without themselves); none while inactive."""
    path = f"(string_to_array({employee}.org_path, '/'))"
    return f"CASE WHEN {employee}.active THEN {path}[1:cardinality({path}) - 1]::uuid[] ELSE ARRAY[]::uuid[] END"


def _works(days: str, sign: str = "") -> str:
    return ", ".join(f"{sign}({n} = ANY({days}))::int AS {c}" for n, c in enumerate(WEEKDAY_COLUMNS, start=1))


MEMBER_CHANGED = "team.member_changed"


async def announce(*, employee_ids: Sequence[uuid.UUID]) -> None:
    """Inside the transaction of a change: the worker refreshes these members' rollups (jobs.py), so a request
    never waits for the teams above the member (nor for the rows of the company's whole day every completion
    shares)."""
    await publish(OUTBOX, topic=MEMBER_CHANGED, payload={"employee_ids": [str(i) for i in sorted(set(employee_ids))]})


async def lock(*, employee_ids: Sequence[uuid.UUID]) -> None:
    """Lock the members' TeamMember rows (in id order); a refresh in chunks locks all its members first, so it
    never holds some teams' rows while waiting for a member a worker is refreshing."""
    await TeamMember.raw(
        f"SELECT employee FROM {_t(TeamMember)} WHERE employee = ANY({{}}::uuid[]) ORDER BY employee FOR UPDATE",
        sorted(set(employee_ids)),
    )


async def refresh(*, employee_ids: Sequence[uuid.UUID]) -> None:
    """Bring the rollups up to date for these members after a change to their rows; call inside a transaction.

    Two statements: the members' TeamMember rows are locked first, so two refreshes of one member (two workers,
    a worker and an import) take turns, and the second one's statement starts after the first committed: it
    applies only what is still missing.
    """
    ids = sorted(set(employee_ids))
    if not ids:
        return
    await lock(employee_ids=ids)
    cols = ", ".join(COUNTERS)
    sums = ", ".join(f"sum({c})" for c in COUNTERS)
    nonzero = " OR ".join(f"sum({c}) <> 0" for c in COUNTERS)
    plus = ", ".join(f"{c} = t.{c} + EXCLUDED.{c}" for c in COUNTERS)
    negated = ", ".join(f"-s.{c}" for c in COUNTERS)
    fresh_cols = ", ".join(f"f.{c}" for c in COUNTERS)
    merged = ", ".join(f"coalesce(f.{c}, 0)" for c in COUNTERS)
    differs = " OR ".join(f"coalesce(f.{c}, 0) IS DISTINCT FROM coalesce(s.{c}, 0)" for c in COUNTERS)
    replaced = ", ".join(f"{c} = EXCLUDED.{c}" for c in COUNTERS)
    weekday_sums = ", ".join(f"sum({c})" for c in WEEKDAY_COLUMNS)
    weekday_plus = ", ".join(f"{c} = z.{c} + EXCLUDED.{c}" for c in WEEKDAY_COLUMNS)
    weekdays = ", ".join(WEEKDAY_COLUMNS)
    await TeamDay.raw(
        f"""
        WITH ids AS (SELECT unnest({{}}::uuid[]) AS id),
        emp AS (SELECT e.id, {managers_sql('e')} AS managers, e.work_days
                FROM {_t(Employee)} e JOIN ids ON ids.id = e.id),
        was AS (SELECT m.employee, m.managers, m.work_days FROM {_t(TeamMember)} m JOIN ids ON ids.id = m.employee),
        fresh AS ({_fresh('ids')}),
        stored AS (SELECT s.* FROM {_t(MemberDay)} s JOIN ids ON ids.id = s.employee),
        changes AS (
          SELECT a.manager, f.day, {fresh_cols} FROM fresh f JOIN emp ON emp.id = f.employee
            CROSS JOIN LATERAL unnest(emp.managers) AS a(manager)
          UNION ALL
          SELECT a.manager, s.day, {negated} FROM stored s JOIN was ON was.employee = s.employee
            CROSS JOIN LATERAL unnest(was.managers) AS a(manager)
        ),
        team_days AS (
          INSERT INTO {_t(TeamDay)} AS t (manager, day, {cols})
          SELECT manager, day, {sums} FROM changes GROUP BY manager, day HAVING {nonzero} ORDER BY manager, day
          ON CONFLICT (manager, day) DO UPDATE SET {plus}
        ),
        member_days AS (
          INSERT INTO {_t(MemberDay)} (employee, day, {cols})
          SELECT coalesce(f.employee, s.employee), coalesce(f.day, s.day), {merged}
          FROM fresh f FULL JOIN stored s ON s.employee = f.employee AND s.day = f.day
          WHERE {differs} ORDER BY 1, 2
          ON CONFLICT (employee, day) DO UPDATE SET {replaced}
        ),
        sizes AS (
          INSERT INTO {_t(TeamSize)} AS z (manager, headcount, {weekdays})
          SELECT manager, sum(n), {weekday_sums} FROM (
            SELECT a.manager, 1 AS n, {_works('emp.work_days')}
              FROM emp CROSS JOIN LATERAL unnest(emp.managers) AS a(manager)
            UNION ALL
            SELECT a.manager, -1, {_works('was.work_days', '-')}
              FROM was CROSS JOIN LATERAL unnest(was.managers) AS a(manager)
          ) x GROUP BY manager HAVING sum(n) <> 0 OR {" OR ".join(f"sum({c}) <> 0" for c in WEEKDAY_COLUMNS)}
          ORDER BY manager
          ON CONFLICT (manager) DO UPDATE SET headcount = z.headcount + EXCLUDED.headcount, {weekday_plus}
        )
        INSERT INTO {_t(TeamMember)} (employee, managers, work_days) SELECT id, managers, work_days FROM emp ORDER BY id
        ON CONFLICT (employee) DO UPDATE SET managers = EXCLUDED.managers, work_days = EXCLUDED.work_days
        """,
        ids,
    )


async def from_scratch() -> dict:
    """The team figures computed from the base rows alone: {"days": {(manager, day): counters}, "sizes":
    {manager: (headcount, *weekday counts)}}, without zero rows."""
    cols = ", ".join(COUNTERS)
    sums = ", ".join(f"sum(f.{c})::int AS {c}" for c in COUNTERS)
    days = await TeamDay.raw(
        f"""
        WITH ids AS (SELECT id FROM {_t(Employee)}),
        emp AS (SELECT e.id, {managers_sql('e')} AS managers FROM {_t(Employee)} e),
        fresh AS ({_fresh('ids')})
        SELECT a.manager, f.day, {sums} FROM fresh f JOIN emp ON emp.id = f.employee
          CROSS JOIN LATERAL unnest(emp.managers) AS a(manager) GROUP BY a.manager, f.day
        """
    )
    sizes = await TeamSize.raw(
        f"""
        SELECT a.manager, count(*)::int AS headcount, {", ".join(f"sum({c})::int AS {c}" for c in WEEKDAY_COLUMNS)}
        FROM (SELECT e.id, {managers_sql('e')} AS managers, {_works('e.work_days')} FROM {_t(Employee)} e) x
          CROSS JOIN LATERAL unnest(x.managers) AS a(manager) GROUP BY a.manager
        """
    )
    return {
        "days": {(r["manager"], r["day"]): tuple(r[c] for c in COUNTERS) for r in days if any(r[c] for c in COUNTERS)},
        "sizes": {r["manager"]: tuple(r[c] for c in ("headcount", *WEEKDAY_COLUMNS)) for r in sizes},
    }


async def kept() -> dict:
    """The kept team figures in the shape of `from_scratch` (zero rows left out)."""
    days = await TeamDay.raw(f"SELECT * FROM {_t(TeamDay)}")
    sizes = await TeamSize.raw(f"SELECT * FROM {_t(TeamSize)}")
    return {
        "days": {(r["manager"], r["day"]): tuple(r[c] for c in COUNTERS) for r in days if any(r[c] for c in COUNTERS)},
        "sizes": {
            r["manager"]: tuple(r[c] for c in ("headcount", *WEEKDAY_COLUMNS))
            for r in sizes
            if r["headcount"] or any(r[c] for c in WEEKDAY_COLUMNS)
        },
    }


async def rebuild() -> int:
    """Forget the kept rows and refresh everyone, in chunks (after a bulk load or a restore); returns how many."""
    await TeamDay.raw(
        f"TRUNCATE {_t(TeamDay)}, {_t(TeamSize)}, {_t(MemberDay)}, {_t(TeamMember)}"
    )
    rows = await Employee.raw(f"SELECT id FROM {_t(Employee)} ORDER BY id")
    ids = [r["id"] for r in rows]
    for start in range(0, len(ids), REBUILD_CHUNK):
        async with Employee._meta.db.transaction():
            await refresh(employee_ids=ids[start : start + REBUILD_CHUNK])
    return len(ids)
