"""Cross-service event latency on an idle system: how long an event written in one service takes to be consumed in
the other, with both arq workers running for real.

    .venv/bin/python -m bench.cross_service_latency            # 50 rounds of each path
    .venv/bin/python -m bench.cross_service_latency --rounds 200 --strict

Its own database, `serviceloop_bench_latency` (dropped and migrated at every run), in the embedded PostgreSQL and
Redis under .data/bench, or on DATABASE_URL's / REDIS_URL's servers (Redis database 13, flushed). Both workers run
as child processes (`python -m services.<service>.worker`, as deployed). Two paths, one event at a time with a
pause of 0.2-0.6 s between rounds (idle system, ticks of the 5 s relay cron not lined up):

- praise: a manager records praise through the feedback GraphQL API (in this process); its transaction writes
  streak_freeze.granted and the API wakes the feedback relay; the learning worker consumes it.
- worker hop: directory.backfill_requested is written in the feedback outbox and the feedback relay woken; the
  learning worker's handler writes employee.upserted for every employee inside its job, which must wake the
  learning relay itself (the wake-up of finding 2); the feedback worker consumes them. Measured until the last
  announcement is consumed.

Latency = the consumer's processed_event.processed_at - the event's outbox_event.created_at (both the database's
clock, transaction start). Prints p50/p95/p99/max per path against the 2 s p99 target; exits non-zero with
--strict when a target is missed, or when an event never arrives.
"""

from __future__ import annotations

import os
import urllib.parse

os.environ.setdefault("SERVICELOOP_BENCH_DATABASE", "serviceloop_bench_latency")
if os.environ.get("REDIS_URL", "").startswith("redis"):
    _parts = urllib.parse.urlsplit(os.environ["REDIS_URL"])
    os.environ["REDIS_URL"] = urllib.parse.urlunsplit(_parts._replace(path="/13"))

from . import env  # noqa: E402

env.configure()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

import httpx  # noqa: E402
from asgi_lifespan import LifespanManager  # noqa: E402

TARGET_P99_SECONDS = 2.0
ARRIVAL_TIMEOUT_SECONDS = 30.0
ORG = [
    ("CEO", "Kadri Kask", "ceo@bench.ee", "Chief executive", "ceo", "", "et", "Europe/Tallinn", "admin"),
    ("LA", "Liis Lepp", "la@bench.ee", "Shift lead", "manager", "CEO", "et", "Europe/Tallinn", "manager"),
    ("A1", "Anu Aas", "a1@bench.ee", "Cashier", "cashier", "LA", "et", "Europe/Tallinn", "employee"),
]
HEADER = "hr_id,name,email,job_title,role_family,manager_hr_id,locale,time_zone,role"
PRAISE = "mutation($i: SubmitFeedbackInput!) { submitFeedback(input: $i) { id } }"


async def prepare() -> dict[str, dict]:
    """A fresh database with the migrations and a three-person org in both services; a flushed Redis."""
    import piccolo_conf  # noqa: F401  (the engine)
    from services.feedback.directory.service import apply_announcement
    from services.learning.directory import importer
    from services.learning.directory.events import employee_event
    from services.learning.directory.tables import Employee
    from services.platform import database, migrations
    from services.platform import redis as redis_bootstrap
    from services.platform.clock import SystemClock
    from services.platform.settings import get_settings

    settings = get_settings()
    await env.drop_database()
    await database.prepare(settings)
    await migrations.migrate()
    pool = await redis_bootstrap.arq_pool(await redis_bootstrap.prepare(settings))
    await pool.flushdb()
    await pool.aclose()
    text = HEADER + "\n" + "\n".join(",".join(row) for row in ORG) + "\n"
    report = await importer.run_import(text, dry_run=False, now=SystemClock().now())
    assert not report.errors, report.errors
    people = {p["hr_id"]: p for p in await Employee.select()}
    for person in people.values():
        await apply_announcement(employee=employee_event(person)[1])
    await Employee.raw("DELETE FROM learning.outbox_event")  # the import's own announcements are not measured
    return people


def start_workers(database_url: str, redis_url: str) -> list[subprocess.Popen]:
    child_env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "SERVICELOOP_LOG_LEVEL": "WARNING"}
    return [
        subprocess.Popen([sys.executable, "-m", f"services.{service}.worker"], env=child_env)
        for service in ("learning", "feedback")
    ]


async def wait_for(query: str, *args) -> float:
    """Poll until the latency query returns a row; its seconds."""
    from services.learning.directory.tables import Employee

    deadline = time.monotonic() + ARRIVAL_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        rows = await Employee.raw(query, *args)
        if rows and rows[0]["seconds"] is not None:
            return float(rows[0]["seconds"])
        await asyncio.sleep(0.01)
    raise TimeoutError("an event did not arrive within 30 s")


