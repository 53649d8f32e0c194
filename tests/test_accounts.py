"""Accounts: invitations and password resets by e-mail (through a real SMTP server), roles and their audit."""

from __future__ import annotations

import datetime as dt
import json

from .account_steps import (
    ACCEPT,
    IMPORT,
    INVITE,
    LOGIN,
    ME,
    REQUEST_RESET,
    RESET,
    SET_ROLE,
    deliver,
    given_password,
    link_token,
    reason,
)
from .support import HEADER, STANDARD_ORG, given_org, new_id, org_csv, token_for

NEW_HIRE = ("N1", "Nele Nurm", "n1@test.ee", "Cashier", "cashier", "LA", "en", "Europe/Tallinn", "employee")
PASSWORD = "a new and long password"
ROLE_CHANGES = """query($first: Int, $after: String, $e: ID) {
  roleChanges(first: $first, after: $after, employeeId: $e) {
  items { fromRole toRole via changedAt employee { hrId } changedBy { hrId } } pageInfo { endCursor hasNextPage } } }"""


async def everything_stored() -> str:
    """Every row of the learning schema as text: to show a secret is stored nowhere."""
    from services.learning.directory.tables import Employee

    tables = await Employee.raw("SELECT tablename FROM pg_tables WHERE schemaname = 'learning'")
    dumps = []
    for t in tables:
        rows = await Employee.raw(f'SELECT * FROM learning."{t["tablename"]}"')
        dumps.append(json.dumps(rows, default=str))
    return "\n".join(dumps)


# ---------------------------------------------------------------- invitations


async def test_a_new_hire_sets_a_password_from_the_invitation_mail_and_signs_in(api, app, storage, clock, mailbox):
    # given HR, and a file with a new hire
    people = await given_org()
    hr = token_for(people["HR1"])
    # when HR imports it (invitations are on by default) and the worker runs
    report = (await api.ok(IMPORT, {"csv": org_csv([*STANDARD_ORG, NEW_HIRE])}, token=hr))["importOrgChart"]
    assert report["created"] == ["N1"] and report["invited"] == ["N1"]
    await deliver(app, storage, clock)
    # then the new hire got one mail, in their language, with a link to the staff app
    [mail] = await mailbox.wait_for("n1@test.ee")
    assert mail.subject == "Your invitation to Serviceloop" and "Nele Nurm" in mail.text
    token = link_token(mail, "invitation")
    # and the token is stored nowhere, not even in the event that asked for the mail
    assert token not in await everything_stored()
    # when they set a password with it
    accepted = (await api.ok(ACCEPT, {"i": {"token": token, "password": PASSWORD}}))["acceptInvitation"]
    # then they are signed in, and may sign in with the password from now on
    assert accepted["employee"] == {"hrId": "N1", "role": "employee"}
    assert (await api.ok(ME, token=accepted["token"]))["me"]["hrId"] == "N1"
    assert (await api.ok(LOGIN, {"e": "n1@test.ee", "p": PASSWORD}))["login"]["employee"]["hrId"] == "N1"
    # and the link works once
    error = await api.error(ACCEPT, {"i": {"token": token, "password": "yet another password"}})
    assert error["extensions"]["code"] == "LINK_ALREADY_USED"
    assert (await api.ok(LOGIN, {"e": "n1@test.ee", "p": PASSWORD}))["login"]


async def test_an_import_may_skip_the_invitations(api, app, storage, clock, mailbox):
    people = await given_org()
    body = {"csv": org_csv([*STANDARD_ORG, NEW_HIRE]), "invite": False}
    report = (await api.ok(IMPORT, body, token=token_for(people["HR1"])))["importOrgChart"]
    assert report["created"] == ["N1"] and report["invited"] == []
    await deliver(app, storage, clock)
    assert mailbox.to("n1@test.ee") == []


