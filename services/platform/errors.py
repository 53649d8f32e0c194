"""Domain errors with stable codes; the GraphQL layer maps them to `extensions.code` once."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule said no: the message is safe to show to the client, the code is stable."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class NotFound(DomainError):
    code = "NOT_FOUND"


class ValidationFailed(DomainError):
    code = "VALIDATION_FAILED"


class Conflict(DomainError):
    code = "CONFLICT"


class IdempotencyKeyReused(DomainError):
    code = "IDEMPOTENCY_KEY_REUSED"


class RequestRejected(DomainError):
    """The HTTP layer refuses the request before GraphQL runs: answered with `status_code` and a coded body."""

    def __init__(self, message: str, *, code: str, status_code: int = 400) -> None:
        super().__init__(message, code=code)
        self.status_code = status_code
