"""Property: the boards the workers keep equal boards computed from scratch from the ledger.

Hypothesis draws sequences of what earns or costs points for a handful of people at instants around a week's and
a month's start (praise, with its daily cap; first replies; acknowledgements; resolutions, pending, late or not;
negative verdicts; loyalty windows closing, which confirms; reopenings, which reverse even confirmed points; an
event published again under a new id), org-chart moves (a new manager, a new role family, leaving and coming
back), Redis flushed (the boards then rebuild from PostgreSQL) and the boards read meanwhile. Each is handed to
the real consumers. The Redis boards of every period are built before the first event, so the workers keep them
from then on. Then, for every week and month that has a counting entry, every scope and several viewers (near me
too), the `leaderboard` the API answers equals the ranking over the ledger itself (kept here as the oracle), and
the migration's backfill rebuilds the same totals.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import redis.asyncio as aioredis

from services.feedback.directory.tables import StaffMember
from services.learning.directory.events import employee_event
from services.platform import redis as redis_bootstrap
from services.platform.settings import get_settings
from services.feedback.recognition import leaderboards
from services.feedback.recognition import service as recognition
from services.feedback.recognition.tables import BoardScore, LedgerEntry

from .conftest import START, reset_storage
from .recognition_steps import (
    LEADERBOARD,
    acknowledged,
    consume,
    given_feedback,
    given_people,
    recorded,
    reopened,
    replied,
    resolved,
    utc,
)
from .support import token_for

backfill = importlib.import_module("services.feedback.migrations.feedback_2026_12_01t10_25_00_000000")

EARNERS = ["A1", "A2", "LA", "MA", "B1"]
VIEWERS = ["A1", "MA", "B1", "CEO"]
SCOPES = ["ORGANISATION", "TEAM", "ROLE_FAMILY"]
# Monday 30 March 2026 starts a week, Wednesday 1 April a month (UTC); Tallinn is already past midnight at 21:30.
INSTANT_LIST = [
    utc(2026, 3, 29, 21, 30), utc(2026, 3, 29, 23, 59), utc(2026, 3, 30, 0, 0), utc(2026, 3, 31, 23, 59),
    utc(2026, 4, 1, 0, 0), utc(2026, 4, 1, 0, 0), utc(2026, 4, 6, 12, 0),
]
INSTANTS = st.sampled_from(INSTANT_LIST)
WHO = st.sampled_from(EARNERS)
EARNING = st.one_of(
    st.tuples(st.just("praise"), st.lists(WHO, min_size=1, max_size=3), INSTANTS),
    st.tuples(st.just("reply"), WHO, INSTANTS),
    st.tuples(st.just("acknowledge"), WHO, INSTANTS),
    st.tuples(st.just("resolve"), WHO, INSTANTS, st.booleans(), st.booleans()),
    st.tuples(st.just("again"),),
)
SETTLING = st.one_of(
    st.tuples(st.just("churn"), st.integers(min_value=0, max_value=5)),
    st.tuples(st.just("reopen"), st.integers(min_value=0, max_value=5), INSTANTS),
    st.tuples(st.just("again"),),
)
# The org chart and the read model: staff without reports move to another manager (and maybe role family), A2
# leaves or comes back, Redis loses everything, someone reads the boards (which rebuilds what is missing).
MOVE = st.tuples(st.just("move"), st.sampled_from(["A1", "A2", "B1"]), st.sampled_from(["LA", "MA", "MB", "CEO"]),
                 st.sampled_from([None, "cashier", "logistics"]))
CHANGING = st.one_of(MOVE, MOVE, st.tuples(st.just("toggle_active"),), st.tuples(st.just("flush"),),
                     st.tuples(st.just("open"),))
# Points earned (some pending), some settled, windows closing (confirming the rest), a reopening (reversing
# confirmed points), then more of everything.
PLANS = st.builds(
    lambda first, changes, settled, close, reopen, after: [("open",)] + first + changes + settled
    + [("windows_close", close), reopen] + after,
    st.lists(st.one_of(EARNING, EARNING, CHANGING), min_size=2, max_size=8),
    st.lists(CHANGING, min_size=1, max_size=3),
    st.lists(SETTLING, max_size=2),
    INSTANTS,
    st.tuples(st.just("reopen"), st.integers(min_value=0, max_value=5), INSTANTS),
    st.lists(st.one_of(EARNING, SETTLING, CHANGING, st.tuples(st.just("windows_close"), INSTANTS)), max_size=6),
)


async def oracle(*, start, end, viewer_id, path, role_family, near_me, limit) -> leaderboards.Board:
    """The ranking as it was before boards were kept: the period's ledger entries summed per request."""
    staff = StaffMember._meta.get_formatted_tablename()
    ledger = LedgerEntry._meta.get_formatted_tablename()
    near = leaderboards.NEAR
    rows = await LedgerEntry.raw(
        f"""
        WITH board AS (
          SELECT s.id, coalesce(sum(l.points), 0)::int AS points
          FROM {staff} s
          LEFT JOIN {ledger} l ON l.employee = s.id AND l.entry <> 'pending'
            AND l.created_at >= {{}} AND l.created_at < {{}}
          WHERE s.active AND ({{}}::text IS NULL OR s.org_path = {{}} OR s.org_path LIKE {{}} || '/%')
            AND ({{}}::text IS NULL OR s.role_family = {{}})
          GROUP BY s.id
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
          THEN r.band BETWEEN (SELECT band FROM me) - {near} AND (SELECT band FROM me) + {near}
          ELSE r.position <= {{}} END
        ORDER BY CASE WHEN {{}} THEN abs(r.position - (SELECT position FROM me)) ELSE r.position END, r.position
        LIMIT {{}}
        """,
        start, end, path, path, path, role_family, role_family, viewer_id, viewer_id, viewer_id, near_me, limit,
        near_me, limit if near_me else limit + 1,
    )
    rows.sort(key=lambda r: r["position"])
    standings = [leaderboards.Standing(r["id"], r["points"], r["rank"], r["is_viewer"]) for r in rows]
    viewer = next((s for s in standings if s.is_viewer), None)
    entries = standings if near_me else [s for r, s in zip(rows, standings) if r["position"] <= limit]
    return leaderboards.Board(entries=entries, viewer=viewer, total=rows[0]["total"] if rows else 0)


