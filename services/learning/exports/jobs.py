"""The export jobs (one per export or push, idempotent), the cron that requeues and forgets them, and the
consumer of the feedback service's badge events."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from arq import Retry, cron, func
from arq.constants import in_progress_key_prefix

from services.platform.outbox.routes import queue_name

from .. import SERVICE
from ..platform_tables import OUTBOX
from . import lrs, service

log = logging.getLogger(__name__)
EXPORT_JOB = "run_training_export"
PUSH_JOB = "push_training_records"
EXPORT_TRIES = 3
PUSH_TRIES = 6
JOB_TIMEOUT_SECONDS = 3 * 3600  # a million rows take minutes; the platform default (300 s) is for small jobs
REQUEUE_AFTER = dt.timedelta(minutes=1)


def job_id(export_id) -> str:
    """One job per export: a second enqueue while it is queued or kept is dropped by arq."""
    return f"training-export:{export_id}"


async def run_training_export(ctx: dict, export_id: str) -> str:
    """Write one export's file; a failure is tried again from scratch, then recorded on the export."""
    clock, settings = ctx["clock"], ctx["settings"]
    try:
        return await service.run_export(export_id=uuid.UUID(export_id), settings=settings, now=clock.now)
    except Exception as exc:
        if ctx.get("job_try", 1) < EXPORT_TRIES:
            log.warning("training export %s failed (%s); trying again", export_id, exc)
            raise Retry(defer=5 * ctx.get("job_try", 1)) from exc
        log.exception("training export %s failed %d times; giving up", export_id, EXPORT_TRIES)
        await service.fail(
            export_id=uuid.UUID(export_id), error=f"{type(exc).__name__}: {exc}", settings=settings, now=clock.now()
        )
        return "failed"


async def push_training_records(ctx: dict, export_id: str) -> str:
    """Push one selection to the LRS; an unreachable LRS is tried again later, from the last acknowledged batch.

    The job holds a lease renewed before each batch: arq keeps a started job from other workers until its
    in-progress key expires (the 3 h job timeout), and the job stays queued until it finishes. Cutting that key
    to `lrs_push_lease_seconds` means a worker killed mid-push (no Retry, no result) frees the push that soon, and
    the next worker polling the queue resumes it from the checkpoint (as a further try).
    """
    clock, settings = ctx["clock"], ctx["settings"]
    lease_key, lease_ms = in_progress_key_prefix + ctx["job_id"], int(settings.lrs_push_lease_seconds * 1000)

    async def renew_lease() -> None:
        await ctx["redis"].pexpire(lease_key, lease_ms)

    try:
        return await service.run_push(
            export_id=uuid.UUID(export_id), settings=settings, now=clock.now, before_batch=renew_lease
        )
    except (lrs.LrsUnavailable, lrs.LrsNotConfigured, OSError) as exc:
        tries = ctx.get("job_try", 1)
        if tries < PUSH_TRIES and not isinstance(exc, lrs.LrsNotConfigured):
            log.warning("LRS push %s stopped (%s); resuming later", export_id, exc)
            raise Retry(defer=min(300, 10 * 2 ** (tries - 1))) from exc
        await service.fail(
            export_id=uuid.UUID(export_id), error=str(exc) or type(exc).__name__, settings=settings, now=clock.now()
        )
        return "failed"


async def training_exports_cron(ctx: dict) -> dict:
    """Requeue exports whose job never got queued (Redis was away); delete those past the retention."""
    now = ctx["clock"].now()
    requeued = 0
    for row in await service.stale_queued(before=now - REQUEUE_AFTER):
        job = EXPORT_JOB if row["kind"] == "export" else PUSH_JOB
        if await ctx["redis"].enqueue_job(
            job, str(row["id"]), _job_id=job_id(row["id"]), _queue_name=queue_name(SERVICE)
        ):
            requeued += 1
    purged = await service.purge(settings=ctx["settings"], now=now)
    return {"requeued": requeued, "purged": purged}


@OUTBOX.handler("badge.earned")
async def on_badge_earned(event: dict) -> None:
    """The feedback service awarded a badge: kept here so exports and pushes send it (xAPI `earned`)."""
    payload = event["payload"]
    await service.record_badge(
        employee_id=uuid.UUID(payload["employee_id"]),
        badge=payload["badge"],
        name=payload["name"],
        description=payload["description"],
        earned_at=dt.datetime.fromisoformat(payload["earned_at"]),
    )


FUNCTIONS = [
    func(run_training_export, name=EXPORT_JOB, max_tries=EXPORT_TRIES, timeout=JOB_TIMEOUT_SECONDS),
    func(push_training_records, name=PUSH_JOB, max_tries=PUSH_TRIES, timeout=JOB_TIMEOUT_SECONDS),
]
# Named per service by the platform (`training_exports_cron:learning`, as `relay_outbox_cron:<service>`).
CRON_JOBS = [
    cron(training_exports_cron, name="training_exports_cron", minute=set(range(0, 60, 5)), second=17, keep_result=0)
]
