"""An employee with only their own token tries to gain XP the rules (services/learning/progress/xp.py) do not grant.

Finding closed: retaking a passed lesson granted per-item XP again, without limit (startLesson / answerItem /
completeLesson). Now a lesson's XP is earned once, up to its best attempt; reviews earn only when due; a day grants
at most DAILY_XP_CAP; every point is an entry in the XP ledger, and progress.xp is their sum.
"""

import asyncio

from services.learning.progress import xp

from .. import learning_steps as steps
from ..learning_steps import ANSWER, COMPLETE, answer_input
from ..support import given_org, new_id, token_for

DAY_XP = "{ me { progress { xp xpToday dailyXpCap } } today { progress { xp xpToday dailyXpCap } } }"
PERFECT = xp.lesson_value(right_answers=5, completed=True, passed=True)  # a five-item lesson, all right: 55


async def given_a_learner():
    people = await given_org()
    lessons = [l for l in await steps.suitable_ids("cashier") if await _plain_five_items(l)]
    return people["A1"], token_for(people["A1"]), lessons


async def _plain_five_items(lesson_id: str) -> bool:
    catalogue = await steps.catalogue()
    return catalogue.by_id[lesson_id].topic != "values" and len(catalogue.items_of[lesson_id]) == 5


async def attempt(api, token, lesson_id: str, *, right: int | bool = True) -> dict:
    """One attempt: start, answer every item (the first `right` right), complete; XP gained on every step."""
    session = await steps.start(api, token, lesson_id)
    answers = await steps.answer_all(api, token, session, right=right)
    done = await steps.complete(api, token, session["id"])
    gained = [a["xpGained"] for a in answers]
    items = [i["id"] for i in session["items"]]
    return {**done, "items": items, "answers": gained, "gained": sum(gained) + done["xpGained"]}


async def ledger(employee_id) -> dict:
    """The employee's XP ledger: points granted, points withheld by the daily cap, entries."""
    from services.learning.lessons.tables import Lesson

    rows = await Lesson.raw(
        "SELECT coalesce(sum(points), 0) AS points, coalesce(sum(withheld), 0) AS withheld, count(*) AS entries "
        "FROM learning.xp_entry WHERE employee = {}",
        employee_id,
    )
    return rows[0]


async def then_progress_is_the_ledger(api, token, employee, *, xp_total: int) -> dict:
    progress = await steps.progress(api, token)
    assert progress["xp"] == xp_total
    assert (await ledger(employee["id"]))["points"] == xp_total
    return progress


async def test_retaking_a_passed_lesson_ten_times_all_right_adds_nothing(api, clock):
    # given an employee who passed a lesson with every answer right
    employee, token, lessons = await given_a_learner()
    first = await attempt(api, token, lessons[0])
    assert first["passed"] and first["gained"] == PERFECT
    # when they retake it ten times, every answer right, on the same day and on the days after
    retakes = []
    for n in range(10):
        if n % 2:
            clock.advance(days=1)
        retakes.append(await attempt(api, token, lessons[0]))
    # then no retake, answer or completion, granted anything: XP is what the first perfect attempt earned
    assert all(r["passed"] for r in retakes)
    assert [r["gained"] for r in retakes] == [0] * 10
    assert all(a == 0 for r in retakes for a in r["answers"])
    await then_progress_is_the_ledger(api, token, employee, xp_total=PERFECT)


async def test_worse_then_better_attempts_raise_xp_to_the_best_attempt_never_more(api, clock):
    # given an employee who failed a lesson: 2 of 5 right (10) and the completion (20)
    employee, token, lessons = await given_a_learner()
    worse = await attempt(api, token, lessons[0], right=2)
    assert not worse["passed"] and worse["gained"] == 30
    # when they retake it all right, then do worse again
    clock.advance(days=1)
    best = await attempt(api, token, lessons[0])
    clock.advance(days=1)
    again = await attempt(api, token, lessons[0], right=4)
    third = await attempt(api, token, lessons[0], right=3)
    # then the better attempt adds only the difference (its answers reach 25, under the 30 earned, so the
    # completion adds it all), the weaker ones nothing
    assert best["answers"] == [0] * 5 and best["xpGained"] == best["gained"] == PERFECT - 30
    assert again["gained"] == third["gained"] == 0
    await then_progress_is_the_ledger(api, token, employee, xp_total=PERFECT)
    # and the session records what its completion granted
    assert (best["session"]["xpAwarded"], again["session"]["xpAwarded"]) == (PERFECT - 30, 0)


