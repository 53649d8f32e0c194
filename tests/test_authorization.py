"""Who may call what: every query, mutation and guarded Employee field against every kind of caller.

The matrix below is the specification. Each row is one operation (or one guarded field) aimed at a target,
each column one caller; a cell is OK (the call succeeds and returns the data) or the exact `extensions.code`.
The target is Anu (A1), a cashier under shift lead Liis (LA), under store manager Mart (MA), under the CEO.
Marko (MB) manages the other branch, so A1 is outside his scope. EX is a deactivated admin: their token
must no longer open anything, whatever role it names.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from .conftest import START
from .support import HEADER, STANDARD_ORG, Api, new_id, org_csv, token_for

OK = "OK"
U = "UNAUTHENTICATED"
F = "FORBIDDEN"
NF = "SESSION_NOT_FOUND"  # someone else's lesson session does not exist for the caller
SNF = "SCENARIO_NOT_FOUND"  # someone else's draft does not exist for the caller
CNF = "COMPLAINT_NOT_FOUND"  # a complaint outside the caller's team does not exist for them
RCF = "ROLE_CHANGE_FORBIDDEN"  # a guard let the caller in, the role rule (directory/roles.py) did not
LNC = "LRS_NOT_CONFIGURED"  # the scope let the caller in; the test world has no LRS to push to
TNF = "TEAM_NOT_FOUND"  # a team outside the caller's scope does not exist for them (ids cannot be probed)
NT = "NO_TEAM"  # nobody reports to that person

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

def _push_subscription() -> dict[str, str]:
    """A browser's push subscription: a real P-256 public key and auth secret, at a local push service address."""
    import base64
    import os

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    def b64url(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    point = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"endpoint": f"http://127.0.0.1:9/push/{new_id()}", "p256dh": b64url(point), "auth": b64url(os.urandom(16))}


