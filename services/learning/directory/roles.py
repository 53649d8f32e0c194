"""Who may give whom which role: one rule for the org-chart import and for setEmployeeRole.

- Nobody changes their own role.
- An admin changes anyone else's role.
- HR moves people between employee and manager only (a new hire too); giving or taking away hr or admin,
  and changing an admin's e-mail address or active state, is for an admin. (An admin's address is where
  their password-reset link goes.)
- Managers and employees change no roles.
- `actor` None is an operator at the command line, who holds the database anyway: everything is allowed.
"""

from __future__ import annotations

import uuid

from services.platform.auth.principal import Principal, Role
from services.platform.errors import Forbidden

ROLE_CHANGE_FORBIDDEN = "ROLE_CHANGE_FORBIDDEN"
HR_MAY_GIVE = frozenset({Role.EMPLOYEE.value, Role.MANAGER.value})


class RoleChangeForbidden(Forbidden):
    code = ROLE_CHANGE_FORBIDDEN


def role_change_refusal(
    actor: Principal | None, *, employee_id: uuid.UUID | None, old_role: str | None, new_role: str
) -> str | None:
    """Why the actor may not give the employee (None: a new hire) `new_role`; None when they may."""
    if actor is None or old_role == new_role:
        return None
    if employee_id is not None and employee_id == actor.employee_id:
        return "nobody changes their own role"
    if actor.role == Role.ADMIN:
        return None
    if actor.role == Role.HR:
        if old_role is not None and old_role not in HR_MAY_GIVE:
            return f"only an admin changes the role of someone who is {old_role}"
        if new_role not in HR_MAY_GIVE:
            return f"only an admin gives the role {new_role}"
        return None
    return "only HR and admin change roles"


def admin_account_refusal(actor: Principal | None, *, old: dict, new: dict) -> str | None:
    """Why the actor may not change an admin's e-mail address or active state; None when they may."""
    if actor is None or actor.role == Role.ADMIN or Role.ADMIN.value not in (old["role"], new["role"]):
        return None
    if old["email"] != new["email"]:
        return "only an admin changes an admin's e-mail address"
    if old["active"] != new["active"]:
        return "only an admin deactivates or reactivates an admin"
    return None


def check_role_change(actor: Principal | None, *, employee_id: uuid.UUID, old_role: str, new_role: str) -> None:
    """ROLE_CHANGE_FORBIDDEN unless the actor may make this change."""
    refusal = role_change_refusal(actor, employee_id=employee_id, old_role=old_role, new_role=new_role)
    if refusal is not None:
        raise RoleChangeForbidden(f"This role change is not allowed: {refusal}.")
