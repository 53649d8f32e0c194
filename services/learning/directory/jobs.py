"""Events the directory consumes."""

from __future__ import annotations

from services.platform.outbox.service import publish_many

from ..platform_tables import OUTBOX
from .events import employee_event
from .service import EMPLOYEE_COLUMNS, table


@OUTBOX.handler("directory.backfill_requested")
async def on_backfill_requested(event: dict) -> None:
    """Announce every employee again (current version), so a replica can rebuild itself from events."""
    rows = await OUTBOX.events.raw(f"SELECT {EMPLOYEE_COLUMNS} FROM {table()} ORDER BY org_path")
    by_topic: dict[str, list[dict]] = {}
    for row in rows:
        topic, payload = employee_event(row)
        by_topic.setdefault(topic, []).append(payload)
    for topic, payloads in by_topic.items():
        await publish_many(OUTBOX, topic=topic, payloads=payloads)
