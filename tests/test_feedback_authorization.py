"""Who may call what in the feedback service: every query and mutation, and the guarded fields, against every
kind of caller.

The rule (the issue): employees see feedback about themselves; managers their subtree; HR and admin everything;
the public can only submit feedback and answer surveys. The matrix below is the specification. Each row is one
operation (or one guarded field) aimed at a target, each column one caller; a cell is OK (the call succeeds and
returns the data) or the exact `extensions.code`. The target is Anu (A1), a cashier under shift lead Liis (LA),
under store manager Mart (MA), under the CEO. Marko (MB) manages the other branch, so A1 is outside his scope.
EX is an admin who has left: the replica has them deactivated, so their token opens nothing that needs a
signed-in staff member, whatever role it names; the public operations do not look at a token at all.

The data is real: complaints are recorded, acknowledged and resolved through the feedback GraphQL API; the
follow-up survey comes from loyalty's own consumer of the complaint.resolved event.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from .support import STANDARD_ORG, Api, given_org, given_replica, new_id, token_for

OK = "OK"
U = "UNAUTHENTICATED"
F = "FORBIDDEN"
NNF = "NOTIFICATION_NOT_FOUND"  # someone else's notification does not exist for the caller
FNF = "FEEDBACK_NOT_FOUND"
SNF = "SURVEY_NOT_FOUND"  # the complaint was never resolved: no survey yet
CNR = "COMPLAINT_NOT_RESOLVED"
BNF = "BADGE_NOT_FOUND"  # someone else's badge outside the caller's scope does not exist for them
TNF = "TEAM_NOT_FOUND"  # HR and admin may see any team: an unknown one is not found

CALLERS = ("anonymous", "employee", "manager_LA", "manager_MA", "manager_MB", "hr", "admin", "deactivated")
HR_ID = {
    "employee": "A1",
    "manager_LA": "LA",
    "manager_MA": "MA",
    "manager_MB": "MB",
    "hr": "HR1",
    "admin": "CEO",
    "deactivated": "EX",
}
EVERYONE = (OK,) * len(CALLERS)

# fmt: off
MATRIX: dict[str, tuple[str, ...]] = {
    #                                          anon  A1    LA    MA    MB    HR1   CEO   EX(deactivated)
    # Gateways and health dashboards read these without a user.
    "Query.serviceName":                       EVERYONE,
    "Query._service":                          EVERYONE,
    # Recognition is shown company-wide (the organisation leaderboard ranks everyone): points, level, badges.
    "Query._entities":                         (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Employee.nps":                            (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Employee.nps[B1]":                        (U,   F,    F,    F,    OK,   OK,   OK,   U),
    "Query.feedbackItem":                      (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Query.feedbackItem[B1]":                  (U,   F,    F,    F,    OK,   OK,   OK,   U),
    "Query.feedbackItem[unknown id]":          (U,   FNF,  FNF,  FNF,  FNF,  FNF,  FNF,  U),
    # A complaint handed to MB: its owner sees it too (and A1's line still does).
    "Query.feedbackItem[owned by MB]":         (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    # The contact is a field of its own: HR, admin and the complaint's owner see it, the rest see null; A1 owns
    # this complaint about herself because she took it, so she does not (see _customer_seen)...
    "Feedback.customer":                       (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    # ...but when her manager hands it to her, she does.
    "Feedback.customer[assigned to A1 by LA]": (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    # Everyone signed in may list; what the list holds is the caller's scope (see _feedback_scope).
    "Query.feedback":                          (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Query.publicCode":                        EVERYONE,
    "Query.complaintHistory":                  (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Query.responseTargets":                   (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    # A resolved complaint's anonymised text, to draft a practice scenario from: the managers above the person it
    # is about (not the person, not the other branch), HR and admin.
    "Query.anonymisedComplaint":               (U,   F,    OK,   OK,   F,    OK,   OK,   U),
    # Whoever may see the complaint sees whether its survey reached the customer (never the link itself).
    "Query.surveyStatus":                      (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Query.surveyStatus[unresolved]":          (U,   SNF,  SNF,  SNF,  F,    SNF,  SNF,  U),
    "Query.publicSurvey":                      EVERYONE,
    # The customer pages' brand and "what went wrong" picker: no sign-in, nothing about anyone.
    "Query.organisationBrand":                 EVERYONE,
    "Query.publicComplaintCategories":         EVERYONE,
    "Query.nps":                               (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Query.nps[teamOf LA]":                    (U,   F,    OK,   OK,   F,    OK,   OK,   U),
    "Query.nps[organisation]":                 (U,   F,    F,    F,    F,    OK,   OK,   U),
    # CSAT comes from the same answers as NPS and is read by the same rules.
    "Query.csat":                              (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Query.csat[teamOf LA]":                   (U,   F,    OK,   OK,   F,    OK,   OK,   U),
    "Query.csat[organisation]":                (U,   F,    F,    F,    F,    OK,   OK,   U),
    # A member's service figures (open complaints, breaches, CSAT): themselves, their managers, HR, admin.
    "Employee.recognition.csat":               (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    # A team: its manager and the managers above, HR and admin; a peer's team and an unknown one answer alike.
    "Team._entities[LA]":                      (U,   F,    OK,   OK,   F,    OK,   OK,   U),
    "Team._entities[unknown id]":              (U,   F,    F,    F,    F,    TNF,  TNF,  U),
    "Query.myRecognition":                     (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    # One's own name on the organisation boards: everyone signed in decides for themselves only.
    "Mutation.setMyLeaderboardVisibility":     (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Query.leaderboard":                       (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    # A badge's credential: its holder (A1), the managers above her, HR and admin; HR and admin export them all.
    "Query.badgeCredential":                   (U,   OK,   OK,   OK,   BNF,  OK,   OK,   U),
    "Query.badgeCredentials":                  (U,   F,    F,    F,    F,    OK,   OK,   U),
    "Query.pointRules":                        (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Query.myNotifications":                   (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    # Any active employee records feedback about anyone (praise about oneself aside).
    "Mutation.submitFeedback":                 (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    # A retry answers as the recording did: it shows the recorder nothing of the handling they may not see.
    "Mutation.submitFeedback[retried later]":  (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Mutation.replyToFeedback":                (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Mutation.replyToFeedback[B1]":            (U,   F,    F,    F,    OK,   OK,   OK,   U),
    "Mutation.createPublicCode":               (U,   F,    OK,   OK,   F,    OK,   OK,   U),
    "Mutation.createPublicCode[location]":     (U,   F,    OK,   OK,   OK,   OK,   OK,   U),
    # A team's QR sheet: whoever may see the team (LA's: LA, the managers above, HR, admin).
    "Mutation.createTeamFeedbackCodes":        (U,   F,    OK,   OK,   F,    OK,   OK,   U),
    # The customer form: no sign-in, and whatever token comes along is not looked at.
    "Mutation.submitPublicFeedback":           EVERYONE,
    "Mutation.acknowledgeComplaint":           (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Mutation.transferComplaint":              (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Mutation.resolveComplaint":               (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    # Once LA owns it, A1 still sees the complaint about her but no longer acts on it.
    "Mutation.resolveComplaint[owned by LA]":  (U,   F,    OK,   OK,   F,    OK,   OK,   U),
    # Handed to MB: handling follows the owner's line, which A1's managers are not in...
    "Mutation.resolveComplaint[owned by MB]":  (U,   F,    F,    F,    OK,   OK,   OK,   U),
    "Mutation.closeComplaint":                 (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    # ...but closing stays open to them: they answer for the service the customer received.
    "Mutation.closeComplaint[owned by MB]":    (U,   F,    OK,   OK,   OK,   OK,   OK,   U),
    "Mutation.reopenComplaint":                (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    # Whoever may acknowledge or handle a complaint may set its category (its subject A1 too)...
    "Mutation.categoriseComplaint":            (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    # ...and the owner when it was handed outside the subject's line.
    "Mutation.categoriseComplaint[owned by MB]": (U, OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Mutation.setResponseTarget":              (U,   F,    F,    F,    F,    F,    OK,   U),
    "Mutation.answerSurvey":                   EVERYONE,
    # A customer-facing screen for an in-person complaint: its owner (A1), their managers, HR and admin.
    "Mutation.presentSurveyInPerson":          (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Mutation.recordLoyaltyOutcome":           (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Mutation.recordLoyaltyOutcome[integration]": (U, F,   F,    F,    F,    OK,   OK,   U),
    "Mutation.recordLoyaltyOutcome[unresolved]": (U,  CNR,  CNR,  CNR,  F,    CNR,  CNR,  U),
    "Mutation.setPointRule":                   (U,   F,    F,    F,    F,    F,    OK,   U),
    "Mutation.eraseCustomer":                  (U,   F,    F,    F,    F,    F,    OK,   U),
    "Mutation.markNotificationRead":           (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Mutation.markNotificationRead[A1's]":     (U,   OK,   NNF,  NNF,  NNF,  NNF,  NNF,  U),
}
# fmt: on

# Cells where the service does not yet do what the rule says: (operation, caller) -> why. The cell above is
# the rule; the test of that cell is expected to fail until the service is fixed (strict: it must then pass).
KNOWN_GAPS: dict[tuple[str, str], str] = {}

EX_ROW = ("EX", "Eero Ex", "ex@test.ee", "Former CFO", "manager", "CEO", "et", "Europe/Tallinn", "admin")
CONTACT = {"name": "Mari Maasikas", "email": "mari.maasikas@example.com", "phone": "+372 5555 0101"}

SUBMIT = """mutation($i: SubmitFeedbackInput!) {
  submitFeedback(input: $i) { id kind status subjects { id name } recordedBy { name } } }"""
STEP = """mutation($i: %sInput!) { %s(input: $i) { feedbackId status ownerId } }"""
SURVEY_STATUS = "query($id: ID!) { surveyStatus(feedbackId: $id) { resolution state delivery } }"
PRESENT = "mutation($i: PresentSurveyInPersonInput!) { presentSurveyInPerson(input: $i) { url expiresAt } }"


@dataclass
class World:
    api: Api
    people: dict[str, dict]
    now: dt.datetime
    token: dict[str, str | None] = field(default_factory=dict)
    caller: str = "anonymous"

    def id(self, hr_id: str) -> str:
        return str(self.people[hr_id]["id"])

    async def feedback(self, kind: str, *, about: str, by: str, contact: dict | None = None, channel: str = "PHONE") -> str:
        """Feedback recorded through GraphQL by `by` (an hr id) about one person: its id."""
        extra = {"category": "RUDE_TONE", "rating": 2} if kind == "COMPLAINT" else {"rating": 5}
        submission = {"kind": kind, "channel": channel, "subjectIds": [self.id(about)], "body": f"{kind} about {about}",
                      "contact": contact, "consent": contact is not None, "clientMutationId": new_id(), **extra}
        item = (await self.api.ok(SUBMIT, {"i": submission}, token=token_for(self.people[by])))["submitFeedback"]
        return item["id"]

    async def step(self, action: str, feedback_id: str, *, by: str, **extra: str) -> dict:
        """One complaint step through GraphQL, taken by `by`."""
        name = f"{action}Complaint"
        query = STEP % (name[0].upper() + name[1:], name)
        variables = {"i": {"feedbackId": feedback_id, "clientMutationId": new_id(), **extra}}
        return (await self.api.ok(query, variables, token=token_for(self.people[by])))[name]

    async def complaint(
        self, *, about: str = "A1", by: str = "LA", owner: str | None = None, resolved: bool = False,
        channel: str = "PHONE",
    ) -> str:
        """A phone complaint about `about` with the customer's contact; acknowledged by `owner` (who then owns it)
        and resolved by them when asked, its follow-up survey made by loyalty's consumer of the event. MB, who
        may not acknowledge it, gets it handed over by A1 (its subject) after she acknowledged it."""
        feedback_id = await self.feedback("COMPLAINT", about=about, by=by, contact=CONTACT, channel=channel)
        if owner == "MB":
            await self.step("acknowledge", feedback_id, by=about)
            await self.step("transfer", feedback_id, by=about, toStaffId=self.id("MB"), reason="MB ships the goods.")
        elif owner:
            await self.step("acknowledge", feedback_id, by=owner)
        if resolved:
            await self.step("resolve", feedback_id, by=owner)
            await given_follow_up_surveys()
        return feedback_id

    async def survey_token(self, feedback_id: str) -> str:
        """The token of the survey link the customer is e-mailed (no staff member ever sees it)."""
        from services.feedback.loyalty import service as loyalty

        survey = await loyalty.latest_survey(feedback_id=uuid.UUID(feedback_id))
        return loyalty.survey_token(survey["id"])

    async def answered(self, *, about: str, by: str, score: int) -> str:
        """A complaint resolved by its subject, whose customer answered the survey with the NPS score."""
        feedback_id = await self.complaint(about=about, by=by, owner=about, resolved=True)
        token = await self.survey_token(feedback_id)
        await self.api.ok(
            "mutation($i: AnswerSurveyInput!) { answerSurvey(input: $i) { state } }",
            {"i": {"token": token, "csat": 4, "nps": score}},
        )
        return feedback_id

    async def notifications(self) -> dict[str, str]:
        """One notification for every person (EX too): notification id by hr id."""
        from services.feedback.notifications import service as notifications
        from services.feedback.notifications.tables import Notification

        await notifications.notify_many(
            notifications=[
                {"recipient": p["id"], "kind": "complaint.acknowledge_overdue", "subject": f"test:{h}",
                 "data": {"for": h}}
                for h, p in self.people.items()
            ],
            now=self.now,
        )
        rows = await Notification.select(Notification.id, Notification.subject)
        return {r["subject"].removeprefix("test:"): str(r["id"]) for r in rows}

    async def public_code(self) -> str:
        from services.feedback.directory import service as directory
        from services.feedback.intake import service as intake

        staff = await directory.get(employee_id=self.people["A1"]["id"])
        return (await intake.create_public_code(employee=staff, location=None, now=self.now))["code"]


async def given_follow_up_surveys() -> None:
    """Hand the stored complaint.resolved events to loyalty's consumer, as the worker would: it makes the surveys."""
    from services.feedback.loyalty.jobs import create_follow_up_survey
    from services.feedback.platform_tables import OutboxEvent

    rows = await OutboxEvent.select().where(OutboxEvent.topic == "complaint.resolved").order_by(OutboxEvent.created_at)
    for row in rows:
        payload = json.loads(row["payload"]) if isinstance(row["payload"], str) else row["payload"]
        await create_follow_up_survey({"id": str(row["id"]), "topic": row["topic"], "payload": payload,
                                       "occurred_at": row["created_at"].isoformat(), "source": "feedback"})


