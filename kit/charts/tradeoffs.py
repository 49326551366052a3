"""Charts for the alliance tradeoff model (pure functions: tables in, ``alt.Chart`` out).

Every chart has a title and a ``description`` (read out by screen readers). Two of them are for
pages without a kernel: :func:`tradeoff_chart_static` (a snapshot whose subtitle says which weights
it shows) and :func:`interactive_ranking_chart` (Vega-Lite sliders bound to parameters, so the
ranking recomputes in the browser; save it with ``kit.charts.save(chart, "x.html")``, offline).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kit.charts.base import spec_rows
from kit.tradeoffs.model import fmt_weight, one_decimal

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

    from kit.tradeoffs.model import TradeoffModel

TOP = "#1a4d8f"
OTHER = "#a9bcd0"
#: Break-even directions, also drawn as text: both keep 4.5:1 contrast on white (tests/test_palettes.py).
UP = "#b35300"
DOWN = "#6a3d9a"
#: Small notes on the break-even chart (text).
NOTE_COLOR = "#666666"
#: Criteria in the contribution chart: Tableau 10's first seven, nudged so that every pair stays at least
#: ΔE2000 10 apart for deuteranopia, protanopia and tritanopia too. The legend names each criterion.
CRITERION_COLORS = ("#4175bd", "#f18d2c", "#e25356", "#7fbfb8", "#479d71", "#f8d253", "#b07aa1")
WIDTH = 360


def _domain(method: str) -> list[float]:
    return [0, 100] if method == "weighted_sum" else [-100, 100]


def weights_line(weights: Mapping[str, float], labels: Mapping[str, str]) -> str:
    """"F-35 access 8 · Sanctions relief 6 · ..." in criterion order (for subtitles and notes)."""
    return " · ".join(f"{labels.get(c, c)} {fmt_weight(float(w))}" for c, w in weights.items())


Rows = list[dict[str, Any]]


def _fill(template: str, name: str, rows: Rows, title: dict[str, Any], description: str) -> dict[str, Any]:
    """A cached spec template (JSON text) with its named dataset, title and description filled in."""
    spec = json.loads(template)
    spec["datasets"] = {name: rows}
    spec["title"] = title
    spec["description"] = description
    return spec


def _subtitle(subtitle: str | list[str] | None) -> dict[str, Any]:
    return {} if not subtitle else {"subtitle": subtitle}


# ---- ranking ---------------------------------------------------------------------------------


def _ranking_rows(ranking: pd.DataFrame) -> Rows:
    rows = spec_rows(ranking, ["rank", "option_id", "label", "score", "behind_top"])
    for r in rows:
        r["is_top"] = r["rank"] == 1
        r["score_text"] = one_decimal(r["score"])
        r["text_x"] = max(r["score"], 0.0)
    return rows


def _ranking_layers(source: Any, method: str, n: int, width: int) -> alt.LayerChart:
    import altair as alt

    from kit.tradeoffs.model import UNITS

    y = alt.Y("label:N", sort=alt.EncodingSortField("rank", op="min", order="ascending"), title=None,
              axis=alt.Axis(labelLimit=220))
    base = alt.Chart(source).encode(y=y)
    bars = base.mark_bar().encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=_domain(method)), title=f"Score ({UNITS[method]})"),
        color=alt.condition("datum.is_top", alt.value(TOP), alt.value(OTHER)),
        tooltip=[alt.Tooltip("label:N", title="Option"), alt.Tooltip("score:Q", format=".1f"),
                 alt.Tooltip("behind_top:Q", title="Behind the top", format=".1f")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(x="text_x:Q", text="score_text:N")
    return (bars + text).properties(width=width, height=28 * n)


def _ranking_title(method: str, subtitle: str | list[str] | None) -> dict[str, Any]:
    from kit.tradeoffs.model import METHODS

    return {"text": f"Which option comes out on top? ({METHODS[method]})", **_subtitle(subtitle)}


def _ranking_description(rows: Rows, method: str) -> str:
    from kit.tradeoffs.model import METHODS

    top = rows[0]
    return (
        f"Bar chart ranking {len(rows)} options by {METHODS[method]} score. "
        f"{top['label']} comes first with {top['score_text']}; "
        + "; ".join(f"{r['label']} {r['score_text']}" for r in rows[1:])
        + "."
    )


@lru_cache(maxsize=32)
def _ranking_template(method: str, n: int, width: int) -> str:
    import altair as alt

    return json.dumps(_ranking_layers(alt.NamedData(name="ranking"), method, n, width).to_dict())


def ranking_chart(ranking: pd.DataFrame, *, subtitle: str | list[str] | None = None,
                  width: int = WIDTH) -> alt.LayerChart:
    """Horizontal bars, best option on top and highlighted, one score label per bar.

    ``ranking``: the output of :func:`kit.tradeoffs.rank` (rank, label, score, method).
    """
    import altair as alt
    import pandas as pd

    method = str(ranking["method"].iloc[0])
    rows = _ranking_rows(ranking)
    return _ranking_layers(pd.DataFrame(rows), method, len(rows), width).properties(
        title=alt.Title(**_ranking_title(method, subtitle)), description=_ranking_description(rows, method)
    )


def ranking_spec(ranking: pd.DataFrame, *, subtitle: str | list[str] | None = None,
                 width: int = WIDTH) -> dict[str, Any]:
    """The Vega-Lite spec of :func:`ranking_chart`, fast: a cached template with the data filled in.

    The widget calls this on every slider move (Altair object construction costs tens of ms).
    """
    method = str(ranking["method"].iloc[0])
    rows = _ranking_rows(ranking)
    return _fill(_ranking_template(method, len(rows), width), "ranking", rows, _ranking_title(method, subtitle),
                 _ranking_description(rows, method))


# ---- sensitivity -----------------------------------------------------------------------------

_SENS_TITLE = {
    "text": "What would change the answer?",
    "subtitle": "Dot: current weight. Arrow: the weight at which another option takes the lead (others fixed).",
}


def _sensitivity_rows(sensitivity: pd.DataFrame, slider_max: float) -> Rows:
    rows = spec_rows(sensitivity, ["criterion_id", "criterion_label", "direction", "weight", "breakeven_weight",
                               "new_top_label", "within_slider", "top_option_id"])
    with_hit = {r["criterion_id"] for r in rows if r["breakeven_weight"] is not None}
    seen: set[str] = set()
    for r in rows:
        bw = r["breakeven_weight"]
        r["hit"] = bw is not None
        r["x_end"] = None if bw is None else min(bw, slider_max)
        where = (fmt_weight(bw) if r["within_slider"] else "> " + fmt_weight(slider_max)) if bw is not None else ""
        r["text"] = f"{r['new_top_label']} at {where}" if bw is not None else ""
        r["first"] = r["criterion_id"] not in seen
        seen.add(r["criterion_id"])
        r["none_text"] = "no single-weight change flips it" if r["first"] and r["criterion_id"] not in with_hit else ""
        r["slider_max"] = float(slider_max)
    return rows


def _sensitivity_layers(source: Any, order: tuple[str, ...], slider_max: float, width: int) -> alt.LayerChart:
    import altair as alt

    base = alt.Chart(source)
    y = alt.Y("criterion_label:N", sort=list(order), title=None, axis=alt.Axis(labelLimit=200))
    x_scale = alt.Scale(domain=[0, slider_max], clamp=True)
    colour = alt.Color("direction:N", scale=alt.Scale(domain=["increase", "decrease"], range=[UP, DOWN]),
                       legend=alt.Legend(title="Weight change", orient="bottom"))
    hits = base.transform_filter("datum.hit")
    rules = hits.mark_rule(strokeWidth=2).encode(
        y=y, x=alt.X("weight:Q", scale=x_scale, title="Weight (slider scale)"), x2="x_end:Q", color=colour
    )
    ends = hits.mark_point(filled=True, size=70).encode(
        y=y, x=alt.X("x_end:Q", scale=x_scale), color=colour,
        shape=alt.Shape("direction:N", scale=alt.Scale(domain=["increase", "decrease"],
                                                      range=["triangle-right", "triangle-left"]), legend=None),
        tooltip=[alt.Tooltip("criterion_label:N", title="Criterion"),
                 alt.Tooltip("breakeven_weight:Q", title="Break-even weight", format=".2f"),
                 alt.Tooltip("new_top_label:N", title="New top option")],
    )
    up_text = base.transform_filter("datum.hit && datum.direction === 'increase'").mark_text(
        align="left", dx=7, dy=-7, fontSize=10, color=UP
    ).encode(y=y, x=alt.X("x_end:Q", scale=x_scale), text="text:N")
    down_text = base.transform_filter("datum.hit && datum.direction === 'decrease'").mark_text(
        align="left", dx=-4, dy=-9, fontSize=10, color=DOWN
    ).encode(y=y, x=alt.X("x_end:Q", scale=x_scale), text="text:N")
    none_text = base.transform_filter("datum.none_text !== ''").mark_text(
        align="right", fontSize=10, color=NOTE_COLOR
    ).encode(y=y, x=alt.X("slider_max:Q", scale=x_scale), text="none_text:N")
    dots = base.transform_filter("datum.first").mark_point(filled=True, size=60, color="black").encode(
        y=y, x=alt.X("weight:Q", scale=x_scale),
        tooltip=[alt.Tooltip("criterion_label:N", title="Criterion"), alt.Tooltip("weight:Q", title="Current weight")],
    )
    return alt.layer(rules, ends, up_text, down_text, none_text, dots).properties(width=width, height=26 * len(order))


def _sensitivity_description(rows: Rows) -> str:
    top = rows[0]["top_option_id"] if rows else ""
    parts = [f"{r['criterion_label']}: {r['direction']} to {fmt_weight(r['breakeven_weight'])} makes "
             f"{r['new_top_label']} top" for r in rows if r["hit"]]
    return (
        f"Break-even weights for the top option ({top}), one criterion at a time, others held fixed. "
        + ("; ".join(parts) if parts else "No single weight change alters the top option")
        + "."
    )


@lru_cache(maxsize=32)
def _sensitivity_template(order: tuple[str, ...], slider_max: float, width: int) -> str:
    import altair as alt

    return json.dumps(_sensitivity_layers(alt.NamedData(name="sensitivity"), order, slider_max, width).to_dict())


def sensitivity_chart(sensitivity: pd.DataFrame, *, slider_max: float = 10.0,
                      width: int = WIDTH) -> alt.LayerChart:
    """Per criterion: the current weight (dot) and the weight at which the top option changes (arrow).

    ``sensitivity``: the output of :func:`kit.tradeoffs.breakeven`. Break-evens beyond the slider
    range are drawn at its edge and labelled "> max".
    """
    import altair as alt
    import pandas as pd

    rows = _sensitivity_rows(sensitivity, slider_max)
    order = tuple(dict.fromkeys(r["criterion_label"] for r in rows))
    return _sensitivity_layers(pd.DataFrame(rows), order, slider_max, width).properties(
        title=alt.Title(**_SENS_TITLE), description=_sensitivity_description(rows)
    )


def sensitivity_spec(sensitivity: pd.DataFrame, *, slider_max: float = 10.0, width: int = WIDTH) -> dict[str, Any]:
    """The Vega-Lite spec of :func:`sensitivity_chart`, fast (cached template + data), for the widget."""
    rows = _sensitivity_rows(sensitivity, slider_max)
    order = tuple(dict.fromkeys(r["criterion_label"] for r in rows))
    return _fill(_sensitivity_template(order, float(slider_max), width), "sensitivity", rows, dict(_SENS_TITLE),
                 _sensitivity_description(rows))


def robustness_chart(robustness: pd.DataFrame, *, seed: int | None = None, width: int = WIDTH) -> alt.LayerChart:
    """Bars: the share of random weight vectors under which each option ranks first."""
    import altair as alt

    df = robustness.copy()
    df["pct_text"] = [f"{100 * s:.0f}%" for s in df["share"]]
    n = int(df["samples"].iloc[0])
    order = list(df.sort_values("share", ascending=False, kind="stable")["label"])
    base = alt.Chart(df).encode(y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)))
    bars = base.mark_bar(color=TOP).encode(
        x=alt.X("share:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title="Share of weightings won"),
        tooltip=[alt.Tooltip("label:N", title="Option"), alt.Tooltip("wins:Q"), alt.Tooltip("share:Q", format=".1%")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(x="share:Q", text="pct_text:N")
    seed_txt = f", seed {seed}" if seed is not None else ""
    desc = "Share of random weightings won: " + "; ".join(f"{r.label} {100 * r.share:.0f}%" for r in df.itertuples())
    title = alt.Title("How often does each option win?",
                      subtitle=f"{n} weight vectors drawn at random (Dirichlet{seed_txt})")
    return (bars + text).properties(title=title, description=desc + ".", width=width, height=28 * len(df))


def contribution_chart(contributions: pd.DataFrame, *, width: int = WIDTH) -> alt.Chart:
    """Stacked bars: how much each criterion adds to (or takes from) each option's score."""
    import altair as alt

    df = contributions.copy()
    totals = df.groupby("label", sort=False)["contribution"].sum().sort_values(ascending=False, kind="stable")
    crit_order = list(dict.fromkeys(df["criterion_label"]))
    desc = "Stacked bars of each criterion's contribution to each option's score. Totals: " + "; ".join(
        f"{k} {v:.1f}" for k, v in totals.items()
    )
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=list(totals.index), title=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X("sum(contribution):Q", title="Contribution to the score"),
            color=alt.Color("criterion_label:N", sort=crit_order, title="Criterion",
                            scale=alt.Scale(range=list(CRITERION_COLORS))),
            order=alt.Order("criterion_order:Q"),
            tooltip=[alt.Tooltip("label:N", title="Option"), alt.Tooltip("criterion_label:N", title="Criterion"),
                     alt.Tooltip("contribution:Q", format=".1f")],
        )
        .transform_calculate(criterion_order=f"indexof({crit_order!r}, datum.criterion_label)")
        .properties(title="Where each option's score comes from", description=desc + ".", width=width,
                    height=28 * df["label"].nunique())
    )


