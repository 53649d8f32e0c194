"""Production mode, observed from outside: real uvicorn and worker processes started with SERVICELOOP_ENV=production
refuse default or shared keys, serve Prometheus metrics on a port of their own, export OpenTelemetry traces (to an
OTLP/HTTP collector in this test) that follow a request through PostgreSQL and the outbox into the worker's job,
write JSON log lines carrying the request and trace ids; through the gateway too (test_graceful_shutdown.py: the
stop)."""

from __future__ import annotations

import gzip
import http.server
import json
import os
import subprocess
import threading
import uuid

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from services.platform.graphql.persisted import document_id
from services.platform.settings import DEV_JWT_SECRET, Settings

from .process_steps import RESET, ROOT, SECRETS, free_port, production_env, start_api, start_worker, stop, wait_until
from .support import given_org


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


def _json_spans(export: dict) -> list[dict]:
    """OTLP/JSON (ids are hex strings there)."""
    spans = []
    for resource_spans in export.get("resourceSpans", []):
        resource = {a["key"]: a["value"].get("stringValue") for a in resource_spans["resource"].get("attributes", [])}
        for scope_spans in resource_spans.get("scopeSpans", []):
            for span in scope_spans.get("spans", []):
                spans.append({
                    "service": resource.get("service.name"),
                    "trace_id": span["traceId"].lower(),
                    "span_id": span["spanId"].lower(),
                    "parent_id": (span.get("parentSpanId") or "").lower(),
                    "name": span["name"],
                    "attributes": {a["key"]: a["value"].get("stringValue") for a in span.get("attributes", [])},
                })
    return spans


class Collector:
    """An OTLP/HTTP trace receiver: decodes each export (protobuf from Python, JSON from the Node.js gateway) and
    keeps its spans."""

    def __init__(self) -> None:
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

        self.spans: list[dict] = []
        collector = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self._body()
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    collector.spans.extend(_json_spans(json.loads(body)))
                    self.send_response(200)
                    self.end_headers()
                    return
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

            def _body(self) -> bytes:
                if self.headers.get("Content-Length") is not None:
                    return self.rfile.read(int(self.headers["Content-Length"]))
                chunks = []  # Node.js sends its exports chunked
                while size := int(self.rfile.readline().split(b";")[0], 16):
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
                self.rfile.readline()
                return b"".join(chunks)

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
    ports = {"api": free_port(), "api_metrics": free_port(), "worker_metrics": free_port()}
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


async def test_a_cached_team_answer_is_counted_and_named_in_the_metrics(api, deployed):
    from services.platform.auth.principal import Principal, Role
    from services.platform.auth.tokens import issue_token
    from services.platform.clock import SystemClock

    # given a shift lead signed in to the production API
    people = await given_org()
    lead = people["LA"]
    settings = Settings(jwt_secret=SECRETS["SERVICELOOP_JWT_SECRET"])
    token = issue_token(Principal(employee_id=lead["id"], role=Role(lead["role"]), token_version=lead["token_version"]),
                        settings=settings, now=SystemClock().now())
    query = {"query": "query TeamFigures { team { managerId progress { headcount } } }", "operationName": "TeamFigures"}
    metrics = deployed["api_metrics"]
    name = "serviceloop_graphql_response_cache_total"

    def cached() -> float:
        return sample(metrics, name, service="learning", result="hit") + sample(
            metrics, name, service="learning", result="checked")

    before = cached()
    # when they ask for their team again and again (the first ask computes it; the worker may commit meanwhile)
    async with httpx.AsyncClient(base_url=deployed["url"], timeout=10) as http:
        answers = []
        for _ in range(20):
            response = await http.post("/graphql", json=query, headers={"Authorization": f"Bearer {token}"})
            answers.append(response.json())
            if cached() > before:
                break
    # then every answer is the team, at least one came from the cache, and all are measured under their name
    assert all(a == {"data": {"team": {"managerId": str(lead["id"]), "progress": {"headcount": 2}}}} for a in answers)
    assert cached() > before
    assert sample(metrics, name, service="learning", result="miss") >= 1
    # (the observer records a request as its response ends: the last one may land just after the client has it)
    wait_until(lambda: sample(metrics, "serviceloop_graphql_request_duration_seconds_count", service="learning",
                              operation="TeamFigures") == len(answers), None, "the requests measured", timeout=10)


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
        ({"vapid_private_key": SECRETS["SERVICELOOP_JWT_SECRET"]},
         "SERVICELOOP_VAPID_PRIVATE_KEY is the same as SERVICELOOP_JWT_SECRET"),
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
    settings = Settings(**{**given, **distinct, **{name: None for name in keys if name not in distinct}})
    assert settings.link_token_key != settings.jwt_secret.get_secret_value().encode()


