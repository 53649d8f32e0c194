"""Working days: which weekdays an employee works, and which schedule holds on a given local day.

Every employee has working days (ISO weekdays, 1 = Monday; Monday to Friday unless the org-chart import's optional
`work_days` column or the employee says otherwise). Streaks count working days (streaks.py): a missed working day
needs a freeze, a day off needs nothing, and learning on a day off still counts.

A change never reaches back: it takes effect from the employee's next local day (`effective_from`), so a change
made today cannot turn a day already lived, today included, into a missed working day. Each change keeps the
schedule it replaced as a `PastWorkDays` row valid before the change (tables.py), and a day is judged by the
schedule valid on it (`Schedule.works_on`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index + 1 is the ISO weekday
DEFAULT_WORK_DAYS = (1, 2, 3, 4, 5)


def parse(text: str) -> tuple[int, ...]:
    """ISO weekdays from a list like 'mon,wed,fri' or 'mon wed fri' (any case; commas, semicolons or spaces
    between); ValueError names what is wrong."""
    names = [part.lower() for part in re.split(r"[\s,;]+", text) if part]
    unknown = [n for n in names if n not in WEEKDAYS]
    if unknown:
        raise ValueError(f"'{', '.join(unknown)}' is not a weekday (mon, tue, wed, thu, fri, sat, sun)")
    return normalise(WEEKDAYS.index(n) + 1 for n in names)


def normalise(days: Iterable[int]) -> tuple[int, ...]:
    """Sorted ISO weekdays without repeats; ValueError when none is left or one is not 1-7."""
    found = tuple(sorted(set(days)))
    if not found:
        raise ValueError("at least one working day is needed")
    if not all(1 <= d <= 7 for d in found):
        raise ValueError("weekdays are 1 (Monday) to 7 (Sunday)")
    return found


def names(days: Iterable[int]) -> str:
    """'mon,wed,fri' for (1, 3, 5)."""
    return ",".join(WEEKDAYS[d - 1] for d in sorted(days))


def effective_from(today: dt.date) -> dt.date:
    """A change of working days made on the employee's local day `today` holds from the next local day."""
    return today + dt.timedelta(days=1)


@dataclass(frozen=True)
class Schedule:
    """An employee's working days through time: `current`, and before that the schedules changes replaced."""

    current: tuple[int, ...] = DEFAULT_WORK_DAYS
    # (until, days): `days` held on the days before `until` (and from the previous entry's `until` on), oldest first.
    past: tuple[tuple[dt.date, tuple[int, ...]], ...] = ()

    def days_on(self, day: dt.date) -> tuple[int, ...]:
        """The working days valid on `day`."""
        for until, days in self.past:
            if day < until:
                return days
        return self.current

    def works_on(self, day: dt.date) -> bool:
        return day.isoweekday() in self.days_on(day)

    def pending(self, today: dt.date) -> tuple[dt.date, tuple[int, ...]] | None:
        """A change not yet in effect on `today`: (from when, the new days)."""
        later = [(until, index) for index, (until, _) in enumerate(self.past) if until > today]
        if not later:
            return None
        until, index = later[0]
        following = self.past[index + 1][1] if index + 1 < len(self.past) else self.current
        return until, following

    @classmethod
    def of(cls, current: Iterable[int] | None, past: Iterable[tuple[dt.date, Iterable[int]]] = ()) -> "Schedule":
        return cls(
            current=tuple(sorted(current)) if current else DEFAULT_WORK_DAYS,
            past=tuple(sorted((until, tuple(sorted(days))) for until, days in past)),
        )
