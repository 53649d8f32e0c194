"""The complaints inbox of the new app: complaints I own that are still open, complaints about me, each with its
response-target deadlines, its survey and the steps the viewer may take now."""

import datetime as dt

from .feedback_intake_steps import given_feedback, given_people
from .support import count_statements, new_id, token_for
from .test_feedback_authorization import given_follow_up_surveys

INBOX = """query($f: FeedbackFilter, $first: Int) { feedback(filter: $f, first: $first) { items {
  id reference status receivedAt acknowledgeDueAt resolveDueAt allowedActions
  survey { state delivery expiresAt } subjects { name } owner { name } } } }"""
ITEM = """query($id: ID!) { feedbackItem(id: $id) { status allowedActions survey { state } } }"""
SUBMIT = "mutation($i: SubmitFeedbackInput!) { submitFeedback(input: $i) { id } }"


async def complaint(api, people, *, about: str = "A1", by: str = "LA") -> str:
    """A phone complaint about `about`, recorded through GraphQL by `by`: its id."""
    submission = {"kind": "COMPLAINT", "channel": "PHONE", "subjectIds": [str(people[about]["id"])], "rating": 2,
                  "body": f"About {about}.", "clientMutationId": new_id()}
    return (await api.ok(SUBMIT, {"i": submission}, token=token_for(people[by])))["submitFeedback"]["id"]


async def step(api, people, action: str, feedback_id: str, *, by: str, **extra) -> None:
    name = f"{action}Complaint"
    await api.ok(f"mutation($i: {name[0].upper() + name[1:]}Input!) {{ {name}(input: $i) {{ status }} }}",
                 {"i": {"feedbackId": feedback_id, "clientMutationId": new_id(), **extra}}, token=token_for(people[by]))


def by_id(data: dict) -> dict[str, dict]:
    return {i["id"]: i for i in data["feedback"]["items"]}


async def test_the_owner_lists_the_open_complaints_they_own_with_deadlines_and_next_steps(feedback_api, clock):
    # given three complaints about the cashier: one she acknowledged (she owns it), one she resolved, and one
    # her shift lead took
    people = await given_people()
    mine = await complaint(feedback_api, people)
    await step(feedback_api, people, "acknowledge", mine, by="A1")
    resolved = await complaint(feedback_api, people)
    await step(feedback_api, people, "acknowledge", resolved, by="A1")
    await step(feedback_api, people, "resolve", resolved, by="A1")
    theirs = await complaint(feedback_api, people)
    await step(feedback_api, people, "acknowledge", theirs, by="LA")
    # when the cashier opens "mine, open"
    data = await feedback_api.ok(INBOX, {"f": {"kind": "COMPLAINT", "ownerId": str(people["A1"]["id"]),
                                               "open": True}}, token=token_for(people["A1"]))
    # then only the one she owns and still has to resolve is listed
    assert list(by_id(data)) == [mine]
    item = by_id(data)[mine]
    # with its deadlines from the phone channel's response targets, for a countdown
    targets = await feedback_api.ok("{ responseTargets { channel acknowledgeSeconds resolveSeconds } }",
                                    token=token_for(people["A1"]))
    phone = next(t for t in targets["responseTargets"] if t["channel"] == "PHONE")
    received = dt.datetime.fromisoformat(item["receivedAt"])
    assert dt.datetime.fromisoformat(item["acknowledgeDueAt"]) == received + dt.timedelta(
        seconds=phone["acknowledgeSeconds"])
    assert dt.datetime.fromisoformat(item["resolveDueAt"]) == received + dt.timedelta(seconds=phone["resolveSeconds"])
    # and the buttons she may press now, and no survey yet
    assert item["allowedActions"] == ["TRANSFER", "RESOLVE", "CATEGORISE"]
    assert item["survey"] is None and item["owner"] == {"name": "Anu Aas"}


async def test_next_steps_follow_the_status_and_who_is_asking(feedback_api):
    # given a received complaint about the cashier, and a resolved one with its survey made
    people = await given_people()
    received = await complaint(feedback_api, people)
    resolved = await complaint(feedback_api, people)
    await step(feedback_api, people, "acknowledge", resolved, by="A1")
    await step(feedback_api, people, "resolve", resolved, by="A1")
    await given_follow_up_surveys()

    async def seen_by(hr_id: str, feedback_id: str) -> dict:
        return (await feedback_api.ok(ITEM, {"id": feedback_id}, token=token_for(people[hr_id])))["feedbackItem"]

    # then the cashier may acknowledge (take) the new one or say what it is about
    assert (await seen_by("A1", received))["allowedActions"] == ["ACKNOWLEDGE", "CATEGORISE"]
    # and her managers and HR too
    assert (await seen_by("LA", received))["allowedActions"] == ["ACKNOWLEDGE", "CATEGORISE"]
    assert (await seen_by("HR1", received))["allowedActions"] == ["ACKNOWLEDGE", "CATEGORISE"]
    # and once resolved, its owner may close or reopen it, and the survey shows as open and not yet sent
    done = await seen_by("A1", resolved)
    assert done["status"] == "RESOLVED" and done["allowedActions"] == ["CLOSE", "REOPEN", "CATEGORISE"]
    assert done["survey"] == {"state": "OPEN"}


