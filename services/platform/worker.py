"""arq worker wiring shared by the services: storage on startup, the outbox relay and event consumer jobs, and a
run loop that outlives Redis (and PostgreSQL) going away."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg
import redis.exceptions
from arq import Retry, cron, func
from arq.cron import CronJob
from arq.worker import Worker, check_health
from piccolo.engine import engine_finder

from . import database
from . import redis as redis_bootstrap
from .clock import Clock, SystemClock
from .logs import configure_logging
from .outbox.routes import queue_name
from .outbox.service import HANDLE_EVENT_JOB, HANDLE_EVENTS_JOB, Outbox, consume, published_in_task, relay
from .settings import Settings, get_settings

log = logging.getLogger(__name__)
RELAY_JOB = "relay_outbox"
EVENT_TRIES = 5
EVENT_RETRY_SECONDS = 5
RELAY_BATCH = 500
RELAY_CRON = "relay_outbox_cron"
# A worker that lost Redis or PostgreSQL starts again after 0.5 s, 1 s, 2 s, ... at most 10 s apart.
RESTART_FIRST_DELAY = 0.5
RESTART_MAX_DELAY = 10.0
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,  # refused or reset connections, a vanished unix socket, timeouts
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.ConnectionDoesNotExistError,
)


def service_cron(service: str, job: CronJob) -> CronJob:
    """The cron job under a name of this service's own: arq's cron job ids (`<name>:<tick>`) are global in Redis,
    so two services' crons of one name would drop each other's ticks."""
    suffix = f":{service}"
    return job if job.name.endswith(suffix) else dataclasses.replace(job, name=job.name + suffix)


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
        # A worker sharing a process with the app (tests) uses the app's pool and leaves it open. A worker started
        # again after losing Redis keeps the pool it opened the first time (the context outlives each run).
        if "owns_pool" not in ctx:
            ctx["owns_pool"] = engine.pool is None
        if ctx["owns_pool"] and engine.pool is None:
            await database.open_pool(engine, settings)
        ctx["clock"] = clock
        ctx["settings"] = settings

    async def shutdown(ctx: dict) -> None:
        if ctx.get("owns_pool"):
            await database.close_pool(engine)

    async def handle_event(ctx: dict, event: dict) -> bool:
        """Deliver one event to this service's handlers; a second delivery is a no-op. A failure is tried
        again later (backing off), then left in the job results for an operator."""
        before = published_in_task()
        try:
            handled = await consume(outbox, event)
        except Exception:
            if ctx.get("job_try", 1) >= EVENT_TRIES:
                log.exception("event %s (%s) failed %d times; giving up", event["id"], event["topic"], EVENT_TRIES)
                raise
            raise Retry(defer=EVENT_RETRY_SECONDS * ctx.get("job_try", 1))
        await wake_relay_if_published(ctx, before)
        return handled

    async def handle_events(ctx: dict, events: list[dict]) -> int:
        """Deliver a slice of events, each in its own transaction; one that fails goes on as a job of its own
        (tried again with back-off) so it never holds the others back."""
        handled = 0
        before = published_in_task()
        for event in events:
            try:
                handled += await consume(outbox, event)
            except Exception:  # the event is retried alone; the rest of the slice is delivered
                log.exception("event %s (%s) failed; retrying it on its own", event["id"], event["topic"])
                await ctx["redis"].enqueue_job(
                    HANDLE_EVENT_JOB, event, _job_id=f"event:{service}:{event['id']}", _queue_name=queue_name(service)
                )
        await wake_relay_if_published(ctx, before)
        return handled

    async def wake_relay_if_published(ctx: dict, before: int) -> None:
        """A handler that published events (committed by now) wakes the relay, as an API write does."""
        if published_in_task() > before:
            try:
                await ctx["redis"].enqueue_job(RELAY_JOB, _queue_name=queue_name(service))
            except Exception as exc:  # best effort, as in the API: the relay cron covers a failure
                log.warning("could not wake the relay: %s", exc)

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
            service_cron(
                service,
                cron(relay_outbox, name=RELAY_CRON, second=set(range(0, 60, 5)), run_at_startup=True, keep_result=0),
            ),
            *(service_cron(service, job) for job in cron_jobs),
        ],
        "queue_name": queue_name(service),
        "redis_settings": redis_bootstrap.arq_settings(redis_url),
        "on_startup": startup,
        "on_shutdown": shutdown,
        "health_check_key": f"{queue_name(service)}:health-check",
        # The run loop (run_until_stopped) handles SIGINT/SIGTERM: it must stop while waiting to start again too.
        "handle_signals": False,
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
    asyncio.run(run_until_stopped(options))


async def run_until_stopped(options: dict[str, Any], *, first_delay: float = RESTART_FIRST_DELAY) -> None:
    """Run arq's worker until SIGINT/SIGTERM. When Redis (or PostgreSQL) goes away the worker's loop fails; it is
    started again after a back-off (doubling, at most RESTART_MAX_DELAY), and a run that got going resets it."""
    loop = asyncio.get_running_loop()
    current = asyncio.current_task()
    assert current is not None
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, current.cancel)
    try:
        await run_with_restarts(options, first_delay=first_delay)
    except asyncio.CancelledError:
        log.info("worker stopped")
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)


async def run_with_restarts(
    options: dict[str, Any],
    *,
    first_delay: float = RESTART_FIRST_DELAY,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """arq's Worker.main, started again with back-off after every connection failure; returns when a burst run
    ends. The context (and so the database pool) is shared by the runs; shutdown runs once, at the end."""
    ctx: dict[str, Any] = {"restarts": 0}
    delay = first_delay
    startup = options.get("on_startup")
    started = False

    async def on_startup(job_ctx: dict) -> None:
        nonlocal started
        if startup:
            await startup(job_ctx)
        started = True

    run_options = {**options, "ctx": ctx, "on_startup": on_startup, "on_shutdown": None, "handle_signals": False}
    try:
        while True:
            started = False
            worker = Worker(**run_options)
            try:
                await worker.main()
                return
            except CONNECTION_ERRORS as exc:
                if started:
                    delay = first_delay
                log.warning("worker lost its connection (%s: %s); starting again in %.1f s", type(exc).__name__, exc, delay)
            finally:
                await _discard(worker)
            ctx["restarts"] += 1
            await sleep(delay)
            delay = min(delay * 2, RESTART_MAX_DELAY)
    finally:
        shutdown = options.get("on_shutdown")
        if shutdown:
            await shutdown(ctx)


async def _discard(worker: Worker) -> None:
    """Stop a worker whose connection broke: cancel its jobs (arq retries them) and drop its Redis pool without
    the goodbye commands arq's close() would send over the broken connection."""
    for task in worker.tasks.values():
        task.cancel()
    await asyncio.gather(*worker.tasks.values(), return_exceptions=True)
    if worker._pool is not None:
        try:
            await worker._pool.close(close_connection_pool=True)
        except Exception:  # the connection is already broken; the pool is dropped either way
            pass
        worker._pool = None
