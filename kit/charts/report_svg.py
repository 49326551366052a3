"""The report's three charts drawn as SVG straight from their Vega-Lite specs, without a chart engine.

A report kernel would otherwise start vl-convert's JavaScript engine (a third of a second to more
than a second) only to draw two bar charts and a timeline, which is most of what ``kit report`` adds
to a bare papermill run. These drawers read everything from the spec the report already builds
(:func:`kit.charts.entities.entity_mentions_spec`, :func:`kit.charts.sources.sourcing_spec`,
:func:`kit.charts.timeline.timeline_spec`): its rows, order, colours, titles and description, so the
spec stays the one description of each chart and vl-convert still renders it anywhere else.

Only the few shapes those specs use are understood (horizontal bars with an optional count beside
each bar; date intervals in lanes with a tick at their start). Each mark carries a hover ``<title>``,
every text is escaped (names come from the article), and the drawing is deterministic.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from kit.charts.svg import PAD, SUBTLE, esc, fit, frame, header, rect, text, text_width, x_axis

#: Width of a report chart in SVG units (and pixels: the page scales it down on a narrow screen).
VIEW_WIDTH = 620
#: The longest lane or category label, in SVG units (Vega-Lite's ``labelLimit``).
LABEL_LIMIT = 210
LABEL_SIZE = 11
FALLBACK_COLOUR = "#555555"


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec.get("layer") or [spec]


def _mark(layer: dict[str, Any]) -> str:
    mark = layer.get("mark", "")
    return str(mark.get("type", "") if isinstance(mark, dict) else mark)


def _colours(encoding: dict[str, Any]) -> tuple[str | None, dict[str, str]]:
    """The colour field and its value -> colour map (from the scale's domain and range)."""
    colour = encoding.get("color") or {}
    scale = colour.get("scale") or {}
    return colour.get("field"), dict(zip(scale.get("domain", []), scale.get("range", []), strict=False))


def _order(rows: list[dict[str, Any]], field: str, sort: Any) -> list[str]:
    """Categories top to bottom: the spec's sort list (those with rows), then any others in row order."""
    present = list(dict.fromkeys(str(r[field]) for r in rows))
    listed = [str(v) for v in sort] if isinstance(sort, list) else []
    return [v for v in listed if v in present] + [v for v in present if v not in listed]


def _nice_step(span: float, most: int, *, integer: bool = False) -> float:
    """A 1-2-5 step giving at most ``most`` intervals over ``span`` (whole numbers with ``integer``)."""
    if span <= 0:
        return 1.0
    raw = span / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return max(1.0, math.ceil(step)) if integer else step


def _legend(entries: list[tuple[str, str]], title: str, top: float, width: float) -> tuple[list[str], float]:
    """Swatches and names in rows that fit ``width``; returns the parts and the y below them."""
    if not entries:
        return [], top
    parts, x, y = [], PAD, top + 12
    if title:
        parts.append(text(x, y, title, size=LABEL_SIZE, bold=True))
        x += text_width(title, LABEL_SIZE, bold=True) + 10
    for name, colour in entries:
        need = 16 + text_width(name, LABEL_SIZE)
        if x + need > width - PAD and x > PAD:
            x, y = PAD, y + 16
        parts.append(rect(x, y - 9, 10, 10, colour))
        parts.append(text(x + 14, y, name, size=LABEL_SIZE))
        x += need + 12
    return parts, y + 8


def _labels_column(names: list[str]) -> float:
    """The width the category or lane labels need (at most :data:`LABEL_LIMIT`)."""
    return min(LABEL_LIMIT, max((text_width(n, LABEL_SIZE) for n in names), default=0.0))


def _empty(spec: dict[str, Any], css_class: str, note: str) -> str:
    parts, y = header(spec.get("title") or {}, VIEW_WIDTH - 2 * PAD)
    parts.append(text(PAD, y + 12, note, fill=SUBTLE))
    return frame(spec.get("title"), str(spec.get("description", "")), (VIEW_WIDTH, y + 28), parts, css_class)


# ---- bars ------------------------------------------------------------------------------------


def bars_svg(spec: dict[str, Any]) -> str:
    """Horizontal bars of a kit bar spec: one bar per category (y), its length the value (x).

    Understands a ``bar`` layer (y nominal with a ``sort`` list, x quantitative with an optional scale
    domain and ``tickMinStep``, colour by a field with a domain and range, a legend unless ``legend`` is
    None) and an optional ``text`` layer whose value is written past the end of each bar.
    """
    layers = _layers(spec)
    bar = next(layer for layer in layers if _mark(layer) == "bar")
    words = next((layer for layer in layers if _mark(layer) == "text"), None)
    enc = bar["encoding"]
    y_field, x_field = enc["y"]["field"], enc["x"]["field"]
    rows = [r for r in spec.get("data", {}).get("values", []) if r.get(x_field) is not None]
    if not rows:
        return _empty(spec, "kit-bars", "Nothing to chart.")
    by_name = {str(r[y_field]): r for r in rows}
    names = _order(rows, y_field, enc["y"].get("sort"))
    colour_field, colours = _colours(enc)
    label_field = words["encoding"]["text"]["field"] if words else None

    x_enc = enc["x"]
    domain = (x_enc.get("scale") or {}).get("domain")
    top_value = max(float(r[x_field]) for r in rows)
    integer = (x_enc.get("axis") or {}).get("tickMinStep") == 1
    step = _nice_step(float(domain[1] - domain[0]) if domain else top_value, 10, integer=integer)
    lo, hi = (float(domain[0]), float(domain[1])) if domain else (0.0, math.ceil(top_value / step) * step or step)

    labels_w = _labels_column(names)
    left = PAD + labels_w + 8
    right = VIEW_WIDTH - PAD - (24 if label_field else 10)

    def scale(v: float) -> float:
        return left + (min(max(v, lo), hi) - lo) / (hi - lo) * (right - left)

    parts, top = header(spec.get("title") or {}, VIEW_WIDTH - 2 * PAD)
    band = float((spec.get("height") or {}).get("step", 20))
    x_title = str(x_enc.get("title") or x_field)
    marks = []
    for i, name in enumerate(names):
        r = by_name[name]
        y = top + i * band
        value = float(r[x_field])
        fill = colours.get(str(r.get(colour_field)), FALLBACK_COLOUR) if colour_field else FALLBACK_COLOUR
        tip = f"{name}: {value:g} {x_title}"
        if colour_field and colour_field != y_field:
            tip += f" ({r.get(colour_field)})"
        if label_field:
            tip += f"; {label_field.replace('_', ' ')} {r.get(label_field)}"
        mark = [text(left - 6, y + band / 2 + 4, fit(name, LABEL_SIZE, labels_w), size=LABEL_SIZE, anchor="end"),
                rect(scale(lo), y + band * 0.1, scale(value) - scale(lo), band * 0.8, fill, css_class="kit-bar")]
        if label_field:
            mark.append(text(scale(value) + 4, y + band / 2 + 4, str(r.get(label_field)), size=LABEL_SIZE))
        marks.append(f"<g><title>{esc(tip)}</title>{''.join(mark)}</g>")
    bottom = top + len(names) * band
    count = round((hi - lo) / step)
    ticks = [(lo + k * step, f"{lo + k * step:g}") for k in range(count + 1)]
    parts += x_axis(ticks, scale, (lo, hi), top, bottom, x_title) + marks
    height = bottom + 42
    legend = (enc.get("color") or {}).get("legend", {})
    if colour_field and colour_field != y_field and legend is not None:
        present = {str(r.get(colour_field)) for r in rows}
        entries = [(k, c) for k, c in colours.items() if k in present]
        legend_parts, height = _legend(entries, str(enc["color"].get("title") or ""), height - 4, VIEW_WIDTH)
        parts += legend_parts
    return frame(spec.get("title"), str(spec.get("description", "")), (VIEW_WIDTH, height), parts, "kit-bars")


# ---- timeline --------------------------------------------------------------------------------


def _day(value: Any) -> dt.date | None:
    """An ISO date (``YYYY-MM-DD``, or the first ten characters of a timestamp) as a date; else None."""
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


#: The shortest span a timeline shows, in days: one date alone sits in a month, not across the chart.
MIN_SPAN_DAYS = 31


def _padded(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The span to draw: ``first`` to ``last``, widened evenly to at least :data:`MIN_SPAN_DAYS`."""
    short = MIN_SPAN_DAYS - (last - first).days
    if short <= 0:
        return first, last
    return first - dt.timedelta(days=short // 2), last + dt.timedelta(days=short - short // 2)


def _time_ticks(first: dt.date, last: dt.date, width: float) -> list[tuple[dt.date, str]]:
    """Tick dates and labels for a span drawn ``width`` units wide: years, months, or weeks (Mondays)."""
    days = max((last - first).days, 1)
    per_day = width / days
    if days <= 120:
        weeks = next(s for s in (1, 2, 4) if s * 7 * per_day >= 44)
        day = first + dt.timedelta(days=(-first.weekday()) % 7)
        ticks = []
        while day <= last:
            ticks.append((day, day.strftime("%d %b").lstrip("0")))
            day += dt.timedelta(weeks=weeks)
        return ticks
    if days > 730:
        years = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if s * 365.25 * per_day >= 34)
        start = first.year + (-first.year) % years
        if dt.date(start, 1, 1) < first:
            start += years
        return [(dt.date(y, 1, 1), str(y)) for y in range(start, last.year + 1, years)]
    months = next(s for s in (1, 2, 3, 6, 12) if s * 30.4 * per_day >= 52)
    index = first.year * 12 + first.month - 1 + (0 if first.day == 1 else 1)
    index += (-index) % months
    ticks = []
    while (day := dt.date(index // 12, index % 12 + 1, 1)) <= last:
        ticks.append((day, day.strftime("%b %Y")))
        index += months
    return ticks


def timeline_svg(spec: dict[str, Any]) -> str:
    """Lanes of date intervals (a pale bar from start to end, a tick at the start), coloured by kind.

    Reads the first layer's encoding: y (the lane, with its ``sort`` list), x and x2 (ISO dates),
    colour (kind -> colour) and the bar's height; rows without a readable date are left out.
    """
    layers = _layers(spec)
    enc = layers[0]["encoding"]
    lane_field, start_field = enc["y"]["field"], enc["x"]["field"]
    end_field = (enc.get("x2") or {}).get("field", start_field)
    rows = []
    for r in spec.get("data", {}).get("values", []):
        start, end = _day(r.get(start_field)), _day(r.get(end_field))
        if start is not None:
            rows.append((r, start, max(end or start, start)))
    if not rows:
        return _empty(spec, "kit-timeline", "No date could be placed on a calendar.")
    lanes = _order([r for r, _, _ in rows], lane_field, enc["y"].get("sort"))
    colour_field, colours = _colours(enc)
    bar_mark = layers[0].get("mark") if isinstance(layers[0].get("mark"), dict) else {}
    bar_h = float(bar_mark.get("height", 12))
    opacity = float(bar_mark.get("opacity", 0.35))

    first, last = _padded(min(s for _, s, _ in rows), max(e for _, _, e in rows) + dt.timedelta(days=1))
    labels_w = _labels_column(lanes)
    left, right = PAD + labels_w + 8, VIEW_WIDTH - PAD - 4
    span_days = max((last - first).days, 1)

    def scale(day: float) -> float:
        return left + (day - first.toordinal()) / span_days * (right - left)

    parts, top = header(spec.get("title") or {}, VIEW_WIDTH - 2 * PAD)
    band = float((spec.get("height") or {}).get("step", 22))
    lane_y = {lane: top + i * band for i, lane in enumerate(lanes)}
    for lane, y in lane_y.items():
        parts.append(text(left - 6, y + band / 2 + 4, fit(lane, LABEL_SIZE, labels_w), size=LABEL_SIZE,
                          anchor="end"))
    bottom = top + len(lanes) * band
    ticks = [(float(day.toordinal()), label) for day, label in _time_ticks(first, last, right - left)
             if abs(scale(day.toordinal()) - VIEW_WIDTH / 2) + text_width(label, 11) / 2 <= VIEW_WIDTH / 2 - 2]
    parts += x_axis(ticks, scale, (first.toordinal(), last.toordinal()), top, bottom, zero=None)
    marks: list[str] = []
    for r, start, end in rows:
        fill = colours.get(str(r.get(colour_field)), FALLBACK_COLOUR) if colour_field else FALLBACK_COLOUR
        mid = lane_y[str(r[lane_field])] + band / 2
        x0, x1 = scale(start.toordinal()), scale(end.toordinal() + 1)
        when = start.strftime("%d %b %Y") + ("" if end == start else " – " + end.strftime("%d %b %Y"))
        tip = f"{r.get('label') or r[lane_field]}: {when}"
        marks.append(f"<g><title>{esc(tip)}</title>"
                     + rect(x0, mid - bar_h / 2, x1 - x0, bar_h, fill, opacity=opacity, css_class="kit-bar")
                     + rect(x0 - 1, mid - 8, 2, 16, fill) + "</g>")
    parts += marks
    entries = [(k, c) for k, c in colours.items() if any(str(r.get(colour_field)) == k for r, _, _ in rows)]
    legend_parts, height = _legend(entries, "", bottom + 22, VIEW_WIDTH)
    parts += legend_parts
    return frame(spec.get("title"), str(spec.get("description", "")), (VIEW_WIDTH, height + 4), parts,
                 "kit-timeline")

