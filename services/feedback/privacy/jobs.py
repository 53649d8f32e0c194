"""The retention job: customers' personal data goes once their last feedback is older than the retention period."""

from __future__ import annotations

import logging

from arq import cron, func

from . import service

log = logging.getLogger(__name__)

RETENTION_JOB = "erase_expired_customers"


async def erase_expired_customers(ctx: dict) -> dict[str, int]:
    """Erase contact data kept past the retention period (daily; safe to run twice)."""
    result = await service.erase_expired(now=ctx["clock"].now())
    if result["customers"]:
        log.info("retention: erased %s customers, scrubbed %s feedback items", result["customers"], result["feedback"])
    return result


FUNCTIONS: list = [func(erase_expired_customers, name=RETENTION_JOB)]
# Daily at night (UTC), when nobody is filling in forms.
CRON_JOBS: list = [cron(erase_expired_customers, name=f"{RETENTION_JOB}_cron", hour={2}, minute={30}, second=0, keep_result=0)]
