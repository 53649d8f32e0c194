"""Leaderboards: points earned this week or month, ties sharing a rank, per organisation, team and role family,
and 'near me' showing only the ranks around the viewer."""

import datetime as dt

from services.feedback.recognition import service as recognition

from .recognition_steps import (
    LEADERBOARD,
    TALLINN,
    given_people,
    given_praise,
    given_resolved_complaint,
    leaderboard,
    local,
    utc,
    without_daily_caps,
)
from .support import STANDARD_ORG, count_statements, token_for

NOW = utc(2026, 3, 10, 9, 0)  # a Tuesday


def ranks(board: dict) -> list[tuple[int, int]]:
    return [(e["rank"], e["points"]) for e in board["entries"]]


def many_people(n: int) -> list[tuple]:
    rows = list(STANDARD_ORG)
    for i in range(n):
        rows.append((f"S{i:02}", f"Staff {i:02}", f"s{i}@test.ee", "Cashier", "cashier", "LA", "et", TALLINN, "employee"))
    return rows


async def test_ties_share_a_rank_and_everyone_in_scope_is_on_the_board(feedback_api, storage):
    # given praise this week: A1 and A2 30 points each, MA 20, LA 10, everyone else nothing
    people = await given_people()
    await without_daily_caps()
    for who, times in (("A1", 3), ("A2", 3), ("MA", 2), ("LA", 1)):
        await given_praise(people[who], at=NOW - dt.timedelta(hours=1), times=times)
    # when B1 looks at this week's organisation board
    board = await leaderboard(feedback_api, people["B1"])
    # then ranks go 1, 1, 3, 4 and the five with nothing share rank 5; ties are listed by employee id
    assert ranks(board) == [(1, 30), (1, 30), (3, 20), (4, 10), (5, 0), (5, 0), (5, 0), (5, 0)]
    ids = [e["employee"]["id"] for e in board["entries"]]
    assert ids[:2] == sorted(str(people[k]["id"]) for k in ("A1", "A2"))
    assert ids[4:] == sorted(str(people[k]["id"]) for k in ("CEO", "HR1", "MB", "B1"))
    assert board["total"] == 8 and board["me"] == {"rank": 5, "points": 0}
    assert [e["isMe"] for e in board["entries"]].count(True) == 1


async def test_weeks_and_months_are_calendar_periods_in_utc(feedback_api, storage):
    # given awards around the week's and the month's start (the week began Monday 9 March, 00:00 UTC)
    people = await given_people()
    await given_praise(people["A1"], at=utc(2026, 3, 8, 23, 30))  # Sunday night UTC: last week, this month
    await given_praise(people["A2"], at=local(TALLINN, 2026, 3, 9, 0, 30))  # Monday in Tallinn, Sunday in UTC
    await given_praise(people["LA"], at=utc(2026, 3, 9, 0, 0))  # the week's first instant
    await given_praise(people["B1"], at=utc(2026, 2, 28, 23, 0))  # last month
    viewer = people["CEO"]
    # when the CEO looks at the week and the month
    week = await leaderboard(feedback_api, viewer, period="WEEK")
    month = await leaderboard(feedback_api, viewer, period="MONTH")
    # then the week holds only LA; the month A1, A2 and LA; B1's February praise is in neither
    assert (week["startsAt"], week["endsAt"]) == ("2026-03-09T00:00:00+00:00", "2026-03-16T00:00:00+00:00")
    assert (month["startsAt"], month["endsAt"]) == ("2026-03-01T00:00:00+00:00", "2026-04-01T00:00:00+00:00")
    earned = lambda board: {e["employee"]["id"] for e in board["entries"] if e["points"]}  # noqa: E731
    assert earned(week) == {str(people["LA"]["id"])}
    assert earned(month) == {str(people[k]["id"]) for k in ("A1", "A2", "LA")}


async def test_a_team_is_the_managers_subtree(feedback_api, storage):
    people = await given_people()
    members = lambda board: {e["employee"]["id"] for e in board["entries"]}  # noqa: E731
    ids = lambda *keys: {str(people[k]["id"]) for k in keys}  # noqa: E731
    # an employee sees their manager's team, a manager their own subtree
    assert members(await leaderboard(feedback_api, people["A1"], scope="TEAM")) == ids("LA", "A1", "A2")
    assert members(await leaderboard(feedback_api, people["LA"], scope="TEAM")) == ids("LA", "A1", "A2")
    assert members(await leaderboard(feedback_api, people["MA"], scope="TEAM")) == ids("MA", "LA", "A1", "A2")
    assert members(await leaderboard(feedback_api, people["B1"], scope="TEAM")) == ids("MB", "B1")
    # the CEO, at the top, has everyone
    assert (await leaderboard(feedback_api, people["CEO"], scope="TEAM"))["total"] == 8


