"""The complaint state machine: which action is allowed in which status, and where it leads."""

from __future__ import annotations

from services.platform.errors import Conflict

RECEIVED = "received"
ACKNOWLEDGED = "acknowledged"
RESOLVED = "resolved"
CLOSED = "closed"
STATUSES = (RECEIVED, ACKNOWLEDGED, RESOLVED, CLOSED)

ACKNOWLEDGE = "acknowledge"
TRANSFER = "transfer"
RESOLVE = "resolve"
CLOSE = "close"
REOPEN = "reopen"
ACTIONS = (ACKNOWLEDGE, TRANSFER, RESOLVE, CLOSE, REOPEN)
# Setting or correcting the category changes no status; it is in the history all the same, in any status.
CATEGORISE = "categorise"

# (status, action) -> new status. Every step a complaint can take is listed here and nowhere else.
TRANSITIONS: dict[tuple[str, str], str] = {
    (RECEIVED, ACKNOWLEDGE): ACKNOWLEDGED,
    (ACKNOWLEDGED, TRANSFER): ACKNOWLEDGED,
    (ACKNOWLEDGED, RESOLVE): RESOLVED,
    (RESOLVED, CLOSE): CLOSED,
    (RESOLVED, REOPEN): ACKNOWLEDGED,
    (CLOSED, REOPEN): ACKNOWLEDGED,
}

# Complaints in these statuses are waiting on someone: the response-time targets watch them.
AWAITING_ACKNOWLEDGEMENT = RECEIVED
AWAITING_RESOLUTION = ACKNOWLEDGED


class InvalidTransition(Conflict):
    code = "INVALID_TRANSITION"


def next_status(status: str, action: str) -> str:
    """Where the action leads from the status; INVALID_TRANSITION (with `from` and `action`) when it may not."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        # The details name the status and the action as the API's enums spell them.
        raise InvalidTransition(
            f"Cannot {action} a complaint that is {status}.", **{"from": status.upper(), "action": action.upper()}
        ) from None
