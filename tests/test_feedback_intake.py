"""Staff record praise, complaints and suggestions from any channel; replies; who reads what; events and retries."""

import datetime as dt
import json
import pathlib

import pytest
import yaml

from services.feedback.complaints import targets
from services.feedback.intake.categories import CATEGORIES, category_lessons
from services.feedback.intake.tables import Feedback, FeedbackSubject, Reply
from services.feedback.platform_tables import OUTBOX, OutboxEvent
from services.feedback.privacy.tables import Customer
from services.platform.outbox import service as outbox
from services.platform.outbox.routes import queue_name

from .conftest import START
from .feedback_intake_steps import (
    ITEM,
    LIST,
    LIST_IDS,
    REPLY,
    SUBMIT,
    deliver_everything,
    events,
    given_feedback,
    given_people,
    given_reply,
    ids,
    staff_input,
    topics,
)
from .support import count_statements, new_id, token_for

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEAD_REDIS = "redis://127.0.0.1:1/0"
CONTACT = {"name": "Mari Maasikas", "email": "mari.maasikas@example.com", "phone": "+372 5555 0101"}
ACKNOWLEDGE = """mutation($id: ID!, $c: String!) {
  acknowledgeComplaint(input: {feedbackId: $id, clientMutationId: $c}) { status } }"""
TRANSFER = """mutation($id: ID!, $to: ID!, $c: String!) {
  transferComplaint(input: {feedbackId: $id, toStaffId: $to, reason: "B1 handles deliveries", clientMutationId: $c}) {
    status } }"""


