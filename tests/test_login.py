"""Signing in: the login mutation issues a bearer token; bad credentials, leavers and bad tokens are refused."""

from __future__ import annotations

import datetime as dt

import jwt

from services.platform.auth.principal import Principal, Role
from services.platform.auth.tokens import issue_token
from services.platform.settings import get_settings

from .support import HEADER, STANDARD_ORG, given_org, org_csv, token_for

LOGIN = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token employee { hrId email role } } }"
ME = "{ me { hrId name role active } }"
PASSWORD = "correct horse battery"
BAD_CREDENTIALS = {"code": "INVALID_CREDENTIALS", "message": "E-mail or password is wrong."}


async def given_passwords(people, **passwords: str) -> None:
    from services.learning.directory.service import set_password

    for hr_id, password in passwords.items():
        await set_password(employee_id=people[hr_id]["id"], password=password)


async def given_deactivated(*hr_ids: str) -> None:
    """Re-import the standard org with the `active` column false for these people."""
    from services.learning.directory import importer
    from services.platform.clock import SystemClock

    rows = [r + ("false" if r[0] in hr_ids else "true",) for r in STANDARD_ORG]
    report = await importer.run_import(org_csv(rows, header=HEADER + ",active"), dry_run=False, now=SystemClock().now())
    assert sorted(report.deactivated) == sorted(hr_ids), report


def refusal(error: dict) -> dict:
    return {"code": error["extensions"]["code"], "message": error["message"]}


async def test_right_password_gives_a_token_that_works_for_me(api):
    people = await given_org()
    await given_passwords(people, A1=PASSWORD)
    login = (await api.ok(LOGIN, {"e": "a1@test.ee", "p": PASSWORD}))["login"]
    assert login["employee"] == {"hrId": "A1", "email": "a1@test.ee", "role": "employee"}
    me = (await api.ok(ME, token=login["token"]))["me"]
    assert me == {"hrId": "A1", "name": "Anu Aas", "role": "employee", "active": True}
    # The token names the employee and their role.
    claims = jwt.decode(login["token"], options={"verify_signature": False})
    assert claims["sub"] == str(people["A1"]["id"]) and claims["role"] == "employee"


async def test_the_token_carries_the_role_of_whoever_signed_in(api):
    people = await given_org()
    await given_passwords(people, HR1=PASSWORD, A1="another password")
    hr = (await api.ok(LOGIN, {"e": "hr@test.ee", "p": PASSWORD}))["login"]["token"]
    a1 = (await api.ok(LOGIN, {"e": "a1@test.ee", "p": "another password"}))["login"]["token"]
    assert (await api.ok(ME, token=hr))["me"]["hrId"] == "HR1"
    assert jwt.decode(hr, options={"verify_signature": False})["role"] == "hr"
    # HR may list everyone; the same call with the employee's token is refused.
    listed = await api.ok("{ employees(first: 50) { items { hrId } } }", token=hr)
    assert len(listed["employees"]["items"]) == len(STANDARD_ORG)
    assert await api.code("{ employees(first: 50) { items { hrId } } }", token=a1) == "FORBIDDEN"


async def test_wrong_password_and_unknown_email_get_the_same_answer(api):
    people = await given_org()
    await given_passwords(people, A1=PASSWORD)
    wrong = await api.error(LOGIN, {"e": "a1@test.ee", "p": PASSWORD + "!"})
    unknown = await api.error(LOGIN, {"e": "nobody@test.ee", "p": PASSWORD})
    assert refusal(wrong) == refusal(unknown) == BAD_CREDENTIALS
    # Neither leaks a token.
    assert (await api.call(LOGIN, {"e": "a1@test.ee", "p": "nope nope"}))["data"] is None


async def test_an_employee_without_a_password_cannot_sign_in(api):
    await given_org()
    error = await api.error(LOGIN, {"e": "a2@test.ee", "p": ""})
    assert refusal(error) == BAD_CREDENTIALS
    error = await api.error(LOGIN, {"e": "a2@test.ee", "p": "serviceloop-timing-equaliser"})
    assert refusal(error) == BAD_CREDENTIALS


async def test_a_deactivated_employee_cannot_sign_in(api):
    people = await given_org()
    await given_passwords(people, A1=PASSWORD)
    assert (await api.ok(LOGIN, {"e": "a1@test.ee", "p": PASSWORD}))["login"]["token"]
    await given_deactivated("A1")
    error = await api.error(LOGIN, {"e": "a1@test.ee", "p": PASSWORD})
    assert refusal(error) == BAD_CREDENTIALS


async def test_a_deactivated_employees_old_token_stops_working(api):
    people = await given_org()
    token = token_for(people["A1"])
    assert (await api.ok(ME, token=token))["me"]["hrId"] == "A1"
    await given_deactivated("A1")
    assert await api.code(ME, token=token) == "UNAUTHENTICATED"


async def test_email_is_case_insensitive(api):
    people = await given_org()
    await given_passwords(people, A1=PASSWORD)
    for email in ("A1@Test.EE", "  a1@TEST.ee ", "a1@test.ee"):
        login = (await api.ok(LOGIN, {"e": email, "p": PASSWORD}))["login"]
        assert login["employee"]["hrId"] == "A1", email
    # The password is not.
    assert refusal(await api.error(LOGIN, {"e": "a1@test.ee", "p": PASSWORD.upper()})) == BAD_CREDENTIALS


async def test_login_token_expires_with_the_app_clock(api, clock):
    people = await given_org()
    await given_passwords(people, A1=PASSWORD)
    token = (await api.ok(LOGIN, {"e": "a1@test.ee", "p": PASSWORD}))["login"]["token"]
    clock.advance(minutes=get_settings().jwt_ttl_minutes - 1)
    assert (await api.ok(ME, token=token))["me"]["hrId"] == "A1"
    clock.advance(minutes=2)
    assert await api.code(ME, token=token) == "UNAUTHENTICATED"


async def test_expired_token_is_unauthenticated(api, clock):
    people = await given_org()
    principal = Principal(employee_id=people["A1"]["id"], role=Role.EMPLOYEE)
    issued = clock.now() - dt.timedelta(minutes=get_settings().jwt_ttl_minutes + 1)
    expired = issue_token(principal, settings=get_settings(), now=issued)
    error = await api.error(ME, token=expired)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "expired" in error["message"]


async def test_garbage_and_forged_tokens_are_unauthenticated(api):
    people = await given_org()
    good = token_for(people["A1"])
    header, payload, signature = good.split(".")
    claims = jwt.decode(good, options={"verify_signature": False})
    forged = jwt.encode({**claims, "role": "admin"}, "not-the-secret-but-just-as-long-as-one", algorithm="HS256")
    no_exp = jwt.encode(
        {k: v for k, v in claims.items() if k != "exp"}, get_settings().jwt_secret.get_secret_value(), algorithm="HS256"
    )
    for bad in ("garbage", "a.b.c", f"{header}.{payload}.{signature[:-4]}AAAA", forged, no_exp, ""):
        headers = {"Authorization": f"Bearer {bad}"}
        response = await api.client.post("/graphql", json={"query": ME}, headers=headers)
        body = response.json()
        assert body["data"] is None, bad
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", (bad, body)
    # Another scheme than Bearer is refused, too.
    response = await api.client.post("/graphql", json={"query": ME}, headers={"Authorization": f"Basic {good}"})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # No token at all is anonymous, which `me` refuses the same way.
    assert await api.code(ME) == "UNAUTHENTICATED"
    # The good token still works, so the refusals above are about the tokens.
    assert (await api.ok(ME, token=good))["me"]["hrId"] == "A1"
