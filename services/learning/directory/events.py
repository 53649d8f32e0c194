"""The directory's events: what the feedback service's replica receives."""

from __future__ import annotations

UPSERTED = "employee.upserted"
DEACTIVATED = "employee.deactivated"


def employee_event(employee: dict) -> tuple[str, dict]:
    """(topic, payload) for an employee's new state; `version` lets consumers drop stale events."""
    payload = {
        "id": str(employee["id"]),
        "hr_id": employee["hr_id"],
        "name": employee["name"],
        "email": employee["email"],
        "job_title": employee["job_title"],
        "role_family": employee["role_family"],
        "manager_id": str(employee["manager"]) if employee["manager"] else None,
        "org_path": employee["org_path"],
        "locale": employee["locale"],
        "time_zone": employee["time_zone"],
        "role": employee["role"],
        "active": employee["active"],
        "version": employee["version"],
        "token_version": employee["token_version"],
    }
    return (UPSERTED if employee["active"] else DEACTIVATED), payload
