"""GraphQL for teams: `team(managerId)`, the `Team` entity (the feedback subgraph adds its own figures to it),
its members, the kept whole-subtree rollup, subteams and coaching needs."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry
from strawberry.types import Info

from services.platform.clock import local_date
from services.platform.errors import NotFound
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id
from services.platform.graphql.pagination import (
    COUNT_NAME_AND_ID,
    OFFSET,
    Page,
    decode_cursor,
    make_page,
    page_size,
)

from ..directory import policies
from ..directory.graphql import EmployeeType, current_employee
from ..lessons.graphql import LessonType
from ..progress.graphql import LessonTally, TopicMastery
from . import coaching
from . import service as teams

NO_TEAM = "NO_TEAM"


@strawberry.enum(name="TeamMemberSort")
class TeamMemberSort(enum.Enum):
    NAME = "name"
    CURRENT_STREAK = "current_streak"
    LESSONS_30_DAYS = "lessons_30_days"


@strawberry.enum(name="TeamDepth")
class TeamDepth(enum.Enum):
    DIRECT = "direct"
    SUBTREE = "subtree"


@strawberry.type(description="Everyone under a manager (their whole subtree), from rollups the worker keeps.")
class TeamProgress:
    headcount: int = strawberry.field(description="Active people under the manager (the manager not included).")
    active_learners_7_days: int = strawberry.field(
        name="activeLearners7Days", description="People who completed a lesson in the last 7 local days."
    )
    active_learners_30_days: int = strawberry.field(name="activeLearners30Days")
    lessons_completed_7_days: LessonTally = strawberry.field(
        name="lessonsCompleted7Days",
        description="Lessons completed in the last 7 days; target: each member's working days (as they are now).",
    )
    lessons_completed_30_days: LessonTally = strawberry.field(name="lessonsCompleted30Days")
    mean_current_streak: float = strawberry.field(
        description=(
            "Mean over headcount of kept streaks whose last counted day is on or after the last Monday-to-Friday "
            "day before today (members' own days off and freezes show in their own `progress.currentStreak`)."
        )
    )
    overdue_assignments: int
    completed_assignments_30_days: int = strawberry.field(name="completedAssignments30Days")
    mastery: list[TopicMastery] = strawberry.field(
        description=(
            "Per topic, the mean over members with cards in it of their own mastery, as of `masteryComputedAt` "
            "(the worker recomputes it every 30 minutes: retrievability falls with time alone)."
        )
    )
    mastery_computed_at: dt.datetime | None


@strawberry.enum(name="CoachingReason")
class CoachingReason(enum.Enum):
    FAILED = "failed"
    OVERDUE = "overdue"
    NEVER_TAKEN = "never_taken"
    PASSED = "passed"


@strawberry.type(description="A complained-about category of one person and the lesson that answers it.")
class CoachingNeed:
    reason: CoachingReason = strawberry.field(
        description=(
            "FAILED: took the lesson, never passed. OVERDUE: never took it and an assignment of it is past due. "
            "NEVER_TAKEN. PASSED: passed since (listed last, with the complaints before and after)."
        )
    )
    category: str | None = strawberry.field(description="The complaints' category (null for requests that named none).")
    complaints: int = strawberry.field(description="Complaints of this category about this person.")
    passed_at: dt.datetime | None = strawberry.field(description="When they first passed the lesson.")
    complaints_30_days_before_passing: int | None = strawberry.field(name="complaints30DaysBeforePassing")
    complaints_30_days_after_passing: int | None = strawberry.field(name="complaints30DaysAfterPassing")
    days_observed_after_passing: int | None = strawberry.field(
        description="Days of the 30 after passing lived so far: the rate after is complaints / these days."
    )
    row: strawberry.Private[dict]

    @strawberry.field
    async def employee(self, info: Info) -> EmployeeType:
        return EmployeeType.from_row(await context(info).loaders.employee.load(self.row["employee"]))

    @strawberry.field
    async def lesson(self, info: Info) -> LessonType | None:
        viewer = await current_employee(info)
        return await context(info).loaders.lesson.load((self.row["lesson_id"], viewer["locale"]))

    @classmethod
    def of(cls, row: dict, *, now: dt.datetime) -> "CoachingNeed":
        passed = row["passed_at"]
        return cls(
            reason=CoachingReason(row["reason"]),
            category=row["category"],
            complaints=row["complaints"],
            passed_at=passed,
            complaints_30_days_before_passing=row["before"] if passed else None,
            complaints_30_days_after_passing=row["after"] if passed else None,
            days_observed_after_passing=coaching.days_observed_after(passed, now) if passed else None,
            row=row,
        )


def _team_today(info: Info, manager: dict):
    """Team windows are counted in the manager's local days."""
    return local_date(context(info).runtime.clock.now(), manager["time_zone"])


