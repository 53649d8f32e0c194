"""Leaderboards kept in Redis sorted sets: the read model of `board_score` (PostgreSQL stays the truth).

One sorted set per board and period: `lb:<week|month>:<yyyymmdd>:<scope>`, scope `org`, `team:<root id>` (everyone
whose org path passes through that manager) or `role:<family>`. Every active employee in scope is a member, with 0
when they earned nothing. The score is minus the points, so ascending order is most points first and Redis orders
equal scores by member, the employee id: **ties are listed by employee id, ascending** (the rank is shared:
1, 2, 2, 4). A request is one script (ZRANK, ZCOUNT, ZRANGE) and one batched name lookup.

A board exists only whole: next to each set is a marker `<key>:ok`, and writers touch a board only while its
marker is there. A missing marker (a new week, a flushed or cold Redis, an expired key) makes the first reader
rebuild that board from PostgreSQL (`rebuild`); period roll-over needs no cron, and keys expire GRACE after their
period ends. The `rebuild_leaderboards` job (recognition/jobs.py) warms the current organisation boards after a
flush, for operators.

Writers (the ledger's statements, org-chart moves) hold a shared advisory lock until their transaction commits and
set absolute scores (never increments, so a retried job converges); a rebuild takes the lock exclusively, so it
reads only after every writer in flight has committed and no writer skips a board it is building. A Redis error
in a writer fails its job, which rolls back and is tried again (the worker needs Redis for its queue anyway); a
reader falls back to PostgreSQL (leaderboards.ranking) with a log line.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import redis.asyncio as aioredis

from services.platform import redis as redis_bootstrap
from services.platform.settings import get_settings

from ..directory.tables import StaffMember
from .tables import BoardScore

log = logging.getLogger(__name__)

# The advisory lock writers share and a rebuild takes alone (an arbitrary constant: 'boards' in ASCII).
LOCK = 0x626F61726473
# Keys live this long after their period ends (only the current period is ever shown).
GRACE = dt.timedelta(days=1)
MIN_TTL = 60
# Every period some board was built for, scored by when its keys expire (unix time on Redis' clock).
PERIODS = "lb:periods"
# After a Redis failure readers go straight to PostgreSQL for this long instead of waiting on timeouts.
BACKOFF_SECONDS = 5.0

ORGANISATION = "org"

_READ = """
if redis.call('EXISTS', KEYS[2]) == 0 then return false end
local total = redis.call('ZCARD', KEYS[1])
local limit = tonumber(ARGV[3])
local pos = redis.call('ZRANK', KEYS[1], ARGV[1])
local score, rank = '', -1
if pos then
  score = redis.call('ZSCORE', KEYS[1], ARGV[1])
  rank = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. score) + 1
else
  pos = -1
end
local first, rows = 0, {}
if ARGV[2] == '1' then
  if pos >= 0 then
    first = math.max(0, pos - limit)
    rows = redis.call('ZRANGE', KEYS[1], first, pos + limit, 'WITHSCORES')
  end
else
  rows = redis.call('ZRANGE', KEYS[1], 0, limit - 1, 'WITHSCORES')
end
local first_rank = 1
if #rows > 0 and first > 0 then
  first_rank = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. rows[2]) + 1
end
return {total, pos, score, rank, first, first_rank, rows}
"""

# KEYS: board, marker, board, marker ...; ARGV: member, score ('' removes) per pair. Only built boards change.
_KEEP = """
for i = 1, #KEYS, 2 do
  if redis.call('EXISTS', KEYS[i + 1]) == 1 then
    if ARGV[i + 1] == '' then
      redis.call('ZREM', KEYS[i], ARGV[i])
    else
      redis.call('ZADD', KEYS[i], ARGV[i + 1], ARGV[i])
    end
  end
end
return 1
"""


class _Connection:
    """One Redis client per event loop, and the reader's back-off after a failure."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.client: aioredis.Redis | None = None
        self.down_until = 0.0

    def get(self) -> aioredis.Redis:
        loop = asyncio.get_running_loop()
        if self.client is None or self.loop is not loop:
            url = redis_bootstrap.redis_url(get_settings())
            self.client = aioredis.Redis.from_url(
                url, decode_responses=True, socket_timeout=1.0, socket_connect_timeout=1.0
            )
            self.loop = loop
            self.read = self.client.register_script(_READ)
            self.keep = self.client.register_script(_KEEP)
        return self.client


