"""Leaderboards kept in Redis: the worker that writes a ledger entry sets the boards, moves in the org chart move
people between boards, a lost board is rebuilt from PostgreSQL, and a Redis outage falls back to PostgreSQL."""

import datetime as dt
import logging

import redis.asyncio as aioredis

from services.feedback.recognition import kept_boards
from services.feedback.recognition import service as recognition
from services.learning.directory.events import employee_event
from services.platform import redis as redis_bootstrap
from services.platform.settings import get_settings

from .recognition_steps import (
    consume,
    given_feedback,
    given_people,
    given_praise,
    given_resolved_complaint,
    leaderboard,
    recorded,
    reopened,
    utc,
    without_daily_caps,
)
from .support import count_statements

NOW = utc(2026, 3, 10, 9, 0)  # a Tuesday; the week began Monday 9 March
WEEK = "lb:week:20260309"


def points_of(board: dict) -> dict[str, int]:
    return {e["employee"]["id"]: e["points"] for e in board["entries"]}


async def redis_client() -> aioredis.Redis:
    return aioredis.Redis.from_url(redis_bootstrap.redis_url(get_settings()), decode_responses=True)


async def kept(board: str) -> dict[str, int]:
    """A board's sorted set as it is in Redis: employee id -> points."""
    client = await redis_client()
    try:
        return {member: -int(score) for member, score in await client.zrange(board, 0, -1, withscores=True)}
    finally:
        await client.aclose()


async def test_a_built_board_follows_awards_confirmations_and_reversals_without_rebuilding(feedback_api, storage):
    # given the organisation's week board read once (built), and then praise, a confirmed resolution and its reversal
    people = await given_people()
    await without_daily_caps()
    await leaderboard(feedback_api, people["CEO"])
    assert set((await kept(f"{WEEK}:org")).values()) == {0}
    await given_praise(people["A1"], at=NOW - dt.timedelta(hours=1), times=2)
    complaint = await given_resolved_complaint(people["A2"], at=NOW - dt.timedelta(days=91))
    await recognition.close_loyalty_windows(now=NOW)  # confirms its 30 pending points this week
    a1, a2 = str(people["A1"]["id"]), str(people["A2"]["id"])
    # then the kept set has the new totals (set by the workers, no rebuild in between)
    assert (await kept(f"{WEEK}:org"))[a1] == 20 and (await kept(f"{WEEK}:org"))[a2] == 30
    async with count_statements() as sent:
        board = await leaderboard(feedback_api, people["CEO"])
    assert points_of(board)[a2] == 30 and points_of(board)[a1] == 20
    assert not any("board_score" in s for s in sent), sent
    # when the complaint is reopened this week: the confirmed 30 come off again
    await consume(reopened(complaint, owner=people["A2"]), at=NOW)
    assert (await kept(f"{WEEK}:org"))[a2] == 0
    assert points_of(await leaderboard(feedback_api, people["CEO"]))[a2] == 0
    # and the team and role boards the reader built follow too
    team = await leaderboard(feedback_api, people["A1"], scope="TEAM")
    await leaderboard(feedback_api, people["A1"], scope="ROLE_FAMILY")
    await given_praise(people["A1"], at=NOW, times=1)
    assert points_of(await leaderboard(feedback_api, people["A1"], scope="TEAM"))[a1] == 30
    assert team["total"] == 3
    assert (await kept(f"{WEEK}:role:cashier")) == {a1: 30}


async def test_a_move_in_the_org_chart_moves_the_person_between_team_and_role_boards(feedback_api, storage):
    # given A1 (10 points this week) on LA's team board and the cashiers' board, both built
    people = await given_people()
    await given_praise(people["A1"], at=NOW - dt.timedelta(hours=1))
    a1 = str(people["A1"]["id"])
    assert a1 in points_of(await leaderboard(feedback_api, people["A2"], scope="TEAM"))
    assert a1 not in points_of(await leaderboard(feedback_api, people["B1"], scope="TEAM"))
    await leaderboard(feedback_api, people["A1"], scope="ROLE_FAMILY")
    await leaderboard(feedback_api, people["B1"], scope="ROLE_FAMILY")
    # when the directory announces A1 under MB, now in logistics
    moved = dict(people["A1"], manager=people["MB"]["id"], org_path=f"{people['MB']['org_path']}/{a1}",
                 role_family="logistics", version=people["A1"]["version"] + 1)
    await consume(employee_event(moved), at=NOW)
    # then A1 left LA's and the cashiers' boards and is on MB's and the logistics board, with their 10 points
    assert a1 not in points_of(await leaderboard(feedback_api, people["A2"], scope="TEAM"))
    assert points_of(await leaderboard(feedback_api, people["B1"], scope="TEAM"))[a1] == 10
    assert a1 not in await kept(f"{WEEK}:role:cashier")
    assert (await kept(f"{WEEK}:role:logistics"))[a1] == 10
    # and leaving the company takes them off every board
    await consume(employee_event(dict(moved, active=False, version=moved["version"] + 1)), at=NOW)
    assert a1 not in await kept(f"{WEEK}:org") and a1 not in await kept(f"{WEEK}:team:{people['MB']['id']}")


