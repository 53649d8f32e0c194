"""GraphQL helpers for the replica: the signed-in caller as a staff member, and staff loaders."""

from __future__ import annotations

from strawberry.dataloader import DataLoader
from strawberry.types import Info

from services.platform.auth.guards import signed_in
from services.platform.errors import Unauthenticated
from services.platform.graphql.context import context

from . import service

Query = None
Mutation = None


def dataloaders() -> dict:
    return {"staff": lambda: DataLoader(lambda ids: service.get_many(ids=ids))}


async def current_staff(info: Info) -> dict:
    """The caller's replica row; an employee the directory has deactivated (or not announced) is refused."""
    principal = signed_in(context(info).principal)
    row = await context(info).loaders.staff.load(principal.employee_id)
    if row is None or not row["active"]:
        raise Unauthenticated("This account is not active in the directory.")
    return row
