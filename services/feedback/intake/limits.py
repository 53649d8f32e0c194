"""Size limits on what people type: every free-text field has one, and breaking it names the field."""

from __future__ import annotations

from services.platform.errors import ValidationFailed

MAX_BODY = 4000
MAX_PUBLIC_BODY = 2000
MAX_REPLY = 4000
MAX_COMPANY_VALUE = 80
MAX_LOCATION = 120
MAX_CODE = 40


def check_length(field: str, value: str | None, maximum: int) -> str | None:
    """The value, or FIELD_TOO_LONG with the field's name and the maximum."""
    if value is not None and len(value) > maximum:
        raise ValidationFailed(
            f"'{field}' is longer than {maximum} characters.", code="FIELD_TOO_LONG", field=field, maximum=maximum
        )
    return value
