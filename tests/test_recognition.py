"""Recognition: point rules, the append-only ledger fed by events, pending resolution points, caps, badges, levels."""

import asyncio
import datetime as dt
import uuid

from services.feedback.recognition import jobs as recognition_jobs
from services.feedback.recognition import levels, rules
from services.feedback.recognition import service as recognition
from services.feedback.recognition.tables import LedgerEntry, PointRule

from .recognition_steps import (
    ANSWER_SURVEY,
    ENTITIES,
    MY_RECOGNITION,
    NEW_YORK,
    POINT_RULES,
    SET_POINT_RULE,
    acknowledged,
    answer_input,
    as_event,
    badges_of,
    consume,
    deliver,
    given_feedback,
    given_people,
    given_praise,
    given_resolved_complaint,
    ledger_of,
    local,
    my_recognition,
    outbox_events,
    publish,
    recorded,
    redeliver,
    reopened,
    replied,
    resolved,
    customers_token,
    utc,
)
from .support import token_for

NOW = utc(2026, 3, 10, 9, 0)
LEARNING_PROGRESS = "{ me { progress { freezes } } }"


# ---------------------------------------------------------------- awards through the outbox and the worker


async def test_a_praise_pays_each_subject_once_even_when_delivered_again(feedback_api, feedback_app, storage, clock):
    # given two employees named in a praise that names a company value, published by intake
    people = await given_people()
    a1, a2 = people["A1"], people["A2"]
    praise = await given_feedback(kind="praise", subjects=[a1, a2], company_value="Care")
    event_id = await publish(recorded(praise, subjects=[a1, a2], company_value="Care", at=NOW))
    # when the relay and the real worker deliver it
    await deliver(feedback_app, storage, clock)
    # then each subject has +10 and the value badge
    for person in (a1, a2):
        mine = await my_recognition(feedback_api, person)
        assert (mine["points"], mine["pendingPoints"]) == (10, 0)
        assert [b["key"] for b in mine["badges"]] == ["value_praise"]
        assert mine["history"]["items"] == [
            {"rule": "praise_received", "entry": "AWARD", "points": 10, "feedbackId": str(praise)}
        ]
    # when a worker that died after committing sees the same event again as a new job
    await redeliver(feedback_app, storage, clock, event_id)
    # then nothing more is written
    assert await ledger_of(a1) == [("praise_received", "award", 10)]
    assert await LedgerEntry.count() == 2


async def test_the_same_award_run_twice_at_once_writes_one_row(storage):
    # given a praise event and the same fact published twice (two event ids, e.g. a publisher retried)
    people = await given_people()
    a1 = people["A1"]
    topic, payload = recorded(uuid.uuid4(), subjects=[a1], at=NOW)
    first, second = as_event(topic, payload, at=NOW), as_event(topic, payload, at=NOW)
    # when both are consumed at the same moment, each in its own transaction on its own connection
    from services.feedback.platform_tables import OUTBOX
    from services.platform.outbox.service import consume as consume_event

    ran = await asyncio.gather(consume_event(OUTBOX, first), consume_event(OUTBOX, second))
    # then both handlers ran, and the unique (employee, rule, source, entry) let one row in
    assert ran == [True, True]
    assert await ledger_of(a1) == [("praise_received", "award", 10)]
    # and the award function itself, twice at once, still gives one row
    results = await asyncio.gather(
        recognition.feedback_recorded(payload=payload), recognition.feedback_recorded(payload=payload)
    )
    assert results == [0, 0]
    assert await LedgerEntry.count() == 1


async def test_a_handler_run_again_after_its_commit_awards_nothing_more(storage):
    # given an acknowledgement within target already awarded by its handler
    people = await given_people()
    la = people["LA"]
    topic, payload = acknowledged(uuid.uuid4(), owner=la, at=NOW)
    event = as_event(topic, payload, at=NOW)
    await recognition_jobs.award_acknowledged(event)
    # when the handler function runs again on the same event (bypassing the processed-event record)
    await recognition_jobs.award_acknowledged(event)
    # then one entry
    assert await ledger_of(la) == [("acknowledged_within_target", "award", 5)]


