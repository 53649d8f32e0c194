"""JWT access tokens: issued at login, read from the Authorization header."""

from __future__ import annotations

import datetime as dt
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
        claims = jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=[_ALGORITHM],
            issuer=_ISSUER,
            options={"require": ["sub", "exp", "role"], "verify_exp": now is None, "verify_iat": now is None},
        )
        if now is not None and int(claims["exp"]) <= now.timestamp():
            raise jwt.ExpiredSignatureError("Signature has expired")
        return Principal(employee_id=uuid.UUID(claims["sub"]), role=Role(claims["role"]))
    except (jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
        raise Unauthenticated("The access token is invalid or expired.") from exc


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
