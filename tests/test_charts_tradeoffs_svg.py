"""The explorer's directly drawn charts: the model's numbers in the marks, accessible, escaped, scaling to width."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from kit.charts import tradeoffs as ct
from kit.charts import tradeoffs_svg as cs
from kit.tradeoffs import model as t

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    """The SVG as XML: it must be well-formed (every label escaped) to parse at all."""
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize("method", ["weighted_sum", "promethee_ii"])
def test_ranking_bars_and_labels_follow_the_model(model, turkey, method):
    ranking = t.rank(model, turkey, method)
    root = parse(cs.ranking_svg(ranking, subtitle="Point of view: Turkey"))
    rows = root.findall("s:g", NS)
    assert [r.find("s:text", NS).text for r in rows] == list(ranking["label"])  # best on top, in rank order
    ys = [float(r.find("s:rect", NS).get("y")) for r in rows]
    assert ys == sorted(ys)
    drawn = {r.find("s:text", NS).text: [x.text for x in r.findall("s:text", NS)][1] for r in rows}
    assert drawn == {lab: t.one_decimal(s) for lab, s in zip(ranking["label"], ranking["score"], strict=True)}
    # Bar lengths are proportional to the scores (domain 0-100, or -100-100 for PROMETHEE II).
    widths = [float(r.find("s:rect", NS).get("width")) for r in rows]
    per_point = [w / abs(s) for w, s in zip(widths, ranking["score"], strict=True) if abs(s) > 1]
    assert max(per_point) == pytest.approx(min(per_point), rel=0.02)
    fills = [r.find("s:rect", NS).get("fill") for r in rows]
    assert fills[0] == ct.TOP and set(fills[1:]) == {ct.OTHER}


def test_accessible_with_the_specs_title_and_description(model, turkey):
    ranking = t.rank(model, turkey)
    spec = ct.ranking_spec(ranking, subtitle="Point of view: Turkey")
    root = parse(cs.ranking_svg(ranking, subtitle="Point of view: Turkey"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == f"{spec['title']['text']}: {spec['description']}"
    assert root.find("s:title", NS).text == spec["title"]["text"]
    assert root.find("s:desc", NS).text == spec["description"]
    assert "Point of view: Turkey" in texts(root)
    sens = t.breakeven(model, turkey)
    sroot = parse(cs.sensitivity_svg(sens))
    sspec = ct.sensitivity_spec(sens)
    assert sroot.get("aria-label") == f"{sspec['title']['text']}: {sspec['description']}"


def test_charts_scale_to_their_container(model, turkey):
    for svg in (cs.ranking_svg(t.rank(model, turkey)), cs.sensitivity_svg(t.breakeven(model, turkey))):
        root = parse(svg)
        assert root.get("width") == "100%" and root.get("height") is None
        x, y, w, h = map(float, root.get("viewBox").split())
        assert (x, y, w) == (0, 0, cs.VIEW_WIDTH) and h > 100
        assert f"max-width:{cs.MAX_WIDTH}px" in root.get("style")


def test_sensitivity_marks_sit_at_the_weights_and_break_evens(model, turkey):
    sens = t.breakeven(model, turkey)
    root = parse(cs.sensitivity_svg(sens))
    bands = root.findall("s:g", NS)
    labels = list(dict.fromkeys(sens["criterion_label"]))
    assert [b.find("s:text", NS).text for b in bands] == labels
    # Dots (current weights) on one axis: x grows with the weight.
    weights = sens.drop_duplicates("criterion_id")["weight"].tolist()
    dots = [float(b.find("s:circle", NS).get("cx")) for b in bands]
    span = (dots[0] - dots[3]) / (weights[0] - weights[3])
    for x, w in zip(dots, weights, strict=True):
        assert x == pytest.approx(dots[3] + (w - weights[3]) * span, abs=0.11)
    f35 = bands[labels.index("F-35 access")]
    notes = [x.text for x in f35.findall("s:text", NS)]
    assert "◀ Keep it operational at 4.25" in notes and "Transfer it to a third country at > 10 ▶" in notes
    nato = bands[labels.index("NATO cohesion")]
    assert "no single-weight change flips it" in [x.text for x in nato.findall("s:text", NS)]


def test_hostile_labels_stay_text_and_long_ones_are_cut():
    options = pd.DataFrame({"option_id": ["a", "b"],
                            "label": ['<script>alert(1)</script>" onload="x', "B & co " + "very long " * 20]})
    crit = pd.DataFrame({"criterion_id": ["x", "y"], "label": ["<i>X</i>", "Y"], "scale_min": [0, 0],
                         "scale_max": [10, 10]})
    scores = pd.DataFrame({"option_id": ["a", "a", "b", "b"], "criterion_id": ["x", "y", "x", "y"],
                           "score": [9.0, 2.0, 1.0, 8.0]})
    model = t.build_model(options, crit, scores)
    weights = {"x": 5.0, "y": 4.0}
    for svg in (cs.ranking_svg(t.rank(model, weights), subtitle='"><script>'),
                cs.sensitivity_svg(t.breakeven(model, weights))):
        assert "<script>" not in svg and "<i>" not in svg
        root = parse(svg)
        assert root.find("s:script", NS) is None and root.get("onload") is None
        for el in root.iter("{http://www.w3.org/2000/svg}text"):  # nothing runs past the drawing's edges
            x, width = float(el.get("x")), cs.text_width(el.text or "", float(el.get("font-size")))
            start = {"end": x - width, "middle": x - width / 2}.get(el.get("text-anchor"), x)
            assert start >= 0 and start + width <= cs.VIEW_WIDTH, el.text
    assert any(x.endswith("…") for x in texts(parse(cs.ranking_svg(t.rank(model, weights)))))
