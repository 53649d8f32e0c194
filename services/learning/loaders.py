"""The DataLoaders of one request: every list field batches its lookups into one statement."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from services.platform.graphql.loaders import LoaderMakers, RequestLoaders
from services.platform.runtime import Runtime

from .assignments import service as assignments
from .directory import service as directory
from .exports import service as exports
from .progress import service as progress
from .scenarios import service as scenarios
from .teams import service as teams


async def _lessons_of(keys):
    from .lessons.graphql import lessons_of  # the GraphQL type; imported late (it imports the domains)

    return await lessons_of(keys)


# Made per request on first use (services/platform/graphql/loaders.py).
MAKERS: LoaderMakers = {
    "employee": lambda: DataLoader(lambda ids: directory.get_many(ids=ids)),
    "progress": lambda: DataLoader(lambda ids: progress.progress_many(employee_ids=ids)),
    "session": lambda: DataLoader(lambda ids: progress.sessions_many(session_ids=ids)),
    "latest_session": lambda: DataLoader(lambda keys: progress.latest_sessions(keys=keys)),
    "assignment": lambda: DataLoader(lambda ids: assignments.get_many(ids=ids)),
    "open_assignments": lambda: DataLoader(lambda ids: assignments.open_for_many(employee_ids=ids)),
    "scenario": lambda: DataLoader(lambda ids: scenarios.get_many(ids=ids)),
    "scenario_audit": lambda: DataLoader(lambda ids: scenarios.audit_for_many(scenario_ids=ids)),
    "export_refusals": lambda: DataLoader(lambda ids: exports.refusals_for_many(export_ids=ids)),
    "member_figures": lambda: DataLoader(lambda keys: teams.member_figures_many(keys=keys)),
    "team_figures": lambda: DataLoader(lambda keys: teams.team_figures_many(keys=keys)),
    "subteams": lambda: DataLoader(lambda ids: teams.subteam_managers(manager_ids=ids)),
    "lesson_history": lambda: DataLoader(lambda keys: progress.lesson_history_many(keys=keys)),
    "mastery": lambda: DataLoader(lambda keys: progress.mastery_many(keys=keys)),
    "xp_history": lambda: DataLoader(lambda keys: progress.xp_history_many(keys=keys)),
    "lesson": lambda: DataLoader(_lessons_of),
    "completed_assignments": lambda: DataLoader(lambda keys: assignments.completed_many(keys=keys)),
}


def make_loaders(runtime: Runtime) -> RequestLoaders:
    return RequestLoaders(MAKERS)
