"""xAPI statements for training records: lesson sessions (attempted, completed, passed/failed), answers
(answered) and badges (earned).

Statement ids are UUIDv5 of our own ids (a re-sent statement is the same statement, which an LRS stores once);
activity ids are IRIs under `xapi_base_url` (`<base>/lessons/<id>`, `<base>/items/<id>`); names and
descriptions carry both our languages. The shape is xAPI 1.0.3 (what most LRSs and the `tincan` library accept),
or 2.0 (IEEE 9274.1.1-2023), which differs for these statements in the version it names.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

# Our namespace for statement ids (uuid5 of "serviceloop.xapi"): never change it, or every id changes.
STATEMENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://serviceloop.local/xapi/statements")
VERSIONS = {"xapi_1_0_3": "1.0.3", "xapi_2_0": "2.0.0"}
ADL = "http://adlnet.gov/expapi"
VERBS = {
    "attempted": {"id": f"{ADL}/verbs/attempted", "display": {"en": "attempted", "et": "alustas"}},
    "completed": {"id": f"{ADL}/verbs/completed", "display": {"en": "completed", "et": "lõpetas"}},
    "passed": {"id": f"{ADL}/verbs/passed", "display": {"en": "passed", "et": "sooritas"}},
    "failed": {"id": f"{ADL}/verbs/failed", "display": {"en": "failed", "et": "ei sooritanud"}},
    "answered": {"id": f"{ADL}/verbs/answered", "display": {"en": "answered", "et": "vastas"}},
    # From the xAPI vocabulary's registry (the Open Badges recipe uses it).
    "earned": {"id": "http://id.tincanapi.com/verb/earned", "display": {"en": "earned", "et": "teenis välja"}},
}
BADGE_TYPE = "http://id.tincanapi.com/activitytype/badge"
LESSON_TYPE = f"{ADL}/activities/lesson"
QUESTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"
TOPIC_NAMES = {
    "time_management": {"et": "Ajaplaneerimine", "en": "Time management"},
    "communication": {"et": "Suhtlemine", "en": "Communication"},
    "situations": {"et": "Teenindusolukorrad", "en": "Service situations"},
    "values": {"et": "Ettevõtte väärtused", "en": "Company values"},
}
VALUE_QUESTION = {"et": "Küsimus ettevõtte väärtuste kohta", "en": "A question about the company values"}
PLATFORM = "Serviceloop"


def statement_id(*parts: object) -> str:
    """The statement id for one of our records and verb: the same every time it is made."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, ":".join(str(p) for p in parts)))


def duration(seconds: float) -> str:
    """ISO 8601 duration, e.g. PT7M30S."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def instant(at: dt.datetime, time_zone: str) -> str:
    """The instant with the employee's offset (milliseconds)."""
    return at.astimezone(_zone(time_zone)).isoformat(timespec="milliseconds")


