"""Scenarios from real complaints: a manager drafts one from a resolved complaint of their team (the feedback
service hands over the text anonymised), HR approves it, and the team meets it as a review item; withdrawn, it stops.
Every step is audited."""

import json
import re

from services.learning.directory.tables import Employee
from services.learning.lessons.service import get_catalogue
from services.learning.progress.tables import ReviewCard
from services.learning.scenarios.tables import AuthoredScenario, ScenarioAudit

from .feedback_intake_steps import SUBMIT, given_people, staff_input
from .support import new_id, token_for

CONTACT = {"name": "Mari Maasikas", "email": "mari.maasikas@example.com", "phone": "+372 5555 0101"}
BODY = (
    "Tere, siin Mari Maasikas. Anu Aas ütles, et mu tellimus 48392017 on kadunud. Anule ütlesin, et helistage "
    "numbril +372 5555 0101 või kirjutage mari@kodu.ee, aga keegi ei helistanud. Liis Lepp ei aidanud ka. "
    "Ootasin kaks nädalat."
)
PII = ("Mari", "Maasikas", "Anu", "Aas", "Liis", "Lepp", "48392017", "5555", "0101", "kodu.ee", "example.com")


def leaked(text: str) -> list[str]:
    """The complaint's personal data found in the text (names as the start of a word, as they inflect)."""
    return [p for p in PII if re.search(rf"(?<!\w){re.escape(p)}", text, re.IGNORECASE)]


ANONYMISED = "query($id: ID!) { anonymisedComplaint(feedbackId: $id) { feedbackId category situation } }"
STEP = "mutation($i: %sInput!) { %s(input: $i) { status } }"
SCENARIO = """id status reviewItemId sourceFeedbackId situation { et en } worse { et en } better { et en }
  why { et en } author { hrId } history { action at reason actor { hrId } situation { et } }"""
DRAFT = f"mutation($i: DraftScenarioInput!) {{ draftScenario(input: $i) {{ {SCENARIO} }} }}"
APPROVE = f"mutation($i: ApproveScenarioInput!) {{ approveScenario(input: $i) {{ {SCENARIO} }} }}"
WITHDRAW = f"mutation($i: WithdrawScenarioInput!) {{ withdrawScenario(input: $i) {{ {SCENARIO} }} }}"
TODAY = "{ today { reviewItems { id kind context question options } } }"
ANSWER = "mutation($i: AnswerItemInput!) { answerItem(input: $i) { correct explanation } }"


def texts(situation: str = "A customer waited two weeks for an order that was lost.") -> dict:
    return {
        "situation": {"en": situation},
        "worse": {"en": "That is the courier's problem, not ours."},
        "better": {"en": "I am sorry; I will find your order now and call you back by noon."},
        "why": {"en": "Own the problem and promise a concrete next step."},
    }


async def step(feedback_api, action: str, feedback_id: str, by: dict) -> None:
    name = f"{action}Complaint"
    await feedback_api.ok(STEP % (name[0].upper() + name[1:], name),
                          {"i": {"feedbackId": feedback_id, "clientMutationId": new_id()}}, token=token_for(by))


async def given_a_resolved_complaint(feedback_api, people, *, resolved: bool = True) -> str:
    """The shift lead records a complaint about Anu with the customer's contact; Anu takes it and resolves it."""
    item = (await feedback_api.ok(SUBMIT, {"i": staff_input(
        "complaint", [people["A1"]], category="LATE_DELIVERY", body=BODY, contact=CONTACT, consent=True)},
        token=token_for(people["LA"])))["submitFeedback"]
    await step(feedback_api, "acknowledge", item["id"], people["A1"])
    if resolved:
        await step(feedback_api, "resolve", item["id"], people["A1"])
    return item["id"]


async def given_a_draft(api, people, *, by: str = "MA", **extra) -> dict:
    return (await api.ok(DRAFT, {"i": {**texts(), **extra, "clientMutationId": new_id()}},
                         token=token_for(people[by])))["draftScenario"]


async def test_a_manager_drafts_a_scenario_from_a_resolved_complaint_and_no_pii_survives(api, feedback_api):
    # given a resolved complaint about Anu, naming the customer, staff, an order number, a phone and an e-mail
    people = await given_people()
    feedback_id = await given_a_resolved_complaint(feedback_api, people)
    # when the store manager asks the feedback service for it, anonymised
    anonymised = (await feedback_api.ok(ANONYMISED, {"id": feedback_id}, token=token_for(people["MA"])))[
        "anonymisedComplaint"]
    situation = anonymised["situation"]
    # then the text is there, with placeholders for everyone and every number that leads back to them
    assert anonymised["category"] == "LATE_DELIVERY"
    assert "Ootasin kaks nädalat." in situation and "tellimus [number] on kadunud" in situation
    assert "[customer]" in situation and "[employee]" in situation and "[phone]" in situation
    assert "[e-mail]" in situation
    assert not leaked(situation), situation

    # when the manager drafts the scenario from it in the learning service, adding the replies
    draft = await given_a_draft(api, people, situation={"et": situation}, worse={"et": "Kuller on süüdi."},
                                better={"et": "Vabandan, leian tellimuse kohe ja helistan lõunaks tagasi."},
                                why={"et": "Võta probleem enda kanda ja lubada konkreetne järgmine samm."},
                                sourceFeedbackId=feedback_id)
    # then the draft waits for HR, its texts in both languages (English shows the Estonian the author wrote)
    assert (draft["status"], draft["sourceFeedbackId"], draft["author"]) == ("DRAFT", feedback_id, {"hrId": "MA"})
    assert draft["situation"] == {"et": situation, "en": situation}
    assert [(h["action"], h["actor"]) for h in draft["history"]] == [("drafted", {"hrId": "MA"})]
    # and nothing stored in the learning service holds the complaint's personal data
    stored = json.dumps([*(await AuthoredScenario.select()), *(await ScenarioAudit.select())], default=str)
    assert not leaked(stored)


