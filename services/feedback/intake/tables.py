"""Feedback items, who they are about, replies, and the public form's codes."""

from piccolo.columns import UUID, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA
from ..privacy.tables import Customer


class Feedback(Table, schema=SCHEMA):
    """A praise, complaint or suggestion. Complaints also carry their lifecycle state."""

    id = UUID(primary_key=True)
    # What the customer reads on the thank-you page and quotes to staff (references.py); unique, never reused.
    reference = Varchar(length=9, null=True, default=None, unique=True)
    kind = Varchar(length=12)  # praise | complaint | suggestion
    channel = Varchar(length=20)
    rating = Integer(null=True, default=None)
    category = Varchar(length=40, null=True, default=None)
    body = Text()
    # Anonymised text stays when the customer is erased; the link to personal data goes.
    customer = ForeignKey(references=Customer, null=True, on_delete=OnDelete.set_null)
    source = Varchar(length=10)  # staff | public
    recorded_by = UUID(null=True, default=None)
    public_code = Varchar(length=40, null=True, default=None)
    company_value = Varchar(length=80, null=True, default=None)
    received_at = Timestamptz(default=TimestamptzNow(), index=True)
    first_reply_at = Timestamptz(null=True, default=None)
    # complaint lifecycle
    status = Varchar(length=14, null=True, default=None, index=True)
    owner = UUID(null=True, default=None, index=True)
    # Who handed the complaint to its owner (a manager, HR or admin), or None when the owner took it
    # themselves: a complaint about yourself that you took is judged only by the customer (recognition/evidence.py).
    owner_assigned_by = UUID(null=True, default=None)
    acknowledge_due_at = Timestamptz(null=True, default=None)
    resolve_due_at = Timestamptz(null=True, default=None)
    acknowledged_at = Timestamptz(null=True, default=None)
    resolved_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    transfer_count = Integer(default=0)
    reopen_count = Integer(default=0)


class FeedbackSubject(Table, schema=SCHEMA):
    """An employee a feedback item is about (one item may name several)."""

    feedback = ForeignKey(references=Feedback, index=True)
    employee = UUID(index=True)

    one_subject_row_each = Unique([feedback, employee])


class Reply(Table, schema=SCHEMA):
    id = UUID(primary_key=True)
    feedback = ForeignKey(references=Feedback, index=True)
    author = UUID()
    body = Text()
    sent_at = Timestamptz(default=TimestamptzNow())


class PublicCode(Table, schema=SCHEMA):
    """What a printed QR code points at: one employee, or a location."""

    code = Varchar(length=40, primary_key=True)
    employee = UUID(null=True, default=None)
    location = Varchar(length=120, null=True, default=None)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
