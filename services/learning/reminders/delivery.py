"""Sending the reminders that are due (due.py), batch after batch of employees: Web Push to each of their devices,
e-mail when no push reached any. The same few statements per batch, whatever its size.

At most once a day: a reminder is claimed (its ReminderSent row) before it is sent, so a run that dies after the
claim sends nothing more that day for those people; a reminder lost that way is better than two.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import smtplib
import uuid
from collections import defaultdict

import httpx

from services.platform import mail
from services.platform.settings import Settings

from ..progress.service import day_bounds, schedule_of
from . import due, messages, push, service

log = logging.getLogger(__name__)
BATCH = 500
PUSH_CONCURRENCY = 20
MIN_TTL_SECONDS = 60


async def send_due(*, now: dt.datetime, settings: Settings, batch_size: int = BATCH) -> dict[str, int]:
    """Remind everyone due now; returns how many went out by push and by e-mail, failed, and devices forgotten."""
    totals = {"push": 0, "email": 0, "failed": 0, "devices_gone": 0}
    after: uuid.UUID | None = None
    async with push.client() as http:
        while True:
            page = await service.enabled_page(after=after, limit=batch_size)
            if page:
                after = page[-1]["employee"]
                await _send_batch(page, now=now, settings=settings, http=http, totals=totals)
            if len(page) < batch_size:
                return totals


async def _send_batch(
    page: list[dict], *, now: dt.datetime, settings: Settings, http: httpx.AsyncClient, totals: dict[str, int]
) -> None:
    days = {}
    for row in page:
        day = due.reminder_day(now, time_zone=row["time_zone"], chosen=row["local_time"])
        if day is not None:
            days[row["employee"]] = day
    facts = await service.day_facts(keys=list(days.items()))
    chosen = [row for row in page if row["employee"] in days and due.is_due(days[row["employee"]], _facts(row, facts))]
    won = await service.claim(keys=[(row["employee"], days[row["employee"]]) for row in chosen], now=now)
    people = [row for row in chosen if row["employee"] in won]
    if not people:
        return
    devices = await service.subscriptions_of(employee_ids=[row["employee"] for row in people])
    delivered, gone = await _push_all(people, devices, days=days, now=now, settings=settings, http=http)
    await service.forget_subscriptions(ids=gone)
    totals["devices_gone"] += len(gone)
    channels = []
    for person in people:
        channel = "push" if person["employee"] in delivered else await _mail(person, settings=settings)
        totals[channel] += 1
        channels.append((person["employee"], days[person["employee"]], channel))
    await service.record_channels(sent=channels)


def _facts(row: dict, facts: dict[uuid.UUID, dict]) -> due.Facts:
    found = facts[row["employee"]]
    return due.Facts(
        active=row["active"],
        enabled=row["enabled"],
        schedule=schedule_of({"work_days": row["work_days"], "past_work_days": found["past_work_days"]}),
        last_active=found["last_active"],
        already_sent=found["sent"],
    )


async def _push_all(
    people: list[dict], devices: list[dict], *, days: dict, now: dt.datetime, settings: Settings,
    http: httpx.AsyncClient,
) -> tuple[set[uuid.UUID], list[uuid.UUID]]:
    """Push to every device of these people at once (PUSH_CONCURRENCY at a time): who got one, which devices are
    gone."""
    by_id = {person["employee"]: person for person in people}
    gate = asyncio.Semaphore(PUSH_CONCURRENCY)

    async def one(device: dict) -> push.Outcome:
        person = by_id[device["employee"]]
        # A reminder is worth nothing the next day: the push service may hold it until the local day ends.
        ttl = int((day_bounds(days[person["employee"]], person["time_zone"])[1] - now).total_seconds())
        prepared = push.request(
            subscription=push.Subscription(endpoint=device["endpoint"], p256dh=device["p256dh"], auth=device["auth"]),
            message=messages.push_payload(locale=person["locale"], url=f"{settings.staff_app_url}/"),
            ttl_seconds=max(MIN_TTL_SECONDS, ttl),
            settings=settings,
            now=now,
        )
        async with gate:
            return await push.send(http, prepared)

    outcomes = await asyncio.gather(*(one(device) for device in devices))
    delivered: set[uuid.UUID] = set()
    gone: list[uuid.UUID] = []
    refused: dict[int | None, int] = defaultdict(int)
    for device, outcome in zip(devices, outcomes):
        if outcome.delivered:
            delivered.add(device["employee"])
        elif outcome.gone:
            gone.append(device["id"])
        else:
            refused[outcome.status] += 1
    if refused:
        log.warning("push services refused reminders (status: count): %s", dict(refused))
    return delivered, gone


async def _mail(person: dict, *, settings: Settings) -> str:
    """The e-mail fallback; a mail server that is down costs this day's reminder (it is claimed already)."""
    message = messages.mail(to=person["email"], name=person["name"], locale=person["locale"],
                            url=f"{settings.staff_app_url}/")
    try:
        await mail.send(message, settings=settings)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("reminder mail to employee %s failed: %s", person["employee"], exc)
        return "failed"
    return "email"
