"""Reads the lesson content files, validates them all, and loads them into the database idempotently."""

from __future__ import annotations

import hashlib
import json
import pathlib
from dataclasses import dataclass, field

import yaml
from pydantic import ValidationError

from . import fairness
from .content_model import TOPICS, LessonContent
from .tables import Lesson

CONTENT_DIR = pathlib.Path(__file__).parent / "content"


class CatalogueError(Exception):
    """At least one content file is invalid, or the catalogue gives answers away by length; nothing was loaded."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid lesson content:\n" + "\n".join(problems))
        self.problems = problems


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


def read_content(folder: pathlib.Path = CONTENT_DIR) -> list[LessonContent]:
    """Every lesson file under the folder, validated and fair; raises CatalogueError listing every problem."""
    lessons, problems, seen = [], [], {}
    for path in sorted(folder.glob("*/*.yaml")):
        try:
            lesson = LessonContent.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (ValidationError, yaml.YAMLError) as exc:
            problems.append(f"{path.relative_to(folder)}: {exc}")
            continue
        if lesson.topic != path.parent.name:
            problems.append(f"{path.relative_to(folder)}: topic {lesson.topic} does not match its folder")
        if lesson.id in seen:
            problems.append(f"{path.relative_to(folder)}: id {lesson.id} already used by {seen[lesson.id]}")
        seen[lesson.id] = path.name
        lessons.append(lesson)
    if not problems:  # length figures over a partly unreadable catalogue would mislead
        problems = fairness.problems(lessons)
    if problems:
        raise CatalogueError(problems)
    return lessons


def positions(lessons: list[LessonContent]) -> dict[str, int]:
    """Catalogue order: topics interleaved (1st of each topic, then 2nd of each...), so days vary."""
    by_topic = {topic: sorted((l for l in lessons if l.topic == topic), key=lambda l: (l.order, l.id)) for topic in TOPICS}
    return {
        lesson.id: rank * len(TOPICS) + TOPICS.index(topic)
        for topic, ordered in by_topic.items()
        for rank, lesson in enumerate(ordered)
    }


def content_hash(lesson: LessonContent) -> str:
    return hashlib.sha256(json.dumps(lesson.model_dump(), sort_keys=True).encode()).hexdigest()


async def load(folder: pathlib.Path = CONTENT_DIR) -> LoadReport:
    """Upsert the catalogue; unchanged lessons are not written, removed ones are retired (kept, inactive)."""
    lessons = read_content(folder)
    order = positions(lessons)
    report = LoadReport()
    async with Lesson._meta.db.transaction():
        existing = {
            row["id"]: row
            for row in await Lesson.select(Lesson.id, Lesson.content_hash, Lesson.active, Lesson.position)
        }
        for lesson in lessons:
            digest = content_hash(lesson)
            values = {
                Lesson.topic: lesson.topic,
                Lesson.position: order[lesson.id],
                Lesson.role_families: lesson.role_families,
                Lesson.minutes: lesson.minutes,
                Lesson.content: lesson.model_dump_json(),
                Lesson.content_hash: digest,
                Lesson.active: True,
            }
            old = existing.get(lesson.id)
            if old is None:
                await Lesson.insert(Lesson(id=lesson.id, **{c._meta.name: v for c, v in values.items()}))
                report.created.append(lesson.id)
            elif old["content_hash"] != digest or not old["active"] or old["position"] != order[lesson.id]:
                await Lesson.update(values).where(Lesson.id == lesson.id)
                report.updated.append(lesson.id)
            else:
                report.unchanged.append(lesson.id)
        gone = [lid for lid, row in existing.items() if row["active"] and lid not in order]
        if gone:
            await Lesson.update({Lesson.active: False}).where(Lesson.id.is_in(gone))
            report.retired.extend(gone)
    return report
