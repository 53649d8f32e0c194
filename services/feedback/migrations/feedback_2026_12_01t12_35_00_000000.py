"""Backfill what the team figures read from rows written before they were kept: each survey answer's CSAT on its
loyalty outcome, and who answered for each recorded breach. The kept figures themselves are then rebuilt with
`python -m services.feedback.cli rebuild-team-figures` (service code, which a migration must not call)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T12:35:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "backfill loyalty_outcome.csat and target_breach.answerable"

STATEMENTS = (
    # A survey answer's outcome was written in the same transaction, at the answer's instant, for the survey's owner.
    "UPDATE feedback.loyalty_outcome o SET csat = s.csat FROM feedback.survey s "
    "WHERE o.csat IS NULL AND o.source IN ('survey', 'in_person') AND s.feedback = o.feedback "
    "AND s.employee = o.employee AND s.answered_at = o.occurred_at AND s.csat IS NOT NULL",
    # complaints/escalation.py answerable, as of now: the owner for a late resolution, else the people named.
    "UPDATE feedback.target_breach b SET answerable = CASE WHEN b.target = 'resolve' AND f.owner IS NOT NULL "
    "THEN ARRAY[f.owner] ELSE ARRAY(SELECT s.employee FROM feedback.feedback_subject s WHERE s.feedback = f.id "
    "ORDER BY s.employee) END FROM feedback.feedback f WHERE f.id = b.feedback AND b.answerable IS NULL",
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="feedback", description=DESCRIPTION)

    async def run():
        for statement in STATEMENTS:
            await engine_finder().run_ddl(statement)

    manager.add_raw(run)
    return manager