@dataclass
class Vocabulary:
    """Activities and actors for one export run, built once and shared by every statement."""

    base_url: str
    actor_kind: str  # mbox | account
    account_home_page: str
    version: str  # 1.0.3 | 2.0.0
    lessons: dict[str, dict] = field(default_factory=dict)  # lesson id -> {"title": Text, "summary": Text}
    items: dict[str, dict] = field(default_factory=dict)  # item id -> question Text (et/en dict)
    _activities: dict[str, dict] = field(default_factory=dict)

    def iri(self, kind: str, key: str) -> str:
        return f"{self.base_url.rstrip('/')}/{kind}/{urllib.parse.quote(key, safe='')}"

    def actor(self, row) -> dict:
        if self.actor_kind == "account":
            return {
                "objectType": "Agent",
                "name": row["name"],
                "account": {"homePage": self.account_home_page, "name": row["hr_id"]},
            }
        return {"objectType": "Agent", "name": row["name"], "mbox": f"mailto:{row['email']}"}

    def lesson(self, lesson_id: str) -> dict:
        key = f"lesson:{lesson_id}"
        found = self._activities.get(key)
        if found is None:
            texts = self.lessons.get(lesson_id)
            definition: dict = {"type": LESSON_TYPE}
            if texts:
                definition["name"] = dict(texts["title"])
                definition["description"] = dict(texts["summary"])
            found = self._activities[key] = {
                "objectType": "Activity",
                "id": self.iri("lessons", lesson_id),
                "definition": definition,
            }
        return found

    def topic(self, topic: str | None) -> dict | None:
        if not topic:
            return None
        key = f"topic:{topic}"
        found = self._activities.get(key)
        if found is None:
            found = self._activities[key] = {
                "objectType": "Activity",
                "id": self.iri("topics", topic),
                "definition": {"name": dict(TOPIC_NAMES.get(topic, {"et": topic, "en": topic}))},
            }
        return found

    def item(self, item_id: str) -> dict:
        key = f"item:{item_id}"
        found = self._activities.get(key)
        if found is None:
            found = self._activities[key] = {
                "objectType": "Activity",
                "id": self.iri("items", item_id),
                "definition": {
                    "type": QUESTION_TYPE,
                    "interactionType": "choice",
                    "name": dict(self.items.get(item_id) or VALUE_QUESTION),
                },
            }
        return found

    def _context(self, row, *, registration, parent: dict | None, topic: str | None) -> dict:
        activities: dict = {}
        if parent is not None:
            activities["parent"] = [parent]
        category = self.topic(topic)
        if category is not None:
            activities["category"] = [category]
        context: dict = {"platform": PLATFORM, "language": row["locale"]}
        if registration is not None:
            context["registration"] = str(registration)
        if activities:
            context["contextActivities"] = activities
        return context

    def session_statements(self, row) -> list[dict]:
        """attempted; once completed also completed and passed/failed (score, success, duration)."""
        actor = self.actor(row)
        lesson = self.lesson(row["lesson_id"])
        context = self._context(row, registration=row["session_id"], parent=None, topic=row["topic"])
        zone = row["time_zone"]
        out = [
            {
                "id": statement_id("session", row["session_id"], "attempted"),
                "actor": actor,
                "verb": VERBS["attempted"],
                "object": lesson,
                "context": context,
                "timestamp": instant(row["started_at"], zone),
                "version": self.version,
            }
        ]
        completed_at = row["completed_at"]
        if completed_at is None:
            return out
        spent = duration((completed_at - row["started_at"]).total_seconds())
        items = row["items"] or 0
        at = instant(completed_at, zone)
        out.append(
            {
                "id": statement_id("session", row["session_id"], "completed"),
                "actor": actor,
                "verb": VERBS["completed"],
                "object": lesson,
                "result": {"completion": True, "duration": spent},
                "context": context,
                "timestamp": at,
                "version": self.version,
            }
        )
        verdict = "passed" if row["passed"] else "failed"
        out.append(
            {
                "id": statement_id("session", row["session_id"], verdict),
                "actor": actor,
                "verb": VERBS[verdict],
                "object": lesson,
                "result": {
                    "score": {
                        "scaled": round(row["correct_count"] / items, 4) if items else 0,
                        "raw": row["correct_count"],
                        "min": 0,
                        "max": items,
                    },
                    "success": bool(row["passed"]),
                    "completion": True,
                    "duration": spent,
                },
                "context": context,
                "timestamp": at,
                "version": self.version,
            }
        )
        return out

    def answer_statement(self, row) -> dict:
        """answered, with success (and the option chosen); in a lesson its parent is the lesson."""
        lesson_id = row["lesson_id"]
        parent = self.lesson(lesson_id) if lesson_id else None
        return {
            "id": statement_id("answer", row["answer_id"], "answered"),
            "actor": self.actor(row),
            "verb": VERBS["answered"],
            "object": self.item(row["item_id"]),
            "result": {"success": bool(row["correct"]), "response": str(row["chosen"])},
            "context": self._context(row, registration=row["session_id"], parent=parent, topic=row["topic"]),
            "timestamp": instant(row["answered_at"], row["time_zone"]),
            "version": self.version,
        }

    def badge_statement(self, row) -> dict:
        """earned, for a badge the feedback service awarded (each badge once per employee)."""
        name, description = row["badge_name"], row["badge_description"]
        return {
            "id": statement_id("badge", row["employee_id"], row["badge"], "earned"),
            "actor": self.actor(row),
            "verb": VERBS["earned"],
            "object": {
                "objectType": "Activity",
                "id": self.iri("badges", row["badge"]),
                "definition": {
                    "type": BADGE_TYPE,
                    "name": json.loads(name) if isinstance(name, str) else name,
                    "description": json.loads(description) if isinstance(description, str) else description,
                },
            },
            "context": {"platform": PLATFORM, "language": row["locale"]},
            "timestamp": instant(row["earned_at"], row["time_zone"]),
            "version": self.version,
        }


def vocabulary(*, settings, catalogue, format: str) -> Vocabulary:
    """The activities of our catalogue in both languages, for statements in the export's version."""
    lessons = {
        lesson.id: {"title": lesson.title.model_dump(), "summary": lesson.summary.model_dump()}
        for lesson in catalogue.lessons
    }
    items = {item.id: item.question.model_dump() for item in catalogue.items.values()}
    return Vocabulary(
        base_url=settings.xapi_base_url,
        actor_kind=settings.xapi_actor,
        account_home_page=settings.xapi_account_home_page or settings.xapi_base_url,
        version=VERSIONS[format],
        lessons=lessons,
        items=items,
    )


def statement_count(*, sessions: int, completed: int, answers: int, badges: int) -> int:
    """How many statements a selection makes: one per session, two more per completed one, one per answer and
    per badge."""
    return sessions + 2 * completed + answers + badges
