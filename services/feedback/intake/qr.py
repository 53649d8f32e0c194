"""The printable QR code of a public feedback code, as SVG."""

from __future__ import annotations

import io

import segno

from services.platform.errors import ValidationFailed

MAX_BASE_URL = 200


def form_url(base_url: str, path: str) -> str:
    """The customer-facing address: the site's base URL (http or https) plus the form's path."""
    base = (base_url or "").strip().rstrip("/")
    if len(base) > MAX_BASE_URL or not base.startswith(("https://", "http://")) or any(c.isspace() for c in base):
        raise ValidationFailed("baseUrl must be an http(s) address.", code="INVALID_BASE_URL")
    return base + path


def svg(url: str) -> str:
    """A standalone SVG QR code of the URL; error correction M survives a smudged print."""
    out = io.BytesIO()
    segno.make_qr(url, error="m").save(out, kind="svg", scale=4, border=4, xmldecl=False, nl=False)
    return out.getvalue().decode("utf-8")
