"""The replica: apply employee events in version order, read staff for scope checks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from services.platform import database

from .tables import StaffMember

COLUMNS = (
    "id, hr_id, name, email, job_title, role_family, manager_id, org_path, locale, time_zone, role, active, version, "
    "token_version"
)


def _t() -> str:
    return StaffMember._meta.get_formatted_tablename()


async def apply_announcement(*, employee: dict) -> bool:
    """Store an employee's announced state unless a newer version is already here; True when applied.

    Events may arrive out of order or twice: the version decides, so the replica converges.
    """
    rows = await StaffMember.raw(
        f"INSERT INTO {_t()} AS s ({COLUMNS}, synced_at) VALUES "
        "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, now()) "
        "ON CONFLICT (id) DO UPDATE SET hr_id = EXCLUDED.hr_id, name = EXCLUDED.name, email = EXCLUDED.email, "
        "job_title = EXCLUDED.job_title, role_family = EXCLUDED.role_family, manager_id = EXCLUDED.manager_id, "
        "org_path = EXCLUDED.org_path, locale = EXCLUDED.locale, time_zone = EXCLUDED.time_zone, "
        "role = EXCLUDED.role, active = EXCLUDED.active, version = EXCLUDED.version, "
        "token_version = EXCLUDED.token_version, synced_at = now() "
        "WHERE s.version < EXCLUDED.version RETURNING id",
        uuid.UUID(employee["id"]),
        employee["hr_id"],
        employee["name"],
        employee["email"],
        employee["job_title"],
        employee["role_family"],
        uuid.UUID(employee["manager_id"]) if employee.get("manager_id") else None,
        employee["org_path"],
        employee["locale"],
        employee["time_zone"],
        employee["role"],
        employee["active"],
        employee["version"],
        # Events written before token versions existed carry none: version 1, every employee's first.
        employee.get("token_version", 1),
    )
    return bool(rows)


async def get_many(*, ids: Sequence[uuid.UUID]) -> list[dict | None]:
    """Staff by id in the order asked (None when unknown): one statement."""
    # Every request reads its caller here: asyncpg directly (platform/database.py `fetch`).
    rows = await database.fetch(
        StaffMember._meta.db, f"SELECT {COLUMNS} FROM {_t()} WHERE id = ANY($1::uuid[])", list(ids)
    )
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]


async def get(*, employee_id: uuid.UUID) -> dict | None:
    return (await get_many(ids=[employee_id]))[0]


async def count() -> int:
    return await StaffMember.count()
