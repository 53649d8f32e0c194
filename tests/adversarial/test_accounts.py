"""Abuse stories about accounts ("trust"): an attacker with only their own token (or none) tries to gain a role,
keep one, get into someone's account or guess passwords, and gains nothing. Each test names its finding."""

from __future__ import annotations

import contextlib
import uuid

import httpx
import jwt

from services.learning.cli import DEMO_DIR, DEMO_PASSWORD, give_demo_passwords
from services.platform.settings import get_settings

from ..account_steps import IMPORT, LOGIN, ME, REQUEST_RESET, SET_ROLE, deliver, given_password, reason
from ..feedback_intake_steps import CREATE_CODE, SUBMIT_PUBLIC
from ..support import HEADER, STANDARD_ORG, Api, given_org, given_replica, new_id, org_csv, token_for

PASSWORD = "the right password"
ROLE_FORBIDDEN = "ROLE_CHANGE_FORBIDDEN"
# A manager's power in the feedback service: a printed feedback code for someone in their team.
TEAM_CODE = "mutation($e: ID) { createPublicCode(input: {employeeId: $e}) { code } }"
SECOND_ADMIN = ("AD", "Ada Admin", "ad@test.ee", "IT lead", "manager", "CEO", "et", "Europe/Tallinn", "admin")


def changed(rows: list[tuple], hr_id: str, **columns: str) -> list[tuple]:
    names = HEADER.split(",") + ["active"]
    out = []
    for row in rows:
        values = dict(zip(names, row))
        if row[0] == hr_id:
            values.update(columns)
        out.append(tuple(values[n] for n in names[: len(row)]))
    return out


async def world_state() -> tuple:
    """Everything a refused import must leave as it was: employees, the role audit, the outbox."""
    from services.learning.directory.tables import Employee

    employees = await Employee.raw("SELECT * FROM learning.employee ORDER BY hr_id")
    audit = await Employee.raw("SELECT count(*) AS n FROM learning.role_change")
    events = await Employee.raw("SELECT count(*) AS n FROM learning.outbox_event")
    return employees, audit[0]["n"], events[0]["n"]


