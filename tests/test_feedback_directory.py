"""The feedback service's directory replica follows the learning service's events, never its tables."""

from services.feedback.directory import service as replica
from services.feedback.directory.tables import StaffMember
from services.learning.directory.events import employee_event
from services.learning.platform_tables import OUTBOX as LEARNING_OUTBOX
from services.feedback.platform_tables import OUTBOX as FEEDBACK_OUTBOX
from services.platform.outbox import service as outbox

from .support import STANDARD_ORG, given_org, org_csv, run_worker, token_for

IMPORT = "mutation($csv: String!, $m: Boolean!) { importOrgChart(input: {csv: $csv, deactivateMissing: $m}) { created deactivated } }"


async def deliver_everything(app, storage, clock) -> None:
    """Relay both outboxes and run both workers until nothing is left in flight."""
    pool = await app.state.runtime.arq()
    for _ in range(3):
        await outbox.relay(LEARNING_OUTBOX, arq=pool, now=clock.now())
        await outbox.relay(FEEDBACK_OUTBOX, arq=pool, now=clock.now())
        await run_worker("learning", storage["redis_url"], clock)
        await run_worker("feedback", storage["redis_url"], clock)


async def test_an_import_reaches_the_replica_through_events(api, app, storage, clock):
    # given the org chart imported in the learning service
    people = await given_org()
    # when the events are relayed and the feedback worker runs
    await deliver_everything(app, storage, clock)
    # then the replica holds every employee with manager and org path
    rows = {r["hr_id"]: r for r in await StaffMember.select()}
    assert set(rows) == set(people)
    assert rows["A1"]["org_path"] == people["A1"]["org_path"]
    assert rows["A1"]["manager_id"] == people["LA"]["id"]
    # when HR deactivates a leaver by leaving them out of the next full file
    remaining = [r for r in STANDARD_ORG if r[0] != "A2"]
    await api.ok(IMPORT, {"csv": org_csv(remaining), "m": True}, token=token_for(people["HR1"]))
    await deliver_everything(app, storage, clock)
    # then the replica shows them inactive, not deleted
    leaver = (await StaffMember.select().where(StaffMember.hr_id == "A2"))[0]
    assert leaver["active"] is False and leaver["version"] == 2


async def test_stale_and_repeated_events_do_not_win(storage):
    people = await given_org(STANDARD_ORG[:1])
    ceo = employee_event(people["CEO"])[1]
    newer = {**ceo, "name": "Kadri Uus", "version": 3}
    older = {**ceo, "name": "Kadri Vana", "version": 2}
    assert await replica.apply_announcement(employee=newer) is True
    assert await replica.apply_announcement(employee=older) is False
    assert await replica.apply_announcement(employee=newer) is False
    row = await replica.get(employee_id=people["CEO"]["id"])
    assert (row["name"], row["version"]) == ("Kadri Uus", 3)


async def test_backfill_rebuilds_the_replica_from_events(app, storage, clock):
    # given a replica that lost its rows
    people = await given_org()
    await deliver_everything(app, storage, clock)
    await StaffMember.delete(force=True)
    # when the feedback service asks for a backfill
    async with FEEDBACK_OUTBOX.events._meta.db.transaction():
        await outbox.publish(FEEDBACK_OUTBOX, topic="directory.backfill_requested", payload={})
    await deliver_everything(app, storage, clock)
    # then every employee is back, and the replica never read the learning tables to get them
    assert await replica.count() == len(people)
