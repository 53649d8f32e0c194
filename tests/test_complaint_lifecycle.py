"""A complaint is acknowledged (and so owned), transferred with a reason, resolved, closed, reopened: by whom."""

import asyncio
import datetime as dt

import pytest

from services.feedback.complaints.tables import ComplaintTransition
from services.feedback.directory.tables import StaffMember
from services.platform.errors import Conflict
from services.platform.outbox.routes import queue_name

from .complaint_steps import (
    ACKNOWLEDGE,
    FIELDS,
    HISTORY,
    MUTATIONS,
    REOPEN,
    RESOLVE,
    TRANSFER,
    complaint_row,
    events,
    given_complaint,
    given_in_status,
    given_people,
    given_step,
    variables_for,
)
from .support import count_statements, new_id, token_for

STATUSES = ("received", "acknowledged", "resolved", "closed")
ACTIONS = ("acknowledge", "transfer", "resolve", "close", "reopen")
# The whole machine, written out here independently of the code: every other pair is refused.
ALLOWED = {
    ("received", "acknowledge"): "acknowledged",
    ("acknowledged", "transfer"): "acknowledged",
    ("acknowledged", "resolve"): "resolved",
    ("resolved", "close"): "closed",
    ("resolved", "reopen"): "acknowledged",
    ("closed", "reopen"): "acknowledged",
}


async def transitions_of(feedback_id) -> int:
    return await ComplaintTransition.count().where(ComplaintTransition.feedback == feedback_id)


async def test_a_complaint_lives_its_whole_life_and_every_step_has_a_name(feedback_api, clock):
    # given a phone complaint about A1
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    la, mb, ma, hr = (token_for(people[p]) for p in ("LA", "MB", "MA", "HR1"))
    # when A1's shift lead acknowledges it after 30 seconds
    clock.advance(seconds=30)
    data = await feedback_api.ok(ACKNOWLEDGE, variables_for("acknowledge", complaint), token=la)
    step = data["acknowledgeComplaint"]
    # then the shift lead owns it
    assert step == {
        "feedbackId": str(complaint),
        "status": "ACKNOWLEDGED",
        "ownerId": str(people["LA"]["id"]),
        "at": clock.now().isoformat(),
    }
    # when the shift lead hands it to logistics, saying why
    clock.advance(hours=1)
    variables = variables_for("transfer", complaint, to=people["MB"], reason="The delivery was late, not the till.")
    step = (await feedback_api.ok(TRANSFER, variables, token=la))["transferComplaint"]
    assert (step["status"], step["ownerId"]) == ("ACKNOWLEDGED", str(people["MB"]["id"]))
    # and the logistics manager resolves it, A1's store manager closes it, and HR reopens it
    clock.advance(hours=2)
    await feedback_api.ok(RESOLVE, variables_for("resolve", complaint), token=mb)
    await feedback_api.ok(MUTATIONS["close"], variables_for("close", complaint), token=ma)
    variables = variables_for("reopen", complaint, reason="The customer called again.")
    step = (await feedback_api.ok(REOPEN, variables, token=hr))["reopenComplaint"]
    # then it is back with its owner, counted
    assert (step["status"], step["ownerId"]) == ("ACKNOWLEDGED", str(people["MB"]["id"]))
    row = await complaint_row(complaint)
    assert (row["status"], row["owner"], row["transfer_count"], row["reopen_count"]) == (
        "acknowledged",
        people["MB"]["id"],
        1,
        1,
    )
    assert row["resolved_at"] is None and row["closed_at"] is None
    # and its history names who did what, and why
    history = (await feedback_api.ok(HISTORY, {"id": str(complaint)}, token=hr))["complaintHistory"]
    assert [(h["action"], h["fromStatus"], h["toStatus"], h["actor"]["name"]) for h in history] == [
        ("ACKNOWLEDGE", "RECEIVED", "ACKNOWLEDGED", "Liis Lepp"),
        ("TRANSFER", "ACKNOWLEDGED", "ACKNOWLEDGED", "Liis Lepp"),
        ("RESOLVE", "ACKNOWLEDGED", "RESOLVED", "Marko Mänd"),
        ("CLOSE", "RESOLVED", "CLOSED", "Mart Mets"),
        ("REOPEN", "CLOSED", "ACKNOWLEDGED", "Helen Hunt"),
    ]
    assert history[0]["fromOwner"] is None and history[0]["toOwner"]["name"] == "Liis Lepp"
    assert (history[1]["fromOwner"]["name"], history[1]["toOwner"]["name"]) == ("Liis Lepp", "Marko Mänd")
    assert history[1]["reason"] == "The delivery was late, not the till."
    assert history[4]["reason"] == "The customer called again."
    assert history[4]["toOwner"]["name"] == "Marko Mänd"