def payoff_chart(equilibria: pd.DataFrame) -> alt.LayerChart:
    """The Turkey × US game as a 2-D grid; Nash equilibria outlined in black.

    ``equilibria``: the output of :func:`kit.tradeoffs.game.nash_equilibria`.
    """
    import altair as alt

    df = equilibria.copy()
    pairs = zip(df["turkey_payoff"], df["us_payoff"], strict=True)
    df["cell"] = [f"Turkey {fmt_weight(t)} · US {fmt_weight(u)}" for t, u in pairs]
    df["tag"] = ["Nash equilibrium" if n else "" for n in df["nash"]]
    df["joint"] = df["turkey_payoff"] + df["us_payoff"]
    t_order = list(dict.fromkeys(df["turkey_move"]))
    u_order = list(dict.fromkeys(df["us_move"]))
    enc = {
        "x": alt.X("us_move:N", sort=u_order, title="United States", axis=alt.Axis(orient="top", labelAngle=0)),
        "y": alt.Y("turkey_move:N", sort=t_order, title="Turkey"),
    }
    rect = alt.Chart(df).mark_rect().encode(
        **enc,
        color=alt.Color("joint:Q", scale=alt.Scale(scheme="blues"), legend=alt.Legend(title="Turkey + US")),
        stroke=alt.condition("datum.nash", alt.value("black"), alt.value("white")),
        strokeWidth=alt.condition("datum.nash", alt.value(4), alt.value(1)),
    )
    text = alt.Chart(df).mark_text(fontSize=13, dy=-6).encode(**enc, text="cell:N")
    tag = alt.Chart(df).mark_text(fontSize=11, dy=12, fontWeight="bold").encode(**enc, text="tag:N")
    ne = [f"({r.turkey_move}, {r.us_move})" for r in df.itertuples() if r.nash]
    desc = (
        "Payoff grid of the Turkey × United States game (higher is better, ordinal). "
        + "; ".join(f"{r.turkey_move}/{r.us_move}: {r.cell}" for r in df.itertuples())
        + f". Pure-strategy Nash equilibria: {', '.join(ne) or 'none'}."
    )
    return alt.layer(rect, text, tag).properties(
        title=alt.Title("Turkey × United States: who gains what?", subtitle="Payoffs are assumptions: 4 = best"),
        description=desc, width=320, height=180,
    )


