"""Confidence ratings: how sure the learner was turns a right/wrong answer into one of FSRS's four ratings."""

import datetime as dt

import pytest
from fsrs import Rating

from services.learning.progress import confidence

from . import learning_steps as steps
from .support import given_org, new_id, token_for

ANSWER = (
    "mutation($i: AnswerItemInput!) { answerItem(input: $i) "
    "{ itemId correct confidence misconception nextReviewAt } }"
)

# A fresh FSRS-6 card's first stability is the default parameter w[rating - 1]: Again 0.212, Hard 1.2931,
# Good 2.3065, Easy 8.2956 days. At the desired retention 0.9 the interval is the stability, rounded, at least a
# day, so a first answer comes back after these many days:
FIRST_INTERVAL_DAYS = {"again": 1, "hard": 1, "good": 2, "easy": 8}


@pytest.mark.parametrize(
    ("correct", "said", "rating"),
    [
        (False, None, Rating.Again),
        (False, confidence.UNSURE, Rating.Again),
        (False, confidence.FAIRLY_SURE, Rating.Again),
        (False, confidence.SURE, Rating.Again),
        (True, confidence.UNSURE, Rating.Hard),
        (True, confidence.FAIRLY_SURE, Rating.Good),
        (True, None, Rating.Good),
        (True, confidence.SURE, Rating.Easy),
    ],
)
def test_the_mapping_table(correct, said, rating):
    assert confidence.rating(correct=correct, confidence=said) == rating
    assert confidence.misconception(correct=correct, confidence=said) == (not correct and said == confidence.SURE)


async def answer(api, token, session: dict, n: int, *, right: bool, said: str | None) -> dict:
    item = session["items"][n]
    correct = await steps.right_option(item["id"])
    data = {"itemId": item["id"], "sessionId": session["id"], "clientMutationId": new_id(),
            "choice": correct if right else steps.wrong(correct, len(item["options"]))}
    if said is not None:
        data["confidence"] = said
    return (await api.ok(ANSWER, {"i": data}, token=token))["answerItem"]


def days_until(result: dict, now: dt.datetime) -> float:
    return (dt.datetime.fromisoformat(result["nextReviewAt"]) - now) / dt.timedelta(days=1)


async def given_a_session(api, clock) -> tuple[str, dict, dict]:
    people = await given_org()
    token = token_for(people["A1"])
    catalogue = await steps.catalogue()
    lesson = next(l for l in await steps.suitable_ids("cashier") if len(catalogue.items_of[l]) >= 4)
    return token, await steps.start(api, token, lesson), people["A1"]


async def test_a_sure_right_answer_comes_back_later_than_a_fairly_sure_one_later_than_an_unsure_one(api, clock):
    # given a lesson session with four fresh items
    token, session, a1 = await given_a_session(api, clock)
    now = clock.now()
    # when each is answered right, saying UNSURE, FAIRLY_SURE, SURE and nothing
    unsure, fairly, sure, unsaid = [
        await answer(api, token, session, n, right=True, said=said)
        for n, said in enumerate(("UNSURE", "FAIRLY_SURE", "SURE", None))
    ]
    # then FSRS schedules them Hard, Good, Easy and (as before confidences existed) Good
    assert [days_until(r, now) for r in (unsure, fairly, sure, unsaid)] == [
        FIRST_INTERVAL_DAYS["hard"], FIRST_INTERVAL_DAYS["good"], FIRST_INTERVAL_DAYS["easy"], FIRST_INTERVAL_DAYS["good"]
    ]
    assert unsure["nextReviewAt"] < fairly["nextReviewAt"] < sure["nextReviewAt"]
    assert unsaid["nextReviewAt"] == fairly["nextReviewAt"]
    assert [r["confidence"] for r in (unsure, fairly, sure, unsaid)] == ["UNSURE", "FAIRLY_SURE", "SURE", None]
    assert not any(r["misconception"] for r in (unsure, fairly, sure, unsaid))
    # and the confidence is stored with each answer
    rows = await steps.count_rows("item_answer", "confidence = 'sure' AND correct AND employee = {}", a1["id"])
    assert rows == 1
    assert await steps.count_rows("item_answer", "confidence IS NULL") == 1
    # and the cards carry the ratings' stabilities: Easy's is the largest
    from services.learning.progress.tables import ReviewCard

    cards = {r["item_id"]: r for r in await ReviewCard.select().where(ReviewCard.employee == a1["id"])}
    stabilities = [cards[session["items"][n]["id"]]["stability"] for n in range(3)]
    assert stabilities == sorted(stabilities) and len(set(stabilities)) == 3


async def test_a_wrong_answer_is_again_whatever_the_confidence_and_wrong_but_sure_is_a_misconception(api, clock):
    token, session, _ = await given_a_session(api, clock)
    now = clock.now()
    results = [
        await answer(api, token, session, n, right=False, said=said)
        for n, said in enumerate(("SURE", "UNSURE", "FAIRLY_SURE", None))
    ]
    assert [days_until(r, now) for r in results] == [FIRST_INTERVAL_DAYS["again"]] * 4
    assert [r["misconception"] for r in results] == [True, False, False, False]
    assert await steps.count_rows("item_answer", "NOT correct AND confidence = 'sure'") == 1


async def test_the_rating_follows_the_card_on_review_too(api, clock):
    # given two items first answered right (Good, due in 2 days)
    token, session, _ = await given_a_session(api, clock)
    for n in range(len(session["items"])):
        await answer(api, token, session, n, right=True, said=None)
    await steps.complete(api, token, session["id"])
    first, second = session["items"][0]["id"], session["items"][1]["id"]
    # when both are reviewed on their due day, one SURE, one UNSURE
    clock.advance(days=2)
    now = clock.now()
    review = "mutation($i: AnswerItemInput!) { answerItem(input: $i) { nextReviewAt misconception } }"
    results = []
    for item_id, said in ((first, "SURE"), (second, "UNSURE")):
        data = {"itemId": item_id, "choice": await steps.right_option(item_id), "confidence": said,
                "clientMutationId": new_id()}
        results.append((await api.ok(review, {"i": data}, token=token))["answerItem"])
    # then the sure one is spaced out further than the unsure one
    easy, hard = (days_until(r, now) for r in results)
    assert easy > hard >= 1


async def test_a_replay_with_another_confidence_is_a_reused_key(api, clock):
    token, session, _ = await given_a_session(api, clock)
    item = session["items"][0]
    data = {"itemId": item["id"], "sessionId": session["id"], "choice": await steps.right_option(item["id"]),
            "clientMutationId": new_id(), "confidence": "SURE"}
    first = await api.ok(ANSWER, {"i": data}, token=token)
    assert await api.ok(ANSWER, {"i": data}, token=token) == first
    assert await api.code(ANSWER, {"i": {**data, "confidence": "UNSURE"}}, token=token) == "IDEMPOTENCY_KEY_REUSED"
    assert await steps.count_rows("item_answer") == 1
