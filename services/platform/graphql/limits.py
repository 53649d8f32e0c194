"""Query limits (depth, aliases, tokens) and production hardening (no introspection)."""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from ..settings import Settings


def limit_extensions(settings: Settings) -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    """The schema extensions that bound what one request may ask for.

    Factories, not instances: strawberry builds fresh extensions per request, so concurrent requests never
    share an extension's execution context.
    """
    extensions: list = [
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
    ]
    if settings.is_production:
        extensions.append(DisableIntrospection)
    return extensions
