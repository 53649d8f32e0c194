"""Streaks count local days with learning done; freezes (granted by events) cover single missed days; XP and levels."""

from services.learning.progress import levels, xp

from . import learning_steps as steps
from .learning_steps import TALLINN, local
from .support import given_org, new_id, token_for


def day(n: int, hour: int = 12):
    """Noon in Tallinn on March 10 + n."""
    return local(TALLINN, 2026, 3, 10 + n, hour, 0)


async def learn(api, token, n: int = 0) -> dict:
    """Do the n-th lesson of the catalogue (whatever today's plan is: due reviews may fill it)."""
    return await steps.do_lesson(api, token, (await steps.suitable_ids("cashier"))[n])


async def test_consecutive_days_grow_the_streak(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    for n in range(3):
        clock.set(day(n))
        before = (await steps.today(api, token))["progress"]
        assert (before["streak"], before["doneToday"]) == (n, False)
        done = await learn(api, token, n)
        assert (done["progress"]["streak"], done["progress"]["doneToday"]) == (n + 1, True)
    progress = await steps.progress(api, token)
    assert (progress["streak"], progress["longestStreak"], progress["lastActiveDate"]) == (3, 3, "2026-03-12")


async def test_a_missed_day_without_a_freeze_resets_the_streak(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    for n in range(2):
        clock.set(day(n))
        await learn(api, token, n)

    clock.set(day(2, hour=23))  # the day after: not done yet, the streak is still alive
    assert (await steps.today(api, token))["progress"]["streak"] == 2

    clock.set(day(3))  # day 2 was missed
    shown = (await steps.today(api, token))["progress"]
    assert (shown["streak"], shown["longestStreak"], shown["freezes"]) == (0, 2, 0)
    done = await learn(api, token, 3)
    assert done["progress"]["streak"] == 1 and done["progress"]["longestStreak"] == 2


async def test_a_freeze_covers_one_missed_day(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    clock.set(day(0))
    await learn(api, token)
    assert await steps.grant_freeze(people["A1"]["id"], at=day(0, hour=15)) is True
    assert (await steps.progress(api, token))["freezes"] == 1

    clock.set(day(2))  # day 1 was missed
    shown = (await steps.today(api, token))["progress"]
    assert (shown["streak"], shown["freezes"]) == (1, 0)
    done = await learn(api, token, 3)
    assert (done["progress"]["streak"], done["progress"]["freezes"]) == (2, 0)


async def test_two_missed_days_are_too_many_for_one_freeze(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    clock.set(day(0))
    await learn(api, token)
    await steps.grant_freeze(people["A1"]["id"], at=day(0, hour=15))

    clock.set(day(3))  # days 1 and 2 missed
    shown = (await steps.today(api, token))["progress"]
    assert shown["streak"] == 0
    done = await learn(api, token, 3)
    assert (done["progress"]["streak"], done["progress"]["freezes"]) == (1, 0)


async def test_two_freezes_cover_two_missed_days(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    clock.set(day(0))
    await learn(api, token)
    await steps.grant_freeze(people["A1"]["id"], at=day(0, hour=15))
    await steps.grant_freeze(people["A1"]["id"], at=day(0, hour=16))

    clock.set(day(3))
    done = await learn(api, token, 3)
    assert (done["progress"]["streak"], done["progress"]["freezes"]) == (2, 0)


async def test_at_most_two_freezes_are_held(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    for n in range(3):
        assert await steps.grant_freeze(people["A1"]["id"], at=day(0, hour=10 + n)) is True  # each one handled
    assert (await steps.progress(api, token))["freezes"] == 2


async def test_the_same_freeze_event_delivered_twice_grants_once(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    event_id = new_id()
    assert await steps.grant_freeze(people["A1"]["id"], at=day(0), event_id=event_id) is True
    assert await steps.grant_freeze(people["A1"]["id"], at=day(0), event_id=event_id) is False
    assert (await steps.progress(api, token))["freezes"] == 1
    assert await steps.count_rows("processed_event") == 1


async def test_two_lessons_on_one_day_count_once(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    order = await steps.suitable_ids("cashier")

    first = await steps.do_lesson(api, token, order[0])
    second = await steps.do_lesson(api, token, order[1])
    assert second["progress"]["streak"] == first["progress"]["streak"] == 1
    # Completion XP belongs to each lesson (progress/xp.py), not to the day: the second new lesson earns it too.
    completion = xp.XP_LESSON_COMPLETED + xp.XP_LESSON_PASSED_BONUS
    assert first["xpGained"] == second["xpGained"] == second["session"]["xpAwarded"] == completion
    answers = len(first["started"]["items"]) + len(second["started"]["items"])
    assert second["progress"]["xp"] == 2 * completion + xp.XP_CORRECT_ANSWER * answers


async def test_levels_start_at_100_and_300_xp(api, clock):
    assert [levels.level_for_xp(x) for x in (0, 99, 100, 299, 300, 599, 600)] == [1, 1, 2, 2, 3, 3, 4]
    people = await given_org()
    token = token_for(people["A1"])
    order = await steps.suitable_ids("cashier")
    five = [l for l in order if len((await steps.catalogue()).items_of[l]) == 5]

    start = await steps.progress(api, token)
    assert (start["xp"], start["level"]) == (0, 1)
    first = await steps.do_lesson(api, token, five[0])  # 5 right + 30 = 55
    assert (first["progress"]["xp"], first["progress"]["level"]) == (55, 1)

    clock.advance(days=1)
    session = await steps.start(api, token, five[1])
    await steps.answer_all(api, token, session, right=3)  # 3 of 5 right: 60 %, passed
    before = await steps.today(api, token)
    assert (before["progress"]["xp"], before["progress"]["level"], before["progress"]["xpForNextLevel"]) == (70, 1, 100)
    done = await steps.complete(api, token, session["id"])
    assert done["passed"] is True and done["xpGained"] == 30
    after = (await steps.today(api, token))["progress"]
    assert (after["xp"], after["level"], after["xpForNextLevel"]) == (100, 2, 300)
