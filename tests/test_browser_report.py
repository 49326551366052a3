"""The newsroom report read as an editor would: on a phone (390 px) and a laptop (1280 px), offline.

The page must never be wider than the screen (wide tables scroll inside their frame), chart text must stay
legible (charts keep their drawn size on a phone and scroll instead of shrinking), every export is a
link, and the page loads nothing from the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import SHOTS, block_outside, launch, needs_chromium

from kit.paths import ROOT
from kit.report.build import run_reports

pytestmark = needs_chromium

ARTICLE = ROOT / "bench" / "fictional" / "articles" / "fx-wire-ankara-s400.txt"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    batch = run_reports([ARTICLE], out, jobs=1, progress=False)
    assert not batch.failed, batch.failed
    return out / batch.results[0].slug / "report.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_report_fits_the_screen_and_stays_legible(browser, report, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    blocked = block_outside(page)
    page.goto(report.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    sizes = page.evaluate(
        "[...document.querySelectorAll('figure.kit-chart svg text')]"
        ".map(t => t.getBoundingClientRect().height).filter(h => h > 0)"
    )
    assert sizes and min(sizes) >= 7, f"chart text {min(sizes):.1f} px high at {width} px"
    assert page.locator("main.memo table").count() > 3
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"report-{width}.png"))
    assert blocked == []
    page.close()
