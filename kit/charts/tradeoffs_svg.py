"""The explorer's two charts drawn as SVG straight from the model's numbers, in well under a millisecond.

The widget redraws both charts after every slider move. Rendering their Vega-Lite specs with
vl-convert costs ~70 ms each, most of a redraw; these are two simple charts (bars with labels, and
one line per criterion), so the kit draws them itself from the same rows, title and description as
:func:`kit.charts.tradeoffs.ranking_spec` / ``sensitivity_spec``. The Altair functions stay the
charts for notebooks and exports.

Each SVG is accessible (``role="img"``, ``aria-label`` = title + description, ``<title>``/``<desc>``,
a hover ``<title>`` per row), uses the palette of :mod:`kit.charts.tradeoffs`, escapes every piece of
text (labels are untrusted) and scales to its container: a ``viewBox`` with ``width="100%"`` and a
maximum width, and a layout (labels above the marks) that stays readable at 360 px.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kit.charts.svg import GRID, INK, PAD, SUBTLE, esc, fit, frame, header, num, text, text_width, x_axis
from kit.charts.tradeoffs import (
    _SENS_TITLE,
    DOWN,
    NOTE_COLOR,
    OTHER,
    TOP,
    UP,
    _domain,
    _ranking_description,
    _ranking_rows,
    _ranking_title,
    _sensitivity_description,
    _sensitivity_rows,
)

if TYPE_CHECKING:
    import pandas as pd

    from kit.charts.tradeoffs import Rows

#: Width of the drawing in SVG units: at 360 px on screen its 12-unit text is still ~11 px.
VIEW_WIDTH = 380
#: The widest it is drawn on screen (it never grows past this, so text stays at most ~15 px).
MAX_WIDTH = 460


def _svg(title: dict[str, Any], description: str, height: float, body: list[str], css_class: str) -> str:
    return frame(title, description, (VIEW_WIDTH, height), body, css_class, max_width=MAX_WIDTH)


def _axis(ticks: list[float], scale: Any, ends: tuple[float, float], top: float, bottom: float,
          title: str) -> list[str]:
    """The x axis with plain number labels (the darker line at 0)."""
    return x_axis([(v, f"{v:g}") for v in ticks], scale, ends, top, bottom, title)


# ---- ranking ---------------------------------------------------------------------------------


def ranking_svg_from_rows(rows: Rows, method: str, title: dict[str, Any], description: str) -> str:
    """The ranking chart drawn from :func:`kit.charts.tradeoffs._ranking_rows` (best option on top)."""
    from kit.tradeoffs.model import UNITS

    lo, hi = _domain(method)
    # Room on the left for a "-100" tick, on the right for a "100.0" label past the longest bar.
    left, right = PAD + (12 if lo < 0 else 4), VIEW_WIDTH - PAD - 34
    span = right - left

    def scale(v: float) -> float:
        return left + (min(max(v, lo), hi) - lo) / (hi - lo) * span

    parts, top = header(title, VIEW_WIDTH - 2 * PAD)
    row_h = 36
    marks = []
    for i, r in enumerate(rows):
        y = top + i * row_h
        score = float(r["score"])
        x0, x1 = sorted((scale(0.0), scale(score)))
        tip = f"{r['label']}: {r['score_text']}" + (
            f", {num(float(r['behind_top']))} behind the top" if not r["is_top"] else ", the top option"
        )
        marks.append(
            f"<g><title>{esc(tip)}</title>"
            + text(left, y + 12, fit(str(r["label"]), 12, VIEW_WIDTH - PAD - left))
            + f'<rect x="{num(x0)}" y="{num(y + 17)}" width="{num(max(x1 - x0, 0.5))}" height="14" '
            f'fill="{TOP if r["is_top"] else OTHER}"/>'
            + text(scale(max(score, 0.0)) + 4, y + 28, str(r["score_text"]))
            + "</g>"
        )
    bottom = top + len(rows) * row_h + 2
    step = 20 if lo == 0 else 50
    ticks = [float(v) for v in range(int(lo), int(hi) + 1, step)]
    parts += _axis(ticks, scale, (lo, hi), top, bottom, f"Score ({UNITS[method]})") + marks
    return _svg(title, description, bottom + 40, parts, "kit-ranking-chart")


def ranking_svg(ranking: pd.DataFrame, *, subtitle: str | list[str] | None = None) -> str:
    """The explorer's ranking chart as SVG: same rows, title and description as ``ranking_spec``."""
    method = str(ranking["method"].iloc[0])
    rows = _ranking_rows(ranking)
    return ranking_svg_from_rows(rows, method, _ranking_title(method, subtitle), _ranking_description(rows, method))


# ---- sensitivity -----------------------------------------------------------------------------


