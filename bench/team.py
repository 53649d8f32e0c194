"""Team progress benchmark: the CEO's whole-company rollup with each department, and a page of 100 members with
their figures, through the learning subgraph.

    .venv/bin/python -m bench.team [--duration 20] [--concurrency 32]

Seeds (or reuses) the benchmark database as bench.learning_today does (bench/seed.py: 10,000 employees through
the importer, 1,000,000 completed lesson sessions with COPY, progress, review cards), then builds the team rollups
from them once (`teams.rollups.rebuild`: COPY bypasses the write path that keeps them) and the teams' mastery (the
worker's half-hourly job), starts `services.learning.app` under uvicorn (one worker, production settings) on
127.0.0.1 and loads it from this process with 32 closed-loop clients. Prints, per scenario, throughput and
p50/p95/p99 against the issue's targets (CEO rollup p95 <= 150 ms, a page of 100 members p95 <= 100 ms), the
CPU used by the server, PostgreSQL, this client and everything else on the machine, and the SQL statements of
one request of each (in-process, counted).
"""

from __future__ import annotations

from . import env

env.configure()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402

import asyncpg  # noqa: E402
import httpx  # noqa: E402

from services.platform import redis as redis_bootstrap  # noqa: E402
from services.platform.settings import get_settings  # noqa: E402

from . import seed  # noqa: E402
from .learning_today import (  # noqa: E402
    CpuMeter,
    RunResult,
    load,
    postmaster_pid,
    quiet_logs,
    start_server,
    stop_server,
    tokens_for,
    wait_ready,
)

S = seed.S
FIGURES = """{ headcount activeLearners7Days activeLearners30Days lessonsCompleted7Days { completed target }
  lessonsCompleted30Days { completed target } meanCurrentStreak overdueAssignments completedAssignments30Days
  mastery { topic mastery cards } }"""
CEO_ROLLUP = f"{{ team {{ progress {FIGURES} subteams {{ managerId manager {{ name }} progress {FIGURES} }} }} }}"
TEAM_PAGE = """query($m: ID) { team(managerId: $m) { members(first: 100, depth: SUBTREE) { items { name
  progress { currentStreak longestStreak lessonsCompleted7Days { completed target }
    lessonsCompleted30Days { completed target } overdueAssignments completedAssignments30Days
    mastery { topic mastery }
    lessonHistory(first: 5) { items { lesson { id } localDate minutes score passed } } } }
  pageInfo { hasNextPage } } } }"""
# The same page without lesson history (for information: how much of the page the 500 history entries cost).
TEAM_PAGE_FIGURES = TEAM_PAGE.replace(
    "\n    lessonHistory(first: 5) { items { lesson { id } localDate minutes score passed } }", ""
)
TARGETS_MS = {"ceo_rollup": 150.0, "team_page_100": 100.0, "page_no_history": 100.0}


