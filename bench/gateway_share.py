"""Gateway share: the same operations through Hive Gateway + subgraphs and against the subgraphs alone, same run.

    .venv/bin/python -m bench.gateway_share                   # 2 scenarios, 3 s warm-up + 16 s each contender
    .venv/bin/python -m bench.gateway_share --duration 30 --concurrency 16

Uses the learning benchmark's database as `python -m bench.seed` leaves it (SERVICELOOP_BENCH_DATABASE picks
another). Starts the learning and feedback services (uvicorn, one worker each, SERVICELOOP_ENV=production) and the
gateway exactly as `make run` does (devserver.gateway_argv, persisted documents only), and copies the benchmark's
employees into the feedback service's replica when they are missing there (what the directory events would do).

Scenarios, each timed in alternating slices (gateway, direct, direct, gateway, ...):
- `today`: the staff app's `Today` document by persisted id (frontend/operations/staff/Today.graphql), at the
  gateway, and at the learning subgraph directly;
- `me+recognition` (cross-service): `me { name progress { ... } recognition { ... } }` by persisted id at the
  gateway, against what the gateway itself sends the subgraphs for it: the learning query, then the feedback
  subgraph's `_entities` for the employee (with the gateway secret), one after the other.

Prints per scenario and contender the throughput, p50/p95/p99 and the CPU (in cores) of the gateway, the learning
and the feedback process, PostgreSQL and this load generator, and the gateway's share (gateway throughput / direct
throughput, and its p95 against the direct p95). The load generator runs on the same cores: on a shared machine
compare the shares of one run, not absolute figures across runs.
"""

from __future__ import annotations

from . import env

env.configure()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pathlib  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Awaitable, Callable  # noqa: E402

import asyncpg  # noqa: E402
import httpx  # noqa: E402

from services.platform import database, devserver  # noqa: E402
from services.platform import redis as redis_bootstrap  # noqa: E402
from services.platform.graphql import persisted  # noqa: E402
from services.platform.settings import PROJECT_ROOT, Settings, get_settings  # noqa: E402

from .learning_today import (  # noqa: E402
    RunResult,
    Server,
    _cpu_seconds,
    _free_port,
    load_employees,
    postmaster_pid,
    quiet_logs,
    start_server,
    stop_server,
    tokens_for,
    wait_ready,
)

ME_AND_RECOGNITION = (
    "query MeAndRecognition { me { id name progress { level xp streak } recognition { points level } } }"
)
LEARNING_PART = "query { me { id name progress { level xp streak } } }"
FEEDBACK_PART = (
    "query($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { recognition { points level } } } }"
)
REPLICA_SQL = """
INSERT INTO feedback.staff_member (id, hr_id, name, email, job_title, role_family, manager_id, org_path, locale,
                                   time_zone, role, active, version, synced_at)
SELECT id, hr_id, name, email, job_title, role_family, manager, org_path, locale, time_zone, role, active, version,
       now()
FROM learning.employee ON CONFLICT (id) DO NOTHING
"""

# One request of a contender: given the worker's clients and a token, send it; True when it succeeded.
Call = Callable[[dict[str, httpx.AsyncClient], str], Awaitable[str]]


def document_id(name: str) -> str:
    text = (persisted.OPERATIONS_DIR / "staff" / f"{name}.graphql").read_text(encoding="utf-8")
    return persisted.document_id(text)


async def _post(client: httpx.AsyncClient, body: dict, headers: dict) -> dict:
    response = await client.post("/graphql", json=body, headers=headers)
    if response.status_code != 200 or b'"errors":' in response.content:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
    return response.json()


def calls(gateway_secret: str) -> dict[str, dict[str, Call]]:
    today = {"documentId": document_id("Today"), "variables": {}}

    async def today_at(name: str, clients, token) -> None:
        await _post(clients[name], today, {"Authorization": f"Bearer {token}"})

    async def cross_at_gateway(clients, token) -> None:
        await _post(clients["gateway"], {"query": ME_AND_RECOGNITION}, {"Authorization": f"Bearer {token}"})

    async def cross_direct(clients, token) -> None:
        headers = {"Authorization": f"Bearer {token}", "X-Serviceloop-Gateway-Secret": gateway_secret}
        me = (await _post(clients["learning"], {"query": LEARNING_PART}, headers))["data"]["me"]
        representation = {"__typename": "Employee", "id": me["id"]}
        await _post(clients["feedback"], {"query": FEEDBACK_PART, "variables": {"r": [representation]}}, headers)

    return {
        "today": {
            "gateway": lambda clients, token: today_at("gateway", clients, token),
            "direct": lambda clients, token: today_at("learning", clients, token),
        },
        "me+recognition": {"gateway": cross_at_gateway, "direct": cross_direct},
    }