@contextlib.asynccontextmanager
async def client_at(app, peer: str):
    """A client whose TCP peer address is `peer`."""
    transport = httpx.ASGITransport(app=app, client=(peer, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def post(http, query: str, variables: dict, headers: dict | None = None) -> dict:
    return (await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers or {})).json()


# ---------------------------------------------------------------- finding 1: HR made themselves admin


async def test_finding_1_hr_cannot_make_themselves_admin_by_importing_their_own_row(api):
    # given HR, and a file that makes HR admin (and, as cover, promotes a cashier, which HR may do)
    people = await given_org()
    before = await world_state()
    rows = changed(changed(STANDARD_ORG, "HR1", role="admin"), "A2", role="manager")
    for dry_run in (True, False):
        # when HR imports it (or tries a dry run)
        body = await api.call(
            "mutation($csv: String!, $dry: Boolean!) { importOrgChart(input: {csv: $csv, dryRun: $dry}) { updated } }",
            {"csv": org_csv(rows), "dry": dry_run},
            token=token_for(people["HR1"]),
        )
        # then the whole import is refused with the line of HR's own row
        [error] = body["errors"]
        assert error["extensions"]["code"] == ROLE_FORBIDDEN
        assert [(e["line"], e["hrId"]) for e in error["extensions"]["errors"]] == [(3, "HR1")]
        assert "own role" in error["extensions"]["errors"][0]["message"]
    # and nothing was written: no role, no audit row, no event
    assert await world_state() == before


async def test_finding_1_hr_gives_and_takes_no_hr_or_admin_role_and_leaves_the_admins_account_alone(api):
    # given the standard org with a second admin, AD, who manages nobody
    org = [*STANDARD_ORG, SECOND_ADMIN]
    people = await given_org(org)
    hr = token_for(people["HR1"])
    before = await world_state()
    active_rows = [r + ("true",) for r in org]
    attempts = {
        "a cashier made admin": (changed(org, "A1", role="admin"), "A1", False),
        "a cashier made hr": (changed(org, "A1", role="hr"), "A1", False),
        "the admin demoted": (changed(org, "CEO", role="manager"), "CEO", False),
        # the admin's address is where their reset link goes
        "the admin's e-mail moved to HR's mailbox": (changed(org, "CEO", email="hr+ceo@test.ee"), "CEO", False),
        "an admin deactivated": (changed(active_rows, "AD", active="false"), "AD", False),
        "an admin left out with deactivateMissing": ([r for r in org if r[0] != "AD"], "AD", True),
    }
    for story, (rows, target, deactivate_missing) in attempts.items():
        header = HEADER + ",active" if len(rows[0]) > 9 else HEADER
        body = await api.call(
            "mutation($csv: String!, $d: Boolean!) { importOrgChart(input: {csv: $csv, deactivateMissing: $d}) { updated } }",
            {"csv": org_csv(rows, header=header), "d": deactivate_missing},
            token=hr,
        )
        error = body["errors"][0]
        assert error["extensions"]["code"] == ROLE_FORBIDDEN, story
        assert [e["hrId"] for e in error["extensions"]["errors"]] == [target], story
    # and through the mutation: HR may not give admin, nor change their own role
    for target, role in (("A1", "ADMIN"), ("CEO", "EMPLOYEE"), ("HR1", "ADMIN"), ("HR1", "MANAGER")):
        body = {"i": {"employeeId": str(people[target]["id"]), "role": role, "clientMutationId": new_id()}}
        assert await api.code(SET_ROLE, body, token=hr) == ROLE_FORBIDDEN, (target, role)
    # a manager changes no roles at all, not even in their own team
    body = {"i": {"employeeId": str(people["A1"]["id"]), "role": "MANAGER", "clientMutationId": new_id()}}
    assert await api.code(SET_ROLE, body, token=token_for(people["LA"])) == "FORBIDDEN"
    assert await world_state() == before


async def test_finding_1_not_even_an_admin_changes_their_own_role(api):
    people = await given_org()
    body = {"i": {"employeeId": str(people["CEO"]["id"]), "role": "EMPLOYEE", "clientMutationId": new_id()}}
    assert await api.code(SET_ROLE, body, token=token_for(people["CEO"])) == ROLE_FORBIDDEN
    # the admin may give another admin (who may then, in turn, change the first one)
    body = {"i": {"employeeId": str(people["HR1"]["id"]), "role": "ADMIN", "clientMutationId": new_id()}}
    assert (await api.ok(SET_ROLE, body, token=token_for(people["CEO"])))["setEmployeeRole"]["changed"] is True


# ---------------------------------------------------------------- finding 2: a demoted manager's old token


async def test_finding_2_a_demoted_managers_old_token_loses_manager_powers_within_a_minute_in_both_services(
    api, feedback_api, app, storage, clock
):
    # given shift lead LA, signed in and using manager powers in both services
    people = await given_org()
    await given_replica(people)
    old = token_for(people["LA"])
    team = {"e": str(people["A1"]["id"])}
    assert (await api.ok("{ employees { items { hrId } } }", token=old))["employees"]["items"]
    assert (await feedback_api.ok(TEAM_CODE, team, token=old))["createPublicCode"]["code"]
    # when the admin demotes LA, and the change reaches the feedback replica
    body = {"i": {"employeeId": str(people["LA"]["id"]), "role": "EMPLOYEE", "clientMutationId": new_id()}}
    await api.ok(SET_ROLE, body, token=token_for(people["CEO"]))
    await deliver(app, storage, clock, services=("feedback",))
    # then, once the 30-second memory has passed (well within a minute), the old token opens nothing anywhere
    clock.advance(seconds=get_settings().token_recheck_seconds + 1)
    revoked = ("UNAUTHENTICATED", "TOKEN_REVOKED")
    assert reason(await api.error("{ employees { items { hrId } } }", token=old)) == revoked
    assert reason(await feedback_api.error(TEAM_CODE, team, token=old)) == revoked
    # and a fresh sign-in gets employee powers only
    await given_password(people["LA"], PASSWORD)
    fresh = (await api.ok(LOGIN, {"e": "la@test.ee", "p": PASSWORD}))["login"]["token"]
    assert await api.code("{ employees { items { hrId } } }", token=fresh) == "FORBIDDEN"
    assert await feedback_api.code(TEAM_CODE, team, token=fresh) == "FORBIDDEN"


async def test_finding_2_a_deactivated_employees_token_stops_in_both_services(api, feedback_api, app, storage, clock):
    from services.learning.directory import importer

    people = await given_org()
    await given_replica(people)
    token = token_for(people["A1"])
    assert (await feedback_api.ok("{ myRecognition { points } }", token=token))["myRecognition"]
    rows = [r + ("false" if r[0] == "A1" else "true",) for r in STANDARD_ORG]
    await importer.run_import(org_csv(rows, header=HEADER + ",active"), dry_run=False, now=clock.now())
    await deliver(app, storage, clock, services=("feedback",))
    clock.advance(seconds=get_settings().token_recheck_seconds + 1)
    assert reason(await api.error(ME, token=token)) == ("UNAUTHENTICATED", "TOKEN_REVOKED")
    assert reason(await feedback_api.error("{ myRecognition { points } }", token=token)) == (
        "UNAUTHENTICATED", "TOKEN_REVOKED"
    )


async def test_finding_2_a_token_without_a_version_is_revoked(api):
    # (tokens from before token versions, or a forger who drops the claim, are older than any employee's)
    people = await given_org()
    claims = jwt.decode(token_for(people["A1"]), options={"verify_signature": False})
    del claims["tv"]
    legacy = jwt.encode(claims, get_settings().jwt_secret.get_secret_value(), algorithm="HS256")
    assert reason(await api.error(ME, token=legacy)) == ("UNAUTHENTICATED", "TOKEN_REVOKED")


# ---------------------------------------------------------------- finding 3: the public demo password


async def test_finding_3_people_hr_imports_never_get_the_public_demo_password(api, clock):
    # given the demo org, loaded as `make run` does
    from services.learning.directory import importer
    from services.learning.directory.tables import Employee

    text = (DEMO_DIR / "org.csv").read_text(encoding="utf-8")
    assert not (await importer.run_import(text, dry_run=False, now=clock.now())).errors
    await give_demo_passwords(text)
    people = {p["hr_id"]: p for p in await Employee.select()}
    # and a real new hire imported by the demo org's admin, and a demo login whose password was changed
    new_hire = "N1,Nele Nurm,nele.nurm@company.ee,Cashier,cashier,E007,et,Europe/Tallinn,employee"
    body = {"csv": text.rstrip("\n") + "\n" + new_hire + "\n", "invite": False}
    assert (await api.ok(IMPORT, body, token=token_for(people["E001"])))["importOrgChart"]["created"] == ["N1"]
    await given_password(people["E013"], "maie's own password")
    # when the next `make run` loads the demo again
    await give_demo_passwords(text)
    # then the new hire cannot sign in with the public password, nor can the demo login that changed theirs
    assert await api.code(LOGIN, {"e": "nele.nurm@company.ee", "p": DEMO_PASSWORD}) == "INVALID_CREDENTIALS"
    assert await api.code(LOGIN, {"e": "maie.kivi@demo.serviceloop.ee", "p": DEMO_PASSWORD}) == "INVALID_CREDENTIALS"
    # while an untouched demo login still works
    assert (await api.ok(LOGIN, {"e": "liis.kask@demo.serviceloop.ee", "p": DEMO_PASSWORD}))["login"]["token"]


# ---------------------------------------------------------------- finding 4: thirty wrong passwords in three seconds


async def test_finding_4_thirty_wrong_passwords_in_three_seconds_are_throttled(api, clock):
    # given A1 with a password
    people = await given_org()
    await given_password(people["A1"], PASSWORD)
    # when someone tries 30 wrong passwords in 3 seconds
    codes, waits = [], []
    for n in range(30):
        error = await api.error(LOGIN, {"e": "a1@test.ee", "p": f"guess {n}"})
        codes.append(error["extensions"]["code"])
        waits.append(error["extensions"].get("retryAfterSeconds"))
        clock.advance(seconds=0.1)
    # then five are checked, then the account waits 1 s, then 2 s: only 6 guesses were ever checked
    assert codes[:5] == ["INVALID_CREDENTIALS"] * 5 and codes[5] == "TOO_MANY_ATTEMPTS" and waits[5] == 1
    assert codes.count("INVALID_CREDENTIALS") == 6
    # and while the account waits, even the right password is refused
    assert await api.code(LOGIN, {"e": "a1@test.ee", "p": PASSWORD}) == "TOO_MANY_ATTEMPTS"
    # when the wait is over, the right password works and the account starts afresh
    clock.advance(seconds=2)
    assert (await api.ok(LOGIN, {"e": "a1@test.ee", "p": PASSWORD}))["login"]["token"]
    assert await api.code(LOGIN, {"e": "a1@test.ee", "p": "one more typo"}) == "INVALID_CREDENTIALS"


async def test_finding_4_the_wait_doubles_up_to_fifteen_minutes_and_unknown_addresses_wait_alike(api, clock):
    await given_org()
    for email in ("a1@test.ee", "nobody@test.ee"):
        waits = []
        for _ in range(5 + 12):
            error = await api.error(LOGIN, {"e": email, "p": "wrong"})
            if error["extensions"]["code"] == "TOO_MANY_ATTEMPTS":
                waits.append(error["extensions"]["retryAfterSeconds"])
                clock.advance(seconds=waits[-1])
                assert await api.code(LOGIN, {"e": email, "p": "wrong"}) == "INVALID_CREDENTIALS"
        assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900], email


