"""Who is told when a complaint misses a target."""

from __future__ import annotations

import uuid

ACKNOWLEDGE = "acknowledge"
RESOLVE = "resolve"
TARGETS = (ACKNOWLEDGE, RESOLVE)

NOTIFICATION_KIND = {
    ACKNOWLEDGE: "complaint.acknowledge_overdue",
    RESOLVE: "complaint.resolve_overdue",
}


def notification_subject(feedback_id) -> str:
    return f"complaint:{feedback_id}"


def answerable(*, target: str, owner: dict | None, subjects: list[dict]) -> list[dict]:
    """Whose manager hears of it: the owner's for a late resolution; each subject's while nobody owns it."""
    if target == RESOLVE and owner is not None:
        return [owner]
    return subjects


def ancestors(person: dict) -> list[uuid.UUID]:
    """The people above someone in the org chart, nearest first."""
    return [uuid.UUID(i) for i in reversed(person["org_path"].split("/")[:-1])]


def nearest_active_manager(person: dict, staff: dict[uuid.UUID, dict]) -> uuid.UUID | None:
    """The closest active person above them: a manager who has left is skipped for the one above."""
    for manager_id in ancestors(person):
        manager = staff.get(manager_id)
        if manager is not None and manager["active"]:
            return manager_id
    return None


def recipients(
    *, target: str, owner: dict | None, subjects: list[dict], staff: dict[uuid.UUID, dict], fallback: list[uuid.UUID]
) -> list[uuid.UUID]:
    """The managers to notify, in order, each once.

    Someone with nobody active above them (the top of the org chart), or a complaint naming nobody the
    directory knows, is answered for by HR (`fallback`: active HR people, or admins when there is no HR),
    never by the person themselves.
    """
    people = answerable(target=target, owner=owner, subjects=subjects)
    if not people:
        return list(fallback)
    found: list[uuid.UUID] = []
    for person in people:
        manager = nearest_active_manager(person, staff)
        chosen = [manager] if manager is not None else [p for p in fallback if p != person["id"]]
        found += [c for c in chosen if c not in found]
    return found