async def test_an_invitation_is_replaced_by_a_newer_one_and_expires_after_seven_days(api, app, storage, clock, mailbox):
    # given A2 (no password yet) invited by HR, and again after the first mail went out
    people = await given_org()
    hr = token_for(people["HR1"])
    for _ in range(2):
        sent = (await api.ok(INVITE, {"i": {"employeeId": str(people["A2"]["id"]), "clientMutationId": new_id()}},
                             token=hr))["inviteEmployee"]
        await deliver(app, storage, clock)
    assert dt.datetime.fromisoformat(sent["expiresAt"]) == clock.now() + dt.timedelta(days=7)
    first, second = [link_token(m, "invitation") for m in await mailbox.wait_for("a2@test.ee", count=2)]
    # then the first link no longer works; a too weak password does not use up the second
    assert (await api.error(ACCEPT, {"i": {"token": first, "password": PASSWORD}}))["extensions"]["code"] == (
        "LINK_SUPERSEDED"
    )
    assert (await api.error(ACCEPT, {"i": {"token": second, "password": "short"}}))["extensions"]["code"] == (
        "WEAK_PASSWORD"
    )
    # and after seven days the second has expired too
    clock.advance(days=7, seconds=1)
    assert (await api.error(ACCEPT, {"i": {"token": second, "password": PASSWORD}}))["extensions"]["code"] == (
        "LINK_EXPIRED"
    )
    # and a made-up token finds nothing
    assert (await api.error(ACCEPT, {"i": {"token": "x" * 32, "password": PASSWORD}}))["extensions"]["code"] == (
        "LINK_NOT_FOUND"
    )


async def test_inviting_is_for_people_without_a_password_and_a_retry_sends_one_mail(api, app, storage, clock, mailbox):
    people = await given_org()
    await given_password(people["A1"], PASSWORD)
    hr = token_for(people["HR1"])
    # someone with a password is pointed to the reset instead
    body = {"i": {"employeeId": str(people["A1"]["id"]), "clientMutationId": new_id()}}
    assert await api.code(INVITE, body, token=hr) == "ACCOUNT_ALREADY_SET_UP"
    # a retried invitation (same clientMutationId) is one invitation, mailed once
    body = {"i": {"employeeId": str(people["A2"]["id"]), "clientMutationId": new_id()}}
    first = await api.ok(INVITE, body, token=hr)
    await deliver(app, storage, clock)
    assert await api.ok(INVITE, body, token=hr) == first
    await deliver(app, storage, clock)
    assert len(await mailbox.wait_for("a2@test.ee")) == 1


# ---------------------------------------------------------------- password resets


async def test_a_forgotten_password_is_reset_by_mail_and_older_sign_ins_end(api, app, storage, clock, mailbox):
    # given A1, signed in with their password
    people = await given_org()
    await given_password(people["A1"], "the old password")
    old_token = (await api.ok(LOGIN, {"e": "a1@test.ee", "p": "the old password"}))["login"]["token"]
    # when they ask for a reset link and the worker mails it
    assert (await api.ok(REQUEST_RESET, {"i": {"email": " A1@test.ee "}}))["requestPasswordReset"] == {"accepted": True}
    await deliver(app, storage, clock)
    [mail] = await mailbox.wait_for("a1@test.ee")
    token = link_token(mail, "reset")
    assert token not in await everything_stored()
    # and set a new password with it
    reset = (await api.ok(RESET, {"i": {"token": token, "password": PASSWORD}}))["resetPassword"]
    # then they are signed in with the new password, the old one is gone, and so is the old sign-in
    assert (await api.ok(ME, token=reset["token"]))["me"]["hrId"] == "A1"
    assert (await api.ok(LOGIN, {"e": "a1@test.ee", "p": PASSWORD}))["login"]
    assert await api.code(LOGIN, {"e": "a1@test.ee", "p": "the old password"}) == "INVALID_CREDENTIALS"
    assert reason(await api.error(ME, token=old_token)) == ("UNAUTHENTICATED", "TOKEN_REVOKED")
    # and the link works once
    assert (await api.error(RESET, {"i": {"token": token, "password": "a third password"}}))["extensions"]["code"] == (
        "LINK_ALREADY_USED"
    )


