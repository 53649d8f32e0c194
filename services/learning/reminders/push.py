"""Web Push requests (RFC 8030) as pywebpush builds them: the payload encrypted for one browser (RFC 8291,
aes128gcm content coding of RFC 8188) with a fresh key per message, signed with our VAPID key (RFC 8292)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from dataclasses import dataclass

import http_ece
import httpx
from cryptography.hazmat.primitives.asymmetric import ec

from services.platform.settings import Settings

from . import vapid

TIMEOUT_SECONDS = 10
# Push services answer these for a subscription that no longer exists (RFC 8030 section 7.3): forget it.
GONE = frozenset({404, 410})
# An undelivered reminder is replaced by a newer one of the same topic, not queued beside it.
TOPIC = "daily-reminder"


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    gone: bool
    status: int | None


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encrypt(payload: bytes, subscription: Subscription) -> bytes:
    """The aes128gcm body: salt, record size and our ephemeral public key in the header, then the ciphertext."""
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    return http_ece.encrypt(
        payload,
        salt=os.urandom(16),
        private_key=ephemeral,
        dh=b64url_decode(subscription.p256dh),
        auth_secret=b64url_decode(subscription.auth),
        version="aes128gcm",
    )


def request(
    *, subscription: Subscription, message: dict, ttl_seconds: int, settings: Settings, now: dt.datetime
) -> httpx.Request:
    """The POST one browser's push service receives."""
    body = encrypt(json.dumps(message, ensure_ascii=False).encode(), subscription)
    headers = {
        "Content-Type": "application/octet-stream",
        "Content-Encoding": "aes128gcm",
        "TTL": str(ttl_seconds),
        "Urgency": "normal",
        "Topic": TOPIC,
        "Authorization": vapid.authorization(endpoint=subscription.endpoint, settings=settings, now=now),
    }
    return httpx.Request("POST", subscription.endpoint, content=body, headers=headers)


async def send(client: httpx.AsyncClient, prepared: httpx.Request) -> Outcome:
    """Send one push; a network failure or another refusal is an undelivered push, not an error."""
    try:
        response = await client.send(prepared)
    except httpx.HTTPError:
        return Outcome(delivered=False, gone=False, status=None)
    return Outcome(delivered=200 <= response.status_code < 300, gone=response.status_code in GONE,
                   status=response.status_code)


def client() -> httpx.AsyncClient:
    # No redirects: a push service answers, it does not send us elsewhere.
    return httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False)
