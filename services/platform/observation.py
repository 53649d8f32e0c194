"""Every HTTP request once: its request id (an incoming X-Request-Id if sane, else a new one; returned in the
response), bound to each log line written while it runs, one access-log line at its end, and its latency and GraphQL
errors in the metrics. An ASGI middleware around the whole app, so refusals and unknown paths count too."""

from __future__ import annotations

import re
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field

import structlog

from . import metrics
from .logs import access_logger

REQUEST_ID_HEADER = b"x-request-id"
# What an incoming request id may look like (a UUID, a load balancer's or the gateway's id); anything else is
# replaced, so a log line never carries a client's arbitrary text.
_SANE_REQUEST_ID = re.compile(rb"[A-Za-z0-9._:-]{8,128}")
GRAPHQL_PATH = "/graphql"
# Kubernetes asks these every few seconds: logged at debug level, so the access log stays about real requests.
PROBE_PATHS = frozenset({"/healthz", "/readyz"})


@dataclass(slots=True)
class RequestRecord:
    """What the GraphQL layer tells the middleware about the request it serves."""

    request_id: str
    operation: str | None = None
    error_codes: list[str] = field(default_factory=list)


_current: ContextVar[RequestRecord | None] = ContextVar("serviceloop_request", default=None)


def current() -> RequestRecord | None:
    """The request being served in this task, if any."""
    return _current.get()


def note_error(code: str) -> None:
    """A GraphQL error answered outside the schema (a transport refusal) counts by its code too."""
    record = _current.get()
    if record is not None:
        record.error_codes.append(code)


def request_id_of(headers: list[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name == REQUEST_ID_HEADER:
            if _SANE_REQUEST_ID.fullmatch(value):
                return value.decode()
            break
    return uuid.uuid4().hex


def observed(app, *, service: str, access_log_on: bool):
    """`app` with every HTTP request observed (see the module's docstring); build it after configure_logging."""
    access_log = access_logger()

    async def observe(scope, receive, send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        record = RequestRecord(request_id_of(scope["headers"]))
        token = _current.set(record)
        bound = structlog.contextvars.bind_contextvars(request_id=record.request_id)
        status = 500  # what the client gets when the app fails before answering (the server sends a 500)
        response_header = (b"x-request-id", record.request_id.encode())

        async def send_with_id(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), response_header]
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            path = scope["path"]
            operation = None
            if path == GRAPHQL_PATH:
                operation = metrics.observe_graphql(
                    service=service, operation=record.operation, seconds=seconds, error_codes=record.error_codes
                )
            metrics.count_response(service=service, status=status)
            if access_log_on:
                line = access_log.debug if path in PROBE_PATHS else access_log.info
                line(
                    "request",
                    method=scope["method"],
                    path=path,
                    status=status,
                    duration_ms=round(seconds * 1000, 2),
                    operation=operation,
                )
            structlog.contextvars.reset_contextvars(**bound)
            _current.reset(token)

    return observe
