"""The public customer form: printed codes per employee or location, no sign-in, rate limit, honeypot, size limits."""

import datetime as dt
import json

import httpx
import pytest
import segno

from services.feedback.intake.tables import Feedback, FeedbackSubject, PublicCode
from services.feedback.platform_tables import OutboxEvent
from services.feedback.privacy.tables import Customer

from .conftest import START
from .feedback_intake_steps import (
    CODE_WITH_QR,
    CREATE_CODE,
    ITEM,
    PUBLIC_CODE,
    SUBMIT_PUBLIC,
    events,
    given_people,
)
from .support import Api, token_for

DEAD_REDIS = "redis://127.0.0.1:1/0"


async def code_for(feedback_api, person: dict, *, by: dict) -> str:
    data = await feedback_api.ok(CREATE_CODE, {"e": str(person["id"])}, token=token_for(by))
    return data["createPublicCode"]["code"]


def public_input(code: str, kind: str = "PRAISE", **fields) -> dict:
    return {"i": {"code": code, "kind": kind, **fields}}


async def nothing_stored() -> bool:
    return (await Feedback.count(), await Customer.count(), await OutboxEvent.count()) == (0, 0, 0)


async def test_a_customer_praises_the_cleaner_through_the_printed_code(feedback_api):
    # given the shift lead made a code for the cleaner
    people = await given_people()
    made = (await feedback_api.ok(CREATE_CODE, {"e": str(people["A2"]["id"])}, token=token_for(people["LA"])))[
        "createPublicCode"]
    assert made["path"] == f"/feedback/?code={made['code']}" and made["employee"] == {"name": "Andres Allik"}
    # when a customer opens the form, signed out
    form = (await feedback_api.ok(PUBLIC_CODE, {"code": made["code"]}))["publicCode"]
    # then the form shows the first name and job title, nothing more
    assert form == {"code": made["code"], "firstName": "Andres", "jobTitle": "Cleaner", "location": None}
    # when the customer sends a praise with a rating, their e-mail and consent
    receipt = (await feedback_api.ok(SUBMIT_PUBLIC, public_input(
        made["code"], rating=5, body="The floors shine and he smiled at my kids.",
        contact={"email": "kadi@example.com"}, consent=True,
    )))["submitPublicFeedback"]
    # then it is received, about the cleaner, from the public form, the contact kept apart
    assert receipt["received"] is True
    row = (await Feedback.select())[0]
    assert (row["kind"], row["channel"], row["source"], row["rating"], row["public_code"], row["recorded_by"]) == (
        "praise", "public_form", "public", 5, made["code"], None)
    assert [s["employee"] for s in await FeedbackSubject.select()] == [people["A2"]["id"]]
    customer = (await Customer.select())[0]
    assert (customer["email"], customer["consent"], row["customer"]) == ("kadi@example.com", True, customer["id"])
    # and the cleaner earns a streak freeze like any praised employee; no event names the customer
    recorded = await events("feedback.recorded")
    assert [(e["source"], e["channel"], e["subjects"], e["recorded_by"]) for e in recorded] == [
        ("public", "public_form", [str(people["A2"]["id"])], None)]
    assert await events("streak_freeze.granted") == [
        {"employee_id": str(people["A2"]["id"]), "reason": "praise", "source_ref": f"praise:{row['id']}"}]
    assert "kadi@example.com" not in json.dumps(await events())
    # and the cleaner sees it
    item = (await feedback_api.ok(ITEM, {"id": str(row["id"])}, token=token_for(people["A2"])))["feedbackItem"]
    assert item["body"] == "The floors shine and he smiled at my kids." and item["customer"] is None


