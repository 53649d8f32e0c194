"""Weekly and monthly leaderboards per organisation, team and role family, with a 'near me' mode.

Periods are calendar weeks (Monday to Monday) and months in UTC, the same board for everyone whatever their
time zone: an award counts in the period its ledger entry was written in (pending points count when confirmed).

Boards are kept, not computed per request. `board_score` holds each employee's points per week and month; the
statement that writes ledger entries adds the counting ones (award, confirm, reverse; never pending) to it in the
same statement (`count_written`), so a board is exactly as current as the ledger and never disagrees with it.
Exactly once comes from the ledger itself: only rows its ON CONFLICT DO NOTHING really inserted are RETURNed, and
only those add `points = points + delta`. A request then ranks per-employee totals (one row per person) instead of
summing the period's ledger entries (150,000 rows for a month of 10,000 staff: 138 -> 46 ms, bench/FEEDBACK.md).
Ranking the scope's people is still done per request (a sort and window functions over one row per person).

Why the table and not a Redis sorted set per period: a board lists everyone active in scope, with 0 when they
earned nothing, orders ties by name and filters by the replica's org path and role family; all of that needs the
replica, which lives in PostgreSQL. A sorted set would make the org-wide rank O(log n) but every board would still
join names and scopes, and it adds a second copy to rebuild and to fall back from. The request stays one statement.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from ..directory.tables import StaffMember
from .tables import BoardScore

WEEK = "week"
MONTH = "month"
# 'Near me' shows this many distinct ranks above and below the viewer's.
NEAR = 2


def period_bounds(period: str, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where the current week (from Monday) or month starts and ends."""
    today = now.astimezone(dt.timezone.utc).date()
    if period == WEEK:
        start = today - dt.timedelta(days=today.weekday())
        end = start + dt.timedelta(days=7)
    else:
        start = today.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1)
    return (
        dt.datetime.combine(start, dt.time(), dt.timezone.utc),
        dt.datetime.combine(end, dt.time(), dt.timezone.utc),
    )


def period_of(start: dt.datetime, end: dt.datetime) -> str:
    """Which period [start, end) is; anything but a UTC calendar week or month has no board."""
    for period in (WEEK, MONTH):
        if period_bounds(period, start) == (start, end):
            return period
    raise ValueError(f"no board for [{start}, {end})")


def count_written(written: str) -> str:
    """SQL (a data-modifying CTE body) adding the counting entries of CTE `written` to their week and month.

    Rows are grouped first (one statement may settle several entries of one person) and written in key order, so
    two transactions adding to the same people take the row locks in the same order.
    """
    boards = BoardScore._meta.get_formatted_tablename()
    return (
        f"INSERT INTO {boards} AS b (period, period_start, employee, points) "
        "SELECT p.period, p.period_start, w.employee, sum(w.points) "
        f"FROM {written} w CROSS JOIN LATERAL (VALUES "
        f"('{WEEK}', date_trunc('week', w.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'), "
        f"('{MONTH}', date_trunc('month', w.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')) "
        "AS p(period, period_start) "
        "WHERE w.entry <> 'pending' AND w.points <> 0 "
        "GROUP BY p.period, p.period_start, w.employee ORDER BY w.employee, p.period, p.period_start "
        "ON CONFLICT (period, period_start, employee) DO UPDATE SET points = b.points + excluded.points"
    )


def team_path(viewer: dict) -> str:
    """The org path of the viewer's team: their own subtree for managers, their manager's for everyone else."""
    if viewer["role"] == "manager":
        return viewer["org_path"]
    parent, _, _ = viewer["org_path"].rpartition("/")
    return parent or viewer["org_path"]


@dataclass(frozen=True)
class Standing:
    employee: uuid.UUID
    points: int
    rank: int
    is_viewer: bool


@dataclass(frozen=True)
class Board:
    entries: list[Standing]
    viewer: Standing | None
    total: int


async def ranking(
    *,
    start: dt.datetime,
    end: dt.datetime,
    viewer_id: uuid.UUID,
    path: str | None,
    role_family: str | None,
    near_me: bool,
    limit: int,
) -> Board:
    """Active staff in scope ranked by points earned in [start, end), a week or month; ties share a rank. One statement.

    Everyone in scope is on the board, with 0 when they earned nothing. Without near_me: the top `limit`; with
    it: the viewer's rank and the NEAR distinct ranks on each side, closest first when more than `limit` tie.
    """
    period = period_of(start, end)
    staff = StaffMember._meta.get_formatted_tablename()
    boards = BoardScore._meta.get_formatted_tablename()
    rows = await BoardScore.raw(
        f"""
        WITH board AS (
          SELECT s.id, s.name, coalesce(b.points, 0)::int AS points
          FROM {staff} s
          LEFT JOIN {boards} b ON b.employee = s.id AND b.period = {{}} AND b.period_start = {{}}
          WHERE s.active AND ({{}}::text IS NULL OR s.org_path = {{}} OR s.org_path LIKE {{}} || '/%')
            AND ({{}}::text IS NULL OR s.role_family = {{}})
        ), ranked AS (
          SELECT id, points,
            RANK() OVER (ORDER BY points DESC) AS rank,
            DENSE_RANK() OVER (ORDER BY points DESC) AS band,
            ROW_NUMBER() OVER (ORDER BY points DESC, name, id) AS position,
            count(*) OVER () AS total
          FROM board
        ), me AS (SELECT band, position FROM ranked WHERE id = {{}})
        SELECT r.id, r.points, r.rank, r.position, r.total, r.id = {{}} AS is_viewer
        FROM ranked r
        WHERE r.id = {{}} OR CASE WHEN {{}}
          THEN r.band BETWEEN (SELECT band FROM me) - {NEAR} AND (SELECT band FROM me) + {NEAR}
          ELSE r.position <= {{}} END
        ORDER BY CASE WHEN {{}} THEN abs(r.position - (SELECT position FROM me)) ELSE r.position END, r.position
        LIMIT {{}}
        """,
        period,
        start,
        path,
        path,
        path,
        role_family,
        role_family,
        viewer_id,
        viewer_id,
        viewer_id,
        near_me,
        limit,
        near_me,
        # Near me: the `limit` closest rows. Otherwise the top `limit` and the viewer further down.
        limit if near_me else limit + 1,
    )
    rows.sort(key=lambda r: r["position"])
    standings = [Standing(r["id"], r["points"], r["rank"], r["is_viewer"]) for r in rows]
    viewer = next((s for s in standings if s.is_viewer), None)
    entries = standings if near_me else [s for r, s in zip(rows, standings) if r["position"] <= limit]
    return Board(entries=entries, viewer=viewer, total=rows[0]["total"] if rows else 0)
