"""Warm kernels for ``kit report`` batches: reuse, a clean namespace per article, fresh kernels after failures.

Most tests run a tiny notebook (a few milliseconds per article once its kernel is up) that prints
what it saw: the kernel's pid, the previous article's text if it leaked, its working folder. One
test runs the real report notebook on two articles through both paths (warm pool and one papermill
kernel per article) and compares the editors' HTML.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from kit.paths import BUNDLED_ARTICLE, DATA_DIR, ROOT
from kit.report import build as report
from kit.report import kernels

pytestmark = pytest.mark.slow  # every test here starts at least one kernel

TINY = """\
import os, time
pids = os.environ.get('KIT_TEST_PIDS')
if pids:
    open(os.path.join(pids, str(os.getpid())), 'w').close()
name = os.path.basename(article_path)
if 'die' in name:
    os._exit(1)
if 'hang' in name:
    time.sleep(120)
if 'boom' in name:
    raise RuntimeError('boom')
text = open(article_path, encoding='utf-8').read().strip()
print(f"pid={os.getpid()} leaked={globals().get('secret', 'nothing')} cwd={os.path.basename(os.getcwd())}")
import kit.extract.ner as ner
print(f"warm={'kit.report.memo' in __import__('sys').modules} nlp={[id(p) for p in ner._PIPELINES.values()]}")
secret = text
"""


def _tiny_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('article_path: str = ""  # article\noutput_dir: str = ""  # out')
    params.metadata["tags"] = ["parameters"]
    lesson = nbformat.v4.new_code_cell("raise RuntimeError('lesson cells are left out of reports')")
    lesson.metadata["tags"] = ["lesson"]
    nb.cells = [params, lesson, nbformat.v4.new_code_cell(TINY)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    path = folder / "tiny.ipynb"
    nbformat.write(nb, path)
    return path


def _articles(folder: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        p = folder / f"{name}.txt"
        p.write_text(f"The secret of {name}.", encoding="utf-8")
        paths.append(p)
    return paths


def _printed(out: Path, slug: str) -> dict[str, str]:
    """What the tiny notebook printed for one article (pid, leaked, cwd, warm)."""
    nb = nbformat.read(out / slug / "report.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    return dict(re.findall(r"(\w+)=(\S+)", text))


@pytest.fixture
def starts(monkeypatch):
    """Count the kernels the pool starts."""
    counted: list[int] = []
    original = kernels.WarmKernel.launch

    async def counting(self, *args, **kwargs):
        counted.append(1)
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(kernels.WarmKernel, "launch", counting)
    return counted


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" in status.read_text()


def test_one_kernel_serves_a_workers_articles_without_leaking_between_them(tmp_path, starts):
    nb = _tiny_notebook(tmp_path)
    out = tmp_path / "out"
    batch = report.run_reports(_articles(tmp_path, "a", "b", "c"), out, notebook=nb, progress=False)
    assert batch.ok, batch.failed
    assert len(starts) == 1, "one kernel for the three articles of one worker"
    seen = [_printed(out, s) for s in ("a", "b", "c")]
    assert len({s["pid"] for s in seen}) == 1
    assert [s["leaked"] for s in seen] == ["nothing"] * 3, "the previous article's variables must not leak"
    assert all(s["cwd"].endswith(".tmp") for s in seen), "each article runs in its own folder"
    assert all(s["warm"] == "True" for s in seen), "the kit's modules are imported once per kernel"
    assert seen[0]["nlp"] != "[]" and len({s["nlp"] for s in seen}) == 1, "one NER model per kernel, kept by reset"
    assert "The secret of b" not in (out / "c" / "report.html").read_text(encoding="utf-8")
    assert _gone(int(seen[0]["pid"])), "the kernel is shut down when the batch ends"


SPACY = """\
import sys
from kit.report import memo
from kit.extract.ner import ner_spans
spans = ner_spans(memo.load_report_article(article_path))
print(f"spacy={'spacy' in sys.modules} spans={'|'.join(spans['text']).replace(' ', '_')}")
"""


def _spacy_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('article_path: str = ""  # article\noutput_dir: str = ""  # out')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(SPACY)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "spacy.ipynb"
    nbformat.write(nb, path)
    return path


def test_one_article_kernel_gets_its_names_without_loading_spacy(tmp_path):
    """One article: the kit process finds the names while the kernel starts; a batch's kernels find their own."""
    nb = _spacy_notebook(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("Angela Merkel met Emmanuel Macron in Paris on Tuesday.\n", encoding="utf-8")
    one = report.run_reports([article], tmp_path / "one", notebook=nb, progress=False)
    both = report.run_reports([article, BUNDLED_ARTICLE], tmp_path / "two", notebook=nb, progress=False)
    assert one.ok and both.ok, (one.failed, both.failed)
    alone, in_batch = _printed(tmp_path / "one", "a"), _printed(tmp_path / "two", "a")
    assert alone["spacy"] == "False", "the one-article kernel never imports spaCy"
    assert in_batch["spacy"] == "True"
    assert alone["spans"] == in_batch["spans"] and "Merkel" in alone["spans"], "the same names either way"


def test_executed_notebook_reads_like_a_papermill_run(tmp_path):
    nb = _tiny_notebook(tmp_path)
    out = tmp_path / "out"
    report.run_reports(_articles(tmp_path, "a", "b"), out, notebook=nb, progress=False)
    report.run_reports(_articles(tmp_path, "b"), tmp_path / "old", notebook=nb, progress=False, warm=False)
    warm_nb = json.loads((out / "b" / "report.ipynb").read_text(encoding="utf-8"))  # b ran second, on a's kernel
    old_nb = json.loads((tmp_path / "old" / "b" / "report.ipynb").read_text(encoding="utf-8"))
    assert set(warm_nb["metadata"]["papermill"]) == set(old_nb["metadata"]["papermill"])
    for key in ("input_path", "output_path", "parameters", "default_parameters", "environment_variables", "version"):
        assert warm_nb["metadata"]["papermill"][key] == old_nb["metadata"]["papermill"][key], key
    assert warm_nb["metadata"]["language_info"] == old_nb["metadata"]["language_info"]
    assert [c["source"] for c in warm_nb["cells"]] == [c["source"] for c in old_nb["cells"]]
    assert [c["metadata"]["tags"] for c in warm_nb["cells"]] == [c["metadata"]["tags"] for c in old_nb["cells"]]
    assert [c.get("execution_count") for c in warm_nb["cells"]] == [1, 2, 3], "counts restart for each article"
    assert [c["metadata"]["papermill"]["status"] for c in warm_nb["cells"]] == ["completed"] * 3


def test_a_failed_article_gets_no_successor_on_its_kernel(tmp_path, starts):
    nb = _tiny_notebook(tmp_path)
    out = tmp_path / "out"
    batch = report.run_reports(_articles(tmp_path, "a", "boom", "b", "c"), out, notebook=nb, progress=False)
    assert [r.status for r in batch.results] == ["built", "failed", "built", "built"]
    assert batch.failed[0].error.endswith("boom.txt: the report failed: RuntimeError: boom")
    assert len(starts) == 2, "the kernel that ran the failing article is replaced"
    pids = [_printed(out, s)["pid"] for s in ("a", "b", "c")]
    assert pids[0] != pids[1] == pids[2]
    assert _printed(out, "b")["leaked"] == "nothing"


def test_a_dying_kernel_fails_only_its_article(tmp_path, starts):
    nb = _tiny_notebook(tmp_path)
    out = tmp_path / "out"
    batch = report.run_reports(_articles(tmp_path, "a", "die", "b"), out, notebook=nb, progress=False)
    assert [r.status for r in batch.results] == ["built", "failed", "built"]
    assert "die.txt: the kernel died while running the report" in batch.failed[0].error
    assert len(starts) == 2
    assert sorted(p.name for p in out.iterdir()) == ["a", "b", "index.html"], "nothing half-written"


def test_the_cell_timeout_is_honoured_on_a_warm_kernel(tmp_path):
    nb = _tiny_notebook(tmp_path)
    started = time.monotonic()
    batch = report.run_reports(_articles(tmp_path, "a", "hang", "b"), tmp_path / "out", notebook=nb, timeout=3,
                               progress=False)
    assert [r.status for r in batch.results] == ["built", "failed", "built"]
    assert "hang.txt: a cell ran for more than 3 s; the run was stopped" in batch.failed[0].error
    assert time.monotonic() - started < 100, "the hanging cell (120 s) was not waited on"


def test_two_workers_keep_two_kernels_and_none_is_left_after_the_batch(tmp_path, starts, monkeypatch):
    nb = _tiny_notebook(tmp_path)
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv("KIT_TEST_PIDS", str(pids))
    batch = report.run_reports(_articles(tmp_path, "a", "b", "c", "d", "e", "f"), tmp_path / "out", notebook=nb,
                               jobs=2, progress=False)
    assert batch.ok, batch.failed
    assert 1 <= len(starts) <= 2 and len(list(pids.iterdir())) == len(starts)
    assert all(_gone(int(p.name)) for p in pids.iterdir()), "a kernel outlived its batch"


def test_a_kernel_that_died_while_idle_is_replaced_not_blamed(tmp_path):
    nb = _tiny_notebook(tmp_path)
    a, b, c, d = _articles(tmp_path, "a", "b", "c", "d")

    def run(pool: kernels.KernelPool, article: Path) -> None:
        cwd = tmp_path / article.stem
        cwd.mkdir()
        pool.run(nb, cwd, {"article_path": str(article), "output_dir": "."}, timeout=60, kernel_name="python3",
                 source=article.name)

    with kernels.KernelPool(max_articles=2) as pool:
        run(pool, a)
        [pid] = pool.pids
        pool._idle[0].kill()  # e.g. the out-of-memory killer, between two articles
        deadline = time.monotonic() + 10
        while not _gone(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        run(pool, b)
        assert pool.starts == 2, "the next article gets a fresh kernel instead of failing"
        run(pool, c)
        run(pool, d)
        assert pool.starts == 3, "a kernel is replaced after max_articles articles"
        pids = pool.pids
    assert pids and all(_gone(p) for p in pids)


def test_a_batch_runs_from_a_thread_with_a_running_event_loop(tmp_path):
    import asyncio

    from kit.corpus.batch import InlineExecutor

    async def in_a_notebook() -> report.Batch:  # a Jupyter kernel runs its cells inside an event loop
        return report.run_reports(_articles(tmp_path, "a", "b"), tmp_path / "out", notebook=_tiny_notebook(tmp_path),
                                  executor=InlineExecutor(), progress=False)

    batch = asyncio.run(in_a_notebook())
    assert batch.ok, batch.failed
    assert _printed(tmp_path / "out", "a")["pid"] == _printed(tmp_path / "out", "b")["pid"]


def test_ctrl_c_leaves_no_kernel_behind(tmp_path):
    nb = _tiny_notebook(tmp_path)
    pids = tmp_path / "pids"
    pids.mkdir()
    arts = _articles(tmp_path, "a", "hang", "b")
    code = ("import sys; from kit.report.build import run_reports; "
            f"run_reports({[str(a) for a in arts]!r}, {str(tmp_path / 'out')!r}, notebook={str(nb)!r}, jobs=2, "
            "progress=False)")
    env = {**os.environ, "KIT_TEST_PIDS": str(pids), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 100
        while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:  # both kernels are running
            time.sleep(0.2)
        assert proc.poll() is None and len(list(pids.iterdir())) == 2, "the batch should be hanging on one article"
        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends (to the kit process only, the harder case)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0 and b"KeyboardInterrupt" in err
    deadline = time.monotonic() + 10
    while not all(_gone(int(p.name)) for p in pids.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(_gone(int(p.name)) for p in pids.iterdir()), "an ipykernel outlived Ctrl-C"
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")], "no half-written folders"


def test_parameters_are_read_and_injected_as_papermill_does(tmp_path):
    import papermill
    from papermill.translators import translate_parameters

    from kit.report import params

    ours = params.notebook_parameters(params.NOTEBOOK)
    theirs = papermill.inspect_notebook(str(params.NOTEBOOK))
    assert [(p.name, p.type, p.default, p.help) for p in ours.values()] == [
        (p["name"], p["inferred_type_name"], p["default"], p["help"]) for p in theirs.values()]
    values = {"article_path": 'a "b" \\ ü\n\t\x01', "top_n": 3, "ratio": 1.5, "flag": True, "none": None,
              "nan": float("nan"), "low": float("-inf"), "empty": ""}
    assert params.parameter_cell(values) == translate_parameters("python3", "python", values, "Parameters")
    prepared = kernels.prepared_notebook(_tiny_notebook(tmp_path), {"article_path": "x.txt", "output_dir": "."})
    injected = [c for c in prepared.cells if "injected-parameters" in c.metadata["tags"]]
    assert len(injected) == 1 and prepared.cells.index(injected[0]) == 1, "right after the parameters cell"
    assert not any("lesson" in c.metadata["tags"] for c in prepared.cells)


# ---------------------------------------------------------------------------------------------
# The real report notebook, warm pool vs one papermill kernel per article
# ---------------------------------------------------------------------------------------------


def _sections(page: str) -> list[str]:
    return re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page, re.S)


def _tables(page: str) -> list[tuple[int, str]]:
    """Each table: its number of rows and its header row."""
    out = []
    for table in re.findall(r"<table.*?</table>", page, re.S):
        head = re.search(r"<thead>(.*?)</thead>", table, re.S)
        out.append((table.count("<tr"), head.group(1) if head else ""))
    return out


def test_real_reports_match_the_papermill_path(tmp_path, starts):
    arts = [BUNDLED_ARTICLE, DATA_DIR / "samples" / "wire_story.txt"]
    warm = report.run_reports(arts, tmp_path / "warm", progress=False)
    old = report.run_reports(arts, tmp_path / "old", progress=False, warm=False)
    assert warm.ok and old.ok, (warm.failed, old.failed)
    assert len(starts) == 1, "the second article ran on the first one's kernel"
    for slug in ("s400-f35-article", "wire-story"):
        a = (tmp_path / "warm" / slug / "report.html").read_text(encoding="utf-8")
        b = (tmp_path / "old" / slug / "report.html").read_text(encoding="utf-8")
        assert _sections(a) == _sections(b) and len(_sections(a)) >= 8
        assert _tables(a) == _tables(b) and _tables(a)
        assert a == b, f"{slug}: the editors' HTML differs between the two paths"
        for name in ("entities.csv", "sourcing.csv", "dates.csv"):
            if (tmp_path / "old" / slug / name).exists():
                assert (tmp_path / "warm" / slug / name).read_bytes() == (tmp_path / "old" / slug / name).read_bytes()
    wire = (tmp_path / "warm" / "wire-story" / "report.html").read_text(encoding="utf-8")
    assert "Tom Berk" not in wire, "nothing of the first article leaks into the second"
