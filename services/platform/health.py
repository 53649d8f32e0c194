"""Liveness (/healthz: the process answers) and readiness (/readyz: database and Redis reachable, and which is
down when not: `{"status": "not ready", "database": "ok", "redis": "unavailable", "down": ["redis"]}`, 503)."""

from __future__ import annotations

import asyncio

from litestar import Request, get
from litestar.response import Response

from .runtime import Runtime

CHECK_TIMEOUT_SECONDS = 2


@get("/healthz", sync_to_thread=False, include_in_schema=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _database(runtime: Runtime) -> None:
    await runtime.engine.run_ddl("SELECT 1")


async def _redis(runtime: Runtime) -> None:
    try:
        await (await runtime.arq()).ping()
    except BaseException:
        await runtime.close_arq()  # connect afresh next time: the old pool may hold dead connections
        raise


CHECKS = {"database": _database, "redis": _redis}


@get("/readyz", include_in_schema=False)
async def readyz(request: Request) -> Response[dict]:
    runtime: Runtime = request.app.state.runtime

    async def state(check) -> str:
        try:
            await asyncio.wait_for(check(runtime), timeout=CHECK_TIMEOUT_SECONDS)
        except Exception:  # any failure means not ready; the reason is logged by the driver
            return "unavailable"
        return "ok"

    # Side by side: a dead Redis and a dead database together still answer within one timeout.
    states = dict(zip(CHECKS, await asyncio.gather(*(state(check) for check in CHECKS.values()))))
    down = [name for name, value in states.items() if value != "ok"]
    body = {"status": "not ready" if down else "ready", **states, "down": down}
    return Response(body, status_code=503 if down else 200)
