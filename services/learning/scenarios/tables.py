"""Authored practice scenarios and their audit trail."""

from piccolo.columns import UUID, Array, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
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


class ComplaintCase(Table, schema=SCHEMA):
    """What the feedback service tells of a resolved complaint for practice (event complaint.practice_case): its
    anonymised text and facts, never the customer or staff names. Learning drafts scenarios from it and never reads
    feedback's tables."""

    feedback_id = UUID(primary_key=True)
    # Each resolution and reopening is a newer revision: a late, older event changes nothing.
    revision = Integer()
    resolved = Boolean()
    category = Varchar(length=40, null=True, default=None)
    channel = Varchar(length=20)
    subject_ids = Array(base_column=UUID())
    situation = JSONB(null=True, default=None)  # {et and/or en: the anonymised text}, while resolved
    received_at = Timestamptz()
    resolved_at = Timestamptz(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())


class ScenarioAudit(Table, schema=SCHEMA):
    """Who drafted, approved or withdrew a scenario, when, and what it said then."""

    id = UUID(primary_key=True)
    scenario = ForeignKey(references=AuthoredScenario, index=True)
    # 1, 2, 3... within the scenario: the trail's order even when two steps share an instant.
    seq = Integer()
    action = Varchar(length=12)  # drafted | edited | approved | withdrawn
    actor = UUID()
    at = Timestamptz(default=TimestamptzNow())
    content = JSONB()  # the scenario's texts at that moment
    reason = Text(null=True, default=None)

    one_entry_per_seq = Unique([scenario, seq])
