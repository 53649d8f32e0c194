"""Fairness of the quizzes and scenarios: a learner who picks by length alone must not pass without learning.

Measured per language in characters. The catalogue is refused when, over all items, the right option is the
longest (or the shortest) clearly more often than chance, when the better scenario reply is usually the longer
one, or when a single item or scenario gives itself away by length.
"""

from __future__ import annotations

from dataclasses import dataclass

from .content_model import LOCALES, LessonContent, Text

# The right option may be the strictly longest (or shortest) at most this far above chance.
MARGIN_OVER_CHANCE = 0.10
# The better reply may be the longer one in at most this share of scenarios.
MAX_BETTER_LONGER_SHARE = 0.60
# A right option longer than this times the mean length of the other options is a tell on its own.
MAX_RIGHT_TO_OTHERS = 1.5
# The longer scenario reply may be at most this times the shorter one.
MAX_REPLY_RATIO = 1.25


def _length(text: Text, locale: str) -> int:
    return len(text.get(locale).strip())


@dataclass(frozen=True)
class Figures:
    """How often length points at the right answer, in one language."""

    locale: str
    items: int
    right_longest: int  # items whose right option is strictly longer than every other (ties do not count)
    right_shortest: int  # items whose right option is strictly shorter than every other
    chance: float  # the share expected by chance: the mean of 1/len(options) over the items
    scenarios: int
    better_longer: int  # scenarios whose better reply is longer than the worse one

    @property
    def longest_share(self) -> float:
        return self.right_longest / self.items if self.items else 0.0

    @property
    def shortest_share(self) -> float:
        return self.right_shortest / self.items if self.items else 0.0

    @property
    def limit(self) -> float:
        return self.chance + MARGIN_OVER_CHANCE

    @property
    def better_longer_share(self) -> float:
        return self.better_longer / self.scenarios if self.scenarios else 0.0

    def __str__(self) -> str:
        return (
            f"{self.locale}: right option longest in {self.right_longest}/{self.items} items "
            f"({self.longest_share:.0%}), shortest in {self.right_shortest}/{self.items} ({self.shortest_share:.0%}); "
            f"chance {self.chance:.0%}, limit {self.limit:.0%}; better reply longer in "
            f"{self.better_longer}/{self.scenarios} scenarios ({self.better_longer_share:.0%}, "
            f"limit {MAX_BETTER_LONGER_SHARE:.0%})"
        )


def figures(lessons: list[LessonContent], locale: str) -> Figures:
    """The length figures of the catalogue in one language."""
    items = longest = shortest = 0
    chance = 0.0
    for lesson in lessons:
        for item in lesson.quiz:
            lengths = [_length(option, locale) for option in item.options]
            right = lengths.pop(item.correct)
            items += 1
            chance += 1 / len(item.options)
            longest += right > max(lengths)
            shortest += right < min(lengths)
    better_longer = sum(
        _length(lesson.scenario.better, locale) > _length(lesson.scenario.worse, locale) for lesson in lessons
    )
    return Figures(
        locale=locale,
        items=items,
        right_longest=longest,
        right_shortest=shortest,
        chance=chance / items if items else 0.0,
        scenarios=len(lessons),
        better_longer=better_longer,
    )


def problems(lessons: list[LessonContent]) -> list[str]:
    """Every way the catalogue gives answers away by length; empty when it is fair."""
    found = []
    for locale in LOCALES:
        for lesson in lessons:
            found += _lesson_problems(lesson, locale)
        numbers = figures(lessons, locale)
        if numbers.longest_share > numbers.limit:
            found.append(
                f"fairness ({locale}): the right option is the longest in {numbers.right_longest} of "
                f"{numbers.items} items ({numbers.longest_share:.0%}); chance is {numbers.chance:.0%}, "
                f"so at most {numbers.limit:.0%} is allowed"
            )
        if numbers.shortest_share > numbers.limit:
            found.append(
                f"fairness ({locale}): the right option is the shortest in {numbers.right_shortest} of "
                f"{numbers.items} items ({numbers.shortest_share:.0%}); chance is {numbers.chance:.0%}, "
                f"so at most {numbers.limit:.0%} is allowed"
            )
        if numbers.better_longer_share > MAX_BETTER_LONGER_SHARE:
            found.append(
                f"fairness ({locale}): the better reply is the longer one in {numbers.better_longer} of "
                f"{numbers.scenarios} scenarios ({numbers.better_longer_share:.0%}); at most "
                f"{MAX_BETTER_LONGER_SHARE:.0%} is allowed"
            )
    return found


def _lesson_problems(lesson: LessonContent, locale: str) -> list[str]:
    found = []
    for item in lesson.quiz:
        lengths = [_length(option, locale) for option in item.options]
        right = lengths.pop(item.correct)
        mean_others = sum(lengths) / len(lengths)
        if right > MAX_RIGHT_TO_OTHERS * mean_others:
            found.append(
                f"lesson {lesson.id}, quiz item {item.id} ({locale}): the right option is "
                f"{right / mean_others:.2f}x the mean length of the others; at most {MAX_RIGHT_TO_OTHERS}x"
            )
    better, worse = _length(lesson.scenario.better, locale), _length(lesson.scenario.worse, locale)
    if max(better, worse) > MAX_REPLY_RATIO * min(better, worse):
        longer = "better" if better > worse else "worse"
        found.append(
            f"lesson {lesson.id}, scenario ({locale}): the {longer} reply is {max(better, worse) / min(better, worse):.2f}x "
            f"the length of the other ({better} vs {worse} characters for better vs worse); at most {MAX_REPLY_RATIO}x"
        )
    return found
