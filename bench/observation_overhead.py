"""What observing a request costs: the request-id / access-log / metrics middleware (services.platform.observation)
and the GraphQL operation's observation step, each timed around a do-nothing inner app, with tracing off.

    .venv/bin/python -m bench.observation_overhead [--requests 20000]

Prints microseconds per request with and without each piece (one core, no network, access log on at INFO but
written to /dev/null, as a production pod writes it to its stdout).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time


from services.platform import observation
from services.platform.graphql.observation import observe_operation
from services.platform.logs import configure_logging
from services.platform.observation import observed
from services.platform.settings import Settings


async def _inner(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b"{}"})


async def _receive():
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(message) -> None:
    pass


async def _time_asgi(app, requests: int) -> float:
    scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": [(b"content-type", b"application/json")]}
    started = time.perf_counter()
    for _ in range(requests):
        await app(dict(scope), _receive, _send)
    return (time.perf_counter() - started) / requests * 1e6


class _Context:
    """What the extension reads of strawberry's execution context after an operation without errors."""

    operation_name = "Today"
    result = None
    pre_execution_errors = None


def _time_extension(requests: int) -> float:
    """The step the request extension runs after each operation (services/platform/graphql/limits.py), inside a
    request's record."""
    token = observation._current.set(observation.RequestRecord("bench"))
    context = _Context()
    started = time.perf_counter()
    for _ in range(requests):
        observe_operation(context)
    seconds = time.perf_counter() - started
    observation._current.reset(token)
    return seconds / requests * 1e6


async def main(requests: int) -> None:
    configure_logging(Settings(log_json=True), stream=open(os.devnull, "w"))  # noqa: SIM115 (lives as long as the run)
    bare = await _time_asgi(_inner, requests)
    with_log = await _time_asgi(observed(_inner, service="bench", access_log_on=True), requests)
    without_log = await _time_asgi(observed(_inner, service="bench", access_log_on=False), requests)
    extension = _time_extension(requests)
    print(f"ASGI middleware, access log on : {with_log - bare:7.1f} us per request (bare app {bare:.1f} us)")
    print(f"ASGI middleware, access log off: {without_log - bare:7.1f} us per request")
    print(f"GraphQL operation observation  : {extension:7.1f} us per operation")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    asyncio.run(main(parser.parse_args().requests))
