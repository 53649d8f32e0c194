"""The complaint loop in the browser, on the real stack: a customer complains through a printed code, the cashier it
is about takes it on, categorises, answers and resolves it in the inbox, the survey mail reaches the customer, who
answers it from the mailed link, and the cashier's resolution points show as pending, then confirmed."""

from __future__ import annotations

import datetime as dt
import re

from services.feedback.directory import service as directory
from services.feedback.intake import service as intake
from services.platform.clock import SystemClock

from ..account_steps import given_password
from ..feedback_intake_steps import given_feedback
from ..support import given_org, given_replica
from .conftest import axe, no_horizontal_scroll, screenshot, sign_in

PASSWORD = "a long enough password for tests"
COMPLAINT = "Kassas ütles müüja, et sooduskaart ei kehti, aga see kehtis kuni aasta lõpuni."


async def given_a_code_for(person: dict) -> str:
    """The printed code a manager would make for the person (the service layer createPublicCode uses)."""
    staff = await directory.get(employee_id=person["id"])
    return (await intake.create_public_code(employee=staff, location=None, now=SystemClock().now()))["code"]


async def visible_without_scrolling(page, locator) -> bool:
    box = await locator.bounding_box()
    height = await page.evaluate("window.innerHeight")
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


async def screen(page, name: str) -> None:
    """Every screen: no critical or serious axe issue, no sideways scrolling, a screenshot to look at."""
    await axe(page, screen=name)
    await no_horizontal_scroll(page, screen=name)
    await screenshot(page, name)


