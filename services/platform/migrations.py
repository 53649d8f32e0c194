"""Apply every service's piccolo migrations (make run, the test suite, and the k8s migration Job)."""

from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import run_forwards


async def migrate() -> None:
    """Bring the database to the newest migration of every registered app."""
    result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(f"migrations failed: {result.message}")
