"""Every complaint can reach a lesson: the customer says what went wrong on the public form, and staff set or
correct a complaint's category (audited in its history); a new category's lesson is asked for once per complaint."""

from services.feedback.intake.categories import CATEGORIES, PUBLIC_CATEGORIES, lesson_for
from services.feedback.intake.tables import Feedback
from services.feedback.platform_tables import OutboxEvent

from .conftest import START
from .feedback_intake_steps import CREATE_CODE, SUBMIT, SUBMIT_PUBLIC, events, given_people, staff_input
from .support import new_id, token_for

CATEGORISE = """mutation($i: CategoriseComplaintInput!) {
  categoriseComplaint(input: $i) { feedbackId category status lessonId lessonRequested at } }"""
HISTORY = """query($id: ID!) { complaintHistory(feedbackId: $id) {
  action fromStatus toStatus fromCategory toCategory actor { name } } }"""
ACKNOWLEDGE = """mutation($i: AcknowledgeComplaintInput!) { acknowledgeComplaint(input: $i) { status } }"""


async def code_for(feedback_api, person: dict, *, by: dict) -> str:
    return (await feedback_api.ok(CREATE_CODE, {"e": str(person["id"])}, token=token_for(by)))["createPublicCode"]["code"]


def categorise(feedback_id, category: str, client_id: str | None = None) -> dict:
    return {"i": {"feedbackId": str(feedback_id), "category": category, "clientMutationId": client_id or new_id()}}


async def lesson_requests() -> list[tuple[str, str]]:
    return [(e["employee_id"], e["lesson_id"]) for e in await events("lesson.assignment_requested")]


def test_the_public_list_is_a_short_list_of_categories_that_each_assign_a_lesson():
    assert set(PUBLIC_CATEGORIES) <= set(CATEGORIES) and len(PUBLIC_CATEGORIES) < len(CATEGORIES)
    assert all(lesson_for(c) for c in PUBLIC_CATEGORIES)


async def test_a_customer_who_waited_too_long_assigns_the_cashier_the_lesson_on_reacting_fast(feedback_api):
    # given a code for the cashier
    people = await given_people()
    code = await code_for(feedback_api, people["A1"], by=people["LA"])
    # when a customer complains on the form, picking "Waited too long" (SLOW_RESPONSE)
    receipt = await feedback_api.ok(SUBMIT_PUBLIC, {"i": {
        "code": code, "kind": "COMPLAINT", "category": "SLOW_RESPONSE", "rating": 2, "body": "Twenty minutes."}})
    assert receipt["submitPublicFeedback"]["received"] is True
    # then the complaint carries the category and asks for its lesson for the cashier, at the service's clock,
    # naming the category and when the complaint came (the learning service counts complaints per category)
    [row] = await Feedback.select()
    assert (row["category"], row["source"]) == ("slow_response", "public")
    assert await events("lesson.assignment_requested") == [{
        "employee_id": str(people["A1"]["id"]), "lesson_id": "tm-react-fast",
        "source_ref": f"complaint:{row['id']}:tm-react-fast", "due_date": None, "requested_at": START.isoformat(),
        "category": "slow_response", "received_at": START.isoformat()}]


async def test_the_public_form_takes_no_category_staff_must_judge_and_none_on_praise(feedback_api):
    people = await given_people()
    code = await code_for(feedback_api, people["A1"], by=people["LA"])
    # when a customer sends a category the form does not offer, or a category on praise
    refused = await feedback_api.code(SUBMIT_PUBLIC, {"i": {"code": code, "kind": "COMPLAINT",
                                                           "category": "REQUEST_REFUSED", "body": "No."}})
    on_praise = await feedback_api.code(SUBMIT_PUBLIC, {"i": {"code": code, "kind": "PRAISE",
                                                             "category": "RUDE_TONE", "body": "Great."}})
    # then both are refused with their codes and nothing is stored
    assert (refused, on_praise) == ("INVALID_CATEGORY", "CATEGORY_ONLY_FOR_COMPLAINTS")
    assert (await Feedback.count(), await lesson_requests()) == (0, [])


