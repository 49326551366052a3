"""How long one slider move takes in the tradeoff explorer.

Measured in the same run, median of several repeats, on the bundled data with Turkey's weights:

* model      — rank + exact break-evens + the summary sentence (kit.tradeoffs);
* recompute  — model + both chart specs as the widget builds them (cached template + data);
* altair     — baseline: model + both charts built as Altair objects and serialised (``to_dict``);
* redraw     — what the user waits for in the widget: recompute + both SVGs (vl-convert) + widget update.

Aim: recompute <= 20 ms. Run: ``.venv/bin/python bench/bench_tradeoffs.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` in milliseconds (after one warm-up call)."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per measurement (default 30)")
    args = parser.parse_args(argv)

    from kit.charts import tradeoffs as ct
    from kit.tradeoffs import model as t
    from kit.tradeoffs.explorer import TradeoffExplorer

    model = t.load_model()
    weights = t.stakeholder_weights(t.load_weights(), "turkey")
    moves = [dict(weights, air_defence=v) for v in (7.0, 7.5, 8.0, 8.5)]
    state = {"i": 0}

    def next_weights() -> dict[str, float]:
        state["i"] += 1
        return moves[state["i"] % len(moves)]

    def model_only() -> None:
        w = next_weights()
        r, s = t.rank(model, w), t.breakeven(model, w)
        t.summarize(model, w, ranking=r, sensitivity=s)

    def recompute() -> None:
        w = next_weights()
        r, s = t.rank(model, w), t.breakeven(model, w)
        t.summarize(model, w, ranking=r, sensitivity=s)
        ct.ranking_spec(r, subtitle="Point of view: custom weights")
        ct.sensitivity_spec(s)

    def altair_baseline() -> None:
        w = next_weights()
        r, s = t.rank(model, w), t.breakeven(model, w)
        t.summarize(model, w, ranking=r, sensitivity=s)
        ct.ranking_chart(r, subtitle="Point of view: custom weights").to_dict()
        ct.sensitivity_chart(s).to_dict()

    explorer = TradeoffExplorer(model)
    values = [7.5, 8.0, 8.5, 7.0]

    def redraw() -> None:
        state["i"] += 1
        explorer.sliders["air_defence"].value = values[state["i"] % len(values)]

    m = timed(model_only, args.repeat)
    rc = timed(recompute, args.repeat)
    alt_ms = timed(altair_baseline, max(5, args.repeat // 3))
    full = timed(redraw, max(5, args.repeat // 3))
    print(f"model alone (rank + break-even + sentence): {m:7.2f} ms")
    verdict = "met" if rc <= 20 else "MISSED"
    print(f"recompute (model + both chart specs):       {rc:7.2f} ms   target <= 20 ms: {verdict}")
    print(f"baseline: model + Altair objects to_dict:   {alt_ms:7.2f} ms")
    print(f"ratio recompute / model alone:              {rc / m:7.2f} x")
    print(f"speed-up of templates over Altair baseline: {alt_ms / rc:7.2f} x")
    print(f"full widget redraw (+ 2 SVGs, vl-convert):  {full:7.2f} ms   (what a slider release costs end to end)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