# ---------------------------------------------------------------------------------------------
# Pages without a kernel
# ---------------------------------------------------------------------------------------------


def tradeoff_chart_static(model: TradeoffModel, weights: Mapping[str, float], method: str = "weighted_sum",
                          *, who: str | None = None, width: int = WIDTH) -> alt.LayerChart:
    """A static ranking chart whose subtitle says exactly which weights (and whose) it shows."""
    from kit.tradeoffs.model import check_weights, rank, summarize

    w = check_weights(model, weights)
    shown = dict(zip(model.criterion_ids, w.tolist(), strict=True))
    ranking = rank(model, shown, method)
    line = weights_line(shown, model.criterion_labels)
    head = f"Weights shown{f' ({who})' if who else ''}, 0–10: "
    items = line.split(" · ")
    half = (len(items) + 1) // 2
    subtitle = [head + " · ".join(items[:half]), " · ".join(items[half:]),
                "A snapshot: run the notebook to move the weights."]
    chart = ranking_chart(ranking, subtitle=[x for x in subtitle if x], width=width)
    return chart.properties(description=f"{summarize(model, shown, method, ranking=ranking)} {head}{line}.")


def _param_name(criterion_id: str) -> str:
    return "w_" + "".join(ch if ch.isalnum() else "_" for ch in criterion_id)


