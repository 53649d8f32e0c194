"""The XP ledger's history: one entry per answer and completion that granted XP before the ledger existed."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T09:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "backfill the XP ledger from answers and completed sessions"

# Every grant so far is on item_answer.xp_awarded or lesson_session.xp_awarded, and progress.xp is their sum: the
# entries make the ledger's sum equal progress.xp, and make past attempts count as earned lesson XP (so a retake
# of a lesson learned before the ledger adds nothing past its best). Sources are those of progress/service.py.
FORWARD = """
INSERT INTO learning.xp_entry (id, employee, local_date, kind, lesson_id, session, item_id, points, withheld, source,
                               created_at)
SELECT gen_random_uuid(), a.employee, (a.answered_at AT TIME ZONE e.time_zone)::date, 'answer', s.lesson, a.session,
       a.item_id, a.xp_awarded, 0, 'answer:' || a.session::text || ':' || a.item_id, a.answered_at
FROM learning.item_answer a
JOIN learning.lesson_session s ON s.id = a.session
JOIN learning.employee e ON e.id = a.employee
WHERE a.xp_awarded > 0
UNION ALL
SELECT gen_random_uuid(), a.employee, substr(a.scope, 8)::date, 'review', coalesce(c.lesson_id, ''), NULL, a.item_id,
       a.xp_awarded, 0, 'review:' || substr(a.scope, 8) || ':' || a.item_id, a.answered_at
FROM learning.item_answer a
LEFT JOIN learning.review_card c ON c.employee = a.employee AND c.item_id = a.item_id
WHERE a.session IS NULL AND a.scope LIKE 'review:%' AND a.xp_awarded > 0
UNION ALL
SELECT gen_random_uuid(), s.employee, (s.completed_at AT TIME ZONE e.time_zone)::date, 'completion', s.lesson, s.id,
       NULL, s.xp_awarded, 0, 'completion:' || s.id::text, s.completed_at
FROM learning.lesson_session s
JOIN learning.employee e ON e.id = s.employee
WHERE s.completed_at IS NOT NULL AND s.xp_awarded > 0
ON CONFLICT DO NOTHING
"""
BACKWARD = "DELETE FROM learning.xp_entry"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="learning", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl(FORWARD)

    async def run_backwards():
        await engine_finder().run_ddl(BACKWARD)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
