"""Customer personal data: kept apart, erased on request (admin) or after 24 months, feedback kept anonymised."""

import datetime as dt

import pytest

from services.feedback.intake.tables import Feedback, Reply
from services.feedback.privacy import jobs as privacy_jobs
from services.feedback.privacy import service as privacy
from services.feedback.privacy.tables import Customer

from .conftest import START
from .feedback_intake_steps import (
    CREATE_CODE,
    ERASE,
    ITEM,
    SUBMIT,
    SUBMIT_PUBLIC,
    deliver_everything,
    given_feedback,
    given_people,
    given_reply,
    staff_input,
)
from .support import new_id, token_for

PERSON = {"name": "Kristiina Kuusk", "email": "Kristiina.Kuusk@example.com", "phone": "+372 5123 4567"}
OTHER = {"name": "Peeter Paju", "email": "peeter@example.com", "phone": None}


async def pii_found(needles: list[str]) -> list[str]:
    """Every text-like column of every table in the feedback schema (outbox payloads included) holding a needle."""
    columns = await Feedback.raw(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'feedback' "
        "AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')"
    )
    found = []
    for column in columns:
        for needle in needles:
            rows = await Feedback.raw(
                f'SELECT count(*) AS n FROM feedback."{column["table_name"]}" '
                f'WHERE "{column["column_name"]}"::text ILIKE {{}}',
                f"%{needle}%",
            )
            if rows[0]["n"]:
                found.append(f'{column["table_name"]}.{column["column_name"]}: {needle}')
    return found


async def test_erasure_leaves_no_personal_data_and_keeps_the_anonymised_feedback(
    feedback_api, feedback_app, storage, clock, mailbox
):
    # given a customer who complained on the phone (named in the text and in a reply) and later used the form
    people = await given_people()
    complaint = (await feedback_api.ok(SUBMIT, {"i": staff_input(
        "complaint", [people["A1"]], rating=1, category="LATE_DELIVERY", contact=PERSON, consent=True,
        body=f"{PERSON['name']} ({PERSON['phone']}) waited three weeks for the sofa.",
    )}, token=token_for(people["LA"])))["submitFeedback"]
    await feedback_api.ok(
        "mutation($id: ID!, $b: String!, $c: String!) { replyToFeedback(input: {feedbackId: $id, body: $b, clientMutationId: $c}) { id } }",
        {"id": complaint["id"], "b": f"Dear {PERSON['name']}, we apologise.", "c": new_id()}, token=token_for(people["LA"]),
    )
    code = (await feedback_api.ok(CREATE_CODE, {"e": str(people["A2"]["id"])}, token=token_for(people["LA"])))[
        "createPublicCode"]["code"]
    await feedback_api.ok(SUBMIT_PUBLIC, {"i": {
        "code": code, "kind": "PRAISE", "rating": 5, "body": "Thanks, " + PERSON["email"].lower() + " here",
        "contact": {"email": PERSON["email"].lower()}, "consent": False,
    }})
    # and the complaint was resolved and the customer answered the follow-up survey with a comment
    for step in ("acknowledgeComplaint", "resolveComplaint"):
        await feedback_api.ok(
            f"mutation($i: {step[0].upper()}{step[1:]}Input!) {{ {step}(input: $i) {{ status }} }}",
            {"i": {"feedbackId": complaint["id"], "clientMutationId": new_id()}}, token=token_for(people["A1"]),
        )
    await deliver_everything(feedback_app, storage, clock)
    [mail] = await mailbox.wait_for(PERSON["email"])
    token = mail.links[0].split("token=", 1)[1]
    await feedback_api.ok("mutation($i: AnswerSurveyInput!) { answerSurvey(input: $i) { state } }", {"i": {
        "token": token, "csat": 4, "nps": 8, "comment": f"{PERSON['name']} is happy now"}})
    # and another customer who stays
    other = await given_feedback(people["LA"], "praise", [people["A2"]], at=START, contact=OTHER, body="Lovely, says Peeter Paju")
    # and every event delivered, so whatever other parts of the service keep from them is there too
    await deliver_everything(feedback_app, storage, clock)
    assert await pii_found(list(filter(None, PERSON.values())))
    # when the admin erases the customer by e-mail address (any case)
    result = (await feedback_api.ok(ERASE, {"email": PERSON["email"].upper()}, token=token_for(people["CEO"])))[
        "eraseCustomer"]
    # then both of their contact rows and both feedback texts are gone, in every table of the schema
    assert result == {"customersErased": 2, "feedbackScrubbed": 2}
    assert await pii_found(list(filter(None, PERSON.values()))) == []
    # and the feedback stays, anonymised, with its kind, rating and category; the erased contact shows as erased
    item = (await feedback_api.ok(ITEM, {"id": complaint["id"]}, token=token_for(people["HR1"])))["feedbackItem"]
    assert (item["kind"], item["rating"], item["category"], item["body"]) == (
        "COMPLAINT", 1, "LATE_DELIVERY", "[removed on request]")
    assert item["replies"][0]["body"] == "[removed on request]"
    assert item["customer"]["erasedAt"] and (item["customer"]["name"], item["customer"]["email"]) == (None, None)
    assert await Feedback.count() == 3
    # and the other customer is untouched
    kept = (await Feedback.select().where(Feedback.id == other))[0]
    assert kept["body"] == "Lovely, says Peeter Paju"
    assert await Customer.count().where(Customer.email == OTHER["email"]) == 1
    # and erasing again finds nothing left
    again = (await feedback_api.ok(ERASE, {"email": PERSON["email"]}, token=token_for(people["CEO"])))["eraseCustomer"]
    assert again == {"customersErased": 0, "feedbackScrubbed": 0}


