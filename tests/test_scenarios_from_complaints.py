"""draftScenarioFromComplaint: the feedback service sends each resolved complaint's anonymised snapshot to the
learning service (complaint.practice_case, through the outbox); a manager over the complaint's subject, or HR,
turns it into a draft in one step, checked against learning's own directory. No personal data of the complaint
reaches the learning service: not the draft, not its tables, not the event."""

import json
import uuid

from services.learning.scenarios.tables import AuthoredScenario, ComplaintCase, ScenarioAudit

from .feedback_intake_steps import deliver_everything, events, given_people
from .support import new_id, token_for
from .test_authored_scenarios import APPROVE, SCENARIO, given_a_resolved_complaint, leaked

FROM_COMPLAINT = (
    "mutation($i: DraftScenarioFromComplaintInput!) { draftScenarioFromComplaint(input: $i) { "
    f"{SCENARIO} createdAt approvedAt withdrawnAt }} }}"
)
EDIT = f"mutation($i: EditScenarioInput!) {{ editScenario(input: $i) {{ {SCENARIO} }} }}"
REOPEN = "mutation($i: ReopenComplaintInput!) { reopenComplaint(input: $i) { status } }"


def strings(value) -> list[str]:
    """Every string anywhere in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def from_complaint(feedback_id: str, client_id: str | None = None) -> dict:
    return {"i": {"feedbackId": feedback_id, "clientMutationId": client_id or new_id()}}


async def given_a_relayed_resolved_complaint(api, feedback_api, feedback_app, storage, clock, people) -> str:
    feedback_id = await given_a_resolved_complaint(feedback_api, people)
    await deliver_everything(feedback_app, storage, clock)
    return feedback_id


async def test_a_resolved_complaint_becomes_a_draft_without_any_personal_data(
    api, feedback_api, feedback_app, storage, clock
):
    # given a complaint about Anu naming the customer (name, e-mail, phone), staff, and an order number, resolved
    people = await given_people()
    manager = token_for(people["MA"])
    feedback_id = await given_a_resolved_complaint(feedback_api, people)
    # when the manager asks before the workers have relayed it, learning does not know of it yet
    assert await api.code(FROM_COMPLAINT, from_complaint(feedback_id), token=manager) == "COMPLAINT_NOT_FOUND"
    # when the event travels and the manager drafts from the complaint
    await deliver_everything(feedback_app, storage, clock)
    once = from_complaint(feedback_id)
    draft = (await api.ok(FROM_COMPLAINT, once, token=manager))["draftScenarioFromComplaint"]
    # then a draft exists, its situation the complaint's Estonian text with placeholders, the rest for the author
    assert (draft["status"], draft["sourceFeedbackId"], draft["author"]) == ("DRAFT", feedback_id, {"hrId": "MA"})
    situation = draft["situation"]["et"]
    assert "Ootasin kaks nädalat." in situation and "tellimus [number] on kadunud" in situation
    assert {"[customer]", "[employee]", "[phone]", "[e-mail]"} <= set(situation.replace("]", "] ").split())
    assert draft["situation"]["en"] == "" and draft["worse"] == draft["better"] == draft["why"] == {"et": "", "en": ""}
    assert [(h["action"], h["actor"]) for h in draft["history"]] == [("drafted", {"hrId": "MA"})]
    # and no string of the answer holds the customer's or any staff member's data
    assert not [s for s in strings(draft) if leaked(s)], draft
    # nor the learning service's rows, nor the event that crossed between the services
    stored = [*(await ComplaintCase.select()), *(await AuthoredScenario.select()), *(await ScenarioAudit.select())]
    assert not leaked(json.dumps(stored, default=str))
    [case] = await events("complaint.practice_case")
    assert case["resolved"] and case["subject_ids"] == [str(people["A1"]["id"])] and case["channel"] == "phone"
    assert not [s for s in strings(case) if leaked(s)], case

    # when the request is retried, and then drafted again with a new id
    again = (await api.ok(FROM_COMPLAINT, once, token=manager))["draftScenarioFromComplaint"]
    twice = await api.error(FROM_COMPLAINT, from_complaint(feedback_id), token=token_for(people["HR1"]))
    # then the retry is the same draft and a second draft of the complaint is refused, naming the first
    assert again["id"] == draft["id"]
    assert (twice["extensions"]["code"], twice["extensions"]["scenarioId"]) == ("COMPLAINT_ALREADY_DRAFTED", draft["id"])
    assert await AuthoredScenario.count() == 1

    # when HR tries to approve before the replies are written, then after the manager writes them
    hr = token_for(people["HR1"])
    approve = {"i": {"scenarioId": draft["id"], "clientMutationId": new_id()}}
    assert await api.code(APPROVE, approve, token=hr) == "SCENARIO_INCOMPLETE"
    texts = {"situation": {"et": situation}, "worse": {"et": "Kuller on süüdi, mitte meie."},
             "better": {"et": "Vabandan, leian tellimuse kohe üles ja helistan lõunaks."},
             "why": {"et": "Võta probleem enda kanda ja luba konkreetne järgmine samm."}}
    edit = {"i": {"scenarioId": draft["id"], **texts, "clientMutationId": new_id()}}
    assert await api.code(EDIT, edit, token=hr) == "FORBIDDEN"  # only its author edits
    assert await api.code(EDIT, edit, token=token_for(people["MB"])) == "SCENARIO_NOT_FOUND"
    edited = (await api.ok(EDIT, edit, token=manager))["editScenario"]
    approved = (await api.ok(APPROVE, approve, token=hr))["approveScenario"]
    # then the scenario is approved with both languages filled and its history tells every step
    assert edited["worse"] == {"et": texts["worse"]["et"], "en": texts["worse"]["et"]}
    assert approved["status"] == "APPROVED"
    assert [(h["action"], h["actor"]["hrId"]) for h in approved["history"]] == [
        ("drafted", "MA"), ("edited", "MA"), ("approved", "HR1")]


async def test_only_the_subjects_managers_and_hr_may_draft_and_ids_cannot_be_probed(
    api, feedback_api, feedback_app, storage, clock
):
    # given a resolved complaint about Anu, relayed to learning
    people = await given_people()
    feedback_id = await given_a_relayed_resolved_complaint(api, feedback_api, feedback_app, storage, clock, people)
    # when the other branch's manager asks for it, and for an id nobody has
    peer = await api.code(FROM_COMPLAINT, from_complaint(feedback_id), token=token_for(people["MB"]))
    unknown = await api.code(FROM_COMPLAINT, from_complaint(str(uuid.uuid4())), token=token_for(people["MB"]))
    # and Anu herself, with her own employee token
    herself = await api.code(FROM_COMPLAINT, from_complaint(feedback_id), token=token_for(people["A1"]))
    # then the peer gets the same answer as for an unknown complaint, and Anu may not draft at all
    assert (peer, unknown, herself) == ("COMPLAINT_NOT_FOUND", "COMPLAINT_NOT_FOUND", "FORBIDDEN")
    assert await AuthoredScenario.count() == 0
    # when the complaint is reopened and the news travels
    await feedback_api.ok(REOPEN, {"i": {"feedbackId": feedback_id, "reason": "The customer called again.",
                                         "clientMutationId": new_id()}}, token=token_for(people["MA"]))
    await deliver_everything(feedback_app, storage, clock)
    # then its managers hear it is not resolved, the peer still hears nothing
    assert await api.code(FROM_COMPLAINT, from_complaint(feedback_id), token=token_for(people["LA"])) == (
        "COMPLAINT_NOT_RESOLVED")
    assert await api.code(FROM_COMPLAINT, from_complaint(feedback_id), token=token_for(people["MB"])) == (
        "COMPLAINT_NOT_FOUND")
    assert (await ComplaintCase.select(ComplaintCase.situation))[0]["situation"] is None
    # when it is resolved again, HR may draft from it (any team)
    await feedback_api.ok("mutation($i: ResolveComplaintInput!) { resolveComplaint(input: $i) { status } }",
                          {"i": {"feedbackId": feedback_id, "clientMutationId": new_id()}},
                          token=token_for(people["A1"]))
    await deliver_everything(feedback_app, storage, clock)
    draft = (await api.ok(FROM_COMPLAINT, from_complaint(feedback_id), token=token_for(people["HR1"])))[
        "draftScenarioFromComplaint"]
    assert (draft["status"], draft["author"]) == ("DRAFT", {"hrId": "HR1"})


def test_the_practice_case_names_the_language_the_complaint_was_written_in():
    from services.feedback.complaints.anonymise import language_of

    # Estonian letters, or two of its commonest words, make Estonian; anything else is taken for English
    assert language_of("Ootasin kaks nädalat.") == "et"
    assert language_of("Tellimus ei tulnud ja keegi ei helistanud") == "et"
    assert language_of("I waited two weeks and nobody called me back.") == "en"


async def test_complaints_resolved_before_the_upgrade_are_sent_by_the_backfill(
    api, feedback_api, feedback_app, storage, clock
):
    from services.feedback.complaints import service as complaints

    # given a complaint resolved while learning kept no practice cases (none is there)
    people = await given_people()
    feedback_id = await given_a_relayed_resolved_complaint(api, feedback_api, feedback_app, storage, clock, people)
    await ComplaintCase.delete(force=True)
    manager = token_for(people["MA"])
    assert await api.code(FROM_COMPLAINT, from_complaint(feedback_id), token=manager) == "COMPLAINT_NOT_FOUND"
    # when the operator runs the backfill (publish-practice-cases) twice and the workers deliver it
    assert await complaints.publish_all_practice_cases() == 1
    assert await complaints.publish_all_practice_cases() == 1
    await deliver_everything(feedback_app, storage, clock)
    # then learning has the case once, and the manager drafts from it
    assert await ComplaintCase.count() == 1
    draft = (await api.ok(FROM_COMPLAINT, from_complaint(feedback_id), token=manager))["draftScenarioFromComplaint"]
    assert draft["sourceFeedbackId"] == feedback_id and not leaked(draft["situation"]["et"])
