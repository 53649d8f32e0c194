"""HR's screens on the real stack at both widths: the org import (a dry run that shows the one wrong line and why,
then the good lines imported), people and a role change, company values, an export downloaded, the item analysis;
and an ordinary employee kept out."""

from __future__ import annotations

import re

from ..account_steps import given_password
from ..support import HEADER, STANDARD_ORG, given_org
from ..test_item_statistics import PATTERNS, analysed_lesson, staff, take
from .conftest import axe, no_horizontal_scroll, screenshot, sign_in

PASSWORD = "a long enough password for tests"

# line 1 the header, line 2 a new hire, line 3 a wrong e-mail address, line 4 a manager nobody knows (the importer
# checks the org chart only once every line reads well: this problem shows up on the second try)
IMPORT_CSV = (
    HEADER + "\n"
    "N1,Nele Nurm,nele@test.ee,Cashier,cashier,LA,et,Europe/Tallinn,employee\n"
    "N2,Peeter Puu,not-an-address,Cashier,cashier,LA,et,Europe/Tallinn,employee\n"
    "N3,Mari Maasikas,mari@test.ee,Cashier,cashier,ZZ,et,Europe/Tallinn,employee\n"
)


async def signed_in_as_hr(page) -> None:
    """Signed in as Helen (HR), in Estonian (her own language is English, which the app would switch to)."""
    await sign_in(page, "hr@test.ee", PASSWORD)
    await page.get_by_label("Language").select_option("et")
    await page.get_by_role("navigation", name="Peamenüü").wait_for()


async def as_hr(page) -> None:
    people = await given_org()
    await given_password(people["HR1"], PASSWORD)
    await signed_in_as_hr(page)
    await page.get_by_role("navigation", name="Peamenüü").get_by_role("link", name="Personal").click()
    await page.get_by_role("heading", level=1, name="Inimesed").wait_for()


def section(page, name: str):
    return page.get_by_role("navigation", name="Personali osad").get_by_role("link", name=name, exact=True)


async def check(page, name: str, screen: str) -> None:
    await axe(page, screen=screen)
    await no_horizontal_scroll(page, screen=screen)
    await screenshot(page, name)


async def test_hr_imports_a_file_with_a_wrong_line_sees_why_imports_the_rest_and_downloads_an_export(page, storage, mailbox):
    # given HR signed in, on the people list
    await as_hr(page)
    await page.get_by_role("link", name="Helen Hunt").first.wait_for()
    await check(page, "hr-people", "people")

    # when they dry-run a file with one wrong line
    await section(page, "Import").click()
    await page.get_by_role("heading", level=1, name="Org-struktuuri import").wait_for()
    await check(page, "hr-import", "import")
    await page.get_by_label("CSV-fail").set_input_files(
        files=[{"name": "org.csv", "mimeType": "text/csv", "buffer": IMPORT_CSV.encode()}])
    await page.get_by_text("org.csv: 3 rida").wait_for()
    await page.get_by_role("button", name="Proovi (midagi ei salvestata)").click()

    # then that line, its field and what is wrong are shown in Estonian, and nothing was imported
    report = page.locator(".hr-errors")
    await report.get_by_role("heading", name="Failis on 1 viga: midagi ei imporditud").wait_for()
    problem = report.get_by_role("listitem")
    assert await problem.count() == 1
    text = await problem.inner_text()
    assert "Rida 3 (N2)" in text and "Väli: email" in text and "„not-an-address” ei ole e-posti aadress." in text
    await check(page, "hr-import-errors", "import errors")

    # when they leave the wrong line out, the next try finds the unknown manager, shown in Estonian too
    await page.get_by_role("button", name="Jäta vigane rida välja ja proovi uuesti").click()
    await report.get_by_text("Rida 4 (N3)").wait_for()
    assert await problem.count() == 1
    text = await problem.inner_text()
    assert "Väli: manager_hr_id" in text and "Juhti ZZ ei ole failis ega süsteemis." in text, text
    await check(page, "hr-import-errors-manager", "import errors: unknown manager")

    # when they leave that line out too, the dry run says what would change; then they import for real
    await page.get_by_role("button", name="Jäta vigane rida välja ja proovi uuesti").click()
    result = page.get_by_role("region", name="Proovi tulemus: nii muutuks")
    await result.get_by_text("1 uus inimene").wait_for()
    await result.get_by_text("Vigased read jäeti välja: 3, 4.").wait_for()
    await check(page, "hr-import-dry-run", "import dry run")
    await result.get_by_role("button", name="Impordi").click()
    done = page.get_by_role("region", name="Import on tehtud")
    await done.get_by_text("1 uus inimene").wait_for()
    await check(page, "hr-import-done", "import done")

    # then the new person is among the people, found by search
    await section(page, "Inimesed").click()
    await page.get_by_label("Otsi nime või e-posti järgi").fill("nele")
    listing = page.get_by_role("table" if page.width_name == "desktop" else "list", name="Inimesed")
    await listing.get_by_role("link", name="Nele Nurm").wait_for()
    await listing.get_by_role("link", name="Helen Hunt").wait_for(state="detached")
    assert await listing.get_by_role("link").all_inner_texts() == ["Nele Nurm"]
    await check(page, "hr-people-search", "people search")

    # when they start a CSV export of this month, the progress shows and the file downloads
    await section(page, "Ekspordid").click()
    await page.get_by_role("heading", level=1, name="Koolitusandmete eksport").wait_for()
    await page.get_by_text("Eksporte pole veel tehtud.").wait_for()
    await check(page, "hr-exports", "exports")
    await page.get_by_role("button", name="Alusta eksporti").click()
    current = page.get_by_role("region", name="Eksport")
    await current.get_by_role("progressbar").wait_for()
    link = current.get_by_role("link", name=re.compile("^Laadi alla"))
    await link.wait_for(timeout=30_000)
    await current.get_by_text("Valmis").wait_for()
    await check(page, "hr-export-done", "export done")
    async with page.expect_download() as info:
        await link.click()
    download = await info.value
    body = pathlib_text(await download.path())
    assert body.splitlines()[0].startswith("hr_id,name,email,role_family,job_title,manager_hr_id,lesson_id")


