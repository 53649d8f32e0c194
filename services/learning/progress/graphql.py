"""GraphQL for the daily lesson and progress: today, sessions, answers, completion."""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from services.platform.clock import local_date
from services.platform.errors import NotFound
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id
from services.platform.graphql.pagination import INSTANT_AND_ID, Page, decode_cursor, make_page, page_size

from ..directory.graphql import current_employee
from ..lessons.graphql import ItemType, LessonType, Locale
from ..lessons.service import get_catalogue
from . import levels, streaks, workdays, xp
from . import service as progress

if TYPE_CHECKING:
    from ..assignments.graphql import AssignmentType, UpcomingLessonType


@strawberry.enum
class Weekday(enum.Enum):
    MON = 1
    TUE = 2
    WED = 3
    THU = 4
    FRI = 5
    SAT = 6
    SUN = 7


def weekdays(days) -> list[Weekday]:
    return [Weekday(d) for d in sorted(days)]


@strawberry.type(description="Working days that hold from a later local day on.")
class WorkDaysChange:
    days: list[Weekday]
    effective_from: dt.date


@strawberry.type(description="Lessons completed in a window of days against the target of one a working day.")
class LessonTally:
    completed: int = strawberry.field(description="Completed lesson sessions (a retake counts again).")
    target: int = strawberry.field(description="One a working day in the window (for a team: summed over members).")


@strawberry.type(description="How well a topic is remembered: the mean FSRS retrievability of its cards now, 0..1.")
class TopicMastery:
    topic: str
    mastery: float
    cards: int = strawberry.field(description="Review cards counted (for a team: over every member).")


@strawberry.type(description="One completed lesson session.")
class LessonHistoryEntry:
    local_date: dt.date = strawberry.field(description="The learner's local day the session was started.")
    completed_at: dt.datetime
    minutes: int = strawberry.field(description="Minutes from start to completion (at least 1).")
    score: float = strawberry.field(description="Share of the session's items answered right, 0..1.")
    passed: bool
    lesson: LessonType | None = strawberry.field(description="Null for a lesson no longer in the catalogue.")

    @classmethod
    def of(cls, row: dict, lesson: LessonType | None) -> "LessonHistoryEntry":
        seconds = (row["completed_at"] - row["started_at"]).total_seconds()
        return cls(
            lesson=lesson,
            local_date=row["local_date"],
            completed_at=row["completed_at"],
            minutes=max(1, round(seconds / 60)),
            score=row["correct_count"] / row["item_count"] if row["item_count"] else 0.0,
            passed=row["passed"],
        )


@strawberry.type(description="One local day that granted XP, for the XP and level curve.")
class XpDay:
    date: dt.date = strawberry.field(description="The employee's local day (her time zone) the XP was granted on.")
    xp_gained: int = strawberry.field(description="XP granted that day (within the daily cap).")
    xp_total: int = strawberry.field(description="Her total XP at the end of that day, all earlier days included.")
    level: int = strawberry.field(description="Her level at the end of that day.")


# Fields of Progress read from the member's kept figures (teams/service.py) and their mastery.
FIGURE_FIELDS = frozenset({"lessonsCompleted7Days", "lessonsCompleted30Days", "overdueAssignments",
                           "completedAssignments30Days"})


def _selected_names(selections) -> set[str]:
    """Field names in a selection, through fragments too."""
    names: set[str] = set()
    for selection in selections:
        if hasattr(selection, "name") and not hasattr(selection, "type_condition"):
            names.add(selection.name)
        else:
            names |= _selected_names(selection.selections)
    return names


