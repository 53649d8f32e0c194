"""GraphQL for teams as the feedback subgraph contributes them: the `Team` entity (keyed by its manager) with the
subtree's service figures and its members sorted by theirs. The learning subgraph owns `team(managerId)`."""

from __future__ import annotations

import enum
import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from services.platform.errors import ValidationFailed
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id
from services.platform.graphql.pagination import OFFSET, PageInfo, decode_cursor, make_page, page_size

from ..directory.graphql import current_staff
from ..loyalty import service as loyalty
from ..loyalty.graphql import Csat, Nps
from . import policies, service

if TYPE_CHECKING:
    from ..employee import EmployeeEntity
    from ..intake.graphql import TeamFeedbackCodePage

# The QR sheet's types are intake's (public codes), which builds on this module's Team.
TeamFeedbackCodePageRef = Annotated["TeamFeedbackCodePage", strawberry.lazy("services.feedback.intake.graphql")]

Query = None
Mutation = None


def dataloaders() -> dict:
    """Makers of this domain's DataLoaders. Keys are (id, now): one batch is read as of its first key's instant."""
    return {
        "team_member_figures": lambda: DataLoader(
            lambda keys: service.member_figures_many(employee_ids=[k[0] for k in keys], now=keys[0][1]),
            cache_key_fn=lambda key: key[0],
        ),
        "team_figures": lambda: DataLoader(
            lambda keys: service.team_figures_many(roots=[k[0] for k in keys], now=keys[0][1]),
            cache_key_fn=lambda key: key[0]["id"],
        ),
    }


async def member_figures(info: Info, employee_id: uuid.UUID) -> dict:
    """One member's kept figures (batched per request)."""
    return await context(info).loaders.team_member_figures.load((employee_id, context(info).runtime.clock.now()))


async def guard_member_figures(info: Info, employee_id: uuid.UUID) -> dict:
    """The figures when the caller may see this person's (FORBIDDEN otherwise)."""
    employee = await context(info).loaders.staff.load(employee_id)
    policies.see_member_figures(context(info).principal, employee)
    return await member_figures(info, employee_id)


def nps_of(figures: dict) -> Nps:
    counts = {k: figures[k] for k in ("promoters", "passives", "detractors", "in_person")}
    responses = counts["promoters"] + counts["passives"] + counts["detractors"]
    score = loyalty.nps_score(promoters=counts["promoters"], detractors=counts["detractors"], responses=responses)
    return Nps(**counts, responses=responses, score=score)


def csat_of(figures: dict) -> Csat:
    answers = figures["csat_answers"]
    return Csat(mean=loyalty.csat_mean(total=figures["csat_sum"], answers=answers), answers=answers)


@strawberry.type(
    description=(
        "A subtree's service figures, the manager included: weeks from Monday and months in the manager's time zone, "
        "each person's figures counted on their own local days; 30 days = today and the 29 days before."
    )
)
class TeamRecognition:
    points_this_week: int = strawberry.field(description="Awards, confirmations and reversals this week.")
    points_this_month: int
    pending_points_this_week: int = strawberry.field(
        description="Resolution points from this week still waiting for the customer's loyalty."
    )
    pending_points_this_month: int
    open_complaints: int = strawberry.field(
        description="Received or acknowledged complaints, counted for their owner, or for each person named while "
        "nobody owns one (so one unowned complaint naming two members counts twice)."
    )
    target_breaches_30_days: int = strawberry.field(
        description="Response-target breaches, each counted for whoever answered for the complaint when it was missed."
    )
    nps: Nps = strawberry.field(description="NPS of the survey answers of the last 30 days that count for NPS.")
    csat: Csat = strawberry.field(description="CSAT of the same answers.")

    @classmethod
    def of(cls, figures: dict) -> "TeamRecognition":
        return cls(
            points_this_week=figures["points_week"],
            points_this_month=figures["points_month"],
            pending_points_this_week=figures["pending_week"],
            pending_points_this_month=figures["pending_month"],
            open_complaints=figures["open_complaints"],
            target_breaches_30_days=figures["breaches_30"],
            nps=nps_of(figures),
            csat=csat_of(figures),
        )


@strawberry.enum(description="The figure a team's members are sorted by (then by name).")
class TeamServiceSort(enum.Enum):
    POINTS_THIS_WEEK = "points_this_week"
    POINTS_THIS_MONTH = "points_this_month"
    OPEN_COMPLAINTS = "open_complaints"


@strawberry.enum(description="DIRECT: the manager's direct reports; SUBTREE: everyone under the manager.")
class TeamDepth(enum.Enum):
    DIRECT = "direct"
    SUBTREE = "subtree"


@strawberry.type(description="A page of a team's members in service order (its own name: EmployeePage is learning's).")
class ServiceMemberPage:
    items: list[Annotated["EmployeeEntity", strawberry.lazy("services.feedback.employee")]]
    page_info: PageInfo


@strawberry.federation.type(keys=["managerId"], name="Team")
class TeamEntity:
    """A manager's team; the learning subgraph answers `team(managerId)` and the lesson figures."""

    manager_id: strawberry.ID
    root: strawberry.Private[dict]

    @classmethod
    async def resolve_reference(cls, info: Info, managerId: strawberry.ID) -> "TeamEntity":  # noqa: N803 (the key)
        """Only for whom may see the team: the same FORBIDDEN for a peer's team and an unknown id."""
        await current_staff(info)
        try:
            manager_id = parse_id(managerId)
        except ValidationFailed:
            manager_id = None
        root = await context(info).loaders.staff.load(manager_id) if manager_id else None
        policies.see_team(context(info).principal, root)
        return cls(manager_id=strawberry.ID(str(root["id"])), root=root)

    @strawberry.field(description="The whole subtree's service figures, kept by the worker (never summed per request).")
    async def recognition(self, info: Info) -> TeamRecognition:
        figures = await context(info).loaders.team_figures.load((self.root, context(info).runtime.clock.now()))
        return TeamRecognition.of(figures)

    @strawberry.field(
        description=(
            "Active members (the manager not included) sorted by a service figure, then by name; pages of at most "
            "100. Ask each member's `recognition` for their figures."
        )
    )
    async def members_by_service(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        sort_by: TeamServiceSort = TeamServiceSort.POINTS_THIS_WEEK,
        descending: bool = True,
        depth: TeamDepth = TeamDepth.DIRECT,
    ) -> ServiceMemberPage:
        from ..employee import references

        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        offset = decode_cursor(after, OFFSET) or 0
        ids = await service.members_page(
            root=self.root,
            subtree=depth == TeamDepth.SUBTREE,
            sort=sort_by.value,
            descending=descending,
            offset=offset,
            limit=size + 1,
            now=context(info).runtime.clock.now(),
        )
        positions = list(enumerate(ids, start=offset + 1))
        page = make_page(positions, size, key_of=lambda p: p[0])
        return ServiceMemberPage(items=await references(info, [i for _, i in page.items]), page_info=page.page_info)

    @strawberry.field(
        description=(
            "The team's printable QR sheet: active members (the manager not included) by name, each with their "
            "public feedback code, the form's address and its QR code; pages of at most 100."
        )
    )
    async def feedback_codes(
        self, info: Info, first: int | None = None, after: str | None = None, depth: TeamDepth = TeamDepth.DIRECT
    ) -> TeamFeedbackCodePageRef:
        from ..intake.graphql import team_feedback_codes

        return await team_feedback_codes(
            info, root=self.root, subtree=depth == TeamDepth.SUBTREE, first=first, after=after
        )
