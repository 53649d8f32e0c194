"""What the GraphQL endpoint takes over HTTP, and how it refuses the rest: every refusal is a JSON body
`{"errors": [{"message", "extensions": {"code"}}]}` with an HTTP status, never a bare text or a stack trace.

- CSRF: a browser sends a "simple" cross-origin POST (form-urlencoded, multipart/form-data, text/plain or no
  content type) without asking the server first, and cookies or not, a public mutation would run. JSON forces a
  CORS preflight; a multipart upload must carry a custom header (which forces one too); the other simple kinds
  are refused (PREFLIGHT_REQUIRED). Mutations never run over GET.
- Size: one limit for the whole body, the upload limit plus a small envelope (REQUEST_TOO_LARGE, 413).
- Depth: JSON nested deeper than `max_json_depth` is refused before it is decoded (REQUEST_TOO_DEEP); the
  decoder's recursion would otherwise end in an internal error.
- Persisted documents: a request may name a trusted document by id instead of sending its text (persisted.py);
  an unknown id is PERSISTED_DOCUMENT_NOT_FOUND (400).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import strawberry
from cross_web import HTTPException
import msgspec
from litestar import Request, Response, get, post
from litestar.background_tasks import BackgroundTasks
from litestar.exceptions import NotFoundException, ValidationException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from strawberry.litestar import make_graphql_controller
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from .. import observation
from ..errors import RequestRejected
from ..settings import Settings
from .persisted import requested_id
from .response_cache import ResponseCache

UPLOAD_HEADERS = ("x-serviceloop-upload", "apollo-require-preflight")
JSON_MEDIA_TYPE = "application/json"
# Content types a browser may POST cross-origin without a preflight (the CORS "simple request" kinds).
SIMPLE_MEDIA_TYPES = frozenset({"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"})

SUB_RESPONSE = "serviceloop.graphql_sub_response"
_CODE_OF_STATUS = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}
# A JSON string (skipped whole, brackets inside it do not count), an opening or a closing bracket.
_JSON_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|(?P<open>[\[{])|[\]}]')


def check_preflight(method: str, content_type: str | None, headers: Mapping[str, str]) -> None:
    """Refuse a POST that a plain HTML form or a no-preflight fetch could send from another site."""
    if method != "POST":
        return
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media == JSON_MEDIA_TYPE:
        return
    if media == "multipart/form-data":
        if any(headers.get(name) for name in UPLOAD_HEADERS):
            return
        raise RequestRejected(
            "A multipart upload must carry the header 'X-Serviceloop-Upload: 1' (or 'Apollo-Require-Preflight').",
            code="PREFLIGHT_REQUIRED",
        )
    if media in SIMPLE_MEDIA_TYPES:
        raise RequestRejected("Send GraphQL requests as application/json.", code="PREFLIGHT_REQUIRED")
    raise RequestRejected(
        f"Content type '{media}' is not accepted; send application/json.", code="UNSUPPORTED_MEDIA_TYPE", status_code=415
    )


def check_json_depth(data: bytes | str, limit: int) -> None:
    """REQUEST_TOO_DEEP when arrays and objects nest deeper than `limit`; one pass, strings skipped in C."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return
    depth = 0
    for match in _JSON_TOKENS.finditer(raw):
        if match.lastgroup == "open":
            depth += 1
            if depth > limit:
                raise RequestRejected(f"The request nests deeper than {limit} levels.", code="REQUEST_TOO_DEEP")
        elif raw[match.start()] != 0x22:  # a closing bracket (0x22 is the quote opening a skipped string)
            depth -= 1


