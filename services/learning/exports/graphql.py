"""GraphQL for training exports: ask for a CSV or xAPI file or an LRS push, follow it, read the audit."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from services.platform.auth.guards import admin, has_role
from services.platform.auth.principal import Role
from services.platform.errors import NotFound
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id
from services.platform.graphql.pagination import INSTANT_AND_ID, Page, decode_cursor, make_page, page_size

from ..directory.graphql import current_employee
from ..lessons.graphql import Topic
from . import jobs, links, policies, service

if TYPE_CHECKING:
    from ..directory.graphql import EmployeeType

EmployeeRef = Annotated["EmployeeType", strawberry.lazy("services.learning.directory.graphql")]


@strawberry.enum
class ExportFormat(enum.Enum):
    CSV = "csv"
    XAPI_1_0_3 = "xapi_1_0_3"
    XAPI_2_0 = "xapi_2_0"


@strawberry.enum
class ExportKind(enum.Enum):
    EXPORT = "export"
    PUSH = "push"


@strawberry.enum
class ExportStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@strawberry.enum
class ExportOutcome(enum.Enum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@strawberry.type(name="ExportFilters")
class ExportFiltersType:
    from_: dt.date = strawberry.field(name="from")
    to: dt.date = strawberry.field(description="The first day not included.")
    team_of: strawberry.ID | None
    topic: Topic | None
    excel_bom: bool

    @classmethod
    def of(cls, filters: dict) -> "ExportFiltersType":
        return cls(
            from_=dt.date.fromisoformat(filters["from"]),
            to=dt.date.fromisoformat(filters["to"]),
            team_of=strawberry.ID(filters["team_of"]) if filters.get("team_of") else None,
            topic=Topic(filters["topic"]) if filters.get("topic") else None,
            excel_bom=bool(filters.get("excel_bom")),
        )


async def _employee(info: Info, employee_id) -> EmployeeRef | None:
    from ..directory.graphql import EmployeeType

    if employee_id is None:
        return None
    row = await context(info).loaders.employee.load(employee_id)
    return EmployeeType.from_row(row) if row else None


@strawberry.type(name="StatementRefusal", description="A statement the LRS would not store, and what it said.")
class StatementRefusalType:
    statement_id: strawberry.ID
    http_status: int
    reason: str


@strawberry.type(name="TrainingExport")
class TrainingExportType:
    id: strawberry.ID
    kind: ExportKind
    format: ExportFormat
    status: ExportStatus
    rows_done: int = strawberry.field(description="CSV rows or xAPI statements written (pushed) so far.")
    rows_total: int | None
    expires_at: dt.datetime | None = strawberry.field(description="When downloadUrl stops working.")
    error: str | None
    refused_count: int = strawberry.field(description="Statements the LRS refused (see refusals).")
    filters: ExportFiltersType
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    row: strawberry.Private[dict]

    @classmethod
    def from_row(cls, row: dict) -> "TrainingExportType":
        return cls(
            id=strawberry.ID(str(row["id"])),
            kind=ExportKind(row["kind"]),
            format=ExportFormat(row["format"]),
            status=ExportStatus(row["status"]),
            rows_done=row["rows_done"],
            rows_total=row["rows_total"],
            expires_at=row["expires_at"],
            error=row["error"],
            refused_count=row["refused"],
            filters=ExportFiltersType.of(service.filters_of(row)),
            created_at=row["created_at"],
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            row=row,
        )

    @strawberry.field(description="A signed link to the file (no sign-in needed) until expiresAt; null before.")
    def download_url(self, info: Info) -> str | None:
        runtime = context(info).runtime
        expires_at = self.row["expires_at"]
        if (
            self.row["status"] != "done"
            or not expires_at
            or expires_at <= runtime.clock.now()
            or not self.row["file_name"]
        ):
            return None
        return links.download_url(
            base_url=runtime.settings.learning_service_url, export_id=self.row["id"], expires_at=expires_at
        )

    @strawberry.field(description="The statements the LRS refused, with its reasons (the first 100).")
    async def refusals(self, info: Info) -> list[StatementRefusalType]:
        rows = await context(info).loaders.export_refusals.load(self.row["id"])
        return [
            StatementRefusalType(
                statement_id=strawberry.ID(str(r["statement_id"])), http_status=r["http_status"], reason=r["reason"]
            )
            for r in rows
        ]

    @strawberry.field
    async def requested_by(self, info: Info) -> EmployeeRef | None:
        return await _employee(info, self.row["requested_by"])


@strawberry.type(name="ExportAuditEntry")
class ExportAuditEntryType:
    id: strawberry.ID
    export_id: strawberry.ID
    kind: ExportKind
    format: ExportFormat
    filters: ExportFiltersType
    row_count: int | None
    started_at: dt.datetime
    finished_at: dt.datetime | None
    outcome: ExportOutcome
    error: str | None
    row: strawberry.Private[dict]

    @classmethod
    def from_row(cls, row: dict) -> "ExportAuditEntryType":
        return cls(
            id=strawberry.ID(str(row["id"])),
            export_id=strawberry.ID(str(row["export_id"])),
            kind=ExportKind(row["kind"]),
            format=ExportFormat(row["format"]),
            filters=ExportFiltersType.of(service.filters_of(row)),
            row_count=row["row_count"],
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            outcome=ExportOutcome(row["outcome"]),
            error=row["error"],
            row=row,
        )

    @strawberry.field(description="Who asked; null for an operator at the command line.")
    async def actor(self, info: Info) -> EmployeeRef | None:
        return await _employee(info, self.row["actor"])


@strawberry.input
class StartTrainingExportInput:
    format: ExportFormat
    from_: dt.date = strawberry.field(name="from")
    to: dt.date = strawberry.field(description="The first day not included (a month: 2026-01-01 to 2026-02-01).")
    team_of: strawberry.ID | None = strawberry.field(default=None, description="That employee and everyone below.")
    topic: Topic | None = None
    excel_bom: bool = strawberry.field(default=False, description="CSV: start with a UTF-8 BOM (for Excel).")
    client_mutation_id: str


@strawberry.input
class PushTrainingRecordsInput:
    from_: dt.date = strawberry.field(name="from")
    to: dt.date = strawberry.field(description="The first day not included.")
    team_of: strawberry.ID | None = None
    client_mutation_id: str


async def _start(
    info: Info, *, kind: str, format: str, from_date, to_date, team_of, topic, excel_bom, client_id
) -> TrainingExportType:
    principal = has_role(context(info).principal, Role.MANAGER, Role.HR, Role.ADMIN)
    requester = await current_employee(info)
    team = None
    if team_of is not None:
        team = await context(info).loaders.employee.load(parse_id(team_of))
        if team is None:
            raise NotFound("No such employee.", code="EMPLOYEE_NOT_FOUND")
    scope_path = policies.export_scope(principal, requester=requester, team_of=team)
    runtime = context(info).runtime
    if kind == "push":
        service.check_lrs_configured(runtime.settings)
    export_id = await service.start(
        requester_id=requester["id"],
        kind=kind,
        format=format,
        from_date=from_date,
        to_date=to_date,
        team_of=team["id"] if team else None,
        topic=topic.value if topic else None,
        scope_path=scope_path,
        excel_bom=excel_bom,
        client_id=client_id,
        now=runtime.clock.now(),
    )
    job = jobs.EXPORT_JOB if kind == "export" else jobs.PUSH_JOB
    # A replay enqueues again: arq drops the duplicate job id, and a finished export's job does nothing.
    await runtime.enqueue_soon(job, str(export_id), _job_id=jobs.job_id(export_id))
    return TrainingExportType.from_row(await service.get(export_id=export_id))


def _push_format(info: Info) -> str:
    return service.PUSH_FORMATS[context(info).runtime.settings.lrs_version]


@strawberry.type
class ExportQuery:
    @strawberry.field(description="One of your exports (admin: anyone's).")
    async def training_export(self, info: Info, id: strawberry.ID) -> TrainingExportType | None:
        principal = has_role(context(info).principal, Role.MANAGER, Role.HR, Role.ADMIN)
        await current_employee(info)
        row = await service.get(export_id=parse_id(id))
        if row is None or not policies.can_read_export(principal, row):
            return None
        return TrainingExportType.from_row(row)

    @strawberry.field(description="Your exports and pushes, newest first (admin: everyone's).")
    async def training_exports(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Page[TrainingExportType]:
        principal = has_role(context(info).principal, Role.MANAGER, Role.HR, Role.ADMIN)
        await current_employee(info)
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        cursor = decode_cursor(after, INSTANT_AND_ID)
        rows = await service.page(
            requested_by=None if principal.role == Role.ADMIN else principal.employee_id, after=cursor, size=size
        )
        page = make_page(rows, size, key_of=lambda r: [r["created_at"].isoformat(), str(r["id"])])
        return Page(items=[TrainingExportType.from_row(r) for r in page.items], page_info=page.page_info)

    @strawberry.field(description="Admin: every export and push, who asked, what, how it ended; newest first.")
    async def export_audit(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Page[ExportAuditEntryType]:
        admin(context(info).principal)
        await current_employee(info)
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        cursor = decode_cursor(after, INSTANT_AND_ID)
        rows = await service.audit_page(after=cursor, size=size)
        page = make_page(rows, size, key_of=lambda r: [r["started_at"].isoformat(), str(r["id"])])
        return Page(items=[ExportAuditEntryType.from_row(r) for r in page.items], page_info=page.page_info)


@strawberry.type
class ExportMutation:
    @strawberry.mutation(
        description=(
            "HR and admin (anyone's), managers (their subtree): export lesson sessions as CSV or xAPI statements. "
            "Runs as a job: follow rowsDone/rowsTotal with trainingExport(id), then fetch downloadUrl."
        )
    )
    async def start_training_export(self, info: Info, input: StartTrainingExportInput) -> TrainingExportType:
        return await _start(
            info,
            kind="export",
            format=input.format.value,
            from_date=input.from_,
            to_date=input.to,
            team_of=input.team_of,
            topic=input.topic,
            excel_bom=input.excel_bom,
            client_id=input.client_mutation_id,
        )

    @strawberry.mutation(
        description="HR and admin (anyone's), managers (their subtree): send the statements to the configured LRS."
    )
    async def push_training_records(self, info: Info, input: PushTrainingRecordsInput) -> TrainingExportType:
        return await _start(
            info,
            kind="push",
            format=_push_format(info),
            from_date=input.from_,
            to_date=input.to,
            team_of=input.team_of,
            topic=None,
            excel_bom=False,
            client_id=input.client_mutation_id,
        )
