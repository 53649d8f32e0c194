"""Which training records an export covers: sessions, answers and badges by the employee's local day, team, topic.

One place for the WHERE clause the CSV, the xAPI file, the LRS push and their row counts share. The SQL is
asyncpg's ($1, $2 ...): the exports stream with COPY and server-side pages, which piccolo does not do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

S = "learning"


@dataclass(frozen=True)
class Selection:
    """Sessions whose local date is in [from_date, to_date), of the people under scope_path, on topic."""

    from_date: dt.date
    to_date: dt.date
    scope_path: str | None = None  # an org-path: that employee and everyone below; None: everyone
    topic: str | None = None

    def people_and_topic(self, args: list) -> str:
        """Conditions on the employee `e` and the lesson `l` (appending their values to args)."""
        where = []
        if self.scope_path is not None:
            args.append(self.scope_path)
            n = len(args)
            where.append(f"(e.org_path = ${n} OR e.org_path LIKE ${n} || '/%')")
        if self.topic is not None:
            args.append(self.topic)
            where.append(f"l.topic = ${len(args)}")
        return "".join(f" AND {w}" for w in where)

    def sessions(self, args: list) -> str:
        """The WHERE clause over sessions `s` joined to their employee `e` and lesson `l`."""
        args += [self.from_date, self.to_date]
        n = len(args)
        return f"s.local_date >= ${n - 1} AND s.local_date < ${n}" + self.people_and_topic(args)

    def answers(self, args: list) -> str:
        """The WHERE clause over answers `a` (in lessons or reviews) joined to `e` and the item's lesson `l`."""
        args += [self.from_date, self.to_date]
        n = len(args)
        local_day = "(a.answered_at AT TIME ZONE e.time_zone)::date"
        return f"{local_day} >= ${n - 1} AND {local_day} < ${n}" + self.people_and_topic(args)

    def badges(self, args: list) -> str:
        """The WHERE clause over earned badges `b` joined to `e` (badges have no topic: none when one is asked)."""
        args += [self.from_date, self.to_date]
        n = len(args)
        local_day = "(b.earned_at AT TIME ZONE e.time_zone)::date"
        where = f"{local_day} >= ${n - 1} AND {local_day} < ${n}"
        if self.topic is not None:
            return "FALSE"
        return where + Selection(
            from_date=self.from_date, to_date=self.to_date, scope_path=self.scope_path
        ).people_and_topic(args)


SESSIONS_FROM = (
    f"FROM {S}.lesson_session s JOIN {S}.employee e ON e.id = s.employee JOIN {S}.lesson l ON l.id = s.lesson"
)
# An answer's lesson is the prefix of its item id ("<lesson>:<item>"); company-value items have none.
ANSWERS_FROM = (
    f"FROM {S}.item_answer a JOIN {S}.employee e ON e.id = a.employee "
    f"LEFT JOIN {S}.lesson l ON l.id = split_part(a.item_id, ':', 1)"
)

BADGES_FROM = f"FROM {S}.earned_badge b JOIN {S}.employee e ON e.id = b.employee"


def count_sessions_sql(selection: Selection) -> tuple[str, list]:
    """Sessions, and of them completed ones (for the xAPI statement count)."""
    args: list = []
    where = selection.sessions(args)
    return (
        f"SELECT count(*) AS sessions, count(s.completed_at) AS completed {SESSIONS_FROM} WHERE {where}",
        args,
    )


def count_answers_sql(selection: Selection) -> tuple[str, list]:
    args: list = []
    where = selection.answers(args)
    return f"SELECT count(*) AS answers {ANSWERS_FROM} WHERE {where}", args


def count_badges_sql(selection: Selection) -> tuple[str, list]:
    args: list = []
    where = selection.badges(args)
    return f"SELECT count(*) AS badges {BADGES_FROM} WHERE {where}", args
