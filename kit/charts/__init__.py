"""Charts: pure functions from DataFrames to ``alt.Chart``, one module per topic.

``kit.charts.base`` holds what every chart shares: the offline renderer that notebooks enable
(static SVG with the chart's title and description for screen readers), and saving to
SVG/PNG/HTML without the network. Topic modules (``entities``, ``timeline``, ...) import altair
lazily through it, so ``import kit`` stays fast.
"""

from kit.charts.base import enable_offline, save, to_svg

__all__ = ["enable_offline", "save", "to_svg"]
