"""GraphQL for assignments: managers and HR assign lessons to people in their scope."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from services.platform.auth.guards import has_role
from services.platform.auth.principal import Role
from services.platform.clock import local_date
from services.platform.errors import NotFound
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id

from ..directory import policies
from ..directory.graphql import current_employee
from ..lessons.graphql import LessonType
from ..lessons.service import get_catalogue
from ..progress.graphql import DailyReason
from . import service

if TYPE_CHECKING:
    from ..directory.graphql import EmployeeType


@strawberry.type(name="Assignment")
class AssignmentType:
    id: strawberry.ID
    source: str
    due_date: dt.date | None
    created_at: dt.datetime
    completed_at: dt.datetime | None
    row: strawberry.Private[dict]

    @classmethod
    def from_row(cls, row: dict) -> "AssignmentType":
        return cls(
            id=strawberry.ID(str(row["id"])),
            source=row["source"],
            due_date=row["due_date"],
            created_at=row["created_at"],
            completed_at=row["completed_at"],
            row=row,
        )

    @strawberry.field
    async def lesson(self, info: Info) -> LessonType:
        employee = await current_employee(info)
        return LessonType.of((await get_catalogue()).by_id[self.row["lesson"]], employee["locale"])

    @strawberry.field
    async def employee(
        self, info: Info
    ) -> Annotated["EmployeeType", strawberry.lazy("services.learning.directory.graphql")]:
        from ..directory.graphql import EmployeeType

        return EmployeeType.from_row(await context(info).loaders.employee.load(self.row["employee"]))


@strawberry.type(
    name="UpcomingLesson",
    description="The next assigned lesson after today's: first from availableFrom (after an assigned lesson still open).",
)
class UpcomingLessonType:
    lesson: LessonType
    reason: DailyReason = strawberry.field(description="Why it comes: ASSIGNED (the daily choice puts assignments first).")
    source: str = strawberry.field(description="complaint | manager")
    available_from: dt.date = strawberry.field(description="The employee's local day it becomes the daily lesson.")


async def upcoming_lesson(info: Info, *, employee: dict, plan: dict, locale: str) -> UpcomingLessonType | None:
    """The most pressing open assignment other than today's lesson (e.g. one that arrived after today's lesson was
    started): the daily choice puts it first from tomorrow, after an assigned lesson of today still open."""
    catalogue = await get_catalogue()
    rows = await context(info).loaders.open_assignments.load(employee["id"])
    # The plan row may come back through JSON: compare ids as text.
    today = str(plan["assignment_id"]) if plan["assignment_id"] else None
    waiting = next((r for r in rows if r["lesson"] in catalogue.active and str(r["id"]) != today), None)
    if waiting is None:
        return None
    return UpcomingLessonType(
        lesson=LessonType.of(catalogue.by_id[waiting["lesson"]], locale),
        reason=DailyReason.ASSIGNED,
        source=waiting["source"],
        available_from=plan["local_date"] + dt.timedelta(days=1),
    )


@strawberry.input
class AssignLessonInput:
    employee_ids: list[strawberry.ID]
    lesson_id: strawberry.ID
    due_date: dt.date | None = None
    client_mutation_id: str


@strawberry.type
class AssignmentMutation:
    @strawberry.mutation(description="Managers (their subtree), HR and admin: assign a lesson with a due date.")
    async def assign_lesson(self, info: Info, input: AssignLessonInput) -> list[AssignmentType]:
        principal = has_role(context(info).principal, Role.MANAGER, Role.HR, Role.ADMIN)
        assigner = await current_employee(info)
        ids = [parse_id(i) for i in input.employee_ids]
        loader = context(info).loaders
        rows = await loader.employee.load_many(ids)
        for wanted, row in zip(ids, rows):
            if row is None:
                raise NotFound(f"No employee {wanted}.", code="EMPLOYEE_NOT_FOUND")
            policies.manage_employee(principal, row)
        today = local_date(context(info).runtime.clock.now(), assigner["time_zone"])
        assignment_ids = await service.assign(
            assigner_id=assigner["id"],
            employees=rows,
            lesson_id=str(input.lesson_id),
            due_date=input.due_date,
            client_id=input.client_mutation_id,
            today=today,
        )
        found = await loader.assignment.load_many([uuid.UUID(i) for i in assignment_ids])
        return [AssignmentType.from_row(r) for r in found if r]
