"""Abuse: a peer with only their own token tries to learn who an opted-out colleague is from the organisation board.

The board's names are read in one statement per request and people's rows are primed into that request's
DataLoader (recognition/graphql.py, privacy_in_competition.py): nothing read for one request may name anyone in
another, and an opt-out holds from the next request on, whatever was shown before it."""

import datetime as dt

from ..recognition_steps import given_people, given_praise
from ..support import token_for
from ..test_leaderboards_privacy import NOW, board, line_of, opt_out

EVERY_NAME = (
    "{ leaderboard(period: WEEK, scope: ORGANISATION) { entries { points name nameHidden employee { id name } } } "
    "near: leaderboard(period: WEEK, scope: ORGANISATION, nearMe: true) "
    "{ entries { points name nameHidden employee { id name } } } }"
)


async def test_a_name_seen_before_an_opt_out_is_not_kept_for_later_requests(feedback_api, storage):
    # given A1 (30 points) has not opted out, and B1 (a peer in another team, 10 points) has seen the name
    people = await given_people()
    await given_praise(people["A1"], at=NOW - dt.timedelta(hours=1), times=3)
    await given_praise(people["B1"], at=NOW - dt.timedelta(hours=1), times=1)
    assert line_of(await board(feedback_api, people["B1"]), 30)["name"] == people["A1"]["name"]
    # when A1 opts out, and B1 asks again for every field that could name someone, on both boards at once
    await opt_out(feedback_api, people["A1"])
    answer = await feedback_api.ok(EVERY_NAME, token=token_for(people["B1"]))
    # then A1 is still ranked, but no line anywhere names them or gives their id
    for entries in (answer["leaderboard"]["entries"], answer["near"]["entries"]):
        (line,) = [e for e in entries if e["points"] == 30]
        assert line == {"points": 30, "name": "kolleeg", "nameHidden": True, "employee": None}  # B1 reads Estonian
    assert people["A1"]["name"] not in str(answer) and str(people["A1"]["id"]) not in str(answer)
    # and a peer's own request that showed the name earlier left nothing behind for B1's next one
    again = await feedback_api.ok(EVERY_NAME, token=token_for(people["B1"]))
    assert people["A1"]["name"] not in str(again)
