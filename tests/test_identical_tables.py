"""Speed work must not change a single byte of any table: every table's CSV against golden hashes.

The hashes in ``golden_tables.json`` were computed with the code as it was before the speed work
(commit 72460be). Regenerate them only when a table is meant to change::

    PYTHONPATH=. python tests/test_identical_tables.py --write

Each article maps table name -> sha256 of :func:`kit.export.csv_text`, and ``<table>#dtypes`` ->
sha256 of the column dtypes (CSV text alone would not see an ``int64`` become ``Int64``).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kit.analysis import analyze
from kit.article import Article, load_article
from kit.corpus.synth import iter_articles
from kit.export import csv_text
from kit.paths import BUNDLED_ARTICLE, DATA_DIR

GOLDEN = Path(__file__).parent / "golden_tables.json"
#: Copies of the bundled article's paragraphs: offsets far into a long text.
COPIES = 30


def _copies(n: int) -> Article:
    bundled = load_article()
    paragraphs = [p for p in BUNDLED_ARTICLE.read_text(encoding="utf-8").split("\n") if p.strip()]
    return Article.from_text("\n\n".join(paragraphs * n), dict(bundled.meta), f"<bundled x{n}>")


def cases() -> Iterator[tuple[str, Any]]:
    """(name, thunk) for every article the golden file covers; the thunk returns its Dossier."""
    yield "bundled", lambda: analyze(load_article(), events=True, claims=True)
    for path in sorted((DATA_DIR / "samples").glob("*.txt")):
        yield f"samples/{path.name}", lambda p=path: analyze(load_article(p))
    yield f"bundled_x{COPIES}", lambda: analyze(_copies(COPIES))
    for row in iter_articles(50, seed=3):
        meta = {k: v for k, v in row.items() if k != "text"}
        yield f"synth/{row['id']}", lambda r=row, m=meta: analyze(Article.from_text(r["text"], m))


def table_hashes(dossier: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, df in dossier.tables.items():
        out[name] = hashlib.sha256(csv_text(df).encode("utf-8")).hexdigest()
        dtypes = "\n".join(f"{c}:{t}" for c, t in df.dtypes.items())
        out[f"{name}#dtypes"] = hashlib.sha256(dtypes.encode("utf-8")).hexdigest()
    return out


_CASES = list(cases())


@pytest.fixture(scope="module")
def golden() -> dict[str, dict[str, str]]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_golden_covers_every_case(golden):
    assert sorted(golden) == sorted(name for name, _ in _CASES)


@pytest.mark.parametrize(("name", "make"), _CASES, ids=[name for name, _ in _CASES])
def test_tables_are_byte_identical(name, make, golden):
    got = table_hashes(make())
    want = golden[name]
    assert sorted(got) == sorted(want)
    changed = [table for table in want if got[table] != want[table]]
    assert not changed, f"{name}: tables changed: {changed}"


if __name__ == "__main__":
    if "--write" not in sys.argv:
        sys.exit("usage: python tests/test_identical_tables.py --write")
    data = {name: table_hashes(make()) for name, make in _CASES}
    GOLDEN.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(data)} articles to {GOLDEN}")
