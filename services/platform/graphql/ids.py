"""Ids arriving from clients."""

from __future__ import annotations

import uuid

from ..errors import ValidationFailed


def parse_id(value: object) -> uuid.UUID:
    """A client-sent id as a UUID; INVALID_ID when it is not one."""
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise ValidationFailed("Not a valid id.", code="INVALID_ID") from exc
