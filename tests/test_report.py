"""The dyad report: one self-contained HTML page with inline SVG, stories and their sources."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_article, make_event
from pactwatch.analysis import DyadPoint, DyadTimeline, Network, dyad_timeline, network
from pactwatch.cli import main
from pactwatch.report import dyad_report, network_svg, timeline_svg
from pactwatch.store import Store
from pactwatch.stories import update_stories
from test_stories import put


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open("sqlite://")
    s.add_articles(
        [
            make_article(
                "a-1",
                "Minsk text",
                outlet="Minsk <Wire>",
                url="https://wire.example/1",
                title="Belarus & Cuba",
                published=date(2026, 5, 13),
            )
        ]
    )
    s.save_coding(
        "a-1",
        [
            make_event(
                "e-1",
                when=date(2026, 5, 12),
                sentence="Cuba's <b>colonel</b> met them.",
                actor=("CUB",),
                recipient=("BLR",),
            )
        ],
        "test-1",
    )
    put(
        s,
        "a-2",
        [
            make_event(
                "e-2",
                actor=("USA",),
                recipient=("CUB",),
                event="SANCTION",
                quad_code=4,
                when=date(2026, 6, 3),
            )
        ],
        published=date(2026, 6, 4),
    )
    put(
        s,
        "a-3",
        [make_event("e-3", actor=("RUS",), recipient=("VEN",), when=date(2026, 6, 3))],
        published=date(2026, 6, 4),
    )
    update_stories(s)
    yield s
    s.close()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def test_report_is_self_contained_with_chart_network_and_sources(store: Store) -> None:
    page = dyad_report(store, "cub", "blr")
    tags = parse(page)
    names = [t for t, _ in tags]
    assert names.count("svg") == 2
    assert "script" not in names and "link" not in names and "img" not in names
    # nothing is loaded from elsewhere: the only URLs are links to the source articles
    assert [a.get("href") for t, a in tags if t == "a"] == ["https://wire.example/1"]
    assert not [a for t, a in tags if a.get("src")]
    assert "Belarus &amp; Cuba" in page and "Minsk &lt;Wire&gt;" in page
    assert "&lt;b&gt;colonel&lt;/b&gt;" in page  # evidence sentences are escaped, not rendered
    assert "1 story between CUB and BLR" in page
    # the network around the pair shows the partners of either side, not unrelated ties
    assert ">USA<" in page and ">VEN<" not in page


def test_empty_dyad_still_renders(store: Store) -> None:
    page = dyad_report(store, "FRA", "DEU")
    assert "0 stories between FRA and DEU" in page and "no stories" in page


def test_svg_helpers_draw_one_bar_per_period_and_one_circle_per_node(store: Store) -> None:
    t = dyad_timeline(store, "CUB", "BLR")
    svg = timeline_svg(t)
    assert svg.count("<rect") == 1 and "2026-05" in svg
    assert "no stories" in timeline_svg(DyadTimeline("A", "B", "month", ()))
    may, aug = (DyadPoint(date(2026, m, 1), 1, 1, {"AID": 1}, {2: 1}, 1.0, 1.0, ("s",)) for m in (5, 8))
    gappy = timeline_svg(DyadTimeline("A", "B", "month", (may, aug)))
    assert gappy.count("<rect") == 2
    assert re.findall(r">(\d{4}-\d{2})<", gappy) == ["2026-05", "2026-06", "2026-07", "2026-08"]
    net = network(store)
    assert network_svg(net).count("<circle") == 5
    assert "no ties" in network_svg(Network(net.graph.subgraph([]).copy(), None, None))


def test_cli_report_dyad_writes_the_file(store: Store, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    s = Store.open(db)
    put(s, "a-1", [make_event("e-1", when=date(2026, 5, 12))])
    update_stories(s)
    s.close()
    target = tmp_path / "out.html"
    result = CliRunner().invoke(
        main, ["--db", f"sqlite:///{db}", "report", "dyad", "CUB", "BLR", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert re.search(
        r"<svg[^>]*aria-label=\"stories per month between CUB and BLR\"", target.read_text("utf-8")
    )


CHROMIUM = Path("/usr/bin/chromium")


def test_report_renders_offline_in_a_real_browser(store: Store, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is absent; run .ci/setup-chromium.sh (apt-get install chromium)"
        if os.environ.get("PACTWATCH_STRICT") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "cub-blr.html"
    page_file.write_text(dyad_report(store, "CUB", "BLR"), encoding="utf-8")
    requested: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.on("request", lambda r: requested.append(r.url))
            page.goto(page_file.as_uri())
            boxes = [page.locator("svg").nth(i).bounding_box() for i in range(2)]
            assert all(b is not None and b["width"] > 300 and b["height"] > 150 for b in boxes), boxes
            assert page.locator("rect").count() == 1
            assert page.locator("circle").count() == 3  # CUB, BLR and USA, the partner of one side
            assert page.locator("td a").first.get_attribute("href") == "https://wire.example/1"
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    # self-contained: the page itself is the only thing the browser loaded
    assert requested == [page_file.as_uri()]
