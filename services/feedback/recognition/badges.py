"""Badges and their criteria, in one place; each is earned once, in the transaction of the entry that earns it."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from . import rules
from .tables import Badge, LedgerEntry


# Learning milestones the learning service announces (learning.milestone_reached; its progress/milestones.py).
SERVICE_SITUATIONS_MILESTONE = "service_situations"
STREAK_30_MILESTONE = "streak_30"


@dataclass(frozen=True)
class BadgeSpec:
    key: str
    title: str
    description: str
    # Earned when the employee holds at least `count` entries of `rule` (capped ones included: they happened).
    rule: str | None
    count: int
    # Earned only by an entry about a praise that names a company value.
    needs_company_value: bool = False
    # Or earned when the learning service says the employee reached this milestone (then rule is None).
    milestone: str | None = None


BADGES: dict[str, BadgeSpec] = {
    spec.key: spec
    for spec in (
        BadgeSpec(
            "first_recovered_customer",
            "First recovered customer",
            "A customer whose complaint you resolved came back, bought again or became a promoter.",
            rules.LOYALTY_CONFIRMED,
            1,
        ),
        BadgeSpec("ten_praises", "Ten praises", "Ten customers praised you.", rules.PRAISE_RECEIVED, 10),
        BadgeSpec(
            "fast_acknowledger",
            "Fast acknowledger",
            "Ten complaints acknowledged within their response target.",
            rules.ACKNOWLEDGED_WITHIN_TARGET,
            10,
        ),
        BadgeSpec(
            "value_praise",
            "Living our values",
            "A customer's praise named one of the company values.",
            rules.PRAISE_RECEIVED,
            1,
            needs_company_value=True,
        ),
        BadgeSpec(
            "service_situations",
            "Service situations mastered",
            "Passed every service-situation lesson for your role.",
            None,
            0,
            milestone=SERVICE_SITUATIONS_MILESTONE,
        ),
        BadgeSpec(
            "streak_30",
            "Thirty-day streak",
            "Learnt on 30 working days in a row.",
            None,
            0,
            milestone=STREAK_30_MILESTONE,
        ),
    )
}
BY_MILESTONE: dict[str, BadgeSpec] = {spec.milestone: spec for spec in BADGES.values() if spec.milestone}


def candidates(rule: str, *, names_company_value: bool = False) -> list[BadgeSpec]:
    """The badges a new entry of `rule` may earn."""
    return [
        spec
        for spec in BADGES.values()
        if spec.rule is not None and spec.rule == rule and (names_company_value or not spec.needs_company_value)
    ]


async def award_earned(
    *, employee_id: uuid.UUID, rule: str, names_company_value: bool, at: dt.datetime
) -> list[str]:
    """Give the employee every badge a new entry of `rule` completes (one statement); returns the new ones."""
    specs = candidates(rule, names_company_value=names_company_value)
    if not specs:
        return []
    rows = await Badge.raw(
        f"INSERT INTO {Badge._meta.get_formatted_tablename()} (id, employee, badge, awarded_at) "
        "SELECT gen_random_uuid(), {}, b.badge, {} FROM unnest({}::text[], {}::int[]) AS b(badge, needed) "
        f"WHERE (SELECT count(*) FROM {LedgerEntry._meta.get_formatted_tablename()} "
        "WHERE employee = {} AND rule = {} AND entry IN ('award', 'pending')) >= b.needed "
        "ON CONFLICT (employee, badge) DO NOTHING RETURNING badge",
        employee_id,
        at,
        [s.key for s in specs],
        [s.count for s in specs],
        employee_id,
        rule,
    )
    return [row["badge"] for row in rows]


async def award_milestone(*, employee_id: uuid.UUID, milestone: str, at: dt.datetime) -> str | None:
    """Give the milestone's badge once (a repeated or unknown milestone gives nothing); returns the badge given."""
    spec = BY_MILESTONE.get(milestone)
    if spec is None:
        return None
    rows = await Badge.raw(
        f"INSERT INTO {Badge._meta.get_formatted_tablename()} (id, employee, badge, awarded_at) "
        "VALUES (gen_random_uuid(), {}, {}, {}) ON CONFLICT (employee, badge) DO NOTHING RETURNING badge",
        employee_id, spec.key, at,
    )
    return rows[0]["badge"] if rows else None


async def badges_many(*, employee_ids: list[uuid.UUID]) -> list[list[dict]]:
    """Each employee's badges, oldest first, in the order asked (one statement)."""
    rows = await Badge.raw(
        f"SELECT id, employee, badge, awarded_at FROM {Badge._meta.get_formatted_tablename()} "
        "WHERE employee = ANY({}::uuid[]) ORDER BY awarded_at, badge",
        list(employee_ids),
    )
    by_employee: dict[uuid.UUID, list[dict]] = {}
    for row in rows:
        by_employee.setdefault(row["employee"], []).append(row)
    return [by_employee.get(i, []) for i in employee_ids]
