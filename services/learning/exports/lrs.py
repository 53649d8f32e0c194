"""Sending statements to a Learning Record Store over the xAPI HTTP interface (POST/PUT /statements).

A batch is POSTed whole. 2xx: every statement is stored. Connection errors, 429 and 5xx are tried again with a
doubling back-off (`lrs_retries`, `lrs_backoff_seconds`); a connection that stays down raises LrsUnavailable
(the push job stops there and resumes from its last acknowledged batch). An answer that refuses the batch (4xx,
or a 5xx that persists: some LRSs answer 500 to a batch holding an id they already have) sends its statements
one by one with PUT, where 2xx and 409 (that id is stored already) count as delivered, and anything else is a
refusal recorded with the LRS's own words.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

log = logging.getLogger(__name__)
REASON_CHARS = 500


class LrsUnavailable(Exception):
    """The LRS could not be reached (or kept failing) after every retry."""


class LrsNotConfigured(Exception):
    pass


@dataclass
class BatchOutcome:
    delivered: int = 0
    refused: list[tuple[str, int, str]] = field(default_factory=list)  # (statement id, HTTP status, reason)


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class LrsClient:
    def __init__(
        self,
        *,
        endpoint: str,
        username: str | None,
        password: str | None,
        version: str,
        timeout: float,
        retries: int,
        backoff: float,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        auth = httpx.BasicAuth(username, password or "") if username else None
        self.http = httpx.AsyncClient(
            base_url=endpoint.rstrip("/") + "/",
            auth=auth,
            timeout=timeout,
            transport=transport,
            headers={"X-Experience-API-Version": version, "Content-Type": "application/json"},
        )
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep

    async def close(self) -> None:
        await self.http.aclose()

    async def _request(self, method: str, url: str, **kwargs) -> httpx.Response:
        """The LRS's answer; retried on connection errors, 429 and 5xx. The last 5xx is returned."""
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                response = await self.http.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                if attempt == self.retries:
                    raise LrsUnavailable(f"{type(exc).__name__}: {exc}") from exc
                log.warning("LRS %s %s failed (%s); trying again in %.1f s", method, url, exc, delay)
            else:
                if response.status_code != 429 and response.status_code < 500:
                    return response
                if attempt == self.retries:
                    return response
                log.warning("LRS answered %s; trying again in %.1f s", response.status_code, delay)
            await self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    async def send(self, statements: list[dict]) -> BatchOutcome:
        """Deliver one batch; what was refused comes back with the LRS's reason."""
        response = await self._request("POST", "statements", content=_dump(statements))
        if response.is_success:
            return BatchOutcome(delivered=len(statements))
        log.info("LRS refused a batch of %d (%s); sending one by one", len(statements), response.status_code)
        outcome = BatchOutcome()
        for statement in statements:
            one = await self._request(
                "PUT", "statements", params={"statementId": statement["id"]}, content=_dump(statement)
            )
            if one.is_success or one.status_code == 409:
                outcome.delivered += 1
            else:
                outcome.refused.append((statement["id"], one.status_code, _reason(one)))
        return outcome

    async def get(self, statement_id: str) -> dict | None:
        """One stored statement (for checks), or None."""
        response = await self._request("GET", "statements", params={"statementId": statement_id})
        if response.status_code == 404:
            return None
        response.raise_for_status()
        body = response.json()
        if isinstance(body, dict) and "statements" in body:  # some LRSs answer a single id with a result list
            return body["statements"][0] if body["statements"] else None
        return body


def _reason(response: httpx.Response) -> str:
    text = response.text.strip()
    try:
        body = response.json()
        if isinstance(body, dict):
            text = str(body.get("detail") or body.get("message") or body.get("error") or text)
    except ValueError:
        pass
    return f"HTTP {response.status_code}: {text}"[:REASON_CHARS]


def client_from_settings(settings, *, transport: httpx.AsyncBaseTransport | None = None) -> LrsClient:
    if not settings.lrs_endpoint:
        raise LrsNotConfigured("No LRS is configured (SERVICELOOP_LRS_ENDPOINT).")
    return LrsClient(
        endpoint=settings.lrs_endpoint,
        username=settings.lrs_username,
        password=settings.lrs_password.get_secret_value() if settings.lrs_password else None,
        version=settings.lrs_version,
        timeout=settings.lrs_timeout_seconds,
        retries=settings.lrs_retries,
        backoff=settings.lrs_backoff_seconds,
        transport=transport,
    )
