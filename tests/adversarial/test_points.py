"""Points and NPS come from real customer outcomes: an employee with only her own token tries to farm them.

Each story is a finding of the trust review (the cleaner who owned, resolved and surveyed complaints about
herself: +85 points per five calls, NPS 100, the customer's contact in view), replayed through GraphQL, the
outbox and the real worker, ending in no gain.
"""

from __future__ import annotations

import datetime as dt

from services.feedback.intake.tables import Feedback
from services.feedback.loyalty.tables import LoyaltyOutcome, Survey
from services.feedback.recognition import service as recognition

from ..complaint_steps import ACKNOWLEDGE, RESOLVE
from ..recognition_steps import (
    ANSWER_SURVEY,
    MY_RECOGNITION,
    NPS,
    PRESENT_IN_PERSON,
    RECORD_OUTCOME,
    SURVEY_STATUS,
    answer_input,
    deliver,
    given_people,
    leaderboard,
    outcome_input,
    token_in,
)
from ..support import new_id, token_for

SUBMIT = "mutation($i: SubmitFeedbackInput!) { submitFeedback(input: $i) { id } }"
ITEM = "query($id: ID!) { feedbackItem(id: $id) { id customer { name email phone } } }"
CUSTOMER = {"name": "Mari Maasikas", "email": "mari@example.ee", "phone": "+372 5555 0101"}


async def record(feedback_api, by: dict, about: dict, *, kind="COMPLAINT", channel="PHONE", contact=CUSTOMER) -> str:
    data = await feedback_api.ok(SUBMIT, {"i": {
        "kind": kind, "channel": channel, "subjectIds": [str(about["id"])], "rating": 2 if kind == "COMPLAINT" else 5,
        "body": "Something went wrong.", "contact": contact, "consent": contact is not None,
        "clientMutationId": new_id()}}, token=token_for(by))
    return data["submitFeedback"]["id"]


async def step(feedback_api, mutation: str, feedback_id: str, by: dict, **extra) -> None:
    await feedback_api.ok(mutation, {"id": feedback_id, "c": new_id(), **extra}, token=token_for(by))


async def points_of(feedback_api, person: dict) -> dict:
    data = (await feedback_api.ok(MY_RECOGNITION, token=token_for(person)))["myRecognition"]
    return {"points": data["points"], "pending": data["pendingPoints"]}


async def nps_of(feedback_api, person: dict, viewer: dict) -> dict:
    data = await feedback_api.ok(NPS, {"e": str(person["id"])}, token=token_for(viewer))
    return {k: data["nps"][k] for k in ("responses", "score")}


async def test_the_cleaner_who_owns_and_resolves_complaints_about_herself_gains_nothing(
    feedback_api, feedback_app, storage, clock, mailbox
):
    # given five complaints about the cleaner A2 that colleagues took from customers on the phone
    people = await given_people()
    cleaner, colleague = people["A2"], people["A1"]
    await deliver(feedback_app, storage, clock)
    complaints = [await record(feedback_api, colleague, cleaner) for _ in range(5)]
    # when she acknowledges each herself, within target, resolves it, reads what staff may read of the survey,
    # tries to show it "in person" and records that the customer came back
    for feedback_id in complaints:
        await step(feedback_api, ACKNOWLEDGE, feedback_id, cleaner)
        await step(feedback_api, RESOLVE, feedback_id, cleaner)
    await deliver(feedback_app, storage, clock)
    for feedback_id in complaints:
        status = (await feedback_api.ok(SURVEY_STATUS, {"f": feedback_id}, token=token_for(cleaner)))["surveyStatus"]
        assert status["delivery"] == "EMAILED" and "token" not in str(status)
        code = await feedback_api.code(PRESENT_IN_PERSON, {"i": {"feedbackId": feedback_id, "clientMutationId": new_id()}},
                                       token=token_for(cleaner))
        assert code == "SURVEY_NOT_IN_PERSON"  # the customer was on the phone, not at her screen
        await feedback_api.ok(RECORD_OUTCOME, outcome_input(feedback_id, "RETURNED"), token=token_for(cleaner))
    await deliver(feedback_app, storage, clock)
    # then she earned nothing: no points for acknowledging, the resolutions still wait for the customers
    assert await points_of(feedback_api, cleaner) == {"points": 0, "pending": 150}
    # and she sees none of the customers' contact details
    for feedback_id in complaints:
        item = (await feedback_api.ok(ITEM, {"id": feedback_id}, token=token_for(cleaner)))["feedbackItem"]
        assert item["customer"] is None
    # and no survey link reached her: the only mail went to the customer
    assert {r for m in mailbox.messages for r in m.to} == {CUSTOMER["email"]}
    # and when 90 days pass without the customers answering, the pending points lapse instead of confirming
    clock.set(clock.now() + dt.timedelta(days=91))
    await recognition.close_loyalty_windows(now=clock.now())
    assert await points_of(feedback_api, cleaner) == {"points": 0, "pending": 0}
    # and her NPS has no answers, and she is not ahead of anyone on the organisation board
    assert await nps_of(feedback_api, cleaner, people["HR1"]) == {"responses": 0, "score": None}
    board = await leaderboard(feedback_api, cleaner, period="MONTH")
    assert all(e["points"] <= 0 for e in board["entries"] if e["isMe"])


