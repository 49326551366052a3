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
    from collections.abc import Callable, Sequence

    import altair as alt
    import pandas as pd

RENDERER = "kit-svg"
#: The Vega-Lite version of the specs the kit writes by hand (the report's charts).
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
#: Width of a report chart, in pixels.
WIDTH = 460
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def _title_text(spec: dict[str, Any]) -> str:
    from kit.charts.svg import title_text

    return title_text(spec.get("title", ""))


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


def plain_value(v: Any) -> Any:
    """A table cell as a JSON-ready value (NA -> None, numpy scalars -> Python)."""
    if v is None or (isinstance(v, float) and v != v) or type(v).__name__ in ("NAType", "NaTType"):
        return None
    return v.item() if hasattr(v, "item") else v


def spec_rows(df: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of ``df`` as a spec's inline data (only ``columns``, JSON-ready values)."""
    cols = [df[c].tolist() for c in columns]
    return [dict(zip(columns, map(plain_value, values), strict=True)) for values in zip(*cols, strict=True)]


class Figure:
    """A chart spec that shows itself as static, accessible SVG and saves itself as SVG or PNG.

    ``name`` becomes the file name (``entities`` -> ``entities.svg``); only letters, digits,
    hyphens and underscores are kept, so a name can never point outside the output folder.
    ``draw`` turns the spec into SVG (the report's charts use :mod:`kit.charts.report_svg`, which needs
    no chart engine); without it vl-convert renders the spec.
    """

    def __init__(self, name: str, spec: dict[str, Any], draw: Callable[[dict[str, Any]], str] | None = None) -> None:
        safe = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")
        self.name = safe or "chart"
        self.spec = spec
        self._draw = draw or svg_from_spec
        self._svg: str | None = None

    @property
    def svg(self) -> str:
        """The chart as SVG (drawn once)."""
        if self._svg is None:
            self._svg = self._draw(self.spec)
        return self._svg

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"image/svg+xml": self.svg, "text/plain": f"<Chart: {_title_text(self.spec) or self.name}>"}

    def save(self, folder: str | Path, *, scale: float = 2.0) -> list[Path]:
        """Write ``<name>.svg`` and ``<name>.png`` into ``folder`` (atomically); return the paths."""
        import vl_convert as vlc

        out = Path(folder)
        return [
            atomic_write_text(out / f"{self.name}.svg", self.svg),
            # From the SVG already drawn: a third of the time of rendering the spec again.
            atomic_write_bytes(out / f"{self.name}.png", vlc.svg_to_png(self.svg, scale=scale)),
        ]
