"""Apply every service's piccolo migrations (make run, the test suite, and each pod's `release` init container).

Every Kubernetes pod of a release starts with `python -m services.<service>.cli release` (k8s/README.md): many
pods may start at once, so the migrations and the data steps after them run under one PostgreSQL advisory lock.
The first pod to take it migrates; the others wait for it, then find nothing left to do. The lock is a session
lock on a connection of its own, straight to the primary (not through a transaction-pooling PgBouncer, which
would hand the session to someone else).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable

import asyncpg
from piccolo.apps.migrations.commands.forwards import run_forwards

log = logging.getLogger(__name__)
# pg_advisory_lock's key for "a release is being prepared" (any fixed bigint; this is "srvloop1" in ASCII).
RELEASE_LOCK = 0x7372766C6F6F7031
RELEASE_WAIT_POLL_SECONDS = 0.5


async def migrate() -> None:
    """Bring the database to the newest migration of every registered app."""
    result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(f"migrations failed: {result.message}")


@contextlib.asynccontextmanager
async def release_lock(
    url: str, *, timeout_seconds: float = 1200.0, on_wait: Callable[[str], None] = log.info
) -> AsyncIterator[None]:
    """Hold the release lock (waiting for whoever holds it, at most `timeout_seconds`) while the body runs;
    `on_wait` hears once that we wait."""
    conn = await asyncpg.connect(url)
    try:
        deadline = time.monotonic() + timeout_seconds
        waiting_logged = False
        while not await conn.fetchval("SELECT pg_try_advisory_lock($1)", RELEASE_LOCK):
            if time.monotonic() >= deadline:
                raise TimeoutError(f"another process held the release lock for more than {timeout_seconds:.0f} s")
            if not waiting_logged:
                on_wait("another process is preparing the release (migrations); waiting for it")
                waiting_logged = True
            await asyncio.sleep(RELEASE_WAIT_POLL_SECONDS)
        try:
            yield
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", RELEASE_LOCK)
    finally:
        await conn.close()
