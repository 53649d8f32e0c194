"""Client-generated ids for retryable mutations: a replay returns the first result and does nothing again."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from piccolo.columns import JSONB, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from .errors import IdempotencyKeyReused, ValidationFailed


def idempotency_table(schema: str) -> type[Table]:
    """The table of first results, placed in the service's schema."""

    class IdempotencyRecord(Table, tablename="idempotency_record", schema=schema):
        key = Varchar(length=300, primary_key=True)
        request_hash = Varchar(length=64)
        result = JSONB(null=True, default=None)
        created_at = Timestamptz(default=TimestamptzNow())

    return IdempotencyRecord


def _request_hash(request: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def check_client_id(client_id: str) -> str:
    """Client ids are UUIDs made by the client before the first try."""
    try:
        return str(uuid.UUID(client_id))
    except (ValueError, AttributeError, TypeError) as exc:
        raise ValidationFailed("clientMutationId must be a UUID.", code="INVALID_CLIENT_MUTATION_ID") from exc


async def run_once(
    table: type[Table],
    *,
    principal_id: uuid.UUID,
    operation: str,
    client_id: str,
    request: dict[str, Any],
    work: Callable[[], Awaitable[dict[str, Any]]],
) -> dict[str, Any]:
    """Run `work` the first time this (caller, operation, client id) is seen; replay its result afterwards.

    Call inside the transaction that does the work: a concurrent duplicate waits on the key's row lock
    and then reads the committed first result; if the first attempt rolls back, nothing is kept.
    """
    key = f"{principal_id}:{operation}:{check_client_id(client_id)}"
    digest = _request_hash(request)
    name = table._meta.get_formatted_tablename()
    inserted = await table.raw(
        f"INSERT INTO {name} (key, request_hash) VALUES ({{}}, {{}}) ON CONFLICT DO NOTHING RETURNING key",
        key,
        digest,
    )
    if not inserted:
        rows = await table.raw(f"SELECT request_hash, result FROM {name} WHERE key = {{}}", key)
        if rows[0]["request_hash"] != digest:
            raise IdempotencyKeyReused("This clientMutationId was already used for a different request.")
        stored = rows[0]["result"]
        return json.loads(stored) if isinstance(stored, str) else stored
    result = await work()
    await table.raw(
        f"UPDATE {name} SET result = {{}} WHERE key = {{}}", json.dumps(result, default=str), key
    )
    return result
