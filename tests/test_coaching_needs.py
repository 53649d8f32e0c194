"""Coaching needs: complaints (as the feedback service's lesson requests tell them) matched with the lessons the
people failed, have overdue or never took, and, once passed, the category's complaints before and after."""

from __future__ import annotations

import datetime as dt

from services.feedback.intake.categories import lesson_for

from . import learning_steps as steps
from .conftest import START
from .support import given_org, token_for

NEEDS = """query($m: ID, $first: Int, $after: String) { team(managerId: $m) { coachingNeeds(first: $first, after: $after) {
  items { employee { hrId } lesson { id } reason category complaints passedAt
    complaints30DaysBeforePassing complaints30DaysAfterPassing daysObservedAfterPassing }
  pageInfo { endCursor hasNextPage } } } }"""

SLOW, RUDE = "slow_response", "rude_tone"


async def complaint(number: int, person: dict, category: str, *, received_at: dt.datetime, event_id=None) -> None:
    lesson = lesson_for(category)
    await steps.deliver(
        "lesson.assignment_requested",
        {"employee_id": str(person["id"]), "lesson_id": lesson, "source_ref": f"complaint:{number}:{lesson}",
         "due_date": None, "requested_at": received_at.isoformat(), "category": category,
         "received_at": received_at.isoformat()},
        event_id=event_id,
    )


def summary(items: list[dict]) -> list[tuple]:
    return [(i["employee"]["hrId"], i["reason"], i["category"], i["lesson"]["id"], i["complaints"]) for i in items]


async def test_coaching_needs_match_complaints_with_lessons_failed_overdue_never_taken_and_passed(api, clock):
    # given complaints about MA's people and one about MB's
    people = await given_org()
    await complaint(1, people["A1"], SLOW, received_at=START)
    await complaint(2, people["A2"], RUDE, received_at=START, event_id="22222222-0000-0000-0000-000000000002")
    await complaint(2, people["A2"], RUDE, received_at=START, event_id="22222222-0000-0000-0000-000000000002")
    await complaint(3, people["A1"], RUDE, received_at=START)
    await complaint(4, people["LA"], SLOW, received_at=START - dt.timedelta(days=10))
    await complaint(5, people["B1"], SLOW, received_at=START)
    # and A2 failed the lesson on tone, LA passed the one on reacting fast, A1's lesson on tone was due on the 11th
    await steps.do_lesson(api, token_for(people["A2"]), lesson_for(RUDE), right=False)
    await steps.do_lesson(api, token_for(people["LA"]), lesson_for(SLOW))
    await steps.assign(api, token_for(people["MA"]), [people["A1"]["id"]], lesson_for(RUDE), due=dt.date(2026, 3, 11))
    # and five days later LA draws one more complaint of the same category
    clock.advance(days=5)
    await complaint(6, people["LA"], SLOW, received_at=clock.now())
    # when MA asks for their team's coaching needs
    found = (await api.ok(NEEDS, {"m": None, "first": 10}, token=token_for(people["MA"])))["team"]["coachingNeeds"]
    # then needs come first (failed, overdue, never taken), then the lesson passed since, with its before and after
    assert summary(found["items"]) == [
        ("A2", "FAILED", RUDE, lesson_for(RUDE), 1),  # the same complaint delivered twice counts once
        ("A1", "OVERDUE", RUDE, lesson_for(RUDE), 1),
        ("A1", "NEVER_TAKEN", SLOW, lesson_for(SLOW), 1),
        ("LA", "PASSED", SLOW, lesson_for(SLOW), 2),
    ]
    passed = found["items"][3]
    assert (passed["complaints30DaysBeforePassing"], passed["complaints30DaysAfterPassing"]) == (1, 1)
    assert passed["daysObservedAfterPassing"] == 5
    assert found["items"][0]["passedAt"] is None and found["items"][0]["complaints30DaysBeforePassing"] is None
    # and pages of two give the same list
    first = (await api.ok(NEEDS, {"m": None, "first": 2}, token=token_for(people["MA"])))["team"]["coachingNeeds"]
    rest = (await api.ok(NEEDS, {"m": None, "first": 2, "after": first["pageInfo"]["endCursor"]},
                         token=token_for(people["MA"])))["team"]["coachingNeeds"]
    assert summary(first["items"] + rest["items"]) == summary(found["items"])
    assert first["pageInfo"]["hasNextPage"] and not rest["pageInfo"]["hasNextPage"]
    # and MB sees only their own person, never MA's
    mb = (await api.ok(NEEDS, {"m": None, "first": 10}, token=token_for(people["MB"])))["team"]["coachingNeeds"]
    assert summary(mb["items"]) == [("B1", "NEVER_TAKEN", SLOW, lesson_for(SLOW), 1)]
    assert await api.code(NEEDS, {"m": str(people["MA"]["id"])}, token=token_for(people["MB"])) == "TEAM_NOT_FOUND"
