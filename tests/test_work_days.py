"""Working-day streaks: a streak counts working days; days off break nothing; freezes cover missed working days;
a change of working days holds from the employee's next local day. The org-chart import's optional work_days."""

import datetime as dt

from . import learning_steps as steps
from .learning_steps import TALLINN, local
from .support import HEADER, STANDARD_ORG, given_org, new_id, org_csv, token_for

# March 2026: the 9th, 16th, 23rd and 30th are Mondays; summer time starts in Tallinn on Sunday the 29th at 03:00.
MON, TUE, WED, THU, FRI, SAT, SUN = 9, 10, 11, 12, 13, 14, 15

PROGRESS = "{ me { progress { streak longestStreak freezes doneToday workDays nextWorkDays { days effectiveFrom } } } }"
SET = (
    "mutation($i: SetMyWorkDaysInput!) { setMyWorkDays(input: $i) { workDays effectiveFrom "
    "progress { streak workDays nextWorkDays { days effectiveFrom } } } }"
)


def quoted(cell: str) -> str:
    """A CSV cell that may hold commas."""
    return f'"{cell}"'


def at(day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    """A wall-clock time in Tallinn in March 2026."""
    return local(TALLINN, 2026, 3, day, hour, minute)


async def given_org_with_work_days(days: dict[str, str]) -> dict[str, dict]:
    """The standard org imported with a work_days column (empty cells: the default)."""
    from services.learning.directory import importer
    from services.learning.directory.tables import Employee

    rows = [r + (quoted(days.get(r[0], "")),) for r in STANDARD_ORG]
    report = await importer.run_import(org_csv(rows, header=HEADER + ",work_days"), dry_run=False, now=at(MON, 8))
    assert not report.errors, report.errors
    return {p["hr_id"]: p for p in await Employee.select()}


class Learner:
    """A1 learning through GraphQL on the days a test names."""

    def __init__(self, api, clock, employee: dict) -> None:
        self.api, self.clock, self.token = api, clock, token_for(employee)
        self.done = 0

    async def learn(self, when: dt.datetime) -> dict:
        self.clock.set(when)
        lesson = (await steps.suitable_ids("cashier"))[self.done]
        self.done += 1
        return (await steps.do_lesson(self.api, self.token, lesson))["progress"]

    async def progress(self, when: dt.datetime) -> dict:
        self.clock.set(when)
        return (await self.api.ok(PROGRESS, token=self.token))["me"]["progress"]

    async def set_work_days(self, when: dt.datetime, days: list[str], cmid: str | None = None) -> dict:
        self.clock.set(when)
        variables = {"i": {"days": days, "clientMutationId": cmid or new_id()}}
        return (await self.api.ok(SET, variables, token=self.token))["setMyWorkDays"]


async def mon_wed_fri(api, clock) -> tuple[Learner, dict]:
    people = await given_org_with_work_days({"A1": "mon,wed,fri"})
    return Learner(api, clock, people["A1"]), people


async def test_a_mon_wed_fri_worker_keeps_her_streak_across_weeks_doing_only_those_days(api, clock):
    # given a cleaner who works Monday, Wednesday and Friday, holding a freeze
    learner, people = await mon_wed_fri(api, clock)
    assert await steps.grant_freeze(people["A1"]["id"], at=at(MON, 9)) is True
    # when she learns on each of her working days for two weeks and a day
    streaks = []
    for day in (MON, WED, FRI, MON + 7, WED + 7, FRI + 7, MON + 14):
        streaks.append((await learn_on(learner, day))["streak"])
        # then a day off in between shows the streak alive
        off = await learner.progress(at(day + 1, 20))
        assert off["streak"] == streaks[-1] and off["freezes"] == 1, (day, off)
    assert streaks == [1, 2, 3, 4, 5, 6, 7]
    # and the weekends and days off spent no freeze
    final = await learner.progress(at(MON + 14, 20))
    assert (final["streak"], final["longestStreak"], final["freezes"]) == (7, 7, 1)
    assert final["workDays"] == ["MON", "WED", "FRI"] and final["nextWorkDays"] is None


async def learn_on(learner: Learner, day: int) -> dict:
    return await learner.learn(at(day))


async def test_a_missed_working_day_without_a_freeze_breaks_the_streak(api, clock):
    learner, _ = await mon_wed_fri(api, clock)
    await learn_on(learner, MON)
    await learn_on(learner, WED)
    # Friday missed; the weekend and Monday morning come
    assert (await learner.progress(at(FRI, 23, 30)))["streak"] == 2  # Friday is not over yet
    shown = await learner.progress(at(MON + 7, 9))
    assert (shown["streak"], shown["longestStreak"]) == (0, 2)
    assert (await learn_on(learner, MON + 7))["streak"] == 1


async def test_a_freeze_covers_a_missed_working_day_and_only_that_day(api, clock):
    learner, people = await mon_wed_fri(api, clock)
    await learn_on(learner, MON)
    assert await steps.grant_freeze(people["A1"]["id"], at=at(MON, 15)) is True
    assert await steps.grant_freeze(people["A1"]["id"], at=at(MON, 16)) is True
    # Wednesday missed, Friday learned
    after = await learn_on(learner, FRI)
    assert (after["streak"], after["freezes"]) == (2, 1)  # one freeze for Wednesday, none for Tuesday or Thursday
    # the next Monday: the weekend cost nothing
    monday = await learn_on(learner, MON + 7)
    assert (monday["streak"], monday["freezes"]) == (3, 1)


async def test_missing_more_working_days_than_freezes_breaks_the_streak_whatever_days_off_lie_between(api, clock):
    learner, people = await mon_wed_fri(api, clock)
    await learn_on(learner, MON)
    await steps.grant_freeze(people["A1"]["id"], at=at(MON, 15))
    # Wednesday and Friday missed, one freeze
    shown = await learner.progress(at(SAT, 12))
    assert (shown["streak"], shown["freezes"]) == (0, 0)


async def test_a_lesson_on_a_day_off_counts_and_breaks_nothing(api, clock):
    learner, _ = await mon_wed_fri(api, clock)
    await learn_on(learner, MON)
    # a Tuesday lesson, on a day off: the streak grows
    assert (await learn_on(learner, TUE))["streak"] == 2
    # Wednesday, a working day, in a row with it
    assert (await learn_on(learner, WED))["streak"] == 3
    # Friday learned, then a Saturday lesson on a day off
    await learn_on(learner, FRI)
    assert (await learn_on(learner, SAT))["streak"] == 5
    # Sunday nothing, Monday learned: the streak goes on
    assert (await learn_on(learner, MON + 7))["streak"] == 6


async def test_a_default_worker_is_monday_to_friday_so_the_weekend_breaks_nothing(api, clock):
    people = await given_org()
    learner = Learner(api, clock, people["A1"])
    await learn_on(learner, FRI)
    monday = await learn_on(learner, MON + 7)
    assert (monday["streak"], monday["freezes"]) == (2, 0)
    assert (await learner.progress(at(MON + 7, 20)))["workDays"] == ["MON", "TUE", "WED", "THU", "FRI"]


async def test_the_dst_week_in_tallinn_counts_local_days(api, clock):
    # given a Mon/Wed/Fri worker in the week summer time starts (Sunday 29 March, 03:00 -> 04:00)
    learner, _ = await mon_wed_fri(api, clock)
    # when she learns late on Friday, just after midnight on Monday (still Sunday in UTC) and late on Wednesday
    friday = await learner.learn(at(27, 23, 30))
    # (late on the 23-hour Sunday the streak is alive: the weekend is off)
    assert (await learner.progress(at(29, 23, 0)))["streak"] == 1
    monday = await learner.learn(at(30, 0, 30))
    assert at(30, 0, 30).date() == dt.date(2026, 3, 29)  # in UTC it is Sunday evening
    wednesday = await learner.learn(local(TALLINN, 2026, 4, 1, 23, 45))
    # then each lesson counts on its local day: Friday, Monday, Wednesday, a streak of three
    assert [p["streak"] for p in (friday, monday, wednesday)] == [1, 2, 3]
    # and Thursday, a day off, keeps it to its last local minute
    assert (await learner.progress(local(TALLINN, 2026, 4, 2, 23, 59)))["streak"] == 3


async def test_a_change_of_working_days_takes_effect_tomorrow_not_today(api, clock):
    # given a Monday-to-Friday worker who learned on Monday
    people = await given_org()
    learner = Learner(api, clock, people["A1"])
    await learn_on(learner, MON)
    # when on Tuesday, before learning, she changes to Monday, Wednesday and Friday and does not learn
    changed = await learner.set_work_days(at(TUE, 10), ["FRI", "MON", "WED", "MON"])
    # then the change holds from Wednesday; Tuesday keeps its schedule
    assert (changed["workDays"], changed["effectiveFrom"]) == (["MON", "WED", "FRI"], "2026-03-11")
    assert changed["progress"]["workDays"] == ["MON", "TUE", "WED", "THU", "FRI"]
    assert changed["progress"]["nextWorkDays"] == {"days": ["MON", "WED", "FRI"], "effectiveFrom": "2026-03-11"}
    # and Tuesday, still a working day, was missed: on Wednesday the streak is gone
    wednesday = await learner.progress(at(WED, 9))
    assert wednesday["streak"] == 0
    assert (wednesday["workDays"], wednesday["nextWorkDays"]) == (["MON", "WED", "FRI"], None)
    # and from then on Thursday is a day off
    await learn_on(learner, WED)
    assert (await learn_on(learner, FRI))["streak"] == 2


async def test_a_change_never_reaches_back(api, clock):
    # given a Mon/Wed/Fri worker who learned Monday, then on Wednesday asks for Monday to Friday
    learner, _ = await mon_wed_fri(api, clock)
    await learn_on(learner, MON)
    await learner.set_work_days(at(WED, 8), ["MON", "TUE", "WED", "THU", "FRI"])
    # then Tuesday stays a day off: Wednesday's lesson continues the streak
    assert (await learn_on(learner, WED))["streak"] == 2
    # and Thursday is a working day now: missing it breaks the streak on Friday
    assert (await learner.progress(at(FRI, 9)))["streak"] == 0


async def test_two_changes_on_one_day_keep_what_held_before_the_day(api, clock):
    learner, _ = await mon_wed_fri(api, clock)
    await learn_on(learner, MON)
    await learner.set_work_days(at(TUE, 8), ["TUE"])
    await learner.set_work_days(at(TUE, 9), ["MON", "TUE", "WED", "THU", "FRI"])
    # Tuesday is still judged by Mon/Wed/Fri: skipping it breaks nothing, Wednesday continues
    assert (await learner.progress(at(TUE, 20)))["workDays"] == ["MON", "WED", "FRI"]
    assert (await learn_on(learner, WED))["streak"] == 2
    assert await steps.count_rows("past_work_days") == 1


async def test_setting_work_days_is_retry_safe_and_needs_a_day(api, clock):
    learner, _ = await mon_wed_fri(api, clock)
    cmid = new_id()
    first = await learner.set_work_days(at(TUE, 8), ["SAT", "SUN"], cmid=cmid)
    # (she never learned: the change to come shows all the same)
    assert first["progress"]["nextWorkDays"] == {"days": ["SAT", "SUN"], "effectiveFrom": "2026-03-11"}
    assert await learner.set_work_days(at(TUE, 8), ["SAT", "SUN"], cmid=cmid) == first
    variables = {"i": {"days": [], "clientMutationId": new_id()}}
    assert await learner.api.code(SET, variables, token=learner.token) == "INVALID_WORK_DAYS"
    variables = {"i": {"days": ["MON"], "clientMutationId": cmid}}
    assert await learner.api.code(SET, variables, token=learner.token) == "IDEMPOTENCY_KEY_REUSED"
    assert await steps.count_rows("past_work_days") == 1


# ---------------------------------------------------------------- the import column


async def test_the_import_column_is_optional_and_keeps_what_an_employee_has(api, clock):
    # given A1 on Mon/Wed/Fri and everyone else on the default
    people = await given_org_with_work_days({"A1": "Mon, Wed ,FRI", "A2": "sat;sun"})
    assert people["A1"]["work_days"] == [1, 3, 5] and people["A2"]["work_days"] == [6, 7]
    assert people["B1"]["work_days"] == [1, 2, 3, 4, 5]
    # when the same org is imported again by a file without the column
    again = await given_org()
    # then everyone keeps their working days
    assert again["A1"]["work_days"] == [1, 3, 5] and again["A2"]["work_days"] == [6, 7]


async def test_an_import_change_holds_from_the_employee_next_local_day(api, clock):
    from services.learning.directory import importer

    learner, _ = await mon_wed_fri(api, clock)
    await learn_on(learner, MON)
    # HR changes her to Monday to Friday on Tuesday: Tuesday is still her day off
    rows = [r + ("mon tue wed thu fri" if r[0] == "A1" else "",) for r in STANDARD_ORG]
    report = await importer.run_import(org_csv(rows, header=HEADER + ",work_days"), dry_run=False, now=at(TUE, 9))
    assert report.updated == ["A1"]
    assert (await learner.progress(at(TUE, 20)))["nextWorkDays"]["effectiveFrom"] == "2026-03-11"
    assert (await learn_on(learner, WED))["streak"] == 2


async def test_bad_work_days_are_refused_with_their_line(api, clock):
    people = await given_org()
    token = token_for(people["HR1"])
    rows = [r + (quoted({"A1": "mon,funday", "A2": " , "}.get(r[0], "mon")),) for r in STANDARD_ORG]
    body = await api.call(
        "mutation($csv: String) { importOrgChart(input: {csv: $csv, sendInvitations: false}) { updated } }",
        {"csv": org_csv(rows, header=HEADER + ",work_days")},
        token=token,
    )
    error = body["errors"][0]
    assert error["extensions"]["code"] == "IMPORT_INVALID"
    problems = {(p["line"], p["hrId"]): p["message"] for p in error["extensions"]["errors"]}
    line = {r[0]: n + 2 for n, r in enumerate(STANDARD_ORG)}
    assert set(problems) == {(line["A1"], "A1"), (line["A2"], "A2")}
    assert "funday" in problems[(line["A1"], "A1")]
    assert (await given_org())["A1"]["work_days"] == [1, 2, 3, 4, 5]  # nothing was written