async def test_the_daily_cap_stops_xp_and_it_flows_again_the_next_local_day(api, clock):
    # given an employee who learns new lessons all day long, every answer right
    employee, token, lessons = await given_a_learner()
    done = [await attempt(api, token, lesson_id) for lesson_id in lessons[:7]]
    # then five lessons earn 275, the sixth's answers fill the day to the cap, its completion and the seventh gain 0
    assert [d["gained"] for d in done[:5]] == [PERFECT] * 5
    assert done[5]["answers"] == [5] * 5 and done[5]["xpGained"] == 0
    assert done[6]["gained"] == 0 and done[6]["passed"]
    progress = await then_progress_is_the_ledger(api, token, employee, xp_total=xp.DAILY_XP_CAP)
    assert (progress["xp"], done[6]["progress"]["xp"]) == (xp.DAILY_XP_CAP, xp.DAILY_XP_CAP)
    seen = await api.ok(DAY_XP, token=token)
    capped_day = {"xp": xp.DAILY_XP_CAP, "xpToday": xp.DAILY_XP_CAP, "dailyXpCap": xp.DAILY_XP_CAP}
    assert seen["me"]["progress"] == seen["today"]["progress"] == capped_day
    assert (await ledger(employee["id"]))["withheld"] == 30 + PERFECT  # the sixth's completion, the seventh

    # when the employee's local day turns (Tallinn midnight) and they learn again
    clock.set(steps.local(steps.TALLINN, 2026, 3, 11, 0, 5))
    tomorrow = await attempt(api, token, lessons[7])
    # then XP flows again, and a retake of the capped lesson earns what the cap held back, no more
    assert tomorrow["gained"] == PERFECT
    seen = await api.ok(DAY_XP, token=token)
    assert seen["me"]["progress"]["xpToday"] == seen["today"]["progress"]["xpToday"] == PERFECT
    retake = await attempt(api, token, lessons[5])
    assert retake["gained"] == 30
    await then_progress_is_the_ledger(api, token, employee, xp_total=xp.DAILY_XP_CAP + PERFECT + 30)


async def test_the_daily_cap_counts_the_employees_local_day(api, clock):
    # given an employee at the cap at 23:50 in Tallinn
    employee, token, lessons = await given_a_learner()
    clock.set(steps.local(steps.TALLINN, 2026, 3, 10, 23, 0))
    for lesson_id in lessons[:6]:
        await attempt(api, token, lesson_id)
    clock.set(steps.local(steps.TALLINN, 2026, 3, 10, 23, 50))
    late = await attempt(api, token, lessons[6])
    assert late["gained"] == 0
    # when it is ten past midnight there (still 22:10 UTC, the same UTC day)
    clock.set(steps.local(steps.TALLINN, 2026, 3, 11, 0, 10))
    assert clock.now().date().isoformat() == "2026-03-10"
    after = await attempt(api, token, lessons[7])
    # then it is a new day for the cap
    assert after["gained"] == PERFECT
    await then_progress_is_the_ledger(api, token, employee, xp_total=xp.DAILY_XP_CAP + PERFECT)


