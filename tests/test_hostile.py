"""Hostile input, table-driven, over the entry points: kit.load_article, `kit read`, `kit report`, `kit corpus`.

Each row is a way a user (or an attacker) can hand the kit something nasty; every one must end in a
one-line error naming the input (or a safe result), never a hang, a traceback or lost files.
"""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import kit
from kit import article as A
from kit.cli import main
from kit.errors import InputError, KitError, ParameterError

KIT = [sys.executable, "-m", "kit.cli"]


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KIT, *args], capture_output=True, text=True, timeout=timeout)


def one_error_line(stderr: str) -> str:
    lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("kit: error: ") and "Traceback" not in stderr
    return lines[0]


# -- 1. sentence splitting is linear and unchanged ------------------------------------------------

_OLD_BOUNDARY = re.compile(r"[.!?…]+[" + re.escape(A._CLOSERS) + r"]*(?=\s+\S)")


def _old_boundaries(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _OLD_BOUNDARY.finditer(text)]


@pytest.mark.parametrize("text", ["Turkey said " + "!?" * 100_000, "." * 50_000,
                                  "Turkey said. " + "…" * 80_000 + "”" * 5, "a" + ".”" * 50_000 + " b", "x. " * 10_000])
def test_punctuation_runs_split_in_linear_time(text):
    start = time.perf_counter()
    art = kit.Article.from_text(text)
    assert time.perf_counter() - start < 2.0, "sentence splitting must not backtrack over a run"
    assert art.sentences


@pytest.mark.parametrize("path", ["data/raw/s400_f35_article.txt", *sorted(glob.glob("data/samples/*.txt"))])
def test_sentences_of_the_bundled_texts_are_unchanged(path):
    art = kit.load_article(path)
    for para in art.paragraphs:
        assert A._boundaries(para.text) == _old_boundaries(para.text)
    if path.endswith("s400_f35_article.txt"):
        assert len(art.sentences) == 18


def test_boundaries_match_the_old_regex_on_random_text():
    import random

    alphabet = list("abcXYZ .!?\n\"'“”‘’U.S-4019 ,;:\t…)]»\u2003")
    rnd = random.Random(7)
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 50)))
        assert A._boundaries(text) == _old_boundaries(text), repr(text)


# -- 2, 3, 5. hostile files, over every entry point -----------------------------------------------


def _loop(d: Path) -> Path:
    os.symlink(d / "loop.txt", d / "loop.txt")
    return d / "loop.txt"


def _fifo(d: Path) -> Path:
    os.mkfifo(d / "fifo.txt")
    return d / "fifo.txt"


def _zero(d: Path) -> Path:
    os.symlink("/dev/zero", d / "zero.txt")
    return d / "zero.txt"


def _write(name: str, data: bytes):
    def make(d: Path) -> Path:
        (d / name).write_bytes(data)
        return d / name
    return make


