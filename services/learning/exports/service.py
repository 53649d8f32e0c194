"""Training exports: asking for one (idempotent, audited), writing its file or pushing it to the LRS (as jobs, with
progress), reading them back, and forgetting old ones.

A file export restarts from scratch when its job is run again (a crash mid-way leaves only a part file, which
the next run replaces: no duplicate rows). A push resumes after the last source row the LRS acknowledged
(`checkpoint`); statement ids are stable, so a batch sent twice is stored once.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import BinaryIO

import asyncpg
import httpx

from services.platform.errors import NotFound, ValidationFailed
from services.platform.idempotency import run_once

from ..lessons.service import get_catalogue
from ..platform_tables import IdempotencyRecord
from . import csv_format, lrs, records, xapi
from .selection import Selection, count_answers_sql, count_badges_sql, count_sessions_sql
from .storage import export_files
from .tables import EarnedBadge, ExportAudit, StatementRefusal, TrainingExport

FORMATS = ("csv", "xapi_1_0_3", "xapi_2_0")
KINDS = ("export", "push")
TOPICS = ("time_management", "communication", "situations", "values")
PUSH_FORMATS = {"1.0.3": "xapi_1_0_3", "2.0.0": "xapi_2_0"}
MAX_RANGE_DAYS = 3660
PROGRESS_EVERY_SECONDS = 0.5
WRITE_ROWS = 100  # source rows turned into statements and written at a time (xAPI files)
ERROR_CHARS = 1000

Progress = Callable[[int], Awaitable[None]]


def _t() -> str:
    return TrainingExport._meta.get_formatted_tablename()


def _audit() -> str:
    return ExportAudit._meta.get_formatted_tablename()


def check_range(*, from_date: dt.date, to_date: dt.date) -> None:
    """`to` is the first day not included (a month: 2026-01-01 to 2026-02-01)."""
    if to_date <= from_date:
        raise ValidationFailed(
            "'to' must be after 'from' (it is the first day not included).", code="INVALID_DATE_RANGE"
        )
    if (to_date - from_date).days > MAX_RANGE_DAYS:
        raise ValidationFailed(f"Export at most {MAX_RANGE_DAYS} days at a time.", code="INVALID_DATE_RANGE")


def check_lrs_configured(settings) -> None:
    """A push needs somewhere to go."""
    if not settings.lrs_endpoint:
        raise ValidationFailed("No LRS is configured (SERVICELOOP_LRS_ENDPOINT).", code="LRS_NOT_CONFIGURED")


def selection_of(export: dict) -> Selection:
    filters = export["filters"]
    if isinstance(filters, str):
        filters = json.loads(filters)
    return Selection(
        from_date=dt.date.fromisoformat(filters["from"]),
        to_date=dt.date.fromisoformat(filters["to"]),
        scope_path=export["scope_path"],
        topic=filters.get("topic"),
    )


def _json_of(value):
    return json.loads(value) if isinstance(value, str) else value


# ---------------------------------------------------------------- asking


async def start(
    *,
    requester_id: uuid.UUID,
    kind: str,
    format: str,
    from_date: dt.date,
    to_date: dt.date,
    team_of: uuid.UUID | None,
    topic: str | None,
    scope_path: str | None,
    excel_bom: bool,
    client_id: str,
    now: dt.datetime,
) -> uuid.UUID:
    """A new export or push (queued) and its audit row, once per client id (a replay returns the same id)."""
    assert kind in KINDS and format in FORMATS
    check_range(from_date=from_date, to_date=to_date)
    if topic is not None and topic not in TOPICS:
        raise ValidationFailed("Unknown topic.", code="INVALID_TOPIC")
    filters = {
        "from": from_date.isoformat(),
        "to": to_date.isoformat(),
        "team_of": str(team_of) if team_of else None,
        "topic": topic,
        "excel_bom": excel_bom,
    }

    async def work() -> dict:
        export_id = uuid.uuid4()
        await TrainingExport.raw(
            f"INSERT INTO {_t()} (id, kind, format, requested_by, filters, scope_path, status, rows_done, refused, "
            "created_at) VALUES ({}, {}, {}, {}, {}, {}, 'queued', 0, 0, {})",
            export_id,
            kind,
            format,
            requester_id,
            json.dumps(filters),
            scope_path,
            now,
        )
        await audit_start(export_id=export_id, actor=requester_id, kind=kind, format=format, filters=filters, now=now)
        return {"export_id": str(export_id)}

    operation = "startTrainingExport" if kind == "export" else "pushTrainingRecords"
    async with TrainingExport._meta.db.transaction():
        result = await run_once(
            IdempotencyRecord,
            principal_id=requester_id,
            operation=operation,
            client_id=client_id,
            request={**filters, "format": format, "scope_path": scope_path},
            work=work,
        )
    return uuid.UUID(result["export_id"])


async def audit_start(
    *, export_id: uuid.UUID, actor: uuid.UUID | None, kind: str, format: str, filters: dict, now: dt.datetime
) -> None:
    """The audit row of an export or push, written when it is asked for (actor None: the command line)."""
    await ExportAudit.raw(
        f"INSERT INTO {_audit()} (id, export_id, actor, kind, format, filters, started_at, outcome) "
        "VALUES ({}, {}, {}, {}, {}, {}, {}, 'running')",
        uuid.uuid4(),
        export_id,
        actor,
        kind,
        format,
        json.dumps(filters),
        now,
    )


async def audit_finish(
    export_id: uuid.UUID, *, outcome: str, rows: int | None, at: dt.datetime, error: str | None
) -> None:
    await ExportAudit.raw(
        f"UPDATE {_audit()} SET outcome = {{}}, row_count = {{}}, finished_at = {{}}, error = {{}} "
        "WHERE export_id = {}",
        outcome,
        rows,
        at,
        error,
        export_id,
    )


# ---------------------------------------------------------------- reading


async def get(*, export_id: uuid.UUID) -> dict | None:
    rows = await TrainingExport.raw(f"SELECT * FROM {_t()} WHERE id = {{}}", export_id)
    return rows[0] if rows else None


async def get_many(*, ids: list[uuid.UUID]) -> list[dict | None]:
    rows = await TrainingExport.raw(f"SELECT * FROM {_t()} WHERE id = ANY({{}}::uuid[])", list(ids))
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]


async def page(*, requested_by: uuid.UUID | None, after: list | None, size: int) -> list[dict]:
    """Newest first; `requested_by` None: everyone's (admin). `size + 1` rows (the extra tells of a next page)."""
    where, args = ["TRUE"], []
    if requested_by is not None:
        where.append("requested_by = {}")
        args.append(requested_by)
    if after is not None:
        where.append("(created_at, id) < ({}::timestamptz, {}::uuid)")
        args += [dt.datetime.fromisoformat(after[0]), uuid.UUID(after[1])]
    return await TrainingExport.raw(
        f"SELECT * FROM {_t()} WHERE {' AND '.join(where)} ORDER BY created_at DESC, id DESC LIMIT {size + 1}", *args
    )


