"""Team progress, the feedback side: a Team's service figures and its members sorted by theirs, kept by the worker.

The team of Liis (LA) is Anu (A1) and Andres (A2); Mart (MA) is above Liis, the CEO above everyone; Marko (MB)
manages the other branch. Teams are asked for as the gateway asks (`_entities` with a Team representation).
"""

from __future__ import annotations

import datetime as dt

from services.feedback.recognition import rules

from .conftest import START
from .recognition_steps import given_people, given_praise
from .support import token_for
from .team_feedback_steps import (
    CSAT,
    TEAM,
    breaches_detected,
    customer_answers,
    given_handled_complaint,
    given_unowned_complaint,
    member_recognition,
    members,
    moved,
    team_of,
    team_recognition,
)

POINTS = {key: rule.points for key, rule in rules.DEFAULTS.items()}
ACKNOWLEDGED = POINTS[rules.ACKNOWLEDGED_WITHIN_TARGET]
PRAISED = POINTS[rules.PRAISE_RECEIVED]
PENDING = POINTS[rules.RESOLVED]  # handed over: no points for resolving without a transfer
CONFIRMED = PENDING + POINTS[rules.LOYALTY_CONFIRMED]
EMPTY_NPS = {"promoters": 0, "passives": 0, "detractors": 0, "responses": 0, "score": None}


async def given_a_working_week(feedback_api, feedback_app, storage, clock) -> tuple[dict, dict]:
    """LA takes a complaint about A2 within target and hands it to A1, who resolves it (its customer may then answer
    the survey); another complaint about A2, untaken since yesterday, misses its acknowledgement target; A1 and
    MB's B1 are praised."""
    people = await given_people()
    handled = await given_handled_complaint([people["A2"]], taker=people["LA"], owner=people["A1"], at=START,
                                            app=feedback_app, storage=storage, clock=clock)
    await given_unowned_complaint([people["A2"]], at=START - dt.timedelta(days=1))
    await breaches_detected(now=START)
    await given_praise(people["A1"], at=START)
    await given_praise(people["B1"], at=START)
    return people, {"handled": handled}


async def test_a_team_shows_its_points_open_complaints_breaches_nps_and_csat(
    feedback_api, feedback_app, storage, clock
):
    # given A1 resolved a complaint (its points wait for the customer) and another about A2 missed its target
    people, complaints = await given_a_working_week(feedback_api, feedback_app, storage, clock)
    # when LA looks at her team
    before = await team_recognition(feedback_api, people["LA"], viewer=people["LA"])
    # then LA's acknowledgement and A1's praise count, the resolution's points wait, A2's untaken complaint is open
    # and breached (LA herself is in her team's figures)
    week = ACKNOWLEDGED + PRAISED
    assert before == {
        "pointsThisWeek": week, "pointsThisMonth": week, "pendingPointsThisWeek": PENDING,
        "pendingPointsThisMonth": PENDING, "openComplaints": 1, "targetBreaches30Days": 1, "nps": EMPTY_NPS,
        "csat": {"mean": None, "answers": 0},
    }
    # when the customer answers the survey (a promoter, CSAT 4)
    await customer_answers(feedback_api, complaints["handled"], csat=4, nps=9, app=feedback_app, storage=storage,
                           clock=clock)
    after = await team_recognition(feedback_api, people["LA"], viewer=people["LA"])
    # then the pending points are confirmed with the loyalty points, and the answer counts in NPS and CSAT
    assert after == {
        "pointsThisWeek": week + CONFIRMED, "pointsThisMonth": week + CONFIRMED, "pendingPointsThisWeek": 0,
        "pendingPointsThisMonth": 0, "openComplaints": 1, "targetBreaches30Days": 1,
        "nps": {"promoters": 1, "passives": 0, "detractors": 0, "responses": 1, "score": 100},
        "csat": {"mean": 4.0, "answers": 1},
    }
    # and the CEO's whole organisation adds B1's praise; MB's branch has only that
    ceo = await team_recognition(feedback_api, people["CEO"], viewer=people["CEO"])
    assert (ceo["pointsThisWeek"], ceo["openComplaints"], ceo["csat"]) == (
        week + CONFIRMED + PRAISED, 1, {"mean": 4.0, "answers": 1})
    mb = await team_recognition(feedback_api, people["MB"], viewer=people["MB"])
    assert (mb["pointsThisWeek"], mb["openComplaints"], mb["targetBreaches30Days"]) == (PRAISED, 0, 0)
    # and each member's own figures say who earned what
    a1 = await member_recognition(feedback_api, people["A1"], viewer=people["LA"])
    a2 = await member_recognition(feedback_api, people["A2"], viewer=people["LA"])
    assert a1 == {"pointsThisWeek": PRAISED + CONFIRMED, "pointsThisMonth": PRAISED + CONFIRMED, "openComplaints": 0,
                  "targetBreaches30Days": 0, "csat": {"mean": 4.0, "answers": 1}}
    assert a2 == {"pointsThisWeek": 0, "pointsThisMonth": 0, "openComplaints": 1, "targetBreaches30Days": 1,
                  "csat": {"mean": None, "answers": 0}}
    # and CSAT reads the same for any period asked, per employee, team and organisation
    hr = token_for(people["HR1"])
    assert (await feedback_api.ok(CSAT, {"e": str(people["A1"]["id"])}, token=hr))["csat"] == {"mean": 4.0, "answers": 1}
    assert (await feedback_api.ok(CSAT, {"t": str(people["MB"]["id"])}, token=hr))["csat"] == {"mean": None, "answers": 0}
    assert (await feedback_api.ok(CSAT, {"o": True}, token=hr))["csat"] == {"mean": 4.0, "answers": 1}


