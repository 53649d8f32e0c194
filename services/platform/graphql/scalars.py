"""The API's DateTime: an ISO 8601 instant with its UTC offset. A naive one ("2026-03-10T09:00:00") is refused
with DATETIME_WITHOUT_OFFSET everywhere: its meaning depends on a time zone the server would have to guess,
and comparing it with an aware instant fails."""

from __future__ import annotations

import datetime as dt

import dateutil.parser
from graphql import StringValueNode
from strawberry.types.scalar import ScalarDefinition

from ..errors import ValidationFailed


def parse_instant(value: object) -> dt.datetime:
    """A client's DateTime: INVALID_DATETIME unless ISO 8601, DATETIME_WITHOUT_OFFSET unless it has an offset."""
    if not isinstance(value, str):
        raise ValidationFailed("A DateTime is an ISO 8601 string.", code="INVALID_DATETIME")
    try:
        parsed = dateutil.parser.isoparse(value)
    except (ValueError, OverflowError) as exc:
        raise ValidationFailed(f"'{value[:40]}' is not an ISO 8601 date and time.", code="INVALID_DATETIME") from exc
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValidationFailed(
            f"'{value[:40]}' has no UTC offset; add one, e.g. 'Z' or '+02:00'.", code="DATETIME_WITHOUT_OFFSET"
        )
    return parsed


def _parse_literal(node: object, _variables: object = None) -> dt.datetime:
    if not isinstance(node, StringValueNode):
        raise ValidationFailed("A DateTime is an ISO 8601 string.", code="INVALID_DATETIME")
    return parse_instant(node.value)


AwareDateTime = ScalarDefinition(
    name="DateTime",
    description="Date with time (isoformat)",
    specified_by_url=None,
    serialize=lambda value: value.isoformat(),
    parse_value=parse_instant,
    parse_literal=_parse_literal,
    origin=dt.datetime,
)

SCALAR_OVERRIDES = {dt.datetime: AwareDateTime}
