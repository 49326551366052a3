"""Tradeoff charts: titles and descriptions, fast specs equal to the Altair charts, offline fallbacks."""

from __future__ import annotations

import pytest

from kit.charts import tradeoffs as ct
from kit.charts.base import svg_from_spec
from kit.errors import ModelError
from kit.tradeoffs import game as g
from kit.tradeoffs import model as t


def charts(model, turkey):
    payoffs = g.load_payoffs()
    return {
        "ranking": ct.ranking_chart(t.rank(model, turkey)),
        "ranking_p": ct.ranking_chart(t.rank(model, turkey, "promethee_ii")),
        "sensitivity": ct.sensitivity_chart(t.breakeven(model, turkey)),
        "robustness": ct.robustness_chart(t.robustness(model, samples=200), seed=0),
        "contributions": ct.contribution_chart(t.contributions(model, turkey)),
        "payoffs": ct.payoff_chart(g.nash_equilibria(payoffs)),
        "static": ct.tradeoff_chart_static(model, turkey, who="Turkey"),
        "interactive": ct.interactive_ranking_chart(model, turkey),
    }


def test_every_chart_validates_with_title_and_description(model, turkey):
    for name, chart in charts(model, turkey).items():
        spec = chart.to_dict()  # validates against the Vega-Lite schema
        title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
        assert title, name
        assert len(spec["description"]) > 30, name
        assert "<svg" in svg_from_spec(spec), name


def test_fast_specs_draw_the_same_charts(model, turkey):
    ranking, sens = t.rank(model, turkey), t.breakeven(model, turkey)
    assert svg_from_spec(ct.ranking_spec(ranking, subtitle="s")) == svg_from_spec(
        ct.ranking_chart(ranking, subtitle="s").to_dict())
    assert svg_from_spec(ct.sensitivity_spec(sens)) == svg_from_spec(ct.sensitivity_chart(sens).to_dict())


def test_ranking_description_reads_the_result(model, turkey):
    desc = ct.ranking_chart(t.rank(model, turkey)).to_dict()["description"]
    assert desc.startswith("Bar chart ranking 5 options by Weighted sum score. ")
    assert "Return it to Russia comes first with 56.3" in desc


def test_static_chart_says_which_weights_it_shows(model, turkey):
    spec = ct.tradeoff_chart_static(model, turkey, who="Turkey").to_dict()
    subtitle = " ".join(spec["title"]["subtitle"])
    for label, weight in (("F-35 access", 8), ("Sovereignty", 8), ("NATO cohesion", 3)):
        assert f"{label} {weight}" in subtitle
    assert "(Turkey)" in subtitle and "snapshot" in subtitle
    assert spec["description"].startswith("With these weights, Return it to Russia wins")


def test_interactive_chart_binds_one_slider_per_criterion(model, turkey):
    spec = ct.interactive_ranking_chart(model, turkey).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {f"w_{c}" for c in model.criterion_ids}
    assert params["w_f35_access"]["value"] == 8
    assert params["w_f35_access"]["bind"]["input"] == "range"
    assert params["w_f35_access"]["bind"]["max"] == 10


def test_interactive_chart_matches_the_model_at_its_initial_weights(model, turkey):
    """The snapshot render (params at their initial values) shows the model's scores."""
    svg = svg_from_spec(ct.interactive_ranking_chart(model, turkey).to_dict())
    for row in t.rank(model, turkey).itertuples():
        assert f">{ct.one_decimal(row.score)}<" in svg


def test_interactive_html_is_self_contained(model, turkey, tmp_path):
    from kit.charts import save

    path = save(ct.interactive_ranking_chart(model, turkey), tmp_path / "explorer.html")
    html = path.read_text(encoding="utf-8")
    assert "<script src=" not in html.replace("<script src=\"data:", "")
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
    assert html.count('"input":"range"') + html.count('"input": "range"') == len(model.criterion_ids)


def test_static_charts_reject_bad_weights(model):
    with pytest.raises(ModelError, match="all weights are zero"):
        ct.tradeoff_chart_static(model, {c: 0 for c in model.criterion_ids})
    with pytest.raises(ModelError, match="missing weight"):
        ct.interactive_ranking_chart(model, {"f35_access": 1})
