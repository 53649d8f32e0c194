"""Feedback service benchmark: the ledger worker's throughput on award events, exactly once, checked by an audit.

    .venv/bin/python -m bench.feedback_ledger                 # the worker as deployed (arq defaults), 2 processes
    .venv/bin/python -m bench.feedback_ledger --poll-delay 0.01 --max-jobs 20     # a tuned arq loop
    .venv/bin/python -m bench.feedback_ledger --help

Seeds (or reuses) 10,000 staff in the feedback replica (bench/feedback_seed.py), empties the ledger, badges and
outbox, publishes --events award-causing events into the feedback outbox with publish_many (praises naming 1-3
people, first replies to praises, complaints acknowledged within target; a tenth of them for 50 "stars" within two
days, so the daily caps and badges come into play), relays them to Redis with the real relay, and runs the REAL
feedback arq worker (services.feedback.worker.options, arq Worker in burst mode) in --workers processes until the
queue is empty. Throughput = events / (last job finish - first job start), from arq's job results; target >= 1,000
events/s. Then the same events are delivered again: a slice twice more under new job ids (the outbox dedupe), and
another slice published again as new events, twice (the ledger's own unique key), both racing in the worker
processes. The audit afterwards compares the ledger with what the rules say, entry by entry: one entry per
(employee, rule, source, entry), no duplicates, the right local day, daily caps, balances, badges, one processed
key per event, nothing left in Redis. Prints the figures; exits non-zero when the audit fails (or --strict and
the throughput target is missed). See bench/FEEDBACK.md.
"""

from __future__ import annotations

from . import feedback_seed as fseed  # noqa: I001  (first: points the settings at the feedback bench storage)

import argparse  # noqa: E402
import asyncio  # noqa: E402
import collections  # noqa: E402
import contextlib  # noqa: E402
import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pathlib  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

import asyncpg  # noqa: E402

from services.platform.settings import PROJECT_ROOT, get_settings  # noqa: E402
from services.platform.outbox.service import DELIVERY_SLICE  # noqa: E402

S = fseed.S
TARGET = 1000.0  # events per second
RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
STARS = 50
COMPANY_VALUE = "Customer first"
TOPIC_MIX = (("feedback.recorded", 0.70), ("feedback.replied", 0.15), ("complaint.acknowledged", 0.15))


# ---------------------------------------------------------------- the workload and what the rules make of it


@dataclasses.dataclass
class Workload:
    events: list[tuple[str, dict]]
    # (employee, rule, source, entry) -> the entry's local day: every entry the events must leave, once.
    entries: dict[tuple[uuid.UUID, str, str, str], dt.date]
    badges: set[tuple[uuid.UUID, str]]


def make_workload(staff: list[dict], count: int, now: dt.datetime, rng: random.Random) -> Workload:
    """`count` award-causing events and the ledger entries and badges the default rules give for them."""
    from services.feedback.recognition import ledger, rules
    from services.platform.clock import local_date

    zones = {s["id"]: s["time_zone"] for s in staff}
    people = [s["id"] for s in staff]
    stars = rng.sample(people, STARS)
    topics, weights = zip(*TOPIC_MIX)
    events: list[tuple[str, dict]] = []
    entries: dict[tuple, dt.date] = {}
    praised_with_value: set[uuid.UUID] = set()

    def when(star: bool) -> dt.datetime:
        # Stars get their share within two days: more than the daily cap of praise for some of them.
        return now - dt.timedelta(seconds=rng.uniform(60, (2 if star else 14) * 86400))

    for _ in range(count):
        topic = rng.choices(topics, weights)[0]
        star = rng.random() < 0.10
        pool = stars if star else people
        at = when(star)
        feedback_id = uuid.uuid4()
        source = f"feedback:{feedback_id}"
        if topic == "feedback.recorded":
            subjects = rng.sample(pool, rng.choices((1, 2, 3), (0.80, 0.15, 0.05))[0])
            value = COMPANY_VALUE if rng.random() < 0.2 else None
            payload = {
                "feedback_id": str(feedback_id),
                "kind": "praise",
                "channel": "phone",
                "category": None,
                "rating": 5,
                "subjects": [str(s) for s in subjects],
                "company_value": value,
                "source": "staff",
                "recorded_by": None,
                "received_at": at.isoformat(),
            }
            for subject in subjects:
                entries[(subject, rules.PRAISE_RECEIVED, source, ledger.AWARD)] = local_date(at, zones[subject])
                if value:
                    praised_with_value.add(subject)
        elif topic == "feedback.replied":
            author = rng.choice(pool)
            payload = {
                "feedback_id": str(feedback_id),
                "kind": "praise",
                "author": str(author),
                "first": True,
                "replied_at": at.isoformat(),
            }
            entries[(author, rules.PRAISE_ANSWERED, source, ledger.AWARD)] = local_date(at, zones[author])
        else:
            owner = rng.choice(pool)
            source = f"complaint:{feedback_id}"
            payload = {
                "feedback_id": str(feedback_id),
                "owner": str(owner),
                "acknowledged_at": at.isoformat(),
                "within_target": True,
            }
            entries[(owner, rules.ACKNOWLEDGED_WITHIN_TARGET, source, ledger.AWARD)] = local_date(at, zones[owner])
        events.append((topic, payload))

    from services.feedback.recognition.badges import BADGES

    held = collections.Counter((employee, rule) for employee, rule, _, _ in entries)
    badges = {(e, "value_praise") for e in praised_with_value}
    for spec in BADGES.values():
        if not spec.needs_company_value:
            badges |= {(e, spec.key) for (e, rule), n in held.items() if rule == spec.rule and n >= spec.count}
    return Workload(events, entries, badges)


