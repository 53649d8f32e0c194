"""GraphQL for reminders: the employee's own daily reminder, her browsers' push subscriptions, the VAPID key."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import strawberry
from strawberry.types import Info

from services.platform.auth.guards import signed_in
from services.platform.graphql.context import context

from ..directory.graphql import current_employee
from . import policies, service, vapid


@strawberry.enum(description="How a reminder reaches the employee.")
class ReminderChannel(enum.Enum):
    PUSH = "push"
    EMAIL = "email"


@strawberry.type(name="DailyReminder")
class DailyReminderType:
    enabled: bool = strawberry.field(description="Off unless the employee turned it on.")
    local_time: str | None = strawberry.field(
        description="HH:MM in the employee's time zone (Employee.timeZone); null until first chosen."
    )
    channels: list[ReminderChannel] = strawberry.field(
        description="How it would arrive now: PUSH with a registered device, else EMAIL (also when no push arrives)."
    )
    push_devices: int = strawberry.field(description="Browsers registered for Web Push (registerPushSubscription).")
    last_sent_on: dt.date | None = strawberry.field(description="The employee's local day of the last reminder sent.")

    @classmethod
    def of(cls, row: dict) -> "DailyReminderType":
        chosen = row["local_time"]
        return cls(
            enabled=row["enabled"],
            local_time=chosen.strftime("%H:%M") if chosen is not None else None,
            channels=[ReminderChannel.PUSH] if row["devices"] else [ReminderChannel.EMAIL],
            push_devices=row["devices"],
            last_sent_on=row["last_sent_on"],
        )


async def reminder_of(info: Info, employee_id: uuid.UUID) -> DailyReminderType:
    """Employee.reminder: FORBIDDEN for anyone but the employee herself."""
    policies.own_reminder(context(info).principal, employee_id)
    await current_employee(info)
    return DailyReminderType.of(await service.get(employee_id=employee_id))


@strawberry.input
class SetDailyReminderInput:
    enabled: bool
    local_time: str | None = strawberry.field(
        default=None,
        description="HH:MM (24-hour) in one's own time zone; required the first time it is turned on, else kept.",
    )
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.input
class RegisterPushSubscriptionInput:
    endpoint: str = strawberry.field(description="PushSubscription.endpoint (the push service's https URL).")
    p256dh: str = strawberry.field(description="PushSubscription.toJSON().keys.p256dh (base64url).")
    auth: str = strawberry.field(description="PushSubscription.toJSON().keys.auth (base64url).")
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.input
class RemovePushSubscriptionInput:
    endpoint: str
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.type
class SetDailyReminderPayload:
    reminder: DailyReminderType


@strawberry.type
class RegisterPushSubscriptionPayload:
    reminder: DailyReminderType


@strawberry.type
class RemovePushSubscriptionPayload:
    removed: bool = strawberry.field(description="False when the endpoint was not one of the caller's devices.")
    reminder: DailyReminderType


async def _own(employee: dict) -> DailyReminderType:
    return DailyReminderType.of(await service.get(employee_id=employee["id"]))


@strawberry.type
class ReminderQuery:
    @strawberry.field(
        description="The VAPID public key: pushManager.subscribe's applicationServerKey (base64url, uncompressed)."
    )
    def vapid_public_key(self, info: Info) -> str:
        signed_in(context(info).principal)
        return vapid.application_server_key(context(info).runtime.settings)


@strawberry.type
class ReminderMutation:
    @strawberry.mutation(
        description=(
            "Turn one's own daily reminder on at a local time, or off; retry-safe. INVALID_REMINDER_TIME for a time "
            "that is not HH:MM, REMINDER_TIME_REQUIRED when turning it on the first time without one."
        )
    )
    async def set_daily_reminder(self, info: Info, input: SetDailyReminderInput) -> SetDailyReminderPayload:
        employee = await current_employee(info)
        await service.set_reminder(
            employee=employee,
            enabled=input.enabled,
            local_time=input.local_time,
            client_id=input.client_mutation_id,
            now=context(info).runtime.clock.now(),
        )
        return SetDailyReminderPayload(reminder=await _own(employee))

    @strawberry.mutation(
        description=(
            "Register this browser for reminders by Web Push (several devices per person; the same endpoint again "
            "updates it, and one registered by someone else moves to the caller); retry-safe. INVALID_PUSH_ENDPOINT, "
            "INVALID_PUSH_KEY, INVALID_PUSH_AUTH."
        )
    )
    async def register_push_subscription(
        self, info: Info, input: RegisterPushSubscriptionInput
    ) -> RegisterPushSubscriptionPayload:
        employee = await current_employee(info)
        runtime = context(info).runtime
        await service.register_subscription(
            employee=employee,
            endpoint=input.endpoint,
            p256dh=input.p256dh,
            auth=input.auth,
            client_id=input.client_mutation_id,
            now=runtime.clock.now(),
            settings=runtime.settings,
        )
        return RegisterPushSubscriptionPayload(reminder=await _own(employee))

    @strawberry.mutation(description="Stop reminders by Web Push to one of one's own browsers; retry-safe.")
    async def remove_push_subscription(
        self, info: Info, input: RemovePushSubscriptionInput
    ) -> RemovePushSubscriptionPayload:
        employee = await current_employee(info)
        result = await service.remove_subscription(
            employee=employee, endpoint=input.endpoint, client_id=input.client_mutation_id
        )
        return RemovePushSubscriptionPayload(removed=result["removed"], reminder=await _own(employee))
