"""GraphQL for the directory: the Employee entity, sign-in, listing people in scope, the org-chart import,
roles and their audit, invitations and password resets."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from services.platform.auth.guards import hr_or_admin, signed_in
from services.platform.auth.principal import Principal, Role
from services.platform.auth.tokens import issue_token
from services.platform.errors import Unauthenticated, ValidationFailed
from services.platform.graphql.context import context, request_address
from services.platform.graphql.ids import parse_id
from services.platform.graphql.pagination import INSTANT_AND_ID, NAME_AND_ID, Page, decode_cursor, make_page, page_size

from . import importer, password_links, policies
from . import service as directory
from .roles import ROLE_CHANGE_FORBIDDEN

if TYPE_CHECKING:
    from ..assignments.graphql import AssignmentType
    from ..progress.graphql import ProgressType
    from ..reminders.graphql import DailyReminderType


@strawberry.federation.type(keys=["id"], name="Employee")
class EmployeeType:
    id: strawberry.ID
    hr_id: str
    # Shareable: the feedback subgraph serves its replica's copy of these (services/feedback/employee.py).
    name: str = strawberry.federation.field(shareable=True)
    email: str
    job_title: str = strawberry.federation.field(shareable=True)
    role_family: str
    locale: str
    time_zone: str
    role: str
    active: bool = strawberry.federation.field(shareable=True)
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
        return await ProgressType.from_row(row, today=_today_for(info, employee)).preload(info)

    @strawberry.field(description="The daily reminder; only the employee herself sees it (anyone else: FORBIDDEN).")
    async def reminder(
        self, info: Info
    ) -> Annotated["DailyReminderType", strawberry.lazy("services.learning.reminders.graphql")] | None:
        # Nullable: in a list of people, the FORBIDDEN of another's reminder leaves the rest of the page standing.
        from ..reminders.graphql import reminder_of

        return await reminder_of(info, uuid.UUID(self.id))

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


@strawberry.enum(name="EmployeeRole")
class EmployeeRole(enum.Enum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    HR = "hr"
    ADMIN = "admin"


@strawberry.enum
class RoleChangeVia(enum.Enum):
    IMPORT = "import"
    MUTATION = "mutation"


@strawberry.type
class LoginResult:
    token: str
    employee: EmployeeType


@strawberry.type(description="One role given: who changed whose role, from what (null: a new hire) to what, when.")
class RoleChange:
    id: strawberry.ID
    from_role: EmployeeRole | None
    to_role: EmployeeRole
    via: RoleChangeVia
    changed_at: dt.datetime
    employee_id: strawberry.Private[uuid.UUID]
    changed_by_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_row(cls, row: dict) -> "RoleChange":
        return cls(
            id=strawberry.ID(str(row["id"])),
            from_role=EmployeeRole(row["from_role"]) if row["from_role"] else None,
            to_role=EmployeeRole(row["to_role"]),
            via=RoleChangeVia(row["via"]),
            changed_at=row["changed_at"],
            employee_id=row["employee"],
            changed_by_id=row["changed_by"],
        )

    @strawberry.field
    async def employee(self, info: Info) -> EmployeeType:
        return EmployeeType.from_row(await context(info).loaders.employee.load(self.employee_id))

    @strawberry.field(description="Null when an operator imported the file at the command line.")
    async def changed_by(self, info: Info) -> EmployeeType | None:
        if self.changed_by_id is None:
            return None
        return EmployeeType.from_row(await context(info).loaders.employee.load(self.changed_by_id))


@strawberry.input
class SetEmployeeRoleInput:
    employee_id: strawberry.ID
    role: EmployeeRole
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.type
class SetEmployeeRolePayload:
    employee: EmployeeType
    changed: bool = strawberry.field(description="False when the employee had this role already.")


@strawberry.input
class InviteEmployeeInput:
    employee_id: strawberry.ID
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.type
class InvitationSent:
    employee: EmployeeType
    expires_at: dt.datetime


@strawberry.input
class SetPasswordWithLinkInput:
    token: str = strawberry.field(description="The token from the link in the e-mail.")
    password: str


@strawberry.input
class RequestPasswordResetInput:
    email: str


@strawberry.input
class LoginInput:
    email: str
    password: str


@strawberry.input(
    description=(
        "The org chart as CSV: exactly one of `file` (a multipart upload, mapped to `variables.input.file`) or "
        "`csv`. Importing the same file again changes nothing, so a retry is safe without a key."
    )
)
class ImportOrgChartInput:
    file: Upload | None = None
    csv: str | None = None
    dry_run: bool = strawberry.field(default=False, description="Report what would change; write nothing.")
    deactivate_missing: bool = strawberry.field(
        default=False, description="Deactivate active employees absent from the file."
    )
    send_invitations: bool = strawberry.field(
        default=True, description="Mail new hires a link to set their password."
    )


@strawberry.type
class PasswordResetRequested:
    accepted: bool = strawberry.field(
        description="Always true: the answer is the same whether or not anyone has this address."
    )


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
    invited: list[str] = strawberry.field(description="New hires mailed (in a dry run: to be mailed) an invitation.")


@strawberry.enum(description="ACTIVE: people who work here; ARCHIVED: those deactivated (left); ALL: both.")
class EmployeeStatus(enum.Enum):
    ACTIVE = "active"
    ARCHIVED = "archived"
    ALL = "all"


@strawberry.input(description="Narrows `employees`; every field left out matches everyone in the caller's scope.")
class EmployeeFilter:
    search: str | None = strawberry.field(
        default=None, description="Part of the name or e-mail, any case (up to 100 characters)."
    )
    role: EmployeeRole | None = None
    manager_id: strawberry.ID | None = strawberry.field(default=None, description="Direct reports of this manager.")
    status: EmployeeStatus | None = strawberry.field(
        default=None, description="Default ACTIVE (ALL when includeInactive is true)."
    )


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
        description=(
            "People in the caller's scope ordered by name: a manager's subtree, everyone for HR and admin; "
            "`filter` searches by name or e-mail and narrows by role, manager and status. Pages of at most 100."
        )
    )
    async def employees(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        include_inactive: bool = False,
        filter: EmployeeFilter | None = None,
    ) -> Page[EmployeeType]:
        viewer = await current_employee(info)
        prefix = policies.team_scope(context(info).principal, viewer=viewer)
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        cursor = decode_cursor(after, NAME_AND_ID)
        f = filter or EmployeeFilter()
        status = f.status or (EmployeeStatus.ALL if include_inactive else EmployeeStatus.ACTIVE)
        rows = await directory.get_page(
            path_prefix=prefix,
            only_id=None,
            after_name=tuple(cursor) if cursor else None,
            limit=size + 1,
            include_inactive=status is not EmployeeStatus.ACTIVE,
            only_inactive=status is EmployeeStatus.ARCHIVED,
            search=directory.clean_search(f.search),
            role=f.role.value if f.role else None,
            manager_id=parse_id(f.manager_id) if f.manager_id is not None else None,
        )
        loader = context(info).loaders.employee
        for row in rows:
            loader.prime(row["id"], row)
        page = make_page(rows, size, key_of=lambda r: [r["name"], str(r["id"])])
        return Page(items=[EmployeeType.from_row(r) for r in page.items], page_info=page.page_info)

    @strawberry.field(description="HR and admin: the audit of role changes, newest first (optionally one employee's).")
    async def role_changes(
        self, info: Info, first: int | None = None, after: str | None = None, employee_id: strawberry.ID | None = None
    ) -> Page[RoleChange]:
        hr_or_admin(context(info).principal)
        await current_employee(info)
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        cursor = decode_cursor(after, INSTANT_AND_ID)
        rows = await directory.role_changes_page(
            employee_id=parse_id(employee_id) if employee_id is not None else None,
            after=tuple(cursor) if cursor else None,
            limit=size + 1,
        )
        page = make_page(rows, size, key_of=lambda r: [r["changed_at"].isoformat(), str(r["id"])])
        return Page(items=[RoleChange.from_row(r) for r in page.items], page_info=page.page_info)


@strawberry.type
class DirectoryMutation:
    @strawberry.mutation(
        description=(
            "Sign in with e-mail and password; returns a bearer token. Throttled per account and client address: "
            "TOO_MANY_ATTEMPTS with `retryAfterSeconds`."
        )
    )
    async def login(self, info: Info, input: LoginInput) -> LoginResult:
        runtime = context(info).runtime
        principal: Principal = await directory.sign_in(
            email=input.email, password=input.password, address=request_address(info), runtime=runtime
        )
        row = await directory.get(employee_id=principal.employee_id)
        return _signed_in(info, row)

    @strawberry.mutation(
        description=(
            "Give an employee a role. Admin: anyone's but their own. HR: between EMPLOYEE and MANAGER only. "
            "Refused with ROLE_CHANGE_FORBIDDEN; every change is audited (roleChanges) and ends the employee's "
            "older tokens within a minute."
        )
    )
    async def set_employee_role(self, info: Info, input: SetEmployeeRoleInput) -> SetEmployeeRolePayload:
        principal = hr_or_admin(context(info).principal)
        await current_employee(info)
        runtime = context(info).runtime
        employee_id = parse_id(input.employee_id)
        changed = await directory.set_role(
            actor=principal,
            employee_id=employee_id,
            role=Role(input.role.value),
            client_id=input.client_mutation_id,
            now=runtime.clock.now(),
        )
        if changed:
            runtime.token_states.forget(employee_id)
            await runtime.enqueue_soon("relay_outbox")
        return SetEmployeeRolePayload(
            employee=EmployeeType.from_row(await directory.get(employee_id=employee_id)), changed=changed
        )

    @strawberry.mutation(
        description=(
            "HR and admin: e-mail an employee without a password a link to set one (valid 7 days, one use; a "
            "newer invitation replaces it)."
        )
    )
    async def invite_employee(self, info: Info, input: InviteEmployeeInput) -> InvitationSent:
        principal = hr_or_admin(context(info).principal)
        await current_employee(info)
        runtime = context(info).runtime
        employee_id = parse_id(input.employee_id)
        sent = await password_links.invite(
            actor=principal, employee_id=employee_id, client_id=input.client_mutation_id, now=runtime.clock.now()
        )
        await runtime.enqueue_soon("relay_outbox")
        return InvitationSent(
            employee=EmployeeType.from_row(await directory.get(employee_id=employee_id)),
            expires_at=dt.datetime.fromisoformat(sent["expires_at"]),
        )

    @strawberry.mutation(
        description=(
            "No sign-in: set one's password with the invitation link's token; returns a bearer token. "
            "LINK_NOT_FOUND, LINK_ALREADY_USED, LINK_EXPIRED, LINK_SUPERSEDED, WEAK_PASSWORD."
        )
    )
    async def accept_invitation(self, info: Info, input: SetPasswordWithLinkInput) -> LoginResult:
        return await _set_password_with_link(info, password_links.INVITATION, input)

    @strawberry.mutation(
        description=(
            "No sign-in: e-mail a password-reset link (valid 1 hour, one use, replaced by a newer one) if the "
            "address is an active employee's. The answer is the same either way. Throttled (TOO_MANY_ATTEMPTS)."
        )
    )
    async def request_password_reset(self, info: Info, input: RequestPasswordResetInput) -> PasswordResetRequested:
        runtime = context(info).runtime
        await password_links.request_reset(
            runtime, email=input.email, address=request_address(info), now=runtime.clock.now()
        )
        await runtime.enqueue_soon("relay_outbox")
        return PasswordResetRequested(accepted=True)

    @strawberry.mutation(
        description=(
            "No sign-in: set a new password with the reset link's token; older tokens stop working. Returns a "
            "bearer token. Codes as for acceptInvitation."
        )
    )
    async def reset_password(self, info: Info, input: SetPasswordWithLinkInput) -> LoginResult:
        return await _set_password_with_link(info, password_links.RESET, input)

    @strawberry.mutation(
        description=(
            "HR: import the org chart as CSV (upload `input.file` or pass `input.csv`). The whole file is validated "
            "first; any invalid row fails the import with code IMPORT_INVALID and nothing is written. A role change "
            "the caller may not make (see setEmployeeRole; nobody changes their own) fails it with "
            "ROLE_CHANGE_FORBIDDEN. `dryRun` reports what would change. `deactivateMissing` deactivates active "
            "employees absent from the file. `sendInvitations` mails new hires a link to set their password. "
            "The error's `extensions.errors` lists each problem as {line, hrId, code, field (the CSV column, or "
            "null for the whole line), value (the offending cell, when it is safe to send back), otherLine / "
            "otherHrId (what a duplicate clashes with; an inactive manager's active report), message (English)}."
        )
    )
    async def import_org_chart(self, info: Info, input: ImportOrgChartInput) -> ImportReport:
        principal = hr_or_admin(context(info).principal)
        await current_employee(info)
        text = await _csv_text(input.file, input.csv, limit=context(info).runtime.settings.max_upload_bytes)
        dry_run = input.dry_run
        report = await importer.run_import(
            text,
            dry_run=dry_run,
            deactivate_missing=input.deactivate_missing,
            now=context(info).runtime.clock.now(),
            actor=principal,
            invite_new=input.send_invitations,
        )
        if report.errors:
            refused = all(e.code == ROLE_CHANGE_FORBIDDEN for e in report.errors)
            raise ValidationFailed(
                f"The file has {len(report.errors)} problem(s); nothing was imported.",
                code=ROLE_CHANGE_FORBIDDEN if refused else "IMPORT_INVALID",
                errors=[e.as_extension() for e in report.errors[:500]],
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
            invited=report.invited,
        )


def _signed_in(info: Info, row: dict) -> LoginResult:
    runtime = context(info).runtime
    token = issue_token(directory.principal_of(row), settings=runtime.settings, now=runtime.clock.now())
    return LoginResult(token=token, employee=EmployeeType.from_row(row))


async def _set_password_with_link(info: Info, purpose: str, input: SetPasswordWithLinkInput) -> LoginResult:
    runtime = context(info).runtime
    row = await password_links.redeem(
        purpose=purpose, token=input.token, password=input.password, now=runtime.clock.now()
    )
    runtime.token_states.forget(row["id"])
    await runtime.enqueue_soon("relay_outbox")
    return _signed_in(info, row)


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

