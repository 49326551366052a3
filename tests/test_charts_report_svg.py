"""The report's charts drawn from their specs without a chart engine: marks where the data puts them, readable, safe."""

from __future__ import annotations

import datetime as dt
import struct
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from kit.charts import report_svg as rs
from kit.charts.base import Figure
from kit.charts.entities import entity_mentions_spec
from kit.charts.sources import sourcing_spec
from kit.charts.timeline import timeline_spec

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[tuple[str, float, str]]:
    """(label, bar width, fill) for each bar group, top to bottom."""
    out = []
    for g in root.iter(f"{{{NS['s']}}}g"):
        bar = g.find("s:rect[@class='kit-bar']", NS)
        if bar is not None:
            label = g.findall("s:text", NS)[0].text or ""
            out.append((label, float(bar.get("width")), bar.get("fill")))
    return out


def entities_frame(names: list[str], labels: list[str], counts: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"name": names, "label": labels, "n_mentions": counts})


def test_entity_bars_follow_the_table_in_order_length_and_colour():
    table = entities_frame(["Turkey", "Vladimir Putin", "NATO"], ["GPE", "PERSON", "ORG"], [12, 6, 3])
    spec = entity_mentions_spec(table)
    root = parse(rs.bars_svg(spec))
    drawn = bars(root)
    assert [d[0] for d in drawn] == ["Turkey", "Vladimir Putin", "NATO"], "most mentioned on top"
    widths = [d[1] for d in drawn]
    assert widths[0] / widths[1] == pytest.approx(2, rel=0.02) and widths[0] / widths[2] == pytest.approx(4, rel=0.02)
    colours = dict(zip(spec["encoding"]["color"]["scale"]["domain"], spec["encoding"]["color"]["scale"]["range"],
                       strict=True))
    assert [d[2] for d in drawn] == [colours["country or city"], colours["person"], colours["organisation"]]
    legend = {t.text for t in root.iter(f"{{{NS['s']}}}text")}
    assert {"country or city", "person", "organisation"} <= legend, "the legend names kinds in words"
    ticks = [float(t.text) for t in root.iter(f"{{{NS['s']}}}text") if (t.text or "").isdigit()]
    assert ticks and all(v == int(v) for v in ticks) and max(ticks) >= 12, "whole-number ticks reaching the top bar"


def test_sourcing_bars_are_shares_with_counts_beside_them_and_no_legend():
    profile = pd.DataFrame({"sourcing": ["named", "anonymous", "unattributed"], "n_sentences": [3, 5, 10],
                            "share": [3 / 18, 5 / 18, 10 / 18]})
    root = parse(rs.bars_svg(sourcing_spec(profile)))
    drawn = bars(root)
    assert [d[0] for d in drawn] == ["named source", "anonymous source", "no source"]
    assert drawn[2][1] / drawn[0][1] == pytest.approx(10 / 3, rel=0.02)
    groups = [g for g in root.iter(f"{{{NS['s']}}}g") if g.find("s:rect[@class='kit-bar']", NS) is not None]
    assert [g.findall("s:text", NS)[1].text for g in groups] == ["3", "5", "10"], "the count beside each bar"
    assert "100" in {t.text for t in root.iter(f"{{{NS['s']}}}text")}, "the axis runs to 100%"
    assert not any((t.text or "") == "label" for t in root.iter(f"{{{NS['s']}}}text")), "no legend"


def test_every_chart_is_accessible_and_scales_on_the_page():
    table = entities_frame(["Turkey"], ["GPE"], [2])
    spec = entity_mentions_spec(table)
    root = parse(rs.bars_svg(spec))
    assert root.get("role") == "img" and spec["description"] in root.get("aria-label")
    assert root.find("s:title", NS).text == spec["title"]["text"]
    assert root.find("s:desc", NS).text == spec["description"]
    assert root.get("viewBox").startswith("0 0 ") and root.get("width") == str(rs.VIEW_WIDTH)
    assert all(g.find("s:title", NS) is not None for g in root.iter(f"{{{NS['s']}}}g")), "a hover title per mark"


def test_hostile_and_long_names_stay_text_and_fit_their_column():
    hostile = '<script>alert("x")</script> & "Co"'
    long = "The Extraordinarily Long Name of an Organisation That Never Ends in Any Reasonable Place"
    table = entities_frame([hostile, long], ["ORG", "ORG"], [2, 1])
    svg = rs.bars_svg(entity_mentions_spec(table))
    root = parse(svg)  # still well-formed XML
    assert not list(root.iter(f"{{{NS['s']}}}script")) and "<script>" not in svg
    labels = [d[0] for d in bars(root)]
    assert labels[0] == hostile, "the name reads as written"
    assert labels[1].endswith("…") and len(labels[1]) < len(long)
    assert rs.text_width(labels[1], rs.LABEL_SIZE) <= rs.LABEL_LIMIT


