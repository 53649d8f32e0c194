"""Consumes the learning service's directory events into the replica (and moves people between leaderboards)."""

from __future__ import annotations

import uuid

from ..platform_tables import OUTBOX
from ..recognition import kept_boards
from . import service


async def _apply(employee: dict) -> None:
    """The announcement into the replica; a move, new role family or (de)activation also moves the kept boards."""
    await kept_boards.hold_for_writing()
    before = await service.get(employee_id=uuid.UUID(employee["id"]))
    if await service.apply_announcement(employee=employee):
        await kept_boards.staff_changed(before=before, after={**employee, "id": uuid.UUID(employee["id"])})


@OUTBOX.handler("employee.upserted")
async def on_employee_upserted(event: dict) -> None:
    await _apply(event["payload"])


@OUTBOX.handler("employee.deactivated")
async def on_employee_deactivated(event: dict) -> None:
    await _apply(event["payload"])


FUNCTIONS: list = []
CRON_JOBS: list = []