async def test_a_complaint_owned_by_someone_else_leaves_its_subject_nothing_but_to_categorise(feedback_api):
    people = await given_people()
    taken = await complaint(feedback_api, people)
    await step(feedback_api, people, "acknowledge", taken, by="LA")
    seen = (await feedback_api.ok(ITEM, {"id": taken}, token=token_for(people["A1"])))["feedbackItem"]
    assert seen["allowedActions"] == ["CATEGORISE"]
    await step(feedback_api, people, "transfer", taken, by="LA", toStaffId=str(people["MB"]["id"]),
               reason="Marko ships the goods.")
    owner = (await feedback_api.ok(ITEM, {"id": taken}, token=token_for(people["MB"])))["feedbackItem"]
    assert owner["allowedActions"] == ["TRANSFER", "RESOLVE", "CATEGORISE"]


async def test_praise_has_no_steps_and_no_survey(feedback_api):
    people = await given_people()
    submission = {"kind": "PRAISE", "channel": "PHONE", "subjectIds": [str(people["A1"]["id"])], "rating": 5,
                  "clientMutationId": new_id()}
    praise = (await feedback_api.ok(SUBMIT, {"i": submission}, token=token_for(people["A2"])))["submitFeedback"]["id"]
    seen = (await feedback_api.ok(ITEM, {"id": praise}, token=token_for(people["HR1"])))["feedbackItem"]
    assert seen == {"status": None, "allowedActions": [], "survey": None}


async def test_about_me_lists_feedback_naming_me_and_nobody_reads_another_persons_inbox(feedback_api):
    # given a complaint about the cashier, owned by her, and one about the warehouse worker
    people = await given_people()
    about_a1 = await complaint(feedback_api, people)
    await step(feedback_api, people, "acknowledge", about_a1, by="A1")
    about_b1 = await complaint(feedback_api, people, about="B1", by="MB")
    # when the cashier lists what is about her
    me = await feedback_api.ok(INBOX, {"f": {"employeeId": str(people["A1"]["id"])}}, token=token_for(people["A1"]))
    assert list(by_id(me)) == [about_a1]
    # then a colleague asking for her complaints, or the other branch's manager for what she owns, gets nothing
    colleague = await feedback_api.ok(INBOX, {"f": {"employeeId": str(people["A1"]["id"])}},
                                      token=token_for(people["A2"]))
    other = await feedback_api.ok(INBOX, {"f": {"ownerId": str(people["A1"]["id"])}}, token=token_for(people["MB"]))
    assert by_id(colleague) == {} and by_id(other) == {}
    # and the warehouse worker's own list holds only his
    b1 = await feedback_api.ok(INBOX, {"f": {"open": True}}, token=token_for(people["B1"]))
    assert list(by_id(b1)) == [about_b1]


async def test_the_inbox_costs_the_same_for_2_or_12_complaints(feedback_api, clock):
    # given twelve complaints about the cashier, every one resolved with its survey made
    people = await given_people()
    from services.feedback.complaints import service as complaints
    from services.feedback.directory import service as directory
    from services.platform.auth.principal import Principal, Role

    a1 = Principal(employee_id=people["A1"]["id"], role=Role.EMPLOYEE, token_version=1)
    by = await directory.get(employee_id=people["LA"]["id"])
    for n in range(12):
        at = clock.now() - dt.timedelta(minutes=n + 1)
        feedback_id = await given_feedback(by, "complaint", [people["A1"]], at=at, rating=2)
        await complaints.acknowledge(feedback_id=feedback_id, actor=a1, client_id=new_id(), now=clock.now())
        await complaints.resolve(feedback_id=feedback_id, actor=a1, client_id=new_id(), now=clock.now())
    await given_follow_up_surveys()
    token = token_for(people["LA"])
    await feedback_api.ok(INBOX, {"first": 2}, token=token)  # warm the pool's type codecs
    # when the shift lead opens the inbox with 2 and then 12 rows
    async with count_statements() as small:
        data = await feedback_api.ok(INBOX, {"f": {"kind": "COMPLAINT"}, "first": 2}, token=token)
    assert len(data["feedback"]["items"]) == 2
    async with count_statements() as large:
        data = await feedback_api.ok(INBOX, {"f": {"kind": "COMPLAINT"}, "first": 12}, token=token)
    assert len(data["feedback"]["items"]) == 12 and all(i["survey"]["state"] == "OPEN" for i in data["feedback"]["items"])
    # then the count does not grow with the list: viewer, page, people (for the steps), surveys
    assert len(small) == len(large), "\n".join(large)
    assert len(large) <= 5, "\n".join(large)