async def test_a_complaint_goes_round_the_loop_from_the_printed_code_to_confirmed_points(page, storage, mailbox):
    # given the cashier Anu, who can sign in, and the code printed for her
    people = await given_org()
    await given_replica(people)
    await given_password(people["A1"], PASSWORD)
    code = await given_a_code_for(people["A1"])

    # when a customer opens a code nobody printed, the page says so, in the language they switch to
    await page.goto("/feedback/?code=not-a-real-code")
    await page.get_by_role("heading", name="Seda tagasiside linki ei leitud").wait_for()
    await screen(page, "feedback-unknown-code")
    await page.get_by_role("button", name="English").click()
    await page.get_by_role("heading", name="We could not find this feedback link").wait_for()
    await page.get_by_role("button", name="Eesti").click()

    # when the customer opens the form: it names Anu, and the send button is on the screen without scrolling
    await page.goto(f"/feedback/?code={code}")
    await page.get_by_role("heading", name="Teie tagasiside").wait_for()
    await page.get_by_text("Teid teenindas Anu (Cashier)").wait_for()
    # under the shop's own name (SERVICELOOP_ORGANISATION_NAME; the development default), not ours
    await page.get_by_role("banner").get_by_text("Demo Kaubamaja").wait_for()
    assert await page.get_by_text("Serviceloop").count() == 0
    send = page.get_by_role("button", name="Saada")
    assert await visible_without_scrolling(page, send)
    assert await page.get_by_text("Mida me hoiame").is_visible()
    await screen(page, "feedback-form")
    await page.get_by_role("button", name="English").click()
    await page.get_by_role("heading", name="Your feedback").wait_for()
    assert await page.get_by_role("button", name="Send").is_visible()
    await page.get_by_role("button", name="Eesti").click()

    # and complains: a low rating on the tap scale, what went wrong, a comment, an e-mail for the survey
    await page.get_by_role("radiogroup", name="Mida soovite öelda?").get_by_text("Kaebus").click()
    await page.get_by_role("radiogroup", name="Kuidas meil läks?").get_by_text("2", exact=True).click()
    await page.get_by_role("radiogroup", name="Mis läks valesti?").get_by_text("Mulle anti vale teavet").click()
    await page.get_by_label("Kirjutage meile (soovi korral)").fill(COMPLAINT)
    await page.get_by_text("Soovin, et minuga võetaks ühendust").click()
    await page.get_by_label("E-post").fill("mari@example.ee")
    assert await visible_without_scrolling(page, send)
    await screen(page, "feedback-form-filled")
    await send.click()

    # then they are thanked, told someone will take it up, and given the reference staff will find it by
    await page.get_by_role("heading", name="Aitäh!").wait_for()
    await page.get_by_text("Kaebuse võtab üles inimene, kes selle eest vastutab.").wait_for()
    from services.feedback.intake.tables import Feedback

    [stored] = await Feedback.select(Feedback.reference)
    await page.get_by_text(f"Viitenumber: {stored['reference']}").wait_for()
    await screen(page, "feedback-thanks")

    # when Anu signs in and opens her complaints, it is there, new, with the time left to acknowledge it
    await sign_in(page, "a1@test.ee", PASSWORD)
    await page.get_by_role("navigation").get_by_role("link", name="Kaebused").click()
    await page.get_by_role("heading", name="Kaebused").wait_for()
    item = page.get_by_role("listitem").filter(has_text="sooduskaart")
    await item.wait_for()
    assert await item.get_by_text("Uus", exact=True).is_visible()
    assert await item.get_by_text("Vale teave").is_visible()
    assert await item.get_by_text(re.compile(r"\d+ (tunni|minuti) pärast")).is_visible()
    # with the reference the customer was given
    reference = stored["reference"]
    assert await item.get_by_text(reference, exact=True).is_visible()
    await screen(page, "complaints-inbox")

    # when the customer phones and quotes the reference in small letters without the dash, Anu finds it by it
    search = page.get_by_role("search")
    await search.get_by_label("Kliendi viitenumber").fill(reference.replace("-", "").lower())
    await search.get_by_role("button", name="Otsi", exact=True).click()
    found = page.get_by_role("list", name=f"Viitenumbri {reference} kaebus")
    await found.wait_for()
    assert await found.get_by_role("listitem").count() == 1
    assert await found.get_by_text("sooduskaart", exact=False).is_visible()
    await screen(page, "complaints-reference-found")
    # a reference nobody was given finds nothing, and says so; one misread (an O for a 0) is explained
    nobodys = "AAAA-AAAA" if reference != "AAAA-AAAA" else "BBBB-BBBB"
    await search.get_by_label("Kliendi viitenumber").fill(nobodys)
    await search.get_by_role("button", name="Otsi", exact=True).click()
    await page.get_by_text(f"Viitenumbriga {nobodys} kaebust ei leitud", exact=False).wait_for()
    await screen(page, "complaints-reference-not-found")
    await search.get_by_label("Kliendi viitenumber").fill("K0QM-4XP")
    await search.get_by_role("button", name="Otsi", exact=True).click()
    await page.get_by_role("alert").filter(has_text="Viitenumber on vigane").wait_for()
    await screen(page, "complaints-reference-invalid")
    await search.get_by_role("button", name="Tühista otsing").click()
    await item.wait_for()

    # and her open complaints are none yet: nobody has taken it on
    await page.get_by_role("radiogroup", name="Vaade").get_by_text("Minu avatud").click()
    await page.get_by_text("Sul pole ühtegi avatud kaebust.").wait_for()
    await page.get_by_role("radiogroup", name="Vaade").get_by_text("Kõik, mida näen").click()

    # and opens it: the customer's words and both targets counting down
    await item.get_by_role("link").click()
    await page.get_by_role("heading", name=re.compile(r"^Kaebus \d+\. \w+")).wait_for()
    complaint_url = page.url
    targets = page.get_by_role("region", name="Tähtajad")
    assert await targets.get_by_text(re.compile(r"\d+ (tunni|minuti|päeva) pärast")).count() == 2
    await screen(page, "complaint-received")

    # when she takes it on, corrects the category and answers
    await page.get_by_role("button", name="Võtan enda peale").click()
    await page.get_by_role("button", name="Märgi lahendatuks").wait_for()
    assert await targets.get_by_text(re.compile("Tehtud õigel ajal")).is_visible()
    await page.get_by_label("Kategooria").select_option("DIDNT_KNOW_ANSWER")
    await page.get_by_role("button", name="Salvesta kategooria").click()
    await page.get_by_role("status").filter(has_text="Kategooria salvestatud").wait_for()
    await page.get_by_label("Kirjuta vastus").fill("Vabandan, kaart kehtib. Kanname soodustuse Teie kontole.")
    await page.get_by_role("button", name="Salvesta vastus").click()
    await page.get_by_text("Kanname soodustuse Teie kontole.", exact=False).first.wait_for()
    history = page.get_by_role("region", name="Ajalugu")
    await history.get_by_text("Anu Aas võttis enda peale").wait_for()
    await history.get_by_text("Anu Aas määras kategooria: Vastust ei teatud").wait_for()
    await screen(page, "complaint-acknowledged")

    # then it is among her open complaints, with the time left to resolve it
    await page.goto("/app/complaints?view=MINE")
    mine = page.get_by_role("list", name="Minu avatud")
    await mine.get_by_role("listitem").filter(has_text="sooduskaart").wait_for()
    assert await mine.get_by_role("listitem").count() == 1
    assert await mine.get_by_text("Töös", exact=True).is_visible()
    await screen(page, "complaints-mine-open")
    await page.goto(complaint_url)
    await page.get_by_role("button", name="Märgi lahendatuks").wait_for()

    # and resolves it: the survey goes to the customer, her resolution points wait for the customer's verdict
    await page.get_by_role("button", name="Märgi lahendatuks").click()
    survey_card = page.get_by_role("region", name="Kliendi küsitlus")
    await survey_card.get_by_text("Saadetud kliendi e-postile").wait_for(timeout=30_000)
    await survey_card.get_by_text("Ootab vastust").wait_for()
    points = page.get_by_role("region", name="Sinu punktid selle kaebuse eest")
    await points.get_by_text("Kaebus lahendatud", exact=True).wait_for(timeout=30_000)
    assert await points.get_by_text("ootel").count() >= 1
    await screen(page, "complaint-resolved")

    # then the customer has the survey mail, and answers it from the link
    [mail] = await mailbox.wait_for("mari@example.ee", timeout=30)
    link = next(link for link in mail.links if "/feedback/survey.html?token=" in link)
    await page.goto(link)
    await page.get_by_role("heading", name="Kuidas Teie mure lahendati?").wait_for()
    await screen(page, "survey")
    await page.get_by_role("button", name="Saada").click()
    await page.get_by_role("alert").filter(has_text="Vastake mõlemale küsimusele.").wait_for()
    await page.get_by_role("radiogroup", name="Kui rahul olete lahendusega?").get_by_text("5", exact=True).click()
    await page.get_by_role("radiogroup", name="Kui tõenäoliselt soovitaksite meid sõbrale?").get_by_text("10", exact=True).click()
    await page.get_by_label("Kommentaar (soovi korral)").fill("Aitäh, kiire lahendus.")
    await screen(page, "survey-filled")
    await page.get_by_role("button", name="Saada").click()
    await page.get_by_role("heading", name="Aitäh vastamast!").wait_for()
    await screen(page, "survey-thanks")

    # and the link, opened again, says it was answered
    await page.goto(link)
    await page.get_by_role("heading", name="Sellele küsitlusele on juba vastatud").wait_for()
    await screen(page, "survey-answered")

    # then Anu sees the survey answered, and a promoter's answer confirms her points (within seconds, by the workers)
    await page.goto(complaint_url)
    await survey_card.get_by_text("Vastatud", exact=True).wait_for(timeout=30_000)
    await points.get_by_text("kinnitatud").first.wait_for(timeout=30_000)
    assert await points.get_by_text("ootel").count() == 0
    await points.get_by_text("Klient jäi meile truuks").wait_for(timeout=30_000)
    await screen(page, "complaint-confirmed")

    # and with nothing left to do she closes it
    await page.get_by_role("button", name="Sulge kaebus").click()
    await history.get_by_text("Anu Aas sulges").wait_for()
    assert await page.get_by_role("button", name="Sulge kaebus").count() == 0

    # then her open complaints are none again, while all she may see still holds it, closed
    await page.goto("/app/complaints?view=MINE")
    await page.get_by_text("Sul pole ühtegi avatud kaebust.").wait_for()
    assert await page.get_by_role("listitem").filter(has_text="sooduskaart").count() == 0
    await page.get_by_role("radiogroup", name="Vaade").get_by_text("Kõik, mida näen").click()
    closed = page.get_by_role("listitem").filter(has_text="sooduskaart")
    await closed.wait_for()
    assert await closed.get_by_text("Suletud", exact=True).is_visible()


