"""The recognition screen: every ledger line with its rule's name (et/en), whether its points are pending,
confirmed or reversed, and what earned them."""

import datetime as dt

from .recognition_steps import (
    consume,
    given_people,
    given_praise,
    given_resolved_complaint,
    reopened,
    utc,
)
from .support import count_statements, token_for

HISTORY = """query($first: Int, $l: Locale) { myRecognition { points pendingPoints
  history(first: $first) { items { rule ruleLabel label: ruleLabel(locale: $l) entry state points sourceKind
    feedbackId feedbackReference createdAt } pageInfo { hasNextPage } } } }"""
RULES = "query($l: Locale) { pointRules { key label(locale: $l) } }"
AT = utc(2026, 3, 10, 9, 0)


def loyalty_returned(feedback_id, *, by: dict, at: dt.datetime) -> tuple[str, dict]:
    return "loyalty.outcome_recorded", {
        "feedback_id": str(feedback_id), "kind": "returned", "occurred_at": at.isoformat(), "source": "staff",
        "recorded_by": str(by["id"]),
    }


def lines(data: dict) -> list[tuple]:
    return [(i["rule"], i["entry"], i["state"], i["points"], i["sourceKind"])
            for i in data["myRecognition"]["history"]["items"]]


async def test_pending_confirmed_and_reversed_lines_show_their_rule_and_source(feedback_api):
    # given the cashier (Estonian) was praised, resolved one complaint whose customer came back, and one that was
    # reopened, and a third that waits for the customer
    people = await given_people()
    a1 = people["A1"]
    await given_praise(a1, at=AT)
    kept = await given_resolved_complaint(a1, at=AT + dt.timedelta(minutes=1))
    await consume(loyalty_returned(kept, by=people["LA"], at=AT + dt.timedelta(days=1)), at=AT + dt.timedelta(days=1))
    undone = await given_resolved_complaint(a1, at=AT + dt.timedelta(minutes=2))
    await consume(reopened(undone, owner=a1), at=AT + dt.timedelta(days=2))
    waiting = await given_resolved_complaint(a1, at=AT + dt.timedelta(minutes=3))
    # when she opens her recognition screen
    data = await feedback_api.ok(HISTORY, {"first": 50, "l": "EN"}, token=token_for(a1))
    items = data["myRecognition"]["history"]["items"]
    by_feedback: dict[str, list[tuple]] = {}
    for i in items:
        by_feedback.setdefault(i["feedbackId"], []).append((i["rule"], i["entry"], i["state"], i["points"]))
    # then the waiting resolution's points are pending
    assert sorted(by_feedback[str(waiting)]) == [("resolved", "PENDING", "PENDING", 20),
                                                 ("resolved_without_transfer", "PENDING", "PENDING", 10)]
    # and the confirmed one's lines are confirmed, with the loyalty bonus
    assert sorted(by_feedback[str(kept)]) == [
        ("loyalty_confirmed", "AWARD", "CONFIRMED", 50),
        ("resolved", "CONFIRM", "CONFIRMED", 20), ("resolved", "PENDING", "CONFIRMED", 20),
        ("resolved_without_transfer", "CONFIRM", "CONFIRMED", 10),
        ("resolved_without_transfer", "PENDING", "CONFIRMED", 10)]
    # and the reopened one's are reversed (never confirmed: the reversal costs nothing)
    assert sorted(by_feedback[str(undone)]) == [
        ("resolved", "PENDING", "REVERSED", 20), ("resolved", "REVERSE", "REVERSED", 0),
        ("resolved_without_transfer", "PENDING", "REVERSED", 10),
        ("resolved_without_transfer", "REVERSE", "REVERSED", 0)]
    # and the praise counts at once
    praise = [i for i in items if i["rule"] == "praise_received"]
    assert [(i["state"], i["sourceKind"], i["points"]) for i in praise] == [("CONFIRMED", "PRAISE", 10)]
    # and each line's rule is named in her language, or in the one asked
    resolved_line = next(i for i in items if i["rule"] == "resolved")
    assert resolved_line["ruleLabel"] == "Kaebus lahendatud" and resolved_line["label"] == "Complaint resolved"
    assert {i["sourceKind"] for i in items if i["rule"].startswith("resolved")} == {"COMPLAINT"}
    assert next(i for i in items if i["rule"] == "loyalty_confirmed")["sourceKind"] == "LOYALTY"
    # and the totals agree with the lines: only the waiting resolution is pending
    assert data["myRecognition"]["pendingPoints"] == 30
    assert data["myRecognition"]["points"] == 10 + 20 + 10 + 50


