"""The kept team figures: per member and local day, per subtree node and day, and who open complaints count for.

Every row is written by the worker as the events arrive (team/service.py); requests only read them.
"""

from piccolo.columns import UUID, Array, Date, Integer, Text, Varchar
from piccolo.constraints import Unique
from piccolo.table import Table

from .. import SCHEMA


class TeamMember(Table, schema=SCHEMA):
    """Where a member's figures are counted (the org path their node rows were added under) and their open complaints."""

    employee = UUID(primary_key=True)
    # '' while the replica does not know the employee: their own rows are kept, no subtree counts them yet.
    org_path = Text()
    open_complaints = Integer(default=0)


class TeamDay(Table, schema=SCHEMA):
    """One member's figures on one of their local days."""

    employee = UUID()
    day = Date()
    points = Integer(default=0)  # award, confirm and reverse entries written that day
    pending = Integer(default=0)  # pending entries of that day not settled yet
    breaches = Integer(default=0)  # response-target breaches detected that day that the member answers for
    promoters = Integer(default=0)
    passives = Integer(default=0)
    detractors = Integer(default=0)
    in_person = Integer(default=0)  # of the NPS answers, those given on a screen shown in person
    csat_sum = Integer(default=0)
    csat_answers = Integer(default=0)

    one_row_per_day = Unique([employee, day])


class TeamPeriod(Table, schema=SCHEMA):
    """A member's points in one of their local weeks (from Monday) or calendar months: what a team page sorts by."""

    employee = UUID()
    period = Varchar(length=5)  # week | month
    starts_on = Date()
    points = Integer(default=0)

    one_row_per_period = Unique([employee, period, starts_on])


class TeamNodeDay(Table, schema=SCHEMA):
    """The same figures summed over a subtree (the node and everyone under it in the org chart) per day."""

    node = UUID()
    day = Date()
    points = Integer(default=0)
    pending = Integer(default=0)
    breaches = Integer(default=0)
    promoters = Integer(default=0)
    passives = Integer(default=0)
    detractors = Integer(default=0)
    in_person = Integer(default=0)
    csat_sum = Integer(default=0)
    csat_answers = Integer(default=0)

    one_row_per_node_day = Unique([node, day])


class TeamNode(Table, schema=SCHEMA):
    """A subtree's open complaints (the sum of its members')."""

    node = UUID(primary_key=True)
    open_complaints = Integer(default=0)


class OpenComplaint(Table, schema=SCHEMA):
    """An open complaint and the members it counts for right now (team/service.py `answerable_for_open`)."""

    feedback = UUID(primary_key=True)
    people = Array(base_column=UUID())
