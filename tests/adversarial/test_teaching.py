"""An employee with only their own token tries to gain streak days, freezes or XP through the teaching features.

Findings closed ("Lessons that teach"): confidence ratings (answerItem's `confidence`) change only the schedule,
never XP; working days (setMyWorkDays) hold from the next local day, so a missed working day cannot be turned
into a day off afterwards, and no schedule makes a streak grow faster than one day per day learned. Item
statistics (itemStatistics) are HR's and admin's only: FORBIDDEN for everyone else (tests/test_authorization.py).
"""

from .. import learning_steps as steps
from ..learning_steps import TALLINN, local
from ..support import given_org, new_id, token_for

SET = "mutation($i: SetMyWorkDaysInput!) { setMyWorkDays(input: $i) { effectiveFrom } }"
PROGRESS = "{ me { progress { xp streak longestStreak freezes } } }"
ANSWER = "mutation($i: AnswerItemInput!) { answerItem(input: $i) { xpGained } }"


def at(day: int, hour: int = 12):
    return local(TALLINN, 2026, 3, day, hour, 0)


async def test_being_sure_earns_no_more_xp_than_saying_nothing(api, clock):
    # given two cashiers doing the same lesson, all right; one says SURE to everything, the other nothing
    people = await given_org()
    lesson = (await steps.suitable_ids("cashier"))[0]
    gained = {}
    for hr_id, said in (("A1", "SURE"), ("A2", None)):
        token = token_for(people[hr_id])
        session = await steps.start(api, token, lesson)
        total = 0
        for item in session["items"]:
            data = {"itemId": item["id"], "sessionId": session["id"], "clientMutationId": new_id(),
                    "choice": await steps.right_option(item["id"])}
            if said:
                data["confidence"] = said
            total += (await api.ok(ANSWER, {"i": data}, token=token))["answerItem"]["xpGained"]
        gained[hr_id] = total + (await steps.complete(api, token, session["id"]))["xpGained"]
    # then the XP is the same
    assert gained["A1"] == gained["A2"] > 0


async def test_a_missed_working_day_cannot_be_made_a_day_off_afterwards(api, clock):
    # given a Monday-to-Friday worker who learned on Monday and skipped Tuesday
    people = await given_org()
    token = token_for(people["A1"])
    clock.set(at(9))
    await steps.do_lesson(api, token, (await steps.suitable_ids("cashier"))[0])
    # when on Wednesday morning she declares she works only Mondays and Wednesdays
    clock.set(at(11, 7))
    await api.ok(SET, {"i": {"days": ["MON", "WED"], "clientMutationId": new_id()}}, token=token)
    # then Tuesday still counts as missed: the streak is gone, nothing was saved
    progress = (await api.ok(PROGRESS, token=token))["me"]["progress"]
    assert (progress["streak"], progress["freezes"]) == (0, 0)


async def test_no_schedule_grows_a_streak_faster_than_the_days_learned(api, clock):
    # given a worker who sets a single working day a week, and learns twice on one day
    people = await given_org()
    token = token_for(people["A1"])
    clock.set(at(8, 9))  # Sunday
    await api.ok(SET, {"i": {"days": ["SUN"], "clientMutationId": new_id()}}, token=token)
    lessons = await steps.suitable_ids("cashier")
    clock.set(at(9))
    await steps.do_lesson(api, token, lessons[0])
    await steps.do_lesson(api, token, lessons[1])
    # a week later, a lesson on the day she set as her one working day
    clock.set(at(15))
    done = await steps.do_lesson(api, token, lessons[2])
    # then the streak is the number of days learned, no more, and no freeze appeared
    assert (done["progress"]["streak"], done["progress"]["freezes"]) == (2, 0)
