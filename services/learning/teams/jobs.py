"""Events the teams domain consumes."""

from __future__ import annotations

import datetime as dt
import uuid

from arq import cron

from ..platform_tables import OUTBOX
from . import coaching, mastery, rollups


@OUTBOX.handler("lesson.assignment_requested")
async def on_lesson_requested_for_complaint(event: dict) -> None:
    """Keep the complaint behind a lesson request (category, when it came) for coaching needs."""
    payload = event["payload"]
    # Requests from before the payload named them: no category, and the request's own time.
    received_at = payload.get("received_at") or payload.get("requested_at") or event["occurred_at"]
    await coaching.record_complaint(
        source_ref=payload["source_ref"],
        employee_id=uuid.UUID(payload["employee_id"]),
        lesson_id=payload["lesson_id"],
        category=payload.get("category"),
        received_at=dt.datetime.fromisoformat(received_at),
    )


@OUTBOX.handler(rollups.MEMBER_CHANGED)
async def on_member_changed(event: dict) -> None:
    """A request changed what members add to their teams: bring the rollups up to date (idempotent: it recomputes
    from the rows as they are now, whenever and however often it runs)."""
    await rollups.refresh(employee_ids=[uuid.UUID(i) for i in event["payload"]["employee_ids"]])


async def refresh_team_mastery(ctx: dict) -> None:
    """Every team's mastery per topic as of now (it decays with time alone, see mastery.py)."""
    await mastery.refresh(now=ctx["clock"].now())


CRON_JOBS: list = [cron(refresh_team_mastery, name="refresh_team_mastery_cron", minute={0, 30}, keep_result=0)]
