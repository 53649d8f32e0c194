"""GraphQL for customer data: the contact type (shown only where intake allows), and erasure by admin."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from services.platform.auth.guards import admin
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id

from ..directory.graphql import current_staff
from . import service


@strawberry.type(name="CustomerContact")
class CustomerContactType:
    id: strawberry.ID
    name: str | None
    email: str | None
    phone: str | None
    consent: bool = strawberry.field(description="The customer agreed to be contacted about this feedback.")
    erased_at: dt.datetime | None = strawberry.field(description="Set once the personal data was erased.")

    @classmethod
    def from_row(cls, row: dict) -> "CustomerContactType":
        return cls(
            id=strawberry.ID(str(row["id"])),
            name=row["name"],
            email=row["email"],
            phone=row["phone"],
            consent=row["consent"],
            erased_at=row["erased_at"],
        )


@strawberry.type
class ErasureResult:
    customers_erased: int
    feedback_scrubbed: int = strawberry.field(description="Feedback items whose free text was removed.")


@strawberry.input
class EraseCustomerInput:
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="One customer's contact.")
    email: str | None = strawberry.field(default=None, description="Or every customer with this e-mail.")


@strawberry.type
class PrivacyMutation:
    @strawberry.mutation(
        description=(
            "Admin: erase a customer's personal data (by customerId, or every customer with the e-mail). "
            "The feedback stays, anonymised: its text is replaced, ratings and statistics remain. "
            "Safe to retry: a second run finds nothing left to erase."
        )
    )
    async def erase_customer(self, info: Info, input: EraseCustomerInput) -> ErasureResult:
        admin(context(info).principal)
        await current_staff(info)
        result = await service.erase(
            customer_id=parse_id(input.customer_id) if input.customer_id is not None else None,
            email=input.email,
            now=context(info).runtime.clock.now(),
        )
        return ErasureResult(customers_erased=result["customers"], feedback_scrubbed=result["feedback"])


Query = None
Mutation = PrivacyMutation


def dataloaders() -> dict:
    """Makers of the DataLoaders this domain adds to each request (each made on first use)."""
    return {"customer": lambda: DataLoader(lambda ids: service.get_many(ids=ids))}
