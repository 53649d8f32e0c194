"""Abuse: with only her own token an employee reads no peer's CSAT or NPS and no team's figures, and a manager
demoted to employee loses the team view in the feedback service too (the learning side has its own tests)."""

from __future__ import annotations

from services.platform.settings import get_settings

from ..account_steps import SET_ROLE, deliver, reason
from ..conftest import START
from ..recognition_steps import NPS, given_people
from ..support import new_id, token_for
from ..team_feedback_steps import (
    CSAT,
    EMPLOYEE,
    TEAM,
    customer_answers,
    given_handled_complaint,
    team_of,
)


async def given_a1_has_a_survey_answer(feedback_api, feedback_app, storage, clock) -> dict:
    """A1 resolved a complaint and its customer answered (CSAT 2, NPS 3): figures worth hiding from peers."""
    people = await given_people()
    feedback_id = await given_handled_complaint([people["A1"]], taker=people["LA"], owner=people["A1"], at=START,
                                                app=feedback_app, storage=storage, clock=clock)
    await customer_answers(feedback_api, feedback_id, csat=2, nps=3, app=feedback_app, storage=storage, clock=clock)
    return people


async def test_an_employee_with_her_own_token_reads_no_peers_csat_nps_or_teams(
    feedback_api, feedback_app, storage, clock
):
    # given A1's customer answered badly, and A2 (her peer under LA) holds only her own token
    people = await given_a1_has_a_survey_answer(feedback_api, feedback_app, storage, clock)
    a2 = token_for(people["A2"])
    a1_entity = {"r": [{"__typename": "Employee", "id": str(people["A1"]["id"])}]}
    # when A2 asks for A1's figures every way the API offers
    member = await feedback_api.call(EMPLOYEE, a1_entity, token=a2)
    csat = await feedback_api.call(CSAT, {"e": str(people["A1"]["id"])}, token=a2)
    nps = await feedback_api.call(NPS, {"e": str(people["A1"]["id"])}, token=a2)
    team_csat = await feedback_api.call(CSAT, {"t": str(people["LA"]["id"])}, token=a2)
    teams = [await feedback_api.call(TEAM, team_of(people[m]), token=a2) for m in ("LA", "A2", "CEO")]
    # then every one is refused and nothing of the answer comes back
    recognition = member["data"]["_entities"][0]["recognition"]
    assert (recognition["csat"], recognition["openComplaints"], recognition["targetBreaches30Days"]) == (None, None, None)
    assert {e["extensions"]["code"] for e in member["errors"]} == {"FORBIDDEN"}
    for body in (csat, nps, team_csat, *teams):
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], body
    assert all(t["data"]["_entities"] == [None] for t in teams)
    # while A1 herself and her manager see it
    for viewer in ("A1", "LA"):
        mine = (await feedback_api.ok(EMPLOYEE, a1_entity, token=token_for(people[viewer])))["_entities"][0]
        assert mine["recognition"]["csat"] == {"mean": 2.0, "answers": 1}


async def test_a_manager_over_another_branch_gets_the_same_answer_as_for_a_team_that_does_not_exist(
    feedback_api, feedback_app, storage, clock
):
    people = await given_a1_has_a_survey_answer(feedback_api, feedback_app, storage, clock)
    mb = token_for(people["MB"])
    peer = await feedback_api.call(TEAM, team_of(people["LA"]), token=mb)
    unknown = await feedback_api.call(TEAM, {"r": [{"__typename": "Team", "managerId": new_id()}]}, token=mb)
    malformed = await feedback_api.call(TEAM, {"r": [{"__typename": "Team", "managerId": "not-an-id"}]}, token=mb)
    answers = [(b["data"], [(e["message"], e["extensions"]) for e in b["errors"]]) for b in (peer, unknown, malformed)]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][1][0][1]["code"] == "FORBIDDEN"


async def test_a_manager_demoted_to_employee_loses_the_team_view(api, feedback_api, app, feedback_app, storage, clock):
    # given LA looks at her team's figures
    people = await given_a1_has_a_survey_answer(feedback_api, feedback_app, storage, clock)
    old = token_for(people["LA"])
    assert (await feedback_api.ok(TEAM, team_of(people["LA"]), token=old))["_entities"][0]["recognition"]
    # when the admin demotes her and the change reaches the feedback replica
    body = {"i": {"employeeId": str(people["LA"]["id"]), "role": "EMPLOYEE", "clientMutationId": new_id()}}
    await api.ok(SET_ROLE, body, token=token_for(people["CEO"]))
    await deliver(app, storage, clock, services=("feedback",))
    clock.advance(seconds=get_settings().token_recheck_seconds + 1)
    # then her old token opens nothing, and a token of her new role does not open her old team or its CSAT
    assert reason(await feedback_api.error(TEAM, team_of(people["LA"]), token=old)) == ("UNAUTHENTICATED",
                                                                                         "TOKEN_REVOKED")
    from services.learning.directory.tables import Employee

    demoted = (await Employee.select().where(Employee.id == people["LA"]["id"]))[0]
    fresh = token_for(demoted)
    assert await feedback_api.code(TEAM, team_of(people["LA"]), token=fresh) == "FORBIDDEN"
    assert await feedback_api.code(CSAT, {"t": str(people["LA"]["id"])}, token=fresh) == "FORBIDDEN"
    a1 = await feedback_api.call(EMPLOYEE, {"r": [{"__typename": "Employee", "id": str(people["A1"]["id"])}]},
                                 token=fresh)
    assert a1["data"]["_entities"][0]["recognition"]["csat"] is None
