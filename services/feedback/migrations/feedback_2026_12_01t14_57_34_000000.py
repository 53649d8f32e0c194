"""A reference number for every feedback item recorded before references existed (the thank-you page's number,
which staff find an item by). The alphabet and form are intake/references.py's, copied: a migration stays as it
was written even when the service code changes."""

import secrets

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T14:57:34:000000"
VERSION = "1.38.0"
DESCRIPTION = "backfill feedback.reference"
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="feedback", description=DESCRIPTION)

    async def backfill():
        engine = engine_finder()
        rows = await engine.run_ddl("SELECT id FROM feedback.feedback WHERE reference IS NULL")
        for row in rows or []:
            # Each try names a fresh random reference; one already taken (1 in ~850 billion) is skipped.
            for _ in range(5):
                reference = _reference()  # only the alphabet's letters and digits: safe inside the statement
                updated = await engine.run_ddl(
                    f"UPDATE feedback.feedback SET reference = '{reference}' WHERE id = '{row['id']}' AND NOT EXISTS "
                    f"(SELECT 1 FROM feedback.feedback WHERE reference = '{reference}') RETURNING id"
                )
                if updated:
                    break

    manager.add_raw(backfill)
    return manager
