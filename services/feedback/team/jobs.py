"""Team figures' event consumers: each runs once per event, in the consuming transaction (outbox processed keys)."""

from __future__ import annotations

import uuid

from ..platform_tables import OUTBOX
from . import service

# Every step that can open, hand over or end a complaint: the count follows the complaint's own state.
COMPLAINT_TOPICS = ("complaint.acknowledged", "complaint.transferred", "complaint.resolved", "complaint.closed",
                    "complaint.reopened")


@OUTBOX.handler("feedback.recorded")
async def count_recorded_complaint(event: dict) -> None:
    if event["payload"].get("kind") == "complaint":
        await service.sync_open_complaint(feedback_id=uuid.UUID(event["payload"]["feedback_id"]))


async def count_complaint_step(event: dict) -> None:
    await service.sync_open_complaint(feedback_id=uuid.UUID(event["payload"]["feedback_id"]))


for _topic in COMPLAINT_TOPICS:
    OUTBOX.handler(_topic)(count_complaint_step)


@OUTBOX.handler("loyalty.outcome_recorded")
async def count_survey_answer(event: dict) -> None:
    outcome_id = event["payload"].get("outcome_id")
    if outcome_id:  # events written before outcomes carried their id are counted by `rebuild`
        await service.count_survey_answer(outcome_id=uuid.UUID(outcome_id))


async def move_in_org_chart(event: dict) -> None:
    """After the replica applied the announcement (directory's consumer runs first): count them where they are now."""
    await service.place(employee_id=uuid.UUID(event["payload"]["id"]))


# A deactivation carries the employee's last org path too; their figures stay in the teams they were part of.
for _topic in ("employee.upserted", "employee.deactivated"):
    OUTBOX.handler(_topic)(move_in_org_chart)


FUNCTIONS: list = []
CRON_JOBS: list = []