HOSTILE_FILES = {
    "symlink loop": (_loop, "symbolic link loop"),
    "fifo": (_fifo, "named pipe (FIFO), not a regular file"),
    "link to /dev/zero": (_zero, "character device, not a regular file"),
    "ff fe then ascii": (_write("u16.txt", b"\xff\xfeTurkey says."), "not valid UTF-16"),
    "ff fe then binary": (_write("u16bin.txt", b"\xff\xfe\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "not valid UTF-16"),
    "ff fe truncated": (_write("u16odd.txt", b"\xff\xfeabc"), "not valid UTF-16"),
    "newline in the name": (_write("evil\nkit: error: all fine.txt", b""), "evil\\nkit: error: all fine.txt"),
    "unsupported suffix": (_write("story.docx", b"Turkey said so."), "unsupported file type .docx"),
}


def _in_time(fn, seconds: float = 20):
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "hung"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_load_article_refuses(tmp_path, case):
    make, message = HOSTILE_FILES[case]
    path = make(tmp_path)
    with pytest.raises(InputError) as err:
        _in_time(lambda: kit.load_article(path))
    assert message in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_kit_read_refuses_in_one_line_exit_2(tmp_path, case):
    make, message = HOSTILE_FILES[case]
    out = run_cli("read", str(make(tmp_path)), timeout=60)
    assert out.returncode == 2 and out.stdout == ""
    assert message in one_error_line(out.stderr)


@pytest.fixture
def fake_run(monkeypatch):
    """Replace the papermill run by one that writes a tiny executed notebook."""
    import nbformat

    from kit.report import build

    def fake(nb_path, cwd, params, *, timeout, kernel_name, source, kernels=None):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"report on {params['article_path']}")]
        nbformat.write(nb, cwd / "report.ipynb")

    monkeypatch.setattr(build, "_execute", fake)


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_kit_report_fails_that_article_only(fake_run, tmp_path, case, capsys):
    make, message = HOSTILE_FILES[case]
    bad_dir, good = tmp_path / "in", tmp_path / "good.txt"
    bad_dir.mkdir()
    bad = make(bad_dir)
    good.write_text("Turkey said so on Wednesday.", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        _in_time(lambda: main(["report", str(bad), str(good), "--out", str(tmp_path / "out")]), 60)
    assert exc.value.code == 1, "one report failed, the other built"
    err = capsys.readouterr()
    errors = [ln for ln in err.err.splitlines() if ln.startswith("kit: error:")]
    assert len(errors) == 1 and message in errors[0] and "Traceback" not in err.err
    assert "1 of 2 report(s) ready" in err.out and (tmp_path / "out" / "good" / "report.html").is_file()
    with pytest.raises(SystemExit) as exc:  # nothing readable at all: exit 2, like `kit read`
        _in_time(lambda: main(["report", str(bad), "--out", str(tmp_path / "out2")]), 60)
    assert exc.value.code == 2


def test_one_batch_of_every_hostile_case_ends_with_a_correct_index_and_summary(fake_run, tmp_path, capsys):
    """All the hostile files in one `kit report` run: the good article builds, each bad one is one line, named."""
    import html as html_lib

    folder = tmp_path / "in"
    folder.mkdir()
    bad = []
    for case, (make, _message) in HOSTILE_FILES.items():
        sub = folder / re.sub(r"\W+", "-", case)
        sub.mkdir()
        bad.append(make(sub))
    good = folder / "good.txt"
    good.write_text("Turkey said so on Wednesday.", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        _in_time(lambda: main(["report", *map(str, bad), str(good), "--out", str(tmp_path / "out")]), 120)
    assert exc.value.code == 1
    out = capsys.readouterr()
    errors = [ln for ln in out.err.splitlines() if ln.startswith("kit: error:")]
    assert len(errors) == len(HOSTILE_FILES) and "Traceback" not in out.err
    last = out.out.strip().splitlines()[-1]
    assert last.startswith(f"{len(HOSTILE_FILES)} of {len(HOSTILE_FILES) + 1} reports failed:"), last
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f"1 of {len(HOSTILE_FILES) + 1} report(s) ready; {len(HOSTILE_FILES)} failed." in index
    assert 'href="good/report.html"' in index and index.count('class="failed"') == len(HOSTILE_FILES)
    for _case, (_make, message) in HOSTILE_FILES.items():
        assert html_lib.escape(message) in index, message


@pytest.mark.parametrize("case", [c for c in HOSTILE_FILES if c != "unsupported suffix"])
def test_kit_corpus_gives_the_entry_an_error_row(tmp_path, case):
    from kit.corpus.run import run_corpus

    folder = tmp_path / "in"
    folder.mkdir()
    make, message = HOSTILE_FILES[case]
    make(folder)
    (folder / "good.txt").write_text("Turkey said so on Wednesday.", encoding="utf-8")
    run = _in_time(lambda: run_corpus(folder, tmp_path / "out", jobs=0, progress=False, tables="mentions"), 60)
    errors = run.read("errors")
    assert run.n_ok == 1 and len(errors) == 1, errors
    expected = message if case != "newline in the name" else "article is empty"
    assert expected in errors["error"].iloc[0] and errors["stage"].iloc[0] in ("read", "load")


def test_missing_article_report_exits_2(tmp_path):
    out = run_cli("report", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out"))
    assert out.returncode == 2 and "no such file" in one_error_line(out.stderr)
    helptext = run_cli("report", "--help").stdout
    assert "Exit codes" in helptext and "no article could be read" in helptext


# -- 5. wrong types are InputErrors ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: kit.load_article(123), "must be a str or Path, not int"),
        (lambda: kit.load_article(b"data/raw/s400_f35_article.txt"), "not bytes"),
        (lambda: kit.load_article("data/raw/s400_f35_article.txt", ["title", "x"]), "must be a mapping"),
        (lambda: kit.load_article(meta="title"), "must be a mapping"),
        (lambda: kit.load_article(max_bytes="big"), "max_bytes"),
        (lambda: kit.Article.from_html(None), "must be a string, not NoneType"),
        (lambda: kit.Article.from_text("Turkey.", meta=[1]), "must be a mapping"),
        (lambda: kit.load_article("a\x00b.txt"), "NUL"),
    ],
)
def test_wrong_types_are_one_line_input_errors(call, message):
    with pytest.raises(InputError) as err:
        call()
    assert message in str(err.value) and "\n" not in str(err.value)


def test_error_messages_escape_control_and_bidi_characters():
    err = KitError("a\nb\u202ec.txt", "bad\rthing")
    assert str(err) == "a\\nb\\u202ec.txt: bad\\rthing"


def test_latin1_csv_corpus_is_one_line(tmp_path):
    source = tmp_path / "latin1.csv"
    source.write_bytes("id,text\n1,T\u00fcrkiye said so.\n".encode("latin-1"))
    out = run_cli("corpus", str(source), "--out", str(tmp_path / "out"), "--jobs", "0", "--quiet")
    assert out.returncode == 2 and "not valid UTF-8" in one_error_line(out.stderr)


# -- 4. slugs -------------------------------------------------------------------------------------


def test_slugs_never_collide_in_a_batch():
    from kit.report.build import unique_slugs

    assert unique_slugs([Path("x/story.txt"), Path("y/story-2.txt"), Path("z/story.txt")]) == [
        "story", "story-2", "story-3"]


def test_a_second_run_with_another_story_keeps_the_first(fake_run, tmp_path):
    from kit.report.build import run_reports

    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    first, second = tmp_path / "x" / "story.txt", tmp_path / "y" / "story.txt"
    first.write_text("Turkey said so.", encoding="utf-8")
    second.write_text("Greece said no.", encoding="utf-8")
    out = tmp_path / "out"
    assert [r.slug for r in run_reports([first], out, progress=False).results] == ["story"]
    again = run_reports([second], out, progress=False)
    assert [r.slug for r in again.results] == ["story-2"], "another source never replaces a report"
    assert [(r.slug, r.status) for r in run_reports([first], out, progress=False).results] == [("story", "skipped")]
    manifest = json.loads((out / "story" / "manifest.json").read_text(encoding="utf-8"))
    assert str(tmp_path) not in json.dumps(manifest), "the source is named by a hash, not a machine path"


# -- 8. --jobs has an upper bound -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["report", "corpus"])
@pytest.mark.parametrize("jobs", ["65", "100000"])
def test_jobs_is_capped(tmp_path, command, jobs):
    article = tmp_path / "a.txt"
    article.write_text("Turkey said so.", encoding="utf-8")
    args = [str(article), "--out", str(tmp_path / "out"), "--jobs", jobs]
    if command == "corpus":
        args[0] = str(tmp_path)
    out = run_cli(command, *args)
    assert out.returncode == 2 and "--jobs" in one_error_line(out.stderr)
    assert not (tmp_path / "out").exists()


def test_jobs_cap_in_python(tmp_path):
    from kit.corpus.run import run_corpus
    from kit.report.build import run_reports

    with pytest.raises(ParameterError, match="from 1 to 64"):
        run_reports([tmp_path / "a.txt"], tmp_path / "out", jobs=65, progress=False)
    with pytest.raises(ParameterError, match="to 64"):
        run_corpus(tmp_path, tmp_path / "out", jobs=65, progress=False)


# -- 9. corpus input hygiene ----------------------------------------------------------------------


def test_corpus_skips_report_folders_and_reports_bad_jsonl_lines(tmp_path):
    from kit.corpus.input import iter_items

    folder = tmp_path / "in"
    (folder / "reports" / "story").mkdir(parents=True)
    (folder / "a.txt").write_text("Turkey said so.", encoding="utf-8")
    (folder / "reports" / "story" / "report.html").write_text("<p>report</p>", encoding="utf-8")
    (folder / "reports" / "story" / "manifest.json").write_text("{}", encoding="utf-8")
    (folder / "reports" / "story" / "source").mkdir()
    (folder / "reports" / "story" / "source" / "story.txt").write_text("A staged copy.", encoding="utf-8")
    assert [i.article_id for i in iter_items(folder)] == ["a"]
    jsonl = tmp_path / "latin1.jsonl"
    jsonl.write_bytes(b'{"id": "ok", "text": "Fine."}\n' + '{"id": "bad", "text": "T\u00fcrkiye"}\n'.encode("latin-1"))
    items = list(iter_items(jsonl))
    assert items[0].stage is None and items[1].stage == "read" and "not valid UTF-8" in items[1].error
    assert "\ufffd" not in json.dumps([i.text for i in items])


def test_read_and_report_agree_on_suffixes(tmp_path):
    from kit.labels import ARTICLE_SUFFIXES
    from kit.report.build import check_article

    for suffix in (".docx", ".pdf", ".rtf", ""):
        path = tmp_path / f"a{suffix}"
        path.write_text("Turkey said so.", encoding="utf-8")
        with pytest.raises(InputError, match="unsupported file type"):
            kit.load_article(path)
        with pytest.raises(InputError, match="unsupported file type"):
            check_article(path)
    for suffix in ARTICLE_SUFFIXES:
        path = tmp_path / f"b{suffix}"
        path.write_text("Turkey said so.", encoding="utf-8")
        assert kit.load_article(path).sentences and check_article(path) == path


# -- 10. kit corpus --out never deletes what it did not write -------------------------------------


def test_corpus_refuses_a_folder_it_did_not_write(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Turkey said so.", encoding="utf-8")
    out = tmp_path / "data"
    out.mkdir()
    for name in ("entities.csv", "mentions.csv", "manifest.json", "datapackage.json"):
        (out / name).write_text("precious\n", encoding="utf-8")
    (out / "parts" / "mine").mkdir(parents=True)
    (out / "parts" / "mine" / "keep.txt").write_text("precious\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run_cli("corpus", str(folder), "--out", str(out), "--jobs", "0", "--quiet")
    assert result.returncode == 2 and "holds no kit corpus manifest" in one_error_line(result.stderr)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_corpus_reruns_remove_only_their_own_files(tmp_path):
    from kit.corpus.run import run_corpus

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Turkey said so.", encoding="utf-8")
    out = tmp_path / "out"
    run_corpus(folder, out, jobs=0, progress=False, csv=True, tables="mentions")
    assert (out / "mentions.csv").is_file()
    (out / "notes.csv").write_text("mine\n", encoding="utf-8")  # a user's file beside the tables
    (out / "parts" / "my-notes").mkdir()
    run_corpus(folder, out, jobs=0, progress=False, csv=False, tables="mentions,dates", force=True)
    assert not (out / "mentions.csv").exists(), "the kit's own stale CSV is removed"
    assert (out / "notes.csv").read_text(encoding="utf-8") == "mine\n" and (out / "parts" / "my-notes").is_dir()
    run_corpus(folder, out, jobs=0, progress=False, tables="mentions")
    assert not (out / "dates.parquet").exists(), "a table the kit wrote and no longer makes is removed"
    assert (out / "notes.csv").is_file()
