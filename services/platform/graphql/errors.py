"""Every GraphQL error leaves with a stable `extensions.code`; unexpected errors are masked."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from ..errors import DomainError

log = logging.getLogger("serviceloop.graphql")

INTERNAL = "INTERNAL_SERVER_ERROR"
INVALID_QUERY = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"


def _with_code(error: GraphQLError, message: str, extensions: dict) -> GraphQLError:
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


def coded_error(error: GraphQLError) -> GraphQLError:
    """The error as the client should see it."""
    original = error.original_error
    if isinstance(original, DomainError):
        return _with_code(error, original.message, {"code": original.code, **original.details})
    if error.path is None:
        # Parse, validation, limit and variable-coercion errors: the message is about the query itself.
        code = (error.extensions or {}).get("code") or (BAD_USER_INPUT if original else INVALID_QUERY)
        return _with_code(error, error.message, {**(error.extensions or {}), "code": code})
    log.error("unexpected error in %s", ".".join(map(str, error.path)), exc_info=original)
    return _with_code(error, "Internal server error.", {"code": INTERNAL})


class ErrorCodes(SchemaExtension):
    """Rewrites the result's errors after the operation: codes for all, no internals leaked."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and getattr(result, "errors", None):
            result.errors = [coded_error(error) for error in result.errors]