async def test_a_flushed_redis_is_rebuilt_from_postgresql_on_the_next_read(feedback_api, storage):
    # given a board with points, then Redis losing everything, then more points while no board exists
    people = await given_people()
    await given_praise(people["A1"], at=NOW - dt.timedelta(hours=1))
    before = await leaderboard(feedback_api, people["CEO"])
    client = await redis_client()
    await client.flushdb()
    await client.aclose()
    await given_praise(people["B1"], at=NOW - dt.timedelta(minutes=30))
    # when someone reads the board
    after = await leaderboard(feedback_api, people["CEO"])
    # then it was rebuilt from board_score: the earlier points and the ones written while it was gone
    assert points_of(after) == dict(points_of(before), **{str(people["B1"]["id"]): 10})
    assert (await kept(f"{WEEK}:org"))[str(people["B1"]["id"])] == 10
    # and a rebuild of a board that is there changes nothing
    scope = kept_boards.Scope.of(path=None, role_family=None)
    start, end = utc(2026, 3, 9), utc(2026, 3, 16)
    assert await kept_boards.rebuild(period="week", start=start, end=end, scope=scope, now=NOW) == -1


async def test_keys_expire_a_day_after_their_period(feedback_api, storage):
    people = await given_people()
    await leaderboard(feedback_api, people["CEO"])
    client = await redis_client()
    ttl = await client.ttl(f"{WEEK}:org:ok")
    await client.aclose()
    # the week ends Monday 16 March 00:00 UTC; it is Tuesday 10 March 09:00: 5 days 15 hours, plus a day
    assert abs(ttl - int((utc(2026, 3, 17) - NOW).total_seconds())) < 60


async def test_a_redis_outage_falls_back_to_postgresql_with_a_log_line(feedback_api, storage, caplog, monkeypatch):
    # given points this week and a Redis that refuses connections
    people = await given_people()
    await given_praise(people["A1"], at=NOW - dt.timedelta(hours=1))
    kept_boards._conn.client = None
    monkeypatch.setattr(redis_bootstrap, "redis_url", lambda settings: "redis://127.0.0.1:1/0")
    try:
        # when the board is read
        with caplog.at_level(logging.WARNING, logger=kept_boards.__name__):
            board = await leaderboard(feedback_api, people["CEO"])
        # then it comes from PostgreSQL, right, and the outage is logged once
        assert points_of(board)[str(people["A1"]["id"])] == 10 and board["total"] == 8
        assert [r.message for r in caplog.records if "PostgreSQL" in r.message][:1]
    finally:
        monkeypatch.undo()
        kept_boards._conn.client = None
        kept_boards._conn.down_until = 0.0
    assert points_of(await leaderboard(feedback_api, people["CEO"]))[str(people["A1"]["id"])] == 10


async def test_an_event_delivered_twice_counts_once_on_the_kept_board(feedback_api, storage):
    # given a built board and a praise for two people, handed to the consumers twice (a new event id)
    people = await given_people()
    praise = await given_feedback(kind="praise", subjects=[people["A1"], people["B1"]], received_at=NOW)
    await leaderboard(feedback_api, people["CEO"])
    event = recorded(praise, subjects=[people["A1"], people["B1"]], at=NOW)
    await consume(event, at=NOW)
    await consume(event, at=NOW)  # published again under a new id
    # then each has 10 points on it, once
    board = await kept(f"{WEEK}:org")
    assert board[str(people["A1"]["id"])] == board[str(people["B1"]["id"])] == 10


async def test_the_rebuild_job_warms_the_organisation_boards_once(feedback_api, storage, clock):
    # given points this week and a Redis without boards
    from services.feedback.recognition import jobs

    people = await given_people()
    await given_praise(people["A1"], at=NOW - dt.timedelta(hours=1))
    # when the job runs twice
    built = [await jobs.rebuild_leaderboards({"clock": clock}) for _ in range(2)]
    # then the week's and the month's organisation boards were built the first time only, from PostgreSQL
    assert built == [2, 0]
    assert (await kept(f"{WEEK}:org"))[str(people["A1"]["id"])] == 10
    assert (await kept("lb:month:20260301:org"))[str(people["A1"]["id"])] == 10


async def test_a_rebuild_waits_for_a_writer_in_flight_and_includes_its_points(feedback_api, storage):
    # given a worker that has written A1's praise (holding the writers' lock) but not committed yet, while the
    # week's board is missing (so the writer left it alone)
    import asyncio

    from services.feedback.recognition.tables import LedgerEntry

    people = await given_people()
    praise = await given_feedback(kind="praise", subjects=[people["A1"]], received_at=NOW)
    _, payload = recorded(praise, subjects=[people["A1"]], at=NOW)
    written, commit = asyncio.Event(), asyncio.Event()

    async def worker() -> None:
        async with LedgerEntry._meta.db.transaction():
            await recognition.feedback_recorded(payload=payload)
            written.set()
            await commit.wait()

    writing = asyncio.create_task(worker())
    await written.wait()
    # when a reader starts rebuilding the board
    scope = kept_boards.Scope.of(path=None, role_family=None)
    rebuilding = asyncio.create_task(
        kept_boards.rebuild(period="week", start=utc(2026, 3, 9), end=utc(2026, 3, 16), scope=scope, now=NOW)
    )
    await asyncio.sleep(0.3)
    # then it waits for the writer, and once the writer commits it builds the board with the new points
    try:
        assert not rebuilding.done()
    finally:
        commit.set()
        await writing
    assert await rebuilding == 8
    assert (await kept(f"{WEEK}:org"))[str(people["A1"]["id"])] == 10