async def test_finding_4_one_address_spraying_many_accounts_is_throttled_whatever_x_forwarded_for_says(app, clock):
    # given no trusted proxies (the default), an attacker at 203.0.113.66 tries one password on many accounts,
    # claiming a different address each time
    await given_org()
    free = get_settings().login_free_attempts_per_address
    async with client_at(app, "203.0.113.66") as attacker:
        codes = []
        for n in range(free + 1):
            body = await post(attacker, LOGIN, {"e": f"user{n}@test.ee", "p": "Summer2026!"},
                              headers={"X-Forwarded-For": f"198.51.100.{n}"})
            codes.append(body["errors"][0]["extensions"]["code"])
    # then the address is held back all the same
    assert codes[:free] == ["INVALID_CREDENTIALS"] * free and codes[free] == "TOO_MANY_ATTEMPTS"
    # and someone at another address is not
    async with client_at(app, "203.0.113.77") as other:
        body = await post(other, LOGIN, {"e": "user0@test.ee", "p": "x"})
        assert body["errors"][0]["extensions"]["code"] == "INVALID_CREDENTIALS"


async def test_finding_4_reset_requests_are_throttled_too(api, app, storage, clock, mailbox):
    await given_org()
    codes = [
        (await api.call(REQUEST_RESET, {"i": {"email": "a1@test.ee"}})).get("errors", [{"extensions": {"code": "OK"}}])
        [0]["extensions"]["code"]
        for _ in range(8)
    ]
    assert codes == ["OK"] * 5 + ["TOO_MANY_ATTEMPTS"] * 3
    await deliver(app, storage, clock)
    assert len(await mailbox.wait_for("a1@test.ee", count=5)) == 5


