"""Accounts in the app: a new hire opens the invitation from her mail and chooses a password; someone who forgot
theirs asks for a link and sets a new one. The mails come from the real services, through SMTP, to the test's
mail catcher."""

from __future__ import annotations

import httpx

from ..support import given_org, token_for
from .conftest import axe, screenshot

NEW_PASSWORD = "my own long password for the shop"
INVITE = "mutation($i: InviteEmployeeInput!) { inviteEmployee(input: $i) { expiresAt } }"


async def mailed_link(mailbox, address: str, fragment: str) -> str:
    for _ in range(3):
        mails = await mailbox.wait_for(address, timeout=30)
        links = [link for mail in mails for link in mail.links if fragment in link]
        if links:
            return links[-1]
    raise AssertionError(f"no {fragment} link mailed to {address}: {[m.links for m in mailbox.to(address)]}")


async def test_a_new_hire_accepts_the_invitation_and_later_resets_a_forgotten_password(page, storage, stack, mailbox):
    from ..support import new_id

    people = await given_org()
    # given HR invites Andres (through the gateway, as the HR screen does)
    answer = httpx.post(f"{stack['base']}/graphql", json={"query": INVITE, "variables": {
        "i": {"employeeId": str(people["A2"]["id"]), "clientMutationId": new_id()}}},
        headers={"Authorization": f"Bearer {token_for(people['HR1'])}"}, timeout=30).json()
    assert not answer.get("errors"), answer
    link = await mailed_link(mailbox, "a2@test.ee", "#invitation=")
    assert link.startswith(f"{stack['base']}/app/#invitation=")

    # when he opens it, he chooses a password and is in the app, signed in
    await page.goto(link)
    await page.get_by_role("heading", name="Tere tulemast! Vali parool").wait_for()
    await axe(page, screen="accept invitation")
    await screenshot(page, "accept-invitation")
    await page.get_by_label("Uus parool").fill("short")
    await page.get_by_role("button", name="Salvesta ja jätka").click()
    assert await page.get_by_label("Uus parool").evaluate("input => !input.validity.valid")  # at least 12 characters
    await page.get_by_label("Uus parool").fill(NEW_PASSWORD)
    await page.get_by_role("button", name="Salvesta ja jätka").click()
    await page.get_by_role("navigation").wait_for()
    assert "#invitation" not in page.url
    # and the app speaks his own language (English in the org chart) from now on
    await page.get_by_role("navigation").get_by_role("link", name="Today").wait_for()
    # the link is spent: opening it again says so in words
    await page.get_by_role("button", name="Sign out").click()
    await page.goto(link)
    await page.get_by_label("New password").fill("yet another long password")
    await page.get_by_role("button", name="Save and continue").click()
    await page.get_by_role("alert").get_by_text("This link has already been used", exact=False).wait_for()

    # when he forgets it, he asks for a link on the sign-in page
    mailbox.clear()
    await page.goto("/app/")
    await page.get_by_role("button", name="Forgot your password?").click()
    await page.get_by_role("heading", name="Reset your password").wait_for()
    await axe(page, screen="reset password")
    await page.get_by_label("E-mail").fill("a2@test.ee")
    await page.get_by_role("button", name="Send the link").click()
    await page.get_by_role("status").get_by_text("If we know this address", exact=False).wait_for()
    await screenshot(page, "reset-requested")
    reset = await mailed_link(mailbox, "a2@test.ee", "#reset=")

    # then the mailed link lets him choose a new one, and that one signs him in
    await page.goto(reset)
    await page.get_by_role("heading", name="Choose a new password").wait_for()
    await page.get_by_label("New password").fill("a brand new long password")
    await page.get_by_role("button", name="Save and continue").click()
    await page.get_by_role("navigation").wait_for()
    await page.get_by_role("button", name="Sign out").click()
    await page.get_by_label("E-mail").fill("a2@test.ee")
    await page.get_by_label("Password").fill("a brand new long password")
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("navigation").wait_for()