Prepared = tuple[str, dict[str, Any]]
Check = Callable[[dict, str], None]


@dataclass
class Case:
    prepare: Callable[[World], Awaitable[Prepared]]
    check: Check | None = None


async def _fixed(query: str, variables: dict | None = None) -> Prepared:
    return query, variables or {}


async def _given_a1_badge(w: World) -> str:
    """A1's thirty-day-streak badge, as the learning milestone's event awards it."""
    from services.feedback.recognition import badges

    await badges.award_milestone(employee_id=w.people["A1"]["id"], milestone=badges.STREAK_30_MILESTONE, at=w.now)
    return str((await badges.badges_many(employee_ids=[w.people["A1"]["id"]]))[0][0]["id"])


async def _a1_badge(w: World) -> Prepared:
    query = "query($id: ID!) { badgeCredential(badgeId: $id) { jwt holder { name } } }"
    return query, {"id": await _given_a1_badge(w)}


async def _badges_of_march(w: World) -> Prepared:
    await _given_a1_badge(w)
    query = "query($f: DateTime!, $t: DateTime!) { badgeCredentials(from: $f, to: $t) { items { jwt } } }"
    return query, {"f": (w.now - dt.timedelta(days=1)).isoformat(), "t": (w.now + dt.timedelta(days=1)).isoformat()}