def test_development_derives_a_link_key_of_its_own_without_configuration():
    settings = Settings(env="development")
    assert settings.link_token_key not in (DEV_JWT_SECRET.encode(), b"")


def test_a_production_api_does_not_start_with_a_shared_key(storage, tmp_path):
    # given the link-token key set to the access-token key
    env = production_env(storage, SERVICELOOP_LINK_TOKEN_SECRET=SECRETS["SERVICELOOP_JWT_SECRET"])
    # when uvicorn starts the API
    process = start_api(env, free_port(), tmp_path / "api.log")
    # then it exits, saying which setting to fix
    assert process.wait(timeout=60) != 0
    assert "SERVICELOOP_LINK_TOKEN_SECRET is the same as SERVICELOOP_JWT_SECRET" in (tmp_path / "api.log").read_text()


def test_production_learning_does_not_start_without_a_vapid_key(storage, tmp_path):
    from cryptography.hazmat.primitives import serialization

    from services.learning import worker
    from services.learning.app import create_app
    from services.learning.reminders import vapid

    from .support import production_settings, throwaway_vapid_key

    # given production settings without the key reminders are pushed with
    settings = production_settings(gateway_secret="g" * 40, vapid_private_key=None, data_dir=tmp_path)
    # then neither the API nor the worker starts, naming the setting, and no key is made in its place
    with pytest.raises(vapid.VapidKeyMissing, match="SERVICELOOP_VAPID_PRIVATE_KEY"):
        create_app(settings=settings)
    with pytest.raises(vapid.VapidKeyMissing, match="SERVICELOOP_VAPID_PRIVATE_KEY_FILE"):
        worker.options("redis://127.0.0.1:1/0", settings)
    assert not list(tmp_path.iterdir())
    # given the key as a file: the API starts, and browsers get that key's public half
    path = tmp_path / "vapid.pem"
    path.write_text(throwaway_vapid_key())
    with_file = production_settings(gateway_secret="g" * 40, vapid_private_key=None, vapid_private_key_file=path)
    create_app(settings=with_file)
    public = serialization.load_pem_private_key(path.read_bytes(), None).public_key()
    assert vapid.application_server_key(with_file) == vapid.b64url(
        public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))
    # and a real API process without it exits, saying what to set
    env = production_env(storage)
    del env["SERVICELOOP_VAPID_PRIVATE_KEY"]
    process = start_api(env, free_port(), tmp_path / "api.log")
    assert process.wait(timeout=60) != 0
    assert "SERVICELOOP_VAPID_PRIVATE_KEY" in (tmp_path / "api.log").read_text()


