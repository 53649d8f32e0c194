"""Query limits (depth, aliases, tokens), the text rule on every string sent, and production hardening (no
introspection; federation fields for the gateway only)."""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from ..settings import Settings
from .federation import GatewayOnly
from .inputs import LiteralTextRule, VariableText


def limit_extensions(settings: Settings) -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    """The schema extensions that bound what one request may ask for.

    Factories, not instances: strawberry builds fresh extensions per request, so concurrent requests never
    share an extension's execution context. The depth and alias rules are built once, though: each limiter
    instance makes new rule classes, and the validation cache is keyed on them, so per-request limiters would
    never hit the cache (re-validating every query cost most of a request's CPU).
    """
    rules = [
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
        LiteralTextRule,
    ]
    extensions: list = [
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: AddValidationRules(rules),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        VariableText,
    ]
    if settings.is_production:
        extensions += [DisableIntrospection, GatewayOnly]
    return extensions