async def test_every_step_announces_itself_in_its_own_transaction(feedback_api, feedback_app, clock):
    # given a phone complaint acknowledged within its minute
    people = await given_people()
    start = clock.now()
    complaint = await given_complaint([people["A1"]], at=start)
    la, ma = token_for(people["LA"]), token_for(people["MA"])
    clock.advance(seconds=59)
    await feedback_api.ok(ACKNOWLEDGE, variables_for("acknowledge", complaint), token=la)
    # when it is transferred, resolved after its 48 hours, reopened, resolved again and closed
    variables = variables_for("transfer", complaint, to=people["MA"], reason="Store issue")
    await feedback_api.ok(TRANSFER, variables, token=la)
    clock.set(start + dt.timedelta(hours=48, seconds=1))
    await feedback_api.ok(RESOLVE, variables_for("resolve", complaint), token=ma)
    await feedback_api.ok(REOPEN, variables_for("reopen", complaint, reason="Not fixed"), token=ma)
    await feedback_api.ok(RESOLVE, variables_for("resolve", complaint), token=ma)
    await feedback_api.ok(MUTATIONS["close"], variables_for("close", complaint), token=ma)
    # then each step left its event with the facts consumers need
    f, la_id, ma_id = str(complaint), str(people["LA"]["id"]), str(people["MA"]["id"])
    acknowledged_at = (start + dt.timedelta(seconds=59)).isoformat()
    assert await events("complaint.acknowledged") == [
        {"feedback_id": f, "owner": la_id, "acknowledged_at": acknowledged_at, "within_target": True}
    ]
    assert await events("complaint.transferred") == [
        {"feedback_id": f, "from_owner": la_id, "to_owner": ma_id, "reason": "Store issue"}
    ]
    resolved = await events("complaint.resolved")
    assert [(r["owner"], r["late"], r["transfer_count"], r["reopen_count"]) for r in resolved] == [
        (ma_id, True, 1, 0),
        (ma_id, True, 1, 1),
    ]
    assert resolved[0]["resolved_at"] == clock.now().isoformat()
    assert await events("complaint.reopened") == [
        {"feedback_id": f, "owner": ma_id, "reopen_count": 1, "reason": "Not fixed"}
    ]
    assert await events("complaint.closed") == [{"feedback_id": f, "owner": ma_id}]
    # and the relay was woken after the commits instead of waiting for its next round
    pool = await feedback_app.state.runtime.arq()
    queued = await pool.queued_jobs(queue_name=queue_name("feedback"))
    assert "relay_outbox" in {job.function for job in queued}


async def test_acknowledging_late_and_resolving_in_time_are_told_apart(feedback_api, clock):
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    clock.advance(seconds=61)
    token = token_for(people["A1"])
    await feedback_api.ok(ACKNOWLEDGE, variables_for("acknowledge", complaint), token=token)
    await feedback_api.ok(RESOLVE, variables_for("resolve", complaint), token=token)
    assert (await events("complaint.acknowledged"))[0]["within_target"] is False
    assert (await events("complaint.resolved"))[0]["late"] is False


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", ACTIONS)
async def test_the_state_machine_allows_exactly_its_steps(feedback_api, clock, status, action):
    # given a complaint in `status`, and HR, who may take any step a complaint allows
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    await given_in_status(status, complaint, people["HR1"], at=clock.now())
    before = await transitions_of(complaint)
    # when HR tries the action
    variables = variables_for(action, complaint, to=people["A2"])
    body = await feedback_api.call(MUTATIONS[action], variables, token=token_for(people["HR1"]))
    # then an allowed step lands where the machine says; any other is refused with a clear code and nothing changes
    if (status, action) in ALLOWED:
        assert not body.get("errors"), body
        assert body["data"][FIELDS[action]]["status"] == ALLOWED[(status, action)].upper()
        assert await transitions_of(complaint) == before + 1
    else:
        error = body["errors"][0]
        assert error["extensions"] == {"code": "INVALID_TRANSITION", "from": status.upper(), "action": action.upper()}
        assert (await complaint_row(complaint))["status"] == status
        assert await transitions_of(complaint) == before


