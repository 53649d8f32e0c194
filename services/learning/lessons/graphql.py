"""GraphQL for lessons: localised lesson, card and item views (answers stay on the server)."""

from __future__ import annotations

import enum

import strawberry
from strawberry.types import Info

from services.platform.auth.guards import hr_or_admin
from services.platform.errors import NotFound
from services.platform.graphql.pagination import OFFSET, Page, decode_cursor, make_page, page_size
from services.platform.graphql.context import context

from ..directory.graphql import current_employee
from ..progress import item_analysis
from ..progress import service as progress
from .content_model import LessonContent
from .items import Item
from .service import get_catalogue


@strawberry.enum
class Locale(enum.Enum):
    ET = "et"
    EN = "en"


@strawberry.enum
class Topic(enum.Enum):
    TIME_MANAGEMENT = "time_management"
    COMMUNICATION = "communication"
    SITUATIONS = "situations"
    VALUES = "values"


@strawberry.enum
class ItemKind(enum.Enum):
    QUIZ = "quiz"
    SCENARIO = "scenario"
    VALUE = "value"


@strawberry.type(name="Card")
class CardType:
    title: str
    body: str
    minutes: int


@strawberry.type(name="Item", description="A question to answer; the right option is revealed only in the answer.")
class ItemType:
    id: strawberry.ID
    kind: ItemKind
    context: str | None = strawberry.field(description="For scenarios: the situation the customer is in.")
    question: str
    options: list[str]

    @classmethod
    def of(cls, item: Item, locale: str) -> "ItemType":
        return cls(
            id=strawberry.ID(item.id),
            kind=ItemKind(item.kind),
            context=item.context.get(locale) if item.context else None,
            question=item.question.get(locale),
            options=[o.get(locale) for o in item.options],
        )


@strawberry.type(name="Lesson")
class LessonType:
    id: strawberry.ID
    topic: Topic
    title: str
    summary: str
    minutes: int = strawberry.field(description="Estimated minutes: reading, the scenario and the quiz.")
    cards: list[CardType]
    locale: Locale

    @classmethod
    def of(cls, lesson: LessonContent, locale: str) -> "LessonType":
        return cls(
            id=strawberry.ID(lesson.id),
            topic=Topic(lesson.topic),
            title=lesson.title.get(locale),
            summary=lesson.summary.get(locale),
            minutes=lesson.minutes,
            cards=[CardType(title=c.title.get(locale), body=c.body.get(locale), minutes=c.minutes) for c in lesson.cards],
            locale=Locale(locale),
        )


async def lessons_of(keys: list[tuple[str, str]]) -> list["LessonType | None"]:
    """Lessons by (id, locale), for a DataLoader: a list showing one lesson many times builds it once."""
    catalogue = await get_catalogue()
    return [LessonType.of(catalogue.by_id[i], locale) if i in catalogue.by_id else None for i, locale in keys]


@strawberry.enum
class ItemFlag(enum.Enum):
    TOO_EASY = strawberry.enum_value(
        item_analysis.TOO_EASY, description=item_analysis.FLAG_MEANINGS[item_analysis.TOO_EASY]
    )
    TOO_HARD = strawberry.enum_value(
        item_analysis.TOO_HARD, description=item_analysis.FLAG_MEANINGS[item_analysis.TOO_HARD]
    )
    LOW_DISCRIMINATION = strawberry.enum_value(
        item_analysis.LOW_DISCRIMINATION, description=item_analysis.FLAG_MEANINGS[item_analysis.LOW_DISCRIMINATION]
    )
    UNUSED_DISTRACTOR = strawberry.enum_value(
        item_analysis.UNUSED_DISTRACTOR, description=item_analysis.FLAG_MEANINGS[item_analysis.UNUSED_DISTRACTOR]
    )
    MISLEADING = strawberry.enum_value(
        item_analysis.MISLEADING, description=item_analysis.FLAG_MEANINGS[item_analysis.MISLEADING]
    )


@strawberry.type(description="A wrong option of an item and the share of answers that chose it.")
class DistractorStatistics:
    option: int = strawberry.field(description="Index of the option.")
    text: str
    share: float


