"""The append-only points ledger: awards, pending resolution points, their confirmation or reversal, balances.

Every write is INSERT ... ON CONFLICT DO NOTHING on the unique (employee, rule, source, entry): the same award
written twice, at once or after a crash between commit and job acknowledgement, leaves one row. Rows are never
updated or deleted; the balance is the sum of award, confirm and reverse entries (pending ones wait).
The same statement adds what it really wrote to the leaderboards' running totals (leaderboards.count_written),
and the team figures count the rows written in the same transaction (team/service.py count_ledger_entries);
and the kept Redis boards are set to the new totals before the transaction commits (kept_boards.py).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from services.platform.clock import local_date

from ..team import service as team
from . import kept_boards
from .leaderboards import count_written, new_totals
from .rules import Rule
from .tables import LedgerEntry

AWARD = "award"
PENDING = "pending"
CONFIRM = "confirm"
REVERSE = "reverse"
ENTRIES = (AWARD, PENDING, CONFIRM, REVERSE)

COLUMNS = "id, employee, rule, source, feedback, entry, points, created_at, local_date"


def _t() -> str:
    return LedgerEntry._meta.get_formatted_tablename()


def _counted(insert: str) -> str:
    """The ledger INSERT ... RETURNING * with the rows it wrote also added to the boards, in one statement; each row
    carries the boards' new totals (`board_totals`, the same on every row)."""
    return (
        f"WITH written AS ({insert}), counted AS ({count_written('written')}) "
        f"SELECT w.*, {new_totals('counted')} AS board_totals FROM written w"
    )


async def _write(statement: str, *args, locked: bool = False) -> list[dict]:
    """Run a ledger write and set the kept boards to its new totals, in the caller's transaction."""
    if not locked:
        await kept_boards.hold_for_writing()
    rows = await LedgerEntry.raw(statement, *args)
    totals = rows[0].pop("board_totals") if rows else "[]"
    for row in rows[1:]:
        row.pop("board_totals", None)
    await kept_boards.scores_changed(json.loads(totals) if isinstance(totals, str) else totals)
    return rows


# ---------------------------------------------------------------- writing


async def record(
    *,
    employee_id: uuid.UUID,
    rule: Rule,
    source: str,
    entry: str,
    at: dt.datetime,
    time_zone: str,
    feedback_id: uuid.UUID | None = None,
) -> dict | None:
    """Write an award or a pending entry; None when this one is already in the ledger. Call in a transaction.

    Past the rule's daily cap (awards of this rule on the employee's local day) the entry is still written,
    with 0 points: it happened, it just earns nothing more today.
    """
    assert entry in (AWARD, PENDING)
    day = local_date(at, time_zone)
    args = [uuid.uuid4(), employee_id, rule.key, source, feedback_id, entry]
    if rule.daily_cap is None:
        rows = await _write(
            _counted(
                f"INSERT INTO {_t()} ({COLUMNS}) VALUES ({{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}) "
                "ON CONFLICT (employee, rule, source, entry) DO NOTHING RETURNING *"
            ),
            *args,
            rule.points,
            at,
            day,
        )
        await team.count_ledger_entries(rows)
        return rows[0] if rows else None
    # Two awards of one rule for one employee at once would both see room under the cap: take turns. The boards'
    # lock first, as every writer takes it, so no writer waits for a cap while holding what a rebuild waits for.
    await kept_boards.hold_for_writing()
    await LedgerEntry.raw(
        "SELECT pg_advisory_xact_lock(hashtextextended({}, 0))", f"recognition-cap:{employee_id}:{rule.key}:{day}"
    )
    rows = await _write(
        _counted(
            f"INSERT INTO {_t()} ({COLUMNS}) SELECT {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, "
            f"CASE WHEN (SELECT count(*) FROM {_t()} WHERE employee = {{}} AND rule = {{}} AND local_date = {{}} "
            "AND entry IN ('award', 'pending') AND points <> 0) >= {} THEN 0 ELSE {} END, {}, {} "
            "ON CONFLICT (employee, rule, source, entry) DO NOTHING RETURNING *"
        ),
        *args,
        employee_id,
        rule.key,
        day,
        rule.daily_cap,
        rule.points,
        at,
        day,
        locked=True,
    )
    await team.count_ledger_entries(rows)
    return rows[0] if rows else None


