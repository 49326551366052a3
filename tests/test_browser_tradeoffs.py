"""The tradeoff explorer in a real browser (headless Debian chromium via Playwright), offline.

* the Voila app: a slider moved with the keyboard changes the ranking chart and the summary sentence;
  setting every weight to 0 shows a message, not a blank chart;
* the Voila app on a phone (390 px) and a desktop (1280 px): nothing wider than the screen, slider
  readouts whole, charts scaled to the width with readable text; controls and charts side by side
  at 1280 px, and in JupyterLab too (the notebook run there, at 1280 px);
* the kernel-free chart saved as HTML: its Vega-Lite sliders re-rank the options with no kernel;
* notebook 05 exported with nbconvert: the explorer's place shows a static chart, not a blank hole.

Every outside request is blocked; Voila is stopped in all cases. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def _serve(name: str, args: list[str], port: int, *, cwd: Path, env: dict[str, str] | None = None) -> Iterator[None]:
    """Run a local server until it answers on ``port``; always stop it (and its kernels) afterwards."""
    log = ROOT / "build" / f"{name}-test.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"{name} exited with code {proc.returncode}: see build/{log.name}")
                try:  # any answer, even a 403, means the server is up
                    with socket.create_connection(("127.0.0.1", port), timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"{name} did not start within 90 s: see build/{log.name}")
                    time.sleep(0.5)
            yield
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def voila_url() -> Iterator[str]:
    """Voila serving the app on a free localhost port (each page load gets its own kernel)."""
    voila = Path(sys.executable).with_name("voila")
    if not voila.exists():
        pytest.skip("voila is not installed in this environment")
    port = _free_port()
    with _serve("voila", [str(voila), str(APP), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}"], port,
                cwd=ROOT):
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory) -> Iterator[str]:
    """JupyterLab on a free port, serving a copy of the app notebook (so Lab never saves over the real one)."""
    lab = Path(sys.executable).with_name("jupyter-lab")
    if not lab.exists():
        pytest.skip("jupyterlab is not installed in this environment")
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(APP, root / APP.name)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".config"), "JUPYTER_RUNTIME_DIR": str(root / ".run"),
           "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces"),
           "JUPYTERLAB_SETTINGS_DIR": str(root / ".settings")}
    news = root / ".settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false"}', encoding="utf-8")  # no news pop-up over the explorer
    port = _free_port()
    args = [str(lab), "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
            "--LabApp.expose_app_in_browser=True"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    with _serve("jupyterlab", args, port, cwd=root, env=env):
        yield f"http://127.0.0.1:{port}/lab/tree/{APP.name}"


#: Where the explorer's parts sit on the page, and whether anything is wider than the viewport or clipped.
GEOMETRY = """() => {
  const ex = document.querySelector('.kit-tradeoff-explorer');
  const vw = document.documentElement.clientWidth;
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                  bottom: r.bottom, width: r.width}; };
  const outside = Array.from(ex.querySelectorAll('*')).filter(e => {
    const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5); })
    .map(e => e.tagName + '.' + (e.getAttribute('class') || '')).slice(0, 5);
  return {
    vw, scrollWidth: document.documentElement.scrollWidth, outside,
    readouts: Array.from(ex.querySelectorAll('.widget-readout')).map(e => ({text: e.innerText,
      clipped: e.scrollWidth > e.clientWidth + 1, ...box(e)})),
    charts: Array.from(ex.querySelectorAll('svg.kit-chart')).map(s => ({...box(s),
      scale: s.getBoundingClientRect().width / s.viewBox.baseVal.width})),
    controls: box(ex.querySelector('.kit-tradeoff-controls')),
  };
}"""


def _fits(geo: dict) -> None:
    """Nothing wider than the screen, every slider readout whole, charts scaled to the width, text >= 10 px."""
    assert geo["scrollWidth"] <= geo["vw"], "the page scrolls sideways"
    assert not geo["outside"], f"parts of the explorer run past the screen's edge: {geo['outside']}"
    assert len(geo["readouts"]) == 7
    for r in geo["readouts"]:
        assert not r["clipped"] and r["right"] <= geo["vw"], f"slider readout {r['text']!r} is cut off"
        assert len(r["text"]) == 3 and r["text"][1] == ".", r["text"]  # "8.0", all of it
    assert len(geo["charts"]) == 2
    for c in geo["charts"]:
        assert c["left"] >= 0 and c["right"] <= geo["vw"]
        assert 12 * c["scale"] >= 10, f"chart text would be {12 * c['scale']:.1f} px"


def _side_by_side(geo: dict) -> None:
    ranking = geo["charts"][0]
    controls = geo["controls"]
    assert ranking["left"] >= controls["right"] - 1 and ranking["top"] < controls["bottom"], (
        f"the charts are not beside the sliders: controls {controls}, ranking chart {ranking}")


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


@pytest.mark.parametrize("width", [390, 1280])
def test_voila_app_fits_a_phone_and_sits_side_by_side_on_a_desktop(browser, voila_url, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    block_outside(page)
    try:
        page.goto(voila_url, wait_until="domcontentloaded", timeout=60_000)
        page.wait_for_selector(".kit-tradeoff-summary", timeout=120_000)
        page.wait_for_selector("svg.kit-chart", timeout=30_000)
        geo = page.evaluate(GEOMETRY)
        _fits(geo)
        if width >= 1000:
            _side_by_side(geo)
        else:  # stacked: the sliders first, the charts below them at the full width
            assert geo["charts"][0]["top"] > geo["controls"]["bottom"]
            assert geo["charts"][0]["width"] >= 0.85 * geo["vw"]
        # A move shows its whole new value: F-35 access 8.0 -> 7.5.
        page.locator(".widget-slider .noUi-handle").first.focus()
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("() => document.querySelector('.widget-readout').innerText === '7.5'",
                               timeout=30_000)
        page.wait_for_function(
            "() => document.querySelector(\"svg[aria-label^='Which option comes out on top']\")"
            ".getAttribute('aria-label').includes('Return it to Russia comes first with 55.')", timeout=30_000)
        _fits(page.evaluate(GEOMETRY))
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"tradeoffs_voila_{width}.png"), full_page=True)
        page.locator(".kit-tradeoff-results").screenshot(path=str(SHOTS / f"tradeoffs_voila_{width}_charts.png"))
    finally:
        page.close()


def test_in_jupyterlab_the_charts_sit_beside_the_sliders(browser, lab_url):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    block_outside(page)
    try:
        page.goto(lab_url, wait_until="domcontentloaded", timeout=90_000)
        page.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-Notebook')",
                               timeout=120_000)
        page.wait_for_selector(".jp-StatusBar-Widget:has-text('Idle')", timeout=120_000)  # the kernel is up
        for _attempt in range(3):  # Lab can drop a run-all sent while the notebook is still settling
            # Not awaited: the command's promise need not settle while widgets keep the kernel talking.
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            try:
                page.wait_for_selector(".kit-tradeoff-explorer .kit-tradeoff-summary", timeout=60_000)
                break
            except sync_api.TimeoutError:
                continue
        page.wait_for_selector(".kit-tradeoff-explorer .kit-tradeoff-summary", timeout=1_000)
        page.wait_for_selector(".kit-tradeoff-explorer svg.kit-chart", timeout=60_000)
        page.locator(".kit-tradeoff-explorer").scroll_into_view_if_needed()
        geo = page.evaluate(GEOMETRY)
        _side_by_side(geo)
        _fits(geo)
        handle = page.locator(".kit-tradeoff-explorer .widget-slider .noUi-handle").first
        handle.focus()
        for _ in range(8):
            page.keyboard.press("ArrowLeft")
        page.wait_for_function(
            "() => document.querySelector('.kit-tradeoff-summary').innerText.includes('Keep it operational wins')",
            timeout=60_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "tradeoffs_lab_1280.png"))
    finally:
        page.close()
