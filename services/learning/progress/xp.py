"""XP rules: what a lesson attempt is worth (best attempt counts), what a review earns, and the daily cap.

Lessons, "like EdApp: best attempt counts". An attempt is worth XP_CORRECT_ANSWER per right answer and, once it
is completed, XP_LESSON_COMPLETED plus XP_LESSON_PASSED_BONUS when passed. An employee earns a lesson's XP once:
each step of any attempt (a right answer, the completion) grants only what lifts the XP already earned for that
lesson up to the attempt's value so far. A first attempt worth 30 of 50 grants 30; a retake worth 50 adds 20; a
third worth 40 adds nothing. Per-item XP still comes with each answer, the completion grants the rest. The
completion XP belongs to the lesson, not to the day: a second new lesson on one day earns it too (the daily cap
bounds a day), and it is never earned twice for one lesson.

Reviews (spaced repetition, answered outside a lesson). A right answer to an item whose card is due by the end of
the employee's local day earns XP_CORRECT_ANSWER, at most once per item per local day (answers are unique per item
and day). Answering an item before it is due still reschedules its card but earns nothing, so the learned set
cannot be answered every day for XP; the schedule itself spaces out what a review can earn. Review XP counts for
no lesson's value.

The daily cap. At most DAILY_XP_CAP per employee per local day (platform/clock.py local_date), all sources
together. XP past the cap is not granted; the ledger records it as withheld. A lesson's earned XP is what was
granted, so a later step or attempt of that lesson (another day) can still earn what the cap held back.

The ledger (tables.py XpEntry, one row per step that earned anything, unique per source) is the record; the
progress row's xp is its running total, written in the same statement as each entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

XP_CORRECT_ANSWER = 5
XP_LESSON_COMPLETED = 20
XP_LESSON_PASSED_BONUS = 10
DAILY_XP_CAP = 300

ANSWER = "answer"
COMPLETION = "completion"
REVIEW = "review"


@dataclass(frozen=True)
class Grant:
    """XP a step earned: granted now, and withheld because the day's cap was reached."""

    points: int
    withheld: int = 0


def lesson_value(*, right_answers: int, completed: bool = False, passed: bool = False) -> int:
    """What an attempt of a lesson is worth so far."""
    value = XP_CORRECT_ANSWER * right_answers
    if completed:
        value += XP_LESSON_COMPLETED + (XP_LESSON_PASSED_BONUS if passed else 0)
    return value


def lesson_step(*, value: int, earned: int) -> int:
    """What a step of an attempt may add: up to the attempt's value, never past what the lesson already earned."""
    return max(0, value - earned)


def review_points(*, correct: bool, due: bool) -> int:
    """A right answer to a due review item earns the per-item XP; early or wrong answers earn nothing."""
    return XP_CORRECT_ANSWER if correct and due else 0


def granted_on(day: dt.date, *, xp_day: dt.date | None, xp_day_total: int) -> int:
    """XP already granted on `day`, from the progress row's day counter."""
    return xp_day_total if xp_day == day else 0


def capped(points: int, *, granted_today: int, worth: int | None = None) -> Grant:
    """The part of `points` that fits under the day's cap.

    Withheld is what the cap took of the step's own `worth` (a right answer's 5, a completion's 20 or 30; by
    default all of `points`): what a lesson step could also catch up from earlier capped steps is not counted again.
    """
    granted = min(points, max(0, DAILY_XP_CAP - granted_today))
    own = points if worth is None else min(worth, points)
    return Grant(points=granted, withheld=max(0, own - granted))
