"""Redis bootstrap: the URL to use and the arq connection pool."""

from __future__ import annotations

import asyncio

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings

from . import embedded
from .settings import Settings


def redis_url(settings: Settings) -> str:
    """REDIS_URL, or the embedded Redis (started on first use)."""
    if settings.redis_url:
        return settings.redis_url
    return embedded.start_redis(settings)


async def prepare(settings: Settings) -> str:
    """Start the embedded Redis when nothing is configured; return the URL."""
    if settings.embedded_redis:
        return await asyncio.to_thread(embedded.start_redis, settings)
    return settings.redis_url or ""


def arq_settings(url: str) -> RedisSettings:
    settings = RedisSettings.from_dsn(url)
    # Fail fast when Redis is down: callers (the outbox relay) retry later instead of blocking a request.
    settings.conn_timeout = 1
    settings.conn_retries = 0
    return settings


async def arq_pool(url: str) -> ArqRedis:
    return await create_pool(arq_settings(url))
