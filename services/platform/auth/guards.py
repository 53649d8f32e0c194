"""Role-level guards shared by every service; domain policies build on them."""

from __future__ import annotations

from ..errors import Forbidden, Unauthenticated
from .principal import Principal, Role

STAFF_ADMIN_ROLES = frozenset({Role.HR, Role.ADMIN})


def signed_in(principal: Principal | None) -> Principal:
    """Any signed-in employee."""
    if principal is None:
        raise Unauthenticated("Sign in first.")
    return principal


def has_role(principal: Principal | None, *roles: Role) -> Principal:
    """A signed-in employee holding one of the roles."""
    principal = signed_in(principal)
    if principal.role not in roles:
        raise Forbidden("Your role does not allow this.")
    return principal


def hr_or_admin(principal: Principal | None) -> Principal:
    return has_role(principal, Role.HR, Role.ADMIN)


def admin(principal: Principal | None) -> Principal:
    return has_role(principal, Role.ADMIN)
