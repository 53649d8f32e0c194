"""The organisation's company values."""

from piccolo.columns import UUID, Array, Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from .. import SCHEMA


class CompanyValue(Table, schema=SCHEMA):
    id = UUID(primary_key=True)
    name = Varchar(length=80, unique=True)
    meaning = Text()
    behaviours = Array(base_column=Text())
    position = Integer(default=0)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
