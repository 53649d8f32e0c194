"""PostgreSQL bootstrap: the URL to use, the piccolo engine, the pool, and a statement log for tests and benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import urllib.parse
from collections.abc import Iterator

import asyncpg
from piccolo.engine.postgres import PostgresEngine

from . import embedded
from .settings import Settings

log = logging.getLogger(__name__)


def database_url(settings: Settings) -> str:
    """The URL of the service database: DATABASE_URL, or the database inside the embedded server."""
    if settings.database_url:
        return settings.database_url
    return f"postgresql://postgres@/{settings.database_name}?host={embedded.postgres_dir(settings)}"


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at another database."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def database_name(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


async def ensure_database(url: str) -> None:
    """Create the database named in the URL when the server does not have it yet."""
    name = database_name(url)
    conn = await asyncpg.connect(with_database(url, "postgres"))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            log.info("creating database %s", name)
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def prepare(settings: Settings) -> str:
    """Start the embedded server when nothing is configured, make sure the database exists, return its URL."""
    if settings.embedded_database:
        await asyncio.to_thread(embedded.start_postgres, settings)
    url = database_url(settings)
    await ensure_database(url)
    return url


class Engine(PostgresEngine):
    """Piccolo's PostgreSQL engine without the version probe it runs on import (the server may not be up yet)."""

    async def check_version(self) -> None:
        return None


def make_engine(settings: Settings) -> PostgresEngine:
    """The piccolo engine for this process (connections are opened lazily)."""
    return Engine(config={"dsn": database_url(settings)}, log_queries=False)


class StatementLog:
    """Counts the SQL statements sent through pooled connections (used by tests and benchmarks)."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.enabled = False

    # asyncpg's own one-off queries when a connection first meets a type (codec cache); not ours.
    _DRIVER_MARKERS = ("typeinfo_tree", "current_setting('jit')", "set_config('jit'")

    def record(self, record: asyncpg.connection.LoggedQuery) -> None:
        if self.enabled and not any(marker in record.query for marker in self._DRIVER_MARKERS):
            self.statements.append(record.query)

    @contextlib.contextmanager
    def capture(self) -> Iterator[list[str]]:
        """Collect the statements sent inside the block (flush with `await asyncio.sleep(0)` before reading)."""
        self.statements = []
        self.enabled = True
        try:
            yield self.statements
        finally:
            self.enabled = False


STATEMENTS = StatementLog()


async def _init_connection(conn: asyncpg.Connection) -> None:
    conn.add_query_logger(STATEMENTS.record)


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Skip asyncpg's reset query on release (advisory unlock, CLOSE ALL, UNLISTEN, RESET ALL).

    Piccolo takes a pooled connection per query, so the default reset doubles the round trips. We never
    leave session state behind (no SET, LISTEN, cursors or session advisory locks); asyncpg still rolls
    back a transaction left open before this is called.
    """


async def open_pool(engine: PostgresEngine, settings: Settings) -> None:
    """Open the connection pool; every pooled connection reports its statements to STATEMENTS."""
    kwargs = {"min_size": settings.db_pool_min, "max_size": settings.db_pool_max, "reset": _keep_session}
    if not settings.is_production:
        kwargs["init"] = _init_connection
    await engine.start_connection_pool(**kwargs)


async def close_pool(engine: PostgresEngine) -> None:
    if engine.pool:
        await engine.close_connection_pool()


async def fetch(engine: PostgresEngine, sql: str, *args: object) -> list[dict]:
    """Rows of one statement (asyncpg `$n` placeholders) as dicts, inside the current piccolo transaction if any.

    For the few statements on the hottest paths (the employee of every request, the daily plan): piccolo's
    `raw()` compiles its `{}` placeholders and wraps the call on every run, ~40 µs of CPU per statement more than
    asyncpg itself (bench/README.md); everything else uses piccolo's query builder.
    """
    transaction = engine.current_transaction.get()
    if transaction is not None:
        rows = await transaction.connection.fetch(sql, *args)
    else:
        async with engine.pool.acquire() as connection:
            rows = await connection.fetch(sql, *args)
    return [dict(row) for row in rows]
