"""The platform tables (outbox, idempotency) in the feedback schema."""

from services.platform.idempotency import idempotency_table
from services.platform.outbox.service import Outbox
from services.platform.outbox.tables import outbox_tables

from . import SCHEMA, SERVICE

OutboxEvent, ProcessedEvent = outbox_tables(SCHEMA)
IdempotencyRecord = idempotency_table(SCHEMA)
OUTBOX = Outbox(service=SERVICE, events=OutboxEvent, processed=ProcessedEvent)