def pathlib_text(path) -> str:
    import pathlib

    return pathlib.Path(path).read_text(encoding="utf-8-sig")


async def test_hr_changes_a_role_after_confirming_and_keeps_the_company_values(page, storage, mailbox):
    # given HR on Anu's page
    await as_hr(page)
    await page.get_by_role("link", name="Anu Aas").click()
    await page.get_by_role("heading", level=1, name="Anu Aas").wait_for()
    await page.get_by_text("Rolli pole muudetud.").wait_for()
    await check(page, "hr-person", "person")

    # when they choose the manager role, they are asked first; cancelling changes nothing
    await page.get_by_label("Uus roll").select_option("MANAGER")
    await page.get_by_role("button", name="Muuda rolli").click()
    dialog = page.get_by_role("alertdialog", name="Kas muudame rolli?")
    await dialog.get_by_text("Anu Aas saab rolli „Juht”").wait_for()
    await check(page, "hr-person-confirm", "role confirmation")
    await dialog.get_by_role("button", name="Loobu").click()
    await dialog.wait_for(state="detached")
    await page.get_by_role("button", name="Muuda rolli").click()
    await page.get_by_role("alertdialog").get_by_role("button", name="Jah, muuda roll").click()

    # then the role is changed and the change is in the history
    await page.get_by_role("status").get_by_text("Roll on muudetud: Juht.").wait_for()
    await page.get_by_role("region", name="Rollide ajalugu").get_by_text("Töötaja → Juht").wait_for()

    # and an invitation can be sent
    await page.get_by_role("button", name="Saada kutse").click()
    await page.get_by_role("status").get_by_text("Kutse saadeti aadressile a1@test.ee").wait_for()

    # and the people list shows the change among the recent ones
    await section(page, "Inimesed").click()
    recent = page.get_by_role("region", name="Viimased rollimuudatused")
    await recent.get_by_text("Töötaja → Juht").wait_for()
    assert await recent.get_by_role("link", name="Anu Aas").count() == 1
    await check(page, "hr-people-changes", "people with role changes")

    # and narrows the list by the API's filters: role, status, one manager's reports
    listing = page.get_by_role("table" if page.width_name == "desktop" else "list", name="Inimesed")
    await page.get_by_label("Roll", exact=True).select_option("HR")
    await listing.get_by_role("link", name="Helen Hunt").wait_for()
    await listing.get_by_role("link", name="Anu Aas").wait_for(state="detached")
    await page.get_by_label("Olek").select_option("ARCHIVED")
    await page.get_by_text("Kedagi ei leitud.").wait_for()
    await page.get_by_label("Olek").select_option("ACTIVE")
    await page.get_by_label("Roll", exact=True).select_option("")
    await listing.get_by_role("link", name="Liis Lepp").click()
    await page.get_by_role("link", name="Näita tema otseseid alluvaid").click()
    await page.get_by_text("Juhi Liis Lepp otsesed alluvad").wait_for()
    await listing.get_by_role("link", name="Andres Allik").wait_for()
    await listing.get_by_role("link", name="Helen Hunt").wait_for(state="detached")
    assert await listing.get_by_role("link").all_inner_texts() == ["Andres Allik", "Anu Aas"]
    await check(page, "hr-people-reports", "a manager's reports")

    # when they add a company value, edit it, and archive it after confirming
    await section(page, "Väärtused").click()
    await page.get_by_role("heading", level=1, name="Ettevõtte väärtused").wait_for()
    await page.get_by_text("Väärtusi pole veel lisatud.").wait_for()
    await page.get_by_role("button", name="Lisa väärtus").click()
    await page.get_by_label("Nimi").fill("Hoolivus")
    await page.get_by_label("Mida see tähendab").fill("Märkame klienti ja üksteist.")
    await page.get_by_label("Teod, mis väärtust näitavad").fill("Tervitame iga klienti\nAitame kolleegi järjekorra ajal")
    await check(page, "hr-value-form", "value form")
    await page.get_by_role("button", name="Salvesta").click()
    await page.get_by_role("status").get_by_text("Väärtus „Hoolivus” on salvestatud.").wait_for()
    value = page.get_by_role("article", name="Hoolivus")
    await value.get_by_text("Aitame kolleegi järjekorra ajal").wait_for()
    await check(page, "hr-values", "values")
    await value.get_by_role("button", name="Muuda: Hoolivus").click()
    await page.get_by_label("Mida see tähendab").fill("Märkame klienti, kolleegi ja iseennast.")
    await page.get_by_role("button", name="Salvesta").click()
    await value.get_by_text("Märkame klienti, kolleegi ja iseennast.").wait_for()
    await value.get_by_role("button", name="Arhiveeri: Hoolivus").click()
    confirm = page.get_by_role("alertdialog", name="Kas arhiveerime väärtuse?")
    await check(page, "hr-value-archive", "archive confirmation")
    await confirm.get_by_role("button", name="Jah, arhiveeri").click()
    await page.get_by_role("status").get_by_text("Väärtus „Hoolivus” on arhiveeritud.").wait_for()
    await page.get_by_text("Väärtusi pole veel lisatud.").wait_for()
    await page.get_by_label("Näita ka arhiveerituid").check()
    await page.get_by_role("article", name="Hoolivus").get_by_text("Arhiveeritud").wait_for()

    # and the invitations screen invites by name
    await section(page, "Kutsed").click()
    await page.get_by_role("heading", level=1, name="Kutsed").wait_for()
    await page.get_by_label("Kellele?").select_option(label="Andres Allik (a2@test.ee)")
    await check(page, "hr-invitations", "invitations")
    await page.get_by_role("button", name="Saada kutse").click()
    await page.get_by_text("Kutse saadeti aadressile Andres Allik <a2@test.ee>").wait_for()


