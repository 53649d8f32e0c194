"""Signed, expiring download links for export files: an HMAC of the export id and the expiry, never stored.

`/exports/<id>/download?expires=<unix seconds>&token=<hmac>`: whoever holds the link may fetch the file until
it expires (default 24 h, SERVICELOOP_EXPORT_LINK_TTL_HOURS), as with a pre-signed S3 URL; changing either
number breaks the signature. Rotating SERVICELOOP_JWT_SECRET voids every open link.
"""

from __future__ import annotations

import datetime as dt
import hmac
import urllib.parse
import uuid

from services.platform.link_tokens import signed_token

PURPOSE = "training-export-download"
ROUTE = "/exports/{export_id:uuid}/download"


def _token(export_id: uuid.UUID, expires: int) -> str:
    return signed_token(PURPOSE, f"{export_id}:{expires}".encode())


def download_url(*, base_url: str, export_id: uuid.UUID, expires_at: dt.datetime) -> str:
    expires = int(expires_at.timestamp())
    query = urllib.parse.urlencode({"expires": expires, "token": _token(export_id, expires)})
    return f"{base_url.rstrip('/')}/exports/{export_id}/download?{query}"


def check(*, export_id: uuid.UUID, expires: str, token: str, now: dt.datetime) -> str:
    """'ok', 'invalid' (not our signature) or 'expired'."""
    try:
        expires_at = int(expires)
    except (TypeError, ValueError):
        return "invalid"
    if not hmac.compare_digest(_token(export_id, expires_at), token or ""):
        return "invalid"
    return "ok" if now.timestamp() < expires_at else "expired"
