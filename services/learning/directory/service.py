"""Reading employees and signing them in."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from services.platform.auth.passwords import hash_password, verify_password
from services.platform.auth.principal import Principal, Role
from services.platform.errors import DomainError, NotFound

from .tables import Employee

EMPLOYEE_COLUMNS = (
    "id, hr_id, name, email, job_title, role_family, manager, org_path, locale, time_zone, role, active, version"
)


def table() -> str:
    return Employee._meta.get_formatted_tablename()


async def get_many(*, ids: Sequence[uuid.UUID]) -> list[dict | None]:
    """Employees by id in the order asked (None for unknown ids): one statement, for DataLoaders."""
    rows = await Employee.raw(f"SELECT {EMPLOYEE_COLUMNS} FROM {table()} WHERE id = ANY({{}}::uuid[])", list(ids))
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]


async def get(*, employee_id: uuid.UUID) -> dict:
    row = (await get_many(ids=[employee_id]))[0]
    if row is None:
        raise NotFound("No such employee.")
    return row


async def get_page(
    *, path_prefix: str | None, only_id: uuid.UUID | None, after_name: tuple[str, str] | None, limit: int, include_inactive: bool
) -> list[dict]:
    """A page of employees ordered by name, limited to a subtree (path prefix) or one person."""
    where, args = [], []

    def arg(value) -> str:
        args.append(value)
        return "{}"

    if path_prefix is not None:
        where.append(f"org_path LIKE {arg(path_prefix + '%')}")
    if only_id is not None:
        where.append(f"id = {arg(only_id)}")
    if not include_inactive:
        where.append("active")
    if after_name is not None:
        where.append(f"(name, id::text) > ({arg(after_name[0])}, {arg(after_name[1])})")
    sql = f"SELECT {EMPLOYEE_COLUMNS} FROM {table()}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY name, id::text LIMIT {arg(limit)}"
    return await Employee.raw(sql, *args)


async def sign_in(*, email: str, password: str) -> Principal:
    """The principal for valid credentials of an active employee."""
    rows = await Employee.raw(
        f"SELECT id, role, active, password_hash FROM {table()} WHERE email = {{}}", email.strip().lower()
    )
    row = rows[0] if rows else None
    ok = verify_password(password, row["password_hash"] if row else None)
    if not row or not ok or not row["active"]:
        raise DomainError("E-mail or password is wrong.", code="INVALID_CREDENTIALS")
    return Principal(employee_id=row["id"], role=Role(row["role"]))


async def set_password(*, employee_id: uuid.UUID, password: str) -> None:
    if len(password) < 8:
        raise DomainError("A password needs at least 8 characters.", code="WEAK_PASSWORD")
    await Employee.update({Employee.password_hash: hash_password(password)}).where(Employee.id == employee_id)