@strawberry.type(
    description=(
        "How an item performs, from learners' first completed attempt at the lesson (review answers and retakes "
        f"left out). Every figure and the flags are null until the item has {item_analysis.MIN_ANSWERS} answers."
    )
)
class ItemStatistics:
    item: ItemType
    correct_option: int
    answers: int = strawberry.field(description="Answers counted (first attempts).")
    difficulty: float | None = strawberry.field(description="Share of answers that were right (0-1).")
    discrimination: float | None = strawberry.field(
        description=(
            "Point-biserial correlation of the item's correctness with the rest of the lesson score (the session's "
            "score without this item), -1..1; null also when either does not vary."
        )
    )
    mean_confidence: float | None = strawberry.field(
        description="Mean confidence where given: 0 UNSURE, 0.5 FAIRLY_SURE, 1 SURE; null when none was given."
    )
    distractors: list[DistractorStatistics] | None = strawberry.field(description="Each wrong option's share.")
    flags: list[ItemFlag] | None = strawberry.field(
        description="; ".join(
            f"{flag.upper()}: {meaning}" for flag, meaning in item_analysis.FLAG_MEANINGS.items()
        ) + " (thresholds in progress/item_analysis.py)."
    )

    @classmethod
    def of(cls, item: Item, figures: item_analysis.ItemFigures, locale: str) -> "ItemStatistics":
        return cls(
            item=ItemType.of(item, locale),
            correct_option=item.correct,
            answers=figures.answers,
            difficulty=figures.difficulty,
            discrimination=figures.discrimination,
            mean_confidence=figures.mean_confidence,
            distractors=None
            if figures.distractors is None
            else [
                DistractorStatistics(option=d.option, text=item.options[d.option].get(locale), share=d.share)
                for d in figures.distractors
            ],
            flags=None if figures.flags is None else [ItemFlag(f) for f in figures.flags],
        )


async def caller_locale(info: Info, locale: Locale | None) -> str:
    """The asked locale, else the signed-in employee's own."""
    employee = await current_employee(info)
    return locale.value if locale else employee["locale"]


@strawberry.type
class LessonQuery:
    @strawberry.field(description="One lesson of the catalogue.")
    async def lesson(self, info: Info, id: strawberry.ID, locale: Locale | None = None) -> LessonType:
        loc = await caller_locale(info, locale)
        catalogue = await get_catalogue()
        if str(id) not in catalogue.active:
            raise NotFound("No such lesson.", code="LESSON_NOT_FOUND")
        return LessonType.of(catalogue.by_id[str(id)], loc)

    @strawberry.field(description="The catalogue in daily order, optionally one topic.")
    async def lessons(
        self,
        info: Info,
        topic: Topic | None = None,
        locale: Locale | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Page[LessonType]:
        loc = await caller_locale(info, locale)
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        start = decode_cursor(after, OFFSET) or 0
        catalogue = await get_catalogue()
        listed = [l for l in catalogue.lessons if l.id in catalogue.active and (topic is None or l.topic == topic.value)]
        window = [(start + i, l) for i, l in enumerate(listed[start : start + size + 1])]
        page = make_page(window, size, key_of=lambda pair: pair[0] + 1)
        return Page(items=[LessonType.of(l, loc) for _, l in page.items], page_info=page.page_info)

    @strawberry.field(
        description=(
            "HR and admin: item analysis of a lesson's items (progress/item_analysis.py), in the lesson's order."
        )
    )
    async def item_statistics(
        self, info: Info, lesson_id: strawberry.ID, locale: Locale | None = None
    ) -> list[ItemStatistics]:
        hr_or_admin(context(info).principal)
        loc = await caller_locale(info, locale)
        catalogue = await get_catalogue()
        if str(lesson_id) not in catalogue.by_id:
            raise NotFound("No such lesson.", code="LESSON_NOT_FOUND")
        found = await progress.item_answer_figures(lesson_id=str(lesson_id))
        return [
            ItemStatistics.of(
                item,
                item_analysis.figures(options=len(item.options), correct=item.correct, row=found.get(item.id)),
                loc,
            )
            for item in catalogue.items_of[str(lesson_id)]
        ]
