"""Abuse stories for closing the loop (team issue "Lessons that teach"): the employee a complaint is about tries to
get rid of its lesson, or to put a practice scenario of their own into review; they gain nothing."""

from ..feedback_intake_steps import SUBMIT, given_people, staff_input
from ..support import new_id, token_for
from ..test_same_day_lessons import deliver

CATEGORISE = """mutation($i: CategoriseComplaintInput!) { categoriseComplaint(input: $i) { lessonRequested } }"""
OPEN = "{ me { openAssignments { lesson { id } } } }"


async def test_finding_1_recategorising_a_complaint_about_oneself_does_not_drop_its_lesson(
    api, feedback_api, feedback_app, storage, clock
):
    # given a rude-tone complaint about Anu, its lesson assigned to her
    people = await given_people()
    await deliver(feedback_app, storage, clock)
    item = (await feedback_api.ok(SUBMIT, {"i": staff_input("complaint", [people["A1"]], category="RUDE_TONE",
                                                            body="She was rude.")},
                                  token=token_for(people["LA"])))["submitFeedback"]
    await deliver(feedback_app, storage, clock)
    anu = token_for(people["A1"])
    # when Anu, a subject who may categorise it, relabels it as "other" to swap the lesson
    await feedback_api.ok(CATEGORISE, {"i": {"feedbackId": item["id"], "category": "OTHER",
                                             "clientMutationId": new_id()}}, token=anu)
    await deliver(feedback_app, storage, clock)
    # then the rude-tone lesson is still hers to pass; the relabelling only added one
    lessons = [a["lesson"]["id"] for a in (await api.ok(OPEN, token=anu))["me"]["openAssignments"]]
    assert sorted(lessons) == ["com-first-words", "com-listen-and-empathise"]


async def test_finding_3_an_employee_cannot_draft_or_approve_a_scenario_for_easy_review_xp(api):
    people = await given_people()
    anu = token_for(people["A1"])
    texts = {"situation": {"en": "x"}, "worse": {"en": "a"}, "better": {"en": "b"}, "why": {"en": "c"}}
    # when Anu tries to write a scenario, or approve one her manager wrote
    drafted = await api.code("mutation($i: DraftScenarioInput!) { draftScenario(input: $i) { id } }",
                             {"i": {**texts, "clientMutationId": new_id()}}, token=anu)
    by_manager = (await api.ok("mutation($i: DraftScenarioInput!) { draftScenario(input: $i) { id } }",
                               {"i": {**texts, "clientMutationId": new_id()}}, token=token_for(people["LA"])))
    approved = await api.code("mutation($i: ApproveScenarioInput!) { approveScenario(input: $i) { id } }",
                              {"i": {"scenarioId": by_manager["draftScenario"]["id"], "clientMutationId": new_id()}},
                              token=anu)
    # then both are refused and nothing reaches her reviews
    assert (drafted, approved) == ("FORBIDDEN", "FORBIDDEN")
    assert not [i for i in (await api.ok("{ today { reviewItems { id } } }", token=anu))["today"]["reviewItems"]
                if i["id"].startswith("authored:")]
