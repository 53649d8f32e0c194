"""The complaint domain's arq jobs: the response-time watch, every minute; practice cases for the learning service."""

from __future__ import annotations

import uuid

from arq import cron, func

from ..platform_tables import OUTBOX
from . import service

CHECK_TARGETS_JOB = "check_complaint_targets"


async def check_complaint_targets(ctx: dict) -> dict[str, int]:
    """Record complaints that missed a target and notify the managers who answer for them."""
    return await service.check_targets(now=ctx["clock"].now())


# Enqueueable by name too, so an operator (or a test) can run the watch now.
FUNCTIONS: list = [func(check_complaint_targets, name=CHECK_TARGETS_JOB)]
CRON_JOBS: list = [cron(check_complaint_targets, name=f"{CHECK_TARGETS_JOB}_cron", second=0, keep_result=0)]


@OUTBOX.handler("complaint.resolved")
@OUTBOX.handler("complaint.reopened")
async def on_resolved_or_reopened(event: dict) -> None:
    """A resolved complaint may become practice (its anonymised snapshot goes to learning); a reopened one may not."""
    await service.publish_practice_case(feedback_id=uuid.UUID(event["payload"]["feedback_id"]))
