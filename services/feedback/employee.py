"""The Employee entity as the feedback subgraph contributes it: the replica's name, recognition and NPS.

The learning subgraph owns the employee (e-mail, role, manager, progress ...). `name`, `jobTitle` and `active`
are @shareable: this service keeps the replica's copy so its own screens need no gateway, and the gateway may
take them from either subgraph (the replica follows the learning service within seconds, see directory/).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id

from .directory.graphql import current_staff
from .loyalty import policies as loyalty_policies
from .loyalty.graphql import Nps, check_period
from .recognition.graphql import RecognitionType, recognition_of


@strawberry.federation.type(keys=["id"], name="Employee")
class EmployeeEntity:
    """An employee; the learning subgraph owns the rest of them."""

    id: strawberry.ID

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "EmployeeEntity | None":
        await current_staff(info)
        row = await context(info).loaders.staff.load(parse_id(id))
        return cls(id=strawberry.ID(str(row["id"]))) if row else None

    @classmethod
    def of(cls, employee_id: uuid.UUID) -> "EmployeeEntity":
        return cls(id=strawberry.ID(str(employee_id)))

    async def _row(self, info: Info) -> dict:
        return await context(info).loaders.staff.load(uuid.UUID(self.id))

    @strawberry.federation.field(shareable=True, description="As the learning service last announced it.")
    async def name(self, info: Info) -> str:
        return (await self._row(info))["name"]

    @strawberry.federation.field(shareable=True, description="As the learning service last announced it.")
    async def job_title(self, info: Info) -> str:
        return (await self._row(info))["job_title"]

    @strawberry.federation.field(shareable=True, description="As the learning service last announced it.")
    async def active(self, info: Info) -> bool:
        return (await self._row(info))["active"]

    @strawberry.field(description="Points, recognition level and badges (the learning level is progress.level).")
    async def recognition(self, info: Info) -> RecognitionType:
        return await recognition_of(info, uuid.UUID(self.id))

    @strawberry.field(description="NPS of this employee's surveys: themselves, their managers, HR and admin.")
    async def nps(
        self,
        info: Info,
        from_: Annotated[dt.datetime | None, strawberry.argument(name="from")] = None,
        to: dt.datetime | None = None,
    ) -> Nps | None:
        check_period(from_, to)
        employee = await self._row(info)
        if employee is None:
            return None
        loyalty_policies.see_nps_of(context(info).principal, employee)
        return Nps.of(await context(info).loaders.employee_nps.load((employee["id"], from_, to)))


async def reference(info: Info, employee_id: uuid.UUID | None) -> EmployeeEntity | None:
    """An Employee reference for an id, when the replica knows the employee (None otherwise)."""
    if employee_id is None:
        return None
    row = await context(info).loaders.staff.load(employee_id)
    return EmployeeEntity.of(row["id"]) if row else None


async def references(info: Info, employee_ids: list[uuid.UUID]) -> list[EmployeeEntity]:
    """References for the ids the replica knows, in order."""
    rows = await context(info).loaders.staff.load_many(employee_ids)
    return [EmployeeEntity.of(r["id"]) for r in rows if r]
