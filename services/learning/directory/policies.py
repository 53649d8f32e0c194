"""Who may see or act on whom: named policies over the org chart."""

from __future__ import annotations

from services.platform.auth.guards import signed_in
from services.platform.auth.principal import Principal, Role
from services.platform.errors import Forbidden, NotFound

STAFF_ADMIN = (Role.HR, Role.ADMIN)


def in_subtree(manager_id, employee: dict) -> bool:
    """True when the employee reports (directly or not) to the manager."""
    return str(manager_id) in employee["org_path"].split("/")[:-1]


def can_view_employee(principal: Principal | None, employee: dict) -> bool:
    """Self, HR and admin, or a manager above them in the org chart."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN or principal.employee_id == employee["id"]:
        return True
    return principal.role == Role.MANAGER and in_subtree(principal.employee_id, employee)


def view_employee(principal: Principal | None, employee: dict) -> None:
    if not can_view_employee(principal, employee):
        raise Forbidden("This employee is outside your scope.")


def manage_employee(principal: Principal | None, employee: dict) -> None:
    """Assigning lessons, seeing progress: HR and admin for anyone, a manager for their subtree."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN:
        return
    if principal.role == Role.MANAGER and in_subtree(principal.employee_id, employee):
        return
    raise Forbidden("This employee is outside your scope.")


def team_scope(principal: Principal | None, *, viewer: dict) -> str | None:
    """The org-path prefix a caller may list: None means everyone (HR, admin); managers get their subtree."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN:
        return None
    if principal.role == Role.MANAGER:
        return viewer["org_path"] + "/"
    raise Forbidden("Only managers, HR and admin see teams.")


TEAM_NOT_FOUND = "TEAM_NOT_FOUND"


def view_team(principal: Principal | None, *, viewer: dict, manager: dict | None) -> dict:
    """The manager whose team the caller may see: managers their own and any in their subtree, HR and admin
    anyone's. An unknown, inactive or out-of-scope manager is the same TEAM_NOT_FOUND, so ids cannot be probed;
    an employee without the manager role is FORBIDDEN whatever they ask."""
    principal = signed_in(principal)
    if principal.role not in STAFF_ADMIN and principal.role != Role.MANAGER:
        raise Forbidden("Only managers, HR and admin see teams.")
    if manager is None or not manager["active"]:
        raise NotFound("No such team.", code=TEAM_NOT_FOUND)
    if principal.role in STAFF_ADMIN or manager["id"] == viewer["id"] or in_subtree(viewer["id"], manager):
        return manager
    raise NotFound("No such team.", code=TEAM_NOT_FOUND)
