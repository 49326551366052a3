"""Corpus views and charts: small, correct summaries of large corpus tables, charts that never hit MaxRowsError."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit.charts import corpus as charts
from kit.corpus import views
from kit.errors import ParameterError


@pytest.fixture
def articles() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["a1", "a2", "a3", "a4"],
        "published": ["2025-01-05", "2025-01-20", "2025-02-03", None],
        "outlet": ["Wire", "Wire", "Daily", "Daily"],
    })


@pytest.fixture
def mentions() -> pd.DataFrame:
    rows = [("a1", 0, "turkey"), ("a1", 0, "russia"), ("a1", 1, "turkey"), ("a2", 0, "turkey"),
            ("a3", 0, "russia"), ("a3", 0, "turkey"), ("a3", 0, "turkey"), ("a4", 0, "turkey")]
    return pd.DataFrame(rows, columns=["article_id", "sent_idx", "entity_id"])


@pytest.fixture
def attributions() -> pd.DataFrame:
    rows = [
        ("a1", "Erdogan", "erdogan", "named_person", False),
        ("a1", "a NATO official", None, "anonymous_official", True),
        ("a2", "A NATO official", None, "anonymous_official", True),
        ("a2", "President Recep Tayyip Erdogan", "erdogan", "named_person", False),
        ("a3", "the report", None, "unattributed", False),
        ("a3", "Sources close to the talks", None, "anonymous_source", True),
    ]
    return pd.DataFrame(rows, columns=["article_id", "source_text", "source_entity_id", "source_type",
                                       "is_anonymous"])


def test_mentions_over_time_counts_articles_and_shares(mentions, articles):
    out = views.mentions_over_time(mentions, articles, freq="M", top=2)
    jan = out[out["period"] == "2025-01-01"].set_index("entity_id")
    assert jan.loc["turkey", "n_articles"] == 2 and jan.loc["turkey", "n_mentions"] == 3
    assert jan.loc["russia", "share"] == 0.5 and jan.loc["russia", "articles_in_period"] == 2
    assert len(out) == 4, "every period x entity, zeros included; the undated article is left out"
    assert views.undated_articles(articles) == 1


def test_source_ranking_merges_wordings_and_flags_anonymous(attributions):
    out = views.source_ranking(attributions, entities=pd.DataFrame({"entity_id": ["erdogan"], "name": ["Erdoğan"]}))
    ranked = out.set_index("source")
    assert ranked.loc["Erdoğan", "n_citations"] == 2 and not ranked.loc["Erdoğan", "is_anonymous"]
    assert ranked.loc["NATO official", "n_citations"] == 2 and ranked.loc["NATO official", "is_anonymous"]
    assert "The report" not in ranked.index and "Report" not in ranked.index, "unattributed rows are left out"
    assert list(out["n_citations"]) == sorted(out["n_citations"], reverse=True)


def test_source_ranking_works_on_quotes():
    quotes = pd.DataFrame({"article_id": ["a1", "a2"], "speaker_text": ["Peskov", "a US official"],
                           "speaker_entity_id": ["dmitry_peskov", None],
                           "speaker_type": ["named_person", "anonymous_official"]})
    out = views.source_ranking(quotes)
    assert dict(zip(out["source"], out["is_anonymous"], strict=True)) == {"dmitry_peskov": False,
                                                                         "US official": True}


def test_anonymity_by_outlet_and_period(attributions, articles):
    by_outlet = views.anonymity_by(attributions, articles).set_index("group")
    assert by_outlet.loc["Wire", "share_anonymous"] == 0.5 and by_outlet.loc["Wire", "n_citations"] == 4
    assert by_outlet.loc["Daily", "share_anonymous"] == 1.0 and by_outlet.loc["Daily", "n_articles"] == 2
    by_month = views.anonymity_by(attributions, articles, by="period").set_index("group")
    assert list(by_month.index) == ["2025-01-01", "2025-02-01"]
    with pytest.raises(ParameterError):
        views.anonymity_by(attributions, articles, by="byline")


def test_co_mentions_count_sentences_once_per_pair(mentions, articles):
    out = views.co_mentions_over_time(mentions, articles, freq="Q", top=2)
    assert out[["entity_a", "entity_b", "n_sentences", "n_articles"]].values.tolist() == [["russia", "turkey", 2, 2]]
    with pytest.raises(ParameterError, match="freq"):
        views.co_mentions_over_time(mentions, articles, freq="D")


def big_corpus(n_articles: int = 20_000, seed: int = 1) -> tuple[pd.DataFrame, ...]:
    rng = np.random.default_rng(seed)
    ids = np.array([f"x{i}" for i in range(n_articles)])
    days = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365, n_articles), unit="D")
    articles = pd.DataFrame({"article_id": ids, "published": days.strftime("%Y-%m-%d"),
                             "outlet": rng.choice(["A", "B", "C"], n_articles)})
    n = n_articles * 12
    ents = np.array([f"e{i}" for i in range(40)])
    mentions = pd.DataFrame({"article_id": rng.choice(ids, n), "sent_idx": rng.integers(0, 10, n),
                             "entity_id": rng.choice(ents, n, p=np.arange(40, 0, -1) / 820)})
    m = n_articles * 4
    kinds = rng.choice(["named_person", "anonymous_official", "unattributed"], m)
    attributions = pd.DataFrame({"article_id": rng.choice(ids, m), "source_text": rng.choice(ents, m),
                                 "source_entity_id": None, "source_type": kinds,
                                 "is_anonymous": kinds == "anonymous_official"})
    entities = pd.DataFrame({"entity_id": ents, "name": [f"Entity {i}" for i in range(40)],
                             "kind": ["person"] * 20 + ["state"] * 20})
    return articles, mentions, attributions, entities


def test_charts_stay_small_on_a_large_corpus():
    articles, mentions, attributions, entities = big_corpus()
    assert len(mentions) > 200_000
    made = [
        charts.mentions_over_time_chart(mentions, articles, entities=entities, freq="W", top=6),
        charts.sources_chart(attributions, entities=entities),
        charts.anonymity_chart(attributions, articles),
        charts.anonymity_chart(attributions, articles, by="period", freq="W"),
        charts.co_mention_network_chart(mentions, articles, entities=entities, top=8, kinds=("person",)),
    ]
    for chart in made:
        spec = chart.to_dict()  # would raise MaxRowsError above 5,000 rows
        assert spec["title"] and spec["description"]
        assert charts.chart_rows(chart) < 1000


def test_network_positions_are_fixed_across_periods():
    pos = charts.network_layout(["a", "b", "c", "d"])
    assert pos["a"] == (0.0, 1.0) and pos["b"] == (1.0, 0.0)
    assert charts.period_label("2025-04-01", "Q") == "2025 Q2"
    assert charts.period_label("2025-04-01", "M") == "Apr 2025"
