"""Spaced repetition with FSRS: every answer reschedules the employee's card for that item."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fsrs import Card, Rating, Scheduler, State

# Lessons are daily: no minute-level learning steps, so the shortest interval is a day. No fuzzing keeps
# due dates reproducible.
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def review(previous: dict[str, Any] | None, *, correct: bool, at: dt.datetime) -> dict[str, Any]:
    """The card's new state after an answer: right is 'Good', wrong is 'Again' (comes back sooner)."""
    card = Card()
    if previous is not None:
        card = Card(
            state=State(previous["state"]),
            step=previous["step"],
            stability=previous["stability"],
            difficulty=previous["difficulty"],
            due=previous["due"],
            last_review=previous["last_review"],
        )
    card, _ = SCHEDULER.review_card(card, Rating.Good if correct else Rating.Again, at)
    return {
        "state": int(card.state),
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due,
        "last_review": card.last_review,
    }
