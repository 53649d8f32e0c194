"""Training exports on 10,000 employees and 1,000,000 lesson sessions: CSV vs a bare COPY, memory, xAPI, LRS push.

    .venv/bin/python -m bench.exports [--xapi-days 14] [--push-days 1] [--no-push] [--strict]

Seeds the benchmark database as bench/seed.py does (skipped when seeded), then, in the same run:
1. bare COPY: the CSV's own SELECT through `COPY (...) TO STDOUT` into a sink that drops the bytes (the ceiling);
2. CSV export: the real job body (`service.run_export`: row count, COPY into the part file, progress writes,
   publish) over every session; its rate as a share of (1) (target >= 50 %) and its peak RSS growth
   (target <= 50 MB, sampled every 20 ms by psutil);
3. xAPI 1.0.3 export over the last `--xapi-days` days: statements/s (target >= 10,000/s) and peak RSS growth;
4. LRS push of the last `--push-days` days to a real Ralph LRS (tests/lrs_server.py; needs `make lrs-venv`):
   statements/s, batches of `lrs_batch_size`.
Figures depend on the machine: on a shared one, run it when it is quiet and say so next to the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import pathlib
import tempfile
import threading
import time
import uuid

from . import env

env.configure()

import psutil  # noqa: E402

from services.platform.clock import SystemClock  # noqa: E402
from services.platform.settings import get_settings  # noqa: E402

from . import seed  # noqa: E402

MB = 1024 * 1024
CSV_SHARE_TARGET = 0.50
RSS_TARGET_MB = 50
XAPI_TARGET_PER_SECOND = 10_000


class PeakRss:
    """Samples this process's RSS in a thread while the block runs; growth over the RSS at the start."""

    def __init__(self, every: float = 0.02) -> None:
        self.process = psutil.Process()
        self.every = every
        self.peak = self.start = 0
        self._stop = threading.Event()

    def __enter__(self) -> "PeakRss":
        self.start = self.peak = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.every)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.start) / MB


async def bare_copy(selection) -> tuple[int, float, int]:
    """The CSV's SELECT through COPY into a sink that drops the bytes: (rows, seconds, bytes)."""
    from piccolo.engine import engine_finder

    from services.learning.exports import csv_format

    sql, args = csv_format.copy_sql(selection)
    size = 0

    async def sink(chunk: bytes) -> None:
        nonlocal size
        size += len(chunk)

    async with engine_finder().pool.acquire() as conn:
        started = time.perf_counter()
        status = await conn.copy_from_query(sql, *args, output=sink, format="csv", header=True)
        return int(status.split()[-1]), time.perf_counter() - started, size


async def run_job(*, kind: str, format: str, from_date: dt.date, to_date: dt.date, requester: uuid.UUID, settings):
    """Ask for an export or push through the service and run its job body here: (export row, seconds, RSS)."""
    from services.learning.exports import service

    clock = SystemClock()
    export_id = await service.start(
        requester_id=requester,
        kind=kind,
        format=format,
        from_date=from_date,
        to_date=to_date,
        team_of=None,
        topic=None,
        scope_path=None,
        excel_bom=False,
        client_id=str(uuid.uuid4()),
        now=clock.now(),
    )
    with PeakRss() as rss:
        started = time.perf_counter()
        if kind == "export":
            await service.run_export(export_id=export_id, settings=settings, now=clock.now)
        else:
            await service.run_push(export_id=export_id, settings=settings, now=clock.now)
        seconds = time.perf_counter() - started
    return await service.get(export_id=export_id), seconds, rss


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