async def audit_page(*, after: list | None, size: int) -> list[dict]:
    where, args = "TRUE", []
    if after is not None:
        where = "(started_at, id) < ({}::timestamptz, {}::uuid)"
        args = [dt.datetime.fromisoformat(after[0]), uuid.UUID(after[1])]
    return await ExportAudit.raw(
        f"SELECT * FROM {_audit()} WHERE {where} ORDER BY started_at DESC, id DESC LIMIT {size + 1}", *args
    )


async def refusals_for_many(*, export_ids: list[uuid.UUID]) -> list[list[dict]]:
    """The statements each export's LRS refused (the first 100 of each), one statement."""
    rows = await StatementRefusal.raw(
        f"SELECT * FROM (SELECT r.*, row_number() OVER (PARTITION BY export ORDER BY created_at, statement_id) AS n "
        f"FROM {StatementRefusal._meta.get_formatted_tablename()} r WHERE export = ANY({{}}::uuid[])) x "
        "WHERE n <= 100 ORDER BY created_at, statement_id",
        list(export_ids),
    )
    grouped: dict[uuid.UUID, list[dict]] = {i: [] for i in export_ids}
    for row in rows:
        grouped[row["export"]].append(row)
    return [grouped[i] for i in export_ids]


def filters_of(row: dict) -> dict:
    return _json_of(row["filters"])


