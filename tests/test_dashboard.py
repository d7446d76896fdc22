"""The dashboard in a real browser: Playwright driving Debian's headless Chromium.

No browser is downloaded (never `playwright install`): the test uses /usr/bin/chromium and
skips, saying why, when it or the playwright package is missing. Screenshots go to
test-artifacts/dashboard/ (gitignored).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "dashboard"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install playwright)"
)
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not shutil.which("chromium"),
    reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)",
)

from test_api import PWN, build_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, extractor):
    import uvicorn

    from armswatch.api import create_app

    db = build_store(tmp_path_factory.mktemp("dash"), extractor)
    port = _free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False)  # fmt: skip
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
        b = p.chromium.launch(executable_path=exe, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    outside: list[str] = []
    errors: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    ctx.close()
    assert not outside, f"the dashboard fetched from outside the server: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_incidents_filter_and_evidence(page, server):
    page.goto(server + "/")
    assert page.locator("#incidents tbody tr").count() >= 5
    assert page.locator(".contested-badge").count() >= 1
    shot(page, "01-incidents")

    # filter the events table: the select submits its form
    page.goto(server + "/events")
    total = int(page.locator(".total").first.get_attribute("data-total"))
    with page.expect_navigation():
        page.select_option("#filters select[name=type]", "REJECT")
    assert "type=REJECT" in page.url
    assert "actor=" not in page.url  # empty fields are left out
    filtered = int(page.locator(".total").first.get_attribute("data-total"))
    assert 0 < filtered < total
    types = page.locator("#events tbody td:nth-child(2)").all_inner_texts()
    assert types and set(types) == {"REJECT"}
    page.fill("#filters input[name=actor]", "RUS")
    with page.expect_navigation():
        page.click("#filters button[type=submit]")
    assert "actor=RUS" in page.url
    shot(page, "02-events-filtered")

    # open an event's evidence: the article with the script tag shown as text
    with page.expect_navigation():
        page.locator("#events a.evidence-link").first.click()
    assert "/events/" in page.url
    text = page.locator("#article-text").inner_text()
    assert PWN in text  # the literal tag is visible text
    assert page.evaluate("typeof window.__pwned") == "undefined"  # and never ran
    assert page.locator("#article-text script").count() == 0
    assert page.locator("#article-text b").count() == 0
    assert page.locator("#article-text .ev-trigger").count() >= 1
    assert page.locator("#article-text .ev-sentence").count() >= 1
    assert page.locator("#claims li").count() >= 1 and page.locator("#denials li").count() >= 1
    shot(page, "03-event-evidence")

    # its JSON twin
    href = page.locator("#json-twin").get_attribute("href")
    assert href.startswith("/api/events/")


def test_alert_to_incident(page, server):
    page.goto(server + "/alerts")
    assert page.locator("#alerts tbody tr").count() >= 1
    shot(page, "04-alerts")
    link = page.locator("#alerts a.incident-link").first
    target = link.get_attribute("href")
    with page.expect_navigation():
        link.click()
    assert "/incidents/" in page.url and target.split("#")[0] in page.url
    assert page.locator("li.target-alert").count() == 1
    assert page.locator("#incident-records tbody tr").count() >= 1
    shot(page, "05-incident")
    # from the incident to a report's evidence, where the script stays text
    with page.expect_navigation():
        page.locator("#incident-records a.evidence-link").first.click()
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_dyad_graph_actor(page, server):
    page.goto(server + "/dyad")
    page.select_option("select[name=a]", "RUS")
    page.select_option("select[name=b]", "UKR")
    with page.expect_navigation():
        page.click("#dyad-form button[type=submit]")
    assert "a=RUS" in page.url and "b=UKR" in page.url
    assert page.locator("#dyad-chart rect").count() >= 2
    assert page.locator("#dyad-incidents tbody tr").count() >= 1
    shot(page, "06-dyad")

    page.goto(server + "/graph")
    assert page.locator("#transfer-graph path").count() >= 2
    assert page.locator("#transfer-graph g.node.embargoed").count() >= 1  # PRK
    shot(page, "07-transfer-graph")

    page.goto(server + "/actors/RUS")
    assert page.locator("#recent-events tbody tr").count() >= 1
    shot(page, "08-actor")

    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    shot(page, "09-api-docs")
    assert page.evaluate("typeof window.__pwned") == "undefined"
