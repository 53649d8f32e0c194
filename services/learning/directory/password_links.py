"""Invitation and password-reset links: one use, expiring, replaced by a newer link of their kind.

A link's token is an HMAC of the link's id under a key of its own purpose (derived from the service secret),
so the token is never stored and never put in an event: the database keeps only its sha256, and the worker
that mails the link derives the token again from the id. Using a link sets the password, which revokes older
tokens, and retires every other open link of the employee.
"""

from __future__ import annotations

import datetime as dt
import uuid

from services.platform import link_tokens
from services.platform.auth import throttle
from services.platform.auth.passwords import hash_password
from services.platform.auth.principal import Principal
from services.platform.errors import Conflict, NotFound
from services.platform.idempotency import run_once
from services.platform.outbox.service import publish, publish_many
from services.platform.settings import get_settings

from ..platform_tables import OUTBOX, IdempotencyRecord
from .service import EMPLOYEE_COLUMNS, check_password, store_password_hash, table
from .tables import PasswordLink

INVITATION = "invitation"
RESET = "reset"
INVITATION_REQUESTED = "account.invitation_requested"
RESET_REQUESTED = "account.password_reset_requested"
MAX_TOKEN = 64
MAX_EMAIL = 254
CHUNK = 1000


def _t() -> str:
    return PasswordLink._meta.get_formatted_tablename()


# ---------------------------------------------------------------- tokens


def link_token(purpose: str, link_id: uuid.UUID) -> str:
    """The token of a link (an invitation token can never pass as a reset token, a survey token or anything else)."""
    return link_tokens.link_token(f"password-link:{purpose}", link_id)


token_hash = link_tokens.token_hash


def link_url(purpose: str, link_id: uuid.UUID) -> str:
    """The staff app's page for the link; the token rides in the fragment, which browsers never send on."""
    return f"{get_settings().staff_app_url}/#{purpose}={link_token(purpose, link_id)}"


# ---------------------------------------------------------------- invitations


async def create_invitations(
    *, employee_ids: list[uuid.UUID], requested_by: uuid.UUID | None, now: dt.datetime
) -> list[uuid.UUID]:
    """Inside the caller's transaction: a fresh invitation per employee (older open ones replaced), each to be
    mailed by the worker."""
    expires_at = now + dt.timedelta(hours=get_settings().invitation_ttl_hours)
    link_ids: list[uuid.UUID] = []
    for start in range(0, len(employee_ids), CHUNK):
        employees = list(employee_ids[start : start + CHUNK])
        ids = [uuid.uuid4() for _ in employees]
        await _supersede_open(employee_ids=employees, purpose=INVITATION, now=now)
        await PasswordLink.raw(
            f"INSERT INTO {_t()} (id, employee, purpose, token_hash, requested_by, created_at, expires_at) "
            "SELECT i, e, {}, h, {}, {}, {} FROM unnest({}::uuid[], {}::uuid[], {}::text[]) AS l(i, e, h)",
            INVITATION,
            requested_by,
            now,
            expires_at,
            ids,
            employees,
            [token_hash(link_token(INVITATION, i)) for i in ids],
        )
        link_ids.extend(ids)
    await publish_many(OUTBOX, topic=INVITATION_REQUESTED, payloads=[{"link_id": str(i)} for i in link_ids])
    return link_ids


async def invite(*, actor: Principal, employee_id: uuid.UUID, client_id: str, now: dt.datetime) -> dict:
    """Invite one employee who has no password yet; returns {link_id, expires_at}."""

    async def work() -> dict:
        rows = await PasswordLink.raw(
            f"SELECT id, active, password_hash IS NOT NULL AS has_password FROM {table()} WHERE id = {{}} FOR UPDATE",
            employee_id,
        )
        if not rows:
            raise NotFound("No such employee.", code="EMPLOYEE_NOT_FOUND")
        if not rows[0]["active"]:
            raise Conflict("This employee is not active.", code="EMPLOYEE_INACTIVE")
        if rows[0]["has_password"]:
            raise Conflict(
                "This employee has set a password already; they can ask for a reset link.",
                code="ACCOUNT_ALREADY_SET_UP",
            )
        [link_id] = await create_invitations(employee_ids=[employee_id], requested_by=actor.employee_id, now=now)
        expires_at = now + dt.timedelta(hours=get_settings().invitation_ttl_hours)
        return {"link_id": str(link_id), "expires_at": expires_at.isoformat()}

    async with PasswordLink._meta.db.transaction():
        return await run_once(
            IdempotencyRecord,
            principal_id=actor.employee_id,
            operation="inviteEmployee",
            client_id=client_id,
            request={"employee_id": str(employee_id)},
            work=work,
        )


# ---------------------------------------------------------------- resets


async def request_reset(runtime, *, email: str, address: str, now: dt.datetime) -> None:
    """Ask for a reset link by e-mail: the same work and answer whether or not anyone has that address.

    Only the address goes into the event; the worker looks the employee up, makes the link and mails it.
    """
    await throttle.begin(runtime, scope="password-reset", account=email, address=address)
    normalized = email.strip().lower()
    if not normalized or len(normalized) > MAX_EMAIL:
        return
    async with PasswordLink._meta.db.transaction():
        await publish(OUTBOX, topic=RESET_REQUESTED, payload={"email": normalized, "requested_at": now.isoformat()})