# ---------------------------------------------------------------- writing files (shared with the CLI)


class Throttled:
    """Calls `report(n)` at most every PROGRESS_EVERY_SECONDS (and never with a smaller n)."""

    def __init__(self, report: Progress | None) -> None:
        self.report = report
        self.last = 0.0

    async def __call__(self, n: int, *, force: bool = False) -> None:
        if self.report is None:
            return
        now = time.monotonic()
        if force or now - self.last >= PROGRESS_EVERY_SECONDS:
            self.last = now
            await self.report(n)


async def count_rows(conn: asyncpg.Connection, selection: Selection, format: str) -> int:
    """Rows of a CSV, statements of an xAPI file or push."""
    sql, args = count_sessions_sql(selection)
    sessions = await conn.fetchrow(sql, *args)
    if format == "csv":
        return sessions["sessions"]
    sql, args = count_answers_sql(selection)
    answers = await conn.fetchval(sql, *args)
    sql, args = count_badges_sql(selection)
    badges = await conn.fetchval(sql, *args)
    return xapi.statement_count(
        sessions=sessions["sessions"], completed=sessions["completed"], answers=answers, badges=badges
    )


async def write_csv(
    conn: asyncpg.Connection, selection: Selection, out: BinaryIO, *, excel_bom: bool, progress: Progress | None = None
) -> int:
    """COPY the rows into `out` as they come from the server; returns how many."""
    sql, args = csv_format.copy_sql(selection)
    report = Throttled(progress)
    if excel_bom:
        out.write(csv_format.UTF8_BOM)
    lines = 0

    async def sink(chunk: bytes) -> None:
        nonlocal lines
        out.write(chunk)
        lines += chunk.count(b"\n")
        await report(max(0, lines - 1))  # the header line; a cell with a line break only makes it run ahead

    status = await conn.copy_from_query(sql, *args, output=sink, format="csv", header=True)
    rows = int(status.split()[-1])
    await report(rows, force=True)
    return rows


def _dumps(statement: dict) -> str:
    return json.dumps(statement, ensure_ascii=False, separators=(",", ":"))


async def vocabulary_for(settings, format: str) -> xapi.Vocabulary:
    return xapi.vocabulary(settings=settings, catalogue=await get_catalogue(), format=format)


def statements_of(vocabulary: xapi.Vocabulary, phase: str, row) -> list[dict]:
    if phase == "sessions":
        return vocabulary.session_statements(row)
    return [vocabulary.answer_statement(row) if phase == "answers" else vocabulary.badge_statement(row)]


async def write_xapi(
    conn: asyncpg.Connection,
    selection: Selection,
    out: BinaryIO,
    *,
    vocabulary: xapi.Vocabulary,
    progress: Progress | None = None,
) -> int:
    """A JSON array of statements, one per line (so line tools work too), written page by page."""
    report = Throttled(progress)
    written = 0
    out.write(b"[")
    async for phase, rows in records.pages(conn, selection):
        # Written a few hundred statements at a time: a page's text is never held whole.
        for start in range(0, len(rows), WRITE_ROWS):
            lines = [
                _dumps(s) for row in rows[start : start + WRITE_ROWS] for s in statements_of(vocabulary, phase, row)
            ]
            out.write((("\n" if not written else ",\n") + ",\n".join(lines)).encode())
            written += len(lines)
        await report(written)
    out.write(b"\n]\n")
    await report(written, force=True)
    return written


