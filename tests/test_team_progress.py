"""Team progress: a manager's own team, members sorted and paged with their figures, subtree boundaries, and the
whole-subtree rollups kept at write time (completions, assignments, moves in the org chart)."""

from __future__ import annotations

import datetime as dt
import uuid

from services.learning.teams import mastery, rollups

from . import learning_steps as steps
from .support import STANDARD_ORG, given_org, new_id, org_csv, token_for

TEAM = """query($m: ID) { team(managerId: $m) { managerId manager { hrId }
  members(first: 20) { items { hrId progress { currentStreak longestStreak
    lessonsCompleted7Days { completed target } lessonsCompleted30Days { completed target }
    overdueAssignments completedAssignments30Days mastery { topic mastery cards }
    lessonHistory(first: 5) { items { lesson { id } localDate minutes score passed } pageInfo { hasNextPage } } } } }
  progress { ...figures }
  subteams { manager { hrId } progress { ...figures } } } }
fragment figures on TeamProgress { headcount activeLearners7Days activeLearners30Days
  lessonsCompleted7Days { completed target } lessonsCompleted30Days { completed target }
  meanCurrentStreak overdueAssignments completedAssignments30Days mastery { topic mastery cards } masteryComputedAt }"""

MEMBERS = """query($m: ID, $first: Int, $after: String, $sort: TeamMemberSort!, $desc: Boolean!, $depth: TeamDepth!) {
  team(managerId: $m) { members(first: $first, after: $after, sortBy: $sort, descending: $desc, depth: $depth) {
    items { hrId } pageInfo { endCursor hasNextPage } } } }"""

TEAM_CODE = "query($m: ID) { team(managerId: $m) { managerId } }"


async def team(api, token, manager=None) -> dict:
    return (await api.ok(TEAM, {"m": str(manager["id"]) if manager else None}, token=token))["team"]


def by_hr_id(items: list[dict]) -> dict[str, dict]:
    return {m["hrId"]: m for m in items}


async def test_a_manager_sees_their_own_team_with_each_members_figures(api, app, storage, clock):
    # given A1 passed a lesson today (Tuesday 10 March) and A2 failed one
    people = await given_org()
    lessons = await steps.suitable_ids("cashier")
    await steps.do_lesson(api, token_for(people["A1"]), lessons[0])
    await steps.do_lesson(api, token_for(people["A2"]), (await steps.suitable_ids("cleaner"))[0], right=False)
    # and, two days on, the worker has brought the rollups up to date and made its half-hourly mastery run
    await steps.settle_teams(app, storage, clock)
    clock.advance(days=2)
    await mastery.refresh(now=clock.now())
    # when their shift lead asks for their own team
    found = await team(api, token_for(people["LA"]))
    # then the team is LA's, with both direct reports and their figures
    assert found["manager"]["hrId"] == "LA"
    members = by_hr_id(found["members"]["items"])
    assert set(members) == {"A1", "A2"}
    a1, a2 = members["A1"]["progress"], members["A2"]["progress"]
    # 6-12 March holds five Monday-to-Friday days; 11 February-12 March 22
    assert a1["lessonsCompleted7Days"] == {"completed": 1, "target": 5}
    assert a1["lessonsCompleted30Days"] == {"completed": 1, "target": 22}
    assert a1["currentStreak"] == 0 and a1["longestStreak"] == 1  # Wednesday the 11th was missed
    history = a1["lessonHistory"]["items"]
    assert [(h["lesson"]["id"], h["localDate"], h["passed"], h["score"]) for h in history] == [
        (lessons[0], "2026-03-10", True, 1.0)
    ]
    assert history[0]["minutes"] >= 1
    # two days after right answers the cards are still well remembered, but less than perfectly
    assert a1["mastery"] and all(0.5 < t["mastery"] < 1.0 and t["cards"] > 0 for t in a1["mastery"])
    assert a2["lessonHistory"]["items"][0]["passed"] is False
    assert a2["lessonHistory"]["items"][0]["score"] == 0.0
    # and the rollup counts both: two learners, two lessons against five working days each
    assert found["progress"]["headcount"] == 2
    assert found["progress"]["activeLearners7Days"] == 2
    assert found["progress"]["lessonsCompleted7Days"] == {"completed": 2, "target": 10}
    assert found["progress"]["meanCurrentStreak"] == 0.0  # both missed Wednesday
    assert found["subteams"] == []  # nobody under LA manages people
    # and the team's mastery per topic is the mean of its members' own (computed by the worker, same instant)
    own: dict[str, list[float]] = {}
    for member in (a1, a2):
        for topic in member["mastery"]:
            own.setdefault(topic["topic"], []).append(topic["mastery"])
    kept = {t["topic"]: t["mastery"] for t in found["progress"]["mastery"]}
    assert kept.keys() == own.keys()
    assert all(abs(kept[t] - sum(v) / len(v)) < 1e-9 for t, v in own.items())
    assert found["progress"]["masteryComputedAt"] is not None


