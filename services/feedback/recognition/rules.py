"""The point rules: every key, its default points and daily cap, in one place; admin may store other values."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from services.platform.errors import NotFound, ValidationFailed

from .tables import PointRule

ACKNOWLEDGED_WITHIN_TARGET = "acknowledged_within_target"
RESOLVED = "resolved"
RESOLVED_WITHOUT_TRANSFER = "resolved_without_transfer"
RESOLVED_LATE = "resolved_late"
PRAISE_RECEIVED = "praise_received"
PRAISE_ANSWERED = "praise_answered"
LOYALTY_CONFIRMED = "loyalty_confirmed"

# How long after a resolution a positive outcome confirms it; a window closing without a negative one confirms too.
LOYALTY_WINDOW = dt.timedelta(days=90)

MAX_POINTS = 1000
MAX_DAILY_CAP = 1000


@dataclass(frozen=True)
class Rule:
    key: str
    points: int
    # The most awards of this rule one employee gets per local day; later ones that day are recorded with 0 points.
    daily_cap: int | None
    description: str


DEFAULTS: dict[str, Rule] = {
    rule.key: rule
    for rule in (
        Rule(ACKNOWLEDGED_WITHIN_TARGET, 5, 20, "A complaint you own acknowledged within its response target."),
        Rule(RESOLVED, 20, None, "A complaint you own resolved (pending until the customer's loyalty is known)."),
        Rule(
            RESOLVED_WITHOUT_TRANSFER,
            10,
            None,
            "A complaint resolved without being transferred (pending like the resolution).",
        ),
        Rule(RESOLVED_LATE, -5, None, "A complaint resolved after its resolution target."),
        Rule(PRAISE_RECEIVED, 10, 10, "A customer praised you."),
        Rule(PRAISE_ANSWERED, 2, 10, "You sent the first reply to a praise."),
        Rule(
            LOYALTY_CONFIRMED,
            50,
            None,
            "A customer whose complaint you resolved came back, bought again or scored 9-10 within 90 days.",
        ),
    )
}


# What the recognition screen calls each rule: short, in the staff app's two languages.
LABELS: dict[str, dict[str, str]] = {
    ACKNOWLEDGED_WITHIN_TARGET: {"et": "Kaebusele vastatud õigel ajal", "en": "Complaint acknowledged in time"},
    RESOLVED: {"et": "Kaebus lahendatud", "en": "Complaint resolved"},
    RESOLVED_WITHOUT_TRANSFER: {"et": "Lahendatud ise, edasi andmata", "en": "Resolved without handing it on"},
    RESOLVED_LATE: {"et": "Lahendatud tähtajast hiljem", "en": "Resolved after the deadline"},
    PRAISE_RECEIVED: {"et": "Klient kiitis sind", "en": "A customer praised you"},
    PRAISE_ANSWERED: {"et": "Vastasid kiitusele", "en": "You answered a praise"},
    LOYALTY_CONFIRMED: {"et": "Klient jäi meile truuks", "en": "The customer stayed with us"},
}


def label(key: str, locale: str) -> str:
    """The rule's label in the locale (English for one we have no words in; the key for an unknown rule)."""
    words = LABELS.get(key)
    if words is None:
        return key
    return words.get(locale) or words["en"]


async def effective_rules() -> dict[str, Rule]:
    """The rules as they apply now: stored values over the defaults (one statement)."""
    stored = await PointRule.raw(f"SELECT key, points, daily_cap FROM {PointRule._meta.get_formatted_tablename()}")
    rules = dict(DEFAULTS)
    for row in stored:
        default = DEFAULTS.get(row["key"])
        if default is not None:
            rules[row["key"]] = Rule(row["key"], row["points"], row["daily_cap"], default.description)
    return rules


async def stored_rules() -> list[dict]:
    """Every rule with its default and its stored value, in the order of DEFAULTS."""
    rows = await PointRule.raw(f"SELECT * FROM {PointRule._meta.get_formatted_tablename()}")
    stored = {row["key"]: row for row in rows}
    return [
        {
            "key": rule.key,
            "description": rule.description,
            "points": stored[rule.key]["points"] if rule.key in stored else rule.points,
            "daily_cap": stored[rule.key]["daily_cap"] if rule.key in stored else rule.daily_cap,
            "default_points": rule.points,
            "default_daily_cap": rule.daily_cap,
            "updated_at": stored[rule.key]["updated_at"] if rule.key in stored else None,
            "updated_by": stored[rule.key]["updated_by"] if rule.key in stored else None,
        }
        for rule in DEFAULTS.values()
    ]


async def seed_defaults() -> int:
    """Store the default value of every rule not stored yet; returns how many were added (safe to run again)."""
    rules = list(DEFAULTS.values())
    rows = await PointRule.raw(
        f"INSERT INTO {PointRule._meta.get_formatted_tablename()} (key, points, daily_cap) "
        "SELECT * FROM unnest({}::text[], {}::int[], {}::int[]) ON CONFLICT (key) DO NOTHING RETURNING key",
        [r.key for r in rules],
        [r.points for r in rules],
        [r.daily_cap for r in rules],
    )
    return len(rows)


async def set_rule(*, key: str, points: int, daily_cap: int | None, by: uuid.UUID, now: dt.datetime) -> None:
    """Store a rule's value; awards already in the ledger keep the points they were given."""
    if key not in DEFAULTS:
        raise NotFound(f"No point rule {key!r}.", code="POINT_RULE_NOT_FOUND")
    if not -MAX_POINTS <= points <= MAX_POINTS:
        raise ValidationFailed(f"points must be between -{MAX_POINTS} and {MAX_POINTS}.", code="INVALID_POINTS")
    if daily_cap is not None and not 1 <= daily_cap <= MAX_DAILY_CAP:
        raise ValidationFailed(
            f"dailyCap must be between 1 and {MAX_DAILY_CAP}, or null for no cap.", code="INVALID_DAILY_CAP"
        )
    await PointRule.raw(
        f"INSERT INTO {PointRule._meta.get_formatted_tablename()} (key, points, daily_cap, updated_at, updated_by) "
        "VALUES ({}, {}, {}, {}, {}) ON CONFLICT (key) DO UPDATE SET points = EXCLUDED.points, "
        "daily_cap = EXCLUDED.daily_cap, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by",
        key,
        points,
        daily_cap,
        now,
        by,
    )
