"""kit.charts.entities: titled, described, offline-renderable charts of the entity tables."""

from __future__ import annotations

import pytest

from kit import load_article
from kit.charts import to_svg
from kit.charts.entities import co_mention_chart, mentions_chart
from kit.extract.entities import CO_MENTIONS, ENTITIES, co_mentions, entity_table, find_mentions


@pytest.fixture(scope="module")
def tables():
    mentions = find_mentions(load_article())
    return entity_table(mentions), co_mentions(mentions)


def test_mentions_chart_is_titled_described_and_sorted(tables):
    entities, _ = tables
    spec = mentions_chart(entities).to_dict()
    assert spec["title"] == "Who and what the article mentions"
    assert "Turkey is mentioned most (16 times)" in spec["description"]
    assert spec["encoding"]["y"]["sort"][:3] == ["Turkey", "United States", "Russia"]
    assert spec["encoding"]["color"]["scale"]["domain"] == ["PERSON", "ORG", "GPE", "LOC", "PRODUCT"]
    svg = to_svg(mentions_chart(entities))
    assert "<title>Who and what the article mentions</title>" in svg and "Turkey" in svg


def test_mentions_chart_top(tables):
    entities, _ = tables
    data = mentions_chart(entities, top=3).to_dict()["datasets"]
    assert [len(v) for v in data.values()] == [3]


def test_co_mention_chart_is_symmetric_and_named(tables):
    entities, pairs = tables
    chart = co_mention_chart(pairs, entities)
    spec = chart.to_dict()
    assert spec["title"] == "Which entities share a sentence"
    assert "Turkey and United States, in 8 sentences" in spec["description"]
    rows = next(iter(spec["datasets"].values()))
    cells = {(r["a"], r["b"]): r["n_sentences"] for r in rows}
    assert cells[("Turkey", "United States")] == cells[("United States", "Turkey")] == 8
    assert "<desc>" in to_svg(chart)


def test_charts_accept_empty_tables():
    assert "No entity is mentioned" in mentions_chart(ENTITIES.empty()).to_dict()["description"]
    assert "No two entities" in co_mention_chart(CO_MENTIONS.empty()).to_dict()["description"]
    to_svg(co_mention_chart(CO_MENTIONS.empty()))
