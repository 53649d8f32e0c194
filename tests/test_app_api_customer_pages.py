"""The customer pages of the new app: branded with the organisation's own name, logo and colour (settings), a
"what went wrong" picker worded for customers, and a reference number on the thank-you page that staff find the
feedback by."""

import re

import pytest

from services.feedback.intake import service as intake
from services.feedback.intake.tables import Feedback
from services.platform.settings import Settings

from .feedback_intake_steps import CREATE_CODE, given_people
from .support import new_id, token_for

FORM = """query($code: String!) { publicCode(code: $code) { code firstName organisation { name logoUrl colour } } }"""
BRAND = "{ organisationBrand { name logoUrl colour } }"
SURVEY = "query($t: String!) { publicSurvey(token: $t) { state organisation { name logoUrl colour } } }"
CATEGORIES = "query($l: Locale!) { publicComplaintCategories(locale: $l) { category label } }"
SUBMIT = """mutation($i: SubmitPublicFeedbackInput!) { submitPublicFeedback(input: $i) { received message reference } }"""
FIND = """query($f: FeedbackFilter) { feedback(filter: $f) { items { id reference body subjects { name } } } }"""
ITEM = "query($id: ID!) { feedbackItem(id: $id) { reference } }"
REFERENCE = re.compile(r"^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$")


@pytest.fixture
def branded(feedback_app, monkeypatch):
    """The feedback service configured with a shop's own name, logo and colour."""
    def configure(**values) -> None:
        runtime = feedback_app.state.runtime
        monkeypatch.setattr(runtime, "settings", Settings(**{**runtime.settings.model_dump(), **values}))

    return configure


async def code_for(feedback_api, people, hr_id: str = "A1") -> str:
    made = await feedback_api.ok(CREATE_CODE, {"e": str(people[hr_id]["id"])}, token=token_for(people["HR1"]))
    return made["createPublicCode"]["code"]


async def test_the_form_shows_the_organisations_name_logo_and_colour_from_settings(feedback_api, branded):
    # given a shop that configured its brand
    people = await given_people()
    code = await code_for(feedback_api, people)
    branded(organisation_name="Tartu Kaubamaja", organisation_logo_url="https://cdn.example.com/logo.svg",
            brand_colour="#AA3300")
    # when a customer opens the form by its code
    form = (await feedback_api.ok(FORM, {"code": code}))["publicCode"]
    # then the form carries the shop's brand, the colour in lower case
    assert form["organisation"] == {"name": "Tartu Kaubamaja", "logoUrl": "https://cdn.example.com/logo.svg",
                                    "colour": "#aa3300"}
    # and the brand is readable on its own too (signed out)
    assert (await feedback_api.ok(BRAND))["organisationBrand"] == form["organisation"]


async def test_without_configuration_the_demo_brand_shows_outside_production(feedback_api):
    people = await given_people()
    code = await code_for(feedback_api, people)
    form = (await feedback_api.ok(FORM, {"code": code}))["publicCode"]
    assert form["organisation"] == {"name": "Demo Kaubamaja", "logoUrl": None, "colour": "#1d6b57"}


def test_settings_refuse_a_logo_that_is_not_https_or_a_path_and_a_colour_that_is_not_rrggbb():
    assert Settings(organisation_logo_url="/feedback/logo.svg").organisation_logo_url == "/feedback/logo.svg"
    for bad in ({"organisation_logo_url": "http://plain.example.com/logo.png"},
                {"organisation_logo_url": "//elsewhere.example.com/logo.png"},
                {"organisation_logo_url": "javascript:alert(1)"},
                {"brand_colour": "red"}, {"brand_colour": "#12345"}, {"brand_colour": "#1234567"}):
        with pytest.raises(ValueError):
            Settings(**bad)