async def test_a_role_family_board(feedback_api, storage):
    people = await given_people()
    own = await leaderboard(feedback_api, people["A1"], scope="ROLE_FAMILY")
    assert own["roleFamily"] == "cashier" and own["total"] == 1
    managers = await leaderboard(feedback_api, people["A1"], scope="ROLE_FAMILY", role_family="manager")
    assert {e["employee"]["id"] for e in managers["entries"]} == {str(people[k]["id"]) for k in ("MA", "LA", "MB")}
    assert managers["me"] is None
    variables = {"p": "WEEK", "s": "ORGANISATION", "f": "manager"}
    code = await feedback_api.code(LEADERBOARD, variables, token=token_for(people["A1"]))
    assert code == "ROLE_FAMILY_WITHOUT_SCOPE"


async def test_near_me_shows_two_ranks_above_and_below(feedback_api, storage):
    # given twelve cashiers with 10, 20 ... 120 points and the eight standard people with none
    people = await given_people(many_people(12))
    await without_daily_caps()
    for i in range(12):
        await given_praise(people[f"S{i:02}"], at=NOW - dt.timedelta(hours=1), times=i + 1)
    # when the one with 60 points (rank 7) asks for the board near them
    board = await leaderboard(feedback_api, people["S05"], near_me=True)
    # then ranks 5 to 9 only
    assert ranks(board) == [(5, 80), (6, 70), (7, 60), (8, 50), (9, 40)]
    assert board["me"] == {"rank": 7, "points": 60} and board["total"] == 20
    # when the one with 10 points (rank 12) asks: the two ranks above, and below only the tie at 0, all of it
    board = await leaderboard(feedback_api, people["S00"], near_me=True)
    assert ranks(board) == [(10, 30), (11, 20), (12, 10)] + [(13, 0)] * 8
    # and the leader sees themselves and two ranks below
    assert ranks(await leaderboard(feedback_api, people["S11"], near_me=True)) == [(1, 120), (2, 110), (3, 100)]
    # without near me, the top of the board, and the viewer's own line apart
    top = await leaderboard(feedback_api, people["S00"], first=3)
    assert ranks(top) == [(1, 120), (2, 110), (3, 100)] and top["me"] == {"rank": 12, "points": 10}


async def test_near_me_on_a_board_without_the_viewer_is_refused(feedback_api, storage):
    people = await given_people()
    variables = {"p": "WEEK", "s": "ROLE_FAMILY", "f": "manager", "n": True}
    assert await feedback_api.code(LEADERBOARD, variables, token=token_for(people["A1"])) == "NOT_ON_LEADERBOARD"


async def test_pending_points_count_in_the_period_they_are_confirmed(feedback_api, storage):
    # given a complaint resolved this week (pending) and one resolved 91 days ago, confirmed now
    people = await given_people()
    await given_resolved_complaint(people["A1"], at=NOW - dt.timedelta(hours=2))
    await given_resolved_complaint(people["A2"], at=NOW - dt.timedelta(days=91))
    assert await recognition.close_loyalty_windows(now=NOW) == 2
    # then this week's board holds A2's confirmed 30 and nothing for A1's pending points
    board = await leaderboard(feedback_api, people["CEO"])
    points = {e["employee"]["id"]: e["points"] for e in board["entries"]}
    assert points[str(people["A2"]["id"])] == 30 and points[str(people["A1"]["id"])] == 0


BOARD_WITH_RECOGNITION = (
    "query($first: Int) { leaderboard(period: MONTH, scope: ORGANISATION, first: $first) "
    "{ entries { rank points employee { id recognition { points level badges { key } } } } me { rank } } }"
)


async def test_a_board_costs_the_same_statements_for_3_or_30_lines(feedback_api, storage):
    # given 38 people, some with points and badges
    people = await given_people(many_people(30))
    await without_daily_caps()
    for i in range(0, 30, 3):
        await given_praise(people[f"S{i:02}"], at=NOW - dt.timedelta(hours=1), times=1, company_value="Care")
    token = token_for(people["HR1"])
    await feedback_api.ok(BOARD_WITH_RECOGNITION, {"first": 30}, token=token)  # warm the pool's type codecs

    async def statements(first: int) -> list[str]:
        async with count_statements() as sent:
            data = await feedback_api.ok(BOARD_WITH_RECOGNITION, {"first": first}, token=token)
        assert len(data["leaderboard"]["entries"]) == first
        return list(sent)

    # when HR asks for 3 and then 30 lines, each with the person's points, level and badges
    small, large = await statements(3), await statements(30)
    # then the viewer, the lines' people with their name choices (one statement, which also answers their names),
    # the balances and the badges: 4 either way; the ranking comes from the kept board in Redis, not from SQL
    assert len(small) == len(large) == 4, "\n".join(large)
    assert not any("OVER (" in s for s in large)


async def test_boards_are_capped_at_100_lines(feedback_api, storage):
    people = await given_people()
    variables = {"p": "WEEK", "s": "ORGANISATION", "first": 101}
    assert await feedback_api.code(LEADERBOARD, variables, token=token_for(people["A1"])) == "PAGE_SIZE_OUT_OF_RANGE"
