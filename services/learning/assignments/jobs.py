"""Events the assignments domain consumes."""

from __future__ import annotations

import datetime as dt
import uuid

from ..platform_tables import OUTBOX
from . import service


@OUTBOX.handler("lesson.assignment_requested")
async def on_assignment_requested(event: dict) -> None:
    """A categorised complaint asks for the matching lesson; it shows in the employee's daily lesson, today when
    today's lesson is not started yet, else first thing the next day."""
    payload = event["payload"]
    due = payload.get("due_date")
    # The sender's clock says which day it was asked on; events from before requested_at existed use their own time.
    requested_at = payload.get("requested_at") or event["occurred_at"]
    await service.assign_from_event(
        employee_id=uuid.UUID(payload["employee_id"]),
        lesson_id=payload["lesson_id"],
        source_ref=payload["source_ref"],
        due_date=dt.date.fromisoformat(due) if due else None,
        requested_at=dt.datetime.fromisoformat(requested_at),
    )
