"""Who may see a complaint and who may take each step of its lifecycle."""

from __future__ import annotations

from services.platform.auth.guards import signed_in
from services.platform.auth.principal import Principal, Role
from services.platform.errors import Forbidden

from ..directory.policies import STAFF_ADMIN, can_see_about, manages
from . import lifecycle

# How the caller stands to a complaint.
SUBJECT = "subject"  # the complaint is about them
SUBJECT_MANAGER = "subject_manager"  # a manager above one of the subjects
OWNER = "owner"  # acknowledged it or had it transferred to them
OWNER_MANAGER = "owner_manager"  # a manager above the owner
STAFF_ADMIN_ROLE = "hr_or_admin"

# Who may take each step. Acknowledging takes ownership, so the people the complaint concerns may;
# once it has an owner, responsibility follows the owner and their line; closing and reopening also
# stay open to the subjects' line, who answer for the service the customer received.
MAY_ACT: dict[str, frozenset[str]] = {
    lifecycle.ACKNOWLEDGE: frozenset({SUBJECT, SUBJECT_MANAGER, STAFF_ADMIN_ROLE}),
    lifecycle.TRANSFER: frozenset({OWNER, OWNER_MANAGER, STAFF_ADMIN_ROLE}),
    lifecycle.RESOLVE: frozenset({OWNER, OWNER_MANAGER, STAFF_ADMIN_ROLE}),
    lifecycle.CLOSE: frozenset({OWNER, OWNER_MANAGER, SUBJECT_MANAGER, STAFF_ADMIN_ROLE}),
    lifecycle.REOPEN: frozenset({OWNER, OWNER_MANAGER, SUBJECT_MANAGER, STAFF_ADMIN_ROLE}),
    # Whoever may acknowledge or handle it may say what it is about. A subject changing the category cannot dodge
    # a lesson: a lesson once asked for stays assigned; a new category only asks for one more.
    lifecycle.CATEGORISE: frozenset({SUBJECT, SUBJECT_MANAGER, OWNER, OWNER_MANAGER, STAFF_ADMIN_ROLE}),
}


# Who may turn a resolved complaint into a practice scenario: the managers above its subjects (their team), HR, admin.
SCENARIO_AUTHORS = frozenset({SUBJECT_MANAGER, STAFF_ADMIN_ROLE})


def standing(principal: Principal | None, *, owner: dict | None, subjects: list[dict]) -> set[str]:
    """Every way the caller stands to the complaint (empty: it is none of their business)."""
    principal = signed_in(principal)
    found: set[str] = set()
    me = principal.employee_id
    is_manager = principal.role == Role.MANAGER
    if principal.role in STAFF_ADMIN:
        found.add(STAFF_ADMIN_ROLE)
    if any(s["id"] == me for s in subjects):
        found.add(SUBJECT)
    if is_manager and any(manages(me, s) for s in subjects):
        found.add(SUBJECT_MANAGER)
    if owner is not None and owner["id"] == me:
        found.add(OWNER)
    if is_manager and owner is not None and manages(me, owner):
        found.add(OWNER_MANAGER)
    return found


def can_see(principal: Principal | None, *, owner: dict | None, subjects: list[dict]) -> bool:
    """As for the feedback itself (subjects, their managers, HR, admin), plus the owner and the owner's line."""
    return can_see_about(principal, subjects) or bool(standing(principal, owner=owner, subjects=subjects))


def see(principal: Principal | None, *, owner: dict | None, subjects: list[dict]) -> None:
    if not can_see(principal, owner=owner, subjects=subjects):
        raise Forbidden("This complaint is outside your scope.")


def may_draft_scenario(principal: Principal | None, *, owner: dict | None, subjects: list[dict]) -> None:
    """FORBIDDEN unless the caller manages someone the complaint is about, or is HR or admin."""
    if not SCENARIO_AUTHORS & standing(principal, owner=owner, subjects=subjects):
        raise Forbidden("Only the managers of the people it is about, HR and admin may use this complaint.")


def may_act(principal: Principal | None, action: str, *, owner: dict | None, subjects: list[dict]) -> None:
    """FORBIDDEN unless the caller's standing allows the step (see MAY_ACT)."""
    if not MAY_ACT[action] & standing(principal, owner=owner, subjects=subjects):
        raise Forbidden(f"You may not {action} this complaint.")


def allowed_actions(principal: Principal | None, *, status: str, owner: dict | None, subjects: list[dict]) -> list[str]:
    """The steps the caller may take on a complaint in this status now, in lifecycle order (CATEGORISE last):
    what the state machine allows from the status and the caller's standing allows them."""
    mine = standing(principal, owner=owner, subjects=subjects)
    steps = [a for a in lifecycle.ACTIONS if (status, a) in lifecycle.TRANSITIONS and MAY_ACT[a] & mine]
    if MAY_ACT[lifecycle.CATEGORISE] & mine:
        steps.append(lifecycle.CATEGORISE)
    return steps
