"""The `kit` command as a user meets it: version, help, doctor, and one-line errors with exit 2."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from kit import __version__
from kit.cli import main

KIT = [sys.executable, "-m", "kit.cli"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KIT, *args], capture_output=True, text=True, timeout=120)


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and __version__ in out.stdout
    helptext = run("--help").stdout
    for command in ("doctor", "read", "student"):
        assert command in helptext


def test_read_bundled_article_json(capsys):
    assert main(["read", "data/raw/s400_f35_article.txt", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["sentences"] == 18 and info["words"] == 553 and info["published"] == "2025-12-17"


def _hostile(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": (b"", "empty"),
        "blank": (b" \n\n\t ", "empty"),
        "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "NUL bytes"),
        "latin1": ("Türkiye’s".encode("cp1252"), "not valid UTF-8"),
        "big": (b"a" * 2048, "over the 1,000-byte limit"),
    }
    out = {}
    for name, (data, _) in files.items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        out[name] = path
    return out


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("empty", "empty"),
        ("blank", "empty"),
        ("binary", "NUL bytes"),
        ("latin1", "not valid UTF-8"),
        ("big", "over the 1,000-byte limit"),
        ("missing", "no such file"),
        ("directory", "is a directory"),
    ],
)
def test_hostile_inputs_give_one_line_and_exit_2(tmp_path, case, message):
    files = _hostile(tmp_path)
    files["missing"] = tmp_path / "missing.txt"
    files["directory"] = tmp_path
    out = run("read", str(files[case]), "--max-bytes", "1000")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("kit: error: ")
    assert message in lines[0]
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_usage_error_is_exit_2():
    out = run("read")
    assert out.returncode == 2
    assert "Missing argument" in out.stderr


def test_doctor_reports_versions_and_exit_code():
    out = run("doctor")
    assert "pandas" in out.stdout and "vl-convert-python" in out.stdout
    assert ("all good" in out.stdout) == (out.returncode == 0)


def test_doctor_names_a_fix_for_each_problem(monkeypatch):
    from kit.course import doctor

    monkeypatch.setattr(doctor, "CORE", ("pandas", "surely-not-installed-pkg"))
    findings = doctor.diagnose()
    bad = next(f for f in findings if f.item == "surely-not-installed-pkg")
    assert bad.status == "problem" and "make lab" in bad.fix
    assert "fix: run `make lab`" in doctor.render(findings)


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_doctor_fits_the_terminal(columns):
    from kit.course import doctor

    findings = [*doctor.diagnose(), doctor.Finding("a long one", "problem", "word " * 40, "do this " * 20)]
    text = doctor.render(findings, columns)
    assert max(len(line) for line in text.splitlines()) <= columns
    words = " ".join(text.split())
    assert ("word " * 40).strip() in words and ("do this " * 20).strip() in words, "wrapped, nothing lost"


# --- kit report: one line per failure, then a summary that names them ------------------------------


def test_report_batch_ends_with_a_summary_naming_each_failure(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"x\x00y")
    odd = tmp_path / "bad\nname.txt"
    odd.write_bytes(b"")
    args = [str(tmp_path / n) for n in ("empty.txt", "missing.txt", "binary.txt")] + [str(odd)]
    command = [*KIT, "report", *args, "--out", str(tmp_path / "out")]
    out = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2  # no article could be read at all (the --help's exit codes)
    errors = out.stderr.splitlines()
    assert "reports:" not in out.stderr and "\r" not in out.stderr  # stderr is a pipe: no progress bar
    assert len(errors) == 4 and all(e.startswith("kit: error: ") for e in errors)
    assert "bad\\nname.txt: the article is empty" in errors[3]  # the newline stays escaped: one line
    merged = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    lines = merged.stdout.splitlines()
    assert lines[:4] == errors and lines[4].startswith("0 of 4 report(s) ready in ")
    summary = lines[-1]
    assert len(lines) == 6 and summary.startswith("4 of 4 reports failed: empty.txt (the article is empty")
    for part in ("missing.txt (no such file)", "binary.txt (contains NUL bytes", "bad\\nname.txt (the article"):
        assert part in summary


def test_report_summary_is_the_last_line_after_the_bar(monkeypatch, capsys):
    """A failed run and a bad article: exit 1, each error once, then the summary, after the bar has gone."""
    from kit.report import build

    def fake_run_reports(articles, out, **kwargs):
        sys.stderr.write("\rreports:  50%|#####     | 1/2\r\x1b[K")  # what tqdm leaves behind with leave=False
        return build.Batch((
            build.ReportResult("in/good.txt", "good", "built", directory="out/good", seconds=1.0),
            build.ReportResult("in/boom.txt", "boom", "failed", error="in/boom.txt: the report failed: "
                               "cell 3 raised ValueError: boom", error_kind="ReportError"),
            build.ReportResult("in/empty.txt", "empty", "failed", error="in/empty.txt: the article is empty",
                               error_kind="InputError"),
        ), "out/index.html")

    monkeypatch.setattr(build, "run_reports", fake_run_reports)
    with pytest.raises(SystemExit) as exc:  # `kit report` exits with the batch's code
        main(["report", "in/good.txt", "in/boom.txt", "in/empty.txt", "--out", "out"])
    assert exc.value.code == 1
    captured = capsys.readouterr()
    after_bar = captured.err.rsplit("\x1b[K", 1)[1].splitlines()
    assert after_bar == [
        "kit: error: in/boom.txt: the report failed: cell 3 raised ValueError: boom",
        "kit: error: in/empty.txt: the article is empty",
    ]
    assert captured.out.splitlines() == [
        "built    out/good/report.html  (1.0 s)",
        "1 of 3 report(s) ready in out/ — open out/index.html",
        "2 of 3 reports failed: boom.txt (the report failed: cell 3 raised ValueError: boom), "
        "empty.txt (the article is empty)",
    ]


@pytest.mark.parametrize("command", ["--help", "report --help", "entities --help", "tradeoffs --help"])
def test_help_fits_80_columns(command):
    helptext = subprocess.run([*KIT, *command.split()], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "COLUMNS": "80"}).stdout
    assert max(map(len, helptext.splitlines())) <= 80
    if command == "report --help":
        assert "0  every report is ready" in helptext and "2  no article could be read" in helptext


@pytest.mark.parametrize("jobs", ["0", "65", "-1"])
def test_report_jobs_has_bounds(capsys, jobs):
    assert main(["report", "data/raw/s400_f35_article.txt", "--jobs", jobs, "--out", "unused"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"kit: error: --jobs: must be a whole number from 1 to 64, not {jobs}"


# --- kit tradeoffs --weight: the 0-10 scale, known criteria, numbers ---------------------------------


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("f35_access=12", "--weight: f35_access=12 is above 10: weights are on the scale 0 to 10"),
        ("f35_access=-1", "--weight: f35_access=-1 is negative: weights are on the scale 0 to 10"),
        ("f35_access=inf", "--weight: f35_access=inf is not a number from 0 to 10"),
        ("f35_access=nan", "--weight: f35_access=nan is not a number from 0 to 10"),
        ("f35_access=lots", "--weight: f35_access='lots' is not a number from 0 to 10"),
        ("f35_acess=4", "--weight: unknown criterion 'f35_acess'; known: f35_access, "),
        ("f35_access", "--weight: 'f35_access' is not CRITERION=NUMBER"),
    ],
)
def test_tradeoffs_weight_is_checked(capsys, weight, message):
    assert main(["tradeoffs", "--weight", weight]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert captured.err.startswith(f"kit: error: {message}")


@pytest.mark.parametrize("weight", ["f35_access=0", "f35_access=10", "f35_access=4.5"])
def test_tradeoffs_weight_accepts_the_scale(capsys, weight):
    assert main(["tradeoffs", "--weight", weight, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["weights"]["f35_access"] == float(weight.split("=")[1])


# --- README: every `kit ...` example names real commands and options, with their arguments -----------


def readme_commands() -> list[str]:
    """The `kit ...` command lines of README.md (code blocks and inline code), comments dropped."""
    text = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    lines = [m.group(1) for m in re.finditer(r"^(kit [^\n#]*)", text, re.MULTILINE)]
    lines += [m.group(1) for m in re.finditer(r"`(kit [^`]*)`", text)]
    return [line.strip() for line in lines if line.strip() not in ("kit ...",)]


def test_readme_kit_examples_use_real_options_with_their_arguments():
    import click

    from kit.cli import cli

    commands = readme_commands()
    assert any(c.startswith("kit claims --jsonld FILE") or "--jsonld FILE" in c for c in commands)
    checked = 0
    for line in commands:
        tokens = [t.strip("[]") for t in shlex.split(line.split(">")[0])][1:]
        if not tokens or tokens[0].startswith("-"):
            assert all(t in ("--help", "--version") for t in tokens), line
            continue
        command = cli.commands.get(tokens[0])
        assert isinstance(command, click.Command), f"README: {line!r}: no command {tokens[0]!r}"
        options = {name: p for p in command.params if isinstance(p, click.Option) for name in p.opts}
        for i, token in enumerate(tokens[1:], start=1):
            if not token.startswith("-"):
                continue
            name = token.split("=")[0]
            assert name in options or name in ("-h", "--help"), f"README: {line!r}: {tokens[0]} has no {name}"
            opt = options.get(name)
            if opt is not None and not opt.is_flag and "=" not in token:
                nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
                assert nxt and not nxt.startswith("-"), f"README: {line!r}: {name} needs its argument"
        checked += 1
        assert main([tokens[0], "--help"]) == 0
    assert checked >= 12


@pytest.mark.parametrize("command", [["read"], ["entities"], ["sources"], ["timeline"], ["claims", "--article"]])
def test_a_newline_in_a_file_name_keeps_the_error_on_one_line(capsys, tmp_path, command):
    name = tmp_path / "story\nkit: error: all good.txt"
    assert main([*command, str(name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.rstrip().endswith("all good.txt: no such file")
