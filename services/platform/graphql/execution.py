"""The services' GraphQL executor: graphql-core's, with a short path for the values most answers are made of.

Most of an answer is plain values read off an object: a lesson's title, an option's text, a line's points.
graphql-core treats each of them like any field: a path object, a resolve-info tuple of fourteen items, the
argument check, the resolver through strawberry's wrapper, two awaitable checks, and three levels of
`complete_value` (non-null, then leaf). Profiled on `today` (bench/profile_today.py), completing its ~140 values
was about 45 % of the request's CPU. Here a field that strawberry resolves by reading an attribute (a "basic"
field: no resolver, no arguments, no extensions or permissions) and whose type is a scalar or an enum is read and
coerced directly, a basic field of an object type has its sub-selection executed on the attribute's value, and
`__typename` is answered from the parent type. Everything else, and every error, takes
graphql-core's own path, so answers and errors are the same (tests/test_lean_execution.py compares the two on a
schema built to reach every branch; every other GraphQL test runs through this executor).
"""

from __future__ import annotations

import operator
import weakref
from typing import Any, NamedTuple

from graphql import (
    GraphQLEnumType,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

_TYPENAME = "__typename"
# Lists completed in place (an async iterable or another iterable takes graphql-core's path).
_PLAIN_SEQUENCES = frozenset({list, tuple})
_ASK_GRAPHQL_CORE = object()


class _PlainField(NamedTuple):
    """How to read one basic field: its value from the source, whether null is refused, and its leaf type or (for
    an object type that needs no is_type_of check) its object type."""

    read: Any
    leaf_type: GraphQLLeafType | None
    non_null: bool
    object_type: GraphQLObjectType | None = None
    field_type: Any = None


Plans = dict[tuple[str, str], "_PlainField | None"]
# Per schema: (parent type name, field name) -> _PlainField, or None for a field that takes graphql-core's path.
_PLANS: weakref.WeakKeyDictionary[GraphQLSchema, Plans] = weakref.WeakKeyDictionary()


def _plans_of(schema: GraphQLSchema) -> Plans:
    plans = _PLANS.get(schema)
    if plans is None:
        plans = _PLANS[schema] = {}
    return plans


def _plain_field(plans: Plans, parent_type: GraphQLObjectType, field_name: str) -> _PlainField | None:
    key = (parent_type.name, field_name)
    try:
        return plans[key]
    except KeyError:
        pass
    field_def = parent_type.fields.get(field_name)
    plan = None
    if field_def is not None and not field_def.args and getattr(field_def.resolve, "_is_default", False):
        field_type = field_def.type
        non_null = isinstance(field_type, GraphQLNonNull)
        leaf_type = field_type.of_type if non_null else field_type
        if is_leaf_type(leaf_type):
            plan = _PlainField(_reader(field_def), leaf_type, non_null)
        elif isinstance(leaf_type, GraphQLObjectType) and leaf_type.is_type_of is None:
            plan = _PlainField(_reader(field_def), None, non_null, object_type=leaf_type, field_type=field_type)
    plans[key] = plan
    return plan


def _reader(field_def: Any) -> Any:
    """The basic field's read: the attribute itself (C's attrgetter) when strawberry would read it with getattr, as
    the default configuration does; else strawberry's resolver, as graphql-core would call it."""
    field = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if field is not None and field.base_resolver is None and field.default_resolver is getattr:
        return operator.attrgetter(field.python_name)
    resolve = field_def.resolve
    return lambda source: resolve(source, None)


class LeanExecutor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor (as strawberry configures it) with basic fields and `__typename` answered in place."""

    def execute_fields(  # noqa: C901 - one loop, kept flat: this is the hottest code of a request
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        middleware = self.middleware_manager
        if middleware is not None and middleware.middlewares:  # it wraps every resolver: graphql-core's own path
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        plans = _plans_of(self.schema)
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list in grouped_field_set.items():
                first = field_details_list[0].node
                field_name = first.name.value
                if field_name == _TYPENAME:
                    results[response_name] = parent_type.name
                    continue
                plan = None if first.arguments else _plain_field(plans, parent_type, field_name)
                if plan is not None and plan.object_type is not None:
                    result = self._plain_object(
                        plan, parent_type, source_value, field_details_list, path, response_name, position_context
                    )
                    if result is not _ASK_GRAPHQL_CORE:
                        results[response_name] = result
                        if is_awaitable(result):
                            awaitable_fields.append(response_name)
                        continue
                elif plan is not None:
                    done, value = self._read_plain_field(
                        plan, parent_type, source_value, field_details_list, path, response_name
                    )
                    if done:
                        results[response_name] = value
                        continue
                field_path = Path(path, response_name, parent_type.name)
                result = self.execute_field(
                    parent_type, source_value, field_details_list, field_path, position_context
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return self._awaited(results, awaitable_fields)

    def complete_value(  # noqa: PLR0913, PLR0917
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        # graphql-core's complete_value walks non-null, then the kind of type, through several calls per value; the
        # common cases are answered here: a leaf, an object type that needs no is_type_of check, a list of leaves.
        # Anything unusual (null where it is refused, an exception as the value, an abstract type, any other list)
        # goes to graphql-core, which also builds every error (the leaf list is recomputed there from the start).
        inner = return_type
        if type(inner) is GraphQLNonNull:
            if result is None or result is Undefined:
                return super().complete_value(return_type, field_details_list, info, path, result, position_context)
            inner = inner.of_type
        elif result is None or result is Undefined:
            return None
        if isinstance(result, Exception):
            raise result
        if isinstance(inner, GraphQLObjectType) and inner.is_type_of is None:
            return self.collect_and_execute_subfields(inner, field_details_list, path, result, position_context)
        if isinstance(inner, (GraphQLScalarType, GraphQLEnumType)):
            return self.complete_leaf_value(inner, result)
        if isinstance(inner, GraphQLList) and type(result) in _PLAIN_SEQUENCES:
            item_type = inner.of_type
            non_null = type(item_type) is GraphQLNonNull
            leaf_type = item_type.of_type if non_null else item_type
            if isinstance(leaf_type, (GraphQLScalarType, GraphQLEnumType)):
                completed = self._leaf_list(leaf_type, non_null, result)
                if completed is not None:
                    return completed
        return super().complete_value(return_type, field_details_list, info, path, result, position_context)

    def _leaf_list(self, leaf_type: GraphQLLeafType, non_null: bool, items: Any) -> list[Any] | None:
        """The completed list, or None when an item needs graphql-core (it then completes the list again, and reports
        each bad item at its own path)."""
        completed = []
        try:
            for item in items:
                if item is None and not non_null:
                    completed.append(None)
                elif isinstance(item, Exception):
                    return None
                else:
                    completed.append(self.complete_leaf_value(leaf_type, item))
        except Exception:  # noqa: BLE001 - see the docstring
            return None
        return completed

    def _plain_object(  # noqa: PLR0913, PLR0917
        self,
        plan: _PlainField,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path | None,
        response_name: str,
        position_context: Any,
    ) -> Any:
        """A basic field of an object type: its sub-selection executed on the attribute's value, as execute_field and
        complete_value would, without the resolve info they build. An unusual value (null, an exception, an
        awaitable, a read that fails) is left to graphql-core (_ASK_GRAPHQL_CORE), which reads it again."""
        try:
            value = plan.read(source)
        except Exception:  # noqa: BLE001 - graphql-core reads it again and reports the error
            return _ASK_GRAPHQL_CORE
        if value is None or value is Undefined or isinstance(value, Exception) or self.is_awaitable(value):
            return _ASK_GRAPHQL_CORE
        field_path = Path(path, response_name, parent_type.name)
        try:
            completed = self.collect_and_execute_subfields(
                plan.object_type, field_details_list, field_path, value, position_context
            )
        except Exception as raw_error:
            self.handle_field_error(raw_error, plan.field_type, field_details_list, field_path)
            return None
        if self.is_awaitable(completed):
            return self._completed_later(completed, plan.field_type, field_details_list, field_path)
        return completed

    async def _completed_later(self, completed: Any, return_type: Any, field_details_list: Any, path: Path) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    async def _awaited(self, results: dict[str, Any], awaitable_fields: list[str]) -> dict[str, Any]:
        # As graphql-core's execute_fields: awaited together, the first failure cancels the rest.
        if len(awaitable_fields) == 1:
            field = awaitable_fields[0]
            results[field] = await results[field]
        else:
            awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
            results.update(zip(awaitable_fields, awaited, strict=True))
        return results

    def _read_plain_field(  # noqa: PLR0913, PLR0917
        self,
        plan: _PlainField,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path | None,
        response_name: str,
    ) -> tuple[bool, Any]:
        """(True, the completed value), or (False, None) when the value needs graphql-core's path (an awaitable).
        A failure is handled as graphql-core handles it: null for a nullable field, raised for a non-null one."""
        try:
            value = plan.read(source)
            if value is None or value is Undefined:
                if plan.non_null:
                    raise TypeError(
                        f"Cannot return null for non-nullable field {parent_type.name}."
                        f"{field_details_list[0].node.name.value}."
                    )
                return True, None
            if isinstance(value, Exception):
                raise value
            if self.is_awaitable(value):
                return False, None
            return True, self.complete_leaf_value(plan.leaf_type, value)
        except Exception as raw_error:
            return_type = GraphQLNonNull(plan.leaf_type) if plan.non_null else plan.leaf_type
            self.handle_field_error(
                raw_error, return_type, field_details_list, Path(path, response_name, parent_type.name)
            )
            return True, None
