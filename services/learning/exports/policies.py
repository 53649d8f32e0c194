"""Who may export training records, and whose: HR and admin anyone's, a manager their own subtree's."""

from __future__ import annotations

from services.platform.auth.guards import signed_in
from services.platform.auth.principal import Principal, Role
from services.platform.errors import Forbidden

from ..directory.policies import STAFF_ADMIN, in_subtree


def export_scope(principal: Principal | None, *, requester: dict, team_of: dict | None) -> str | None:
    """The org path whose people (that one and everyone below) an export covers; None: everyone.

    HR and admin: the team asked for, or everyone. A manager: their own subtree, or a team inside it.
    Anyone else, or a team outside the manager's subtree: FORBIDDEN.
    """
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN:
        return team_of["org_path"] if team_of else None
    if principal.role != Role.MANAGER:
        raise Forbidden("Only managers, HR and admin export training records.")
    if team_of is None or team_of["id"] == requester["id"]:
        return requester["org_path"]
    if not in_subtree(requester["id"], team_of):
        raise Forbidden("This team is outside your scope.")
    return team_of["org_path"]


def can_read_export(principal: Principal | None, export: dict) -> bool:
    """The one who asked for it; admin reads every export (as with the audit)."""
    principal = signed_in(principal)
    return principal.role == Role.ADMIN or export["requested_by"] == principal.employee_id