@strawberry.federation.type(keys=["managerId"], name="Team")
class TeamType:
    manager_id: strawberry.ID
    row: strawberry.Private[dict]

    @classmethod
    async def resolve_reference(cls, info: Info, managerId: strawberry.ID) -> "TeamType":  # noqa: N803
        # The parameter is named as the key field arrives in the representation (strawberry passes it as is).
        return await visible_team(info, managerId)

    @strawberry.field
    async def manager(self) -> EmployeeType:
        return EmployeeType.from_row(self.row)

    @strawberry.field(
        description=(
            "Active people under the manager: DIRECT reports or the whole SUBTREE, in pages of at most 100, sorted "
            "by NAME, CURRENT_STREAK or LESSONS_30_DAYS (as the kept team figures count them, within seconds of a "
            "change), then name."
        )
    )
    async def members(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        sort_by: TeamMemberSort = TeamMemberSort.NAME,
        descending: bool = False,
        depth: TeamDepth = TeamDepth.DIRECT,
    ) -> Page[EmployeeType]:
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        cursor = decode_cursor(after, COUNT_NAME_AND_ID)
        rows = await teams.members_page(
            manager=self.row,
            depth=teams.Depth(depth.value),
            sort=teams.MemberSort(sort_by.value),
            descending=descending,
            today=_team_today(info, self.row),
            after=tuple(cursor) if cursor else None,
            limit=size + 1,
        )
        loader = context(info).loaders.employee
        for row in rows:
            loader.prime(row["id"], row)
        page = make_page(rows, size, key_of=lambda r: [r["sort_key"], r["name"], str(r["id"])])
        return Page(items=[EmployeeType.from_row(r) for r in page.items], page_info=page.page_info)

    @strawberry.field(
        description="The whole subtree's figures (kept from every change within seconds, never counted per request)."
    )
    async def progress(self, info: Info) -> TeamProgress:
        found = await context(info).loaders.team_figures.load((self.row["id"], _team_today(info, self.row)))
        return TeamProgress(
            headcount=found["headcount"],
            active_learners_7_days=found["learners"][7],
            active_learners_30_days=found["learners"][30],
            lessons_completed_7_days=LessonTally(completed=found["lessons"][7], target=found["targets"][7]),
            lessons_completed_30_days=LessonTally(completed=found["lessons"][30], target=found["targets"][30]),
            mean_current_streak=found["mean_streak"],
            overdue_assignments=found["overdue"],
            completed_assignments_30_days=found["completed_30"],
            mastery=[TopicMastery(topic=m["topic"], mastery=m["mastery"], cards=m["cards"]) for m in found["mastery"]],
            mastery_computed_at=(
                dt.datetime.fromisoformat(found["mastery"][0]["computed_at"]) if found["mastery"] else None
            ),
        )

    @strawberry.field(description="One team per direct report who has people under them (the CEO: each department).")
    async def subteams(self, info: Info) -> list["TeamType"]:
        rows = await context(info).loaders.subteams.load(self.row["id"])
        return [TeamType(manager_id=strawberry.ID(str(r["id"])), row=r) for r in rows]


    @strawberry.field(
        description=(
            "People under the manager whose complaints' categories match a lesson they failed, have overdue or never "
            "took; then those who passed it since, with the category's complaints 30 days before and after."
        )
    )
    async def coaching_needs(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Page[CoachingNeed]:
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        offset = decode_cursor(after, OFFSET) or 0
        rows = await coaching.needs_page(
            manager=self.row, today=_team_today(info, self.row), offset=offset, limit=size + 1
        )
        for n, row in enumerate(rows):
            row["offset"] = offset + n + 1
        page = make_page(rows, size, key_of=lambda r: r["offset"])
        now = context(info).runtime.clock.now()
        return Page(items=[CoachingNeed.of(r, now=now) for r in page.items], page_info=page.page_info)


async def visible_team(info: Info, manager_id: strawberry.ID | None) -> TeamType:
    """The team the caller asked for (their own by default), once the team policy allows it (policies.view_team)."""
    viewer = await current_employee(info)
    principal = context(info).principal
    if manager_id is None:
        manager = viewer
    else:
        manager = await context(info).loaders.employee.load(parse_id(manager_id))
    manager = policies.view_team(principal, viewer=viewer, manager=manager)
    if not await teams.has_reports(manager_id=manager["id"]):
        raise NotFound("Nobody reports to this person.", code=NO_TEAM)
    return TeamType(manager_id=strawberry.ID(str(manager["id"])), row=manager)


@strawberry.type
class TeamQuery:
    @strawberry.field(
        description=(
            "A manager's team: the caller's own by default; managers may ask for anyone in their subtree, HR and "
            "admin for anyone. TEAM_NOT_FOUND for an unknown id or one outside the caller's scope (the same answer), "
            "NO_TEAM when nobody reports to that person, FORBIDDEN for an employee without the manager role."
        )
    )
    async def team(self, info: Info, manager_id: strawberry.ID | None = None) -> TeamType:
        return await visible_team(info, manager_id)