def refusal(status_code: int, code: str, message: str) -> Response:
    observation.note_error(code)
    return Response({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status_code)


def _refusal_of(exc: HTTPException) -> Response:
    """strawberry's own refusals (unreadable JSON, no query, a mutation over GET) with a code."""
    if isinstance(exc.__cause__, InvalidOperationTypeError):
        return refusal(405, "METHOD_NOT_ALLOWED", "Mutations are sent with POST.")
    return refusal(exc.status_code, _CODE_OF_STATUS.get(exc.status_code, "BAD_REQUEST"), exc.reason)


@dataclasses.dataclass
class CachedResult(ExecutionResult):
    """An answer from the response cache: its encoded body, passed through process_result and encode_json."""

    body: bytes = b""


@dataclasses.dataclass(frozen=True)
class Encoded:
    body: bytes


def _untouched(response: Response) -> bool:
    """Whether the resolvers left the sub-response as it was (an answer that sets anything is never cached)."""
    return not response.headers and not response.cookies and not response.background.tasks


def _sub_response() -> Response:
    """The response strawberry lets resolvers add headers, cookies and background tasks to."""
    return Response({}, background=BackgroundTasks([]))


def graphql_controller(
    schema: strawberry.Schema,
    *,
    settings: Settings,
    context_getter: Callable[..., Any],
    graphql_ide_html: Callable[[], str],
    response_cache: ResponseCache | None = None,
) -> type:
    """The /graphql controller: strawberry's, with the transport rules above (and the service's response cache)."""
    base = make_graphql_controller(
        schema,
        path="/graphql",
        graphql_ide=None if settings.is_production else "graphiql",
        context_getter=context_getter,
        multipart_uploads_enabled=True,
    )
    depth_limit = settings.max_json_depth
    persisted = schema.persisted_documents

    async def _computed_meanwhile(key: tuple) -> bytes | None:
        """The answer of the same caller's same request when one is being computed now (a herd computes once: the
        answer may then predate a commit by the computation's time, as within a settle window); None when none is,
        or it was not kept (an error: then this request runs itself)."""
        computing = response_cache.computing.get(key)
        return None if computing is None else await asyncio.shield(computing)

    class GraphQLController(base):  # type: ignore[misc, valid-type]
        # No dependency injection for the context, the root value and the sub-response: Litestar resolves
        # sibling dependencies concurrently, in an anyio task group of three tasks per request (strawberry's own
        # `response` even in a worker thread), which cost more CPU than the work they do (bench/README.md).
        dependencies = {}

        @post(status_code=200)
        async def handle_http_post(self, request: Request) -> Response:
            return await self._handle(request)

        @get(raises=[ValidationException, NotFoundException])
        async def handle_http_get(self, request: Request) -> Response:
            return await self._handle(request)

        async def _handle(self, request: Request) -> Response:
            response = request.scope[SUB_RESPONSE] = _sub_response()
            context = await context_getter(request)
            context.request = request
            context.response = response
            return await self.execute_request(request=request, context=context, root_value=None)

        async def execute_single(  # noqa: PLR0917
            self, request, request_adapter, sub_response, context, root_value, request_data
        ) -> Any:
            key = None
            if response_cache is not None:
                key = response_cache.key_of(
                    text=request_data.query,
                    operation_name=request_data.operation_name,
                    variables=request_data.variables,
                    context=context,
                )
            if key is None:
                return await super().execute_single(
                    request, request_adapter, sub_response, context, root_value, request_data
                )
            now = context.runtime.clock.now()
            entry = response_cache.fresh(key, now)
            body = entry.body if entry is not None else None
            if body is None:
                body = await _computed_meanwhile(key)
            if body is None:
                snapshot = await response_cache.snapshot()  # before computing: a commit meanwhile shows later
                entry = response_cache.confirmed(key, snapshot, now)
                body = entry.body if entry is not None else None
            if body is None:
                body = await _computed_meanwhile(key)  # another request began it while this one read the snapshot
            if body is None:
                return await self._compute(
                    key, snapshot, now, request, request_adapter, sub_response, context, root_value, request_data
                )
            record = observation.current()
            if record is not None:
                record.operation = response_cache.operation_name(request_data.query, request_data.operation_name)
            return CachedResult(data=None, errors=None, body=body)

        async def _compute(  # noqa: PLR0913, PLR0917
            self, key, snapshot, now, request, request_adapter, sub_response, context, root_value, request_data
        ) -> Any:
            """Execute a cacheable request and keep its answer; requests for the same key meanwhile wait for it."""
            waiting = response_cache.computing[key] = asyncio.get_running_loop().create_future()
            kept = None
            try:
                result = await super().execute_single(
                    request, request_adapter, sub_response, context, root_value, request_data
                )
                if result.data is not None and not result.errors and not result.extensions and _untouched(
                    sub_response
                ):
                    kept = response_cache.store(key, data=result.data, snapshot=snapshot, now=now)
                return result
            finally:
                # Waiters get the answer, or None (an error, a refusal) and then run the request themselves.
                if response_cache.computing.get(key) is waiting:
                    del response_cache.computing[key]
                waiting.set_result(kept)

        async def get_sub_response(self, request: Request) -> Response:
            # Per request (strawberry keeps it on the controller, which concurrent requests share).
            return request.scope[SUB_RESPONSE]

        @property
        def graphql_ide_html(self) -> str:
            return graphql_ide_html()

        async def execute_request(self, request: Request, context: Any, root_value: Any) -> Response:
            try:
                check_preflight(request.method, request.headers.get("content-type"), request.headers)
                return await self.run(request, context=context, root_value=root_value)
            except RequestRejected as exc:
                return refusal(exc.status_code, exc.code, exc.message)
            except RequestEntityTooLarge:
                return refusal(
                    413, "REQUEST_TOO_LARGE", f"The request is larger than {settings.max_request_bytes} bytes."
                )
            except HTTPException as exc:
                return _refusal_of(exc)

        def should_render_graphql_ide(self, request: Any) -> bool:
            # A GET naming a persisted document is an operation, not a visit to the IDE.
            named = request.query_params.get("documentId") or request.query_params.get("extensions")
            return not named and super().should_render_graphql_ide(request)

        async def parse_http_body(self, request: Any) -> Any:
            data = await super().parse_http_body(request)
            if isinstance(data, list):  # batching is off: strawberry has refused it already
                return data
            named = None
            if data.query is None:
                # `documentId` is not kept by strawberry; the body is small (no text) and read from memory.
                if request.method == "GET":
                    named = {"documentId": request.query_params.get("documentId")}
                elif (request.content_type or "").startswith(JSON_MEDIA_TYPE):
                    named = self.decode_json(await request.get_body())
                    named = named if isinstance(named, dict) else None
            document_id = requested_id(named, data.extensions)
            if document_id is not None:
                data.query = persisted.text_of(document_id)
            return data

        async def process_result(self, request: Any, result: Any) -> Any:
            if isinstance(result, CachedResult):
                return Encoded(result.body)
            return await super().process_result(request, result)

        def encode_json(self, data: object) -> bytes:
            if isinstance(data, Encoded):  # a cached answer: its body as it was first sent
                return data.body
            # msgspec (Litestar's own encoder): a few times faster than json.dumps on a `today`-sized answer.
            return msgspec.json.encode(data)

        def decode_json(self, data: str | bytes) -> object:
            # The body, a multipart request's `operations` and `map`, and GET's `variables` all come here.
            check_json_depth(data, depth_limit)
            return json.loads(data)

    return GraphQLController