class Scenario:
    """One drawn sequence, played through the real consumers."""

    def __init__(self, feedback_api, clock) -> None:
        self.api, self.clock = feedback_api, clock
        self.complaints: list[dict] = []
        self.last: tuple | None = None

    async def setup(self) -> None:
        await reset_storage()
        self.clock.set(START)
        self.people = await given_people()

    async def send(self, event: tuple, at: dt.datetime) -> None:
        self.last = (event, at)
        await consume(event, at=at)

    async def praise(self, who: list[str], at: dt.datetime) -> None:
        subjects = [self.people[w] for w in dict.fromkeys(who)]
        praise = await given_feedback(kind="praise", subjects=subjects, received_at=at)
        await self.send(recorded(praise, subjects=subjects, at=at), at)

    async def reply(self, who: str, at: dt.datetime) -> None:
        praise = await given_feedback(kind="praise", received_at=at)
        await self.send(replied(praise, author=self.people[who], at=at), at)

    async def acknowledge(self, who: str, at: dt.datetime) -> None:
        complaint = await given_feedback(owner=self.people[who], received_at=at - dt.timedelta(hours=1))
        await self.send(acknowledged(complaint, owner=self.people[who], at=at), at)

    async def resolve(self, who: str, at: dt.datetime, late: bool, transferred: bool) -> None:
        owner = self.people[who]
        complaint = await given_feedback(owner=owner, received_at=at - dt.timedelta(hours=2))
        self.complaints.append({"id": complaint, "owner": owner, "at": at})
        await self.send(resolved(complaint, owner=owner, at=at, late=late, transfer_count=int(transferred)), at)

    async def churn(self, index: int) -> None:
        if not self.complaints:
            return
        complaint = self.complaints[index % len(self.complaints)]
        at = complaint["at"] + dt.timedelta(days=1)
        payload = {"feedback_id": str(complaint["id"]), "kind": "churned", "occurred_at": at.isoformat(),
                   "source": "staff", "recorded_by": None}
        await self.send(("loyalty.outcome_recorded", payload), at)

    async def windows_close(self, at: dt.datetime) -> None:
        self.last = None
        # 97 days on: the windows of resolutions up to a week after `at` have closed
        await recognition.close_loyalty_windows(now=at + dt.timedelta(days=97))

    async def reopen(self, index: int, at: dt.datetime) -> None:
        if not self.complaints:
            return
        complaint = self.complaints[index % len(self.complaints)]
        await self.send(reopened(complaint["id"], owner=complaint["owner"]), at)

    async def move(self, who: str, manager: str, family: str | None) -> None:
        """`who` now reports to `manager` (and maybe works in another role family), as the directory announces."""
        person, boss = self.people[who], self.people[manager]
        if person["id"] == boss["id"]:
            return
        person.update(
            manager=boss["id"], org_path=f"{boss['org_path']}/{person['id']}", version=person["version"] + 1,
            role_family=family or person["role_family"],
        )
        self.last = None
        await consume(employee_event(person), at=START)

    async def toggle_active(self) -> None:
        person = self.people["A2"]
        person.update(active=not person["active"], version=person["version"] + 1)
        self.last = None
        await consume(employee_event(person), at=START)

    async def flush(self) -> None:
        """Redis loses every board (a restart without persistence, an operator's FLUSHDB)."""
        client = aioredis.Redis.from_url(redis_bootstrap.redis_url(get_settings()))
        await client.flushdb()
        await client.aclose()

    async def open(self) -> None:
        """Everyone reads every board of every period drawn from: those missing are built, the rest must be right."""
        for period in (leaderboards.WEEK, leaderboards.MONTH):
            for start in sorted({leaderboards.period_bounds(period, at)[0] for at in INSTANT_LIST}):
                await self.check_period(period, start)

    async def again(self) -> None:
        """The last event published once more (a new event id): the ledger already holds it; the boards too."""
        if self.last is not None:
            await consume(self.last[0], at=self.last[1])

    # ---- the property

    async def periods(self) -> list[tuple[str, dt.datetime]]:
        rows = await LedgerEntry.raw(
            f"SELECT DISTINCT created_at FROM {LedgerEntry._meta.get_formatted_tablename()} WHERE entry <> 'pending'"
        )
        found = {(period, leaderboards.period_bounds(period, r["created_at"])[0])
                 for r in rows for period in (leaderboards.WEEK, leaderboards.MONTH)}
        return sorted(found) + [(leaderboards.WEEK, utc(2026, 1, 5))]  # and a week nobody earned in

    async def check(self) -> None:
        for period, start in await self.periods():
            await self.check_period(period, start)
        await self.backfill_rebuilds_the_same_totals()

    async def check_period(self, period: str, start: dt.datetime) -> None:
        self.clock.set(start + dt.timedelta(hours=1))
        bounds = leaderboards.period_bounds(period, start)
        for key in VIEWERS:
            viewer = self.people[key]
            staff = {"role": viewer["role"], "org_path": await self.org_path(viewer)}
            for scope in SCOPES:
                for near_me in (False, True) if scope == "ORGANISATION" else (False,):
                    await self.same_board(period, bounds, viewer, staff, scope, near_me)

    async def org_path(self, viewer: dict) -> str:
        return (await StaffMember.select(StaffMember.org_path).where(StaffMember.id == viewer["id"]))[0]["org_path"]

    async def same_board(self, period, bounds, viewer, staff, scope, near_me) -> None:
        variables = {"p": period.upper(), "s": scope, "f": None, "n": near_me, "first": 100}
        kept = (await self.api.ok(LEADERBOARD, variables, token=token_for(viewer)))["leaderboard"]
        expected = await oracle(
            start=bounds[0], end=bounds[1], viewer_id=viewer["id"],
            path=leaderboards.team_path(staff) if scope == "TEAM" else None,
            role_family=kept["roleFamily"], near_me=near_me, limit=100,
        )
        line = lambda s: {"rank": s.rank, "points": s.points}  # noqa: E731
        assert kept["total"] == expected.total, (period, bounds[0], scope)
        assert [(e["employee"]["id"], e["rank"], e["points"], e["isMe"]) for e in kept["entries"]] == [
            (str(s.employee), s.rank, s.points, s.is_viewer) for s in expected.entries
        ], (period, bounds[0], scope, near_me)
        assert kept["me"] == (line(expected.viewer) if expected.viewer else None)

    async def backfill_rebuilds_the_same_totals(self) -> None:
        table = BoardScore._meta.get_formatted_tablename()
        kept = await BoardScore.raw(f"SELECT period, period_start, employee, points FROM {table} WHERE points <> 0")
        await BoardScore.raw(f"TRUNCATE {table}")
        for statement in backfill.statements():
            await BoardScore.raw(statement)
        rebuilt = await BoardScore.raw(f"SELECT period, period_start, employee, points FROM {table} WHERE points <> 0")
        as_set = lambda rows: {(r["period"], r["period_start"], r["employee"], r["points"]) for r in rows}  # noqa: E731
        assert as_set(kept) == as_set(rebuilt)


async def test_kept_boards_equal_boards_computed_from_the_ledger(feedback_api, storage, clock):
    loop = asyncio.get_running_loop()

    @settings(max_examples=15, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(PLANS)
    def boards_match(plan):
        async def run() -> None:
            scenario = Scenario(feedback_api, clock)
            await scenario.setup()
            for name, *args in plan:
                await getattr(scenario, name)(*args)
            await scenario.check()

        asyncio.run_coroutine_threadsafe(run(), loop).result(timeout=300)

    # hypothesis runs (and shrinks) in a thread; each example plays on this test's event loop
    await asyncio.to_thread(boards_match)
