"""The response cache (services/platform/graphql/response_cache.py): a repeated team query is answered without
executing it while the database has not changed, only ever to the caller who got it, never past a change once its
settle window is over, never past its max age, and never for anything but the cached root fields."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from services.platform.graphql.response_cache import ResponseCache
from services.platform.settings import get_settings

from . import learning_steps as steps
from .account_steps import given_password
from .support import count_statements, given_org, token_for

TEAM = """query($m: ID) { team(managerId: $m) { managerId manager { hrId }
  progress { headcount activeLearners7Days lessonsCompleted7Days { completed target } }
  members(first: 20) { items { hrId progress { lessonsCompleted7Days { completed target }
    lessonHistory(first: 5) { items { lesson { id } passed } } } } } } }"""
SNAPSHOT = "pg_current_snapshot"


def completed_7_days(found: dict) -> int:
    return found["team"]["progress"]["lessonsCompleted7Days"]["completed"]


async def test_a_repeated_team_query_is_answered_from_the_cache_until_something_commits(api, app, storage, clock):
    # given LA's team, asked for once
    people = await given_org()
    la = token_for(people["LA"])
    first = await api.ok(TEAM, token=la)
    assert completed_7_days(first) == 0
    # when LA asks again with nothing changed
    async with count_statements() as statements:
        again = await api.ok(TEAM, token=la)
    # then the same answer comes back for one statement: the snapshot that shows nothing committed since
    assert again == first
    assert len(statements) == 1 and SNAPSHOT in statements[0]
    # when A1 completes a lesson and the worker brings the team figures up to date
    await steps.do_lesson(api, token_for(people["A1"]), (await steps.suitable_ids("cashier"))[0])
    await steps.settle_teams(app, storage, clock)
    # then the next ask computes the team again and shows it
    async with count_statements() as statements:
        after = await api.ok(TEAM, token=la)
    assert completed_7_days(after) == 1
    assert len(statements) > 1
    members = {m["hrId"]: m for m in after["team"]["members"]["items"]}
    assert members["A1"]["progress"]["lessonsCompleted7Days"]["completed"] == 1
    assert [h["passed"] for h in members["A1"]["progress"]["lessonHistory"]["items"]] == [True]


async def test_the_same_request_arriving_many_times_at_once_is_computed_once(api, app):
    import asyncio

    # given LA's team, not asked for yet
    people = await given_org()
    la = token_for(people["LA"])
    # when one request computes it, counted
    async with count_statements() as statements:
        single = await api.ok(TEAM, token=la)
    computed_once = len([s for s in statements if SNAPSHOT not in s])
    # and, after a commit, eight identical requests arrive together
    await steps.do_lesson(api, token_for(people["A1"]), (await steps.suitable_ids("cashier"))[0])
    async with count_statements() as statements:
        answers = await asyncio.gather(*(api.ok(TEAM, token=la) for _ in range(8)))
    # then all eight get the new answer, computed once (each read at most the snapshot besides)
    assert all(a == answers[0] for a in answers) and answers[0] != single
    assert len([s for s in statements if SNAPSHOT not in s]) == computed_once
    assert len([s for s in statements if SNAPSHOT in s]) <= 8


async def test_a_cached_answer_goes_only_to_the_caller_who_got_it(api, app):
    # given MA's team, cached for MA
    people = await given_org()
    ma = people["MA"]
    mine = await api.ok(TEAM, token=token_for(ma))
    assert mine["team"]["manager"]["hrId"] == "MA"
    variables = {"m": str(ma["id"])}
    await api.ok(TEAM, variables, token=token_for(ma))
    # when MB, a peer, asks for MA's team by id (the same document and variables as MA's own request)
    # then MB gets the refusal the policy gives a peer, not MA's cached answer
    assert await api.code(TEAM, variables, token=token_for(people["MB"])) == "TEAM_NOT_FOUND"
    # and an employee gets FORBIDDEN, while HR, allowed, gets the same figures MA sees
    assert await api.code(TEAM, variables, token=token_for(people["A1"])) == "FORBIDDEN"
    hr = await api.ok(TEAM, variables, token=token_for(people["HR1"]))
    assert hr["team"] == mine["team"]
    # and no token at all is UNAUTHENTICATED
    assert await api.code(TEAM, variables) == "UNAUTHENTICATED"


async def test_a_token_revoked_after_its_answer_was_cached_is_refused(api, app, clock):
    # given MA's team answered and cached for MA's token
    people = await given_org()
    old_token = token_for(people["MA"])
    await api.ok(TEAM, token=old_token)
    await api.ok(TEAM, token=old_token)
    # when MA's password changes (every token issued before it ends) and the process re-reads MA's token state
    await given_password(people["MA"], "a new long passphrase 42")
    clock.advance(seconds=get_settings().token_recheck_seconds + 1)
    # then the old token is refused, cached answer or not
    body = await api.call(TEAM, token=old_token)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body.get("data") is None


async def test_answers_with_errors_and_other_operations_are_never_cached(api, app):
    # given an employee nobody reports to, and a manager
    people = await given_org()
    a1 = token_for(people["A1"])
    la = token_for(people["LA"])
    nobody = {"m": str(people["A1"]["id"])}
    # when LA asks for A1's team twice (refused: nobody reports to A1), then the refusal is not kept: the second
    # request runs the whole query again, as the first did
    counts = []
    for _ in range(2):
        async with count_statements() as statements:
            assert await api.code(TEAM, nobody, token=la) == "NO_TEAM"
        counts.append(len(statements))
    assert counts[0] == counts[1] > 1
    # and `today`, a mutation and a query mixing `team` with another root field are executed every time
    for query, token in (
        ("{ today { date lesson { id } } }", a1),
        ("{ me { id } team { managerId } }", la),
    ):
        for _ in range(2):
            async with count_statements() as statements:
                await api.ok(query, token=token)
            assert statements and not any(SNAPSHOT in s for s in statements)
    lesson = (await steps.suitable_ids("cashier"))[0]
    async with count_statements() as statements:
        await steps.start(api, a1, lesson)
    assert statements and not any(SNAPSHOT in s for s in statements)


async def test_within_the_settle_window_an_answer_is_served_unchecked_and_never_past_its_max_age(api, app, clock):
    # given answers that settle for 10 s and live at most 60 s (the defaults are 2 s and 60 s)
    cache = app.state.runtime.response_cache
    settle, max_age = cache.settle, cache.max_age
    cache.settle, cache.max_age = dt.timedelta(seconds=10), dt.timedelta(seconds=60)
    try:
        people = await given_org()
        la = token_for(people["LA"])
        before = await api.ok(TEAM, token=la)
        # when A1's lesson commits and LA asks again 5 s later
        await steps.do_lesson(api, token_for(people["A1"]), (await steps.suitable_ids("cashier"))[0])
        clock.advance(seconds=5)
        async with count_statements() as statements:
            within = await api.ok(TEAM, token=la)
        # then, inside the window, the answer is the one computed before, for no statement at all
        assert within == before
        assert statements == []
        # when the window is over, the snapshot shows the commit and the team is computed again
        clock.advance(seconds=6)
        async with count_statements() as statements:
            after = await api.ok(TEAM, token=la)
        assert len(statements) > 2
        members = {m["hrId"]: m for m in after["team"]["members"]["items"]}
        assert [h["passed"] for h in members["A1"]["progress"]["lessonHistory"]["items"]] == [True]
        # when nothing changes, a check renews the answer (the snapshot, besides the token's periodic re-read)
        clock.advance(seconds=30)
        async with count_statements() as statements:
            await api.ok(TEAM, token=la)
        assert any(SNAPSHOT in s for s in statements)
        assert all(SNAPSHOT in s or '"learning"."employee"' in s for s in statements)
        # but 60 s after it was computed it is computed again, changes or not
        clock.advance(seconds=31)
        async with count_statements() as statements:
            await api.ok(TEAM, token=la)
        assert any('"learning"."member_day"' in s or "team_day" in s for s in statements)
    finally:
        cache.settle, cache.max_age = settle, max_age


async def test_the_feedback_half_of_a_team_is_cached_as_the_gateway_asks_for_it(feedback_api, feedback_app, storage):
    from .conftest import START
    from .recognition_steps import given_people
    from .team_feedback_steps import TEAM as TEAM_ENTITY
    from .team_feedback_steps import given_unowned_complaint, team_of

    # given LA's team asked for as the gateway asks (`_entities` with a Team representation)
    people = await given_people()
    la = token_for(people["LA"])
    first = await feedback_api.ok(TEAM_ENTITY, team_of(people["LA"]), token=la)
    # when asked again, nothing changed: one statement, the same answer
    async with count_statements() as statements:
        again = await feedback_api.ok(TEAM_ENTITY, team_of(people["LA"]), token=la)
    assert again == first
    assert len(statements) == 1 and SNAPSHOT in statements[0]
    # when a complaint about A2 arrives, the next ask shows it
    await given_unowned_complaint([people["A2"]], at=START)
    after = await feedback_api.ok(TEAM_ENTITY, team_of(people["LA"]), token=la)
    assert after["_entities"][0]["recognition"]["openComplaints"] == (
        first["_entities"][0]["recognition"]["openComplaints"] + 1
    )


class _Caller:
    def __init__(self, employee_id, role="manager", token_version=1):
        from services.platform.auth.principal import Principal, Role

        self.caller = Principal(employee_id=employee_id, role=Role(role), token_version=token_version)
        self.from_gateway = True


def _cache(**overrides) -> ResponseCache:
    async def snapshot() -> str:
        return "1:1:"

    settings = get_settings().model_copy(update=overrides)
    return ResponseCache(
        service="test", root_fields=("team",), entity_types=("Team",), settings=settings, snapshot=snapshot
    )


def test_which_requests_have_a_key():
    import uuid

    cache = _cache()
    who = _Caller(uuid.uuid4())
    key = cache.key_of(text="{ team { managerId } }", operation_name=None, variables=None, context=who)
    assert key is not None
    # another caller, role or token version is another key
    other = _Caller(who.caller.employee_id, token_version=2)
    assert cache.key_of(text="{ team { managerId } }", operation_name=None, variables=None, context=other) != key
    # variables in another order are the same key
    text = "query($m: ID, $f: Int) { team(managerId: $m) { members(first: $f) { items { id } } } }"
    assert cache.key_of(text=text, operation_name=None, variables={"m": "1", "f": 2}, context=who) == cache.key_of(
        text=text, operation_name=None, variables={"f": 2, "m": "1"}, context=who
    )
    entities = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Team { managerId } } }"
    team = {"__typename": "Team", "managerId": "1"}
    assert cache.key_of(text=entities, operation_name=None, variables={"r": [team]}, context=who)
    inline = '{ _entities(representations: [{__typename: "Team", managerId: "1"}]) { ... on Team { managerId } } }' 
    for not_cached in (
        ("{ today { date } }", None, None),
        ("mutation { team { managerId } }", None, None),
        ("{ team { managerId } today { date } }", None, None),
        ("{ ... on Query { team { managerId } } }", None, None),
        ("{ team @include(if: true) { managerId } }", None, None),
        ("query A { team { managerId } } query B { today { date } }", "B", None),
        ("{ team { ", None, None),
        (entities, None, {"r": [team, {"__typename": "Employee", "id": "1"}]}),
        (entities, None, {"r": []}),
        (entities, None, {"representations": [team]}),
        (inline, None, None),
    ):
        text, name, variables = not_cached
        assert cache.key_of(text=text, operation_name=name, variables=variables, context=who) is None, not_cached
    assert cache.key_of(text="{ team { managerId } }", operation_name=None, variables=None, context=object()) is None
    assert _cache(response_cache_max_bytes=0).key_of(
        text="{ team { managerId } }", operation_name=None, variables=None, context=who
    ) is None


def test_the_cache_holds_at_most_its_bytes_least_recently_used_out():
    import uuid

    cache = _cache(response_cache_max_bytes=8_000)
    now = dt.datetime(2026, 3, 10, tzinfo=dt.timezone.utc)
    data = {"team": {"managerId": "x" * 600}}
    keys = [("q", None, b"{}", uuid.uuid4(), "manager", 1, False) for _ in range(12)]
    for key in keys:
        cache.store(key, data=data, snapshot="1:1:", now=now)
    assert cache.bytes <= 8_000
    assert 0 < len(cache) < 12
    assert cache.confirmed(keys[0], "1:1:", now) is None  # the oldest went first
    assert cache.confirmed(keys[-1], "1:1:", now).body == b'{"data":' + msgspec.json.encode(data) + b"}"
    # an answer larger than an eighth of the whole is not kept
    cache.store(("big",), data={"x": "y" * 2_000}, snapshot="1:1:", now=now)
    assert cache.confirmed(("big",), "1:1:", now) is None
    # a changed snapshot drops the entry
    assert cache.confirmed(keys[-1], "2:2:", now) is None
    assert cache.confirmed(keys[-1], "1:1:", now) is None


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