def at(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


async def stored() -> tuple[int, int, int, int]:
    return await Feedback.count(), await FeedbackSubject.count(), await Customer.count(), await OutboxEvent.count()


# ---------------------------------------------------------------- recording


async def test_a_phone_complaint_is_received_with_its_targets_and_lesson_requests(feedback_api):
    # given the org in the replica
    people = await given_people()
    a1, a2 = people["A1"], people["A2"]
    # when the shift lead records a rude-tone complaint about two cashiers, taken on the phone with the caller's contact
    item = (await feedback_api.ok(SUBMIT, {"i": staff_input(
        "complaint", [a1, a2], rating=2, category="RUDE_TONE", body="The caller felt brushed off.",
        contact=CONTACT, consent=True,
    )}, token=token_for(people["LA"])))["submitFeedback"]
    # then it is a received complaint, due by the phone targets: acknowledged within a minute, resolved within 2 days
    assert (item["kind"], item["channel"], item["category"], item["rating"], item["source"]) == (
        "COMPLAINT", "PHONE", "RUDE_TONE", 2, "staff")
    assert item["status"] == "RECEIVED" and item["owner"] is None
    assert at(item["receivedAt"]) == START
    assert at(item["acknowledgeDueAt"]) == START + dt.timedelta(seconds=60)
    assert at(item["resolveDueAt"]) == START + dt.timedelta(days=2)
    assert [s["name"] for s in item["subjects"]] == ["Anu Aas", "Andres Allik"]
    assert item["recordedBy"] == {"name": "Liis Lepp"}
    assert (item["firstReplyAt"], item["responseSeconds"], item["replies"]) == (None, None, [])
    # and the contact sits in the customer table only: the shift lead (not HR, not the owner) does not see it
    assert item["customer"] is None
    hr_view = (await feedback_api.ok(ITEM, {"id": item["id"]}, token=token_for(people["HR1"])))["feedbackItem"]
    assert {k: hr_view["customer"][k] for k in ("name", "email", "phone", "consent")} == {**CONTACT, "consent": True}
    # and the events: the fact, and one lesson request per person named, with the category's lesson
    assert await events("feedback.recorded") == [{
        "feedback_id": item["id"], "kind": "complaint", "channel": "phone", "category": "rude_tone", "rating": 2,
        "subjects": [str(a1["id"]), str(a2["id"])], "company_value": None, "source": "staff",
        "recorded_by": str(people["LA"]["id"]), "received_at": START.isoformat(),
    }]
    requested = sorted(await events("lesson.assignment_requested"), key=lambda e: e["employee_id"])
    assert requested == sorted((
        {"employee_id": str(p["id"]), "lesson_id": "com-first-words",
         "source_ref": f"complaint:{item['id']}:com-first-words", "due_date": None, "requested_at": START.isoformat(),
         "category": "rude_tone", "received_at": START.isoformat()}
        for p in (a1, a2)), key=lambda e: e["employee_id"])
    assert await events("streak_freeze.granted") == []
    # and no event carries the customer's data
    published = json.dumps(await events())
    assert not any(value in published for value in CONTACT.values())


async def test_a_cleaner_praises_the_ceo_and_the_learning_service_acts_on_it(feedback_api, api, feedback_app, storage, clock):
    # given the org, in both services
    people = await given_people()
    ceo, a1 = people["CEO"], people["A1"]
    # when the cleaner records a praise for the CEO naming a company value, and a complaint about a cashier
    praise = (await feedback_api.ok(SUBMIT, {"i": staff_input(
        "praise", [ceo], channel="IN_PERSON", rating=5, companyValue="  Customer first ", body="Helped me carry boxes.",
    )}, token=token_for(people["A2"])))["submitFeedback"]
    complaint = (await feedback_api.ok(SUBMIT, {"i": staff_input(
        "complaint", [a1], channel="CHAT", category="DIDNT_KNOW_ANSWER",
    )}, token=token_for(people["A2"])))["submitFeedback"]
    # then the praise keeps the value it names, and has no lifecycle
    assert (praise["companyValue"], praise["status"], praise["acknowledgeDueAt"]) == ("Customer first", None, None)
    assert await events("streak_freeze.granted") == [
        {"employee_id": str(ceo["id"]), "reason": "praise", "source_ref": f"praise:{praise['id']}"}
    ]
    assert at(complaint["acknowledgeDueAt"]) == START + dt.timedelta(minutes=5)  # chat: 5 minutes
    # when the events reach the learning service
    await deliver_everything(feedback_app, storage, clock)
    # then the CEO holds a streak freeze and the cashier has the matching lesson assigned
    progress = await api.ok("{ me { progress { freezes } } }", token=token_for(ceo))
    assert progress["me"]["progress"]["freezes"] == 1
    assigned = await api.ok(
        "query($id: ID!) { employee(id: $id) { openAssignments { source lesson { id } } } }",
        {"id": str(a1["id"])}, token=token_for(a1),
    )
    assert assigned["employee"]["openAssignments"] == [{"source": "complaint", "lesson": {"id": "sit-dont-know-the-answer"}}]


async def test_praise_about_yourself_is_refused_and_nothing_is_stored(feedback_api):
    people = await given_people()
    before = await stored()
    code = await feedback_api.code(SUBMIT, {"i": staff_input("praise", [people["A1"], people["A2"]])}, token=token_for(people["A1"]))
    assert code == "SELF_PRAISE"
    assert await stored() == before
    # a complaint or suggestion naming yourself is fine: owning up is welcome
    await feedback_api.ok(SUBMIT, {"i": staff_input("suggestion", [people["A1"]])}, token=token_for(people["A1"]))


BAD_INPUTS = [
    ("no subjects", lambda p: staff_input("praise", []), "SUBJECTS_REQUIRED"),
    ("eleven subjects", lambda p: staff_input("suggestion", [p["A1"]] * 1 + [{"id": new_id()} for _ in range(10)]), "TOO_MANY_SUBJECTS"),
    ("unknown employee", lambda p: staff_input("praise", [{"id": new_id()}]), "EMPLOYEE_NOT_FOUND"),
    ("public channel", lambda p: staff_input("praise", [p["A1"]], channel="PUBLIC_FORM"), "CHANNEL_NOT_ALLOWED"),
    ("rating 6", lambda p: staff_input("praise", [p["A1"]], rating=6), "INVALID_RATING"),
    ("rating 0", lambda p: staff_input("praise", [p["A1"]], rating=0), "INVALID_RATING"),
    ("category on praise", lambda p: staff_input("praise", [p["A1"]], category="RUDE_TONE"), "CATEGORY_ONLY_FOR_COMPLAINTS"),
    ("value on complaint", lambda p: staff_input("complaint", [p["A1"]], companyValue="Honesty"), "VALUE_ONLY_FOR_PRAISE"),
    ("future", lambda p: staff_input("praise", [p["A1"]], receivedAt=(START + dt.timedelta(minutes=5)).isoformat()), "RECEIVED_IN_FUTURE"),
    ("long body", lambda p: staff_input("praise", [p["A1"]], body="x" * 4001), "FIELD_TOO_LONG"),
    ("long value", lambda p: staff_input("praise", [p["A1"]], companyValue="v" * 81), "FIELD_TOO_LONG"),
    ("long contact name", lambda p: staff_input("praise", [p["A1"]], contact={"name": "n" * 201}), "FIELD_TOO_LONG"),
    ("bad e-mail", lambda p: staff_input("praise", [p["A1"]], contact={"email": "not-an-address"}), "INVALID_EMAIL"),
    ("bad client id", lambda p: staff_input("praise", [p["A1"]], clientMutationId="again"), "INVALID_CLIENT_MUTATION_ID"),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
async def test_bad_input_is_refused_with_a_clear_code_and_writes_nothing(feedback_api, case):
    _, make, expected = case
    people = await given_people()
    before = await stored()
    error = await feedback_api.error(SUBMIT, {"i": make(people)}, token=token_for(people["B1"]))
    assert error["extensions"]["code"] == expected, error
    if expected == "FIELD_TOO_LONG":
        assert error["extensions"]["field"] in {"body", "companyValue", "name"}
    assert await stored() == before


async def test_inactive_subjects_are_refused(feedback_api):
    people = await given_people()
    from services.feedback.directory.service import apply_announcement
    from services.learning.directory.events import employee_event

    leaver = {**employee_event(people["A2"])[1], "active": False, "version": people["A2"]["version"] + 1}
    await apply_announcement(employee=leaver)
    error = await feedback_api.error(SUBMIT, {"i": staff_input("praise", [people["A2"]])}, token=token_for(people["A1"]))
    assert error["extensions"] == {"code": "EMPLOYEE_INACTIVE", "employeeId": str(people["A2"]["id"])}


async def test_a_retry_records_once_and_a_reused_id_for_something_else_is_refused(feedback_api):
    people = await given_people()
    token = token_for(people["A1"])
    request = staff_input("praise", [people["A2"]], body="Kind to a lost child.")
    first = (await feedback_api.ok(SUBMIT, {"i": request}, token=token))["submitFeedback"]
    again = (await feedback_api.ok(SUBMIT, {"i": request}, token=token))["submitFeedback"]
    assert again["id"] == first["id"]
    assert await Feedback.count() == 1 and await topics() == ["feedback.recorded", "streak_freeze.granted"]
    changed = {**request, "body": "Something else."}
    assert await feedback_api.code(SUBMIT, {"i": changed}, token=token) == "IDEMPOTENCY_KEY_REUSED"


async def test_due_times_follow_the_stored_target_and_the_time_received(feedback_api):
    # given e-mail complaints must be acknowledged within 30 minutes and resolved within a day
    people = await given_people()
    await targets.set_target(channel="email", acknowledge_seconds=1800, resolve_seconds=86400)
    received = START - dt.timedelta(hours=3)
    # when a complaint that arrived three hours ago is recorded now
    item = (await feedback_api.ok(SUBMIT, {"i": staff_input(
        "complaint", [people["B1"]], channel="EMAIL", receivedAt=received.isoformat(),
    )}, token=token_for(people["MB"])))["submitFeedback"]
    # then the targets count from when the customer wrote, not from when it was typed in
    assert at(item["receivedAt"]) == received
    assert at(item["acknowledgeDueAt"]) == received + dt.timedelta(minutes=30)
    assert at(item["resolveDueAt"]) == received + dt.timedelta(days=1)


def test_every_category_maps_to_an_existing_lesson():
    lesson_ids = {
        yaml.safe_load(path.read_text(encoding="utf-8"))["id"]
        for path in (ROOT / "services/learning/lessons/content").glob("*/*.yaml")
    }
    mapping = category_lessons()
    assert set(mapping) == set(CATEGORIES)
    assert {c: l for c, l in mapping.items() if l not in lesson_ids} == {}


async def test_redis_down_during_submit_feedback_loses_nothing(feedback_api, feedback_app, storage, clock):
    # given the feedback service's Redis is unreachable
    people = await given_people()
    runtime = feedback_app.state.runtime
    await runtime.close_arq()
    runtime.redis_url = DEAD_REDIS
    try:
        # when a praise is recorded
        item = (await feedback_api.ok(SUBMIT, {"i": staff_input("praise", [people["A2"]])}, token=token_for(people["A1"])))[
            "submitFeedback"]
    finally:
        await runtime.close_arq()
        runtime.redis_url = storage["redis_url"]
    # then the request succeeded and the item is committed with its events, waiting in the outbox
    assert await Feedback.count() == 1
    waiting = await OutboxEvent.select().where(OutboxEvent.published_at.is_null())
    assert sorted(w["topic"] for w in waiting) == ["feedback.recorded", "streak_freeze.granted"]
    # when Redis is back and the relay runs
    pool = await runtime.arq()
    assert await outbox.relay(OUTBOX, arq=pool, now=clock.now()) == 2
    # then each event is on its consumer's queue
    def handled(jobs):
        return [(e["topic"], e["payload"].get("feedback_id") or e["payload"]["source_ref"])
                for j in jobs if j.function == "handle_events" for e in j.args[0]]

    assert handled(await pool.queued_jobs(queue_name=queue_name("feedback"))) == [("feedback.recorded", item["id"])]
    assert handled(await pool.queued_jobs(queue_name=queue_name("learning"))) == [
        ("streak_freeze.granted", f"praise:{item['id']}")]


# ---------------------------------------------------------------- replies


async def test_the_first_reply_sets_the_response_time_once(feedback_api, clock):
    # given a complaint about a cashier received at START
    people = await given_people()
    complaint = await given_feedback(people["LA"], "complaint", [people["A1"]], at=START)
    # when the shift lead answers 90 seconds later
    clock.advance(seconds=90)
    request = {"id": str(complaint), "body": "We are sorry, and we will call you today.", "c": new_id()}
    first = (await feedback_api.ok(REPLY, request, token=token_for(people["LA"])))["replyToFeedback"]
    # then the time to first reply is stored
    assert first["author"] == {"name": "Liis Lepp"}
    assert first["feedback"]["responseSeconds"] == 90
    assert at(first["feedback"]["firstReplyAt"]) == START + dt.timedelta(seconds=90)
    # when a retry arrives, and HR answers later
    again = (await feedback_api.ok(REPLY, request, token=token_for(people["LA"])))["replyToFeedback"]
    clock.advance(seconds=100)
    await feedback_api.ok(REPLY, {"id": str(complaint), "body": "HR here: noted.", "c": new_id()}, token=token_for(people["HR1"]))
    # then the retry made nothing new and the first reply time stands
    assert again["id"] == first["id"]
    item = (await feedback_api.ok(ITEM, {"id": str(complaint)}, token=token_for(people["A1"])))["feedbackItem"]
    assert item["responseSeconds"] == 90
    assert [(r["author"]["name"], r["body"]) for r in item["replies"]] == [
        ("Liis Lepp", "We are sorry, and we will call you today."), ("Helen Hunt", "HR here: noted.")]
    replied = await events("feedback.replied")
    assert [(e["author"], e["first"], e["kind"]) for e in replied] == [
        (str(people["LA"]["id"]), True, "complaint"), (str(people["HR1"]["id"]), False, "complaint")]
    assert replied[0]["replied_at"] == (START + dt.timedelta(seconds=90)).isoformat()


async def test_praise_can_be_answered_and_only_by_those_who_see_it(feedback_api):
    people = await given_people()
    praise = await given_feedback(people["A1"], "praise", [people["A2"]], at=START)
    reply = (await feedback_api.ok(REPLY, {"id": str(praise), "body": "Thank you!", "c": new_id()}, token=token_for(people["A2"])))
    assert reply["replyToFeedback"]["feedback"]["responseSeconds"] == 0
    outsider = await feedback_api.code(REPLY, {"id": str(praise), "body": "Hi", "c": new_id()}, token=token_for(people["B1"]))
    assert outsider == "FORBIDDEN"
    empty = await feedback_api.code(REPLY, {"id": str(praise), "body": "  ", "c": new_id()}, token=token_for(people["A2"]))
    assert empty == "REPLY_EMPTY"
    long = await feedback_api.error(REPLY, {"id": str(praise), "body": "x" * 4001, "c": new_id()}, token=token_for(people["A2"]))
    assert long["extensions"] == {"code": "FIELD_TOO_LONG", "field": "body", "maximum": 4000}
    missing = await feedback_api.code(REPLY, {"id": new_id(), "body": "Hi", "c": new_id()}, token=token_for(people["HR1"]))
    assert missing == "FEEDBACK_NOT_FOUND"
    assert await Reply.count() == 1


# ---------------------------------------------------------------- reading


async def given_feedback_around_the_org(people) -> dict[str, str]:
    p = people
    made = {
        "about A1": await given_feedback(p["CEO"], "complaint", [p["A1"]], at=START - dt.timedelta(minutes=6), contact=CONTACT),
        "about A2": await given_feedback(p["B1"], "praise", [p["A2"]], at=START - dt.timedelta(minutes=5)),
        "about B1": await given_feedback(p["A1"], "suggestion", [p["B1"]], at=START - dt.timedelta(minutes=4)),
        "about LA": await given_feedback(p["A1"], "praise", [p["LA"]], at=START - dt.timedelta(minutes=3)),
        "about MB": await given_feedback(p["A2"], "complaint", [p["MB"]], at=START - dt.timedelta(minutes=2)),
        "about HR1": await given_feedback(p["A1"], "praise", [p["HR1"]], at=START - dt.timedelta(minutes=1)),
    }
    return {k: str(v) for k, v in made.items()}


VISIBLE = {
    "A1": {"about A1"},
    "A2": {"about A2"},
    "B1": {"about B1"},
    "LA": {"about A1", "about A2", "about LA"},
    "MA": {"about A1", "about A2", "about LA"},
    "MB": {"about B1", "about MB"},
    "HR1": {"about A1", "about A2", "about B1", "about LA", "about MB", "about HR1"},
    "CEO": {"about A1", "about A2", "about B1", "about LA", "about MB", "about HR1"},
}


@pytest.mark.parametrize("viewer", sorted(VISIBLE))
async def test_each_person_lists_exactly_the_feedback_in_their_scope(feedback_api, viewer):
    people = await given_people()
    made = await given_feedback_around_the_org(people)
    data = await feedback_api.ok(LIST_IDS, {"first": 100}, token=token_for(people[viewer]))
    names = {v: k for k, v in made.items()}
    assert {names[i["id"]] for i in data["feedback"]["items"]} == VISIBLE[viewer]
    # and one item at a time agrees with the list
    for name, feedback_id in made.items():
        body = await feedback_api.call(ITEM, {"id": feedback_id}, token=token_for(people[viewer]))
        if name in VISIBLE[viewer]:
            assert body["data"]["feedbackItem"]["id"] == feedback_id
        else:
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_complaint_owner_and_their_line_see_it_and_its_customer(feedback_api):
    # given a complaint about A1 with the customer's contact, acknowledged by A1's lead, then handed to B1
    people = await given_people()
    made = await given_feedback_around_the_org(people)
    complaint = made["about A1"]
    await feedback_api.ok(ACKNOWLEDGE, {"id": complaint, "c": new_id()}, token=token_for(people["LA"]))
    owner_view = (await feedback_api.ok(ITEM, {"id": complaint}, token=token_for(people["LA"])))["feedbackItem"]
    assert owner_view["customer"]["email"] == CONTACT["email"]
    await feedback_api.ok(TRANSFER, {"id": complaint, "to": str(people["B1"]["id"]), "c": new_id()}, token=token_for(people["LA"]))
    # then B1 (owner) and MB (above the owner) see it in their lists; B1 sees the customer, LA no longer does
    for viewer in ("B1", "MB"):
        listed = await feedback_api.ok(LIST_IDS, {"first": 100}, token=token_for(people[viewer]))
        assert complaint in ids(listed["feedback"]["items"])
    b1_view = (await feedback_api.ok(ITEM, {"id": complaint}, token=token_for(people["B1"])))["feedbackItem"]
    assert b1_view["owner"] == {"name": "Birgit Berg"} and b1_view["customer"]["name"] == CONTACT["name"]
    la_view = (await feedback_api.ok(ITEM, {"id": complaint}, token=token_for(people["LA"])))["feedbackItem"]
    assert la_view["customer"] is None
    mb_view = (await feedback_api.ok(ITEM, {"id": complaint}, token=token_for(people["MB"])))["feedbackItem"]
    assert mb_view["customer"] is None


async def test_filters_and_cursor_pages(feedback_api):
    # given seven items, two of them received at the same instant
    people = await given_people()
    p = people
    made = [
        await given_feedback(p["LA"], "complaint", [p["A1"]], at=START - dt.timedelta(days=3), channel="email"),
        await given_feedback(p["LA"], "praise", [p["A2"]], at=START - dt.timedelta(days=2)),
        await given_feedback(p["LA"], "praise", [p["A1"]], at=START - dt.timedelta(days=2)),
        await given_feedback(p["LA"], "suggestion", [p["A1"], p["A2"]], at=START - dt.timedelta(days=1)),
        await given_feedback(p["MB"], "complaint", [p["B1"]], at=START - dt.timedelta(hours=5), channel="chat"),
        await given_feedback(p["MB"], "praise", [p["B1"]], at=START - dt.timedelta(hours=1), channel="email"),
        await given_feedback(p["A1"], "complaint", [p["A2"]], at=START, channel="email"),
    ]
    token = token_for(p["HR1"])
    # when HR walks every page of three
    seen, after = [], None
    while True:
        page = (await feedback_api.ok(LIST_IDS, {"first": 3, "after": after}, token=token))["feedback"]
        seen += [i["id"] for i in page["items"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then every item comes once, newest first (ties broken by id)
    rows = await Feedback.select(Feedback.id, Feedback.received_at)
    expected = [str(r["id"]) for r in sorted(rows, key=lambda r: (r["received_at"], r["id"]), reverse=True)]
    assert seen == expected and len(seen) == 7

    async def listed(**f):
        data = await feedback_api.ok(LIST_IDS, {"f": f, "first": 100}, token=token)
        return ids(data["feedback"]["items"])

    as_str = [str(i) for i in made]
    assert await listed(kind="COMPLAINT") == {as_str[0], as_str[4], as_str[6]}
    assert await listed(kind="COMPLAINT", channel="EMAIL") == {as_str[0], as_str[6]}
    assert await listed(status="RECEIVED", employeeId=str(p["A2"]["id"])) == {as_str[6]}
    assert await listed(employeeId=str(p["A1"]["id"])) == {as_str[0], as_str[2], as_str[3]}
    window = {"from": (START - dt.timedelta(days=2)).isoformat(), "to": (START - dt.timedelta(hours=1)).isoformat()}
    assert await listed(**window) == {as_str[1], as_str[2], as_str[3], as_str[4]}
    assert await feedback_api.code(LIST_IDS, {"first": 101}, token=token) == "PAGE_SIZE_OUT_OF_RANGE"
    assert await feedback_api.code(LIST_IDS, {"after": "bm9wZQ=="}, token=token) == "INVALID_CURSOR"


async def statements_for_list(feedback_api, token, first: int) -> list[str]:
    async with count_statements() as statements:
        data = await feedback_api.ok(LIST, {"first": first}, token=token)
    assert len(data["feedback"]["items"]) == first
    assert all(i["replies"] and i["subjects"] and i["customer"] for i in data["feedback"]["items"])
    return list(statements)


async def test_listing_feedback_costs_the_same_for_10_or_50_items(feedback_api):
    # given 50 complaints, each with a customer's contact and a reply
    people = await given_people()
    for n in range(50):
        feedback_id = await given_feedback(
            people["LA"], "complaint", [people["A1"], people["A2"]], at=START - dt.timedelta(minutes=n),
            contact={"name": f"Customer {n}", "email": f"c{n}@example.com", "phone": None},
        )
        await given_reply(feedback_id, people["MA"], "We are on it.", at=START)
    token = token_for(people["HR1"])
    await statements_for_list(feedback_api, token, 50)  # first use of pooled connections loads type codecs
    # when HR lists 10 and then 50 with subjects, recorder, customer, replies and their authors
    small = await statements_for_list(feedback_api, token, 10)
    large = await statements_for_list(feedback_api, token, 50)
    # then the count is pinned: viewer, page, people on the page, customers, replies, the replies' authors
    assert len(small) == len(large) == 6, "\n".join(large)
