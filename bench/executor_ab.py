"""The services' executor (services/platform/graphql/execution.py) against graphql-core's own, in one process.

    .venv/bin/python -m bench.executor_ab                      # the staff app's Today, 24 alternating blocks of 100
    .venv/bin/python -m bench.executor_ab --blocks 40 --block 200

Requests go straight into the learning app's ASGI callable (no HTTP client, no socket; bench/profile_today.py's
way), one at a time, on the benchmark database (`python -m bench.seed` first). The two executors take turns in
blocks on the same app, the same schema and the same employees, so a slow minute of a shared machine falls on both;
the medians of the blocks' CPU per request are compared. Also printed: Python function calls per request
(cProfile, deterministic: the figure to compare across machines) and whether every answer was byte-for-byte the
same under both executors.
"""

from __future__ import annotations

from . import env

env.configure()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import cProfile  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

os.environ["SERVICELOOP_ENV"] = "production"  # as the benchmark's servers run
for _name, _value in env.throwaway_keys().items():
    os.environ.setdefault(_name, _value)

from .learning_today import load_employees, quiet_logs, tokens_for  # noqa: E402
from .profile_today import graphql_poster  # noqa: E402


async def run(args: argparse.Namespace) -> None:
    import asyncpg
    from asgi_lifespan import LifespanManager
    from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

    import services.learning.app as learning_app
    from services.platform import database
    from services.platform.graphql import persisted
    from services.platform.graphql.execution import LeanExecutor
    from services.platform.settings import get_settings

    url = await database.prepare(get_settings())
    conn = await asyncpg.connect(url)
    employees = (await load_employees(conn))[: args.employees]
    await conn.close()
    tokens = tokens_for(employees)
    text = (persisted.OPERATIONS_DIR / "staff" / f"{args.document}.graphql").read_text(encoding="utf-8")
    payload = json.dumps({"documentId": persisted.document_id(text), "variables": {}}).encode()

    schemas = []
    build_schema = learning_app.build_schema

    def keep(settings):
        schemas.append(build_schema(settings))
        return schemas[-1]

    learning_app.build_schema = keep
    app = learning_app.create_app()
    schema = schemas[0]
    executors = {"graphql-core": StrawberryGraphQLCoreExecutionContext, "lean": LeanExecutor}
    async with LifespanManager(app):
        quiet_logs()

        one = graphql_poster(app, employees, tokens, payload)

        bodies: dict[str, dict[int, bytes]] = {name: {} for name in executors}
        for name, executor in executors.items():  # warm-up: each employee's plan of the day made, caches filled
            schema.execution_context_class = executor
            for i in range(len(employees)):
                bodies[name][i] = await one(i)
        same = bodies["graphql-core"] == bodies["lean"]
        cpu: dict[str, list[float]] = {name: [] for name in executors}
        for block in range(args.blocks):
            for name in executors if block % 2 == 0 else reversed(executors):
                schema.execution_context_class = executors[name]
                started = time.process_time()
                for i in range(args.block):
                    await one(block * args.block + i)
                cpu[name].append((time.process_time() - started) / args.block)
        calls = {}
        for name, executor in executors.items():
            schema.execution_context_class = executor
            profiler = cProfile.Profile()
            profiler.enable()
            for i in range(100):
                await one(i)
            profiler.disable()
            calls[name] = pstats.Stats(profiler).total_calls / 100
    print(f"{args.document}, {len(employees)} employees, {args.blocks} blocks of {args.block} per executor, "
          "one request at a time, in process (CPU incl. the PostgreSQL client)")
    for name in executors:
        values = sorted(cpu[name])
        print(f"  {name:13} CPU per request median {statistics.median(values) * 1000:.3f} ms (quartiles "
              f"{values[len(values) // 4] * 1000:.3f} / {values[3 * len(values) // 4] * 1000:.3f}), "
              f"{calls[name]:.0f} Python calls per request")
    saved = 1 - statistics.median(cpu["lean"]) / statistics.median(cpu["graphql-core"])
    print(f"  lean saves {saved * 100:.1f} % of the request's CPU; answers byte-for-byte the same: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--document", default="Today", help="a staff document (frontend/operations/staff/)")
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--blocks", type=int, default=24)
    parser.add_argument("--block", type=int, default=100)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
