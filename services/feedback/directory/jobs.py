"""Consumes the learning service's directory events into the replica."""

from __future__ import annotations

from ..platform_tables import OUTBOX
from . import service


@OUTBOX.handler("employee.upserted")
async def on_employee_upserted(event: dict) -> None:
    await service.apply_announcement(employee=event["payload"])


@OUTBOX.handler("employee.deactivated")
async def on_employee_deactivated(event: dict) -> None:
    await service.apply_announcement(employee=event["payload"])


FUNCTIONS: list = []
CRON_JOBS: list = []
