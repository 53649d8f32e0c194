"""Storage and seed data of the feedback benchmarks: 10,000 staff in the replica, a ledger history for leaderboards.

    .venv/bin/python -m bench.feedback_seed [--staff 10000] [--entries 300000] [--fresh]

Import this module before any `services.*` module: it points the settings at the feedback benchmarks' own
database, `serviceloop_bench_feedback` (SERVICELOOP_FEEDBACK_BENCH_DATABASE overrides), on DATABASE_URL's server
when it is set, otherwise in the embedded PostgreSQL under .data/bench (bench/env.py, shared with the learning
benchmark; another database in it). With REDIS_URL set the benchmarks use its database 12
(SERVICELOOP_FEEDBACK_BENCH_REDIS_DB overrides) and flush it; otherwise the embedded Redis.

Staff are written with COPY straight into feedback.staff_member (what the directory replica holds after the
employee events): CEO, HR partners, ~50 department managers, team leads with teams of ~20, a mix of time zones.
The ledger history (leaderboard benchmark only) is written with COPY too: facts over the last 60 days turned into
entries by the default rules (praise, replies, acknowledgements, resolutions pending and partly confirmed).
Both steps are skipped when the rows are already there. Everything is deterministic except the dates, which are
relative to the moment of seeding.
"""

from __future__ import annotations

import os
import urllib.parse

# Before bench.env and any services.* import: the feedback benchmarks have their own database and Redis database.
FEEDBACK_BENCH_DATABASE = os.environ.get("SERVICELOOP_FEEDBACK_BENCH_DATABASE") or "serviceloop_bench_feedback"
os.environ["SERVICELOOP_BENCH_DATABASE"] = FEEDBACK_BENCH_DATABASE
if os.environ.get("REDIS_URL", "").startswith("redis"):
    _parts = urllib.parse.urlsplit(os.environ["REDIS_URL"])
    _db = os.environ.get("SERVICELOOP_FEEDBACK_BENCH_REDIS_DB", "12")
    os.environ["REDIS_URL"] = urllib.parse.urlunsplit(_parts._replace(path=f"/{_db}"))

from . import env  # noqa: E402

env.configure()
if os.environ["SERVICELOOP_DATABASE_NAME"] != FEEDBACK_BENCH_DATABASE:
    raise RuntimeError("bench.feedback_seed must be imported before bench.env is configured for another database")

import argparse  # noqa: E402
import asyncio  # noqa: E402
import datetime as dt  # noqa: E402
import importlib  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import asyncpg  # noqa: E402

from services.platform import database  # noqa: E402
from services.platform import redis as redis_bootstrap  # noqa: E402
from services.platform.settings import get_settings  # noqa: E402

S = "feedback"  # the feedback service's schema
# The migration's own backfill (its statements name the feedback schema).
BOARD_BACKFILL = importlib.import_module("services.feedback.migrations.feedback_2026_12_01t10_25_00_000000")
STAFF = 10_000
ENTRIES = 300_000
HISTORY_DAYS = 60
SEED = 20261122
UTC = dt.timezone.utc

# Seeded ledger entries have ids starting with these four bytes: a reseed finds whether the table holds exactly them.
SEED_PREFIX = 0x5EED5EED
SEED_LO = uuid.UUID(int=SEED_PREFIX << 96)
SEED_HI = uuid.UUID(int=(SEED_PREFIX + 1) << 96)

ZONES = [
    ("Europe/Tallinn", 60),
    ("Europe/Helsinki", 10),
    ("Europe/Riga", 8),
    ("Europe/London", 6),
    ("Europe/Vilnius", 5),
    ("Europe/Berlin", 4),
    ("America/New_York", 4),
    ("Asia/Singapore", 2),
    ("America/Los_Angeles", 1),
]
FAMILIES = {
    "cashier": "Cashier",
    "sales": "Sales consultant",
    "customer_service": "Customer service agent",
    "cleaner": "Cleaner",
    "window_cleaner": "Window cleaner",
    "logistics": "Warehouse worker",
    "mechanic": "Maintenance mechanic",
    "accountant": "Accountant",
    "it": "IT support",
    "other": "Specialist",
}
FIRST = "Anu Andres Birgit Eliise Greete Heiki Helen Janek Jüri Kadri Karl Kätlin Laura Liis Maie Margus Mart Merike Ott Piret Priit Rasmus Siim Sirje Tiina Toomas Ülle Urmas".split()
LAST = "Aas Allik Aru Kask Kivi Koppel Kuusk Lepik Lill Luik Mägi Männik Mets Nurk Oja Org Pärn Põder Rand Raud Rebane Saar Sepp Sild Tamm Vares Vaher".split()