def test_empty_specs_say_so():
    empty = entity_mentions_spec(entities_frame([], [], []))
    assert "Nothing to chart" in rs.bars_svg(empty)
    dates = pd.DataFrame({"text": ["someday"], "earliest": [None], "latest": [None], "precision": [None]})
    assert "No date could be placed" in rs.timeline_svg(timeline_spec(dates))


def _timeline(rows: list[tuple[str, str, str]], record: pd.DataFrame | None = None) -> ET.Element:
    dates = pd.DataFrame({"text": [r[0] for r in rows], "earliest": [r[1] for r in rows],
                          "latest": [r[2] for r in rows], "precision": ["day"] * len(rows)})
    return parse(rs.timeline_svg(timeline_spec(dates, record)))


def test_timeline_puts_each_interval_at_its_dates_in_lane_order():
    root = _timeline([("in 2017", "2017-01-01", "2017-12-31"), ("last year", "2024-01-01", "2024-12-31"),
                      ("2019", "2019-01-01", "2019-12-31")],
                     pd.DataFrame({"start_date": ["2016-11-01"], "end_date": [None], "headline": ["Talks begin"]}))
    lanes = [t.text for t in root.iter(f"{{{NS['s']}}}text") if (t.text or "").startswith("“")]
    assert lanes == ["“in 2017”", "“last year”", "“2019”"], "lanes in text order, the record below"
    spans = {}
    for g in root.iter(f"{{{NS['s']}}}g"):
        bar = g.find("s:rect[@class='kit-bar']", NS)
        if bar is not None:
            spans[g.find("s:title", NS).text.split(":")[0]] = (float(bar.get("x")), float(bar.get("width")))
    x17, w17 = spans["in 2017 (day)"]
    x19, w19 = spans["2019 (day)"]
    x24, _ = spans["last year (day)"]
    assert spans["Talks begin"][0] < x17 < x19 < x24, "left to right by date"
    assert w17 == pytest.approx(w19, rel=0.01), "a year is as wide as a year"
    assert (x19 - x17) == pytest.approx(2 * w17, rel=0.02), "two years apart"
    years = [int(t.text) for t in root.iter(f"{{{NS['s']}}}text") if (t.text or "").isdigit()]
    assert years == sorted(years) and years[0] >= 2017 and years[-1] <= 2025
    assert {"in the article", "documented record"} <= {t.text for t in root.iter(f"{{{NS['s']}}}text")}


def test_a_short_timeline_gets_month_ticks():
    root = _timeline([("on 3 March", "2025-03-03", "2025-03-03"), ("in September", "2025-09-01", "2025-09-30")])
    labels = [t.text for t in root.iter(f"{{{NS['s']}}}text") if (t.text or "").endswith("2025")]
    assert labels and labels[0].startswith(("Apr", "Mar")) and all(len(x.split()) == 2 for x in labels)
    assert labels == [dt.datetime.strptime(x, "%b %Y").strftime("%b %Y") for x in labels]


def test_report_figures_need_no_chart_engine_and_save_a_png(tmp_path, monkeypatch):
    import vl_convert

    from kit import analyze, load_article
    from kit.report.sections import Report

    def refuse(*_a, **_k):
        raise AssertionError("the report's charts must not start the chart engine")

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", refuse)
    report = Report(analyze(load_article(), events=True))
    for section in (report.entities, report.sourcing, report.timeline):
        section()
    assert [f.name for f in report.figures] == ["entities", "sourcing", "timeline"]
    for figure in report.figures:
        svg_path, png_path = figure.save(tmp_path)
        width, height = struct.unpack(">II", png_path.read_bytes()[16:24])
        root = parse(svg_path.read_text(encoding="utf-8"))
        assert width == 2 * int(float(root.get("width"))) and height > 100, "drawn at twice the SVG's size"
    assert "documented record" in report.figures[2].svg


def test_vl_convert_still_renders_a_figure_without_a_drawer():
    table = entities_frame(["Turkey"], ["GPE"], [2])
    assert 'class="marks"' in Figure("entities", entity_mentions_spec(table)).svg


def test_one_date_sits_in_a_month_with_weekly_ticks():
    root = _timeline([("Monday, July 10, 2023", "2023-07-10", "2023-07-10")])
    bar = root.find(".//s:rect[@class='kit-bar']", NS)
    plot = [float(x.get("x1")) for x in root.iter(f"{{{NS['s']}}}line")]
    assert float(bar.get("width")) < (max(plot) - min(plot)) / 20, "a day is a sliver, not the whole chart"
    labels = [t.text for t in root.iter(f"{{{NS['s']}}}text") if (t.text or "").endswith(("Jun", "Jul", "Aug"))]
    assert "10 Jul" in labels and len(labels) >= 3, "Monday ticks around the date"