async def test_a_reset_link_lasts_an_hour_and_only_the_newest_works(api, app, storage, clock, mailbox):
    people = await given_org()
    await given_password(people["A1"], "the old password")
    for _ in range(2):
        await api.ok(REQUEST_RESET, {"i": {"email": "a1@test.ee"}})
        await deliver(app, storage, clock)
    first, second = [link_token(m, "reset") for m in await mailbox.wait_for("a1@test.ee", count=2)]
    assert (await api.error(RESET, {"i": {"token": first, "password": PASSWORD}}))["extensions"]["code"] == (
        "LINK_SUPERSEDED"
    )
    # an invitation token is no reset token (and the other way round)
    assert (await api.error(ACCEPT, {"i": {"token": second, "password": PASSWORD}}))["extensions"]["code"] == (
        "LINK_NOT_FOUND"
    )
    clock.advance(minutes=60, seconds=1)
    assert (await api.error(RESET, {"i": {"token": second, "password": PASSWORD}}))["extensions"]["code"] == (
        "LINK_EXPIRED"
    )
    assert (await api.ok(LOGIN, {"e": "a1@test.ee", "p": "the old password"}))["login"]


async def test_a_reset_request_answers_the_same_for_any_address_and_mails_only_active_employees(
    api, app, storage, clock, mailbox
):
    # given A1 (active) and A2 (deactivated)
    from services.learning.directory import importer

    await given_org()
    rows = [r + ("false" if r[0] == "A2" else "true",) for r in STANDARD_ORG]
    await importer.run_import(org_csv(rows, header=HEADER + ",active"), dry_run=False, now=clock.now())
    # when a reset is asked for A1, A2 and an address nobody has
    answers = [await api.call(REQUEST_RESET, {"i": {"email": e}}) for e in ("a1@test.ee", "a2@test.ee", "no@test.ee")]
    # then the answers are the same
    assert answers[0] == answers[1] == answers[2] == {"data": {"requestPasswordReset": {"accepted": True}}}
    # and only the active employee gets mail
    await deliver(app, storage, clock)
    assert len(await mailbox.wait_for("a1@test.ee")) == 1
    assert mailbox.to("a2@test.ee") == [] and mailbox.to("no@test.ee") == []


# ---------------------------------------------------------------- roles and their audit


async def test_a_role_change_is_audited_with_who_whom_from_to_when_and_how(api, clock):
    # given the org, imported by an operator now, and its admin
    from services.learning.directory import importer
    from services.learning.directory.tables import Employee

    assert not (await importer.run_import(org_csv(), dry_run=False, now=clock.now())).errors
    people = {p["hr_id"]: p for p in await Employee.select()}
    clock.advance(minutes=1)
    admin, hr = token_for(people["CEO"]), token_for(people["HR1"])
    # when the admin makes A1 a manager (a retry changes nothing twice)
    body = {"i": {"employeeId": str(people["A1"]["id"]), "role": "MANAGER", "clientMutationId": new_id()}}
    first = await api.ok(SET_ROLE, body, token=admin)
    assert first["setEmployeeRole"] == {"changed": True, "employee": {"hrId": "A1", "role": "manager"}}
    assert await api.ok(SET_ROLE, body, token=admin) == first
    # and, an hour later, HR makes A2 a manager through the import (A1 is one in the file too)
    clock.advance(hours=1)
    rows = [r[:8] + ("manager",) if r[0] in ("A1", "A2") else r for r in STANDARD_ORG]
    assert (await api.ok(IMPORT, {"csv": org_csv(rows)}, token=hr))["importOrgChart"]["updated"] == ["A2"]
    # then HR and the admin read both changes, newest first
    page = (await api.ok(ROLE_CHANGES, {"first": 2}, token=hr))["roleChanges"]
    assert page["items"] == [
        {"fromRole": "EMPLOYEE", "toRole": "MANAGER", "via": "IMPORT", "changedAt": clock.now().isoformat(),
         "employee": {"hrId": "A2"}, "changedBy": {"hrId": "HR1"}},
        {"fromRole": "EMPLOYEE", "toRole": "MANAGER", "via": "MUTATION",
         "changedAt": (clock.now() - dt.timedelta(hours=1)).isoformat(),
         "employee": {"hrId": "A1"}, "changedBy": {"hrId": "CEO"}},
    ]
    # and further back, the operator's import that made the bosses (no changedBy, from nothing)
    after = page["pageInfo"]["endCursor"]
    rest = (await api.ok(ROLE_CHANGES, {"first": 50, "after": after}, token=admin))["roleChanges"]
    assert {(i["employee"]["hrId"], i["fromRole"], i["toRole"], i["changedBy"]) for i in rest["items"]} == {
        ("CEO", None, "ADMIN", None), ("HR1", None, "HR", None), ("MA", None, "MANAGER", None),
        ("LA", None, "MANAGER", None), ("MB", None, "MANAGER", None),
    }
    assert rest["pageInfo"]["hasNextPage"] is False
    # and one employee's history on its own
    mine = (await api.ok(ROLE_CHANGES, {"e": str(people["A1"]["id"])}, token=admin))["roleChanges"]["items"]
    assert [(i["via"], i["toRole"]) for i in mine] == [("MUTATION", "MANAGER")]


