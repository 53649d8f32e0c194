"""HR defines the organisation's values; a values lesson asks about them."""

import contextlib

from . import learning_steps as steps
from .learning_steps import ANSWER, COMPLETE, answer_input
from .support import given_org, new_id, token_for

FIELDS = "id name meaning behaviours active"
DEFINE = f"mutation($i: CompanyValueInput!) {{ defineCompanyValue(input: $i) {{ {FIELDS} }} }}"
UPDATE = f"mutation($i: UpdateCompanyValueInput!) {{ updateCompanyValue(input: $i) {{ {FIELDS} }} }}"
ARCHIVE = f"mutation($id: ID!) {{ archiveCompanyValue(input: {{id: $id}}) {{ {FIELDS} }} }}"
LIST = f"query($all: Boolean!) {{ companyValues(includeArchived: $all) {{ {FIELDS} }} }}"
SESSION = "query($id: ID!) { lessonSession(id: $id) { items { id kind options } } }"

CARE = {"name": "Care", "meaning": "We treat every customer as a guest.",
        "behaviours": ["Greeting every customer within ten seconds", "Walking the customer to the shelf"]}
SPEED = {"name": "Speed", "meaning": "We answer before we are asked twice.",
         "behaviours": ["Answering every e-mail the same day"]}
HONESTY = {"name": "Honesty", "meaning": "We say what we know and what we do not.",
           "behaviours": ["Saying 'I will find out' instead of guessing"]}


async def define(api, token, value: dict) -> dict:
    return (await api.ok(DEFINE, {"i": value}, token=token))["defineCompanyValue"]


async def test_hr_defines_updates_and_archives_values(api, clock):
    people = await given_org()
    hr, staff = token_for(people["HR1"]), token_for(people["A1"])

    care = await define(api, hr, {**CARE, "name": "  Care  ", "behaviours": [*CARE["behaviours"], "   "]})
    assert (care["name"], care["behaviours"], care["active"]) == ("Care", CARE["behaviours"], True)
    speed = await define(api, token_for(people["CEO"]), SPEED)  # admin too
    listed = (await api.ok(LIST, {"all": False}, token=staff))["companyValues"]
    assert [v["name"] for v in listed] == ["Care", "Speed"]

    changed = (await api.ok(UPDATE, {"i": {**CARE, "id": care["id"], "meaning": "Guests, not tickets."}}, token=hr))
    assert changed["updateCompanyValue"]["meaning"] == "Guests, not tickets."

    archived = (await api.ok(ARCHIVE, {"id": speed["id"]}, token=hr))["archiveCompanyValue"]
    assert archived["active"] is False
    assert [v["name"] for v in (await api.ok(LIST, {"all": False}, token=staff))["companyValues"]] == ["Care"]
    every = (await api.ok(LIST, {"all": True}, token=hr))["companyValues"]
    assert {(v["name"], v["active"]) for v in every} == {("Care", True), ("Speed", False)}


async def test_only_hr_and_admin_change_values(api, clock):
    people = await given_org()
    assert await api.code(DEFINE, {"i": CARE}, token=token_for(people["A1"])) == "FORBIDDEN"
    assert await api.code(DEFINE, {"i": CARE}, token=token_for(people["LA"])) == "FORBIDDEN"
    care = await define(api, token_for(people["HR1"]), CARE)
    assert await api.code(ARCHIVE, {"id": care["id"]}, token=token_for(people["MA"])) == "FORBIDDEN"
    assert await steps.count_rows("company_value", "active") == 1


async def test_invalid_values_are_refused(api, clock):
    people = await given_org()
    hr = token_for(people["HR1"])
    assert await api.code(DEFINE, {"i": {**CARE, "name": ""}}, token=hr) == "INVALID_VALUE"
    assert await api.code(DEFINE, {"i": {**CARE, "name": "   "}}, token=hr) == "INVALID_VALUE"
    assert await api.code(DEFINE, {"i": {**CARE, "behaviours": []}}, token=hr) == "INVALID_VALUE"
    many = {**CARE, "behaviours": [f"Behaviour {n}" for n in range(9)]}
    error = await api.error(DEFINE, {"i": many}, token=hr)
    assert error["extensions"]["code"] == "INVALID_VALUE" and error["extensions"]["problems"] == ["give 1-8 behaviours"]
    assert await steps.count_rows("company_value") == 0

    care = await define(api, hr, CARE)
    speed = await define(api, hr, SPEED)
    assert await api.code(DEFINE, {"i": {**SPEED, "name": " Care "}}, token=hr) == "DUPLICATE_VALUE"
    assert await api.code(UPDATE, {"i": {**CARE, "id": speed["id"]}}, token=hr) == "DUPLICATE_VALUE"
    assert await api.code(UPDATE, {"i": {**CARE, "id": care["id"], "name": ""}}, token=hr) == "INVALID_VALUE"
    assert await api.code(UPDATE, {"i": {**HONESTY, "id": new_id()}}, token=hr) == "NOT_FOUND"
    assert await api.code(ARCHIVE, {"id": "not-an-id"}, token=hr) == "INVALID_ID"
    assert await steps.count_rows("company_value") == 2


