"""A complaint's lesson reaches the employee the same day: it joins today's plan while today's lesson is not started,
else it comes first tomorrow and `today.upcoming` says so. Both services, their outboxes and real workers."""

from services.feedback.platform_tables import OUTBOX as FEEDBACK_OUTBOX
from services.learning.lessons.scheduling import Plan, with_assignment
from services.learning.lessons.service import get_catalogue
from services.learning.platform_tables import OUTBOX as LEARNING_OUTBOX
from services.platform.outbox import service as outbox

from .support import given_org, new_id, run_worker, token_for

SUBMIT = "mutation($i: SubmitFeedbackInput!) { submitFeedback(input: $i) { id } }"
TODAY = """{ today { date reason lesson { id } reviewItems { id } session { id }
  upcoming { lesson { id } reason source availableFrom } } }"""
START = "mutation($i: StartLessonInput!) { startLesson(input: $i) { id } }"
LATE_LESSON = "sit-review-late-order"


async def deliver(feedback_app, storage, clock) -> None:
    """Relay both outboxes and run both workers until the events settle."""
    pool = await feedback_app.state.runtime.arq()
    for _ in range(3):
        await outbox.relay(LEARNING_OUTBOX, arq=pool, now=clock.now())
        await outbox.relay(FEEDBACK_OUTBOX, arq=pool, now=clock.now())
        await run_worker("learning", storage["redis_url"], clock)
        await run_worker("feedback", storage["redis_url"], clock)


async def given_the_cashier_opened_today(api, feedback_app, storage, clock) -> tuple[dict, str, dict]:
    people = await given_org()
    await deliver(feedback_app, storage, clock)
    cashier = token_for(people["A1"])
    today = (await api.ok(TODAY, token=cashier))["today"]
    assert today["reason"] == "NEW" and today["lesson"]["id"] != LATE_LESSON and today["upcoming"] is None
    return people, cashier, today


async def a_late_delivery_complaint(feedback_api, feedback_app, storage, clock, people) -> None:
    await feedback_api.ok(SUBMIT, {"i": {
        "kind": "COMPLAINT", "channel": "PHONE", "subjectIds": [str(people["A1"]["id"])], "rating": 2,
        "category": "LATE_DELIVERY", "body": "The order came three weeks late.", "clientMutationId": new_id()}},
        token=token_for(people["LA"]))
    await deliver(feedback_app, storage, clock)


async def test_a_complaint_before_todays_lesson_is_started_becomes_todays_lesson(
    api, feedback_api, feedback_app, storage, clock
):
    # given the cashier opened today in the morning and saw a new lesson, not started
    people, cashier, before = await given_the_cashier_opened_today(api, feedback_app, storage, clock)
    # when a late-delivery complaint about her is recorded an hour later
    clock.advance(hours=1)
    await a_late_delivery_complaint(feedback_api, feedback_app, storage, clock, people)
    # then today switches to the complaint's lesson, the same day, and nothing waits
    today = (await api.ok(TODAY, token=cashier))["today"]
    assert (today["date"], today["reason"], today["lesson"]["id"]) == (before["date"], "ASSIGNED", LATE_LESSON)
    assert (today["session"], today["upcoming"]) == (None, None)
    # and passing it is what the day's plan asks for: the started session is today's
    await api.ok(START, {"i": {"lessonId": LATE_LESSON, "clientMutationId": new_id()}}, token=cashier)
    assert (await api.ok(TODAY, token=cashier))["today"]["session"] is not None


async def test_a_complaint_after_todays_lesson_is_started_comes_first_tomorrow(
    api, feedback_api, feedback_app, storage, clock
):
    # given the cashier opened today and started its lesson
    people, cashier, before = await given_the_cashier_opened_today(api, feedback_app, storage, clock)
    await api.ok(START, {"i": {"lessonId": before["lesson"]["id"], "clientMutationId": new_id()}}, token=cashier)
    # when a late-delivery complaint about her is recorded an hour later
    clock.advance(hours=1)
    await a_late_delivery_complaint(feedback_api, feedback_app, storage, clock, people)
    # then today is unchanged, and says the complaint's lesson comes first tomorrow
    today = (await api.ok(TODAY, token=cashier))["today"]
    assert (today["reason"], today["lesson"]["id"]) == ("NEW", before["lesson"]["id"]) and today["session"]
    assert today["upcoming"] == {"lesson": {"id": LATE_LESSON}, "reason": "ASSIGNED", "source": "complaint",
                                 "availableFrom": "2026-03-11"}
    # when tomorrow comes
    clock.advance(days=1)
    tomorrow = (await api.ok(TODAY, token=cashier))["today"]
    # then it is the day's lesson, first
    assert (tomorrow["date"], tomorrow["reason"], tomorrow["lesson"]["id"]) == ("2026-03-11", "ASSIGNED", LATE_LESSON)
    assert tomorrow["upcoming"] is None


async def test_a_complaint_does_not_push_out_a_lesson_already_assigned_for_today(
    api, feedback_api, feedback_app, storage, clock
):
    # given the cashier's today is a complaint's lesson she has not started
    people, cashier, _ = await given_the_cashier_opened_today(api, feedback_app, storage, clock)
    await a_late_delivery_complaint(feedback_api, feedback_app, storage, clock, people)
    # when a second complaint, about her tone, arrives the same day
    await feedback_api.ok(SUBMIT, {"i": {
        "kind": "COMPLAINT", "channel": "PHONE", "subjectIds": [str(people["A1"]["id"])], "rating": 1,
        "category": "RUDE_TONE", "body": "She snapped at me.", "clientMutationId": new_id()}},
        token=token_for(people["LA"]))
    await deliver(feedback_app, storage, clock)
    # then the first assigned lesson stays today's and the second waits for tomorrow
    today = (await api.ok(TODAY, token=cashier))["today"]
    assert (today["reason"], today["lesson"]["id"]) == ("ASSIGNED", LATE_LESSON)
    assert (today["upcoming"]["lesson"]["id"], today["upcoming"]["availableFrom"]) == ("com-first-words", "2026-03-11")


async def test_a_joining_lesson_keeps_the_due_reviews_that_still_fit_in_fifteen_minutes(storage):
    catalogue = await get_catalogue()
    lesson = catalogue.by_id[LATE_LESSON]
    own = [i.id for i in catalogue.items_of[LATE_LESSON]]
    others = [i for i in catalogue.items if not i.startswith(f"{LATE_LESSON}:")][:20]
    plan = Plan(lesson_id="tm-plan-the-day", reason="new", assignment_id=None, review_item_ids=[own[0], *others])
    # when the assignment joins the plan
    joined = with_assignment(catalogue, plan, assignment=("a1", LATE_LESSON), started=False)
    # then the lesson's own item is dropped (it asks it anyway) and the rest are cut to what fits
    assert (joined.lesson_id, joined.reason, joined.assignment_id) == (LATE_LESSON, "assigned", "a1")
    assert joined.review_item_ids == others[: 15 - lesson.minutes]
    # and a started lesson, or one already assigned, keeps the plan
    assert with_assignment(catalogue, plan, assignment=("a1", LATE_LESSON), started=True) is None
    assigned = Plan(lesson_id="tm-plan-the-day", reason="assigned", assignment_id="a0", review_item_ids=[])
    assert with_assignment(catalogue, assigned, assignment=("a1", LATE_LESSON), started=False) is None
