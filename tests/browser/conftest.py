"""Browser tests: the real stack (both APIs and workers, the Hive Gateway serving the built frontend on one origin)
on the test database, driven by Playwright in Debian's Chromium (/usr/bin/chromium) at phone and desktop widths.

Each test seeds what it needs through the service layer (tests/support.py, the step modules), then uses the app as a
person would. Screenshots go to test-output/screenshots/ (look at them); `axe` fails on critical or serious issues.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import httpx
import pytest

from services.platform import devserver
from services.platform.settings import Settings

from ..process_steps import free_port, stop, wait_until

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
DIST = ROOT / "frontend" / "dist"
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-output" / "screenshots"
WIDTHS = {"phone": {"width": 360, "height": 640}, "desktop": {"width": 1280, "height": 800}}


def _up(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="session")
def frontend_built() -> pathlib.Path:
    """frontend/dist as `make frontend` builds it (built here when missing, e.g. a single test run by hand)."""
    if not (DIST / "app" / "index.html").exists():
        subprocess.run(["npm", "run", "--silent", "build"], cwd=ROOT / "frontend", check=True)
    return DIST


@pytest.fixture(scope="package")
def stack(storage, mail_server, frontend_built, tmp_path_factory):
    """Learning and feedback APIs and workers, and the gateway with the app, as `make run` starts them.

    Stopped once the browser tests are done (package scope): its workers would otherwise take the jobs the other
    tests' in-process workers wait for, on the same database and Redis."""
    logs = tmp_path_factory.mktemp("stack-logs")
    ports = {"learning": free_port(), "feedback": free_port(), "gateway": free_port()}
    base = f"http://127.0.0.1:{ports['gateway']}"
    env = {
        **os.environ,
        "DATABASE_URL": storage["database_url"],
        "REDIS_URL": storage["redis_url"],
        "SERVICELOOP_LEARNING_PORT": str(ports["learning"]),
        "SERVICELOOP_FEEDBACK_PORT": str(ports["feedback"]),
        "SERVICELOOP_GATEWAY_PORT": str(ports["gateway"]),
        "SERVICELOOP_APP_BASE_URL": f"{base}/app",
        "SERVICELOOP_PUBLIC_BASE_URL": f"{base}/feedback",
        "SERVICELOOP_LOG_LEVEL": "WARNING",
        # a revoked token is refused at once (production re-reads within 30 s), so a test sees it on the next call
        "SERVICELOOP_TOKEN_RECHECK_SECONDS": "0",
    }
    settings = Settings(host="127.0.0.1", learning_port=ports["learning"], feedback_port=ports["feedback"],
                        gateway_port=ports["gateway"])
    env.update(devserver.gateway_env(settings))
    env["SERVICELOOP_FRONTEND_DIST"] = str(frontend_built)
    processes: list[subprocess.Popen] = []

    def start(name: str, argv: list[str]) -> None:
        processes.append(subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                          stderr=(logs / f"{name}.log").open("wb")))

    try:
        for service in ("learning", "feedback"):
            start(f"{service}-api", [sys.executable, "-m", "uvicorn", f"services.{service}.app:create_app", "--factory",
                                     "--host", "127.0.0.1", "--port", str(ports[service]), "--no-access-log"])
            start(f"{service}-worker", [sys.executable, "-m", f"services.{service}.worker"])
        for service in ("learning", "feedback"):
            wait_until(lambda s=service: _up(f"http://127.0.0.1:{ports[s]}/healthz"), None, f"the {service} API")
        gateway = devserver.gateway_argv(settings)
        assert gateway is not None, "the gateway needs Node.js and `npm ci` in gateway/ (make install)"
        start("gateway", gateway)
        wait_until(lambda: _up(f"{base}/healthcheck"), processes[-1], "the gateway")
        yield {"base": base, "logs": logs}
    finally:
        stop(*processes)


@pytest.fixture(scope="session")
async def browser():
    from playwright.async_api import async_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's Chromium is missing: `make chromium` (apt-get install chromium)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        await chromium.close()


@pytest.fixture(params=list(WIDTHS))
async def page(request, browser, stack):
    """A fresh browser profile at phone (360 x 640) or desktop (1280 x 800) size, on the gateway's origin."""
    # bypass_csp: axe is injected as an inline script, which the pages' CSP (rightly) refuses
    context = await browser.new_context(viewport=WIDTHS[request.param], base_url=stack["base"], locale="et-EE", bypass_csp=True,
                                        timezone_id="Europe/Tallinn")
    tab = await context.new_page()
    tab.width_name = request.param
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    await context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


async def screenshot(page, name: str) -> pathlib.Path:
    """Save the whole page as test-output/screenshots/<name>-<phone|desktop>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}-{getattr(page, 'width_name', 'page')}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def axe(page, *, screen: str) -> None:
    """axe-core over the page: no critical and no serious violations."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    result = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
           for v in result["violations"] if v["impact"] in ("critical", "serious")]
    assert not bad, f"{screen}: " + "; ".join(bad)


async def no_horizontal_scroll(page, *, screen: str) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert width <= 0, f"{screen} is {width}px wider than the screen"


async def sign_in(page, email: str, password: str) -> None:
    await page.goto("/app/")
    await page.get_by_label("E-post").fill(email)
    await page.get_by_label("Parool").fill(password)
    await page.get_by_role("button", name="Logi sisse").click()
    await page.get_by_role("navigation").wait_for()
