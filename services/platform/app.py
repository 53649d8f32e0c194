"""Assembles a service's Litestar app: lifespan, health, GraphQL endpoint, local IDE, logging."""

from __future__ import annotations

import contextlib
import pathlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

import strawberry
from litestar import Litestar, Request
from litestar.config.cors import CORSConfig
from litestar.static_files import create_static_files_router
from piccolo.engine import engine_finder

from . import database, metrics, tracing
from . import redis as redis_bootstrap
from .auth.revocation import TokenStates
from .auth.tokens import principal_from_header
from .clock import Clock, SystemClock
from .errors import Unauthenticated
from .graphql.context import RequestContext
from .graphql.federation import GATEWAY_HEADER, is_gateway, required_gateway_secret
from .graphql.ide import STATIC_DIR, render_graphiql
from .graphql.response_cache import ResponseCache
from .graphql.transport import UPLOAD_HEADERS, graphql_controller
from .health import healthz, readyz
from .logs import configure_logging
from .observation import observed
from .runtime import Runtime
from .settings import Settings, get_settings

IDE_STATIC_PATH = "/graphql-ide"


def build_app(
    *,
    service: str,
    schema: strawberry.Schema,
    make_loaders: Callable[[Runtime], Any],
    load_token_state: Callable[[Any, uuid.UUID], Awaitable[dict | None]],
    settings: Settings | None = None,
    clock: Clock | None = None,
    pages: dict[str, pathlib.Path] | None = None,
    routes: Sequence[Any] = (),
    cached_root_fields: Sequence[str] = (),
    cached_entity_types: Sequence[str] = (),
) -> Litestar:
    """One service's ASGI app. `load_token_state(loaders, employee_id)` reads the role, active flag and token
    version of a token's employee from the service's own tables (auth/revocation.py); `routes` are the service's
    own plain HTTP handlers (no sign-in); `cached_root_fields` / `cached_entity_types` are the hot read-only queries
    answered from the response cache while the database has not changed (graphql/response_cache.py)."""
    settings = settings or get_settings()
    configure_logging(settings)
    tracing_on = tracing.configure(settings, process=f"{service}-api")
    gateway_secret = required_gateway_secret(settings)
    runtime = Runtime(
        service=service,
        settings=settings,
        clock=clock or SystemClock(),
        engine=engine_finder(),
        token_states=TokenStates(recheck_seconds=settings.token_recheck_seconds),
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await database.prepare(settings)
        await database.open_pool(runtime.engine, settings)
        runtime.redis_url = await redis_bootstrap.prepare(settings)
        metrics.serve(settings)
        try:
            yield
        finally:
            # uvicorn runs this after SIGTERM once it has stopped accepting and in-flight requests have finished.
            await runtime.close_arq()
            await database.close_pool(runtime.engine)
            tracing.flush()

    async def context_getter(request: Request) -> RequestContext:
        caller, error = None, None
        loaders = make_loaders(runtime)
        now = runtime.clock.now()
        try:
            caller = principal_from_header(request.headers.get("authorization"), settings=settings, now=now)
            if caller is not None:
                await runtime.token_states.check(
                    caller, now=now, load=lambda employee_id: load_token_state(loaders, employee_id)
                )
        except Unauthenticated as exc:
            caller, error = None, exc
        return RequestContext(
            runtime=runtime,
            loaders=loaders,
            caller=caller,
            auth_error=error,
            from_gateway=is_gateway(request.headers.get(GATEWAY_HEADER), gateway_secret),
        )

    async def snapshot() -> str:
        rows = await database.fetch(runtime.engine, "SELECT pg_current_snapshot()::text AS snapshot")
        return rows[0]["snapshot"]

    runtime.response_cache = ResponseCache(
        service=service,
        root_fields=cached_root_fields,
        entity_types=cached_entity_types,
        settings=settings,
        snapshot=snapshot,
    )
    GraphQLController = graphql_controller(
        schema,
        settings=settings,
        context_getter=context_getter,
        graphql_ide_html=lambda: render_graphiql(IDE_STATIC_PATH),
        response_cache=runtime.response_cache if runtime.response_cache.enabled else None,
    )

    route_handlers: list[Any] = [healthz, readyz, GraphQLController, *routes]
    if not settings.is_production:
        route_handlers.append(create_static_files_router(path=IDE_STATIC_PATH, directories=[STATIC_DIR]))
    for path, folder in (pages or {}).items():
        route_handlers.append(create_static_files_router(path=path, directories=[folder], html_mode=True))

    cors = CORSConfig(
        allow_origins=settings.allowed_origins, allow_headers=["authorization", "content-type", *UPLOAD_HEADERS]
    )
    app = Litestar(
        route_handlers=route_handlers,
        lifespan=[lifespan],
        cors_config=cors,
        request_max_body_size=settings.max_request_bytes,
        debug=False,
        # Logging is configured once, by configure_logging; Litestar's default config would replace its handler.
        logging_config=None,
    )
    app.state.runtime = runtime
    # Around the whole app (as Litestar wraps its own OpenTelemetry middleware), so unknown paths and refusals are
    # observed too; the trace's server span, when tracing is on, encloses the observer so log lines carry its id.
    app.asgi_handler = observed(app.asgi_handler, service=service, access_log_on=settings.access_log)
    if tracing_on:
        app.asgi_handler = tracing.server_middleware(app.asgi_handler)
    return app
