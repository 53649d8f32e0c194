"""Learning milestones: what the feedback service (the badge authority) turns into badges.

- SERVICE_SITUATIONS: every active service-situation lesson that suits the employee's role family passed at least
  once (checked when such a lesson is passed);
- STREAK_30: a streak reaching 30 counted days (working days, or days off learnt on: streaks.py).

A milestone reached is an outbox event (`learning.milestone_reached`) written in the completing transaction; the
feedback service awards its badge once, however often the event comes (a streak reaching 30 again after a break
says it again and changes nothing).
"""

from __future__ import annotations

import datetime as dt
import uuid

from services.platform.outbox.service import publish_many

from ..lessons.service import Catalogue
from ..platform_tables import OUTBOX
from .tables import LessonSession

TOPIC = "learning.milestone_reached"
SERVICE_SITUATIONS = "service_situations"
STREAK_30 = "streak_30"
MILESTONES = (SERVICE_SITUATIONS, STREAK_30)
STREAK_DAYS = 30
SITUATIONS_TOPIC = "situations"


def streak_reached(*, before: int, after: int) -> bool:
    """The streak has just reached STREAK_DAYS."""
    return before < STREAK_DAYS <= after


def situation_lessons(catalogue: Catalogue, role_family: str) -> list[str]:
    """The active service-situation lessons for the role family."""
    return [
        lesson.id for lesson in catalogue.lessons
        if lesson.id in catalogue.active and lesson.topic == SITUATIONS_TOPIC and lesson.suits(role_family)
    ]


async def all_passed(*, employee_id: uuid.UUID, lesson_ids: list[str]) -> bool:
    """Every one of the lessons has a passed session (this transaction's included): one statement."""
    if not lesson_ids:
        return False
    rows = await LessonSession.raw(
        f"SELECT count(DISTINCT lesson) AS passed FROM {LessonSession._meta.get_formatted_tablename()} "
        "WHERE employee = {} AND passed AND lesson = ANY({}::text[])",
        employee_id, lesson_ids,
    )
    return rows[0]["passed"] == len(set(lesson_ids))


async def _publish(*, employee: dict, reached: list[str], now: dt.datetime) -> None:
    if reached:
        await publish_many(OUTBOX, topic=TOPIC, payloads=[
            {"employee_id": str(employee["id"]), "milestone": m, "reached_at": now.isoformat()} for m in reached
        ])


async def on_review_day(*, employee: dict, streak_before: int, streak_after: int, now: dt.datetime) -> list[str]:
    """A day counted by its reviews alone may reach the streak milestone too."""
    reached = [STREAK_30] if streak_reached(before=streak_before, after=streak_after) else []
    await _publish(employee=employee, reached=reached, now=now)
    return reached


async def on_completion(
    *, employee: dict, catalogue: Catalogue, lesson_id: str, passed: bool, streak_before: int, streak_after: int,
    now: dt.datetime,
) -> list[str]:
    """The milestones a completed lesson reaches, published for the feedback service; returns them."""
    reached = []
    if streak_reached(before=streak_before, after=streak_after):
        reached.append(STREAK_30)
    lesson = catalogue.by_id.get(lesson_id)
    if passed and lesson is not None and lesson.topic == SITUATIONS_TOPIC:
        if await all_passed(employee_id=employee["id"],
                            lesson_ids=situation_lessons(catalogue, employee["role_family"])):
            reached.append(SERVICE_SITUATIONS)
    await _publish(employee=employee, reached=reached, now=now)
    return reached
