"""Production mode, observed from outside: real uvicorn and worker processes started with SERVICELOOP_ENV=production
refuse default or shared keys, serve Prometheus metrics on a port of their own, export OpenTelemetry traces (to an
OTLP/HTTP collector in this test) that follow a request through PostgreSQL and the outbox into the worker's job,
write JSON log lines carrying the request and trace ids, and finish their work when told to stop."""

from __future__ import annotations

import asyncio
import gzip
import http.server
import json
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time
import uuid

import asyncpg
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from services.platform.settings import DEV_JWT_SECRET, Settings

from .support import given_org

ROOT = pathlib.Path(__file__).resolve().parents[1]
SECRETS = {
    "SERVICELOOP_JWT_SECRET": "access-token-key-of-the-production-test-0123456789",
    "SERVICELOOP_LINK_TOKEN_SECRET": "link-token-key-of-the-production-test-0123456789",
    "SERVICELOOP_GATEWAY_SECRET": "gateway-key-of-the-production-test-0123456789",
}
RESET = "mutation RequestReset($email: String!) { requestPasswordReset(input: {email: $email}) { accepted } }"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(storage: dict, **overrides: str) -> dict[str, str]:
    return {
        **os.environ,
        **SECRETS,
        "SERVICELOOP_ENV": "production",
        "DATABASE_URL": storage["database_url"],
        "REDIS_URL": storage["redis_url"],
        "SERVICELOOP_APP_BASE_URL": "http://127.0.0.1/app",
        "SERVICELOOP_PUBLIC_BASE_URL": "http://127.0.0.1/feedback",
        "SERVICELOOP_LOG_LEVEL": "INFO",
        # spans leave the process within 0.1 s (the default batches for 5 s)
        "OTEL_BSP_SCHEDULE_DELAY": "100",
        **overrides,
    }


def start_api(env: dict[str, str], port: int, log: pathlib.Path) -> subprocess.Popen:
    """The learning API as the deployment starts it."""
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "services.learning.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log", "--no-proxy-headers"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
    )


