"""Item analysis: how each item of a lesson performs, from learners' first attempts at the lesson.

Counted: the answers of each learner's first session of the lesson (the earliest started), when that session was
completed. Retakes are left out (the learner has seen the explanations), and so are review answers (they measure
what was remembered days later, not how the item works at first sight); a first session left unfinished counts
for nothing (its score is not a lesson score). Company-value questions vary per session and are not analysed.

Per item:
- difficulty: the share of answers that were right (0-1, higher is easier);
- discrimination: the point-biserial correlation of the item's correctness (0/1) with the rest of the lesson
  score, i.e. the session's right answers excluding this item (-1..1; null when either side does not vary,
  e.g. everyone got the item right);
- the share of answers choosing each wrong option; the mean confidence where one was given (0 UNSURE, 0.5
  FAIRLY_SURE, 1 SURE: confidence.py); the number of answers.

Figures and flags are given only from MIN_ANSWERS answers on (below it they are null): small samples mislead.
Flags (thresholds: the constants below, FLAG_MEANINGS words them for the API): TOO_EASY (more than 95 % right),
TOO_HARD (under 25 %), LOW_DISCRIMINATION (under 0.1, when computed), UNUSED_DISTRACTOR (a wrong option nobody
chose), MISLEADING (a wrong option chosen more often than the right one).
"""

from __future__ import annotations

from dataclasses import dataclass

# The flag thresholds, here and nowhere else: the rules below and the API's descriptions read them.
MIN_ANSWERS = 20
TOO_EASY_ABOVE = 0.95  # difficulty (share right) above this: the item teaches or tests little
TOO_HARD_BELOW = 0.25  # below this: worse than guessing among four options
LOW_DISCRIMINATION_BELOW = 0.1  # point-biserial below this: the item does not tell who knows the lesson
UNUSED_DISTRACTOR_AT_MOST = 0  # a wrong option chosen this many times or fewer does no work

TOO_EASY = "too_easy"
TOO_HARD = "too_hard"
LOW_DISCRIMINATION = "low_discrimination"
UNUSED_DISTRACTOR = "unused_distractor"
MISLEADING = "misleading"


def _percent(share: float) -> str:
    return f"{share * 100:g} %"


# What each flag means, worded from the thresholds above (the GraphQL schema shows these).
FLAG_MEANINGS: dict[str, str] = {
    TOO_EASY: f"more than {_percent(TOO_EASY_ABOVE)} of answers right",
    TOO_HARD: f"under {_percent(TOO_HARD_BELOW)} right",
    LOW_DISCRIMINATION: f"discrimination under {LOW_DISCRIMINATION_BELOW:g}, when computed",
    UNUSED_DISTRACTOR: "a wrong option nobody chose",
    MISLEADING: "a wrong option chosen more often than the right one",
}


@dataclass(frozen=True)
class Distractor:
    option: int
    share: float


@dataclass(frozen=True)
class ItemFigures:
    """One item's figures; everything but `answers` is None below MIN_ANSWERS."""

    answers: int
    difficulty: float | None = None
    discrimination: float | None = None
    mean_confidence: float | None = None
    distractors: tuple[Distractor, ...] | None = None
    flags: tuple[str, ...] | None = None


def figures(*, options: int, correct: int, row: dict | None) -> ItemFigures:
    """The item's figures from its aggregated answers (service.item_answer_figures), flags decided here."""
    answers = row["answers"] if row else 0
    if answers < MIN_ANSWERS:
        return ItemFigures(answers=answers)
    chosen = {int(k): v for k, v in (row["choices"] or {}).items()}
    right = chosen.get(correct, 0)
    distractors = tuple(Distractor(option=o, share=chosen.get(o, 0) / answers) for o in range(options) if o != correct)
    difficulty = right / answers
    discrimination = row["discrimination"]
    flags = []
    if difficulty > TOO_EASY_ABOVE:
        flags.append(TOO_EASY)
    if difficulty < TOO_HARD_BELOW:
        flags.append(TOO_HARD)
    if discrimination is not None and discrimination < LOW_DISCRIMINATION_BELOW:
        flags.append(LOW_DISCRIMINATION)
    if any(chosen.get(d.option, 0) <= UNUSED_DISTRACTOR_AT_MOST for d in distractors):
        flags.append(UNUSED_DISTRACTOR)
    if any(chosen.get(d.option, 0) > right for d in distractors):
        flags.append(MISLEADING)
    return ItemFigures(
        answers=answers,
        difficulty=difficulty,
        discrimination=discrimination,
        mean_confidence=row["mean_confidence"],
        distractors=distractors,
        flags=tuple(flags),
    )
