"""HR's org-chart import: validate the whole CSV first, then write everything in one transaction or nothing.

Role changes in the file follow the role rule (roles.py) for whoever imports it and are audited; a refused
change fails the whole import (ROLE_CHANGE_FORBIDDEN, with its line). New hires can be invited by e-mail.

The optional `work_days` column ('mon,wed,fri') sets working days (progress/workdays.py); without it, or with an
empty cell, an employee keeps theirs (Monday to Friday for a new hire). A change takes effect from the employee's
next local day, like one they make themselves.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from services.platform.auth.principal import Principal, Role
from services.platform.clock import is_valid_time_zone, local_date
from services.platform.outbox.service import publish_many
from services.platform.text import has_forbidden_characters

from ..lessons.content_model import LOCALES, ROLE_FAMILIES
from ..platform_tables import OUTBOX
from ..progress import service as progress_service
from ..progress import workdays
from ..teams import rollups
from . import password_links
from .events import employee_event
from .roles import ROLE_CHANGE_FORBIDDEN, admin_account_refusal, role_change_refusal
from .service import record_role_changes
from .tables import Employee

COLUMNS = ("hr_id", "name", "email", "job_title", "role_family", "manager_hr_id", "locale", "time_zone", "role")
OPTIONAL_COLUMNS = ("active", "work_days")
MAX_ROWS = 100_000
WRITE_CHUNK = 1000
FIELDS = ("name", "email", "job_title", "role_family", "locale", "time_zone", "role", "active", "work_days")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HR_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
VALUE_SHOWN = 256
_TRUE, _FALSE = {"true", "1", "yes", "y"}, {"false", "0", "no", "n"}

Progress = Callable[[str, int, int], None]


# What is wrong with a line, as `code` in each problem (words for them: frontend/src/lib/error-messages.json).
CSV_UNREADABLE = "CSV_UNREADABLE"
MISSING_COLUMN = "MISSING_COLUMN"
UNKNOWN_COLUMN = "UNKNOWN_COLUMN"
TOO_MANY_ROWS = "TOO_MANY_ROWS"
TOO_MANY_FIELDS = "TOO_MANY_FIELDS"
INVALID_CHARACTERS = "INVALID_CHARACTERS"
INVALID_HR_ID = "INVALID_HR_ID"
VALUE_REQUIRED = "VALUE_REQUIRED"
FIELD_TOO_LONG = "FIELD_TOO_LONG"
INVALID_EMAIL = "INVALID_EMAIL"
INVALID_CHOICE = "INVALID_CHOICE"
INVALID_TIME_ZONE = "INVALID_TIME_ZONE"
INVALID_WORK_DAYS = "INVALID_WORK_DAYS"
OWN_MANAGER = "OWN_MANAGER"
DUPLICATE_VALUE = "DUPLICATE_VALUE"
EMPLOYEE_NOT_FOUND = "EMPLOYEE_NOT_FOUND"
EMPLOYEE_INACTIVE = "EMPLOYEE_INACTIVE"
MANAGER_HAS_ACTIVE_REPORTS = "MANAGER_HAS_ACTIVE_REPORTS"
REPORTING_CYCLE = "REPORTING_CYCLE"


@dataclass(frozen=True)
class RowError:
    """One problem of the file: its line (1 = the header; 0 = someone not in the file), whose line, an English
    `message`, a stable `code`, the CSV column (`field`, None for the whole line) and the offending `value`.
    `other_line` / `other_hr_id`: the line or employee a duplicate value clashes with, or an inactive manager's
    active report."""

    line: int
    hr_id: str | None
    message: str
    code: str
    field: str | None = None
    value: str | None = None
    other_line: int | None = None
    other_hr_id: str | None = None

    def as_extension(self) -> dict:
        """The problem as sent in the error's `extensions.errors` (camelCase, like the rest of the API); a value
        longer than VALUE_SHOWN characters is cut there (ending in '…'), so 500 problems stay a small answer."""
        value = self.value
        if value is not None and len(value) > VALUE_SHOWN:
            value = value[: VALUE_SHOWN - 1] + "…"
        return {
            "line": self.line,
            "hrId": self.hr_id,
            "message": self.message,
            "code": self.code,
            "field": self.field,
            "value": value,
            "otherLine": self.other_line,
            "otherHrId": self.other_hr_id,
        }


@dataclass
class ImportReport:
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    unchanged: int = 0
    # New hires sent (or, in a dry run, to be sent) an invitation to set their password.
    invited: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    hr_id: str
    manager_hr_id: str | None
    values: dict


def _records(reader: csv.DictReader, errors: list[RowError]) -> Iterator[tuple[int, dict]]:
    """(first line, row) pairs; a record the csv module cannot read (a cell over its 131,072-character limit,
    say) is reported with its line, and reading stops there: the rest of the file cannot be trusted."""
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # DictReader's own line_num is only updated after a good record; its reader's counts the bad one.
            errors.append(RowError(reader.reader.line_num, None, f"unreadable CSV: {exc}", code=CSV_UNREADABLE))
            return
        # A quoted cell may span lines: the record starts that many lines before the one it ends on.
        spanned = sum(v.count("\n") for v in raw.values() if isinstance(v, str))
        yield reader.line_num - spanned, raw


def _parse(text: str, errors: list[RowError]) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        errors.append(RowError(1, None, f"unreadable CSV header: {exc}", code=CSV_UNREADABLE))
        return []
    header = [h.strip() for h in (fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        errors.extend(RowError(1, None, f"missing columns: {c}", code=MISSING_COLUMN, field=c) for c in missing)
        errors.extend(RowError(1, None, f"unknown columns: {c}", code=UNKNOWN_COLUMN, field=c) for c in unknown)
        return []
    reader.fieldnames = header
    rows: list[_Row] = []
    for line, raw in _records(reader, errors):
        if len(rows) >= MAX_ROWS:
            errors.append(RowError(line, None, f"more than {MAX_ROWS} rows", code=TOO_MANY_ROWS, value=str(MAX_ROWS)))
            break
        if None in raw:
            errors.append(RowError(line, None, "more fields than columns", code=TOO_MANY_FIELDS))
            continue
        cell = {k: (v or "").strip() for k, v in raw.items()}
        hr_id = cell["hr_id"]
        problems = _cell_problems(line, cell)
        if problems:
            errors.extend(problems)
            continue
        email = cell["email"].lower()
        active_text = cell.get("active", "").lower() or "true"
        work_days = list(workdays.parse(cell["work_days"])) if cell.get("work_days") else None  # None: unchanged
        manager = cell["manager_hr_id"] or None
        values = {
            "name": cell["name"],
            "email": email,
            "job_title": cell["job_title"],
            "role_family": cell["role_family"],
            "locale": cell["locale"],
            "time_zone": cell["time_zone"],
            "role": cell["role"],
            "active": active_text in _TRUE,
            "work_days": work_days,
        }
        rows.append(_Row(line=line, hr_id=hr_id, manager_hr_id=manager, values=values))
    return rows


def _cell_problems(line: int, cell: dict[str, str]) -> list[RowError]:
    """Each bad cell of a line; a control character fails the line alone (its value is not sent back)."""
    hr_id = cell["hr_id"] or None
    bad = next((c for c, v in cell.items() if has_forbidden_characters(v)), None)
    if bad is not None:
        return [RowError(line, None, "a cell contains control characters", code=INVALID_CHARACTERS, field=bad)]
    problems: list[RowError] = []

    def problem(column: str, code: str, message: str, *, value: str | None = None) -> None:
        problems.append(RowError(line, hr_id, message, code=code, field=column, value=value))

    def text(column: str, limit: int) -> None:
        message = f"{column} must be 1-{limit} characters"
        if not cell[column]:
            problem(column, VALUE_REQUIRED, message)
        elif len(cell[column]) > limit:
            problem(column, FIELD_TOO_LONG, message)  # (not sent back: its length is the problem)

    def choice(column: str, allowed, message: str) -> None:
        if cell[column] not in allowed:
            problem(column, INVALID_CHOICE, message, value=cell[column])

    hr_rule = "hr_id must be 1-64 letters, digits, '.', '_' or '-'"
    if not cell["hr_id"]:
        problem("hr_id", VALUE_REQUIRED, hr_rule)
    elif not _HR_ID.match(cell["hr_id"]):
        problem("hr_id", INVALID_HR_ID, hr_rule, value=cell["hr_id"])
    text("name", 200)
    email = cell["email"].lower()
    if not _EMAIL.match(email) or len(email) > 254:
        problem("email", INVALID_EMAIL, f"email '{cell['email']}' is not an e-mail address", value=cell["email"])
    text("job_title", 200)
    families = ", ".join(ROLE_FAMILIES)
    choice("role_family", ROLE_FAMILIES, f"role_family '{cell['role_family']}' is not one of {families}")
    choice("locale", LOCALES, f"locale '{cell['locale']}' must be et or en")
    if not is_valid_time_zone(cell["time_zone"]):
        zone = cell["time_zone"]
        problem("time_zone", INVALID_TIME_ZONE, f"time_zone '{zone}' is not an IANA time zone", value=zone)
    choice("role", {r.value for r in Role}, f"role '{cell['role']}' must be employee, manager, hr or admin")
    if (cell.get("active", "").lower() or "true") not in _TRUE | _FALSE:
        choice("active", (), f"active '{cell['active']}' must be true or false")
    if cell.get("work_days"):
        try:
            workdays.parse(cell["work_days"])
        except ValueError as exc:
            days = cell["work_days"]
            problem("work_days", INVALID_WORK_DAYS, f"work_days '{days}': {exc}", value=days)
    if cell["manager_hr_id"] and cell["manager_hr_id"] == cell["hr_id"]:
        problem("manager_hr_id", OWN_MANAGER, "an employee cannot be their own manager", value=cell["manager_hr_id"])
    return problems


def _check_duplicates(rows: list[_Row], errors: list[RowError]) -> None:
    first_hr, first_email = {}, {}
    for row in rows:
        if row.hr_id in first_hr:
            first = first_hr[row.hr_id]
            errors.append(
                RowError(row.line, row.hr_id, f"hr_id repeats line {first}", code=DUPLICATE_VALUE, field="hr_id",
                         value=row.hr_id, other_line=first)
            )
        first_hr.setdefault(row.hr_id, row.line)
        email = row.values["email"]
        if email in first_email:
            first = first_email[email]
            errors.append(
                RowError(row.line, row.hr_id, f"email {email} repeats line {first}", code=DUPLICATE_VALUE,
                         field="email", value=email, other_line=first)
            )
        first_email.setdefault(email, row.line)


async def _existing() -> dict[str, dict]:
    rows = await Employee.raw(
        f"SELECT e.id, e.hr_id, e.name, e.email, e.job_title, e.role_family, e.locale, e.time_zone, e.role, "
        f"e.active, e.work_days, e.version, e.token_version, e.org_path, m.hr_id AS manager_hr_id "
        f"FROM {Employee._meta.get_formatted_tablename()} e "
        f"LEFT JOIN {Employee._meta.get_formatted_tablename()} m ON m.id = e.manager"
    )
    return {row["hr_id"]: row for row in rows}


def _final_state(rows: list[_Row], existing: dict[str, dict], deactivate_missing: bool) -> dict[str, dict]:
    """Every employee as they would be after the import, keyed by hr_id."""
    final = {}
    for hr_id, row in existing.items():
        final[hr_id] = {**{f: row[f] for f in FIELDS}, "manager_hr_id": row["manager_hr_id"], "line": None}
        if deactivate_missing:
            final[hr_id]["active"] = False
    for row in rows:
        kept = existing[row.hr_id]["work_days"] if row.hr_id in existing else list(workdays.DEFAULT_WORK_DAYS)
        final[row.hr_id] = {
            **row.values,
            "work_days": row.values["work_days"] or kept,
            "manager_hr_id": row.manager_hr_id,
            "line": row.line,
        }
    return final


def _check_graph(final: dict[str, dict], errors: list[RowError]) -> None:
    # Duplicates inside the file are reported already; here a file row meets someone else's address, whichever
    # of the two comes first.
    holders: dict[str, list[str]] = {}
    for hr_id, person in final.items():
        holders.setdefault(person["email"], []).append(hr_id)
    for email, owners in holders.items():
        for hr_id in owners if len(owners) > 1 else ():
            if final[hr_id]["line"] is not None:
                other = next(h for h in owners if h != hr_id)
                errors.append(
                    RowError(final[hr_id]["line"], hr_id, f"email {email} belongs to employee {other}",
                             code=DUPLICATE_VALUE, field="email", value=email, other_hr_id=other)
                )
    for hr_id, person in final.items():
        manager_id = person["manager_hr_id"]
        if manager_id is None:
            continue
        manager = final.get(manager_id)
        line = person["line"]
        if manager is None:
            errors.append(
                RowError(line or 0, hr_id, f"unknown manager {manager_id}", code=EMPLOYEE_NOT_FOUND,
                         field="manager_hr_id", value=manager_id)
            )
        elif person["active"] and not manager["active"] and line is not None:
            errors.append(
                RowError(line, hr_id, f"manager {manager_id} is inactive", code=EMPLOYEE_INACTIVE,
                         field="manager_hr_id", value=manager_id)
            )
        elif person["active"] and not manager["active"]:
            # The manager's own line (or, deactivated as missing from the file, none) makes them inactive.
            errors.append(
                RowError(manager["line"] or 0, manager_id,
                         f"{manager_id} is deactivated but still manages active employee {hr_id}",
                         code=MANAGER_HAS_ACTIVE_REPORTS, field="active", other_hr_id=hr_id)
            )
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in final:
        path = []
        node = start
        while node is not None and node in final and state.get(node) != 2:
            if state.get(node) == 1:
                cycle = path[path.index(node):]
                loop = " -> ".join(cycle + [node])
                for member in cycle:
                    errors.append(
                        RowError(final[member]["line"] or 0, member, f"reporting cycle: {loop}", code=REPORTING_CYCLE,
                                 field="manager_hr_id", value=loop)
                    )
                break
            state[node] = 1
            path.append(node)
            node = final[node]["manager_hr_id"]
        for member in path:
            state[member] = 2


def _check_roles(
    final: dict[str, dict], existing: dict[str, dict], actor: Principal | None, errors: list[RowError]
) -> None:
    """The role rule over every employee as the import leaves them: one refusal fails the whole import."""
    for hr_id, person in final.items():
        old = existing.get(hr_id)
        refusal = role_change_refusal(
            actor,
            employee_id=old["id"] if old else None,
            old_role=old["role"] if old else None,
            new_role=person["role"],
        )
        if refusal is None and old is not None:
            refusal = admin_account_refusal(actor, old=old, new=person)
        if refusal is not None:
            errors.append(
                RowError(person["line"] or 0, hr_id, refusal, code=ROLE_CHANGE_FORBIDDEN, field="role",
                         value=person["role"])
            )


def _role_changes(changed: list[str], final: dict[str, dict], existing: dict[str, dict]) -> list[str]:
    """Who gets a role by this import: a changed role, or a new hire above employee (their audit rows)."""
    return [
        h
        for h in changed
        if (existing[h]["role"] != final[h]["role"] if h in existing else final[h]["role"] != Role.EMPLOYEE.value)
    ]


def _org_paths(final: dict[str, dict], ids: dict[str, uuid.UUID]) -> dict[str, str]:
    paths: dict[str, str] = {}

    def path_of(hr_id: str) -> str:
        chain = []
        node = hr_id
        while node is not None and node not in paths:
            chain.append(node)
            node = final[node]["manager_hr_id"]
        prefix = paths[node] if node is not None else ""
        for member in reversed(chain):
            prefix = f"{prefix}/{ids[member]}" if prefix else str(ids[member])
            paths[member] = prefix
        return paths[hr_id]

    for hr_id in final:
        path_of(hr_id)
    return paths


async def run_import(
    text: str,
    *,
    dry_run: bool,
    deactivate_missing: bool = False,
    now: dt.datetime,
    progress: Progress | None = None,
    actor: Principal | None = None,
    invite_new: bool = False,
) -> ImportReport:
    """Validate the whole file; when it is clean and not a dry run, write it in one transaction.

    `actor` is who imports (None: an operator at the command line); `invite_new` mails new active hires an
    invitation to set their password.
    """
    report = ImportReport(dry_run=dry_run)
    rows = _parse(text, report.errors)
    if progress:
        progress("validate", len(rows), len(rows))
    _check_duplicates(rows, report.errors)
    async with Employee._meta.db.transaction():
        existing = await _existing()
        final = _final_state(rows, existing, deactivate_missing)
        if not report.errors:
            _check_graph(final, report.errors)
        if not report.errors:
            _check_roles(final, existing, actor, report.errors)
        if report.errors:
            report.errors.sort(key=lambda e: (e.line, e.message))
            return report
        ids = {hr_id: existing[hr_id]["id"] if hr_id in existing else uuid.uuid4() for hr_id in final}
        paths = _org_paths(final, ids)
        changed: list[str] = []
        for hr_id, person in final.items():
            old = existing.get(hr_id)
            if old is None:
                report.created.append(hr_id)
            elif any(old[f] != person[f] for f in FIELDS) or old["manager_hr_id"] != person["manager_hr_id"]:
                if old["active"] and not person["active"]:
                    report.deactivated.append(hr_id)
                elif not old["active"] and person["active"]:
                    report.reactivated.append(hr_id)
                else:
                    report.updated.append(hr_id)
            elif old["org_path"] == paths[hr_id]:
                report.unchanged += 1
                continue
            changed.append(hr_id)
        if invite_new:
            report.invited = [h for h in report.created if final[h]["active"]]
        if dry_run or not changed:
            return report
        # Managers before their reports, so every foreign key points at a row already written.
        changed.sort(key=lambda h: paths[h].count("/"))
        versions = {h: (existing[h]["version"] + 1 if h in existing else 1) for h in changed}
        token_versions = {h: _token_version(existing.get(h), final[h]) for h in changed}
        await _free_moving_emails(changed, final, existing)
        for start in range(0, len(changed), WRITE_CHUNK):
            chunk = changed[start : start + WRITE_CHUNK]
            await _write_chunk(chunk, final, ids, paths, versions, token_versions, now)
            await _keep_past_work_days(chunk, final, existing, now)
            if progress:
                progress("write", min(start + WRITE_CHUNK, len(changed)), len(changed))
        # Once every chunk is written (a moved manager's people move with them): the team rollups (teams/rollups.py),
        # everyone locked first.
        await rollups.lock(employee_ids=[ids[h] for h in changed])
        for start in range(0, len(changed), WRITE_CHUNK):
            await rollups.refresh(employee_ids=[ids[h] for h in changed[start : start + WRITE_CHUNK]])
        await record_role_changes(
            changes=[
                (ids[h], existing[h]["role"] if h in existing else None, final[h]["role"])
                for h in _role_changes(changed, final, existing)
            ],
            changed_by=actor.employee_id if actor else None,
            via="import",
            at=now,
        )
        await _publish(changed, final, ids, paths, versions, token_versions)
        moved = [h for h in changed if h in existing and existing[h]["email"] != final[h]["email"]]
        await password_links.retire_open_links(employee_ids=[existing[h]["id"] for h in moved], now=now)
        if report.invited:
            await password_links.create_invitations(
                employee_ids=[ids[h] for h in report.invited],
                requested_by=actor.employee_id if actor else None,
                now=now,
            )
    return report


def _token_version(old: dict | None, person: dict) -> int:
    """A new role or active state revokes the tokens issued before it (auth/revocation.py)."""
    if old is None:
        return 1
    changed = old["role"] != person["role"] or old["active"] != person["active"]
    return old["token_version"] + 1 if changed else old["token_version"]


async def _free_moving_emails(changed, final, existing) -> None:
    """When an address moves to another person in this file (two people swap, say), park the changing rows'
    old addresses first: the unique index checks each row as it is written, not at the end of the statement."""
    holder = {person["email"]: hr_id for hr_id, person in existing.items()}
    if all(holder.get(final[h]["email"], h) == h for h in changed):
        return
    ids = [existing[h]["id"] for h in changed if h in existing and existing[h]["email"] != final[h]["email"]]
    await Employee.raw(
        f"UPDATE {Employee._meta.get_formatted_tablename()} SET email = id::text || '@moving.invalid' "
        "WHERE id = ANY({}::uuid[])",
        ids,
    )


async def _keep_past_work_days(chunk, final, existing, now) -> None:
    """Changed working days hold from the employee's next local day: the old ones stay valid until then."""
    await progress_service.keep_past_work_days(
        changes=[
            (existing[h]["id"], workdays.effective_from(local_date(now, final[h]["time_zone"])), existing[h]["work_days"])
            for h in chunk
            if h in existing and existing[h]["work_days"] != final[h]["work_days"]
        ]
    )


