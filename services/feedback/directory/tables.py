"""The feedback service's own copy of the org chart (never read from the learning service's tables)."""

from piccolo.columns import UUID, Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from .. import SCHEMA


class StaffMember(Table, schema=SCHEMA):
    """One employee as last announced by the learning service; `version` orders the announcements."""

    id = UUID(primary_key=True)
    hr_id = Varchar(length=64)
    name = Varchar(length=200)
    email = Varchar(length=254)
    job_title = Varchar(length=200)
    role_family = Varchar(length=40, index=True)
    manager_id = UUID(null=True, default=None)
    org_path = Text(index=True)
    locale = Varchar(length=2)
    time_zone = Varchar(length=64)
    role = Varchar(length=20)
    active = Boolean()
    version = Integer()
    # The employee's token version (revokes older tokens here too, auth/revocation.py).
    token_version = Integer(default=1)
    synced_at = Timestamptz(default=TimestamptzNow())
