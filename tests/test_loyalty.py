"""Loyalty: a tokenised follow-up survey per resolution, the public answer, recorded outcomes, and NPS."""

import datetime as dt
import hashlib
import uuid

import pytest

from services.feedback.loyalty import service as loyalty
from services.feedback.loyalty.tables import LoyaltyOutcome, Survey
from services.feedback.platform_tables import IdempotencyRecord

from .recognition_steps import (
    ANSWER_SURVEY,
    NPS,
    PUBLIC_SURVEY,
    RECORD_OUTCOME,
    SURVEY_STATUS,
    deliver,
    token_in,
    answer_input,
    consume,
    given_feedback,
    given_people,
    given_resolved_complaint,
    outbox_events,
    outcome_input,
    reopened,
    resolved,
    customers_token,
    utc,
)
from .complaint_steps import ACKNOWLEDGE, RESOLVE, given_complaint, given_in_status
from .support import count_statements, new_id, token_for

NOW = utc(2026, 3, 10, 9, 0)


# ---------------------------------------------------------------- the survey and its token


SUBMIT = "mutation($i: SubmitFeedbackInput!) { submitFeedback(input: $i) { id } }"


async def given_complaint_with_contact(feedback_api, people, *, about="A1", recorder="LA", consent=True,
                                       channel="PHONE") -> str:
    """A complaint a colleague took from a customer who left an e-mail address (and agreed to be contacted)."""
    data = await feedback_api.ok(SUBMIT, {"i": {
        "kind": "COMPLAINT", "channel": channel, "subjectIds": [str(people[about]["id"])], "rating": 2,
        "body": "The order was late.", "clientMutationId": new_id(),
        "contact": {"name": "Mari Maasikas", "email": "mari@example.ee", "phone": "+372 5555 5555"},
        "consent": consent}}, token=token_for(people[recorder]))
    return data["submitFeedback"]["id"]


async def given_resolved_by(feedback_api, feedback_id, person) -> None:
    for mutation in (ACKNOWLEDGE, RESOLVE):
        await feedback_api.ok(mutation, {"id": feedback_id, "c": new_id()}, token=token_for(person))


