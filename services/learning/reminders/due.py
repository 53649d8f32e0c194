"""Who gets a reminder now: the one place that decides it.

An employee is reminded when all of these hold:
- they are active and turned the reminder on;
- in their own time zone (clock.local_time) the wall-clock time has reached the time they chose, today, and is no
  more than LATE_BY_AT_MOST past it (a worker that was down, or a reminder turned on in the evening for the
  morning, sends nothing stale);
- today is one of their working days (progress/workdays.py: the schedule valid on that day);
- today's lesson is not done (`Progress.last_active_date` is today, as `doneToday` says);
- no reminder was sent for that local day yet (the ReminderSent row, unique per employee and local day, is what
  makes it at most one even when two runs overlap: delivery claims the row before sending).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.platform.clock import local_time

from ..progress.workdays import Schedule

LATE_BY_AT_MOST = dt.timedelta(hours=3)


@dataclass(frozen=True)
class Facts:
    """What the rule looks at for one employee on their local day."""

    active: bool
    enabled: bool
    schedule: Schedule
    last_active: dt.date | None
    already_sent: bool


def reminder_day(now: dt.datetime, *, time_zone: str, chosen: dt.time) -> dt.date | None:
    """The employee's local day whose reminder time has come at `now` (within LATE_BY_AT_MOST), else None."""
    here = local_time(now, time_zone)
    # Wall-clock arithmetic: on a day the clocks jump forward past `chosen`, the first time after the gap counts.
    late_by = here.replace(tzinfo=None) - dt.datetime.combine(here.date(), chosen)
    if dt.timedelta(0) <= late_by <= LATE_BY_AT_MOST:
        return here.date()
    return None


def is_due(day: dt.date, facts: Facts) -> bool:
    """Whether the employee, whose reminder time came on their local `day`, is reminded."""
    return (
        facts.active
        and facts.enabled
        and facts.schedule.works_on(day)
        and not (facts.last_active is not None and facts.last_active >= day)
        and not facts.already_sent
    )