def _assert_eq(actual, expected) -> None:
    assert actual == expected


def _assert_true(value) -> None:
    assert value


ITEM = "query($id: ID!) { feedbackItem(id: $id) { id kind subjects { name } } }"


async def _item(w: World, about: str, owner: str | None = None) -> Prepared:
    feedback_id = await (w.complaint(owner=owner) if about == "A1" else w.feedback("PRAISE", about="B1", by="MB"))
    return ITEM, {"id": feedback_id}


async def _customer(w: World) -> Prepared:
    feedback_id = await w.complaint(owner="A1")
    return "query($id: ID!) { feedbackItem(id: $id) { id customer { email } } }", {"id": feedback_id}


async def _assigned_customer(w: World) -> Prepared:
    feedback_id = await w.complaint(owner="LA")
    await w.step("transfer", feedback_id, by="LA", toStaffId=w.id("A1"), reason="Anu knows this customer.")
    return "query($id: ID!) { feedbackItem(id: $id) { id customer { email } } }", {"id": feedback_id}


def _customer_seen_by(*seers: str) -> Check:
    def check(data: dict, caller: str) -> None:
        customer = data["feedbackItem"]["customer"]
        if caller in seers:
            assert customer == {"email": CONTACT["email"]}
        else:
            assert customer is None

    return check


