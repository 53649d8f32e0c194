"""arq worker wiring shared by the services: storage on startup, the outbox relay and event consumer jobs, every
job observed (metrics, a trace span continuing the request that caused it, its name on log lines), a run loop that
outlives Redis (and PostgreSQL) going away, and a graceful stop on SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg
import redis.exceptions
import structlog
from arq import Retry, cron, func
from arq.cron import CronJob
from arq.worker import Worker, check_health
from piccolo.engine import engine_finder

from . import database, metrics, tracing
from . import redis as redis_bootstrap
from .clock import Clock, SystemClock
from .logs import configure_logging
from .outbox.routes import queue_name
from .outbox.service import (
    HANDLE_EVENT_JOB,
    HANDLE_EVENTS_JOB,
    Outbox,
    backlog,
    consume,
    published_in_task,
    relay,
)
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

    async def relay_outbox_on_schedule(ctx: dict) -> int:
        """The relay's cron run, which also measures what waits in the outbox (when metrics are served)."""
        total = await relay_outbox(ctx)
        if settings.metrics_port is not None:
            waiting, oldest = await backlog(outbox)
            age = max(0.0, (clock.now() - oldest).total_seconds()) if oldest is not None else 0.0
            metrics.observe_outbox(service=service, backlog=waiting, oldest_age_seconds=age)
        return total

    jobs = [
        func(handle_event, name=HANDLE_EVENT_JOB, max_tries=EVENT_TRIES),
        func(handle_events, name=HANDLE_EVENTS_JOB, max_tries=3),
        # keep_result=0 lets the next "wake up" with the same job id in as soon as this run ends.
        func(relay_outbox, name=RELAY_JOB, keep_result=0),
        *functions,
    ]
    crons = [
        service_cron(
            service,
            cron(
                relay_outbox_on_schedule, name=RELAY_CRON, second=set(range(0, 60, 5)), run_at_startup=True,
                keep_result=0,
            ),
        ),
        *(service_cron(service, job) for job in cron_jobs),
    ]
    return {
        "functions": [observed_function(service, func(job)) for job in jobs],
        "cron_jobs": [observed_function(service, job) for job in crons],
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


def observed_function(service: str, job: Any) -> Any:
    """An arq Function or CronJob whose runs are counted and timed by name and outcome, run inside a span that
    continues the trace of the request behind it (the traceparent its events carry), with its name on log lines."""
    run = job.coroutine
    name = job.name

    async def observed(ctx: dict, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        outcome = "failure"
        metrics.JOBS_RUNNING.labels(service).inc()
        bound = structlog.contextvars.bind_contextvars(job=name, job_id=ctx.get("job_id"))
        span = (
            tracing.continued(_traceparents_of(args), f"job {name}", {"messaging.operation.name": name})
            if tracing.enabled()
            else contextlib.nullcontext()
        )
        try:
            with span:
                result = await run(ctx, *args, **kwargs)
            outcome = "success"
            return result
        except Retry:
            outcome = "retry"
            raise
        except asyncio.CancelledError:
            outcome = "cancelled"
            raise
        finally:
            metrics.JOBS_RUNNING.labels(service).dec()
            metrics.JOB_SECONDS.labels(service, name, outcome).observe(time.perf_counter() - started)
            structlog.contextvars.reset_contextvars(**bound)

    observed.__qualname__ = getattr(run, "__qualname__", name)
    return dataclasses.replace(job, coroutine=observed)


def _traceparents_of(args: tuple) -> list[str]:
    """The traceparents an event job's events carry (one event, or a slice of them), in order, each once."""
    first = args[0] if args else None
    events = first if isinstance(first, list) else [first]
    found = (event.get(tracing.TRACEPARENT) for event in events if isinstance(event, dict))
    return list(dict.fromkeys(traceparent for traceparent in found if traceparent))


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
    tracing.configure(settings, process=f"{service}-worker")
    metrics.serve(settings)
    try:
        asyncio.run(run_until_stopped(options, grace_seconds=settings.worker_stop_grace_seconds))
    finally:
        tracing.flush()


class GracefulStop:
    """The first SIGTERM/SIGINT: take no new jobs, let the running ones finish (at most `grace_seconds`), then stop.
    A job still running then is cancelled: arq leaves a cancelled job in its queue (in-progress mark removed) and
    another worker runs it again, which our jobs allow (idempotent in the database). A second signal stops at once,
    as does one that comes while the worker waits to start again."""

    def __init__(self, task: asyncio.Task, *, grace_seconds: float) -> None:
        self.task = task
        self.grace_seconds = grace_seconds
        self.worker: Worker | None = None
        self.signalled = False

    def __call__(self) -> None:
        if self.signalled or self.worker is None:
            self.task.cancel()
            return
        self.signalled = True
        self.worker.allow_pick_jobs = False
        running = sum(not task.done() for task in self.worker.tasks.values())
        log.info("stopping: no new jobs; waiting up to %.0f s for %d running", self.grace_seconds, running)
        asyncio.get_running_loop().create_task(self._stop_when_idle(self.worker))

    async def _stop_when_idle(self, worker: Worker) -> None:
        deadline = time.monotonic() + self.grace_seconds
        while any(not task.done() for task in worker.tasks.values()) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        self.task.cancel()


async def run_until_stopped(
    options: dict[str, Any], *, first_delay: float = RESTART_FIRST_DELAY, grace_seconds: float = 0.0
) -> None:
    """Run arq's worker until SIGINT/SIGTERM (GracefulStop). When Redis (or PostgreSQL) goes away the worker's loop
    fails; it is started again after a back-off (doubling, at most RESTART_MAX_DELAY), and a run that got going
    resets it."""
    loop = asyncio.get_running_loop()
    current = asyncio.current_task()
    assert current is not None
    stop = GracefulStop(current, grace_seconds=grace_seconds)
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop)
    try:
        await run_with_restarts(options, first_delay=first_delay, stop=stop)
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
    stop: GracefulStop | None = None,
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
            if stop is not None:
                stop.worker = worker
            try:
                await worker.main()
                return
            except CONNECTION_ERRORS as exc:
                if started:
                    delay = first_delay
                log.warning("worker lost its connection (%s: %s); starting again in %.1f s", type(exc).__name__, exc, delay)
            finally:
                if stop is not None:
                    stop.worker = None
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
