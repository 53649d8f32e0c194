"""JWT access tokens: issued at login, read from the Authorization header."""

from __future__ import annotations

import datetime as dt
import functools
import uuid

import jwt

from ..errors import Unauthenticated
from ..settings import Settings
from .principal import Principal, Role

_ALGORITHM = "HS256"
_ISSUER = "serviceloop"


def issue_token(principal: Principal, *, settings: Settings, now: dt.datetime) -> str:
    claims = {
        "sub": str(principal.employee_id),
        "role": principal.role.value,
        "tv": principal.token_version,
        "iss": _ISSUER,
        "iat": int(now.timestamp()),
        "exp": int((now + dt.timedelta(minutes=settings.jwt_ttl_minutes)).timestamp()),
    }
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm=_ALGORITHM)


def read_token(token: str, *, settings: Settings, now: dt.datetime | None = None) -> Principal:
    """The principal a valid token names; Unauthenticated for anything else.

    `now` is the app's clock, the one `issue_token` was given: expiry is judged by the same clock that set it
    (PyJWT would use the wall clock). Without it, the wall clock.
    """
    try:
        principal, expires = _verified(token, settings.jwt_secret.get_secret_value())
    except (jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
        raise Unauthenticated("The access token is invalid or expired.") from exc
    if expires <= (now or dt.datetime.now(dt.timezone.utc)).timestamp():
        raise Unauthenticated("The access token is invalid or expired.")
    return principal


# Checking the signature costs ~0.2 ms, a sizeable part of a small request; a client sends the same token
# for hours. Only tokens whose signature verified are remembered; expiry is still checked on every use. Room for
# every signed-in person of a 30,000-strong company per process (~300 bytes each, ~10 MB): at 8,192, 10,000 people
# signed in at once evicted tokens still in use and paid the signature again (bench/FEEDBACK.md, leaderboard).
@functools.lru_cache(maxsize=32768)
def _verified(token: str, secret: str) -> tuple[Principal, int]:
    claims = jwt.decode(
        token,
        secret,
        algorithms=[_ALGORITHM],
        issuer=_ISSUER,
        options={"require": ["sub", "exp", "role"], "verify_exp": False, "verify_iat": False},
    )
    # Tokens from before token versions existed read as version 0: older than any employee's, so revoked.
    principal = Principal(
        employee_id=uuid.UUID(claims["sub"]), role=Role(claims["role"]), token_version=int(claims.get("tv", 0))
    )
    return principal, int(claims["exp"])


def principal_from_header(
    value: str | None, *, settings: Settings, now: dt.datetime | None = None
) -> Principal | None:
    """None without a header; the principal for a valid bearer token; Unauthenticated otherwise."""
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("Use 'Authorization: Bearer <token>'.")
    return read_token(token.strip(), settings=settings, now=now)
