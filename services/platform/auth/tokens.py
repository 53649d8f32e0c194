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


def read_token(token: str, *, settings: Settings) -> Principal:
    """The principal a valid token names; Unauthenticated for anything else."""
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=[_ALGORITHM],
            issuer=_ISSUER,
            options={"require": ["sub", "exp", "role"]},
        )
        return Principal(employee_id=uuid.UUID(claims["sub"]), role=Role(claims["role"]))
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise Unauthenticated("The access token is invalid or expired.") from exc


def principal_from_header(value: str | None, *, settings: Settings) -> Principal | None:
    """None without a header; the principal for a valid bearer token; Unauthenticated otherwise."""
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("Use 'Authorization: Bearer <token>'.")
    return read_token(token.strip(), settings=settings)
