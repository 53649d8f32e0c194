"""The feedback service's ASGI app (assembly only)."""

from __future__ import annotations

from litestar import Litestar

from services.platform.app import build_app
from services.platform.clock import Clock
from services.platform.settings import Settings, get_settings

from . import SERVICE
from .credentials import routes as credential_routes
from .credentials import signing
from .loaders import make_loaders
from .schema import build_schema


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Litestar:
    settings = settings or get_settings()
    # Production refuses to start without the badge signing key (SigningKeyMissing names the setting).
    signing.load(settings)
    return build_app(
        service=SERVICE,
        schema=build_schema(settings),
        make_loaders=make_loaders,
        # A token's employee, read through the request's own loader: a miss costs no extra statement.
        load_token_state=lambda loaders, employee_id: loaders.staff.load(employee_id),
        settings=settings,
        clock=clock,
        routes=credential_routes.ROUTES,
        # The feedback half of team figures, as the gateway asks for it (graphql/response_cache.py).
        cached_entity_types=("Team",),
    )
