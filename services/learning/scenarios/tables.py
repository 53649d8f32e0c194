"""Authored practice scenarios and their audit trail."""

from piccolo.columns import UUID, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.column_types import JSONB
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA
from ..directory.tables import Employee


class AuthoredScenario(Table, schema=SCHEMA):
    """A situation, a worse and a better reply and why, each {et, en}; a review item for the author's team once
    HR approves it."""

    id = UUID(primary_key=True)
    author = ForeignKey(references=Employee, index=True)
    # The author's place in the org chart when they wrote it: its subtree is the team that reviews it.
    team_path = Text()
    # The complaint it was drafted from (in the feedback service), if any.
    source_feedback_id = UUID(null=True, default=None)
    situation = JSONB()
    worse = JSONB()
    better = JSONB()
    why = JSONB()
    status = Varchar(length=12, index=True)  # draft | approved | withdrawn
    created_at = Timestamptz(default=TimestamptzNow())
    approved_by = UUID(null=True, default=None)
    approved_at = Timestamptz(null=True, default=None)
    withdrawn_by = UUID(null=True, default=None)
    withdrawn_at = Timestamptz(null=True, default=None)


class ScenarioAudit(Table, schema=SCHEMA):
    """Who drafted, approved or withdrew a scenario, when, and what it said then."""

    id = UUID(primary_key=True)
    scenario = ForeignKey(references=AuthoredScenario, index=True)
    # 1, 2, 3... within the scenario: the trail's order even when two steps share an instant.
    seq = Integer()
    action = Varchar(length=12)  # drafted | approved | withdrawn
    actor = UUID()
    at = Timestamptz(default=TimestamptzNow())
    content = JSONB()  # the scenario's texts at that moment
    reason = Text(null=True, default=None)

    one_entry_per_seq = Unique([scenario, seq])
