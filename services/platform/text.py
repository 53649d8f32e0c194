"""Text a client may send: no C0 control characters but tab, newline and carriage return, and no lone
UTF-16 surrogates. PostgreSQL refuses NUL in text and UTF-8 cannot encode a lone surrogate, so either
would otherwise fail a write deep inside a request; the other controls have no business in our text."""

from __future__ import annotations

import re

from .errors import ValidationFailed

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def has_forbidden_characters(text: str) -> bool:
    return _FORBIDDEN.search(text) is not None


def check_text(text: str, *, where: str = "the request") -> str:
    """The text unchanged, or INVALID_CHARACTERS."""
    if _FORBIDDEN.search(text) is not None:
        raise invalid_characters(where)
    return text


def invalid_characters(where: str) -> ValidationFailed:
    return ValidationFailed(
        f"Text in {where} contains control characters (only tab, newline and carriage return are allowed).",
        code="INVALID_CHARACTERS",
    )
