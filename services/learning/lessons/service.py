"""The catalogue as the running service sees it: active lessons and their items, cached in-process."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from .content_model import LessonContent
from .items import Item, lesson_items
from .tables import Lesson

# Content changes only when the catalogue is reloaded (a deploy); a few minutes of staleness in other
# processes is fine and keeps the daily lesson free of catalogue queries.
CACHE_SECONDS = 300


@dataclass
class Catalogue:
    lessons: list[LessonContent]  # every lesson ever loaded, in catalogue order
    active: set[str]
    by_id: dict[str, LessonContent] = field(init=False)
    items: dict[str, Item] = field(init=False)
    items_of: dict[str, list[Item]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {lesson.id: lesson for lesson in self.lessons}
        self.items_of = {lesson.id: lesson_items(lesson) for lesson in self.lessons}
        self.items = {item.id: item for items in self.items_of.values() for item in items}

    def suitable(self, role_family: str) -> list[LessonContent]:
        """Active lessons for a role, in catalogue order."""
        return [l for l in self.lessons if l.id in self.active and l.suits(role_family)]


_cached: tuple[float, Catalogue] | None = None


async def get_catalogue() -> Catalogue:
    """The catalogue, from the process cache or one query."""
    global _cached
    if _cached is not None and time.monotonic() - _cached[0] < CACHE_SECONDS:
        return _cached[1]
    rows = await Lesson.raw(
        f"SELECT id, content, active FROM {Lesson._meta.get_formatted_tablename()} ORDER BY position, id"
    )
    catalogue = Catalogue(
        lessons=[LessonContent.model_validate(_json(row["content"])) for row in rows],
        active={row["id"] for row in rows if row["active"]},
    )
    _cached = (time.monotonic(), catalogue)
    return catalogue


def invalidate() -> None:
    """Forget the cached catalogue (after loading new content)."""
    global _cached
    _cached = None


def _json(value):
    return json.loads(value) if isinstance(value, str) else value
