"""kit.charts.timeline: the record in lanes with the article's dates, and the claims comparison."""

from __future__ import annotations

import json

import pytest

import kit
from kit import timeline
from kit.charts import base
from kit.charts import timeline as charts
from kit.extract.dates import DATES_SCHEMA, date_mentions


@pytest.fixture(scope="module")
def article():
    return kit.load_article()


@pytest.fixture(scope="module")
def dates(article):
    return date_mentions(article)


@pytest.fixture(scope="module")
def record():
    return timeline.load_events()


def _data(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_timeline_chart_spec(record, dates, article):
    chart = charts.timeline_chart(record, dates, published=article.published)
    spec = chart.to_dict()
    assert spec["title"] and "documented events" in spec["description"]
    assert "56 documented events" in spec["description"] and "7 date expressions" in spec["description"]
    assert any(p.get("name") == "zoom" and p["select"]["type"] == "interval" for p in spec["params"])
    starts = [r["start"] for r in _data(spec) if "start" in r]
    assert starts and all("Z" not in s and "+" not in s for s in starts)  # naive dates
    assert "2019-07-17T00:00:00" in starts
    text = json.dumps(spec)
    assert "https://www.pbs.org/newshour/world/u-s-kicking-nato-ally-turkey-out-of-fighter-program" in text


def test_timeline_frame_lanes(record, dates):
    frame = charts.timeline_frame(record, dates)
    assert set(frame.kind) == {"record", "article"}
    assert (frame["end"] > frame["start"]).all()  # one-day events still have width
    assert "article: “nearly a decade ago”" in set(frame.lane)
    assert frame["start"].dt.tz is None


def test_timeline_chart_renders_offline(record, dates):
    svg = base.to_svg(charts.timeline_chart(record, dates))
    assert svg.startswith("<svg") and "deal" in svg and "<desc>Timeline from" in svg


def test_timeline_chart_without_article_or_with_empty_tables(record):
    assert base.to_svg(charts.timeline_chart(record)).startswith("<svg")
    empty = charts.timeline_chart(record.iloc[0:0], DATES_SCHEMA.empty())
    assert "no dated rows" in empty.to_dict()["description"]


def test_date_claims_chart(dates):
    cmp = timeline.compare_dates(dates)
    chart = charts.date_claims_chart(cmp)
    spec = chart.to_dict()
    assert "The record contradicts: since the S-400 purchase in 2017." in spec["description"]
    sides = {r["side"] for r in _data(spec)}
    assert sides == {"the article implies", "the record says"}
    assert base.to_svg(chart).startswith("<svg")
    empty = charts.date_claims_chart(cmp.iloc[0:0])
    assert "contradicts none" in empty.to_dict()["description"]


def test_save_svg_and_png(record, dates, tmp_path):
    chart = charts.timeline_chart(record, dates)
    for suffix in (".svg", ".png"):
        path = base.save(chart, tmp_path / f"timeline{suffix}")
        assert path.stat().st_size > 1000