async def _list(w: World) -> Prepared:
    await w.complaint()
    await w.feedback("PRAISE", about="A2", by="LA")
    await w.feedback("PRAISE", about="B1", by="MB")
    return "{ feedback(first: 50) { items { subjects { name } } } }", {}


def _feedback_scope(data: dict, caller: str) -> None:
    """One item about each of A1, A2 and B1: the caller's list holds exactly those in their scope."""
    hr_id = {r[1]: r[0] for r in STANDARD_ORG}
    seen = [hr_id[s["name"]] for item in data["feedback"]["items"] for s in item["subjects"]]
    expected = {
        "employee": ["A1"],
        "manager_LA": ["A1", "A2"],
        "manager_MA": ["A1", "A2"],
        "manager_MB": ["B1"],
        "hr": ["A1", "A2", "B1"],
        "admin": ["A1", "A2", "B1"],
    }[caller]
    assert sorted(seen) == expected


async def _entities(w: World, target: str, selection: str) -> Prepared:
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { %s } } }" % selection
    return query, {"r": [{"__typename": "Employee", "id": w.id(target)}]}


async def _nps_world(w: World) -> None:
    await w.answered(about="A1", by="LA", score=10)
    await w.answered(about="B1", by="MB", score=3)


NPS = "query($e: ID, $t: ID, $o: Boolean!) { nps(employeeId: $e, teamOf: $t, organisation: $o) { responses score } }"


async def _nps(w: World, *, employee: str | None = None, team: str | None = None) -> Prepared:
    await _nps_world(w)
    return NPS, {"e": w.id(employee) if employee else None, "t": w.id(team) if team else None,
                 "o": employee is None and team is None}


async def _entity_nps(w: World, target: str) -> Prepared:
    await _nps_world(w)
    return await _entities(w, target, "id nps { responses score }")


async def _history(w: World) -> Prepared:
    feedback_id = await w.complaint(owner="A1")
    return "query($id: ID!) { complaintHistory(feedbackId: $id) { action actor { name } } }", {"id": feedback_id}


async def _anonymised(w: World) -> Prepared:
    feedback_id = await w.complaint(owner="A1", resolved=True)
    return "query($id: ID!) { anonymisedComplaint(feedbackId: $id) { situation } }", {"id": feedback_id}


async def _survey_status(w: World) -> Prepared:
    feedback_id = await w.complaint(owner="A1", resolved=True)
    return SURVEY_STATUS, {"id": feedback_id}


async def _unresolved_survey_status(w: World) -> Prepared:
    return SURVEY_STATUS, {"id": await w.complaint(owner="A1")}


async def _present_in_person(w: World) -> Prepared:
    feedback_id = await w.complaint(owner="A1", resolved=True, channel="IN_PERSON")
    return PRESENT, {"i": {"feedbackId": feedback_id, "clientMutationId": new_id()}}


async def _public_survey(w: World) -> Prepared:
    token = await w.survey_token(await w.complaint(owner="A1", resolved=True))
    return "query($t: String!) { publicSurvey(token: $t) { state } }", {"t": token}


async def _answer_survey(w: World) -> Prepared:
    token = await w.survey_token(await w.complaint(owner="A1", resolved=True))
    return (
        "mutation($i: AnswerSurveyInput!) { answerSurvey(input: $i) { state } }",
        {"i": {"token": token, "csat": 5, "nps": 9, "comment": "Sorted out quickly."}},
    )


async def _submit(w: World) -> Prepared:
    return SUBMIT, {"i": {"kind": "PRAISE", "channel": "IN_PERSON", "subjectIds": [w.id("A2")], "rating": 5,
                          "body": "Andres kept the floor spotless.", "clientMutationId": new_id()}}


async def _reply(w: World, about: str) -> Prepared:
    feedback_id = await (w.complaint() if about == "A1" else w.feedback("PRAISE", about="B1", by="MB"))
    return (
        "mutation($id: ID!, $b: String!, $c: String!) { replyToFeedback(input: {feedbackId: $id, body: $b, "
        "clientMutationId: $c}) { id body feedback { id firstReplyAt } } }",
        {"id": feedback_id, "b": "Thank you, we are on it.", "c": new_id()},
    )


RETRIED = """mutation($i: SubmitFeedbackInput!) {
  submitFeedback(input: $i) { id status owner { name } firstReplyAt replies { body } } }"""


async def _retry_submit(w: World) -> Prepared:
    """The caller records a complaint about A1 (A1 does, for those who cannot); A1 takes it and LA answers;
    then the caller's app retries the recording with the same clientMutationId."""
    recorder = HR_ID[w.caller] if w.caller not in ("anonymous", "deactivated") else "A1"
    submission = {"kind": "COMPLAINT", "channel": "EMAIL", "subjectIds": [w.id("A1")], "category": "SLOW_RESPONSE",
                  "body": "Nobody wrote back for a week.", "clientMutationId": new_id()}
    recorded = await w.api.ok(RETRIED, {"i": submission}, token=token_for(w.people[recorder]))
    feedback_id = recorded["submitFeedback"]["id"]
    await w.step("acknowledge", feedback_id, by="A1")
    await w.api.ok(
        "mutation($id: ID!, $c: String!) { replyToFeedback(input: {feedbackId: $id, body: \"Sorry, A1 calls you today.\", "
        "clientMutationId: $c}) { id } }",
        {"id": feedback_id, "c": new_id()},
        token=token_for(w.people["LA"]),
    )
    return RETRIED, {"i": submission}