def expected_points(workload: Workload) -> dict[tuple[uuid.UUID, str, dt.date], int]:
    """Points per (employee, rule, local day): the first `daily_cap` awards of a day earn, later ones 0."""
    from services.feedback.recognition import rules

    per_day = collections.Counter((e, rule, day) for (e, rule, _, _), day in workload.entries.items())
    out = {}
    for (employee, rule_key, day), n in per_day.items():
        rule = rules.DEFAULTS[rule_key]
        out[(employee, rule_key, day)] = rule.points * (n if rule.daily_cap is None else min(n, rule.daily_cap))
    return out


# ---------------------------------------------------------------- publishing and relaying


async def publish(events: list[tuple[str, dict]], chunk: int = 1000) -> list[uuid.UUID]:
    """Into the feedback outbox with publish_many, one transaction per chunk of events (topics interleaved)."""
    from services.feedback.platform_tables import OUTBOX, OutboxEvent
    from services.platform.outbox.service import publish_many

    ids: list[uuid.UUID] = []
    for start in range(0, len(events), chunk):
        part = events[start : start + chunk]
        async with OutboxEvent._meta.db.transaction():
            for topic in dict.fromkeys(t for t, _ in part):
                ids += await publish_many(OUTBOX, topic=topic, payloads=[p for t, p in part if t == topic])
    return ids


async def relay_all(arq) -> int:
    """The worker's relay loop (services.platform.worker relay_outbox): batches of 500 until the outbox is empty."""
    from services.feedback.platform_tables import OUTBOX
    from services.platform.clock import SystemClock
    from services.platform.outbox.service import relay
    from services.platform.worker import RELAY_BATCH

    total = 0
    while True:
        moved = await relay(OUTBOX, arq=arq, now=SystemClock().now(), batch=RELAY_BATCH)
        total += moved
        if moved < RELAY_BATCH:
            return total


BATCH_JOB = "bench_handle_events"


async def relay_batched(conn: asyncpg.Connection, arq, size: int) -> tuple[int, list[str]]:
    """A PROTOTYPE, not the deployed relay: the same events and locking as services.platform.outbox.service.relay,
    but `size` events per arq job (handled by handle_events below). Returns (events relayed, job ids)."""
    from services.platform.outbox.routes import queue_name

    total, job_ids = 0, []
    while True:
        async with conn.transaction():
            rows = await conn.fetch(
                f"SELECT id, topic, payload, created_at FROM {S}.outbox_event WHERE published_at IS NULL "
                "ORDER BY created_at LIMIT 500 FOR UPDATE SKIP LOCKED"
            )
            events = [
                {
                    "id": str(r["id"]),
                    "topic": r["topic"],
                    "payload": json.loads(r["payload"]),
                    "occurred_at": r["created_at"].isoformat(),
                    "source": "feedback",
                }
                for r in rows
            ]
            for start in range(0, len(events), size):
                part = events[start : start + size]
                job_id = f"events:feedback:{part[0]['id']}:{len(part)}"
                await arq.enqueue_job(BATCH_JOB, part, _job_id=job_id, _queue_name=queue_name("feedback"))
                job_ids.append(job_id)
            await conn.execute(
                f"UPDATE {S}.outbox_event SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])",
                [r["id"] for r in rows],
            )
        total += len(rows)
        if len(rows) < 500:
            return total, job_ids


async def handle_events(ctx: dict, events: list[dict]) -> int:
    """The PROTOTYPE's job: the deployed consumer (consume: one transaction and processed key per event), for a
    batch of events in turn. A retried batch skips the events it already handled (their processed keys)."""
    from services.feedback.platform_tables import OUTBOX
    from services.platform.outbox.service import consume

    handled = 0
    for event in events:
        handled += await consume(OUTBOX, event)
    return handled


