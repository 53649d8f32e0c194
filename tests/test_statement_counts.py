"""SQL statements per operation are pinned and do not grow with the length of the list asked for."""

import pytest

from . import learning_steps as steps
from .learning_steps import ANSWER, COMPLETE, answer_input
from .conftest import START
from .support import STANDARD_ORG, count_statements, given_org, new_id, token_for

EMPLOYEES = """
query($first: Int) { employees(first: $first) { items {
  name manager { name } progress { xp streak level } openAssignments { id dueDate }
} pageInfo { hasNextPage } } }
"""


def many_people(n: int) -> list[tuple]:
    rows = list(STANDARD_ORG)
    for i in range(n):
        rows.append((f"S{i:03}", f"Staff {i:03}", f"s{i}@test.ee", "Cashier", "cashier", "LA", "et", "Europe/Tallinn", "employee"))
    return rows


async def statements_for(api, token, first: int) -> list[str]:
    async with count_statements() as statements:
        data = await api.ok(EMPLOYEES, {"first": first}, token=token)
    assert len(data["employees"]["items"]) == first
    return list(statements)


async def test_listing_people_costs_the_same_for_3_or_60_rows(api):
    # given an org with 68 people
    people = await given_org(many_people(60))
    token = token_for(people["HR1"])
    await statements_for(api, token, 60)  # first use of pooled connections loads asyncpg's type codecs
    # when HR lists 3 and then 60 of them with manager, progress and assignments
    small = await statements_for(api, token, 3)
    large = await statements_for(api, token, 60)
    # then the count is pinned and does not grow with the list: viewer, page, managers not on the page,
    # progress, open assignments (on the long page every manager is on the page already)
    assert len(small) == 5, "\n".join(small)
    assert len(large) == 4, "\n".join(large)


async def test_a_manager_listing_their_subtree_is_pinned_too(api):
    people = await given_org(many_people(20))
    token = token_for(people["MA"])
    await statements_for(api, token, 10)
    statements = await statements_for(api, token, 10)
    # viewer, page, progress, open assignments: every manager shown is the viewer or on the page
    assert len(statements) == 4, "\n".join(statements)


TODAY = """{ today { date reason minutes lesson { id title cards { title } } reviewItems { id question }
  session { id completedAt } progress { xp streak freezes doneToday } } }"""


async def test_today_costs_four_statements_first_and_two_after(api):
    # given an employee and a warm catalogue (it is cached per process)
    people = await given_org()
    await api.ok(TODAY, token=token_for(people["CEO"]))
    token = token_for(people["A1"])
    # when they open today's lesson for the first time today, then again
    async with count_statements() as first:
        await api.ok(TODAY, token=token)
    async with count_statements() as again:
        await api.ok(TODAY, token=token)
    # then: employee, plan (with progress), plan insert, today's session; afterwards employee and plan only
    assert len(first) == 4, "\n".join(first)
    assert len(again) == 2, "\n".join(again)


async def _answer_last_and_complete(api, token, lesson_id: str) -> tuple[list[str], list[str]]:
    session = await steps.start(api, token, lesson_id)
    *first, last = session["items"]
    await steps.answer_all(api, token, {"id": session["id"], "items": first})
    variables = answer_input(last["id"], await steps.right_option(last["id"]), session["id"], new_id())
    async with count_statements() as answer:
        await api.ok(ANSWER, variables, token=token)
    async with count_statements() as complete:
        await api.ok(COMPLETE, {"i": {"sessionId": session["id"], "clientMutationId": new_id()}}, token=token)
    return list(answer), list(complete)


async def test_answering_and_completing_cost_the_same_whatever_xp_they_grant(api):
    # given an employee with a lesson done (pooled connections warm)
    people = await given_org()
    token = token_for(people["A1"])
    lessons = await steps.suitable_ids("cashier")
    await steps.do_lesson(api, token, lessons[0])
    # when they answer a lesson's last item and complete it: a new lesson (XP granted), then a retake (none)
    granted = await _answer_last_and_complete(api, token, lessons[1])
    retake = await _answer_last_and_complete(api, token, lessons[1])
    # then answerItem: employee, BEGIN, idempotency key, progress lock, session (+ the lesson's earned XP), review
    # card, answer, card upsert, progress (+ the ledger entry in the same statement), idempotency result, COMMIT
    # completeLesson: employee, BEGIN, key, progress lock, session (+ earned XP), progress (+ ledger entry),
    # session, assignments, the team-rollup announcement (teams/rollups.py), result, COMMIT. The XP rules added no
    # statement to either.
    for answer, complete in (granted, retake):
        assert len(answer) == 11, "\n".join(answer)
        assert len(complete) == 11, "\n".join(complete)


ITEM_STATISTICS = """query($l: ID!) { itemStatistics(lessonId: $l) { item { id } answers difficulty discrimination
  meanConfidence distractors { option share } flags } }"""