# fmt: off
MATRIX: dict[str, tuple[str, ...]] = {
    #                                      anon  A1    LA    MA    MB    HR1   CEO   EX(deactivated)
    "Query.me":                            (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Query.employee":                      (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Query.employee[B1]":                  (U,   F,    F,    F,    OK,   OK,   OK,   U),
    "Query.employees":                     (U,   F,    OK,   OK,   OK,   OK,   OK,   U),
    "Query.lesson":                        (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Query.lessons":                       (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Query.today":                         (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Query.lessonSession":                 (U,   OK,   NF,   NF,   NF,   NF,   NF,   U),
    "Query.companyValues":                 (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    # Teams: one's own by default (HR1 has nobody under them), a manager's subtree, HR and admin any; employees none.
    "Query.team":                          (U,   F,    OK,   OK,   OK,   NT,   OK,   U),
    "Query.team[MA]":                      (U,   F,    TNF,  OK,   TNF,  OK,   OK,   U),
    "Query._entities":                     (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Query._entities[B1]":                 (U,   F,    F,    F,    OK,   OK,   OK,   U),
    # The SDL is public: the router composes the supergraph from it without a user.
    "Query._service":                      (OK,  OK,   OK,   OK,   OK,   OK,   OK,   OK),
    # Signing in needs no token; whatever token comes along is not looked at.
    "Mutation.login":                      (OK,  OK,   OK,   OK,   OK,   OK,   OK,   OK),
    "Mutation.importOrgChart":             (U,   F,    F,    F,    F,    OK,   OK,   U),
    # Roles: HR moves people between employee and manager; only an admin gives hr or admin; nobody their own.
    "Query.roleChanges":                   (U,   F,    F,    F,    F,    OK,   OK,   U),
    "Query.itemStatistics":                (U,   F,    F,    F,    F,    OK,   OK,   U),
    "Mutation.setEmployeeRole":            (U,   F,    F,    F,    F,    OK,   OK,   U),
    "Mutation.setEmployeeRole[to admin]":  (U,   F,    F,    F,    F,    RCF,  OK,   U),
    "Mutation.setEmployeeRole[own role]":  (U,   F,    F,    F,    F,    RCF,  RCF,  U),
    "Mutation.importOrgChart[own role]":   (U,   F,    F,    F,    F,    RCF,  RCF,  U),
    "Mutation.inviteEmployee":             (U,   F,    F,    F,    F,    OK,   OK,   U),
    # The link's token is the credential; whatever bearer token comes along is not looked at.
    "Mutation.acceptInvitation":           (OK,  OK,   OK,   OK,   OK,   OK,   OK,   OK),
    "Mutation.requestPasswordReset":       (OK,  OK,   OK,   OK,   OK,   OK,   OK,   OK),
    "Mutation.resetPassword":              (OK,  OK,   OK,   OK,   OK,   OK,   OK,   OK),
    "Mutation.startLesson":                (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Mutation.answerItem":                 (U,   OK,   NF,   NF,   NF,   NF,   NF,   U),
    "Mutation.completeLesson":             (U,   OK,   NF,   NF,   NF,   NF,   NF,   U),
    # One's own working days only: there is no employee to aim at.
    "Mutation.setMyWorkDays":              (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    # The daily reminder and this browser's push subscription are one's own too; the key is for the signed-in.
    "Query.vapidPublicKey":                (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Mutation.setDailyReminder":           (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Mutation.registerPushSubscription":   (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Mutation.removePushSubscription":     (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Mutation.assignLesson":               (U,   F,    OK,   OK,   F,    OK,   OK,   U),
    "Mutation.assignLesson[B1]":           (U,   F,    F,    F,    OK,   OK,   OK,   U),
    "Mutation.defineCompanyValue":         (U,   F,    F,    F,    F,    OK,   OK,   U),
    "Mutation.updateCompanyValue":         (U,   F,    F,    F,    F,    OK,   OK,   U),
    "Mutation.archiveCompanyValue":        (U,   F,    F,    F,    F,    OK,   OK,   U),
    # Authored scenarios: managers, HR and admin draft; HR and admin approve; a draft is its author's, HR's and
    # admin's to see and withdraw (MA wrote the one aimed at); the team meets it only as a review item.
    "Query.authoredScenarios":             (U,   OK,   OK,   OK,   OK,   OK,   OK,   U),
    "Query.authoredScenario":              (U,   SNF,  SNF,  OK,   SNF,  OK,   OK,   U),
    "Mutation.draftScenario":              (U,   F,    OK,   OK,   OK,   OK,   OK,   U),
    "Mutation.approveScenario":            (U,   F,    F,    F,    F,    OK,   OK,   U),
    "Mutation.withdrawScenario":           (U,   SNF,  SNF,  OK,   SNF,  OK,   OK,   U),
    # Only its author rewrites a draft; HR and admin, who see it, approve rather than write.
    "Mutation.editScenario":               (U,   SNF,  SNF,  OK,   SNF,  F,    F,    U),
    # A resolved complaint about A1: her managers (LA, MA), HR and admin draft from it; MB hears it does not exist.
    "Mutation.draftScenarioFromComplaint": (U,   F,    OK,   OK,   CNF,  OK,   OK,   U),
    # Training exports: HR and admin anyone's, a manager their subtree's; the audit is the admin's.
    "Mutation.startTrainingExport":        (U,   F,    OK,   OK,   F,    OK,   OK,   U),
    "Mutation.startTrainingExport[B1]":    (U,   F,    F,    F,    OK,   OK,   OK,   U),
    "Mutation.pushTrainingRecords":        (U,   F,    LNC,  LNC,  F,    LNC,  LNC,  U),
    # MA's export: MA and the admin read it; other staff find nothing.
    "Query.trainingExport":                (U,   F,    OK,   OK,   OK,   OK,   OK,   U),
    "Query.trainingExports":               (U,   F,    OK,   OK,   OK,   OK,   OK,   U),
    "Query.exportAudit":                   (U,   F,    F,    F,    F,    F,    OK,   U),
    "Employee.progress":                   (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Employee.openAssignments":            (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    "Employee._entities.progress":         (U,   OK,   OK,   OK,   F,    OK,   OK,   U),
    # `me { manager }` shows one's manager, but not their progress: the field guard alone decides.
    # (HR1's manager is the CEO, whom HR may see; the CEO has no manager.)
    "Employee.progress[own manager]":      (U,   F,    F,    F,    F,    OK,   OK,   U),
    "Employee.openAssignments[own manager]": (U, F,    F,    F,    F,    OK,   OK,   U),
}
# fmt: on

# Everyone in the standard org plus EX, a former admin who has left (deactivated by the import).
WORLD_ROWS = [r + ("true",) for r in STANDARD_ORG] + [
    ("EX", "Eero Ex", "ex@test.ee", "Former CFO", "manager", "CEO", "et", "Europe/Tallinn", "admin", "false"),
]
WORLD_CSV = org_csv(WORLD_ROWS, header=HEADER + ",active")
PASSWORD = "a long enough password"


@dataclass
class World:
    api: Api
    people: dict[str, dict]
    lesson_id: str
    token: dict[str, str | None] = field(default_factory=dict)

    def id(self, hr_id: str) -> str:
        return str(self.people[hr_id]["id"])

    async def a1_session(self, *, answered: bool) -> dict:
        """A lesson session of A1's, started (and every item answered) through GraphQL by A1."""
        from services.learning.lessons.service import get_catalogue

        token = self.token["employee"]
        session = (
            await self.api.ok(
                "mutation($i: StartLessonInput!) { startLesson(input: $i) { id items { id options } } }",
                {"i": {"lessonId": self.lesson_id, "clientMutationId": new_id()}},
                token=token,
            )
        )["startLesson"]
        if answered:
            catalogue = await get_catalogue()
            for item in session["items"]:
                await self.api.ok(
                    "mutation($i: AnswerItemInput!) { answerItem(input: $i) { correct } }",
                    {"i": {"itemId": item["id"], "choice": catalogue.items[item["id"]].correct,
                           "sessionId": session["id"], "clientMutationId": new_id()}},
                    token=token,
                )
        return session

    async def company_value(self) -> str:
        from services.learning.values import service as values

        row = await values.create(draft=values.ValueDraft(name="Care", meaning="People first.", behaviours=["Greet"]))
        return str(row["id"])

    async def assignment_for(self, hr_id: str) -> None:
        from services.learning.assignments import service as assignments
        from services.platform.clock import local_date

        await assignments.assign(
            assigner_id=self.people["HR1"]["id"],
            employees=[self.people[hr_id]],
            lesson_id=self.lesson_id,
            due_date=None,
            client_id=new_id(),
            today=local_date(START, "Europe/Tallinn"),
        )

Prepared = tuple[str, dict[str, Any]]
Check = Callable[[dict, str], None]


@dataclass
class Case:
    prepare: Callable[..., Awaitable[Prepared]]
    check: Check | None = None
    # The operation aims at the caller themselves: `prepare(world, caller)`.
    on_caller: bool = False


def hr_ids(items: list[dict]) -> set[str]:
    return {i["hrId"] for i in items}


async def _employee(w: World, target: str) -> Prepared:
    return "query($id: ID!) { employee(id: $id) { hrId name } }", {"id": w.id(target)}


async def _entities(w: World, target: str, selection: str = "hrId name") -> Prepared:
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { %s } } }" % selection
    return query, {"r": [{"__typename": "Employee", "id": w.id(target)}]}


SCENARIO_TEXTS = {
    "situation": {"en": "A customer waited two weeks for a lost order."},
    "worse": {"en": "Not our problem."},
    "better": {"en": "I am sorry; I will find it now and call you by noon."},
    "why": {"en": "Own it and promise a concrete next step."},
}


async def _drafted_by_ma(w: World) -> str:
    """A draft the store manager wrote, through GraphQL."""
    drafted = await w.api.ok(
        "mutation($i: DraftScenarioInput!) { draftScenario(input: $i) { id } }",
        {"i": {**SCENARIO_TEXTS, "clientMutationId": new_id()}},
        token=token_for(w.people["MA"]),
    )
    return drafted["draftScenario"]["id"]


async def _scenario(w: World, query: str) -> Prepared:
    return query, {"id": await _drafted_by_ma(w), "c": new_id()}


async def _edit_drafted_by_ma(w: World) -> Prepared:
    query = "mutation($i: EditScenarioInput!) { editScenario(input: $i) { status why { en } } }"
    texts = {**SCENARIO_TEXTS, "why": {"en": "Own it, and say when you will call back."}}
    return query, {"i": {"scenarioId": await _drafted_by_ma(w), **texts, "clientMutationId": new_id()}}


async def _complaint_about_a1(w: World) -> Prepared:
    """A resolved complaint about A1, as the feedback service's practice-case event leaves it in learning."""
    import uuid

    from services.learning.scenarios import service as scenarios

    feedback_id = uuid.uuid4()
    await scenarios.keep_case(case={
        "feedback_id": str(feedback_id), "revision": 1, "resolved": True, "category": "LATE_DELIVERY",
        "channel": "phone", "subject_ids": [w.id("A1")], "received_at": START.isoformat(),
        "resolved_at": START.isoformat(), "situation": {"en": "[customer] waited two weeks."},
    }, now=START)
    query = "mutation($i: DraftScenarioFromComplaintInput!) { draftScenarioFromComplaint(input: $i) { status } }"
    return query, {"i": {"feedbackId": str(feedback_id), "clientMutationId": new_id()}}


async def _scenarios(w: World) -> Prepared:
    await _drafted_by_ma(w)
    return "{ authoredScenarios { author { hrId } } }", {}


def _scenarios_seen(data: dict, caller: str) -> None:
    """HR and admin see every draft, the author theirs, anyone else none."""
    seen = [s["author"]["hrId"] for s in data["authoredScenarios"]]
    assert seen == (["MA"] if caller in ("manager_MA", "hr", "admin") else [])


async def _assign(w: World, target: str) -> Prepared:
    return (
        "mutation($i: AssignLessonInput!) { assignLesson(input: $i) { id employee { hrId } lesson { id } } }",
        {"i": {"employeeIds": [w.id(target)], "lessonId": w.lesson_id, "clientMutationId": new_id()}},
    )


async def _lesson_session(w: World) -> Prepared:
    session = await w.a1_session(answered=False)
    return "query($id: ID!) { lessonSession(id: $id) { id items { id } } }", {"id": session["id"]}


async def _answer(w: World) -> Prepared:
    session = await w.a1_session(answered=False)
    item = session["items"][0]
    return (
        "mutation($i: AnswerItemInput!) { answerItem(input: $i) { itemId correctOption } }",
        {"i": {"itemId": item["id"], "choice": 0, "sessionId": session["id"], "clientMutationId": new_id()}},
    )


async def _complete(w: World) -> Prepared:
    session = await w.a1_session(answered=True)
    return (
        "mutation($i: CompleteLessonInput!) { completeLesson(input: $i) { passed session { id } } }",
        {"i": {"sessionId": session["id"], "clientMutationId": new_id()}},
    )


async def _login(w: World) -> Prepared:
    from services.learning.directory.service import set_password

    await set_password(employee_id=w.people["A1"]["id"], password=PASSWORD)
    return (
        "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token employee { hrId } } }",
        {"e": "a1@test.ee", "p": PASSWORD},
    )


async def _progress(w: World) -> Prepared:
    return "query($id: ID!) { employee(id: $id) { hrId progress { xp level streak } } }", {"id": w.id("A1")}


async def _open_assignments(w: World) -> Prepared:
    await w.assignment_for("A1")
    return "query($id: ID!) { employee(id: $id) { hrId openAssignments { id lesson { id } } } }", {"id": w.id("A1")}


async def _entities_progress(w: World) -> Prepared:
    await w.assignment_for("A1")
    return await _entities(w, "A1", "hrId progress { xp } openAssignments { id }")


async def _value(w: World, mutation: str) -> Prepared:
    value_id = await w.company_value()
    value = {"name": "Care", "meaning": "Customers first.", "behaviours": ["Greet", "Listen"]}
    if mutation == "define":
        return (
            "mutation($v: CompanyValueInput!) { defineCompanyValue(input: $v) { id name } }",
            {"v": {**value, "name": "Honesty"}},
        )
    if mutation == "update":
        return (
            "mutation($v: UpdateCompanyValueInput!) { updateCompanyValue(input: $v) { id meaning } }",
            {"v": {**value, "id": value_id}},
        )
    return "mutation($id: ID!) { archiveCompanyValue(input: {id: $id}) { id active } }", {"id": value_id}


SET_ROLE = "mutation($i: SetEmployeeRoleInput!) { setEmployeeRole(input: $i) { changed employee { hrId role } } }"


async def _set_role(w: World, target: str, role: str) -> Prepared:
    return SET_ROLE, {"i": {"employeeId": w.id(target), "role": role, "clientMutationId": new_id()}}


async def _set_own_role(w: World, caller: str) -> Prepared:
    target = HR_ID.get(caller, "A1")
    role = "EMPLOYEE" if w.people[target]["role"] != "employee" else "MANAGER"
    return await _set_role(w, target, role)


async def _import_own_role(w: World, caller: str) -> Prepared:
    target = HR_ID.get(caller, "A1")
    promoted = "admin" if w.people[target]["role"] != "admin" else "manager"
    rows = [r[:8] + ((promoted if r[0] == target else r[8]), r[9]) for r in WORLD_ROWS]
    return (
        "mutation($csv: String!) { importOrgChart(input: {csv: $csv}) { updated } }",
        {"csv": org_csv(rows, header=HEADER + ",active")},
    )


async def _invite(w: World) -> Prepared:
    return (
        "mutation($i: InviteEmployeeInput!) { inviteEmployee(input: $i) { employee { hrId } expiresAt } }",
        {"i": {"employeeId": w.id("A2"), "clientMutationId": new_id()}},
    )


async def _link_token(w: World, purpose: str) -> str:
    from services.learning.directory import password_links
    from services.learning.directory.tables import Employee

    async with Employee._meta.db.transaction():
        if purpose == password_links.INVITATION:
            [link_id] = await password_links.create_invitations(
                employee_ids=[w.people["A2"]["id"]], requested_by=None, now=START
            )
        else:
            link_id = (await password_links.create_reset(email="a2@test.ee", requested_at=START))["link_id"]
    return password_links.link_token(purpose, link_id)


async def _set_password_with_link(w: World, mutation: str, purpose: str) -> Prepared:
    token = await _link_token(w, purpose)
    return (
        f"mutation($i: SetPasswordWithLinkInput!) {{ {mutation}(input: $i) {{ token employee {{ hrId }} }} }}",
        {"i": {"token": token, "password": PASSWORD}},
    )


async def _fixed(query: str, variables: dict | None = None) -> Prepared:
    return query, variables or {}


def _me_is(data: dict, caller: str) -> None:
    assert data["me"]["hrId"] == HR_ID[caller]


def _employees_scope(data: dict, caller: str) -> None:
    seen = hr_ids(data["employees"]["items"])
    expected = {
        "manager_LA": {"A1", "A2"},
        "manager_MA": {"LA", "A1", "A2"},
        "manager_MB": {"B1"},
        "hr": {r[0] for r in STANDARD_ORG},
        "admin": {r[0] for r in STANDARD_ORG},
    }[caller]
    assert seen == expected


def _own_manager(data: dict, caller: str) -> None:
    manager = data["me"]["manager"]
    if caller == "admin":
        assert manager is None
    else:
        assert manager["hrId"] == "CEO" and manager["progress"]["xp"] == 0


async def _export_of_ma(w: World) -> str:
    """An export the store manager asked for, through the service layer."""
    import datetime as dt

    from services.learning.exports import service as exports

    export_id = await exports.start(
        requester_id=w.people["MA"]["id"], kind="export", format="csv", from_date=dt.date(2026, 3, 1),
        to_date=dt.date(2026, 4, 1), team_of=None, topic=None, scope_path=w.people["MA"]["org_path"],
        excel_bom=False, client_id=new_id(), now=START,
    )
    return str(export_id)


def _start_export(w: World, target: str) -> Prepared:
    return _fixed(
        "mutation($i: StartTrainingExportInput!) { startTrainingExport(input: $i) { id status filters { teamOf } } }",
        {"i": {"format": "CSV", "from": "2026-03-01", "to": "2026-04-01", "teamOf": w.id(target), "clientMutationId": new_id()}},
    )


async def _training_export(w: World) -> Prepared:
    return "query($id: ID!) { trainingExport(id: $id) { id status } }", {"id": await _export_of_ma(w)}


def _export_seen(d: dict, caller: str) -> None:
    _assert_eq(d["trainingExport"] is not None, caller in ("manager_MA", "admin"))


CASES: dict[str, Case] = {
    "Query.me": Case(lambda w: _fixed("{ me { hrId role } }"), _me_is),
    "Query.employee": Case(lambda w: _employee(w, "A1"), lambda d, c: _assert_eq(d["employee"]["hrId"], "A1")),
    "Query.employee[B1]": Case(lambda w: _employee(w, "B1"), lambda d, c: _assert_eq(d["employee"]["hrId"], "B1")),
    "Query.employees": Case(lambda w: _fixed("{ employees(first: 50) { items { hrId } } }"), _employees_scope),
    "Query.team": Case(
        lambda w: _fixed("{ team { manager { hrId } members { items { hrId } } } }"),
        lambda d, c: _assert_eq(d["team"]["manager"]["hrId"], HR_ID[c]),
    ),
    "Query.team[MA]": Case(
        lambda w: _fixed(
            "query($m: ID) { team(managerId: $m) { manager { hrId } members { items { hrId } } } }", {"m": w.id("MA")}
        ),
        lambda d, c: _assert_eq(hr_ids(d["team"]["members"]["items"]), {"LA"}),
    ),
    "Query.lesson": Case(
        lambda w: _fixed("query($id: ID!) { lesson(id: $id) { id title } }", {"id": w.lesson_id}),
        lambda d, c: _assert_true(d["lesson"]["title"]),
    ),
    "Query.lessons": Case(
        lambda w: _fixed("{ lessons(first: 3) { items { id } } }"),
        lambda d, c: _assert_eq(len(d["lessons"]["items"]), 3),
    ),
    "Query.today": Case(lambda w: _fixed("{ today { date reason progress { xp } } }"),
                        lambda d, c: _assert_eq(d["today"]["progress"]["xp"], 0)),
    "Query.lessonSession": Case(_lesson_session, lambda d, c: _assert_true(d["lessonSession"]["items"])),
    "Query.companyValues": Case(
        lambda w: _then(w.company_value(), _fixed("{ companyValues { name } }")),
        lambda d, c: _assert_eq(d["companyValues"], [{"name": "Care"}]),
    ),
    "Query._entities": Case(lambda w: _entities(w, "A1"), lambda d, c: _assert_eq(d["_entities"][0]["hrId"], "A1")),
    "Query._entities[B1]": Case(lambda w: _entities(w, "B1"), lambda d, c: _assert_eq(d["_entities"][0]["hrId"], "B1")),
    "Query._service": Case(lambda w: _fixed("{ _service { sdl } }"),
                           lambda d, c: _assert_true('type Employee @key(fields: "id")' in d["_service"]["sdl"])),
    "Mutation.login": Case(_login, lambda d, c: _assert_eq(d["login"]["employee"]["hrId"], "A1")),
    "Mutation.importOrgChart": Case(
        lambda w: _fixed(
            "mutation($csv: String!) { importOrgChart(input: {csv: $csv}) { created updated deactivated unchanged } }",
            {"csv": WORLD_CSV},
        ),
        lambda d, c: _assert_eq(
            d["importOrgChart"], {"created": [], "updated": [], "deactivated": [], "unchanged": len(WORLD_ROWS)}
        ),
    ),
    "Query.roleChanges": Case(
        lambda w: _fixed("{ roleChanges(first: 10) { items { toRole employee { hrId } } } }"),
        # The world's import was an operator's: it audited the new hires above employee.
        lambda d, c: _assert_eq(
            hr_ids(i["employee"] for i in d["roleChanges"]["items"]), {"CEO", "HR1", "MA", "LA", "MB", "EX"}
        ),
    ),
    "Query.itemStatistics": Case(
        lambda w: _fixed(
            "query($l: ID!) { itemStatistics(lessonId: $l) { item { id } answers difficulty flags } }",
            {"l": w.lesson_id},
        ),
        lambda d, c: _assert_eq({(s["answers"], s["flags"]) for s in d["itemStatistics"]}, {(0, None)}),
    ),
    "Mutation.setEmployeeRole": Case(
        lambda w: _set_role(w, "A1", "MANAGER"),
        lambda d, c: _assert_eq(d["setEmployeeRole"], {"changed": True, "employee": {"hrId": "A1", "role": "manager"}}),
    ),
    "Mutation.setEmployeeRole[to admin]": Case(
        lambda w: _set_role(w, "A1", "ADMIN"),
        lambda d, c: _assert_eq(d["setEmployeeRole"]["employee"], {"hrId": "A1", "role": "admin"}),
    ),
    "Mutation.setEmployeeRole[own role]": Case(_set_own_role, on_caller=True),
    "Mutation.importOrgChart[own role]": Case(_import_own_role, on_caller=True),
    "Mutation.inviteEmployee": Case(_invite, lambda d, c: _assert_eq(d["inviteEmployee"]["employee"]["hrId"], "A2")),
    "Mutation.acceptInvitation": Case(
        lambda w: _set_password_with_link(w, "acceptInvitation", "invitation"),
        lambda d, c: _assert_eq(d["acceptInvitation"]["employee"]["hrId"], "A2"),
    ),
    "Mutation.requestPasswordReset": Case(
        lambda w: _fixed(
            "mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) { accepted } }",
            {"i": {"email": "a2@test.ee"}},
        ),
        lambda d, c: _assert_eq(d["requestPasswordReset"]["accepted"], True),
    ),
    "Mutation.resetPassword": Case(
        lambda w: _set_password_with_link(w, "resetPassword", "reset"),
        lambda d, c: _assert_eq(d["resetPassword"]["employee"]["hrId"], "A2"),
    ),
    "Mutation.startLesson": Case(
        lambda w: _fixed(
            "mutation($i: StartLessonInput!) { startLesson(input: $i) { id lesson { id } } }",
            {"i": {"lessonId": w.lesson_id, "clientMutationId": new_id()}},
        ),
        lambda d, c: _assert_true(d["startLesson"]["id"]),
    ),
    "Mutation.answerItem": Case(_answer, lambda d, c: _assert_true(d["answerItem"]["itemId"])),
    "Mutation.completeLesson": Case(_complete, lambda d, c: _assert_eq(d["completeLesson"]["passed"], True)),
    "Mutation.setMyWorkDays": Case(
        lambda w: _fixed(
            "mutation($i: SetMyWorkDaysInput!) { setMyWorkDays(input: $i) { workDays effectiveFrom } }",
            {"i": {"days": ["MON", "WED"], "clientMutationId": new_id()}},
        ),
        lambda d, c: _assert_eq(d["setMyWorkDays"]["workDays"], ["MON", "WED"]),
    ),
    "Query.vapidPublicKey": Case(
        lambda w: _fixed("{ vapidPublicKey }"), lambda d, c: _assert_eq(len(d["vapidPublicKey"]), 87)
    ),
    "Mutation.setDailyReminder": Case(
        lambda w: _fixed(
            "mutation($i: SetDailyReminderInput!) { setDailyReminder(input: $i) { reminder { enabled localTime } } }",
            {"i": {"enabled": True, "localTime": "08:30", "clientMutationId": new_id()}},
        ),
        lambda d, c: _assert_eq(d["setDailyReminder"]["reminder"], {"enabled": True, "localTime": "08:30"}),
    ),
    "Mutation.registerPushSubscription": Case(
        lambda w: _fixed(
            "mutation($i: RegisterPushSubscriptionInput!) { registerPushSubscription(input: $i) "
            "{ reminder { pushDevices } } }",
            {"i": {**_push_subscription(), "clientMutationId": new_id()}},
        ),
        lambda d, c: _assert_eq(d["registerPushSubscription"]["reminder"]["pushDevices"], 1),
    ),
    "Mutation.removePushSubscription": Case(
        lambda w: _fixed(
            "mutation($i: RemovePushSubscriptionInput!) { removePushSubscription(input: $i) { removed } }",
            {"i": {"endpoint": "http://127.0.0.1:9/push/nobody", "clientMutationId": new_id()}},
        ),
        lambda d, c: _assert_eq(d["removePushSubscription"]["removed"], False),
    ),
    "Mutation.assignLesson": Case(
        lambda w: _assign(w, "A1"), lambda d, c: _assert_eq(d["assignLesson"][0]["employee"]["hrId"], "A1")
    ),
    "Mutation.assignLesson[B1]": Case(
        lambda w: _assign(w, "B1"), lambda d, c: _assert_eq(d["assignLesson"][0]["employee"]["hrId"], "B1")
    ),
    "Mutation.defineCompanyValue": Case(
        lambda w: _value(w, "define"), lambda d, c: _assert_eq(d["defineCompanyValue"]["name"], "Honesty")
    ),
    "Mutation.updateCompanyValue": Case(
        lambda w: _value(w, "update"), lambda d, c: _assert_eq(d["updateCompanyValue"]["meaning"], "Customers first.")
    ),
    "Mutation.archiveCompanyValue": Case(
        lambda w: _value(w, "archive"), lambda d, c: _assert_eq(d["archiveCompanyValue"]["active"], False)
    ),
    "Mutation.startTrainingExport": Case(
        lambda w: _start_export(w, "A1"), lambda d, c: _assert_eq(d["startTrainingExport"]["status"], "QUEUED")
    ),
    "Mutation.startTrainingExport[B1]": Case(
        lambda w: _start_export(w, "B1"), lambda d, c: _assert_eq(d["startTrainingExport"]["status"], "QUEUED")
    ),
    "Mutation.pushTrainingRecords": Case(
        lambda w: _fixed(
            "mutation($i: PushTrainingRecordsInput!) { pushTrainingRecords(input: $i) { id } }",
            {"i": {"from": "2026-03-01", "to": "2026-04-01", "teamOf": w.id("A1"), "clientMutationId": new_id()}},
        )
    ),
    "Query.trainingExport": Case(_training_export, _export_seen),
    "Query.trainingExports": Case(
        lambda w: _fixed("{ trainingExports(first: 5) { items { id } } }"),
        lambda d, c: _assert_eq(d["trainingExports"]["items"], []),
    ),
    "Query.exportAudit": Case(
        lambda w: _fixed("{ exportAudit(first: 5) { items { exportId } } }"),
        lambda d, c: _assert_eq(d["exportAudit"]["items"], []),
    ),
    "Query.authoredScenarios": Case(_scenarios, _scenarios_seen),
    "Query.authoredScenario": Case(
        lambda w: _scenario(w, "query($id: ID!) { authoredScenario(id: $id) { id status author { hrId } } }"),
        lambda d, c: _assert_eq(d["authoredScenario"]["author"], {"hrId": "MA"}),
    ),
    "Mutation.draftScenario": Case(
        lambda w: _fixed("mutation($i: DraftScenarioInput!) { draftScenario(input: $i) { status } }",
                         {"i": {**SCENARIO_TEXTS, "clientMutationId": new_id()}}),
        lambda d, c: _assert_eq(d["draftScenario"]["status"], "DRAFT"),
    ),
    "Mutation.approveScenario": Case(
        lambda w: _scenario(w, "mutation($id: ID!, $c: String!) { approveScenario(input: {scenarioId: $id, "
                               "clientMutationId: $c}) { status } }"),
        lambda d, c: _assert_eq(d["approveScenario"]["status"], "APPROVED"),
    ),
    "Mutation.withdrawScenario": Case(
        lambda w: _scenario(w, "mutation($id: ID!, $c: String!) { withdrawScenario(input: {scenarioId: $id, "
                               "clientMutationId: $c}) { status } }"),
        lambda d, c: _assert_eq(d["withdrawScenario"]["status"], "WITHDRAWN"),
    ),
    "Mutation.editScenario": Case(
        _edit_drafted_by_ma,
        lambda d, c: _assert_eq(d["editScenario"]["why"]["en"], "Own it, and say when you will call back."),
    ),
    "Mutation.draftScenarioFromComplaint": Case(
        _complaint_about_a1, lambda d, c: _assert_eq(d["draftScenarioFromComplaint"]["status"], "DRAFT")
    ),
    "Employee.progress": Case(_progress, lambda d, c: _assert_eq(d["employee"]["progress"]["xp"], 0)),
    "Employee.openAssignments": Case(
        _open_assignments, lambda d, c: _assert_eq(len(d["employee"]["openAssignments"]), 1)
    ),
    "Employee._entities.progress": Case(
        _entities_progress, lambda d, c: _assert_eq(len(d["_entities"][0]["openAssignments"]), 1)
    ),
    "Employee.progress[own manager]": Case(
        lambda w: _fixed("{ me { hrId manager { hrId progress { xp } } } }"), _own_manager
    ),
    "Employee.openAssignments[own manager]": Case(
        lambda w: _fixed("{ me { hrId manager { hrId progress { xp } openAssignments { id } } } }"), _own_manager
    ),
}


def _assert_eq(actual, expected) -> None:
    assert actual == expected


def _assert_true(value) -> None:
    assert value


async def _then(first: Awaitable, then: Awaitable[Prepared]) -> Prepared:
    await first
    return await then


async def given_world(api: Api) -> World:
    from services.learning.directory import importer
    from services.learning.directory.tables import Employee
    from services.learning.lessons.service import get_catalogue

    report = await importer.run_import(WORLD_CSV, dry_run=False, now=START)
    assert not report.errors, report.errors
    people = {p["hr_id"]: p for p in await Employee.select()}
    assert people["EX"]["active"] is False and all(p["active"] for h, p in people.items() if h != "EX")
    catalogue = await get_catalogue()
    lesson_id = next(l.id for l in catalogue.lessons if l.id in catalogue.active and l.topic != "values")
    world = World(api=api, people=people, lesson_id=lesson_id)
    world.token = {"anonymous": None, **{caller: token_for(people[h]) for caller, h in HR_ID.items()}}
    return world


ROWS = [(name, caller, expected) for name, cells in MATRIX.items() for caller, expected in zip(CALLERS, cells)]


def test_every_row_has_a_cell_for_every_caller_and_a_case():
    assert {name: len(cells) for name, cells in MATRIX.items() if len(cells) != len(CALLERS)} == {}
    assert set(MATRIX) == set(CASES)
    assert len(ROWS) == len(MATRIX) * len(CALLERS)


def test_the_matrix_covers_every_query_and_mutation_of_the_schema():
    from services.learning.schema import build_schema

    schema = build_schema()._schema
    in_schema = {f"Query.{name}" for name in schema.query_type.fields} | {
        f"Mutation.{name}" for name in schema.mutation_type.fields
    }
    covered = {name.split("[")[0] for name in MATRIX if name.startswith(("Query.", "Mutation."))}
    assert covered == in_schema
    # The Employee fields that carry their own guard are covered, too.
    assert {"Employee.progress", "Employee.openAssignments"} <= {name.split("[")[0] for name in MATRIX}


@pytest.mark.parametrize(("operation", "caller", "expected"), ROWS, ids=[f"{r[0]}-{r[1]}" for r in ROWS])
async def test_authorization(api, operation, caller, expected):
    world = await given_world(api)
    case = CASES[operation]
    query, variables = await (case.prepare(world, caller) if case.on_caller else case.prepare(world))
    body = await api.call(query, variables, token=world.token[caller])
    errors = body.get("errors") or []
    if expected == OK:
        assert not errors, errors
        if case.check:
            case.check(body["data"], caller)
    else:
        assert errors, body
        assert {e["extensions"]["code"] for e in errors} == {expected}, errors
        data = body.get("data")
        if data and data.get("me"):
            data = {"manager": data["me"]["manager"]}  # one's own record is one's own; the manager's is not
        assert not _leaks(data), body["data"]


def _leaks(data: Any) -> bool:
    """True when a refused call still returned a protected value: an employee, progress, assignments, a session."""
    protected = {"hrId", "progress", "openAssignments", "items", "correctOption", "passed", "token", "id"}
    if isinstance(data, dict):
        if protected & {k for k, v in data.items() if v is not None}:
            return True
        return any(_leaks(v) for v in data.values())
    if isinstance(data, list):
        return any(_leaks(v) for v in data)
    return False


async def test_a_malformed_entity_id_is_a_client_error(api):
    world = await given_world(api)
    query, _ = await _entities(world, "A1")
    body = await api.call(query, {"r": [{"__typename": "Employee", "id": "not-a-uuid"}]}, token=world.token["hr"])
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_ID"]
    # An unknown id finds nobody, without an error.
    body = await api.call(query, {"r": [{"__typename": "Employee", "id": new_id()}]}, token=world.token["hr"])
    assert body == {"data": {"_entities": [None]}}
