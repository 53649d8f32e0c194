"""Recognition's event consumers (each runs once per event, inside the consuming transaction) and its cron."""

from __future__ import annotations

import datetime as dt
import uuid

from arq import cron

from ..platform_tables import OUTBOX
from . import badges, kept_boards, service


@OUTBOX.handler("feedback.recorded")
async def award_praise_received(event: dict) -> None:
    await service.feedback_recorded(payload=event["payload"])


@OUTBOX.handler("feedback.replied")
async def award_praise_answered(event: dict) -> None:
    await service.feedback_replied(payload=event["payload"])


@OUTBOX.handler("complaint.acknowledged")
async def award_acknowledged(event: dict) -> None:
    await service.complaint_acknowledged(payload=event["payload"])


@OUTBOX.handler("learning.milestone_reached")
async def award_learning_milestone(event: dict) -> None:
    """Feedback is the badge authority: the learning service's milestones become badges here, once each."""
    payload = event["payload"]
    await badges.award_milestone(
        employee_id=uuid.UUID(payload["employee_id"]),
        milestone=payload["milestone"],
        at=dt.datetime.fromisoformat(payload["reached_at"]),
    )


@OUTBOX.handler("complaint.resolved")
async def hold_resolution_points(event: dict) -> None:
    await service.complaint_resolved(payload=event["payload"])


@OUTBOX.handler("complaint.reopened")
async def reverse_resolution_points(event: dict) -> None:
    await service.complaint_reopened(payload=event["payload"], at=dt.datetime.fromisoformat(event["occurred_at"]))


@OUTBOX.handler("loyalty.outcome_recorded")
async def settle_on_loyalty_outcome(event: dict) -> None:
    await service.loyalty_outcome_recorded(payload=event["payload"])


async def close_loyalty_windows(ctx: dict) -> int:
    """Hourly: confirm resolution points whose loyalty window closed without a negative outcome."""
    return await service.close_loyalty_windows(now=ctx["clock"].now())


async def rebuild_leaderboards(ctx: dict) -> int:
    """Build this week's and month's organisation boards in Redis from PostgreSQL when missing (idempotent).

    For operators after a flush or on a cold Redis (enqueue `rebuild_leaderboards`); no cron needs it: a missing
    board is built by its first reader anyway, so this only keeps that first request fast.
    """
    return await kept_boards.rebuild_current(now=ctx["clock"].now())


FUNCTIONS: list = [close_loyalty_windows, rebuild_leaderboards]
CRON_JOBS: list = [cron(close_loyalty_windows, name="close_loyalty_windows_cron", minute=0, keep_result=0)]
