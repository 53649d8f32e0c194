"""Privacy in competition: who sees whose name on a leaderboard, and whose per-person NPS or CSAT.

- Names on a team board are visible to the team (everyone on it is inside it).
- On the organisation and role-family boards an employee who opted out (`show_name` false) is still ranked, but
  peers see "a colleague" ("kolleeg"): no name, no id, no Employee reference. They themselves, the managers above
  them, HR and admin see the name.
- A per-person figure (NPS, CSAT) shown in a group of people (a board, a team listing) to anyone but the person,
  a manager above them, HR or admin is withheld when the group has fewer than MIN_GROUP people: in a small group a
  figure is too easily traced back to a customer's words about a colleague.

The opt-out is self-service (setMyLeaderboardVisibility), idempotent, and every change is kept in
`leaderboard_visibility_change`.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Sequence

from services.platform import database
from services.platform.auth.principal import Principal, Role

from ..directory.policies import STAFF_ADMIN, manages
from ..directory.service import COLUMNS as STAFF_COLUMNS
from ..directory.tables import StaffMember
from .tables import LeaderboardVisibility, LeaderboardVisibilityChange

MIN_GROUP = 5
A_COLLEAGUE = {"et": "kolleeg", "en": "a colleague"}


class Withheld(enum.Enum):
    """Why a per-person figure is not shown."""

    SMALL_GROUP = "small_group"


def a_colleague(locale: str) -> str:
    """How an opted-out person is shown, in the viewer's language."""
    return A_COLLEAGUE.get(locale, A_COLLEAGUE["en"])


def _over_them(principal: Principal, person: dict) -> bool:
    """The person, a manager above them, HR or admin."""
    if principal.role in STAFF_ADMIN or principal.employee_id == person["id"]:
        return True
    return principal.role == Role.MANAGER and manages(principal.employee_id, person)


def name_shown(principal: Principal, *, person: dict, show_name: bool, team_board: bool) -> bool:
    """Whether the viewer sees this person's name (and Employee reference) on a board."""
    return team_board or show_name or _over_them(principal, person)


def per_person_figure_withheld(principal: Principal, *, person: dict, group_size: int) -> Withheld | None:
    """Why a per-person NPS/CSAT in a group of `group_size` is withheld from this viewer; None when it is shown."""
    if _over_them(principal, person) or group_size >= MIN_GROUP:
        return None
    return Withheld.SMALL_GROUP


# ---------------------------------------------------------------- the opt-out


def _t() -> str:
    return LeaderboardVisibility._meta.get_formatted_tablename()


async def shows_name(*, employee_id: uuid.UUID) -> bool:
    """An employee's own choice; everyone shows their name until they opt out."""
    rows = await LeaderboardVisibility.select(LeaderboardVisibility.show_name).where(
        LeaderboardVisibility.employee == employee_id
    )
    return rows[0]["show_name"] if rows else True


async def set_show_name(*, employee_id: uuid.UUID, show_name: bool, now: dt.datetime) -> bool:
    """Store the choice; each stored change (not a repeat) is audited. Call in a transaction. True when stored."""
    rows = await LeaderboardVisibility.raw(
        f"INSERT INTO {_t()} AS v (employee, show_name, updated_at) VALUES ({{}}, {{}}, {{}}) "
        "ON CONFLICT (employee) DO UPDATE SET show_name = excluded.show_name, updated_at = excluded.updated_at "
        "WHERE v.show_name IS DISTINCT FROM excluded.show_name RETURNING employee",
        employee_id,
        show_name,
        now,
    )
    if not rows:
        return False
    await LeaderboardVisibilityChange.insert(
        LeaderboardVisibilityChange(id=uuid.uuid4(), employee=employee_id, show_name=show_name, changed_at=now)
    )
    return True


async def staff_with_visibility(*, ids: Sequence[uuid.UUID]) -> list[dict | None]:
    """Staff rows (the replica's columns) with `show_name`, in the order asked: one statement for a whole board."""
    staff = StaffMember._meta.get_formatted_tablename()
    columns = ", ".join(f"s.{c.strip()}" for c in STAFF_COLUMNS.split(","))
    # Every leaderboard request reads its lines' people here: asyncpg directly (platform/database.py `fetch`).
    rows = await database.fetch(
        StaffMember._meta.db,
        f"SELECT {columns}, coalesce(v.show_name, true) AS show_name FROM {staff} s "
        f"LEFT JOIN {_t()} v ON v.employee = s.id WHERE s.id = ANY($1::uuid[])",
        list(ids),
    )
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]
