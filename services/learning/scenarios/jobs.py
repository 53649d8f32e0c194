"""Events the scenarios domain consumes."""

from __future__ import annotations

import datetime as dt
import uuid

from ..platform_tables import OUTBOX
from . import service


@OUTBOX.handler("complaint.practice_case")
async def on_practice_case(event: dict) -> None:
    """The feedback service's anonymised snapshot of a resolved (or reopened) complaint: kept to draft from."""
    await service.keep_case(case=event["payload"], now=dt.datetime.fromisoformat(event["occurred_at"]))


@OUTBOX.handler("employee.upserted")
async def on_employee_upserted(event: dict) -> None:
    """Someone joined, moved or came back: their team's approved scenarios follow them (and the old team's stop)."""
    await service.follow_team(employee_id=uuid.UUID(event["payload"]["id"]))