# Who may take each step. The complaint is about A1 (A1 -> LA -> MA -> CEO); once acknowledged it was
# transferred to B1 (B1 -> MB -> CEO), so the subject's line and the owner's line differ.
PEOPLE = ("CEO", "HR1", "MA", "LA", "A1", "A2", "MB", "B1")
MAY = {
    "acknowledge": {"A1", "LA", "MA", "HR1", "CEO"},  # a subject, their managers, HR, admin
    "transfer": {"B1", "MB", "HR1", "CEO"},  # the owner, the owner's managers, HR, admin
    "resolve": {"B1", "MB", "HR1", "CEO"},
    "close": {"B1", "MB", "LA", "MA", "HR1", "CEO"},  # and the managers above a subject
    "reopen": {"B1", "MB", "LA", "MA", "HR1", "CEO"},
}
STATE_FOR = {
    "acknowledge": "received",
    "transfer": "acknowledged",
    "resolve": "acknowledged",
    "close": "resolved",
    "reopen": "closed",
}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("action", ACTIONS)
async def test_who_may_take_each_step(feedback_api, clock, action, person):
    # given a complaint about A1 in the state where the action applies, owned by B1 once acknowledged
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    hr, now = people["HR1"], clock.now()
    state = STATE_FOR[action]
    if state != "received":
        await given_step("acknowledge", complaint, hr, at=now)
        await given_step("transfer", complaint, hr, at=now, to_staff_id=people["B1"]["id"], reason="Logistics")
    if state in ("resolved", "closed"):
        await given_step("resolve", complaint, hr, at=now)
    if state == "closed":
        await given_step("close", complaint, hr, at=now)
    before = await transitions_of(complaint)
    # when `person` tries it
    variables = variables_for(action, complaint, to=people["A2"] if person != "A2" else people["LA"])
    body = await feedback_api.call(MUTATIONS[action], variables, token=token_for(people[person]))
    # then exactly the people the rules name succeed; everyone else is FORBIDDEN and nothing is written
    if person in MAY[action]:
        assert not body.get("errors"), body
        assert await transitions_of(complaint) == before + 1
    else:
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        assert await transitions_of(complaint) == before


async def test_whoever_acknowledges_takes_ownership(feedback_api, clock):
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    data = await feedback_api.ok(ACKNOWLEDGE, variables_for("acknowledge", complaint), token=token_for(people["CEO"]))
    assert data["acknowledgeComplaint"]["ownerId"] == str(people["CEO"]["id"])
    assert (await complaint_row(complaint))["owner"] == people["CEO"]["id"]


@pytest.mark.parametrize(
    "reason, to, code",
    [
        ("   ", "B1", "REASON_REQUIRED"),
        ("x" * 2001, "B1", "REASON_TOO_LONG"),
        ("Logistics", "gone", "STAFF_INACTIVE"),
        ("Logistics", "unknown", "STAFF_NOT_FOUND"),
        ("Logistics", "LA", "ALREADY_OWNER"),
    ],
)
async def test_a_transfer_needs_a_reason_and_an_active_new_owner(feedback_api, clock, reason, to, code):
    # given an acknowledged complaint owned by LA, and a leaver in the replica
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    await given_step("acknowledge", complaint, people["LA"], at=clock.now())
    await StaffMember.update({StaffMember.active: False}).where(StaffMember.id == people["A2"]["id"])
    targets = {"B1": people["B1"], "LA": people["LA"], "gone": people["A2"], "unknown": {"id": new_id()}}
    # when LA transfers it badly
    variables = variables_for("transfer", complaint, to=targets[to], reason=reason)
    assert await feedback_api.code(TRANSFER, variables, token=token_for(people["LA"])) == code
    # then nothing changed
    row = await complaint_row(complaint)
    assert (row["owner"], row["transfer_count"]) == (people["LA"]["id"], 0)
    assert await transitions_of(complaint) == 1
    assert await events("complaint.transferred") == []


async def test_reopening_needs_a_reason(feedback_api, clock):
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    await given_in_status("resolved", complaint, people["LA"], at=clock.now())
    variables = variables_for("reopen", complaint, reason="")
    assert await feedback_api.code(REOPEN, variables, token=token_for(people["LA"])) == "REASON_REQUIRED"
    assert (await complaint_row(complaint))["status"] == "resolved"


async def test_praise_has_no_lifecycle(feedback_api, clock):
    people = await given_people()
    praise = await given_complaint([people["A1"]], at=clock.now(), kind="praise")
    token = token_for(people["LA"])
    assert await feedback_api.code(ACKNOWLEDGE, variables_for("acknowledge", praise), token=token) == "NOT_A_COMPLAINT"
    assert await feedback_api.code(HISTORY, {"id": str(praise)}, token=token) == "NOT_A_COMPLAINT"
    # and someone outside its scope learns nothing about what it is
    outsider = token_for(people["B1"])
    assert await feedback_api.code(ACKNOWLEDGE, variables_for("acknowledge", praise), token=outsider) == "FORBIDDEN"
    missing = variables_for("acknowledge", new_id())
    assert await feedback_api.code(ACKNOWLEDGE, missing, token=token) == "FEEDBACK_NOT_FOUND"


