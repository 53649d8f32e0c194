"""Query limits (depth, aliases, tokens) and production hardening (no introspection)."""

from __future__ import annotations

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


def limit_extensions(settings: Settings) -> list[SchemaExtension]:
    """The schema extensions that bound what one request may ask for."""
    extensions: list[SchemaExtension] = [
        MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        ParserCache(maxsize=256),
        ValidationCache(maxsize=256),
    ]
    if settings.is_production:
        extensions.append(DisableIntrospection())
    return extensions
