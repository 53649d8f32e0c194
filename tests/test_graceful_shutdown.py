"""Graceful shutdown: SIGTERM to a real uvicorn during a slow request and to a real worker during a running job;
both finish the work they hold, then exit. (Its own module: no other learning worker may share the queue.)"""

from __future__ import annotations

import asyncio
import signal
import uuid

import asyncpg
import httpx
import pytest

from .process_steps import RESET, free_port, production_env, start_api, start_worker, stop, wait_until
from .support import given_org


async def test_sigterm_lets_a_slow_request_and_a_running_job_finish(api, storage, tmp_path):
    from arq.jobs import Job, JobStatus

    from services.platform import redis as redis_bootstrap
    from services.platform.outbox.routes import queue_name

    people = await given_org()
    port = free_port()
    env = production_env(storage, SERVICELOOP_WORKER_STOP_GRACE_SECONDS="30")
    server = start_api(env, port, tmp_path / "api.log")
    worker = start_worker(env, tmp_path / "worker.log")
    url = f"http://127.0.0.1:{port}"
    blocker = await asyncpg.connect(storage["database_url"])
    pool = await redis_bootstrap.arq_pool(storage["redis_url"])
    try:
        wait_until(lambda: httpx.get(f"{url}/readyz", timeout=2).status_code == 200, server, "the API")
        wait_until(lambda: b"Starting worker" in (tmp_path / "worker.log").read_bytes(), worker, "the worker")
        # given the tables a reset request (its event) and an event delivery write to, held by another transaction
        transaction = blocker.transaction()
        await transaction.start()
        await blocker.execute("LOCK TABLE learning.outbox_event, learning.processed_event IN ACCESS EXCLUSIVE MODE")
        # and a request and a job waiting on them
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            request = asyncio.create_task(http.post("/graphql", json={
                "query": RESET, "operationName": "RequestReset", "variables": {"email": people["A1"]["email"]}}))
            event = {"id": str(uuid.uuid4()), "topic": "directory.backfill_requested", "payload": {},
                     "occurred_at": "2026-03-10T09:00:00+00:00", "source": "feedback"}
            job = await pool.enqueue_job("handle_event", event, _queue_name=queue_name("learning"))
            for _ in range(100):
                if await job.status() == JobStatus.in_progress:
                    break
                await asyncio.sleep(0.1)
            assert await job.status() == JobStatus.in_progress
            await asyncio.sleep(0.5)  # the request is in its handler by now
            assert not request.done()
            # when both processes are told to stop
            server.send_signal(signal.SIGTERM)
            worker.send_signal(signal.SIGTERM)
            await asyncio.sleep(1.0)
            # then the API takes no new connections, and both wait for the work they hold
            with pytest.raises(httpx.ConnectError):
                await http.get("/healthz")
            assert server.poll() is None and worker.poll() is None and not request.done()
            # and once the tables are free, the request is answered and the job completes
            await transaction.rollback()
            response = await asyncio.wait_for(request, 30)
        assert response.status_code == 200
        assert response.json() == {"data": {"requestPasswordReset": {"accepted": True}}}
        # and both exit: uvicorn after its shutdown (it re-raises the SIGTERM it caught, so the exit status says
        # SIGTERM), the worker cleanly
        assert server.wait(timeout=30) == -signal.SIGTERM
        assert "Application shutdown complete" in (tmp_path / "api.log").read_text()
        assert worker.wait(timeout=30) == 0
        result = await Job(job.job_id, pool, _queue_name=queue_name("learning")).result_info()
        assert result is not None and result.success and result.result is True
    finally:
        await blocker.close()
        await pool.aclose()
        stop(server, worker)
