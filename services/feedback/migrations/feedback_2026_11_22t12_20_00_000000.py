"""Indexes for the leaderboards (piccolo cannot declare covering or pattern-ops indexes on a table)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-22T12:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "ledger and replica indexes for leaderboards"

# A team board sums one period's entries of a few hundred people: with this index PostgreSQL reads only the
# index (measured: TEAM month 24.5 ms -> 2.0 ms over 300,000 entries, bench/FEEDBACK.md).
FORWARD = (
    "CREATE INDEX IF NOT EXISTS ledger_entry_employee_created_at "
    "ON feedback.ledger_entry (employee, created_at) INCLUDE (points, entry)",
    # Subtree filters are prefix matches on the org path.
    "CREATE INDEX IF NOT EXISTS staff_member_org_path_prefix ON feedback.staff_member (org_path text_pattern_ops)",
)
BACKWARD = (
    "DROP INDEX IF EXISTS feedback.ledger_entry_employee_created_at",
    "DROP INDEX IF EXISTS feedback.staff_member_org_path_prefix",
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="feedback", description=DESCRIPTION)

    async def run():
        for statement in FORWARD:
            await engine_finder().run_ddl(statement)

    async def run_backwards():
        for statement in BACKWARD:
            await engine_finder().run_ddl(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
