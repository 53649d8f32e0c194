"""Prometheus metrics of a process (API or worker), served on a port of their own (SERVICELOOP_METRICS_PORT), never
on the public API port.

One process serves one event loop (uvicorn runs one worker process per pod; scale is by pods), so the default
registry is enough: no prometheus_client multiprocess mode.

Label cardinality is bounded: GraphQL operation names are labels only while they are known (registered, e.g. the
persisted documents) or among the first OPERATION_NAMES_MAX distinct names seen; any other name counts as
"other", an unnamed operation as "anonymous". Error codes are our stable `extensions.code` values (a fixed set).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from typing import Any

from prometheus_client import Counter, Gauge, Histogram, start_http_server

from .settings import Settings

OPERATION_NAMES_MAX = 200
ANONYMOUS = "anonymous"
OTHER = "other"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
# Seconds: a `today` request takes a few milliseconds, an org import many seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
JOB_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0)
LAG_BUCKETS = (0.05, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0)

GRAPHQL_SECONDS = Histogram(
    "serviceloop_graphql_request_duration_seconds",
    "GraphQL requests over HTTP, from the first byte in to the last byte out, by operation name.",
    ("service", "operation"),
    buckets=LATENCY_BUCKETS,
)
GRAPHQL_ERRORS = Counter(
    "serviceloop_graphql_errors_total",
    "GraphQL errors returned, by operation name and extensions.code.",
    ("service", "operation", "code"),
)
HTTP_RESPONSES = Counter(
    "serviceloop_http_responses_total", "HTTP responses by status code.", ("service", "status")
)
JOB_SECONDS = Histogram(
    "serviceloop_job_duration_seconds",
    "arq jobs run by this worker, by job name and outcome (success, retry, failure, cancelled).",
    ("service", "job", "outcome"),
    buckets=JOB_BUCKETS,
)
JOBS_RUNNING = Gauge("serviceloop_jobs_running", "arq jobs running in this worker now.", ("service",))
OUTBOX_BACKLOG = Gauge(
    "serviceloop_outbox_backlog_events", "Outbox events written but not yet relayed to a queue.", ("service",)
)
OUTBOX_OLDEST_AGE = Gauge(
    "serviceloop_outbox_oldest_unrelayed_age_seconds",
    "Age of the oldest outbox event not yet relayed (0 when none waits), as of the last measurement.",
    ("service",),
)
OUTBOX_MEASURED = Gauge(
    "serviceloop_outbox_measured_timestamp_seconds", "When the outbox backlog was last measured.", ("service",)
)
RELAY_LAG = Histogram(
    "serviceloop_outbox_relay_lag_seconds",
    "From an event's commit to its relay onto the consumers' queues.",
    ("service",),
    buckets=LAG_BUCKETS,
)


class OperationNames:
    """Which operation names may be a label: registered ones, then the first `limit` distinct ones seen."""

    def __init__(self, limit: int = OPERATION_NAMES_MAX) -> None:
        self.limit = limit
        self.known: set[str] = set()
        self.seen: set[str] = set()
        self._lock = threading.Lock()

    def register(self, names: Iterable[str]) -> None:
        """Names that always get a label of their own (the persisted documents' operations)."""
        self.known.update(name for name in names if _NAME.fullmatch(name))

    def label(self, name: str | None) -> str:
        if not name:
            return ANONYMOUS
        if name in self.known or name in self.seen:
            return name
        if not _NAME.fullmatch(name):
            return OTHER
        with self._lock:
            if len(self.seen) >= self.limit:
                return OTHER
            self.seen.add(name)
        return name


OPERATION_NAMES = OperationNames()


# Labelled children by label values: prometheus_client's labels() costs a few microseconds a call.
_latency_of: dict[tuple[str, str], Any] = {}
_responses_of: dict[tuple[str, int], Any] = {}


def observe_graphql(*, service: str, operation: str | None, seconds: float, error_codes: Iterable[str]) -> str:
    """Record one GraphQL request; returns the operation's label."""
    label = OPERATION_NAMES.label(operation)
    latency = _latency_of.get((service, label))
    if latency is None:
        latency = _latency_of[(service, label)] = GRAPHQL_SECONDS.labels(service, label)
    latency.observe(seconds)
    for code in error_codes:
        GRAPHQL_ERRORS.labels(service, label, code).inc()
    return label


def count_response(*, service: str, status: int) -> None:
    counter = _responses_of.get((service, status))
    if counter is None:
        counter = _responses_of[(service, status)] = HTTP_RESPONSES.labels(service, str(status))
    counter.inc()


def observe_outbox(*, service: str, backlog: int, oldest_age_seconds: float) -> None:
    OUTBOX_BACKLOG.labels(service).set(backlog)
    OUTBOX_OLDEST_AGE.labels(service).set(oldest_age_seconds)
    OUTBOX_MEASURED.labels(service).set(time.time())


_served_on: int | None = None


def serve(settings: Settings) -> int | None:
    """Start the metrics server (a daemon thread) once per process on SERVICELOOP_METRICS_PORT; the port, or None
    when no port is set."""
    global _served_on
    if settings.metrics_port is None:
        return None
    if _served_on is None:
        start_http_server(settings.metrics_port, addr=settings.metrics_host)
        _served_on = settings.metrics_port
    return _served_on
