"""A team's mastery per topic: the mean over members (with cards in the topic) of each member's mean FSRS
retrievability of their cards (srs.py), as of the worker's last run.

Retrievability decays with time alone, so no event changes it: the worker recomputes every team's figures in one
statement on a schedule (jobs.py) and a team read is a lookup. A member's own mastery (`progress.mastery`) is
computed at the moment asked.
"""

from __future__ import annotations

import datetime as dt

from ..directory.tables import Employee
from ..lessons.tables import Lesson
from ..progress import srs
from ..progress.tables import ReviewCard
from .rollups import managers_sql
from .tables import TeamMastery


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


async def refresh(*, now: dt.datetime) -> None:
    """Replace every team's mastery with the figures at `now`: one transaction."""
    async with TeamMastery._meta.db.transaction():
        await TeamMastery.raw(f"DELETE FROM {_t(TeamMastery)}")
        await TeamMastery.raw(
            f"""
            WITH member AS (
              SELECT c.employee, coalesce(l.topic, c.lesson_id) AS topic, count(*) AS cards,
                     avg({srs.retrievability_sql("c", "{}::timestamptz")}) AS mastery
              FROM {_t(ReviewCard)} c LEFT JOIN {_t(Lesson)} l ON l.id = c.lesson_id
              GROUP BY c.employee, coalesce(l.topic, c.lesson_id)
            )
            INSERT INTO {_t(TeamMastery)} (manager, topic, learners, mastery_sum, cards, computed_at)
            SELECT a.manager, m.topic, count(*), sum(m.mastery), sum(m.cards), {{}}
            FROM member m JOIN {_t(Employee)} e ON e.id = m.employee
              CROSS JOIN LATERAL unnest({managers_sql("e")}) AS a(manager)
            GROUP BY a.manager, m.topic ORDER BY a.manager, m.topic
            """,
            now,
            now,
        )
