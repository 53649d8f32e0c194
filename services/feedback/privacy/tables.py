"""Customer personal data, in a table of its own so erasure touches nothing else."""

from piccolo.columns import UUID, Boolean, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from .. import SCHEMA


class Customer(Table, schema=SCHEMA):
    id = UUID(primary_key=True)
    name = Varchar(length=200, null=True, default=None)
    email = Varchar(length=254, null=True, default=None, index=True)
    phone = Varchar(length=40, null=True, default=None)
    # May we contact the customer about this feedback (follow-up survey, reply)?
    consent = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())
    erased_at = Timestamptz(null=True, default=None)
