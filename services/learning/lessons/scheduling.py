"""Picks the daily lesson: assigned lessons first, then due reviews, then the next unseen lesson, in 15 minutes;
and whether a lesson assigned during the day joins that day's plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from .content_model import MAX_LESSON_MINUTES, QUIZ_ITEM_MINUTES
from .service import Catalogue

DAILY_MINUTES = MAX_LESSON_MINUTES
REVIEW_ITEM_MINUTES = QUIZ_ITEM_MINUTES


@dataclass(frozen=True)
class PlanInputs:
    role_family: str
    assigned: tuple[str, str] | None  # (assignment id, lesson id) of the most pressing open assignment
    due_item_ids: list[str]  # review cards due by the end of the local day, most overdue first
    completed_lessons: list[str] = field(default_factory=list)  # least recently completed first


@dataclass(frozen=True)
class Plan:
    lesson_id: str | None
    reason: str  # assigned | new | refresher | review | none
    assignment_id: str | None
    review_item_ids: list[str]


def choose_daily_plan(catalogue: Catalogue, inputs: PlanInputs) -> Plan:
    """Fill 15 minutes in priority order: an assigned lesson, due review items, then a lesson not seen yet."""
    budget = DAILY_MINUTES
    lesson_id, reason, assignment_id = None, "none", None
    if inputs.assigned and inputs.assigned[1] in catalogue.active:
        assignment_id, lesson_id = inputs.assigned
        reason = "assigned"
        budget -= catalogue.by_id[lesson_id].minutes
    reviews = _fit_reviews(inputs.due_item_ids, lesson_id=lesson_id, budget=budget)
    budget -= len(reviews) * REVIEW_ITEM_MINUTES
    if lesson_id is None:
        lesson_id, reason = _next_lesson(catalogue, inputs, budget)
        if lesson_id is None and reviews:
            reason = "review"
        elif lesson_id is not None:
            # A refresher asks its own items anyway.
            reviews = [item_id for item_id in reviews if not item_id.startswith(f"{lesson_id}:")]
    return Plan(lesson_id=lesson_id, reason=reason, assignment_id=assignment_id, review_item_ids=reviews)


def with_assignment(catalogue: Catalogue, plan: Plan, *, assignment: tuple[str, str], started: bool) -> Plan | None:
    """The day's plan once a lesson is assigned during the day: it becomes today's lesson while today's lesson is
    not started (nor already an assigned one), its due reviews kept as far as they still fit in 15 minutes.
    None: the plan stands, and the assignment comes first in the next day's choice."""
    assignment_id, lesson_id = assignment
    if started or plan.reason == "assigned" or lesson_id not in catalogue.active:
        return None
    budget = DAILY_MINUTES - catalogue.by_id[lesson_id].minutes
    reviews = _fit_reviews(plan.review_item_ids, lesson_id=lesson_id, budget=budget)
    return Plan(lesson_id=lesson_id, reason="assigned", assignment_id=assignment_id, review_item_ids=reviews)


def _fit_reviews(item_ids: list[str], *, lesson_id: str | None, budget: int) -> list[str]:
    """Due items, most overdue first, while they fit in the budget; the lesson's own items it asks anyway."""
    reviews = []
    for item_id in item_ids:
        if budget < REVIEW_ITEM_MINUTES:
            break
        if lesson_id and item_id.startswith(f"{lesson_id}:"):
            continue
        reviews.append(item_id)
        budget -= REVIEW_ITEM_MINUTES
    return reviews


def _next_lesson(catalogue: Catalogue, inputs: PlanInputs, budget: int) -> tuple[str | None, str]:
    suitable = catalogue.suitable(inputs.role_family)
    done = set(inputs.completed_lessons)
    for lesson in suitable:
        if lesson.id not in done:
            return (lesson.id, "new") if lesson.minutes <= budget else (None, "none")
    # Everything seen: refresh the lesson completed longest ago.
    suitable_ids = {lesson.id for lesson in suitable}
    for lesson_id in inputs.completed_lessons:
        if lesson_id in suitable_ids:
            fits = catalogue.by_id[lesson_id].minutes <= budget
            return (lesson_id, "refresher") if fits else (None, "none")
    return None, "none"