STAFF_COLUMNS = (
    "id",
    "hr_id",
    "name",
    "email",
    "job_title",
    "role_family",
    "manager_id",
    "org_path",
    "locale",
    "time_zone",
    "role",
    "active",
    "version",
    "synced_at",
)
LEDGER_COLUMNS = ("id", "employee", "rule", "source", "feedback", "entry", "points", "created_at", "local_date")

Log = Callable[[str], None]


# ---------------------------------------------------------------- storage


async def open_storage() -> str:
    """Start the embedded PostgreSQL when no DATABASE_URL is set, create the database, open the piccolo pool."""
    import piccolo_conf  # noqa: F401  (the engine the service tables use)
    from piccolo.engine import engine_finder

    url = await database.prepare(get_settings())
    await database.open_pool(engine_finder(), get_settings())
    return url


async def close_storage() -> None:
    from piccolo.engine import engine_finder

    await database.close_pool(engine_finder())


async def prepare_schema() -> None:
    """Migrations, and the point rules back at their defaults (the ledger audit computes with the defaults)."""
    from services.feedback.recognition import rules
    from services.feedback.recognition.tables import PointRule
    from services.platform import migrations

    await migrations.migrate()
    await PointRule.raw(f"DELETE FROM {PointRule._meta.get_formatted_tablename()}")
    await rules.seed_defaults()


async def fresh_redis() -> str:
    """The benchmarks' Redis (embedded, or REDIS_URL's bench database), flushed; returns its URL."""
    url = await redis_bootstrap.prepare(get_settings())
    pool = await redis_bootstrap.arq_pool(url)
    try:
        await pool.flushdb()
    finally:
        await pool.aclose()
    return url


# One definition for every benchmark database (it drops whichever one bench.env was configured for).
drop_database = env.drop_database


def storage_label() -> str:
    settings = get_settings()
    where = "embedded PostgreSQL" if settings.embedded_database else "DATABASE_URL's server"
    redis = "embedded Redis" if settings.embedded_redis else "REDIS_URL (bench database)"
    return f"database {FEEDBACK_BENCH_DATABASE} on {where}, {redis}"


