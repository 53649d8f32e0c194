"""How sure the learner was: correctness plus confidence map to one of FSRS's four ratings.

After choosing an answer the learner may say how sure they were (optional). The mapping, and nothing else:

| answer | confidence          | FSRS rating | why                                                                 |
| ------ | ------------------- | ----------- | ------------------------------------------------------------------- |
| wrong  | any, or none        | Again       | not known: comes back soonest                                       |
| right  | UNSURE              | Hard        | a guess that landed: comes back sooner than a known answer          |
| right  | FAIRLY_SURE or none | Good        | known (an answer without a confidence is scheduled as before)       |
| right  | SURE                | Easy        | known well: the longest interval                                    |

A wrong answer given SURE is a misconception (the learner believes something false): it is scheduled like any
wrong answer, and flagged on the answer (`misconception`) so the explanation can say so.

For item statistics a confidence counts as a number from 0 (UNSURE) to 1 (SURE): CONFIDENCE_SCORE.
"""

from __future__ import annotations

from fsrs import Rating

UNSURE = "unsure"
FAIRLY_SURE = "fairly_sure"
SURE = "sure"
CONFIDENCES = (UNSURE, FAIRLY_SURE, SURE)

CONFIDENCE_SCORE = {UNSURE: 0.0, FAIRLY_SURE: 0.5, SURE: 1.0}

_RIGHT = {UNSURE: Rating.Hard, FAIRLY_SURE: Rating.Good, SURE: Rating.Easy, None: Rating.Good}


def rating(*, correct: bool, confidence: str | None) -> Rating:
    """The FSRS rating of an answer (the table above)."""
    return _RIGHT[confidence] if correct else Rating.Again


def misconception(*, correct: bool, confidence: str | None) -> bool:
    """Wrong, and sure of it."""
    return not correct and confidence == SURE


def score_sql(column: str) -> str:
    """CONFIDENCE_SCORE as a SQL expression over a confidence column (NULL when none was given)."""
    cases = " ".join(f"WHEN '{name}' THEN {score}" for name, score in CONFIDENCE_SCORE.items())
    return f"(CASE {column} {cases} END)"