@contextlib.asynccontextmanager
async def values_lesson():
    """A values-topic lesson: the real one when the content has it, else one added for the test."""
    catalogue = await steps.catalogue()
    real = [l for l in catalogue.lessons if l.id in catalogue.active and l.topic == "values"]
    if real:
        yield real[0]
        return
    async with steps.extra_lesson(lesson_id="zz-test-values", topic="values", role_families=["all"],
                                  position=10_000) as lesson:
        yield lesson


async def test_a_values_lesson_asks_about_the_defined_values(api, clock):
    people = await given_org()
    hr, token = token_for(people["HR1"]), token_for(people["A1"])
    defined = [await define(api, hr, v) for v in (CARE, SPEED, HONESTY)]
    async with values_lesson() as lesson:
        session = await steps.start(api, token, lesson.id)
        value_items = [i for i in session["items"] if i["kind"] == "VALUE"]
        assert len(value_items) == min(2, 15 - lesson.minutes) == 2  # two of the three, within 15 minutes
        assert {i["id"] for i in value_items} <= {f"value:{v['id']}" for v in defined}
        assert len(session["items"]) == len((await steps.catalogue()).items_of[lesson.id]) + 2
        for item in value_items:
            assert len(item["options"]) == 4 and len(set(item["options"])) == 4

        results = await steps.answer_all(api, token, session)
        assert all(r["correct"] for r in results)
        done = await steps.complete(api, token, session["id"])
        assert done["passed"] is True and done["correctCount"] == done["itemCount"] == len(session["items"])


async def test_archived_values_drop_out_of_the_values_lesson(api, clock):
    people = await given_org()
    hr, token = token_for(people["HR1"]), token_for(people["A1"])
    care, speed, honesty = [await define(api, hr, v) for v in (CARE, SPEED, HONESTY)]
    for value in (care, honesty):
        await api.ok(ARCHIVE, {"id": value["id"]}, token=hr)
    async with values_lesson() as lesson:
        session = await steps.start(api, token, lesson.id)
        assert [i["id"] for i in session["items"] if i["kind"] == "VALUE"] == [f"value:{speed['id']}"]
        archived = f"value:{care['id']}"
        code = await api.code(ANSWER, answer_input(archived, 0, session["id"]), token=token)
        assert code == "ITEM_NOT_IN_SESSION"


async def test_a_value_archived_during_a_session_does_not_block_completing_it(api, clock):
    people = await given_org()
    hr, token = token_for(people["HR1"]), token_for(people["A1"])
    for v in (CARE, SPEED, HONESTY):
        await define(api, hr, v)
    async with values_lesson() as lesson:
        session = await steps.start(api, token, lesson.id)
        dropped = next(i for i in session["items"] if i["kind"] == "VALUE")
        await api.ok(ARCHIVE, {"id": dropped["id"].removeprefix("value:")}, token=hr)

        shown = (await api.ok(SESSION, {"id": session["id"]}, token=token))["lessonSession"]["items"]
        assert dropped["id"] not in {i["id"] for i in shown} and len(shown) == len(session["items"]) - 1
        await steps.answer_all(api, token, {"id": session["id"], "items": shown})
        body = await api.call(COMPLETE, {"i": {"sessionId": session["id"], "clientMutationId": new_id()}}, token=token)
        assert not body.get("errors"), body["errors"]
        done = body["data"]["completeLesson"]
        assert done["itemCount"] == len(shown) and done["passed"] is True


async def test_an_archived_value_stops_coming_back_for_review(api, clock):
    people = await given_org()
    hr, token = token_for(people["HR1"]), token_for(people["A1"])
    for v in (CARE, SPEED, HONESTY):
        await define(api, hr, v)
    async with values_lesson() as lesson:
        session = await steps.start(api, token, lesson.id)
        await steps.answer_all(api, token, session, right=False)
        await steps.complete(api, token, session["id"])
        other = next(i for i in await steps.suitable_ids("cashier") if i != lesson.id)
        await steps.do_lesson(api, token, other, right=False)  # enough due tomorrow for a review-only day
        values = [i["id"] for i in session["items"] if i["kind"] == "VALUE"]
        await api.ok(ARCHIVE, {"id": values[0].removeprefix("value:")}, token=hr)

        clock.advance(days=1)
        plan = await steps.today(api, token)
        review = [i["id"] for i in plan["reviewItems"]]
        assert values[0] not in review and values[1] in review
        assert (plan["reason"], plan["minutes"]) == ("REVIEW", len(review))

        for item_id in review:
            await steps.answer(api, token, item_id, right=True)
        progress = (await steps.today(api, token))["progress"]
        assert (progress["streak"], progress["doneToday"]) == (2, True)
