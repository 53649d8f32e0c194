"""Who may see and act on feedback: the employee it is about, their managers, HR and admin."""

from __future__ import annotations

from services.platform.auth.guards import signed_in
from services.platform.auth.principal import Principal, Role
from services.platform.errors import Forbidden

STAFF_ADMIN = (Role.HR, Role.ADMIN)


def manages(manager_id, employee: dict) -> bool:
    """True when the employee reports, directly or not, to the manager."""
    return str(manager_id) in employee["org_path"].split("/")[:-1]


def can_see_about(principal: Principal | None, subjects: list[dict]) -> bool:
    """Feedback about these people: one of them, a manager above one of them, HR or admin."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN:
        return True
    for subject in subjects:
        if subject["id"] == principal.employee_id:
            return True
        if principal.role == Role.MANAGER and manages(principal.employee_id, subject):
            return True
    return False


def see_about(principal: Principal | None, subjects: list[dict]) -> None:
    if not can_see_about(principal, subjects):
        raise Forbidden("This feedback is outside your scope.")


def scope_prefix(principal: Principal | None, *, viewer: dict) -> str | None:
    """The org-path prefix of a manager's subtree; None for HR and admin (everyone)."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN:
        return None
    if principal.role == Role.MANAGER:
        return viewer["org_path"] + "/"
    raise Forbidden("Only managers, HR and admin see other people's feedback.")