async def redeliver(conn: asyncpg.Connection, arq, event_ids: list[uuid.UUID], copies: int) -> list[str]:
    """Enqueue already-delivered events again, `copies` times each under new job ids, the copies side by side."""
    from services.platform.outbox.routes import queue_name
    from services.platform.outbox.service import HANDLE_EVENT_JOB

    rows = await conn.fetch(
        f"SELECT id, topic, payload, created_at FROM {S}.outbox_event WHERE id = ANY($1::uuid[])", event_ids
    )
    job_ids = []
    for row in rows:
        event = {
            "id": str(row["id"]),
            "topic": row["topic"],
            "payload": json.loads(row["payload"]),
            "occurred_at": row["created_at"].isoformat(),
            "source": "feedback",
        }
        for n in range(copies):
            job_id = f"event:feedback:{row['id']}:again:{n}"
            await arq.enqueue_job(HANDLE_EVENT_JOB, event, _job_id=job_id, _queue_name=queue_name("feedback"))
            job_ids.append(job_id)
    return job_ids


# ---------------------------------------------------------------- the worker processes


def worker_command(args: argparse.Namespace, profile_to: pathlib.Path | None) -> list[str]:
    command = [sys.executable, "-m"]
    if profile_to is not None:
        command += ["pyinstrument", "--renderer", "pyisession", "--outfile", str(profile_to), "-m"]
    command += ["bench.feedback_ledger", "--run-worker"] + (["--batch", str(args.batch)] if args.batch else [])
    command += ["--cache-rules", str(args.cache_rules)] if args.cache_rules else []
    for flag, value in (
        ("--max-jobs", args.max_jobs),
        ("--poll-delay", args.poll_delay),
        ("--queue-read-limit", args.queue_read_limit),
    ):
        if value is not None:
            command += [flag, str(value)]
    return command


def cache_effective_rules(seconds: float) -> None:
    """PROTOTYPE (this worker process only): recognition.rules.effective_rules answered from a cache for `seconds`,
    one statement less per award; a rule an admin changes applies to awards up to `seconds` later."""
    from services.feedback.recognition import rules

    original = rules.effective_rules
    cached: list = []

    async def effective_rules() -> dict:
        if not cached or time.monotonic() - cached[0] > seconds:
            cached[:] = [time.monotonic(), await original()]
        return cached[1]

    rules.effective_rules = effective_rules


async def run_worker_process(args: argparse.Namespace) -> None:
    """One real feedback worker in burst mode (runs in a child process); prints its counters as JSON."""
    from arq.worker import Worker

    from services.feedback import worker as feedback_worker
    from services.platform import redis as redis_bootstrap
    from services.platform.logs import configure_logging

    settings = get_settings()
    configure_logging(settings)
    options = feedback_worker.options(redis_bootstrap.redis_url(settings), settings)
    options["handle_signals"] = False
    tuning = {
        k: v
        for k, v in (
            ("max_jobs", args.max_jobs),
            ("poll_delay", args.poll_delay),
            ("queue_read_limit", args.queue_read_limit),
        )
        if v is not None
    }
    if args.cache_rules:
        cache_effective_rules(args.cache_rules)
    if args.batch:
        from arq import func

        options["functions"] = [*options["functions"], func(handle_events, name=BATCH_JOB, max_tries=10)]
    worker = Worker(**options, burst=True, **tuning)
    try:
        await worker.async_run()
    finally:
        await worker.close()
    print(
        json.dumps(
            {
                "pid": os.getpid(),
                "complete": worker.jobs_complete,
                "failed": worker.jobs_failed,
                "retried": worker.jobs_retried,
            }
        ),
        flush=True,
    )


@dataclasses.dataclass
class Phase:
    name: str
    events: int  # deliveries (a batch job of the prototype carries several)
    jobs: int
    seconds: float  # first job start -> last job finish (arq's job results)
    wall: float  # worker processes started -> all exited
    workers: list[dict]
    failed_results: int
    retried_jobs: int
    cpu: dict[str, float]  # cores used while the worker processes ran
    counters: dict[str, float]  # per event: PostgreSQL transactions, rows inserted, Redis commands
    job_ms: dict[str, float]  # how long one job ran (arq's start -> finish): p50, p95

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def _cpu_of(pid: int) -> float:
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _children(parent: int) -> list[int]:
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[1]) == parent:
                    found.append(int(entry.name))
    return found