async def test_finding_4_with_redis_down_sign_in_still_works(api, app, storage):
    people = await given_org()
    await given_password(people["A1"], PASSWORD)
    runtime = app.state.runtime
    await runtime.close_arq()
    runtime.redis_url = "redis://127.0.0.1:1/0"
    try:
        assert (await api.ok(LOGIN, {"e": "a1@test.ee", "p": PASSWORD}))["login"]["token"]
    finally:
        await runtime.close_arq()
        runtime.redis_url = storage["redis_url"]


# ---------------------------------------------------------------- finding 4: the public form's client address


async def given_public_code(feedback_api) -> tuple[dict, str]:
    from ..feedback_intake_steps import given_people

    people = await given_people()
    made = await feedback_api.ok(CREATE_CODE, {"e": str(people["A1"]["id"])}, token=token_for(people["LA"]))
    return people, made["createPublicCode"]["code"]


def praise(code: str, n: int) -> dict:
    return {"i": {"code": code, "kind": "PRAISE", "rating": 5, "body": f"Lovely service {n}"}}


async def test_finding_4_a_spoofed_x_forwarded_for_does_not_bypass_the_public_form_limit(feedback_api, feedback_app):
    # given a code, and a customer's machine at 203.0.113.7 that invents a new X-Forwarded-For every time
    _, code = await given_public_code(feedback_api)
    async with client_at(feedback_app, "203.0.113.7") as spoofer:
        codes = []
        for n in range(6):
            body = await post(spoofer, SUBMIT_PUBLIC, praise(code, n), headers={"X-Forwarded-For": f"10.9.8.{n}"})
            codes.append(body["errors"][0]["extensions"]["code"] if body.get("errors") else "OK")
    # then the sixth is refused as usual
    assert codes == ["OK"] * 5 + ["RATE_LIMITED"]


