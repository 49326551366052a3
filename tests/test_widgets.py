"""TradeoffExplorer without a browser: set controls' ``.value``, check the model result, specs and text."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.errors import ModelError
from kit.tradeoffs import model as t
from kit.tradeoffs.explorer import CUSTOM, TradeoffExplorer


@pytest.fixture(scope="module")
def data():
    return t.load_model(), t.load_weights(), t.load_stakeholders()


@pytest.fixture
def ex(data):
    model, weights, people = data
    return TradeoffExplorer(model, weights, people)


def top(ex: TradeoffExplorer) -> str:
    return ex.ranking["option_id"].iloc[0]


def spec_rows(spec: dict, name: str) -> list[dict]:
    return spec["datasets"][name]


def test_starts_with_turkeys_preset(ex, data):
    model, weights, _ = data
    assert ex.preset.value == "turkey"
    assert ex.weights == t.stakeholder_weights(weights, "turkey")
    expected = t.rank(model, ex.weights)
    pd.testing.assert_frame_equal(ex.ranking, expected)
    assert ex.summary_text == t.summarize(model, ex.weights)
    assert ex.summary_text.startswith("With these weights, Return it to Russia wins by")
    rows = spec_rows(ex.ranking_spec, "ranking")
    assert rows[0]["option_id"] == "return_to_russia" and rows[0]["is_top"] is True
    assert "<svg" in ex.ranking_view.value and "<svg" in ex.sensitivity_view.value
    assert ex.error is None


def test_moving_a_slider_past_the_breakeven_changes_the_winner(ex):
    near = t.nearest_breakeven(ex.sensitivity)
    assert near["criterion_id"] == "f35_access" and near["direction"] == "decrease"
    before_summary, before_svg = ex.summary_text, ex.ranking_view.value
    ex.sliders["f35_access"].value = 4.5  # above the break-even 4.25: no change yet
    assert top(ex) == "return_to_russia"
    ex.sliders["f35_access"].value = 4.0  # below it: the lead changes
    assert top(ex) == near["new_top_option_id"] == "keep_operational"
    assert ex.summary_text != before_summary and "Keep it operational wins" in ex.summary_text
    assert ex.ranking_view.value != before_svg
    assert spec_rows(ex.ranking_spec, "ranking")[0]["label"] == "Keep it operational"
    assert ex.preset.value == CUSTOM  # the sliders no longer show Turkey's preset
    assert "custom weights" in ex.ranking_spec["title"]["subtitle"]


def test_choosing_a_preset_moves_every_slider_and_recomputes_once(ex, data, monkeypatch):
    _, weights, _ = data
    calls = []
    original = ex.recompute
    monkeypatch.setattr(ex, "recompute", lambda: (calls.append(1), original()))
    ex.preset.value = "russia"
    assert ex.weights == t.stakeholder_weights(weights, "russia")
    assert top(ex) == "keep_operational"
    assert len(calls) == 1
    assert "Russia's default weights" in ex.ranking_spec["title"]["subtitle"]


def test_custom_in_the_dropdown_keeps_the_sliders(ex):
    before = ex.weights
    ex.preset.value = CUSTOM
    assert ex.weights == before


def test_method_switch(ex, data):
    model, _, _ = data
    ex.method.value = "promethee_ii"
    pd.testing.assert_frame_equal(ex.ranking, t.rank(model, ex.weights, "promethee_ii"))
    assert top(ex) == "keep_operational"  # for Turkey's preset the two methods disagree
    assert "net-flow points" in ex.summary_text
    assert ex.ranking_spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [-100, 100]


def test_sensitivity_spec_follows_the_model(ex):
    rows = spec_rows(ex.sensitivity_spec, "sensitivity")
    hit = {(r["criterion_id"], r["direction"]): r["breakeven_weight"] for r in rows if r["hit"]}
    assert hit[("f35_access", "decrease")] == pytest.approx(4.25)


@pytest.mark.parametrize("bad", ["zeros", "nan"])
def test_bad_weights_show_a_message_not_a_blank_chart(ex, bad):
    if bad == "zeros":
        ex.set_weights({c: 0 for c in ex.sliders})
        expected = "all weights are zero"
    else:
        ex.sliders["air_defence"].value = float("nan")
        expected = "missing (NaN)"
    assert ex.ranking is None and ex.ranking_spec is None
    assert expected in ex.error and expected in ex.summary_text
    for view in (ex.summary, ex.ranking_view, ex.sensitivity_view):
        assert 'role="alert"' in view.value and "Cannot rank the options" in view.value
    ex.use_preset("nato_allies")  # recovers
    assert ex.error is None and ex.ranking is not None


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"f35_access": -1}, "outside the slider range"),
        ({"f35_access": 11}, "outside the slider range"),
        ({"f35_access": float("nan")}, "missing"),
        ({"f35_access": "high"}, "not a number"),
        ({"oil": 3}, "unknown criterion 'oil'"),
    ],
)
def test_set_weights_rejects_what_sliders_cannot_show(ex, weights, message):
    before = ex.weights
    with pytest.raises(ModelError, match=message):
        ex.set_weights(weights)
    assert ex.weights == before


def test_set_weights_is_one_recompute_and_partial(ex, monkeypatch):
    calls = []
    original = ex.recompute
    monkeypatch.setattr(ex, "recompute", lambda: (calls.append(1), original()))
    ex.set_weights({"f35_access": 0, "sanctions_relief": 0})
    assert len(calls) == 1
    assert ex.weights["f35_access"] == 0 and ex.weights["air_defence"] == 7


def test_unknown_preset(ex):
    with pytest.raises(ModelError, match="unknown stakeholder 'china'"):
        ex.use_preset("china")


def test_score_override_through_the_controls(ex, data):
    model, _, _ = data
    ex.override_option.value = "keep_operational"
    ex.override_criterion.value = "f35_access"
    assert ex.override_score.value == model.score("keep_operational", "f35_access")
    ex.override_score.value = 10
    ex.apply_button.click()
    assert ex.overrides == {("keep_operational", "f35_access"): 10.0}
    assert ex.model.score("keep_operational", "f35_access") == 10
    assert top(ex) == "keep_operational"
    assert "Keep it operational on F-35 access" in ex.override_status.value
    assert "1 score(s) changed" in ex.ranking_spec["title"]["subtitle"]
    assert model.score("keep_operational", "f35_access") == 0  # the curated model is untouched
    ex.reset_button.click()
    assert ex.overrides == {} and top(ex) == "return_to_russia"


@pytest.mark.parametrize(
    ("option", "criterion", "score", "message"),
    [
        ("keep_operational", "moscow_ties", 12, "12 is outside the Ties with Moscow scale 0–10"),
        ("keep_operational", "moscow_ties", float("nan"), "missing"),
        ("scrap_it", "moscow_ties", 5, "unknown option 'scrap_it'"),
        ("keep_operational", "oil", 5, "unknown criterion 'oil'"),
    ],
)
def test_bad_score_override_shows_why_and_keeps_old_scores(ex, option, criterion, score, message):
    before = ex.ranking.copy()
    assert ex.set_score(option, criterion, score) is False
    assert message in ex.override_message
    assert 'role="alert"' in ex.override_status.value
    assert ex.overrides == {}
    pd.testing.assert_frame_equal(ex.ranking, before)


def test_display_bundle_has_deterministic_fallbacks(data):
    a, b = TradeoffExplorer(*data), TradeoffExplorer(*data)
    ba, bb = a._repr_mimebundle_(), b._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in ba
    assert ba["text/plain"] == bb["text/plain"] == repr(a)
    assert ba["text/plain"].startswith("Alliance tradeoff explorer (Weighted sum, Turkey's default weights): With")
    assert ba["text/html"] == bb["text/html"]
    html = ba["text/html"]
    assert "Static view" in html and "<svg" in html and "F-35 access 8" in html
    assert "0x" not in ba["text/plain"]


def test_untrusted_labels_are_escaped():
    options = pd.DataFrame({"option_id": ["a", "b"], "label": ["<script>alert(1)</script>", "B & co"]})
    crit = pd.DataFrame({"criterion_id": ["x"], "label": ["<i>X</i>"], "scale_min": [0], "scale_max": [10]})
    scores = pd.DataFrame({"option_id": ["a", "b"], "criterion_id": ["x", "x"], "score": [9.0, 1.0]})
    model = t.build_model(options, crit, scores)
    weights = pd.DataFrame({"stakeholder_id": ["s"], "criterion_id": ["x"], "weight": [5.0]})
    people = pd.DataFrame({"stakeholder_id": ["s"], "label": ["<b>S</b>"]})
    ex = TradeoffExplorer(model, weights, people, stakeholder="s")
    page = ex.summary.value + ex.static_html() + ex.ranking_view.value
    assert "<script>" not in page and "&lt;script&gt;" in page
    ex.set_score("a", "x", 99)
    assert "<script>" not in ex.override_status.value


def test_bad_constructor_arguments(data):
    with pytest.raises(ModelError, match="unknown stakeholder"):
        TradeoffExplorer(*data, stakeholder="china")
    with pytest.raises(ModelError, match="not a ranking method"):
        TradeoffExplorer(*data, method="vote")


@pytest.mark.parametrize("name", ["05_alliance_tradeoffs.ipynb", "05_alliance_tradeoffs_app.ipynb"])
def test_stored_notebooks_export_the_fallback_not_a_blank_widget(name):
    """nbconvert draws a widget view only when the notebook stores widget state, and offline that view is blank
    (its JavaScript comes from a CDN). The tradeoff notebooks are stored without widget state, so an HTML export
    falls back to the explorer's text/html: a static chart that names its weights.

    If this fails after re-executing the notebooks, strip ``metadata.widgets`` (nbclient stores it by default:
    ``NotebookClient(store_widget_state=False)`` avoids it).
    """
    import nbformat

    from kit.paths import NOTEBOOKS_DIR

    nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    views = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views, f"{name} shows no explorer"
    for out in views:
        assert out["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] not in state
        assert "kit-tradeoff-static" in out["data"]["text/html"] and "<svg" in out["data"]["text/html"]


def test_a_slider_move_redraws_both_charts_without_the_chart_engine(ex, monkeypatch):
    """The redraw after a drag draws its SVGs from the model's numbers: vl-convert (~70 ms a chart) is not called."""
    import vl_convert

    def refuse(*_a, **_k):
        raise AssertionError("the widget called vl-convert on a slider move")

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", refuse)
    before = ex.sensitivity_view.value
    ex.sliders["f35_access"].value = 4.0
    assert 'aria-label="Which option comes out on top? (Weighted sum): Bar chart ranking 5 options' in \
        ex.ranking_view.value
    assert "Keep it operational comes first" in ex.ranking_view.value
    assert ex.sensitivity_view.value != before and "What would change the answer?" in ex.sensitivity_view.value
    for view in (ex.ranking_view, ex.sensitivity_view):
        assert 'width="100%"' in view.value and "viewBox=" in view.value


