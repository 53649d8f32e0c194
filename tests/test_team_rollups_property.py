"""Property: the team rollups kept from every change equal the same figures computed from scratch from the base rows.

Hypothesis draws sequences of what changes a team's figures: lessons passed or failed (retakes of the same two
lessons included), assignments with due dates (passed later, or left to go overdue), streak freezes, new working
days, moves in the org chart (a member to another manager, or a whole team with its lead), deactivations and
reactivations, and days passing. Every step goes through GraphQL, the consumer of the feedback service's events or
the org-chart import, then the outbox and the real learning worker; after each, the kept rows (rollups.kept) equal
the count from the sessions, assignments, progress and org paths themselves (rollups.from_scratch), and `rebuild`
gives them again.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from services.learning.directory import importer
from services.learning.teams import rollups

from . import learning_steps as steps
from .conftest import START, reset_storage
from .support import HEADER, STANDARD_ORG, given_org, new_id, token_for

STAFF = ("A1", "A2", "B1")
MANAGERS = ("LA", "MA", "MB")
ROLE_FAMILY = {"A1": "cashier", "A2": "cleaner", "B1": "logistics", "LA": "manager"}

STEPS = st.one_of(
    st.tuples(st.just("lesson"), st.sampled_from((*STAFF, "LA")), st.integers(0, 1), st.booleans()),
    st.tuples(st.just("assign"), st.sampled_from(STAFF), st.integers(0, 1), st.integers(0, 3)),
    st.tuples(st.just("move"), st.sampled_from((*STAFF, "LA")), st.sampled_from(MANAGERS)),
    st.tuples(st.just("toggle_active"), st.sampled_from(STAFF)),
    st.tuples(st.just("freeze"), st.sampled_from(STAFF)),
    st.tuples(st.just("work_days"), st.sampled_from(STAFF), st.sampled_from([["MON", "TUE"], ["SAT", "SUN"], ["WED"]])),
    st.tuples(st.just("days"), st.sampled_from([1, 3, 8, 31])),
)
SET_WORK_DAYS = "mutation($i: SetMyWorkDaysInput!) { setMyWorkDays(input: $i) { workDays } }"
PLANS = st.lists(STEPS, min_size=1, max_size=7)


class Scenario:
    def __init__(self, api, app, storage, clock) -> None:
        self.api, self.app, self.storage, self.clock = api, app, storage, clock

    async def setup(self) -> None:
        await reset_storage()
        self.clock.set(START)
        self.people = await given_org()
        self.managers = {r[0]: r[5] for r in STANDARD_ORG}
        self.active = {r[0]: True for r in STANDARD_ORG}

    async def reimport(self) -> None:
        rows = [(*r[:5], self.managers[r[0]], *r[6:], "true" if self.active[r[0]] else "false") for r in STANDARD_ORG]
        text = HEADER + ",active\n" + "\n".join(",".join(r) for r in rows) + "\n"
        report = await importer.run_import(text, dry_run=False, now=self.clock.now())
        assert not report.errors, report.errors

    async def play(self, step: tuple) -> None:
        kind, *args = step
        if kind == "lesson":
            who, which, right = args
            if self.active[who]:
                lesson = (await steps.suitable_ids(ROLE_FAMILY[who]))[which]
                await steps.do_lesson(self.api, token_for(self.people[who]), lesson, right=right)
        elif kind == "assign":
            who, which, due_in = args
            if self.active[who]:
                lesson = (await steps.suitable_ids(ROLE_FAMILY[who]))[which]
                due = (self.clock.now() + dt.timedelta(days=due_in + 1)).date()
                await steps.assign(self.api, token_for(self.people["HR1"]), [self.people[who]["id"]], lesson, due=due)
        elif kind == "move":
            who, to = args
            if who != to:  # the shift lead moves with their whole team
                self.managers[who] = to
                await self.reimport()
        elif kind == "freeze":  # a praise's freeze, from the feedback service through the worker
            (who,) = args
            await steps.grant_freeze(self.people[who]["id"], at=self.clock.now())
        elif kind == "work_days":  # the lesson targets count the members' working days
            who, days = args
            if self.active[who]:
                variables = {"i": {"days": days, "clientMutationId": new_id()}}
                await self.api.ok(SET_WORK_DAYS, variables, token=token_for(self.people[who]))
        elif kind == "toggle_active":
            (who,) = args
            self.active[who] = not self.active[who]
            await self.reimport()
        else:
            self.clock.advance(days=args[0])

    async def check(self) -> None:
        await steps.settle_teams(self.app, self.storage, self.clock)
        expected = await rollups.from_scratch()
        assert await rollups.kept() == expected


async def test_kept_team_rollups_equal_a_count_from_scratch(api, app, storage, clock):
    loop = asyncio.get_running_loop()

    @settings(max_examples=8, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(PLANS)
    # One plan with every kind of step, besides the drawn ones: a retake, an assignment left to go overdue, a
    # freeze, new working days, a move of a whole team, a deactivation.
    @example([("lesson", "A1", 0, True), ("assign", "A2", 0, 0), ("lesson", "A1", 0, False), ("days", 3),
              ("freeze", "B1"), ("work_days", "A1", ["SAT", "SUN"]), ("move", "LA", "MB"),
              ("toggle_active", "A2"), ("lesson", "A2", 0, True), ("toggle_active", "A2")])
    def rollups_keep_up(plan):
        drawn.update(step[0] for step in plan)

        async def run() -> None:
            scenario = Scenario(api, app, storage, clock)
            await scenario.setup()
            for step in plan:
                await scenario.play(step)
                await scenario.check()
            await rollups.rebuild()
            await scenario.check()

        asyncio.run_coroutine_threadsafe(run(), loop).result(timeout=300)

    drawn: set[str] = set()
    # hypothesis runs (and shrinks) in a thread; each example plays on this test's event loop
    await asyncio.to_thread(rollups_keep_up)
    # the examples drew every kind of step at least once
    assert drawn == {"lesson", "assign", "move", "toggle_active", "freeze", "work_days", "days"}, drawn
