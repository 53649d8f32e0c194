"""Events the progress domain consumes."""

from __future__ import annotations

import datetime as dt
import uuid

from ..directory import service as directory
from ..platform_tables import OUTBOX
from . import service


@OUTBOX.handler("streak_freeze.granted")
async def on_streak_freeze_granted(event: dict) -> None:
    """A praise or a confirmed loyalty outcome earned the employee a streak freeze (at most 2 held)."""
    employee = await directory.get(employee_id=uuid.UUID(event["payload"]["employee_id"]))
    await service.grant_freeze(
        employee_id=employee["id"],
        time_zone=employee["time_zone"],
        now=dt.datetime.fromisoformat(event["occurred_at"]),
    )
