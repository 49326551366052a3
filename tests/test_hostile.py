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


@pytest.mark.parametrize("text", ["Turkey said " + "!?" * 100_000, "." * 50_000, "Turkey said. " + "…" * 80_000 + "”" * 5,
                                  "a" + ".”" * 50_000 + " b", "x. " * 60_000])
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
