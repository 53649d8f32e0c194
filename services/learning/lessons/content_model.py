"""The shape of a lesson content file, validated on load, and its time estimate."""

from __future__ import annotations

import functools
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

TOPICS = ("time_management", "communication", "situations", "values")
ROLE_FAMILIES = (
    "cleaner",
    "cashier",
    "sales",
    "customer_service",
    "accountant",
    "mechanic",
    "logistics",
    "window_cleaner",
    "manager",
    "ceo",
    "hr",
    "it",
    "other",
)
LOCALES = ("et", "en")
WORDS_PER_MINUTE = 150
SCENARIO_MINUTES = 2
QUIZ_ITEM_MINUTES = 1
MAX_LESSON_MINUTES = 15


class Text(BaseModel):
    """One text in both languages."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    et: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, locale: str) -> str:
        return self.et if locale == "et" else self.en


class Card(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: Text
    body: Text

    @functools.cached_property
    def minutes(self) -> int:
        """Reading time, from the longer of the two languages (kept: `today` asks for it on every call)."""
        words = max(len(self.body.et.split()), len(self.body.en.split()))
        return max(1, math.ceil(words / WORDS_PER_MINUTE))


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    situation: Text
    worse: Text
    better: Text
    why: Text


class QuizItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    question: Text
    options: list[Text] = Field(min_length=2, max_length=5)
    correct: int
    explanation: Text

    @model_validator(mode="after")
    def _correct_is_an_option(self) -> "QuizItem":
        if not 0 <= self.correct < len(self.options):
            raise ValueError(f"quiz item {self.id}: correct={self.correct} is not an option index")
        return self


class LessonContent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9-]+$", max_length=80)
    topic: Literal["time_management", "communication", "situations", "values"]
    order: int
    role_families: list[str]
    title: Text
    summary: Text
    cards: list[Card] = Field(min_length=1, max_length=6)
    scenario: Scenario
    quiz: list[QuizItem] = Field(min_length=3, max_length=5)

    @field_validator("role_families")
    @classmethod
    def _known_families(cls, value: list[str]) -> list[str]:
        unknown = set(value) - set(ROLE_FAMILIES) - {"all"}
        if unknown:
            raise ValueError(f"unknown role families: {sorted(unknown)}")
        return value

    @model_validator(mode="after")
    def _fits_fifteen_minutes(self) -> "LessonContent":
        ids = [q.id for q in self.quiz]
        if len(ids) != len(set(ids)):
            raise ValueError("quiz item ids must be unique inside a lesson")
        if self.minutes > MAX_LESSON_MINUTES:
            raise ValueError(f"lesson takes {self.minutes} minutes; at most {MAX_LESSON_MINUTES}")
        return self

    @functools.cached_property
    def minutes(self) -> int:
        return sum(c.minutes for c in self.cards) + SCENARIO_MINUTES + QUIZ_ITEM_MINUTES * len(self.quiz)

    def suits(self, role_family: str) -> bool:
        return "all" in self.role_families or role_family in self.role_families
