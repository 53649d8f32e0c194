"""Who may see a member's service figures and a team's: named policies over the feedback service's own replica."""

from __future__ import annotations

from services.platform.auth.guards import signed_in
from services.platform.auth.principal import Principal, Role
from services.platform.errors import Forbidden, NotFound

from ..directory.policies import STAFF_ADMIN, manages


def can_see_member_figures(principal: Principal | None, employee: dict | None) -> bool:
    """Open complaints, breaches, NPS and CSAT of one person: themselves, a manager above them, HR and admin;
    never a peer (the same people as their NPS, loyalty/policies.py see_nps_of)."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN:
        return True
    if employee is None:
        return False
    if principal.employee_id == employee["id"]:
        return True
    return principal.role == Role.MANAGER and manages(principal.employee_id, employee)


def see_member_figures(principal: Principal | None, employee: dict | None) -> None:
    if not can_see_member_figures(principal, employee):
        raise Forbidden("This employee's service figures are outside your scope.")


def see_team(principal: Principal | None, root: dict | None) -> None:
    """A team (the subtree under `root`): its root or a manager above it while they hold the manager role, HR and
    admin. Anyone else gets FORBIDDEN for a team that exists and for one that does not alike; HR and admin are
    told TEAM_NOT_FOUND for an unknown id."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN:
        if root is None:
            raise NotFound("No such team.", code="TEAM_NOT_FOUND")
        return
    if (
        root is not None
        and principal.role == Role.MANAGER
        and (principal.employee_id == root["id"] or manages(principal.employee_id, root))
    ):
        return
    raise Forbidden("This team is outside your scope.")