async def test_a_graphql_request_is_measured_by_operation_and_its_errors_by_code(api, deployed):
    people = await given_org()
    async with httpx.AsyncClient(base_url=deployed["url"], timeout=10) as http:
        # when a named operation, an anonymous one and a broken one are sent
        reset = await http.post("/graphql", json={"query": RESET, "operationName": "RequestReset",
                                                  "variables": {"email": people["A1"]["email"]}})
        await http.post("/graphql", json={"query": "{ __typename }"})
        broken = await http.post("/graphql", json={"query": "query Broken { noSuchField }"})
        refused = await http.post("/graphql", content=b"{}", headers={"Content-Type": "text/plain"})
        # then the public port serves no metrics
        assert (await http.get("/metrics")).status_code == 404
    assert reset.json() == {"data": {"requestPasswordReset": {"accepted": True}}}
    assert broken.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert refused.json()["errors"][0]["extensions"]["code"] == "PREFLIGHT_REQUIRED"
    # and the metrics port has a latency histogram per operation name, and the errors by code
    metrics = deployed["api_metrics"]
    histogram = "serviceloop_graphql_request_duration_seconds"
    assert sample(metrics, f"{histogram}_count", service="learning", operation="RequestReset") >= 1
    assert sample(metrics, f"{histogram}_bucket", service="learning", operation="RequestReset", le="+Inf") >= 1
    assert sample(metrics, f"{histogram}_count", service="learning", operation="anonymous") >= 1
    assert sample(metrics, "serviceloop_graphql_errors_total", service="learning", operation="Broken",
                  code="GRAPHQL_VALIDATION_FAILED") >= 1
    assert sample(metrics, "serviceloop_graphql_errors_total", service="learning", operation="anonymous",
                  code="PREFLIGHT_REQUIRED") >= 1  # refused by the transport, before any operation
    assert sample(metrics, "serviceloop_graphql_errors_total", operation="RequestReset") == 0
    # and the worker counts the jobs it ran (the reset's event delivered) by name and outcome, and the relay lag
    wait_until(lambda: sample(deployed["worker_metrics"], "serviceloop_job_duration_seconds_count",
                              job="handle_events", outcome="success") >= 1, None, "the event job")
    assert sample(deployed["worker_metrics"], "serviceloop_outbox_relay_lag_seconds_count", service="learning") >= 1
    wait_until(lambda: sample(deployed["worker_metrics"], "serviceloop_outbox_measured_timestamp_seconds") > 0,
               None, "the outbox measurement", timeout=10)
    assert sample(deployed["worker_metrics"], "serviceloop_outbox_backlog_events", service="learning") >= 0


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

    trace = wait_until(traced, None, "the trace", timeout=20)
    assert [s["attributes"]["graphql.operation.name"] for s in trace["requests"]] == ["RequestReset"]
    assert any(s["service"] == "serviceloop-learning-api" for s in trace["database"])
    # the job continues the request's trace, and its own statements (marking the event processed) are under it
    job_ids = {s["span_id"] for s in trace["jobs"]}
    assert any(s["parent_id"] in job_ids for s in trace["database"])


async def test_a_request_through_the_gateway_is_one_trace_with_one_request_id(api, deployed, tmp_path):
    from services.platform import devserver

    people = await given_org()
    collector = deployed["collector"]
    port = free_port()
    # given the Hive Gateway in front of the learning API, as `make run` starts it, tracing with its own plugin
    argv = devserver.gateway_argv(Settings(host="127.0.0.1", gateway_port=port))
    assert argv is not None, "Node.js and gateway/node_modules are needed (npm ci in gateway/)"
    env = {**os.environ, "SERVICELOOP_GATEWAY_SECRET": SECRETS["SERVICELOOP_GATEWAY_SECRET"],
           "SERVICELOOP_LEARNING_URL": f"{deployed['url']}/graphql",
           "SERVICELOOP_FEEDBACK_URL": f"http://127.0.0.1:{free_port()}/graphql",
           "OPENTELEMETRY": f"{collector.url}/v1/traces", "OTEL_BSP_SCHEDULE_DELAY": "100"}
    gateway = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(tmp_path / "gw.log").open("wb"))
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: httpx.get(f"{url}/healthcheck", timeout=2).status_code == 200, gateway, "the gateway")
        request_id = f"edge-{uuid.uuid4()}"
        # when a request with a request id goes through the (production: persisted documents only) gateway
        operation = ROOT / "frontend" / "operations" / "staff" / "RequestPasswordReset.graphql"
        reset_id = document_id(operation.read_text(encoding="utf-8"))
        response = httpx.post(f"{url}/graphql", headers={"X-Request-Id": request_id}, timeout=20,
                              json={"documentId": reset_id, "variables": {"i": {"email": people["B1"]["email"]}}})
        assert response.json() == {"data": {"requestPasswordReset": {"accepted": True}}}
        # then the subgraph logs it under the same request id
        lines = [json.loads(line) for line in deployed["api_log"].read_text().splitlines()]
        access = [line for line in lines if line.get("event") == "request" and line.get("request_id") == request_id]
        assert len(access) == 1
        # and the subgraph's server span is a child of a gateway span, in the gateway's trace
        def traced() -> dict | None:
            subgraph = next((s for s in collector.spans if s["trace_id"] == access[0]["trace_id"]
                             and s["service"] == "serviceloop-learning-api" and s["name"].startswith("POST")), None)
            parents = [s for s in collector.spans if subgraph and s["span_id"] == subgraph["parent_id"]]
            return {"subgraph": subgraph, "parent": parents[0]} if parents else None

        trace = wait_until(traced, gateway, "the gateway's trace", timeout=20)
        assert not trace["parent"]["service"].startswith("serviceloop-")
    finally:
        stop(gateway)