async def test_only_the_customers_own_answer_confirms_a_complaint_about_yourself(
    feedback_api, feedback_app, storage, clock, mailbox
):
    # given a complaint about A2 that she took and resolved herself (nothing earned yet)
    people = await given_people()
    cleaner = people["A2"]
    await deliver(feedback_app, storage, clock)
    feedback_id = await record(feedback_api, people["A1"], cleaner)
    await step(feedback_api, ACKNOWLEDGE, feedback_id, cleaner)
    await step(feedback_api, RESOLVE, feedback_id, cleaner)
    await deliver(feedback_app, storage, clock)
    # when the customer answers the survey they were e-mailed, as a promoter
    [mail] = await mailbox.wait_for(CUSTOMER["email"])
    await feedback_api.ok(ANSWER_SURVEY, answer_input(token_in(mail), nps=10))
    await deliver(feedback_app, storage, clock)
    # then that real outcome pays: resolved +20, without transfer +10, loyalty +50 (acknowledging stays unpaid)
    assert await points_of(feedback_api, cleaner) == {"points": 80, "pending": 0}
    assert await nps_of(feedback_api, cleaner, people["HR1"]) == {"responses": 1, "score": 100}


async def test_a_complaint_she_records_about_herself_with_her_own_address_earns_nothing(
    feedback_api, feedback_app, storage, clock, mailbox
):
    # given the cleaner records a complaint about herself, giving her own private address as the customer's
    people = await given_people()
    cleaner = people["A2"]
    await deliver(feedback_app, storage, clock)
    mine = {"name": "A customer", "email": "andres.private@example.ee", "phone": None}
    feedback_id = await record(feedback_api, cleaner, cleaner, contact=mine)
    await step(feedback_api, ACKNOWLEDGE, feedback_id, cleaner)
    await step(feedback_api, RESOLVE, feedback_id, cleaner)
    await deliver(feedback_app, storage, clock)
    # when she answers the survey that arrives in her own mailbox, as a promoter
    [mail] = await mailbox.wait_for(mine["email"])
    await feedback_api.ok(ANSWER_SURVEY, answer_input(token_in(mail), nps=10))
    await deliver(feedback_app, storage, clock)
    # then no points are confirmed and her NPS does not move (the answer is kept, marked as not counting)
    assert await points_of(feedback_api, cleaner) == {"points": 0, "pending": 30}
    assert await nps_of(feedback_api, cleaner, people["HR1"]) == {"responses": 0, "score": None}
    assert [r["counts_for_nps"] for r in await LoyaltyOutcome.select()] == [False]
    # and 90 days later the pending points lapse
    clock.set(clock.now() + dt.timedelta(days=91))
    await recognition.close_loyalty_windows(now=clock.now())
    assert await points_of(feedback_api, cleaner) == {"points": 0, "pending": 0}


