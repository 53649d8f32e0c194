"""The manager's team workspace on the real stack: the team's people and figures, who has not done today's lesson,
assigning a lesson with a confirmation, subteams, a peer's team out of reach, HR opening any team, a scenario drafted
from a resolved complaint, and the printable QR sheet; at phone and desktop widths."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
import uuid
from zoneinfo import ZoneInfo

import httpx
import pytest

from ..account_steps import given_password
from ..feedback_intake_steps import SUBMIT, given_people, staff_input
from ..learning_steps import do_lesson, open_assignments
from ..support import Api, new_id, token_for
from ..test_authored_scenarios import given_a_resolved_complaint, step
from ..test_scenarios_from_complaints import FROM_COMPLAINT
from .conftest import axe, no_horizontal_scroll, screenshot, sign_in

PASSWORD = "a long enough password for tests"
MONTHS = ["jaanuar", "veebruar", "märts", "aprill", "mai", "juuni", "juuli", "august", "september", "oktoober",
          "november", "detsember"]
TEAM = "{ team { progress { lessonsCompleted30Days { completed } } } }"
TODAY = "{ me { progress { doneToday } } }"
LESSONS = "{ lessons(locale: ET, first: 100) { items { id title } } }"


@pytest.fixture
async def gateway(stack):
    """GraphQL through the gateway: the services there run on real time, as the browser sees them."""
    async with httpx.AsyncClient(base_url=stack["base"], timeout=30) as http:
        yield Api(http)


async def eventually(check, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = await check()
        if result:
            return result
        await asyncio.sleep(0.2)
    pytest.fail(f"{what}: not within {timeout} s")


async def given_a_team_where_anu_learned_today(gateway: Api) -> dict[str, dict]:
    """The standard org (Mart's subtree: Liis, Anu, Andres); Anu has done today's lesson, the others not."""
    people = await given_people()
    for key in ("MA", "MB", "HR1", "LA"):
        await given_password(people[key], PASSWORD)
    people = await current(people)  # a new password ends older tokens: sign the test's own with the new version
    anu = token_for(people["A1"])
    if not (await gateway.ok(TODAY, token=anu))["me"]["progress"]["doneToday"]:
        await do_lesson(gateway, anu)

    async def counted():
        team = await gateway.ok(TEAM, token=token_for(people["MA"]))
        return team["team"]["progress"]["lessonsCompleted30Days"]["completed"] >= 1

    await eventually(counted, "the team rollup counting Anu's lesson")
    return people


async def given_mastery_and_a_rated_resolution(gateway: Api, people: dict[str, dict]) -> None:
    """Team mastery recomputed now (the worker does it every 30 minutes), and a complaint Anu resolved whose customer
    answered the survey (CSAT 4, NPS 9), counted by the real feedback worker."""
    from services.learning.teams import mastery
    from services.platform.clock import SystemClock

    from ..recognition_steps import ANSWER_SURVEY, customers_token
    from ..recognition_steps import answer_input as survey_answer

    await mastery.refresh(now=SystemClock().now())
    feedback_id = await given_a_resolved_complaint(gateway, people)

    async def surveyed():
        from services.feedback.loyalty import service as loyalty

        return await loyalty.latest_survey(feedback_id=uuid.UUID(feedback_id))

    await eventually(surveyed, "the survey of Anu's resolution")
    await gateway.ok(ANSWER_SURVEY, survey_answer(await customers_token(uuid.UUID(feedback_id)), csat=4, nps=9))

    async def counted():
        nps = await gateway.ok("query($t: ID) { nps(teamOf: $t) { responses } }", {"t": str(people["MA"]["id"])},
                               token=token_for(people["MA"]))
        return nps["nps"]["responses"] >= 1

    await eventually(counted, "the team's NPS counting the answer")


async def current(people: dict[str, dict]) -> dict[str, dict]:
    from services.learning.directory.tables import Employee

    return {p["hr_id"]: p for p in await Employee.select()}


def row(page, name: str):
    """A person's row (desktop table) or card (phone list)."""
    if page.width_name == "desktop":
        return page.locator("tbody tr", has=page.get_by_role("rowheader", name=name))
    return page.locator("section[aria-labelledby=team-members] li.team-card", has_text=name)


async def test_a_manager_sees_their_team_and_assigns_a_lesson_with_a_confirmation(page, storage, gateway):
    people = await given_a_team_where_anu_learned_today(gateway)
    await given_mastery_and_a_rated_resolution(gateway, people)
    await sign_in(page, "ma@test.ee", PASSWORD)
    await page.get_by_role("navigation", name="Peamenüü").get_by_role("link", name="Meeskond").click()
    await page.get_by_role("heading", level=1, name="Meeskond").wait_for()
    await row(page, "Anu Aas").wait_for()

    # the figures: three people under Mart, Anu has done today's lesson, Andres and Liis have not (said in words)
    summary = page.locator("#team-summary").locator("..")
    assert "Inimesi3" in (await summary.inner_text()).replace("\n", "")
    assert await row(page, "Anu Aas").get_by_text("✓ Tehtud").is_visible()
    for name in ("Andres Allik", "Liis Lepp"):
        assert await row(page, name).get_by_text("! Tegemata").is_visible()
    await page.get_by_text("Tänane tund on tegemata 2 inimesel sellel lehel.").wait_for()
    assert "1 / " in await row(page, "Anu Aas").inner_text()
    if page.width_name == "desktop":
        assert await page.locator("table.team-table").count() == 1
    else:
        assert await page.locator("table.team-table").count() == 0 and await row(page, "").count() >= 3
    # every checkbox has a name
    for name in ("Anu Aas", "Andres Allik", "Liis Lepp"):
        assert await page.get_by_role("checkbox", name=f"Vali {name}").count() == 1
    # the charts come with the screen, each with its text alternative
    await page.get_by_role("heading", name="Tehtud tunnid päevade kaupa (30 päeva)").wait_for()
    await page.get_by_role("heading", name="Meeldejäämine teemade kaupa").wait_for()
    await page.get_by_role("heading", name="NPS ja CSAT nädalate kaupa (6 nädalat)").wait_for()
    charts = page.locator("section[aria-labelledby=team-charts]")
    await charts.get_by_text("NPS 100, CSAT 4", exact=False).wait_for()
    assert await charts.locator(".team-chart-area .recharts-wrapper").count() == 3
    await charts.get_by_text("Näita tabelina").first.click()
    await charts.get_by_role("columnheader", name="Tehtud tunde").wait_for()
    await page.get_by_role("heading", name="Kes vajab juhendamist").wait_for()
    await axe(page, screen="team overview")
    await no_horizontal_scroll(page, screen="team overview")
    await screenshot(page, "team-overview")

    # sorted by lessons in 30 days, most first: Anu leads (a column header on desktop, the sort menu on phones)
    if page.width_name == "desktop":
        await page.get_by_role("button", name="Tunnid 30 p").click()
        await page.get_by_role("columnheader", name="Tunnid 30 p").and_(page.locator("[aria-sort=descending]")).wait_for()
    else:
        await page.get_by_label("Järjesta").select_option("LESSONS_DESC")
    first = page.locator("section[aria-labelledby=team-members]").locator("tbody th[scope=row] .team-name, li.team-card .team-name").first
    await page.wait_for_function("() => document.querySelector('#team-sort').value === 'LESSONS_DESC'")
    await eventually(lambda: first_name_is(first, "Anu Aas"), "Anu first when sorted by lessons")

    # assign a lesson to Andres and Liis, due in a week: the confirmation says what will happen
    lesson = (await gateway.ok(LESSONS, token=token_for(people["MA"])))["lessons"]["items"][-1]
    due = dt.datetime.now(ZoneInfo("Europe/Tallinn")).date() + dt.timedelta(days=7)
    await page.get_by_role("checkbox", name="Vali Andres Allik").check()
    await page.get_by_role("checkbox", name="Vali Liis Lepp").check()
    await page.get_by_text("Valitud 2 inimest").wait_for()
    await page.get_by_label("Tund", exact=True).select_option(lesson["id"])
    await page.get_by_label("Tähtaeg").fill(due.isoformat())
    await page.get_by_role("button", name="Määra 2 inimesele…").click()
    dialog = page.get_by_role("alertdialog")
    await dialog.wait_for()
    expected = f"Kas määrata tund „{lesson['title']}“ 2 inimesele, tähtaeg {due.day}. {MONTHS[due.month - 1]}?"
    await dialog.get_by_text(expected).wait_for()
    await axe(page, screen="assign confirmation")
    await screenshot(page, "team-assign-confirm")
    await dialog.get_by_role("button", name="Jah, määra").click()
    await page.get_by_text(f"Tund „{lesson['title']}“ on määratud 2 inimesele.").wait_for()
    assert await page.get_by_role("alertdialog").count() == 0
    # the assignment is there for both (the API), and the rows list it
    for key in ("A2", "LA"):
        assigned = await open_assignments(gateway, token_for(people["MA"]), people[key]["id"])
        assert any(a["lesson"]["id"] == lesson["id"] and a["dueDate"] == due.isoformat() for a in assigned), assigned
    await row(page, "Andres Allik").get_by_text(lesson["title"], exact=False).first.wait_for()
    await axe(page, screen="team after assigning")
    await no_horizontal_scroll(page, screen="team after assigning")
    await screenshot(page, "team-assigned")

    # the subteam: Liis's people, opened from Mart's
    await page.get_by_role("link", name="Ava meeskond: Liis Lepp").click()
    await page.get_by_role("heading", level=1, name="Meeskond: Liis Lepp").wait_for()
    await row(page, "Anu Aas").wait_for()
    assert await row(page, "Mart Mets").count() == 0
    await axe(page, screen="subteam")
    await no_horizontal_scroll(page, screen="subteam")
    await screenshot(page, "team-subteam")


async def first_name_is(locator, name: str) -> bool:
    return (await locator.inner_text()).strip() == name


async def test_a_peer_managers_team_is_out_of_reach(page, storage, gateway):
    people = await given_a_team_where_anu_learned_today(gateway)
    await sign_in(page, "mb@test.ee", PASSWORD)
    await page.goto(f"/app/team/of/{people['MA']['id']}")
    alert = page.get_by_role("alert")
    await alert.get_by_text("Seda meeskonda ei leitud või see pole sinu vastutusalas.").wait_for()
    assert await page.get_by_text("Anu Aas").count() == 0
    await axe(page, screen="team not found")
    await no_horizontal_scroll(page, screen="team not found")
    await screenshot(page, "team-not-found")
    # their own team is there
    await page.get_by_role("link", name="Tagasi oma meeskonna juurde").click()
    await row(page, "Birgit Berg").wait_for()


async def test_hr_without_a_team_of_their_own_opens_any_team(page, storage, gateway):
    await given_a_team_where_anu_learned_today(gateway)
    await sign_in(page, "hr@test.ee", PASSWORD)  # Helen works in English
    await page.goto("/app/team")
    await page.get_by_text("Nobody reports to you, so you have no team of your own.", exact=False).wait_for()
    await page.get_by_role("link", name="Mart Mets").wait_for()
    await axe(page, screen="choose a team")
    await no_horizontal_scroll(page, screen="choose a team")
    await screenshot(page, "team-choose")
    await page.get_by_label("Search by name or e-mail").fill("mart")
    await page.get_by_role("link", name="Marko Mänd").wait_for(state="detached")
    await page.get_by_role("link", name="Mart Mets").click()
    await page.get_by_role("heading", level=1, name="Team: Mart Mets").wait_for()
    await row(page, "Anu Aas").get_by_text("✓ Done").wait_for()
    await row(page, "Andres Allik").get_by_text("! Not done yet").wait_for()
    await axe(page, screen="team opened by HR")
    await no_horizontal_scroll(page, screen="team opened by HR")


async def given_resolved_complaints(gateway: Api, people: dict[str, dict], count: int) -> list[tuple[str, str]]:
    """Complaints about Anu, each with its own words (so this run's cards are told apart), resolved by her and
    relayed to the learning service by the real workers; returns (feedback id, its words)."""
    from services.learning.scenarios.tables import ComplaintCase

    made = []
    for _ in range(count):
        words = " ".join("".join(random.choice("abcdefghiklmnoprstuv") for _ in range(7)) for _ in range(2))
        body = f"Kaup jäi tulemata ja keegi ei helistanud tagasi. Märksõna {words}."
        item = (await gateway.ok(SUBMIT, {"i": staff_input("complaint", [people["A1"]], category="LATE_DELIVERY",
                                                          body=body)}, token=token_for(people["LA"])))["submitFeedback"]
        for action in ("acknowledge", "resolve"):
            await step(gateway, action, item["id"], people["A1"])
        made.append((item["id"], words))

    async def relayed():
        ids = [uuid.UUID(feedback_id) for feedback_id, _ in made]
        return await ComplaintCase.count().where(ComplaintCase.feedback_id.is_in(ids)) == len(ids)

    await eventually(relayed, "the complaints' practice cases reaching the learning service")
    return made


async def test_a_manager_drafts_a_scenario_from_a_complaint_and_hr_approves_it(page, storage, gateway):
    people = await given_a_team_where_anu_learned_today(gateway)
    (first_id, first), (second_id, second) = await given_resolved_complaints(gateway, people, 2)
    await sign_in(page, "ma@test.ee", PASSWORD)
    await page.goto("/app/team/scenarios")
    await page.get_by_role("heading", level=1, name="Olukorrad kaebustest").wait_for()
    complaint = lambda words: page.locator("li.team-card", has_text=f"Märksõna {words}")  # noqa: E731
    await complaint(second).get_by_role("button", name="Koosta olukord").wait_for()
    await axe(page, screen="scenarios")
    await no_horizontal_scroll(page, screen="scenarios")
    await screenshot(page, "team-scenarios")

    # the second complaint is drafted elsewhere meanwhile (another tab): drafting it here says so, in Estonian
    await gateway.ok(FROM_COMPLAINT, {"i": {"feedbackId": second_id, "clientMutationId": new_id()}},
                     token=token_for(people["MA"]))
    await complaint(second).get_by_role("button", name="Koosta olukord").click()
    await page.get_by_role("alert").get_by_text("Sellest kaebusest on olukord juba koostatud.").wait_for()
    await complaint(second).get_by_text("Olukord on koostatud").wait_for()

    # the first becomes a draft: its situation without the customer or names, the rest written here
    await complaint(first).get_by_role("button", name="Koosta olukord").click()
    editor = page.locator("section.team-editor")
    await editor.get_by_role("heading", name="Olukorra mustand").wait_for()
    situation = await editor.get_by_label("Olukord (eesti keeles)").input_value()
    assert f"Märksõna {first}" in situation and "Anu" not in situation
    await editor.get_by_label("Halvem vastus (eesti keeles)").fill("Pole minu asi.")
    await editor.get_by_role("button", name="Salvesta").click()
    await editor.get_by_role("alert").get_by_text("Eesti- ja ingliskeelne tekst peavad olema täidetud samadel väljadel.").wait_for()
    await axe(page, screen="scenario editor with an error")
    await screenshot(page, "team-scenario-error")
    await editor.get_by_label("Parem vastus (eesti keeles)").fill("Vabandan, uurin kohe järele ja helistan teile tunni aja jooksul.")
    await editor.get_by_label("Miks parem vastus on parem (eesti keeles)").fill("Klient saab vastutaja ja aja.")
    await editor.get_by_role("button", name="Salvesta").click()
    await editor.get_by_text("Mustand on salvestatud.").wait_for()
    await no_horizontal_scroll(page, screen="scenario editor")
    await screenshot(page, "team-scenario-saved")

    # HR approves (the browser keeps the language chosen here before: Estonian): the unfinished draft is refused with the reason, the finished one goes through
    await page.get_by_role("button", name="Logi välja").click()
    await sign_in(page, "hr@test.ee", PASSWORD)
    await page.goto("/app/team/scenarios")
    scenario = lambda words: page.locator("section[aria-labelledby=scenario-list] li.team-card", has_text=f"Märksõna {words}")  # noqa: E731
    await scenario(second).get_by_role("button", name="Ava mustand").click()
    await page.get_by_role("button", name="Kinnita olukord").click()
    await page.get_by_role("alert").get_by_text("Kirjuta enne kinnitamist halvem ja parem vastus ning selgitus, miks parem on parem.").wait_for()
    await axe(page, screen="approving an unfinished scenario")
    await screenshot(page, "team-scenario-incomplete")
    await page.get_by_role("button", name="Sulge").click()
    await scenario(first).get_by_role("button", name="Ava mustand").click()
    await page.get_by_role("button", name="Kinnita olukord").click()
    await page.get_by_text("Olukord on kinnitatud: meeskond hakkab seda kordama.").wait_for()
    await scenario(first).get_by_text("Kinnitatud").wait_for()
    approved = await gateway.ok("query($id: ID!) { authoredScenario(id: $id) { status sourceFeedbackId } }",
                                {"id": await scenario_of(first_id)}, token=token_for(people["HR1"]))
    assert approved["authoredScenario"] == {"status": "APPROVED", "sourceFeedbackId": first_id}


async def scenario_of(feedback_id: str) -> str:
    from services.learning.scenarios.tables import AuthoredScenario

    row = await AuthoredScenario.select(AuthoredScenario.id).where(AuthoredScenario.source_feedback_id == uuid.UUID(feedback_id)).first()
    return str(row["id"])


async def test_a_manager_prints_the_teams_feedback_codes(page, storage, gateway):
    await given_a_team_where_anu_learned_today(gateway)
    await sign_in(page, "la@test.ee", PASSWORD)
    await page.goto("/app/team/codes")
    await page.get_by_role("heading", level=1, name="Tagasiside QR-koodid").wait_for()
    await page.locator("ul.team-qr-sheet").wait_for()
    make = page.get_by_role("button", name="Tee puuduvad koodid (2 inimest)")
    if await make.count():  # the first run: nobody has a code yet
        await page.get_by_text("Koodi veel pole.").first.wait_for()
        await axe(page, screen="QR sheet without codes")
        await screenshot(page, "team-qr-missing")
        await make.click()
    await page.get_by_role("img", name="QR-kood: Anu Aas").wait_for()
    await page.get_by_role("img", name="QR-kood: Andres Allik").wait_for()
    sheet = page.locator("ul.team-qr-sheet")
    assert "/feedback/?code=" in await sheet.inner_text()
    assert await page.get_by_role("button", name="Prindi").is_visible()
    await axe(page, screen="QR sheet")
    await no_horizontal_scroll(page, screen="QR sheet")
    await screenshot(page, "team-qr-sheet")
    await page.emulate_media(media="print")
    assert not await page.get_by_role("button", name="Prindi").is_visible()
    assert not await page.get_by_role("navigation", name="Peamenüü").is_visible()
    await screenshot(page, "team-qr-print")
