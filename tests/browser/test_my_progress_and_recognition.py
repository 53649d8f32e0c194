"""My progress and My recognition on the real stack: an employee with lessons done, a praise and a resolved complaint
sees the figures the API gives, the complaint's points pending and then confirmed once the customer came back, the
badge it earned with its credential, their boards, and a colleague sees them as "a colleague" after they opt out;
the streak calendar shows the working day a freeze covered (earlier lessons through an in-process app on a set
clock)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.async_api import expect

from services.learning.directory.tables import Employee
from services.platform.clock import SystemClock

from .. import complaint_steps, feedback_intake_steps, learning_steps
from ..account_steps import given_password
from ..process_steps import eventually
from ..recognition_steps import RECORD_OUTCOME, outcome_input
from ..support import Api, given_org, given_replica, token_for
from .conftest import axe, no_horizontal_scroll, screenshot, sign_in

PASSWORD = "a long enough password for tests"

PROGRESS = """{ me { progress { xp level xpForNextLevel streak freezes workDays nextWorkDays { days effectiveFrom }
  lessonsCompleted7Days { completed target } mastery { topic mastery cards }
  xpHistory(days: 90) { date xpGained xpTotal level } } } }"""
RECOGNITION = """{ myRecognition { points pendingPoints level showNameOnLeaderboards badges { key }
  history(first: 50) { items { rule entry points state feedbackReference ruleLabel(locale: ET) } } }
  pointRules { key label(locale: ET) } }"""
BOARD = """query($s: LeaderboardScope!) { leaderboard(period: WEEK, scope: $s) {
  entries { name nameHidden isMe points } } }"""


@pytest.fixture
async def api(stack):
    async with httpx.AsyncClient(base_url=stack["base"], timeout=30) as http:
        yield Api(http)


async def choose(page, role: str, name: str) -> None:
    """Tap a radio or switch by its visible label (react-aria keeps the input itself out of the pointer's way)."""
    control = page.get_by_role(role, name=name)
    wanted = not await control.is_checked() if role == "switch" else True
    await page.locator("label", has=control).click()
    await expect(control).to_be_checked(checked=wanted)


async def given_people() -> dict[str, dict]:
    people = await given_org()
    await given_replica(people)
    for hr_id in ("A1", "A2"):
        await given_password(people[hr_id], PASSWORD)
    # a password moves the token version on: read the rows again for tokens that are still valid
    rows = await Employee.select()
    return {row["hr_id"]: row for row in rows}


async def given_lessons_done(api: Api, person: dict) -> None:
    """Today's lesson and one more, every item answered right, through the gateway."""
    token = token_for(person)
    first = await learning_steps.do_lesson(api, token)
    done = first["started"]["lesson"]["id"]
    other = next(i for i in await learning_steps.suitable_ids(person["role_family"]) if i != done)
    await learning_steps.do_lesson(api, token, other)


async def given_praise_and_resolved_complaint(people: dict) -> object:
    """A praise about A1 (recorded by their shift lead), and a complaint about A1 the shift lead handed to them and
    they resolved (handed by a manager, so a verdict the shift lead records may confirm it: recognition/evidence.py)."""
    now = SystemClock().now()
    await feedback_intake_steps.given_feedback(people["LA"], "praise", [people["A1"]], at=now,
                                               body="Anu found the size I needed and was lovely about it.")
    complaint = await complaint_steps.given_complaint([people["A1"]], at=now - dt.timedelta(minutes=5))
    await complaint_steps.given_step("acknowledge", complaint, people["LA"], at=now)
    await complaint_steps.given_step("transfer", complaint, people["LA"], at=now, to_staff_id=people["A1"]["id"],
                                     reason="Anu knows this customer.")
    await complaint_steps.given_step("resolve", complaint, people["A1"], at=now)
    return complaint


async def test_an_employee_sees_their_progress_as_the_api_gives_it_and_sets_their_working_days(page, storage, api):
    people = await given_people()
    await given_lessons_done(api, people["A1"])
    token = token_for(people["A1"])
    progress = (await api.ok(PROGRESS, token=token))["me"]["progress"]
    assert progress["xp"] > 0 and progress["streak"] == 1

    await sign_in(page, "a1@test.ee", PASSWORD)
    await page.get_by_role("navigation").get_by_role("link", name="Minu areng").click()
    await page.get_by_role("heading", name="Minu areng", level=1).wait_for()
    await page.get_by_test_id("xp").get_by_text(f"{progress['xp']} XP").wait_for()
    assert await page.get_by_test_id("streak").inner_text() == "1 päev"
    assert await page.get_by_test_id("freezes").inner_text() == f"{progress['freezes']} kaitset alles"
    tally = progress["lessonsCompleted7Days"]
    assert await page.get_by_test_id("lessons7").inner_text() == f"{tally['completed']} / {tally['target']}"
    # today is a day with a lesson, said in words, not by colour alone
    today = page.locator("td.day-is-today")
    assert await today.get_attribute("data-state") == "done"
    assert "Tund tehtud" in await today.inner_text()
    # mastery per topic: one bar per topic the API lists, with its percentage
    for topic in progress["mastery"]:
        bar = page.locator(f'[data-topic="{topic["topic"]}"]').get_by_role("progressbar")
        assert await bar.get_attribute("aria-valuetext") == f"{round(topic['mastery'] * 100)}%"
    assert progress["mastery"], "lessons done give cards to master"
    # the chart (Recharts, its own chunk) and its table
    await page.locator(".weekly-chart svg").first.wait_for()
    await page.get_by_text("Näita tabelina").click()
    assert await page.locator(".chart-table tbody tr").count() == 8
    # the XP and level curve (the same chunk) and its table: the API's figures day by day
    await page.locator(".xp-chart svg").first.wait_for()
    await page.get_by_text("Näita päevade kaupa tabelina").click()
    rows = page.locator(".xp-table tbody tr")
    assert progress["xpHistory"] and await rows.count() == len(progress["xpHistory"])
    for day in progress["xpHistory"]:
        cells = await rows.and_(page.locator(f'[data-date="{day["date"]}"]')).locator("td").all_inner_texts()
        figures = [int(re.sub(r"\D", "", cell)) for cell in cells]
        assert figures == [day["xpGained"], day["xpTotal"], day["level"]], (day, cells)
    assert progress["xpHistory"][-1]["xpTotal"] == progress["xp"]
    await axe(page, screen="my progress")
    await no_horizontal_scroll(page, screen="my progress")
    await screenshot(page, "my-progress")

    # Saturday too, from tomorrow
    saturday = page.get_by_role("checkbox", name="laupäev")
    assert not await saturday.is_checked()
    await page.locator("label.workday", has_text="laupäev").click()
    assert await saturday.is_checked()
    await page.get_by_role("button", name="Salvesta tööpäevad").click()
    await page.get_by_role("status").get_by_text("Salvestatud").wait_for()
    after = (await api.ok(PROGRESS, token=token))["me"]["progress"]
    assert after["nextWorkDays"]["days"] == ["MON", "TUE", "WED", "THU", "FRI", "SAT"]
    assert after["workDays"] == ["MON", "TUE", "WED", "THU", "FRI"]  # today keeps its schedule
    await page.get_by_test_id("pending-workdays").get_by_text("laupäev").wait_for()
    await axe(page, screen="my progress, working days saved")


def at_noon(day: dt.date) -> dt.datetime:
    return learning_steps.local(learning_steps.TALLINN, day.year, day.month, day.day, 12)


def last_working_days(today: dt.date, count: int) -> list[dt.date]:
    """The `count` Monday-to-Friday days before `today`, oldest first."""
    days, day = [], today
    while len(days) < count:
        day -= dt.timedelta(days=1)
        if day.isoweekday() <= 5:
            days.append(day)
    return days[::-1]


async def test_the_streak_calendar_shows_the_working_day_a_freeze_covered(page, storage, client, clock):
    people = await given_people()
    a1 = people["A1"]
    today = dt.datetime.now(ZoneInfo(learning_steps.TALLINN)).date()
    learned, missed, learned_again = last_working_days(today, 3)
    # Lessons on earlier days go through an in-process learning app on a clock set to those days (same database).
    past = Api(client)
    clock.set(at_noon(learned))
    first = await learning_steps.do_lesson(past, token_for(a1))
    assert await learning_steps.grant_freeze(a1["id"], at=clock.now())
    clock.set(at_noon(learned_again))
    done = first["started"]["lesson"]["id"]
    other = next(i for i in await learning_steps.suitable_ids(a1["role_family"]) if i != done)
    await learning_steps.do_lesson(past, token_for(a1), other)

    await sign_in(page, "a1@test.ee", PASSWORD)
    await page.goto("/app/progress")
    await page.get_by_test_id("streak").get_by_text("2 päeva").wait_for()
    assert await page.get_by_test_id("freezes").inner_text() == "0 kaitset alles"
    state = lambda day: page.locator(f'td[data-date="{day.isoformat()}"]')  # noqa: E731
    assert await state(learned).get_attribute("data-state") == "done"
    assert await state(missed).get_attribute("data-state") == "freeze"
    assert "Kaitse hoidis seeria" in await state(missed).inner_text()
    assert await state(learned_again).get_attribute("data-state") == "done"
    assert await state(today).get_attribute("data-state") == ("today" if today.isoweekday() <= 5 else "off")
    assert await state(learned - dt.timedelta(days=7)).get_attribute("data-state") == "before"
    weekend = next(day for day in (learned + dt.timedelta(days=n) for n in range(1, 8)) if day.isoweekday() > 5)
    if weekend < today:
        assert await state(weekend).get_attribute("data-state") == "off"
    await axe(page, screen="streak calendar with a freeze")
    await screenshot(page, "my-progress-freeze")


async def test_points_show_pending_then_confirmed_with_rule_and_source_and_the_badge_is_shareable(page, storage, api):
    people = await given_people()
    complaint = await given_praise_and_resolved_complaint(people)
    a1 = token_for(people["A1"])

    async def pending_arrived():
        data = await api.ok(RECOGNITION, token=a1)
        mine = {**data["myRecognition"], "pointRules": data["pointRules"]}
        kinds = {(e["rule"], e["entry"]) for e in mine["history"]["items"]}
        # the totals too: the worker's ledger writes can land between the totals and the history of one answer
        totals_caught_up = mine["points"] > 0 and mine["pendingPoints"] > 0
        return mine if {("praise_received", "AWARD"), ("resolved", "PENDING")} <= kinds and totals_caught_up else None

    mine = await eventually(pending_arrived, None, "the praise and resolution points")
    await sign_in(page, "a1@test.ee", PASSWORD)
    await page.get_by_role("navigation").get_by_role("link", name="Tunnustus").click()
    await page.get_by_role("heading", name="Minu tunnustus", level=1).wait_for()
    assert await page.get_by_test_id("pending-points").inner_text() == f"{mine['pendingPoints']} punkti"
    assert await page.get_by_test_id("confirmed-points").inner_text() == f"{mine['points']} punkti"
    waiting = page.get_by_test_id("ledger-pending")
    resolved = waiting.locator('[data-rule="resolved"]')
    assert "Kaebus lahendatud" in await resolved.inner_text()
    assert "kliendi kaebus" in await resolved.inner_text()
    # each line is called what the server calls its rule, and names the reference the customer was given
    [line] = [e for e in mine["history"]["items"] if (e["rule"], e["entry"]) == ("resolved", "PENDING")]
    assert line["state"] == "PENDING"
    assert await resolved.locator(".ledger-rule").inner_text() == line["ruleLabel"]
    for entry in mine["history"]["items"]:  # the API gives no reference for some lines yet (see the branch's report)
        if entry["feedbackReference"] and entry["entry"] in ("AWARD", "PENDING"):
            assert f"viide {entry['feedbackReference']}" in await page.locator(f'.ledger [data-rule="{entry["rule"]}"]').first.inner_text()
    shown = {e["rule"]: e["ruleLabel"] for e in mine["history"]["items"] if e["entry"] in ("AWARD", "PENDING")}
    for rule, label in shown.items():
        assert await page.locator(f'.ledger [data-rule="{rule}"] .ledger-rule').first.inner_text() == label
    # and how points are earned lists the organisation's rules by the server's labels
    await page.get_by_text("Kuidas punkte saab").click()
    rules = page.get_by_test_id("point-rules")
    for rule in mine["pointRules"]:
        assert rule["label"] in await rules.locator(f'[data-rule="{rule["key"]}"]').inner_text()
    praise = page.get_by_test_id("ledger-earned").locator('[data-rule="praise_received"]')
    assert "Klient kiitis sind" in await praise.inner_text()
    assert "Allikas: kliendi kiitus, telefonis" in await praise.inner_text()
    about = page.locator(".about-me")
    await about.get_by_text("Anu found the size I needed").wait_for()
    assert await about.locator('[data-kind="COMPLAINT"]').count() == 1
    await axe(page, screen="my recognition, points pending")
    await no_horizontal_scroll(page, screen="my recognition")

    # The customer came back: the shift lead records it, the worker confirms the resolution's points.
    await api.ok(RECORD_OUTCOME, outcome_input(complaint, "RETURNED"), token=token_for(people["LA"]))

    async def confirmed():
        mine = (await api.ok(RECOGNITION, token=a1))["myRecognition"]
        return mine if mine["pendingPoints"] == 0 and mine["badges"] else None

    mine = await eventually(confirmed, None, "the confirmation")
    await page.reload()
    await page.get_by_test_id("confirmed-points").get_by_text(f"{mine['points']} punkti").wait_for()
    assert await page.get_by_test_id("pending-points").inner_text() == "0 punkti"
    assert await page.get_by_test_id("ledger-pending").count() == 0
    now_confirmed = page.get_by_test_id("ledger-earned").locator('[data-rule="resolved"]')
    assert await now_confirmed.get_attribute("data-state") == "confirmed"
    assert "Kinnitatud" in await now_confirmed.inner_text()
    assert "Klient jäi meile truuks" in await page.get_by_test_id("ledger-earned").inner_text()

    badge = page.locator('[data-badge="first_recovered_customer"]')
    assert "Esimene tagasi võidetud klient" in await badge.inner_text()
    await badge.get_by_role("button", name="Jaga tunnistust").click()
    download = badge.get_by_role("link", name="Laadi tunnistus alla (Open Badges)")
    await download.wait_for()
    assert await download.get_attribute("download") == "first_recovered_customer.jwt"
    await axe(page, screen="my recognition, confirmed, credential")
    await no_horizontal_scroll(page, screen="my recognition, confirmed")
    await screenshot(page, "my-recognition")


async def test_the_leaderboards_and_the_opt_out_change_what_a_colleague_sees(page, storage, api):
    people = await given_people()
    await given_praise_and_resolved_complaint(people)
    a1, a2 = token_for(people["A1"]), token_for(people["A2"])

    async def praised():
        board = (await api.ok(BOARD, {"s": "ORGANISATION"}, token=a2))["leaderboard"]
        return board if any(e["name"] == "Anu Aas" and e["points"] > 0 for e in board["entries"]) else None

    await eventually(praised, None, "the praise on the organisation's board")
    await sign_in(page, "a1@test.ee", PASSWORD)
    await page.goto("/app/recognition")
    board = page.get_by_test_id("leaderboard")
    await board.get_by_role("row", name=re.compile("Anu Aas")).wait_for()
    team = (await api.ok(BOARD, {"s": "TEAM"}, token=a1))["leaderboard"]
    assert await board.locator("tbody tr").count() == len(team["entries"])
    await choose(page, "radio", "Kogu ettevõte")
    await choose(page, "radio", "See kuu")
    await board.get_by_role("row", name=re.compile("Anu Aas")).wait_for()
    await choose(page, "switch", "Näita ainult minu lähedal olijaid")
    await board.get_by_test_id("my-rank").wait_for()
    await axe(page, screen="my leaderboards")
    await screenshot(page, "my-leaderboards")

    await choose(page, "switch", "Näita minu nime ettevõtte ja ameti edetabelis")
    await page.get_by_text("Sinu nimi on peidetud.").wait_for()
    await board.get_by_text("teistele: kolleeg").wait_for()
    assert (await api.ok(RECOGNITION, token=a1))["myRecognition"]["showNameOnLeaderboards"] is False
    await axe(page, screen="my leaderboards, name hidden")
    await no_horizontal_scroll(page, screen="my leaderboards")

    # A colleague on the organisation's board now sees "a colleague" where Anu was, as the API names her for them.
    api_board = (await api.ok(BOARD, {"s": "ORGANISATION"}, token=a2))["leaderboard"]
    hidden = next(e for e in api_board["entries"] if e["nameHidden"])
    assert all(e["name"] != "Anu Aas" for e in api_board["entries"])
    await page.get_by_role("button", name="Logi välja").click()
    await sign_in(page, "a2@test.ee", PASSWORD)
    await page.goto("/app/recognition")
    await choose(page, "radio", "Kogu ettevõte")
    await board.locator(".board-hidden", has_text=hidden["name"]).wait_for()
    assert await board.get_by_text("Anu Aas").count() == 0
    await screenshot(page, "leaderboard-colleague-hidden")

    # the same screens in English
    await page.get_by_label("Keel").select_option("en")
    await page.get_by_role("heading", name="My recognition", level=1).wait_for()
    await board.get_by_text("(you)").wait_for()
    await axe(page, screen="my recognition in English")
    await screenshot(page, "my-recognition-en")
    await page.get_by_role("navigation").get_by_role("link", name=re.compile("progress", re.I)).click()
    await page.get_by_role("heading", name="My progress", level=1).wait_for()
    await page.get_by_text("Learning calendar").wait_for()
    await axe(page, screen="my progress in English")
    await no_horizontal_scroll(page, screen="my progress in English")
    await screenshot(page, "my-progress-en")
