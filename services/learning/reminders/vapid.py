"""The VAPID key (RFC 8292) that signs our Web Push requests: read from settings (PEM inline or a file), or made
under data_dir outside production; its public half is the applicationServerKey browsers subscribe with."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import pathlib
import urllib.parse

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from services.platform import dev_keys
from services.platform.settings import Settings

DEV_KEY_FILE = "vapid-private-key.pem"
# RFC 8292 allows at most 24 hours; push services refuse a token close to that limit, so ours lives 12.
TOKEN_LIFETIME = dt.timedelta(hours=12)


class VapidKeyMissing(RuntimeError):
    """Production without SERVICELOOP_VAPID_PRIVATE_KEY or SERVICELOOP_VAPID_PRIVATE_KEY_FILE."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _pem(settings: Settings) -> bytes:
    if settings.vapid_private_key is not None:
        return settings.vapid_private_key.get_secret_value().encode()
    if settings.vapid_private_key_file is not None:
        return pathlib.Path(settings.vapid_private_key_file).read_bytes()
    if settings.is_production:
        raise VapidKeyMissing(
            "Set SERVICELOOP_VAPID_PRIVATE_KEY (an EC P-256 private key in PEM) or SERVICELOOP_VAPID_PRIVATE_KEY_FILE: "
            "daily reminders are sent by Web Push signed with it"
        )
    return dev_keys.made_once(settings, DEV_KEY_FILE, lambda: ec.generate_private_key(ec.SECP256R1()))


def load(settings: Settings) -> ec.EllipticCurvePrivateKey:
    """The configured key (VapidKeyMissing in production without one)."""
    return _load(_pem(settings))


@functools.lru_cache(maxsize=4)
def _load(pem: bytes) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("The VAPID key must be an EC P-256 private key (Web Push signs ES256).")
    return key


def application_server_key(settings: Settings) -> str:
    """The public key as browsers take it (pushManager.subscribe's applicationServerKey): the uncompressed point,
    base64url without padding."""
    public = load(settings).public_key()
    return b64url(public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))


def origin(endpoint: str) -> str:
    """The `aud` claim: scheme, host and port of the push service."""
    parts = urllib.parse.urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def authorization(*, endpoint: str, settings: Settings, now: dt.datetime) -> str:
    """The Authorization header value of one push request: `vapid t=<signed JWT>, k=<public key>`."""
    claims = {"aud": origin(endpoint), "exp": int((now + TOKEN_LIFETIME).timestamp()), "sub": settings.push_contact}
    return Vapid(load(settings)).sign(claims)["Authorization"]
