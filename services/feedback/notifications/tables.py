"""Notifications waiting for an employee."""

from piccolo.columns import UUID, Timestamptz, Varchar
from piccolo.columns.column_types import JSONB
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA


class Notification(Table, schema=SCHEMA):
    id = UUID(primary_key=True)
    recipient = UUID(index=True)
    kind = Varchar(length=40)
    # What it is about; with `kind` and `recipient` it makes a notification happen once.
    subject = Varchar(length=120)
    data = JSONB()
    created_at = Timestamptz(default=TimestamptzNow())
    read_at = Timestamptz(null=True, default=None)

    one_notification_each = Unique([recipient, kind, subject])
