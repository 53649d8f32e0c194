"""Abuse: the response cache (services/platform/graphql/response_cache.py) keeps team figures that a manager's own
request computed. An employee with only her own token replays that request exactly, and a manager demoted since
replays her own; neither gets the kept answer."""

from __future__ import annotations

from services.platform.settings import get_settings

from ..account_steps import SET_ROLE, reason
from ..support import given_org, new_id, token_for

TEAM = """query Team($m: ID) { team(managerId: $m) { managerId progress { headcount activeLearners7Days }
  members(first: 20) { items { hrId progress { currentStreak lessonsCompleted7Days { completed target } } } } } }"""


async def test_finding_1_an_employee_replaying_her_managers_cached_team_request_gets_no_figures(api, app):
    # given LA's team answered twice for LA (the second from the cache)
    people = await given_org()
    variables = {"m": str(people["LA"]["id"])}
    kept = await api.ok(TEAM, variables, token=token_for(people["LA"]))
    assert await api.ok(TEAM, variables, token=token_for(people["LA"])) == kept
    # when A1, in LA's team, sends the very same document and variables with her own token, again and again
    for _ in range(3):
        body = await api.call(TEAM, variables, token=token_for(people["A1"]))
        # then she gets FORBIDDEN and no data at all, never LA's kept answer
        assert body.get("data") is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_finding_2_a_demoted_manager_does_not_keep_her_cached_team_view(api, app, clock):
    # given LA's team answered and kept for LA's token
    people = await given_org()
    old = token_for(people["LA"])
    await api.ok(TEAM, token=old)
    await api.ok(TEAM, token=old)
    # when the admin makes her an employee, and the process re-reads her token state
    body = {"i": {"employeeId": str(people["LA"]["id"]), "role": "EMPLOYEE", "clientMutationId": new_id()}}
    await api.ok(SET_ROLE, body, token=token_for(people["CEO"]))
    clock.advance(seconds=get_settings().token_recheck_seconds + 1)
    # then her old token is revoked, and a token of her new role gets FORBIDDEN, not the kept answer
    assert reason(await api.error(TEAM, token=old)) == ("UNAUTHENTICATED", "TOKEN_REVOKED")
    from services.learning.directory.tables import Employee

    demoted = (await Employee.select().where(Employee.id == people["LA"]["id"]))[0]
    assert await api.code(TEAM, token=token_for(demoted)) == "FORBIDDEN"
