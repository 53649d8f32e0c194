"""Structured logging: JSON lines in production, readable lines in development; every line written while a request
runs carries its request_id (observation.py), and while a span is current its trace_id and span_id (tracing.py).
uvicorn's own loggers go through the same formatter; its access log is off (observation.py writes one line per
request with more in it), so no request is logged twice."""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

import structlog
from opentelemetry import trace

from .settings import Settings

# uvicorn configures these with handlers of their own (plain text) before the app is built.
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")
ACCESS_LOGGER = "serviceloop.access"

_access: Any = None


def add_trace_context(logger: object, method: str, event: dict) -> dict:
    """The current span's trace and span id (none outside a span or with tracing off)."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event["trace_id"] = format(context.trace_id, "032x")
        event["span_id"] = format(context.span_id, "016x")
    return event


def _named(name: str):
    def add_logger_name(logger: object, method: str, event: dict) -> dict:
        event["logger"] = name
        return event

    return add_logger_name


def access_logger() -> Any:
    """The access log (one line per request): the same lines as every other logger's, rendered by structlog alone,
    without the stdlib logging round trip (a LogRecord made and copied per line: most of a line's cost)."""
    return _access


def configure_logging(settings: Settings, *, stream: TextIO | None = None) -> None:
    """Route stdlib and structlog records through one structlog formatter (to `stream`, default stderr)."""
    global _access
    stream = stream or sys.stderr
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_trace_context,
    ]
    renderer = (
        structlog.processors.JSONRenderer()
        if settings.log_json or settings.is_production
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    _access = structlog.wrap_logger(
        structlog.WriteLogger(stream),
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            _named(ACCESS_LOGGER),
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            add_trace_context,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(settings.log_level.upper())),
        cache_logger_on_first_use=True,
    )
    for name in UVICORN_LOGGERS:
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers[:] = []
        uvicorn_logger.propagate = True
    # uvicorn writes its access line only when this logger has a handler: none, and it does not propagate.
    logging.getLogger("uvicorn.access").propagate = False
