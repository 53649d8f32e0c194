"""Tokens already issued follow role changes, deactivation and new passwords, within `token_recheck_seconds`.

A token carries the employee's token version (`tv`) and role. Each service checks them against its own
table (learning: the employees; feedback: its replica of them) through a per-process memory re-read at most
every `token_recheck_seconds`, so most requests cost no statement; a miss reads through the request's own
employee DataLoader, which the request needs anyway.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from ..errors import Unauthenticated
from .principal import Principal

REVOKED = "TOKEN_REVOKED"
MAX_REMEMBERED = 100_000

Load = Callable[[uuid.UUID], Awaitable[dict | None]]


class TokenRevoked(Unauthenticated):
    """UNAUTHENTICATED with reason TOKEN_REVOKED: the client signs in again, as for any unauthenticated call."""

    def __init__(self) -> None:
        super().__init__("This sign-in is no longer valid (the account changed); please sign in again.", reason=REVOKED)


@dataclass(frozen=True)
class TokenState:
    """What a token is judged by: the employee's role, active flag and token version as last read."""

    role: str
    active: bool
    token_version: int
    read_at: float


def still_valid(principal: Principal, state: TokenState) -> bool:
    """A token stands while its version is the employee's current one (and they are active in that role).

    A version newer than the one known here means this table is behind the learning service (the feedback
    replica waits for an event): the token was signed with that newer state, so it is believed.
    """
    if principal.token_version > state.token_version:
        return True
    return (
        principal.token_version == state.token_version and state.active and state.role == principal.role.value
    )


class TokenStates:
    """The per-process memory of employees' token states."""

    def __init__(self, *, recheck_seconds: float) -> None:
        self.recheck_seconds = recheck_seconds
        self._states: dict[uuid.UUID, TokenState] = {}

    async def check(self, principal: Principal, *, now: dt.datetime, load: Load) -> None:
        """TokenRevoked unless the token still stands; reads the employee when the memory is older than allowed."""
        at = now.timestamp()
        state = self._states.get(principal.employee_id)
        # A clock that went back (tests set it) makes a state fresh forever; read again then, too.
        if state is None or not 0 <= at - state.read_at < self.recheck_seconds:
            row = await load(principal.employee_id)
            if row is None:
                # Unknown here (never, or not yet, replicated): refused, but not remembered, so a replica that
                # catches up is believed at once.
                self._states.pop(principal.employee_id, None)
                raise TokenRevoked()
            state = TokenState(
                role=row["role"], active=row["active"], token_version=row["token_version"], read_at=at
            )
            self._remember(principal.employee_id, state)
        if not still_valid(principal, state):
            raise TokenRevoked()

    def forget(self, employee_id: uuid.UUID) -> None:
        """Drop what this process remembers (it changed the employee itself: no need to wait)."""
        self._states.pop(employee_id, None)

    def _remember(self, employee_id: uuid.UUID, state: TokenState) -> None:
        self._states.pop(employee_id, None)
        if len(self._states) >= MAX_REMEMBERED:
            # Dicts keep insertion order: the first entry is the one read longest ago.
            self._states.pop(next(iter(self._states)))
        self._states[employee_id] = state
