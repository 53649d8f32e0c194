"""GraphQL for badge credentials: one badge's signed credential, and HR's export of a date range."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from services.platform.auth.guards import hr_or_admin
from services.platform.errors import ValidationFailed
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id
from services.platform.graphql.pagination import INSTANT_AND_ID, Page, decode_cursor, make_page, page_size

from ..directory.graphql import current_staff
from . import service

if TYPE_CHECKING:
    from ..employee import EmployeeEntity


@strawberry.type(
    name="BadgeCredential",
    description=(
        "An earned badge as an Open Badges 3.0 OpenBadgeCredential (W3C VC Data Model 2.0), signed as a compact "
        "VC-JWT (RS256); verify it with the issuer's keys at /.well-known/jwks.json (the JWT header's kid)."
    ),
)
class BadgeCredentialType:
    badge_id: strawberry.ID
    key: str = strawberry.field(description="The badge (Badge.key).")
    awarded_at: dt.datetime
    jwt: str = strawberry.field(description="The compact VC-JWT: header.payload.signature.")
    row: strawberry.Private[dict]

    @classmethod
    def from_row(cls, row: dict) -> "BadgeCredentialType":
        return cls(badge_id=strawberry.ID(str(row["id"])), key=row["badge"], awarded_at=row["awarded_at"],
                   jwt=row["jwt"], row=row)

    @strawberry.field(description="Whose badge it is.")
    def holder(self) -> Annotated["EmployeeEntity", strawberry.lazy("services.feedback.employee")]:
        from ..employee import EmployeeEntity

        return EmployeeEntity.of(self.row["employee"])


@strawberry.type
class CredentialQuery:
    @strawberry.field(
        description=(
            "A badge's signed credential: its holder, the managers above them, HR and admin (BADGE_NOT_FOUND "
            "otherwise, as for an unknown id)."
        )
    )
    async def badge_credential(self, info: Info, badge_id: strawberry.ID) -> BadgeCredentialType:
        await current_staff(info)
        row = await service.for_viewer(badge_id=parse_id(badge_id), viewer=context(info).principal,
                                       settings=context(info).runtime.settings)
        return BadgeCredentialType.from_row(row)

    @strawberry.field(
        description=(
            "HR and admin: the credentials of every badge awarded in [from, to), oldest first, at most 100 a page."
        )
    )
    async def badge_credentials(
        self, info: Info, from_: Annotated[dt.datetime, strawberry.argument(name="from")], to: dt.datetime,
        first: int | None = None, after: str | None = None,
    ) -> Page[BadgeCredentialType]:
        hr_or_admin(context(info).principal)
        await current_staff(info)
        if to <= from_:
            raise ValidationFailed("'to' must be after 'from'.", code="INVALID_DATE_RANGE")
        settings = context(info).runtime.settings
        size = page_size(first, min(service.MAX_EXPORT_PAGE, settings.graphql_max_page_size))
        cursor = decode_cursor(after, INSTANT_AND_ID)
        rows = await service.export_page(start=from_, end=to, after=cursor, limit=size + 1, settings=settings)
        page = make_page(rows, size, key_of=lambda r: [r["awarded_at"].isoformat(), str(r["id"])])
        return Page(items=[BadgeCredentialType.from_row(r) for r in page.items], page_info=page.page_info)


Query = CredentialQuery
Mutation = None


def dataloaders() -> dict:
    return {}