async def test_item_statistics_cost_two_statements_whatever_the_number_of_items(api):
    # given answers to two lessons of different lengths
    people = await given_org()
    catalogue = await steps.catalogue()
    lessons = [l.id for l in catalogue.lessons if l.topic != "values"]
    short = min(lessons, key=lambda l: len(catalogue.items_of[l]))
    long = max(lessons, key=lambda l: len(catalogue.items_of[l]))
    assert len(catalogue.items_of[short]) < len(catalogue.items_of[long])
    for lesson_id in (short, long):
        await steps.do_lesson(api, token_for(people["A1"]), lesson_id)
    token = token_for(people["HR1"])
    await api.ok(ITEM_STATISTICS, {"l": short}, token=token)
    # when HR asks for each; then: the caller, the figures
    for lesson_id in (short, long):
        async with count_statements() as statements:
            found = await api.ok(ITEM_STATISTICS, {"l": lesson_id}, token=token)
        assert len(found["itemStatistics"]) == len(catalogue.items_of[lesson_id])
        assert len(statements) == 2, "\n".join(statements)


TEAM = """query($first: Int) { team { progress { headcount lessonsCompleted7Days { completed target } }
  subteams { manager { name } progress { headcount meanCurrentStreak } }
  members(first: $first) { items { name progress { currentStreak
    lessonsCompleted7Days { completed target } lessonsCompleted30Days { completed target }
    overdueAssignments completedAssignments30Days mastery { topic mastery }
    lessonHistory(first: 3) { items { lesson { id } score passed } } } } } } }"""


@pytest.mark.usefixtures("computed")
async def test_a_team_page_costs_the_same_for_5_or_50_members(api):
    # given a shift lead with 52 reports, one of whom has learned
    people = await given_org(many_people(50))
    await steps.do_lesson(api, token_for(people["A1"]), (await steps.suitable_ids("cashier"))[0])
    token = token_for(people["LA"])
    await api.ok(TEAM, {"first": 50}, token=token)
    # when they open a page of 5 members and one of 50, each with their figures and lesson history
    counts = []
    for first in (5, 50):
        async with count_statements() as statements:
            data = await api.ok(TEAM, {"first": first}, token=token)
        assert len(data["team"]["members"]["items"]) == first
        counts.append(list(statements))
    # then: viewer, has-reports, rollup, subteams, members page, progress, member figures, mastery, lesson history
    assert len(counts[0]) == len(counts[1]) == 9, "\n".join(counts[1])


TEAM_PAGE = """query($r: [_Any!]!, $first: Int) { _entities(representations: $r) { ... on Team {
  recognition { pointsThisWeek openComplaints nps { score } csat { mean answers } }
  membersByService(first: $first, sortBy: POINTS_THIS_WEEK) { items { id name
    recognition { points pointsThisWeek pointsThisMonth openComplaints targetBreaches30Days csat { mean answers } } }
  pageInfo { hasNextPage } } } } }"""


async def _team_statements(feedback_api, token, manager: dict, first: int) -> list[str]:
    variables = {"r": [{"__typename": "Team", "managerId": str(manager["id"])}], "first": first}
    async with count_statements() as statements:
        data = await feedback_api.ok(TEAM_PAGE, variables, token=token)
    assert len(data["_entities"][0]["membersByService"]["items"]) == first
    return list(statements)


@pytest.mark.usefixtures("computed")
async def test_a_team_page_with_every_members_figures_costs_the_same_for_5_or_50_members(feedback_api):
    # given a shift lead with 52 direct reports in the feedback replica, some with points
    from .recognition_steps import given_people, given_praise
    from .team_feedback_steps import given_unowned_complaint

    people = await given_people(many_people(50))
    for hr_id in ("A1", "S001", "S042"):
        await given_praise(people[hr_id], at=START)
    await given_unowned_complaint([people["S007"]], at=START)
    token = token_for(people["LA"])
    await _team_statements(feedback_api, token, people["LA"], 5)
    # when she asks for her team's figures and a page of 5, then of 50 members with each one's figures
    small = await _team_statements(feedback_api, token, people["LA"], 5)
    large = await _team_statements(feedback_api, token, people["LA"], 50)
    # then, whatever the page size: viewer and team root (one batch), the page, the team's kept figures, the members
    # in the replica, their balances, their kept figures
    assert len(small) == len(large) == 6, "\n".join(large)


LEADERBOARD_LINES = (
    "query($n: Boolean!, $first: Int) { leaderboard(period: WEEK, scope: ORGANISATION, nearMe: $n, first: $first) "
    "{ total entries { rank points name nameHidden employee { id name } } me { rank name } } }"
)


async def test_a_leaderboard_costs_two_statements_whatever_its_length(feedback_api):
    # given 38 people on the organisation board, the board built by a first read
    from .recognition_steps import given_people

    people = await given_people(many_people(30))
    token = token_for(people["S015"])
    await feedback_api.ok(LEADERBOARD_LINES, {"n": False, "first": 30}, token=token)

    async def statements(near_me: bool, first: int) -> list[str]:
        async with count_statements() as sent:
            data = await feedback_api.ok(LEADERBOARD_LINES, {"n": near_me, "first": first}, token=token)
        assert len(data["leaderboard"]["entries"]) == first
        return list(sent)

    # when the top 3 and the top 30, and near me with 3 and 30 lines, are asked for with names
    for near_me in (False, True):
        small, large = await statements(near_me, 3), await statements(near_me, 30)
        # then the viewer and the lines' people with their name choices: the ranking and the rank come from Redis
        assert len(small) == len(large) == 2, "\n".join(large)
