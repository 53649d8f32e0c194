"""Seed the dedicated benchmark database: 10,000 employees, 1,000,000 completed lesson sessions, progress, review cards.

    .venv/bin/python -m bench.seed [--employees 10000] [--sessions 1000000] [--no-review-cards]

Employees go through the real org-chart importer (a generated CSV: CEO, HR, ~50 department managers, team
leads with teams of ~20, a mix of locales and time zones). Sessions, progress and review cards are written with
COPY, one transaction per slice of 500 employees, so an interrupted seed resumes where it stopped and a
finished one is skipped (the row counts are checked first). Everything is deterministic except the dates,
which are relative to the day of seeding.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from . import env

env.configure()

import asyncpg  # noqa: E402

from services.platform import database  # noqa: E402
from services.platform.settings import get_settings  # noqa: E402

EMPLOYEES = 10_000
SESSIONS = 1_000_000
SLICE = 500  # employees per seeding transaction
NEW_HIRE_SHARE = 0.05  # employees with no history yet (their daily plan is a new lesson)
SEED = 20260310

# Sessions the benchmark makes for the completeLesson scenario have ids in this range (first four bytes),
# so they can be found and removed without a marker column. Seeded rows never use the prefix.
BENCH_PREFIX = 0xBE5CBE5C
BENCH_LO = uuid.UUID(int=BENCH_PREFIX << 96)
BENCH_HI = uuid.UUID(int=(BENCH_PREFIX + 1) << 96)

S = "learning"  # the learning service's schema

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
FAMILIES = {  # front-line role family -> job title
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
HEADER = "hr_id,name,email,job_title,role_family,manager_hr_id,locale,time_zone,role"

Log = Callable[[str], None]


def bench_uuid(rng: random.Random) -> uuid.UUID:
    """A fresh id inside the benchmark-made range."""
    return uuid.UUID(int=(BENCH_PREFIX << 96) | rng.getrandbits(96))


def _seed_uuid() -> uuid.UUID:
    while True:
        value = uuid.uuid4()
        if value.int >> 96 != BENCH_PREFIX:
            return value


# ---------------------------------------------------------------- the org chart


def org_csv(count: int, seed: int = SEED) -> str:
    """A realistic tree of `count` people: CEO -> HR and department managers -> team leads -> teams of ~20."""
    rng = random.Random(seed)
    zones, weights = zip(*ZONES)
    rows: list[tuple[str, ...]] = []

    def person(manager: str, family: str, title: str, role: str, zone: str) -> str:
        hr_id = f"B{len(rows):05d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        locale = "et" if rng.random() < 0.75 else "en"
        if rng.random() < 0.1:
            zone = rng.choices(zones, weights)[0]
        rows.append((hr_id, name, f"{hr_id.lower()}@bench.serviceloop.ee", title, family, manager, locale, zone, role))
        return hr_id

    ceo = person("", "ceo", "Chief executive", "admin", "Europe/Tallinn")
    if count == 1:
        return _csv(rows)
    hr_count = max(1, count // 2000)
    heads = max(1, round(count / 200))
    for _ in range(min(hr_count, count - len(rows))):
        person(ceo, "hr", "HR partner", "hr", "Europe/Tallinn")
    departments = []
    for _ in range(min(heads, count - len(rows))):
        zone = rng.choices(zones, weights)[0]
        departments.append((person(ceo, "manager", "Department manager", "manager", zone), zone))
    rest = count - len(rows)
    teams = max(1, round(rest / 21)) if departments else 0
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
    return _csv(rows)


def _csv(rows: list[tuple[str, ...]]) -> str:
    return HEADER + "\n" + "\n".join(",".join(r) for r in rows) + "\n"


# ---------------------------------------------------------------- history


@dataclass
class Slice:
    sessions: list[tuple]
    cards: list[tuple]
    progress: list[tuple]


def session_counts(hr_ids: list[str], total: int, seed: int = SEED) -> list[int]:
    """How many sessions each employee has done: varied, new hires none, summing to exactly `total`."""
    rng = random.Random(f"{seed}:counts")
    weights = [0.0 if rng.random() < NEW_HIRE_SHARE else rng.uniform(0.2, 1.8) for _ in hr_ids]
    whole = sum(weights) or 1.0
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])[: total - sum(counts)]:
        counts[i] += 1
    return counts


def history(employees: list[dict], counts: list[int], catalogue, now: dt.datetime, seed: int = SEED) -> Slice:
    """Completed sessions (one a day, the suitable lessons in turn), their review cards and progress rows."""
    from services.learning.progress import levels, xp

    out = Slice([], [], [])
    active = [l for l in catalogue.lessons if l.id in catalogue.active]
    day_ = dt.timedelta(days=1)
    for employee, count in zip(employees, counts):
        if count == 0:
            continue
        rng = random.Random(f"{seed}:{employee['hr_id']}")
        zone = ZoneInfo(employee["time_zone"])
        today = now.astimezone(zone).date()
        suitable = catalogue.suitable(employee["role_family"]) or active
        # Active learners learn most days: the days are drawn from a window a bit longer than the count.
        days_back = sorted(rng.sample(range(1, int(count * 1.3) + 2), count), reverse=True)
        xp_total = 0
        last_of: dict[str, tuple[dt.datetime, int]] = {}
        reps: dict[str, int] = {}
        days = []
        for k, back in enumerate(days_back):
            day = today - dt.timedelta(days=back)
            lesson = suitable[k % len(suitable)]
            item_ids = [i.id for i in catalogue.items_of[lesson.id]]
            r = rng.random()
            wrong = 0 if r < 0.55 else 1 if r < 0.85 else 2 if r < 0.95 else 3
            correct = max(0, len(item_ids) - wrong)
            passed = levels.passed(correct, len(item_ids))
            # The seeded history has XP on its sessions and progress rows only, no ledger entries: the benchmark
            # reads nothing else.
            completion_xp = xp.XP_LESSON_COMPLETED + (xp.XP_LESSON_PASSED_BONUS if passed else 0)
            started = dt.datetime.combine(day, dt.time(rng.randint(7, 20), rng.randint(0, 59)), zone)
            started = started.astimezone(dt.timezone.utc)
            completed = started + dt.timedelta(minutes=rng.randint(5, 15))
            out.sessions.append(
                (_seed_uuid(), employee["id"], lesson.id, day, item_ids, started, completed, correct, passed,
                 completion_xp)
            )
            xp_total += completion_xp + xp.XP_CORRECT_ANSWER * correct
            last_of[lesson.id] = (completed, correct)
            reps[lesson.id] = reps.get(lesson.id, 0) + 1
            days.append(day)
        streak = longest = 0
        previous = None
        for day in days:
            streak = streak + 1 if previous is not None and day - previous == day_ else 1
            longest = max(longest, streak)
            previous = day
        out.progress.append((employee["id"], xp_total, streak, longest, days[-1], rng.choice((0, 0, 1, 2)), now))
        for lesson_id, (reviewed, _) in last_of.items():
            for item in catalogue.items_of[lesson_id]:
                # About 4% of cards are due now: a few review items a day, as in steady use.
                due = (
                    now - dt.timedelta(hours=rng.uniform(0, 72))
                    if rng.random() < 0.04
                    else now + dt.timedelta(days=rng.uniform(1, 90))
                )
                out.cards.append(
                    (
                        _seed_uuid(),
                        employee["id"],
                        item.id,
                        lesson_id,
                        due,
                        rng.uniform(3, 90),
                        rng.uniform(2, 8),
                        2,
                        None,
                        reviewed,
                        reps[lesson_id],
                        rng.choice((0, 0, 0, 1, 2)),
                    )
                )
    return out


SESSION_COLUMNS = (
    "id",
    "employee",
    "lesson",
    "local_date",
    "item_ids",
    "started_at",
    "completed_at",
    "correct_count",
    "passed",
    "xp_awarded",
)
CARD_COLUMNS = (
    "id",
    "employee",
    "item_id",
    "lesson_id",
    "due",
    "stability",
    "difficulty",
    "state",
    "step",
    "last_review",
    "reps",
    "lapses",
)
PROGRESS_COLUMNS = ("employee", "xp", "streak", "longest_streak", "last_active_date", "freezes", "updated_at")


# ---------------------------------------------------------------- steps


async def remove_bench_rows(conn: asyncpg.Connection) -> int:
    """Forget what earlier benchmark runs made for completeLesson (sessions, their answers, idempotency keys)."""
    await conn.execute(f"DELETE FROM {S}.item_answer WHERE session >= $1 AND session < $2", BENCH_LO, BENCH_HI)
    status = await conn.execute(f"DELETE FROM {S}.lesson_session WHERE id >= $1 AND id < $2", BENCH_LO, BENCH_HI)
    await conn.execute(f"DELETE FROM {S}.idempotency_record WHERE key LIKE '%:completeLesson:%'")
    return int(status.split()[-1])


async def count(conn: asyncpg.Connection, table: str) -> int:
    return await conn.fetchval(f"SELECT count(*) FROM {S}.{table}")


async def seed_employees(conn: asyncpg.Connection, employees: int, log: Log) -> None:
    from services.learning.directory import importer
    from services.platform.clock import SystemClock

    have = await conn.fetchval(f"SELECT count(*) FROM {S}.employee WHERE hr_id LIKE 'B%'")
    if have >= employees:
        log(f"  employees: {have} already there, skipped")
        return
    started = time.perf_counter()
    text = org_csv(employees)
    report = await importer.run_import(text, dry_run=False, now=SystemClock().now())
    if report.errors:
        raise RuntimeError(f"org import failed: {report.errors[:5]}")
    log(
        f"  employees: imported {len(report.created)} new, {len(report.updated)} updated through the importer "
        f"in {time.perf_counter() - started:.1f} s"
    )


async def seed_history(conn: asyncpg.Connection, sessions: int, review_cards: bool, log: Log) -> bool:
    """Sessions, progress (and review cards) per slice of employees; True when anything was written."""
    from services.learning.lessons.service import get_catalogue, invalidate

    invalidate()
    catalogue = await get_catalogue()
    employees = [
        dict(r)
        for r in await conn.fetch(
            f"SELECT id, hr_id, role_family, time_zone FROM {S}.employee WHERE hr_id LIKE 'B%' ORDER BY hr_id"
        )
    ]
    counts = session_counts([e["hr_id"] for e in employees], sessions)
    now = dt.datetime.now(dt.timezone.utc)
    wrote = False
    written = {"sessions": 0, "cards": 0, "progress": 0}
    generate_s = copy_s = 0.0
    skipped = 0
    for start in range(0, len(employees), SLICE):
        part, part_counts = employees[start : start + SLICE], counts[start : start + SLICE]
        ids = [e["id"] for e in part]
        have = await conn.fetchval(f"SELECT count(*) FROM {S}.lesson_session WHERE employee = ANY($1::uuid[])", ids)
        if have == sum(part_counts):
            skipped += 1
            continue
        t0 = time.perf_counter()
        data = history(part, part_counts, catalogue, now)
        t1 = time.perf_counter()
        async with conn.transaction():
            if have:
                # A slice interrupted earlier or seeded with other sizes: write it again from scratch.
                for table in ("lesson_session", "review_card", "progress"):
                    await conn.execute(f"DELETE FROM {S}.{table} WHERE employee = ANY($1::uuid[])", ids)
            await conn.copy_records_to_table(
                "lesson_session", schema_name=S, columns=SESSION_COLUMNS, records=data.sessions
            )
            if review_cards:
                await conn.execute(f"DELETE FROM {S}.review_card WHERE employee = ANY($1::uuid[])", ids)
                await conn.copy_records_to_table("review_card", schema_name=S, columns=CARD_COLUMNS, records=data.cards)
            await conn.execute(f"DELETE FROM {S}.progress WHERE employee = ANY($1::uuid[])", ids)
            await conn.copy_records_to_table("progress", schema_name=S, columns=PROGRESS_COLUMNS, records=data.progress)
        copy_s += time.perf_counter() - t1
        generate_s += t1 - t0
        written["sessions"] += len(data.sessions)
        written["cards"] += len(data.cards) if review_cards else 0
        written["progress"] += len(data.progress)
        wrote = True
        done = min(start + SLICE, len(employees))
        log(
            f"  history: {done}/{len(employees)} employees, {written['sessions']:,} sessions "
            f"(generate {generate_s:.1f} s, COPY {copy_s:.1f} s)"
        )
    log(
        f"  history: wrote {written['sessions']:,} sessions, {written['cards']:,} review cards, "
        f"{written['progress']:,} progress rows; {skipped} slice(s) already there; "
        f"generate {generate_s:.1f} s, COPY {copy_s:.1f} s"
    )
    return wrote


async def ensure_seeded(
    url: str, *, employees: int = EMPLOYEES, sessions: int = SESSIONS, review_cards: bool = True, log: Log = print
) -> dict[str, float]:
    """Migrate, load the catalogue, import the org, write the history; skip whatever is already there.

    Needs the piccolo pool open (the importer and the catalogue loader run through the service code).
    Returns the seconds each step took.
    """
    from services.learning.lessons import catalogue
    from services.platform import migrations

    timings: dict[str, float] = {}
    started = time.perf_counter()
    await migrations.migrate()
    report = await catalogue.load()
    timings["migrate+catalogue"] = time.perf_counter() - started
    log(f"  migrations applied; catalogue: {len(report.created)} new, {len(report.updated)} updated lessons")
    conn = await asyncpg.connect(url)
    try:
        removed = await remove_bench_rows(conn)
        if removed:
            log(f"  removed {removed} sessions left by an earlier benchmark run")
        have_employees = await conn.fetchval(f"SELECT count(*) FROM {S}.employee WHERE hr_id LIKE 'B%'")
        have_sessions = await count(conn, "lesson_session")
        if have_employees >= employees and have_sessions >= sessions:
            log(f"  already seeded: {have_employees:,} employees, {have_sessions:,} lesson sessions; skipped")
            timings["employees"] = timings["history"] = 0.0
            return timings
        t0 = time.perf_counter()
        await seed_employees(conn, employees, log)
        timings["employees"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        wrote = await seed_history(conn, sessions, review_cards, log)
        if wrote:
            t1 = time.perf_counter()
            for table in ("employee", "lesson_session", "review_card", "progress", "daily_plan"):
                await conn.execute(f"VACUUM ANALYZE {S}.{table}")
            log(f"  VACUUM ANALYZE in {time.perf_counter() - t1:.1f} s")
        timings["history"] = time.perf_counter() - t0
        log(
            f"  seeded: {await conn.fetchval(f'SELECT count(*) FROM {S}.employee'):,} employees, "
            f"{await count(conn, 'lesson_session'):,} lesson sessions, {await count(conn, 'review_card'):,} "
            f"review cards, {await count(conn, 'progress'):,} progress rows"
        )
    finally:
        await conn.close()
    return timings


# One definition for every benchmark database (it drops whichever one bench.env was configured for).
drop_database = env.drop_database


async def open_storage() -> str:
    """Start the embedded PostgreSQL when no DATABASE_URL is set, create the bench database, open the pool."""
    import piccolo_conf  # noqa: F401  (the engine the service tables use)
    from piccolo.engine import engine_finder

    settings = get_settings()
    url = await database.prepare(settings)
    await database.open_pool(engine_finder(), settings)
    return url


async def close_storage() -> None:
    from piccolo.engine import engine_finder

    await database.close_pool(engine_finder())


async def _main(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    if args.fresh:
        await drop_database()
    url = await open_storage()
    print(
        f"seeding {database.database_name(url)} ({'embedded PostgreSQL' if get_settings().embedded_database else 'DATABASE_URL'})"
    )
    try:
        await ensure_seeded(
            url, employees=args.employees, sessions=args.sessions, review_cards=not args.no_review_cards
        )
    finally:
        await close_storage()
    print(f"seeding took {time.perf_counter() - started:.1f} s")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--employees", type=int, default=EMPLOYEES, help="employees to import (default 10000)")
    parser.add_argument("--sessions", type=int, default=SESSIONS, help="completed lesson sessions (default 1000000)")
    parser.add_argument("--no-review-cards", action="store_true", help="do not seed review cards")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.add_argument("--fresh", action="store_true", help="drop the benchmark database first")
    args = parser.parse_args()
    try:
        asyncio.run(_main(args))
    finally:
        from services.platform import embedded

        embedded.stop_all()


if __name__ == "__main__":
    main()
