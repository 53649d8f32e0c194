"""SQL statements per operation are pinned and do not grow with the length of the list asked for."""

from . import learning_steps as steps
from .learning_steps import ANSWER, COMPLETE, answer_input
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
    # session, assignments, result, COMMIT. The XP rules added no statement to either.
    for answer, complete in (granted, retake):
        assert len(answer) == 11, "\n".join(answer)
        assert len(complete) == 10, "\n".join(complete)


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
