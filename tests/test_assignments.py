"""Managers assign lessons in their subtree; complaints assign through events; passing a lesson completes it."""

import datetime as dt

from . import learning_steps as steps
from .learning_steps import ASSIGN, TALLINN, local
from .support import given_org, new_id, token_for


def assign_input(people_ids, lesson_id, due=None):
    return {"i": {"employeeIds": [str(i) for i in people_ids], "lessonId": lesson_id,
                  "dueDate": due, "clientMutationId": new_id()}}


async def test_a_manager_assigns_a_lesson_with_a_due_date_to_their_subtree(api, clock):
    people = await given_org()
    lesson_id = (await steps.suitable_ids("cashier"))[3]
    team = [people["A1"]["id"], people["A2"]["id"]]

    made = await steps.assign(api, token_for(people["LA"]), team, lesson_id, due=dt.date(2026, 3, 17))
    assert sorted(a["employee"]["hrId"] for a in made) == ["A1", "A2"]
    assert {(a["source"], a["dueDate"], a["lesson"]["id"], a["completedAt"]) for a in made} == {
        ("manager", "2026-03-17", lesson_id, None)
    }
    # Further up the chart counts too; HR may assign to anyone.
    await steps.assign(api, token_for(people["MA"]), [people["A1"]["id"]], lesson_id)
    await steps.assign(api, token_for(people["HR1"]), [people["B1"]["id"]], lesson_id)
    assert await steps.count_rows("assignment") == 4

    outside = assign_input([people["A1"]["id"], people["B1"]["id"]], lesson_id)
    assert await api.code(ASSIGN, outside, token=token_for(people["LA"])) == "FORBIDDEN"
    assert await api.code(ASSIGN, assign_input([people["A2"]["id"]], lesson_id), token=token_for(people["A1"])) == (
        "FORBIDDEN"
    )
    assert await api.code(ASSIGN, assign_input([people["A1"]["id"]], "no-such-lesson"), token=token_for(people["LA"])) == (
        "LESSON_NOT_FOUND"
    )
    assert await steps.count_rows("assignment") == 4


async def test_a_due_date_in_the_past_is_refused(api, clock):
    people = await given_org()
    lesson_id = (await steps.suitable_ids("cashier"))[0]
    manager = token_for(people["LA"])
    clock.set(local(TALLINN, 2026, 3, 10, 0, 30))  # still the 9th in UTC
    code = await api.code(ASSIGN, assign_input([people["A1"]["id"]], lesson_id, "2026-03-09"), token=manager)
    assert code == "DUE_DATE_IN_PAST"
    assert await steps.count_rows("assignment") == 0
    made = await steps.assign(api, manager, [people["A1"]["id"]], lesson_id, due=dt.date(2026, 3, 10))
    assert made[0]["dueDate"] == "2026-03-10"


async def test_the_assignment_completes_when_the_lesson_is_passed_not_when_failed(api, clock):
    people = await given_org()
    token = token_for(people["A1"])
    catalogue = await steps.catalogue()
    lesson_id = next(l for l in await steps.suitable_ids("cashier") if len(catalogue.items_of[l]) == 5)
    made = await steps.assign(api, token_for(people["LA"]), [people["A1"]["id"]], lesson_id, due=dt.date(2026, 3, 20))

    plan = await steps.today(api, token)
    assert (plan["reason"], plan["lesson"]["id"]) == ("ASSIGNED", lesson_id)
    failed = await steps.do_lesson(api, token, lesson_id, right=2)  # 40 %
    assert (failed["passed"], failed["assignmentsCompleted"]) == (False, [])
    assert [a["id"] for a in await steps.open_assignments(api, token, people["A1"]["id"])] == [made[0]["id"]]

    clock.advance(days=1)
    again = await steps.today(api, token)
    assert (again["reason"], again["lesson"]["id"]) == ("ASSIGNED", lesson_id)
    passed = await steps.do_lesson(api, token, lesson_id, right=3)  # 60 %
    assert passed["passed"] is True
    assert [a["id"] for a in passed["assignmentsCompleted"]] == [made[0]["id"]]
    assert await steps.open_assignments(api, token_for(people["LA"]), people["A1"]["id"]) == []
    assert await steps.count_rows("assignment", "completed_at IS NOT NULL") == 1

    clock.advance(days=1)
    assert (await steps.today(api, token))["reason"] != "ASSIGNED"


