"""The report folder a desk can trust: a correct index after anything, no leftovers, the umask's modes,
an inert source copy, and reruns that give the same bytes.

Most tests replace the notebook run by a fake (no kernel). The slow ones build the bundled and the
hostile article through the real notebook twice and open every file of the folder in Chromium.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from browser import CHROMIUM, launch

from kit.article import load_article
from kit.errors import ReportError
from kit.paths import BUNDLED_ARTICLE
from kit.report import build as report
from kit.report import folders

HOSTILE = Path(__file__).parent / "fixtures" / "hostile_article.html"


@pytest.fixture
def fake_run(monkeypatch):
    """Replace the papermill run by a tiny executed notebook; articles holding ``boom`` fail; count runs."""
    calls: list[dict] = []

    def fake(nb_path, cwd, params, *, timeout, kernel_name, source, kernels=None):
        calls.append(dict(params))
        if "boom" in (cwd / params["article_path"]).read_text(encoding="utf-8"):
            raise ReportError(source, "the report failed: RuntimeError: boom")
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"report on {params['article_path']}")]
        nbformat.write(nb, cwd / "report.ipynb")
        (cwd / "charts").mkdir()
        (cwd / "charts" / "entities.svg").write_text("<svg/>", encoding="utf-8")

    monkeypatch.setattr(report, "_execute", fake)
    return calls


def _article(folder: Path, name: str, text: str = "Turkey said so on Wednesday.", **meta: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if meta:
        (folder / (path.stem + ".meta.json")).write_text(json.dumps(meta), encoding="utf-8")
    return path


def _listed(out: Path) -> set[str]:
    """The slugs the index links to."""
    import re

    page = (out / "index.html").read_text(encoding="utf-8")
    return set(re.findall(r'href="([a-z0-9-]+)/report.html"', page))


# ---------------------------------------------------------------------------------------------
# The index: every report in OUT, by headline, after anything
# ---------------------------------------------------------------------------------------------


def test_index_shows_headlines_and_source_files_escaped(fake_run, tmp_path):
    a = _article(tmp_path / "in", "turkey.txt", title='Turkey <script>alert("t")</script> ends S-400 talks')
    b = _article(tmp_path / "in", "no-title.txt")
    bad = _article(tmp_path / "in", "<b>bad.txt", "boom")
    batch = report.run_reports([a, b, bad], tmp_path / "out", progress=False)
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    headline = "Turkey &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; ends S-400 talks"
    assert f'<a href="turkey/report.html">{headline}</a>' in page
    assert '<span class="src">turkey.txt</span>' in page
    assert '<a href="no-title/report.html">“Turkey said so on Wednesday.”</a>' in page, "no title: its first words"
    assert "&lt;b&gt;bad.txt: the report failed: RuntimeError: boom" in page
    assert "2 of 3 report(s) ready; 1 failed." in page
    assert "<script" not in page and "<b>" not in page
    assert batch.index.endswith("index.html")


def test_two_runs_into_one_folder_both_stay_listed(fake_run, tmp_path):
    out = tmp_path / "out"
    report.run_reports([_article(tmp_path / "x", "first.txt")], out, progress=False)
    report.run_reports([_article(tmp_path / "y", "second.txt")], out, progress=False)
    assert _listed(out) == {"first", "second"}
    assert "2 of 2 report(s) ready" in (out / "index.html").read_text(encoding="utf-8")


def test_concurrent_runs_do_not_drop_each_others_reports(fake_run, tmp_path, monkeypatch):
    slow_fake = report._execute

    def slower(*args, **kwargs):
        time.sleep(0.02)
        slow_fake(*args, **kwargs)

    monkeypatch.setattr(report, "_execute", slower)
    out = tmp_path / "out"
    batches = [[_article(tmp_path / f"in{k}", f"story-{k}-{i}.txt") for i in range(4)] for k in range(3)]
    errors: list[BaseException] = []

    def run(articles):
        try:
            for a in articles:  # one index write per article: many chances to race
                report.run_reports([a], out, progress=False)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(b,)) for b in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert _listed(out) == {f"story-{k}-{i}" for k in range(3) for i in range(4)}


def test_a_failed_force_rebuild_keeps_the_old_report_listed_as_ready(fake_run, tmp_path):
    art = _article(tmp_path / "in", "story.txt", title="Turkey ends the talks")
    out = tmp_path / "out"
    report.run_reports([art], out, progress=False)
    art.write_text("boom", encoding="utf-8")
    batch = report.run_reports([art], out, force=True, progress=False)
    assert [r.status for r in batch.results] == ["failed"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="story/report.html">Turkey ends the talks</a>' in page
    assert "1 of 1 report(s) ready" in page and "0 of 1" not in page
    assert "The last rebuild failed" in page and "RuntimeError: boom" in page
    art.write_text("Turkey said so again.", encoding="utf-8")
    report.run_reports([art], out, progress=False)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "The last rebuild failed" not in page and "boom" not in page, "a good build clears the failure"


def test_a_failure_stays_listed_until_that_article_builds(fake_run, tmp_path):
    out = tmp_path / "out"
    bad = _article(tmp_path / "in", "bad.txt", "boom")
    report.run_reports([bad], out, progress=False)
    report.run_reports([_article(tmp_path / "in", "good.txt")], out, progress=False)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "1 of 2 report(s) ready; 1 failed" in page and "bad.txt: the report failed" in page
    assert sorted(p.name for p in out.iterdir()) == ["good", "index.html"], "nothing else is added to OUT"


def test_the_index_is_written_when_the_batch_is_interrupted(fake_run, tmp_path, monkeypatch):
    quick = report._execute

    def interrupted(nb_path, cwd, params, **kwargs):
        if "stop" in (cwd / params["article_path"]).read_text(encoding="utf-8"):
            raise KeyboardInterrupt
        quick(nb_path, cwd, params, **kwargs)

    monkeypatch.setattr(report, "_execute", interrupted)
    folder = tmp_path / "in"
    articles = [_article(folder, "a.txt"), _article(folder, "b.txt", "stop"), _article(folder, "c.txt")]
    with pytest.raises(KeyboardInterrupt):
        report.run_reports(articles, tmp_path / "out", progress=False)
    out = tmp_path / "out"
    on_disk = {p.name for p in out.iterdir() if p.is_dir()}
    assert "a" in on_disk and _listed(out) == on_disk, "the index lists every report the batch finished"
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temp folder left"


_SCRIPT = """
import sys, time
from pathlib import Path
import nbformat
from kit.report import build
marker = Path(sys.argv[1])

