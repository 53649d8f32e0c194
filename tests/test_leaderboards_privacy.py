"""Privacy in competition: a team board names its team; the organisation and role-family boards name only those who
did not opt out (the rest are 'a colleague', with no id); small groups show no per-person NPS to peers."""

import datetime as dt

from services.feedback.recognition import privacy_in_competition as privacy
from services.feedback.recognition.tables import LeaderboardVisibilityChange
from services.platform.auth.principal import Principal, Role

from .recognition_steps import given_people, given_praise, utc
from .support import new_id, token_for

NOW = utc(2026, 3, 10, 9, 0)
BOARD = (
    "query($s: LeaderboardScope!, $f: String, $n: Boolean! = false) "
    "{ leaderboard(period: WEEK, scope: $s, roleFamily: $f, nearMe: $n) "
    "{ total entries { rank points isMe name nameHidden employee { id name } nps { score responses withheld } } "
    "me { name nameHidden employee { id } } } }"
)
SET_VISIBILITY = (
    "mutation($i: SetMyLeaderboardVisibilityInput!) { setMyLeaderboardVisibility(input: $i) "
    "{ showName clientMutationId } }"
)
MY_CHOICE = "{ myRecognition { showNameOnLeaderboards } }"


async def board(api, viewer: dict, scope: str = "ORGANISATION", role_family: str | None = None) -> dict:
    variables = {"s": scope, "f": role_family}
    return (await api.ok(BOARD, variables, token=token_for(viewer)))["leaderboard"]


def line_of(board: dict, points: int) -> dict:
    """The one line with these points (the tests give each person of interest distinct points)."""
    (line,) = [e for e in board["entries"] if e["points"] == points]
    return line


async def opt_out(api, person: dict, *, show_name: bool = False, client_id: str | None = None) -> dict:
    variables = {"i": {"showName": show_name, "clientMutationId": client_id or new_id()}}
    return (await api.ok(SET_VISIBILITY, variables, token=token_for(person)))["setMyLeaderboardVisibility"]


async def given_a1_opted_out_with_30_points(api) -> dict:
    people = await given_people()
    await given_praise(people["A1"], at=NOW - dt.timedelta(hours=1), times=3)
    assert (await opt_out(api, people["A1"]))["showName"] is False
    return people


async def test_an_opted_out_person_is_a_colleague_to_peers_on_the_organisation_board(feedback_api, storage):
    # given A1 (30 points this week) opted out of showing their name
    people = await given_a1_opted_out_with_30_points(feedback_api)
    # when B1 (Estonian, another team) and A2 (English, A1's own team) look at the organisation board
    for viewer, word in ((people["B1"], "kolleeg"), (people["A2"], "a colleague")):
        line = line_of(await board(feedback_api, viewer), 30)
        # then A1 is ranked first with their points, but nothing says who they are
        assert line == {"rank": 1, "points": 30, "isMe": False, "name": word, "nameHidden": True, "employee": None,
                        "nps": {"score": None, "responses": 0, "withheld": None}}
    # and the role-family board (cashiers) hides them the same way
    cashiers = await board(feedback_api, people["B1"], "ROLE_FAMILY", "cashier")
    assert line_of(cashiers, 30)["employee"] is None and line_of(cashiers, 30)["name"] == "kolleeg"


async def test_the_team_board_the_person_and_those_over_them_see_the_name(feedback_api, storage):
    people = await given_a1_opted_out_with_30_points(feedback_api)
    a1 = {"id": str(people["A1"]["id"]), "name": "Anu Aas"}
    # A2 sees A1 named on their team's board
    assert line_of(await board(feedback_api, people["A2"], "TEAM"), 30)["employee"] == a1
    # A1 sees themselves, and their own line apart
    own = await board(feedback_api, people["A1"])
    assert line_of(own, 30)["employee"] == a1 and own["me"] == {"name": "Anu Aas", "nameHidden": False,
                                                                 "employee": {"id": a1["id"]}}
    # their managers (LA, MA), HR and admin see the name on the organisation board
    for key in ("LA", "MA", "HR1", "CEO"):
        assert line_of(await board(feedback_api, people[key]), 30)["employee"] == a1, key
    # a manager of another team does not
    assert line_of(await board(feedback_api, people["MB"]), 30)["employee"] is None


