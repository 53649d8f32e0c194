"""What the service does around every operation, as one schema extension: the query limits (depth, aliases,
tokens), the text rule on every string sent, the parse and validation caches, production hardening (no
introspection; federation fields for the gateway only) and telling the request's observer what ran.

One extension with one step per stage, not one extension per rule: strawberry makes every extension anew for each
request and wraps each of its hooks in a new context manager per stage (functools.wraps included), which for seven
small extensions was ~9 % of a `today` request's CPU (py-spy on the benchmark's server, bench/README.md); the
services' schema also runs the steps without those wrappers (`StageRunner`). Each rule's code stays in its own
module; this only calls them, in the order they ran as separate extensions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner

from ..settings import Settings
from .federation import check_gateway_only
from .inputs import LiteralTextRule, check_variable_text
from .observation import observe_operation
from .persisted import PersistedDocuments, parse_once, validate_once


def request_extension(settings: Settings, persisted: PersistedDocuments) -> type["ServiceRequestRules"]:
    """The factory strawberry calls per request (concurrent requests never share an extension's execution context).

    The depth and alias rules are built once: each limiter instance makes new rule classes, and a validation cache
    keyed on them would never hit with per-request limiters (re-validating every query cost most of a request's
    CPU). Documents are parsed and validated once per schema (persisted.py).
    """
    rules = (
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
        LiteralTextRule,
        *((NoSchemaIntrospectionCustomRule,) if settings.is_production else ()),
    )
    max_tokens = settings.graphql_max_tokens
    refuse_text = settings.subgraphs_refuse_text
    gateway_only = settings.is_production

    class RequestRules(ServiceRequestRules):
        def before_operation(self) -> None:
            context = self.execution_context
            context.parse_options["max_tokens"] = max_tokens
            context.validation_rules = context.validation_rules + rules

        def after_operation(self) -> None:
            observe_operation(self.execution_context)

        def parse(self) -> None:
            self._document = parse_once(persisted, self.execution_context, refuse_text=refuse_text)

        def validate(self) -> None:
            validate_once(self._document, self.execution_context)

        def execute(self) -> None:
            context = self.execution_context
            check_variable_text(context)
            if gateway_only:
                check_gateway_only(context)

    return RequestRules


class ServiceRequestRules(SchemaExtension):
    """The request extension's steps per stage. strawberry's own runner drives them through the generator hooks
    below; `StageRunner` (which the services' schema uses) calls them directly, sparing the context managers that
    strawberry builds around every hook of every request."""

    def __init__(self) -> None:
        super().__init__()
        self._document = None

    def before_operation(self) -> None: ...
    def after_operation(self) -> None: ...
    def parse(self) -> None: ...
    def validate(self) -> None: ...
    def execute(self) -> None: ...

    def on_operation(self) -> Iterator[None]:
        self.before_operation()
        yield
        self.after_operation()

    def on_parse(self) -> Iterator[None]:
        self.parse()
        yield

    def on_validate(self) -> Iterator[None]:
        self.validate()
        yield

    def on_execute(self) -> Iterator[None]:
        self.execute()
        yield


class _Stage:
    """One stage (`with` or `async with`, as strawberry enters it): a step before, and one after a stage that ended
    without an exception (as a generator hook's code after its `yield`, with no try/finally, runs)."""

    __slots__ = ("_after", "_before")

    def __init__(self, before: Callable[[], None], after: Callable[[], None] | None = None) -> None:
        self._before = before
        self._after = after

    def __enter__(self) -> None:
        self._before()

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> bool:
        if exc_type is None and self._after is not None:
            self._after()
        return False

    async def __aenter__(self) -> None:
        self._before()

    async def __aexit__(self, exc_type: object, exc: object, traceback: object) -> bool:
        return self.__exit__(exc_type, exc, traceback)


class StageRunner(SchemaExtensionsRunner):
    """strawberry's extensions runner for a request whose one extension is the service's request rules."""

    def __init__(self, execution_context: Any, rules: ServiceRequestRules) -> None:
        super().__init__(execution_context, [rules])
        self.rules = rules

    def operation(self) -> Any:
        return _Stage(self.rules.before_operation, self.rules.after_operation)

    def parsing(self) -> Any:
        return _Stage(self.rules.parse)

    def validation(self) -> Any:
        return _Stage(self.rules.validate)

    def executing(self) -> Any:
        return _Stage(self.rules.execute)
