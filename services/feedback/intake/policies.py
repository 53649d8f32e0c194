"""Who may read and answer feedback, see the customer's contact, and make public codes."""

from __future__ import annotations

from services.platform.auth.guards import signed_in
from services.platform.auth.principal import Principal, Role
from services.platform.errors import Forbidden

from ..directory.policies import STAFF_ADMIN, can_see_about, manages
from .service import Scope


def can_see_feedback(principal: Principal | None, *, subjects: list[dict], owner: dict | None) -> bool:
    """The people it is about, managers above them, HR and admin; for a complaint also its owner and the
    managers above the owner (the complaint's line of responsibility)."""
    principal = signed_in(principal)
    if can_see_about(principal, subjects):
        return True
    if owner is None:
        return False
    if owner["id"] == principal.employee_id:
        return True
    return principal.role == Role.MANAGER and manages(principal.employee_id, owner)


def see_feedback(principal: Principal | None, *, subjects: list[dict], owner: dict | None) -> None:
    if not can_see_feedback(principal, subjects=subjects, owner=owner):
        raise Forbidden("This feedback is outside your scope.")


def can_see_contact(principal: Principal | None, *, owner_id, subject_ids, assigned_by) -> bool:
    """The customer's contact data: HR, admin and the complaint's owner only; an owner the complaint is about
    only when a manager (or HR, admin) assigned it to them, not when they took it themselves."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN:
        return True
    if owner_id is None or owner_id != principal.employee_id:
        return False
    return principal.employee_id not in set(subject_ids) or assigned_by is not None


def list_scope(principal: Principal | None, *, viewer: dict) -> Scope:
    """What a feedback list may contain, as can_see_feedback decides item by item."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN:
        return Scope(everyone=True)
    prefix = viewer["org_path"] + "/" if principal.role == Role.MANAGER else None
    return Scope(everyone=False, viewer_id=viewer["id"], subtree_prefix=prefix)


def make_code_for(principal: Principal | None, *, employee: dict | None) -> None:
    """Public codes: HR and admin for anyone or any location; managers for their subtree and for locations."""
    principal = signed_in(principal)
    if principal.role in STAFF_ADMIN:
        return
    if principal.role == Role.MANAGER and (employee is None or manages(principal.employee_id, employee)):
        return
    raise Forbidden("Only managers (for their team), HR and admin make feedback codes.")
