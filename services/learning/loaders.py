"""The DataLoaders of one request: every list field batches its lookups into one statement."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from services.platform.runtime import Runtime

from .assignments import service as assignments
from .directory import service as directory
from .exports import service as exports
from .progress import service as progress
from .scenarios import service as scenarios
from .teams import service as teams


@dataclass
class Loaders:
    employee: DataLoader
    progress: DataLoader
    session: DataLoader
    latest_session: DataLoader
    assignment: DataLoader
    open_assignments: DataLoader
    scenario: DataLoader
    scenario_audit: DataLoader
    export_refusals: DataLoader
    member_figures: DataLoader
    team_figures: DataLoader
    subteams: DataLoader
    lesson_history: DataLoader
    mastery: DataLoader
    xp_history: DataLoader
    lesson: DataLoader
    completed_assignments: DataLoader


async def _lessons_of(keys):
    from .lessons.graphql import lessons_of  # the GraphQL type; imported late (it imports the domains)

    return await lessons_of(keys)


def make_loaders(runtime: Runtime) -> Loaders:
    return Loaders(
        employee=DataLoader(lambda ids: directory.get_many(ids=ids)),
        progress=DataLoader(lambda ids: progress.progress_many(employee_ids=ids)),
        session=DataLoader(lambda ids: progress.sessions_many(session_ids=ids)),
        latest_session=DataLoader(lambda keys: progress.latest_sessions(keys=keys)),
        assignment=DataLoader(lambda ids: assignments.get_many(ids=ids)),
        open_assignments=DataLoader(lambda ids: assignments.open_for_many(employee_ids=ids)),
        scenario=DataLoader(lambda ids: scenarios.get_many(ids=ids)),
        scenario_audit=DataLoader(lambda ids: scenarios.audit_for_many(scenario_ids=ids)),
        export_refusals=DataLoader(lambda ids: exports.refusals_for_many(export_ids=ids)),
        member_figures=DataLoader(lambda keys: teams.member_figures_many(keys=keys)),
        team_figures=DataLoader(lambda keys: teams.team_figures_many(keys=keys)),
        subteams=DataLoader(lambda ids: teams.subteam_managers(manager_ids=ids)),
        lesson_history=DataLoader(lambda keys: progress.lesson_history_many(keys=keys)),
        mastery=DataLoader(lambda keys: progress.mastery_many(keys=keys)),
        xp_history=DataLoader(lambda keys: progress.xp_history_many(keys=keys)),
        lesson=DataLoader(_lessons_of),
        completed_assignments=DataLoader(lambda keys: assignments.completed_many(keys=keys)),
    )
