"""kit.safety: spreadsheet formulas and invisible bidi controls in untrusted text."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from kit.safety import neutralise_bidi, neutralise_formula, safe_text_cells


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"),
     ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-", "'-"),
     ("-12", "-12"), ("+3.5e2", "+3.5e2"), ("-0,5", "-0,5"), ("Turkey", "Turkey"), ("a=b", "a=b"), ("", ""),
     (-5, -5), (2.5, 2.5), (None, None)],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_safe_text_cells_touches_text_columns_only():
    df = pd.DataFrame({"text": ["=cmd|' /C calc'!A0", "fine", None], "n": [-1, 2, 3], "score": [-0.5, 1.0, None],
                       "s": pd.Series(["@x", "y", pd.NA], dtype="string"),
                       "c": pd.Categorical(["-x", "y", "-x"])})
    safe = safe_text_cells(df)
    assert list(safe["text"][:2]) == ["'=cmd|' /C calc'!A0", "fine"] and safe["text"].isna().iloc[2]
    assert safe["n"].tolist() == [-1, 2, 3] and str(safe["n"].dtype) == "int64"
    assert safe["score"].iloc[0] == -0.5 and list(safe["s"][:2]) == ["'@x", "y"]
    assert list(safe["c"]) == ["'-x", "y", "'-x"]
    assert df["text"].iloc[0].startswith("="), "the input frame is not changed"
    back = pd.read_csv(io.StringIO(safe.to_csv(index=False)))
    assert back["n"].tolist() == [-1, 2, 3], "a negative number stays a number in the CSV"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("abc\u202edef", "abc⟨U+202E⟩def"), ("\u2066x\u2069", "⟨U+2066⟩x⟨U+2069⟩"), ("a\u200bb", "a⟨U+200B⟩b"),
     ("\u202a\u202b\u202c\u202d", "⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩"), ("x\u200fy\u061c", "x⟨U+200F⟩y⟨U+061C⟩"),
     ("soft\u00adhyphen", "soft⟨U+00AD⟩hyphen"), ("می\u200cخواهم", "می\u200cخواهم"), ("👩\u200d💻", "👩\u200d💻"),
     ("Türkiye’s “S-400”", "Türkiye’s “S-400”"), ("plain", "plain")],
)
def test_neutralise_bidi(text, expected):
    assert neutralise_bidi(text) == expected


def test_corpus_csv_cells_cannot_run_as_formulas(tmp_path):
    from kit.corpus.run import run_corpus

    source = tmp_path / "c.jsonl"
    row = '{"id": "a", "text": "Turkey said so.", "title": "=HYPERLINK(\\"http://x\\")"}\n'
    source.write_text(row, encoding="utf-8")
    run_corpus(source, tmp_path / "out", jobs=0, csv=True, progress=False, tables="mentions")
    text = (tmp_path / "out" / "articles.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text
    assert (tmp_path / "out" / "articles.parquet").is_file()