@dataclass(frozen=True)
class Resolution:
    """The pending entries one resolution of a complaint wrote, and how they were settled."""

    source: str
    employee: uuid.UUID
    resolved_at: dt.datetime
    pending_ids: tuple[uuid.UUID, ...]
    points: int
    confirmed: bool
    reversed: bool

    @property
    def settled(self) -> bool:
        return self.confirmed or self.reversed


async def resolutions(*, feedback_id: uuid.UUID) -> list[Resolution]:
    """A complaint's resolutions, oldest first, locked so that no one else settles them meanwhile.

    Call in a transaction. The state is read after the lock is held (a second statement sees what the
    transaction we waited for committed).
    """
    locked = await LedgerEntry.raw(
        f"SELECT id FROM {_t()} WHERE feedback = {{}} AND entry = 'pending' FOR UPDATE", feedback_id
    )
    if not locked:
        return []
    rows = await LedgerEntry.raw(
        f"SELECT p.id, p.employee, p.source, p.points, p.created_at, "
        f"EXISTS (SELECT 1 FROM {_t()} s WHERE s.employee = p.employee AND s.rule = p.rule "
        "AND s.source = p.source AND s.entry = 'confirm') AS confirmed, "
        f"EXISTS (SELECT 1 FROM {_t()} s WHERE s.employee = p.employee AND s.rule = p.rule "
        "AND s.source = p.source AND s.entry = 'reverse') AS reversed "
        f"FROM {_t()} p WHERE p.feedback = {{}} AND p.entry = 'pending' ORDER BY p.created_at, p.source, p.rule",
        feedback_id,
    )
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["source"], []).append(row)
    return [
        Resolution(
            source=source,
            employee=group[0]["employee"],
            resolved_at=group[0]["created_at"],
            pending_ids=tuple(r["id"] for r in group),
            points=sum(r["points"] for r in group),
            confirmed=any(r["confirmed"] for r in group),
            reversed=any(r["reversed"] for r in group),
        )
        for source, group in grouped.items()
    ]


async def settle(
    *, pending_ids: list[uuid.UUID], entry: str, at: dt.datetime, local_dates: list[dt.date]
) -> list[dict]:
    """Confirm or reverse pending entries (one statement); returns the entries written.

    A confirmation adds the pending points, once, unless the entry was settled already. A reversal voids
    the pending points: 0 when they were never confirmed, minus the points when they were.
    """
    assert entry in (CONFIRM, REVERSE)
    if entry == CONFIRM:
        points = "p.points"
        guard = "s.entry IN ('confirm', 'reverse')"
    else:
        points = (
            f"CASE WHEN EXISTS (SELECT 1 FROM {_t()} c WHERE c.employee = p.employee AND c.rule = p.rule "
            "AND c.source = p.source AND c.entry = 'confirm') THEN -p.points ELSE 0 END"
        )
        guard = "s.entry = 'reverse'"
    rows = await _write(
        _counted(
            f"INSERT INTO {_t()} ({COLUMNS}) "
            f"SELECT gen_random_uuid(), p.employee, p.rule, p.source, p.feedback, '{entry}', {points}, {{}}, "
            f"k.local_date FROM unnest({{}}::uuid[], {{}}::date[]) AS k(id, local_date) JOIN {_t()} p ON p.id = k.id "
            f"WHERE p.entry = 'pending' AND NOT EXISTS (SELECT 1 FROM {_t()} s WHERE s.employee = p.employee "
            f"AND s.rule = p.rule AND s.source = p.source AND {guard}) "
            "ON CONFLICT (employee, rule, source, entry) DO NOTHING RETURNING *"
        ),
        at,
        list(pending_ids),
        list(local_dates),
    )
    await team.count_ledger_entries(rows)
    return rows