async def test_a_late_acknowledgement_or_a_complaint_reply_earns_nothing(storage):
    people = await given_people()
    a1 = people["A1"]
    await consume(acknowledged(uuid.uuid4(), owner=a1, within_target=False, at=NOW), at=NOW)
    await consume(replied(uuid.uuid4(), author=a1, kind="complaint", at=NOW), at=NOW)
    await consume(replied(uuid.uuid4(), author=a1, first=False, at=NOW), at=NOW)
    await consume(recorded(uuid.uuid4(), kind="complaint", subjects=[a1], at=NOW), at=NOW)
    assert await ledger_of(a1) == []


async def test_the_first_reply_to_a_praise_pays_its_author(storage):
    people = await given_people()
    a1 = people["A1"]
    praise = uuid.uuid4()
    await consume(replied(praise, author=a1, at=NOW), at=NOW)
    await consume(replied(praise, author=a1, at=NOW), at=NOW)
    assert await ledger_of(a1) == [("praise_answered", "award", 2)]


# ---------------------------------------------------------------- resolution points wait for loyalty


async def test_resolution_points_wait_then_a_promoter_confirms_them(feedback_api, api, feedback_app, storage, clock):
    # given a complaint A1 acknowledged in time and resolved without transfer, on time
    people = await given_people()
    a1 = people["A1"]
    complaint = await given_feedback(owner=a1)
    await publish(acknowledged(complaint, owner=a1, at=NOW))
    await publish(resolved(complaint, owner=a1, at=NOW + dt.timedelta(hours=3)))
    await deliver(feedback_app, storage, clock)
    # then the acknowledgement counts and the resolution's 30 points are pending
    mine = await my_recognition(feedback_api, a1)
    assert (mine["points"], mine["pendingPoints"]) == (5, 30)
    # when the customer answers the survey with a 10
    clock.set(NOW + dt.timedelta(days=2))
    token = await customers_token(complaint)
    await feedback_api.ok(ANSWER_SURVEY, answer_input(token, nps=10))
    await deliver(feedback_app, storage, clock, learning=True)
    # then the resolution is confirmed, the loyalty bonus paid once, the badge given
    mine = await my_recognition(feedback_api, a1)
    assert (mine["points"], mine["pendingPoints"]) == (5 + 30 + 50, 0)
    assert [b["key"] for b in mine["badges"]] == ["first_recovered_customer"]
    assert sorted(await ledger_of(a1)) == sorted([
        ("acknowledged_within_target", "award", 5),
        ("resolved", "pending", 20), ("resolved_without_transfer", "pending", 10),
        ("resolved", "confirm", 20), ("resolved_without_transfer", "confirm", 10),
        ("loyalty_confirmed", "award", 50),
    ])
    # and a streak freeze went to the learning service, which granted it
    assert await outbox_events("streak_freeze.granted") == [
        {"employee_id": str(a1["id"]), "reason": "loyalty", "source_ref": f"loyalty:{complaint}"}
    ]
    assert (await api.ok(LEARNING_PROGRESS, token=token_for(a1)))["me"]["progress"]["freezes"] == 1
    # when staff later record that the customer also came back
    await consume(("loyalty.outcome_recorded", {"feedback_id": str(complaint), "employee": str(a1["id"]),
                   "kind": "returned", "nps": None, "occurred_at": (NOW + dt.timedelta(days=9)).isoformat()}),
                  at=NOW + dt.timedelta(days=9))
    # then the bonus is not paid twice
    assert (await my_recognition(feedback_api, a1))["points"] == 85
    assert len(await outbox_events("streak_freeze.granted")) == 1