async def test_a_resolution_e_mails_one_survey_to_the_customer_and_staff_see_only_its_state(
    feedback_api, feedback_app, storage, clock, mailbox
):
    # given a complaint about A1 from a customer who left an e-mail address, resolved by the shift lead
    people = await given_people()
    complaint = await given_complaint_with_contact(feedback_api, people)
    await given_resolved_by(feedback_api, complaint, people["LA"])
    # when the worker delivers the events (the resolution event twice)
    await deliver(feedback_app, storage, clock)
    await consume(resolved(uuid.UUID(complaint), owner=people["LA"], at=NOW), at=NOW)
    await deliver(feedback_app, storage, clock)
    # then the customer got exactly one e-mail with the survey link, and it opens the survey
    [mail] = await mailbox.wait_for("mari@example.ee")
    token = token_in(mail)
    assert mail.links == [f"http://127.0.0.1:4000/feedback/survey.html?token={token}"] * 2  # et and en text
    assert (await feedback_api.ok(PUBLIC_SURVEY, {"t": token}))["publicSurvey"]["state"] == "OPEN"
    # and one survey, valid 28 days, whose token the database holds only as a sha256
    rows = await Survey.select()
    assert len(rows) == 1 and rows[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(rows[0]) and len(token) == 32
    # and staff see that it was e-mailed and its state, but no token, anywhere
    status = (await feedback_api.ok(SURVEY_STATUS, {"f": complaint}, token=token_for(people["LA"])))["surveyStatus"]
    assert (status["state"], status["delivery"], status["resolution"]) == ("OPEN", "EMAILED", 0)
    assert dt.datetime.fromisoformat(status["expiresAt"]) == NOW + dt.timedelta(days=28)
    assert token not in str(status)
    assert "token" not in (await feedback_api.call("{ __type(name: \"SurveyStatus\") { fields { name } } }"))[
        "data"]["__type"]["fields"].__repr__()
    for topic in ("complaint.resolved", "survey.created"):
        assert token not in str(await outbox_events(topic))
    assert token not in str(await IdempotencyRecord.select())
    # and once answered, staff see that too
    await feedback_api.ok(ANSWER_SURVEY, answer_input(token, nps=9))
    status = (await feedback_api.ok(SURVEY_STATUS, {"f": complaint}, token=token_for(people["LA"])))["surveyStatus"]
    assert status["state"] == "ANSWERED" and status["answeredAt"]


async def test_no_e_mail_without_the_customers_consent_or_address(feedback_api, feedback_app, storage, clock, mailbox):
    people = await given_people()
    complaint = await given_complaint_with_contact(feedback_api, people, consent=False)
    await given_resolved_by(feedback_api, complaint, people["LA"])
    await deliver(feedback_app, storage, clock)
    assert mailbox.to("mari@example.ee") == []
    status = (await feedback_api.ok(SURVEY_STATUS, {"f": complaint}, token=token_for(people["LA"])))["surveyStatus"]
    assert (status["state"], status["delivery"]) == ("OPEN", "NOT_SENT")


async def test_who_sees_a_surveys_status(feedback_api, storage):
    # given a complaint about A1 that A1 resolved
    people = await given_people()
    complaint = await given_complaint(about=[people["A1"]], at=NOW)
    await given_in_status("resolved", complaint, people["A1"], at=NOW)
    await consume(resolved(complaint, owner=people["A1"], at=NOW), at=NOW)
    # then whoever may see the complaint sees its survey's state; colleagues and other teams do not
    for who in ("A1", "LA", "MA", "HR1", "CEO"):
        await feedback_api.ok(SURVEY_STATUS, {"f": str(complaint)}, token=token_for(people[who]))
    for who in ("A2", "MB", "B1"):
        assert await feedback_api.code(SURVEY_STATUS, {"f": str(complaint)}, token=token_for(people[who])) == "FORBIDDEN"
    unresolved = await given_complaint(about=[people["A1"]], at=NOW)
    code = await feedback_api.code(SURVEY_STATUS, {"f": str(unresolved)}, token=token_for(people["A1"]))
    assert code == "SURVEY_NOT_FOUND"


async def test_the_customer_answers_once_on_the_public_page(feedback_api, storage, clock):
    # given a resolved complaint and its link
    people = await given_people()
    a1 = people["A1"]
    complaint = await given_resolved_complaint(a1, at=NOW)
    token = await customers_token(complaint)
    # when the customer, not signed in, opens and answers it
    assert (await feedback_api.ok(PUBLIC_SURVEY, {"t": token}))["publicSurvey"]["state"] == "OPEN"
    answered = (await feedback_api.ok(ANSWER_SURVEY, answer_input(token, csat=4, nps=8, comment="  Fine now. ")))
    # then the answer is stored and becomes a passive outcome for the owner
    assert answered["answerSurvey"]["state"] == "ANSWERED"
    survey = (await Survey.select())[0]
    assert (survey["csat"], survey["nps"], survey["comment"], survey["answered_at"]) == (4, 8, "Fine now.", NOW)
    outcome = (await LoyaltyOutcome.select())[0]
    assert (outcome["kind"], outcome["nps"], outcome["csat"], outcome["source"], outcome["employee"]) == (
        "passive", 8, 4, "survey", a1["id"])
    # and recognition (and the team figures) hear of it without any customer data
    assert await outbox_events("loyalty.outcome_recorded") == [
        {"outcome_id": str(outcome["id"]), "feedback_id": str(complaint), "employee": str(a1["id"]), "kind": "passive", "nps": 8, "source": "survey",
         "recorded_by": None, "occurred_at": NOW.isoformat()}
    ]
    # when it is answered again
    assert await feedback_api.code(ANSWER_SURVEY, answer_input(token, nps=10)) == "SURVEY_ALREADY_ANSWERED"
    # then nothing changed
    assert await LoyaltyOutcome.count() == 1
    assert (await feedback_api.ok(PUBLIC_SURVEY, {"t": token}))["publicSurvey"]["state"] == "ANSWERED"


@pytest.mark.parametrize(
    "csat, nps, code",
    [(0, 5, "INVALID_CSAT"), (6, 5, "INVALID_CSAT"), (3, -1, "INVALID_NPS"), (3, 11, "INVALID_NPS")],
)
async def test_answers_out_of_range_are_refused(feedback_api, storage, csat, nps, code):
    people = await given_people()
    complaint = await given_resolved_complaint(people["A1"], at=NOW)
    token = await customers_token(complaint)
    assert await feedback_api.code(ANSWER_SURVEY, answer_input(token, csat=csat, nps=nps)) == code
    assert await LoyaltyOutcome.count() == 0


async def test_a_survey_is_answerable_for_28_days(feedback_api, storage, clock):
    people = await given_people()
    first = await given_resolved_complaint(people["A1"], at=NOW)
    second = await given_resolved_complaint(people["A1"], at=NOW)
    first_token = await customers_token(first)
    second_token = await customers_token(second)
    clock.set(NOW + dt.timedelta(days=28) - dt.timedelta(seconds=1))
    await feedback_api.ok(ANSWER_SURVEY, answer_input(first_token))
    clock.set(NOW + dt.timedelta(days=28))
    assert await feedback_api.code(ANSWER_SURVEY, answer_input(second_token)) == "SURVEY_EXPIRED"
    assert (await feedback_api.ok(PUBLIC_SURVEY, {"t": second_token}))["publicSurvey"]["state"] == "EXPIRED"
    assert await feedback_api.code(ANSWER_SURVEY, answer_input("not-a-real-token")) == "SURVEY_NOT_FOUND"


async def test_a_reopened_complaint_gets_a_new_survey_when_resolved_again(feedback_api, storage):
    people = await given_people()
    a1 = people["A1"]
    complaint = await given_resolved_complaint(a1, at=NOW)
    old = await customers_token(complaint)
    await consume(reopened(complaint, owner=a1), at=NOW + dt.timedelta(days=1))
    status = (await feedback_api.ok(SURVEY_STATUS, {"f": str(complaint)}, token=token_for(a1)))["surveyStatus"]
    assert status["state"] == "WITHDRAWN"
    assert await feedback_api.code(ANSWER_SURVEY, answer_input(old)) == "SURVEY_WITHDRAWN"
    await consume(resolved(complaint, owner=a1, at=NOW + dt.timedelta(days=2), reopen_count=1), at=NOW)
    status = (await feedback_api.ok(SURVEY_STATUS, {"f": str(complaint)}, token=token_for(a1)))["surveyStatus"]
    assert (status["resolution"], status["state"]) == (1, "OPEN") and await customers_token(complaint) != old
    assert await Survey.count() == 2


# ---------------------------------------------------------------- outcomes recorded by staff and integrations


async def test_staff_record_what_the_customer_did_and_a_retry_records_it_once(feedback_api, storage, clock):
    # given a complaint A1 resolved yesterday
    people = await given_people()
    a1 = people["A1"]
    complaint = await given_resolved_complaint(a1, at=NOW - dt.timedelta(days=1))
    variables = outcome_input(complaint, "BOUGHT_AGAIN", occurred_at=NOW - dt.timedelta(hours=1))
    # when the owner's team lead records that the customer bought again, and the client retries
    first = (await feedback_api.ok(RECORD_OUTCOME, variables, token=token_for(people["LA"])))["recordLoyaltyOutcome"]
    again = (await feedback_api.ok(RECORD_OUTCOME, variables, token=token_for(people["LA"])))["recordLoyaltyOutcome"]
    # then one outcome for the owner, one event
    assert first == again
    assert (first["kind"], first["source"], first["nps"]) == ("BOUGHT_AGAIN", "STAFF", None)
    rows = await LoyaltyOutcome.select()
    assert len(rows) == 1 and rows[0]["employee"] == a1["id"] and rows[0]["recorded_by"] == people["LA"]["id"]
    assert [e["kind"] for e in await outbox_events("loyalty.outcome_recorded")] == ["bought_again"]
    # and the same client id for a different request is refused
    other = outcome_input(complaint, "CHURNED", cmid=variables["i"]["clientMutationId"])
    assert await feedback_api.code(RECORD_OUTCOME, other, token=token_for(people["LA"])) == "IDEMPOTENCY_KEY_REUSED"


async def test_who_may_record_an_outcome(feedback_api, storage):
    people = await given_people()
    complaint = await given_resolved_complaint(people["A1"], at=NOW - dt.timedelta(days=1))
    for who in ("A1", "LA", "MA", "HR1", "CEO"):
        await feedback_api.ok(RECORD_OUTCOME, outcome_input(complaint), token=token_for(people[who]))
    for who in ("A2", "MB", "B1"):
        code = await feedback_api.code(RECORD_OUTCOME, outcome_input(complaint), token=token_for(people[who]))
        assert code == "FORBIDDEN", who
    # integrations sign in as HR or admin; an employee cannot pose as one
    hr = await feedback_api.ok(RECORD_OUTCOME, outcome_input(complaint, source="INTEGRATION"),
                               token=token_for(people["HR1"]))
    assert hr["recordLoyaltyOutcome"]["source"] == "INTEGRATION"
    code = await feedback_api.code(RECORD_OUTCOME, outcome_input(complaint, source="INTEGRATION"),
                                   token=token_for(people["A1"]))
    assert code == "FORBIDDEN"
    assert await LoyaltyOutcome.count() == 6


async def test_outcomes_need_a_resolved_complaint_and_a_sensible_time(feedback_api, storage, clock):
    people = await given_people()
    hr = token_for(people["HR1"])
    unresolved = await given_feedback(owner=people["A1"])
    praise = await given_feedback(kind="praise", subjects=[people["A1"]])
    resolved_yesterday = await given_resolved_complaint(people["A1"], at=NOW - dt.timedelta(days=1))
    assert await feedback_api.code(RECORD_OUTCOME, outcome_input(unresolved), token=hr) == "COMPLAINT_NOT_RESOLVED"
    assert await feedback_api.code(RECORD_OUTCOME, outcome_input(praise), token=hr) == "COMPLAINT_NOT_FOUND"
    assert await feedback_api.code(RECORD_OUTCOME, outcome_input(uuid.uuid4()), token=hr) == "COMPLAINT_NOT_FOUND"
    future = outcome_input(resolved_yesterday, occurred_at=NOW + dt.timedelta(minutes=5))
    assert await feedback_api.code(RECORD_OUTCOME, future, token=hr) == "OCCURRED_AT_IN_FUTURE"
    before = outcome_input(resolved_yesterday, occurred_at=NOW - dt.timedelta(days=2))
    assert await feedback_api.code(RECORD_OUTCOME, before, token=hr) == "OCCURRED_BEFORE_RESOLUTION"
    assert await LoyaltyOutcome.count() == 0 and await IdempotencyRecord.count() == 0


# ---------------------------------------------------------------- NPS


async def given_answers(feedback_api, owner: dict, scores: list[int], *, at=NOW) -> None:
    """One resolved complaint per score, answered by its customer."""
    for score in scores:
        complaint = await given_resolved_complaint(owner, at=at - dt.timedelta(days=1))
        token = await customers_token(complaint)
        await feedback_api.ok(ANSWER_SURVEY, answer_input(token, nps=score))


def nps_of(promoters, passives, detractors, score):
    return {"promoters": promoters, "passives": passives, "detractors": detractors,
            "responses": promoters + passives + detractors, "score": score}


async def test_nps_per_employee_team_and_organisation(feedback_api, storage, clock):
    # given survey answers: A1 10, 9, 7, 3, 0; A2 10; B1 6
    people = await given_people()
    await given_answers(feedback_api, people["A1"], [10, 9, 7, 3, 0])
    await given_answers(feedback_api, people["A2"], [10])
    await given_answers(feedback_api, people["B1"], [6])
    hr = token_for(people["HR1"])
    # then per employee, per team (the lead's subtree) and for everyone, % promoters minus % detractors
    assert (await feedback_api.ok(NPS, {"e": str(people["A1"]["id"])}, token=hr))["nps"] == nps_of(2, 1, 2, 0)
    assert (await feedback_api.ok(NPS, {"e": str(people["A2"]["id"])}, token=hr))["nps"] == nps_of(1, 0, 0, 100)
    assert (await feedback_api.ok(NPS, {"t": str(people["LA"]["id"])}, token=hr))["nps"] == nps_of(3, 1, 2, 17)
    assert (await feedback_api.ok(NPS, {"t": str(people["MB"]["id"])}, token=hr))["nps"] == nps_of(0, 0, 1, -100)
    assert (await feedback_api.ok(NPS, {"o": True}, token=hr))["nps"] == nps_of(3, 1, 3, 0)
    # and with no answers the score is null, not zero
    assert (await feedback_api.ok(NPS, {"e": str(people["LA"]["id"])}, token=hr))["nps"] == nps_of(0, 0, 0, None)


async def test_nps_in_a_period(feedback_api, storage, clock):
    people = await given_people()
    clock.set(NOW - dt.timedelta(days=10))
    await given_answers(feedback_api, people["A1"], [0, 0], at=NOW - dt.timedelta(days=10))
    clock.set(NOW)
    await given_answers(feedback_api, people["A1"], [10])
    variables = {"e": str(people["A1"]["id"]), "from": (NOW - dt.timedelta(days=1)).isoformat(), "to": NOW.isoformat()}
    token = token_for(people["A1"])
    assert (await feedback_api.ok(NPS, {**variables, "to": (NOW + dt.timedelta(seconds=1)).isoformat()},
                                  token=token))["nps"] == nps_of(1, 0, 0, 100)
    assert (await feedback_api.ok(NPS, variables, token=token))["nps"] == nps_of(0, 0, 0, None)
    assert await feedback_api.code(NPS, {**variables, "to": variables["from"]}, token=token) == "INVALID_PERIOD"


def test_the_score_rounds_half_away_from_zero():
    assert loyalty.nps_score(promoters=1, detractors=0, responses=8) == 13
    assert loyalty.nps_score(promoters=0, detractors=1, responses=8) == -13
    assert loyalty.nps_score(promoters=3, detractors=3, responses=7) == 0
    assert loyalty.nps_score(promoters=0, detractors=0, responses=0) is None


async def test_who_sees_which_nps(feedback_api, storage):
    people = await given_people()
    a1, a2 = str(people["A1"]["id"]), str(people["A2"]["id"])
    allowed = [("A1", {"e": a1}), ("LA", {"e": a1}), ("MA", {"e": a1}), ("HR1", {"e": a1}), ("CEO", {"o": True}),
               ("LA", {"t": str(people["LA"]["id"])}), ("MA", {"t": str(people["LA"]["id"])})]
    refused = [("A2", {"e": a1}), ("MB", {"e": a1}), ("A1", {"t": str(people["LA"]["id"])}),
               ("LA", {"t": str(people["MA"]["id"])}), ("LA", {"o": True}), ("A1", {"o": True}),
               ("A1", {"e": a2})]
    for who, variables in allowed:
        await feedback_api.ok(NPS, variables, token=token_for(people[who]))
    for who, variables in refused:
        assert await feedback_api.code(NPS, variables, token=token_for(people[who])) == "FORBIDDEN", (who, variables)
    assert await feedback_api.code(NPS, {}, token=token_for(people["HR1"])) == "NPS_SCOPE"
    assert await feedback_api.code(NPS, {"e": a1, "o": True}, token=token_for(people["HR1"])) == "NPS_SCOPE"


ENTITY_NPS = (
    "query($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { id nps { responses score } } } }"
)


async def test_nps_on_the_employee_entity_costs_one_statement_for_a_whole_list(feedback_api, storage):
    # given answers for two employees
    people = await given_people()
    await given_answers(feedback_api, people["A1"], [10, 0])
    await given_answers(feedback_api, people["A2"], [9])
    token = token_for(people["HR1"])
    few = [{"__typename": "Employee", "id": str(people[k]["id"])} for k in ("A1",)]
    many = [{"__typename": "Employee", "id": str(people[k]["id"])} for k in ("A1", "A2", "B1", "LA", "MA", "MB")]
    await feedback_api.ok(ENTITY_NPS, {"r": many}, token=token)  # warm the pool's type codecs
    # when the gateway resolves one and then six employees with their NPS
    async with count_statements() as small:
        await feedback_api.ok(ENTITY_NPS, {"r": few}, token=token)
    async with count_statements() as large:
        data = await feedback_api.ok(ENTITY_NPS, {"r": many}, token=token)
    # then the same statements: the viewer, the staff rows of the list, and the NPS of the whole list
    assert len(small) == len(large) == 3, "\n".join(large)
    assert [e["nps"] for e in data["_entities"][:3]] == [
        {"responses": 2, "score": 0}, {"responses": 1, "score": 100}, {"responses": 0, "score": None}
    ]
    # and someone outside the scope is refused
    code = await feedback_api.code(ENTITY_NPS, {"r": few}, token=token_for(people["B1"]))
    assert code == "FORBIDDEN"


async def test_an_integration_reports_an_nps_promoter_from_its_own_survey_tool(feedback_api, storage):
    # given a complaint A1 resolved yesterday
    people = await given_people()
    complaint = await given_resolved_complaint(people["A1"], at=NOW - dt.timedelta(days=1))
    # when an integration (signed in as HR) reports that the customer became a promoter
    data = await feedback_api.ok(RECORD_OUTCOME, outcome_input(complaint, "PROMOTER", source="INTEGRATION"),
                                 token=token_for(people["HR1"]))
    # then the outcome is recorded for the owner and announced, so recognition can confirm the resolution
    assert (data["recordLoyaltyOutcome"]["kind"], data["recordLoyaltyOutcome"]["source"]) == ("PROMOTER", "INTEGRATION")
    assert [e["kind"] for e in await outbox_events("loyalty.outcome_recorded")] == ["promoter"]