async def lock_due(*, resolved_before: dt.datetime, limit: int) -> list[dict]:
    """Unsettled pending entries older than the loyalty window, locked (others being settled are skipped)."""
    return await LedgerEntry.raw(
        f"SELECT p.id, p.employee, p.feedback FROM {_t()} p WHERE p.entry = 'pending' AND p.created_at <= {{}} "
        f"AND NOT EXISTS (SELECT 1 FROM {_t()} s WHERE s.employee = p.employee AND s.rule = p.rule "
        "AND s.source = p.source AND s.entry IN ('confirm', 'reverse')) "
        "ORDER BY p.created_at LIMIT {} FOR UPDATE OF p SKIP LOCKED",
        resolved_before,
        limit,
    )


# ---------------------------------------------------------------- reading


async def totals_many(*, employee_ids: list[uuid.UUID]) -> list[dict]:
    """Balance and still-pending points per employee, in the order asked (one statement)."""
    rows = await LedgerEntry.raw(
        "SELECT l.employee, coalesce(sum(l.points) FILTER (WHERE l.entry <> 'pending'), 0)::int AS points, "
        "coalesce(sum(l.points) FILTER (WHERE l.entry = 'pending' AND s.id IS NULL), 0)::int AS pending "
        f"FROM {_t()} l LEFT JOIN LATERAL (SELECT s.id FROM {_t()} s WHERE l.entry = 'pending' "
        "AND s.employee = l.employee AND s.rule = l.rule AND s.source = l.source "
        "AND s.entry IN ('confirm', 'reverse') LIMIT 1) s ON true "
        "WHERE l.employee = ANY({}::uuid[]) GROUP BY l.employee",
        list(employee_ids),
    )
    by_id = {row["employee"]: row for row in rows}
    return [
        {"points": by_id[i]["points"], "pending": by_id[i]["pending"]} if i in by_id else {"points": 0, "pending": 0}
        for i in employee_ids
    ]


def _with_state() -> str:
    """The entry's columns plus `state` (how its line ended: pending, confirmed, reversed) and `feedback_reference`."""
    from ..intake.tables import Feedback

    same_line = f"FROM {_t()} s WHERE s.employee = l.employee AND s.rule = l.rule AND s.source = l.source"
    return (
        f"SELECT l.*, CASE WHEN EXISTS (SELECT 1 {same_line} AND s.entry = 'reverse') THEN 'reversed' "
        f"WHEN l.entry IN ('award', 'confirm') OR EXISTS (SELECT 1 {same_line} AND s.entry = 'confirm') "
        "THEN 'confirmed' ELSE 'pending' END AS state, "
        f"(SELECT f.reference FROM {Feedback._meta.get_formatted_tablename()} f WHERE f.id = l.feedback) "
        f"AS feedback_reference FROM {_t()} l"
    )


async def entries_page(*, employee_id: uuid.UUID, after: tuple[str, str] | None, limit: int) -> list[dict]:
    """An employee's entries, newest first, from after the cursor (created_at, id), each with its line's state
    and the reference of the feedback behind it: one statement."""
    if after is None:
        return await LedgerEntry.raw(
            f"{_with_state()} WHERE l.employee = {{}} ORDER BY l.created_at DESC, l.id DESC LIMIT {{}}",
            employee_id,
            limit,
        )
    return await LedgerEntry.raw(
        f"{_with_state()} WHERE l.employee = {{}} AND (l.created_at, l.id) < ({{}}, {{}}) "
        "ORDER BY l.created_at DESC, l.id DESC LIMIT {}",
        employee_id,
        dt.datetime.fromisoformat(after[0]),
        uuid.UUID(after[1]),
        limit,
    )