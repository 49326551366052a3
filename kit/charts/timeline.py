"""Timeline charts: the documented record in lanes, the article's dates as intervals, and the two compared.

Pure functions: tables from :mod:`kit.timeline` in, Altair charts out, each with a title and a
description a screen reader can announce. Dates are handed to Vega-Lite as NAIVE timestamps: an
ISO date string or a UTC-aware timestamp is read as UTC and drawn a day early west of Greenwich.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from kit.charts.base import SCHEMA, WIDTH, spec_rows

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

#: Lanes, top to bottom: one per date expression of the article (grey), then the record by category.
ARTICLE_COLOR = "#6b6b6b"
RECORD_LANES = ("deal", "financing", "delivery", "test", "programme exclusion", "sanction", "diplomacy",
                "statement", "forecast", "context")
#: One colour per category: Tableau 10, nudged so that every pair (and the article's grey) stays at least
#: ΔE2000 10 apart for deuteranopia, protanopia and tritanopia too (tests/test_palettes.py). Each lane is
#: also named on the axis, so colour is never the only cue.
CATEGORY_COLORS = {
    "deal": "#4670bb", "financing": "#f48815", "delivery": "#399252", "test": "#f84151",
    "programme exclusion": "#b2779f", "sanction": "#978680", "diplomacy": "#58c1d0", "statement": "#f4d354",
    "forecast": "#ffaa9b", "context": "#b3abab",
}
SIDE_COLORS = {"the article implies": "#e15759", "the record says": "#4e79a7"}
#: The two kinds of bar in the report's timeline spec: the article's dates, the documented record.
KIND_COLORS = ("#c05a00", "#1a4d8f")
#: Axis labels of contradicted claims (also bold, and the label says "contradicted").
CONTRADICTED_COLOR = "#a50e0e"


def _naive(values: Any) -> pd.Series:
    import pandas as pd

    return pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce")


def _first_url(urls: Any) -> str:
    return str(urls).split(" ; ")[0] if isinstance(urls, str) and urls else ""


def _time_axis(start: Any, end: Any, **kw: Any) -> alt.Axis:
    """Weekly or monthly ticks for a short span; Vega's own (years, then months when zoomed) for a long one."""
    import altair as alt

    days = (end - start).days if start == start and end == end else 10_000
    if days <= 120:
        return alt.Axis(format="%d %b", tickCount="week", **kw)
    if days <= 900:
        return alt.Axis(format="%b %Y", tickCount="month", labelOverlap=True, **kw)
    return alt.Axis(**kw)  # Vega's own multi-scale labels: years here, months once zoomed in


