"""The leaderboard baseline: a bare Litestar + asyncpg app running the same SQL as the GraphQL `leaderboard`.

    uvicorn bench.feedback_bare:create_app --factory

POST /bare/leaderboard  {"period": "WEEK"|"MONTH", "scope": "ORGANISATION"|"TEAM"|"ROLE_FAMILY",
                         "roleFamily": str?, "nearMe": bool?, "first": int?}  -> {"data": {"leaderboard": {...}}}

No GraphQL, no piccolo engine: one asyncpg pool. The ranking itself is services.feedback.recognition.leaderboards
.ranking, unchanged: its SQL text and arguments, compiled to $n placeholders exactly as piccolo compiles them (once
per text, cached), run with asyncpg on the pool instead of piccolo's Raw query; `Table.raw` of the ledger table is
pointed at that executor in this process only. The viewer is read with the replica's own statement
(services.feedback.directory.service.COLUMNS). Shared with the GraphQL path besides: the token check, the period
bounds, the team path and the page size rule. The JSON has the shape and values of the GraphQL response to the
runner's query, so the runner can check that both paths answer alike.
"""

from __future__ import annotations

from . import feedback_seed  # noqa: F401,I001  (first: the feedback bench storage settings)

import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
from collections.abc import AsyncIterator  # noqa: E402
from typing import Any  # noqa: E402

import asyncpg  # noqa: E402
from litestar import Litestar, Request, get, post  # noqa: E402
from litestar.response import Response  # noqa: E402
from piccolo.querystring import QueryString  # noqa: E402

from services.feedback.directory.service import COLUMNS as STAFF_COLUMNS  # noqa: E402
from services.feedback.recognition import leaderboards  # noqa: E402
from services.feedback.recognition.tables import BoardScore  # noqa: E402
from services.platform import database  # noqa: E402
from services.platform.auth.tokens import principal_from_header  # noqa: E402
from services.platform.errors import DomainError, Unauthenticated, ValidationFailed  # noqa: E402
from services.platform.graphql.pagination import page_size  # noqa: E402
from services.platform.settings import Settings, get_settings  # noqa: E402

STAFF_SQL = f"SELECT {STAFF_COLUMNS} FROM feedback.staff_member WHERE id = ANY($1::uuid[])"
PERIODS = {"WEEK": leaderboards.WEEK, "MONTH": leaderboards.MONTH}
SCOPES = ("ORGANISATION", "TEAM", "ROLE_FAMILY")


class AsyncpgRaw:
    """Stands in for `BoardScore.raw` in this process: piccolo's SQL text, compiled as piccolo compiles it for
    PostgreSQL (cached per text), fetched with asyncpg from the pool."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.compiled: dict[str, str] = {}

    def sql(self, template: str, *args: Any) -> tuple[str, list[Any]]:
        text = self.compiled.get(template)
        if text is None:
            text, _ = QueryString(template, *args).compile_string(engine_type="postgres")
            self.compiled[template] = text
        return text, list(args)

    def __call__(self, template: str, *args: Any):
        text, values = self.sql(template, *args)
        return self.pool.fetch(text, *values)


def leaderboard_json(period: str, scope: str, family: str | None, start, end, board: leaderboards.Board) -> dict:
    def entry(s: leaderboards.Standing) -> dict:
        return {"rank": s.rank, "points": s.points, "isMe": s.is_viewer, "employee": {"id": str(s.employee)}}

    return {
        "period": period,
        "scope": scope,
        "roleFamily": family,
        "startsAt": start.isoformat(),
        "endsAt": end.isoformat(),
        "total": board.total,
        "entries": [entry(s) for s in board.entries],
        "me": {"rank": board.viewer.rank, "points": board.viewer.points} if board.viewer else None,
    }


def error_response(request: Request, exc: DomainError) -> Response:
    return Response(
        {"data": None, "errors": [{"message": exc.message, "extensions": {"code": exc.code, **exc.details}}]}
    )


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    state: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        url = await database.prepare(settings)
        state["pool"] = await asyncpg.create_pool(url, min_size=settings.db_pool_min, max_size=settings.db_pool_max)
        # Only this process: the leaderboard's queries go to asyncpg, not to piccolo's engine.
        BoardScore.raw = AsyncpgRaw(state["pool"])
        try:
            yield
        finally:
            del BoardScore.raw
            await state["pool"].close()

    @get("/bare/healthz")
    async def healthz() -> dict:
        return {"ok": True}

    @post("/bare/leaderboard", status_code=200)
    async def leaderboard(request: Request) -> dict:
        body = await request.json()
        principal = principal_from_header(request.headers.get("authorization"), settings=settings)
        if principal is None:
            raise Unauthenticated("Sign in first.")
        viewer = await state["pool"].fetchrow(STAFF_SQL, [principal.employee_id])
        if viewer is None or not viewer["active"]:
            raise Unauthenticated("This account is not active in the directory.")
        period, scope = body.get("period"), body.get("scope")
        if period not in PERIODS or scope not in SCOPES:
            raise ValidationFailed("Unknown period or scope.", code="INVALID_INPUT")
        size = page_size(body.get("first"), settings.graphql_max_page_size)
        role_family, near_me = body.get("roleFamily"), bool(body.get("nearMe"))
        if role_family is not None and scope != "ROLE_FAMILY":
            raise ValidationFailed("roleFamily goes with scope ROLE_FAMILY.", code="ROLE_FAMILY_WITHOUT_SCOPE")
        family = (role_family or viewer["role_family"]) if scope == "ROLE_FAMILY" else None
        path = leaderboards.team_path(viewer) if scope == "TEAM" else None
        start, end = leaderboards.period_bounds(PERIODS[period], dt.datetime.now(dt.timezone.utc))
        board = await leaderboards.ranking(
            start=start, end=end, viewer_id=viewer["id"], path=path, role_family=family, near_me=near_me, limit=size
        )
        if near_me and board.viewer is None:
            raise ValidationFailed("You are not on this leaderboard.", code="NOT_ON_LEADERBOARD")
        return {"data": {"leaderboard": leaderboard_json(period, scope, family, start, end, board)}}

    return Litestar(
        route_handlers=[healthz, leaderboard],
        lifespan=[lifespan],
        exception_handlers={DomainError: error_response},
        debug=False,
    )


async def captured_ranking(**ranking_kwargs: Any) -> tuple[str, list[Any]]:
    """The SQL ($n placeholders) and arguments one leaderboards.ranking call sends, without running it."""
    captured: dict[str, Any] = {}

    def capture(template: str, *args: Any):
        captured["sql"], captured["args"] = QueryString(template, *args).compile_string(engine_type="postgres")

        async def no_rows() -> list:
            return []

        return no_rows()

    BoardScore.raw = capture
    try:
        await leaderboards.ranking(**ranking_kwargs)
    finally:
        del BoardScore.raw
    return captured["sql"], captured["args"]
