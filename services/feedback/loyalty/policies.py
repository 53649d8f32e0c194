"""Who may see survey links, record outcomes and read NPS and CSAT: named policies over the replica's org chart.

CSAT is read by the same rules as NPS (see_nps_of, see_team_nps, see_organisation_nps): both come from the same answers.
"""

from __future__ import annotations

import uuid

from services.platform.auth.guards import signed_in
from services.platform.auth.principal import Principal, Role
from services.platform.errors import Forbidden

from ..directory.policies import STAFF_ADMIN, manages


def present_in_person(principal: Principal | None, *, owner: dict | None, subjects: list[dict]) -> None:
    """Showing the survey on a customer-facing screen: the complaint's owner, their managers, HR and admin."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN or (owner is not None and owner["id"] == principal.employee_id):
        return
    if principal.role == Role.MANAGER and owner is not None and manages(principal.employee_id, owner):
        return
    raise Forbidden("Only the complaint's owner, their managers, HR and admin show its survey.")


def record_outcome(principal: Principal | None, *, owner_id: uuid.UUID | None, owner: dict | None) -> None:
    """The complaint's owner, a manager above them, HR and admin (integrations sign in as HR or admin)."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN or principal.employee_id == owner_id:
        return
    if principal.role == Role.MANAGER and owner is not None and manages(principal.employee_id, owner):
        return
    raise Forbidden("Only the complaint's owner, their managers, HR and admin record its outcome.")


def record_as_integration(principal: Principal | None) -> None:
    if signed_in(principal).role not in STAFF_ADMIN:
        raise Forbidden("Only HR and admin tokens record outcomes as an integration.")


def see_nps_of(principal: Principal | None, employee: dict) -> None:
    """One employee's NPS: themselves, a manager above them, HR and admin."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN or principal.employee_id == employee["id"]:
        return
    if principal.role == Role.MANAGER and manages(principal.employee_id, employee):
        return
    raise Forbidden("This employee's NPS is outside your scope.")


def see_team_nps(principal: Principal | None, root: dict) -> None:
    """A subtree's NPS: its root or a manager above it while they hold the manager role, HR and admin (a demoted
    manager's old team is no longer theirs to watch)."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN:
        return
    if principal.role == Role.MANAGER and (principal.employee_id == root["id"] or manages(principal.employee_id, root)):
        return
    raise Forbidden("This team's NPS is outside your scope.")


def see_organisation_nps(principal: Principal | None) -> None:
    if signed_in(principal).role not in STAFF_ADMIN:
        raise Forbidden("Only HR and admin see the organisation's NPS.")
