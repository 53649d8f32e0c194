"""The outbox: events are written with the change, survive Redis being down, and are delivered once it is back."""

import json
import uuid

import pytest
import redis.exceptions

from arq.connections import ArqRedis

from services.learning.directory.tables import Employee
from services.learning.platform_tables import OUTBOX, OutboxEvent, ProcessedEvent
from services.platform.outbox import service as outbox
from services.platform.outbox.routes import queue_name

from .support import STANDARD_ORG, given_org, org_csv, run_worker, token_for

IMPORT = "mutation($csv: String!) { importOrgChart(input: {csv: $csv, sendInvitations: false}) { created } }"
PROGRESS = "{ me { progress { freezes } } }"
DEAD_REDIS = "redis://127.0.0.1:1/0"


async def unpublished() -> list[dict]:
    rows = await OutboxEvent.select().where(OutboxEvent.published_at.is_null())
    return [{**row, "payload": payload(row)} for row in rows]


def payload(row: dict) -> dict:
    return json.loads(row["payload"]) if isinstance(row["payload"], str) else row["payload"]


async def test_events_written_while_redis_is_down_are_delivered_when_it_is_back(api, app, storage, clock):
    # given the service's Redis is unreachable
    people = await given_org(STANDARD_ORG[:2])
    runtime = app.state.runtime
    await outbox.relay(OUTBOX, arq=await runtime.arq(), now=clock.now())  # the org's own events are out
    await (await runtime.arq()).flushdb()
    await runtime.close_arq()
    runtime.redis_url = DEAD_REDIS
    try:
        # when HR imports a new employee
        new_row = ("N1", "Nele Nurm", "n1@test.ee", "Cashier", "cashier", "CEO", "et", "Europe/Tallinn", "employee")
        data = await api.ok(IMPORT, {"csv": org_csv([*STANDARD_ORG[:2], new_row])}, token=token_for(people["HR1"]))
        # then the change is committed with its event, waiting in the outbox
        assert data["importOrgChart"]["created"] == ["N1"]
        waiting = await unpublished()
        assert [(e["topic"], e["payload"]["hr_id"]) for e in waiting] == [("employee.upserted", "N1")]
        # and a relay attempt while Redis is down changes nothing
        dead = ArqRedis(host="127.0.0.1", port=1, socket_connect_timeout=0.5)
        try:
            with pytest.raises((ConnectionError, OSError, redis.exceptions.ConnectionError)):
                await outbox.relay(OUTBOX, arq=dead, now=clock.now())
        finally:
            await dead.aclose()
        assert len(await unpublished()) == 1
    finally:
        await runtime.close_arq()
        runtime.redis_url = storage["redis_url"]

    # when Redis is back and the relay runs
    pool = await runtime.arq()
    moved = await outbox.relay(OUTBOX, arq=pool, now=clock.now())
    # then the event sits on the consumer's queue exactly once and is marked published
    assert moved == 1
    assert await unpublished() == []
    queued = await pool.queued_jobs(queue_name=queue_name("feedback"))
    assert [(j.function, [e["payload"]["hr_id"] for e in j.args[0]]) for j in queued] == [("handle_events", ["N1"])]
    # and relaying again sends nothing more
    assert await outbox.relay(OUTBOX, arq=pool, now=clock.now()) == 0


async def test_an_event_delivered_twice_is_consumed_once(api, app, storage, clock):
    # given an employee and a streak-freeze event in the outbox
    people = await given_org(STANDARD_ORG[:1])
    ceo = people["CEO"]
    await OutboxEvent.delete(force=True)
    async with OutboxEvent._meta.db.transaction():
        await outbox.publish(OUTBOX, topic="streak_freeze.granted", payload={"employee_id": str(ceo["id"])})
    # when the relay delivers it to the learning worker's queue and the worker runs
    pool = await app.state.runtime.arq()
    assert await outbox.relay(OUTBOX, arq=pool, now=clock.now()) == 1
    await run_worker("learning", storage["redis_url"], clock)
    # then the freeze is granted
    assert (await api.ok(PROGRESS, token=token_for(ceo)))["me"]["progress"]["freezes"] == 1
    # when the same event arrives again (at-least-once delivery: a relay retried after a crash)
    event = (await OutboxEvent.select().first())
    redelivered = {
        "id": str(event["id"]),
        "topic": event["topic"],
        "payload": payload(event),
        "occurred_at": event["created_at"].isoformat(),
        "source": "learning",
    }
    await pool.enqueue_job("handle_event", redelivered, _job_id=f"again:{uuid.uuid4()}", _queue_name=queue_name("learning"))
    await run_worker("learning", storage["redis_url"], clock)
    # then nothing more is granted, and the event is recorded once as processed
    assert (await api.ok(PROGRESS, token=token_for(ceo)))["me"]["progress"]["freezes"] == 1
    assert await ProcessedEvent.count() == 1


async def test_import_writes_events_in_the_same_transaction(api):
    # given a file with an unknown manager, nothing is written: neither employees nor events
    people = await given_org(STANDARD_ORG[:2])
    before_events, before_people = await OutboxEvent.count(), await Employee.count()
    bad = ("X1", "Xena", "x1@test.ee", "Cashier", "cashier", "NOPE", "et", "Europe/Tallinn", "employee")
    code = await api.code(IMPORT, {"csv": org_csv([*STANDARD_ORG[:2], bad])}, token=token_for(people["HR1"]))
    assert code == "IMPORT_INVALID"
    assert (await OutboxEvent.count(), await Employee.count()) == (before_events, before_people)


async def test_a_failing_event_does_not_hold_back_the_rest_of_its_slice(api, app, storage, clock, monkeypatch):
    from arq.jobs import Job

    from services.platform import worker as platform_worker

    monkeypatch.setattr(platform_worker, "EVENT_RETRY_SECONDS", 0)  # retry at once instead of backing off
    # given two freeze events relayed together: one for an employee nobody knows, one for the CEO
    people = await given_org(STANDARD_ORG[:1])
    await OutboxEvent.delete(force=True)
    stranger = str(uuid.uuid4())
    async with OutboxEvent._meta.db.transaction():
        bad = await outbox.publish(OUTBOX, topic="streak_freeze.granted", payload={"employee_id": stranger})
        await outbox.publish(OUTBOX, topic="streak_freeze.granted", payload={"employee_id": str(people["CEO"]["id"])})
    pool = await app.state.runtime.arq()
    assert await outbox.relay(OUTBOX, arq=pool, now=clock.now()) == 2
    assert [len(j.args[0]) for j in await pool.queued_jobs(queue_name=queue_name("learning"))] == [2]
    # when the worker delivers the slice
    await run_worker("learning", storage["redis_url"], clock)
    # then the good event is applied
    assert (await api.ok(PROGRESS, token=token_for(people["CEO"])))["me"]["progress"]["freezes"] == 1
    # and the bad one was tried again on its own, five times, and is left failed in the job results
    info = await Job(f"event:learning:{bad}", pool, _queue_name=queue_name("learning")).result_info()
    assert info is not None and info.success is False and info.job_try == 5
    assert info.args[0]["payload"]["employee_id"] == stranger
