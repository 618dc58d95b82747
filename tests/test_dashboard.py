"""The dashboard in Debian's chromium, driven by Playwright, against a real server on the sample corpus.

Every page is loaded, a filter is used, an event's explanation is opened, and a screenshot of each page is
saved under $PACTWATCH_ARTIFACTS (default: the test's temporary directory). Without /usr/bin/chromium the
tests skip, unless PACTWATCH_STRICT=1 (CI), where they fail: .ci/setup-chromium.sh installs it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pactwatch.api import ApiSettings, create_app
from test_api import TOKEN, build_demo_db
from test_api_server import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is absent; run .ci/setup-chromium.sh (apt-get install chromium)"
        if os.environ.get("PACTWATCH_STRICT") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = build_demo_db(tmp_path_factory.mktemp("dashboard"))
    with LiveServer(create_app(ApiSettings(db=url, token=TOKEN))) as base:
        yield base


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = os.environ.get("PACTWATCH_ARTIFACTS")
    path = Path(root) / "dashboard" if root else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture()
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=base_url)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    outside: list[str] = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base_url, "data:")) else None)
    yield pg
    context.close()
    assert errors == [], f"browser errors: {errors}"
    assert outside == [], f"the dashboard reached outside the server: {outside}"


def open_page(pg: Any, hash_route: str, ready: str) -> None:
    pg.goto("/#" + hash_route)
    pg.wait_for_selector(f"body[data-ready='{ready}']", timeout=15_000)


def shot(pg: Any, artifacts: Path, name: str) -> None:
    target = artifacts / f"{name}.png"
    pg.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 5_000


def test_events_filter_and_explanation(page: Any, artifacts: Path) -> None:
    open_page(page, "/events", "events")
    rows = page.locator("tbody tr")
    assert rows.count() == 25
    assert page.locator("td.sentence mark.trigger").count() >= 25
    shot(page, artifacts, "events")

    page.get_by_label("Event type").select_option("CONSULT")
    page.get_by_label("Country (ISO-3)").fill("CUB")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_function("location.hash.includes('type=CONSULT')")
    page.wait_for_selector("body[data-ready='events']")
    types = page.locator("tbody tr td:nth-child(2) a").all_inner_texts()
    assert types and set(types) == {"CONSULT"}
    assert all("CUB" in t for t in page.locator("tbody tr td:nth-child(3)").all_inner_texts())
    shot(page, artifacts, "events-filtered")

    page.locator("tbody tr td:nth-child(2) a").first.click()
    page.wait_for_selector("body[data-ready='event']")
    assert page.get_by_role("heading", name="Explanation").is_visible()
    chain = page.get_by_role("list", name="Actor resolution chain").first
    assert "->" in chain.inner_text()
    assert page.locator(".card p.sentence mark.trigger").count() == 1
    shot(page, artifacts, "event-explanation")


def test_mark_event_wrong_with_the_token(page: Any, artifacts: Path) -> None:
    open_page(page, "/events?type=ACCUSE", "events")
    page.locator("tbody tr td:nth-child(2) a").first.click()
    page.wait_for_selector("body[data-ready='event']")
    page.get_by_text("API token").click()
    page.get_by_label(re.compile("Bearer token")).fill(TOKEN)
    page.get_by_label(re.compile("Bearer token")).dispatch_event("change")
    page.get_by_label("What is wrong").select_option("wrong_actor")
    page.get_by_label("Note").fill("the speaker is not the accuser")
    page.get_by_role("button", name="Mark wrong").click()
    page.wait_for_selector("text=wrong_actor: the speaker is not the accuser")
    page.get_by_label("Right country code").fill("RUS")
    page.get_by_role("button", name="Correct").click()
    page.wait_for_selector("text=→ RUS")
    shot(page, artifacts, "event-marked")


def test_article_page_highlights_coded_spans(page: Any, artifacts: Path) -> None:
    open_page(page, "/articles", "articles")
    page.locator("tbody tr td:nth-child(2) a").first.click()
    page.wait_for_selector("body[data-ready='article']")
    text = page.get_by_role("article", name="Article text with coded spans")
    assert text.locator("mark.trigger").count() >= 1
    assert text.locator("mark.actor").count() >= 1
    shot(page, artifacts, "article")


def test_story_page_lists_outlets_and_languages(page: Any, artifacts: Path) -> None:
    open_page(page, "/stories", "stories")
    if page.locator("text=not available in this build").count():
        pytest.skip("the stories module is not in this build")
    shot(page, artifacts, "stories")
    multi = page.locator("tbody tr").filter(
        has=page.locator("td:nth-child(4)", has_text=re.compile(r"^[2-9]"))
    )
    multi.first.locator("td:nth-child(2) a").click()
    page.wait_for_selector("body[data-ready='story']")
    outlets = page.locator("table tbody tr td:nth-child(2)").all_inner_texts()
    assert len(outlets) >= 2
    shot(page, artifacts, "story")


def test_dyad_page_draws_the_timeline(page: Any, artifacts: Path) -> None:
    open_page(page, "/dyads", "dyads")
    page.locator("tbody tr td:first-child a").first.click()
    page.wait_for_selector("body[data-ready='dyad']")
    chart = page.locator("svg.chart")
    assert chart.get_attribute("role") == "img" and "cooperation" in (chart.get_attribute("aria-label") or "")
    assert chart.locator("rect").count() >= 2
    page.get_by_label("Interval", exact=True).select_option("week")
    page.get_by_role("button", name="Show").click()
    page.wait_for_function("location.hash.includes('interval=week')")
    page.wait_for_selector("body[data-ready='dyad']")
    shot(page, artifacts, "dyad")


def test_network_graph_is_interactive(page: Any, artifacts: Path) -> None:
    open_page(page, "/network?date_from=2026-01-01&date_to=2026-12-31", "network")
    nodes = page.locator("svg.graph g.node")
    assert nodes.count() >= 5
    assert page.locator("svg.graph line").count() >= 4
    first = nodes.first
    before = first.get_attribute("transform")
    box = first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 80, box["y"] + 60, steps=5)
    page.mouse.up()
    assert first.get_attribute("transform") != before
    assert page.locator("svg.graph g.node.dim").count() >= 1  # the rest fades to show the dragged ties
    shot(page, artifacts, "network")
    page.locator("svg.graph line").first.dispatch_event("click")
    page.wait_for_selector("body[data-ready='dyad']")


def test_watchlist_added_in_the_browser_raises_alerts(page: Any, artifacts: Path) -> None:
    open_page(page, "/alerts?since=2025-01-01", "alerts")
    assert page.get_by_role("heading", name="Watchlists and alerts").is_visible()
    if page.locator("text=not available in this build").count():
        pytest.skip("the alerts module is not in this build")
    page.get_by_text("API token").click()
    page.get_by_label(re.compile("Bearer token")).fill(TOKEN)
    page.get_by_label(re.compile("Bearer token")).dispatch_event("change")
    page.get_by_label("Name", exact=True).fill("belarus-cuba")
    page.get_by_label("Country", exact=True).fill("BLR")
    page.get_by_label("Partner", exact=True).fill("CUB")
    page.get_by_role("button", name="Add watchlist").click()
    page.wait_for_selector("text=Watchlist belarus-cuba saved.")
    page.wait_for_selector("body[data-ready='alerts']")
    assert "belarus-cuba: BLR – CUB" in page.get_by_role("list", name="Watchlists").inner_text()
    assert page.get_by_role("list", name="Alerts").locator("li").count() >= 1
    shot(page, artifacts, "alerts")


def test_api_reference_page_lists_the_endpoints_offline(page: Any, artifacts: Path) -> None:
    page.goto("/docs")
    page.wait_for_selector("body[data-ready='api']")
    headings = page.locator("section.card h2").all_inner_texts()
    assert "GET /api/events" in headings and "POST /api/articles" in headings
    shot(page, artifacts, "api-reference")


def test_phone_layout_has_no_sideways_scroll(browser: Any, base_url: str, artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base_url, is_mobile=True)
    pg = context.new_page()
    try:
        open_page(pg, "/events", "events")
        overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1
        for control in ("Event type", "Country (ISO-3)", "From", "To"):
            assert pg.get_by_label(control, exact=True).is_visible()
        shot(pg, artifacts, "events-phone")
    finally:
        context.close()
