"""Lessons assigned to an employee, with a due date."""

from piccolo.columns import UUID, Date, ForeignKey, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA
from ..directory.tables import Employee
from ..lessons.tables import Lesson


class Assignment(Table, schema=SCHEMA):
    id = UUID(primary_key=True)
    employee = ForeignKey(references=Employee, index=True)
    lesson = ForeignKey(references=Lesson)
    assigned_by = UUID(null=True, default=None)
    source = Varchar(length=20)  # manager | complaint
    # What caused it (a manager's client id, a complaint id): one assignment per cause and person.
    source_ref = Varchar(length=120)
    due_date = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    completed_at = Timestamptz(null=True, default=None)
    completed_session = UUID(null=True, default=None)

    one_per_cause = Unique([employee, source, source_ref])
