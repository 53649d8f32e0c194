"""Who may see and change a reminder: the employee herself, nobody else (not her manager, HR or admin)."""

from __future__ import annotations

import uuid

from services.platform.auth.guards import signed_in
from services.platform.auth.principal import Principal
from services.platform.errors import Forbidden


def own_reminder(principal: Principal | None, employee_id: uuid.UUID) -> Principal:
    principal = signed_in(principal)
    if principal.employee_id != employee_id:
        raise Forbidden("Only the employee herself sees her reminder.", code="FORBIDDEN")
    return principal
