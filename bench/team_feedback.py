"""Feedback side of team progress: a Team's kept service figures and a page of its members, via `_entities`.

    .venv/bin/python -m bench.team_feedback
    .venv/bin/python -m bench.team_feedback --help

Seeds (or reuses) 10,000 staff in the replica and 300,000 ledger entries over the last 60 days
(bench/feedback_seed.py), rebuilds the kept team figures from them (team/service.py `rebuild`: COPY bypasses the
worker that keeps them), starts the feedback GraphQL app under uvicorn on 127.0.0.1 (one worker, production
settings, a gateway secret as the gateway sends it) and loads it from 32 concurrent clients in this process
(bench/learning_today.py's load generator). Cases:

  ceo-recognition    the CEO's `Team.recognition` (the whole organisation's rollup)
  ceo-page-100       a page of 100 of the CEO's whole subtree sorted by points this week, each member with
                     `recognition { pointsThisWeek pointsThisMonth openComplaints targetBreaches30Days csat }` (the
                     balance, `points`, is left out: ledger.totals_many sums each member's whole ledger, ~100 ms per
                     100 members on this box, recognition's to keep)
  dept-page-100      the same for the largest department's whole subtree (~200 people)

Prints per case throughput and p50/p95/p99 latency, the SQL statements of one request, and the CPU split.
"""

from __future__ import annotations

from . import feedback_seed as fseed  # noqa: I001  (first: points the settings at the feedback bench storage)

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import os  # noqa: E402
import pathlib  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import asyncpg  # noqa: E402
import httpx  # noqa: E402

from services.platform.auth.principal import Principal, Role  # noqa: E402
from services.platform.auth.tokens import issue_token  # noqa: E402
from services.platform.clock import SystemClock  # noqa: E402
from services.platform.graphql.federation import GATEWAY_HEADER  # noqa: E402
from services.platform.settings import get_settings  # noqa: E402

from .learning_today import Contender, Server, measure_scenario, postmaster_pid, quiet_logs, start_server  # noqa: E402
from .learning_today import stop_server, wait_ready  # noqa: E402

S = fseed.S
SECRET = "bench-gateway-secret"
RECOGNITION = (
    "query($r: [_Any!]!) { _entities(representations: $r) { ... on Team { recognition { pointsThisWeek "
    "pointsThisMonth pendingPointsThisWeek pendingPointsThisMonth openComplaints targetBreaches30Days "
    "nps { responses score } csat { mean answers } } } } }"
)
PAGE = (
    "query($r: [_Any!]!, $depth: TeamDepth!) { _entities(representations: $r) { ... on Team { "
    "membersByService(first: 100, sortBy: POINTS_THIS_WEEK, depth: $depth) { items { id name recognition { "
    "pointsThisWeek pointsThisMonth openComplaints targetBreaches30Days csat { mean answers } } } "
    "pageInfo { hasNextPage } } } } }"
)


def bodies(staff: list[dict]) -> dict[str, tuple[dict, dict]]:
    """Per case: (viewer, request body)."""
    ceo = next(s for s in staff if s["manager_id"] is None)
    departments = [s for s in staff if s["manager_id"] == ceo["id"] and s["role"] == "manager"]
    dept = max(departments, key=lambda d: sum(1 for s in staff if s["manager_id"] == d["id"]))

    def team(manager: dict) -> list[dict]:
        return [{"__typename": "Team", "managerId": str(manager["id"])}]

    return {
        "ceo-recognition": (ceo, {"query": RECOGNITION, "variables": {"r": team(ceo)}}),
        "ceo-page-100": (ceo, {"query": PAGE, "variables": {"r": team(ceo), "depth": "SUBTREE"}}),
        "dept-page-100": (dept, {"query": PAGE, "variables": {"r": team(dept), "depth": "SUBTREE"}}),
    }


async def rebuild_figures() -> float:
    from services.feedback.team import service as team

    started = time.perf_counter()
    await team.rebuild()
    return time.perf_counter() - started


async def in_process_statements(cases: dict, tokens: dict) -> dict[str, int]:
    """The SQL statements one request of each case sends (the app in this process, statement log on)."""
    from asgi_lifespan import LifespanManager

    from services.feedback.app import create_app
    from services.platform.database import STATEMENTS

    app = create_app()
    found = {}
    async with LifespanManager(app):
        quiet_logs()
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
            for case, (viewer, body) in cases.items():
                headers = {"Authorization": f"Bearer {tokens[viewer['id']]}"}
                await client.post("/graphql", json=body, headers=headers)
                with STATEMENTS.capture() as statements:
                    response = await client.post("/graphql", json=body, headers=headers)
                    await asyncio.sleep(0)
                if response.json().get("errors"):
                    raise RuntimeError(f"{case}: {response.json()['errors']}")
                found[case] = len(statements)
    return found


