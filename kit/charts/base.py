"""The offline chart renderer and savers shared by every chart.

Altair's default renderer loads Vega from a CDN and draws nothing offline; its ``mimetype``
renderer breaks nbformat validation. The kit renders charts to SVG with vl-convert instead:
static, deterministic (so nbval can compare stored outputs) and visible with the network cut.
The chart's title and ``description`` go into the SVG's ``<title>``/``<desc>`` and an
``aria-label``, so screen readers can announce them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.paths import atomic_write_bytes, atomic_write_text

if TYPE_CHECKING:
    import altair as alt

RENDERER = "kit-svg"
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def _title_text(spec: dict[str, Any]) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title)


def svg_from_spec(spec: dict[str, Any]) -> str:
    """Render a Vega-Lite spec (dict) to SVG with an accessible title and description."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec)
    title = html.escape(_title_text(spec))
    desc = html.escape(str(spec.get("description", "")))
    label = html.escape(": ".join(x for x in (_title_text(spec), str(spec.get("description", ""))) if x))
    match = _SVG_OPEN.search(svg)
    if match is None:
        return svg
    head = match.group(0)[:-1] + f' role="img" aria-label="{label}">'
    return svg[: match.start()] + head + f"<title>{title}</title><desc>{desc}</desc>" + svg[match.end():]


def to_svg(chart: alt.TopLevelMixin) -> str:
    """An Altair chart as an accessible, self-contained SVG string (no network)."""
    return svg_from_spec(chart.to_dict())


def _renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    title = _title_text(spec) or "chart"
    return {"image/svg+xml": svg_from_spec(spec), "text/plain": f"<Chart: {title}>"}


def enable_offline() -> None:
    """Make Altair charts display as static SVG (offline, deterministic) in notebooks."""
    import altair as alt

    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, _renderer)
    alt.renderers.enable(RENDERER)


def save(chart: alt.TopLevelMixin, path: str | Path, *, scale: float = 2.0) -> Path:
    """Save a chart as .svg, .png or self-contained .html (Vega inlined), atomically."""
    import vl_convert as vlc

    target = Path(path)
    spec = chart.to_dict()
    suffix = target.suffix.lower()
    if suffix == ".svg":
        return atomic_write_text(target, svg_from_spec(spec))
    if suffix == ".png":
        return atomic_write_bytes(target, vlc.vegalite_to_png(spec, scale=scale))
    if suffix == ".html":
        return atomic_write_text(target, vlc.vegalite_to_html(spec, bundle=True))
    raise ValueError(f"{target.name}: cannot save a chart as {suffix or 'no suffix'}; use .svg, .png or .html")