async def test_the_weeks_figures_start_again_on_monday_and_breaches_leave_after_30_days(
    feedback_api, feedback_app, storage, clock
):
    # given the working week above (Tuesday 10 March)
    people, _ = await given_a_working_week(feedback_api, feedback_app, storage, clock)
    # when it is the next Monday: the week starts again, the month and the 30 days go on
    clock.set(START + dt.timedelta(days=6))
    monday = await team_recognition(feedback_api, people["LA"], viewer=people["LA"])
    assert (monday["pointsThisWeek"], monday["pointsThisMonth"], monday["targetBreaches30Days"]) == (
        0, ACKNOWLEDGED + PRAISED, 1)
    assert (monday["pendingPointsThisWeek"], monday["pendingPointsThisMonth"]) == (0, PENDING)
    # when 30 days have passed since the breach
    clock.set(START + dt.timedelta(days=30))
    later = await team_recognition(feedback_api, people["LA"], viewer=people["LA"])
    assert (later["pointsThisMonth"], later["targetBreaches30Days"], later["openComplaints"]) == (0, 0, 1)


async def test_a_move_in_the_org_chart_takes_the_persons_figures_to_the_new_team(
    feedback_api, feedback_app, storage, clock
):
    # given A2's open, breached complaint counted in LA's team
    people, _ = await given_a_working_week(feedback_api, feedback_app, storage, clock)
    ceo_before = await team_recognition(feedback_api, people["CEO"], viewer=people["CEO"])
    # when A2 moves to MB's branch
    await moved(people["A2"], under=people["MB"], at=START)
    # then LA's and MA's teams lose A2's figures, MB's gains them, the CEO's whole organisation is unchanged
    la = await team_recognition(feedback_api, people["LA"], viewer=people["LA"])
    ma = await team_recognition(feedback_api, people["MA"], viewer=people["MA"])
    mb = await team_recognition(feedback_api, people["MB"], viewer=people["MB"])
    assert (la["openComplaints"], la["targetBreaches30Days"], la["pointsThisWeek"]) == (0, 0, ACKNOWLEDGED + PRAISED)
    assert (ma["openComplaints"], ma["targetBreaches30Days"]) == (0, 0)
    assert (mb["openComplaints"], mb["targetBreaches30Days"]) == (1, 1)
    assert await team_recognition(feedback_api, people["CEO"], viewer=people["CEO"]) == ceo_before
    # and the same announcement again moves nothing twice
    await moved({**people["A2"], "org_path": f"{people['MB']['org_path']}/{people['A2']['id']}"}, under=people["MB"],
                at=START)
    assert (await team_recognition(feedback_api, people["MB"], viewer=people["MB"]))["openComplaints"] == 1


async def test_members_are_sorted_by_their_service_figures_and_paged(feedback_api, feedback_app, storage, clock):
    # given A1 earned points this week and A2 has an open complaint
    people, _ = await given_a_working_week(feedback_api, feedback_app, storage, clock)
    la = people["LA"]

    def names(page: dict) -> list[str]:
        return [m["name"] for m in page["items"]]

    # when LA sorts her direct reports by points, by open complaints, and the other way round
    by_points = await members(feedback_api, la, viewer=la)
    assert names(by_points) == ["Anu Aas", "Andres Allik"]
    assert [m["recognition"]["pointsThisWeek"] for m in by_points["items"]] == [PRAISED, 0]
    assert names(await members(feedback_api, la, viewer=la, sort="OPEN_COMPLAINTS")) == ["Andres Allik", "Anu Aas"]
    assert names(await members(feedback_api, la, viewer=la, sort="POINTS_THIS_MONTH", descending=False)) == [
        "Andres Allik", "Anu Aas"]
    # then pages of one follow each other
    first = await members(feedback_api, la, viewer=la, first=1)
    second = await members(feedback_api, la, viewer=la, first=1, after=first["pageInfo"]["endCursor"])
    assert (names(first), first["pageInfo"]["hasNextPage"]) == (["Anu Aas"], True)
    assert (names(second), second["pageInfo"]["hasNextPage"]) == (["Andres Allik"], False)
    # and MA's whole subtree lists LA too (her acknowledgement earned less than A1's praise), but not MA herself
    assert PRAISED > ACKNOWLEDGED
    subtree = await members(feedback_api, people["MA"], viewer=people["MA"], depth="SUBTREE")
    assert names(subtree) == ["Anu Aas", "Liis Lepp", "Andres Allik"]
    # and a page over 100 is refused
    body = await feedback_api.call(
        TEAM.replace("managerId", "membersByService(first: 101) { items { id } }"), team_of(la), token=token_for(la)
    )
    assert body["errors"][0]["extensions"]["code"] == "PAGE_SIZE_OUT_OF_RANGE"
