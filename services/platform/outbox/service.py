"""Writing events, relaying them to the consumers' arq queues, and consuming them once."""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from arq.connections import ArqRedis
from piccolo.table import Table

from .. import metrics, tracing
from .routes import ROUTES, queue_name

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], Awaitable[None]]
HANDLE_EVENT_JOB = "handle_event"
HANDLE_EVENTS_JOB = "handle_events"
# Events per arq job: one job per event costs more Redis round trips than the handler's own work.
DELIVERY_SLICE = 50
# Events added by the current task (an arq job runs in its own task): a job whose handlers published wakes the
# relay at once instead of leaving the events to the next cron tick.
_published_in_task: ContextVar[int] = ContextVar("published_in_task", default=0)


@dataclass
class Outbox:
    """One service's outbox: its two tables and its event handlers."""

    service: str
    events: type[Table]
    processed: type[Table]
    handlers: dict[str, list[Handler]] = field(default_factory=dict)

    def handler(self, topic: str) -> Callable[[Handler], Handler]:
        """Register a consumer of `topic` in this service (several domains may consume one topic)."""

        def register(fn: Handler) -> Handler:
            self.handlers.setdefault(topic, []).append(fn)
            return fn

        return register


async def publish(outbox: Outbox, *, topic: str, payload: Mapping[str, Any]) -> uuid.UUID:
    """Add one event; call inside the transaction that makes the change."""
    return (await publish_many(outbox, topic=topic, payloads=[payload]))[0]


async def publish_many(outbox: Outbox, *, topic: str, payloads: list[Mapping[str, Any]]) -> list[uuid.UUID]:
    """Add events in chunks (one statement per 1,000 events); call inside the change's transaction."""
    if topic not in ROUTES:
        raise ValueError(f"unknown event topic {topic!r}: add it to outbox/routes.py")
    ids = [uuid.uuid4() for _ in payloads]
    _published_in_task.set(_published_in_task.get() + len(ids))
    table = outbox.events._meta.get_formatted_tablename()
    # The request's trace goes with its events, so the worker's job continues it (tracing.py).
    traceparent = tracing.current_traceparent()
    for start in range(0, len(payloads), 1000):
        chunk_ids = ids[start : start + 1000]
        chunk = [json.dumps(p, default=str) for p in payloads[start : start + 1000]]
        await outbox.events.raw(
            f"INSERT INTO {table} (id, topic, payload, traceparent) "
            "SELECT unnest({}::uuid[]), {}, unnest({}::jsonb[]), {}",
            chunk_ids,
            topic,
            chunk,
            traceparent,
        )
    return ids


async def relay(outbox: Outbox, *, arq: ArqRedis, now: dt.datetime, batch: int = 500) -> int:
    """Move unpublished events onto their consumers' queues; returns how many were relayed.

    Runs in one transaction holding row locks (SKIP LOCKED lets relays run side by side). If Redis
    fails midway the transaction rolls back and the events go again later: consumers dedupe.
    """
    table = outbox.events._meta.get_formatted_tablename()
    async with outbox.events._meta.db.transaction():
        rows = await outbox.events.raw(
            f"SELECT id, topic, payload, created_at, traceparent FROM {table} WHERE published_at IS NULL "
            "ORDER BY created_at LIMIT {} FOR UPDATE SKIP LOCKED",
            batch,
        )
        if not rows:
            return 0
        by_consumer: dict[str, list[dict[str, Any]]] = {}
        lag = metrics.RELAY_LAG.labels(outbox.service)
        for row in rows:
            event = {
                "id": str(row["id"]),
                "topic": row["topic"],
                "payload": _as_dict(row["payload"]),
                "occurred_at": row["created_at"].isoformat(),
                "source": outbox.service,
            }
            if row["traceparent"]:
                event[tracing.TRACEPARENT] = row["traceparent"]
            lag.observe(max(0.0, (now - row["created_at"]).total_seconds()))
            for consumer in ROUTES[row["topic"]]:
                by_consumer.setdefault(consumer, []).append(event)
        for consumer, events in by_consumer.items():
            for start in range(0, len(events), DELIVERY_SLICE):
                chunk = events[start : start + DELIVERY_SLICE]
                await arq.enqueue_job(
                    HANDLE_EVENTS_JOB,
                    chunk,
                    _job_id=f"events:{consumer}:{chunk[0]['id']}:{len(chunk)}",
                    _queue_name=queue_name(consumer),
                )
        await outbox.events.raw(
            f"UPDATE {table} SET published_at = {{}}, attempts = attempts + 1 WHERE id = ANY({{}}::uuid[])",
            now,
            [row["id"] for row in rows],
        )
    return len(rows)


async def backlog(outbox: Outbox) -> tuple[int, dt.datetime | None]:
    """How many events wait to be relayed, and when the oldest of them was written."""
    table = outbox.events._meta.get_formatted_tablename()
    rows = await outbox.events.raw(
        f"SELECT count(*) AS waiting, min(created_at) AS oldest FROM {table} WHERE published_at IS NULL"
    )
    return rows[0]["waiting"], rows[0]["oldest"]


async def consume(outbox: Outbox, event: dict[str, Any]) -> bool:
    """Run each of this service's handlers for the event once, in one transaction; False when none ran.

    Each handler records its own key, so a handler added later still gets events the others had seen.
    """
    handlers = outbox.handlers.get(event["topic"], [])
    if not handlers:
        log.warning("no handler for %s in %s", event["topic"], outbox.service)
        return False
    table = outbox.processed._meta.get_formatted_tablename()
    ran = False
    async with outbox.processed._meta.db.transaction():
        for handler in handlers:
            first = await outbox.processed.raw(
                f"INSERT INTO {table} (key) VALUES ({{}}) ON CONFLICT DO NOTHING RETURNING key",
                f"{handler.__module__}.{handler.__name__}:{event['id']}",
            )
            if first:
                await handler(event)
                ran = True
    return ran


def published_in_task() -> int:
    """How many events this task has added so far (committed or not)."""
    return _published_in_task.get()


def _as_dict(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else value