def _retried(data: dict, caller: str) -> None:
    item = data["submitFeedback"]
    if caller == "manager_MB":  # outside A1's scope: the item as it was recorded, nothing since
        assert (item["status"], item["owner"], item["firstReplyAt"], item["replies"]) == ("RECEIVED", None, None, [])
    else:  # may see it: the item as it is now
        assert (item["status"], item["owner"], item["replies"]) == (
            "ACKNOWLEDGED", {"name": "Anu Aas"}, [{"body": "Sorry, A1 calls you today."}])


CREATE_CODE = """mutation($e: ID, $l: String) {
  createPublicCode(input: {employeeId: $e, location: $l}) { code path location employee { name } } }"""


async def _public_code(w: World) -> Prepared:
    return "query($c: String!) { publicCode(code: $c) { code firstName jobTitle } }", {"c": await w.public_code()}


async def _public_feedback(w: World) -> Prepared:
    return (
        "mutation($i: SubmitPublicFeedbackInput!) { submitPublicFeedback(input: $i) { received message } }",
        {"i": {"code": await w.public_code(), "kind": "PRAISE", "rating": 5, "body": "Anu was lovely."}},
    )


async def _step(w: World, action: str, *, owner: str = "A1", resolved: bool = False, **extra) -> Prepared:
    feedback_id = await w.complaint(owner=owner if action != "acknowledge" else None, resolved=resolved)
    name = f"{action}Complaint"
    query = STEP % (name[0].upper() + name[1:], name)
    return query, {"i": {"feedbackId": feedback_id, "clientMutationId": new_id(), **extra}}


CATEGORISE = """mutation($i: CategoriseComplaintInput!) {
  categoriseComplaint(input: $i) { feedbackId category lessonId lessonRequested } }"""


async def _categorise(w: World, *, owner: str) -> Prepared:
    feedback_id = await w.complaint(owner=owner)
    return CATEGORISE, {"i": {"feedbackId": feedback_id, "category": "LATE_DELIVERY", "clientMutationId": new_id()}}


def _categorised(data: dict, caller: str) -> None:
    assert data["categoriseComplaint"]["category"] == "LATE_DELIVERY"
    assert (data["categoriseComplaint"]["lessonId"], data["categoriseComplaint"]["lessonRequested"]) == (
        "sit-review-late-order", True)


def _stepped(name: str, status: str) -> Check:
    return lambda d, c: _assert_eq(d[name]["status"], status)


async def _outcome(w: World, source: str) -> Prepared:
    feedback_id = await w.complaint(owner="A1", resolved=True)
    return (
        "mutation($i: RecordLoyaltyOutcomeInput!) { recordLoyaltyOutcome(input: $i) { feedbackId kind source } }",
        {"i": {"feedbackId": feedback_id, "kind": "RETURNED", "source": source, "clientMutationId": new_id()}},
    )


async def _unresolved_outcome(w: World) -> Prepared:
    feedback_id = await w.complaint(owner="A1")
    return (
        "mutation($i: RecordLoyaltyOutcomeInput!) { recordLoyaltyOutcome(input: $i) { id } }",
        {"i": {"feedbackId": feedback_id, "kind": "RETURNED", "clientMutationId": new_id()}},
    )


async def _erase(w: World) -> Prepared:
    await w.complaint(owner="A1")
    return (
        "mutation($e: String!) { eraseCustomer(input: {email: $e}) { customersErased feedbackScrubbed } }",
        {"e": CONTACT["email"]},
    )


async def _my_notifications(w: World) -> Prepared:
    await w.notifications()
    return "{ myNotifications(first: 20) { items { id kind data readAt } } }", {}


def _own_notifications(data: dict, caller: str) -> None:
    assert [n["data"] for n in data["myNotifications"]["items"]] == [{"for": HR_ID[caller]}]


async def _mark_read(w: World, owner: str | None = None) -> Prepared:
    ids = await w.notifications()
    whose = owner or HR_ID.get(w.caller, "A1")
    return "mutation($id: ID!) { markNotificationRead(input: {id: $id}) { id data readAt } }", {"id": ids[whose]}


def _read(whose: str | None = None) -> Check:
    def check(data: dict, caller: str) -> None:
        notification = data["markNotificationRead"]
        assert notification["data"] == {"for": whose or HR_ID[caller]} and notification["readAt"]

    return check


CSAT = "query($e: ID, $t: ID, $o: Boolean!) { csat(employeeId: $e, teamOf: $t, organisation: $o) { mean answers } }"


async def _csat(w: World, *, employee: str | None = None, team: str | None = None) -> Prepared:
    await _nps_world(w)
    return CSAT, {"e": w.id(employee) if employee else None, "t": w.id(team) if team else None,
                  "o": employee is None and team is None}


async def _team(w: World, manager_id: str) -> Prepared:
    query = ("query($r: [_Any!]!) { _entities(representations: $r) { ... on Team { managerId "
             "recognition { openComplaints csat { answers } } membersByService { items { name } } } } }")
    return query, {"r": [{"__typename": "Team", "managerId": manager_id}]}


