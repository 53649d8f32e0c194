"""Cursor pagination: opaque cursors, pages capped at the configured maximum (100)."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Generic, TypeVar

import strawberry

from ..errors import ValidationFailed

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 20


@strawberry.type
class PageInfo:
    end_cursor: str | None
    has_next_page: bool


@strawberry.type
class Page(Generic[T]):
    items: list[T]
    page_info: PageInfo


def page_size(first: int | None, maximum: int) -> int:
    """The requested page size, refusing zero, negatives and anything over the cap."""
    if first is None:
        return min(DEFAULT_PAGE_SIZE, maximum)
    if first < 1 or first > maximum:
        raise ValidationFailed(
            f"'first' must be between 1 and {maximum}.", code="PAGE_SIZE_OUT_OF_RANGE", maximum=maximum
        )
    return first


def encode_cursor(key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, default=str).encode()).decode()


def decode_cursor(cursor: str | None) -> Any:
    if cursor is None:
        return None
    try:
        return json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed("The cursor is not valid.", code="INVALID_CURSOR") from exc


def make_page(rows: list[T], size: int, key_of) -> Page[T]:
    """A page from `size + 1` fetched rows: the extra row only tells that there is a next page."""
    has_next = len(rows) > size
    rows = rows[:size]
    return Page(
        items=rows,
        page_info=PageInfo(end_cursor=encode_cursor(key_of(rows[-1])) if rows else None, has_next_page=has_next),
    )