def start_worker(env: dict[str, str], log: pathlib.Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "services.learning.worker"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"))


def wait_until(check, process: subprocess.Popen, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what}: the process exited with {process.returncode}")
        try:
            result = check()
            if result:
                return result
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{what}: not within {timeout} s")


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def samples(url: str, name: str) -> dict[tuple, float]:
    """The metric's samples on the metrics port, by their sorted labels."""
    found = {}
    for family in text_string_to_metric_families(httpx.get(url, timeout=5).text):
        for sample in family.samples:
            if sample.name == name:
                found[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def sample(url: str, name: str, **labels: str) -> float:
    return sum(value for key, value in samples(url, name).items() if set(labels.items()) <= set(key))


class Collector:
    """An OTLP/HTTP trace receiver: decodes each export (protobuf) and keeps its spans."""

    def __init__(self) -> None:
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

        self.spans: list[dict] = []
        collector = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                export = ExportTraceServiceRequest.FromString(body)
                for resource_spans in export.resource_spans:
                    resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                    for scope_spans in resource_spans.scope_spans:
                        for span in scope_spans.spans:
                            collector.spans.append({
                                "service": resource.get("service.name"),
                                "trace_id": span.trace_id.hex(),
                                "span_id": span.span_id.hex(),
                                "parent_id": span.parent_span_id.hex(),
                                "name": span.name,
                                "attributes": {a.key: a.value.string_value for a in span.attributes},
                            })
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def deployed(storage, tmp_path_factory):
    """The learning API and worker in production mode, each with its metrics port, tracing to the collector."""
    logs = tmp_path_factory.mktemp("logs")
    collector = Collector()
    ports = {"api": _free_port(), "api_metrics": _free_port(), "worker_metrics": _free_port()}
    api = start_api(production_env(storage, SERVICELOOP_METRICS_PORT=str(ports["api_metrics"]),
                                   SERVICELOOP_OTLP_ENDPOINT=collector.url), ports["api"], logs / "api.log")
    worker = start_worker(production_env(storage, SERVICELOOP_METRICS_PORT=str(ports["worker_metrics"]),
                                         SERVICELOOP_OTLP_ENDPOINT=collector.url), logs / "worker.log")
    try:
        url = f"http://127.0.0.1:{ports['api']}"
        wait_until(lambda: httpx.get(f"{url}/readyz", timeout=2).status_code == 200, api, "the API")
        wait_until(lambda: httpx.get(f"http://127.0.0.1:{ports['worker_metrics']}/", timeout=2).status_code == 200,
                   worker, "the worker's metrics")
        yield {
            "url": url,
            "api_metrics": f"http://127.0.0.1:{ports['api_metrics']}/metrics",
            "worker_metrics": f"http://127.0.0.1:{ports['worker_metrics']}/metrics",
            "collector": collector,
            "api_log": logs / "api.log",
        }
    finally:
        stop(api, worker)
        collector.server.shutdown()


@pytest.mark.parametrize(
    ("keys", "named"),
    [
        ({"link_token_secret": None}, "SERVICELOOP_LINK_TOKEN_SECRET must be set"),
        ({"jwt_secret": DEV_JWT_SECRET}, "SERVICELOOP_JWT_SECRET must be set"),
        ({"link_token_secret": SECRETS["SERVICELOOP_JWT_SECRET"]},
         "SERVICELOOP_LINK_TOKEN_SECRET is the same as SERVICELOOP_JWT_SECRET"),
        ({"gateway_secret": SECRETS["SERVICELOOP_LINK_TOKEN_SECRET"]},
         "SERVICELOOP_GATEWAY_SECRET is the same as SERVICELOOP_LINK_TOKEN_SECRET"),
        ({"gateway_secret": "serviceloop-development-gateway-secret"},
         "SERVICELOOP_GATEWAY_SECRET is a development default"),
        ({"link_token_secret": "short"}, "SERVICELOOP_LINK_TOKEN_SECRET is shorter than 32"),
    ],
)
def test_production_refuses_default_shared_or_missing_keys(keys, named):
    # given production settings with one key per purpose, but one of them missing, shared or a default
    distinct = {name.removeprefix("SERVICELOOP_").lower(): value for name, value in SECRETS.items()}
    given = dict(env="production", database_url="postgresql://x/y", redis_url="redis://x", smtp_host="mail.invalid",
                 app_base_url="https://x/app", public_base_url="https://x/feedback", **{**distinct, **keys})
    # then the settings are refused, naming the setting to fix
    with pytest.raises(ValueError, match=named):
        Settings(**given)
    # and with distinct keys they are accepted, each purpose with its own key
    settings = Settings(**{**given, **distinct})
    assert settings.link_token_key != settings.jwt_secret.get_secret_value().encode()


def test_development_derives_a_link_key_of_its_own_without_configuration():
    settings = Settings(env="development")
    assert settings.link_token_key not in (DEV_JWT_SECRET.encode(), b"")


def test_a_production_api_does_not_start_with_a_shared_key(storage, tmp_path):
    # given the link-token key set to the access-token key
    env = production_env(storage, SERVICELOOP_LINK_TOKEN_SECRET=SECRETS["SERVICELOOP_JWT_SECRET"])
    # when uvicorn starts the API
    process = start_api(env, _free_port(), tmp_path / "api.log")
    # then it exits, saying which setting to fix
    assert process.wait(timeout=60) != 0
    assert "SERVICELOOP_LINK_TOKEN_SECRET is the same as SERVICELOOP_JWT_SECRET" in (tmp_path / "api.log").read_text()


async def test_a_graphql_request_is_measured_by_operation_and_its_errors_by_code(api, deployed):
    people = await given_org()
    async with httpx.AsyncClient(base_url=deployed["url"], timeout=10) as http:
        # when a named operation, an anonymous one and a broken one are sent
        reset = await http.post("/graphql", json={"query": RESET, "operationName": "RequestReset",
                                                  "variables": {"email": people["A1"]["email"]}})
        await http.post("/graphql", json={"query": "{ __typename }"})
        broken = await http.post("/graphql", json={"query": "query Broken { noSuchField }"})
        # then the public port serves no metrics
        assert (await http.get("/metrics")).status_code == 404
    assert reset.json() == {"data": {"requestPasswordReset": {"accepted": True}}}
    assert broken.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    # and the metrics port has a latency histogram per operation name, and the errors by code
    metrics = deployed["api_metrics"]
    histogram = "serviceloop_graphql_request_duration_seconds"
    assert sample(metrics, f"{histogram}_count", service="learning", operation="RequestReset") >= 1
    assert sample(metrics, f"{histogram}_bucket", service="learning", operation="RequestReset", le="+Inf") >= 1
    assert sample(metrics, f"{histogram}_count", service="learning", operation="anonymous") >= 1
    assert sample(metrics, "serviceloop_graphql_errors_total", service="learning", operation="Broken",
                  code="GRAPHQL_VALIDATION_FAILED") >= 1
    assert sample(metrics, "serviceloop_graphql_errors_total", operation="RequestReset") == 0
    # and the worker counts the jobs it ran (the reset's event delivered) by name and outcome, and the relay lag
    wait_until(lambda: sample(deployed["worker_metrics"], "serviceloop_job_duration_seconds_count",
                              job="handle_events", outcome="success") >= 1, subprocess_alive, "the event job")
    assert sample(deployed["worker_metrics"], "serviceloop_outbox_relay_lag_seconds_count", service="learning") >= 1
    wait_until(lambda: sample(deployed["worker_metrics"], "serviceloop_outbox_measured_timestamp_seconds") > 0,
               subprocess_alive, "the outbox measurement", timeout=10)
    assert sample(deployed["worker_metrics"], "serviceloop_outbox_backlog_events", service="learning") >= 0


class _Alive:
    """wait_until's process argument where the process is the fixture's (its health is checked there)."""

    returncode = None

    def poll(self):
        return None


subprocess_alive = _Alive()


async def test_a_request_is_traced_through_postgresql_into_the_worker_job_and_logged_with_its_ids(api, deployed):
    people = await given_org()
    request_id = f"test-{uuid.uuid4()}"
    async with httpx.AsyncClient(base_url=deployed["url"], timeout=10) as http:
        # when a request that writes an event (a password reset, mailed by the worker) comes with a request id
        response = await http.post("/graphql", headers={"X-Request-Id": request_id},
                                   json={"query": RESET, "operationName": "RequestReset",
                                         "variables": {"email": people["A2"]["email"]}})
        # and one comes with a request id we cannot trust
        odd = await http.post("/graphql", headers={"X-Request-Id": "<script>"}, json={"query": "{ __typename }"})
    # then the response carries the request id, a new one in place of the odd one
    assert response.headers["x-request-id"] == request_id
    assert odd.headers["x-request-id"] != "<script>" and len(odd.headers["x-request-id"]) == 32

    # and every log line is JSON (uvicorn's own too); the request's one access line carries its request id and
    # the trace id (no second line from uvicorn's access log)
    text = deployed["api_log"].read_text()
    assert all(line.startswith("{") for line in text.splitlines())
    lines = [json.loads(line) for line in text.splitlines()]
    access = [line for line in lines if line.get("event") == "request" and line.get("request_id") == request_id]
    assert len(access) == 1
    assert access[0] | {"duration_ms": 0} == access[0] | {
        "method": "POST", "path": "/graphql", "status": 200, "operation": "RequestReset", "duration_ms": 0,
    }
    trace_id = access[0]["trace_id"]

    # and the collector has that trace: the request's server span, its PostgreSQL statements and the worker's job
    collector = deployed["collector"]

    def traced() -> dict | None:
        same = [s for s in collector.spans if s["trace_id"] == trace_id]
        requests = [s for s in same if s["service"] == "serviceloop-learning-api" and s["parent_id"] == ""]
        jobs = [s for s in same if s["service"] == "serviceloop-learning-worker" and s["name"] == "job handle_events"]
        database = [s for s in same if s["attributes"].get("db.system") == "postgresql"]
        return {"requests": requests, "jobs": jobs, "database": database} if requests and jobs and database else None

    trace = wait_until(traced, subprocess_alive, "the trace", timeout=20)
    assert [s["attributes"]["graphql.operation.name"] for s in trace["requests"]] == ["RequestReset"]
    assert any(s["service"] == "serviceloop-learning-api" for s in trace["database"])
    # the job continues the request's trace, and its own statements (marking the event processed) are under it
    job_ids = {s["span_id"] for s in trace["jobs"]}
    assert any(s["parent_id"] in job_ids for s in trace["database"])


async def test_sigterm_lets_a_slow_request_and_a_running_job_finish(api, storage, tmp_path):
    from arq.jobs import Job, JobStatus

    from services.platform import redis as redis_bootstrap
    from services.platform.outbox.routes import queue_name

    people = await given_org()
    port = _free_port()
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
