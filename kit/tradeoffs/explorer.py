"""Widgets that wire a model to charts (ipywidgets); they hold no analysis logic of their own.

:class:`TradeoffExplorer` puts a stakeholder preset, a method switch, one weight slider per
criterion and optional score overrides in front of :mod:`kit.tradeoffs`, and shows the ranking,
the break-even chart and a one-sentence summary. Every behaviour can be tested without a browser:
set a control's ``.value`` (or call :meth:`TradeoffExplorer.set_weights` / ``set_score``) and read
``.ranking``, ``.sensitivity``, ``.summary_text``, ``.error`` and the chart specs.

Why charts are SVG inside an ``ipywidgets.HTML`` rather than Altair's ``JupyterChart``: the SVG is
made in the kernel, so it needs no JavaScript beyond ipywidgets' own. It therefore renders offline in
JupyterLab, Notebook and Voila alike (JupyterChart loads its code from esm.sh unless every session
remembers ``enable_offline()``), and the SVG can be checked in tests. The two charts are drawn
directly from the model's numbers (:mod:`kit.charts.tradeoffs_svg`, under a millisecond) rather than
by rendering their Vega-Lite specs with vl-convert (~70 ms each, most of a redraw); the specs are
still built, for code and tests, and ``renderer="vl-convert"`` draws them the old way.

Layout: controls and charts sit side by side when there is room for both (a CSS grid whose columns
wrap), one above the other on a narrow screen, where the slider labels also move above the tracks so
that every readout stays visible. The charts scale to their column (``viewBox``, ``width="100%"``).

Pages without a kernel (nbconvert HTML, a report) cannot run the widget: the explorer's display
bundle carries a ``text/html`` fallback (a static ranking that names its weights, and the summary)
and a deterministic ``text/plain``, so an exported page never shows a blank hole.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from kit.errors import ModelError
from kit.tradeoffs.model import (
    METHODS,
    SLIDER_MAX,
    TradeoffModel,
    breakeven,
    fmt_weight,
    load_model,
    load_stakeholders,
    load_weights,
    rank,
    stakeholder_weights,
    summarize,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pandas as pd

CUSTOM = "custom"
#: How the widget draws its two charts: straight from the model's numbers, or from the specs with vl-convert.
RENDERERS = ("direct", "vl-convert")
#: Below this page width the controls stack above the charts and slider labels go above their tracks.
NARROW = 600
#: Scoped to the explorer; ipywidgets gives descriptions an inline width, hence ``!important``.
_CSS = f"""<style>
.kit-tradeoff-explorer .kit-tradeoff-body {{ align-items: start; }}
.kit-tradeoff-explorer .kit-tradeoff-controls .widget-slider,
.kit-tradeoff-explorer .kit-tradeoff-controls .widget-dropdown {{ width: 100%; max-width: 440px; }}
.kit-tradeoff-explorer .widget-readout {{ min-width: 3.2em; overflow: visible; }}
.kit-tradeoff-explorer .widget-html-content {{ line-height: 1.45; }}
.kit-tradeoff-explorer .kit-tradeoff-summary {{ overflow-wrap: anywhere; }}
@media (max-width: {NARROW}px) {{
  .kit-tradeoff-explorer .kit-tradeoff-controls .widget-slider,
  .kit-tradeoff-explorer .kit-tradeoff-controls .widget-toggle-buttons,
  .kit-tradeoff-explorer .kit-tradeoff-controls .widget-dropdown {{ flex-wrap: wrap; height: auto; }}
  .kit-tradeoff-explorer .kit-tradeoff-controls .widget-label {{
    width: 100% !important; max-width: 100%; text-align: left; }}
  .kit-tradeoff-explorer .kit-tradeoff-controls .slider-container {{ flex: 1 1 0; min-width: 0; }}
}}
</style>"""
_ALERT = (
    '<div role="alert" class="kit-tradeoff-error" style="background:#fdecea;color:#a50e0e;'
    'border-left:4px solid #a50e0e;padding:8px 12px;margin:4px 0;max-width:560px">{}</div>'
)


class TradeoffExplorer:
    """Sliders and presets in, ranking + break-even charts + one sentence out (see module docstring).

    ``model``/``weights``/``stakeholders`` default to the curated tables in ``data/tradeoffs/``.
    ``stakeholder`` picks the starting preset; ``method`` is ``weighted_sum`` or ``promethee_ii``.
    Display it as the last expression of a cell (or with ``display``); ``.widget`` is the raw box.
    """

    def __init__(
        self,
        model: TradeoffModel | None = None,
        weights: pd.DataFrame | None = None,
        stakeholders: pd.DataFrame | None = None,
        *,
        stakeholder: str = "turkey",
        method: str = "weighted_sum",
        slider_max: float = SLIDER_MAX,
        step: float = 0.5,
        renderer: str = "direct",
    ) -> None:
        import ipywidgets as w

        self.base_model = model if model is not None else load_model()
        table = weights if weights is not None else load_weights()
        people = stakeholders if stakeholders is not None else load_stakeholders()
        labels = dict(zip(people["stakeholder_id"], people["label"], strict=True))
        self.presets: dict[str, dict[str, float]] = {
            sid: stakeholder_weights(table, sid) for sid in dict.fromkeys(table["stakeholder_id"])
        }
        self.preset_labels = {sid: str(labels.get(sid, sid)) for sid in self.presets}
        if stakeholder not in self.presets:
            raise ModelError("stakeholder", f"unknown stakeholder {stakeholder!r}; known: {', '.join(self.presets)}")
        if method not in METHODS:
            raise ModelError("method", f"{method!r} is not a ranking method; use one of: {', '.join(METHODS)}")
        if renderer not in RENDERERS:
            raise ModelError("renderer", f"{renderer!r} is not a chart renderer; use one of: {', '.join(RENDERERS)}")
        self.renderer = renderer
        self.slider_max = float(slider_max)
        self.overrides: dict[tuple[str, str], float] = {}
        self._model = self.base_model
        self._holding = False

        # Results, for code and tests (None while the inputs cannot be ranked).
        self.ranking: pd.DataFrame | None = None
        self.sensitivity: pd.DataFrame | None = None
        self.ranking_spec: dict[str, Any] | None = None
        self.sensitivity_spec: dict[str, Any] | None = None
        self.summary_text = ""
        self.error: str | None = None
        self.override_message = ""

        m = self.base_model
        wide = {"description_width": "150px"}
        self.preset = w.Dropdown(
            options=[(self.preset_labels[s], s) for s in self.presets] + [("Custom weights", CUSTOM)],
            value=stakeholder, description="Point of view", style=wide,
        )
        self.method = w.ToggleButtons(options=[(label, k) for k, label in METHODS.items()], value=method,
                                      description="Method", style={**wide, "button_width": "120px"})
        start = self.presets[stakeholder]
        self.sliders = {
            c: w.FloatSlider(value=start.get(c, 0.0), min=0.0, max=self.slider_max, step=step,
                             description=m.criterion_labels[c], continuous_update=False, readout_format=".1f",
                             style=wide, layout=w.Layout(width="100%", max_width="440px"))
            for c in m.criterion_ids
        }
        self.override_option = w.Dropdown(options=[(m.option_labels[o], o) for o in m.option_ids],
                                          description="Option", style=wide)
        self.override_criterion = w.Dropdown(options=[(m.criterion_labels[c], c) for c in m.criterion_ids],
                                             description="Criterion", style=wide)
        self.override_score = w.FloatText(value=self._current_score(), description="New score", style=wide)
        self.apply_button = w.Button(description="Change score", button_style="primary")
        self.reset_button = w.Button(description="Reset scores")
        self.override_status = w.HTML()
        self.summary = w.HTML()
        self.ranking_view = w.HTML()
        self.sensitivity_view = w.HTML()

        overrides = w.VBox([
            w.HTML("<p>Disagree with a score? Change it here (scores run from the criterion's scale "
                   "minimum to maximum, 0–10 in the bundled data) and say why, with a source, in your notes.</p>"),
            self.override_option, self.override_criterion, self.override_score,
            w.HBox([self.apply_button, self.reset_button]), self.override_status,
        ])
        scores_box = w.Accordion(children=[overrides], titles=("Change a score",))
        controls = w.VBox(
            [self.preset, self.method,
             w.HTML("<b>Weights</b>: how much each criterion matters (0 = not at all, 10 = most)."),
             *self.sliders.values(), scores_box],
            layout=w.Layout(min_width="0", max_width="460px"),
        )
        controls.add_class("kit-tradeoff-controls")
        results = w.VBox([self.summary, self.ranking_view, self.sensitivity_view],
                         layout=w.Layout(min_width="0", max_width="560px"))
        results.add_class("kit-tradeoff-results")
        header = w.HTML(
            _CSS + "<h3 style='margin:4px 0'>Alliance tradeoff explorer</h3><p style='margin:0 0 8px 0'>"
            "Which of Turkey's S-400 options comes out on top depends on whose weights you use and how "
            "you add them up. Move a slider or pick another point of view.</p>"
        )
        # Two columns of at least 340 px when they fit (each at most its box's max width), else one:
        # the charts stay beside the sliders that move them; min() keeps one column inside a phone.
        body = w.GridBox([controls, results], layout=w.Layout(
            grid_template_columns="repeat(auto-fit, minmax(min(340px, 100%), 1fr))", grid_gap="8px 24px",
            width="100%"))
        body.add_class("kit-tradeoff-body")
        self.widget = w.VBox([header, body], layout=w.Layout(padding="4px", max_width="1100px"))
        self.widget.add_class("kit-tradeoff-explorer")

        self.preset.observe(self._on_preset, names="value")
        self.method.observe(self._on_change, names="value")
        for slider in self.sliders.values():
            slider.observe(self._on_slider, names="value")
        self.override_option.observe(self._on_override_target, names="value")
        self.override_criterion.observe(self._on_override_target, names="value")
        self.apply_button.on_click(lambda _b: self.set_score(self.override_option.value,
                                                             self.override_criterion.value,
                                                             self.override_score.value))
        self.reset_button.on_click(lambda _b: self.reset_scores())
        self.recompute()

    # ------------------------------------------------------------------ state

    @property
    def weights(self) -> dict[str, float]:
        """The sliders' values, ``{criterion_id: weight}``."""
        return {c: float(s.value) for c, s in self.sliders.items()}

    @property
    def model(self) -> TradeoffModel:
        """The model in use: the curated scores with any overrides applied."""
        return self._model

    @contextmanager
    def _hold(self) -> Iterator[None]:
        """Change several controls with one recompute at the end."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False

    # ------------------------------------------------------------------ API

    def set_weights(self, weights: Mapping[str, float]) -> None:
        """Set some or all sliders at once (one recompute); raise ModelError for ids or values they cannot show."""
        known = set(self.sliders)
        unknown = [str(k) for k in weights if k not in known]
        if unknown:
            names = ", ".join(map(repr, unknown))
            raise ModelError("weights", f"unknown criterion {names}; known: {', '.join(self.sliders)}")
        clean: dict[str, float] = {}
        for c, v in weights.items():
            try:
                num = float(v)
            except (TypeError, ValueError):
                raise ModelError(f"weights ({c})", f"{v!r} is not a number") from None
            if math.isnan(num):
                raise ModelError(f"weights ({c})", "is missing (NaN)")
            if not 0 <= num <= self.slider_max:
                top = fmt_weight(self.slider_max)
                raise ModelError(f"weights ({c})", f"{num:g} is outside the slider range 0–{top}")
            clean[c] = num
        with self._hold():
            for c, v in clean.items():
                self.sliders[c].value = v
            self._sync_preset()
        self.recompute()

    def use_preset(self, stakeholder: str) -> None:
        """Switch to a stakeholder's default weights (same as choosing it in the dropdown)."""
        if stakeholder not in self.presets:
            raise ModelError("stakeholder", f"unknown stakeholder {stakeholder!r}; known: {', '.join(self.presets)}")
        self.preset.value = stakeholder

    def set_score(self, option_id: str, criterion_id: str, score: float) -> bool:
        """Override one score; on bad input keep the old scores and show why (returns False)."""
        trial = {**self.overrides, (option_id, criterion_id): score}
        try:
            model = self.base_model.with_scores(trial)
        except ModelError as exc:
            self.override_message = f"Score not changed: {exc}"
            self.override_status.value = _ALERT.format(html.escape(self.override_message))
            return False
        self.overrides = {k: float(v) for k, v in trial.items()}
        self._model = model
        self.override_message = ""
        self._show_overrides()
        self.recompute()
        return True

    def reset_scores(self) -> None:
        """Drop every override and go back to the curated scores."""
        self.overrides = {}
        self._model = self.base_model
        self.override_message = ""
        self._show_overrides()
        self.override_score.value = self._current_score()
        self.recompute()

    # ------------------------------------------------------------------ events

    def _on_preset(self, change: dict[str, Any]) -> None:
        if self._holding or change["new"] == CUSTOM:
            return
        with self._hold():
            for c, s in self.sliders.items():
                s.value = self.presets[change["new"]].get(c, 0.0)
        self.recompute()

    def _on_slider(self, _change: dict[str, Any]) -> None:
        if self._holding:
            return
        with self._hold():
            self._sync_preset()
        self.recompute()

    def _on_change(self, _change: dict[str, Any]) -> None:
        if not self._holding:
            self.recompute()

    def _on_override_target(self, _change: dict[str, Any]) -> None:
        self.override_score.value = self._current_score()

    def _sync_preset(self) -> None:
        """Show "Custom weights" once the sliders no longer match the chosen preset."""
        current = self.preset.value
        if current != CUSTOM and self.weights != {c: self.presets[current].get(c, 0.0) for c in self.sliders}:
            self.preset.value = CUSTOM

    def _current_score(self) -> float:
        return self._model.score(self.override_option.value, self.override_criterion.value)

    def _show_overrides(self) -> None:
        if not self.overrides:
            self.override_status.value = ""
            return
        m = self.base_model
        items = "".join(
            f"<li>{html.escape(m.option_labels[o])} on {html.escape(m.criterion_labels[c])}: "
            f"{fmt_weight(m.score(o, c))} → <b>{fmt_weight(v)}</b></li>"
            for (o, c), v in self.overrides.items()
        )
        self.override_status.value = f"<p style='margin:4px 0'>Changed scores:</p><ul>{items}</ul>"

    # ------------------------------------------------------------------ the one place results are made

    def who(self) -> str:
        """Whose weights are shown, for subtitles."""
        p = self.preset.value
        return "custom weights" if p == CUSTOM else f"{self.preset_labels[p]}'s default weights"

    def recompute(self) -> None:
        """Rank, find break-evens, rebuild both charts and the sentence; show a message on bad input."""
        from kit.charts.base import svg_from_spec
        from kit.charts.tradeoffs import ranking_spec, sensitivity_spec
        from kit.charts.tradeoffs_svg import ranking_svg, sensitivity_svg

        method = self.method.value
        try:
            weights = self.weights
            ranking = rank(self._model, weights, method)
            sens = breakeven(self._model, weights, method, slider_max=self.slider_max)
            sentence = summarize(self._model, weights, method, ranking=ranking, sensitivity=sens)
        except ModelError as exc:
            self.ranking = self.sensitivity = self.ranking_spec = self.sensitivity_spec = None
            self.error = str(exc)
            self.summary_text = f"Cannot rank the options: {exc.problem}"
            box = _ALERT.format(html.escape(self.summary_text))
            self.ranking_view.value = self.sensitivity_view.value = box
            self.summary.value = box
            return
        changed = f"; {len(self.overrides)} score(s) changed" if self.overrides else ""
        subtitle = f"Point of view: {self.who()}{changed}"
        self.ranking, self.sensitivity, self.error = ranking, sens, None
        self.summary_text = sentence
        self.ranking_spec = ranking_spec(ranking, subtitle=subtitle)
        self.sensitivity_spec = sensitivity_spec(sens, slider_max=self.slider_max)
        # Charts first, the sentence last: a front-end sees the new sentence only once both charts have arrived.
        if self.renderer == "direct":
            self.ranking_view.value = ranking_svg(ranking, subtitle=subtitle)
            self.sensitivity_view.value = sensitivity_svg(sens, slider_max=self.slider_max)
        else:
            self.ranking_view.value = svg_from_spec(self.ranking_spec)
            self.sensitivity_view.value = svg_from_spec(self.sensitivity_spec)
        self.summary.value = (
            f'<p class="kit-tradeoff-summary" aria-live="polite" style="max-width:560px;font-size:1.05em">'
            f"{html.escape(sentence)}</p>"
        )

    # ------------------------------------------------------------------ display

    def text(self) -> str:
        """Plain-text fallback: deterministic, one paragraph."""
        return f"Alliance tradeoff explorer ({METHODS[self.method.value]}, {self.who()}): {self.summary_text}"

    def static_html(self) -> str:
        """HTML for pages without a kernel: the sentence, the weights shown and both charts as SVG."""
        note = (
            "<p><em>Static view: this page has no running kernel, so the sliders are not shown. "
            "Weights shown (0–10): "
            + html.escape(" · ".join(f"{self.base_model.criterion_labels[c]} {fmt_weight(v)}"
                                     for c, v in self.weights.items()))
            + ".</em></p>"
        )
        charts = self.ranking_view.value + self.sensitivity_view.value
        return (
            '<div class="kit-tradeoff-static"><p><strong>Alliance tradeoff explorer</strong> '
            f"({html.escape(METHODS[self.method.value])}, {html.escape(self.who())})</p>"
            f"<p>{html.escape(self.summary_text)}</p>{note}{charts}</div>"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = self.text()
        bundle["text/html"] = self.static_html()
        return bundle

    def __repr__(self) -> str:
        return self.text()
