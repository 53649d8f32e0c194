"""arq worker wiring shared by the services: storage on startup, the outbox relay and event consumer jobs."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from arq import Retry, cron, func
from arq.worker import Worker, check_health
from piccolo.engine import engine_finder

from . import database
from . import redis as redis_bootstrap
from .clock import Clock, SystemClock
from .logs import configure_logging
from .outbox.routes import queue_name
from .outbox.service import HANDLE_EVENT_JOB, HANDLE_EVENTS_JOB, Outbox, consume, relay
from .settings import Settings, get_settings

log = logging.getLogger(__name__)
RELAY_JOB = "relay_outbox"
EVENT_TRIES = 5
EVENT_RETRY_SECONDS = 5
RELAY_BATCH = 500


def worker_options(
    *,
    service: str,
    outbox: Outbox,
    redis_url: str,
    settings: Settings,
    clock: Clock | None = None,
    functions: Sequence[Callable[..., Any]] = (),
    cron_jobs: Sequence[Any] = (),
) -> dict[str, Any]:
    """Keyword arguments for arq's Worker: this service's jobs plus the outbox relay and consumer."""
    clock = clock or SystemClock()
    engine = engine_finder()

    async def startup(ctx: dict) -> None:
        await database.prepare(settings)
        # A worker sharing a process with the app (tests) uses the app's pool and leaves it open.
        ctx["owns_pool"] = engine.pool is None
        if ctx["owns_pool"]:
            await database.open_pool(engine, settings)
        ctx["clock"] = clock
        ctx["settings"] = settings

    async def shutdown(ctx: dict) -> None:
        if ctx.get("owns_pool"):
            await database.close_pool(engine)

    async def handle_event(ctx: dict, event: dict) -> bool:
        """Deliver one event to this service's handlers; a second delivery is a no-op. A failure is tried
        again later (backing off), then left in the job results for an operator."""
        try:
            return await consume(outbox, event)
        except Exception:
            if ctx.get("job_try", 1) >= EVENT_TRIES:
                log.exception("event %s (%s) failed %d times; giving up", event["id"], event["topic"], EVENT_TRIES)
                raise
            raise Retry(defer=EVENT_RETRY_SECONDS * ctx.get("job_try", 1))

    async def handle_events(ctx: dict, events: list[dict]) -> int:
        """Deliver a slice of events, each in its own transaction; one that fails goes on as a job of its own
        (tried again with back-off) so it never holds the others back."""
        handled = 0
        for event in events:
            try:
                handled += await consume(outbox, event)
            except Exception:  # the event is retried alone; the rest of the slice is delivered
                log.exception("event %s (%s) failed; retrying it on its own", event["id"], event["topic"])
                await ctx["redis"].enqueue_job(
                    HANDLE_EVENT_JOB, event, _job_id=f"event:{service}:{event['id']}", _queue_name=queue_name(service)
                )
        return handled

    async def relay_outbox(ctx: dict) -> int:
        """Push unpublished events onto their consumers' queues, batch after batch."""
        total = 0
        while True:
            moved = await relay(outbox, arq=ctx["redis"], now=clock.now(), batch=RELAY_BATCH)
            total += moved
            if moved < RELAY_BATCH:
                return total

    return {
        "functions": [
            func(handle_event, name=HANDLE_EVENT_JOB, max_tries=EVENT_TRIES),
            func(handle_events, name=HANDLE_EVENTS_JOB, max_tries=3),
            # keep_result=0 lets the next "wake up" with the same job id in as soon as this run ends.
            func(relay_outbox, name=RELAY_JOB, keep_result=0),
            *functions,
        ],
        "cron_jobs": [
            cron(relay_outbox, name="relay_outbox_cron", second=set(range(0, 60, 5)), run_at_startup=True, keep_result=0),
            *cron_jobs,
        ],
        "queue_name": queue_name(service),
        "redis_settings": redis_bootstrap.arq_settings(redis_url),
        "on_startup": startup,
        "on_shutdown": shutdown,
        "health_check_key": f"{queue_name(service)}:health-check",
        "handle_signals": True,
        "job_timeout": 300,
        # arq's default (0.5 s between polls) caps a worker near 200 jobs/s; events should flow at once.
        "poll_delay": 0.05,
    }


def main(service: str, build: Callable[[str, Settings], dict[str, Any]]) -> None:
    """Entry point of `python -m services.<service>.worker [--check]`."""
    settings = get_settings()
    configure_logging(settings)
    redis_url = redis_bootstrap.redis_url(settings)
    options = build(redis_url, settings)
    if "--check" in sys.argv:

        class Health:
            redis_settings = options["redis_settings"]
            health_check_key = options["health_check_key"]
            queue_name = options["queue_name"]

        sys.exit(check_health(Health))
    asyncio.set_event_loop(asyncio.new_event_loop())
    Worker(**options).run()