async def praise_round(http: httpx.AsyncClient, token: str, subject_id: uuid.UUID) -> float:
    """Praise through the API; seconds until learning consumed its streak_freeze.granted."""
    variables = {"i": {"kind": "PRAISE", "channel": "PHONE", "subjectIds": [str(subject_id)],
                       "clientMutationId": str(uuid.uuid4())}}
    response = await http.post("/graphql", json={"query": PRAISE, "variables": variables},
                               headers={"Authorization": f"Bearer {token}"})
    body = response.json()
    assert not body.get("errors"), body
    feedback_id = body["data"]["submitFeedback"]["id"]
    return await wait_for(
        "SELECT EXTRACT(EPOCH FROM p.processed_at - e.created_at) AS seconds "
        "FROM feedback.outbox_event e JOIN learning.processed_event p ON p.key LIKE '%:' || e.id::text "
        "WHERE e.topic = 'streak_freeze.granted' AND e.payload->>'source_ref' = {}",
        f"praise:{feedback_id}",
    )


async def worker_hop_round(arq, people: int) -> float:
    """A backfill request from feedback; seconds until feedback consumed every announcement learning wrote."""
    from services.feedback.platform_tables import OUTBOX
    from services.platform.outbox.routes import queue_name
    from services.platform.outbox.service import publish
    from services.platform.worker import RELAY_JOB

    async with OUTBOX.events._meta.db.transaction():
        request_id = await publish(OUTBOX, topic="directory.backfill_requested", payload={})
    await arq.enqueue_job(RELAY_JOB, _queue_name=queue_name("feedback"))  # what an API write does after commit
    # Rounds run one at a time, so the announcements of this round are those written after the request.
    return await wait_for(
        "SELECT CASE WHEN count(DISTINCT a.id) FILTER (WHERE p.key IS NOT NULL) = {} "
        "THEN EXTRACT(EPOCH FROM max(p.processed_at) - r.created_at) END AS seconds "
        "FROM feedback.outbox_event r "
        "JOIN learning.outbox_event a ON a.topic = 'employee.upserted' AND a.created_at > r.created_at "
        "LEFT JOIN feedback.processed_event p ON p.key LIKE '%:' || a.id::text "
        "WHERE r.id = {} GROUP BY r.created_at",
        people,
        request_id,
    )


def report(name: str, seconds: list[float]) -> bool:
    ordered = sorted(seconds)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]

    p99 = pct(99)
    ok = p99 <= TARGET_P99_SECONDS
    print(f"{name:<12} n={len(ordered):<4} p50={pct(50) * 1000:7.0f} ms  p95={pct(95) * 1000:7.0f} ms  "
          f"p99={p99 * 1000:7.0f} ms  max={ordered[-1] * 1000:7.0f} ms  mean={statistics.mean(ordered) * 1000:7.0f} ms"
          f"  {'PASS' if ok else 'FAIL'} (p99 <= {TARGET_P99_SECONDS:.0f} s)")
    return ok


async def run(args: argparse.Namespace) -> int:
    from services.feedback.app import create_app
    from services.platform import database
    from services.platform import redis as redis_bootstrap
    from services.platform.auth.principal import Principal, Role
    from services.platform.auth.tokens import issue_token
    from services.platform.clock import SystemClock
    from services.platform.settings import get_settings

    settings = get_settings()
    people = await prepare()
    redis_url = await redis_bootstrap.prepare(settings)
    workers = start_workers(database.database_url(settings), redis_url)
    manager = people["LA"]
    token = issue_token(Principal(employee_id=manager["id"], role=Role(manager["role"])), settings=settings,
                        now=SystemClock().now())
    arq = await redis_bootstrap.arq_pool(redis_url)
    rng = random.Random(20261201)
    results: dict[str, list[float]] = {"praise": [], "worker hop": []}
    try:
        app = create_app()
        async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                                           base_url="http://bench") as http:
            await asyncio.sleep(args.warmup)  # both workers up and their startup relays done
            for round_ in range(args.rounds):
                results["praise"].append(await praise_round(http, token, people["A1"]["id"]))
                await asyncio.sleep(rng.uniform(0.2, 0.6))
                results["worker hop"].append(await worker_hop_round(arq, len(people)))
                await asyncio.sleep(rng.uniform(0.2, 0.6))
                if (round_ + 1) % 10 == 0:
                    print(f"  {round_ + 1}/{args.rounds} rounds", file=sys.stderr)
    except TimeoutError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        await arq.aclose()
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    print(f"cross-service latency, {args.rounds} rounds per path, idle system:")
    passed = [report(name, seconds) for name, seconds in results.items()]
    return 0 if all(passed) or not args.strict else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=50, help="events per path (default 50)")
    parser.add_argument("--warmup", type=float, default=4.0, help="seconds to let the workers start (default 4)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the p99 target is missed")
    args = parser.parse_args()
    code = asyncio.run(run(args))
    from services.platform import embedded

    embedded.stop_all()
    sys.exit(code)


if __name__ == "__main__":
    main()
