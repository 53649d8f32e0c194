"""Spaced repetition with FSRS: every answer reschedules the employee's card for that item.

Which of FSRS's four ratings an answer gets (right or wrong, and how sure) is decided in confidence.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fsrs import Card, Rating, Scheduler, State

# Lessons are daily: no minute-level learning steps, so the shortest interval is a day. No fuzzing keeps
# due dates reproducible.
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def review(previous: dict[str, Any] | None, *, rating: Rating, at: dt.datetime) -> dict[str, Any]:
    """The card's new state after an answer rated `rating` (confidence.py)."""
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
    card, _ = SCHEDULER.review_card(card, rating, at)
    return {
        "state": int(card.state),
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due,
        "last_review": card.last_review,
    }


def retrievability_sql(card: str, at: str) -> str:
    """SQL for a card's FSRS retrievability at an instant (0..1), as `Scheduler.get_card_retrievability` computes it
    (whole days since the last review): mastery sums it over many cards in one statement."""
    return (
        f"CASE WHEN {card}.last_review IS NULL OR {card}.stability IS NULL THEN 0.0 ELSE power(1 + "
        f"{SCHEDULER._FACTOR!r} * greatest(0, floor(extract(epoch FROM {at} - {card}.last_review) / 86400)) "
        f"/ {card}.stability, {SCHEDULER._DECAY!r}) END"
    )