async def test_a_location_code_takes_complaints_about_nobody_in_particular(feedback_api):
    people = await given_people()
    made = (await feedback_api.ok(CREATE_CODE, {"l": " Tallinn, Viru street store "}, token=token_for(people["MA"])))[
        "createPublicCode"]
    assert made["location"] == "Tallinn, Viru street store" and made["employee"] is None
    form = (await feedback_api.ok(PUBLIC_CODE, {"code": made["code"]}))["publicCode"]
    assert form == {"code": made["code"], "firstName": None, "jobTitle": None, "location": "Tallinn, Viru street store"}
    await feedback_api.ok(SUBMIT_PUBLIC, public_input(made["code"], "COMPLAINT", rating=1, body="Queue of twenty."))
    row = (await Feedback.select())[0]
    # a written complaint: acknowledged within the hour, resolved within two days
    assert row["status"] == "received" and await FeedbackSubject.count() == 0
    assert row["acknowledge_due_at"] == START + dt.timedelta(hours=1)
    assert row["resolve_due_at"] == START + dt.timedelta(days=2)
    # only HR and admin see feedback about nobody in particular
    assert await feedback_api.code(ITEM, {"id": str(row["id"])}, token=token_for(people["MA"])) == "FORBIDDEN"
    await feedback_api.ok(ITEM, {"id": str(row["id"])}, token=token_for(people["HR1"]))


async def test_who_may_make_codes_and_asking_again_gives_the_same_code(feedback_api):
    people = await given_people()
    a1 = str(people["A1"]["id"])
    assert await feedback_api.code(CREATE_CODE, {"e": a1}, token=token_for(people["A2"])) == "FORBIDDEN"
    assert await feedback_api.code(CREATE_CODE, {"e": a1}, token=token_for(people["MB"])) == "FORBIDDEN"
    assert await feedback_api.code(CREATE_CODE, {"l": "Store"}, token=token_for(people["A2"])) == "FORBIDDEN"
    assert await feedback_api.code(CREATE_CODE, {}, token=token_for(people["HR1"])) == "CODE_TARGET"
    long = await feedback_api.error(CREATE_CODE, {"l": "x" * 121}, token=token_for(people["HR1"]))
    assert long["extensions"] == {"code": "FIELD_TOO_LONG", "field": "location", "maximum": 120}
    first = (await feedback_api.ok(CREATE_CODE, {"e": a1}, token=token_for(people["MA"])))["createPublicCode"]["code"]
    again = (await feedback_api.ok(CREATE_CODE, {"e": a1}, token=token_for(people["HR1"])))["createPublicCode"]["code"]
    assert first == again and await PublicCode.count() == 1
    assert len(first) >= 16  # long enough not to be guessed


async def test_the_qr_code_encodes_the_form_address(feedback_api):
    people = await given_people()
    made = (await feedback_api.ok(CODE_WITH_QR, {"e": str(people["A1"]["id"]), "base": "https://feedback.example.com/"},
                                  token=token_for(people["LA"])))["createPublicCode"]
    expected = segno.make_qr(f"https://feedback.example.com/feedback/?code={made['code']}", error="m")
    assert made["qrSvg"].startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in made["qrSvg"]
    assert made["qrSvg"] == expected.svg_inline(scale=4, border=4).replace(
        "<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    bad = await feedback_api.code(CODE_WITH_QR, {"e": str(people["A1"]["id"]), "base": "javascript:alert(1)"},
                                  token=token_for(people["LA"]))
    assert bad == "INVALID_BASE_URL"


