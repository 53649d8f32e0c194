"""Time: store UTC, compute an employee's local day in one place."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

UTC = dt.timezone.utc


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    """The real clock, always timezone-aware UTC."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)


class FixedClock:
    """A clock tests set by hand (injected into the app)."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def now(self) -> dt.datetime:
        return self.at

    def set(self, at: dt.datetime) -> None:
        self.at = at

    def advance(self, **delta: float) -> None:
        self.at = self.at + dt.timedelta(**delta)


def local_date(at: dt.datetime, time_zone: str) -> dt.date:
    """The calendar day it is at `at` for someone living in `time_zone`."""
    return local_time(at, time_zone).date()


def local_time(at: dt.datetime, time_zone: str) -> dt.datetime:
    """The wall-clock date and time it is at `at` for someone living in `time_zone` (aware, in that zone)."""
    return at.astimezone(ZoneInfo(time_zone))


def is_valid_time_zone(name: str) -> bool:
    if name not in _zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


_ZONES: set[str] | None = None


def _zones() -> set[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = available_timezones()
    return _ZONES