async def test_a_complaint_without_a_category_still_reaches_a_lesson_once_staff_categorise_it(feedback_api):
    # given a customer's complaint about the cashier with nothing picked: no lesson asked for
    people = await given_people()
    code = await code_for(feedback_api, people["A1"], by=people["LA"])
    await feedback_api.ok(SUBMIT_PUBLIC, {"i": {"code": code, "kind": "COMPLAINT", "body": "She just ignored me."}})
    [row] = await Feedback.select()
    assert row["category"] is None and await lesson_requests() == []
    lead = token_for(people["LA"])
    await feedback_api.ok(ACKNOWLEDGE, {"i": {"feedbackId": str(row["id"]), "clientMutationId": new_id()}}, token=lead)

    # when the shift lead categorises it as rude tone (and her app retries the call)
    client_id = new_id()
    first = (await feedback_api.ok(CATEGORISE, categorise(row["id"], "RUDE_TONE", client_id), token=lead))
    again = (await feedback_api.ok(CATEGORISE, categorise(row["id"], "RUDE_TONE", client_id), token=lead))
    # then the lesson is asked for once, for the cashier
    assert first == again
    assert first["categoriseComplaint"] | {"at": None} == {
        "feedbackId": str(row["id"]), "category": "RUDE_TONE", "status": "ACKNOWLEDGED",
        "lessonId": "com-first-words", "lessonRequested": True, "at": None}
    a1 = str(people["A1"]["id"])
    assert await lesson_requests() == [(a1, "com-first-words")]

    # when the manager corrects it to "didn't know the answer", then back to rude tone
    manager = token_for(people["MA"])
    corrected = await feedback_api.ok(CATEGORISE, categorise(row["id"], "DIDNT_KNOW_ANSWER"), token=manager)
    back = await feedback_api.ok(CATEGORISE, categorise(row["id"], "RUDE_TONE"), token=manager)
    # and once more with the category it has now
    same = await feedback_api.ok(CATEGORISE, categorise(row["id"], "RUDE_TONE"), token=manager)
    # then the correction asks for its own lesson; going back asks for nothing again (once per complaint and lesson)
    assert [r["categoriseComplaint"]["lessonRequested"] for r in (corrected, back, same)] == [True, False, False]
    assert await lesson_requests() == [(a1, "com-first-words"), (a1, "sit-dont-know-the-answer")]
    assert (await Feedback.select(Feedback.category))[0]["category"] == "rude_tone"
    # and the history shows who set what, when; the unchanged call left no row
    history = (await feedback_api.ok(HISTORY, {"id": str(row["id"])}, token=lead))["complaintHistory"]
    assert [(h["action"], h["fromCategory"], h["toCategory"], h["actor"]["name"], h["fromStatus"], h["toStatus"])
            for h in history] == [
        ("ACKNOWLEDGE", None, None, "Liis Lepp", "RECEIVED", "ACKNOWLEDGED"),
        ("CATEGORISE", None, "RUDE_TONE", "Liis Lepp", "ACKNOWLEDGED", "ACKNOWLEDGED"),
        ("CATEGORISE", "RUDE_TONE", "DIDNT_KNOW_ANSWER", "Mart Mets", "ACKNOWLEDGED", "ACKNOWLEDGED"),
        ("CATEGORISE", "DIDNT_KNOW_ANSWER", "RUDE_TONE", "Mart Mets", "ACKNOWLEDGED", "ACKNOWLEDGED"),
    ]


async def test_a_staff_recorded_category_counts_as_asked_for(feedback_api):
    # given the shift lead recorded a late-delivery complaint (its lesson asked for at intake)
    people = await given_people()
    lead = token_for(people["LA"])
    item = (await feedback_api.ok(SUBMIT, {"i": staff_input("complaint", [people["A1"]], category="LATE_DELIVERY",
                                                            body="Three weeks late.")}, token=lead))["submitFeedback"]
    # when it is corrected to rude tone and back to late delivery
    await feedback_api.ok(CATEGORISE, categorise(item["id"], "RUDE_TONE"), token=lead)
    back = await feedback_api.ok(CATEGORISE, categorise(item["id"], "LATE_DELIVERY"), token=lead)
    # then the late-delivery lesson was asked for once only
    a1 = str(people["A1"]["id"])
    assert back["categoriseComplaint"]["lessonRequested"] is False
    assert await lesson_requests() == [(a1, "sit-review-late-order"), (a1, "com-first-words")]


async def test_categorising_is_refused_outside_ones_scope_and_for_what_is_not_a_complaint(feedback_api):
    people = await given_people()
    lead = token_for(people["LA"])
    complaint = (await feedback_api.ok(SUBMIT, {"i": staff_input("complaint", [people["A1"]], body="Slow.")},
                                       token=lead))["submitFeedback"]
    praise = (await feedback_api.ok(SUBMIT, {"i": staff_input("praise", [people["A1"]], body="Kind.")},
                                    token=lead))["submitFeedback"]
    before = await OutboxEvent.count()
    # when the other branch's manager categorises the complaint, and the lead "categorises" a praise
    outside = await feedback_api.code(CATEGORISE, categorise(complaint["id"], "RUDE_TONE"), token=token_for(people["MB"]))
    not_one = await feedback_api.code(CATEGORISE, categorise(praise["id"], "RUDE_TONE"), token=lead)
    # then both are refused and nothing changed
    assert (outside, not_one) == ("FORBIDDEN", "NOT_A_COMPLAINT")
    assert await OutboxEvent.count() == before
    assert [r["category"] for r in await Feedback.select(Feedback.category)] == [None, None]


def test_the_customer_form_offers_the_public_categories_worded_in_both_languages():
    import pathlib
    import re

    text = (pathlib.Path(__file__).parents[1] / "frontend/src/public/messages.ts").read_text(encoding="utf-8")
    offered = re.findall(r'"([A-Z_]+)"', re.search(r"WHAT_WENT_WRONG = \[(.*?)\]", text, re.S).group(1))
    assert offered == [c.upper() for c in PUBLIC_CATEGORIES]
    words = re.search(r"whatWentWrongWords = defineMessages\(\{(.*?)\n\}\);", text, re.S).group(1)
    for category in offered:
        worded = re.search(rf'\n  {category}: \{{ et: "([^"]+)", en: "([^"]+)" \}},', words)
        assert worded, category
