"""``kit report`` and the report notebook: parameters, safety, batches, reruns, offline HTML, papermill.

Most tests run without a kernel (parameters are checked before any kernel starts, and the run step
can be replaced by a fake). The few that run the real notebook are marked ``slow``; they share one
batch built once per module. The browser test opens the reports in Debian's Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from browser import CHROMIUM, SHOTS, block_outside, launch

from kit import __version__
from kit.cli import main
from kit.errors import InputError, ParameterError, ReportError
from kit.paths import BUNDLED_ARTICLE, DATA_DIR, ROOT
from kit.report import build as report
from kit.report import params as report_params

NOTEBOOK = report_params.NOTEBOOK
WIRE = DATA_DIR / "samples" / "wire_story.txt"
HOSTILE = Path(__file__).parent / "fixtures" / "hostile_article.html"
INJECTION = 'x = 1; print("INJECTED"); y'
EXPECTED_PARAMETERS = {
    "article_path": "str", "title": "str", "outlet": "str", "published": "str", "events_path": "str",
    "claims_path": "str", "output_dir": "str", "top_n": "int",
}


# ---------------------------------------------------------------------------------------------
# Parameters (no kernel)
# ---------------------------------------------------------------------------------------------


def test_notebook_declares_typed_documented_parameters():
    params = report_params.notebook_parameters(NOTEBOOK)
    assert {n: p.type for n, p in params.items()} == EXPECTED_PARAMETERS
    for p in params.values():
        assert p.help, f"{p.name} has no help comment, so papermill --help-notebook cannot document it"
    assert params["article_path"].default == '""' and params["top_n"].default == "10"


def test_parameters_are_converted_to_their_declared_types():
    declared = report_params.notebook_parameters(NOTEBOOK)
    pairs = [("top_n", "5"), ("title", 'A "quoted" \\ title'), ("published", "2025-12-17")]
    got = report_params.check_parameters(pairs, declared)
    assert got == {"top_n": 5, "title": 'A "quoted" \\ title', "published": "2025-12-17"}


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ([(INJECTION, "2")], "is not a valid parameter name"),
        ([("__import__", "1")], "is not declared by the report notebook"),
        ([("top_n", "ten")], "must be a whole number"),
        ([("top_n", "1.5")], "must be a whole number"),
        ([("top_n", True)], "must be a whole number"),
        ([("article_path", "x.txt")], "set by the report itself"),
        ([("output_dir", "/etc")], "use --out"),
        ([("title", "a\x00b")], "control characters"),
        ([("title", "x" * 5000)], "the limit is"),
        ([("title", "a"), ("title", "b")], "given twice"),
        ([("top_n", "0")], "from 1 to 500"),
        ([("published", "last Tuesday")], "must be a date like 2025-12-17"),
    ],
)
def test_bad_parameters_are_refused(pairs, message):
    with pytest.raises(ParameterError, match=message):
        report_params.check_parameters(pairs, report_params.notebook_parameters(NOTEBOOK))


def test_injection_through_a_parameter_name_is_one_line_exit_2(capsys, tmp_path):
    code = main(["report", str(BUNDLED_ARTICLE), "--out", str(tmp_path), "-p", INJECTION, "2"])
    out = capsys.readouterr()
    assert code == 2
    assert "INJECTED" not in out.out
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kit: error: parameter ")
    assert "the report accepts: claims_path, events_path, outlet, published, title, top_n" in lines[0]
    assert not any(tmp_path.iterdir()), "nothing may be written when parameters are refused"


def test_wrong_type_is_one_line_exit_2(capsys, tmp_path):
    assert main(["report", str(BUNDLED_ARTICLE), "--out", str(tmp_path), "-p", "top_n", "ten"]) == 2
    assert "parameter 'top_n': must be a whole number, not 'ten'" in capsys.readouterr().err


def test_missing_reference_file_is_refused_before_any_kernel(capsys, tmp_path):
    assert main(["report", str(BUNDLED_ARTICLE), "--out", str(tmp_path), "-p", "claims_path", "nope.csv"]) == 2
    assert "parameter 'claims_path': nope.csv: no such file" in capsys.readouterr().err


def test_list_parameters(capsys):
    assert main(["report", "--list-parameters"]) == 0
    out = capsys.readouterr().out
    assert "top_n: int (default 10)" in out and "article_path" not in out


@pytest.mark.parametrize(
    ("name", "slug"),
    [("s400_f35_article.txt", "s400-f35-article"), ("../../etc/passwd", "passwd"),
     ("Ünïcödé Story.HTML", "unicode-story"), ("...", "article"), ("<script>.txt", "script"),
     ("a" * 100 + ".md", "a" * 60)],
)
def test_slugs_are_safe_folder_names(name, slug):
    assert report.slugify(name) == slug


def test_slugs_are_unique_in_a_batch():
    assert report.unique_slugs([Path("a/story.txt"), Path("b/story.txt"), Path("story.md")]) == [
        "story", "story-2", "story-3"]


def test_fingerprint_changes_with_inputs(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Turkey said so.", encoding="utf-8")
    base = report.fingerprint(art, {"top_n": 5}, NOTEBOOK)["key"]
    assert report.fingerprint(art, {"top_n": 5}, NOTEBOOK)["key"] == base
    assert report.fingerprint(art, {"top_n": 6}, NOTEBOOK)["key"] != base
    art.write_text("Turkey said no.", encoding="utf-8")
    assert report.fingerprint(art, {"top_n": 5}, NOTEBOOK)["key"] != base


# ---------------------------------------------------------------------------------------------
# HTML export (no kernel; the index: tests/test_report_folder.py)
# ---------------------------------------------------------------------------------------------


def _hostile_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    lesson = nbformat.v4.new_markdown_cell("# Lesson only")
    lesson.metadata["tags"] = ["lesson"]
    code = nbformat.v4.new_code_cell("print('x')")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="<script>alert(1)</script>\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "<img src=x onerror=alert(2)>"}),
        nbformat.v4.new_output("display_data", data={"text/markdown": "<script>alert(3)</script>"}),
        nbformat.v4.new_output("display_data", data={"application/javascript": "alert(4)"}),
        nbformat.v4.new_output("error", ename="ValueError", evalue="<script>alert(5)</script>", traceback=[]),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg">'
                                                                       '<rect width="5" height="5"/></svg>'}),
    ]
    nb.cells = [lesson, nbformat.v4.new_markdown_cell("## Memo section"), code]
    return nb


def test_editor_html_has_no_code_no_script_and_escapes_outputs(tmp_path):
    nbformat.write(_hostile_notebook(), tmp_path / "r.ipynb")
    page = report.export_html(tmp_path / "r.ipynb", tmp_path / "r.html", source="a<b>.txt",
                              title="<script>t</script>").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "print(" not in page, "code cells must not be shown"
    assert "Lesson only" not in page, "cells tagged lesson are left out"
    assert "Memo section" in page and "<svg" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)=["']?https?:""", page), "nothing may be fetched from the network"


# ---------------------------------------------------------------------------------------------
# The memo's pieces (no kernel)
# ---------------------------------------------------------------------------------------------


def test_findings_read_like_a_memo():
    from kit import analyze, load_article
    from kit.report import memo

    lines = memo.findings(analyze(load_article(), events=True, claims=True))
    assert lines[0].startswith("The article names 14 known entities in 66 mentions; most often Turkey (16)")
    assert any("'Tom Berk'" in ln and "Tom Barrack" in ln for ln in lines)
    assert "10 of 18 sentences (56%) cite no source; 9 of them state a checkable fact." in lines
    assert any(ln.startswith("21 claims checked against sources: 8 accurate, 6 misleading") for ln in lines)
    wire = memo.findings(analyze(load_article(WIRE)))
    assert "1 of 9 sentences (11%) cite no source; 1 of them states a checkable fact." in wire
    assert not any("claims checked" in ln for ln in wire)


def test_memo_blocks_escape_and_link_only_http():
    import pandas as pd

    from kit.report import memo

    df = pd.DataFrame({"name": ["<script>x</script>"], "n": [3], "url": ["javascript:alert(1) ; https://ex.org/a"],
                       "kind": ["named_org|media"]})
    html = memo.table(df, {"name": "name", "n": "n", "url": "src", "kind": "kind"}, links=["url"],
                      words=["kind"]).markup
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script" not in html
    assert '<a href="https://ex.org/a"' in html and 'href="javascript' not in html
    assert "named org, media" in html and '<td class=num>3</td>' in html
    assert memo.link("javascript:alert(1)") == "javascript:alert(1)"
    assert "… and 1 more row in the CSV export." in memo.table(pd.concat([df, df]), top_n=1).markup


def test_reference_parameters():
    from kit import load_article
    from kit.report import memo

    bundled, wire = load_article(), load_article(WIRE)
    assert memo.reference("claims", "auto", bundled) is True
    assert memo.reference("claims", "auto", wire) is None
    assert memo.reference("events", "", bundled) is None and memo.reference("events", "none", bundled) is None
    assert memo.reference("events", str(WIRE), bundled) == WIRE
    with pytest.raises(ParameterError, match=r"parameter 'claims_path': nope\.csv: no such file"):
        memo.reference("claims", "nope.csv", bundled)
    with pytest.raises(ParameterError, match="top_n"):
        report_params.check_top_n(0)


def test_metadata_overrides_and_bad_dates():
    from kit.report import memo

    art = memo.load_report_article(str(WIRE), title="Edited <b>title</b>", published="2025-12-04")
    assert art.meta["title"] == "Edited <b>title</b>" and art.meta["published"] == "2025-12-04"
    assert "Edited &lt;b&gt;title&lt;/b&gt;" in memo.header(art).markup
    with pytest.raises(InputError, match="'published' must be an ISO date"):
        memo.load_report_article(str(WIRE), published="last Tuesday")


def test_chart_specs_render_offline_and_figure_names_are_safe(tmp_path):
    from kit import analyze, load_article
    from kit.charts.base import Figure
    from kit.charts.entities import entity_mentions_spec
    from kit.charts.sources import sourcing_spec
    from kit.charts.timeline import timeline_spec

    d = analyze(load_article(), events=True)
    for spec in (entity_mentions_spec(d.entities), sourcing_spec(d.sourcing), timeline_spec(d.dates, d.record)):
        assert spec["title"]["text"] and spec["description"]
    fig = Figure("../../etc/x y", timeline_spec(d.dates, d.record))
    assert fig.name == "etc-x-y"
    saved = fig.save(tmp_path)
    assert [p.name for p in saved] == ["etc-x-y.svg", "etc-x-y.png"] and all(p.parent == tmp_path for p in saved)
    assert "“nearly a decade ago”" in fig.svg and "documented record" in fig.svg


# ---------------------------------------------------------------------------------------------
# Reruns, force and isolation, with the notebook run replaced by a fake (no kernel)
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def fake_run(monkeypatch):
    """Replace the papermill run by one that writes a tiny executed notebook; count the runs."""
    calls: list[dict] = []

    def fake(nb_path, cwd, params, *, timeout, kernel_name, source, kernels=None):
        calls.append(dict(params))
        if "boom" in params["article_path"]:
            raise ReportError(source, "the report failed: RuntimeError: boom")
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"report on {params['article_path']}")]
        nbformat.write(nb, cwd / "report.ipynb")
        (cwd / "entities.csv").write_text("entity_id\n", encoding="utf-8")

    monkeypatch.setattr(report, "_execute", fake)
    return calls


def _articles(tmp_path: Path) -> list[Path]:
    a = tmp_path / "one.txt"
    a.write_text("Turkey said so on Wednesday.", encoding="utf-8")
    b = tmp_path / "boom.txt"
    b.write_text("This one fails inside the notebook.", encoding="utf-8")
    c = tmp_path / "empty.txt"
    c.write_bytes(b"")
    return [a, b, c]


def test_rerun_skips_unchanged_and_force_rebuilds(fake_run, tmp_path):
    art = _articles(tmp_path)[0]
    out = tmp_path / "out"
    first = report.run_reports([art], out, progress=False)
    assert [r.status for r in first.results] == ["built"] and len(fake_run) == 1
    manifest = json.loads((out / "one" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["kit_version"] == __version__ and "report.html" in manifest["files"]
    again = report.run_reports([art], out, progress=False)
    assert [r.status for r in again.results] == ["skipped"] and len(fake_run) == 1
    report.run_reports([art], out, params={"top_n": "3"}, progress=False)
    assert len(fake_run) == 2, "a changed parameter makes the report stale"
    report.run_reports([art], out, params={"top_n": "3"}, force=True, progress=False)
    assert len(fake_run) == 3, "--force rebuilds"
    art.write_text("Turkey said no.", encoding="utf-8")
    report.run_reports([art], out, params={"top_n": "3"}, progress=False)
    assert len(fake_run) == 4, "changed article bytes make the report stale"


def test_one_bad_article_does_not_stop_the_batch(fake_run, tmp_path):
    out = tmp_path / "out"
    batch = report.run_reports(_articles(tmp_path), out, jobs=2, progress=False)
    status = {r.slug: r.status for r in batch.results}
    assert status == {"one": "built", "boom": "failed", "empty": "failed"}
    errors = {r.slug: r.error for r in batch.failed}
    assert errors["boom"].endswith("boom.txt: the report failed: RuntimeError: boom")
    assert "empty.txt: the article is empty" in errors["empty"]
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "one"], "no half-written folders"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="one/report.html"' in index and "RuntimeError: boom" in index and "the article is empty" in index


def test_parameters_reach_the_notebook_as_staged_relative_paths(fake_run, tmp_path):
    claims = tmp_path / "my claims.csv"
    claims.write_text("claim_id\n", encoding="utf-8")
    report.run_reports([_articles(tmp_path)[0]], tmp_path / "out", params={"claims_path": str(claims)},
                       progress=False)
    params = fake_run[0]
    assert params["article_path"] == "source/one.txt" and params["output_dir"] == "."
    assert params["claims_path"] == "source/claims-my-claims.csv"
    assert (tmp_path / "out" / "one" / "source" / "claims-my-claims.csv").is_file()
    meta = json.loads((tmp_path / "out" / "one" / "source" / "one.meta.json").read_text(encoding="utf-8"))
    assert meta["source_file"] == "one.txt"


def test_folders_and_pages_the_kit_did_not_write_are_left_alone(fake_run, tmp_path):
    art = _articles(tmp_path)[0]
    out = tmp_path / "site"
    (out / "one").mkdir(parents=True)
    (out / "one" / "precious.txt").write_text("keep me", encoding="utf-8")
    (out / "index.html").write_text("<h1>my site</h1>", encoding="utf-8")
    batch = report.run_reports([art], out, progress=False)
    assert "exists and is not a kit report folder" in batch.failed[0].error
    assert (out / "one" / "precious.txt").read_text(encoding="utf-8") == "keep me"
    assert (out / "index.html").read_text(encoding="utf-8") == "<h1>my site</h1>"
    assert batch.index.endswith("kit-index.html")


def test_executor_is_injectable(fake_run, tmp_path):
    from kit.corpus.batch import InlineExecutor

    pool = InlineExecutor()
    batch = report.run_reports([_articles(tmp_path)[0]], tmp_path / "out", executor=pool, progress=False)
    assert batch.ok and not pool._shutdown, "an executor passed in is used, not shut down"


def test_cli_batch_with_a_failure_exits_1_with_one_line_per_failure(fake_run, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", *map(str, _articles(tmp_path)), "--out", str(tmp_path / "out")])
    assert exc.value.code == 1
    out = capsys.readouterr()
    errors = [ln for ln in out.err.splitlines() if ln.startswith("kit: error:")]
    assert len(errors) == 2
    assert "built" in out.out and "1 of 3 report(s) ready" in out.out


def test_missing_article_is_an_input_error():
    with pytest.raises(InputError, match="no such file"):
        report.check_article(Path("no/such/article.txt"))
    with pytest.raises(InputError, match="unsupported file type"):
        report.check_article(Path(report.__file__))


# ---------------------------------------------------------------------------------------------
# Real kernels (slow): one shared batch, kernel death and timeouts, papermill directly
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The real notebook on three articles (bundled, wire, hostile) and one empty file, 2 at a time."""
    base = tmp_path_factory.mktemp("reports")
    empty = base / "empty.txt"
    empty.write_bytes(b"")
    out = base / "out"
    result = report.run_reports([BUNDLED_ARTICLE, WIRE, HOSTILE, empty], out, jobs=2, progress=False)
    return out, result


@pytest.mark.slow
def test_batch_builds_every_good_article_and_reports_the_bad_one(batch):
    out, result = batch
    assert [r.status for r in result.results] == ["built", "built", "built", "failed"], result.failed
    assert "empty.txt: the article is empty" in result.failed[0].error
    assert sorted(p.name for p in out.iterdir()) == [
        "hostile-article", "index.html", "s400-f35-article", "wire-story"]


@pytest.mark.slow
def test_report_folder_holds_html_data_charts_and_notebook(batch):
    out, _ = batch
    folder = out / "s400-f35-article"
    for name in ("report.html", "report.ipynb", "manifest.json", "datapackage.json", "entities.csv", "mentions.csv",
                 "dates.csv", "events.csv", "attributions.csv", "quotes.csv", "claims.csv", "timeline.json",
                 "claimreview.jsonld", "charts/entities.svg", "charts/entities.png", "charts/sourcing.svg",
                 "charts/sourcing.png", "source/s400-f35-article.txt"):
        assert (folder / name).is_file(), name
    wire = out / "wire-story"
    assert (wire / "entities.csv").is_file() and not (wire / "claimreview.jsonld").exists()
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    csvs = {p.name for p in folder.glob("*.csv")}
    assert {r["path"] for r in package["resources"]} == csvs


@pytest.mark.slow
def test_reports_differ_per_article_and_hold_no_machine_paths(batch):
    out, _ = batch
    bundled = (out / "s400-f35-article" / "report.html").read_text(encoding="utf-8")
    wire = (out / "wire-story" / "report.html").read_text(encoding="utf-8")
    assert "Tom Berk" in bundled and "Tom Berk" not in wire
    assert "Norvania to return Kestrian air defence batteries" in wire
    assert "No checked claims" in wire and "Claims checked" in wire
    for folder in ("s400-f35-article", "wire-story"):
        for name in ("report.html", "report.ipynb"):
            text = (out / folder / name).read_text(encoding="utf-8")
            assert str(out) not in text and str(ROOT) not in text, f"{folder}/{name} leaks a machine path"
    nb = nbformat.read(out / "wire-story" / "report.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors


@pytest.mark.slow
def test_hostile_article_is_escaped_everywhere(batch):
    out, _ = batch
    page = (out / "hostile-article" / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+\s*=", page, re.I), "an event handler attribute got through"
    assert not re.search(r"""<a\s[^>]*href\s*=\s*["']?\s*javascript:""", page, re.I), "a javascript: link"
    assert "&lt;script&gt;alert(7)&lt;/script&gt;" in page


def _kernel_notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('article_path: str = ""  # article\noutput_dir: str = ""  # out')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(
        "import os, time\n"
        "if 'die' in article_path:\n    os._exit(1)\n"
        "if 'hang' in article_path:\n    time.sleep(120)\n")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_a_dying_or_hanging_kernel_is_reported_not_waited_on(tmp_path):
    die, hang = tmp_path / "die.txt", tmp_path / "hang.txt"
    die.write_text("Turkey.", encoding="utf-8")
    hang.write_text("Russia.", encoding="utf-8")
    batch = report.run_reports([die, hang], tmp_path / "out", notebook=_kernel_notebook(tmp_path), jobs=2,
                               timeout=5, progress=False)
    errors = {r.slug: r.error for r in batch.results}
    assert "the kernel died" in errors["die"]
    assert "ran for more than 5 s" in errors["hang"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["index.html"]


@pytest.mark.slow
def test_papermill_runs_the_notebook_on_another_article(tmp_path):
    article = tmp_path / "my story.txt"
    shutil.copyfile(WIRE, article)
    proc = subprocess.run(
        [sys.executable, "-m", "papermill", str(NOTEBOOK), "out.ipynb", "-p", "article_path", "my story.txt",
         "-p", "top_n", "3", "--no-progress-bar"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'article_path = "my story.txt"' in injected[0].source
    memo = [o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
            and "lesson" not in c.metadata.get("tags", []) for o in c.outputs]
    html = "".join(memo)
    assert "the article has no title" in html and "my story.txt" in html and "Norvania" in html
    assert "Tom Berk" not in html, "the memo is about the article given, not the bundled one"
    assert "… and" in html, "top_n=3 cuts the tables"
    assert str(tmp_path) not in html


# ---------------------------------------------------------------------------------------------
# Real browser
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("folder", ["s400-f35-article", "hostile-article"])
def test_report_opens_offline_in_chromium(batch, folder):
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium, or `make browser-deps`)")
    sync_api = pytest.importorskip("playwright.sync_api")
    out, _ = batch
    page_path = out / folder / "report.html"
    problems, dialogs = [], []
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            blocked = block_outside(page, ("file:",))
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            for link in page.locator("a").all():  # a javascript: link must not run either
                if (link.get_attribute("href") or "").lower().startswith("javascript"):
                    link.click()
            n_charts = page.locator("figure.kit-chart svg").count()
            drawn = page.locator("figure.kit-chart svg rect.kit-bar").count()
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"report_{folder}.png"), full_page=True)
        finally:
            browser.close()
    assert n_charts >= 2 and drawn >= 1, "the charts did not draw"
    assert not dialogs, f"the page ran script: {dialogs}"
    assert not problems, problems
    assert not blocked, f"the page tried to fetch: {blocked}"
