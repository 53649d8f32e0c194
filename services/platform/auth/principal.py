"""Who is calling: the signed-in employee and their role."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass


class Role(str, enum.Enum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    HR = "hr"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    employee_id: uuid.UUID
    role: Role
    # The employee's token version when the token was issued: a role change, deactivation or new password
    # bumps it, which revokes older tokens (auth/revocation.py).
    token_version: int = 1
