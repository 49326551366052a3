"""The `kit` command as a user meets it: version, help, doctor, and one-line errors with exit 2."""

from __future__ import annotations

import json
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
