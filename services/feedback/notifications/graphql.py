"""GraphQL for notifications: the caller's own, newest first, and marking one read."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from services.platform.errors import NotFound
from services.platform.graphql.context import context
from services.platform.graphql.ids import parse_id
from services.platform.graphql.pagination import INSTANT_AND_ID, Page, decode_cursor, make_page, page_size

from ..directory.graphql import current_staff
from . import service


@strawberry.type(name="Notification")
class NotificationType:
    id: strawberry.ID
    kind: str = strawberry.field(description="What happened, e.g. complaint.acknowledge_overdue.")
    subject: str = strawberry.field(description="What it is about, e.g. complaint:<feedback id>.")
    data: JSON
    created_at: dt.datetime
    read_at: dt.datetime | None

    @classmethod
    def from_row(cls, row: dict) -> "NotificationType":
        return cls(
            id=strawberry.ID(str(row["id"])),
            kind=row["kind"],
            subject=row["subject"],
            data=row["data"],
            created_at=row["created_at"],
            read_at=row["read_at"],
        )


@strawberry.type
class NotificationQuery:
    @strawberry.field(description="The caller's notifications, newest first.")
    async def my_notifications(
        self, info: Info, unread_only: bool = False, first: int | None = None, after: str | None = None
    ) -> Page[NotificationType]:
        me = await current_staff(info)
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        rows = await service.page_for(
            recipient=me["id"], unread_only=unread_only, after=decode_cursor(after, INSTANT_AND_ID), limit=size + 1
        )
        page = make_page(rows, size, key_of=lambda r: [r["created_at"].isoformat(), str(r["id"])])
        return Page(items=[NotificationType.from_row(r) for r in page.items], page_info=page.page_info)


@strawberry.input
class MarkNotificationReadInput:
    id: strawberry.ID = strawberry.field(description="The notification.")


@strawberry.type
class NotificationMutation:
    @strawberry.mutation(description="Mark one of your notifications read (again is harmless).")
    async def mark_notification_read(self, info: Info, input: MarkNotificationReadInput) -> NotificationType:
        me = await current_staff(info)
        row = await service.mark_read(
            notification_id=parse_id(input.id), recipient=me["id"], now=context(info).runtime.clock.now()
        )
        if row is None:
            raise NotFound("No such notification.", code="NOTIFICATION_NOT_FOUND")
        return NotificationType.from_row(row)


Query = NotificationQuery
Mutation = NotificationMutation


def dataloaders() -> dict:
    """Makers of the DataLoaders this domain adds to each request (each made on first use)."""
    return {}