# ---------------------------------------------------------------- the jobs' work


async def _set(export_id: uuid.UUID, **values) -> None:
    columns = ", ".join(f"{name} = {{}}" for name in values)
    await TrainingExport.raw(f"UPDATE {_t()} SET {columns} WHERE id = {{}}", *values.values(), export_id)


async def run_export(*, export_id: uuid.UUID, settings, now: Callable[[], dt.datetime]) -> str:
    """Write the export's file from scratch (into a part file, published when complete); its final status."""
    export = await get(export_id=export_id)
    if export is None or export["kind"] != "export":
        return "missing"
    if export["status"] in ("done", "failed"):
        return export["status"]
    selection = selection_of(export)
    files = export_files(settings)
    name = files.name(export_id, export["format"])
    part = files.part_path(name)
    await _set(export_id, status="running", started_at=export["started_at"] or now(), rows_done=0, error=None)

    async def progress(n: int) -> None:
        await _set(export_id, rows_done=n)

    async with TrainingExport._meta.db.pool.acquire() as conn:
        total = await count_rows(conn, selection, export["format"])
        await _set(export_id, rows_total=total)
        with part.open("wb") as out:
            if export["format"] == "csv":
                rows = await write_csv(
                    conn, selection, out, excel_bom=bool(filters_of(export).get("excel_bom")), progress=progress
                )
            else:
                vocabulary = await vocabulary_for(settings, export["format"])
                rows = await write_xapi(conn, selection, out, vocabulary=vocabulary, progress=progress)
    size = files.publish(name)
    finished = now()
    await _set(
        export_id,
        status="done",
        rows_done=rows,
        rows_total=rows,
        file_name=name,
        byte_size=size,
        finished_at=finished,
        expires_at=finished + dt.timedelta(hours=settings.export_link_ttl_hours),
    )
    await audit_finish(export_id, outcome="done", rows=rows, at=finished, error=None)
    return "done"


async def fail(*, export_id: uuid.UUID, error: str, settings, now: dt.datetime) -> None:
    """The job gave up: the export shows why (its part file is removed), the audit keeps it."""
    export = await get(export_id=export_id)
    if export is None or export["status"] == "done":
        return
    error = error[:ERROR_CHARS]
    await _set(export_id, status="failed", error=error, finished_at=now)
    if export["kind"] == "export":
        files = export_files(settings)
        files.delete(files.name(export_id, export["format"]))
    await audit_finish(export_id, outcome="failed", rows=export["rows_done"], at=now, error=error)


async def _record_batch(export_id: uuid.UUID, *, sent: int, outcome: lrs.BatchOutcome, checkpoint: dict) -> None:
    """The LRS acknowledged a batch: its refusals and the new position, in one transaction."""
    async with TrainingExport._meta.db.transaction():
        inserted = 0
        if outcome.refused:
            ids, statuses, reasons = zip(*outcome.refused)
            rows = await StatementRefusal.raw(
                f"INSERT INTO {StatementRefusal._meta.get_formatted_tablename()} "
                "(id, export, statement_id, http_status, reason) "
                "SELECT gen_random_uuid(), {}, s, h, r FROM unnest({}::uuid[], {}::int[], {}::text[]) AS t(s, h, r) "
                "ON CONFLICT (export, statement_id) DO NOTHING RETURNING id",
                export_id,
                [uuid.UUID(i) for i in ids],
                list(statuses),
                list(reasons),
            )
            inserted = len(rows)
        await TrainingExport.raw(
            f"UPDATE {_t()} SET rows_done = rows_done + {{}}, refused = refused + {{}}, checkpoint = {{}} "
            "WHERE id = {}",
            sent,
            inserted,
            json.dumps(checkpoint),
            export_id,
        )