async def test_a_detractor_voids_the_pending_points_and_nothing_confirms_them_later(feedback_api, storage):
    people = await given_people()
    a1 = people["A1"]
    complaint = await given_resolved_complaint(a1, at=NOW)
    token = await customers_token(complaint)
    await feedback_api.ok(ANSWER_SURVEY, answer_input(token, csat=2, nps=4))
    await consume(("loyalty.outcome_recorded", {"feedback_id": str(complaint), "employee": str(a1["id"]),
                   "kind": "detractor", "nps": 4, "occurred_at": NOW.isoformat()}), at=NOW)
    mine = await my_recognition(feedback_api, a1)
    assert (mine["points"], mine["pendingPoints"]) == (0, 0)
    # the window closing later confirms nothing, and a later "returned" pays no bonus
    assert await recognition.close_loyalty_windows(now=NOW + dt.timedelta(days=120)) == 0
    await consume(("loyalty.outcome_recorded", {"feedback_id": str(complaint), "employee": str(a1["id"]),
                   "kind": "returned", "nps": None, "occurred_at": (NOW + dt.timedelta(days=5)).isoformat()}),
                  at=NOW + dt.timedelta(days=5))
    assert sorted(await ledger_of(a1)) == sorted([
        ("resolved", "pending", 20), ("resolved_without_transfer", "pending", 10),
        ("resolved", "reverse", 0), ("resolved_without_transfer", "reverse", 0),
    ])


async def test_the_window_closing_without_a_negative_outcome_confirms(feedback_api, storage, clock):
    # given a resolution with no outcome at all
    people = await given_people()
    a1 = people["A1"]
    await given_resolved_complaint(a1, at=NOW)
    # when the hourly job runs just before the 90 days are over
    clock.set(NOW + dt.timedelta(days=90) - dt.timedelta(minutes=1))
    assert await recognition_jobs.close_loyalty_windows({"clock": clock}) == 0
    assert (await my_recognition(feedback_api, a1))["pendingPoints"] == 30
    # when it runs once they are
    clock.set(NOW + dt.timedelta(days=90))
    assert await recognition_jobs.close_loyalty_windows({"clock": clock}) == 2
    # then the points count, and no loyalty bonus (no positive outcome was seen)
    mine = await my_recognition(feedback_api, a1)
    assert (mine["points"], mine["pendingPoints"], mine["badges"]) == (30, 0, [])
    # and running it again changes nothing
    assert await recognition.close_loyalty_windows(now=clock.now()) == 0


async def test_an_outcome_after_the_90_days_settles_nothing(feedback_api, storage):
    people = await given_people()
    a1 = people["A1"]
    complaint = await given_resolved_complaint(a1, at=NOW)
    late = NOW + dt.timedelta(days=91)
    await consume(("loyalty.outcome_recorded", {"feedback_id": str(complaint), "employee": str(a1["id"]),
                   "kind": "bought_again", "nps": None, "occurred_at": late.isoformat()}), at=late)
    mine = await my_recognition(feedback_api, a1)
    assert (mine["points"], mine["pendingPoints"]) == (0, 30)


async def test_a_reopened_complaint_loses_its_resolution_and_earns_again_when_resolved_again(feedback_api, storage):
    # given a resolved complaint with its points pending
    people = await given_people()
    a1 = people["A1"]
    complaint = await given_resolved_complaint(a1, at=NOW)
    first_token = await customers_token(complaint)
    # when it is reopened
    await consume(reopened(complaint, owner=a1), at=NOW + dt.timedelta(days=1))
    # then the pending points are voided (0: they never counted) and the old survey is withdrawn
    mine = await my_recognition(feedback_api, a1)
    assert (mine["points"], mine["pendingPoints"]) == (0, 0)
    assert await feedback_api.code(ANSWER_SURVEY, answer_input(first_token)) == "SURVEY_WITHDRAWN"
    # when it is resolved again, late, after a transfer
    again = NOW + dt.timedelta(days=3)
    await consume(resolved(complaint, owner=a1, at=again, late=True, transfer_count=1, reopen_count=1), at=again)
    # then the new resolution is pending on its own, without the no-transfer bonus, and lateness costs at once
    mine = await my_recognition(feedback_api, a1)
    assert (mine["points"], mine["pendingPoints"]) == (-5, 20)
    # and a promoter on the new survey confirms the new resolution only
    token = await customers_token(complaint)
    assert token != first_token
    await feedback_api.ok(ANSWER_SURVEY, answer_input(token, nps=9))
    await consume(("loyalty.outcome_recorded", {"feedback_id": str(complaint), "employee": str(a1["id"]),
                   "kind": "promoter", "nps": 9, "occurred_at": again.isoformat()}), at=again)
    mine = await my_recognition(feedback_api, a1)
    assert (mine["points"], mine["pendingPoints"]) == (-5 + 20 + 50, 0)


