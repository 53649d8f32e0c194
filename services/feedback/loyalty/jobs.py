"""Loyalty's event consumers: a follow-up survey for each resolution, e-mailed to the customer, withdrawn if the
complaint reopens."""

from __future__ import annotations

import datetime as dt
import uuid

from services.platform.settings import get_settings

from ..platform_tables import OUTBOX
from . import service


@OUTBOX.handler("complaint.resolved")
async def create_follow_up_survey(event: dict) -> None:
    """One survey per resolution; survey.created then e-mails it to the customer (never to staff)."""
    payload = event["payload"]
    if not payload.get("owner"):
        return  # nobody to send it: a complaint is resolved by its owner, so this is not expected
    await service.create_survey(
        feedback_id=uuid.UUID(payload["feedback_id"]),
        employee_id=uuid.UUID(payload["owner"]),
        resolution=int(payload.get("reopen_count") or 0),
        resolved_at=dt.datetime.fromisoformat(payload["resolved_at"]),
    )


@OUTBOX.handler("survey.created")
async def email_follow_up_survey(event: dict) -> None:
    """Mail failures raise: the event is tried again with back-off (services/platform/worker.py)."""
    await service.email_survey(
        survey_id=uuid.UUID(event["payload"]["survey_id"]),
        now=dt.datetime.fromisoformat(event["occurred_at"]),
        settings=get_settings(),
    )


@OUTBOX.handler("complaint.reopened")
async def withdraw_follow_up_survey(event: dict) -> None:
    await service.withdraw_open_surveys(
        feedback_id=uuid.UUID(event["payload"]["feedback_id"]), at=dt.datetime.fromisoformat(event["occurred_at"])
    )


FUNCTIONS: list = []
CRON_JOBS: list = []
