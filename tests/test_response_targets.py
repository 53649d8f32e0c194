"""Response-time targets per channel, the every-minute watch that marks breaches, and the notifications it sends."""

import asyncio
import datetime as dt
import json

from services.feedback import worker as feedback_worker
from services.feedback.complaints import jobs
from services.feedback.complaints import service as complaints
from services.feedback.complaints.tables import TargetBreach
from services.feedback.complaints.targets import target_for
from services.feedback.directory.tables import StaffMember
from services.feedback.intake.service import CHANNELS
from services.feedback.notifications.tables import Notification
from services.platform.outbox.routes import queue_name
from services.platform.settings import get_settings

from .complaint_steps import complaint_row, given_complaint, given_people, given_step
from .support import new_id, run_worker, token_for

TARGETS = "{ responseTargets { channel acknowledgeSeconds resolveSeconds configured } }"
SET_TARGET = """mutation($channel: Channel!, $a: Int!, $r: Int!) {
  setResponseTarget(input: {channel: $channel, acknowledgeSeconds: $a, resolveSeconds: $r}) {
    channel acknowledgeSeconds resolveSeconds configured } }"""
NOTIFICATIONS = """query($unread: Boolean, $first: Int, $after: String) {
  myNotifications(unreadOnly: $unread, first: $first, after: $after) {
    items { id kind subject data createdAt readAt } pageInfo { endCursor hasNextPage } } }"""
MARK_READ = "mutation($id: ID!) { markNotificationRead(input: {id: $id}) { id readAt } }"
TWO_DAYS = 48 * 3600


async def breaches() -> list[dict]:
    return await TargetBreach.select().order_by(TargetBreach.target)


async def notifications() -> list[dict]:
    rows = await Notification.select().order_by(Notification.kind)
    return [{**r, "data": json.loads(r["data"]) if isinstance(r["data"], str) else r["data"]} for r in rows]


# ---------------------------------------------------------------- targets


async def test_calls_are_acknowledged_within_a_minute_written_channels_within_an_hour(feedback_api, clock):
    # given no configuration at all
    people = await given_people()
    # when anyone signed in asks for the targets
    data = await feedback_api.ok(TARGETS, token=token_for(people["A1"]))
    # then every channel is listed with the built-in defaults: 1 minute for calls and visits, 5 for chat,
    # an hour for written channels, 48 hours to resolve
    listed = {t["channel"]: t for t in data["responseTargets"]}
    assert set(listed) == {c.upper() for c in CHANNELS}
    assert {c: t["acknowledgeSeconds"] for c, t in listed.items() if c in ("PHONE", "IN_PERSON", "CHAT", "EMAIL")} == {
        "PHONE": 60, "IN_PERSON": 60, "CHAT": 300, "EMAIL": 3600,
    }
    assert {t["resolveSeconds"] for t in listed.values()} == {TWO_DAYS}
    assert not any(t["configured"] for t in listed.values())
    assert await target_for("email") == (3600, TWO_DAYS)


async def test_an_admin_changes_a_target_for_complaints_received_afterwards(feedback_api, clock):
    # given an e-mail complaint received under the default hour
    people = await given_people()
    before = await given_complaint([people["A1"]], at=clock.now(), channel="email")
    # when the admin sets e-mail to 30 minutes / 24 hours
    variables = {"channel": "EMAIL", "a": 1800, "r": 86400}
    data = await feedback_api.ok(SET_TARGET, variables, token=token_for(people["CEO"]))
    assert data["setResponseTarget"] == {
        "channel": "EMAIL", "acknowledgeSeconds": 1800, "resolveSeconds": 86400, "configured": True
    }
    # then the listing shows it, complaints received afterwards use it, the earlier one keeps its due times
    listed = (await feedback_api.ok(TARGETS, token=token_for(people["HR1"])))["responseTargets"]
    assert {"channel": "EMAIL", "acknowledgeSeconds": 1800, "resolveSeconds": 86400, "configured": True} in listed
    clock.advance(minutes=5)
    after = await given_complaint([people["A1"]], at=clock.now(), channel="email")
    old, new = await complaint_row(before), await complaint_row(after)
    assert old["acknowledge_due_at"] - old["received_at"] == dt.timedelta(hours=1)
    assert new["acknowledge_due_at"] - new["received_at"] == dt.timedelta(minutes=30)
    assert new["resolve_due_at"] - new["received_at"] == dt.timedelta(hours=24)
    # and phone keeps its own default
    assert await target_for("phone") == (60, TWO_DAYS)