async def test_reopening_after_confirmation_takes_the_points_back_in_a_new_entry(feedback_api, storage):
    people = await given_people()
    a1 = people["A1"]
    complaint = await given_resolved_complaint(a1, at=NOW)
    await recognition.close_loyalty_windows(now=NOW + dt.timedelta(days=91))
    assert (await my_recognition(feedback_api, a1))["points"] == 30
    await consume(reopened(complaint, owner=a1), at=NOW + dt.timedelta(days=100))
    assert (await my_recognition(feedback_api, a1))["points"] == 0
    rows = await ledger_of(a1)
    assert ("resolved", "reverse", -20) in rows and ("resolved_without_transfer", "reverse", -10) in rows
    assert len(rows) == 6  # nothing updated or deleted: pending, confirm and reverse stay side by side


async def test_a_reopen_and_a_promoter_at_once_leave_the_resolution_worth_nothing(storage):
    # given a pending resolution, and a reopen and a promoter arriving together
    people = await given_people()
    a1 = people["A1"]
    complaint = await given_resolved_complaint(a1, at=NOW)
    promoter = ("loyalty.outcome_recorded", {"feedback_id": str(complaint), "employee": str(a1["id"]),
                "kind": "promoter", "nps": 10, "occurred_at": NOW.isoformat()})
    # when both are consumed at once (each settles under a lock on the pending entries)
    await asyncio.gather(consume(reopened(complaint, owner=a1), at=NOW), consume(promoter, at=NOW))
    # then whichever came first, the resolution points net to zero and both pending entries are reversed
    rows = await ledger_of(a1)
    resolution = [(rule, entry, points) for rule, entry, points in rows if rule.startswith("resolved")]
    assert sum(points for _, entry, points in resolution if entry != "pending") == 0
    assert sorted((rule, entry) for rule, entry, _ in resolution if entry == "reverse") == [
        ("resolved", "reverse"), ("resolved_without_transfer", "reverse")
    ]


# ---------------------------------------------------------------- daily caps on the employee's local day


async def test_the_daily_cap_counts_awards_on_the_employees_own_day(feedback_api, storage):
    # given B1 in New York and a cap of 2 praises a day
    people = await given_people()
    b1 = people["B1"]
    assert b1["time_zone"] == NEW_YORK
    await feedback_api.ok(SET_POINT_RULE, {"i": {"key": "praise_received", "points": 10, "dailyCap": 2}},
                          token=token_for(people["CEO"]))
    # when three praises come on one New York evening (the UTC date changes between them)
    for hour, minute in ((19, 0), (20, 30), (22, 0)):
        await given_praise(b1, at=local(NEW_YORK, 2026, 3, 10, hour, minute))
    # and one just after New York midnight
    await given_praise(b1, at=local(NEW_YORK, 2026, 3, 11, 0, 30))
    # then the third of the evening is written with 0 points and the next day's pays again
    assert [points for _, _, points in await ledger_of(b1)] == [10, 10, 0, 10]
    assert (await my_recognition(feedback_api, b1))["points"] == 30


async def test_capped_awards_still_count_towards_badges(storage):
    # given the default cap of 10 praises a day
    people = await given_people()
    a2 = people["A2"]
    # when nine praises come in one day, the badge is not there yet; the tenth earns it
    await given_praise(a2, at=NOW, times=9)
    assert await badges_of(a2) == set()
    await given_praise(a2, at=NOW)
    assert await badges_of(a2) == {"ten_praises"}
    # and capped praises still count: two more the same day earn nothing but are recorded
    await given_praise(a2, at=NOW, times=2)
    assert sorted(p for _, _, p in await ledger_of(a2)) == [0, 0] + [10] * 10


