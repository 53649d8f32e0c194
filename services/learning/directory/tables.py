"""Employees and the org chart."""

from piccolo.columns import UUID, Array, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from .. import SCHEMA


class Employee(Table, schema=SCHEMA):
    """Anyone in the organisation, cleaner to CEO. Leavers are deactivated, never deleted."""

    id = UUID(primary_key=True)
    hr_id = Varchar(length=64, unique=True)
    name = Varchar(length=200)
    email = Varchar(length=254, unique=True)
    job_title = Varchar(length=200)
    role_family = Varchar(length=40)
    manager = ForeignKey(references="self", null=True, on_delete=OnDelete.restrict, index=True)
    # Ids from the top of the org chart down to this employee, "/"-joined: a subtree is a prefix match.
    org_path = Text(index=True)
    locale = Varchar(length=2, default="et")
    time_zone = Varchar(length=64, default="Europe/Tallinn")
    # ISO weekdays worked (1 = Monday), from the day the latest change took effect (progress/workdays.py).
    work_days = Array(base_column=Integer(), default=[1, 2, 3, 4, 5])
    role = Varchar(length=20, default="employee")
    active = Boolean(default=True)
    password_hash = Varchar(length=200, null=True, default=None)
    # Bumped on every change; events carry it so consumers can ignore stale ones.
    version = Integer(default=1)
    # Bumped when the role, the active state or the password changes: tokens carry it, older ones are revoked.
    token_version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class RoleChange(Table, schema=SCHEMA):
    """The audit of every role given: who changed whose role, from what to what, when, and through what."""

    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee, on_delete=OnDelete.restrict, index=True)
    # None: an operator at the command line (`import-org`), who has the database anyway.
    changed_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.restrict)
    # None: the employee was created with this role.
    from_role = Varchar(length=20, null=True, default=None)
    to_role = Varchar(length=20)
    via = Varchar(length=20)  # import | mutation
    changed_at = Timestamptz(default=TimestamptzNow(), index=True)


class PasswordLink(Table, schema=SCHEMA):
    """An invitation or password-reset link: one use, until it expires or a newer one of its kind replaces it.

    Only the sha256 of the link's token is kept; the token itself is an HMAC of the id (password_links.py).
    """

    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee, on_delete=OnDelete.restrict, index=True)
    purpose = Varchar(length=20)  # invitation | reset
    token_hash = Varchar(length=64, unique=True)
    requested_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    superseded_at = Timestamptz(null=True, default=None)
