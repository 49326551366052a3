"""Charts for the newsroom report: who the article names, who it lets speak, when things happened.

Each chart is a pure function from a dossier table to a Vega-Lite spec (``*_spec``: a dict), with
a title and a ``description`` for screen readers; ``*_chart`` wraps the same spec as an
``alt.Chart`` for lessons. The report builds specs, not Altair objects, because importing Altair
costs more than a second in every report kernel, and vl-convert renders a spec directly.
:class:`Figure` displays a spec as static SVG in a notebook and saves it as SVG or PNG, offline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.charts.base import svg_from_spec

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WIDTH = 460
#: Colours of the sourcing categories (named = accountable, anonymous = weaker, none = weakest).
SOURCING_COLORS = {"named": "#1a4d8f", "anonymous": "#c05a00", "unattributed": "#8c8c8c"}
SOURCING_LABELS = {"named": "named source", "anonymous": "anonymous source", "unattributed": "no attribution"}


def _clean(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v) or type(v).__name__ in ("NAType", "NaTType"):
        return None
    return v.item() if hasattr(v, "item") else v


def _rows(df: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    cols = [df[c].tolist() for c in columns]
    return [dict(zip(columns, map(_clean, values), strict=True)) for values in zip(*cols, strict=True)]


def entity_mentions_spec(entities: pd.DataFrame, top_n: int = 10, *, width: int = WIDTH) -> dict[str, Any]:
    """Horizontal bars: mentions per entity, most mentioned first (the ``entities`` table)."""
    top = entities.head(top_n)
    rows = _rows(top, ["name", "label", "n_mentions"])
    order = [r["name"] for r in rows]
    if rows:
        lead = ", ".join(f"{r['name']} {r['n_mentions']}" for r in rows[:3])
        desc = f"Bar chart of mentions per entity for the {len(rows)} most mentioned entities; most: {lead}."
    else:
        desc = "No entities were found, so the chart is empty."
    return {
        "$schema": SCHEMA,
        "title": {"text": "Who and what the article names", "subtitle": f"mentions per entity, top {len(rows)}"},
        "description": desc,
        "width": width,
        "height": {"step": 18},
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": order, "title": None},
            "x": {"field": "n_mentions", "type": "quantitative", "title": "mentions", "axis": {"tickMinStep": 1}},
            "color": {"field": "label", "type": "nominal", "title": "label",
                      "scale": {"scheme": "tableau10"}},
        },
        "config": {"view": {"stroke": None}},
    }


def sourcing_spec(profile: pd.DataFrame, *, width: int = WIDTH) -> dict[str, Any]:
    """Bars: share of sentences whose strongest source is named, anonymous or missing (``sourcing``)."""
    rows = _rows(profile, ["sourcing", "n_sentences", "share"])
    for r in rows:
        r["category"] = SOURCING_LABELS.get(r["sourcing"], r["sourcing"])
        r["percent"] = round(100 * float(r["share"] or 0), 1)
    parts = ", ".join(f"{r['category']} {r['n_sentences']} ({r['percent']:g}%)" for r in rows)
    order = [SOURCING_LABELS.get(k, k) for k in SOURCING_COLORS]
    return {
        "$schema": SCHEMA,
        "title": {"text": "Who stands behind each sentence", "subtitle": "share of sentences by strongest source"},
        "description": f"Bar chart of sentences by sourcing: {parts}." if rows else "No sentences to chart.",
        "width": width,
        "height": {"step": 24},
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "bar", "tooltip": True},
             "encoding": {
                 "y": {"field": "category", "type": "nominal", "sort": order, "title": None},
                 "x": {"field": "percent", "type": "quantitative", "title": "% of sentences",
                       "scale": {"domain": [0, 100]}},
                 "color": {"field": "category", "type": "nominal", "legend": None,
                           "scale": {"domain": order, "range": list(SOURCING_COLORS.values())}},
             }},
            {"mark": {"type": "text", "align": "left", "dx": 4},
             "encoding": {
                 "y": {"field": "category", "type": "nominal", "sort": order},
                 "x": {"field": "percent", "type": "quantitative"},
                 "text": {"field": "n_sentences", "type": "quantitative"},
             }},
        ],
        "config": {"view": {"stroke": None}},
    }


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
    for r in _rows(resolved, ["text", "earliest", "latest", "precision"]):
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
            for r in _rows(record, cols):
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
             "scale": {"domain": list(kinds), "range": ["#c05a00", "#1a4d8f"]}}
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


def as_chart(spec: dict[str, Any]) -> alt.TopLevelMixin:
    """A spec as an Altair chart (for lessons that want to change it with Altair's API)."""
    import altair as alt

    kind = alt.LayerChart if "layer" in spec else alt.Chart
    return kind.from_dict(spec)


def entity_mentions_chart(entities: pd.DataFrame, top_n: int = 10) -> alt.TopLevelMixin:
    """:func:`entity_mentions_spec` as an ``alt.Chart``."""
    return as_chart(entity_mentions_spec(entities, top_n))


def sourcing_chart(profile: pd.DataFrame) -> alt.TopLevelMixin:
    """:func:`sourcing_spec` as an ``alt.LayerChart``."""
    return as_chart(sourcing_spec(profile))


def timeline_chart(dates: pd.DataFrame, record: pd.DataFrame | None = None) -> alt.TopLevelMixin:
    """:func:`timeline_spec` as an ``alt.LayerChart``."""
    return as_chart(timeline_spec(dates, record))


class Figure:
    """A chart spec that shows itself as static, accessible SVG and saves itself as SVG or PNG.

    ``name`` becomes the file name (``entities`` -> ``entities.svg``); only letters, digits,
    hyphens and underscores are kept, so a name can never point outside the output folder.
    """

    def __init__(self, name: str, spec: dict[str, Any]) -> None:
        safe = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")
        self.name = safe or "chart"
        self.spec = spec
        self._svg: str | None = None

    @property
    def svg(self) -> str:
        """The chart as SVG (rendered once)."""
        if self._svg is None:
            self._svg = svg_from_spec(self.spec)
        return self._svg

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        title = self.spec.get("title", {})
        text = title.get("text", "") if isinstance(title, dict) else str(title)
        return {"image/svg+xml": self.svg, "text/plain": f"<Chart: {text or self.name}>"}

    def save(self, folder: str | Path, *, scale: float = 2.0) -> list[Path]:
        """Write ``<name>.svg`` and ``<name>.png`` into ``folder`` (atomically); return the paths."""
        import vl_convert as vlc

        from kit.paths import atomic_write_bytes, atomic_write_text

        out = Path(folder)
        return [
            atomic_write_text(out / f"{self.name}.svg", self.svg),
            # From the SVG already drawn: a third of the time of rendering the spec again.
            atomic_write_bytes(out / f"{self.name}.png", vlc.svg_to_png(self.svg, scale=scale)),
        ]