@strawberry.type(name="Progress")
class ProgressType:
    xp: int
    level: int
    xp_for_next_level: int = strawberry.field(description="Total XP at which the next level starts.")
    streak: int = strawberry.field(
        description=(
            "Days learned in a row of working days, as of today (missed working days already settled): days off "
            "break nothing, learning on a day off counts."
        )
    )
    longest_streak: int
    freezes: int = strawberry.field(
        description="Streak freezes held (at most 2); each covers one missed working day."
    )
    work_days: list[Weekday] = strawberry.field(description="The working days valid today (Monday to Friday unless set).")
    next_work_days: WorkDaysChange | None = strawberry.field(
        description="A change of working days not yet in effect (setMyWorkDays holds from the next local day)."
    )
    last_active_date: dt.date | None
    done_today: bool
    xp_today: int = strawberry.field(description="XP granted today (the employee's local day).")
    daily_xp_cap: int = strawberry.field(description="The most XP granted in one local day; past it a step gains 0.")
    employee_id: strawberry.Private[uuid.UUID]
    today: strawberry.Private[dt.date]
    schedule: strawberry.Private[workdays.Schedule]
    # What `preload` read: "figures" (teams/service.py member_figures_many) and "mastery" rows.
    loaded: strawberry.Private[dict]

    async def preload(self, info: Info) -> "ProgressType":
        """Read at once (batched across a page) the figures and mastery the selection asks for, so their fields
        resolve without a coroutine each: on a page of 100 members that is most of the time spent in GraphQL."""
        names = _selected_names(info.selected_fields[0].selections) if info.selected_fields else set()
        loaders = context(info).loaders
        wanted = {}
        if names & FIGURE_FIELDS:
            wanted["figures"] = loaders.member_figures.load((self.employee_id, self.today))
        if "mastery" in names:
            wanted["mastery"] = loaders.mastery.load((self.employee_id, context(info).runtime.clock.now()))
        if wanted:
            self.loaded.update(zip(wanted, await asyncio.gather(*wanted.values())))
        return self

    @strawberry.field(description="The same as `streak`: days learned in a row, as of today.")
    def current_streak(self) -> int:
        return self.streak

    def _with_figures(self, info: Info, pick):
        """pick(figures), or an awaitable of it when `preload` did not read them (graphql-core awaits it)."""
        if "figures" in self.loaded:
            return pick(self.loaded["figures"])

        async def later():
            return pick(await context(info).loaders.member_figures.load((self.employee_id, self.today)))

        return later()

    def _tally(self, figures: dict, days: int) -> LessonTally:
        window = [self.today - dt.timedelta(days=n) for n in range(days)]
        return LessonTally(
            completed=figures[f"lessons_{days}"], target=sum(self.schedule.works_on(day) for day in window)
        )

    @strawberry.field(
        name="lessonsCompleted7Days", description="Lessons completed in the last 7 local days, today included."
    )
    def lessons_completed_7_days(self, info: Info) -> LessonTally:
        return self._with_figures(info, lambda f: self._tally(f, 7))

    @strawberry.field(
        name="lessonsCompleted30Days", description="Lessons completed in the last 30 local days, today included."
    )
    def lessons_completed_30_days(self, info: Info) -> LessonTally:
        return self._with_figures(info, lambda f: self._tally(f, 30))

    @strawberry.field(description="Open assignments whose due date is past.")
    def overdue_assignments(self, info: Info) -> int:
        return self._with_figures(info, lambda f: f["overdue"])

    @strawberry.field(name="completedAssignments30Days", description="Assignments completed in the last 30 local days.")
    def completed_assignments_30_days(self, info: Info) -> int:
        return self._with_figures(info, lambda f: f["completed_30"])

    @strawberry.field(description="Per topic, the mean FSRS retrievability of the employee's cards now (0..1).")
    def mastery(self, info: Info) -> list[TopicMastery]:
        def topics(rows):
            return [TopicMastery(topic=r["topic"], mastery=r["mastery"], cards=r["cards"]) for r in rows]

        if "mastery" in self.loaded:
            return topics(self.loaded["mastery"])

        async def later():
            now = context(info).runtime.clock.now()
            return topics(await context(info).loaders.mastery.load((self.employee_id, now)))

        return later()

    @strawberry.field(
        description=(
            "Each local day of the last `days` (today included, 1 to 365; else DAYS_OUT_OF_RANGE) that granted XP, "
            "oldest first, with the total and level at its end."
        )
    )
    async def xp_history(self, info: Info, days: int = 90) -> list[XpDay]:
        since = progress.xp_history_since(today=self.today, days=days)
        rows = await context(info).loaders.xp_history.load((self.employee_id, since))
        return [XpDay(**row) for row in rows]

    @strawberry.field(description="Assignments completed, newest first (pages of at most 100).")
    async def completed_assignments(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Page[Annotated["AssignmentType", strawberry.lazy("services.learning.assignments.graphql")]]:
        from ..assignments.graphql import AssignmentType

        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        cursor = decode_cursor(after, INSTANT_AND_ID)
        rows = await context(info).loaders.completed_assignments.load(
            (self.employee_id, tuple(cursor) if cursor else None, size + 1)
        )
        page = make_page(rows, size, key_of=lambda r: [r["completed_at"].isoformat(), str(r["id"])])
        return Page(items=[AssignmentType.from_row(r) for r in page.items], page_info=page.page_info)

    @strawberry.field(description="Completed lesson sessions, newest first (pages of at most 100).")
    async def lesson_history(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Page[LessonHistoryEntry]:
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        cursor = decode_cursor(after, INSTANT_AND_ID)
        rows = await context(info).loaders.lesson_history.load(
            (self.employee_id, tuple(cursor) if cursor else None, size + 1)
        )
        page = make_page(rows, size, key_of=lambda r: [r["completed_at"].isoformat(), str(r["id"])])
        locale = (await current_employee(info))["locale"]
        lessons = await context(info).loaders.lesson.load_many([(r["lesson"], locale) for r in page.items])
        return Page(items=[LessonHistoryEntry.of(r, l) for r, l in zip(page.items, lessons)], page_info=page.page_info)

    @classmethod
    def from_row(cls, row: dict, *, today: dt.date) -> "ProgressType":
        schedule = progress.schedule_of(row)
        state = streaks.settle(progress.streak_state(row), today, schedule)
        level = levels.level_for_xp(row["xp"])
        pending = schedule.pending(today)
        return cls(
            xp=row["xp"],
            xp_today=xp.granted_on(today, xp_day=row["xp_day"], xp_day_total=row["xp_day_total"]),
            daily_xp_cap=xp.DAILY_XP_CAP,
            level=level,
            xp_for_next_level=levels.xp_for_level(level + 1),
            streak=state.streak,
            longest_streak=state.longest,
            freezes=state.freezes,
            last_active_date=row["last_active_date"],
            done_today=row["last_active_date"] == today,
            work_days=weekdays(schedule.days_on(today)),
            next_work_days=WorkDaysChange(days=weekdays(pending[1]), effective_from=pending[0]) if pending else None,
            employee_id=row["employee"],
            today=today,
            schedule=schedule,
            loaded={},
        )


@strawberry.enum
class DailyReason(enum.Enum):
    ASSIGNED = "assigned"
    NEW = "new"
    REFRESHER = "refresher"
    REVIEW = "review"
    NONE = "none"


async def _items(item_ids: list[str], locale: str) -> list[ItemType]:
    found = await progress.live_items(item_ids, await get_catalogue())
    return [ItemType.of(found[i], locale) for i in item_ids if i in found]


@strawberry.type(name="LessonSession")
class LessonSessionType:
    id: strawberry.ID
    started_at: dt.datetime
    completed_at: dt.datetime | None
    correct_count: int
    passed: bool
    xp_awarded: int = strawberry.field(description="XP its completion granted (its answers report their own).")
    row: strawberry.Private[dict]
    locale: strawberry.Private[str]

    @classmethod
    def of(cls, row: dict, locale: str) -> "LessonSessionType":
        return cls(
            id=strawberry.ID(str(row["id"])),
            started_at=row["started_at"],
            completed_at=row["completed_at"],
            correct_count=row["correct_count"],
            passed=row["passed"],
            xp_awarded=row["xp_awarded"],
            row=row,
            locale=locale,
        )

    @strawberry.field
    async def lesson(self) -> LessonType:
        return LessonType.of((await get_catalogue()).by_id[self.row["lesson"]], self.locale)

    @strawberry.field(description="The items to answer, in order: the scenario first, then the quiz.")
    async def items(self) -> list[ItemType]:
        return await _items(list(self.row["item_ids"]), self.locale)


@strawberry.type(name="DailyLesson")
class DailyLessonType:
    date: dt.date
    reason: DailyReason
    minutes: int = strawberry.field(description="Estimated minutes for the lesson plus the review items.")
    lesson: LessonType | None
    plan: strawberry.Private[dict]
    employee: strawberry.Private[dict]
    locale: strawberry.Private[str]

    @strawberry.field(description="Earlier items due again today (spaced repetition).")
    async def review_items(self) -> list[ItemType]:
        return await _items(self.plan["review_item_ids"], self.locale)

    # `session` and `progress` answer synchronously when today's plan carries their rows (it does on every repeat
    # call of the day): graphql-core runs an object's async fields as one asyncio task each, which cost more CPU
    # than the fields themselves (bench/README.md). Otherwise they return the loader's coroutine.
    @strawberry.field(description="Today's session on the lesson, if one was started.")
    def session(self, info: Info) -> LessonSessionType | None:
        if self.plan["lesson_id"] is None:
            return None
        if "session_row" in self.plan:
            return self._session_of(self.plan["session_row"])
        return self._load_session(info)

    async def _load_session(self, info: Info) -> LessonSessionType | None:
        key = (self.employee["id"], self.plan["lesson_id"], self.plan["local_date"])
        return self._session_of(await context(info).loaders.latest_session.load(key))

    def _session_of(self, row: dict | None) -> LessonSessionType | None:
        return LessonSessionType.of(row, self.locale) if row else None

    @strawberry.field
    def progress(self, info: Info) -> ProgressType:
        if self.plan.get("progress_row") is not None:
            return ProgressType.from_row(self.plan["progress_row"], today=self.date)
        return self._load_progress(info)

    async def _load_progress(self, info: Info) -> ProgressType:
        row = await context(info).loaders.progress.load(self.employee["id"])
        return ProgressType.from_row(row, today=self.date)

    @strawberry.field(description="The next assigned lesson after today's, e.g. one that came after today's was started.")
    async def upcoming(
        self, info: Info
    ) -> Annotated["UpcomingLessonType", strawberry.lazy("services.learning.assignments.graphql")] | None:
        from ..assignments.graphql import upcoming_lesson

        return await upcoming_lesson(info, employee=self.employee, plan=self.plan, locale=self.locale)


@strawberry.enum(description="How sure the learner was of an answer (see progress/confidence.py for what it does).")
class Confidence(enum.Enum):
    UNSURE = "unsure"
    FAIRLY_SURE = "fairly_sure"
    SURE = "sure"


@strawberry.type(name="AnswerResult")
class AnswerResultType:
    item_id: strawberry.ID
    chosen: int
    correct: bool
    correct_option: int
    explanation: str
    confidence: Confidence | None = strawberry.field(description="How sure the learner said they were, if said.")
    misconception: bool = strawberry.field(
        description="Wrong and SURE: the learner believes something false (scheduled like any wrong answer)."
    )
    xp_gained: int = strawberry.field(description="XP this answer granted (best attempt counts; daily cap).")
    next_review_at: dt.datetime = strawberry.field(description="When this item comes back for review.")


@strawberry.type(name="CompletionResult")
class CompletionResultType:
    passed: bool
    correct_count: int
    item_count: int
    xp_gained: int = strawberry.field(
        description="XP the completion granted: what lifts the lesson's XP to this attempt's value (daily cap)."
    )
    session_id: strawberry.Private[uuid.UUID]
    employee: strawberry.Private[dict]
    assignment_ids: strawberry.Private[list[str]]
    locale: strawberry.Private[str]

    @strawberry.field
    async def session(self, info: Info) -> LessonSessionType:
        row = await context(info).loaders.session.load(self.session_id)
        return LessonSessionType.of(row, self.locale)

    @strawberry.field
    async def progress(self, info: Info) -> ProgressType:
        row = await context(info).loaders.progress.load(self.employee["id"])
        today = local_date(context(info).runtime.clock.now(), self.employee["time_zone"])
        return ProgressType.from_row(row, today=today)

    @strawberry.field(description="Assignments this pass completed.")
    async def assignments_completed(
        self, info: Info
    ) -> list[Annotated["AssignmentType", strawberry.lazy("services.learning.assignments.graphql")]]:
        from ..assignments.graphql import AssignmentType

        rows = await context(info).loaders.assignment.load_many([uuid.UUID(i) for i in self.assignment_ids])
        return [AssignmentType.from_row(r) for r in rows if r]


@strawberry.input
class StartLessonInput:
    lesson_id: strawberry.ID
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.input
class AnswerItemInput:
    item_id: strawberry.ID
    choice: int = strawberry.field(description="Index of the chosen option.")
    session_id: strawberry.ID | None = strawberry.field(
        default=None, description="The lesson session; leave out for today's review items."
    )
    confidence: Confidence | None = strawberry.field(
        default=None,
        description=(
            "How sure the learner was (optional). With the answer's correctness it picks the FSRS rating: wrong is "
            "Again, right and UNSURE Hard, right and FAIRLY_SURE (or none) Good, right and SURE Easy."
        ),
    )
    client_mutation_id: str


@strawberry.input
class CompleteLessonInput:
    session_id: strawberry.ID
    client_mutation_id: str


@strawberry.input
class SetMyWorkDaysInput:
    days: list[Weekday] = strawberry.field(description="The weekdays one works (at least one).")
    client_mutation_id: str


@strawberry.type
class SetMyWorkDaysPayload:
    work_days: list[Weekday] = strawberry.field(description="The working days from `effectiveFrom` on.")
    effective_from: dt.date = strawberry.field(description="The caller's next local day: today keeps its schedule.")
    employee: strawberry.Private[dict]

    @strawberry.field
    async def progress(self, info: Info) -> ProgressType:
        row = await context(info).loaders.progress.load(self.employee["id"])
        today = local_date(context(info).runtime.clock.now(), self.employee["time_zone"])
        return ProgressType.from_row(row, today=today)



@strawberry.type
class ProgressQuery:
    @strawberry.field(description="Today's learning for the signed-in employee, in their own time zone.")
    async def today(self, info: Info, locale: Locale | None = None) -> DailyLessonType:
        employee = await current_employee(info)
        loc = locale.value if locale else employee["locale"]
        plan = await progress.daily_plan(employee=employee, now=context(info).runtime.clock.now())
        loaders = context(info).loaders
        loaders.progress.prime(employee["id"], plan["progress_row"])
        if "session_row" in plan and plan["lesson_id"]:
            loaders.latest_session.prime((employee["id"], plan["lesson_id"], plan["local_date"]), plan["session_row"])
        catalogue = await get_catalogue()
        lesson = catalogue.by_id.get(plan["lesson_id"]) if plan["lesson_id"] else None
        return DailyLessonType(
            date=plan["local_date"],
            reason=DailyReason(plan["reason"]),
            minutes=(lesson.minutes if lesson else 0) + len(plan["review_item_ids"]),
            lesson=LessonType.of(lesson, loc) if lesson else None,
            plan=plan,
            employee=employee,
            locale=loc,
        )

    @strawberry.field(description="One of the caller's own lesson sessions.")
    async def lesson_session(self, info: Info, id: strawberry.ID, locale: Locale | None = None) -> LessonSessionType:
        employee = await current_employee(info)
        row = await context(info).loaders.session.load(parse_id(id))
        if row is None or row["employee"] != employee["id"]:
            raise NotFound("No such lesson session.", code="SESSION_NOT_FOUND")
        return LessonSessionType.of(row, locale.value if locale else employee["locale"])


@strawberry.type
class ProgressMutation:
    @strawberry.mutation(description="Start a lesson session (retry-safe with clientMutationId).")
    async def start_lesson(self, info: Info, input: StartLessonInput) -> LessonSessionType:
        employee = await current_employee(info)
        result = await progress.start_lesson(
            employee=employee,
            lesson_id=str(input.lesson_id),
            client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
        )
        row = await context(info).loaders.session.load(uuid.UUID(result["session_id"]))
        return LessonSessionType.of(row, employee["locale"])

    @strawberry.mutation(description="Answer an item; a replay with the same clientMutationId returns the first result.")
    async def answer_item(self, info: Info, input: AnswerItemInput) -> AnswerResultType:
        employee = await current_employee(info)
        result = await progress.answer_item(
            employee=employee,
            item_id=str(input.item_id),
            choice=input.choice,
            session_id=parse_id(input.session_id) if input.session_id else None,
            client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
            confidence=input.confidence.value if input.confidence else None,
        )
        item = (await progress.live_items([result["item_id"]], await get_catalogue())).get(result["item_id"])
        return AnswerResultType(
            item_id=strawberry.ID(result["item_id"]),
            chosen=result["chosen"],
            correct=result["correct"],
            correct_option=result["correct_option"],
            explanation=item.explanation.get(employee["locale"]) if item else "",
            confidence=Confidence(result["confidence"]) if result.get("confidence") else None,
            misconception=result.get("misconception", False),
            xp_gained=result["xp_gained"],
            next_review_at=dt.datetime.fromisoformat(result["next_review_at"]),
        )

    @strawberry.mutation(description="Finish a session once every item is answered (retry-safe).")
    async def complete_lesson(self, info: Info, input: CompleteLessonInput) -> CompletionResultType:
        employee = await current_employee(info)
        result = await progress.complete_lesson(
            employee=employee,
            session_id=parse_id(input.session_id),
            client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
        )
        if "written" in result:
            loaders = context(info).loaders
            loaders.progress.prime(employee["id"], result["written"]["progress"])
            loaders.session.prime(result["written"]["session"]["id"], result["written"]["session"])
        return CompletionResultType(
            passed=result["passed"],
            correct_count=result["correct_count"],
            item_count=result["item_count"],
            xp_gained=result["xp_gained"],
            session_id=uuid.UUID(result["session_id"]),
            employee=employee,
            assignment_ids=result["assignments_completed"],
            locale=employee["locale"],
        )

    @strawberry.mutation(
        description=(
            "Set one's own working days (streaks count working days). Takes effect from one's next local day, so "
            "today and the days before are judged as they were; retry-safe. INVALID_WORK_DAYS for an empty list."
        )
    )
    async def set_my_work_days(self, info: Info, input: SetMyWorkDaysInput) -> SetMyWorkDaysPayload:
        employee = await current_employee(info)
        result = await progress.set_work_days(
            employee=employee,
            days=[d.value for d in input.days],
            client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
        )
        return SetMyWorkDaysPayload(
            work_days=weekdays(result["work_days"]),
            effective_from=dt.date.fromisoformat(result["effective_from"]),
            employee=employee,
        )
