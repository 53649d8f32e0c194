"""Query limits (depth, aliases, tokens), the text rule on every string sent, and production hardening (no
introspection; federation fields for the gateway only)."""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from ..settings import Settings
from .federation import GatewayOnly
from .inputs import LiteralTextRule, VariableText
from .persisted import Documents, PersistedDocuments


def limit_extensions(
    settings: Settings, persisted: PersistedDocuments
) -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    """The schema extensions that bound what one request may ask for, and the document cache.

    Factories, not instances: strawberry builds fresh extensions per request, so concurrent requests never
    share an extension's execution context. The depth and alias rules are built once, though: each limiter
    instance makes new rule classes, and a validation cache keyed on them would never hit with per-request
    limiters (re-validating every query cost most of a request's CPU). `Documents` parses and validates each
    distinct document once per schema (persisted.py).
    """
    rules = [
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
        LiteralTextRule,
    ]
    extensions: list = [
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: AddValidationRules(rules),
        lambda: Documents(persisted, refuse_text=settings.subgraphs_refuse_text),
        VariableText,
    ]
    if settings.is_production:
        extensions += [DisableIntrospection, GatewayOnly]
    return extensions
