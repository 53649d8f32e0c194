"""GraphQL for recognition: an employee's points, level and badges (Employee.recognition, myRecognition);
leaderboards; point rules."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from services.platform.auth.guards import admin, signed_in
from services.platform.errors import ValidationFailed
from services.platform.graphql.context import context
from services.platform.graphql.pagination import INSTANT_AND_ID, Page, decode_cursor, make_page, page_size
from services.platform.idempotency import run_once

from ..directory.graphql import current_staff
from ..loyalty.graphql import Csat
from ..platform_tables import IdempotencyRecord
from ..team import graphql as team
from . import badges, leaderboards, ledger, levels, privacy_in_competition, rules

if TYPE_CHECKING:
    from ..employee import EmployeeEntity
    from ..intake.graphql import Locale

# The staff app's languages are intake's enum (intake builds on the Employee entity, and so on this module).
LocaleRef = Annotated["Locale", strawberry.lazy("services.feedback.intake.graphql")]


@strawberry.type(name="Badge")
class BadgeType:
    id: strawberry.ID = strawberry.field(description="This award's id: badgeCredential(badgeId) signs it.")
    key: str
    title: str
    description: str
    awarded_at: dt.datetime

    @classmethod
    def from_row(cls, row: dict) -> "BadgeType":
        spec = badges.BADGES[row["badge"]]
        return cls(
            id=strawberry.ID(str(row["id"])), key=spec.key, title=spec.title, description=spec.description,
            awarded_at=row["awarded_at"],
        )


@strawberry.type(name="Recognition", description="An employee's points, recognition level and badges.")
class RecognitionType:
    points: int = strawberry.field(
        description="Points balance: awards, confirmations and reversals (pending points wait)."
    )
    pending_points: int = strawberry.field(description="Resolution points waiting for the customer's loyalty.")
    level: int = strawberry.field(description="Recognition level from the points balance (not the learning level).")
    points_for_next_level: int = strawberry.field(description="Balance at which the next level starts.")
    employee_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def badges(self, info: Info) -> list[BadgeType]:
        rows = await context(info).loaders.recognition_badges.load(self.employee_id)
        return [BadgeType.from_row(r) for r in rows]

    # Service figures kept by the worker (team/service.py): weeks from Monday and months on the employee's local days.
    @strawberry.field(description="Points of awards, confirmations and reversals this week (from Monday, local time).")
    async def points_this_week(self, info: Info) -> int:
        return (await team.member_figures(info, self.employee_id))["points_week"]

    @strawberry.field(description="Points of awards, confirmations and reversals this calendar month (local time).")
    async def points_this_month(self, info: Info) -> int:
        return (await team.member_figures(info, self.employee_id))["points_month"]

    @strawberry.field(
        description=(
            "Received or acknowledged complaints this employee answers for: those they own, and those naming them "
            "while nobody owns them. Themselves, their managers, HR and admin (FORBIDDEN for others)."
        )
    )
    async def open_complaints(self, info: Info) -> int | None:
        return (await team.guard_member_figures(info, self.employee_id))["open_complaints"]

    @strawberry.field(
        description=(
            "Response-target breaches of the last 30 days (today included) they answered for when missed: as owner, "
            "or as a person named while nobody owned it. Same visibility as openComplaints."
        )
    )
    async def target_breaches_30_days(self, info: Info) -> int | None:
        return (await team.guard_member_figures(info, self.employee_id))["breaches_30"]

    @strawberry.field(
        description=(
            "CSAT of the last 30 days' survey answers on complaints they resolved, the answers NPS counts: "
            "themselves, their managers, HR and admin, never peers (FORBIDDEN)."
        )
    )
    async def csat(self, info: Info) -> Csat | None:
        return team.csat_of(await team.guard_member_figures(info, self.employee_id))


async def recognition_of(info: Info, employee_id: uuid.UUID, kind: type = RecognitionType):
    """An employee's recognition from the ledger's totals (batched per request)."""
    totals = await context(info).loaders.recognition_totals.load(employee_id)
    level = levels.level_for_points(totals["points"])
    return kind(
        points=totals["points"],
        pending_points=totals["pending"],
        level=level,
        points_for_next_level=levels.points_for_level(level + 1),
        employee_id=employee_id,
    )


@strawberry.enum
class LedgerEntryKind(enum.Enum):
    AWARD = "award"
    PENDING = "pending"
    CONFIRM = "confirm"
    REVERSE = "reverse"


@strawberry.enum(description="How a ledger line stands: PENDING waits for the customer's loyalty; CONFIRMED counts.")
class LedgerEntryState(enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REVERSED = "reversed"


@strawberry.enum(description="What earned the entry: handling a complaint, a praise, or a customer's loyalty after one.")
class LedgerSourceKind(enum.Enum):
    COMPLAINT = "complaint"
    PRAISE = "feedback"
    LOYALTY = "loyalty"
    OTHER = "other"


def _source_kind(source: str) -> LedgerSourceKind:
    prefix = source.split(":", 1)[0]
    return next((k for k in LedgerSourceKind if k.value == prefix), LedgerSourceKind.OTHER)


@strawberry.type(name="LedgerEntry", description="One line of the points ledger; pending lines do not count yet.")
class LedgerEntryType:
    id: strawberry.ID
    rule: str = strawberry.field(description="The rule's key (pointRules).")
    entry: LedgerEntryKind
    points: int
    feedback_id: strawberry.ID | None
    created_at: dt.datetime
    state: LedgerEntryState = strawberry.field(
        description=(
            "Where its line stands now: an award counts at once (CONFIRMED); resolution points stay PENDING until "
            "the customer's loyalty confirms them, and a reopening or a lost customer makes them REVERSED."
        )
    )
    source_kind: LedgerSourceKind
    feedback_reference: str | None = strawberry.field(
        description="The reference of the feedback behind it, as the customer was shown it."
    )
    locale: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: dict, *, locale: str) -> "LedgerEntryType":
        return cls(
            id=strawberry.ID(str(row["id"])),
            rule=row["rule"],
            entry=LedgerEntryKind(row["entry"]),
            points=row["points"],
            feedback_id=strawberry.ID(str(row["feedback"])) if row["feedback"] else None,
            created_at=row["created_at"],
            state=LedgerEntryState(row["state"]),
            source_kind=_source_kind(row["source"]),
            feedback_reference=row["feedback_reference"],
            locale=locale,
        )

    @strawberry.field(description="What the rule is called, in the language asked (default: yours).")
    def rule_label(self, locale: LocaleRef | None = None) -> str:
        return rules.label(self.rule, locale.value if locale else self.locale)


@strawberry.type
class MyRecognition(RecognitionType):
    """The signed-in employee's recognition, with the ledger behind it."""

    @strawberry.field(
        description="Whether your name shows on the organisation and role-family boards (your team always sees it)."
    )
    async def show_name_on_leaderboards(self) -> bool:
        return await privacy_in_competition.shows_name(employee_id=self.employee_id)

    @strawberry.field(description="Ledger lines, newest first.")
    async def history(self, info: Info, first: int | None = None, after: str | None = None) -> Page[LedgerEntryType]:
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        cursor = decode_cursor(after, INSTANT_AND_ID)
        rows = await ledger.entries_page(
            employee_id=self.employee_id, after=tuple(cursor) if cursor else None, limit=size + 1
        )
        page = make_page(rows, size, key_of=lambda r: [r["created_at"].isoformat(), str(r["id"])])
        viewer = await context(info).loaders.staff.load(self.employee_id)
        locale = viewer["locale"] if viewer else "en"
        return Page(items=[LedgerEntryType.from_row(r, locale=locale) for r in page.items], page_info=page.page_info)


