"""GraphQL for the directory: the Employee entity, sign-in, listing people in scope, the org-chart import."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from services.platform.auth.guards import hr_or_admin, signed_in
from services.platform.auth.principal import Principal
from services.platform.auth.tokens import issue_token
from services.platform.errors import Unauthenticated, ValidationFailed
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id
from services.platform.graphql.pagination import NAME_AND_ID, Page, decode_cursor, make_page, page_size

from . import importer, policies
from . import service as directory

if TYPE_CHECKING:
    from ..assignments.graphql import AssignmentType
    from ..progress.graphql import ProgressType


@strawberry.federation.type(keys=["id"], name="Employee")
class EmployeeType:
    id: strawberry.ID
    hr_id: str
    name: str
    email: str
    job_title: str
    role_family: str
    locale: str
    time_zone: str
    role: str
    active: bool
    manager_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_row(cls, row: dict) -> "EmployeeType":
        return cls(
            id=strawberry.ID(str(row["id"])),
            hr_id=row["hr_id"],
            name=row["name"],
            email=row["email"],
            job_title=row["job_title"],
            role_family=row["role_family"],
            locale=row["locale"],
            time_zone=row["time_zone"],
            role=row["role"],
            active=row["active"],
            manager_id=row["manager"],
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "EmployeeType | None":
        await current_employee(info)  # a deactivated employee's token opens nothing, here neither
        return await load_visible_employee(info, parse_id(id))

    @strawberry.field
    async def manager(self, info: Info) -> "EmployeeType | None":
        if self.manager_id is None:
            return None
        row = await context(info).loaders.employee.load(self.manager_id)
        return EmployeeType.from_row(row) if row else None

    @strawberry.field(description="Streak, XP and level; visible to the employee, their managers, HR and admin.")
    async def progress(
        self, info: Info
    ) -> Annotated["ProgressType", strawberry.lazy("services.learning.progress.graphql")]:
        from ..progress.graphql import ProgressType

        employee = await context(info).loaders.employee.load(uuid.UUID(self.id))
        policies.view_employee(context(info).principal, employee)
        row = await context(info).loaders.progress.load(uuid.UUID(self.id))
        return ProgressType.from_row(row, today=_today_for(info, employee))

    @strawberry.field(description="Lessons assigned and not yet passed, most pressing first.")
    async def open_assignments(
        self, info: Info
    ) -> list[Annotated["AssignmentType", strawberry.lazy("services.learning.assignments.graphql")]]:
        from ..assignments.graphql import AssignmentType

        employee = await context(info).loaders.employee.load(uuid.UUID(self.id))
        policies.view_employee(context(info).principal, employee)
        rows = await context(info).loaders.open_assignments.load(uuid.UUID(self.id))
        return [AssignmentType.from_row(r) for r in rows]


def _today_for(info: Info, employee: dict) -> dt.date:
    from services.platform.clock import local_date

    return local_date(context(info).runtime.clock.now(), employee["time_zone"])


async def current_employee(info: Info) -> dict:
    """The signed-in caller's employee row; a deactivated employee's token no longer works."""
    principal = signed_in(context(info).principal)
    row = await context(info).loaders.employee.load(principal.employee_id)
    if row is None or not row["active"]:
        raise Unauthenticated("This account is no longer active.")
    return row


async def load_visible_employee(info: Info, employee_id: uuid.UUID) -> EmployeeType | None:
    row = await context(info).loaders.employee.load(employee_id)
    if row is None:
        return None
    policies.view_employee(context(info).principal, row)
    return EmployeeType.from_row(row)


@strawberry.type
class LoginResult:
    token: str
    employee: EmployeeType


@strawberry.type
class ImportRowError:
    line: int
    hr_id: str | None
    message: str


@strawberry.type
class ImportReport:
    dry_run: bool
    created: list[str]
    updated: list[str]
    deactivated: list[str]
    reactivated: list[str]
    unchanged: int




@strawberry.type
class DirectoryQuery:
    @strawberry.field(description="The signed-in employee.")
    async def me(self, info: Info) -> EmployeeType:
        return EmployeeType.from_row(await current_employee(info))

    @strawberry.field(description="One employee within the caller's scope.")
    async def employee(self, info: Info, id: strawberry.ID) -> EmployeeType | None:
        await current_employee(info)
        return await load_visible_employee(info, parse_id(id))

    @strawberry.field(
        description="People in the caller's scope ordered by name: a manager's subtree, everyone for HR and admin."
    )
    async def employees(
        self, info: Info, first: int | None = None, after: str | None = None, include_inactive: bool = False
    ) -> Page[EmployeeType]:
        viewer = await current_employee(info)
        prefix = policies.team_scope(context(info).principal, viewer=viewer)
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        cursor = decode_cursor(after, NAME_AND_ID)
        rows = await directory.get_page(
            path_prefix=prefix,
            only_id=None,
            after_name=tuple(cursor) if cursor else None,
            limit=size + 1,
            include_inactive=include_inactive,
        )
        loader = context(info).loaders.employee
        for row in rows:
            loader.prime(row["id"], row)
        page = make_page(rows, size, key_of=lambda r: [r["name"], str(r["id"])])
        return Page(items=[EmployeeType.from_row(r) for r in page.items], page_info=page.page_info)


@strawberry.type
class DirectoryMutation:
    @strawberry.mutation(description="Sign in with e-mail and password; returns a bearer token.")
    async def login(self, info: Info, email: str, password: str) -> LoginResult:
        principal: Principal = await directory.sign_in(email=email, password=password)
        runtime = context(info).runtime
        row = await directory.get(employee_id=principal.employee_id)
        token = issue_token(principal, settings=runtime.settings, now=runtime.clock.now())
        return LoginResult(token=token, employee=EmployeeType.from_row(row))

    @strawberry.mutation(
        description=(
            "HR: import the org chart as CSV (upload `file` or pass `csv`). The whole file is validated first; "
            "any invalid row fails the import with code IMPORT_INVALID and nothing is written. `dryRun` reports "
            "what would change. `deactivateMissing` deactivates active employees absent from the file."
        )
    )
    async def import_org_chart(
        self,
        info: Info,
        file: Upload | None = None,
        csv: str | None = None,
        dry_run: bool = False,
        deactivate_missing: bool = False,
    ) -> ImportReport:
        hr_or_admin(context(info).principal)
        await current_employee(info)
        text = await _csv_text(file, csv, limit=context(info).runtime.settings.max_upload_bytes)
        report = await importer.run_import(
            text, dry_run=dry_run, deactivate_missing=deactivate_missing, now=context(info).runtime.clock.now()
        )
        if report.errors:
            raise ValidationFailed(
                f"The file has {len(report.errors)} problem(s); nothing was imported.",
                code="IMPORT_INVALID",
                errors=[{"line": e.line, "hrId": e.hr_id, "message": e.message} for e in report.errors[:500]],
            )
        if not dry_run and (report.created or report.updated or report.deactivated or report.reactivated):
            await context(info).runtime.enqueue_soon("relay_outbox")
        return ImportReport(
            dry_run=report.dry_run,
            created=report.created,
            updated=report.updated,
            deactivated=report.deactivated,
            reactivated=report.reactivated,
            unchanged=report.unchanged,
        )


async def _csv_text(file: Upload | None, csv: str | None, *, limit: int) -> str:
    if (file is None) == (csv is None):
        raise ValidationFailed("Give exactly one of `file` or `csv`.", code="IMPORT_INPUT")
    if isinstance(file, str):
        # `Upload` takes whatever a client puts there; a string sent as the file is read as the file's text.
        csv, file = file, None
    elif file is not None and not hasattr(file, "read"):
        raise ValidationFailed("`file` must be an uploaded file.", code="IMPORT_INPUT")
    raw = await file.read(limit + 1) if file is not None else csv.encode()
    if len(raw) > limit:
        raise ValidationFailed(f"The file is larger than {limit // (1024 * 1024)} MB.", code="IMPORT_TOO_LARGE")
    try:
        return raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise ValidationFailed("The file is not UTF-8 text.", code="IMPORT_ENCODING") from exc

