"""Which lesson `today` offers: an assignment, then due reviews, then the first unseen suitable lesson, then a
refresher; always within 15 minutes, and the same answer all day."""

import asyncio
import datetime as dt

import pytest

from services.learning.lessons.content_model import ROLE_FAMILIES

from . import learning_steps as steps
from .learning_steps import TALLINN, local
from .support import STANDARD_ORG, count_statements, given_org, token_for

DAILY_MINUTES = 15


def assert_within_budget(plan: dict) -> None:
    lesson_minutes = plan["lesson"]["minutes"] if plan["lesson"] else 0
    assert plan["minutes"] == lesson_minutes + len(plan["reviewItems"])
    assert plan["minutes"] <= DAILY_MINUTES


async def test_nothing_due_and_no_assignment_gives_the_first_unseen_lesson_in_catalogue_order(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    order = await steps.suitable_ids("cashier")
    assert len(order) >= 3

    first = await steps.today(api, token)
    assert (first["reason"], first["lesson"]["id"]) == ("NEW", order[0])
    assert first["reviewItems"] == [] and first["minutes"] == first["lesson"]["minutes"]

    # Day 1: today's lesson, and the third one out of order.
    await steps.do_lesson(api, token, order[0])
    await steps.do_lesson(api, token, order[2])

    clock.advance(days=1)
    second = await steps.today(api, token)
    assert (second["reason"], second["lesson"]["id"]) == ("NEW", order[1])  # the first gap, not "the one after"
    assert second["reviewItems"] == []  # yesterday's right answers come back tomorrow


async def assert_lesson_offered_by_role(api, clock, lesson_id: str) -> None:
    """Someone in one of the lesson's role families gets it when it is their first unseen lesson; someone outside
    them gets the next suitable lesson instead."""
    catalogue = await steps.catalogue()
    lesson = catalogue.by_id[lesson_id]
    inside = next(f for f in ROLE_FAMILIES if lesson.suits(f))
    outside = next(f for f in ROLE_FAMILIES if not lesson.suits(f))
    rows = [r for r in STANDARD_ORG if r[0] in {"CEO", "MA", "LA"}]
    rows += [
        ("IN", "Ines Inside", "in@test.ee", "Worker", inside, "LA", "en", TALLINN, "employee"),
        ("OUT", "Oskar Outside", "out@test.ee", "Worker", outside, "LA", "en", TALLINN, "employee"),
    ]
    people = await given_org(rows)
    for hr_id, family in (("IN", inside), ("OUT", outside)):
        token = token_for(people[hr_id])
        suitable = [l.id for l in catalogue.suitable(family)]
        active = [l.id for l in catalogue.lessons if l.id in catalogue.active]
        for earlier in (i for i in active[: active.index(lesson_id)] if i in suitable):
            await steps.do_lesson(api, token, earlier)
    clock.advance(days=1)

    offered_inside = await steps.today(api, token_for(people["IN"]))
    assert (offered_inside["reason"], offered_inside["lesson"]["id"]) == ("NEW", lesson_id)

    offered_outside = await steps.today(api, token_for(people["OUT"]))
    positions = [l.id for l in catalogue.lessons]
    expected = next(l.id for l in catalogue.suitable(outside) if positions.index(l.id) > positions.index(lesson_id))
    assert (offered_outside["reason"], offered_outside["lesson"]["id"]) == ("NEW", expected)


async def test_a_lesson_for_other_role_families_is_skipped(api, clock):
    """The content has no role-limited lesson yet, so one is added to the test catalogue, third in order."""
    catalogue = await steps.catalogue()
    third = [l for l in catalogue.lessons if l.id in catalogue.active][2]
    async with steps.extra_lesson(lesson_id="zz-test-cashiers-only", topic=third.topic, role_families=["cashier"],
                                  position=(await _position(third.id)) - 1):
        await assert_lesson_offered_by_role(api, clock, "zz-test-cashiers-only")


async def test_role_limited_lessons_of_the_real_catalogue_are_skipped_for_other_roles(api, clock):
    catalogue = await steps.catalogue()
    limited = [l for l in catalogue.lessons if l.id in catalogue.active and "all" not in l.role_families]
    if not limited:
        pytest.skip("every lesson in the content catalogue is for role_families [all]; "
                    "test_a_lesson_for_other_role_families_is_skipped covers the rule with a test lesson")
    await assert_lesson_offered_by_role(api, clock, limited[0].id)


async def _position(lesson_id: str) -> int:
    from services.learning.lessons.tables import Lesson

    return (await Lesson.select(Lesson.position).where(Lesson.id == lesson_id).first())["position"]


async def test_an_assignment_wins_over_reviews_and_new_lessons_from_the_next_local_day(api, clock):
    people = await given_org()
    token, manager = token_for(people["A1"]), token_for(people["LA"])
    order = await steps.suitable_ids("cashier")

    morning = await steps.today(api, token)
    assert morning["lesson"]["id"] == order[0]
    await steps.do_lesson(api, token, order[0], right=False)  # its items come back tomorrow
    assigned = await steps.assign(api, manager, [people["A1"]["id"]], order[4], due=dt.date(2026, 3, 20))

    later = await steps.today(api, token)
    assert (later["reason"], later["lesson"]["id"]) == ("NEW", order[0])  # today was already chosen

    clock.set(local(TALLINN, 2026, 3, 11, 0, 5))
    plan = await steps.today(api, token)
    assert (plan["reason"], plan["lesson"]["id"]) == ("ASSIGNED", order[4])
    due = {i.id for i in (await steps.catalogue()).items_of[order[0]]}
    fit = min(len(due), DAILY_MINUTES - plan["lesson"]["minutes"])
    assert len(plan["reviewItems"]) == fit and {i["id"] for i in plan["reviewItems"]} <= due
    assert_within_budget(plan)
    assert assigned[0]["lesson"]["id"] == order[4]


async def test_due_reviews_come_before_a_new_lesson_and_the_day_stays_within_15_minutes(api, clock):
    people = await given_org()
    one, many = token_for(people["A1"]), token_for(people["A2"])
    order = await steps.suitable_ids("cashier")
    catalogue = await steps.catalogue()

    await steps.do_lesson(api, one, order[0], right=False)
    for lesson_id in order[:4]:  # 4 failed lessons: 20 items due tomorrow
        await steps.do_lesson(api, many, lesson_id, right=False)

    clock.advance(days=1)
    small = await steps.today(api, one)
    assert {i["id"] for i in small["reviewItems"]} == {i.id for i in catalogue.items_of[order[0]]}
    fits = catalogue.by_id[order[1]].minutes <= DAILY_MINUTES - len(small["reviewItems"])
    assert fits, "the content changed: pick a shorter next lesson for this test"
    assert (small["reason"], small["lesson"]["id"]) == ("NEW", order[1])
    assert_within_budget(small)

    full = await steps.today(api, many)
    assert full["reason"] == "REVIEW" and full["lesson"] is None
    assert len(full["reviewItems"]) == DAILY_MINUTES
    assert_within_budget(full)


@pytest.mark.filterwarnings("ignore:.*A pool already exists")  # the second instance shares this process's pool
async def test_the_answer_is_the_same_all_day_across_caches_and_app_instances(api, clock):
    from services.learning.lessons.service import invalidate

    people = await given_org()
    token, manager = token_for(people["A1"]), token_for(people["LA"])
    order = await steps.suitable_ids("cashier")

    first = await steps.today(api, token)
    again = await steps.today(api, token)
    assert again["lesson"]["id"] == first["lesson"]["id"] == order[0]

    # What a fresh choice would see changes: the lesson is done and another one is assigned.
    await steps.do_lesson(api, token, order[0])
    await steps.assign(api, manager, [people["A1"]["id"]], order[2])
    clock.set(local(TALLINN, 2026, 3, 10, 23, 59))
    invalidate()
    after_cache = await steps.today(api, token)
    assert (after_cache["reason"], after_cache["lesson"]["id"]) == ("NEW", order[0])

    async with steps.second_app(clock) as other:
        restarted = await steps.today(other, token)
    assert (restarted["date"], restarted["reason"], restarted["lesson"]["id"]) == ("2026-03-10", "NEW", order[0])
    assert (await steps.today(api, token))["lesson"]["id"] == order[0]  # the first instance still works

    clock.set(local(TALLINN, 2026, 3, 11, 0, 1))
    # Several devices asking at the first moment of the day get one plan.
    racing = await asyncio.gather(*(steps.today(api, token) for _ in range(4)))
    assert {(t["reason"], t["lesson"]["id"]) for t in racing} == {("ASSIGNED", order[2])}
    assert await steps.count_rows("daily_plan", "local_date = {}", dt.date(2026, 3, 11)) == 1


async def test_when_every_suitable_lesson_is_done_the_longest_ago_comes_back_as_a_refresher(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    order = await steps.suitable_ids("cashier")
    for lesson_id in reversed(order):  # the last lesson in catalogue order is done first
        await steps.do_lesson(api, token, lesson_id)
        clock.advance(minutes=1)

    clock.advance(days=1)
    plan = await steps.today(api, token)
    assert (plan["reason"], plan["lesson"]["id"]) == ("REFRESHER", order[-1])
    assert plan["reviewItems"] == []



async def test_today_uses_a_few_statements_whatever_the_history(api, clock):
    people = await given_org()
    short, long = token_for(people["A1"]), token_for(people["A2"])
    order = await steps.suitable_ids("cashier")

    await steps.do_lesson(api, short, order[0])
    for n in range(30):
        await steps.do_lesson(api, long, order[n % len(order)])
    assert await steps.count_rows("lesson_session", "completed_at IS NOT NULL AND employee = {}", people["A2"]["id"]) == 30

    clock.advance(days=1)
    await steps.today(api, token_for(people["CEO"]))  # warms the catalogue cache
    async with count_statements() as one_session:
        await steps.today(api, short)
    counted_short = len(one_session)
    async with count_statements() as thirty_sessions:
        await steps.today(api, long)
    counted_long = len(thirty_sessions)

    assert 0 < counted_short <= 6, one_session
    assert counted_long == counted_short, thirty_sessions
