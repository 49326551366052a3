"""kit.verify.statements: quotations against the on-record statements of their speaker."""

from __future__ import annotations

import pandas as pd
import pytest

import kit
from kit.article import Article
from kit.claims import load_statements
from kit.errors import DataError
from kit.verify.officials import check_names
from kit.verify.statements import check_quotes


@pytest.fixture(scope="module")
def bundled():
    art = kit.load_article()
    d = kit.analyze(art)
    return art, d, check_names(art, d.mentions)


def test_bundled_quote_not_on_record_for_barrack(bundled) -> None:
    art, d, names = bundled
    # The quotes table's speaker is the written, misnamed ambassador (no gazetteer link to Barrack any more).
    assert d.quotes.loc[0, "speaker_text"] == "U.S. Ambassador to Turkey Tom Berk"
    assert d.quotes.loc[0, "speaker_entity_id"] != "tom_barrack"
    out = check_quotes(d.quotes, names=names, article=art)
    row = out[out["quote_text"] == "approaching a withdrawal from S-400"].iloc[0]
    assert row["kind"] == "not_on_record"
    assert row["speaker"] == "Tom Barrack" and row["resolved_by"] == "name_check"
    assert row["statement_id"] == "s02" and row["record_date"] == "2025-12-05"
    assert row["score"] < 80 and "four to six months" in row["evidence"]


def test_without_name_check_the_speaker_is_unresolved(bundled) -> None:
    art, d, _ = bundled
    out = check_quotes(d.quotes, article=art)
    assert list(out["kind"]) == ["not_checked"]


def _quote_table(text: str) -> tuple[Article, pd.DataFrame]:
    art = Article.from_text(text, meta={"published": "2025-12-20"})
    return art, kit.analyze(art, tables=["quotes"]).quotes


CASES = [
    ('Kremlin spokesman Dmitry Peskov said: "That topic was not on the agenda."', "verbatim", "s08"),
    ('Dmitry Peskov said: "That topic was not really on the agenda."', "close", "s08"),
    ('Dmitry Peskov said: "We will send the missiles back to Ankara next week."', "not_on_record", None),
    ('Mark Rutte said: "We will send the missiles back to Ankara next week."', "not_checked", None),
    # no speaker: compared with every statement, reported only when it matches
    ('"As stated in US law, Turkey must no longer operate or possess the S-400 system," the post said.', "verbatim",
     "s06"),
]


@pytest.mark.parametrize(("text", "kind", "statement"), CASES)
def test_quote_cases(text: str, kind: str, statement: str | None) -> None:
    art, quotes = _quote_table(text)
    out = check_quotes(quotes, article=art, names=check_names(art, None))
    assert list(out["kind"]) == [kind]
    if statement:
        assert out.loc[0, "statement_id"] == statement


def test_bad_statements_table() -> None:
    st = load_statements()
    bad = st.copy()
    bad.loc[0, "date"] = "2025-13-45"
    _art, quotes = _quote_table('Peskov said: "That topic was not on the agenda."')
    with pytest.raises(DataError, match="date"):
        check_quotes(quotes, bad)
    bad = st.copy()
    bad.loc[2, "source_url"] = "tass.ru/politika"
    with pytest.raises(DataError, match="source_url"):
        check_quotes(quotes, bad)
