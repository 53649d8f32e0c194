"""The learning service's ASGI app (assembly only)."""

from __future__ import annotations

from litestar import Litestar

from services.platform.app import build_app
from services.platform.clock import Clock
from services.platform.settings import Settings, get_settings

from . import SERVICE
from .exports.routes import ROUTES as EXPORT_ROUTES
from .loaders import make_loaders
from .reminders import vapid
from .schema import build_schema


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Litestar:
    settings = settings or get_settings()
    # Production refuses to start without the VAPID key reminders are pushed with (VapidKeyMissing names the setting).
    vapid.load(settings)
    return build_app(
        service=SERVICE,
        schema=build_schema(settings),
        make_loaders=make_loaders,
        # A token's employee, read through the request's own loader: a miss costs no extra statement.
        load_token_state=lambda loaders, employee_id: loaders.employee.load(employee_id),
        settings=settings,
        clock=clock,
        routes=EXPORT_ROUTES,
        # Team figures: read-mostly, ~100 ms of execution for a page of 100 (graphql/response_cache.py).
        cached_root_fields=("team",),
    )
