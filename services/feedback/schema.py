"""The feedback service's GraphQL schema (federation v2), assembled from the domains."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from services.platform.graphql.schema import ServiceSchema
from services.platform.settings import Settings, get_settings

from .employee import EmployeeEntity
from .loaders import DOMAINS
from .team.graphql import TeamEntity


@strawberry.type
class ServiceQuery:
    @strawberry.field(description="The service's name, for gateways and health dashboards.")
    def service_name(self) -> str:
        return "feedback"


def _merged(name: str, parts: list) -> type:
    return merge_types(name, tuple(parts))


def build_schema(settings: Settings | None = None) -> ServiceSchema:
    settings = settings or get_settings()
    queries = [ServiceQuery, *(d.Query for d in DOMAINS if d.Query is not None)]
    mutations = [d.Mutation for d in DOMAINS if d.Mutation is not None]
    return ServiceSchema(
        query=_merged("Query", queries),
        mutation=_merged("Mutation", mutations) if mutations else None,
        types=[EmployeeEntity, TeamEntity],
        settings=settings,
    )
