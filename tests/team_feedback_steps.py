"""Steps for the feedback side of team progress: Team and Employee entities as the gateway asks for them, the
figures the worker keeps, and moves in the org chart as the learning service announces them."""

from __future__ import annotations

import datetime as dt
import uuid

from services.feedback.complaints import service as complaints

from .complaint_steps import given_complaint, given_step
from .recognition_steps import ANSWER_SURVEY, answer_input, consume, customers_token, deliver, recorded
from .support import Api, token_for

TEAM_RECOGNITION = (
    "recognition { pointsThisWeek pointsThisMonth pendingPointsThisWeek pendingPointsThisMonth openComplaints "
    "targetBreaches30Days nps { promoters passives detractors responses score } csat { mean answers } }"
)
TEAM = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Team { managerId %s } } }" % TEAM_RECOGNITION
MEMBER_FIGURES = "recognition { pointsThisWeek pointsThisMonth openComplaints targetBreaches30Days csat { mean answers } }"
MEMBERS = (
    "query($r: [_Any!]!, $first: Int, $after: String, $sort: TeamServiceSort!, $desc: Boolean!, $depth: TeamDepth!) "
    "{ _entities(representations: $r) { ... on Team { membersByService(first: $first, after: $after, sortBy: $sort, "
    "descending: $desc, depth: $depth) { items { id name %s } pageInfo { endCursor hasNextPage } } } } }"
    % MEMBER_FIGURES
)
EMPLOYEE = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { id %s } } }" % MEMBER_FIGURES
CSAT = (
    "query($e: ID, $t: ID, $o: Boolean! = false) { csat(employeeId: $e, teamOf: $t, organisation: $o) "
    "{ mean answers } }"
)


def team_of(person: dict) -> dict:
    return {"r": [{"__typename": "Team", "managerId": str(person["id"])}]}


async def team_recognition(api: Api, manager: dict, *, viewer: dict) -> dict:
    data = await api.ok(TEAM, team_of(manager), token=token_for(viewer))
    return data["_entities"][0]["recognition"]


async def member_recognition(api: Api, person: dict, *, viewer: dict) -> dict:
    data = await api.ok(EMPLOYEE, {"r": [{"__typename": "Employee", "id": str(person["id"])}]}, token=token_for(viewer))
    return data["_entities"][0]["recognition"]


async def members(api: Api, manager: dict, *, viewer: dict, sort: str = "POINTS_THIS_WEEK", descending: bool = True,
                  depth: str = "DIRECT", first: int | None = None, after: str | None = None) -> dict:
    variables = {**team_of(manager), "first": first, "after": after, "sort": sort, "desc": descending, "depth": depth}
    data = await api.ok(MEMBERS, variables, token=token_for(viewer))
    return data["_entities"][0]["membersByService"]


async def given_unowned_complaint(about: list[dict], *, at: dt.datetime) -> uuid.UUID:
    """A complaint received at `at` that nobody took yet, announced as intake announces it."""
    feedback_id = await given_complaint(about, at=at)
    await consume(recorded(feedback_id, kind="complaint", subjects=about, at=at), at=at)
    return feedback_id


async def given_handled_complaint(about: list[dict], *, taker: dict, owner: dict, at: dt.datetime, app, storage,
                                  clock) -> uuid.UUID:
    """A complaint acknowledged (within target) by `taker`, handed to `owner` and resolved by them at `at`, through the
    service layer and the real worker."""
    feedback_id = await given_unowned_complaint(about, at=at)
    await given_step("acknowledge", feedback_id, taker, at=at)
    await given_step("transfer", feedback_id, taker, at=at, to_staff_id=owner["id"], reason="Knows the customer.")
    await given_step("resolve", feedback_id, owner, at=at)
    await deliver(app, storage, clock)
    return feedback_id


async def customer_answers(api: Api, feedback_id: uuid.UUID, *, csat: int, nps: int, app, storage, clock) -> None:
    """The customer answers the e-mailed survey of the complaint's latest resolution; the worker counts it."""
    await api.ok(ANSWER_SURVEY, answer_input(await customers_token(feedback_id), csat=csat, nps=nps))
    await deliver(app, storage, clock)


async def breaches_detected(*, now: dt.datetime) -> dict:
    """The response-target watch, as its cron job runs it."""
    return await complaints.check_targets(now=now)


async def moved(person: dict, *, under: dict, at: dt.datetime) -> dict:
    """The learning service announces `person` under a new manager (a newer version, a new org path)."""
    from services.feedback.directory import service as directory
    from services.learning.directory.events import employee_event

    staff = await directory.get(employee_id=person["id"])
    payload = employee_event({**person, "manager": under["id"], "org_path": f"{under['org_path']}/{person['id']}",
                              "version": staff["version"] + 1})[1]
    await consume(("employee.upserted", payload), at=at)
    return {**person, "manager": under["id"], "org_path": payload["org_path"], "version": payload["version"]}