@strawberry.enum
class LeaderboardPeriod(enum.Enum):
    WEEK = "week"
    MONTH = "month"


@strawberry.enum(description="TEAM: a manager's own subtree; for everyone else their manager's subtree.")
class LeaderboardScope(enum.Enum):
    ORGANISATION = "organisation"
    TEAM = "team"
    ROLE_FAMILY = "role_family"


@strawberry.enum(description="Why a per-person figure is withheld from you (recognition/privacy_in_competition.py).")
class FigureWithheldReason(enum.Enum):
    SMALL_GROUP = "small_group"


@strawberry.type(description="A person's NPS in the board's period, or why it is withheld from you.")
class BoardNps:
    score: int | None
    responses: int | None
    withheld: FigureWithheldReason | None = strawberry.field(
        description="SMALL_GROUP: fewer than 5 on this board, and you are not them, their manager, HR or admin."
    )


@strawberry.type
class LeaderboardEntry:
    rank: int = strawberry.field(description="Ties share a rank (1, 2, 2, 4); equal points are listed by id.")
    points: int = strawberry.field(description="Points earned in the period.")
    is_me: bool
    name: str = strawberry.field(
        description="The person's name, or 'a colleague' ('kolleeg') when they keep it off this board for you."
    )
    name_hidden: bool = strawberry.field(description="True when the person is shown to you as 'a colleague'.")
    employee: Annotated["EmployeeEntity", strawberry.lazy("services.feedback.employee")] | None = strawberry.field(
        description="Null when the name is hidden from you: nothing here tells who they are."
    )
    person_id: strawberry.Private[uuid.UUID]
    withheld: strawberry.Private[privacy_in_competition.Withheld | None]
    period: strawberry.Private[tuple[dt.datetime, dt.datetime]]

    @strawberry.field(description="Per-person NPS of the board's period.")
    async def nps(self, info: Info) -> BoardNps:
        if self.withheld is not None:
            return BoardNps(score=None, responses=None, withheld=FigureWithheldReason(self.withheld.value))
        counts = await context(info).loaders.employee_nps.load((self.person_id, *self.period))
        return BoardNps(score=counts["score"], responses=counts["responses"], withheld=None)


