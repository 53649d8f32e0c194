"""Reading and writing reminders and push subscriptions, and the batch reads and writes delivery is made of."""

from __future__ import annotations

import binascii
import datetime as dt
import ipaddress
import re
import urllib.parse
import uuid

from cryptography.hazmat.primitives.asymmetric import ec
from piccolo.table import Table

from services.platform.errors import ValidationFailed
from services.platform.idempotency import run_once
from services.platform.settings import LOOPBACK_NAMES, Settings
from services.platform.text import has_forbidden_characters

from ..directory.tables import Employee
from ..platform_tables import IdempotencyRecord
from ..progress.tables import PastWorkDays, Progress
from .push import b64url_decode
from .tables import DailyReminder, PushSubscription, ReminderSent

TIME_PATTERN = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
MAX_ENDPOINT_LENGTH = 2048
# Devices kept per employee: a new one beyond this replaces the one registered longest ago, so nobody can make the
# worker post to an unbounded list of addresses.
MAX_DEVICES = 10
AUTH_BYTES = 16


def _t(table: type[Table]) -> str:
    return table._meta.get_formatted_tablename()


# ---------------------------------------------------------------- the employee's own reminder


async def _once(*, employee: dict, operation: str, client_id: str, request: dict, work) -> dict:
    """`work` in a transaction of its own, once per clientMutationId of the employee (a retry replays its result)."""
    async with DailyReminder._meta.db.transaction():
        return await run_once(IdempotencyRecord, principal_id=employee["id"], operation=operation, client_id=client_id,
                              request=request, work=work)


def parse_local_time(text: str) -> dt.time:
    """'HH:MM' on a 24-hour clock, or INVALID_REMINDER_TIME."""
    found = TIME_PATTERN.fullmatch(text.strip()) if isinstance(text, str) else None
    if found is None:
        raise ValidationFailed(
            "The reminder time is HH:MM on a 24-hour clock, e.g. 09:30.", code="INVALID_REMINDER_TIME"
        )
    return dt.time(int(found.group(1)), int(found.group(2)))


async def get(*, employee_id: uuid.UUID) -> dict:
    """The reminder as the employee sees it: on or off, the time, their devices, the last day one was sent."""
    rows = await DailyReminder.raw(
        f"SELECT r.enabled, r.local_time, "
        f"(SELECT count(*) FROM {_t(PushSubscription)} s WHERE s.employee = k.id) AS devices, "
        f"(SELECT max(local_date) FROM {_t(ReminderSent)} x WHERE x.employee = k.id) AS last_sent_on "
        f"FROM (SELECT {{}}::uuid AS id) k LEFT JOIN {_t(DailyReminder)} r ON r.employee = k.id",
        employee_id,
    )
    row = rows[0]
    return {"enabled": bool(row["enabled"]), "local_time": row["local_time"], "devices": row["devices"],
            "last_sent_on": row["last_sent_on"]}


async def set_reminder(
    *, employee: dict, enabled: bool, local_time: str | None, client_id: str, now: dt.datetime
) -> dict:
    """Turn the employee's own reminder on (at a time) or off; retry-safe. Off keeps the time chosen before."""
    chosen = parse_local_time(local_time) if local_time is not None else None

    async def work() -> dict:
        if chosen is None:
            updated = await DailyReminder.raw(
                f"UPDATE {_t(DailyReminder)} SET enabled = {{}}, updated_at = {{}} "
                "WHERE employee = {} RETURNING employee",
                enabled, now, employee["id"],
            )
            if not updated and enabled:
                raise ValidationFailed("Choose the time of the reminder (HH:MM).", code="REMINDER_TIME_REQUIRED")
        else:
            await DailyReminder.raw(
                f"INSERT INTO {_t(DailyReminder)} (employee, enabled, local_time, updated_at) "
                "VALUES ({}, {}, {}, {}) "
                "ON CONFLICT (employee) DO UPDATE SET enabled = EXCLUDED.enabled, local_time = EXCLUDED.local_time, "
                "updated_at = EXCLUDED.updated_at",
                employee["id"], enabled, chosen, now,
            )
        return {"enabled": enabled}

    request = {"enabled": enabled, "local_time": chosen.isoformat() if chosen else None}
    return await _once(employee=employee, operation="setDailyReminder", client_id=client_id, request=request, work=work)


