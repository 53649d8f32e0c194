"""OpenTelemetry traces, exported over OTLP/HTTP to SERVICELOOP_OTLP_ENDPOINT (unset: tracing is off and costs
nothing). The instrumentation packages make the spans: the ASGI server span of each request (its parent comes from
the incoming W3C `traceparent`, which the gateway forwards), asyncpg statements, Redis commands, httpx calls. The
one span of our own is the worker's job span (worker.py), continued from the traceparent the API request stored
with its outbox event (outbox/service.py) and the relay passed on with the job.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace

from .settings import Settings

TRACEPARENT = "traceparent"
# Probes are asked every few seconds and say nothing about a request's path through the system.
EXCLUDED_URLS = "healthz,readyz"
# A delivery slice is at most 50 events (outbox DELIVERY_SLICE): the job's span links the requests behind them.
MAX_LINKS = 50

_provider = None


def _roots_we_serve():
    from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult

    class RootsWeServe(Sampler):
        """A trace starts at a request served or a job run, never at a client call of its own: the worker polls
        Redis 20 times a second, and each poll would be a trace."""

        def should_sample(self, parent_context, trace_id, name, kind=None, attributes=None, links=None, trace_state=None):
            if kind == trace.SpanKind.CLIENT:
                return SamplingResult(Decision.DROP)
            return SamplingResult(Decision.RECORD_AND_SAMPLE, attributes)

        def get_description(self) -> str:
            return "RootsWeServe"

    return RootsWeServe()


def configure(settings: Settings, *, process: str) -> bool:
    """Install the tracer provider and the instrumentations once per process; False when tracing is off."""
    global _provider
    if not settings.otlp_endpoint:
        return False
    if _provider is not None:
        return True
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.sdk.trace.sampling import ParentBased

    provider = TracerProvider(
        resource=Resource.create({"service.name": f"serviceloop-{process}"}), sampler=ParentBased(root=_roots_we_serve())
    )
    exporter = OTLPSpanExporter(endpoint=settings.otlp_endpoint.rstrip("/") + "/v1/traces")
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    AsyncPGInstrumentor().instrument()
    RedisInstrumentor().instrument()
    HTTPXClientInstrumentor().instrument()
    _provider = provider
    return True


def enabled() -> bool:
    return _provider is not None


def server_middleware(app):
    """The ASGI app inside a server span per request (receive/send spans left out: they only add cost)."""
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    return OpenTelemetryMiddleware(app, excluded_urls=EXCLUDED_URLS, exclude_spans=["receive", "send"])


def current_traceparent() -> str | None:
    """The W3C traceparent of the current span, to store with work done later (None outside a sampled span)."""
    if not trace.get_current_span().get_span_context().is_valid:
        return None
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get(TRACEPARENT)


@contextlib.contextmanager
def continued(traceparents: list[str], name: str, attributes: Mapping[str, str]) -> Iterator[None]:
    """A consumer span named `name` continuing the first stored traceparent (a new trace without one) and linked
    to the others (a slice of events from several requests has one job)."""
    parent = propagate.extract({TRACEPARENT: traceparents[0]}) if traceparents else otel_context.Context()
    links = []
    for other in traceparents[1:MAX_LINKS + 1]:
        context = trace.get_current_span(propagate.extract({TRACEPARENT: other})).get_span_context()
        if context.is_valid:
            links.append(trace.Link(context))
    tracer = trace.get_tracer("serviceloop.worker")
    with tracer.start_as_current_span(
        name, context=parent, kind=trace.SpanKind.CONSUMER, attributes=attributes, links=links
    ):
        yield


def flush() -> None:
    """Export the spans still buffered (at shutdown)."""
    if _provider is not None:
        _provider.force_flush(timeout_millis=5000)
