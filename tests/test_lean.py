"""The lean analysis: nothing made twice per article, curated tables prepared once, the same tables either way.

Speed itself is measured in bench/ (bench_analyze.py, bench_corpus.py), never here; these tests pin
what a user would notice if the shortcuts were wrong: a table that differs, an office not found,
a frame that leaks between calls, a corpus chunk that grows with the corpus.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import kit.extract.dates as dates_module
from kit.analysis import analyze
from kit.article import Article, load_article
from kit.corpus.batch import ANALYSIS_PRELOAD, LocalProcessPool
from kit.corpus.run import CHUNK_SIZE, auto_chunk_size
from kit.extract.entities import MENTIONS, find_mentions
from kit.schema import records
from kit.verify import officials as officials_module
from kit.verify.officials import check_names, office_mentions


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


def test_analyze_reads_the_dates_once_per_article(monkeypatch):
    calls = []
    real = dates_module.date_mentions

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(dates_module, "date_mentions", counting)
    analyze(load_article(), ner=False)
    assert len(calls) == 1  # the name check and the omission check reuse the dossier's dates


def test_findings_alone_match_findings_of_the_full_dossier():
    article = load_article()
    full = analyze(article, ner=False)
    alone = analyze(article, ner=False, tables=["findings"])
    assert "claims_to_check" not in alone.tables and "candidates" not in alone.tables
    pd.testing.assert_frame_equal(alone.findings, full.findings)


def test_records_give_what_to_dict_gives():
    dossier = analyze(load_article(), events=True, claims=True, ner=False)
    for name, df in dossier.tables.items():
        got, want = records(df), df.to_dict("records")
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert list(g) == list(w)
            assert all(_same(g[k], w[k]) for k in w), name


def test_from_columns_strings_match_pandas():
    values = ["Ankara", None, float("nan"), pd.NA, "Türkiye"]
    got = MENTIONS.from_columns({"text": values})["text"]
    want = pd.Series(pd.array(values, dtype="string"), name="text")
    pd.testing.assert_series_equal(got, want)


def test_empty_frames_are_independent_copies():
    first = MENTIONS.empty()
    del first["note"]
    first.attrs["changed"] = True
    again = MENTIONS.empty()
    assert list(again.columns) == MENTIONS.columns and not again.attrs


@pytest.mark.parametrize("text", [
    "KREMLİN spokesman Dmitry Peskov said no.",  # a capital dotted I: the regex matches it case-insensitively
    "Kremlin spokesman Dmitry Peskov said no.",
    "Nobody in this sentence holds an office.",
])
def test_office_phrases_skipped_for_a_missing_word_are_exactly_those_that_cannot_match(text, monkeypatch):
    art = Article.from_text(text, meta={"published": "2025-12-18"})
    mentions = find_mentions(art)
    fast = office_mentions(art, mentions)
    ref = officials_module._reference(None)
    every = officials_module._Reference(ref.officials, ref.terms,
                                        [officials_module._Phrase(p.text, p.offices, p.bare, p.regex)
                                         for p in ref.phrases])  # nothing required: every phrase is searched
    monkeypatch.setattr(officials_module, "_reference", lambda officials: every)
    pd.testing.assert_frame_equal(fast, office_mentions(art, mentions))
    assert ("Peskov" in text) == (len(fast) == 1)


def test_kits_own_officials_are_prepared_once_and_a_given_table_is_used_as_given():
    art = Article.from_text("Kremlin spokesman Dmitry Peskov said no.", meta={"published": "2025-12-18"})
    assert officials_module._reference(None) is officials_module._reference(None)
    mine = officials_module.load_officials()
    mine = mine[mine["holder"] != "Dmitry Peskov"]
    assert check_names(art, find_mentions(art), mine)["kind"].tolist() != ["ok"]
    assert check_names(art, find_mentions(art))["kind"].tolist() == ["ok"]


def test_corpus_chunks_stay_bounded_however_large_the_corpus():
    assert auto_chunk_size(1_000) == 20
    assert auto_chunk_size(100_000) == CHUNK_SIZE <= 100
    assert auto_chunk_size(None) == CHUNK_SIZE


def test_analysis_pools_fork_from_a_warmed_server():
    pool = LocalProcessPool(1, preload=ANALYSIS_PRELOAD)
    try:
        assert pool.submit(_warm_in_worker).result(timeout=300) is True
    finally:
        pool.shutdown()


def _warm_in_worker() -> bool:
    import sys

    return "kit.corpus.warm" in sys.modules and sys.modules["kit.corpus.warm"].WARM