async def test_hr_reads_the_item_analysis_with_the_flags_in_words(page, storage, api):
    # given 24 learners have taken a lesson (the hand-computed example of tests/test_item_statistics.py)
    people = await given_org(list(STANDARD_ORG) + staff(24))
    await given_password(people["HR1"], PASSWORD)
    lesson_id = await analysed_lesson()
    for n in range(24):
        await take(api, people[f"L{n:02}"], lesson_id, PATTERNS[n % 6])

    # when HR opens the item analysis of that lesson
    await signed_in_as_hr(page)
    await page.goto("/app/people/items")
    await page.get_by_role("heading", level=1, name="Küsimuste analüüs").wait_for()
    await check(page, "hr-items-empty", "item analysis, no lesson")
    await page.get_by_label("Õppetund").select_option(value=lesson_id)

    # then each item shows its share right and its flags in words
    if page.width_name == "phone":
        items = page.get_by_role("list", name="Küsimuste analüüs").get_by_role("listitem").filter(has_text="Vastuseid")
    else:
        items = page.get_by_role("table").locator("tbody tr")
    await items.first.wait_for()
    assert await items.count() == 5
    assert "liiga lihtne" in await items.nth(0).inner_text()
    third = await items.nth(2).inner_text()
    assert "17%" in third and "liiga raske" in third and "eksitav" in third
    await page.get_by_text("Alla 25% vastustest on õiged.").wait_for()
    await check(page, "hr-items", "item analysis")

    # and sorting by the share right puts the hardest first
    await page.get_by_label("Järjesta").select_option("difficulty:a")
    assert "17%" in await items.nth(0).inner_text()
    if page.width_name == "desktop":
        await page.get_by_role("columnheader", name="Õigeid").get_by_role("button").click()
        assert "100%" in await items.nth(0).inner_text()


async def test_an_employee_does_not_see_or_open_the_hr_screens(page, storage):
    people = await given_org()
    await given_password(people["A1"], PASSWORD)
    await sign_in(page, "a1@test.ee", PASSWORD)
    assert await page.get_by_role("navigation", name="Peamenüü").get_by_role("link", name="Personal").count() == 0
    for path in ("/app/people", "/app/people/import", "/app/people/exports"):
        await page.goto(path)
        await page.get_by_role("heading", level=1, name="Ligipääs puudub").wait_for()
        await page.get_by_role("alert").get_by_text("Personali lehed on ainult personalitöötajatele").wait_for()
    assert await page.get_by_label("CSV-fail").count() == 0
    await check(page, "hr-not-allowed", "not allowed")
    await page.get_by_label("Keel").select_option("en")
    await page.get_by_role("heading", level=1, name="Not allowed").wait_for()
    await page.get_by_role("alert").get_by_text("The HR pages are for HR and administrators only.").wait_for()