def test_vl_convert_renderer_draws_the_same_charts(data):
    import re

    def label(svg: str) -> str:
        return re.search(r'aria-label="([^"]*)"', svg).group(1)

    direct, old = TradeoffExplorer(*data), TradeoffExplorer(*data, renderer="vl-convert")
    for ex in (direct, old):
        ex.set_weights({"f35_access": 4.0})
    assert label(direct.ranking_view.value) == label(old.ranking_view.value)
    assert label(direct.sensitivity_view.value) == label(old.sensitivity_view.value)
    assert 'class="marks"' in old.ranking_view.value  # the Vega SVG, as in the static notebooks
    with pytest.raises(ModelError, match="'png' is not a chart renderer"):
        TradeoffExplorer(*data, renderer="png")


def test_nothing_in_the_explorer_is_wider_than_a_phone(ex):
    """Controls and charts share a wrapping grid; no box or slider asks for more than 360 px."""
    import ipywidgets as w

    def boxes(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from boxes(child)

    for widget in boxes(ex.widget):
        for key in ("width", "min_width"):
            value = getattr(widget.layout, key) or ""
            if value.endswith("px"):
                assert float(value[:-2]) <= 360, f"{type(widget).__name__}.layout.{key} = {value}"
    body = ex.widget.children[1]
    assert isinstance(body, w.GridBox) and "auto-fit" in body.layout.grid_template_columns
    assert body.children[1].children == (ex.summary, ex.ranking_view, ex.sensitivity_view)
