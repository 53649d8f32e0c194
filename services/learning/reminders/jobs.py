"""The reminders' cron: every few minutes, send the reminders that have come due."""

from __future__ import annotations

from arq import cron

from . import delivery


async def daily_reminders(ctx: dict) -> dict[str, int]:
    """Send the reminders due now (delivery.py; at most one per employee and local day, whoever runs it)."""
    return await delivery.send_due(now=ctx["clock"].now(), settings=ctx["settings"])


# Named per service by the platform: `daily_reminders_cron:learning`. A run may outlast its tick (mail is sent one
# message at a time): the next tick overlapping it claims nothing twice.
CRON_JOBS = [
    cron(daily_reminders, name="daily_reminders_cron", minute=set(range(0, 60, 5)), second=41, keep_result=0,
         timeout=15 * 60)
]
