"""Weekly and monthly leaderboards per organisation, team and role family, with a 'near me' mode.

Periods are calendar weeks (Monday to Monday) and months in UTC, the same board for everyone whatever their
time zone: an award counts in the period its ledger entry was written in (pending points count when confirmed).

Two copies, one truth. `board_score` (PostgreSQL) holds each employee's points per week and month; the statement
that writes ledger entries adds the counting ones (award, confirm, reverse; never pending) to it in the same
statement (`count_written`), exactly once (only rows the ledger's ON CONFLICT DO NOTHING really inserted count).
The boards people read are Redis sorted sets kept from it (kept_boards.py): the same job that writes the entry
sets the new totals on every board the employee is on, so a request ranks nothing; it reads a rank and a range.

Everyone active in scope is on a board, with 0 when they earned nothing. Equal points share a rank (1, 2, 2, 4)
and are listed by employee id, ascending, on both paths. When Redis fails, `ranking` answers from PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from redis.exceptions import RedisError

from ..directory.tables import StaffMember
from . import kept_boards
from .tables import BoardScore

log = logging.getLogger(__name__)

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
    two transactions adding to the same people take the row locks in the same order. It returns the rows' new
    totals (period, period_start, employee, points), which the kept boards are set to.
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
        "ON CONFLICT (period, period_start, employee) DO UPDATE SET points = b.points + excluded.points "
        "RETURNING b.period, b.period_start, b.employee, b.points"
    )


def new_totals(counted: str) -> str:
    """SQL: the totals CTE `counted` returned, with each employee's scope, as one JSON array (for the kept boards)."""
    staff = StaffMember._meta.get_formatted_tablename()
    return (
        "(SELECT coalesce(json_agg(json_build_object('period', c.period, 'period_start', c.period_start, "
        "'employee', c.employee, 'points', c.points, 'org_path', s.org_path, 'role_family', s.role_family, "
        f"'active', s.active)), '[]'::json) FROM {counted} c JOIN {staff} s ON s.id = c.employee)"
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
    """The PostgreSQL path: active staff in scope ranked by points in [start, end); ties share a rank. One statement.

    Everyone in scope is on the board, with 0 when they earned nothing. Without near_me: the top `limit`; with
    it: the viewer's rank and the NEAR distinct ranks on each side, closest first when more than `limit` tie.
    """
    period = period_of(start, end)
    staff = StaffMember._meta.get_formatted_tablename()
    boards = BoardScore._meta.get_formatted_tablename()
    rows = await BoardScore.raw(
        f"""
        WITH board AS (
          SELECT s.id, coalesce(b.points, 0)::int AS points
          FROM {staff} s
          LEFT JOIN {boards} b ON b.employee = s.id AND b.period = {{}} AND b.period_start = {{}}
          WHERE s.active AND ({{}}::text IS NULL OR s.org_path = {{}} OR s.org_path LIKE {{}} || '/%')
            AND ({{}}::text IS NULL OR s.role_family = {{}})
        ), ranked AS (
          SELECT id, points,
            RANK() OVER (ORDER BY points DESC) AS rank,
            DENSE_RANK() OVER (ORDER BY points DESC) AS band,
            ROW_NUMBER() OVER (ORDER BY points DESC, id) AS position,
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


async def board(
    *,
    start: dt.datetime,
    end: dt.datetime,
    viewer_id: uuid.UUID,
    path: str | None,
    role_family: str | None,
    near_me: bool,
    limit: int,
    now: dt.datetime,
) -> Board:
    """A board from its Redis sorted set (rebuilt from PostgreSQL when missing); from PostgreSQL when Redis fails."""
    period = period_of(start, end)
    scope = kept_boards.Scope.of(path=path, role_family=role_family)
    if kept_boards.usable():
        try:
            args = dict(period=period, start=start, scope=scope.name, viewer_id=viewer_id, near_me=near_me, limit=limit)
            read = await kept_boards.read(**args)
            if read is None:
                await kept_boards.rebuild(period=period, start=start, end=end, scope=scope, now=now)
                read = await kept_boards.read(**args)
            if read is not None:
                return _from_read(read, viewer_id=viewer_id, near_me=near_me, limit=limit)
        except (RedisError, OSError) as exc:
            kept_boards.failed(exc)
    return await ranking(
        start=start, end=end, viewer_id=viewer_id, path=path, role_family=role_family, near_me=near_me, limit=limit
    )


def _from_read(read: kept_boards.Read, *, viewer_id: uuid.UUID, near_me: bool, limit: int) -> Board:
    """The rows a board script returned as a Board: near me keeps the NEAR distinct ranks on each side of the
    viewer, the `limit` closest when more tie (as `ranking` does)."""
    rows = read.rows
    if near_me:
        if read.viewer_position is None:
            return Board(entries=[], viewer=None, total=read.total)
        bands = sorted({points for _, points, _, _ in rows}, reverse=True)
        mine = bands.index(read.viewer_points)
        near = set(bands[max(0, mine - NEAR) : mine + NEAR + 1])
        me = read.viewer_position
        rows = [r for r in rows if r[1] in near]
        rows = sorted(sorted(rows, key=lambda r: (abs(r[3] - me), r[3]))[:limit], key=lambda r: r[3])
    entries = [Standing(employee, points, rank, employee == viewer_id) for employee, points, rank, _ in rows]
    viewer = None
    if read.viewer_position is not None:
        viewer = Standing(viewer_id, read.viewer_points, read.viewer_rank, True)
    return Board(entries=entries, viewer=viewer, total=read.total)
