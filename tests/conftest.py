"""Test harness: a fresh test database (embedded, or `<name>_test` on DATABASE_URL's server), real Redis,
the app driven through httpx.ASGITransport with its lifespan running on the test event loop."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[1]
# Point the settings at test storage before any service module reads them.
os.environ["SERVICELOOP_ENV"] = "test"
os.environ.setdefault("SERVICELOOP_DATA_DIR", str(ROOT / ".data" / "test"))
os.environ["SERVICELOOP_DATABASE_NAME"] = "serviceloop_test"
if os.environ.get("DATABASE_URL"):
    _parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    _name = _parts.path.lstrip("/") or "serviceloop"
    if not _name.endswith("_test"):
        os.environ["DATABASE_URL"] = urllib.parse.urlunsplit(_parts._replace(path=f"/{_name}_test"))
if os.environ.get("REDIS_URL", "").startswith("redis"):
    _parts = urllib.parse.urlsplit(os.environ["REDIS_URL"])
    # SERVICELOOP_TEST_REDIS_DB lets several suites share one Redis server side by side.
    _db = os.environ.get("SERVICELOOP_TEST_REDIS_DB", "15")
    os.environ["REDIS_URL"] = urllib.parse.urlunsplit(_parts._replace(path=f"/{_db}"))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Mail goes through a real SMTP server: the mail catcher, started in-process by the `mail_server` fixture.
os.environ["SERVICELOOP_SMTP_HOST"] = "127.0.0.1"
os.environ["SERVICELOOP_SMTP_PORT"] = str(_free_port())
os.environ["SERVICELOOP_SMTP_STARTTLS"] = "false"
# The response cache answers a repeated team query while the database is unchanged; its settle window (answers
# served unchecked for 2 s) would hide changes under the tests' fixed clock, so here every repeat asks the database
# (tests/test_response_cache.py covers the window itself).
os.environ["SERVICELOOP_RESPONSE_CACHE_SETTLE_SECONDS"] = "0"

import asyncpg  # noqa: E402
import httpx  # noqa: E402
import pytest  # noqa: E402
from asgi_lifespan import LifespanManager  # noqa: E402

import piccolo_conf  # noqa: E402,F401
from services.platform import database, migrations  # noqa: E402
from services.platform import redis as redis_bootstrap  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402
from services.platform.settings import get_settings  # noqa: E402

from .support import Api  # noqa: E402

START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.timezone.utc)
KEEP_TABLES = {"lesson", "migration"}
SCHEMAS = ("learning", "feedback")


@pytest.fixture(scope="session")
async def storage():
    """A clean, migrated test database with the lesson catalogue loaded, and a flushed Redis database."""
    from services.learning.lessons import catalogue

    settings = get_settings()
    if settings.embedded_database:
        from services.platform import embedded

        embedded.start_postgres(settings)
    url = database.database_url(settings)
    admin = await asyncpg.connect(database.with_database(url, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database.database_name(url)}" WITH (FORCE)')
    finally:
        await admin.close()
    await database.prepare(settings)
    await migrations.migrate()
    await catalogue.load()
    redis_url = await redis_bootstrap.prepare(settings)
    pool = await redis_bootstrap.arq_pool(redis_url)
    await pool.flushdb()
    await pool.aclose()
    yield {"database_url": url, "redis_url": redis_url}


@pytest.fixture(scope="session", autouse=True)
def mail_server():
    """A real SMTP server (the mail catcher) for the whole run; the services send to it."""
    from services.platform.mailcatcher import Mailbox, start_smtp

    box = Mailbox()
    controller = start_smtp(box, port=get_settings().smtp_port)
    yield box
    controller.stop()


@pytest.fixture
def mailbox(mail_server):
    """The caught mail, emptied for this test."""
    mail_server.clear()
    return mail_server


@pytest.fixture(scope="session")
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture(scope="session")
async def app(storage, clock):
    from services.learning.app import create_app

    application = create_app(clock=clock)
    async with LifespanManager(application):
        yield application


@pytest.fixture(scope="session")
async def client(app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http


@pytest.fixture(autouse=True)
async def clean(request, clock):
    """Every test starts with no people, progress or events, at the same instant."""
    clock.set(START)
    if not {"storage", "client", "feedback_client"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue("storage")
    await reset_storage()
    yield


async def reset_storage() -> None:
    """No people, progress, feedback or events; the lesson catalogue stays. Redis emptied."""
    from services.learning.lessons.tables import Lesson
    from services.learning.values.service import forget_cached_values

    rows = await Lesson.raw("SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY({})", list(SCHEMAS))
    tables = [f'{r["schemaname"]}."{r["tablename"]}"' for r in rows if r["tablename"] not in KEEP_TABLES]
    await Lesson.raw(f"TRUNCATE {', '.join(tables)} CASCADE")
    forget_cached_values()
    settings = get_settings()
    pool = await redis_bootstrap.arq_pool(await redis_bootstrap.prepare(settings))
    await pool.flushdb()
    await pool.aclose()


@pytest.fixture
def computed(request):
    """Both services' response caches off for one test: every request is computed (the statement-count tests pin
    what computing a team page costs; tests/test_response_cache.py what a cached answer costs)."""
    caches = [request.getfixturevalue(name).state.runtime.response_cache for name in ("app", "feedback_app")]
    kept = [cache.max_bytes for cache in caches]
    for cache in caches:
        cache.max_bytes = 0
    yield
    for cache, max_bytes in zip(caches, kept):
        cache.max_bytes = max_bytes


@pytest.fixture
def api(client) -> Api:
    return Api(client)


@pytest.fixture(scope="session")
async def feedback_app(storage, clock):
    from services.feedback.app import create_app

    application = create_app(clock=clock)
    async with LifespanManager(application):
        yield application


@pytest.fixture(scope="session")
async def feedback_client(feedback_app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=feedback_app), base_url="http://test") as http:
        yield http


@pytest.fixture
def feedback_api(feedback_client) -> Api:
    return Api(feedback_client)
