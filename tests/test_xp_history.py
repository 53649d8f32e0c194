"""XP history for the level curve: per local day that granted XP, the XP gained, the running total and the level,
read from the XP ledger in one statement; visible to whoever may see the employee's progress."""

from __future__ import annotations

from . import learning_steps as steps
from .learning_steps import TALLINN, local
from .support import count_statements, given_org, token_for
from .test_statement_counts import many_people

MY_HISTORY = "query($d: Int) { me { progress { xp level xpHistory(days: $d) { date xpGained xpTotal level } } } }"
HER_HISTORY = "query($id: ID!) { employee(id: $id) { progress { xpHistory { date xpGained xpTotal level } } } }"


def level_by_hand(total: int) -> int:
    """Levels start at 0, 100, 300, 600 XP (each asks 100 more than the last)."""
    return sum(1 for start in (0, 100, 300, 600, 1000) if total >= start)


async def history(api, token, days: int | None = None) -> dict:
    return (await api.ok(MY_HISTORY, {"d": days} if days else {}, token=token))["me"]["progress"]


async def given_three_lessons_around_midnight(api, clock, token) -> tuple[int, int, int]:
    """Lessons at 23:30 and 00:30 Tallinn time (one UTC day, two local days) and two days later; their XP."""
    first, second, third = (await steps.suitable_ids("cashier"))[:3]
    clock.set(local(TALLINN, 2026, 3, 10, 23, 30))  # 21:30 UTC on the 10th
    one = await steps.do_lesson(api, token, first)  # every answer right: 5 each, completion 20, pass bonus 10
    clock.set(local(TALLINN, 2026, 3, 11, 0, 30))  # 22:30 UTC, still the 10th in UTC
    two = await steps.do_lesson(api, token, second, right=False)  # all wrong: the completion's 20 only
    clock.set(local(TALLINN, 2026, 3, 13, 12, 0))
    three = await steps.do_lesson(api, token, third)
    return one, two, three


async def test_the_history_has_each_local_day_with_its_xp_running_total_and_level(api, clock):
    # given Anu (Tallinn) did a lesson just before and one just after local midnight, and one two days later
    people = await given_org()
    token = token_for(people["A1"])
    one, two, three = await given_three_lessons_around_midnight(api, clock, token)
    # (worked out from the rules: 5 XP a right answer, 20 a completion, 10 more when passed)
    xp_one = 5 * one["itemCount"] + 20 + 10
    xp_two = 20
    xp_three = 5 * three["itemCount"] + 20 + 10
    assert (one["xpGained"], two["passed"]) == (30, False)  # the answers granted the rest of lesson one's XP
    # when she asks for her history
    got = await history(api, token)
    # then each local day appears once, the two lessons of one UTC day on two local days
    totals = [xp_one, xp_one + xp_two, xp_one + xp_two + xp_three]
    assert got["xpHistory"] == [
        {"date": "2026-03-10", "xpGained": xp_one, "xpTotal": totals[0], "level": level_by_hand(totals[0])},
        {"date": "2026-03-11", "xpGained": xp_two, "xpTotal": totals[1], "level": level_by_hand(totals[1])},
        {"date": "2026-03-13", "xpGained": xp_three, "xpTotal": totals[2], "level": level_by_hand(totals[2])},
    ]
    assert (got["xp"], got["level"]) == (totals[2], got["xpHistory"][-1]["level"])
    # and a shorter window starts later but its totals still count every earlier day
    assert [d["date"] for d in (await history(api, token, 3))["xpHistory"]] == ["2026-03-11", "2026-03-13"]
    assert (await history(api, token, 3))["xpHistory"][0]["xpTotal"] == totals[1]
    assert (await history(api, token, 1))["xpHistory"] == [got["xpHistory"][-1]]


async def test_a_day_without_xp_is_left_out_and_someone_new_has_no_history(api, clock):
    # given Anu did one lesson and Andres none
    people = await given_org()
    await steps.do_lesson(api, token_for(people["A1"]))
    # when both ask for their history
    # then Anu has today only and Andres nothing
    assert [d["date"] for d in (await history(api, token_for(people["A1"])))["xpHistory"]] == ["2026-03-10"]
    assert (await history(api, token_for(people["A2"])))["xpHistory"] == []


async def test_her_managers_see_her_history_but_a_colleague_does_not(api, clock):
    # given Anu earned XP today
    people = await given_org()
    await steps.do_lesson(api, token_for(people["A1"]))
    anu = {"id": str(people["A1"]["id"])}
    # when her shift lead, her store manager and HR ask, then they see it
    for viewer in ("LA", "MA", "HR1"):
        data = await api.ok(HER_HISTORY, anu, token=token_for(people[viewer]))
        assert [d["date"] for d in data["employee"]["progress"]["xpHistory"]] == ["2026-03-10"], viewer
    # when a colleague in her team or another team's manager asks, then FORBIDDEN
    for viewer in ("A2", "MB"):
        assert await api.code(HER_HISTORY, anu, token=token_for(people[viewer])) == "FORBIDDEN", viewer


async def test_days_outside_1_to_365_are_refused_with_a_code(api):
    people = await given_org()
    token = token_for(people["A1"])
    for days in (0, -1, 366, 100000):
        assert await api.code(MY_HISTORY, {"d": days}, token=token) == "DAYS_OUT_OF_RANGE", days
    assert (await history(api, token, 365))["xpHistory"] == []


TEAM_HISTORY = """query($first: Int, $d: Int) { employees(first: $first) { items {
  name progress { xp xpHistory(days: $d) { date xpTotal } } } } }"""


async def test_history_costs_one_statement_for_a_whole_page_and_any_window(api):
    # given 48 people, one of them with XP
    people = await given_org(many_people(40))
    await steps.do_lesson(api, token_for(people["S000"]))
    token = token_for(people["HR1"])
    await api.ok(TEAM_HISTORY, {"first": 40, "d": 30}, token=token)  # warm the pooled connections

    async def statements(first: int, days: int) -> int:
        async with count_statements() as seen:
            data = await api.ok(TEAM_HISTORY, {"first": first, "d": days}, token=token)
        assert len(data["employees"]["items"]) == first
        return len(seen)

    # when HR lists 3 and 40 people with their history over 1 and 365 days
    # then the history adds one statement to the listing's, whatever the page or the window
    baseline = await statements(40, 30)
    assert {await statements(40, 1), await statements(40, 365)} == {baseline}
    small = await statements(3, 90)
    async with count_statements() as without:
        await api.ok("query { employees(first: 3) { items { name progress { xp } } } }", token=token)
    assert small == len(without) + 1