def _team_is(manager: str) -> Check:
    def check(data: dict, caller: str) -> None:
        team = data["_entities"][0]
        assert team["recognition"] == {"openComplaints": 0, "csat": {"answers": 0}}
        assert {m["name"] for m in team["membersByService"]["items"]} == {"Anu Aas", "Andres Allik"}

    return check


def _entity_nps_is(responses: int, score: int) -> Check:
    return lambda d, c: _assert_eq(d["_entities"][0]["nps"], {"responses": responses, "score": score})


CASES: dict[str, Case] = {
    "Query.serviceName": Case(lambda w: _fixed("{ serviceName }"),
                              lambda d, c: _assert_eq(d["serviceName"], "feedback")),
    "Query._service": Case(lambda w: _fixed("{ _service { sdl } }"),
                           lambda d, c: _assert_true('type Employee @key(fields: "id")' in d["_service"]["sdl"])),
    "Query._entities": Case(
        lambda w: _entities(w, "A1", "id name recognition { points pendingPoints level badges { key } }"),
        lambda d, c: _assert_eq({k: v for k, v in d["_entities"][0].items() if k != "id"},
                                {"name": "Anu Aas",
                                 "recognition": {"points": 0, "pendingPoints": 0, "level": 1, "badges": []}}),
    ),
    "Employee.nps": Case(lambda w: _entity_nps(w, "A1"), _entity_nps_is(1, 100)),
    "Employee.nps[B1]": Case(lambda w: _entity_nps(w, "B1"), _entity_nps_is(1, -100)),
    "Query.feedbackItem": Case(lambda w: _item(w, "A1"),
                               lambda d, c: _assert_eq(d["feedbackItem"]["subjects"], [{"name": "Anu Aas"}])),
    "Query.feedbackItem[owned by MB]": Case(
        lambda w: _item(w, "A1", owner="MB"),
        lambda d, c: _assert_eq(d["feedbackItem"]["subjects"], [{"name": "Anu Aas"}]),
    ),
    "Query.feedbackItem[unknown id]": Case(lambda w: _fixed(ITEM, {"id": new_id()})),
    "Query.feedbackItem[B1]": Case(lambda w: _item(w, "B1"),
                                   lambda d, c: _assert_eq(d["feedbackItem"]["subjects"], [{"name": "Birgit Berg"}])),
    # A1 took the complaint about herself: only HR and admin see the customer.
    "Feedback.customer": Case(_customer, _customer_seen_by("hr", "admin")),
    "Feedback.customer[assigned to A1 by LA]": Case(_assigned_customer, _customer_seen_by("employee", "hr", "admin")),
    "Query.feedback": Case(_list, _feedback_scope),
    "Query.publicCode": Case(_public_code, lambda d, c: _assert_eq(
        (d["publicCode"]["firstName"], d["publicCode"]["jobTitle"]), ("Anu", "Cashier"))),
    "Query.complaintHistory": Case(_history, lambda d, c: _assert_eq(
        d["complaintHistory"], [{"action": "ACKNOWLEDGE", "actor": {"name": "Anu Aas"}}])),
    "Query.anonymisedComplaint": Case(_anonymised, lambda d, c: _assert_eq(
        d["anonymisedComplaint"]["situation"], "COMPLAINT about A1")),
    "Query.responseTargets": Case(
        lambda w: _fixed("{ responseTargets { channel acknowledgeSeconds configured } }"),
        lambda d, c: _assert_true({"channel": "PHONE", "acknowledgeSeconds": 60, "configured": False}
                                  in d["responseTargets"]),
    ),
    "Query.surveyStatus[unresolved]": Case(_unresolved_survey_status),
    "Query.surveyStatus": Case(_survey_status, lambda d, c: _assert_eq(
        d["surveyStatus"], {"resolution": 0, "state": "OPEN", "delivery": "NOT_SENT"})),
    "Mutation.presentSurveyInPerson": Case(_present_in_person, lambda d, c: _assert_true(
        "survey.html?token=" in d["presentSurveyInPerson"]["url"])),
    "Query.publicSurvey": Case(_public_survey, lambda d, c: _assert_eq(d["publicSurvey"]["state"], "OPEN")),
    "Query.organisationBrand": Case(lambda w: _fixed("{ organisationBrand { name colour } }"),
                                    lambda d, c: _assert_eq(d["organisationBrand"]["name"], "Demo Kaubamaja")),
    "Query.publicComplaintCategories": Case(
        lambda w: _fixed("{ publicComplaintCategories(locale: EN) { category label } }"),
        lambda d, c: _assert_eq(d["publicComplaintCategories"][0], {"category": "SLOW_RESPONSE",
                                                                    "label": "I waited too long"}),
    ),
    "Query.nps": Case(lambda w: _nps(w, employee="A1"),
                      lambda d, c: _assert_eq(d["nps"], {"responses": 1, "score": 100})),
    "Query.nps[teamOf LA]": Case(lambda w: _nps(w, team="LA"),
                                 lambda d, c: _assert_eq(d["nps"], {"responses": 1, "score": 100})),
    "Query.nps[organisation]": Case(lambda w: _nps(w),
                                    lambda d, c: _assert_eq(d["nps"], {"responses": 2, "score": 0})),
    "Query.csat": Case(lambda w: _csat(w, employee="A1"),
                       lambda d, c: _assert_eq(d["csat"], {"mean": 4.0, "answers": 1})),
    "Query.csat[teamOf LA]": Case(lambda w: _csat(w, team="LA"),
                                  lambda d, c: _assert_eq(d["csat"], {"mean": 4.0, "answers": 1})),
    "Query.csat[organisation]": Case(lambda w: _csat(w),
                                     lambda d, c: _assert_eq(d["csat"], {"mean": 4.0, "answers": 2})),
    "Employee.recognition.csat": Case(
        lambda w: _entities(w, "A1", "id recognition { pointsThisWeek openComplaints targetBreaches30Days "
                                     "csat { answers } }"),
        lambda d, c: _assert_eq(d["_entities"][0]["recognition"], {
            "pointsThisWeek": 0, "openComplaints": 0, "targetBreaches30Days": 0, "csat": {"answers": 0}}),
    ),
    "Team._entities[LA]": Case(lambda w: _team(w, w.id("LA")), _team_is("LA")),
    "Team._entities[unknown id]": Case(lambda w: _team(w, new_id())),
    "Mutation.setMyLeaderboardVisibility": Case(
        lambda w: _fixed(
            "mutation($i: SetMyLeaderboardVisibilityInput!) { setMyLeaderboardVisibility(input: $i) { showName } }",
            {"i": {"showName": False, "clientMutationId": str(uuid.uuid4())}},
        ),
        lambda d, c: _assert_eq(d["setMyLeaderboardVisibility"]["showName"], False),
    ),
    "Query.myRecognition": Case(
        lambda w: _fixed("{ myRecognition { points pendingPoints level badges { key } history { items { id } } } }"),
        lambda d, c: _assert_eq(d["myRecognition"]["level"], 1),
    ),
    "Query.leaderboard": Case(
        lambda w: _fixed("{ leaderboard(period: WEEK, scope: ORGANISATION) { total me { isMe } entries { rank } } }"),
        # Everyone active is on the board (EX has left), the caller among them.
        lambda d, c: _assert_eq((d["leaderboard"]["total"], d["leaderboard"]["me"]),
                                (len(STANDARD_ORG), {"isMe": True})),
    ),
    "Query.badgeCredential": Case(
        _a1_badge, lambda d, c: _assert_eq(d["badgeCredential"]["holder"]["name"], "Anu Aas"),
    ),
    "Query.badgeCredentials": Case(
        _badges_of_march, lambda d, c: _assert_eq(len(d["badgeCredentials"]["items"]), 1),
    ),
    "Query.pointRules": Case(lambda w: _fixed("{ pointRules { key points } }"),
                             lambda d, c: _assert_true({"key": "praise_received", "points": 10} in d["pointRules"])),
    "Query.myNotifications": Case(_my_notifications, _own_notifications),
    "Mutation.submitFeedback[retried later]": Case(_retry_submit, _retried),
    "Mutation.submitFeedback": Case(_submit, lambda d, c: _assert_eq(
        (d["submitFeedback"]["kind"], [s["name"] for s in d["submitFeedback"]["subjects"]]),
        ("PRAISE", ["Andres Allik"]),
    )),
    "Mutation.replyToFeedback": Case(lambda w: _reply(w, "A1"),
                                     lambda d, c: _assert_true(d["replyToFeedback"]["feedback"]["firstReplyAt"])),
    "Mutation.replyToFeedback[B1]": Case(lambda w: _reply(w, "B1"),
                                         lambda d, c: _assert_true(d["replyToFeedback"]["feedback"]["firstReplyAt"])),
    "Mutation.createPublicCode": Case(
        lambda w: _fixed(CREATE_CODE, {"e": w.id("A1"), "l": None}),
        lambda d, c: _assert_eq(d["createPublicCode"]["employee"], {"name": "Anu Aas"}),
    ),
    "Mutation.createPublicCode[location]": Case(
        lambda w: _fixed(CREATE_CODE, {"e": None, "l": "Tallinn store"}),
        lambda d, c: _assert_eq(d["createPublicCode"]["location"], "Tallinn store"),
    ),
    "Mutation.createTeamFeedbackCodes": Case(
        lambda w: _fixed("mutation($i: CreateTeamFeedbackCodesInput!) { createTeamFeedbackCodes(input: $i) "
                         "{ created } }", {"i": {"managerId": w.id("LA")}}),
        lambda d, c: _assert_eq(d["createTeamFeedbackCodes"]["created"], 2),
    ),
    "Mutation.submitPublicFeedback": Case(_public_feedback,
                                          lambda d, c: _assert_eq(d["submitPublicFeedback"]["received"], True)),
    "Mutation.acknowledgeComplaint": Case(
        lambda w: _step(w, "acknowledge"), _stepped("acknowledgeComplaint", "ACKNOWLEDGED")),
    "Mutation.transferComplaint": Case(
        lambda w: _step(w, "transfer", toStaffId=w.id("A2"), reason="A2 was on shift that day."),
        _stepped("transferComplaint", "ACKNOWLEDGED"),
    ),
    "Mutation.resolveComplaint": Case(lambda w: _step(w, "resolve"), _stepped("resolveComplaint", "RESOLVED")),
    "Mutation.resolveComplaint[owned by LA]": Case(
        lambda w: _step(w, "resolve", owner="LA"), _stepped("resolveComplaint", "RESOLVED")),
    "Mutation.resolveComplaint[owned by MB]": Case(
        lambda w: _step(w, "resolve", owner="MB"), _stepped("resolveComplaint", "RESOLVED")),
    "Mutation.closeComplaint": Case(lambda w: _step(w, "close", resolved=True), _stepped("closeComplaint", "CLOSED")),
    "Mutation.closeComplaint[owned by MB]": Case(
        lambda w: _step(w, "close", owner="MB", resolved=True), _stepped("closeComplaint", "CLOSED")),
    "Mutation.reopenComplaint": Case(
        lambda w: _step(w, "reopen", resolved=True, reason="The customer called again."),
        _stepped("reopenComplaint", "ACKNOWLEDGED"),
    ),
    "Mutation.categoriseComplaint": Case(lambda w: _categorise(w, owner="A1"), _categorised),
    "Mutation.categoriseComplaint[owned by MB]": Case(lambda w: _categorise(w, owner="MB"), _categorised),
    "Mutation.setResponseTarget": Case(
        lambda w: _fixed("mutation { setResponseTarget(input: {channel: PHONE, acknowledgeSeconds: 120, "
                         "resolveSeconds: 86400}) { channel acknowledgeSeconds configured } }"),
        lambda d, c: _assert_eq(d["setResponseTarget"], {"channel": "PHONE", "acknowledgeSeconds": 120,
                                                         "configured": True}),
    ),
    "Mutation.answerSurvey": Case(_answer_survey, lambda d, c: _assert_eq(d["answerSurvey"]["state"], "ANSWERED")),
    "Mutation.recordLoyaltyOutcome": Case(
        lambda w: _outcome(w, "STAFF"),
        lambda d, c: _assert_eq((d["recordLoyaltyOutcome"]["kind"], d["recordLoyaltyOutcome"]["source"]),
                                ("RETURNED", "STAFF")),
    ),
    "Mutation.recordLoyaltyOutcome[integration]": Case(
        lambda w: _outcome(w, "INTEGRATION"),
        lambda d, c: _assert_eq(d["recordLoyaltyOutcome"]["source"], "INTEGRATION"),
    ),
    "Mutation.recordLoyaltyOutcome[unresolved]": Case(_unresolved_outcome),
    "Mutation.setPointRule": Case(
        lambda w: _fixed("mutation { setPointRule(input: {key: \"praise_received\", points: 15, dailyCap: 10}) "
                         "{ key points defaultPoints } }"),
        lambda d, c: _assert_eq(d["setPointRule"], {"key": "praise_received", "points": 15, "defaultPoints": 10}),
    ),
    "Mutation.eraseCustomer": Case(_erase, lambda d, c: _assert_eq(
        d["eraseCustomer"], {"customersErased": 1, "feedbackScrubbed": 1})),
    "Mutation.markNotificationRead": Case(_mark_read, _read()),
    "Mutation.markNotificationRead[A1's]": Case(lambda w: _mark_read(w, "A1"), _read("A1")),
}


