"""The manager's printable QR sheet: every team member's public feedback code, the form's address and its QR code;
the missing codes made in one step. And "who has not done today": each member's doneToday, at a pinned cost."""

import pytest
import segno

from services.feedback.intake.tables import PublicCode

from .feedback_intake_steps import CREATE_CODE, given_people
from .support import count_statements, given_org, given_replica, token_for
from .test_statement_counts import many_people

SHEET = """query($r: [_Any!]!, $depth: TeamDepth! = DIRECT, $first: Int) { _entities(representations: $r) {
  ... on Team { managerId feedbackCodes(depth: $depth, first: $first) {
    items { employee { name } code { code path } formUrl qrSvg } pageInfo { hasNextPage } } } } }"""
MAKE = """mutation($i: CreateTeamFeedbackCodesInput!) { createTeamFeedbackCodes(input: $i) { managerId created } }"""
FORM_BASE = "http://127.0.0.1:4000/feedback/?code="


def team_of(person: dict) -> dict:
    return {"r": [{"__typename": "Team", "managerId": str(person["id"])}]}


def sheet(data: dict) -> list[dict]:
    return data["_entities"][0]["feedbackCodes"]["items"]


async def test_a_manager_makes_the_missing_codes_and_prints_the_sheet(feedback_api):
    # given the shift lead's team, where the cleaner already has a code
    people = await given_people()
    la = token_for(people["LA"])
    existing = (await feedback_api.ok(CREATE_CODE, {"e": str(people["A2"]["id"])}, token=la))["createPublicCode"]
    # when the shift lead opens the sheet before making codes
    before = sheet(await feedback_api.ok(SHEET, team_of(people["LA"]), token=la))
    # then the cashier has no code yet and the cleaner has hers
    assert [(i["employee"]["name"], i["code"] and i["code"]["code"]) for i in before] == [
        ("Andres Allik", existing["code"]), ("Anu Aas", None)]
    assert before[1]["formUrl"] is None and before[1]["qrSvg"] is None
    # when they make the missing codes, twice
    made = (await feedback_api.ok(MAKE, {"i": {"managerId": str(people["LA"]["id"])}}, token=la))[
        "createTeamFeedbackCodes"]
    again = (await feedback_api.ok(MAKE, {"i": {"managerId": str(people["LA"]["id"])}}, token=la))[
        "createTeamFeedbackCodes"]
    # then one code was made, and the repeat made none
    assert (made["created"], again["created"]) == (1, 0) and made["managerId"] == str(people["LA"]["id"])
    assert await PublicCode.count() == 2
    # and the sheet lists every member with their code, the form's address and a QR code of it
    after = sheet(await feedback_api.ok(SHEET, team_of(people["LA"]), token=la))
    assert after[0]["code"]["code"] == existing["code"]
    for line in after:
        assert line["formUrl"] == FORM_BASE + line["code"]["code"]
        expected = segno.make_qr(line["formUrl"], error="m").svg_inline(scale=4, border=4)
        assert line["qrSvg"] == expected.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    # and the code made is the one createPublicCode returns for the cashier
    asked = (await feedback_api.ok(CREATE_CODE, {"e": str(people["A1"]["id"])}, token=la))["createPublicCode"]
    assert asked["code"] == after[1]["code"]["code"] and await PublicCode.count() == 2


async def test_a_store_manager_prints_the_whole_subtree(feedback_api):
    people = await given_people()
    ma = token_for(people["MA"])
    made = await feedback_api.ok(MAKE, {"i": {"managerId": str(people["MA"]["id"]), "depth": "SUBTREE"}}, token=ma)
    assert made["createTeamFeedbackCodes"]["created"] == 3
    lines = sheet(await feedback_api.ok(SHEET, {**team_of(people["MA"]), "depth": "SUBTREE"}, token=ma))
    assert [i["employee"]["name"] for i in lines] == ["Andres Allik", "Anu Aas", "Liis Lepp"]
    direct = sheet(await feedback_api.ok(SHEET, team_of(people["MA"]), token=ma))
    assert [i["employee"]["name"] for i in direct] == ["Liis Lepp"]


async def test_only_the_teams_managers_hr_and_admin_see_or_make_its_codes(feedback_api):
    # given the shift lead's team
    people = await given_people()
    la_team = {"i": {"managerId": str(people["LA"]["id"])}}
    # then the cashier, a colleague and the other branch's manager may neither read nor make the sheet
    for hr_id in ("A1", "A2", "MB"):
        token = token_for(people[hr_id])
        assert await feedback_api.code(SHEET, team_of(people["LA"]), token=token) == "FORBIDDEN"
        assert await feedback_api.code(MAKE, la_team, token=token) == "FORBIDDEN"
    # and signed out neither
    assert await feedback_api.code(MAKE, la_team) == "UNAUTHENTICATED"
    assert await PublicCode.count() == 0
    # and the store manager above, HR and admin may
    for hr_id in ("MA", "HR1", "CEO"):
        await feedback_api.ok(MAKE, la_team, token=token_for(people[hr_id]))
        assert len(sheet(await feedback_api.ok(SHEET, team_of(people["LA"]), token=token_for(people[hr_id])))) == 2


@pytest.mark.usefixtures("computed")
async def test_the_sheet_costs_the_same_for_3_or_30_members(feedback_api):
    # given thirty more cashiers under the shift lead, every one with a code
    people = await given_org(many_people(30))
    await given_replica(people)
    la = token_for(people["LA"])
    await feedback_api.ok(MAKE, {"i": {"managerId": str(people["LA"]["id"])}}, token=la)
    await feedback_api.ok(SHEET, {**team_of(people["LA"]), "first": 3}, token=la)  # warm the pool's type codecs
    # when the shift lead prints 3 and then 30 lines
    async with count_statements() as small:
        data = await feedback_api.ok(SHEET, {**team_of(people["LA"]), "first": 3}, token=la)
    assert len(sheet(data)) == 3
    async with count_statements() as large:
        data = await feedback_api.ok(SHEET, {**team_of(people["LA"]), "first": 30}, token=la)
    assert len(sheet(data)) == 30
    # then both cost the same: viewer and manager, the sheet's page, the members' names
    assert len(small) == len(large), "\n".join(large)
    assert len(large) <= 4, "\n".join(large)


TEAM_TODAY = """query($first: Int) { team { members(first: $first) { items { name
  progress { doneToday lastActiveDate streak } } } } }"""


@pytest.mark.usefixtures("computed")
async def test_who_has_not_done_today_costs_the_same_for_3_or_30_members(api):
    # given thirty more cashiers under the shift lead
    people = await given_org(many_people(30))
    la = token_for(people["LA"])
    await api.ok(TEAM_TODAY, {"first": 3}, token=la)  # warm the pool's type codecs
    # when the shift lead looks at who has not done today's lesson, 3 and then 30 of them
    async with count_statements() as small:
        data = await api.ok(TEAM_TODAY, {"first": 3}, token=la)
    assert len(data["team"]["members"]["items"]) == 3
    async with count_statements() as large:
        data = await api.ok(TEAM_TODAY, {"first": 30}, token=la)
    # then nobody has, and asking costs the same for both
    assert [m["progress"]["doneToday"] for m in data["team"]["members"]["items"]] == [False] * 30
    assert len(small) == len(large), "\n".join(large)
