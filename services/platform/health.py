"""Liveness (/healthz: the process answers) and readiness (/readyz: database and Redis reachable)."""

from __future__ import annotations

import asyncio

from litestar import Request, get
from litestar.response import Response

from .runtime import Runtime


@get("/healthz", sync_to_thread=False, include_in_schema=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/readyz", include_in_schema=False)
async def readyz(request: Request) -> Response[dict[str, str]]:
    runtime: Runtime = request.app.state.runtime
    checks = {"database": "ok", "redis": "ok"}
    try:
        await asyncio.wait_for(runtime.engine.run_ddl("SELECT 1"), timeout=2)
    except Exception:  # any failure means not ready; the reason is logged by the driver
        checks["database"] = "unavailable"
    try:
        await asyncio.wait_for((await runtime.arq()).ping(), timeout=2)
    except Exception:
        checks["redis"] = "unavailable"
        await runtime.close_arq()
    ready = all(v == "ok" for v in checks.values())
    return Response({"status": "ready" if ready else "not ready", **checks}, status_code=200 if ready else 503)