async def test_members_are_sorted_and_paged_over_the_direct_reports_or_the_whole_subtree(api, app, storage, clock):
    # given A1 did two lessons, A2 one, LA none
    people = await given_org()
    lessons = await steps.suitable_ids("cashier")
    for lesson in lessons[:2]:
        await steps.do_lesson(api, token_for(people["A1"]), lesson)
    await steps.do_lesson(api, token_for(people["A2"]), (await steps.suitable_ids("cleaner"))[0])
    await steps.settle_teams(app, storage, clock)
    token = token_for(people["MA"])
    variables = {"m": None, "first": 2, "after": None, "sort": "NAME", "desc": False, "depth": "SUBTREE"}
    # when MA pages through their whole subtree by name, two at a time
    first = (await api.ok(MEMBERS, variables, token=token))["team"]["members"]
    rest = (await api.ok(MEMBERS, {**variables, "after": first["pageInfo"]["endCursor"]}, token=token))["team"]["members"]
    # then everyone under MA comes once, in name order
    assert [m["hrId"] for m in first["items"]] == ["A2", "A1"]  # Andres Allik, Anu Aas
    assert first["pageInfo"]["hasNextPage"] is True
    assert [m["hrId"] for m in rest["items"]] == ["LA"]
    assert rest["pageInfo"]["hasNextPage"] is False
    # when sorted by lessons in 30 days, most first, one at a time
    seen = []
    after = None
    while True:
        page = (await api.ok(MEMBERS, {**variables, "first": 1, "after": after, "sort": "LESSONS_30_DAYS", "desc": True},
                             token=token))["team"]["members"]
        seen += [m["hrId"] for m in page["items"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["A1", "A2", "LA"]
    # and by current streak, least first, over the direct reports only
    direct = await api.ok(MEMBERS, {**variables, "first": 10, "sort": "CURRENT_STREAK", "depth": "DIRECT"}, token=token)
    assert [m["hrId"] for m in direct["team"]["members"]["items"]] == ["LA"]
    # and a page over 100 or a forged cursor is refused
    assert await api.code(MEMBERS, {**variables, "first": 101}, token=token) == "PAGE_SIZE_OUT_OF_RANGE"
    assert await api.code(MEMBERS, {**variables, "after": "bm90IGEgY3Vyc29y"}, token=token) == "INVALID_CURSOR"


async def test_a_manager_never_sees_a_peers_team_and_hr_sees_every_team(api, clock):
    people = await given_org()
    mb = token_for(people["MB"])
    # a peer's team and an unknown id give the same answer, so ids cannot be probed
    assert await api.code(TEAM_CODE, {"m": str(people["MA"]["id"])}, token=mb) == "TEAM_NOT_FOUND"
    assert await api.code(TEAM_CODE, {"m": str(uuid.uuid4())}, token=mb) == "TEAM_NOT_FOUND"
    assert await api.code(TEAM_CODE, {"m": str(people["LA"]["id"])}, token=mb) == "TEAM_NOT_FOUND"
    # and the team above one is out of scope too
    assert await api.code(TEAM_CODE, {"m": str(people["CEO"]["id"])}, token=token_for(people["MA"])) == "TEAM_NOT_FOUND"
    # a peer's member's progress stays closed through the employee too
    query = "query($id: ID!) { employee(id: $id) { progress { lessonHistory { items { passed } } } } }"
    assert await api.code(query, {"id": str(people["A1"]["id"])}, token=mb) == "FORBIDDEN"
    # a manager may open a team inside their subtree
    inside = await api.ok(TEAM_CODE, {"m": str(people["LA"]["id"])}, token=token_for(people["MA"]))
    assert inside["team"]["managerId"] == str(people["LA"]["id"])
    # HR and admin open any team
    for viewer in ("HR1", "CEO"):
        for manager in ("MA", "MB", "LA"):
            found = await api.ok(TEAM_CODE, {"m": str(people[manager]["id"])}, token=token_for(people[viewer]))
            assert found["team"]["managerId"] == str(people[manager]["id"])
    # an employee sees no team, not even their manager's; a person nobody reports to has none
    assert await api.code(TEAM_CODE, {"m": None}, token=token_for(people["A1"])) == "FORBIDDEN"
    assert await api.code(TEAM_CODE, {"m": str(people["LA"]["id"])}, token=token_for(people["A1"])) == "FORBIDDEN"
    assert await api.code(TEAM_CODE, {"m": str(people["A1"]["id"])}, token=token_for(people["LA"])) == "NO_TEAM"
    assert await api.code(TEAM_CODE, {"m": None}, token=token_for(people["HR1"])) == "NO_TEAM"


async def test_the_ceo_sees_each_department_and_rollups_follow_completions_assignments_and_moves(
    api, app, storage, clock
):
    # given lessons done across two departments, an assignment passed and one left to go overdue
    people = await given_org()
    ma, mb = token_for(people["MA"]), token_for(people["MB"])
    cashier = await steps.suitable_ids("cashier")
    await steps.assign(api, ma, [people["A1"]["id"]], cashier[0], due=dt.date(2026, 3, 12))
    await steps.assign(api, ma, [people["A2"]["id"]], (await steps.suitable_ids("cleaner"))[0], due=dt.date(2026, 3, 11))
    await steps.do_lesson(api, token_for(people["A1"]), cashier[0])  # passes the assignment
    await steps.do_lesson(api, token_for(people["A1"]), cashier[0])  # a retake counts as a lesson too
    await steps.do_lesson(api, token_for(people["B1"]), (await steps.suitable_ids("logistics"))[0])
    clock.advance(days=2)  # Thursday 12 March: A2's assignment is overdue
    # when the worker has taken the changes in and the CEO opens their team
    before = await team(api, token_for(people["CEO"]))
    await steps.settle_teams(app, storage, clock)
    found = await team(api, token_for(people["CEO"]))
    # then nothing was counted before the worker ran (requests only announce the change), and then all of it
    assert before["progress"]["lessonsCompleted7Days"]["completed"] == 0
    company = found["progress"]
    assert company["headcount"] == 7
    assert company["lessonsCompleted7Days"]["completed"] == 3
    assert company["activeLearners7Days"] == 2
    assert company["overdueAssignments"] == 1
    assert company["completedAssignments30Days"] == 1
    departments = {s["manager"]["hrId"]: s["progress"] for s in found["subteams"]}
    assert set(departments) == {"MA", "MB"}  # HR1 has nobody under them
    assert departments["MA"]["headcount"] == 3 and departments["MA"]["lessonsCompleted7Days"]["completed"] == 2
    assert departments["MA"]["overdueAssignments"] == 1
    assert departments["MB"]["headcount"] == 1 and departments["MB"]["lessonsCompleted7Days"]["completed"] == 1
    # and A1's progress lists the assignment they completed
    query = """query($id: ID!) { employee(id: $id) { progress { completedAssignments30Days
      completedAssignments(first: 5) { items { lesson { id } completedAt } pageInfo { hasNextPage } } } } }"""
    a1 = (await api.ok(query, {"id": str(people["A1"]["id"])}, token=ma))["employee"]["progress"]
    assert a1["completedAssignments30Days"] == 1
    assert [i["lesson"]["id"] for i in a1["completedAssignments"]["items"]] == [cashier[0]]
    assert a1["completedAssignments"]["pageInfo"]["hasNextPage"] is False
    # when HR moves A1 to MB's team
    rows = [r if r[0] != "A1" else (*r[:5], "MB", *r[6:]) for r in STANDARD_ORG]
    from services.learning.directory import importer

    report = await importer.run_import(org_csv(rows), dry_run=False, now=clock.now())
    assert not report.errors
    # then A1's lessons and assignment count for MB now, no longer for MA or LA
    moved = {s["manager"]["hrId"]: s["progress"] for s in (await team(api, token_for(people["CEO"])))["subteams"]}
    assert moved["MA"]["headcount"] == 2 and moved["MA"]["lessonsCompleted7Days"]["completed"] == 0
    assert moved["MB"]["headcount"] == 2 and moved["MB"]["lessonsCompleted7Days"]["completed"] == 3
    assert moved["MB"]["completedAssignments30Days"] == 1
    assert (await team(api, mb))["progress"]["activeLearners7Days"] == 2
    # and the kept rollups equal a count from scratch
    assert await rollups.kept() == await rollups.from_scratch()


async def test_the_figures_also_come_with_a_completion_and_for_oneself(api, clock):
    # given an employee who passed one lesson yesterday
    people = await given_org()
    token = token_for(people["A1"])
    lessons = await steps.suitable_ids("cashier")
    await steps.do_lesson(api, token, lessons[0])
    clock.advance(days=1)
    # when they complete another today, asking for their figures in the completion's progress
    session = await steps.start(api, token, lessons[1])
    await steps.answer_all(api, token, session)
    query = """mutation($i: CompleteLessonInput!) { completeLesson(input: $i) { progress {
      currentStreak lessonsCompleted7Days { completed target } overdueAssignments mastery { topic } } } }"""
    done = await api.ok(query, {"i": {"sessionId": session["id"], "clientMutationId": new_id()}}, token=token)
    # then both lessons count, and the same figures show on their own `me`
    progress = done["completeLesson"]["progress"]
    assert progress["currentStreak"] == 2
    assert progress["lessonsCompleted7Days"] == {"completed": 2, "target": 5}
    assert progress["overdueAssignments"] == 0 and progress["mastery"]
    me = await api.ok("{ me { progress { lessonsCompleted7Days { completed target } } } }", token=token)
    assert me["me"]["progress"]["lessonsCompleted7Days"] == progress["lessonsCompleted7Days"]


ENTITIES = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Team { managerId progress { headcount } } } }"""


async def test_a_team_reference_from_the_other_subgraph_keeps_the_same_rules(api, clock):
    # given the gateway asks the learning subgraph for Team entities (as for the feedback subgraph's team fields)
    people = await given_org()
    reference = {"r": [{"__typename": "Team", "managerId": str(people["MA"]["id"])}]}
    # then MA's own team resolves for MA, and for a peer it is the same TEAM_NOT_FOUND as the root field
    found = await api.ok(ENTITIES, reference, token=token_for(people["MA"]))
    assert found["_entities"] == [{"managerId": str(people["MA"]["id"]), "progress": {"headcount": 3}}]
    assert await api.code(ENTITIES, reference, token=token_for(people["MB"])) == "TEAM_NOT_FOUND"
