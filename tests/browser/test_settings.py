"""The daily reminder, set by the employee in the app (the sending is tested in tests/test_reminders.py, up to the
push request)."""

from __future__ import annotations

from ..account_steps import given_password
from ..support import given_org, token_for
from .conftest import axe, no_horizontal_scroll, screenshot, sign_in

PASSWORD = "a long enough password for tests"
REMINDER = "{ me { reminder { enabled localTime channels } } }"


async def test_an_employee_turns_on_a_daily_reminder_at_a_time_of_her_choice(page, storage, api):
    people = await given_org()
    await given_password(people["A1"], PASSWORD)
    await sign_in(page, "a1@test.ee", PASSWORD)
    await page.get_by_role("navigation").get_by_role("link", name="Seaded").click()
    await page.get_by_role("heading", name="Igapäevane meeldetuletus").wait_for()
    # off by default: the time waits until the reminder is on
    assert await page.get_by_label("Kellaaeg").is_disabled()
    await axe(page, screen="settings")
    await page.get_by_text("Tuleta mulle meelde").click()
    await page.get_by_label("Kellaaeg").fill("07:45")
    await page.get_by_role("button", name="Salvesta").click()
    await page.get_by_role("status").get_by_text("Salvestatud.").wait_for()
    # no device allowed notifications (headless Chromium has no push service): e-mail it is
    await page.get_by_text("Meeldetuletus tuleb e-kirjaga.", exact=False).wait_for()
    await no_horizontal_scroll(page, screen="settings")
    await screenshot(page, "settings")
    from services.learning.directory.tables import Employee

    anu = await Employee.select().where(Employee.id == people["A1"]["id"]).first()  # her token version now
    saved = await api.ok(REMINDER, token=token_for(anu))
    assert saved["me"]["reminder"] == {"enabled": True, "localTime": "07:45", "channels": ["EMAIL"]}
