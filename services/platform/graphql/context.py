"""The per-request GraphQL context: who is calling, the runtime, and fresh DataLoaders."""

from __future__ import annotations

from typing import Any

from strawberry.litestar import BaseContext
from strawberry.types import Info

from ..auth.principal import Principal
from ..client_address import UNKNOWN, client_address
from ..errors import Unauthenticated
from ..runtime import Runtime


class RequestContext(BaseContext, kw_only=True):
    runtime: Runtime
    loaders: Any
    caller: Principal | None = None
    auth_error: Unauthenticated | None = None
    # The request carried the federation gateway's secret (see graphql/federation.py).
    from_gateway: bool = False

    @property
    def principal(self) -> Principal | None:
        """The signed-in caller; a bad token fails here, where a guard asks, not before."""
        if self.auth_error is not None:
            raise self.auth_error
        return self.caller


def context(info: Info) -> RequestContext:
    return info.context


def request_address(info: Info) -> str:
    """The calling client's address (X-Forwarded-For only through trusted proxies, see client_address.py)."""
    request = context(info).request
    if request is None:
        return UNKNOWN
    peer = request.client.host if request.client else None
    return client_address(request.scope, peer, context(info).runtime.settings)