async def given_world(api: Api, now: dt.datetime) -> World:
    """The standard org plus EX (an admin who has left) in the learning service and the feedback replica;
    the replica then hears that EX was deactivated."""
    from services.feedback.directory.service import apply_announcement
    from services.learning.directory.events import employee_event

    people = await given_org([*STANDARD_ORG, EX_ROW])
    await given_replica(people)
    ex = employee_event(people["EX"])[1]
    assert await apply_announcement(employee={**ex, "active": False, "version": ex["version"] + 1})
    world = World(api=api, people=people, now=now)
    world.token = {"anonymous": None, **{caller: token_for(people[h]) for caller, h in HR_ID.items()}}
    return world


def _cell(name: str, caller: str, expected: str):
    gap = KNOWN_GAPS.get((name, caller))
    marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
    return pytest.param(name, caller, expected, id=f"{name}-{caller}", marks=marks)


ROWS = [(name, caller, expected) for name, cells in MATRIX.items() for caller, expected in zip(CALLERS, cells)]


def test_every_row_has_a_cell_for_every_caller_and_a_case():
    assert {name: len(cells) for name, cells in MATRIX.items() if len(cells) != len(CALLERS)} == {}
    assert set(MATRIX) == set(CASES)
    assert len(ROWS) == len(MATRIX) * len(CALLERS)
    assert set(KNOWN_GAPS) <= {(name, caller) for name, caller, _ in ROWS}


