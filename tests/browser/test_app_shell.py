"""The staff app's frame on the real stack: served by the gateway on its own origin, sign-in, the menu by role."""

from __future__ import annotations

import httpx

from ..account_steps import given_password
from ..support import given_org
from .conftest import axe, no_horizontal_scroll, screenshot, sign_in

PASSWORD = "a long enough password for tests"


def test_the_gateway_serves_the_app_and_the_customer_pages_compressed_and_without_a_cdn(stack):
    base = stack["base"]
    app = httpx.get(f"{base}/app/", headers={"accept-encoding": "gzip"})
    assert app.status_code == 200 and app.headers["content-encoding"] == "gzip"
    assert '<div id="root">' in app.text and "https://" not in app.text
    # a client-side route answers the app too; the customer pages have their own entries
    assert httpx.get(f"{base}/app/progress").text == app.text
    assert httpx.get(f"{base}/feedback/?code=x").status_code == 200
    assert httpx.get(f"{base}/feedback/survey.html?token=x").status_code == 200
    assert httpx.get(f"{base}/", follow_redirects=False).headers["location"] == "/app/"
    assert httpx.get(f"{base}/app/../../etc/passwd").status_code == 404


async def test_an_employee_signs_in_and_sees_the_menu_of_their_role(page, storage):
    people = await given_org()
    await given_password(people["A1"], PASSWORD)
    await page.goto("/app/")
    await page.get_by_role("heading", name="Logi sisse").wait_for()
    await axe(page, screen="sign in")
    await screenshot(page, "sign-in")
    await sign_in(page, "a1@test.ee", PASSWORD)
    nav = page.get_by_role("navigation")
    assert await nav.get_by_role("link", name="Täna").is_visible()
    assert await nav.get_by_role("link", name="Meeskond").count() == 0
    await no_horizontal_scroll(page, screen="today")


async def test_a_wrong_password_is_explained_in_the_users_language(page, storage):
    people = await given_org()
    await given_password(people["A1"], PASSWORD)
    await page.goto("/app/")
    await page.get_by_label("E-post").fill("a1@test.ee")
    await page.get_by_label("Parool").fill("not the password at all")
    await page.get_by_role("button", name="Logi sisse").click()
    await page.get_by_role("alert").get_by_text("E-post või parool ei sobi.").wait_for()


def test_the_gateway_passes_the_subgraphs_browser_routes_through_on_its_origin(stack):
    # the badge issuer's keys and an export download (unsigned: refused by the learning service itself)
    base = stack["base"]
    keys = httpx.get(f"{base}/.well-known/jwks.json")
    assert keys.status_code == 200 and keys.json()["keys"][0]["kty"] == "RSA"
    download = httpx.get(f"{base}/exports/00000000-0000-0000-0000-000000000000/download?token=forged")
    assert download.status_code in (403, 404) and download.headers.get("content-type", "").startswith("application/json")
    assert httpx.post(f"{base}/exports/x/download").status_code != 200  # GET only
