"""The whole loop across both services, through their GraphQL APIs, outboxes and real workers:
a complaint assigns a lesson, passing it closes the assignment; praise and a loyal customer earn streak
freezes in learning and recognition points in feedback."""

from services.feedback.platform_tables import OUTBOX as FEEDBACK_OUTBOX
from services.learning.lessons.service import get_catalogue
from services.learning.platform_tables import OUTBOX as LEARNING_OUTBOX
from services.platform.outbox import service as outbox

from .support import given_org, new_id, run_worker, token_for

SUBMIT = "mutation($i: SubmitFeedbackInput!) { submitFeedback(input: $i) { id } }"
TODAY = "{ today { reason lesson { id } progress { freezes } } me { openAssignments { source lesson { id } } } }"


async def deliver(feedback_app, storage, clock) -> None:
    """Relay both outboxes and run both workers until the events settle (events cause events)."""
    pool = await feedback_app.state.runtime.arq()
    for _ in range(4):
        await outbox.relay(LEARNING_OUTBOX, arq=pool, now=clock.now())
        await outbox.relay(FEEDBACK_OUTBOX, arq=pool, now=clock.now())
        await run_worker("learning", storage["redis_url"], clock)
        await run_worker("feedback", storage["redis_url"], clock)


async def pass_lesson(api, token, lesson_id) -> dict:
    catalogue = await get_catalogue()
    session = (await api.ok("mutation($i: StartLessonInput!) { startLesson(input: $i) { id items { id } } }",
                            {"i": {"lessonId": lesson_id, "clientMutationId": new_id()}}, token=token))["startLesson"]
    for item in session["items"]:
        await api.ok("mutation($i: AnswerItemInput!) { answerItem(input: $i) { correct } }", {"i": {
            "itemId": item["id"], "choice": catalogue.items[item["id"]].correct, "sessionId": session["id"],
            "clientMutationId": new_id()}}, token=token)
    return (await api.ok("mutation($i: CompleteLessonInput!) { completeLesson(input: $i) { passed } }",
                         {"i": {"sessionId": session["id"], "clientMutationId": new_id()}}, token=token))["completeLesson"]


async def test_feedback_and_learning_close_the_loop(api, feedback_api, feedback_app, storage, clock, mailbox):
    # given the org chart, announced to the feedback service's replica through events
    people = await given_org()
    await deliver(feedback_app, storage, clock)
    cashier, lead = token_for(people["A1"]), token_for(people["LA"])

    # when the shift lead records a late-delivery complaint about the cashier
    complaint = (await feedback_api.ok(SUBMIT, {"i": {
        "kind": "COMPLAINT", "channel": "PHONE", "subjectIds": [str(people["A1"]["id"])], "rating": 2,
        "category": "LATE_DELIVERY", "body": "The order came three weeks late.", "clientMutationId": new_id(),
        "contact": {"email": "klient@example.ee"}, "consent": True}},
        token=lead))["submitFeedback"]
    await deliver(feedback_app, storage, clock)
    # then the matching lesson is assigned to the cashier and is today's lesson
    today = await api.ok(TODAY, token=cashier)
    assert today["me"]["openAssignments"] == [{"source": "complaint", "lesson": {"id": "sit-review-late-order"}}]
    assert today["today"]["reason"] == "ASSIGNED" and today["today"]["lesson"]["id"] == "sit-review-late-order"

    # when the cashier passes it
    assert (await pass_lesson(api, cashier, "sit-review-late-order"))["passed"] is True
    # then the assignment is done
    assert (await api.ok(TODAY, token=cashier))["me"]["openAssignments"] == []

    # when a customer's praise for the cashier is recorded
    await feedback_api.ok(SUBMIT, {"i": {
        "kind": "PRAISE", "channel": "IN_PERSON", "subjectIds": [str(people["A1"]["id"])], "rating": 5,
        "clientMutationId": new_id()}}, token=lead)
    await deliver(feedback_app, storage, clock)
    # then the cashier holds a streak freeze in learning
    assert (await api.ok(TODAY, token=cashier))["today"]["progress"]["freezes"] == 1

    # when the cashier takes the complaint, resolves it, and the customer answers the survey as a promoter
    for step in ("acknowledgeComplaint", "resolveComplaint"):
        await feedback_api.ok(f"mutation($i: {step[0].upper()}{step[1:]}Input!) {{ {step}(input: $i) {{ status }} }}",
                              {"i": {"feedbackId": complaint["id"], "clientMutationId": new_id()}}, token=cashier)
    await deliver(feedback_app, storage, clock)
    points = (await feedback_api.ok("{ myRecognition { points pendingPoints } }", token=cashier))["myRecognition"]
    # praise +10 counts now; the complaint is about her and she took it herself, so acknowledging it earns
    # nothing and resolved +20 and no transfer +10 wait for the customer's own verdict
    assert points == {"points": 10, "pendingPoints": 30}
    [mail] = await mailbox.wait_for("klient@example.ee")
    token = mail.links[0].split("token=", 1)[1]
    await feedback_api.ok("mutation($i: AnswerSurveyInput!) { answerSurvey(input: $i) { state } }",
                          {"i": {"token": token, "csat": 5, "nps": 10}})
    await deliver(feedback_app, storage, clock)
    # then the resolution points are confirmed and loyalty adds +50
    points = (await feedback_api.ok("{ myRecognition { points pendingPoints } }", token=cashier))["myRecognition"]
    assert points == {"points": 10 + 30 + 50, "pendingPoints": 0}
    # and the loyal customer earned the cashier a second streak freeze (two is the most one can hold)
    assert (await api.ok(TODAY, token=cashier))["today"]["progress"]["freezes"] == 2