async def test_a_complaint_event_assigns_once_however_often_it_is_delivered(api, clock):
    people = await given_org()
    lesson_id = (await steps.suitable_ids("cashier"))[2]
    payload = {"employee_id": str(people["A1"]["id"]), "lesson_id": lesson_id,
               "source_ref": f"complaint:{new_id()}", "due_date": "2026-03-24"}
    event_id = new_id()

    assert await steps.deliver("lesson.assignment_requested", payload, event_id=event_id) is True
    assert await steps.deliver("lesson.assignment_requested", payload, event_id=event_id) is False
    assert await steps.deliver("lesson.assignment_requested", payload) is True  # re-published with a new event id
    assert await steps.count_rows("assignment") == 1

    open_ = await steps.open_assignments(api, token_for(people["LA"]), people["A1"]["id"])
    assert [(a["source"], a["dueDate"], a["lesson"]["id"]) for a in open_] == [("complaint", "2026-03-24", lesson_id)]
    plan = await steps.today(api, token_for(people["A1"]))
    assert (plan["reason"], plan["lesson"]["id"]) == ("ASSIGNED", lesson_id)


async def test_open_assignments_are_listed_most_pressing_first_for_people_in_scope(api, clock):
    people = await given_org()
    order = await steps.suitable_ids("cashier")
    manager = token_for(people["LA"])
    a1 = people["A1"]["id"]
    later = await steps.assign(api, manager, [a1], order[1], due=dt.date(2026, 3, 30))
    whenever = await steps.assign(api, manager, [a1], order[2])
    soon = await steps.assign(api, manager, [a1], order[3], due=dt.date(2026, 3, 12))

    listed = await steps.open_assignments(api, token_for(people["A1"]), a1)
    assert [a["id"] for a in listed] == [soon[0]["id"], later[0]["id"], whenever[0]["id"]]
    assert await steps.open_assignments(api, token_for(people["HR1"]), a1) == listed
    assert await api.code(steps.OPEN_ASSIGNMENTS, {"id": str(a1)}, token=token_for(people["MB"])) == "FORBIDDEN"
    assert await api.code(steps.OPEN_ASSIGNMENTS, {"id": str(a1)}, token=token_for(people["A2"])) == "FORBIDDEN"

    plan = await steps.today(api, token_for(people["A1"]))
    assert (plan["reason"], plan["lesson"]["id"]) == ("ASSIGNED", order[3])


async def test_an_assignment_of_a_retired_lesson_no_longer_takes_the_day(api, clock):
    from services.learning.lessons.service import invalidate
    from services.learning.lessons.tables import Lesson

    people = await given_org()
    token = token_for(people["A1"])
    async with steps.extra_lesson(lesson_id="zz-test-retired", topic="communication", role_families=["all"],
                                  position=10_000):
        manager = token_for(people["LA"])
        await steps.assign(api, manager, [people["A1"]["id"]], "zz-test-retired", due=dt.date(2026, 3, 11))
        still_open = (await steps.suitable_ids("cashier"))[2]
        await steps.assign(api, manager, [people["A1"]["id"]], still_open, due=dt.date(2026, 3, 31))
        await Lesson.update({Lesson.active: False}).where(Lesson.id == "zz-test-retired")  # a content deploy retires it
        invalidate()

        plan = await steps.today(api, token)
        assert (plan["reason"], plan["lesson"]["id"]) == ("ASSIGNED", still_open)
        await steps.start(api, token, plan["lesson"]["id"])