async def test_only_a_resolved_complaint_of_ones_own_team_can_be_drafted_from(api, feedback_api):
    people = await given_people()
    open_one = await given_a_resolved_complaint(feedback_api, people, resolved=False)
    resolved = await given_a_resolved_complaint(feedback_api, people)
    # when the manager asks before it is resolved, the other branch's manager asks, and Anu herself asks
    not_yet = await feedback_api.code(ANONYMISED, {"id": open_one}, token=token_for(people["MA"]))
    other_branch = await feedback_api.code(ANONYMISED, {"id": resolved}, token=token_for(people["MB"]))
    herself = await feedback_api.code(ANONYMISED, {"id": resolved}, token=token_for(people["A1"]))
    # then each is refused
    assert (not_yet, other_branch, herself) == ("COMPLAINT_NOT_RESOLVED", "FORBIDDEN", "FORBIDDEN")
    # and HR may
    assert (await feedback_api.ok(ANONYMISED, {"id": resolved}, token=token_for(people["HR1"])))["anonymisedComplaint"]


async def test_an_approved_scenario_is_a_review_item_for_the_authors_team_until_withdrawn(api, clock):
    # given the store manager's draft
    people = await given_people()
    draft = await given_a_draft(api, people)
    # when HR approves it
    approved = (await api.ok(APPROVE, {"i": {"scenarioId": draft["id"], "clientMutationId": new_id()}},
                             token=token_for(people["HR1"])))["approveScenario"]
    assert approved["status"] == "APPROVED"
    # then everyone under the manager reviews it today: pick the better reply
    item_id = approved["reviewItemId"]
    a1 = token_for(people["A1"])
    [item] = [i for i in (await api.ok(TODAY, token=a1))["today"]["reviewItems"] if i["id"] == item_id]
    assert (item["kind"], item["context"]) == ("SCENARIO", texts()["situation"]["en"])
    assert sorted(item["options"]) == sorted([texts()["worse"]["en"], texts()["better"]["en"]])
    reviewers = {r["employee"] for r in await ReviewCard.select().where(ReviewCard.item_id == item_id)}
    assert reviewers == {people[h]["id"] for h in ("LA", "A1", "A2")}  # not the author, not the other branch
    # when Anu picks the better reply
    better = item["options"].index(texts()["better"]["en"])
    answer = (await api.ok(ANSWER, {"i": {"itemId": item_id, "choice": better, "clientMutationId": new_id()}},
                           token=a1))["answerItem"]
    # then it is right, with the author's why
    assert answer == {"correct": True, "explanation": texts()["why"]["en"]}

    # when the manager withdraws it
    withdrawn = (await api.ok(WITHDRAW, {"i": {"scenarioId": draft["id"], "reason": "The process changed.",
                                               "clientMutationId": new_id()}}, token=token_for(people["MA"])))[
        "withdrawScenario"]
    # then the history says who did what, when
    assert [(h["action"], h["actor"]["hrId"], h["reason"]) for h in withdrawn["history"]] == [
        ("drafted", "MA", None), ("approved", "HR1", None), ("withdrawn", "MA", "The process changed.")]
    # and it is no longer planned for the team, nor answerable
    clock.advance(days=1)
    a2 = token_for(people["A2"])
    assert item_id not in [i["id"] for i in (await api.ok(TODAY, token=a2))["today"]["reviewItems"]]
    assert await api.code(ANSWER, {"i": {"itemId": item_id, "choice": 0, "clientMutationId": new_id()}},
                          token=a2) == "ITEM_NOT_FOUND"


