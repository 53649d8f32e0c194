"""Where one GraphQL `today` (or `completeLesson`-free read) spends its CPU: requests straight into the learning
app's ASGI callable in this process (no HTTP client, no socket), under pyinstrument.

    .venv/bin/python -m bench.profile_today                  # 2,000 `today` after 200 unprofiled
    .venv/bin/python -m bench.profile_today --requests 5000 --persisted --top 40

Uses the benchmark database as `bench.learning_today` left it (seed it first: `python -m bench.seed`). Prints
the CPU per request (process time, one request at a time, unprofiled; the lowest of `--runs` runs is the least
disturbed by other work on the machine) and pyinstrument's own-time list; the call tree goes to
bench/results/profile_today-<time>.txt. `--persisted` sends the staff app's `Today` document by id
(frontend/operations/staff/Today.graphql) instead of the benchmark's query text. With SERVICELOOP_BASELINE_ROOT set
the app comes from that checkout (as bench/baseline_app.py): run both, alternating, to compare two versions.
"""

from __future__ import annotations

from . import env

env.configure()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402

os.environ["SERVICELOOP_ENV"] = "production"  # as the benchmark's servers run: no statement log, no IDE
for _name, _value in env.throwaway_keys().items():  # production refuses to start without its keys
    os.environ.setdefault(_name, _value)

from services.platform.settings import PROJECT_ROOT  # noqa: E402

from .learning_today import TODAY, load_employees, quiet_logs, tokens_for  # noqa: E402

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"


async def asgi_post(app, path: str, body: bytes, headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
    """One HTTP/1.1 POST into the ASGI app, as uvicorn would hand it over."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"bench"), (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()), *headers],
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8001), "state": {},
    }
    sent = False
    status, chunks = 0, []

    async def receive():
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


def graphql_poster(app, employees: list[dict], tokens: dict, payload: bytes):
    """`await one(i)`: the payload as the i-th employee (round robin), the answer's body; an error raises."""

    async def one(i: int) -> bytes:
        employee = employees[i % len(employees)]
        headers = [(b"authorization", f"Bearer {tokens[employee['id']]}".encode())]
        status, body = await asgi_post(app, "/graphql", payload, headers)
        if status != 200 or b'"errors"' in body:
            raise RuntimeError(f"{status} {body[:500]!r}")
        return body

    return one


async def run(args: argparse.Namespace) -> None:
    import asyncpg
    from asgi_lifespan import LifespanManager
    from pyinstrument import Profiler

    from services.learning.app import create_app
    from services.platform.graphql import persisted
    from services.platform.settings import get_settings

    from services.platform import database

    url = await database.prepare(get_settings())
    conn = await asyncpg.connect(url)
    employees = (await load_employees(conn))[: args.warmup]  # the warm-up makes each one's plan of the day
    await conn.close()
    tokens = tokens_for(employees)
    if args.persisted:
        text = (persisted.OPERATIONS_DIR / "staff" / "Today.graphql").read_text(encoding="utf-8")
        payload = json.dumps({"documentId": persisted.document_id(text), "variables": {}}).encode()
    else:
        payload = json.dumps({"query": TODAY, "variables": {}}).encode()
    if os.environ.get("SERVICELOOP_BASELINE_ROOT"):
        import sys

        sys.path.insert(0, os.environ["SERVICELOOP_BASELINE_ROOT"])
        for name in [m for m in sys.modules if m == "services" or m.startswith("services.")]:
            del sys.modules[name]
        from services.learning.app import create_app
    app = create_app()
    async with LifespanManager(app):
        quiet_logs()

        one = graphql_poster(app, employees, tokens, payload)

        for i in range(args.warmup):
            await one(i)
        cpu = []
        for _ in range(args.runs):
            started = time.process_time()
            for i in range(args.requests // 4):
                await one(i)
            cpu.append((time.process_time() - started) / (args.requests // 4))
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        profiler.start()
        for i in range(args.requests):
            await one(i)
        profiler.stop()
    print(f"{'persisted id' if args.persisted else 'query text'}: CPU per today {min(cpu) * 1000:.3f} ms (lowest of "
          f"{args.runs} runs of {args.requests // 4}: {' '.join(f'{c * 1000:.3f}' for c in cpu)}; one at a time, "
          "unprofiled, this process's CPU incl. the PostgreSQL client)")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"profile_today-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    out.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    session = profiler.last_session
    own: dict[str, float] = {}

    def walk(frame) -> None:
        key = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        own[key] = own.get(key, 0.0) + frame.total_self_time
        for child in frame.children:
            walk(child)

    root = session.root_frame()
    walk(root)
    total = root.time
    print(f"profiled {args.requests} requests in {total:.2f} s ({total / args.requests * 1000:.3f} ms each); "
          f"own time, top {args.top}:")
    for key, seconds in sorted(own.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {seconds / total * 100:5.1f} %  {seconds / args.requests * 1e6:7.1f} us  {key}")
    print(f"call tree: {out.relative_to(PROJECT_ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3, help="unprofiled runs of requests/4 each")
    parser.add_argument("--persisted", action="store_true", help="send the staff app's Today by id")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
