"""Retry-safe mutations: a replay with the same clientMutationId returns the first result and changes nothing."""

import asyncio
import datetime as dt

from . import learning_steps as steps
from .learning_steps import ANSWER, ASSIGN, COMPLETE, START, answer_input
from .support import given_org, new_id, token_for


async def given_a_learner(api):
    people = await given_org()
    token = token_for(people["A1"])
    lesson_id = (await steps.suitable_ids("cashier"))[0]
    return people, token, lesson_id


async def test_start_lesson_replayed_returns_the_same_session(api, clock):
    people, token, lesson_id = await given_a_learner(api)
    cmid = new_id()
    first = await api.ok(START, {"i": {"lessonId": lesson_id, "clientMutationId": cmid}}, token=token)
    clock.advance(minutes=5)
    again = await api.ok(START, {"i": {"lessonId": lesson_id, "clientMutationId": cmid}}, token=token)
    assert again == first
    assert await steps.count_rows("lesson_session") == 1

    other = (await steps.suitable_ids("cashier"))[1]
    code = await api.code(START, {"i": {"lessonId": other, "clientMutationId": cmid}}, token=token)
    assert code == "IDEMPOTENCY_KEY_REUSED"
    assert await steps.count_rows("lesson_session") == 1


async def test_answer_item_replayed_returns_the_first_result_and_awards_once(api, clock):
    people, token, lesson_id = await given_a_learner(api)
    session = await steps.start(api, token, lesson_id)
    item = session["items"][0]
    correct = await steps.right_option(item["id"])
    cmid = new_id()
    variables = answer_input(item["id"], correct, session["id"], cmid)

    first = await api.ok(ANSWER, variables, token=token)
    clock.advance(minutes=3)  # a later replay must not move the review date
    again = await api.ok(ANSWER, variables, token=token)
    assert again == first and first["answerItem"]["xpGained"] == 5
    assert await steps.count_rows("item_answer") == 1
    assert (await steps.progress(api, token))["xp"] == 5

    changed = answer_input(item["id"], steps.wrong(correct, len(item["options"])), session["id"], cmid)
    assert await api.code(ANSWER, changed, token=token) == "IDEMPOTENCY_KEY_REUSED"
    assert await steps.count_rows("item_answer") == 1

    # A late retry, after the session is completed, still gets the first result.
    await steps.answer_all(api, token, {"id": session["id"], "items": session["items"][1:]})
    await steps.complete(api, token, session["id"])
    xp = (await steps.progress(api, token))["xp"]
    assert await api.ok(ANSWER, variables, token=token) == first
    assert (await steps.progress(api, token))["xp"] == xp
    assert await steps.count_rows("item_answer") == len(session["items"])

    # The id is the caller's own: someone else sending the same one is a different request.
    other = token_for(people["A2"])
    their_session = await steps.start(api, other, lesson_id)
    theirs = await api.ok(ANSWER, answer_input(item["id"], correct, their_session["id"], cmid), token=other)
    assert theirs["answerItem"]["correct"] is True
    assert await steps.count_rows("item_answer", "employee = {}", people["A2"]["id"]) == 1


async def test_complete_lesson_replayed_returns_the_first_result_and_awards_once(api, clock):
    people, token, lesson_id = await given_a_learner(api)
    session = await steps.start(api, token, lesson_id)
    await steps.answer_all(api, token, session)
    cmid = new_id()
    variables = {"i": {"sessionId": session["id"], "clientMutationId": cmid}}

    first = (await api.ok(COMPLETE, variables, token=token))["completeLesson"]
    xp = first["progress"]["xp"]
    assert first["xpGained"] == 30
    clock.advance(minutes=10)
    again = (await api.ok(COMPLETE, variables, token=token))["completeLesson"]
    assert again == first
    assert (await steps.progress(api, token))["xp"] == xp
    assert await steps.count_rows("lesson_session", "completed_at IS NOT NULL") == 1

    # A new id for the same completion is a new request: the session is done already.
    code = await api.code(COMPLETE, {"i": {"sessionId": session["id"], "clientMutationId": new_id()}}, token=token)
    assert code == "SESSION_COMPLETED"
    other = await steps.start(api, token, lesson_id)
    code = await api.code(COMPLETE, {"i": {"sessionId": other["id"], "clientMutationId": cmid}}, token=token)
    assert code == "IDEMPOTENCY_KEY_REUSED"


async def test_assign_lesson_replayed_returns_the_same_assignments(api, clock):
    people, _, lesson_id = await given_a_learner(api)
    manager = token_for(people["LA"])
    cmid = new_id()
    variables = {"i": {"employeeIds": [str(people["A1"]["id"]), str(people["A2"]["id"])], "lessonId": lesson_id,
                       "dueDate": "2026-03-20", "clientMutationId": cmid}}
    first = await api.ok(ASSIGN, variables, token=manager)
    again = await api.ok(ASSIGN, variables, token=manager)
    assert again == first and len(first["assignLesson"]) == 2
    assert await steps.count_rows("assignment") == 2

    variables["i"]["dueDate"] = "2026-03-21"
    assert await api.code(ASSIGN, variables, token=manager) == "IDEMPOTENCY_KEY_REUSED"
    assert await steps.count_rows("assignment") == 2