_conn = _Connection()


def _redis() -> aioredis.Redis:
    return _conn.get()


# ---------------------------------------------------------------- keys and scopes


def key(period: str, start: dt.datetime, scope: str) -> str:
    return f"lb:{period}:{start.astimezone(dt.timezone.utc):%Y%m%d}:{scope}"


def marker(board: str) -> str:
    return f"{board}:ok"


def role_scope(family: str) -> str:
    return f"role:{family}"


def scopes_of(staff: dict | None) -> set[str]:
    """Every board an employee is on: the organisation, each team above (and at) them, their role family."""
    if not staff or not staff["active"]:
        return set()
    teams = {f"team:{node}" for node in staff["org_path"].split("/") if node}
    return {ORGANISATION, role_scope(staff["role_family"]), *teams}


def _score(points: int) -> str:
    return str(-int(points))


# ---------------------------------------------------------------- writing (in the writer's transaction)


async def hold_for_writing() -> None:
    """Take the writers' shared lock until this transaction ends; call before changing board_score or staff."""
    await BoardScore.raw("SELECT pg_advisory_xact_lock_shared({})", LOCK)


async def _apply(ops: list[tuple[str, str, str]]) -> None:
    """(board, member, score or '') each, in one script; boards not built are left to their rebuild."""
    if not ops:
        return
    _redis()
    keys: list[str] = []
    args: list[str] = []
    for board, member, score in ops:
        keys += [board, marker(board)]
        args += [member, score]
    await _conn.keep(keys=keys, args=args)


async def scores_changed(changes: Iterable[dict]) -> None:
    """Set the new totals the ledger statement wrote (board_score's row after it, with the employee's scope)."""
    ops = []
    for change in changes:
        start = change["period_start"]
        if isinstance(start, str):
            start = dt.datetime.fromisoformat(start)
        for scope in scopes_of(change):
            ops.append((key(change["period"], start, scope), str(change["employee"]), _score(change["points"])))
    await _apply(ops)


async def staff_changed(*, before: dict | None, after: dict) -> None:
    """Move an employee between the boards of every live period after a move, a new role family or (de)activation."""
    old, new = scopes_of(before), scopes_of(after)
    if old == new:
        return
    periods = await _redis().zrangebyscore(PERIODS, time.time(), "+inf")
    if not periods:
        return
    parsed = [(p.split("|")[0], dt.datetime.fromisoformat(p.split("|")[1])) for p in periods]
    rows = await BoardScore.raw(
        "SELECT period, period_start, points FROM "
        f"{BoardScore._meta.get_formatted_tablename()} WHERE employee = {{}} AND period_start = ANY({{}}::timestamptz[])",
        after["id"],
        [start for _, start in parsed],
    )
    points = {(r["period"], r["period_start"]): r["points"] for r in rows}
    member = str(after["id"])
    ops = []
    for period, start in parsed:
        for scope in old - new:
            ops.append((key(period, start, scope), member, ""))
        for scope in new:
            ops.append((key(period, start, scope), member, _score(points.get((period, start), 0))))
    await _apply(ops)


# ---------------------------------------------------------------- rebuilding from PostgreSQL


@dataclass(frozen=True)
class Scope:
    """Which board: its key part and how to select its people in the replica (as scopes_of does)."""

    name: str
    team_root: str | None = None
    role_family: str | None = None

    @classmethod
    def of(cls, *, path: str | None, role_family: str | None) -> "Scope":
        if path is not None:
            root = path.rsplit("/", 1)[-1]
            return cls(f"team:{root}", team_root=root)
        if role_family is not None:
            return cls(role_scope(role_family), role_family=role_family)
        return cls(ORGANISATION)