async def test_finding_4_through_a_trusted_proxy_the_right_most_untrusted_address_counts(
    feedback_api, feedback_app, monkeypatch
):
    # given the service behind a proxy at 10.0.0.5 (trusted), which appends the address it saw
    _, code = await given_public_code(feedback_api)
    runtime = feedback_app.state.runtime
    monkeypatch.setattr(runtime, "settings", runtime.settings.model_copy(update={"trusted_proxies": ["10.0.0.0/8"]}))
    async with client_at(feedback_app, "10.0.0.5") as proxy:

        async def submit(n: int, forwarded: str) -> str:
            body = await post(proxy, SUBMIT_PUBLIC, praise(code, n), headers={"X-Forwarded-For": forwarded})
            return body["errors"][0]["extensions"]["code"] if body.get("errors") else "OK"

        # when a customer at 203.0.113.9 sends five, prefixing whatever they like
        sent = [await submit(n, f"198.51.100.{n}, 203.0.113.9, 10.0.0.7") for n in range(5)]
        # then the sixth is refused, whatever the customer wrote on the left
        assert sent == ["OK"] * 5
        assert await submit(5, "1.2.3.4, 203.0.113.9, 10.0.0.7") == "RATE_LIMITED"
        # and another customer behind the same proxy is counted on their own
        assert await submit(6, "203.0.113.10, 10.0.0.7") == "OK"


async def test_finding_2_a_token_for_someone_the_replica_never_heard_of_opens_nothing(feedback_api):
    # (a token for someone the replica has never heard of opens nothing in the feedback service)
    from services.platform.auth.principal import Principal, Role
    from services.platform.auth.tokens import issue_token
    from services.platform.clock import SystemClock

    token = issue_token(Principal(employee_id=uuid.uuid4(), role=Role.ADMIN), settings=get_settings(),
                        now=SystemClock().now())
    assert reason(await feedback_api.error("{ myRecognition { points } }", token=token)) == (
        "UNAUTHENTICATED", "TOKEN_REVOKED"
    )
