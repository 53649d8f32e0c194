"""Training exports and LRS pushes, the statements an LRS refused, badges earned (from the feedback service),
and the audit of every export and push."""

from piccolo.columns import UUID, BigInt, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import JSONB
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA
from ..directory.tables import Employee


class TrainingExport(Table, schema=SCHEMA):
    """One export file (CSV or xAPI statements) or one push to the LRS, run by an arq job."""

    id = UUID(primary_key=True)
    kind = Varchar(length=10)  # export | push
    format = Varchar(length=12)  # csv | xapi_1_0_3 | xapi_2_0
    requested_by = ForeignKey(references=Employee, on_delete=OnDelete.restrict, index=True)
    # {"from", "to", "team_of", "topic", "excel_bom"} as asked; the people are fixed by scope_path.
    filters = JSONB()
    # The org-path prefix the rows come from (a team's root, or the manager's own subtree); None: everyone.
    scope_path = Text(null=True, default=None)
    status = Varchar(length=10, default="queued")  # queued | running | done | failed
    rows_done = Integer(default=0)
    rows_total = Integer(null=True, default=None)
    file_name = Varchar(length=200, null=True, default=None)
    byte_size = BigInt(null=True, default=None)
    # A push's position: the last source row whose statements the LRS acknowledged ({"phase", "after"}).
    checkpoint = JSONB(null=True, default=None)
    refused = Integer(default=0)
    error = Text(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    expires_at = Timestamptz(null=True, default=None)


class StatementRefusal(Table, schema=SCHEMA):
    """A statement the LRS would not store, with what it said."""

    id = UUID(primary_key=True)
    export = ForeignKey(references=TrainingExport, on_delete=OnDelete.cascade, index=True)
    statement_id = UUID()
    http_status = Integer()
    reason = Text()
    created_at = Timestamptz(default=TimestamptzNow())

    one_per_statement = Unique([export, statement_id])


class EarnedBadge(Table, schema=SCHEMA):
    """A badge an employee earned in the feedback service, as its `badge.earned` event told us (for exports)."""

    id = UUID(primary_key=True)
    employee = UUID(index=True)
    badge = Varchar(length=40)
    name = JSONB()  # {"et": ..., "en": ...}
    description = JSONB()
    earned_at = Timestamptz()

    one_badge_each = Unique([employee, badge])


class ExportAudit(Table, schema=SCHEMA):
    """Who exported or pushed what, when, and how it ended. Outlives the export row and its file."""

    id = UUID(primary_key=True)
    export_id = UUID(unique=True)  # not a foreign key: the export row is deleted with its file
    # None: an operator at the command line (`export-training`), who has the database anyway.
    actor = ForeignKey(references=Employee, null=True, on_delete=OnDelete.restrict)
    kind = Varchar(length=10)
    format = Varchar(length=12)
    filters = JSONB()
    row_count = Integer(null=True, default=None)
    started_at = Timestamptz(default=TimestamptzNow(), index=True)
    finished_at = Timestamptz(null=True, default=None)
    outcome = Varchar(length=10, default="running")  # running | done | failed
    error = Text(null=True, default=None)