async def test_a_survey_shown_in_person_counts_in_nps_but_confirms_no_points(
    feedback_api, feedback_app, storage, clock, mailbox
):
    # given two complaints taken in person from customers who left no e-mail: one about the cashier A1 that her
    # shift lead handles, one about A1 that she handles herself
    people = await given_people()
    cashier, lead = people["A1"], people["LA"]
    await deliver(feedback_app, storage, clock)
    for_lead = await record(feedback_api, people["A2"], cashier, channel="IN_PERSON", contact=None)
    for_self = await record(feedback_api, people["A2"], cashier, channel="IN_PERSON", contact=None)
    await step(feedback_api, ACKNOWLEDGE, for_lead, lead)
    await step(feedback_api, RESOLVE, for_lead, lead)
    await step(feedback_api, ACKNOWLEDGE, for_self, cashier)
    await step(feedback_api, RESOLVE, for_self, cashier)
    await deliver(feedback_app, storage, clock)
    lead_points = await points_of(feedback_api, lead)
    # when each owner shows the survey on the screen and it is answered there with a 10
    for feedback_id, owner in ((for_lead, lead), (for_self, cashier)):
        shown = (await feedback_api.ok(PRESENT_IN_PERSON, {"i": {"feedbackId": feedback_id, "clientMutationId": new_id()}},
                                       token=token_for(owner)))["presentSurveyInPerson"]
        assert shown["qrSvg"].startswith("<svg")
        await feedback_api.ok(ANSWER_SURVEY, answer_input(shown["url"].split("token=", 1)[1], nps=10))
    await deliver(feedback_app, storage, clock)
    # then no pending points were confirmed for either owner
    assert await points_of(feedback_api, lead) == lead_points
    assert await points_of(feedback_api, cashier) == {"points": 0, "pending": 30}
    # and the lead's NPS counts the in-person answer, marked as such; the cashier's own screen does not count
    hr = token_for(people["HR1"])
    lead_nps = (await feedback_api.ok("query($e: ID) { nps(employeeId: $e) { responses inPerson score } }",
                                      {"e": str(lead["id"])}, token=hr))["nps"]
    assert lead_nps == {"responses": 1, "inPerson": 1, "score": 100}
    assert await nps_of(feedback_api, cashier, people["HR1"]) == {"responses": 0, "score": None}
    # and the in-person link is not the e-mailed one and no mail went out
    assert mailbox.messages == []
    assert all(r["answered_via"] == "in_person" for r in await Survey.select())


async def test_a_complaint_received_by_phone_cannot_be_shown_in_person(feedback_api, feedback_app, storage, clock):
    people = await given_people()
    await deliver(feedback_app, storage, clock)
    feedback_id = await record(feedback_api, people["A2"], people["A1"], contact=None)
    await step(feedback_api, ACKNOWLEDGE, feedback_id, people["LA"])
    await step(feedback_api, RESOLVE, feedback_id, people["LA"])
    await deliver(feedback_app, storage, clock)
    code = await feedback_api.code(PRESENT_IN_PERSON, {"i": {"feedbackId": feedback_id, "clientMutationId": new_id()}},
                                   token=token_for(people["LA"]))
    assert code == "SURVEY_NOT_IN_PERSON"
    assert (await Survey.select())[0]["in_person_token_hash"] is None


async def test_an_owner_reporting_her_own_good_outcome_confirms_nothing(feedback_api, feedback_app, storage, clock):
    # given the shift lead resolved a complaint about the cashier (her points pending)
    people = await given_people()
    lead = people["LA"]
    await deliver(feedback_app, storage, clock)
    feedback_id = await record(feedback_api, people["A2"], people["A1"], contact=None)
    await step(feedback_api, ACKNOWLEDGE, feedback_id, lead)
    await step(feedback_api, RESOLVE, feedback_id, lead)
    await deliver(feedback_app, storage, clock)
    before = await points_of(feedback_api, lead)
    # when she records herself that the customer came back and bought again
    for kind in ("RETURNED", "BOUGHT_AGAIN", "PROMOTER"):
        await feedback_api.ok(RECORD_OUTCOME, outcome_input(feedback_id, kind), token=token_for(lead))
    await deliver(feedback_app, storage, clock)
    # then nothing is confirmed...
    assert await points_of(feedback_api, lead) == before == {"points": 5, "pending": 30}
    # ...until her own manager, who is not scored on it, records what the customer did
    await feedback_api.ok(RECORD_OUTCOME, outcome_input(feedback_id, "RETURNED"), token=token_for(people["MA"]))
    await deliver(feedback_app, storage, clock)
    assert await points_of(feedback_api, lead) == {"points": 5 + 30 + 50, "pending": 0}


