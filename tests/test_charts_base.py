"""The offline chart renderer: SVG, accessible, deterministic, no network."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from kit.charts import base


@pytest.fixture
def chart() -> alt.Chart:
    df = pd.DataFrame({"entity": ["Turkey", "Russia <b>"], "n": [5, 3]})
    return alt.Chart(df, title="Mentions & more", description="Bars: mentions per entity").mark_bar().encode(
        x="n:Q", y="entity:N"
    )


def test_svg_is_accessible_and_escaped(chart):
    svg = base.to_svg(chart)
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title>Mentions &amp; more</title>" in svg
    assert "<desc>Bars: mentions per entity</desc>" in svg
    assert "<b>" not in svg  # data labels are escaped by Vega's SVG writer


def test_svg_is_deterministic(chart):
    assert base.to_svg(chart) == base.to_svg(chart)


def test_renderer_outputs_svg_and_text(chart):
    base.enable_offline()
    bundle = alt.renderers.get()(chart.to_dict())
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    assert bundle["text/plain"] == "<Chart: Mentions & more>"


@pytest.mark.parametrize("suffix", [".svg", ".png", ".html"])
def test_save_formats_offline(tmp_path, chart, suffix):
    path = base.save(chart, tmp_path / f"c{suffix}")
    data = path.read_bytes()
    assert data
    if suffix == ".html":
        assert b"cdn.jsdelivr" not in data and b"<script src=" not in data  # Vega is inlined
    assert not list(tmp_path.glob(".*.tmp"))


def test_save_rejects_unknown_suffix(tmp_path, chart):
    with pytest.raises(ValueError, match=r"use \.svg, \.png or \.html"):
        base.save(chart, tmp_path / "c.pdf")