async def test_a_client_mutation_id_must_be_a_uuid(api, clock):
    people, token, lesson_id = await given_a_learner(api)
    session = await steps.start(api, token, lesson_id)
    item = session["items"][0]["id"]
    bad = "retry-1"
    assert await api.code(START, {"i": {"lessonId": lesson_id, "clientMutationId": bad}}, token=token) == (
        "INVALID_CLIENT_MUTATION_ID"
    )
    assert await api.code(ANSWER, answer_input(item, 0, session["id"], bad), token=token) == "INVALID_CLIENT_MUTATION_ID"
    assert await api.code(COMPLETE, {"i": {"sessionId": session["id"], "clientMutationId": bad}}, token=token) == (
        "INVALID_CLIENT_MUTATION_ID"
    )
    assign = {"i": {"employeeIds": [str(people["A1"]["id"])], "lessonId": lesson_id, "clientMutationId": bad}}
    assert await api.code(ASSIGN, assign, token=token_for(people["LA"])) == "INVALID_CLIENT_MUTATION_ID"
    assert await steps.count_rows("lesson_session") == 1
    assert await steps.count_rows("item_answer") == 0
    assert await steps.count_rows("assignment") == 0


async def test_concurrent_identical_answers_write_one_row(api, clock):
    people, token, lesson_id = await given_a_learner(api)
    session = await steps.start(api, token, lesson_id)
    item = session["items"][0]["id"]
    variables = answer_input(item, await steps.right_option(item), session["id"], new_id())

    results = await asyncio.gather(*(api.ok(ANSWER, variables, token=token) for _ in range(3)))
    assert results[0] == results[1] == results[2]
    assert await steps.count_rows("item_answer") == 1
    assert (await steps.progress(api, token))["xp"] == 5


async def test_concurrent_completions_complete_once(api, clock):
    people, token, lesson_id = await given_a_learner(api)
    session = await steps.start(api, token, lesson_id)
    await steps.answer_all(api, token, session)
    calls = [{"i": {"sessionId": session["id"], "clientMutationId": new_id()}} for _ in range(3)]

    bodies = await asyncio.gather(*(api.call(COMPLETE, c, token=token) for c in calls))
    completed = [b for b in bodies if not b.get("errors")]
    refused = [b["errors"][0]["extensions"]["code"] for b in bodies if b.get("errors")]
    assert len(completed) == 1 and refused == ["SESSION_COMPLETED"] * 2
    assert (await steps.progress(api, token))["xp"] == 30 + 5 * len(session["items"])


async def test_answering_an_item_twice_in_a_session_is_refused(api, clock):
    people, token, lesson_id = await given_a_learner(api)
    session = await steps.start(api, token, lesson_id)
    item = session["items"][0]
    await steps.answer(api, token, item["id"], right=False, session_id=session["id"], options=len(item["options"]))
    correct = await steps.right_option(item["id"])
    code = await api.code(ANSWER, answer_input(item["id"], correct, session["id"]), token=token)
    assert code == "ALREADY_ANSWERED"
    assert await steps.count_rows("item_answer") == 1
    assert (await steps.progress(api, token))["xp"] == 0


async def test_completing_with_unanswered_items_is_refused_and_writes_nothing(api, clock):
    people, token, lesson_id = await given_a_learner(api)
    session = await steps.start(api, token, lesson_id)
    first_items = {"id": session["id"], "items": session["items"][:-1]}
    await steps.answer_all(api, token, first_items)
    xp = (await steps.progress(api, token))["xp"]
    cmid = new_id()
    variables = {"i": {"sessionId": session["id"], "clientMutationId": cmid}}

    error = await api.error(COMPLETE, variables, token=token)
    assert error["extensions"]["code"] == "LESSON_INCOMPLETE" and error["extensions"]["remaining"] == 1
    progress = await steps.progress(api, token)
    assert (progress["xp"], progress["streak"], progress["doneToday"]) == (xp, 0, False)
    assert await steps.count_rows("lesson_session", "completed_at IS NOT NULL") == 0

    # The refused attempt kept nothing, not even its id: the same id completes once the last item is answered.
    await steps.answer_all(api, token, {"id": session["id"], "items": session["items"][-1:]})
    done = (await api.ok(COMPLETE, variables, token=token))["completeLesson"]
    assert done["passed"] is True and done["progress"]["streak"] == 1
    assert dt.datetime.fromisoformat(done["session"]["completedAt"]) == clock.now()