async def create_reset(*, email: str, requested_at: dt.datetime) -> dict | None:
    """Worker, inside the event's transaction: a reset link for the active employee with this address, older
    open ones replaced; None when there is no such employee."""
    rows = await PasswordLink.raw(
        f"SELECT {EMPLOYEE_COLUMNS} FROM {table()} WHERE email = {{}} AND active", email
    )
    if not rows:
        return None
    employee = rows[0]
    link_id = uuid.uuid4()
    expires_at = requested_at + dt.timedelta(minutes=get_settings().password_reset_ttl_minutes)
    await _supersede_open(employee_ids=[employee["id"]], purpose=RESET, now=requested_at)
    await PasswordLink.raw(
        f"INSERT INTO {_t()} (id, employee, purpose, token_hash, created_at, expires_at) "
        "VALUES ({}, {}, {}, {}, {}, {})",
        link_id,
        employee["id"],
        RESET,
        token_hash(link_token(RESET, link_id)),
        requested_at,
        expires_at,
    )
    return {"link_id": link_id, "employee": employee, "expires_at": expires_at}


async def open_invitation(*, link_id: uuid.UUID) -> dict | None:
    """An invitation still worth mailing (unused, not replaced, its employee active), with its employee."""
    rows = await PasswordLink.raw(
        f"SELECT l.id, l.expires_at, e.name, e.email, e.locale, e.time_zone "
        f"FROM {_t()} l JOIN {table()} e ON e.id = l.employee "
        "WHERE l.id = {} AND l.purpose = {} AND l.used_at IS NULL AND l.superseded_at IS NULL AND e.active",
        link_id,
        INVITATION,
    )
    return rows[0] if rows else None


# ---------------------------------------------------------------- using a link


async def redeem(*, purpose: str, token: str, password: str, now: dt.datetime) -> dict:
    """Set the password through a link (once, before it expires); returns the employee row."""
    check_password(password)
    link = await _by_token(purpose=purpose, token=token)
    password_hash = hash_password(password)
    async with PasswordLink._meta.db.transaction():
        # The conditions are checked again in the update itself: of two uses at once, only one lands.
        used = await PasswordLink.raw(
            f"UPDATE {_t()} SET used_at = {{}} WHERE id = {{}} AND used_at IS NULL AND superseded_at IS NULL "
            "AND expires_at > {} RETURNING employee",
            now,
            link["id"],
            now,
        )
        if not used:
            _refuse(await _by_token(purpose=purpose, token=token), now=now)
        employee_id = used[0]["employee"]
        active = await PasswordLink.raw(f"SELECT active FROM {table()} WHERE id = {{}}", employee_id)
        if not active[0]["active"]:
            raise Conflict("This account is no longer active.", code="ACCOUNT_INACTIVE")
        employee = await store_password_hash(employee_id=employee_id, password_hash=password_hash)
        await PasswordLink.raw(
            f"UPDATE {_t()} SET superseded_at = {{}} WHERE employee = {{}} AND used_at IS NULL "
            "AND superseded_at IS NULL",
            now,
            employee_id,
        )
    return employee


def link_state(link: dict, *, now: dt.datetime) -> str:
    """open | used | superseded | expired."""
    if link["used_at"] is not None:
        return "used"
    if link["superseded_at"] is not None:
        return "superseded"
    return "expired" if now >= link["expires_at"] else "open"


def _refuse(link: dict, *, now: dt.datetime) -> None:
    state = link_state(link, now=now)
    if state == "used":
        raise Conflict("This link was used already; sign in, or ask for a new link.", code="LINK_ALREADY_USED")
    if state == "superseded":
        raise Conflict("A newer link was sent; please use the newest one.", code="LINK_SUPERSEDED")
    raise Conflict("This link has expired; please ask for a new one.", code="LINK_EXPIRED")


async def _by_token(*, purpose: str, token: str) -> dict:
    if not token or len(token) > MAX_TOKEN:
        raise NotFound("No such link.", code="LINK_NOT_FOUND")
    rows = await PasswordLink.raw(
        f"SELECT * FROM {_t()} WHERE token_hash = {{}} AND purpose = {{}}", token_hash(token), purpose
    )
    if not rows:
        raise NotFound("No such link.", code="LINK_NOT_FOUND")
    return rows[0]


async def retire_open_links(*, employee_ids: list[uuid.UUID], now: dt.datetime) -> None:
    """Inside the caller's transaction: the employees' open links stop working (their e-mail address changed,
    so a link mailed to the old one must not set the password of the account)."""
    if employee_ids:
        await PasswordLink.raw(
            f"UPDATE {_t()} SET superseded_at = {{}} WHERE employee = ANY({{}}::uuid[]) AND used_at IS NULL "
            "AND superseded_at IS NULL",
            now,
            list(employee_ids),
        )


async def _supersede_open(*, employee_ids: list[uuid.UUID], purpose: str, now: dt.datetime) -> None:
    await PasswordLink.raw(
        f"UPDATE {_t()} SET superseded_at = {{}} WHERE employee = ANY({{}}::uuid[]) AND purpose = {{}} "
        "AND used_at IS NULL AND superseded_at IS NULL",
        now,
        employee_ids,
        purpose,
    )
