"""Every answered item gets a review card; wrong answers come back sooner; due items are reviewed outside lessons."""

import datetime as dt

from . import learning_steps as steps
from .learning_steps import ANSWER, answer_input
from .support import given_org, token_for


def at(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso)


async def test_a_lesson_leaves_a_review_card_per_item_and_wrong_answers_come_back_sooner(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    lesson_id = (await steps.today(api, token))["lesson"]["id"]
    session = await steps.start(api, token, lesson_id)
    results = await steps.answer_all(api, token, session, right=2)  # the first two right, the rest wrong
    await steps.complete(api, token, session["id"])
    now = clock.now()

    assert await steps.count_rows("review_card", "employee = {}", people["A1"]["id"]) == len(session["items"])
    right, wrong = results[:2], results[2:]
    assert all(r["correct"] and at(r["nextReviewAt"]) - now == dt.timedelta(days=2) for r in right)
    assert all(not r["correct"] and at(r["nextReviewAt"]) - now == dt.timedelta(days=1) for r in wrong)

    clock.advance(days=1)
    tomorrow = await steps.today(api, token)
    assert {i["id"] for i in tomorrow["reviewItems"]} == {r["itemId"] for r in wrong}
    clock.advance(days=1)
    # Yesterday's plan did not get reviewed; today everything is due.
    later = await steps.today(api, token)
    assert {i["id"] for i in later["reviewItems"]} == {i["id"] for i in session["items"]}


async def test_due_items_are_answered_without_a_session_and_get_the_next_interval(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    done = await steps.do_lesson(api, token, right=3)
    items = [i["id"] for i in done["started"]["items"]]
    right_first, wrong_first = items[:3], items[3:]

    clock.advance(days=1)
    plan = await steps.today(api, token)
    assert {i["id"] for i in plan["reviewItems"]} == set(wrong_first)
    relearned = await steps.answer(api, token, wrong_first[0], right=True)
    again_wrong = await steps.answer(api, token, wrong_first[1], right=False)
    assert relearned["correct"] and at(relearned["nextReviewAt"]) - clock.now() > dt.timedelta(days=1)
    assert not again_wrong["correct"] and at(again_wrong["nextReviewAt"]) - clock.now() == dt.timedelta(days=1)

    clock.advance(days=1)
    plan = await steps.today(api, token)
    assert set(right_first) <= {i["id"] for i in plan["reviewItems"]}
    reviewed = await steps.answer(api, token, right_first[0], right=True)
    assert reviewed["xpGained"] == 5
    assert at(reviewed["nextReviewAt"]) - clock.now() > dt.timedelta(days=2)  # longer than after the first time
    lapsed = await steps.answer(api, token, right_first[1], right=False)
    assert at(lapsed["nextReviewAt"]) - clock.now() == dt.timedelta(days=1)

    # The same review twice on one day is refused; tomorrow it would be a new review.
    code = await api.code(ANSWER, answer_input(right_first[0], 0), token=token)
    assert code == "ALREADY_ANSWERED"


async def test_an_item_never_learned_cannot_be_answered_outside_a_session(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    order = await steps.suitable_ids("cashier")
    await steps.do_lesson(api, token, order[0])
    unseen = (await steps.catalogue()).items_of[order[1]][0].id
    assert await api.code(ANSWER, answer_input(unseen, 0), token=token) == "ITEM_NOT_IN_REVIEW"
    assert await steps.count_rows("item_answer", "item_id = {}", unseen) == 0
    assert await steps.count_rows("review_card", "item_id = {}", unseen) == 0
    assert await api.code(ANSWER, answer_input("no-such-lesson:q1", 0), token=token) == "ITEM_NOT_FOUND"


async def test_a_review_only_day_counts_for_the_streak_once_every_review_item_is_answered(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    order = await steps.suitable_ids("cashier")
    for lesson_id in order[:4]:  # 16 or more items answered wrong: all due tomorrow, more than fit in a day
        await steps.do_lesson(api, token, lesson_id, right=False)

    clock.advance(days=1)
    plan = await steps.today(api, token)
    assert plan["reason"] == "REVIEW" and plan["lesson"] is None
    review = [i["id"] for i in plan["reviewItems"]]
    assert len(review) == plan["minutes"] == 15
    assert plan["progress"]["streak"] == 1

    for item_id in review[:-1]:
        await steps.answer(api, token, item_id, right=True)
    almost = (await steps.today(api, token))["progress"]
    assert (almost["streak"], almost["doneToday"]) == (1, False)

    await steps.answer(api, token, review[-1], right=False)  # right or wrong, the day's reviews are done
    done = (await steps.today(api, token))["progress"]
    assert (done["streak"], done["doneToday"]) == (2, True)
    assert done["xp"] == 4 * 20 + 5 * (len(review) - 1)  # four failed lessons (completion XP each), 14 right reviews


async def test_review_answers_on_a_lesson_day_do_not_count_for_the_streak(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    done = await steps.do_lesson(api, token, right=False)
    clock.advance(days=1)
    plan = await steps.today(api, token)
    assert plan["reason"] == "NEW" and plan["reviewItems"]
    for item in plan["reviewItems"]:
        await steps.answer(api, token, item["id"], right=True)
    progress = (await steps.today(api, token))["progress"]
    assert (progress["streak"], progress["doneToday"]) == (1, False)  # today's lesson is still to do
    assert done["progress"]["streak"] == 1
