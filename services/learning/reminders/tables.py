"""An employee's daily reminder, their browsers' push subscriptions, and the reminders sent (one a local day)."""

from piccolo.columns import UUID, Boolean, Date, ForeignKey, Text, Time, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA
from ..directory.tables import Employee


class DailyReminder(Table, schema=SCHEMA):
    """Opt-in: a row exists once the employee chose a time; `enabled` turns it off without forgetting the time."""

    employee = ForeignKey(references=Employee, primary_key=True)
    enabled = Boolean(default=False)
    local_time = Time()  # wall-clock time in the employee's time zone
    updated_at = Timestamptz(default=TimestamptzNow())


class PushSubscription(Table, schema=SCHEMA):
    """One browser's Web Push subscription (PushSubscription.toJSON() in the service worker); one endpoint belongs
    to one employee at a time."""

    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee, index=True)
    endpoint = Text(unique=True)
    p256dh = Varchar(length=100)  # the browser's P-256 public key, base64url (65 bytes uncompressed)
    auth = Varchar(length=40)  # the browser's auth secret, base64url (16 bytes)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class ReminderSent(Table, schema=SCHEMA):
    """The reminder of one employee's local day: the unique row is what makes it at most one a day, whichever worker
    or overlapping run claims it first."""

    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee)
    local_date = Date()
    claimed_at = Timestamptz(default=TimestamptzNow())
    channel = Varchar(length=10, null=True, default=None)  # push | email | failed; None while being sent

    reminder_one_per_day = Unique([employee, local_date])
