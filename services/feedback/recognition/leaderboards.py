"""Weekly and monthly leaderboards per organisation, team and role family, with a 'near me' mode.

Periods are calendar weeks (Monday to Monday) and months in UTC, the same board for everyone whatever their
time zone: an award counts in the period its ledger entry was written in (pending points count when confirmed).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from ..directory.tables import StaffMember
from .tables import LedgerEntry

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
    """Active staff in scope ranked by points earned in [start, end); ties share a rank. One statement.

    Everyone in scope is on the board, with 0 when they earned nothing. Without near_me: the top `limit`; with
    it: the viewer's rank and the NEAR distinct ranks on each side, closest first when more than `limit` tie.
    """
    staff = StaffMember._meta.get_formatted_tablename()
    ledger = LedgerEntry._meta.get_formatted_tablename()
    rows = await LedgerEntry.raw(
        f"""
        WITH board AS (
          SELECT s.id, s.name, coalesce(sum(l.points), 0)::int AS points
          FROM {staff} s
          LEFT JOIN {ledger} l ON l.employee = s.id AND l.entry <> 'pending'
            AND l.created_at >= {{}} AND l.created_at < {{}}
          WHERE s.active AND ({{}}::text IS NULL OR s.org_path = {{}} OR s.org_path LIKE {{}} || '/%')
            AND ({{}}::text IS NULL OR s.role_family = {{}})
          GROUP BY s.id, s.name
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
        start,
        end,
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