async def test_only_admin_erases_and_the_input_names_one_customer(feedback_api):
    people = await given_people()
    feedback_id = await given_feedback(people["LA"], "complaint", [people["A1"]], at=START, contact=PERSON)
    customer_id = (await Feedback.select(Feedback.customer).where(Feedback.id == feedback_id))[0]["customer"]
    assert await feedback_api.code(ERASE, {"id": str(customer_id)}, token=token_for(people["HR1"])) == "FORBIDDEN"
    assert await feedback_api.code(ERASE, {"id": str(customer_id)}, token=token_for(people["MA"])) == "FORBIDDEN"
    assert await feedback_api.code(ERASE, {}, token=token_for(people["CEO"])) == "ERASE_INPUT"
    assert await feedback_api.code(ERASE, {"id": new_id()}, token=token_for(people["CEO"])) == "CUSTOMER_NOT_FOUND"
    assert (await Customer.select())[0]["name"] == PERSON["name"]
    done = await feedback_api.ok(ERASE, {"id": str(customer_id)}, token=token_for(people["CEO"]))
    assert done["eraseCustomer"] == {"customersErased": 1, "feedbackScrubbed": 1}
    assert (await Customer.select())[0]["name"] is None


async def test_the_retention_job_erases_customers_24_months_after_their_last_feedback(clock):
    # given a customer whose only feedback is from START, and one who came back a month later
    people = await given_people()
    old = await given_feedback(people["LA"], "complaint", [people["A1"]], at=START, contact=PERSON, body="Says Kristiina")
    returning_first = await given_feedback(people["LA"], "praise", [people["A2"]], at=START, contact=OTHER)
    await given_reply(old, people["LA"], "Dear Kristiina", at=START)
    # (the returning customer left their contact again on the later feedback)
    later = START + dt.timedelta(days=31)
    await given_feedback(people["LA"], "praise", [people["A2"]], at=later, contact=OTHER)
    # when the daily job runs one day short of 24 months
    clock.set(START + dt.timedelta(days=730 - 1))
    assert await privacy_jobs.erase_expired_customers({"clock": clock}) == {"customers": 0, "feedback": 0}
    # and again just past 24 months after START
    clock.set(START.replace(year=START.year + 2) + dt.timedelta(minutes=1))
    result = await privacy_jobs.erase_expired_customers({"clock": clock})
    # then the contact rows whose last feedback is that old are erased, the text with them; the ratings stay
    assert result == {"customers": 2, "feedback": 2}
    rows = {r["id"]: r for r in await Feedback.select()}
    assert rows[old]["body"] == "[removed after the retention period]"
    assert rows[old]["kind"] == "complaint" and rows[returning_first]["kind"] == "praise"
    assert (await Reply.select())[0]["body"] == "[removed after the retention period]"
    assert await pii_found([PERSON["name"], PERSON["email"], PERSON["phone"]]) == []
    # and the contact given a month later is kept until its own 24 months are up
    assert await Customer.count().where(Customer.erased_at.is_null()) == 1
    clock.set(later.replace(year=later.year + 2) + dt.timedelta(minutes=1))
    assert (await privacy_jobs.erase_expired_customers({"clock": clock}))["customers"] == 1


@pytest.mark.parametrize(
    "now,cutoff",
    [
        (dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.timezone.utc), dt.datetime(2024, 3, 10, 9, 0, tzinfo=dt.timezone.utc)),
        (dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.timezone.utc), dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.timezone.utc)),
        (dt.datetime(2026, 1, 31, 0, 0, tzinfo=dt.timezone.utc), dt.datetime(2024, 1, 31, 0, 0, tzinfo=dt.timezone.utc)),
    ],
)
def test_the_retention_period_is_24_calendar_months(now, cutoff):
    assert privacy.retention_cutoff(now) == cutoff