async def test_only_an_admin_sets_targets_and_only_sensible_ones(feedback_api):
    people = await given_people()
    variables = {"channel": "EMAIL", "a": 1800, "r": 86400}
    for person in ("HR1", "MA", "A1"):
        assert await feedback_api.code(SET_TARGET, variables, token=token_for(people[person])) == "FORBIDDEN"
    admin = token_for(people["CEO"])
    bad = [
        ({"channel": "EMAIL", "a": 0, "r": 86400}, "INVALID_TARGET"),
        ({"channel": "EMAIL", "a": 7200, "r": 3600}, "INVALID_TARGET"),
        # the Channel enum refuses an unknown channel before anything runs
        ({"channel": "CARRIER_PIGEON", "a": 60, "r": 3600}, "BAD_USER_INPUT"),
    ]
    for variables, code in bad:
        assert await feedback_api.code(SET_TARGET, variables, token=admin) == code, variables
    assert await target_for("email") == (3600, TWO_DAYS)


# ---------------------------------------------------------------- the watch


async def test_a_phone_complaint_unacknowledged_after_a_minute_tells_the_subjects_manager_once(storage, clock):
    # given a phone complaint about A1 (A1 reports to LA)
    people = await given_people()
    start = clock.now()
    complaint = await given_complaint([people["A1"]], at=start)
    # when the watch runs 59 seconds later: nothing is late yet
    counts = await complaints.check_targets(now=start + dt.timedelta(seconds=59))
    assert counts == {"acknowledge_breaches": 0, "resolve_breaches": 0, "notifications": 0}
    assert await breaches() == []
    # when it runs at 61 seconds
    counts = await complaints.check_targets(now=start + dt.timedelta(seconds=61))
    # then the acknowledgement target is breached and LA is told, once
    assert counts == {"acknowledge_breaches": 1, "resolve_breaches": 0, "notifications": 1}
    [breach] = await breaches()
    assert (breach["feedback"], breach["target"], breach["notified"]) == (complaint, "acknowledge", people["LA"]["id"])
    [note] = await notifications()
    assert (note["recipient"], note["kind"], note["subject"]) == (
        people["LA"]["id"], "complaint.acknowledge_overdue", f"complaint:{complaint}"
    )
    # when it runs again a minute later
    counts = await complaints.check_targets(now=start + dt.timedelta(seconds=121))
    # then nothing more is marked or sent
    assert counts == {"acknowledge_breaches": 0, "resolve_breaches": 0, "notifications": 0}
    assert len(await breaches()) == 1 and len(await notifications()) == 1


async def test_a_complaint_unresolved_after_48_hours_tells_the_owners_manager(storage, clock):
    # given a phone complaint about A1 that LA acknowledged in time and handed to B1 (B1 reports to MB)
    people = await given_people()
    start = clock.now()
    complaint = await given_complaint([people["A1"]], at=start)
    await given_step("acknowledge", complaint, people["LA"], at=start + dt.timedelta(seconds=30))
    await given_step(
        "transfer", complaint, people["LA"], at=start + dt.timedelta(minutes=5), to_staff_id=people["B1"]["id"],
        reason="Delivery",
    )
    # when the watch runs just before and just after the 48 hours
    quiet = await complaints.check_targets(now=start + dt.timedelta(hours=48, seconds=-1))
    late = await complaints.check_targets(now=start + dt.timedelta(hours=48, seconds=1))
    # then only the resolution target is breached, and the owner's manager hears of it
    assert quiet == {"acknowledge_breaches": 0, "resolve_breaches": 0, "notifications": 0}
    assert late == {"acknowledge_breaches": 0, "resolve_breaches": 1, "notifications": 1}
    [breach] = await breaches()
    assert (breach["target"], breach["notified"]) == ("resolve", people["MB"]["id"])
    [note] = await notifications()
    assert (note["recipient"], note["kind"]) == (people["MB"]["id"], "complaint.resolve_overdue")
    assert note["data"]["owner"] == str(people["B1"]["id"])