async def test_ten_acknowledgements_within_target_make_a_fast_acknowledger(storage):
    people = await given_people()
    la = people["LA"]
    for n in range(10):
        complaint = await given_feedback(owner=la)
        await consume(acknowledged(complaint, owner=la, at=NOW + dt.timedelta(minutes=n)), at=NOW)
        assert ("fast_acknowledger" in await badges_of(la)) == (n == 9)


# ---------------------------------------------------------------- rules, levels, the entity


async def test_point_rules_are_listed_and_only_admin_changes_them(feedback_api, storage):
    people = await given_people()
    listed = (await feedback_api.ok(POINT_RULES, token=token_for(people["A1"])))["pointRules"]
    assert {r["key"]: (r["points"], r["dailyCap"]) for r in listed} == {
        "acknowledged_within_target": (5, 20), "resolved": (20, None), "resolved_without_transfer": (10, None),
        "resolved_late": (-5, None), "praise_received": (10, 10), "praise_answered": (2, 10),
        "loyalty_confirmed": (50, None),
    }
    change = {"i": {"key": "praise_received", "points": 15, "dailyCap": None}}
    assert await feedback_api.code(SET_POINT_RULE, change, token=token_for(people["HR1"])) == "FORBIDDEN"
    changed = (await feedback_api.ok(SET_POINT_RULE, change, token=token_for(people["CEO"])))["setPointRule"]
    assert changed == {"key": "praise_received", "points": 15, "dailyCap": None, "defaultPoints": 10}
    assert await feedback_api.code(SET_POINT_RULE, {"i": {"key": "nope", "points": 1}},
                                   token=token_for(people["CEO"])) == "POINT_RULE_NOT_FOUND"
    assert await feedback_api.code(SET_POINT_RULE, {"i": {"key": "resolved", "points": 20, "dailyCap": 0}},
                                   token=token_for(people["CEO"])) == "INVALID_DAILY_CAP"
    # the next award uses the stored value; seeding the defaults later does not undo the change
    assert await rules.seed_defaults() == 6
    assert await rules.seed_defaults() == 0
    await given_praise(people["A2"], at=NOW)
    assert await ledger_of(people["A2"]) == [("praise_received", "award", 15)]
    assert await PointRule.count() == 7


def test_levels_grow_on_a_curve():
    assert [levels.level_for_points(p) for p in (-40, 0, 99, 100, 299, 300, 600, 1000)] == [1, 1, 1, 2, 2, 3, 4, 5]
    assert [levels.points_for_level(n) for n in (1, 2, 3, 4)] == [0, 100, 300, 600]


async def test_my_recognition_shows_the_level_and_the_next_threshold(feedback_api, storage):
    people = await given_people()
    a1 = people["A1"]
    await given_praise(a1, at=NOW, times=10)
    await given_praise(a1, at=NOW + dt.timedelta(days=1), times=2)
    mine = await my_recognition(feedback_api, a1)
    assert (mine["points"], mine["level"], mine["pointsForNextLevel"]) == (120, 2, 300)


async def test_the_employee_entity_carries_recognition_points_level_and_badges(feedback_api, storage):
    # given two people with praise and one id the replica does not know
    people = await given_people()
    await given_praise(people["A1"], at=NOW, company_value="Care")
    representations = [
        {"__typename": "Employee", "id": str(people["A1"]["id"])},
        {"__typename": "Employee", "id": str(people["B1"]["id"])},
        {"__typename": "Employee", "id": str(uuid.uuid4())},
    ]
    # when the gateway resolves them
    data = await feedback_api.ok(ENTITIES, {"r": representations}, token=token_for(people["B1"]))
    # then known employees carry their recognition, the unknown one is null
    assert data["_entities"] == [
        {"id": str(people["A1"]["id"]), "recognition": {"points": 10, "level": 1, "badges": [{"key": "value_praise"}]}},
        {"id": str(people["B1"]["id"]), "recognition": {"points": 0, "level": 1, "badges": []}},
        None,
    ]
    assert await feedback_api.code(MY_RECOGNITION) == "UNAUTHENTICATED"
