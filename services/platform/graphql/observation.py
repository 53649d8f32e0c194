"""Tells the request's observer (platform/observation.py) which operation ran and the codes of its errors."""

from __future__ import annotations

from typing import Any

from opentelemetry import trace

from .. import metrics, observation
from .errors import coded_error


def observe_operation(context: Any) -> None:
    """After an operation: names it (as the document or the request names it; on the trace's server span too) for
    the request's observer, and collects its errors' extensions.code."""
    record = observation.current()
    if record is None:
        return
    try:
        record.operation = context.operation_name
    except Exception:  # a document that did not parse names no operation
        record.operation = None
    # The request's server span (tracing on) ends with the response body, before the observer sees the end.
    trace.get_current_span().set_attribute("graphql.operation.name", metrics.OPERATION_NAMES.label(record.operation))
    result = context.result
    errors = (getattr(result, "errors", None) if result is not None else None) or context.pre_execution_errors
    for error in errors or ():
        record.error_codes.append(str((coded_error(error).extensions or {}).get("code")))