async def test_a_complaint_handled_in_time_is_never_marked(storage, clock):
    people = await given_people()
    start = clock.now()
    complaint = await given_complaint([people["A1"]], at=start)
    await given_step("acknowledge", complaint, people["A1"], at=start + dt.timedelta(seconds=40))
    await complaints.check_targets(now=start + dt.timedelta(hours=1))
    await given_step("resolve", complaint, people["A1"], at=start + dt.timedelta(hours=47))
    await complaints.check_targets(now=start + dt.timedelta(days=10))
    assert await breaches() == [] and await notifications() == []


async def test_a_reopened_complaint_past_its_resolve_time_is_marked_once(storage, clock):
    # given a complaint resolved in time and reopened on day 3
    people = await given_people()
    start = clock.now()
    complaint = await given_complaint([people["A1"]], at=start)
    await given_step("acknowledge", complaint, people["LA"], at=start)
    await given_step("resolve", complaint, people["LA"], at=start + dt.timedelta(hours=1))
    await given_step("reopen", complaint, people["MA"], at=start + dt.timedelta(days=3), reason="Called again")
    # when the watch runs twice
    first = await complaints.check_targets(now=start + dt.timedelta(days=3, minutes=1))
    second = await complaints.check_targets(now=start + dt.timedelta(days=3, minutes=2))
    # then the reopened complaint counts as unresolved past its target, once, told to the owner's manager
    assert first["resolve_breaches"] == 1 and second["resolve_breaches"] == 0
    told = [(n["recipient"], n["kind"]) for n in await notifications()]
    assert told == [(people["MA"]["id"], "complaint.resolve_overdue")]


async def test_watches_running_at_the_same_moment_mark_once(storage, clock):
    people = await given_people()
    start = clock.now()
    for _ in range(3):
        await given_complaint([people["A1"]], at=start)
    later = start + dt.timedelta(minutes=2)
    results = await asyncio.gather(*(complaints.check_targets(now=later) for _ in range(4)))
    assert sum(r["acknowledge_breaches"] for r in results) == 3
    assert sum(r["notifications"] for r in results) == 3
    assert len(await breaches()) == 3 and len(await notifications()) == 3
    assert all(b["notified"] == people["LA"]["id"] for b in await breaches())


async def test_each_subjects_manager_is_told_and_the_top_of_the_chart_goes_to_hr(storage, clock):
    # given a complaint about A1 and B1 together, one about the CEO, who has no manager, and one about nobody
    people = await given_people()
    start = clock.now()
    both = await given_complaint([people["A1"], people["B1"]], at=start)
    ceo = await given_complaint([people["CEO"]], at=start)
    nobody = await given_complaint([], at=start)
    # when the watch finds them unacknowledged
    await complaints.check_targets(now=start + dt.timedelta(minutes=5))
    # then each subject's manager is told; HR answers for the top of the chart and for complaints about nobody
    told = {(n["subject"], n["recipient"]) for n in await notifications()}
    assert told == {
        (f"complaint:{both}", people["LA"]["id"]),
        (f"complaint:{both}", people["MB"]["id"]),
        (f"complaint:{ceo}", people["HR1"]["id"]),
        (f"complaint:{nobody}", people["HR1"]["id"]),
    }
    # when A2's shift lead has left and a complaint about A2 goes unacknowledged
    await StaffMember.update({StaffMember.active: False}).where(StaffMember.id == people["LA"]["id"])
    left = await given_complaint([people["A2"]], at=start)
    await complaints.check_targets(now=start + dt.timedelta(minutes=6))
    # then the nearest active manager above them hears of it
    told = [n["recipient"] for n in await notifications() if n["subject"] == f"complaint:{left}"]
    assert told == [people["MA"]["id"]]


