"""Keys made once under data_dir for development and tests (never in production, never in the repository)."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from .settings import Settings


def made_once(settings: Settings, file_name: str, generate: Callable[[], PrivateKeyTypes]) -> bytes:
    """The PEM of the key kept in `<data_dir>/<file_name>` (readable by its owner only), generated the first time."""
    path = pathlib.Path(settings.data_dir) / file_name
    if not path.exists():
        pem = generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pem)
        temporary.chmod(0o600)
        temporary.replace(path)  # two processes racing both write a whole key; the last one stays
    return path.read_bytes()
