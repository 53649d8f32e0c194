"""Cursor pagination: opaque cursors, pages capped at the configured maximum (100)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from ..errors import ValidationFailed
from ..text import has_forbidden_characters

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 20


# Both subgraphs serve pages: federation needs the same value type marked shareable in each.
@strawberry.federation.type(shareable=True)
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


def _text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 1000 and not has_forbidden_characters(value)


def _uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _instant(value: Any) -> bool:
    try:
        return isinstance(value, str) and dt.datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _offset(value: Any) -> bool:
    return type(value) is int and 0 <= value <= 10_000_000


# What a list's cursor holds, checked part by part: anything else a client sends is INVALID_CURSOR, never a
# value that fails later in a query.
Shape = tuple[Callable[[Any], bool], ...] | Callable[[Any], bool]
NAME_AND_ID: Shape = (_text, _uuid)
INSTANT_AND_ID: Shape = (_instant, _uuid)
OFFSET: Shape = _offset
# A count to sort by (a streak, lessons done), then name and id.
COUNT_NAME_AND_ID: Shape = (_offset, _text, _uuid)


def decode_cursor(cursor: str | None, shape: Shape) -> Any:
    """The key inside a cursor made by make_page, as JSON decoded it, once it has the list's shape."""
    if cursor is None:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, RecursionError) as exc:
        raise ValidationFailed("The cursor is not valid.", code="INVALID_CURSOR") from exc
    if isinstance(shape, tuple):
        valid = isinstance(key, list) and len(key) == len(shape) and all(ok(part) for ok, part in zip(shape, key))
    else:
        valid = shape(key)
    if not valid:
        raise ValidationFailed("The cursor is not valid.", code="INVALID_CURSOR")
    return key


def make_page(rows: list[T], size: int, key_of) -> Page[T]:
    """A page from `size + 1` fetched rows: the extra row only tells that there is a next page."""
    has_next = len(rows) > size
    rows = rows[:size]
    return Page(
        items=rows,
        page_info=PageInfo(end_cursor=encode_cursor(key_of(rows[-1])) if rows else None, has_next_page=has_next),
    )
