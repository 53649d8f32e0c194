"""Every GraphQL error leaves with a stable `extensions.code`; unexpected errors are masked."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionResult

from ..errors import DomainError

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


def _domain_cause(error: GraphQLError) -> DomainError | None:
    """A domain error raised where graphql-core wraps it again (a scalar refusing a variable's value)."""
    cause = error.original_error
    while isinstance(cause, GraphQLError):
        cause = cause.original_error
    return cause if isinstance(cause, DomainError) else None


def coded_error(error: GraphQLError) -> GraphQLError:
    """The error as the client should see it (errors already coded pass through unchanged)."""
    original = error.original_error
    if isinstance(original, GraphQLError):
        original = _domain_cause(error) or original
    if original is None and (error.extensions or {}).get("code"):
        return error
    if isinstance(original, DomainError):
        return _with_code(error, original.message, {"code": original.code, **original.details})
    if error.path is None:
        # Parse, validation, limit and variable-coercion errors: the message is about the query itself.
        code = (error.extensions or {}).get("code") or (BAD_USER_INPUT if original else INVALID_QUERY)
        return _with_code(error, error.message, {**(error.extensions or {}), "code": code})
    return _with_code(error, "Internal server error.", {"code": INTERNAL})


class CodedSchema(strawberry.federation.Schema):
    """A federation schema whose every result carries coded errors, including parse errors raised before
    the extensions run; domain errors are expected outcomes and are not logged as failures."""

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        result = await super().execute(*args, **kwargs)
        if getattr(result, "errors", None):
            result.errors = [coded_error(error) for error in result.errors]
        return result

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        unexpected = [e for e in errors if e.path is not None and not isinstance(e.original_error, DomainError)]
        if unexpected:
            super().process_errors(unexpected, execution_context)
