"""The issuer's signing key: read from settings (PEM inline or a file), or made under data_dir outside production;
its public half as a JWK Set, keyed by the RFC 7638 thumbprint that every credential's `kid` names."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import pathlib
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from services.platform import dev_keys
from services.platform.settings import Settings

ALGORITHM = "RS256"
KEY_BITS = 2048
DEV_KEY_FILE = "badge-signing-key.pem"


class SigningKeyMissing(RuntimeError):
    """Production without SERVICELOOP_BADGE_SIGNING_KEY or SERVICELOOP_BADGE_SIGNING_KEY_FILE."""


@dataclass(frozen=True)
class SigningKey:
    private: rsa.RSAPrivateKey
    kid: str
    public_jwk: dict


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def thumbprint(jwk: dict) -> str:
    """RFC 7638: SHA-256 over the required members of an RSA JWK, sorted, without whitespace."""
    required = {k: jwk[k] for k in ("e", "kty", "n")}
    return _b64(hashlib.sha256(json.dumps(required, sort_keys=True, separators=(",", ":")).encode()).digest())


def _pem(settings: Settings) -> bytes:
    if settings.badge_signing_key is not None:
        return settings.badge_signing_key.get_secret_value().encode()
    if settings.badge_signing_key_file is not None:
        return pathlib.Path(settings.badge_signing_key_file).read_bytes()
    if settings.is_production:
        raise SigningKeyMissing(
            "Set SERVICELOOP_BADGE_SIGNING_KEY (an RSA private key in PEM) or SERVICELOOP_BADGE_SIGNING_KEY_FILE: "
            "badge credentials are signed with it"
        )
    return dev_keys.made_once(
        settings, DEV_KEY_FILE, lambda: rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    )


def load(settings: Settings) -> SigningKey:
    """The configured key (SigningKeyMissing in production without one)."""
    return _load(_pem(settings))


@functools.lru_cache(maxsize=4)
def _load(pem: bytes) -> SigningKey:
    private = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(private, rsa.RSAPrivateKey):
        raise ValueError("The badge signing key must be an RSA private key (credentials are signed RS256).")
    jwk = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
    kid = thumbprint(jwk)
    return SigningKey(private=private, kid=kid, public_jwk={**jwk, "kid": kid, "alg": ALGORITHM, "use": "sig"})


def jwks(settings: Settings) -> dict:
    """The JWK Set verifiers fetch: the issuer's public key under its kid."""
    return {"keys": [load(settings).public_jwk]}