@strawberry.type
class Leaderboard:
    period: LeaderboardPeriod
    scope: LeaderboardScope
    role_family: str | None
    starts_at: dt.datetime = strawberry.field(description="Periods are calendar weeks (from Monday) and months in UTC.")
    ends_at: dt.datetime
    total: int = strawberry.field(description="People on the board.")
    entries: list[LeaderboardEntry]
    me: LeaderboardEntry | None = strawberry.field(description="The viewer's own line, when on this board.")


def _employee(employee_id: uuid.UUID):
    from ..employee import EmployeeEntity

    return EmployeeEntity.of(employee_id)


def _entries(
    info: Info, standings: list[leaderboards.Standing], people: dict, *, team_board: bool, group_size: int,
    period: tuple[dt.datetime, dt.datetime], locale: str,
) -> list[LeaderboardEntry]:
    """Board lines as the viewer may see them (privacy_in_competition.py decides names and figures)."""
    principal = signed_in(context(info).principal)
    entries = []
    for standing in standings:
        person = people[standing.employee]
        shown = not person.get("missing") and privacy_in_competition.name_shown(
            principal, person=person, show_name=person["show_name"], team_board=team_board
        )
        entries.append(
            LeaderboardEntry(
                rank=standing.rank,
                points=standing.points,
                is_me=standing.is_viewer,
                name=person["name"] if shown else privacy_in_competition.a_colleague(locale),
                name_hidden=not shown,
                employee=_employee(standing.employee) if shown else None,
                person_id=standing.employee,
                withheld=privacy_in_competition.per_person_figure_withheld(
                    principal, person=person, group_size=group_size
                ),
                period=period,
            )
        )
    return entries


@strawberry.type(name="PointRule")
class PointRuleType:
    key: str
    description: str
    points: int
    daily_cap: int | None = strawberry.field(
        description="Most awards of this rule per employee per local day; later ones that day earn 0."
    )
    default_points: int
    default_daily_cap: int | None
    updated_at: dt.datetime | None

    @classmethod
    def from_row(cls, row: dict) -> "PointRuleType":
        return cls(**{k: row[k] for k in ("key", "description", "points", "daily_cap", "default_points",
                                           "default_daily_cap", "updated_at")})

    @strawberry.field(description="What the rule is called on the recognition screen (ledger lines' ruleLabel).")
    def label(self, locale: LocaleRef | None = None) -> str:
        return rules.label(self.key, locale.value if locale else "et")


@strawberry.input
class SetPointRuleInput:
    key: str
    points: int
    daily_cap: int | None = strawberry.field(default=None, description="Null for no cap.")


def dataloaders() -> dict:
    """Makers of the DataLoaders this domain adds to each request (each made on first use)."""
    return {
        "recognition_totals": lambda: DataLoader(lambda ids: ledger.totals_many(employee_ids=ids)),
        "recognition_badges": lambda: DataLoader(lambda ids: badges.badges_many(employee_ids=ids)),
    }