async def _main(args: argparse.Namespace) -> int:
    from services.learning.directory.tables import Employee
    from services.learning.exports.selection import Selection
    from services.learning.exports.storage import export_files

    url = await seed.open_storage()
    missed = []
    try:
        print("seeding (skipped when already there):")
        await seed.ensure_seeded(url, employees=args.employees, sessions=args.sessions, review_cards=False)
        settings = get_settings()
        folder = tempfile.mkdtemp(prefix="sl-bench-exports-")
        settings.exports_dir = pathlib.Path(folder)
        hr = await Employee.select(Employee.id).where(Employee.role == "hr").first()
        today = dt.date.today()
        everything = (today - dt.timedelta(days=3 * 365), today + dt.timedelta(days=2))  # the seed spans < 1 year
        print(f"\nmachine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start")

        rows, bare_s, size = await bare_copy(Selection(from_date=everything[0], to_date=everything[1]))
        bare_rate = rows / bare_s
        print(
            f"bare COPY (same SELECT) TO STDOUT: {rows:,} rows, {size / MB:,.1f} MB in {bare_s:.1f} s = "
            f"{bare_rate:,.0f} rows/s"
        )

        export, csv_s, rss = await run_job(
            kind="export",
            format="csv",
            from_date=everything[0],
            to_date=everything[1],
            requester=hr["id"],
            settings=settings,
        )
        csv_rate = export["rows_done"] / csv_s
        share = csv_rate / bare_rate
        print(
            f"CSV export job: {export['rows_done']:,} rows, {export['byte_size'] / MB:,.1f} MB in {csv_s:.1f} s = "
            f"{csv_rate:,.0f} rows/s = {share:.0%} of bare COPY (target >= {CSV_SHARE_TARGET:.0%}: "
            f"{verdict(share >= CSV_SHARE_TARGET)}); peak RSS growth {rss.growth_mb:.1f} MB "
            f"(target <= {RSS_TARGET_MB} MB: {verdict(rss.growth_mb <= RSS_TARGET_MB)})"
        )
        missed += [] if share >= CSV_SHARE_TARGET else ["csv share"]
        missed += [] if rss.growth_mb <= RSS_TARGET_MB else ["csv rss"]
        export_files(settings).delete(export["file_name"])

        xapi_from = today - dt.timedelta(days=args.xapi_days)
        export, xapi_s, rss = await run_job(
            kind="export",
            format="xapi_1_0_3",
            from_date=xapi_from,
            to_date=everything[1],
            requester=hr["id"],
            settings=settings,
        )
        xapi_rate = export["rows_done"] / xapi_s
        print(
            f"xAPI 1.0.3 export job (last {args.xapi_days} days): {export['rows_done']:,} statements, "
            f"{export['byte_size'] / MB:,.1f} MB in {xapi_s:.1f} s = {xapi_rate:,.0f} statements/s (target >= "
            f"{XAPI_TARGET_PER_SECOND:,}/s: {verdict(xapi_rate >= XAPI_TARGET_PER_SECOND)}); peak RSS growth "
            f"{rss.growth_mb:.1f} MB"
        )
        missed += [] if xapi_rate >= XAPI_TARGET_PER_SECOND else ["xapi rate"]
        export_files(settings).delete(export["file_name"])

        if not args.no_push:
            from tests.lrs_server import PASSWORD, USERNAME, start_ralph

            lrs = start_ralph(pathlib.Path(tempfile.mkdtemp(prefix="sl-bench-ralph-")))
            try:
                settings.lrs_endpoint, settings.lrs_username = lrs.endpoint, USERNAME
                settings.lrs_password = type(settings.jwt_secret)(PASSWORD)
                push_from = today - dt.timedelta(days=args.push_days)
                export, push_s, rss = await run_job(
                    kind="push",
                    format="xapi_1_0_3",
                    from_date=push_from,
                    to_date=everything[1],
                    requester=hr["id"],
                    settings=settings,
                )
                print(
                    f"LRS push (Ralph, fs backend, last {args.push_days} day(s), batches of {settings.lrs_batch_size}): "
                    f"{export['rows_done']:,} statements in {push_s:.1f} s = {export['rows_done'] / push_s:,.0f} "
                    f"statements/s, {export['refused']} refused; peak RSS growth {rss.growth_mb:.1f} MB"
                )
            finally:
                lrs.stop()
        print(f"load average {os.getloadavg()[0]:.2f} at the end (the machine may be shared)")
    finally:
        await seed.close_storage()
    if missed:
        print("missed: " + ", ".join(missed))
    return 1 if (missed and args.strict) else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    seed.add_arguments(parser)
    parser.add_argument("--xapi-days", type=int, default=14, help="days of history in the xAPI export (default 14)")
    parser.add_argument("--push-days", type=int, default=1, help="days of history pushed to the LRS (default 1)")
    parser.add_argument("--no-push", action="store_true", help="skip the LRS push (no LRS venv)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    raise SystemExit(asyncio.run(_main(args)))


if __name__ == "__main__":
    main()
