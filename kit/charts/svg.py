"""Drawing pieces for the charts the kit draws as SVG itself: text, wrapping, axes, the accessible frame.

The kit draws a few simple charts without a chart engine, where people wait for them: the explorer's
two charts after every slider move (:mod:`kit.charts.tradeoffs_svg`) and the report's three charts
(:mod:`kit.charts.report_svg`), which would otherwise start vl-convert's JavaScript engine in every
report kernel. This module holds what they share. Every piece of text is escaped (labels come from
article text, which is untrusted); sizes are in SVG units, and the frame scales to its container.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

PAD = 8
INK = "#222222"
SUBTLE = "#555555"
GRID = "#dddddd"
AXIS = "#888888"
FONT = "Helvetica, Arial, sans-serif"


def esc(text: object) -> str:
    """``text`` safe inside an SVG element or attribute."""
    return html.escape(str(text), quote=True)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate of a sans-serif string's width (no font metrics in the kernel).

    Half the font size per character, capitals and digits a little more (``PERSON`` is wider than
    ``person``); bold a tenth more.
    """
    wide = sum(1 for ch in text if ch.isupper() or ch.isdigit())
    return (len(text) * 0.5 + wide * 0.16) * size * (1.12 if bold else 1.0)


def fit(text: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width``."""
    if text_width(text, size) <= width:
        return text
    keep = max(1, int(width / (size * 0.5)) - 1)
    while keep > 1 and text_width(text[:keep] + "…", size) > width:
        keep -= 1
    return text[:keep].rstrip() + "…"


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap of ``text`` into lines that fit ``width`` (a word too long for a line is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if text_width(trial, size, bold=bold) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return [fit(x, size, width) for x in lines] or [""]


def num(x: float) -> str:
    """A coordinate with at most one decimal (short, and the same on every machine)."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def text(x: float, y: float, content: str, *, size: float = 12, fill: str = INK, anchor: str = "start",
         bold: bool = False) -> str:
    """One ``<text>`` element, escaped."""
    weight = ' font-weight="bold"' if bold else ""
    end = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return (f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" fill="{fill}"{end}{weight}>'
            f"{esc(content)}</text>")


def rect(x: float, y: float, width: float, height: float, fill: str, *, opacity: float | None = None,
         css_class: str = "") -> str:
    """One ``<rect>`` (at least half a unit wide, so a zero still shows)."""
    alpha = f' fill-opacity="{opacity:g}"' if opacity is not None else ""
    cls = f'class="{css_class}" ' if css_class else ""
    return (f'<rect {cls}x="{num(x)}" y="{num(y)}" width="{num(max(width, 0.5))}" height="{num(height)}" '
            f'fill="{fill}"{alpha}/>')


def line(x1: float, y1: float, x2: float, y2: float, stroke: str, *, width: float | None = None) -> str:
    """One ``<line>``."""
    thick = f' stroke-width="{width:g}"' if width is not None else ""
    return f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{stroke}"{thick}/>'


def title_text(title: Any) -> str:
    """A spec's title as one string (a string, a list of lines, or ``{"text": ...}``)."""
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title or "")


def header(title: dict[str, Any], width: float, *, x: float = PAD) -> tuple[list[str], float]:
    """Title (bold) and subtitle lines, wrapped to ``width``; returns the parts and the y below them."""
    parts, y = [], 4.0
    for row in wrap(title_text(title), 14, width, bold=True):
        y += 17
        parts.append(text(x, y, row, size=14, bold=True))
    sub = (title.get("subtitle") or []) if isinstance(title, dict) else []
    for piece in [sub] if isinstance(sub, str) else sub:
        for row in wrap(str(piece), 12, width):
            y += 15
            parts.append(text(x, y, row, fill=SUBTLE))
    return parts, y + 10


def x_axis(ticks: list[tuple[float, str]], scale: Callable[[float], float], ends: tuple[float, float],
           top: float, bottom: float, title: str = "", *, zero: float | None = 0.0) -> list[str]:
    """Vertical grid lines from ``top`` to ``bottom``, the axis line over ``ends``, tick labels and a title.

    ``ticks``: (value, label) pairs; the grid line at ``zero`` is drawn darker.
    """
    x_from, x_to = scale(ends[0]), scale(ends[1])
    parts = [line(x_from, bottom, x_to, bottom, AXIS)]
    for value, label in ticks:
        x = scale(value)
        parts.append(line(x, top, x, bottom, AXIS if value == zero else GRID))
        parts.append(text(x, bottom + 14, label, size=11, fill=SUBTLE, anchor="middle"))
    if title:
        parts.append(text((x_from + x_to) / 2, bottom + 31, title, anchor="middle", bold=True))
    return parts


def frame(title: Any, description: str, size: tuple[float, float], body: list[str], css_class: str, *,
          max_width: float | None = None) -> str:
    """The whole SVG, with ``role="img"``, an ``aria-label`` (title and description), ``<title>`` and ``<desc>``.

    With ``max_width`` it is drawn at its container's width, never wider than that many pixels (the
    explorer); without, at its own ``size`` in pixels, which the page may scale down (the report).
    """
    name = title_text(title)
    label = ": ".join(x for x in (name, description) if x)
    width, height = size
    shown = (f'width="100%" preserveAspectRatio="xMinYMin meet" '
             f'style="display:block;max-width:{num(max_width)}px;height:auto"' if max_width is not None
             else f'width="{num(width)}" height="{num(height)}"')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kit-chart {css_class}" viewBox="0 0 {num(width)} '
        f'{num(height)}" {shown} font-family="{FONT}" '
        f'role="img" aria-label="{esc(label)}"><title>{esc(name)}</title><desc>{esc(description)}</desc>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )
