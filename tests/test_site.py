"""The course website (`make site`): built offline from lessons/ and the stored notebooks, never re-run.

Both sites are built once per module into a temporary folder: the instructor site (everything) and
the student site (the student edition: no solutions). Checked from the files: every page is there,
every relative link and anchor resolves, notebook charts are inline <svg>, the search index knows
the glossary, the student site holds no solution. Checked in headless chromium with every request
outside file:// blocked: every page draws without the network, charts have a size, search finds a
glossary term. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from browser import SHOTS, block_outside, launch, needs_chromium

from kit.course.site import build_site, inline_svg, plain_headings
from kit.course.student import BEGIN
from kit.paths import LESSONS_DIR, NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
LESSON_PLANS = sorted(p for p in LESSONS_DIR.glob("[0-9][0-9]_*.md"))


def svg_outputs(path: Path) -> int:
    """How many image/svg+xml outputs (charts) a stored notebook has."""
    nb = nbformat.read(path, as_version=4)
    return sum(
        "image/svg+xml" in out.get("data", {}) for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
    )


# --- fast: the pieces -------------------------------------------------------------------------------


def test_inline_svg_drops_the_prolog_and_makes_ids_unique():
    svg = '<?xml version="1.0"?>\n<svg><defs><linearGradient id="g0"/></defs><rect fill="url(#g0)"/></svg>'
    out = inline_svg(svg, "chart3")
    assert out.startswith("<svg")
    assert 'id="chart3-g0"' in out and "url(#chart3-g0)" in out and 'id="g0"' not in out


def test_plain_headings_keeps_every_anchor():
    text = '## <a id="caatsa"></a>CAATSA\n\n## <a id="odd"></a>Other Name\n'
    assert plain_headings(text) == '## CAATSA\n\n<a id="odd"></a>\n\n## Other Name\n'


# --- slow: the built sites --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("sites")
    return {
        "instructor": build_site(base / "site"),
        "student": build_site(base / "site-student", student=True),
    }


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


class _Links(HTMLParser):
    """Collects a page's ids (anchors) and the targets of its href/src attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) is not None:
                self.targets.append(attrs[key])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.slow
def test_instructor_site_has_every_page(sites):
    site = sites["instructor"]
    expected = ["index.html", "search.html", "searchindex.js", "lessons/README.html"]
    expected += [f"lessons/{name}.html" for name in ("glossary", "keypoints", "instructor-guide")]
    expected += [f"lessons/{p.stem}.html" for p in LESSON_PLANS]
    expected += [f"notebooks/{p.stem}.html" for p in NOTEBOOKS]
    missing = [name for name in expected if not (site / name).is_file()]
    assert not missing, f"missing pages: {missing}"


@pytest.mark.slow
def test_student_site_has_the_learner_pages_and_no_lesson_plans(sites):
    site = sites["student"]
    expected = ["index.html", "search.html", "searchindex.js", "lessons/README.html"]
    expected += ["lessons/glossary.html", "lessons/keypoints.html"]
    expected += [f"notebooks/{p.stem}.html" for p in NOTEBOOKS]
    missing = [name for name in expected if not (site / name).is_file()]
    assert not missing, f"missing pages: {missing}"
    instructor_only = {"instructor-guide"} | {q.stem for q in LESSON_PLANS}
    leaked = [p.name for p in (site / "lessons").glob("*.html") if p.stem in instructor_only]
    assert not leaked, f"lesson plans and the instructor guide hold answers, yet the student site has {leaked}"


@pytest.mark.slow
def test_student_site_holds_no_solution(sites):
    assert BEGIN in (sites["instructor"] / "notebooks" / "02_entity_tables.html").read_text(encoding="utf-8")
    leaks = [
        p.relative_to(sites["student"]).as_posix()
        for p in sites["student"].rglob("*")
        if p.is_file() and BEGIN.encode() in p.read_bytes()
    ]
    assert not leaks, f"solutions in the student site: {leaks}"


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["instructor", "student"])
def test_every_internal_link_and_anchor_resolves(sites, edition):
    site = sites[edition]
    parsed = {p: _parse(p) for p in pages(site)}
    broken = []
    checked = 0
    for page, links in parsed.items():
        for target in links.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith("mailto:"):
                continue  # outside links are fine to show (the browser test checks none is fetched)
            dest = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            checked += 1
            if not dest.exists():
                broken.append(f"{page.relative_to(site)} -> {target} (no file)")
            elif parts.fragment and dest.suffix == ".html":
                ids = parsed[dest].ids if dest in parsed else _parse(dest).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)} -> {target} (no anchor)")
    assert checked > 100
    assert not broken, "broken links:\n" + "\n".join(broken)


@pytest.mark.slow
def test_lessons_and_notebooks_link_each_other_in_the_site(sites):
    site = sites["instructor"]
    lesson = _parse(site / "lessons" / "02_entity_tables.html").targets
    assert any(t.split("#")[0] == "../notebooks/02_entity_tables.html" for t in lesson)
    notebook = _parse(site / "notebooks" / "02_entity_tables.html").targets
    assert any(t.startswith("../lessons/glossary.html#") for t in notebook)


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if svg_outputs(p)], ids=lambda p: p.stem)
def test_notebook_charts_are_inline_svg(sites, path):
    html = (sites["instructor"] / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<svg\b", html)) >= svg_outputs(path)
    assert 'role="img"' in html and "aria-label=" in html  # the chart's description survives


@pytest.mark.slow
def test_widget_outputs_say_where_the_widget_runs(sites):
    html = (sites["instructor"] / "notebooks" / "05_alliance_tradeoffs_app.html").read_text(encoding="utf-8")
    assert "widget-view+json" not in html and 'class="kit-widget-note"' in html


def _search_index(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["instructor", "student"])
def test_search_index_knows_the_glossary(sites, edition):
    site = sites[edition]
    assert (site / "search.html").is_file()
    index = _search_index(site)
    glossary = index["docnames"].index("lessons/glossary")
    assert glossary in [hit[0] for hit in index["alltitles"]["CAATSA"]]
    assert "gazett" in index["terms"] or "gazetteer" in index["terms"]


# --- browser: every page from disk, offline -----------------------------------------------------------


def browser_test(func):
    """The browser marks (browser, slow, skipped without chromium) on one test."""
    for mark in needs_chromium:
        func = mark(func)
    return func


@pytest.fixture(scope="module")
def page() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.blocked = block_outside(pg, ("file://", "data:", "blob:"))  # type: ignore[attr-defined]
        pg.errors = []  # type: ignore[attr-defined]
        pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
        yield pg
        browser.close()


@pytest.mark.parametrize("edition", ["instructor", "student"])
@pytest.mark.usefixtures("page")
@browser_test
def test_every_page_draws_offline(sites, page, edition):
    site = sites[edition]
    for path in pages(site):
        page.blocked.clear()
        page.errors.clear()
        page.goto(path.as_uri(), wait_until="load")
        assert page.title(), f"{path.relative_to(site)}: no title"
        assert not page.blocked, f"{path.relative_to(site)} asked the network for {page.blocked}"
        assert not page.errors, f"{path.relative_to(site)}: script errors {page.errors}"


@pytest.mark.usefixtures("page")
@browser_test
def test_charts_show_and_screenshots(sites, page):
    site = sites["instructor"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto((site / "lessons" / "README.html").as_uri())
    assert page.locator("h1").first.inner_text().startswith("The course")
    page.screenshot(path=str(SHOTS / "site_syllabus.png"))
    page.goto((site / "notebooks" / "02_entity_tables.html").as_uri())
    charts = page.locator("div.kit-chart > svg")
    assert charts.count() >= 2
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    assert page.locator("div.kit-chart svg text").count() > 5  # axis labels drew
    charts.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "site_notebook.png"))
    assert not page.blocked


@pytest.mark.parametrize("edition", ["instructor", "student"])
@pytest.mark.usefixtures("page")
@browser_test
def test_search_finds_a_glossary_term_offline(sites, page, edition):
    page.errors.clear()
    page.goto((sites[edition] / "search.html").as_uri() + "?q=gazetteer")
    hit = page.locator("#search-results a[href*='lessons/glossary.html']")
    hit.first.wait_for(timeout=20_000)
    assert not page.blocked