async def test_the_rules_of_drafting_approving_and_withdrawing(api):
    people = await given_people()
    hr, manager = token_for(people["HR1"]), token_for(people["MA"])
    # an employee may not draft; the texts must share their languages; the replies must differ
    assert await api.code(DRAFT, {"i": {**texts(), "clientMutationId": new_id()}},
                          token=token_for(people["A1"])) == "FORBIDDEN"
    mixed = {**texts(), "why": {"et": "Sest nii on parem."}, "clientMutationId": new_id()}
    assert await api.code(DRAFT, {"i": mixed}, token=manager) == "SCENARIO_LANGUAGES_DIFFER"
    same = {**texts(), "better": texts()["worse"], "clientMutationId": new_id()}
    assert await api.code(DRAFT, {"i": same}, token=manager) == "SCENARIO_REPLIES_SAME"
    # a retried draft is one draft
    once = {"i": {**texts(), "clientMutationId": new_id()}}
    first = (await api.ok(DRAFT, once, token=manager))["draftScenario"]
    assert (await api.ok(DRAFT, once, token=manager))["draftScenario"]["id"] == first["id"]
    assert await AuthoredScenario.count() == 1
    # HR does not approve their own draft; nobody approves twice; a manager never approves
    own = await given_a_draft(api, people, by="HR1")
    assert await api.code(APPROVE, {"i": {"scenarioId": own["id"], "clientMutationId": new_id()}},
                          token=hr) == "OWN_SCENARIO"
    assert await api.code(APPROVE, {"i": {"scenarioId": first["id"], "clientMutationId": new_id()}},
                          token=manager) == "FORBIDDEN"
    await api.ok(APPROVE, {"i": {"scenarioId": first["id"], "clientMutationId": new_id()}}, token=hr)
    assert await api.code(APPROVE, {"i": {"scenarioId": first["id"], "clientMutationId": new_id()}},
                          token=hr) == "SCENARIO_NOT_DRAFT"
    # another manager cannot see, so cannot withdraw, it; withdrawing twice is refused
    assert await api.code(WITHDRAW, {"i": {"scenarioId": first["id"], "clientMutationId": new_id()}},
                          token=token_for(people["MB"])) == "SCENARIO_NOT_FOUND"
    await api.ok(WITHDRAW, {"i": {"scenarioId": first["id"], "clientMutationId": new_id()}}, token=hr)
    assert await api.code(WITHDRAW, {"i": {"scenarioId": first["id"], "clientMutationId": new_id()}},
                          token=hr) == "SCENARIO_WITHDRAWN"
    # the catalogue's items are untouched by authored ones
    assert not [i for i in (await get_catalogue()).items if i.startswith("authored:")]


async def test_the_review_pool_follows_people_who_join_or_leave_the_team(api, feedback_app, storage, clock):
    from services.learning.directory import importer

    from .feedback_intake_steps import deliver_everything
    from .support import STANDARD_ORG, given_org, org_csv

    # given the store manager's scenario, approved for his team (Liis, Anu, Andres)
    people = await given_org()
    draft = await given_a_draft(api, people)
    approved = (await api.ok(APPROVE, {"i": {"scenarioId": draft["id"], "clientMutationId": new_id()}},
                             token=token_for(people["HR1"])))["approveScenario"]
    item_id = approved["reviewItemId"]
    await deliver_everything(feedback_app, storage, clock)  # the first import's events change nothing here

    async def reviewers() -> set[str]:
        by_id = {p["id"]: h for h, p in people.items()}
        return {by_id[r["employee"]] for r in await ReviewCard.select().where(ReviewCard.item_id == item_id)}

    assert await reviewers() == {"LA", "A1", "A2"}
    # when, a day later, a new cashier joins under the shift lead and Andres moves to the logistics team
    clock.advance(days=1)
    moved = [r if r[0] != "A2" else (*r[:5], "MB", *r[6:]) for r in STANDARD_ORG]
    joiner = ("A3", "Anne Aru", "a3@test.ee", "Cashier", "cashier", "LA", "en", "Europe/Tallinn", "employee")
    report = await importer.run_import(org_csv([*moved, joiner]), dry_run=False, now=clock.now())
    assert not report.errors
    await deliver_everything(feedback_app, storage, clock)
    people = {p["hr_id"]: p for p in await Employee.select()}
    # then the newcomer has the team's scenario due today, and Andres no longer reviews it
    assert await reviewers() == {"LA", "A1", "A3"}
    newcomer = (await api.ok(TODAY, token=token_for(people["A3"])))["today"]["reviewItems"]
    assert item_id in [i["id"] for i in newcomer]
    assert item_id not in [i["id"] for i in (await api.ok(TODAY, token=token_for(people["A2"])))["today"]["reviewItems"]]
    # and a scenario the store manager's team gets approved later does not reach Andres either
    later = await given_a_draft(api, people)
    later_item = (await api.ok(APPROVE, {"i": {"scenarioId": later["id"], "clientMutationId": new_id()}},
                               token=token_for(people["HR1"])))["approveScenario"]["reviewItemId"]
    later_reviewers = {r["employee"] for r in await ReviewCard.select().where(ReviewCard.item_id == later_item)}
    assert later_reviewers == {people[h]["id"] for h in ("LA", "A1", "A3")}
    # when the same events arrive again (at-least-once delivery), nothing changes
    await deliver_everything(feedback_app, storage, clock)
    assert await reviewers() == {"LA", "A1", "A3"}
