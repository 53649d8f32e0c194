"""GraphQL for lessons: localised lesson, card and item views (answers stay on the server)."""

from __future__ import annotations

import enum

import strawberry
from strawberry.types import Info

from services.platform.errors import NotFound
from services.platform.graphql.pagination import OFFSET, Page, decode_cursor, make_page, page_size
from services.platform.graphql.context import context

from ..directory.graphql import current_employee
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