def _triangle(x: float, y: float, direction: str, colour: str) -> str:
    s = 6.0 if direction == "increase" else -6.0
    points = f"{num(x + s)},{num(y)} {num(x - s * 0.4)},{num(y - 5)} {num(x - s * 0.4)},{num(y + 5)}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _legend(y: float) -> list[str]:
    """Dot = current weight, right triangle = raising it, left triangle = lowering it."""
    return [
        f'<circle cx="{PAD + 5}" cy="{num(y - 4)}" r="4.5" fill="{INK}"/>',
        text(PAD + 14, y, "current weight", size=11, fill=SUBTLE),
        _triangle(PAD + 112, y - 4, "increase", UP),
        text(PAD + 124, y, "raise it", size=11, fill=SUBTLE),
        _triangle(PAD + 184, y - 4, "decrease", DOWN),
        text(PAD + 194, y, "lower it", size=11, fill=SUBTLE),
    ]


def sensitivity_svg_from_rows(rows: Rows, slider_max: float, title: dict[str, Any], description: str) -> str:
    """The break-even chart drawn from :func:`kit.charts.tradeoffs._sensitivity_rows`, one band per criterion."""
    left, right = PAD + 6, VIEW_WIDTH - PAD - 8  # room for the dot and the arrow heads at 0 and at the maximum
    span = right - left
    width = VIEW_WIDTH - 2 * PAD

    def scale(v: float) -> float:
        return left + min(max(v, 0.0), slider_max) / slider_max * span

    parts, top = header(title, width)
    parts += _legend(top + 2)
    top += 14
    by_criterion: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_criterion.setdefault(str(r["criterion_id"]), []).append(r)
    marks, y = [], top
    for group in by_criterion.values():
        first = group[0]
        hits = [r for r in group if r["hit"]]
        weight = float(first["weight"])
        band = [text(PAD, y + 12, fit(str(first["criterion_label"]), 12, width)),
                f'<line x1="{num(left)}" y1="{num(y + 24)}" x2="{num(right)}" y2="{num(y + 24)}" '
                f'stroke="{GRID}" stroke-width="4" stroke-linecap="round"/>']
        notes: list[tuple[str, str]] = []  # (text, direction)
        for r in hits:
            colour = UP if r["direction"] == "increase" else DOWN
            x_end = scale(float(r["x_end"]))
            band.append(f'<line x1="{num(scale(weight))}" y1="{num(y + 24)}" x2="{num(x_end)}" '
                        f'y2="{num(y + 24)}" stroke="{colour}" stroke-width="2"/>')
            band.append(_triangle(x_end, y + 24, str(r["direction"]), colour))
            notes.append((str(r["text"]), str(r["direction"])))
        band.append(f'<circle cx="{num(scale(weight))}" cy="{num(y + 24)}" r="4.5" fill="{INK}"/>')
        # Lowering on the left, raising on the right: one line when both fit, else one line each.
        notes.sort(key=lambda n: n[1] != "decrease")
        texts = [("◀ " + t if d == "decrease" else t + " ▶", d) for t, d in notes]
        together = sum(text_width(t, 11) for t, _ in texts) + 16 <= width
        line_y = y + 24
        for i, (t, d) in enumerate(texts):
            if i == 0 or not together:
                line_y += 15
            colour = UP if d == "increase" else DOWN
            room = width - 16 - text_width(texts[1 - i][0], 11) if together and len(texts) == 2 else width
            shown = fit(t, 11, room)
            if d == "decrease":
                band.append(text(PAD, line_y, shown, size=11, fill=colour))
            else:
                band.append(text(VIEW_WIDTH - PAD, line_y, shown, size=11, fill=colour, anchor="end"))
        if not hits:
            line_y += 15
            band.append(text(PAD, line_y, str(first["none_text"]) or "no single-weight change flips it",
                              size=11, fill=NOTE_COLOR))
        tip = f"{first['criterion_label']}: weight {num(weight)}" + "".join(f"; {t}" for t, _ in notes)
        marks.append(f"<g><title>{esc(tip)}</title>{''.join(band)}</g>")
        y = line_y + 10
    bottom = y
    ticks = [float(v) for v in range(0, int(slider_max) + 1)] if slider_max <= 12 else [0.0, slider_max]
    parts += _axis(ticks, scale, (0.0, slider_max), top, bottom, "Weight (slider scale)") + marks
    return _svg(title, description, bottom + 40, parts, "kit-sensitivity-chart")


def sensitivity_svg(sensitivity: pd.DataFrame, *, slider_max: float = 10.0) -> str:
    """The explorer's break-even chart as SVG: same rows, title and description as ``sensitivity_spec``."""
    rows = _sensitivity_rows(sensitivity, slider_max)
    return sensitivity_svg_from_rows(rows, float(slider_max), dict(_SENS_TITLE), _sensitivity_description(rows))
