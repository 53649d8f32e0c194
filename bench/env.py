"""Point Serviceloop's settings at the dedicated benchmark storage. Call configure() before importing services.*

Like tests/conftest.py: the benchmark never touches the development or test databases. With DATABASE_URL set,
it uses a database named `serviceloop_bench` on the same server; otherwise the embedded PostgreSQL (and Redis)
in the data folder .data/bench (SERVICELOOP_DATA_DIR overrides), database `serviceloop_bench`.
"""

from __future__ import annotations

import functools
import os
import pathlib
import urllib.parse
import warnings

BENCH_DATABASE = "serviceloop_bench"
# Tokens are signed and checked with this secret by the runner and by the servers it starts (the servers run
# with SERVICELOOP_ENV=production, which refuses the development secret).
BENCH_JWT_SECRET = "serviceloop-benchmark-secret-not-for-production-use"
# Production keys mailed links with a key of its own (never the access tokens' key).
BENCH_LINK_TOKEN_SECRET = "serviceloop-benchmark-link-token-secret-not-for-production-use"
# Production servers refuse to start without a federation gateway secret (nothing in a benchmark sends it).
BENCH_GATEWAY_SECRET = "serviceloop-benchmark-gateway-secret-not-for-production-use"

_configured = False


def configure() -> None:
    """Set the environment for this process (and the processes it starts). Idempotent.

    SERVICELOOP_BENCH_DATABASE names another database (e.g. a small one for trying the scripts out).
    """
    global _configured
    if _configured:
        return
    # The embedded servers' platformdirs warns when XDG_RUNTIME_DIR is unset; noise in a benchmark's output.
    warnings.filterwarnings("ignore", category=UserWarning, module="platformdirs.*")
    database_name = os.environ.get("SERVICELOOP_BENCH_DATABASE") or BENCH_DATABASE
    # The embedded server gets its own data folder (.data/bench), as the tests have theirs (.data/test):
    # `make run` starting, stopping or resetting its server never pulls the benchmark's data away.
    os.environ.setdefault("SERVICELOOP_DATA_DIR", str(pathlib.Path(__file__).resolve().parents[1] / ".data" / "bench"))
    os.environ["SERVICELOOP_DATABASE_NAME"] = database_name
    if os.environ.get("DATABASE_URL"):
        parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
        os.environ["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{database_name}"))
    os.environ.setdefault("SERVICELOOP_JWT_SECRET", BENCH_JWT_SECRET)
    os.environ.setdefault("SERVICELOOP_GATEWAY_SECRET", BENCH_GATEWAY_SECRET)
    os.environ.setdefault("SERVICELOOP_LINK_TOKEN_SECRET", BENCH_LINK_TOKEN_SECRET)
    # Production also wants a mail server and the link addresses; the benchmarks send no mail.
    os.environ.setdefault("SERVICELOOP_SMTP_HOST", "127.0.0.1")
    os.environ.setdefault("SERVICELOOP_APP_BASE_URL", "http://127.0.0.1:8001/app")
    os.environ.setdefault("SERVICELOOP_PUBLIC_BASE_URL", "http://127.0.0.1:8002/feedback")
    os.environ.setdefault("SERVICELOOP_LOG_LEVEL", "WARNING")
    # Non-production unless told otherwise: the statement log (used by the runner's in-process statement count)
    # is installed on pooled connections only outside production. The runner starts its servers in production.
    os.environ.setdefault("SERVICELOOP_ENV", "development")
    _configured = True


async def drop_database() -> None:
    """Drop the configured benchmark database (for a seed from scratch); refuses any database not named *bench*."""
    import asyncio

    import asyncpg

    from services.platform import database
    from services.platform.settings import get_settings

    settings = get_settings()
    if settings.embedded_database:
        from services.platform import embedded

        await asyncio.to_thread(embedded.start_postgres, settings)
    url = database.database_url(settings)
    name = database.database_name(url)
    if "bench" not in name:
        raise RuntimeError(f"refusing to drop {name}: not a benchmark database")
    admin = await asyncpg.connect(database.with_database(url, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
    print(f"dropped database {name}")


@functools.lru_cache(maxsize=1)
def throwaway_keys() -> dict[str, str]:
    """Keys a production-mode server refuses to start without (the feedback badge signing key, the learning VAPID
    key), generated per benchmark run: nothing is signed or pushed here."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    def pem(key) -> str:
        return key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()

    return {
        "SERVICELOOP_BADGE_SIGNING_KEY": pem(rsa.generate_private_key(public_exponent=65537, key_size=2048)),
        "SERVICELOOP_VAPID_PRIVATE_KEY": pem(ec.generate_private_key(ec.SECP256R1())),
    }