async def rebuild(*, period: str, start: dt.datetime, end: dt.datetime, scope: Scope, now: dt.datetime) -> int:
    """Recreate one board from PostgreSQL unless it is there; idempotent. Returns its size (-1: it was there)."""
    board = key(period, start, scope.name)
    client = _redis()
    async with BoardScore._meta.db.transaction():
        # Waits for every writer in flight to commit; writers arriving meanwhile wait for this board.
        await BoardScore.raw("SELECT pg_advisory_xact_lock({})", LOCK)
        if await client.exists(marker(board)):
            return -1
        staff = StaffMember._meta.get_formatted_tablename()
        scores = BoardScore._meta.get_formatted_tablename()
        # A team is everyone whose org path passes through its root: the writers' rule (scopes_of), which holds
        # while a moved subtree's events are still arriving one by one.
        rows = await BoardScore.raw(
            f"SELECT s.id, coalesce(b.points, 0) AS points FROM {staff} s "
            f"LEFT JOIN {scores} b ON b.employee = s.id AND b.period = {{}} AND b.period_start = {{}} "
            "WHERE s.active AND ({}::text IS NULL OR {} = ANY(string_to_array(s.org_path, '/'))) "
            "AND ({}::text IS NULL OR s.role_family = {})",
            period,
            start,
            scope.team_root,
            scope.team_root,
            scope.role_family,
            scope.role_family,
        )
        ttl = max(int((end + GRACE - now).total_seconds()), MIN_TTL)
        async with client.pipeline(transaction=True) as pipe:
            pipe.delete(board)
            if rows:
                pipe.zadd(board, {str(r["id"]): -r["points"] for r in rows})
                pipe.expire(board, ttl)
            pipe.set(marker(board), "1", ex=ttl)
            pipe.zadd(PERIODS, {f"{period}|{start.isoformat()}": time.time() + ttl})
            pipe.zremrangebyscore(PERIODS, "-inf", time.time())
            await pipe.execute()
    log.info("rebuilt leaderboard %s (%d people)", board, len(rows))
    return len(rows)


async def rebuild_current(*, now: dt.datetime) -> int:
    """The organisation boards of the current week and month, built when missing (a cold or flushed Redis), so the
    busiest boards are warm before anyone asks; other boards build on their first read. Returns how many were built."""
    from .leaderboards import MONTH, WEEK, period_bounds

    built = 0
    for period in (WEEK, MONTH):
        start, end = period_bounds(period, now)
        if await rebuild(period=period, start=start, end=end, scope=Scope(ORGANISATION), now=now) >= 0:
            built += 1
    return built


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Read:
    """What one board script returned: the viewer's place and the rows asked for, ranked."""

    total: int
    viewer_position: int | None
    viewer_points: int | None
    viewer_rank: int | None
    rows: list[tuple[uuid.UUID, int, int, int]]  # (employee, points, rank, position)


async def read(*, period: str, start: dt.datetime, scope: str, viewer_id: uuid.UUID, near_me: bool, limit: int) -> Read | None:
    """One board's top `limit` (or the window of `limit` each side of the viewer); None when it is not built."""
    board = key(period, start, scope)
    _redis()
    result = await _conn.read(keys=[board, marker(board)], args=[str(viewer_id), "1" if near_me else "0", limit])
    if result is None:
        return None
    total, position, score, rank, first, first_rank, flat = result
    rows: list[tuple[uuid.UUID, int, int, int]] = []
    previous: str | None = None
    current_rank = first_rank
    for i in range(0, len(flat), 2):
        member, member_score = flat[i], flat[i + 1]
        at = first + i // 2
        if previous is not None and member_score != previous:
            current_rank = at + 1
        previous = member_score
        rows.append((uuid.UUID(member), -int(float(member_score)), current_rank, at))
    return Read(
        total=int(total),
        viewer_position=int(position) if position >= 0 else None,
        viewer_points=-int(float(score)) if position >= 0 else None,
        viewer_rank=int(rank) if position >= 0 else None,
        rows=rows,
    )


def usable() -> bool:
    """False for a few seconds after a Redis failure (readers use PostgreSQL meanwhile)."""
    return time.monotonic() >= _conn.down_until


def failed(exc: Exception) -> None:
    """Note a reader's Redis failure: one log line, then PostgreSQL for BACKOFF_SECONDS."""
    if usable():
        log.warning("leaderboards read from PostgreSQL for %.0f s: Redis failed (%s)", BACKOFF_SECONDS, exc)
    _conn.down_until = time.monotonic() + BACKOFF_SECONDS

