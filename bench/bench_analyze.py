"""``kit.analyze`` on many short articles in one process: articles per second with NER off and on, and
what the verification findings cost, against a reference checkout measured in the same run.

100 synthetic articles (``kit.corpus.synth``, seed 1) are built first (the Article is not timed),
one is analysed to warm up the caches (gazetteer, lexicons, spaCy model), then all are analysed in
turn, three ways:

* ``NER off``: ``analyze(article, ner=False)``, every table (the aim of issue #17: 60/s);
* ``NER on``: ``analyze(article)``, every table, spaCy NER included (what a report makes);
* ``findings``: the CPU time ``NER off`` spends on the ``findings`` table: every table, minus every
  table but ``findings`` (ms per article).

Each checkout runs in its own worker process: this one, and a reference copy of the kit (``--ref``,
default ``/work/ref``; any earlier checkout works), alternating, ``--repeat`` times; the medians are
printed. CPU time is the figure to read on a busy machine (wall time is shown beside it).

    PYTHONPATH=. python bench/bench_analyze.py [--n 100] [--ref /work/ref] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
WAYS = ("ner_off", "ner_on", "no_findings")


def worker(n: int, seed: int) -> None:
    """Run in a child process: analyze ``n`` synthetic articles each way, print JSON timings."""
    from kit.analysis import TABLES, analyze
    from kit.article import Article

    try:
        from kit.corpus.synth import iter_articles
    except ImportError:  # an older layout of the kit
        from kit.synth import iter_articles  # type: ignore[no-redef]

    articles = [Article.from_text(r["text"], {k: v for k, v in r.items() if k != "text"})
                for r in iter_articles(n, seed=seed)]
    but_findings = [t for t in TABLES if t != "findings"]
    ways = {
        "ner_off": lambda a: analyze(a, ner=False),
        "ner_on": lambda a: analyze(a),
        "no_findings": lambda a: analyze(a, ner=False, tables=but_findings),
    }
    out: dict[str, dict[str, float]] = {}
    for name in WAYS:
        ways[name](articles[0])  # warm-up
        wall, cpu = time.perf_counter(), time.process_time()
        for article in articles:
            ways[name](article)
        out[name] = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    print(json.dumps({"n": n, **out}))


def run(root: Path, n: int, seed: int) -> dict:
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
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, alternating; medians are printed")
    args = parser.parse_args()
    if args.worker is not None:
        worker(args.worker, args.seed)
        return
    roots = {"this checkout": args.root.resolve()}
    if str(args.ref) and args.ref.exists():
        roots["reference (before)"] = args.ref.resolve()
    runs: dict[str, list[dict]] = {label: [] for label in roots}
    for _ in range(args.repeat):
        for label, root in roots.items():
            runs[label].append(run(root, args.n, args.seed))
    med: dict[str, dict[str, float]] = {}
    for label, rs in runs.items():
        med[label] = {f"{way}_{clock}": statistics.median(r[way][clock] for r in rs)
                      for way in WAYS for clock in ("wall", "cpu")}
    n = args.n
    print(f"{n} synthetic articles, medians of {args.repeat} alternating runs per checkout")
    print(f"{'checkout':20} {'NER off /s CPU':>15} {'(wall)':>8} {'NER on /s CPU':>14} {'(wall)':>8} "
          f"{'findings ms CPU':>16}")
    for label, m in med.items():
        findings_ms = 1000 * (m["ner_off_cpu"] - m["no_findings_cpu"]) / n
        print(f"{label:20} {n / m['ner_off_cpu']:15.1f} {n / m['ner_off_wall']:8.1f} {n / m['ner_on_cpu']:14.1f} "
              f"{n / m['ner_on_wall']:8.1f} {findings_ms:16.1f}")
    if len(med) == 2:
        a, b = med["this checkout"], med["reference (before)"]
        fa = a["ner_off_cpu"] - a["no_findings_cpu"]
        fb = b["ner_off_cpu"] - b["no_findings_cpu"]
        print(f"speed-up (CPU): NER off x{b['ner_off_cpu'] / a['ner_off_cpu']:.2f}, "
              f"NER on x{b['ner_on_cpu'] / a['ner_on_cpu']:.2f}, findings x{fb / fa:.2f}")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
