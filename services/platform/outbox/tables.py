"""The outbox tables, defined once and placed in each service's own schema."""

from __future__ import annotations

from piccolo.columns import UUID, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.columns.column_types import JSONB
from piccolo.table import Table


def outbox_tables(schema: str) -> tuple[type[Table], type[Table]]:
    """(OutboxEvent, ProcessedEvent) table classes living in `schema`."""

    class OutboxEvent(Table, tablename="outbox_event", schema=schema):
        """An event written in the same transaction as the change it reports."""

        id = UUID(primary_key=True)
        topic = Varchar(length=100)
        payload = JSONB()
        created_at = Timestamptz(default=TimestamptzNow())
        published_at = Timestamptz(null=True, default=None, index=True, index_method=IndexMethod.btree)
        attempts = Integer(default=0)
        last_error = Text(null=True, default=None)
        # The W3C traceparent of the request that wrote the event (null with tracing off): its consumers' job spans
        # continue that trace.
        traceparent = Varchar(length=64, null=True, default=None)

    class ProcessedEvent(Table, tablename="processed_event", schema=schema):
        """One row per (consumer, event) handled: makes at-least-once delivery effectively once."""

        key = Varchar(length=200, primary_key=True)
        processed_at = Timestamptz(default=TimestamptzNow())

    return OutboxEvent, ProcessedEvent