def fake(nb_path, cwd, params, **kwargs):
    if "slow" in params["article_path"]:
        marker.write_text("started")
        time.sleep(float(sys.argv[2]))
    nb = nbformat.v4.new_notebook()
    nbformat.write(nb, cwd / "report.ipynb")

build._execute = fake
from kit.cli import main
sys.exit(main(["report", *sys.argv[3:]]))
"""


def _start(tmp_path: Path, sleep: float, *args: str) -> tuple[subprocess.Popen, Path]:
    marker = tmp_path / "started"
    proc = subprocess.Popen([sys.executable, "-c", _SCRIPT, str(marker), str(sleep), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the slow article never started"
        time.sleep(0.05)
    return proc, marker


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_ctrl_c_still_writes_the_index(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    articles = [_article(folder, "fast.txt"), _article(folder, "slow.txt"), _article(folder, "later.txt")]
    proc, _ = _start(tmp_path, 2, *map(str, articles), "--out", str(out))
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "fast" in _listed(out) and "later" not in _listed(out)
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temp folder left"


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_after_sigkill_the_next_run_clears_leftovers_and_lists_every_report(fake_run, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    proc, _ = _start(tmp_path, 60, str(_article(folder, "fast.txt")), str(_article(folder, "slow.txt")),
                     "--out", str(out))
    proc.kill()
    proc.wait(timeout=30)
    assert [p.name for p in out.iterdir() if p.name.startswith(".slow.")], "the killed run left its temp folder"
    report.run_reports([_article(folder, "next.txt")], out, progress=False)
    assert sorted(p.name for p in out.iterdir()) == ["fast", "index.html", "next"]
    assert _listed(out) == {"fast", "next"}


# ---------------------------------------------------------------------------------------------
# Leftovers: only a dead owner's
# ---------------------------------------------------------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _report_folder(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "report.html").write_text("<p>old</p>", encoding="utf-8")
    (path / "manifest.json").write_text(json.dumps({"generator": "kit 0.0", "title": "Old one"}), encoding="utf-8")
    return path


def test_leftovers_of_dead_runs_go_live_ones_stay(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    host, dead, me = folders.host_tag(), _dead_pid(), os.getpid()
    gone = out / f".one.{host}-{dead}-ab12.tmp"
    live = out / f".two.{host}-{me}-cd34.tmp"
    other_host_recent = out / f".three.000000-{dead}-ef56.tmp"
    legacy_old = out / ".four.k3j_x9ab.tmp"
    half_swapped = out / f".five.old-{host}-{dead}-0a1b"
    stray_old = out / f".six.old-{host}-{dead}-0c2d"
    mine = out / ".my-notes"
    for p in (gone, live, other_host_recent, legacy_old, mine):
        p.mkdir()
        (p / "partial.csv").write_text("x\n", encoding="utf-8")
    _report_folder(half_swapped)
    _report_folder(stray_old)
    _report_folder(out / "six")
    hours_ago = time.time() - 2 * 3600
    for p in (legacy_old, legacy_old / "partial.csv", live, live / "partial.csv"):  # a long run stays
        os.utime(p, (hours_ago, hours_ago))
    folders.sweep_leftovers(out)
    left = sorted(p.name for p in out.iterdir())
    assert left == sorted([live.name, other_host_recent.name, mine.name, "five", "six"])
    assert (out / "five" / "report.html").read_text(encoding="utf-8") == "<p>old</p>", \
        "a report cut off mid-swap is put back, not deleted"


def test_temp_folder_names_carry_host_and_pid(fake_run, tmp_path, monkeypatch):
    seen = []
    real = report._execute

    def spy(nb_path, cwd, params, **kwargs):
        seen.append(cwd.name)
        real(nb_path, cwd, params, **kwargs)

    monkeypatch.setattr(report, "_execute", spy)
    report.run_reports([_article(tmp_path / "in", "story.txt")], tmp_path / "out", progress=False)
    assert seen and seen[0].startswith(f".story.{folders.host_tag()}-{os.getpid()}-") and seen[0].endswith(".tmp")


# ---------------------------------------------------------------------------------------------
# Modes: what the umask says, not mkdtemp's 0700
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_report_folders_get_the_umask_mode(fake_run, tmp_path):
    old = os.umask(0o022)
    try:
        report.run_reports([_article(tmp_path / "in", "story.txt")], tmp_path / "out", progress=False)
    finally:
        os.umask(old)
    for folder in ("story", "story/source", "story/charts"):
        mode = (tmp_path / "out" / folder).stat().st_mode & 0o777
        assert mode == 0o755, f"{folder} is {mode:o}"
    assert (tmp_path / "out" / "index.html").stat().st_mode & 0o777 == 0o644


# ---------------------------------------------------------------------------------------------
# The source copy is inert
# ---------------------------------------------------------------------------------------------


def test_an_html_article_is_kept_as_text_and_still_read_as_html(fake_run, tmp_path):
    batch = report.run_reports([HOSTILE], tmp_path / "out", progress=False)
    assert batch.ok, batch.failed
    source = tmp_path / "out" / "hostile-article" / "source"
    assert sorted(p.name for p in source.iterdir()) == ["hostile-article.html.meta.json", "hostile-article.html.txt"]
    assert fake_run[0]["article_path"] == "source/hostile-article.html.txt"
    staged, original = load_article(source / "hostile-article.html.txt"), load_article(HOSTILE)
    assert staged.text == original.text and "<p>" not in staged.text
    assert staged.title == original.title
    assert staged.meta["source_file"] == "hostile_article.html" and "article_format" not in staged.meta


def test_article_format_in_metadata_must_be_known(tmp_path):
    from kit.errors import InputError

    art = _article(tmp_path, "a.txt", "<p>Turkey said so.</p>", article_format="pdf")
    with pytest.raises(InputError, match="article_format' must be one of html, markdown, text"):
        load_article(art)


# ---------------------------------------------------------------------------------------------
# The real notebook: reruns give the same bytes; no file of the folder runs a script
# ---------------------------------------------------------------------------------------------


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_twice(tmp_path_factory):
    """The bundled and the hostile article through the real notebook, then again with --force."""
    out = tmp_path_factory.mktemp("twice") / "reports"
    first = report.run_reports([BUNDLED_ARTICLE, HOSTILE], out, jobs=2, progress=False)
    assert first.ok, first.failed
    before = _hashes(out)
    again = report.run_reports([BUNDLED_ARTICLE, HOSTILE], out, jobs=2, force=True, progress=False)
    assert [r.status for r in again.results] == ["built", "built"], again.failed
    return out, before


@pytest.mark.slow
def test_a_forced_rerun_gives_byte_identical_files(built_twice):
    out, before = built_twice
    after = _hashes(out)
    assert sorted(after) == sorted(before)
    changed = [name for name in after if after[name] != before[name]]
    assert not changed, f"these files differ on a rerun of the same inputs: {changed}"
    for name in ("index.html", "s400-f35-article/report.ipynb", "s400-f35-article/manifest.json",
                 "s400-f35-article/report.html", "s400-f35-article/charts/entities.png",
                 "s400-f35-article/charts/entities.svg", "s400-f35-article/entities.csv"):
        assert name in after
    nb = (out / "s400-f35-article" / "report.ipynb").read_text(encoding="utf-8")
    assert "start_time" not in nb and "iopub.execute_input" not in nb and "duration" not in nb


@pytest.mark.slow
@pytest.mark.browser
def test_no_file_in_the_report_folder_runs_a_script(built_twice):
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium, or `make browser-deps`)")
    sync_api = pytest.importorskip("playwright.sync_api")
    out, _ = built_twice
    files = [p for p in sorted(out.rglob("*")) if p.is_file()]
    ran: dict[str, list[str]] = {}
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        try:
            for path in files:
                page = browser.new_page()
                dialogs: list[str] = []
                page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
                try:
                    page.goto(path.as_uri())
                    page.wait_for_timeout(100)
                except sync_api.Error as exc:  # a download (CSV) opens nothing
                    assert "Download is starting" in str(exc), exc
                if dialogs:  # the hostile article calls alert() from its scripts and handlers
                    ran[path.relative_to(out).as_posix()] = dialogs
                page.close()
        finally:
            browser.close()
    assert not ran, f"opening these files ran the article's scripts: {ran}"
    assert sorted(p.name for p in (out / "hostile-article" / "source").iterdir()) == [
        "hostile-article.html.meta.json", "hostile-article.html.txt"]


def test_the_terminal_says_a_failed_rebuild_kept_the_earlier_report(fake_run, tmp_path, capsys):
    from kit.cli import main

    art = _article(tmp_path / "in", "story.txt")
    out = tmp_path / "out"
    report.run_reports([art], out, progress=False)
    art.write_text("boom", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["report", str(art), "--out", str(out), "--force", "--quiet"])
    printed = capsys.readouterr().out
    assert "0 of 1 report(s) ready" in printed and "1 failed rebuild(s) kept the earlier report" in printed
