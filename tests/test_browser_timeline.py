"""The timeline chart saved as HTML, in headless Debian chromium, offline: dragging the overview zooms it.

Every outside request is blocked; the page must draw from the inlined Vega bundle alone. Screenshots
go to build/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser import SHOTS, block_outside, launch, needs_chromium

import kit
from kit import timeline
from kit.charts import save
from kit.charts.timeline import timeline_chart
from kit.extract.dates import date_mentions

pytestmark = needs_chromium
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")


@pytest.fixture(scope="module")
def page() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        pg = browser.new_page(viewport={"width": 1100, "height": 900})
        pg.blocked = block_outside(pg, ("file://", "data:", "blob:"))  # type: ignore[attr-defined]
        yield pg
        browser.close()


def _tick_labels(pg) -> list[str]:
    return pg.eval_on_selector_all("svg .role-axis-label text", "els => els.map(e => e.textContent)")


def test_dragging_the_overview_zooms_the_timeline(page, tmp_path):
    article = kit.load_article()
    chart = timeline_chart(timeline.load_events(), date_mentions(article), published=article.published)
    html = save(chart, tmp_path / "timeline.html")
    page.goto(html.as_uri())
    page.wait_for_selector("svg .role-axis-label text", timeout=20_000)
    before = _tick_labels(page)
    assert "2019" in before and "deal" in before
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "timeline_before.png"))

    title = page.get_by_text("drag here to zoom").bounding_box()
    assert title is not None
    # The overview strip (24 px high) sits above its axis labels and the "drag here to zoom" title.
    y = title["y"] - 32
    # The title is centred on the strip, which is as wide as the chart (680 px): brush its last fifth.
    centre = title["x"] + title["width"] / 2
    x0, x1 = centre + 340 * 0.6, centre + 340 * 0.97
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move(x1, y, steps=8)
    page.mouse.up()
    page.wait_for_timeout(500)
    after = _tick_labels(page)
    page.screenshot(path=str(SHOTS / "timeline_zoomed.png"))
    assert after != before, "the main chart's axis did not change after brushing the overview"
    assert not page.blocked, f"the page tried to reach the network: {page.blocked[:3]}"  # type: ignore[attr-defined]