async def test_opting_out_is_idempotent_audited_and_can_be_undone(feedback_api, storage):
    people = await given_people()
    token = token_for(people["A1"])
    assert (await feedback_api.ok(MY_CHOICE, token=token))["myRecognition"]["showNameOnLeaderboards"] is True
    # when A1 opts out, the client retries with the same id, and then asks once more with a new one
    client_id = new_id()
    first = await opt_out(feedback_api, people["A1"], client_id=client_id)
    again = await opt_out(feedback_api, people["A1"], client_id=client_id)
    await opt_out(feedback_api, people["A1"])
    # then one change is recorded and the choice reads back
    assert first == again == {"showName": False, "clientMutationId": client_id}
    assert (await feedback_api.ok(MY_CHOICE, token=token))["myRecognition"]["showNameOnLeaderboards"] is False
    assert await LeaderboardVisibilityChange.count().where(LeaderboardVisibilityChange.employee == people["A1"]["id"]) == 1
    # when they show their name again, peers see it again, and that change is recorded too
    await opt_out(feedback_api, people["A1"], show_name=True)
    names = {e["name"] for e in (await board(feedback_api, people["B1"]))["entries"]}
    assert "Anu Aas" in names and "kolleeg" not in names
    assert await LeaderboardVisibilityChange.count().where(LeaderboardVisibilityChange.employee == people["A1"]["id"]) == 2
    # the same client id for a different request is refused
    variables = {"i": {"showName": True, "clientMutationId": client_id}}
    assert await feedback_api.code(SET_VISIBILITY, variables, token=token) == "IDEMPOTENCY_KEY_REUSED"


async def test_opting_out_hides_only_your_own_name(feedback_api, storage):
    # an employee with only their own token opts out: nobody else's name changes, and only their row is written
    people = await given_people()
    await opt_out(feedback_api, people["B1"])
    hidden = [e for e in (await board(feedback_api, people["A2"]))["entries"] if e["nameHidden"]]
    assert len(hidden) == 1
    assert await LeaderboardVisibilityChange.count() == 1


async def test_a_small_group_shows_no_per_person_nps_to_peers(feedback_api, storage):
    # given LA's team board: LA, A1 and A2 (3 people, under 5)
    people = await given_people()
    await given_praise(people["A1"], at=NOW - dt.timedelta(hours=1), times=2)  # 20 points
    await given_praise(people["A2"], at=NOW - dt.timedelta(hours=1), times=1)  # 10 points
    team = await board(feedback_api, people["A2"], "TEAM")
    assert team["total"] == 3
    # then A2 sees A1's NPS withheld, with the reason, but their own
    assert line_of(team, 20)["nps"] == {"score": None, "responses": None, "withheld": "SMALL_GROUP"}
    assert line_of(team, 10)["nps"]["withheld"] is None
    # and LA, their manager, sees both
    managers_view = await board(feedback_api, people["LA"], "TEAM")
    assert line_of(managers_view, 20)["nps"]["withheld"] is None
    # on the organisation board (8 people) peers see per-person NPS
    assert line_of(await board(feedback_api, people["B1"]), 20)["nps"]["withheld"] is None


def test_the_small_group_rule_draws_the_line_at_five():
    peer = Principal(employee_id="p", role=Role.EMPLOYEE, token_version=1)
    person = {"id": "x", "org_path": "m/x"}
    assert privacy.per_person_figure_withheld(peer, person=person, group_size=4) == privacy.Withheld.SMALL_GROUP
    assert privacy.per_person_figure_withheld(peer, person=person, group_size=5) is None
    for over in (Principal(employee_id="x", role=Role.EMPLOYEE, token_version=1),
                 Principal(employee_id="m", role=Role.MANAGER, token_version=1),
                 Principal(employee_id="h", role=Role.HR, token_version=1)):
        assert privacy.per_person_figure_withheld(over, person=person, group_size=2) is None
    # a manager elsewhere is a peer here
    other = Principal(employee_id="o", role=Role.MANAGER, token_version=1)
    assert privacy.per_person_figure_withheld(other, person=person, group_size=2) == privacy.Withheld.SMALL_GROUP
