"""Streak rules: one local working day at a time, with freezes that cover missed working days.

A streak counts the days learning was done, in a row of working days (workdays.py): a day off in between breaks
nothing and needs no freeze, and learning on a day off counts like any other day (it extends the streak). Each
day is judged by the working days valid on it, so a change of schedule never reaches back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .workdays import Schedule

MAX_FREEZES = 2
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class StreakState:
    streak: int
    longest: int
    last_active: dt.date | None  # the last day that counted (done, or settled up to: days off or freezes)
    freezes: int


def missed_working_days(last_active: dt.date | None, today: dt.date, schedule: Schedule, *, up_to: int) -> int:
    """Working days after the last counted day and before today, counted up to `up_to` + 1 (enough to decide)."""
    if last_active is None:
        return 0
    missed = 0
    day = last_active + DAY
    while day < today and missed <= up_to:
        missed += schedule.works_on(day)
        day += DAY
    return missed


def settle(state: StreakState, today: dt.date, schedule: Schedule) -> StreakState:
    """Account for the days before today since the last counted one: days off cost nothing, each missed working
    day spends one freeze; with too few, the streak breaks.

    A settled streak counts up to yesterday; a broken one spends every freeze held and forgets the last day, so
    settling again changes nothing.
    """
    if state.last_active is None or state.last_active >= today - DAY:
        return state
    missed = missed_working_days(state.last_active, today, schedule, up_to=state.freezes)
    if missed <= state.freezes:
        return replace(state, last_active=today - DAY, freezes=state.freezes - missed)
    return replace(state, streak=0, last_active=None, freezes=0)


def on_activity(state: StreakState, today: dt.date, schedule: Schedule) -> StreakState:
    """The day's learning is done (a working day or not): the streak grows by one (once per day)."""
    state = settle(state, today, schedule)
    if state.last_active == today:
        return state
    streak = state.streak + 1 if state.last_active == today - DAY and state.streak > 0 else 1
    return StreakState(streak=streak, longest=max(state.longest, streak), last_active=today, freezes=state.freezes)


def grant_freeze(state: StreakState, today: dt.date, schedule: Schedule) -> tuple[StreakState, bool]:
    """One more freeze, unless two are already held; True when granted."""
    state = settle(state, today, schedule)
    if state.freezes >= MAX_FREEZES:
        return state, False
    return replace(state, freezes=state.freezes + 1), True