async def load(clients: list[dict[str, httpx.AsyncClient]], call: Call, tokens: list[str], rng: random.Random,
               *, duration: float) -> tuple[int, int, float, list[float], str]:
    """Closed loop, one worker per set of keep-alive clients, back to back until the time is up."""
    latencies: list[float] = []
    errors = [0]
    first_error = [""]
    started = time.perf_counter()
    deadline = started + duration

    async def worker(own: dict[str, httpx.AsyncClient]) -> None:
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            try:
                await call(own, rng.choice(tokens))
            except (RuntimeError, httpx.HTTPError, KeyError) as exc:
                errors[0] += 1
                first_error[0] = first_error[0] or str(exc)
            latencies.append((time.perf_counter() - t0) * 1000)

    await asyncio.gather(*(worker(own) for own in clients))
    return len(latencies), errors[0], time.perf_counter() - started, latencies, first_error[0]


def start_gateway(env_vars: dict[str, str]) -> Server:
    port = _free_port()
    argv = devserver.gateway_argv(Settings(host="127.0.0.1", gateway_port=port))
    if argv is None:
        raise RuntimeError("the gateway needs Node.js 20+ and `npm ci` in gateway/")
    log = pathlib.Path(tempfile.mkstemp(prefix="bench-gateway-", suffix=".log")[1])  # removed by stop_server
    with log.open("w") as out:
        process = subprocess.Popen(argv, cwd=PROJECT_ROOT, env=env_vars, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return Server("gateway", process, port, log)


async def run(args: argparse.Namespace) -> int:
    quiet_logs()
    settings = get_settings()
    url = await database.prepare(settings)
    redis_url = await redis_bootstrap.prepare(settings)
    conn = await asyncpg.connect(url)
    servers: list[Server] = []
    try:
        employees = await load_employees(conn)
        if not employees:
            raise RuntimeError("no benchmark employees: run `python -m bench.seed` first")
        added = await conn.execute(REPLICA_SQL)
        print(f"data: {len(employees):,} benchmark employees; feedback replica: {added}", flush=True)
        postmaster = await postmaster_pid(conn)
        tokens = list(tokens_for(employees[: args.employees]).values())
        secret = env.BENCH_GATEWAY_SECRET
        child_env = {**os.environ, "SERVICELOOP_ENV": "production", "DATABASE_URL": url, "REDIS_URL": redis_url,
                     "SERVICELOOP_LOG_LEVEL": "WARNING", "SERVICELOOP_GATEWAY_SECRET": secret}
        learning = start_server("learning", "services.learning.app:create_app", child_env)
        feedback = start_server("feedback", "services.feedback.app:create_app", child_env)
        servers += [learning, feedback]
        await asyncio.gather(wait_ready(learning, "/healthz"), wait_ready(feedback, "/healthz"))
        gateway = start_gateway({
            **child_env,
            "SERVICELOOP_LEARNING_URL": f"{learning.url}/graphql",
            "SERVICELOOP_FEEDBACK_URL": f"{feedback.url}/graphql",
            "SERVICELOOP_CORS_ORIGINS": "[]",
            # The cross-service query is the benchmark's own text; `today` goes by id.
            "SERVICELOOP_GATEWAY_ARBITRARY_DOCUMENTS": "true",
        })
        servers.append(gateway)
        await wait_ready(gateway, "/healthcheck")
        print(f"servers: gateway {gateway.url} (pid {gateway.process.pid}), learning {learning.url} "
              f"(pid {learning.process.pid}), feedback {feedback.url} (pid {feedback.process.pid}); production",
              flush=True)
        print(f"load: {args.concurrency} concurrent, {args.warmup:g} s warm-up + {args.duration:g} s per contender in "
              f"{args.slices} alternating slices, {len(tokens)} employees; machine load before: "
              f"{' '.join(open('/proc/loadavg').read().split()[:3])} ({os.cpu_count()} cores)", flush=True)

        pids = {"gateway": gateway.process.pid, "learning": learning.process.pid, "feedback": feedback.process.pid}
        rng = random.Random(args.seed)
        results: dict[tuple[str, str], RunResult] = {}
        cpu: dict[tuple[str, str], dict[str, float]] = {}
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with contextlib.AsyncExitStack() as stack:
            clients = [
                {name: await stack.enter_async_context(httpx.AsyncClient(base_url=server.url, limits=limits,
                                                                         timeout=60))
                 for name, server in (("gateway", gateway), ("learning", learning), ("feedback", feedback))}
                for _ in range(args.concurrency)
            ]
            for scenario, contenders in calls(secret).items():
                if scenario not in args.scenarios:
                    continue
                for impl, call in contenders.items():
                    results[scenario, impl] = RunResult(scenario, impl, 0, 0, 0.0, [], {})
                    cpu[scenario, impl] = {}
                    await load(clients, call, tokens, rng, duration=args.warmup)
                order = list(contenders.items())
                for n in range(args.slices):
                    for impl, call in order if n % 2 == 0 else order[::-1]:
                        before = _sample(pids, postmaster)
                        sent, errors, seconds, latencies, first_error = await load(
                            clients, call, tokens, rng, duration=args.duration / args.slices
                        )
                        after = _sample(pids, postmaster)
                        for key in before:
                            cpu[scenario, impl][key] = cpu[scenario, impl].get(key, 0.0) + after[key] - before[key]
                        r = results[scenario, impl]
                        r.requests += sent
                        r.errors += errors
                        r.seconds += seconds
                        r.latencies_ms += latencies
                        r.first_error = r.first_error or first_error
        report(results, cpu)
        out = PROJECT_ROOT / "bench" / "results" / f"gateway_share-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps([r.as_dict() for r in results.values()], indent=2, default=str))
        print(f"figures saved to {out.relative_to(PROJECT_ROOT)}")
        return 1 if any(r.errors for r in results.values()) else 0
    finally:
        for server in servers:
            stop_server(server)
        await conn.close()


def _sample(pids: dict[str, int], postmaster: int | None) -> dict[str, float]:
    from .learning_today import _children

    sample = {name: _cpu_seconds(pid) for name, pid in pids.items()}
    sample["postgres"] = sum(_cpu_seconds(p) for p in [postmaster, *_children(postmaster)]) if postmaster else 0.0
    sample["client"] = time.process_time()
    return sample


def report(results: dict[tuple[str, str], RunResult], cpu: dict[tuple[str, str], dict[str, float]]) -> None:
    print("\nscenario        path      requests     req/s   p50 ms   p95 ms   p99 ms  errors   "
          "cpu (cores): gateway / learning / feedback / postgres / client")
    for (scenario, impl), r in results.items():
        used = {k: v / r.seconds for k, v in cpu[scenario, impl].items()} if r.seconds else {}
        print(f"{scenario:<15} {impl:<8} {r.requests:>9} {r.throughput:>9.1f} {r.percentile(50):>8.1f} "
              f"{r.percentile(95):>8.1f} {r.percentile(99):>8.1f} {r.errors:>7}   "
              + " / ".join(f"{used.get(k, 0):.2f}" for k in ("gateway", "learning", "feedback", "postgres", "client")))
        if r.first_error:
            print(f"    first error: {r.first_error}")
    print()
    for scenario in dict.fromkeys(s for s, _ in results):
        g, d = results.get((scenario, "gateway")), results.get((scenario, "direct"))
        if g and d and d.throughput:
            print(f"{scenario:<15} gateway share of direct throughput = {g.throughput:.1f}/{d.throughput:.1f} = "
                  f"{g.throughput / d.throughput:.0%}; p95 {g.percentile(95):.1f} ms vs {d.percentile(95):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=16, help="seconds timed per contender and scenario")
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--slices", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--employees", type=int, default=2000, help="distinct callers (tokens)")
    parser.add_argument("--scenarios", nargs="+", default=["today", "me+recognition"])
    parser.add_argument("--seed", type=int, default=1)
    raise SystemExit(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()