async def test_a_replayed_completion_or_answer_grants_nothing(api, clock):
    # given a lesson completed all right, with known clientMutationIds
    employee, token, lessons = await given_a_learner()
    session = await steps.start(api, token, lessons[0])
    item = session["items"][0]
    answer = answer_input(item["id"], await steps.right_option(item["id"]), session["id"], new_id())
    first_answer = await api.ok(ANSWER, answer, token=token)
    await steps.answer_all(api, token, {"id": session["id"], "items": session["items"][1:]})
    complete = {"i": {"sessionId": session["id"], "clientMutationId": new_id()}}
    first = (await api.ok(COMPLETE, complete, token=token))["completeLesson"]
    assert first["xpGained"] == 30
    # when the employee replays both, sequentially and concurrently, later in the day
    clock.advance(hours=2)
    replays = [await api.ok(COMPLETE, complete, token=token) for _ in range(3)]
    replays += await asyncio.gather(*(api.ok(COMPLETE, complete, token=token) for _ in range(3)))
    answer_replays = await asyncio.gather(*(api.ok(ANSWER, answer, token=token) for _ in range(3)))
    # then each replay is the first result and nothing is granted twice
    assert all(r["completeLesson"]["xpGained"] == first["xpGained"] for r in replays)
    assert all(r == first_answer for r in answer_replays)
    await then_progress_is_the_ledger(api, token, employee, xp_total=PERFECT)
    assert (await ledger(employee["id"]))["entries"] == 6  # five answers and one completion


async def test_racing_completions_of_two_sessions_of_one_lesson_grant_the_best_attempt_once(api, clock):
    employee, token, lessons = await given_a_learner()
    for lesson_id in lessons[:3]:
        # given two sessions of one lesson, both answered all right (the second's answers lift nothing)
        one = await steps.start(api, token, lesson_id)
        two = await steps.start(api, token, lesson_id)
        first_answers = await steps.answer_all(api, token, one)
        second_answers = await steps.answer_all(api, token, two)
        assert [a["xpGained"] for a in first_answers] == [5] * 5
        assert [a["xpGained"] for a in second_answers] == [0] * 5
        # when both are completed at once, with different clientMutationIds
        calls = [{"i": {"sessionId": s["id"], "clientMutationId": new_id()}} for s in (one, two)]
        results = await asyncio.gather(*(api.ok(COMPLETE, c, token=token) for c in calls))
        # then both complete, but the lesson's completion XP is granted once
        assert sorted(r["completeLesson"]["xpGained"] for r in results) == [0, 30]
        assert all(r["completeLesson"]["passed"] for r in results)
    await then_progress_is_the_ledger(api, token, employee, xp_total=3 * PERFECT)


async def test_racing_a_weak_and_a_perfect_attempt_grants_the_perfect_one_once(api, clock):
    employee, token, lessons = await given_a_learner()
    for lesson_id in lessons[:3]:
        # given two sessions of one lesson: one with 2 of 5 right, one all right
        weak = await steps.start(api, token, lesson_id)
        perfect = await steps.start(api, token, lesson_id)
        await steps.answer_all(api, token, weak, right=2)
        await steps.answer_all(api, token, perfect)
        # when both are completed at once
        calls = [{"i": {"sessionId": s["id"], "clientMutationId": new_id()}} for s in (weak, perfect)]
        await asyncio.gather(*(api.ok(COMPLETE, c, token=token) for c in calls))
    # then each lesson's XP is its perfect attempt's, whichever completion went first
    await then_progress_is_the_ledger(api, token, employee, xp_total=3 * PERFECT)


async def test_answering_learned_items_outside_a_lesson_before_they_are_due_earns_nothing(api, clock):
    # given a lesson with four right answers (cards due in two days) and one wrong (due tomorrow)
    employee, token, lessons = await given_a_learner()
    done = await attempt(api, token, lessons[0], right=4)
    items = done["items"]
    xp_before = done["progress"]["xp"]
    # when the employee answers every learned item right as a review, that day and the next
    early = [await steps.answer(api, token, i, right=True) for i in items[:4]]
    clock.advance(days=1)
    next_day = [await steps.answer(api, token, i, right=True) for i in items]
    # then only the item that was due (the one answered wrong) earns review XP, once
    assert [a["xpGained"] for a in early] == [0] * 4
    assert [a["xpGained"] for a in next_day] == [0, 0, 0, 0, xp.XP_CORRECT_ANSWER]
    assert await api.code(ANSWER, answer_input(items[4], await steps.right_option(items[4])), token=token) == (
        "ALREADY_ANSWERED"
    )
    # and reviews count for no lesson: a retake of the lesson still earns up to its best
    retake = await attempt(api, token, lessons[0])
    assert retake["gained"] == PERFECT - xp_before
    await then_progress_is_the_ledger(api, token, employee, xp_total=PERFECT + xp.XP_CORRECT_ANSWER)
