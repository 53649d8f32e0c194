"""The public form's rate limit: a few submissions per client address per window, counted in Redis."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from services.platform.errors import DomainError

log = logging.getLogger(__name__)

PUBLIC_SUBMISSIONS = 5
WINDOW_SECONDS = 600
KEY = "serviceloop:feedback:public-form:{address}"


class RateLimited(DomainError):
    code = "RATE_LIMITED"


@dataclass(frozen=True)
class Count:
    used: int
    retry_after: int


async def count_submission(redis, *, address: str) -> Count:
    """Count one submission from the address in its window (the window starts with its first submission)."""
    key = KEY.format(address=address)
    async with redis.pipeline(transaction=True) as pipe:
        # SET NX EX then INCR works on Redis 6 too (EXPIRE NX needs 7).
        pipe.set(key, 0, ex=WINDOW_SECONDS, nx=True)
        pipe.incr(key)
        pipe.ttl(key)
        _, used, ttl = await pipe.execute()
    return Count(used=int(used), retry_after=max(int(ttl), 1))


async def check_public_submission(runtime, *, address: str) -> None:
    """RATE_LIMITED (with retryAfter seconds) past the limit; when Redis is down the form stays open."""
    try:
        count = await count_submission(await runtime.arq(), address=address)
    except Exception as exc:  # an unreachable Redis must not turn customers away
        log.warning("public form rate limit skipped, Redis unavailable: %s", exc)
        await runtime.close_arq()
        return
    if count.used > PUBLIC_SUBMISSIONS:
        raise RateLimited(
            "Too many submissions from your address; please try again a little later.",
            retryAfter=count.retry_after,
        )
