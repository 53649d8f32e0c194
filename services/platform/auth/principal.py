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