def _machine_busy() -> float:
    values = [int(v) for v in pathlib.Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


class Sampler:
    """CPU seconds of the PostgreSQL server (postmaster and backends, short-lived ones included by sampling them
    every 0.2 s), of Redis, and of the whole machine, while the workers run. Workers: from their rusage."""

    def __init__(self, postmaster: int | None, redis_pid: int | None) -> None:
        self.postmaster, self.redis_pid = postmaster, redis_pid
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.task: asyncio.Task | None = None

    def _sample(self, initial: bool) -> None:
        pids = [self.postmaster, *_children(self.postmaster)] if self.postmaster else []
        for pid in pids:
            value = _cpu_of(pid)
            if initial:
                self.first[pid] = value
            self.last[pid] = max(value, self.last.get(pid, 0.0))

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(0.2)
            self._sample(False)

    def start(self) -> None:
        self.first, self.last = {}, {}
        self._sample(True)
        self.redis0 = _cpu_of(self.redis_pid) if self.redis_pid else 0.0
        self.machine0 = _machine_busy()
        self.own0 = time.process_time()
        self.children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.task = asyncio.create_task(self._loop())

    def stop(self, seconds: float) -> dict[str, float]:
        self.task.cancel()
        self._sample(False)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = {
            "workers": (children.ru_utime + children.ru_stime) - (self.children0.ru_utime + self.children0.ru_stime),
            "postgres": sum(self.last[p] - self.first.get(p, 0.0) for p in self.last),
            "redis": (_cpu_of(self.redis_pid) - self.redis0) if self.redis_pid else 0.0,
            "bench": time.process_time() - self.own0,
        }
        used["other"] = max(0.0, _machine_busy() - self.machine0 - sum(used.values()))
        return {k: round(v / seconds, 2) for k, v in used.items()}


async def db_counters(conn: asyncpg.Connection) -> dict[str, int]:
    """Transactions so far (pg_stat_database) and the rows the consumers write (counted: exact, no stats lag)."""
    await conn.execute("SELECT pg_stat_clear_snapshot()")
    transactions = await conn.fetchval(
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"
    )
    rows = await conn.fetchval(
        f"SELECT (SELECT count(*) FROM {S}.ledger_entry) + (SELECT count(*) FROM {S}.badge) "
        f"+ (SELECT count(*) FROM {S}.processed_event)"
    )
    return {"transactions": transactions, "rows": rows}


async def redis_commands(arq) -> int:
    info = await arq.info("stats")
    return int(info["total_commands_processed"])


async def queued_job_ids(arq) -> set[str]:
    """The ids of the jobs waiting on the feedback worker's queue."""
    from services.platform.outbox.routes import queue_name

    return {j.decode() if isinstance(j, bytes) else j for j in await arq.zrange(queue_name("feedback"), 0, -1)}


async def job_results(arq, job_ids: set[str]) -> list:
    """arq's stored results of these jobs (start and finish times, success, tries)."""
    from arq.constants import result_key_prefix
    from arq.jobs import deserialize_result

    keys = [result_key_prefix + j for j in job_ids]
    found = []
    for start in range(0, len(keys), 1000):
        for value in await arq.mget(*keys[start : start + 1000]):
            if value is not None:
                found.append(deserialize_result(value))
    return found


async def run_phase(
    name: str,
    events: int,
    args: argparse.Namespace,
    arq,
    conn: asyncpg.Connection,
    job_ids: set[str],
    sampler: Sampler,
    profile_to: pathlib.Path | None,
    env: dict[str, str],
) -> Phase:
    """Start the worker processes, wait until they have emptied the queue and exited, read the figures."""
    from services.platform.outbox.routes import queue_name

    queued = await arq.zcard(queue_name("feedback"))
    before_db, before_redis = await db_counters(conn), await redis_commands(arq)
    logs = []
    processes = []
    sampler.start()
    started = time.perf_counter()
    for n in range(args.workers):
        log = pathlib.Path(tempfile.mkstemp(prefix=f"bench-feedback-worker-{n}-", suffix=".log")[1])
        logs.append(log)
        with log.open("w") as err:
            processes.append(
                subprocess.Popen(
                    worker_command(args, profile_to if n == 0 else None),
                    cwd=PROJECT_ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=err,
                    text=True,
                    start_new_session=True,
                )
            )
    try:
        outputs = []
        for process in processes:
            while process.poll() is None:
                await asyncio.sleep(0.1)
            outputs.append(process.stdout.read())
        wall = time.perf_counter() - started
        cpu = sampler.stop(wall)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    workers = []
    for process, output, log in zip(processes, outputs, logs):
        lines = [line for line in output.splitlines() if line.startswith("{")]
        if process.returncode != 0 or not lines:
            raise RuntimeError(f"worker exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        workers.append(json.loads(lines[-1]))
        log.unlink()
    await asyncio.sleep(1.2)  # PostgreSQL publishes its statistics at most once a second
    after_db, after_redis = await db_counters(conn), await redis_commands(arq)
    results = await job_results(arq, job_ids)
    starts = [r.start_time for r in results]
    finishes = [r.finish_time for r in results]
    seconds = (max(finishes) - min(starts)).total_seconds() if results else 0.0
    durations = sorted((r.finish_time - r.start_time).total_seconds() * 1000 for r in results) or [0.0]
    jobs = len(job_ids)
    return Phase(
        name=name,
        events=events,
        jobs=jobs,
        seconds=seconds,
        wall=wall,
        workers=workers,
        failed_results=sum(1 for r in results if not r.success) + (jobs - len(results)),
        retried_jobs=sum(1 for r in results if r.job_try > 1),
        cpu=cpu,
        counters={
            "transactions": round((after_db["transactions"] - before_db["transactions"]) / max(events, 1), 2),
            "rows_inserted": round((after_db["rows"] - before_db["rows"]) / max(events, 1), 2),
            "redis_commands": round((after_redis - before_redis) / max(events, 1), 1),
            "queued_before": queued,
        },
        job_ms={
            "p50": round(durations[len(durations) // 2], 1),
            "p95": round(durations[min(len(durations) - 1, int(len(durations) * 0.95))], 1),
        },
    )


# ---------------------------------------------------------------- the audit


AUDIT_SQL = {
    "ledger entries": f"SELECT count(*) FROM {S}.ledger_entry",
    "duplicate (employee, rule, source, entry)": (
        f"SELECT count(*) FROM (SELECT 1 FROM {S}.ledger_entry GROUP BY employee, rule, source, entry "
        "HAVING count(*) > 1) d"
    ),
    "expected entries missing": (
        "SELECT count(*) FROM bench_expected x WHERE NOT EXISTS (SELECT 1 FROM "
        f"{S}.ledger_entry l WHERE (l.employee, l.rule, l.source, l.entry) = (x.employee, x.rule, x.source, x.entry))"
    ),
    "entries not expected": (
        f"SELECT count(*) FROM {S}.ledger_entry l WHERE NOT EXISTS (SELECT 1 FROM bench_expected x "
        "WHERE (l.employee, l.rule, l.source, l.entry) = (x.employee, x.rule, x.source, x.entry))"
    ),
    "entries on the wrong local day": (
        f"SELECT count(*) FROM {S}.ledger_entry l JOIN bench_expected x "
        "USING (employee, rule, source, entry) WHERE l.local_date <> x.local_date"
    ),
    "(employee, rule, day) sums off the capped rule": (
        "SELECT count(*) FROM (SELECT employee, rule, local_date, sum(points) AS points "
        f"FROM {S}.ledger_entry GROUP BY 1, 2, 3) a FULL JOIN bench_expected_points e "
        "USING (employee, rule, local_date) WHERE a.points IS DISTINCT FROM e.points"
    ),
    "employees whose balance is off": (
        "SELECT count(*) FROM (SELECT employee, sum(points) AS points FROM "
        f"{S}.ledger_entry GROUP BY 1) a FULL JOIN (SELECT employee, sum(points) AS points FROM "
        "bench_expected_points GROUP BY 1) e USING (employee) WHERE a.points IS DISTINCT FROM e.points"
    ),
    "badges missing": (
        f"SELECT count(*) FROM bench_expected_badges x WHERE NOT EXISTS (SELECT 1 FROM {S}.badge b "
        "WHERE b.employee = x.employee AND b.badge = x.badge)"
    ),
    "badges not earned": (
        f"SELECT count(*) FROM {S}.badge b WHERE NOT EXISTS (SELECT 1 FROM bench_expected_badges x "
        "WHERE b.employee = x.employee AND b.badge = x.badge)"
    ),
    "events not relayed": f"SELECT count(*) FROM {S}.outbox_event WHERE published_at IS NULL",
    "processed-event keys": f"SELECT count(*) FROM {S}.processed_event",
}


async def audit(
    conn: asyncpg.Connection, arq, workload: Workload, distinct_events: int, jobs: dict[str, tuple[set[str], int]]
) -> tuple[bool, list[str]]:
    """Compare the ledger, badges, processed keys and Redis with what the rules say; (passed, lines).

    `jobs`: label -> (job ids, how many event handlings their results must report: handle_event returns whether
    the handlers ran, the prototype's batch job how many events it handled)."""
    from arq.constants import in_progress_key_prefix, job_key_prefix

    from services.platform.outbox.routes import queue_name

    async with conn.transaction():
        await conn.execute(
            "CREATE TEMP TABLE bench_expected (employee uuid, rule text, source text, entry text, local_date date) "
            "ON COMMIT DROP"
        )
        await conn.copy_records_to_table(
            "bench_expected", records=[(*key, day) for key, day in workload.entries.items()]
        )
        await conn.execute(
            "CREATE TEMP TABLE bench_expected_points (employee uuid, rule text, local_date date, points bigint) "
            "ON COMMIT DROP"
        )
        await conn.copy_records_to_table(
            "bench_expected_points", records=[(*k, v) for k, v in expected_points(workload).items()]
        )
        await conn.execute("CREATE TEMP TABLE bench_expected_badges (employee uuid, badge text) ON COMMIT DROP")
        await conn.copy_records_to_table("bench_expected_badges", records=list(workload.badges))
        await conn.execute("ANALYZE bench_expected")
        found = {label: await conn.fetchval(sql) for label, sql in AUDIT_SQL.items()}
        total_points = await conn.fetchval(f"SELECT coalesce(sum(points), 0) FROM {S}.ledger_entry")
        capped = await conn.fetchval(f"SELECT count(*) FROM {S}.ledger_entry WHERE points = 0")
    expected = {
        "ledger entries": len(workload.entries),
        "processed-event keys": distinct_events,
    }
    expected_total = sum(expected_points(workload).values())
    redis_left = {
        "queued jobs": await arq.zcard(queue_name("feedback")),
        "jobs in progress": len(await arq.keys(in_progress_key_prefix + "event:*")),
        "job definitions left": len(await arq.keys(job_key_prefix + "*")),
    }
    for label, (ids, want) in jobs.items():
        found[label] = sum(int(r.result) for r in await job_results(arq, ids) if r.success)
        expected[label] = want
    lines, passed = [], True
    for label, value in found.items():
        want = expected.get(label, 0)
        ok = value == want
        passed &= ok
        lines.append(f"  {label:<48} {value:>9,}  (expected {want:,})  {'ok' if ok else 'WRONG'}")
    ok = total_points == expected_total
    passed &= ok
    lines.append(
        f"  {'points in the ledger':<48} {total_points:>9,}  (expected {expected_total:,})  {'ok' if ok else 'WRONG'}"
    )
    lines.append(f"  {'entries past a daily cap (0 points)':<48} {capped:>9,}  (information)")
    lines.append(
        f"  {'badges':<48} {len(workload.badges):>9,}  (expected; held exactly when 'missing' and 'not earned' are 0)"
    )
    for label, value in redis_left.items():
        ok = value == 0
        passed &= ok
        lines.append(f"  {label + ' (Redis)':<48} {value:>9,}  (expected 0)  {'ok' if ok else 'WRONG'}")
    return passed, lines


# ---------------------------------------------------------------- statements per event (in-process)


async def statements_per_event(staff: list[dict], now: dt.datetime, rng: random.Random) -> dict[str, list[str]]:
    """The SQL one delivery of each topic sends (services.platform.outbox.service.consume, this process, counted
    with services.platform.database.STATEMENTS), plus a repeated delivery. Runs after the audit."""
    from services.feedback import worker  # noqa: F401  (importing the jobs modules registers the handlers)
    from services.feedback.platform_tables import OUTBOX
    from services.platform.database import STATEMENTS
    from services.platform.outbox.service import consume

    sample = make_workload(staff, 60, now, rng)
    found: dict[str, list[str]] = {}
    for topic, payload in sample.events:
        if topic in found or (topic == "feedback.recorded" and len(payload["subjects"]) != 1):
            continue
        event = {
            "id": str(uuid.uuid4()),
            "topic": topic,
            "payload": payload,
            "occurred_at": now.isoformat(),
            "source": "feedback",
        }
        with STATEMENTS.capture() as statements:
            await consume(OUTBOX, event)
            await asyncio.sleep(0)
        found[topic + " (1 subject)" if topic == "feedback.recorded" else topic] = list(statements)
        if len(found) == 1:
            with STATEMENTS.capture() as statements:
                await consume(OUTBOX, event)
                await asyncio.sleep(0)
            found["the same event again"] = list(statements)
    return found


def render_profile(session: pathlib.Path) -> None:
    tree, flat, stats = session.with_suffix(".txt"), session.with_suffix(".top.txt"), session.with_suffix(".pstats")
    base = [sys.executable, "-m", "pyinstrument", "--load", str(session)]
    subprocess.run(
        base
        + [
            "-r",
            "text",
            "--show",
            "*/services/*",
            "--show",
            "*/arq/*",
            "--show",
            "*/piccolo/*",
            "--show",
            "*/asyncpg/*",
            "-p",
            "processor_options.filter_threshold=0.005",
            "-o",
            str(tree),
        ],
        check=False,
        cwd=PROJECT_ROOT,
    )
    subprocess.run(base + ["-r", "pstats", "-o", str(stats)], check=False, cwd=PROJECT_ROOT)
    with contextlib.suppress(Exception):
        import io
        import pstats

        out = io.StringIO()
        pstats.Stats(str(stats), stream=out).sort_stats("tottime").print_stats(40)
        flat.write_text(out.getvalue())
    print(f"worker profile: {tree.relative_to(PROJECT_ROOT)} (call tree), {flat.relative_to(PROJECT_ROOT)} (own time)")


# ---------------------------------------------------------------- main


def print_phase(phase: Phase) -> None:
    per_process = ", ".join(f"{x['complete']}/{x['failed']}/{x['retried']}" for x in phase.workers)
    print(
        f"  {phase.name}: {phase.events:,} events ({phase.jobs:,} jobs) in {phase.seconds:.2f} s (first job start -> "
        f"last job finish) = {phase.rate:,.0f} events/s; worker processes ran {phase.wall:.1f} s; "
        f"per process complete/failed/retried: {per_process}",
        flush=True,
    )
    c = phase.cpu
    print(
        f"    cpu (cores): workers {c['workers']:.2f}, postgres {c['postgres']:.2f}, redis {c['redis']:.2f}, "
        f"bench {c['bench']:.2f}, other {c['other']:.2f}; per event: {phase.counters['transactions']} PostgreSQL "
        f"transactions, {phase.counters['rows_inserted']} rows written (ledger, badges, processed keys), {phase.counters['redis_commands']} Redis "
        f"commands; failed {phase.failed_results}, retried {phase.retried_jobs}; one job runs p50 "
        f"{phase.job_ms['p50']} ms, p95 {phase.job_ms['p95']} ms",
        flush=True,
    )
    per_event = {k: c[k] * phase.wall / phase.events * 1000 for k in ("workers", "postgres", "redis")}
    print(
        "    CPU per event (ms; worker processes' start-up included): "
        + ", ".join(f"{k} {v:.2f}" for k, v in per_event.items())
        + f"; sum {sum(per_event.values()):.2f} ms = at most {os.cpu_count() * 1000 / sum(per_event.values()):,.0f} events/s on "
        f"{os.cpu_count()} cores with nothing else running",
        flush=True,
    )


async def run(args: argparse.Namespace) -> int:
    from services.platform import redis as redis_bootstrap
    from services.platform.clock import SystemClock

    from .learning_today import postmaster_pid, quiet_logs

    total_started = time.perf_counter()
    quiet_logs()
    rng = random.Random(args.seed)
    pool_open = False
    conn = arq = None
    profile_to = None
    try:
        print(f"storage: {fseed.storage_label()}", flush=True)
        if args.fresh:
            await fseed.drop_database()
        url = await fseed.open_storage()
        pool_open = True
        print("seeding (skipped when already there):", flush=True)
        await fseed.prepare_schema()
        conn = await asyncpg.connect(url)
        await fseed.ensure_staff(conn, args.staff)
        await conn.execute(f"TRUNCATE {S}.ledger_entry, {S}.board_score, {S}.badge, {S}.outbox_event, {S}.processed_event")
        redis_url = await fseed.fresh_redis()
        arq = await redis_bootstrap.arq_pool(redis_url)
        staff = await fseed.load_staff(conn)
        now = SystemClock().now()

        t0 = time.perf_counter()
        workload = make_workload(staff, args.events, now, rng)
        topics = collections.Counter(t for t, _ in workload.events)
        print(
            f"workload: {len(workload.events):,} events ({', '.join(f'{k} {v:,}' for k, v in topics.items())}) -> "
            f"{len(workload.entries):,} ledger entries, {len(workload.badges):,} badges expected "
            f"(made in {time.perf_counter() - t0:.1f} s)",
            flush=True,
        )
        t0 = time.perf_counter()
        event_ids = await publish(workload.events)
        published_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        if args.batch:
            relayed, batch_jobs = await relay_batched(conn, arq, args.batch)
            main_jobs = set(batch_jobs)
            how = f"the bench's batched relay PROTOTYPE ({len(batch_jobs):,} jobs of <= {args.batch} events)"
        else:
            relayed = await relay_all(arq)
            main_jobs = await queued_job_ids(arq)
            how = f"the real relay ({len(main_jobs):,} jobs of <= {DELIVERY_SLICE} events)"
        relay_s = time.perf_counter() - t0
        print(
            f"outbox: published {len(event_ids):,} events with publish_many in {published_s:.1f} s; relayed "
            f"{relayed:,} to Redis with {how} in {relay_s:.1f} s ({relayed / relay_s:,.0f} events/s)",
            flush=True,
        )

        child_env = {
            **os.environ,
            "SERVICELOOP_ENV": args.worker_env,
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "SERVICELOOP_LOG_LEVEL": "WARNING",
        }
        if args.profile:
            import importlib.util

            if importlib.util.find_spec("pyinstrument") is None:
                raise RuntimeError("--profile needs pyinstrument: pip install pyinstrument (or put it on PYTHONPATH)")
            RESULTS_DIR.mkdir(parents=True, exist_ok=True)
            profile_to = RESULTS_DIR / f"feedback-worker-{time.strftime('%Y%m%d-%H%M%S')}.pyisession"
        redis_pid = None
        with contextlib.suppress(Exception):
            pid = int((await arq.info("server"))["process_id"])
            if "redis" in pathlib.Path(f"/proc/{pid}/comm").read_text():
                redis_pid = pid
        sampler = Sampler(await postmaster_pid(conn), redis_pid)
        tuning = (
            ", ".join(
                f"{k}={getattr(args, k)}"
                for k in ("max_jobs", "poll_delay", "queue_read_limit")
                if getattr(args, k) is not None
            )
            or "arq defaults (max_jobs=10, poll_delay=0.5)"
        )
        if args.cache_rules:
            tuning += f", PROTOTYPE point rules cached {args.cache_rules:g} s"
        print(
            f"workers: {args.workers} x services.feedback.worker (arq, burst), {tuning}, SERVICELOOP_ENV="
            f"{args.worker_env}; machine load before: {' '.join(pathlib.Path('/proc/loadavg').read_text().split()[:3])} "
            f"({os.cpu_count()} cores)",
            flush=True,
        )
        first = await run_phase(
            "first delivery", len(event_ids), args, arq, conn, main_jobs, sampler, profile_to, child_env
        )
        print_phase(first)

        # The same events again, racing: a slice redelivered twice under new job ids, another published twice more.
        again = event_ids[: args.redeliver]
        republish_events = [workload.events[i] for i in range(len(event_ids) - args.republish, len(event_ids))]
        t0 = time.perf_counter()
        again_jobs = await redeliver(conn, arq, again, copies=2)
        queued_before = await queued_job_ids(arq)
        republished = await publish(republish_events + republish_events)
        await relay_all(arq)
        republished_jobs = await queued_job_ids(arq) - queued_before
        dup_jobs = set(again_jobs) | republished_jobs
        print(
            f"duplicates: {len(again):,} events enqueued twice more under new job ids, {len(republish_events):,} "
            f"published twice more as new events ({len(dup_jobs):,} jobs, queued in {time.perf_counter() - t0:.1f} s)",
            flush=True,
        )
        second = await run_phase(
            "duplicates", len(again_jobs) + len(republished), args, arq, conn, dup_jobs, sampler, None, child_env
        )
        print_phase(second)

        print("\naudit (SQL over the ledger, badges and outbox; Redis keys):", flush=True)
        passed, lines = await audit(
            conn,
            arq,
            workload,
            distinct_events=len(event_ids) + len(republished),
            jobs={
                "first deliveries that ran the handlers": (main_jobs, len(event_ids)),
                "redeliveries that ran the handlers": (set(again_jobs), 0),
                "republished events that ran the handlers": (republished_jobs, len(republished)),
            },
        )
        for line in lines:
            print(line)
        print(f"exactly once: {'PASS' if passed else 'FAIL'}")

        statements = await statements_per_event(staff, now, rng)
        print()
        for label, found in statements.items():
            print(f"SQL statements per delivery, {label}: {len(found)}")
            if args.show_statements:
                for sql in found:
                    print("    " + " ".join(sql.split())[:160])

        ok = first.rate >= TARGET
        print(
            f"\nledger worker throughput: {len(event_ids):,} events in {first.seconds:.2f} s = {first.rate:,.0f} "
            f"events/s (target >= {TARGET:,.0f}): {'PASS' if ok else 'FAIL'}; exactly-once audit: "
            f"{'PASS' if passed else 'FAIL'}"
        )
        summary = {
            "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "options": {k: v for k, v in vars(args).items()},
            "events": len(event_ids),
            "entries_expected": len(workload.entries),
            "publish_seconds": round(published_s, 2),
            "relay_seconds": round(relay_s, 2),
            "phases": [dataclasses.asdict(p) | {"rate": round(p.rate, 1)} for p in (first, second)],
            "throughput_pass": ok,
            "audit_pass": passed,
            "audit": lines,
            "statements": {k: len(v) for k, v in statements.items()},
            "runtime_seconds": round(time.perf_counter() - total_started, 1),
        }
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        out = RESULTS_DIR / f"feedback_ledger-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(summary, indent=2, default=str))
        print(f"whole run {summary['runtime_seconds']:.0f} s; figures saved to {out.relative_to(PROJECT_ROOT)}")
        return 1 if not passed or (args.strict and not ok) else 0
    finally:
        if profile_to is not None and profile_to.exists():
            render_profile(profile_to)
        if arq is not None:
            await arq.aclose()
        if conn is not None:
            await conn.close()
        if pool_open:
            await fseed.close_storage()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=20_000, help="award events in the timed run (default 20000)")
    parser.add_argument("--staff", type=int, default=fseed.STAFF, help=f"staff in the replica (default {fseed.STAFF})")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2: one per core)")
    parser.add_argument("--max-jobs", type=int, default=None, help="arq max_jobs per process (default: arq's 10)")
    parser.add_argument("--poll-delay", type=float, default=None, help="arq poll_delay in s (default: arq's 0.5)")
    parser.add_argument(
        "--queue-read-limit",
        type=int,
        default=None,
        help="arq queue_read_limit (default: arq's max(5 x max_jobs, 100))",
    )
    parser.add_argument(
        "--batch",
        type=int,
        default=0,
        help="PROTOTYPE: relay N events per arq job (a bench-defined job running the deployed consume per event); "
        "default 0 = the deployed path, one job per event",
    )
    parser.add_argument(
        "--cache-rules",
        type=float,
        default=0,
        help="PROTOTYPE: the workers cache the point rules for N seconds (one statement less per award); default 0 = "
        "the deployed path",
    )
    parser.add_argument("--redeliver", type=int, default=2000, help="events delivered twice more under new job ids")
    parser.add_argument("--republish", type=int, default=1000, help="events published twice more as new events")
    parser.add_argument(
        "--worker-env",
        choices=("production", "development"),
        default="production",
        help="SERVICELOOP_ENV of the worker processes (default production: no statement log)",
    )
    parser.add_argument("--profile", action="store_true", help="run worker process 0 under pyinstrument")
    parser.add_argument("--show-statements", action="store_true", help="print the counted SQL statements")
    parser.add_argument("--fresh", action="store_true", help="drop the feedback benchmark database first")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the throughput target is missed")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the workload")
    parser.add_argument("--run-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_worker:
        asyncio.run(run_worker_process(args))
        return
    try:
        code = asyncio.run(run(args))
    finally:
        from services.platform import embedded

        embedded.stop_all()
    sys.exit(code)


if __name__ == "__main__":
    main()
