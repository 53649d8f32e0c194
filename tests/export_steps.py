"""Steps for training-export tests: ask through GraphQL, run the learning worker, fetch the signed file."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse

from .support import Api, new_id, run_worker

EXPORT_FIELDS = (
    "id kind format status rowsDone rowsTotal downloadUrl expiresAt error refusedCount "
    "filters { from to teamOf topic excelBom } refusals { statementId httpStatus reason } requestedBy { hrId }"
)
START_EXPORT = f"mutation($i: StartTrainingExportInput!) {{ startTrainingExport(input: $i) {{ {EXPORT_FIELDS} }} }}"
PUSH = f"mutation($i: PushTrainingRecordsInput!) {{ pushTrainingRecords(input: $i) {{ {EXPORT_FIELDS} }} }}"
EXPORT = f"query($id: ID!) {{ trainingExport(id: $id) {{ {EXPORT_FIELDS} }} }}"
EXPORTS = f"query($after: String) {{ trainingExports(first: 10, after: $after) {{ items {{ {EXPORT_FIELDS} }} pageInfo {{ endCursor hasNextPage }} }} }}"
AUDIT = (
    "query($after: String) { exportAudit(first: 10, after: $after) { items { exportId kind format actor { hrId } "
    "filters { from to teamOf topic excelBom } rowCount startedAt finishedAt outcome error } "
    "pageInfo { endCursor hasNextPage } } }"
)


def export_input(
    fmt: str = "CSV", *, start: str = "2026-03-01", end: str = "2026-04-01", cmid: str | None = None, **more
) -> dict:
    return {"i": {"format": fmt, "from": start, "to": end, "clientMutationId": cmid or new_id(), **more}}


async def start_export(api: Api, token: str, fmt: str = "CSV", **kwargs) -> dict:
    return (await api.ok(START_EXPORT, export_input(fmt, **kwargs), token=token))["startTrainingExport"]


async def get_export(api: Api, token: str, export_id: str) -> dict | None:
    return (await api.ok(EXPORT, {"id": export_id}, token=token))["trainingExport"]


async def run_jobs(storage, clock) -> None:
    await run_worker("learning", storage["redis_url"], clock)


async def finished_export(api: Api, token: str, storage, clock, fmt: str = "CSV", **kwargs) -> dict:
    """Ask for an export, let the worker write it, and read it back."""
    started = await start_export(api, token, fmt, **kwargs)
    assert started["status"] == "QUEUED"
    await run_jobs(storage, clock)
    return await get_export(api, token, started["id"])


async def download(api: Api, url: str):
    """GET a download link on the app under test (only its path and query are used)."""
    parts = urllib.parse.urlsplit(url)
    return await api.client.get(f"{parts.path}?{parts.query}")


async def csv_rows(api: Api, url: str) -> list[dict]:
    response = await download(api, url)
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


async def statements(api: Api, url: str) -> list[dict]:
    response = await download(api, url)
    assert response.status_code == 200, response.text
    return json.loads(response.content)