async def test_a_manager_sees_an_overdue_complaint_in_words_takes_it_on_late_and_hands_it_over_with_a_reason(page, storage):
    # given a phone complaint about Anu, taken by her shift lead three hours ago and acknowledged by nobody since
    people = await given_org()
    await given_replica(people)
    await given_password(people["LA"], PASSWORD)
    three_hours_ago = SystemClock().now() - dt.timedelta(hours=3)
    await given_feedback(people["LA"], "complaint", [people["A1"]], at=three_hours_ago, rating=1,
                         body="Helistasin kolm korda, keegi ei teadnud, kus mu tellimus on.")

    # when the shift lead opens the new complaints
    await sign_in(page, "la@test.ee", PASSWORD)
    await page.goto("/app/complaints")
    await page.get_by_role("radiogroup", name="Olek").get_by_text("Uus", exact=True).click()
    item = page.get_by_role("listitem").filter(has_text="tellimus")
    await item.wait_for()
    # then it says it is overdue in words (and by how much), not by colour alone (the list loads afresh per filter)
    await item.get_by_text("Tähtaeg ületatud").wait_for()
    await item.get_by_text(re.compile(r"tähtaeg oli 3 tunni eest")).wait_for()
    await screen(page, "complaints-inbox-overdue")
    # and in English too
    await page.get_by_label("Keel").select_option("en")
    await item.get_by_text("Overdue").wait_for()
    assert await item.get_by_text("was due 3 hours ago").is_visible()
    await screen(page, "complaints-inbox-overdue-en")
    await page.get_by_label("Language").select_option("et")

    # when she takes it on, late, and hands it to Anu with a reason
    await item.get_by_role("link").click()
    await page.get_by_role("button", name="Võtan enda peale").click()
    targets = page.get_by_role("region", name="Tähtajad")
    await targets.get_by_text(re.compile("Tehtud hilinemisega")).wait_for()
    await page.get_by_role("button", name="Anna kaebus edasi").click()
    await page.get_by_role("alert").filter(has_text="Vali inimene ja kirjuta põhjus.").wait_for()
    await page.get_by_label("Kellele").select_option(label="Anu Aas (Cashier)")
    await page.get_by_label("Põhjus").fill("Anu teab selle tellimuse käiku kõige paremini.")
    await screen(page, "complaint-transfer")
    await page.get_by_role("button", name="Anna kaebus edasi").click()

    # then Anu owns it, and the history says who handed it over, to whom and why
    await page.get_by_role("status").filter(has_text="Kaebus on antud edasi: Anu Aas.").wait_for()
    await page.get_by_text("Vastutab: Anu Aas").wait_for()
    history = page.get_by_role("region", name="Ajalugu")
    await history.get_by_text("Liis Lepp andis edasi → Anu Aas").wait_for()
    await history.get_by_text("Põhjus: Anu teab selle tellimuse käiku kõige paremini.").wait_for()
    await screen(page, "complaint-transferred")

    # when she resolves it for Anu and then learns the customer is still waiting, she reopens it with a reason
    await page.get_by_role("button", name="Märgi lahendatuks").click()
    await page.get_by_role("button", name="Ava kaebus uuesti").click()
    await page.get_by_role("alert").filter(has_text="Kirjuta, miks kaebus uuesti avatakse.").wait_for()
    await page.get_by_label("Miks see uuesti avada?").fill("Klient helistas: tellimus pole ikka kohal.")
    await page.get_by_role("button", name="Ava kaebus uuesti").click()
    # then it is back in progress with Anu, and the history keeps the reason
    await page.get_by_role("button", name="Märgi lahendatuks").wait_for()
    await history.get_by_text("Liis Lepp avas uuesti").wait_for()
    await history.get_by_text("Põhjus: Klient helistas: tellimus pole ikka kohal.").wait_for()
    assert await page.get_by_text("Vastutab: Anu Aas").is_visible()
    await screen(page, "complaint-reopened")