async def _write_chunk(chunk, final, ids, paths, versions, token_versions, now) -> None:
    manager = [final[h]["manager_hr_id"] for h in chunk]
    # Working days go as 'd,d,d' text: unnest flattens a two-dimensional array.
    await Employee.raw(
        f"INSERT INTO {Employee._meta.get_formatted_tablename()} AS e "
        "(id, hr_id, name, email, job_title, role_family, manager, org_path, locale, time_zone, role, active, "
        "version, token_version, work_days, created_at, updated_at) "
        "SELECT u.id, u.hr_id, u.name, u.email, u.job_title, u.role_family, u.manager, u.org_path, u.locale, "
        "u.time_zone, u.role, u.active, u.version, u.token_version, string_to_array(u.work_days, ',')::int[], "
        "{}::timestamptz, {}::timestamptz FROM unnest({}::uuid[], {}::text[], {}::text[], {}::text[], "
        "{}::text[], {}::text[], {}::uuid[], {}::text[], {}::text[], {}::text[], {}::text[], {}::bool[], {}::int[], "
        "{}::int[], {}::text[]) AS u(id, hr_id, name, email, job_title, role_family, manager, org_path, locale, "
        "time_zone, role, active, version, token_version, work_days) "
        "ON CONFLICT (id) DO UPDATE SET hr_id = EXCLUDED.hr_id, name = EXCLUDED.name, email = EXCLUDED.email, "
        "job_title = EXCLUDED.job_title, role_family = EXCLUDED.role_family, manager = EXCLUDED.manager, "
        "org_path = EXCLUDED.org_path, locale = EXCLUDED.locale, time_zone = EXCLUDED.time_zone, "
        "role = EXCLUDED.role, active = EXCLUDED.active, work_days = EXCLUDED.work_days, version = EXCLUDED.version, "
        "token_version = EXCLUDED.token_version, updated_at = EXCLUDED.updated_at",
        now,
        now,
        [ids[h] for h in chunk],
        chunk,
        [final[h]["name"] for h in chunk],
        [final[h]["email"] for h in chunk],
        [final[h]["job_title"] for h in chunk],
        [final[h]["role_family"] for h in chunk],
        [ids[m] if m else None for m in manager],
        [paths[h] for h in chunk],
        [final[h]["locale"] for h in chunk],
        [final[h]["time_zone"] for h in chunk],
        [final[h]["role"] for h in chunk],
        [final[h]["active"] for h in chunk],
        [versions[h] for h in chunk],
        [token_versions[h] for h in chunk],
        [",".join(str(d) for d in final[h]["work_days"]) for h in chunk],
    )


async def _publish(changed, final, ids, paths, versions, token_versions) -> None:
    by_topic: dict[str, list[dict]] = {"employee.upserted": [], "employee.deactivated": []}
    for hr_id in changed:
        person = final[hr_id]
        manager = person["manager_hr_id"]
        topic, payload = employee_event(
            {
                **{f: person[f] for f in FIELDS},
                "id": ids[hr_id],
                "hr_id": hr_id,
                "manager": ids[manager] if manager else None,
                "org_path": paths[hr_id],
                "version": versions[hr_id],
                "token_version": token_versions[hr_id],
            }
        )
        by_topic[topic].append(payload)
    for topic, payloads in by_topic.items():
        if payloads:
            await publish_many(OUTBOX, topic=topic, payloads=payloads)
