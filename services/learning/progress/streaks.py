"""Streak rules: one local calendar day at a time, with freezes that cover missed days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

MAX_FREEZES = 2
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class StreakState:
    streak: int
    longest: int
    last_active: dt.date | None  # the last day that counted, done or covered by a freeze
    freezes: int


def missed_days(last_active: dt.date | None, today: dt.date) -> int:
    """Whole days after the last counted day and before today."""
    if last_active is None or today <= last_active:
        return 0
    return (today - last_active).days - 1


def settle(state: StreakState, today: dt.date) -> StreakState:
    """Account for the days missed before today: each spends one freeze; with too few, the streak breaks.

    A broken streak spends every freeze held and forgets the last day, so settling again changes nothing.
    """
    missed = missed_days(state.last_active, today)
    if missed == 0:
        return state
    if missed <= state.freezes:
        return replace(state, last_active=today - DAY, freezes=state.freezes - missed)
    return replace(state, streak=0, last_active=None, freezes=0)


def on_activity(state: StreakState, today: dt.date) -> StreakState:
    """The day's learning is done: the streak grows by one (once per day)."""
    state = settle(state, today)
    if state.last_active == today:
        return state
    streak = state.streak + 1 if state.last_active == today - DAY and state.streak > 0 else 1
    return StreakState(streak=streak, longest=max(state.longest, streak), last_active=today, freezes=state.freezes)


def grant_freeze(state: StreakState, today: dt.date) -> tuple[StreakState, bool]:
    """One more freeze, unless two are already held; True when granted."""
    state = settle(state, today)
    if state.freezes >= MAX_FREEZES:
        return state, False
    return replace(state, freezes=state.freezes + 1), True
