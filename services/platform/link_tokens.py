"""Tokens for links we mail (survey, invitation, password reset): an HMAC of the item's id, never stored.

Each purpose has a key of its own, derived from the link-token key (SERVICELOOP_LINK_TOKEN_SECRET, never the access
tokens' key in production), so a token of one purpose never passes as another's; the database keeps only the token's
sha256, and whoever needs the link again (the worker mailing it) derives it from the id. Rotating the link-token key
voids every open link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid

from .settings import get_settings


def _key(purpose: str) -> bytes:
    return hmac.new(get_settings().link_token_key, f"serviceloop:{purpose}".encode(), hashlib.sha256).digest()


def link_token(purpose: str, item_id: uuid.UUID) -> str:
    """192 bits of HMAC over the id, URL-safe (32 characters)."""
    mac = hmac.new(_key(purpose), item_id.bytes, hashlib.sha256).digest()[:24]
    return base64.urlsafe_b64encode(mac).decode()


def signed_token(purpose: str, message: bytes) -> str:
    """192 bits of HMAC over any message (e.g. an id and an expiry), URL-safe (32 characters)."""
    mac = hmac.new(_key(purpose), message, hashlib.sha256).digest()[:24]
    return base64.urlsafe_b64encode(mac).decode()


def token_hash(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode()).hexdigest()