async def test_the_same_role_again_changes_and_audits_nothing(api):
    people = await given_org()
    body = {"i": {"employeeId": str(people["LA"]["id"]), "role": "MANAGER", "clientMutationId": new_id()}}
    data = await api.ok(SET_ROLE, body, token=token_for(people["HR1"]))
    assert data["setEmployeeRole"] == {"changed": False, "employee": {"hrId": "LA", "role": "manager"}}
    mine = (await api.ok(ROLE_CHANGES, {"e": str(people["LA"]["id"])}, token=token_for(people["CEO"])))["roleChanges"]
    assert [i["via"] for i in mine["items"]] == ["IMPORT"]  # the operator's import only
    # and the old token keeps working: nothing about LA changed
    assert (await api.ok(ME, token=token_for(people["LA"])))["me"]["role"] == "manager"


async def test_a_new_token_after_a_role_change_carries_the_new_role(api):
    people = await given_org()
    await given_password(people["A1"], PASSWORD)
    body = {"i": {"employeeId": str(people["A1"]["id"]), "role": "MANAGER", "clientMutationId": new_id()}}
    await api.ok(SET_ROLE, body, token=token_for(people["CEO"]))
    token = (await api.ok(LOGIN, {"e": "a1@test.ee", "p": PASSWORD}))["login"]["token"]
    # a manager's call: A1 sees their (empty) subtree
    assert (await api.ok("{ employees { items { hrId } } }", token=token))["employees"]["items"] == []


async def test_a_link_mailed_to_an_old_address_stops_working_when_the_address_changes(
    api, app, storage, clock, mailbox
):
    # given A2 invited at a2@test.ee
    people = await given_org()
    hr = token_for(people["HR1"])
    await api.ok(INVITE, {"i": {"employeeId": str(people["A2"]["id"]), "clientMutationId": new_id()}}, token=hr)
    await deliver(app, storage, clock)
    [mail] = await mailbox.wait_for("a2@test.ee")
    # when HR changes A2's address
    rows = [r[:2] + ("andres@test.ee",) + r[3:] if r[0] == "A2" else r for r in STANDARD_ORG]
    assert (await api.ok(IMPORT, {"csv": org_csv(rows)}, token=hr))["importOrgChart"]["updated"] == ["A2"]
    # then the link in the old mailbox no longer sets the account's password
    error = await api.error(ACCEPT, {"i": {"token": link_token(mail, "invitation"), "password": PASSWORD}})
    assert error["extensions"]["code"] == "LINK_SUPERSEDED"
