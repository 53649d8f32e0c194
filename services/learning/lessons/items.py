"""Answerable items: quiz questions and scenario choices of a lesson (and company-value questions)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .content_model import LessonContent, Text

SCENARIO_QUESTION = Text(et="Kumb vastus on parem?", en="Which reply is better?")


@dataclass(frozen=True)
class Item:
    id: str
    lesson_id: str
    kind: str  # quiz | scenario | value
    question: Text
    options: tuple[Text, ...]
    correct: int
    explanation: Text
    context: Text | None = None


def stable_flip(key: str) -> bool:
    """A coin toss that always lands the same way for the same key."""
    return hashlib.sha256(key.encode()).digest()[0] % 2 == 1


def lesson_items(lesson: LessonContent) -> list[Item]:
    """The scenario choice first, then the quiz items, as the lesson presents them."""
    scenario_id = f"{lesson.id}:scenario"
    # The better reply is not always the second option: the order is fixed per item, not per request.
    better_first = stable_flip(scenario_id)
    options = (lesson.scenario.better, lesson.scenario.worse) if better_first else (lesson.scenario.worse, lesson.scenario.better)
    items = [
        Item(
            id=scenario_id,
            lesson_id=lesson.id,
            kind="scenario",
            question=SCENARIO_QUESTION,
            options=options,
            correct=0 if better_first else 1,
            explanation=lesson.scenario.why,
            context=lesson.scenario.situation,
        )
    ]
    items += [
        Item(
            id=f"{lesson.id}:{q.id}",
            lesson_id=lesson.id,
            kind="quiz",
            question=q.question,
            options=tuple(q.options),
            correct=q.correct,
            explanation=q.explanation,
        )
        for q in lesson.quiz
    ]
    return items
