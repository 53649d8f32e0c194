"""Events the directory consumes: replica backfill, and the account mails (invitations, reset links)."""

from __future__ import annotations

import datetime as dt
import uuid

from services.platform import mail
from services.platform.outbox.service import publish_many
from services.platform.settings import get_settings

from ..platform_tables import OUTBOX
from . import account_mail, password_links
from .events import employee_event
from .service import EMPLOYEE_COLUMNS, table


@OUTBOX.handler("directory.backfill_requested")
async def on_backfill_requested(event: dict) -> None:
    """Announce every employee again (current version), so a replica can rebuild itself from events."""
    rows = await OUTBOX.events.raw(f"SELECT {EMPLOYEE_COLUMNS} FROM {table()} ORDER BY org_path")
    by_topic: dict[str, list[dict]] = {}
    for row in rows:
        topic, payload = employee_event(row)
        by_topic.setdefault(topic, []).append(payload)
    for topic, payloads in by_topic.items():
        await publish_many(OUTBOX, topic=topic, payloads=payloads)


@OUTBOX.handler(password_links.INVITATION_REQUESTED)
async def on_invitation_requested(event: dict) -> None:
    """Mail an invitation (unless it was used or replaced meanwhile); a mail server that is down is retried."""
    link_id = uuid.UUID(event["payload"]["link_id"])
    invitation = await password_links.open_invitation(link_id=link_id)
    if invitation is None:
        return
    message = account_mail.invitation(
        to=invitation["email"],
        name=invitation["name"],
        locale=invitation["locale"],
        time_zone=invitation["time_zone"],
        link=password_links.link_url(password_links.INVITATION, link_id),
        expires_at=invitation["expires_at"],
    )
    await mail.send(message, settings=get_settings())


@OUTBOX.handler(password_links.RESET_REQUESTED)
async def on_password_reset_requested(event: dict) -> None:
    """Make and mail a reset link when the address is an active employee's; for any other address, nothing."""
    payload = event["payload"]
    reset = await password_links.create_reset(
        email=payload["email"], requested_at=dt.datetime.fromisoformat(payload["requested_at"])
    )
    if reset is None:
        return
    employee = reset["employee"]
    message = account_mail.password_reset(
        to=employee["email"],
        name=employee["name"],
        locale=employee["locale"],
        link=password_links.link_url(password_links.RESET, reset["link_id"]),
        minutes=get_settings().password_reset_ttl_minutes,
    )
    await mail.send(message, settings=get_settings())
