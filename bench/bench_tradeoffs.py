"""How long one slider move takes in the tradeoff explorer, against the old vl-convert redraw in the same run.

Measured on the bundled data with Turkey's weights, medians of repeated runs, in CPU time of this
process (``time.process_time``, all threads, so vl-convert's engine thread counts; the machine is
shared, so wall time is printed beside it but means less):

* model      — rank + exact break-evens + the summary sentence (kit.tradeoffs);
* recompute  — model + both chart specs as the widget builds them (cached template + data);
* altair     — model + both charts built as Altair objects and serialised (``to_dict``), for scale;
* redraw     — what the user waits for after a slider release: the explorer's full update (model,
  specs, both SVGs, widget values), drawn directly (``renderer="direct"``, the default) and the old
  way (``renderer="vl-convert"``), as interleaved pairs so that both see the same load.

Not measured: sending the widget state to the browser (no front-end here); the SVG sizes printed show
what that message carries. Aims: recompute <= 20 ms, redraw <= 60 ms.
Run: ``.venv/bin/python bench/bench_tradeoffs.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable


def cost(fn: Callable[[], object]) -> tuple[float, float]:
    """One call of ``fn``: (CPU ms, wall ms)."""
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def medians(fns: list[Callable[[], object]], repeat: int) -> list[tuple[float, float]]:
    """Median (CPU ms, wall ms) of each of ``fns``, run interleaved ``repeat`` times after one warm-up each."""
    for fn in fns:
        fn()
    runs: list[list[tuple[float, float]]] = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            runs[i].append(cost(fn))
    return [(statistics.median(c for c, _ in r), statistics.median(w for _, w in r)) for r in runs]


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

    direct = TradeoffExplorer(model)
    old = TradeoffExplorer(model, renderer="vl-convert")
    values = [7.5, 8.0, 8.5, 7.0]

    def mover(explorer: TradeoffExplorer) -> Callable[[], None]:
        def move() -> None:
            state["i"] += 1
            explorer.sliders["air_defence"].value = values[state["i"] % len(values)]
        return move

    (m, m_wall), (rc, rc_wall) = medians([model_only, recompute], args.repeat)
    ((alt_ms, alt_wall),) = medians([altair_baseline], max(3, args.repeat // 6))
    (new, new_wall), (base, base_wall) = medians([mover(direct), mover(old)], args.repeat)
    new_kb = (len(direct.ranking_view.value) + len(direct.sensitivity_view.value)) / 1024
    old_kb = (len(old.ranking_view.value) + len(old.sensitivity_view.value)) / 1024

    def line(what: str, cpu: float, wall: float, note: str = "") -> None:
        print(f"{what:<46} {cpu:8.2f} ms CPU {wall:8.2f} ms wall  {note}")

    print(f"medians of {args.repeat} interleaved runs")
    line("model alone (rank + break-even + sentence)", m, m_wall)
    line("recompute (model + both chart specs)", rc, rc_wall, f"aim <= 20 ms: {'met' if rc <= 20 else 'MISSED'}")
    line("model + Altair objects to_dict (for scale)", alt_ms, alt_wall)
    line("full redraw, old: specs -> vl-convert SVGs", base, base_wall)
    verdict = "met" if new <= 60 else "MISSED"
    line("full redraw, new: SVGs drawn from the model", new, new_wall, f"aim <= 60 ms: {verdict}")
    print(f"{'speed-up of the full redraw (old / new)':<46} {base / new:8.2f} x CPU {base_wall / new_wall:8.2f} x wall")
    print(f"{'both SVGs, old / new':<46} {old_kb:8.1f} KB     {new_kb:8.1f} KB      (sent to the browser per move)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