async def test_the_survey_page_is_branded_too(feedback_api, branded, clock):
    # given a complaint resolved by its subject, so the customer has a survey link
    from services.feedback.loyalty import service as loyalty

    from .test_feedback_authorization import given_follow_up_surveys

    people = await given_people()
    complaint = {"kind": "COMPLAINT", "channel": "PHONE", "subjectIds": [str(people["A1"]["id"])], "body": "Slow.",
                 "contact": {"email": "kadi@example.com"}, "consent": True, "clientMutationId": new_id()}
    recorded = await feedback_api.ok("mutation($i: SubmitFeedbackInput!) { submitFeedback(input: $i) { id } }",
                                     {"i": complaint}, token=token_for(people["A1"]))
    feedback_id = recorded["submitFeedback"]["id"]
    for step in ("acknowledge", "resolve"):
        await feedback_api.ok(
            f"mutation($i: {step.title()}ComplaintInput!) {{ {step}Complaint(input: $i) {{ status }} }}",
            {"i": {"feedbackId": feedback_id, "clientMutationId": new_id()}}, token=token_for(people["A1"]))
    await given_follow_up_surveys()
    import uuid

    token = loyalty.survey_token((await loyalty.latest_survey(feedback_id=uuid.UUID(feedback_id)))["id"])
    branded(organisation_name="Tartu Kaubamaja", brand_colour="#003366")
    # when the customer opens the survey
    survey = (await feedback_api.ok(SURVEY, {"t": token}))["publicSurvey"]
    # then it shows the shop's brand and nothing about the complaint
    assert survey == {"state": "OPEN", "organisation": {"name": "Tartu Kaubamaja", "logoUrl": None,
                                                         "colour": "#003366"}}


async def test_the_what_went_wrong_picker_lists_the_public_categories_in_the_language_asked(feedback_api, clock):
    # when the form asks for the categories in Estonian and in English, signed out
    et = (await feedback_api.ok(CATEGORIES, {"l": "ET"}))["publicComplaintCategories"]
    en = (await feedback_api.ok(CATEGORIES, {"l": "EN"}))["publicComplaintCategories"]
    # then both list the same categories in the form's order, without the one that needs staff judgement
    assert [c["category"] for c in et] == [c["category"] for c in en]
    assert et[0] == {"category": "SLOW_RESPONSE", "label": "Pidin liiga kaua ootama"}
    assert en[0] == {"category": "SLOW_RESPONSE", "label": "I waited too long"}
    assert "REQUEST_REFUSED" not in {c["category"] for c in et} and len(et) == 10
    # and every category listed is one the public form accepts (recorded as submitPublicFeedback records it:
    # the form's rate limit allows five a window)
    people = await given_people()
    code = await code_for(feedback_api, people)
    for category in [c["category"] for c in et]:
        await intake.record_public_feedback(code=code, kind="complaint", rating=2, body=None, contact=None,
                                            consent=False, honeypot=None, category=category.lower(), now=clock.now())
    assert await Feedback.count() == len(et)


async def test_the_thank_you_page_shows_a_reference_that_staff_find_the_feedback_by(feedback_api):
    # given a code for the cashier
    people = await given_people()
    code = await code_for(feedback_api, people)
    # when a customer complains through it
    receipt = (await feedback_api.ok(SUBMIT, {"i": {"code": code, "kind": "COMPLAINT", "rating": 1,
                                                    "body": "Nobody at the till."}}))["submitPublicFeedback"]
    # then the receipt shows a short reference in letters and digits that cannot be confused
    assert receipt["received"] is True and REFERENCE.match(receipt["reference"]), receipt
    row = (await Feedback.select())[0]
    assert row["reference"] == receipt["reference"]
    # and the cashier's manager finds it by the reference as the customer reads it out (any case, no dash)
    spoken = receipt["reference"].replace("-", " ").lower()
    found = (await feedback_api.ok(FIND, {"f": {"reference": spoken}}, token=token_for(people["LA"])))["feedback"]
    assert [(i["id"], i["reference"], i["body"]) for i in found["items"]] == [
        (str(row["id"]), receipt["reference"], "Nobody at the till.")]
    item = await feedback_api.ok(ITEM, {"id": str(row["id"])}, token=token_for(people["A1"]))
    assert item["feedbackItem"]["reference"] == receipt["reference"]


async def test_a_reference_finds_nothing_for_staff_who_may_not_see_the_feedback(feedback_api):
    # given a complaint about the cashier, in the other branch's eyes
    people = await given_people()
    code = await code_for(feedback_api, people)
    receipt = (await feedback_api.ok(SUBMIT, {"i": {"code": code, "kind": "COMPLAINT", "rating": 1}}))[
        "submitPublicFeedback"]
    # when the logistics manager and a colleague look the reference up
    other_manager = await feedback_api.ok(FIND, {"f": {"reference": receipt["reference"]}},
                                          token=token_for(people["MB"]))
    colleague = await feedback_api.ok(FIND, {"f": {"reference": receipt["reference"]}}, token=token_for(people["A2"]))
    # then neither learns anything about it
    assert other_manager["feedback"]["items"] == [] and colleague["feedback"]["items"] == []
    # and HR does find it
    hr = await feedback_api.ok(FIND, {"f": {"reference": receipt["reference"]}}, token=token_for(people["HR1"]))
    assert [i["reference"] for i in hr["feedback"]["items"]] == [receipt["reference"]]