async def prepare_rollups(conn: asyncpg.Connection, *, force: bool) -> None:
    """The kept rollups and team mastery over the seeded history (COPY bypassed the write path)."""
    from services.learning.teams import mastery, rollups
    from services.platform.clock import SystemClock

    kept = await conn.fetchval(f"SELECT count(*) FROM {S}.member_day")
    if kept and not force:
        print(f"rollups: {kept:,} member-day rows kept already (--rebuild to build them again)", flush=True)
    else:
        t0 = time.perf_counter()
        people = await rollups.rebuild()
        print(f"rollups: rebuilt for {people:,} people in {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    await mastery.refresh(now=SystemClock().now())
    print(f"team mastery: computed in {time.perf_counter() - t0:.1f} s (the worker's half-hourly job)", flush=True)
    for table in ("member_day", "team_day", "team_size", "team_member", "team_mastery"):
        await conn.execute(f"ANALYZE {S}.{table}")


async def count_statements(ceo: dict, department: dict, tokens: dict) -> dict[str, int]:
    """SQL statements of one request of each scenario, in-process."""
    from asgi_lifespan import LifespanManager

    from services.learning.app import create_app
    from services.platform.database import STATEMENTS

    counts = {}
    # The computed path: with the response cache on, the repeated request would be answered from it (1 statement).
    application = create_app(settings=get_settings().model_copy(update={"response_cache_max_bytes": 0}))
    async with LifespanManager(application):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://bench") as http:
            for name, body, who in (
                ("ceo_rollup", {"query": CEO_ROLLUP}, ceo),
                ("team_page_100", {"query": TEAM_PAGE, "variables": {"m": str(department["id"])}}, ceo),
            ):
                headers = {"Authorization": f"Bearer {tokens[who['id']]}"}
                await http.post("/graphql", json=body, headers=headers)  # warm the pool's type codecs
                with STATEMENTS.capture() as statements:
                    response = await http.post("/graphql", json=body, headers=headers)
                    await asyncio.sleep(0)
                assert "errors" not in response.json(), response.text[:2000]
                counts[name] = len(statements)
    return counts


async def run(args: argparse.Namespace) -> int:
    quiet_logs()
    settings = get_settings()
    rng = random.Random(args.seed)
    server = None
    conn = None
    try:
        url = await seed.open_storage()
        redis_url = await redis_bootstrap.prepare(settings)
        if not args.skip_seed:
            print("seeding (skipped when already there):", flush=True)
            await seed.ensure_seeded(url, employees=args.employees, sessions=args.sessions)
        conn = await asyncpg.connect(url)
        await prepare_rollups(conn, force=args.rebuild)
        print(
            f"data: {await conn.fetchval(f'SELECT count(*) FROM {S}.employee'):,} employees, "
            f"{await conn.fetchval(f'SELECT count(*) FROM {S}.lesson_session'):,} lesson sessions, "
            f"{await conn.fetchval(f'SELECT count(*) FROM {S}.team_day'):,} team-day rows",
            flush=True,
        )
        people = [
            dict(r)
            for r in await conn.fetch(
                f"SELECT e.id, e.role, e.manager, e.name, "
                f"(SELECT headcount FROM {S}.team_size z WHERE z.manager = e.id) AS headcount "
                f"FROM {S}.employee e WHERE e.active AND e.hr_id LIKE 'B%'"
            )
        ]
        ceo = next(p for p in people if p["manager"] is None)
        departments = [p for p in people if p["manager"] == ceo["id"] and (p["headcount"] or 0) >= 100]
        if not departments:
            raise RuntimeError("no department with 100 people under it: seed more employees")
        tokens = tokens_for([ceo])
        postmaster = await postmaster_pid(conn)
        await seed.close_storage()
        statements = await count_statements(ceo, departments[0], tokens)
        print("statements per request: " + ", ".join(f"{k} {v}" for k, v in statements.items()), flush=True)

        child_env = {**os.environ, "SERVICELOOP_ENV": "production", "DATABASE_URL": url, "REDIS_URL": redis_url}
        if args.no_cache:
            child_env["SERVICELOOP_RESPONSE_CACHE_MAX_BYTES"] = "0"
        server = start_server("learning", "services.learning.app:create_app", child_env)
        await wait_ready(server, "/healthz")
        print(
            f"server: {server.url}/graphql (pid {server.process.pid}), {args.concurrency} clients, response cache "
            + ("off (--no-cache): every request computed" if args.no_cache else "on (a key per caller and request)"),
            flush=True,
        )
        headers = {"Authorization": f"Bearer {tokens[ceo['id']]}"}

        def ceo_rollup():
            return "/graphql", {"query": CEO_ROLLUP}, headers

        def team_page(query: str = TEAM_PAGE):
            def make():
                department = rng.choice(departments)
                return "/graphql", {"query": query, "variables": {"m": str(department["id"])}}, headers

            return make

        results = []
        clients = [
            httpx.AsyncClient(base_url=server.url, timeout=60, limits=httpx.Limits(max_connections=1))
            for _ in range(args.concurrency)
        ]
        try:
            meter = CpuMeter(server.process.pid, postmaster)
            scenarios = (
                ("ceo_rollup", ceo_rollup),
                ("team_page_100", team_page()),
                ("page_no_history", team_page(TEAM_PAGE_FIGURES)),
            )
            distinct = {
                "ceo_rollup": [ceo_rollup()],
                "team_page_100": [
                    ("/graphql", {"query": TEAM_PAGE, "variables": {"m": str(d["id"])}}, headers) for d in departments
                ],
                "page_no_history": [
                    ("/graphql", {"query": TEAM_PAGE_FIGURES, "variables": {"m": str(d["id"])}}, headers)
                    for d in departments
                ],
            }
            for name, make in scenarios:
                if not args.no_cache:
                    # Every distinct request once, one at a time, before the load: the timed run measures the warm
                    # cache (what a hot read is), this line what computing each answer cost.
                    t0 = time.perf_counter()
                    for path, body, request_headers in distinct[name]:
                        (await clients[0].post(path, json=body, headers=request_headers)).raise_for_status()
                    seconds = time.perf_counter() - t0
                    print(
                        f"{name}: primed {len(distinct[name])} distinct requests in {seconds:.1f} s "
                        f"({1000 * seconds / len(distinct[name]):.0f} ms each, computed)",
                        flush=True,
                    )
                # Loaded (the figure), then one client alone: the latency without queueing behind others.
                for impl, group in ((f"{args.concurrency} clients", clients), ("1 client", clients[:1])):
                    await load(group, make, duration=args.warmup, max_requests=10**9)
                    before = meter.sample()
                    sent, errors, seconds, latencies, first_error, _ = await load(
                        group, make, duration=args.duration if len(group) > 1 else args.duration / 2,
                        max_requests=10**9,
                    )
                    used = CpuMeter.used(before, meter.sample())
                    results.append(
                        RunResult(name, impl, sent, errors, seconds, latencies,
                                  {k: round(v / seconds, 2) for k, v in used.items()}, first_error=first_error)
                    )
        finally:
            await asyncio.gather(*(c.aclose() for c in clients))

        print(
            f"\n{'scenario':<16} {'clients':<11} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'target':>8} "
            f"{'errors':>6}  server ms/req  cpu (cores)"
        )
        missed = 0
        for r in results:
            target = TARGETS_MS[r.scenario]
            ok = r.percentile(95) <= target
            loaded = r.impl != "1 client"
            missed += loaded and not ok
            # A database backend that exits during the run makes its server's sum fall: shown as n/a, not negative.
            cpu = ", ".join(f"{k} {v if v >= 0 else 'n/a'}" for k, v in r.cpu.items())
            per_request = 1000 * r.cpu["server"] / r.throughput if r.throughput else float("nan")
            print(
                f"{r.scenario:<16} {r.impl:<11} {r.throughput:>7.1f} {r.percentile(50):>8.1f} {r.percentile(95):>8.1f} "
                f"{r.percentile(99):>8.1f} {'<= ' + str(int(target)):>8} {r.errors:>6}  {per_request:>13.1f}  {cpu}"
                + ("" if ok or not loaded else "  MISSED")
            )
            if r.first_error:
                print(f"  first error: {r.first_error[:500]}")
        print(
            f"pages: a random one of {len(departments)} departments (100 of their people); the CEO's rollup has "
            f"{len(departments)}+ subteams. 'postgres' is the whole database server's CPU (shared when DATABASE_URL "
            "points at a server others use); 'other' is everything else on the machine."
        )
        return 1 if (args.strict and missed) or any(r.errors for r in results) else 0
    finally:
        if server is not None:
            stop_server(server)
        if conn is not None:
            await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    seed.add_arguments(parser)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load per scenario (default 20)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per scenario (default 3)")
    parser.add_argument("--concurrency", type=int, default=32, help="closed-loop clients (default 32)")
    parser.add_argument("--seed", type=int, default=7, help="random seed for the page scenario's managers")
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the kept rollups even when present")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--no-cache", action="store_true", help="the server without its response cache (every request computed)"
    )
    args = parser.parse_args()
    try:
        raise SystemExit(asyncio.run(run(args)))
    finally:
        from services.platform import embedded

        embedded.stop_all()


if __name__ == "__main__":
    main()
