"""The tradeoff explorer in a real browser (headless Debian chromium via Playwright), offline.

* the Voila app: a slider moved with the keyboard changes the ranking chart and the summary sentence;
  setting every weight to 0 shows a message, not a blank chart;
* the kernel-free chart saved as HTML: its Vega-Lite sliders re-rank the options with no kernel;
* notebook 05 exported with nbconvert: the explorer's place shows a static chart, not a blank hole.

Every outside request is blocked; Voila is stopped in all cases. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import SHOTS, block_outside, launch, needs_chromium

from kit.paths import NOTEBOOKS_DIR, ROOT

APP = NOTEBOOKS_DIR / "05_alliance_tradeoffs_app.ipynb"

pytestmark = needs_chromium
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def voila_url() -> Iterator[str]:
    """Start Voila on a free localhost port; always stop it (and its kernel) afterwards."""
    voila = Path(sys.executable).with_name("voila")
    if not voila.exists():
        pytest.skip("voila is not installed in this environment")
    port = _free_port()
    log = (ROOT / "build" / "voila-test.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(voila), str(APP), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"voila exited with code {proc.returncode}: see build/voila-test.log")
                try:  # any answer, even a 403, means the server is up
                    with socket.create_connection(("127.0.0.1", port), timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail("voila did not start within 60 s: see build/voila-test.log")
                    time.sleep(0.5)
            yield url
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)


RANKING_SVG = "svg[aria-label^='Which option comes out on top']"


def test_voila_app_slider_changes_ranking_and_summary(browser, voila_url):
    page = browser.new_page(viewport={"width": 1280, "height": 1100})
    blocked = block_outside(page)
    try:
        page.goto(voila_url, wait_until="domcontentloaded", timeout=60_000)
        page.wait_for_selector(".kit-tradeoff-summary", timeout=120_000)
        summary = page.locator(".kit-tradeoff-summary")
        ranking = page.locator(RANKING_SVG)
        before_text = summary.inner_text()
        before_svg = ranking.inner_html()
        assert before_text.startswith("With these weights, Return it to Russia wins by")
        assert "Return it to Russia" in ranking.get_attribute("aria-label")

        # The first slider is F-35 access (weight 8); its break-even is 4.25: 8 steps of 0.5 down -> 4.0.
        handle = page.locator(".widget-slider .noUi-handle").first
        handle.focus()
        for _ in range(8):
            page.keyboard.press("ArrowLeft")
        page.wait_for_function(
            "() => document.querySelector('.kit-tradeoff-summary').innerText.includes('Keep it operational wins')"
            " && document.querySelector(\"svg[aria-label^='Which option comes out on top']\")"
            ".getAttribute('aria-label').includes('Keep it operational comes first')",
            timeout=30_000,
        )
        after_svg = ranking.inner_html()
        assert summary.inner_text() != before_text
        assert after_svg != before_svg
        assert ranking.get_attribute("aria-label").startswith(
            "Which option comes out on top? (Weighted sum): Bar chart ranking 5 options by Weighted sum score. "
            "Keep it operational comes first"
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "tradeoffs_voila_slider.png"), full_page=True)

        # Every weight to 0: a clear message where the charts were, never a blank.
        handles = page.locator(".widget-slider .noUi-handle")
        for i in range(handles.count()):
            handles.nth(i).focus()
            page.keyboard.press("Home")
        page.wait_for_selector(".kit-tradeoff-error", timeout=30_000)
        assert "all weights are zero" in page.locator(".kit-tradeoff-error").first.inner_text()
        page.screenshot(path=str(SHOTS / "tradeoffs_voila_zero.png"), full_page=True)
        outside = [u for u in blocked if "fontawesome" not in u.lower()]
        assert not outside, f"the app tried to reach the network: {outside[:3]}"
    finally:
        page.close()


def test_kernel_free_chart_reranks_in_the_page(browser, tmp_path):
    from kit.charts import save
    from kit.charts.tradeoffs import interactive_ranking_chart
    from kit.tradeoffs import model as t

    model = t.load_model()
    turkey = t.stakeholder_weights(t.load_weights(), "turkey")
    path = save(interactive_ranking_chart(model, turkey), tmp_path / "explorer.html")
    page = browser.new_page()
    blocked = block_outside(page)
    try:
        page.goto(path.as_uri(), timeout=30_000)
        page.wait_for_selector("svg .mark-rect path", timeout=30_000)
        sliders = page.locator("input[type=range]")
        assert sliders.count() == len(model.criterion_ids)

        labels = [str(x) for x in model.options["label"]]

        def leader() -> str:
            """The option label drawn highest on the chart."""
            return page.evaluate(
                "(labels) => Array.from(document.querySelectorAll('svg text'))"
                ".filter(t => labels.includes(t.textContent))"
                ".sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0].textContent",
                labels,
            )

        assert leader() == "Return it to Russia"
        before = page.locator("svg").first.inner_html()
        f35 = sliders.nth(model.criterion_ids.index("f35_access"))
        f35.fill("4")
        f35.dispatch_event("input")
        deadline = time.monotonic() + 10
        while leader() != "Keep it operational" and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        assert page.locator("svg").first.inner_html() != before
        assert leader() == "Keep it operational"  # the same flip the model computes at weight 4 < 4.25
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "tradeoffs_kernel_free.png"), full_page=True)
        assert not blocked, f"the saved chart tried to reach the network: {blocked[:3]}"
    finally:
        page.close()


def test_exported_notebook_shows_the_explorer_fallback(browser, tmp_path):
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(NOTEBOOKS_DIR / "05_alliance_tradeoffs.ipynb", as_version=4)
    nb.metadata.pop("widgets", None)  # as saved by JupyterLab (no widget state) or stripped by the kit
    body, _ = HTMLExporter().from_notebook_node(nb)
    page_path = tmp_path / "05.html"
    page_path.write_text(body, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    block_outside(page)
    try:
        page.goto(page_path.as_uri(), timeout=30_000)
        fallback = page.locator(".kit-tradeoff-static")
        fallback.wait_for(timeout=30_000)
        assert "Static view" in fallback.inner_text()
        assert fallback.locator("svg").count() == 2
        box = fallback.locator("svg").first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100
        fallback.scroll_into_view_if_needed()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "tradeoffs_export_fallback.png"))
    finally:
        page.close()
