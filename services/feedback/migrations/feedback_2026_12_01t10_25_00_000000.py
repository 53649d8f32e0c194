"""Backfill the leaderboards' running totals (board_score) from the ledger written before they were kept."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T10:25:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "backfill board_score from the ledger"

# One INSERT ... SELECT per sixteenth of the employee ids (index-only scans of the covering (employee, created_at)
# index), so no single statement groups the whole ledger. The chunks' totals are disjoint and set, not added:
# running the statements again (say after workers on the old code wrote entries meanwhile) puts them right.
BACKFILL = (
    "INSERT INTO feedback.board_score AS b (period, period_start, employee, points) "
    "SELECT p.period, p.period_start, l.employee, sum(l.points) FROM feedback.ledger_entry l "
    "CROSS JOIN LATERAL (VALUES "
    "('week', date_trunc('week', l.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'), "
    "('month', date_trunc('month', l.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')) AS p(period, period_start) "
    "WHERE l.entry <> 'pending' AND {chunk} "
    "GROUP BY p.period, p.period_start, l.employee "
    "ON CONFLICT (period, period_start, employee) DO UPDATE SET points = excluded.points"
)


def statements() -> list[str]:
    """The backfill, one statement per chunk of employee ids (the bounds are constants, not input)."""
    bounds = [f"'{i:x}0000000-0000-0000-0000-000000000000'::uuid" for i in range(1, 16)]
    chunks = [f"l.employee < {bounds[0]}"]
    chunks += [f"l.employee >= {lower} AND l.employee < {upper}" for lower, upper in zip(bounds, bounds[1:])]
    chunks.append(f"l.employee >= {bounds[-1]}")
    return [BACKFILL.format(chunk=chunk) for chunk in chunks]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="feedback", description=DESCRIPTION)

    async def run():
        for statement in statements():
            await engine_finder().run_ddl(statement)

    async def run_backwards():
        await engine_finder().run_ddl("TRUNCATE feedback.board_score")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