def timeline_frame(record: pd.DataFrame, dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """The long table the timeline draws: one row per record event and per resolved date mention.

    Columns: lane, label, start, end (naive timestamps; ``end`` is the day after the last day, so a
    one-day event has width), date (as a reader sees it), detail, source, kind (record/article), id.
    """
    import pandas as pd

    from kit.timeline import record_intervals

    rows = []
    if record is not None and len(record):
        rec = record_intervals(record)
        for r in rec.to_dict("records"):
            rows.append({
                "lane": r["category"], "label": r["headline"], "start": r["earliest"], "last": r["latest"],
                "date": r["display_date"], "detail": r["text"], "status": r["status"],
                "source": _first_url(r["source_url"]), "kind": "record", "id": r["event_id"],
            })
    if dates is not None and len(dates):
        ok = dates[dates["earliest"].notna() & dates["latest"].notna()]
        for r in ok.to_dict("records"):
            same = r["earliest"] == r["latest"]
            rows.append({
                "lane": f"article: “{r['text']}”", "label": f"“{r['text']}”",
                "start": r["earliest"], "last": r["latest"],
                "date": r["earliest"] if same else f"{r['earliest']} to {r['latest']}",
                "detail": r["note"], "status": f"{r['kind']}, resolved against {r['anchor_basis']}",
                "source": "the article", "kind": "article", "id": r["date_id"],
            })
    frame = pd.DataFrame(rows, columns=["lane", "label", "start", "last", "date", "detail", "status", "source",
                                        "kind", "id"])
    frame["start"] = _naive(frame["start"])
    frame["end"] = _naive(frame["last"]) + pd.Timedelta(days=1)
    frame = frame.drop(columns="last")
    for col in ("lane", "label", "date", "detail", "status", "source", "kind", "id"):
        frame[col] = frame[col].astype(object)
    return frame


def timeline_chart(
    record: pd.DataFrame,
    dates: pd.DataFrame | None = None,
    *,
    published: dt.date | str | None = None,
    title: str | None = None,
    width: int = 680,
) -> alt.VConcatChart:
    """The documented record in lanes by category, the article's date mentions on their own lane.

    Record events are bars from first to last day (a one-day event is a dot); the article's
    dates are grey uncertainty intervals. Hover for headline, date and source. Below, an
    overview strip: drag across it to zoom the main chart (in a live notebook or saved HTML).
    ``published`` draws a dashed line at the publication date.
    """
    import altair as alt
    import pandas as pd

    data = timeline_frame(record, dates)
    article_lanes = list(dict.fromkeys(data.loc[data["kind"] == "article", "lane"]))
    record_lanes = [c for c in RECORD_LANES if c in set(data["lane"])]
    record_lanes += sorted(set(data.loc[data["kind"] == "record", "lane"]) - set(record_lanes))
    lanes = article_lanes + record_lanes
    colors = alt.Scale(domain=lanes, range=[ARTICLE_COLOR] * len(article_lanes)
                       + [CATEGORY_COLORS.get(c, "#777777") for c in record_lanes])
    brush = alt.selection_interval(encodings=["x"], name="zoom")
    n_rec = int((data["kind"] == "record").sum())
    n_art = len(article_lanes)
    span = f"from {data['start'].min():%B %Y} to {data['end'].max():%B %Y}" if len(data) else "(no dated rows)"
    description = (f"Timeline {span}. {n_rec} documented events in {len(record_lanes)} lanes by category, each "
                   f"a bar from its first to its last day (a dot for a single day); above them, {n_art} date "
                   "expressions from the article, each a grey interval showing how much the phrase leaves open. "
                   "An overview strip below zooms the main chart.")
    tooltip = [
        alt.Tooltip("label:N", title="what"), alt.Tooltip("date:N", title="when"),
        alt.Tooltip("lane:N", title="lane"), alt.Tooltip("status:N", title="status"),
        alt.Tooltip("detail:N", title="detail"), alt.Tooltip("source:N", title="source"),
    ]
    lo, hi = (data["start"].min(), data["end"].max()) if len(data) else (pd.NaT, pd.NaT)
    x = alt.X("start:T", title=None, scale=alt.Scale(domain=brush), axis=_time_axis(lo, hi, grid=True))
    y = alt.Y("lane:N", sort=lanes, title=None, axis=alt.Axis(labelLimit=280))
    base = alt.Chart(data)
    bars = base.mark_bar(height=10, cornerRadius=2, opacity=0.75, clip=True).encode(
        x=x, x2="end:T", y=y, color=alt.Color("lane:N", scale=colors, legend=None), tooltip=tooltip,
    ).transform_filter("datum.kind == 'article'")
    spans = base.mark_bar(height=8, opacity=0.45, clip=True).encode(
        x=x, x2="end:T", y=y, color=alt.Color("lane:N", scale=colors, legend=None), tooltip=tooltip,
    ).transform_filter("datum.kind == 'record'")
    dots = base.mark_circle(size=48, opacity=0.9, clip=True).encode(
        x=x, y=y, color=alt.Color("lane:N", scale=colors, legend=None), tooltip=tooltip,
    ).transform_filter("datum.kind == 'record'")
    layers: list[Any] = [spans, dots, bars]
    if published is not None:
        pub = pd.DataFrame({"start": _naive([str(published)]), "label": [f"published {published}"]})
        layers.append(alt.Chart(pub).mark_rule(strokeDash=[4, 3], color="#333333").encode(
            x=x, tooltip=alt.Tooltip("label:N", title="article")))
    main = alt.layer(*layers).properties(width=width, height=22 * max(1, len(lanes)))
    overview = alt.Chart(data).mark_tick(thickness=2, size=10, opacity=0.7).encode(
        x=alt.X("start:T", title="drag here to zoom", axis=_time_axis(lo, hi)),
        color=alt.Color("lane:N", scale=colors, legend=None),
    ).add_params(brush).properties(width=width, height=24)
    return alt.vconcat(main, overview, spacing=6).properties(
        title=title or "Turkey, the S-400 and the F-35: the documented record and the article's dates",
        description=description,
    )


def date_claims_chart(comparison: pd.DataFrame, *, title: str | None = None, width: int = 560) -> alt.LayerChart:
    """For each dated claim, the interval the article implies beside the one the record documents.

    ``comparison`` is :func:`kit.timeline.compare_dates`. Each claim gets two thin bars (one-day
    intervals show as dots); the verdict is printed at the left of each row's label.
    """
    import altair as alt
    import pandas as pd

    rows = []
    for c in comparison.to_dict("records"):
        label = f"{c['phrase']} ({c['verdict']})"
        for side, lo, hi, words in (("the article implies", c["implied_start"], c["implied_end"], c["implies"]),
                                    ("the record says", c["record_start"], c["record_end"], c["record_says"])):
            if not isinstance(lo, str) or not isinstance(hi, str):
                continue
            rows.append({"claim": label, "side": side, "start": lo, "end": hi,
                         "when": lo if lo == hi else f"{lo} to {hi}", "words": words, "verdict": c["verdict"],
                         "source": _first_url(c["source_url"]) if side == "the record says" else "the article"})
    data = pd.DataFrame(rows, columns=["claim", "side", "start", "end", "when", "words", "verdict", "source"])
    data["start"] = _naive(data["start"])
    data["end"] = _naive(data["end"]) + pd.Timedelta(days=1)
    for col in ("claim", "side", "when", "words", "verdict", "source"):
        data[col] = data[col].astype(object)
    order = list(dict.fromkeys(data["claim"]))
    contradicted = [c["phrase"] for c in comparison.to_dict("records") if c["verdict"] == "contradicted"]
    description = (f"For {len(order)} dated claims of the article, one bar (red, labelled 'the article "
                   "implies') shows the dates its wording implies and one (blue, 'the record says') the dates the "
                   "documented record gives. "
                   + (f"The record contradicts: {'; '.join(contradicted)}." if contradicted else
                      "The record contradicts none of them."))
    side_scale = alt.Scale(domain=list(SIDE_COLORS), range=list(SIDE_COLORS.values()))
    enc = {
        "x": alt.X("start:T", title=None, scale=alt.Scale(padding=8),
                   axis=alt.Axis(format="%Y", tickCount="year", grid=True)),
        "y": alt.Y("claim:N", sort=order, title=None, axis=alt.Axis(
            labelLimit=300,
            labelColor=alt.ExprRef(f"indexof(datum.label, 'contradicted') >= 0 ? '{CONTRADICTED_COLOR}' : '#222'"),
            labelFontWeight=alt.ExprRef("indexof(datum.label, 'contradicted') >= 0 ? 'bold' : 'normal'"))),
        "yOffset": alt.YOffset("side:N", sort=list(SIDE_COLORS)),
        "color": alt.Color("side:N", scale=side_scale, title=None, legend=alt.Legend(orient="bottom")),
        "tooltip": [alt.Tooltip("claim:N"), alt.Tooltip("side:N", title=" "), alt.Tooltip("when:N"),
                    alt.Tooltip("words:N", title="in words"), alt.Tooltip("source:N")],
    }
    base = alt.Chart(data)
    bars = base.mark_bar(height=8, cornerRadius=2).encode(x2="end:T", **enc)
    dots = base.mark_circle(size=40).encode(**enc)
    return alt.layer(bars, dots).properties(
        title=title or "What the article implies, and what the record says",
        description=description, width=width, height=44 * max(1, len(order)),
    )


def _day(value: Any, last: bool = False) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a full ISO day (first or last day of the period)."""
    if value is None or not str(value).strip():
        return None
    import calendar

    parts = str(value).strip()[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
        day = int(parts[2]) if len(parts) > 2 else (calendar.monthrange(year, month)[1] if last else 1)
    except (ValueError, IndexError):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def timeline_spec(dates: pd.DataFrame, record: pd.DataFrame | None = None, *, width: int = WIDTH) -> dict[str, Any]:
    """Dated mentions in the article (bars from earliest to latest) against the documented record.

    ``dates`` needs ``text``, ``earliest``, ``latest`` and ``precision`` (the ``dates`` table).
    ``record`` (optional) needs ``earliest``/``latest`` or ``start_date``/``end_date`` (partial
    dates such as ``2016`` or ``2016-11`` cover the whole year or month) and a ``headline``.
    Undated rows are left out. Dates are naive days, so no time zone can shift them.
    """
    rows: list[dict[str, Any]] = []
    kinds = ("in the article", "documented record")
    record_lane = "documented record"
    resolved = dates[dates["earliest"].notna() & dates["latest"].notna()] if len(dates) else dates
    lanes: list[str] = []
    for r in spec_rows(resolved, ["text", "earliest", "latest", "precision"]):
        lane = f"“{r['text']}”"
        if lane not in lanes:
            lanes.append(lane)
        rows.append({"lane": lane, "kind": kinds[0], "start": r["earliest"], "end": r["latest"],
                     "label": f"{r['text']} ({r['precision'] or 'unresolved'})"})
    n_article = len(rows)
    if record is not None and len(record):
        lo, hi = ("earliest", "latest") if "earliest" in record.columns else ("start_date", "end_date")
        label = next((c for c in ("headline", "event", "text") if c in record.columns), None)
        if lo in record.columns:
            cols = [lo] + ([hi] if hi in record.columns else []) + ([label] if label else [])
            for r in spec_rows(record, cols):
                start, end = _day(r[lo]), _day(r.get(hi) or r[lo], last=True)
                if start and end:
                    rows.append({"lane": record_lane, "kind": kinds[1], "start": start, "end": end,
                                 "label": str(r.get(label) or "") if label else ""})
    n_record = len(rows) - n_article
    if n_record:
        lanes.append(record_lane)
    desc = (f"Timeline of {n_article} dated expressions from the article"
            + (f" and {n_record} documented events" if n_record else "") + ", by date; bars span the days "
            "a vague expression allows.")
    lane = {"field": "lane", "type": "nominal", "title": None, "sort": lanes, "axis": {"labelLimit": 180}}
    color = {"field": "kind", "type": "nominal", "title": None, "legend": {"orient": "bottom"},
             "scale": {"domain": list(kinds), "range": list(KIND_COLORS)}}
    return {
        "$schema": SCHEMA,
        "title": {"text": "When things happened", "subtitle": "dates the article gives vs the documented record"},
        "description": desc,
        "width": width,
        "height": {"step": 22},
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "bar", "height": 12, "opacity": 0.35},
             "encoding": {"x": {"field": "start", "type": "temporal", "title": None,
                                "axis": {"format": "%Y", "labelOverlap": True, "tickCount": "year"}},
                          "x2": {"field": "end"}, "y": lane, "color": color}},
            {"mark": {"type": "tick", "thickness": 2, "size": 16},
             "encoding": {"x": {"field": "start", "type": "temporal"}, "y": lane, "color": color,
                          "tooltip": [{"field": "label", "type": "nominal"},
                                      {"field": "start", "type": "temporal", "format": "%d %b %Y"}]}},
        ],
        "config": {"view": {"stroke": None}},
    }
