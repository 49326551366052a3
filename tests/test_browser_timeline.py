"""The timeline chart saved as HTML, in headless Debian chromium, offline: dragging the overview zooms it.

Every outside request is blocked; the page must draw from the inlined Vega bundle alone. Screenshots
go to build/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import kit
from kit import timeline
from kit.charts import save
from kit.charts.timeline import timeline_chart
from kit.paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "build" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                     "(apt-get install chromium, or `make browser-deps`)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")


@pytest.fixture(scope="module")
def page() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        pg = browser.new_page(viewport={"width": 1100, "height": 900})
        blocked: list[str] = []

        def local_only(route):
            if route.request.url.startswith(("file://", "data:", "blob:")):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        pg.route("**/*", local_only)
        pg.blocked = blocked  # type: ignore[attr-defined]
        yield pg
        browser.close()


def _tick_labels(pg) -> list[str]:
    return pg.eval_on_selector_all("svg .role-axis-label text", "els => els.map(e => e.textContent)")


def test_dragging_the_overview_zooms_the_timeline(page, tmp_path):
    article = kit.load_article()
    chart = timeline_chart(timeline.load_events(), timeline.date_mentions(article), published=article.published)
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
