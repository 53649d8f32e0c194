"""Given-helpers for the account stories: passwords, events delivered by the workers, links from the mail."""

from __future__ import annotations

from services.feedback.platform_tables import OUTBOX as FEEDBACK_OUTBOX
from services.learning.platform_tables import OUTBOX as LEARNING_OUTBOX
from services.platform.outbox import service as outbox
from services.platform.settings import get_settings

from .support import run_worker

LOGIN = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token employee { hrId role } } }"
ME = "{ me { hrId role } }"
SET_ROLE = "mutation($i: SetEmployeeRoleInput!) { setEmployeeRole(input: $i) { changed employee { hrId role } } }"
INVITE = "mutation($i: InviteEmployeeInput!) { inviteEmployee(input: $i) { employee { hrId } expiresAt } }"
ACCEPT = "mutation($i: SetPasswordWithLinkInput!) { acceptInvitation(input: $i) { token employee { hrId role } } }"
REQUEST_RESET = "mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) { accepted } }"
RESET = "mutation($i: SetPasswordWithLinkInput!) { resetPassword(input: $i) { token employee { hrId role } } }"
IMPORT = (
    "mutation($csv: String!, $invite: Boolean! = true) { importOrgChart(input: {csv: $csv, sendInvitations: $invite}) "
    "{ created updated invited } }"
)


async def given_password(person: dict, password: str) -> None:
    from services.learning.directory.service import set_password

    await set_password(employee_id=person["id"], password=password)


async def deliver(app, storage, clock, *, services=("learning",)) -> None:
    """Relay the outboxes and run the named services' workers until the events settle."""
    pool = await app.state.runtime.arq()
    for _ in range(2):
        await outbox.relay(LEARNING_OUTBOX, arq=pool, now=clock.now())
        await outbox.relay(FEEDBACK_OUTBOX, arq=pool, now=clock.now())
        for service in services:
            await run_worker(service, storage["redis_url"], clock)


def link_token(mail, purpose: str) -> str:
    """The token in a mailed link of the staff app (`.../app/#<purpose>=<token>`)."""
    prefix = f"{get_settings().staff_app_url}/#{purpose}="
    [link] = [link for link in mail.links if link.startswith(prefix)]
    return link[len(prefix):]


def reason(error: dict) -> tuple[str, str | None]:
    return error["extensions"]["code"], error["extensions"].get("reason")
