"""The lesson catalogue as loaded from the content files."""

from piccolo.columns import Array, Boolean, Integer, Timestamptz, Varchar
from piccolo.columns.column_types import JSONB
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from .. import SCHEMA


class Lesson(Table, schema=SCHEMA):
    id = Varchar(length=80, primary_key=True)
    topic = Varchar(length=30)
    # Catalogue order across topics; the daily lesson walks it.
    position = Integer()
    role_families = Array(base_column=Varchar(length=40))
    minutes = Integer()
    content = JSONB()
    content_hash = Varchar(length=64)
    active = Boolean(default=True)
    loaded_at = Timestamptz(default=TimestamptzNow())
