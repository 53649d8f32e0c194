"""What a running service holds: settings, clock, database engine and a lazily opened arq pool."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from arq.connections import ArqRedis
from piccolo.engine.postgres import PostgresEngine

from . import redis as redis_bootstrap
from .auth.revocation import TokenStates
from .clock import Clock
from .outbox.routes import queue_name
from .settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    service: str
    settings: Settings
    clock: Clock
    engine: PostgresEngine
    token_states: TokenStates | None = None
    redis_url: str = ""
    # The service's GraphQL response cache (graphql/response_cache.py), set by build_app.
    response_cache: Any = None
    _arq: ArqRedis | None = field(default=None, repr=False)

    async def arq(self) -> ArqRedis:
        """The arq pool, connected on first use (raises while Redis is unreachable)."""
        if self._arq is None:
            self._arq = await redis_bootstrap.arq_pool(self.redis_url)
        return self._arq

    async def enqueue_soon(self, job: str, *args: Any, **kwargs: Any) -> bool:
        """Best-effort enqueue (e.g. wake the outbox relay); the cron covers a failure. True if queued."""
        kwargs.setdefault("_queue_name", queue_name(self.service))
        try:
            pool = await self.arq()
            await pool.enqueue_job(job, *args, **kwargs)
            return True
        except Exception as exc:  # Redis down must never fail the request that already committed.
            log.warning("could not enqueue %s: %s", job, exc)
            await self.close_arq()
            return False

    async def close_arq(self) -> None:
        if self._arq is not None:
            try:
                await self._arq.aclose()
            except Exception:  # closing a broken connection may fail too; the pool is dropped either way
                pass
            self._arq = None
