"""A whole day: today's lesson, start, answer every item, complete; XP, streak and review cards follow."""

from .support import given_org, new_id, token_for

TODAY = "{ today { date reason lesson { id } session { id completedAt } progress { xp level streak doneToday } } }"
START = "mutation($i: StartLessonInput!) { startLesson(input: $i) { id items { id kind options } } }"
ANSWER = "mutation($i: AnswerItemInput!) { answerItem(input: $i) { correct correctOption xpGained nextReviewAt } }"
COMPLETE = (
    "mutation($i: CompleteLessonInput!) { completeLesson(input: $i) { passed correctCount itemCount xpGained "
    "progress { xp streak doneToday } session { completedAt } } }"
)


async def answer_all(api, token, session, *, right: bool = True):
    from services.learning.lessons.service import get_catalogue

    catalogue = await get_catalogue()
    for item in session["items"]:
        correct = catalogue.items[item["id"]].correct
        choice = correct if right else (correct + 1) % len(item["options"])
        await api.ok(ANSWER, {"i": {"itemId": item["id"], "choice": choice, "sessionId": session["id"], "clientMutationId": new_id()}}, token=token)


async def test_a_full_lesson_day(api):
    people = await given_org()
    token = token_for(people["A1"])
    today = (await api.ok(TODAY, token=token))["today"]
    assert today["session"] is None and today["progress"]["xp"] == 0
    session = (await api.ok(START, {"i": {"lessonId": today["lesson"]["id"], "clientMutationId": new_id()}}, token=token))["startLesson"]
    assert session["items"][0]["kind"] == "SCENARIO" and 4 <= len(session["items"]) <= 6
    await answer_all(api, token, session)
    done = (await api.ok(COMPLETE, {"i": {"sessionId": session["id"], "clientMutationId": new_id()}}, token=token))["completeLesson"]
    assert done["passed"] is True
    assert done["correctCount"] == done["itemCount"] == len(session["items"])
    assert done["xpGained"] == 30
    assert done["progress"] == {"xp": 30 + 5 * len(session["items"]), "streak": 1, "doneToday": True}
    after = (await api.ok(TODAY, token=token))["today"]
    assert after["lesson"]["id"] == today["lesson"]["id"]
    assert after["session"]["id"] == session["id"] and after["session"]["completedAt"]
