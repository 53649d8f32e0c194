"""Answers to hot read-only queries kept in the API process until the database changes: the team figures a manager
opens (a page of 100 people resolves ~5,000 values through graphql-core, ~100 ms of one core, however cheap the
kept rollups under it are), served again without executing anything.

What is cached: a query whose root fields are all in the service's `root_fields` (learning: `team`), or the
federation `_entities` for representations all of the service's `entity_types` (feedback: `Team`, which the gateway
asks for beside the learning half), answered without errors and without touching the response (no headers, cookies
or background tasks). Nothing else: mutations, `today`, anything unauthenticated.

Whose: the key is the document text, the operation name, the variables, and the caller as the token names them
(employee, role, token version) and whether the request came through the gateway. The token is checked first, as for
any request (a revoked token never reaches the cache), and a key is only ever answered to the caller who made it, so
a cached answer is exactly one the caller's own request already got, policies and privacy rules included.

How fresh: an answer is kept with PostgreSQL's snapshot (`pg_current_snapshot()`: the oldest transaction still
running, the one after the newest finished, the ones running in between) read *before* it was computed. Every write
is a numbered transaction and its commit moves that snapshot (a new newest-finished, or one fewer running), so an
unchanged snapshot means nothing has committed since: the answer still holds (an abort moves it too: a needless
recomputation, never a stale answer). A commit during the computation shows at the next check, as the answer was
kept with the snapshot from before it. The snapshot is read-only
and answers through the transaction pooler; it needs no trigger, no hook in any write path and no invalidation list
that a new table could be forgotten in. It is coarse: any write anywhere in the database server invalidates every
answer. So:
- within `response_cache_settle_seconds` (default 2) of its last check an answer is served without asking (the
  figures it shows are the workers' kept rollups, which follow a change within seconds anyway): during the 9 a.m.
  wave a page is computed at most once per settle window per caller, and shows data at most that old;
- after that, one statement (the snapshot) decides: the same, and the answer is served and its window renewed;
  otherwise it is computed again;
- never older than `response_cache_max_age_seconds` (default 60, by the service's clock: windows like "the last 7
  local days" and mastery move with time alone, without any write).
Memory: at most `response_cache_max_bytes` (default 64 MiB) of encoded answers per process, least recently used out;
answers larger than an eighth of it are not kept. `response_cache_max_bytes = 0` turns the cache off.

The same caller's same request arriving while it is being computed waits for that computation and gets its answer
(single flight: a herd of retries or tabs costs one computation).

Each API process keeps its own; nothing is shared, so a pod added or restarted only starts cold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import msgspec
from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, VariableNode, parse
from prometheus_client import Counter

from ..settings import Settings

ENTITIES = "_entities"
DOCUMENT_MEMO_SIZE = 512

RESULTS = Counter(
    "serviceloop_graphql_response_cache_total",
    "Cacheable GraphQL requests by how they were answered: hit (no check), checked (snapshot unchanged), miss.",
    ("service", "result"),
)


@dataclasses.dataclass
class Entry:
    body: bytes  # the response's JSON, `{"data": ...}`, as sent
    snapshot: str
    computed_at: dt.datetime
    checked_at: dt.datetime
    size: int


def encode_response(data: dict) -> bytes:
    """The body strawberry sends for an answer without errors or extensions (its process_result, msgspec-encoded as
    transport.py encodes every response)."""
    return msgspec.json.encode({"data": data})


def _encode_key(value: object) -> bytes:
    return msgspec.json.encode(value, order="deterministic")


class ResponseCache:
    """One service's cache (see the module docstring). `snapshot()` reads the database's current snapshot."""

    def __init__(
        self,
        *,
        service: str,
        root_fields: Iterable[str],
        entity_types: Iterable[str] = (),
        settings: Settings,
        snapshot: Callable[[], Awaitable[str]],
    ) -> None:
        self.service = service
        self.root_fields = frozenset(root_fields)
        self.entity_types = frozenset(entity_types)
        self.max_bytes = settings.response_cache_max_bytes
        self.settle = dt.timedelta(seconds=settings.response_cache_settle_seconds)
        self.max_age = dt.timedelta(seconds=settings.response_cache_max_age_seconds)
        self.snapshot = snapshot
        self.bytes = 0
        # Keys being computed now -> the future of their answer (None when it is not kept): see transport.py.
        self.computing: dict[tuple, Any] = {}
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()
        # Per (document text, operation name): (kind, the operation's name, the variable holding the representations)
        # when its operation is a query of cacheable root fields only ("fields") or `_entities` (ENTITIES: then the
        # representations decide); None: not cacheable.
        self._documents: OrderedDict[tuple[str, str | None], tuple | None] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0 and bool(self.root_fields or self.entity_types)

    def __len__(self) -> int:
        return len(self._entries)

    # ------------------------------------------------------------------ what may be cached

    def _kind(self, text: str, operation_name: str | None) -> tuple | None:
        memo_key = (text, operation_name)
        if memo_key in self._documents:
            self._documents.move_to_end(memo_key)
            return self._documents[memo_key]
        kind = _document_kind(text, operation_name, self.root_fields, bool(self.entity_types))
        self._documents[memo_key] = kind
        if len(self._documents) > DOCUMENT_MEMO_SIZE:
            self._documents.popitem(last=False)
        return kind

    def operation_name(self, text: str, operation_name: str | None) -> str | None:
        """The name of the operation a cacheable request runs (for the request's observer on a hit)."""
        kind = self._kind(text, operation_name)
        return kind[1] if kind else operation_name

    def key_of(
        self, *, text: str | None, operation_name: str | None, variables: dict | None, context: Any
    ) -> tuple | None:
        """The request's key, or None when it is not answered from the cache."""
        caller = getattr(context, "caller", None)
        if not self.enabled or text is None or caller is None:
            return None
        kind = self._kind(text, operation_name)
        if kind is None:
            return None
        if kind[0] == ENTITIES and not self._entities_cacheable((variables or {}).get(kind[2])):
            return None
        try:
            encoded_variables = _encode_key(variables or {})
        except (TypeError, msgspec.EncodeError):
            return None
        return (
            text,
            operation_name,
            encoded_variables,
            caller.employee_id,
            caller.role.value,
            caller.token_version,
            bool(getattr(context, "from_gateway", False)),
        )

    def _entities_cacheable(self, representations: object) -> bool:
        if not isinstance(representations, list) or not representations:
            return False
        return all(isinstance(r, dict) and r.get("__typename") in self.entity_types for r in representations)

    # ------------------------------------------------------------------ answering

    def fresh(self, key: tuple, now: dt.datetime) -> Entry | None:
        """The entry when it may be served without asking the database (inside its settle window)."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if not (entry.computed_at <= now < entry.computed_at + self.max_age):
            self._drop(key)
            return None
        if now < entry.checked_at + self.settle:
            self._entries.move_to_end(key)
            RESULTS.labels(self.service, "hit").inc()
            return entry
        return None

    def confirmed(self, key: tuple, snapshot: str, now: dt.datetime) -> Entry | None:
        """The entry when the database has not changed since it was computed (its window renewed); else None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.snapshot != snapshot:
            self._drop(key)
            return None
        entry.checked_at = now
        self._entries.move_to_end(key)
        RESULTS.labels(self.service, "checked").inc()
        return entry

    def store(self, key: tuple, *, data: dict, snapshot: str, now: dt.datetime) -> bytes:
        """Keep a computed answer (unless it is too large); returns the response body, encoded once."""
        RESULTS.labels(self.service, "miss").inc()
        body = encode_response(data)
        size = len(body) + 200
        if size > self.max_bytes // 8:
            return body
        self._drop(key)
        self._entries[key] = Entry(body=body, snapshot=snapshot, computed_at=now, checked_at=now, size=size)
        self.bytes += size
        while self.bytes > self.max_bytes and self._entries:
            self._drop(next(iter(self._entries)))
        return body

    def _drop(self, key: tuple) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.bytes -= entry.size

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0


def _document_kind(
    text: str, operation_name: str | None, root_fields: frozenset[str], entities: bool
) -> tuple | None:
    """("fields", name, None) for a query of cacheable root fields only, (ENTITIES, name, variable) for `_entities`
    alone with its representations in a variable, else None."""
    try:
        document = parse(text, no_location=True)
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name is not None and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return None
    operation = operations[0]
    if operation.directives:
        return None
    fields = []
    for selection in operation.selection_set.selections:
        # Fragments at the root (or directives like @include on a root field) would need evaluating: not cached.
        if not isinstance(selection, FieldNode) or selection.directives:
            return None
        if selection.name.value != "__typename":
            fields.append(selection)
    if not fields:
        return None
    name = operation.name.value if operation.name else None
    if [f.name.value for f in fields] == [ENTITIES]:
        arguments = [a for a in fields[0].arguments or () if a.name.value == "representations"]
        if not entities or len(arguments) != 1 or not isinstance(arguments[0].value, VariableNode):
            return None
        return (ENTITIES, name, arguments[0].value.name.value)
    return ("fields", name, None) if all(f.name.value in root_fields for f in fields) else None
