"""Notifications: written once per recipient, kind and subject; listed and marked read by their recipient."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from services.platform.errors import ValidationFailed

from .tables import Notification


def _t() -> str:
    return Notification._meta.get_formatted_tablename()


def _row(row: dict) -> dict:
    data = row["data"]
    return {**row, "data": json.loads(data) if isinstance(data, str) else data}


async def notify_many(*, notifications: list[dict], now: dt.datetime) -> int:
    """Add notifications ({recipient, kind, subject, data}); ones already sent are skipped. Returns how many are new."""
    if not notifications:
        return 0
    rows = await Notification.raw(
        f"INSERT INTO {_t()} (id, recipient, kind, subject, data, created_at) "
        "SELECT gen_random_uuid(), r, k, s, d, {} FROM unnest({}::uuid[], {}::text[], {}::text[], {}::jsonb[]) "
        "AS n(r, k, s, d) ON CONFLICT (recipient, kind, subject) DO NOTHING RETURNING id",
        now,
        [n["recipient"] for n in notifications],
        [n["kind"] for n in notifications],
        [n["subject"] for n in notifications],
        [json.dumps(n["data"], default=str) for n in notifications],
    )
    return len(rows)


async def page_for(
    *, recipient: uuid.UUID, unread_only: bool, after: list | None, limit: int
) -> list[dict]:
    """A recipient's notifications, newest first, after a (created_at, id) cursor: one statement."""
    conditions = ["recipient = {}"]
    args: list = [recipient]
    if unread_only:
        conditions.append("read_at IS NULL")
    if after is not None:
        conditions.append("(created_at, id) < ({}::timestamptz, {}::uuid)")
        args += list(_cursor_key(after))
    rows = await Notification.raw(
        f"SELECT * FROM {_t()} WHERE {' AND '.join(conditions)} ORDER BY created_at DESC, id DESC LIMIT {{}}",
        *args,
        limit,
    )
    return [_row(r) for r in rows]


def _cursor_key(after) -> tuple[dt.datetime, uuid.UUID]:
    try:
        created_at, notification_id = after
        return dt.datetime.fromisoformat(created_at), uuid.UUID(notification_id)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed("The cursor is not valid.", code="INVALID_CURSOR") from exc


async def mark_read(*, notification_id: uuid.UUID, recipient: uuid.UUID, now: dt.datetime) -> dict | None:
    """Mark one of the recipient's notifications read (the first reading time stays); None when not theirs."""
    rows = await Notification.raw(
        f"UPDATE {_t()} SET read_at = coalesce(read_at, {{}}) WHERE id = {{}} AND recipient = {{}} RETURNING *",
        now,
        notification_id,
        recipient,
    )
    return _row(rows[0]) if rows else None