@strawberry.type
class RecognitionQuery:
    @strawberry.field(description="The signed-in employee's points, level, badges and ledger.")
    async def my_recognition(self, info: Info) -> MyRecognition:
        viewer = await current_staff(info)
        return await recognition_of(info, viewer["id"], MyRecognition)

    @strawberry.field(
        description=(
            "Points earned this week or month, ranked. nearMe shows only the two ranks above and below yours. "
            "ROLE_FAMILY uses roleFamily, or yours when left out."
        )
    )
    async def leaderboard(
        self,
        info: Info,
        period: LeaderboardPeriod,
        scope: LeaderboardScope,
        role_family: str | None = None,
        near_me: bool = False,
        first: int | None = None,
    ) -> Leaderboard:
        viewer = await current_staff(info)
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        if role_family is not None and scope != LeaderboardScope.ROLE_FAMILY:
            raise ValidationFailed("roleFamily goes with scope ROLE_FAMILY.", code="ROLE_FAMILY_WITHOUT_SCOPE")
        family = (role_family or viewer["role_family"]) if scope == LeaderboardScope.ROLE_FAMILY else None
        path = leaderboards.team_path(viewer) if scope == LeaderboardScope.TEAM else None
        start, end = leaderboards.period_bounds(period.value, context(info).runtime.clock.now())
        board = await leaderboards.board(
            start=start,
            end=end,
            viewer_id=viewer["id"],
            path=path,
            role_family=family,
            near_me=near_me,
            limit=size,
            now=context(info).runtime.clock.now(),
        )
        if near_me and board.viewer is None:
            raise ValidationFailed("You are not on this leaderboard.", code="NOT_ON_LEADERBOARD")
        # The lines' people and their opt-outs in one statement; Employee.name then needs no other.
        ids = list(dict.fromkeys([s.employee for s in board.entries] + ([board.viewer.employee] if board.viewer else [])))
        rows = await privacy_in_competition.staff_with_visibility(ids=ids)
        people = {}
        for employee_id, row in zip(ids, rows):
            if row is None:  # left the replica since the board was kept: still ranked, never named
                row = {"id": employee_id, "name": "", "org_path": "", "show_name": False, "missing": True}
            else:
                context(info).loaders.staff.prime(employee_id, {k: v for k, v in row.items() if k != "show_name"})
            people[employee_id] = row
        lines = lambda standings: _entries(  # noqa: E731
            info, standings, people, team_board=scope == LeaderboardScope.TEAM, group_size=board.total,
            period=(start, end), locale=viewer["locale"],
        )
        return Leaderboard(
            period=period,
            scope=scope,
            role_family=family,
            starts_at=start,
            ends_at=end,
            total=board.total,
            entries=lines(board.entries),
            me=lines([board.viewer])[0] if board.viewer else None,
        )

    @strawberry.field(description="How points are earned: every rule with its current and default value.")
    async def point_rules(self, info: Info) -> list[PointRuleType]:
        await current_staff(info)
        return [PointRuleType.from_row(r) for r in await rules.stored_rules()]


@strawberry.input
class SetMyLeaderboardVisibilityInput:
    show_name: bool = strawberry.field(
        description="False: the organisation and role-family boards show you to peers as 'a colleague'."
    )
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.type
class SetMyLeaderboardVisibilityPayload:
    show_name: bool
    client_mutation_id: str


@strawberry.type
class RecognitionMutation:
    @strawberry.mutation(
        description=(
            "Show or hide your name on the organisation and role-family boards (you stay ranked; your team, your "
            "managers, HR and admin still see it). Retry-safe."
        )
    )
    async def set_my_leaderboard_visibility(
        self, info: Info, input: SetMyLeaderboardVisibilityInput
    ) -> SetMyLeaderboardVisibilityPayload:
        viewer = await current_staff(info)
        now = context(info).runtime.clock.now()

        async def work() -> dict:
            await privacy_in_competition.set_show_name(employee_id=viewer["id"], show_name=input.show_name, now=now)
            return {"show_name": input.show_name}

        async with IdempotencyRecord._meta.db.transaction():
            result = await run_once(
                IdempotencyRecord,
                principal_id=viewer["id"],
                operation="setMyLeaderboardVisibility",
                client_id=input.client_mutation_id,
                request={"show_name": input.show_name},
                work=work,
            )
        return SetMyLeaderboardVisibilityPayload(
            show_name=result["show_name"], client_mutation_id=input.client_mutation_id
        )

    @strawberry.mutation(description="Admin: change a rule's points or daily cap; awards already given stay.")
    async def set_point_rule(self, info: Info, input: SetPointRuleInput) -> PointRuleType:
        principal = admin(context(info).principal)
        await current_staff(info)
        await rules.set_rule(
            key=input.key,
            points=input.points,
            daily_cap=input.daily_cap,
            by=principal.employee_id,
            now=context(info).runtime.clock.now(),
        )
        return next(PointRuleType.from_row(r) for r in await rules.stored_rules() if r["key"] == input.key)


Query = RecognitionQuery
Mutation = RecognitionMutation
