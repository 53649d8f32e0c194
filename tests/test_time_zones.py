"""The learning day is the employee's own calendar day: it turns at their local midnight, DST included."""

import datetime as dt

from . import learning_steps as steps
from .learning_steps import NEW_YORK, TALLINN, local, utc
from .support import given_org, token_for


async def date_at(api, clock, token, at: dt.datetime) -> str:
    clock.set(at)
    return (await steps.today(api, token))["date"]


async def test_people_in_different_zones_are_on_different_dates_at_the_same_instant(api, clock):
    people = await given_org()
    tallinn, new_york = token_for(people["A1"]), token_for(people["B1"])

    clock.set(utc(2026, 3, 10, 2, 0))  # 04:00 in Tallinn, 22:00 the evening before in New York
    assert (await steps.today(api, tallinn))["date"] == "2026-03-10"
    assert (await steps.today(api, new_york))["date"] == "2026-03-09"

    clock.set(utc(2026, 3, 10, 22, 30))  # 00:30 the next day in Tallinn, 18:30 in New York
    assert (await steps.today(api, tallinn))["date"] == "2026-03-11"
    assert (await steps.today(api, new_york))["date"] == "2026-03-10"


async def test_tallinn_winter_day_turns_at_22_utc(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    await steps.do_lesson(api, token)  # 2026-03-10 09:00 UTC

    clock.set(utc(2026, 3, 10, 21, 59))
    evening = await steps.today(api, token)
    assert evening["date"] == "2026-03-10"
    assert evening["progress"]["doneToday"] is True and evening["session"]["completedAt"]

    clock.set(utc(2026, 3, 10, 22, 1))
    night = await steps.today(api, token)
    assert night["date"] == "2026-03-11"
    assert night["progress"]["doneToday"] is False and night["session"] is None
    assert night["progress"]["streak"] == 1  # yesterday's streak is still alive


async def test_the_day_turns_at_local_midnight_across_the_spring_dst_switch(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    # Europe/Tallinn is UTC+2 until 2026-03-29 01:00 UTC (03:00 local jumps to 04:00), UTC+3 after.
    assert await date_at(api, clock, token, utc(2026, 3, 28, 21, 59)) == "2026-03-28"
    assert await date_at(api, clock, token, utc(2026, 3, 28, 22, 1)) == "2026-03-29"
    assert await date_at(api, clock, token, utc(2026, 3, 29, 0, 59)) == "2026-03-29"  # 02:59 local
    assert await date_at(api, clock, token, utc(2026, 3, 29, 1, 1)) == "2026-03-29"  # 04:01 local
    assert await date_at(api, clock, token, utc(2026, 3, 29, 20, 59)) == "2026-03-29"  # 23:59 local, a 23-hour day
    assert await date_at(api, clock, token, utc(2026, 3, 29, 21, 1)) == "2026-03-30"


async def test_the_day_turns_at_local_midnight_across_the_autumn_dst_switch(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    # Back from UTC+3 to UTC+2 on 2026-10-25 at 01:00 UTC (04:00 local becomes 03:00): a 25-hour day.
    assert await date_at(api, clock, token, utc(2026, 10, 24, 20, 59)) == "2026-10-24"
    assert await date_at(api, clock, token, utc(2026, 10, 24, 21, 1)) == "2026-10-25"
    assert await date_at(api, clock, token, utc(2026, 10, 25, 21, 1)) == "2026-10-25"  # 23:01 local
    assert await date_at(api, clock, token, utc(2026, 10, 25, 21, 59)) == "2026-10-25"
    assert await date_at(api, clock, token, utc(2026, 10, 25, 22, 1)) == "2026-10-26"


async def test_a_streak_over_the_spring_dst_switch_is_continuous(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    order = await steps.suitable_ids("cashier")

    # 23:30 on the 28th, 23:30 on the 29th (the 23-hour day) and 00:30 on the 30th: only one hour apart in UTC.
    streaks = []
    for n, at in enumerate([local(TALLINN, 2026, 3, 28, 23, 30), local(TALLINN, 2026, 3, 29, 23, 30),
                            local(TALLINN, 2026, 3, 30, 0, 30)]):
        clock.set(at)
        done = await steps.do_lesson(api, token, order[n])
        assert done["xpGained"] == 30  # each lesson's first completion
        streaks.append(done["progress"]["streak"])
    assert streaks == [1, 2, 3]
    assert utc(2026, 3, 29, 21, 30) - utc(2026, 3, 29, 20, 30) == dt.timedelta(hours=1)

    clock.set(local(TALLINN, 2026, 3, 31, 12, 0))
    later = (await steps.today(api, token))["progress"]
    assert (later["streak"], later["longestStreak"], later["lastActiveDate"]) == (3, 3, "2026-03-30")


async def test_review_items_due_later_in_the_local_day_are_planned_for_that_day(api, clock):
    people = await given_org()
    token = token_for(people["B1"])
    order = await steps.suitable_ids("logistics")

    clock.set(local(NEW_YORK, 2026, 3, 10, 20, 0))  # 00:00 UTC on the 11th
    done = await steps.do_lesson(api, token, order[0], right=False)
    session = done["started"]

    # Wrong answers come back a day later: 20:00 New York on the 11th, which is already the 12th in UTC.
    clock.set(local(NEW_YORK, 2026, 3, 11, 8, 0))
    plan = await steps.today(api, token)
    assert plan["date"] == "2026-03-11"
    assert {i["id"] for i in plan["reviewItems"]} == {i["id"] for i in session["items"]}