async def test_each_client_address_may_send_five_in_ten_minutes(feedback_api, feedback_app):
    people = await given_people()
    code = await code_for(feedback_api, people["A1"], by=people["LA"])
    for n in range(5):
        await feedback_api.ok(SUBMIT_PUBLIC, public_input(code, rating=5, body=f"Great {n}"))
    error = await feedback_api.error(SUBMIT_PUBLIC, public_input(code, rating=5))
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 0 < error["extensions"]["retryAfter"] <= 600
    assert await Feedback.count() == 5
    # another address is not held back
    transport = httpx.ASGITransport(app=feedback_app, client=("203.0.113.7", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as other:
        await Api(other).ok(SUBMIT_PUBLIC, public_input(code, rating=4))
    assert await Feedback.count() == 6


async def test_with_redis_down_the_form_still_takes_feedback(feedback_api, feedback_app, storage):
    people = await given_people()
    code = await code_for(feedback_api, people["A1"], by=people["LA"])
    runtime = feedback_app.state.runtime
    await runtime.close_arq()
    runtime.redis_url = DEAD_REDIS
    try:
        for _ in range(6):
            await feedback_api.ok(SUBMIT_PUBLIC, public_input(code, rating=5))
    finally:
        await runtime.close_arq()
        runtime.redis_url = storage["redis_url"]
    assert await Feedback.count() == 6


async def test_a_filled_honeypot_looks_like_success_and_stores_nothing(feedback_api):
    people = await given_people()
    code = await code_for(feedback_api, people["A1"], by=people["LA"])
    await OutboxEvent.delete(force=True)
    receipt = (await feedback_api.ok(SUBMIT_PUBLIC, public_input(
        code, rating=5, body="Buy cheap watches", contact={"email": "bot@spam.example"}, website="http://spam.example",
    )))["submitPublicFeedback"]
    assert receipt == {"received": True, "message": "Thank you! Your feedback was received."}
    # a bot's oversized or odd fields get the same answer: nothing tells it the field gave it away
    await feedback_api.ok(SUBMIT_PUBLIC, public_input(code, body="x" * 9000, contact={"email": "@"}, website="1"))
    assert await nothing_stored()


TOO_LONG = [
    ("body", {"body": "x" * 2001}, 2000),
    ("name", {"contact": {"name": "n" * 201}}, 200),
    ("email", {"contact": {"email": "e" * 250 + "@x.ee"}}, 254),
    ("phone", {"contact": {"phone": "5" * 41}}, 40),
]


@pytest.mark.parametrize("field,fields,maximum", TOO_LONG, ids=[t[0] for t in TOO_LONG])
async def test_every_field_is_size_limited(feedback_api, field, fields, maximum):
    people = await given_people()
    code = await code_for(feedback_api, people["A1"], by=people["LA"])
    await OutboxEvent.delete(force=True)
    error = await feedback_api.error(SUBMIT_PUBLIC, public_input(code, rating=3, **fields))
    assert error["extensions"] == {"code": "FIELD_TOO_LONG", "field": field, "maximum": maximum}
    assert await nothing_stored()


async def test_clear_errors_for_unknown_codes_and_empty_or_odd_input(feedback_api):
    people = await given_people()
    code = await code_for(feedback_api, people["A1"], by=people["LA"])
    await OutboxEvent.delete(force=True)
    assert await feedback_api.code(SUBMIT_PUBLIC, public_input("no-such-code", rating=5)) == "CODE_NOT_FOUND"
    long_code = await feedback_api.error(SUBMIT_PUBLIC, public_input("c" * 41, rating=5))
    assert long_code["extensions"] == {"code": "FIELD_TOO_LONG", "field": "code", "maximum": 40}
    assert await feedback_api.code(SUBMIT_PUBLIC, public_input(code)) == "FEEDBACK_EMPTY"
    assert await feedback_api.code(SUBMIT_PUBLIC, public_input(code, rating=9)) == "INVALID_RATING"
    assert await feedback_api.code(SUBMIT_PUBLIC, public_input(code, rating=2, contact={"email": "@"})) == "INVALID_EMAIL"
    assert (await feedback_api.ok(PUBLIC_CODE, {"code": "no-such-code"}))["publicCode"] is None
    assert await nothing_stored()


async def test_the_code_of_someone_who_left_stops_working(feedback_api):
    people = await given_people()
    code = await code_for(feedback_api, people["A2"], by=people["LA"])
    from services.feedback.directory.service import apply_announcement
    from services.learning.directory.events import employee_event

    await apply_announcement(employee={**employee_event(people["A2"])[1], "active": False, "version": 99})
    assert (await feedback_api.ok(PUBLIC_CODE, {"code": code}))["publicCode"] is None
    assert await feedback_api.code(SUBMIT_PUBLIC, public_input(code, rating=5)) == "CODE_NOT_FOUND"
