"""GraphQL for company values: everyone reads them, HR and admin define them."""

from __future__ import annotations


import strawberry
from strawberry.types import Info

from services.platform.auth.guards import hr_or_admin

from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id

from ..directory.graphql import current_employee
from . import service
from .service import ValueDraft


@strawberry.type(name="CompanyValue")
class CompanyValueType:
    id: strawberry.ID
    name: str
    meaning: str
    behaviours: list[str]
    active: bool

    @classmethod
    def from_row(cls, row: dict) -> "CompanyValueType":
        return cls(
            id=strawberry.ID(str(row["id"])),
            name=row["name"],
            meaning=row["meaning"],
            behaviours=list(row["behaviours"]),
            active=row["active"],
        )


@strawberry.input
class CompanyValueInput:
    name: str
    meaning: str
    behaviours: list[str] = strawberry.field(description="Concrete behaviours that show the value (1-8).")

    def draft(self) -> ValueDraft:
        return ValueDraft(name=self.name, meaning=self.meaning, behaviours=self.behaviours)


@strawberry.input(description="Changing a value to the same text again changes nothing, so a retry is safe.")
class UpdateCompanyValueInput:
    id: strawberry.ID
    name: str
    meaning: str
    behaviours: list[str] = strawberry.field(description="Concrete behaviours that show the value (1-8).")

    def draft(self) -> ValueDraft:
        return ValueDraft(name=self.name, meaning=self.meaning, behaviours=self.behaviours)


@strawberry.input(description="Archiving an archived value again changes nothing, so a retry is safe.")
class ArchiveCompanyValueInput:
    id: strawberry.ID


@strawberry.type
class ValuesQuery:
    @strawberry.field(description="The organisation's company values.")
    async def company_values(self, info: Info, include_archived: bool = False) -> list[CompanyValueType]:
        await current_employee(info)
        return [CompanyValueType.from_row(r) for r in await service.get_all(include_archived=include_archived)]


@strawberry.type
class ValuesMutation:
    @strawberry.mutation(description="HR/admin: add a company value; the values quiz starts asking about it.")
    async def define_company_value(self, info: Info, input: CompanyValueInput) -> CompanyValueType:
        hr_or_admin(context(info).principal)
        await current_employee(info)
        return CompanyValueType.from_row(await service.create(draft=input.draft()))

    @strawberry.mutation(description="HR/admin: change a company value.")
    async def update_company_value(self, info: Info, input: UpdateCompanyValueInput) -> CompanyValueType:
        hr_or_admin(context(info).principal)
        await current_employee(info)
        return CompanyValueType.from_row(await service.update(value_id=parse_id(input.id), draft=input.draft()))

    @strawberry.mutation(description="HR/admin: retire a company value from the quiz.")
    async def archive_company_value(self, info: Info, input: ArchiveCompanyValueInput) -> CompanyValueType:
        hr_or_admin(context(info).principal)
        await current_employee(info)
        return CompanyValueType.from_row(await service.archive(value_id=parse_id(input.id)))
