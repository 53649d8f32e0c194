"""The learning service's GraphQL schema (federation v2), assembled from the domains."""

from __future__ import annotations

from strawberry.tools import merge_types

from services.platform.graphql.schema import ServiceSchema
from services.platform.settings import Settings, get_settings

from .assignments.graphql import AssignmentMutation
from .directory.graphql import DirectoryMutation, DirectoryQuery, EmployeeType
from .exports.graphql import ExportMutation, ExportQuery
from .lessons.graphql import LessonQuery
from .progress.graphql import ProgressMutation, ProgressQuery
from .reminders.graphql import ReminderMutation, ReminderQuery
from .scenarios.graphql import ScenarioMutation, ScenarioQuery
from .teams.graphql import TeamQuery, TeamType
from .values.graphql import ValuesMutation, ValuesQuery

Query = merge_types(
    "Query",
    (DirectoryQuery, LessonQuery, ProgressQuery, ValuesQuery, ScenarioQuery, ExportQuery, TeamQuery, ReminderQuery),
)
Mutation = merge_types(
    "Mutation",
    (
        DirectoryMutation, ProgressMutation, AssignmentMutation, ValuesMutation, ScenarioMutation, ExportMutation,
        ReminderMutation,
    ),
)


def build_schema(settings: Settings | None = None) -> ServiceSchema:
    settings = settings or get_settings()
    return ServiceSchema(
        query=Query,
        mutation=Mutation,
        types=[EmployeeType, TeamType],
        settings=settings,
    )