async def test_the_watch_runs_in_the_real_worker(feedback_app, storage, clock):
    # given a phone complaint 61 seconds old
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    clock.advance(seconds=61)
    # when the job is queued and the feedback worker runs (it is also its every-minute cron)
    pool = await feedback_app.state.runtime.arq()
    await pool.enqueue_job(jobs.CHECK_TARGETS_JOB, _job_id=f"check:{new_id()}", _queue_name=queue_name("feedback"))
    await run_worker("feedback", storage["redis_url"], clock)
    # then the breach is marked with the worker's clock and the manager is told
    [breach] = await breaches()
    assert (breach["feedback"], breach["target"], breach["detected_at"]) == (complaint, "acknowledge", clock.now())
    assert [n["recipient"] for n in await notifications()] == [people["LA"]["id"]]
    crons = feedback_worker.options(storage["redis_url"], get_settings(), clock)["cron_jobs"]
    [watch] = [c for c in crons if c.name == f"{jobs.CHECK_TARGETS_JOB}_cron:feedback"]
    assert watch.second == 0 and watch.minute is None


# ---------------------------------------------------------------- notifications


async def test_managers_read_their_notifications_newest_first_and_mark_them_read(feedback_api, clock):
    # given three overdue complaints about A1, found one minute apart
    people = await given_people()
    ids = []
    for minute in range(3):
        ids.append(await given_complaint([people["A1"]], at=clock.now()))
        await complaints.check_targets(now=clock.now() + dt.timedelta(seconds=61))
        clock.advance(minutes=1)
    la = token_for(people["LA"])
    # when LA pages through their notifications two at a time
    first = (await feedback_api.ok(NOTIFICATIONS, {"first": 2}, token=la))["myNotifications"]
    rest = await feedback_api.ok(NOTIFICATIONS, {"first": 2, "after": first["pageInfo"]["endCursor"]}, token=la)
    rest = rest["myNotifications"]
    # then they come newest first, each about one complaint
    subjects = [n["subject"] for n in first["items"] + rest["items"]]
    assert subjects == [f"complaint:{i}" for i in reversed(ids)]
    assert first["pageInfo"]["hasNextPage"] is True and rest["pageInfo"]["hasNextPage"] is False
    assert first["items"][0]["data"]["feedback_id"] == str(ids[-1])
    # when LA marks the newest read
    newest = first["items"][0]["id"]
    marked = (await feedback_api.ok(MARK_READ, {"id": newest}, token=la))["markNotificationRead"]
    assert marked["readAt"] == clock.now().isoformat()
    # then only the other two are unread, and marking again keeps the first reading time
    unread = (await feedback_api.ok(NOTIFICATIONS, {"unread": True}, token=la))["myNotifications"]["items"]
    assert [n["subject"] for n in unread] == [f"complaint:{i}" for i in reversed(ids[:2])]
    clock.advance(minutes=5)
    again = (await feedback_api.ok(MARK_READ, {"id": newest}, token=la))["markNotificationRead"]
    assert again["readAt"] == marked["readAt"]


async def test_notifications_are_private_and_pages_are_capped(feedback_api, clock):
    people = await given_people()
    await given_complaint([people["A1"]], at=clock.now())
    await complaints.check_targets(now=clock.now() + dt.timedelta(minutes=2))
    [note] = await notifications()
    # someone else sees none of LA's notifications and cannot mark them
    ma = token_for(people["MA"])
    assert (await feedback_api.ok(NOTIFICATIONS, {}, token=ma))["myNotifications"]["items"] == []
    assert await feedback_api.code(MARK_READ, {"id": str(note["id"])}, token=ma) == "NOTIFICATION_NOT_FOUND"
    assert (await notifications())[0]["read_at"] is None
    # and pages are at most 100, cursors must be ours
    la = token_for(people["LA"])
    assert await feedback_api.code(NOTIFICATIONS, {"first": 101}, token=la) == "PAGE_SIZE_OUT_OF_RANGE"
    assert await feedback_api.code(NOTIFICATIONS, {"after": "bm90IGEgY3Vyc29y"}, token=la) == "INVALID_CURSOR"