# ---------------------------------------------------------------- push subscriptions


def check_endpoint(endpoint: str, *, settings: Settings) -> str:
    """A push service's https URL (http to this machine outside production, for a local push service), or
    INVALID_PUSH_ENDPOINT."""
    def refuse(why: str) -> ValidationFailed:
        return ValidationFailed(f"The push endpoint {why}.", code="INVALID_PUSH_ENDPOINT")

    if not endpoint or len(endpoint) > MAX_ENDPOINT_LENGTH or has_forbidden_characters(endpoint) or " " in endpoint:
        raise refuse(f"must be a URL of at most {MAX_ENDPOINT_LENGTH} characters")
    try:
        parts = urllib.parse.urlsplit(endpoint)
        host = parts.hostname
        parts.port  # noqa: B018  (ValueError for a port that is not a number)
    except ValueError as exc:
        raise refuse("is not a URL") from exc
    if not host or parts.username is not None or parts.password is not None:
        raise refuse("must name a host (and no credentials)")
    loopback = host in LOOPBACK_NAMES
    if parts.scheme == "http" and not (loopback and not settings.is_production):
        raise refuse("must use https")
    if parts.scheme not in ("https", "http"):
        raise refuse("must use https")
    if settings.is_production and (loopback or _is_address(host)):
        raise refuse("must be a push service's name, not an address")
    return endpoint


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def check_keys(*, p256dh: str, auth: str) -> tuple[str, str]:
    """The subscription's keys as base64url: a P-256 public point (INVALID_PUSH_KEY) and a 16-byte secret
    (INVALID_PUSH_AUTH)."""
    try:
        point = b64url_decode(p256dh.strip())
        if len(point) != 65 or point[0] != 4:
            raise ValueError("not an uncompressed point")
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except (ValueError, binascii.Error, TypeError) as exc:
        raise ValidationFailed(
            "p256dh must be the subscription's P-256 public key (65 bytes, base64url).", code="INVALID_PUSH_KEY"
        ) from exc
    try:
        secret = b64url_decode(auth.strip())
    except (ValueError, binascii.Error, TypeError):
        secret = b""
    if len(secret) != AUTH_BYTES:
        raise ValidationFailed("auth must be the subscription's 16-byte secret (base64url).", code="INVALID_PUSH_AUTH")
    return p256dh.strip(), auth.strip()


async def register_subscription(
    *, employee: dict, endpoint: str, p256dh: str, auth: str, client_id: str, now: dt.datetime, settings: Settings
) -> dict:
    """Keep a browser's subscription for the employee: the same endpoint again updates it, one another employee
    registered moves to this one (the browser now belongs to them); retry-safe."""
    endpoint = check_endpoint(endpoint, settings=settings)
    p256dh, auth = check_keys(p256dh=p256dh, auth=auth)

    async def work() -> dict:
        await PushSubscription.raw(
            f"INSERT INTO {_t(PushSubscription)} (id, employee, endpoint, p256dh, auth, created_at, updated_at) "
            "VALUES ({}, {}, {}, {}, {}, {}, {}) ON CONFLICT (endpoint) DO UPDATE SET employee = EXCLUDED.employee, "
            "p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, updated_at = EXCLUDED.updated_at",
            uuid.uuid4(), employee["id"], endpoint, p256dh, auth, now, now,
        )
        # The one just registered stays; of the others, those registered (or renewed) longest ago go.
        await PushSubscription.raw(
            f"DELETE FROM {_t(PushSubscription)} WHERE id IN (SELECT id FROM {_t(PushSubscription)} "
            "WHERE employee = {} AND endpoint <> {} ORDER BY updated_at DESC, created_at DESC, id OFFSET {})",
            employee["id"], endpoint, MAX_DEVICES - 1,
        )
        return {"registered": True}

    request = {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}
    return await _once(employee=employee, operation="registerPushSubscription", client_id=client_id, request=request,
                       work=work)


