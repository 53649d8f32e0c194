"""Pushing training records to a real LRS (Ralph, started by the tests): delivered, read back by id, never
duplicated, resumed after the LRS dies mid-push and after the worker is killed mid-push, refusals recorded with the LRS's reason."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import httpx
import pytest

from services.learning.exports import lrs as lrs_client
from services.learning.exports import service as export_service
from services.learning.exports.xapi import statement_id
from services.platform.settings import get_settings

from .export_steps import PUSH, get_export, run_jobs
from .learning_steps import TALLINN, answer_all, complete, local, start, suitable_ids
from .lrs_server import PASSWORD, USERNAME, HoldingProxy, start_ralph
from .process_steps import eventually, production_env, start_worker, stop
from .support import given_org, new_id, token_for


@pytest.fixture(scope="module")
def ralph(tmp_path_factory):
    server = start_ralph(tmp_path_factory.mktemp("ralph"))
    yield server
    server.stop()


@pytest.fixture
def lrs(ralph, monkeypatch):
    """An empty LRS the learning service is configured to push to (small batches, quick retries)."""
    ralph.forget_all()
    settings = get_settings()
    for name, value in {
        "lrs_endpoint": ralph.endpoint,
        "lrs_username": USERNAME,
        "lrs_password": type(settings.jwt_secret)(PASSWORD),
        "lrs_batch_size": 4,
        "lrs_retries": 1,
        "lrs_backoff_seconds": 0.01,
    }.items():
        monkeypatch.setattr(settings, name, value)
    return ralph


@pytest.fixture
async def learned(api, clock):
    """Two people with two completed lessons each in March (4 sessions: 3 statements each, plus answers)."""
    people = await given_org()
    sessions = []
    for hr_id, family in (("A1", "cashier"), ("A2", "cleaner")):
        for n, lesson_id in enumerate((await suitable_ids(family))[:2]):
            clock.set(local(TALLINN, 2026, 3, 20 + n, 10, 0))
            token = token_for(people[hr_id])
            session = await start(api, token, lesson_id)
            await answer_all(api, token, session, right=True)
            clock.set(local(TALLINN, 2026, 3, 20 + n, 10, 9))
            await complete(api, token, session["id"])
            sessions.append(session)
    clock.set(local(TALLINN, 2026, 4, 2, 9, 0))
    return {"people": people, "sessions": sessions}


def push_input(**more) -> dict:
    return {"i": {"from": "2026-03-01", "to": "2026-04-01", "clientMutationId": new_id(), **more}}


async def push(api, token: str) -> dict:
    return (await api.ok(PUSH, push_input(), token=token))["pushTrainingRecords"]


def expected_count(sessions: list[dict]) -> int:
    return sum(3 + len(s["items"]) for s in sessions)


async def test_pushed_statements_are_in_the_lrs_and_a_re_push_adds_none(api, storage, clock, learned, lrs):
    """Given completed lessons, when HR pushes March, then every statement is in the LRS (read back by id);
    pushing again delivers the same ids and the LRS still holds each once."""
    hr = token_for(learned["people"]["HR1"])
    started = await push(api, hr)
    assert started["kind"] == "PUSH" and started["format"] == "XAPI_1_0_3" and started["status"] == "QUEUED"
    await run_jobs(storage, clock)
    done = await get_export(api, hr, started["id"])
    total = expected_count(learned["sessions"])
    assert done["status"] == "DONE" and done["rowsDone"] == done["rowsTotal"] == total
    assert done["refusedCount"] == 0 and done["refusals"] == [] and done["downloadUrl"] is None

    client = lrs_client.client_from_settings(get_settings())
    try:
        session = learned["sessions"][0]
        stored = await client.get(statement_id("session", session["id"], "passed"))
    finally:
        await client.close()
    assert stored["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert stored["context"]["registration"] == session["id"]
    assert stored["actor"]["mbox"] == "mailto:a1@test.ee"
    assert len(lrs.all_statements()) == total

    again = await push(api, hr)
    await run_jobs(storage, clock)
    assert (await get_export(api, hr, again["id"]))["rowsDone"] == total
    ids = [s["id"] for s in lrs.all_statements()]
    assert len(ids) == len(set(ids)) == total


async def test_a_push_cut_off_by_the_lrs_dying_resumes_from_the_last_acknowledged_batch(
    api, storage, clock, learned, lrs
):
    """Given a push under way, when the LRS process is killed after two acknowledged batches, then the job stops
    with its checkpoint; once the LRS is back the push sends only the remaining batches, and the LRS holds each
    statement exactly once."""
    hr = token_for(learned["people"]["HR1"])
    started = await push(api, hr)
    export_id = uuid.UUID(started["id"])
    posted: list[int] = []

    class KillAfterTwoBatches(httpx.AsyncBaseTransport):
        """The real network, with the LRS process killed once two batches were acknowledged."""

        def __init__(self) -> None:
            self.inner = httpx.AsyncHTTPTransport()

        async def handle_async_request(self, request):
            if request.method == "POST" and len(posted) == 2:
                lrs.stop()
            response = await self.inner.handle_async_request(request)
            if request.method == "POST":
                posted.append(len(json.loads(await response.aread() or b"[]")))
            return response

    with pytest.raises(lrs_client.LrsUnavailable):
        await export_service.run_push(
            export_id=export_id, settings=get_settings(), now=clock.now, transport=KillAfterTwoBatches()
        )
    cut = await get_export(api, hr, started["id"])
    acknowledged = sum(posted[:2])
    assert cut["status"] == "RUNNING" and cut["rowsDone"] == acknowledged > 0
    total = expected_count(learned["sessions"])

    lrs.start()
    counted = []

    class Count(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = httpx.AsyncHTTPTransport()

        async def handle_async_request(self, request):
            if request.method == "POST":
                counted.append(len(json.loads(request.content)))
            return await self.inner.handle_async_request(request)

    status = await export_service.run_push(
        export_id=export_id, settings=get_settings(), now=clock.now, transport=Count()
    )
    assert status == "done"
    assert sum(counted) == total - acknowledged  # nothing acknowledged before the cut is sent again
    done = await get_export(api, hr, started["id"])
    assert done["status"] == "DONE" and done["rowsDone"] == total
    ids = [s["id"] for s in lrs.all_statements()]
    assert len(ids) == len(set(ids)) == total


async def test_a_push_interrupted_by_killing_the_worker_resumes_from_the_last_acknowledged_batch(
    api, storage, learned, lrs, tmp_path
):
    """Given a push under way on a real worker (one record per batch, two batches acknowledged, the third on its
    way), when the worker is killed (SIGKILL: no retry, no result), then a second worker takes the push over once
    its lease is out, sends only what follows the checkpoint, and the push ends DONE with each statement in the
    LRS once."""
    hr = token_for(learned["people"]["HR1"])
    total = expected_count(learned["sessions"])
    proxy = HoldingProxy(f"http://127.0.0.1:{lrs.port}", passed=2)
    env = production_env(
        storage,
        SERVICELOOP_LRS_ENDPOINT=proxy.endpoint,
        SERVICELOOP_LRS_USERNAME=USERNAME,
        SERVICELOOP_LRS_PASSWORD=PASSWORD,
        SERVICELOOP_LRS_BATCH_SIZE="1",
        SERVICELOOP_LRS_PUSH_LEASE_SECONDS="2",
        SERVICELOOP_EXPORT_RETENTION_DAYS="36500",  # the worker's clock is real; the test's export is dated April
    )
    started = await push(api, hr)

    async def third_batch_held() -> bool:
        return proxy.held.is_set()

    first = start_worker(env, tmp_path / "worker-1.log")
    second = None
    try:
        # when the first worker has two batches acknowledged and waits on the third, it is killed
        await eventually(third_batch_held, first, "the third batch")
        first.kill()
        first.wait(timeout=10)
        proxy.release()  # the held batch is dropped: its sender is gone
        cut = await get_export(api, hr, started["id"])
        acknowledged = cut["rowsDone"]
        before = {s["id"] for s in lrs.all_statements()}
        assert cut["status"] == "RUNNING" and 0 < acknowledged == len(before) < total
        lrs.forget_all()  # from here on the LRS holds only what the resumed push sends

        # then a second worker resumes it once the lease is out
        second = start_worker(env, tmp_path / "worker-2.log")

        async def finished() -> dict | None:
            current = await get_export(api, hr, started["id"])
            return current if current["status"] == "DONE" else None

        done = await eventually(finished, second, "the resumed push")
    finally:
        stop(*(p for p in (first, second) if p is not None))
        proxy.close()
    assert done["rowsDone"] == done["rowsTotal"] == total and done["refusedCount"] == 0
    resent = [s["id"] for s in lrs.all_statements()]
    assert len(resent) == len(set(resent)) == total - acknowledged  # nothing before the checkpoint is sent again
    assert not before & set(resent) and len(before | set(resent)) == total  # and every statement arrived once


async def test_statements_the_lrs_refuses_are_recorded_with_its_reason(api, storage, clock, learned, lrs, monkeypatch):
    """Given one statement the LRS will not accept (it has no object), when the push runs, then the others
    are delivered and the export shows the refused one with the LRS's answer; the audit counts the push."""
    hr = token_for(learned["people"]["HR1"])
    bad = statement_id("session", learned["sessions"][1]["id"], "completed")
    real = export_service.statements_of

    def with_a_broken_one(vocabulary, phase, row):
        out = real(vocabulary, phase, row)
        return [{k: v for k, v in s.items() if k != "object"} if s["id"] == bad else s for s in out]

    monkeypatch.setattr(export_service, "statements_of", with_a_broken_one)
    started = await push(api, hr)
    await run_jobs(storage, clock)
    done = await get_export(api, hr, started["id"])
    total = expected_count(learned["sessions"])
    assert done["status"] == "DONE" and done["refusedCount"] == 1 and done["rowsDone"] == total
    [refusal] = done["refusals"]
    assert refusal["statementId"] == bad and refusal["httpStatus"] >= 400 and refusal["reason"].startswith("HTTP ")
    assert len(lrs.all_statements()) == total - 1