async def run(args: argparse.Namespace) -> int:
    quiet_logs()
    server: Server | None = None
    pool_open = False
    conn: asyncpg.Connection | None = None
    try:
        print(f"storage: {fseed.storage_label()} (a shared machine: other work may run beside this)", flush=True)
        if args.fresh:
            await fseed.drop_database()
        url = await fseed.open_storage()
        pool_open = True
        print("seeding (skipped when already there):", flush=True)
        await fseed.prepare_schema()
        conn = await asyncpg.connect(url)
        await fseed.ensure_staff(conn, args.staff)
        await fseed.ensure_history(conn, args.entries)
        redis_url = await fseed.fresh_redis()
        print(f"  team figures rebuilt from the ledger in {await rebuild_figures():.1f} s", flush=True)
        rows = await conn.fetch(f"SELECT id, hr_id, role, manager_id FROM {S}.staff_member WHERE active")
        staff = [dict(r) for r in rows]
        counts = await conn.fetchrow(
            f"SELECT (SELECT count(*) FROM {S}.ledger_entry) AS entries, (SELECT count(*) FROM {S}.team_day) AS days, "
            f"(SELECT count(*) FROM {S}.team_node_day) AS node_days"
        )
        print(f"data: {len(staff):,} staff, {counts['entries']:,} ledger entries -> {counts['days']:,} member-day and "
              f"{counts['node_days']:,} node-day rows", flush=True)
        postmaster = await postmaster_pid(conn)
        settings, now = get_settings(), SystemClock().now()
        tokens = {s["id"]: issue_token(Principal(employee_id=s["id"], role=Role(s["role"])), settings=settings, now=now)
                  for s in staff}
        cases = {k: v for k, v in bodies(staff).items() if k in args.cases}
        await fseed.close_storage()
        pool_open = False
        os.environ["SERVICELOOP_GATEWAY_SECRET"] = SECRET
        statements = await in_process_statements(cases, tokens)
        print("SQL statements per request: " + ", ".join(f"{k} {v}" for k, v in statements.items()), flush=True)

        child_env = {**os.environ, "SERVICELOOP_ENV": "production", "DATABASE_URL": url, "REDIS_URL": redis_url,
                     "SERVICELOOP_LOG_LEVEL": "WARNING", "SERVICELOOP_GATEWAY_SECRET": SECRET}
        server = start_server("graphql", "services.feedback.app:create_app", child_env)
        await wait_ready(server, "/healthz")
        print(
            f"load: {args.concurrency} concurrent clients, {args.warmup:g} s warm-up + {args.duration:g} s per case, "
            f"loopback; machine load before: {' '.join(pathlib.Path('/proc/loadavg').read_text().split()[:3])} "
            f"({os.cpu_count()} cores)",
            flush=True,
        )

        def request(viewer: dict, body: dict) -> Callable[[], tuple[str, dict, dict]]:
            headers = {"Authorization": f"Bearer {tokens[viewer['id']]}", GATEWAY_HEADER: SECRET}
            return lambda: ("/graphql", body, headers)

        async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
            for case, (viewer, body) in cases.items():
                answer = (await client.post("/graphql", json=body, headers=request(viewer, body)()[2])).json()
                if answer.get("errors"):
                    raise RuntimeError(f"{case}: {answer['errors']}")
        args.slices = 1
        print(f"\n{'case':<17} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
              "   cpu (cores): server / postgres / client / other")
        failed = False
        for case, (viewer, body) in cases.items():
            contender = Contender(case, "graphql", server, request(viewer, body))
            await measure_scenario([contender], args, postmaster)
            r = contender.result
            cpu = r.cpu
            failed |= bool(r.errors)
            print(
                f"{case:<17} {r.requests:>9} {r.throughput:>8.1f} {r.percentile(50):>8.1f} {r.percentile(95):>8.1f} "
                f"{r.percentile(99):>8.1f} {r.errors:>7}   {cpu.get('server', 0):.2f} / {cpu.get('postgres', 0):.2f} / "
                f"{cpu.get('client', 0):.2f} / {cpu.get('other', 0):.2f}",
                flush=True,
            )
        return 1 if failed else 0
    finally:
        if server is not None:
            stop_server(server)
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()
        if pool_open:
            await fseed.close_storage()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--staff", type=int, default=fseed.STAFF, help=f"staff in the replica (default {fseed.STAFF})")
    parser.add_argument("--entries", type=int, default=fseed.ENTRIES, help=f"ledger entries (default {fseed.ENTRIES})")
    cases = ["ceo-recognition", "ceo-page-100", "dept-page-100"]
    parser.add_argument("--cases", nargs="+", choices=cases, default=cases)
    parser.add_argument("--duration", type=float, default=10, help="seconds timed per case (default 10)")
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured seconds before each case (default 2)")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight (default 32)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap per timed run (default 200000)")
    parser.add_argument("--fresh", action="store_true", help="drop the feedback benchmark database first")
    args = parser.parse_args()
    try:
        code = asyncio.run(run(args))
    finally:
        from services.platform import embedded

        embedded.stop_all()
    sys.exit(code)


if __name__ == "__main__":
    main()