async def remove_subscription(*, employee: dict, endpoint: str, client_id: str) -> dict:
    """Forget one of the employee's own subscriptions (another's endpoint is left alone: removed is false)."""

    async def work() -> dict:
        removed = await PushSubscription.raw(
            f"DELETE FROM {_t(PushSubscription)} WHERE endpoint = {{}} AND employee = {{}} RETURNING id",
            endpoint, employee["id"],
        )
        return {"removed": bool(removed)}

    return await _once(employee=employee, operation="removePushSubscription", client_id=client_id,
                       request={"endpoint": endpoint}, work=work)


# ---------------------------------------------------------------- delivery's batch reads and writes


async def enabled_page(*, after: uuid.UUID | None, limit: int) -> list[dict]:
    """Active employees with the reminder on, by id after `after`: one statement."""
    return await DailyReminder.raw(
        f"SELECT r.employee, r.enabled, r.local_time, e.active, e.time_zone, e.locale, e.name, e.email, e.work_days "
        f"FROM {_t(DailyReminder)} r JOIN {_t(Employee)} e ON e.id = r.employee "
        "WHERE r.enabled AND e.active AND ({}::uuid IS NULL OR r.employee > {}) ORDER BY r.employee LIMIT {}",
        after, after, limit,
    )


async def day_facts(*, keys: list[tuple[uuid.UUID, dt.date]]) -> dict[uuid.UUID, dict]:
    """Per (employee, local day): their last counted day, whether that day's reminder was sent, and the schedules
    that held before changes still after it (workdays.Schedule). One statement."""
    if not keys:
        return {}
    rows = await Progress.raw(
        f"""
        SELECT k.employee,
          (SELECT p.last_active_date FROM {_t(Progress)} p WHERE p.employee = k.employee) AS last_active,
          EXISTS (SELECT 1 FROM {_t(ReminderSent)} x WHERE x.employee = k.employee AND x.local_date = k.day) AS sent,
          (SELECT coalesce(json_agg(json_build_array(w.until, w.days) ORDER BY w.until), '[]'::json)
             FROM {_t(PastWorkDays)} w WHERE w.employee = k.employee AND w.until > k.day) AS past_work_days
        FROM unnest({{}}::uuid[], {{}}::date[]) AS k(employee, day)
        """,
        [k[0] for k in keys],
        [k[1] for k in keys],
    )
    return {row["employee"]: row for row in rows}


async def claim(*, keys: list[tuple[uuid.UUID, dt.date]], now: dt.datetime) -> set[uuid.UUID]:
    """Claim each (employee, local day)'s one reminder; returns the employees whose claim this run won. One
    statement."""
    if not keys:
        return set()
    rows = await ReminderSent.raw(
        f"INSERT INTO {_t(ReminderSent)} (id, employee, local_date, claimed_at) "
        "SELECT gen_random_uuid(), k.employee, k.day, {} FROM unnest({}::uuid[], {}::date[]) AS k(employee, day) "
        "ON CONFLICT (employee, local_date) DO NOTHING RETURNING employee",
        now,
        [k[0] for k in keys],
        [k[1] for k in keys],
    )
    return {row["employee"] for row in rows}


async def subscriptions_of(*, employee_ids: list[uuid.UUID]) -> list[dict]:
    """The devices of these employees: one statement."""
    if not employee_ids:
        return []
    return await PushSubscription.raw(
        f"SELECT id, employee, endpoint, p256dh, auth FROM {_t(PushSubscription)} WHERE employee = ANY({{}}::uuid[]) "
        "ORDER BY employee, created_at",
        employee_ids,
    )


async def forget_subscriptions(*, ids: list[uuid.UUID]) -> None:
    """Subscriptions their push service says are gone: one statement."""
    if ids:
        await PushSubscription.raw(f"DELETE FROM {_t(PushSubscription)} WHERE id = ANY({{}}::uuid[])", ids)


async def record_channels(*, sent: list[tuple[uuid.UUID, dt.date, str]]) -> None:
    """How each claimed reminder went out (push | email | failed): one statement."""
    if not sent:
        return
    await ReminderSent.raw(
        f"UPDATE {_t(ReminderSent)} x SET channel = k.channel "
        "FROM unnest({}::uuid[], {}::date[], {}::text[]) AS k(employee, day, channel) "
        "WHERE x.employee = k.employee AND x.local_date = k.day",
        [s[0] for s in sent],
        [s[1] for s in sent],
        [s[2] for s in sent],
    )