# ---------------------------------------------------------------- staff


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def staff_rows(count: int, seed: int = SEED) -> list[tuple]:
    """A realistic tree of `count` people as replica rows: CEO -> HR and department managers -> team leads -> teams."""
    rng = random.Random(seed)
    zones, weights = zip(*ZONES)
    now = dt.datetime.now(UTC)
    rows: list[tuple] = []

    def person(manager: tuple | None, family: str, title: str, role: str, zone: str) -> tuple:
        hr_id = f"F{len(rows):05d}"
        person_id = _uuid(rng)
        if rng.random() < 0.1:
            zone = rng.choices(zones, weights)[0]
        path = f"{manager[7]}/{person_id}" if manager else str(person_id)
        row = (
            person_id,
            hr_id,
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            f"{hr_id.lower()}@bench.serviceloop.ee",
            title,
            family,
            manager[0] if manager else None,
            path,
            "et" if rng.random() < 0.75 else "en",
            zone,
            role,
            True,
            1,
            now,
        )
        rows.append(row)
        return row

    ceo = person(None, "ceo", "Chief executive", "admin", "Europe/Tallinn")
    for _ in range(min(max(1, count // 2000), count - len(rows))):
        person(ceo, "hr", "HR partner", "hr", "Europe/Tallinn")
    departments = []
    for _ in range(min(max(1, round(count / 200)), count - len(rows))):
        zone = rng.choices(zones, weights)[0]
        departments.append((person(ceo, "manager", "Department manager", "manager", zone), zone))
    teams = max(1, round((count - len(rows)) / 21)) if departments else 0
    families = list(FAMILIES)
    for index in range(teams):
        if len(rows) >= count:
            break
        head, zone = departments[index % len(departments)]
        family = rng.choice(families)
        lead = person(head, "manager", f"Team lead ({FAMILIES[family].lower()})", "manager", zone)
        size = (count - len(rows)) // (teams - index) if index < teams - 1 else count - len(rows)
        for _ in range(size):
            person(lead, family, FAMILIES[family], "employee", zone)
    return rows[:count]


async def ensure_staff(conn: asyncpg.Connection, count: int = STAFF, log: Log = print) -> None:
    """The replica holds exactly the generated staff (written again when the count differs)."""
    have = await conn.fetchval(f"SELECT count(*) FROM {S}.staff_member")
    seeded = await conn.fetchval(f"SELECT count(*) FROM {S}.staff_member WHERE hr_id LIKE 'F%'")
    if have == seeded == count:
        log(f"  staff: {count:,} already in the replica, skipped")
        return
    started = time.perf_counter()
    rows = staff_rows(count)
    async with conn.transaction():
        await conn.execute(f"TRUNCATE {S}.staff_member")
        await conn.copy_records_to_table("staff_member", schema_name=S, columns=STAFF_COLUMNS, records=rows)
    await conn.execute(f"VACUUM ANALYZE {S}.staff_member")
    log(f"  staff: wrote {len(rows):,} replica rows with COPY in {time.perf_counter() - started:.1f} s")


async def load_staff(conn: asyncpg.Connection) -> list[dict]:
    rows = await conn.fetch(
        f"SELECT id, hr_id, role, role_family, org_path, time_zone FROM {S}.staff_member WHERE active ORDER BY hr_id"
    )
    return [dict(r) for r in rows]


# ---------------------------------------------------------------- ledger history (leaderboards)


def history_rows(staff: list[dict], entries: int, now: dt.datetime, seed: int = SEED) -> list[tuple]:
    """`entries` ledger rows over the last HISTORY_DAYS days, by the default rules, uneven between people."""
    from services.feedback.recognition import ledger, rules

    rng = random.Random(f"{seed}:ledger")
    points = {key: rule.points for key, rule in rules.DEFAULTS.items()}
    # Some people earn a lot, most a little, some nothing: activity weights with a long tail.
    weights = [0.0 if rng.random() < 0.1 else rng.lognormvariate(0, 1) for _ in staff]
    zones = {z: ZoneInfo(z) for z in {s["time_zone"] for s in staff}}
    span = HISTORY_DAYS * 86400
    rows: list[tuple] = []

    def entry_id() -> uuid.UUID:
        return uuid.UUID(int=(SEED_PREFIX << 96) | rng.getrandbits(96))

    def add(person: dict, rule: str, source: str, feedback: uuid.UUID, entry: str, at: dt.datetime) -> None:
        day = at.astimezone(zones[person["time_zone"]]).date()
        value = points[rule] if entry != ledger.REVERSE else 0
        rows.append((entry_id(), person["id"], rule, source, feedback, entry, value, at, day))

    while len(rows) < entries:
        for person in rng.choices(staff, weights, k=2000):
            at = now - dt.timedelta(seconds=rng.uniform(0, span))
            feedback = _uuid(rng)
            fact = rng.random()
            if fact < 0.50:
                add(person, rules.PRAISE_RECEIVED, f"feedback:{feedback}", feedback, ledger.AWARD, at)
            elif fact < 0.65:
                add(person, rules.PRAISE_ANSWERED, f"feedback:{feedback}", feedback, ledger.AWARD, at)
            elif fact < 0.85:
                add(person, rules.ACKNOWLEDGED_WITHIN_TARGET, f"complaint:{feedback}", feedback, ledger.AWARD, at)
            else:
                source = f"complaint:{feedback}:r0"
                earned = [rules.RESOLVED] + ([rules.RESOLVED_WITHOUT_TRANSFER] if rng.random() < 0.7 else [])
                for rule in earned:
                    add(person, rule, source, feedback, ledger.PENDING, at)
                if rng.random() < 0.1:
                    add(person, rules.RESOLVED_LATE, source, feedback, ledger.AWARD, at)
                verdict = rng.random()
                settled_at = at + dt.timedelta(days=rng.uniform(3, 30))
                if settled_at < now and verdict < 0.4:  # a positive loyalty outcome: confirmed, +loyalty
                    for rule in earned:
                        add(person, rule, source, feedback, ledger.CONFIRM, settled_at)
                    add(person, rules.LOYALTY_CONFIRMED, f"loyalty:{feedback}", feedback, ledger.AWARD, settled_at)
                elif settled_at < now and verdict < 0.5:  # a negative one: voided
                    for rule in earned:
                        add(person, rule, source, feedback, ledger.REVERSE, settled_at)
    # The ledger is append-only: rows arrive in time order, so a period's entries sit together in the table.
    return sorted(rows[:entries], key=lambda row: row[7])


async def ensure_history(conn: asyncpg.Connection, entries: int = ENTRIES, log: Log = print) -> None:
    """The ledger holds exactly the seeded history, seeded within the last day (else it is written again)."""
    count, seeded, newest = await conn.fetchrow(
        f"SELECT count(*), count(*) FILTER (WHERE id >= $1 AND id < $2), max(created_at) FROM {S}.ledger_entry",
        SEED_LO,
        SEED_HI,
    )
    now = dt.datetime.now(UTC)
    if count == seeded == entries and newest is not None and newest > now - dt.timedelta(days=1):
        log(f"  ledger: {entries:,} seeded entries already there, skipped")
        return
    started = time.perf_counter()
    staff = await load_staff(conn)
    rows = history_rows(staff, entries, now)
    generated = time.perf_counter()
    async with conn.transaction():
        await conn.execute(f"TRUNCATE {S}.ledger_entry, {S}.board_score, {S}.badge")
        await conn.copy_records_to_table("ledger_entry", schema_name=S, columns=LEDGER_COLUMNS, records=rows)
    copied = time.perf_counter()
    # COPY bypasses the workers that keep the boards: total them as the migration backfills an existing ledger.
    for statement in BOARD_BACKFILL.statements():
        await conn.execute(statement)
    totalled = time.perf_counter()
    await conn.execute(f"VACUUM ANALYZE {S}.ledger_entry")
    await conn.execute(f"VACUUM ANALYZE {S}.board_score")
    log(
        f"  ledger: wrote {len(rows):,} entries over the last {HISTORY_DAYS} days (generate "
        f"{generated - started:.1f} s, COPY {copied - generated:.1f} s, board totals {totalled - copied:.1f} s, "
        f"VACUUM ANALYZE {time.perf_counter() - totalled:.1f} s)"
    )


# ---------------------------------------------------------------- command line


async def _main(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    if args.fresh:
        await drop_database()
    url = await open_storage()
    print(f"seeding: {storage_label()}")
    try:
        await prepare_schema()
        conn = await asyncpg.connect(url)
        try:
            await ensure_staff(conn, args.staff)
            if args.entries:
                await ensure_history(conn, args.entries)
        finally:
            await conn.close()
    finally:
        await close_storage()
    print(f"seeding took {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--staff", type=int, default=STAFF, help=f"staff in the replica (default {STAFF})")
    parser.add_argument(
        "--entries",
        type=int,
        default=ENTRIES,
        help=f"ledger history for the leaderboards; 0 skips it (default {ENTRIES})",
    )
    parser.add_argument("--fresh", action="store_true", help="drop the feedback benchmark database first")
    args = parser.parse_args()
    try:
        asyncio.run(_main(args))
    finally:
        from services.platform import embedded

        embedded.stop_all()


if __name__ == "__main__":
    main()