def interactive_ranking_chart(model: TradeoffModel, weights: Mapping[str, float], method: str = "weighted_sum",
                              *, width: int = WIDTH, slider_max: float = 10.0, step: float = 0.5) -> alt.LayerChart:
    """A kernel-free interactive ranking: one slider per criterion, the ranking recomputed in the browser.

    The utilities are embedded as data; each slider is a Vega-Lite parameter and the score is
    ``Σ w_c u_oc / Σ w_c`` in ``transform_calculate``, the same arithmetic as
    :func:`kit.tradeoffs.rank` (both methods are additive in the weights). Rendered as SVG it is a
    snapshot at ``weights``; saved as HTML (``kit.charts.save``) the sliders work offline.
    """
    import altair as alt
    import pandas as pd

    from kit.tradeoffs.model import METHODS, UNITS, check_weights, utility_table

    w = check_weights(model, weights)
    table = utility_table(model, method)
    table["order"] = table["option_id"].map({o: i for i, o in enumerate(model.option_ids)})
    params, cases = [], []
    for cid, value in zip(model.criterion_ids, w.tolist(), strict=True):
        name = _param_name(cid)
        params.append(alt.param(name=name, value=value, bind=alt.binding_range(
            min=0, max=slider_max, step=step, name=f"{model.criterion_labels[cid]} ")))
        cases.append(f"datum.criterion_id === {cid!r} ? {name}")
    wsum = "(" + " + ".join(_param_name(c) for c in model.criterion_ids) + ")"
    pick = " : ".join(cases) + " : 0"
    base = (
        alt.Chart(table)
        .transform_calculate(wu=f"({pick}) * datum.utility")
        .transform_aggregate(sum_wu="sum(wu)", order="min(order)", groupby=["option_id", "label"])
        .transform_calculate(score=f"{wsum} > 0 ? datum.sum_wu / {wsum} : 0")
        .transform_window(place="row_number()", sort=[alt.SortField("score", order="descending"),
                                                     alt.SortField("order", order="ascending")])
        .transform_calculate(score_text=f"{wsum} > 0 ? format(datum.score, '.1f') : ''",
                             text_x="max(datum.score, 0)")
    )
    # Bars sit at their computed place (1 = top): Vega does not re-sort a scale domain when a
    # parameter changes, so a y axis sorted by score would keep the first order it drew.
    y = alt.Y("place:O", axis=None, title=None)
    bars = base.mark_bar().encode(
        y=y, x=alt.X("score:Q", scale=alt.Scale(domain=_domain(method)), title=f"Score ({UNITS[method]})"),
        color=alt.condition("datum.place === 1", alt.value(TOP), alt.value(OTHER)),
        tooltip=[alt.Tooltip("label:N", title="Option"), alt.Tooltip("score:Q", format=".1f")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(y=y, x="text_x:Q", text="score_text:N")
    labels = base.mark_text(align="right", dx=-6, fontSize=11, limit=220).encode(
        y=y, x=alt.value(0), text="label:N"
    )
    warn = alt.Chart(pd.DataFrame({"x": [0]})).mark_text(
        text="All weights are zero: move a slider above 0.", color="#a50e0e", fontSize=13, align="left",
        opacity=alt.ExprRef(f"{wsum} > 0 ? 0 : 1"),
    ).encode(x=alt.value(5), y=alt.value(14 * len(model.option_ids)))
    shown = dict(zip(model.criterion_ids, w.tolist(), strict=True))
    desc = (
        f"Interactive ranking by {METHODS[method]}: sliders set each criterion's weight and the bars re-rank. "
        f"Initial weights: {weights_line(shown, model.criterion_labels)}."
    )
    return alt.layer(bars, text, labels, warn).add_params(*params).properties(
        title=alt.Title(f"Move the sliders: which option comes out on top? ({METHODS[method]})",
                        subtitle="Works without a kernel: the ranking is recomputed in the page."),
        description=desc, width=width, height=28 * len(model.option_ids),
    )
