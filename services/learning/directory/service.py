"""Reading employees, signing them in, their passwords and roles."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from services.platform import database
from services.platform.auth import throttle
from services.platform.auth.passwords import hash_password, verify_password
from services.platform.auth.principal import Principal, Role
from services.platform.errors import DomainError, NotFound, ValidationFailed
from services.platform.idempotency import run_once
from services.platform.outbox.service import publish

from ..platform_tables import OUTBOX, IdempotencyRecord
from .events import employee_event
from .roles import check_role_change
from .tables import Employee, RoleChange

MIN_PASSWORD = 8
MAX_PASSWORD = 256
VIAS = ("import", "mutation")

EMPLOYEE_COLUMNS = (
    "id, hr_id, name, email, job_title, role_family, manager, org_path, locale, time_zone, role, active, version, "
    "token_version"
)


def table() -> str:
    return Employee._meta.get_formatted_tablename()


async def get_many(*, ids: Sequence[uuid.UUID]) -> list[dict | None]:
    """Employees by id in the order asked (None for unknown ids): one statement, for DataLoaders."""
    # Every request reads its caller here: asyncpg directly (platform/database.py `fetch`).
    rows = await database.fetch(
        Employee._meta.db, f"SELECT {EMPLOYEE_COLUMNS} FROM {table()} WHERE id = ANY($1::uuid[])", list(ids)
    )
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]


async def get(*, employee_id: uuid.UUID) -> dict:
    row = (await get_many(ids=[employee_id]))[0]
    if row is None:
        raise NotFound("No such employee.")
    return row


MAX_SEARCH = 100


def _like_pattern(text: str) -> str:
    """A case-insensitive substring pattern for ILIKE, with the caller's % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def get_page(
    *,
    path_prefix: str | None,
    only_id: uuid.UUID | None,
    after_name: tuple[str, str] | None,
    limit: int,
    include_inactive: bool,
    only_inactive: bool = False,
    search: str | None = None,
    role: str | None = None,
    manager_id: uuid.UUID | None = None,
) -> list[dict]:
    """A page of employees ordered by name, limited to a subtree (path prefix) or one person, optionally only
    those whose name or e-mail contains `search` (any case), with a role, or reporting directly to a manager."""
    where, args = [], []

    def arg(value) -> str:
        args.append(value)
        return "{}"

    if path_prefix is not None:
        where.append(f"org_path LIKE {arg(path_prefix + '%')}")
    if only_id is not None:
        where.append(f"id = {arg(only_id)}")
    if only_inactive:
        where.append("NOT active")
    elif not include_inactive:
        where.append("active")
    if search:
        pattern = _like_pattern(search)
        where.append(f"(name ILIKE {arg(pattern)} ESCAPE '\\' OR email ILIKE {arg(pattern)} ESCAPE '\\')")
    if role is not None:
        where.append(f"role = {arg(role)}")
    if manager_id is not None:
        where.append(f"manager = {arg(manager_id)}")
    if after_name is not None:
        where.append(f"(name, id::text) > ({arg(after_name[0])}, {arg(after_name[1])})")
    sql = f"SELECT {EMPLOYEE_COLUMNS} FROM {table()}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY name, id::text LIMIT {arg(limit)}"
    return await Employee.raw(sql, *args)


def clean_search(text: str | None) -> str | None:
    """The search text trimmed; None when empty; FIELD_TOO_LONG past MAX_SEARCH characters."""
    text = (text or "").strip()
    if len(text) > MAX_SEARCH:
        raise ValidationFailed(
            f"search has at most {MAX_SEARCH} characters.", code="FIELD_TOO_LONG", field="search", maximum=MAX_SEARCH
        )
    return text or None


async def sign_in(*, email: str, password: str, address: str, runtime) -> Principal:
    """The principal for valid credentials of an active employee; throttled per account and client address."""
    attempt = await throttle.begin(runtime, scope="login", account=email, address=address)
    rows = await Employee.raw(
        f"SELECT id, role, active, password_hash, token_version FROM {table()} WHERE email = {{}}",
        email.strip().lower(),
    )
    row = rows[0] if rows else None
    ok = verify_password(password, row["password_hash"] if row else None)
    if not row or not ok or not row["active"]:
        raise DomainError("E-mail or password is wrong.", code="INVALID_CREDENTIALS")
    await throttle.succeeded(runtime, attempt)
    return principal_of(row)


def principal_of(row: dict) -> Principal:
    """Who a token for this employee names (their current role and token version)."""
    return Principal(employee_id=row["id"], role=Role(row["role"]), token_version=row["token_version"])


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationFailed(f"A password needs at least {MIN_PASSWORD} characters.", code="WEAK_PASSWORD")
    if len(password) > MAX_PASSWORD:
        raise ValidationFailed(f"A password has at most {MAX_PASSWORD} characters.", code="PASSWORD_TOO_LONG")


