"""Point rule values, the append-only ledger, the leaderboards' running totals and name visibility, and badges."""

from piccolo.columns import UUID, Boolean, Date, Integer, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA


class PointRule(Table, schema=SCHEMA):
    """The stored value of one rule (defaults seeded; admin may change them)."""

    key = Varchar(length=40, primary_key=True)
    points = Integer()
    daily_cap = Integer(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())
    updated_by = UUID(null=True, default=None)


class LedgerEntry(Table, schema=SCHEMA):
    """One award, confirmation or reversal. Never updated: the balance is the sum of what counts."""

    id = UUID(primary_key=True)
    employee = UUID(index=True)
    rule = Varchar(length=40)
    source = Varchar(length=120)  # what earned it, e.g. "complaint:<id>:r0" (see recognition/service.py)
    # The feedback item behind the entry: a reopening or a loyalty outcome finds its resolution entries by it.
    feedback = UUID(null=True, default=None, index=True)
    entry = Varchar(length=10)  # award | pending | confirm | reverse
    points = Integer()
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    # The award day in the employee's time zone: the daily cap per rule counts these.
    local_date = Date()

    one_entry_per_kind = Unique([employee, rule, source, entry])


class BoardScore(Table, schema=SCHEMA):
    """An employee's points in one week or month (UTC), kept up to date with the ledger (recognition/leaderboards.py)."""

    period = Varchar(length=5)  # week | month
    period_start = Timestamptz()
    employee = UUID()
    points = Integer(default=0)

    one_score_per_period = Unique([period, period_start, employee])


class LeaderboardVisibility(Table, schema=SCHEMA):
    """Whether an employee's name shows on organisation and role-family boards (recognition/privacy_in_competition.py);
    no row: it shows."""

    employee = UUID(primary_key=True)
    show_name = Boolean(default=True)
    updated_at = Timestamptz(default=TimestamptzNow())


class LeaderboardVisibilityChange(Table, schema=SCHEMA):
    """Every change an employee made to their leaderboard visibility (the audit of the opt-out)."""

    id = UUID(primary_key=True)
    employee = UUID(index=True)
    show_name = Boolean()
    changed_at = Timestamptz(default=TimestamptzNow())


class Badge(Table, schema=SCHEMA):
    """A badge an employee earned (criteria in recognition/badges.py); each is earned once."""

    id = UUID(primary_key=True)
    employee = UUID(index=True)
    badge = Varchar(length=40)
    awarded_at = Timestamptz(default=TimestamptzNow())

    one_badge_each = Unique([employee, badge])
