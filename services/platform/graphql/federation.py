"""Federation's own fields: `_service` and `_entities` answer only the gateway in production, and a bad
entity representation is refused with a code instead of failing inside the resolver."""

from __future__ import annotations

import hmac
import inspect
import weakref
from typing import Any

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, OperationDefinitionNode

from ..errors import Forbidden, ValidationFailed
from ..settings import Settings

GATEWAY_HEADER = "x-serviceloop-gateway-secret"
GATEWAY_FIELDS = frozenset({"_service", "_entities"})


def required_gateway_secret(settings: Settings) -> str | None:
    """The secret the gateway sends; production refuses to serve without one."""
    secret = settings.gateway_secret.get_secret_value() if settings.gateway_secret else ""
    if settings.is_production and not secret:
        raise ValueError("SERVICELOOP_GATEWAY_SECRET must be set in production")
    return secret or None


def is_gateway(header: str | None, secret: str | None) -> bool:
    """Whether the request carries the gateway's secret (compared in constant time)."""
    if not secret or header is None:
        return False
    return hmac.compare_digest(header.encode(), secret.encode())


def _root_fields(document: Any, operation_name: str | None) -> set[str]:
    """Names of the fields selected at the root of the operation, through fragments too."""
    fragments = {d.name.value: d for d in document.definitions if not isinstance(d, OperationDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    names: set[str] = set()
    seen: set[str] = set()

    def walk(selection_set: Any) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                seen.add(selection.name.value)
                fragment = fragments.get(selection.name.value)
                if fragment is not None:
                    walk(fragment.selection_set)

    for operation in operations:
        if operation_name is None or (operation.name and operation.name.value == operation_name):
            walk(operation.selection_set)
    return names


# A document's root fields per operation name, kept while the parsed document lives (persisted.py keeps each
# document parsed once, so the same object comes back request after request; walking it each time cost ~1.5 %).
_ROOT_FIELDS: weakref.WeakKeyDictionary[Any, dict[str | None, frozenset[str]]] = weakref.WeakKeyDictionary()


def root_fields_of(document: Any, operation_name: str | None) -> frozenset[str]:
    by_operation = _ROOT_FIELDS.get(document)
    if by_operation is None:
        by_operation = _ROOT_FIELDS[document] = {}
    names = by_operation.get(operation_name)
    if names is None:
        names = by_operation[operation_name] = frozenset(_root_fields(document, operation_name))
    return names


def check_gateway_only(context: Any) -> None:
    """Production: `_service` (the whole SDL, introspection by another name) and `_entities` are for the gateway
    alone; anyone else gets FORBIDDEN with code GATEWAY_ONLY before anything runs (the execute step)."""
    document = context.graphql_document
    if document is not None and GATEWAY_FIELDS & root_fields_of(document, context.operation_name):
        if not getattr(context.context, "from_gateway", False):
            raise Forbidden("Only the federation gateway may ask for this.", code="GATEWAY_ONLY")


def check_representations(schema: Any, representations: list[Any]) -> None:
    """Every representation names an entity type and carries exactly what its resolver takes; else
    INVALID_REPRESENTATION (the index says which one)."""
    for index, representation in enumerate(representations):
        if not isinstance(representation, dict):
            raise _invalid(index, "a representation must be an object with __typename and the key fields")
        type_name = representation.get("__typename")
        type_ = schema.schema_converter.type_map.get(type_name) if isinstance(type_name, str) else None
        origin = getattr(getattr(type_, "definition", None), "origin", None)
        resolve = getattr(origin, "resolve_reference", None)
        if resolve is None:
            raise _invalid(index, f"{type_name!r} is not an entity of this service")
        parameters = {
            name: p for name, p in inspect.signature(resolve).parameters.items() if name not in {"info", "cls"}
        }
        fields = {k for k in representation if k != "__typename"}
        missing = [n for n, p in parameters.items() if p.default is inspect.Parameter.empty and n not in fields]
        unknown = sorted(fields - parameters.keys())
        if missing or unknown:
            parts = [f"missing {', '.join(missing)}"] if missing else []
            parts += [f"unknown {', '.join(unknown)}"] if unknown else []
            raise _invalid(index, f"{type_name} representation: {'; '.join(parts)}")
        for name in fields:
            if not isinstance(representation[name], (str, int)) or isinstance(representation[name], bool):
                raise _invalid(index, f"{type_name}.{name} must be a string")


def _invalid(index: int, message: str) -> ValidationFailed:
    return ValidationFailed(f"Representation {index}: {message}.", code="INVALID_REPRESENTATION", index=index)