async def test_the_source_reference_is_the_one_the_customer_was_shown(feedback_api, clock):
    # given a praise from the public form
    from .feedback_intake_steps import CREATE_CODE, deliver_everything  # noqa: F401

    people = await given_people()
    made = await feedback_api.ok(CREATE_CODE, {"e": str(people["A1"]["id"])}, token=token_for(people["LA"]))
    receipt = await feedback_api.ok(
        "mutation($i: SubmitPublicFeedbackInput!) { submitPublicFeedback(input: $i) { reference } }",
        {"i": {"code": made["createPublicCode"]["code"], "kind": "PRAISE", "rating": 5}})
    from services.feedback.intake.tables import Feedback

    from .recognition_steps import recorded

    row = (await Feedback.select())[0]
    await consume(recorded(row["id"], subjects=[people["A1"]], at=clock.now()), at=clock.now())
    # when the cashier looks at the line it earned
    data = await feedback_api.ok(HISTORY, {"first": 10}, token=token_for(people["A1"]))
    # then it names the reference the customer got
    [line] = data["myRecognition"]["history"]["items"]
    assert line["feedbackReference"] == receipt["submitPublicFeedback"]["reference"]
    assert line["feedbackId"] == str(row["id"])


async def test_point_rules_have_labels_in_both_languages(feedback_api):
    people = await given_people()
    et = {r["key"]: r["label"] for r in (await feedback_api.ok(RULES, {"l": "ET"}, token=token_for(people["A1"])))[
        "pointRules"]}
    en = {r["key"]: r["label"] for r in (await feedback_api.ok(RULES, {"l": "EN"}, token=token_for(people["A1"])))[
        "pointRules"]}
    assert et["praise_received"] == "Klient kiitis sind" and en["praise_received"] == "A customer praised you"
    assert set(et) == set(en) and all(et[k] != k and en[k] != k for k in et)


async def test_nobody_reads_anyone_elses_lines(feedback_api):
    # given praise for the cashier
    people = await given_people()
    await given_praise(people["A1"], at=AT)
    # when her colleague and the other branch's manager open their own screens
    for other in ("A2", "MB"):
        data = await feedback_api.ok(HISTORY, {"first": 10}, token=token_for(people[other]))
        # then they see only their own (empty) ledger
        assert data["myRecognition"]["history"]["items"] == []
    # and signed out there is nothing
    assert await feedback_api.code(HISTORY, {"first": 10}) == "UNAUTHENTICATED"


async def test_the_history_costs_the_same_for_3_or_30_lines(feedback_api):
    # given thirty praises for the cashier on different days (the daily cap stays out of the way)
    people = await given_people()
    for day in range(30):
        await given_praise(people["A1"], at=AT - dt.timedelta(days=day))
    token = token_for(people["A1"])
    await feedback_api.ok(HISTORY, {"first": 3}, token=token)  # warm the pool's type codecs
    # when she asks for 3 and then 30 lines
    async with count_statements() as small:
        data = await feedback_api.ok(HISTORY, {"first": 3}, token=token)
    assert len(data["myRecognition"]["history"]["items"]) == 3
    async with count_statements() as large:
        data = await feedback_api.ok(HISTORY, {"first": 30}, token=token)
    assert len(data["myRecognition"]["history"]["items"]) == 30
    # then both cost the same statements
    assert len(small) == len(large), "\n".join(large)
