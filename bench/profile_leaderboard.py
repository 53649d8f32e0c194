"""CPU per organisation-week `leaderboard` in the feedback app's own process, and where it goes.

    .venv/bin/python -m bench.profile_leaderboard [--requests 2000] [--case org-week]

The feedback benchmark's data (bench/feedback_seed.py; run bench.feedback_leaderboard once to seed it), the app
under asgi_lifespan, requests straight into its ASGI callable (no HTTP client, no socket), one at a time, a random
viewer each: prints CPU per request (`time.process_time`, PostgreSQL's and Redis' own work excluded) and cProfile's
top functions by own time. The load test's throughput is bounded by this figure: one uvicorn process serves at most
1000 / (ms per request) requests per second.
"""

from __future__ import annotations

from . import feedback_seed as fseed  # noqa: I001  (first: points the settings at the feedback bench storage)

import argparse  # noqa: E402
import asyncio  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import pstats  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402

import asyncpg  # noqa: E402
import httpx  # noqa: E402

from .feedback_leaderboard import CASES, graphql_body, tokens_for  # noqa: E402
from .learning_today import quiet_logs  # noqa: E402


async def run(args: argparse.Namespace) -> None:
    from asgi_lifespan import LifespanManager

    from services.feedback.app import create_app

    url = await fseed.open_storage()
    conn = await asyncpg.connect(url)
    staff = await fseed.load_staff(conn)
    await conn.close()
    if not staff:
        raise SystemExit("no benchmark staff: run `python -m bench.feedback_leaderboard` once first")
    tokens = tokens_for(staff)
    rng = random.Random(1)
    app = create_app()
    async with LifespanManager(app):
        quiet_logs()
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
            body = graphql_body(args.case)

            async def one() -> None:
                viewer = rng.choice(staff)
                response = await client.post("/graphql", json=body, headers={"Authorization": f"Bearer {tokens[viewer['id']]}"})
                assert response.status_code == 200 and b'"errors"' not in response.content, response.text[:500]

            for _ in range(300):
                await one()
            # httpx's own cost per request, measured on a trivial app-free call, is not subtracted: see the note.
            for label in ("plain", "profiled"):
                profiler = cProfile.Profile() if label == "profiled" else None
                cpu, wall = time.process_time(), time.perf_counter()
                if profiler:
                    profiler.enable()
                for _ in range(args.requests):
                    await one()
                if profiler:
                    profiler.disable()
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                print(f"{label:<9} {args.requests} requests: {1000 * cpu / args.requests:.2f} ms CPU, "
                      f"{1000 * wall / args.requests:.2f} ms wall each (this process: app + in-process client)")
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
            print(out.getvalue())
    await fseed.close_storage()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--case", choices=sorted(CASES), default="org-week")
    parser.add_argument("--top", type=int, default=40)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