async def run_push(
    *,
    export_id: uuid.UUID,
    settings,
    now: Callable[[], dt.datetime],
    transport: httpx.AsyncBaseTransport | None = None,
    before_batch: Callable[[], Awaitable[None]] | None = None,
) -> str:
    """Send the selection's statements to the LRS in batches, after the last acknowledged one; final status.
    `before_batch` is awaited before the push starts and before each batch is sent (the job renews its lease).

    Raises lrs.LrsUnavailable when the LRS stays unreachable (the job tries again later, from the checkpoint).
    """
    export = await get(export_id=export_id)
    if export is None or export["kind"] != "push":
        return "missing"
    if export["status"] in ("done", "failed"):
        return export["status"]
    selection = selection_of(export)
    client = lrs.client_from_settings(settings, transport=transport)
    vocabulary = await vocabulary_for(settings, export["format"])
    checkpoint = _json_of(export["checkpoint"]) or {"phase": "sessions", "after": None}
    renew = before_batch or _no_lease
    await renew()
    await _set(export_id, status="running", started_at=export["started_at"] or now(), error=None)
    try:
        async with TrainingExport._meta.db.pool.acquire() as conn:
            if export["rows_total"] is None:
                await _set(export_id, rows_total=await count_rows(conn, selection, export["format"]))
            after = uuid.UUID(checkpoint["after"]) if checkpoint["after"] else None
            batch: list[dict] = []
            position = checkpoint
            async for phase, rows in records.pages(conn, selection, phase=checkpoint["phase"], after=after):
                for row in rows:
                    batch += statements_of(vocabulary, phase, row)
                    position = {"phase": phase, "after": str(records.row_key(phase, row))}
                    if len(batch) >= settings.lrs_batch_size:
                        await renew()
                        await _record_batch(
                            export_id, sent=len(batch), outcome=await client.send(batch), checkpoint=position
                        )
                        batch = []
            if batch:
                await renew()
                await _record_batch(export_id, sent=len(batch), outcome=await client.send(batch), checkpoint=position)
    finally:
        await client.close()
    finished = now()
    final = await get(export_id=export_id)
    await _set(export_id, status="done", rows_total=final["rows_done"], finished_at=finished)
    await audit_finish(export_id, outcome="done", rows=final["rows_done"], at=finished, error=None)
    return "done"


async def _no_lease() -> None:
    """A push run outside a job holds no lease."""


# ---------------------------------------------------------------- badges from the feedback service


async def record_badge(
    *, employee_id: uuid.UUID, badge: str, name: dict, description: dict, earned_at: dt.datetime
) -> bool:
    """Keep a badge the feedback service announced; a second delivery changes nothing. True when new."""
    rows = await EarnedBadge.raw(
        f"INSERT INTO {EarnedBadge._meta.get_formatted_tablename()} "
        "(id, employee, badge, name, description, earned_at) "
        "VALUES (gen_random_uuid(), {}, {}, {}, {}, {}) ON CONFLICT (employee, badge) DO NOTHING RETURNING id",
        employee_id,
        badge,
        json.dumps(name),
        json.dumps(description),
        earned_at,
    )
    return bool(rows)


# ---------------------------------------------------------------- housekeeping


async def stale_queued(*, before: dt.datetime) -> list[dict]:
    """Exports still queued since before `before` (their job was never enqueued: Redis was away)."""
    return await TrainingExport.raw(
        f"SELECT id, kind FROM {_t()} WHERE status = 'queued' AND created_at < {{}} ORDER BY created_at LIMIT 100",
        before,
    )


async def purge(*, settings, now: dt.datetime) -> int:
    """Delete exports (rows and files) older than the retention; their audit rows stay. How many."""
    cutoff = now - dt.timedelta(days=settings.export_retention_days)
    rows = await TrainingExport.raw(
        f"DELETE FROM {_t()} WHERE created_at < {{}} AND status IN ('done', 'failed') RETURNING id, format", cutoff
    )
    files = export_files(settings)
    for row in rows:
        files.delete(files.name(row["id"], row["format"]))
    return len(rows)


def not_found() -> NotFound:
    return NotFound("No such export.", code="EXPORT_NOT_FOUND")
