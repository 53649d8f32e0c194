"""Employees and the org chart."""

from piccolo.columns import UUID, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
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
    manager = ForeignKey(references="self", null=True, on_delete=OnDelete.restrict)
    # Ids from the top of the org chart down to this employee, "/"-joined: a subtree is a prefix match.
    org_path = Text(index=True)
    locale = Varchar(length=2, default="et")
    time_zone = Varchar(length=64, default="Europe/Tallinn")
    role = Varchar(length=20, default="employee")
    active = Boolean(default=True)
    password_hash = Varchar(length=200, null=True, default=None)
    # Bumped on every change; events carry it so consumers can ignore stale ones.
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