async def test_a_manager_who_assigns_a_complaint_to_its_subject_vouches_for_it(
    feedback_api, feedback_app, storage, clock
):
    # given the shift lead acknowledges a complaint about the cashier and hands it to her
    people = await given_people()
    cashier, lead = people["A1"], people["LA"]
    await deliver(feedback_app, storage, clock)
    feedback_id = await record(feedback_api, people["A2"], cashier)
    await step(feedback_api, ACKNOWLEDGE, feedback_id, lead)
    await feedback_api.ok(
        "mutation($i: TransferComplaintInput!) { transferComplaint(input: $i) { status } }",
        {"i": {"feedbackId": feedback_id, "toStaffId": str(cashier["id"]), "reason": "She knows the order.",
               "clientMutationId": new_id()}}, token=token_for(lead))
    # then the cashier sees the customer's contact to call them back
    item = (await feedback_api.ok(ITEM, {"id": feedback_id}, token=token_for(cashier)))["feedbackItem"]
    assert item["customer"] == CUSTOMER
    assert (await Feedback.select(Feedback.owner_assigned_by))[0]["owner_assigned_by"] == lead["id"]


async def test_praise_about_yourself_is_refused_and_earns_nothing(feedback_api, feedback_app, storage, clock):
    people = await given_people()
    cleaner = people["A2"]
    await deliver(feedback_app, storage, clock)
    body = await feedback_api.call(SUBMIT, {"i": {
        "kind": "PRAISE", "channel": "IN_PERSON", "subjectIds": [str(cleaner["id"])], "rating": 5,
        "clientMutationId": new_id()}}, token=token_for(cleaner))
    assert body["errors"][0]["extensions"]["code"] == "SELF_PRAISE"
    await deliver(feedback_app, storage, clock)
    assert await points_of(feedback_api, cleaner) == {"points": 0, "pending": 0}
    assert await Feedback.count() == 0


async def test_a_survey_e_mailed_to_the_customer_cannot_also_be_answered_on_her_screen(
    feedback_api, feedback_app, storage, clock, mailbox
):
    # given an in-person complaint whose customer left an e-mail address: the survey went to them by mail
    people = await given_people()
    await deliver(feedback_app, storage, clock)
    feedback_id = await record(feedback_api, people["A2"], people["A1"], channel="IN_PERSON")
    await step(feedback_api, ACKNOWLEDGE, feedback_id, people["LA"])
    await step(feedback_api, RESOLVE, feedback_id, people["LA"])
    await deliver(feedback_app, storage, clock)
    await mailbox.wait_for(CUSTOMER["email"])
    # when the owner tries to show it on a screen as well, then it is refused: one customer, one answer
    code = await feedback_api.code(PRESENT_IN_PERSON, {"i": {"feedbackId": feedback_id, "clientMutationId": new_id()}},
                                   token=token_for(people["LA"]))
    assert code == "SURVEY_ALREADY_EMAILED"
    assert (await Survey.select())[0]["in_person_token_hash"] is None


async def test_a_demoted_manager_no_longer_sees_the_old_teams_nps(feedback_api, storage):
    # given the shift lead LA, whose team's NPS she may read as a manager
    from ..support import given_replica

    people = await given_people()
    query = "query($t: ID) { nps(teamOf: $t) { responses } }"
    await feedback_api.ok(query, {"t": str(people["LA"]["id"])}, token=token_for(people["LA"]))
    # when she is demoted to employee (the replica hears of it) and signs in again with her new role
    la = people["LA"]
    demoted = {**la, "role": "employee", "version": la["version"] + 1, "token_version": la["token_version"] + 1}
    await given_replica({"LA": demoted})
    # then her old team's NPS is no longer hers to read
    assert await feedback_api.code(query, {"t": str(people["LA"]["id"])}, token=token_for(demoted)) == "FORBIDDEN"


async def test_staff_cannot_pass_an_outcome_off_as_the_customers_survey(feedback_api, feedback_app, storage, clock):
    people = await given_people()
    await deliver(feedback_app, storage, clock)
    feedback_id = await record(feedback_api, people["A2"], people["A1"], contact=None)
    await step(feedback_api, ACKNOWLEDGE, feedback_id, people["LA"])
    await step(feedback_api, RESOLVE, feedback_id, people["LA"])
    await deliver(feedback_app, storage, clock)
    for source in ("SURVEY", "IN_PERSON_SURVEY"):
        for who in ("LA", "HR1"):
            code = await feedback_api.code(RECORD_OUTCOME, outcome_input(feedback_id, "PROMOTER", source=source),
                                           token=token_for(people[who]))
            assert code == "INVALID_OUTCOME_SOURCE"
    assert await LoyaltyOutcome.count() == 0