async def test_a_retried_step_happens_once(feedback_api, clock):
    # given a received complaint
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    token = token_for(people["LA"])
    variables = variables_for("acknowledge", complaint)
    # when the client sends the same acknowledgement twice (a lost response), the second a second later
    first = await feedback_api.ok(ACKNOWLEDGE, variables, token=token)
    clock.advance(seconds=1)
    again = await feedback_api.ok(ACKNOWLEDGE, variables, token=token)
    # then the retry gets the first answer, and the step, its history and its event exist once
    assert again == first
    assert await transitions_of(complaint) == 1
    assert len(await events("complaint.acknowledged")) == 1
    # and the same client id on a different complaint is refused
    other = await given_complaint([people["A1"]], at=clock.now())
    reused = {**variables, "id": str(other)}
    assert await feedback_api.code(ACKNOWLEDGE, reused, token=token) == "IDEMPOTENCY_KEY_REUSED"


async def test_two_people_acknowledging_at_once_one_owner_wins(storage, clock):
    # given a received complaint
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    # when A1 and LA acknowledge it at the same moment
    results = await asyncio.gather(
        given_step("acknowledge", complaint, people["A1"], at=clock.now()),
        given_step("acknowledge", complaint, people["LA"], at=clock.now()),
        return_exceptions=True,
    )
    # then exactly one of them owns it; the other is told it was already acknowledged
    wins = [r for r in results if isinstance(r, dict)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], Conflict) and losses[0].code == "INVALID_TRANSITION"
    assert losses[0].details == {"from": "ACKNOWLEDGED", "action": "ACKNOWLEDGE"}
    assert str((await complaint_row(complaint))["owner"]) == wins[0]["owner"]
    assert await transitions_of(complaint) == 1


async def test_history_is_for_those_who_may_see_the_complaint(feedback_api, clock):
    # given a complaint about A1 that HR handed to B1 in logistics
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    hr = people["HR1"]
    await given_step("acknowledge", complaint, hr, at=clock.now())
    await given_step("transfer", complaint, hr, at=clock.now(), to_staff_id=people["B1"]["id"], reason="Logistics")
    # then the subject's line, the new owner and the owner's manager see its history; a colleague does not
    for person in ("A1", "LA", "MA", "B1", "MB", "HR1", "CEO"):
        data = await feedback_api.ok(HISTORY, {"id": str(complaint)}, token=token_for(people[person]))
        assert len(data["complaintHistory"]) == 2, person
    assert await feedback_api.code(HISTORY, {"id": str(complaint)}, token=token_for(people["A2"])) == "FORBIDDEN"


async def _history_statements(feedback_api, complaint, token, expected_length: int) -> list[str]:
    async with count_statements() as statements:
        data = await feedback_api.ok(HISTORY, {"id": str(complaint)}, token=token)
    assert len(data["complaintHistory"]) == expected_length
    return list(statements)


async def test_history_costs_the_same_for_2_or_20_steps(feedback_api, clock):
    # given one complaint with 2 steps and one with 20 (handed back and forth between three people)
    people = await given_people()
    hr = people["HR1"]
    short = await given_complaint([people["A1"]], at=clock.now())
    long = await given_complaint([people["A1"]], at=clock.now())
    for complaint in (short, long):
        await given_step("acknowledge", complaint, hr, at=clock.now())
    await given_step("transfer", short, hr, at=clock.now(), to_staff_id=people["B1"]["id"], reason="Logistics")
    owners = ("B1", "MB", "LA")
    for i in range(19):
        to = people[owners[i % 3]]["id"]
        await given_step("transfer", long, hr, at=clock.now(), to_staff_id=to, reason=f"Round {i}")
    token = token_for(hr)
    await _history_statements(feedback_api, short, token, 2)  # first use of pooled connections loads type codecs
    # when HR reads both histories with every actor and owner named
    small = await _history_statements(feedback_api, short, token, 2)
    large = await _history_statements(feedback_api, long, token, 20)
    # then the count is pinned: viewer, complaint with subjects, subjects and owner, steps, people named
    assert len(small) == len(large) == 5, "\n".join(large)
