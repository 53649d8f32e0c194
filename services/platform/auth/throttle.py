"""Throttling of sign-ins and reset requests: per account and per client address, exponential back-off, in Redis.

After `free` failures a key is locked for 1 s, then 2 s, 4 s ... up to the cap; a key's failures are forgotten
after a quiet spell. An attempt is counted *before* the password is checked (and forgiven when it succeeds), so
a burst of parallel guesses cannot all slip past the check at once. Times come from the app's clock.

Redis down: the check is skipped with a warning (fail open). Logins must keep working without Redis, and every
guess still costs a full argon2 verification; storing the counters in PostgreSQL instead would turn each
failed guess of an attack into a write on the primary database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
from dataclasses import dataclass

from ..errors import DomainError
from ..settings import Settings

log = logging.getLogger(__name__)

PREFIX = "serviceloop:throttle"

# KEYS: the keys; ARGV: now, max back-off, forget-after, then one free-attempt count per key.
# Returns 0 when the attempt may go ahead (and has been counted), else the milliseconds until it may.
_ATTEMPT = """
local now = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
local forget = tonumber(ARGV[3])
local wait = 0
for i, key in ipairs(KEYS) do
  local locked = tonumber(redis.call('HGET', key, 'until') or '0')
  if locked > now and locked - now > wait then wait = locked - now end
end
if wait > 0 then return math.ceil(wait * 1000) end
for i, key in ipairs(KEYS) do
  local free = tonumber(ARGV[3 + i])
  local last = tonumber(redis.call('HGET', key, 'last') or '0')
  local failures
  if now - last > forget then
    failures = 1
    redis.call('HSET', key, 'failures', 1)
  else
    failures = redis.call('HINCRBY', key, 'failures', 1)
  end
  local lock = 0
  if failures >= free then lock = math.min(2 ^ (failures - free), cap) end
  redis.call('HSET', key, 'last', tostring(now), 'until', tostring(now + lock))
  redis.call('EXPIRE', key, math.ceil(forget + lock) + 1)
end
return 0
"""

# KEYS[1]: the account (forgotten); KEYS[2]: the address (this attempt no longer counts against it).
_SUCCEEDED = """
redis.call('DEL', KEYS[1])
if KEYS[2] and tonumber(redis.call('HGET', KEYS[2], 'failures') or '0') > 0 then
  redis.call('HINCRBY', KEYS[2], 'failures', -1)
end
return 0
"""


class TooManyAttempts(DomainError):
    code = "TOO_MANY_ATTEMPTS"


@dataclass(frozen=True)
class Attempt:
    """One counted attempt: what to forgive if it succeeds (empty when Redis was unavailable)."""

    account_key: str | None = None
    address_key: str | None = None


def account_key(scope: str, account: str) -> str:
    # Hashed: the key names no e-mail address, and unknown addresses are throttled exactly like known ones.
    return f"{PREFIX}:{scope}:account:{hashlib.sha256(account.strip().lower().encode()).hexdigest()[:32]}"


def address_key(scope: str, address: str) -> str:
    return f"{PREFIX}:{scope}:address:{address}"


async def begin(runtime, *, scope: str, account: str, address: str) -> Attempt:
    """Count an attempt for the account and the address; TOO_MANY_ATTEMPTS (retryAfterSeconds) while locked."""
    settings: Settings = runtime.settings
    keys = [account_key(scope, account), address_key(scope, address)]
    now = runtime.clock.now()
    try:
        redis = await runtime.arq()
        wait_ms = await redis.eval(
            _ATTEMPT,
            len(keys),
            *keys,
            _stamp(now),
            settings.login_max_backoff_seconds,
            settings.login_forget_after_seconds,
            settings.login_free_attempts,
            settings.login_free_attempts_per_address,
        )
    except Exception as exc:  # Redis unreachable: sign-in must still work (see the module docstring)
        log.warning("sign-in throttling skipped, Redis unavailable: %s", exc)
        await runtime.close_arq()
        return Attempt()
    if int(wait_ms) > 0:
        raise TooManyAttempts(
            "Too many attempts; please wait a moment and try again.",
            retryAfterSeconds=max(1, math.ceil(int(wait_ms) / 1000)),
        )
    return Attempt(account_key=keys[0], address_key=keys[1])


async def succeeded(runtime, attempt: Attempt) -> None:
    """A right password: the account's counter starts again, and the attempt does not count against the address."""
    if attempt.account_key is None:
        return
    try:
        redis = await runtime.arq()
        await redis.eval(_SUCCEEDED, 2, attempt.account_key, attempt.address_key)
    except Exception as exc:
        log.warning("could not reset the sign-in throttle: %s", exc)
        await runtime.close_arq()


def _stamp(now: dt.datetime) -> str:
    return f"{now.timestamp():.3f}"