async def set_password(*, employee_id: uuid.UUID, password: str) -> dict:
    """Set a password; tokens issued before it are revoked (a new password is what one sets after a leak)."""
    check_password(password)
    password_hash = hash_password(password)  # argon2 takes a while: not inside the transaction
    async with Employee._meta.db.transaction():
        return await store_password_hash(employee_id=employee_id, password_hash=password_hash)


async def store_password_hash(*, employee_id: uuid.UUID, password_hash: str) -> dict:
    """Inside a transaction: the new hash, a new token version, and the event telling the replica of it."""
    rows = await Employee.raw(
        f"UPDATE {table()} SET password_hash = {{}}, token_version = token_version + 1, version = version + 1, "
        f"updated_at = now() WHERE id = {{}} RETURNING {EMPLOYEE_COLUMNS}",
        password_hash,
        employee_id,
    )
    if not rows:
        raise NotFound("No such employee.")
    topic, payload = employee_event(rows[0])
    await publish(OUTBOX, topic=topic, payload=payload)
    return rows[0]


# ---------------------------------------------------------------- roles


async def set_role(
    *, actor: Principal, employee_id: uuid.UUID, role: Role, client_id: str, now: dt.datetime
) -> bool:
    """Give the employee a role under the role rule (roles.py), audited; True when it changed."""

    async def work() -> dict:
        rows = await Employee.raw(
            f"SELECT {EMPLOYEE_COLUMNS} FROM {table()} WHERE id = {{}} FOR UPDATE", employee_id
        )
        if not rows:
            raise NotFound("No such employee.", code="EMPLOYEE_NOT_FOUND")
        old = rows[0]
        if old["role"] == role.value:
            return {"changed": False}
        check_role_change(actor, employee_id=employee_id, old_role=old["role"], new_role=role.value)
        updated = await Employee.raw(
            f"UPDATE {table()} SET role = {{}}, version = version + 1, token_version = token_version + 1, "
            f"updated_at = {{}} WHERE id = {{}} RETURNING {EMPLOYEE_COLUMNS}",
            role.value,
            now,
            employee_id,
        )
        await record_role_changes(
            changes=[(employee_id, old["role"], role.value)], changed_by=actor.employee_id, via="mutation", at=now
        )
        topic, payload = employee_event(updated[0])
        await publish(OUTBOX, topic=topic, payload=payload)
        return {"changed": True}

    async with Employee._meta.db.transaction():
        result = await run_once(
            IdempotencyRecord,
            principal_id=actor.employee_id,
            operation="setEmployeeRole",
            client_id=client_id,
            request={"employee_id": str(employee_id), "role": role.value},
            work=work,
        )
    return result["changed"]


async def record_role_changes(
    *, changes: list[tuple[uuid.UUID, str | None, str]], changed_by: uuid.UUID | None, via: str, at: dt.datetime
) -> None:
    """Audit rows (employee, from, to), in chunks; call inside the transaction that changes the roles."""
    assert via in VIAS, via
    rt = RoleChange._meta.get_formatted_tablename()
    for start in range(0, len(changes), 1000):
        chunk = changes[start : start + 1000]
        await RoleChange.raw(
            f"INSERT INTO {rt} (id, employee, changed_by, from_role, to_role, via, changed_at) "
            "SELECT gen_random_uuid(), e, {}, f, t, {}, {} "
            "FROM unnest({}::uuid[], {}::text[], {}::text[]) AS c(e, f, t)",
            changed_by,
            via,
            at,
            [c[0] for c in chunk],
            [c[1] for c in chunk],
            [c[2] for c in chunk],
        )


async def role_changes_page(
    *, employee_id: uuid.UUID | None, after: tuple[str, str] | None, limit: int
) -> list[dict]:
    """The role-change audit, newest first, optionally for one employee."""
    where, args = [], []
    if employee_id is not None:
        args.append(employee_id)
        where.append("employee = {}")
    if after is not None:
        try:
            args.extend([dt.datetime.fromisoformat(after[0]), uuid.UUID(after[1])])
        except (ValueError, TypeError, IndexError) as exc:
            raise ValidationFailed("The cursor is not valid.", code="INVALID_CURSOR") from exc
        where.append("(changed_at, id) < ({}, {})")
    sql = f"SELECT * FROM {RoleChange._meta.get_formatted_tablename()}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    args.append(limit)
    return await RoleChange.raw(sql + " ORDER BY changed_at DESC, id DESC LIMIT {}", *args)
