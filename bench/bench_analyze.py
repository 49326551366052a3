"""``kit.analyze`` on many short articles in one process: articles per second, before and after.

100 synthetic articles (``kit.corpus.synth``, seed 1) are built first (the Article is not timed),
one is analysed to warm up the caches (gazetteer, lexicons), then all are analysed in turn. Each
checkout runs in its own worker process: this one, and a reference copy of the kit (``--ref``,
default ``/work/ref``; any earlier checkout works) so both are measured in the same run. Both wall
time and CPU time are reported: on a busy machine CPU time is the steadier number.

    PYTHONPATH=. python bench/bench_analyze.py [--n 100] [--ref /work/ref] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def worker(n: int, seed: int) -> None:
    """Run in a child process: analyze ``n`` synthetic articles, print JSON timings."""
    from kit.analysis import analyze
    from kit.article import Article

    try:
        from kit.corpus.synth import iter_articles
    except ImportError:  # an older layout of the kit
        from kit.synth import iter_articles  # type: ignore[no-redef]

    articles = [Article.from_text(r["text"], {k: v for k, v in r.items() if k != "text"})
                for r in iter_articles(n, seed=seed)]
    analyze(articles[0])
    wall, cpu = time.perf_counter(), time.process_time()
    for article in articles:
        analyze(article)
    print(json.dumps({"n": n, "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))


def run(root: Path, n: int, seed: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, __file__, "--worker", str(n), "--seed", str(seed)],
                         cwd=root, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=100, help="articles per run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout to measure (default: this one)")
    parser.add_argument("--ref", type=Path, default=Path("/work/ref"), help="reference checkout ('' to skip)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, alternating; the best is kept")
    args = parser.parse_args()
    if args.worker is not None:
        worker(args.worker, args.seed)
        return
    roots = {"this checkout": args.root.resolve()}
    if str(args.ref) and args.ref.exists():
        roots["reference (before)"] = args.ref.resolve()
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.repeat):
        for label, root in roots.items():
            r = run(root, args.n, args.seed)
            if label not in best or r["wall"] < best[label]["wall"]:
                best[label] = {**r, "wall": r["wall"], "cpu": min(r["cpu"], best.get(label, r)["cpu"])}
            elif r["cpu"] < best[label]["cpu"]:
                best[label]["cpu"] = r["cpu"]
    for label, r in best.items():
        print(f"{label:20} {roots[label]}: {r['n'] / r['wall']:6.1f} articles/s wall, "
              f"{r['n'] / r['cpu']:6.1f} articles/s CPU ({r['n']} articles, best of {args.repeat})")
    if len(best) == 2:
        a, b = best["this checkout"], best["reference (before)"]
        print(f"speed-up: x{b['wall'] / a['wall']:.2f} wall, x{b['cpu'] / a['cpu']:.2f} CPU")


if __name__ == "__main__":
    main()