def test_the_matrix_covers_every_query_and_mutation_of_the_schema():
    from services.feedback.schema import build_schema

    schema = build_schema()._schema
    in_schema = {f"Query.{name}" for name in schema.query_type.fields} | {
        f"Mutation.{name}" for name in schema.mutation_type.fields
    }
    covered = {name.split("[")[0] for name in MATRIX if name.startswith(("Query.", "Mutation."))}
    assert covered == in_schema
    # The fields that carry their own guard are covered, too.
    assert {"Employee.nps", "Feedback.customer"} <= {name.split("[")[0] for name in MATRIX}


@pytest.mark.parametrize(("operation", "caller", "expected"), [_cell(*row) for row in ROWS])
async def test_authorization(feedback_api, clock, operation, caller, expected):
    world = await given_world(feedback_api, clock.now())
    world.caller = caller
    case = CASES[operation]
    query, variables = await case.prepare(world)
    body = await feedback_api.call(query, variables, token=world.token[caller])
    errors = body.get("errors") or []
    if expected == OK:
        assert not errors, errors
        if case.check:
            case.check(body["data"], caller)
    else:
        assert errors, body
        assert {e["extensions"]["code"] for e in errors} == {expected}, errors
        assert not _leaks(body.get("data")), body["data"]


def _leaks(data: Any) -> bool:
    """True when a refused call still returned a protected value: feedback, people, scores, steps, tokens."""
    protected = {"body", "subjects", "customer", "items", "token", "responses", "nps", "status", "ownerId", "action",
                 "code", "points", "kind", "data", "received", "customersErased", "channel", "key", "feedback",
                 "csat", "openComplaints", "targetBreaches30Days", "membersByService"}
    if isinstance(data, dict):
        if protected & {k for k, v in data.items() if v is not None}:
            return True
        return any(_leaks(v) for v in data.values())
    if isinstance(data, list):
        return any(_leaks(v) for v in data)
    return False