async def test_something_that_cannot_be_a_reference_is_refused_with_a_stable_code(feedback_api):
    people = await given_people()
    for text in ("ABC", "ABCD-EFG0", "ABCD-EFGHI", "%%%%-%%%%"):
        assert await feedback_api.code(FIND, {"f": {"reference": text}}, token=token_for(people["HR1"])) == (
            "INVALID_REFERENCE")


async def test_references_are_random_not_a_count(feedback_api):
    # given five praises in a row (the form's limit per address and window)
    people = await given_people()
    code = await code_for(feedback_api, people)
    seen = []
    for _ in range(5):
        receipt = await feedback_api.ok(SUBMIT, {"i": {"code": code, "kind": "PRAISE", "rating": 5}})
        seen.append(receipt["submitPublicFeedback"]["reference"])
    # then each has its own reference, none of them a running number
    assert len(set(seen)) == 5 and all(REFERENCE.match(r) for r in seen)
    assert not any(r.replace("-", "").isdigit() for r in seen)


async def test_a_retried_submission_returns_the_same_reference_and_stores_one_item(feedback_api):
    # given a customer whose phone lost the answer to their first send
    people = await given_people()
    code = await code_for(feedback_api, people)
    submission = {"code": code, "kind": "COMPLAINT", "rating": 2, "body": "Cold coffee.", "category": "OTHER",
                  "clientMutationId": new_id()}
    first = (await feedback_api.ok(SUBMIT, {"i": submission}))["submitPublicFeedback"]
    # when the form sends the same submission again with the same clientMutationId
    again = (await feedback_api.ok(SUBMIT, {"i": submission}))["submitPublicFeedback"]
    # then it answers with the same reference and nothing is stored twice
    assert again == first and await Feedback.count() == 1
    # and the same id with different content is refused
    changed = {**submission, "body": "Hot coffee."}
    assert await feedback_api.code(SUBMIT, {"i": changed}) == "IDEMPOTENCY_KEY_REUSED"
    # and a clientMutationId that is not a UUID is refused
    assert await feedback_api.code(SUBMIT, {"i": {**submission, "clientMutationId": "1"}}) == (
        "INVALID_CLIENT_MUTATION_ID")


async def test_a_bot_filling_the_honeypot_gets_a_reference_that_names_nothing(feedback_api):
    people = await given_people()
    code = await code_for(feedback_api, people)
    receipt = (await feedback_api.ok(SUBMIT, {"i": {"code": code, "kind": "PRAISE", "rating": 5,
                                                    "website": "http://spam.example.com"}}))["submitPublicFeedback"]
    assert REFERENCE.match(receipt["reference"]) and await Feedback.count() == 0
    hr = await feedback_api.ok(FIND, {"f": {"reference": receipt["reference"]}}, token=token_for(people["HR1"]))
    assert hr["feedback"]["items"] == []


async def test_staff_recorded_feedback_has_a_reference_too(feedback_api):
    people = await given_people()
    submission = {"kind": "PRAISE", "channel": "PHONE", "subjectIds": [str(people["A1"]["id"])], "rating": 5,
                  "clientMutationId": new_id()}
    item = (await feedback_api.ok("mutation($i: SubmitFeedbackInput!) { submitFeedback(input: $i) { reference } }",
                                  {"i": submission}, token=token_for(people["A2"])))["submitFeedback"]
    assert REFERENCE.match(item["reference"])


def test_what_the_customer_pages_can_ask_for_names_no_staff_contact_or_surname():
    # given the feedback schema's types a signed-out customer reaches
    from services.feedback.schema import build_schema

    schema = build_schema()._schema
    public = ("PublicFeedbackForm", "PublicSurvey", "PublicFeedbackReceipt", "OrganisationBrand",
              "PublicComplaintCategory")
    fields = {name: set(schema.type_map[name].fields) for name in public}
    # then none of them offers an e-mail, a phone, a full name, an id or an Employee
    assert fields == {
        "PublicFeedbackForm": {"code", "firstName", "jobTitle", "location", "organisation"},
        "PublicSurvey": {"expiresAt", "state", "organisation"},
        "PublicFeedbackReceipt": {"received", "message", "reference"},
        "OrganisationBrand": {"name", "logoUrl", "colour"},
        "PublicComplaintCategory": {"category", "label"},
    }
