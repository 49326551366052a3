"""Benchmark: the newsroom report, each figure against a baseline measured in the same run.

    .venv/bin/python bench/bench_report.py                      # a few minutes on 2 busy cores
    .venv/bin/python bench/bench_report.py --pairs 5 --batch 50 --batch-repeat 2

Three measurements, each printed as a small table:

* **(a) one report**: `kit report` on the bundled article (``--force``, so it really runs) against a
  bare `papermill` run of a trivial two-cell notebook (the cost of starting a kernel), as paired,
  interleaved runs of the two commands. Medians of wall time and of CPU time (the process and its
  kernel, from ``getrusage(RUSAGE_CHILDREN)``) and their ratios. Aim: wall ratio <= 1.3x.
* **(b) a batch**: ``run_reports`` on ``--batch`` synthetic articles (``kit.corpus.synth``, seeded)
  with ``--jobs 2``, in a fresh process each, the warm kernel pool against the old path of one
  papermill kernel per article (``warm=False``), alternated. Articles per second (aim >= 2/s) and
  CPU seconds per article.
* **(c) kit.analyze** in-process over synthetic articles, articles per second, against only building
  the Articles (the baseline every analysis pays).

Wall-clock figures on a shared machine move with its load; the ratios (both sides measured in the
same minutes) and the CPU seconds are the figures to compare between runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _trivial_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('x: int = 1  # a parameter')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("x + 1")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    path = folder / "trivial.ipynb"
    nbformat.write(nb, path)
    return path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], cwd: Path, tree: Path = ROOT) -> tuple[float, float]:
    """Wall and CPU seconds (the command and every process it waited for, kernels included).

    ``tree``: the kit checkout the command (and its kernels) import.
    """
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(tree)})
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:3])} failed:\n{proc.stderr[-2000:]}")
    return took, _children_cpu() - cpu


def bench_one(pairs: int, before: Path | None = None) -> dict[str, list[tuple[float, float]]]:
    """Paired, interleaved runs of `kit report` (bundled article) and bare papermill (trivial notebook).

    With ``before`` (another checkout of the kit, e.g. ``git archive`` of an older commit), its
    `kit report` runs in the same rounds too.
    """
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        folder = Path(tmp)
        trivial = _trivial_notebook(folder)
        papermill = [str(BIN / "papermill"), str(trivial), str(folder / "out.ipynb"), "-p", "x", "2",
                     "--no-progress-bar", "--log-level", "ERROR"]
        report = [sys.executable, "-m", "kit.cli", "report", str(ROOT / "data" / "raw" / "s400_f35_article.txt"),
                  "--out", str(folder / "reports"), "--force"]
        order = [("papermill", papermill, ROOT), ("kit report", report, ROOT)]
        if before is not None:
            order.append(("kit report, before", report, before))
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in order}
        for i in range(pairs):  # rotate which goes first, so drifting load hits all alike
            for name, cmd, tree in order[i % len(order):] + order[:i % len(order)]:
                times[name].append(run(cmd, folder, tree))
        return times


BATCH = """\
import sys
from kit.report.build import run_reports
batch = run_reports(sys.argv[3:], sys.argv[1], jobs=2, progress=False, force=True, warm=sys.argv[2] == "warm")
sys.exit(0 if batch.ok else f"{len(batch.failed)} failed: {batch.failed[0].error}")
"""


def bench_batch(n: int, repeat: int) -> dict[str, list[tuple[float, float]]]:
    """Whole-process wall and CPU seconds of a batch of ``n`` articles, warm pool vs one kernel per article."""
    from kit.corpus.synth import write_folder

    with tempfile.TemporaryDirectory(prefix="kit-bench-batch-") as tmp:
        folder = Path(tmp)
        articles = sorted(str(p) for p in write_folder(folder / "articles", n, seed=0).glob("*.txt"))
        times: dict[str, list[tuple[float, float]]] = {"warm": [], "old": []}
        for i in range(repeat):
            for mode in ("warm", "old") if i % 2 == 0 else ("old", "warm"):
                cmd = [sys.executable, "-c", BATCH, str(folder / f"out-{mode}"), mode, *articles]
                times[mode].append(run(cmd, folder))
        return times


def bench_analyze(n: int) -> tuple[float, float]:
    """Articles per second for kit.analyze, and for building the Articles only (baseline)."""
    import kit
    from kit.corpus.synth import iter_articles

    rows = list(iter_articles(n, seed=0))
    meta_keys = ("title", "outlet", "byline", "published", "url", "language")

    def build() -> list[kit.Article]:
        return [kit.Article.from_text(r["text"], {k: r.get(k) for k in meta_keys}, source=r["id"]) for r in rows]

    kit.analyze(build()[0])  # warm-up: imports, gazetteer and lexicon caches
    start = time.perf_counter()
    articles = build()
    built = time.perf_counter() - start
    start = time.perf_counter()
    for art in articles:
        kit.analyze(art)
    analysed = time.perf_counter() - start
    return n / analysed, n / built


def _median(pairs: list[tuple[float, float]], which: int) -> float:
    return statistics.median(p[which] for p in pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5, help="paired runs for (a) (default 5)")
    parser.add_argument("--batch", type=int, default=30, help="articles in the batch of (b) (default 30)")
    parser.add_argument("--batch-repeat", type=int, default=1, help="runs of each path in (b) (default 1)")
    parser.add_argument("--articles", type=int, default=100, help="articles for (c) (default 100)")
    parser.add_argument("--skip", default="", help="letters of the parts to skip, e.g. 'c'")
    parser.add_argument("--before", type=Path, default=None,
                        help="another kit checkout whose `kit report` (a) also times, e.g. from "
                             "`git archive COMMIT | tar -x -C DIR`")
    args = parser.parse_args(argv)

    if "a" not in args.skip:
        one = bench_one(args.pairs, args.before)
        pm_w, pm_c = _median(one["papermill"], 0), _median(one["papermill"], 1)
        print(f"(a) one report, {args.pairs} paired runs, medians (wall s / CPU s incl. kernel; ratio to papermill)")
        print("    | command                              | wall s | CPU s | wall ratio | CPU ratio |")
        labels = {"papermill": "bare papermill, trivial notebook", "kit report": "kit report, bundled article",
                  "kit report, before": f"the same, {args.before}"}
        for name, times in one.items():
            wall, cpu = _median(times, 0), _median(times, 1)
            print(f"    | {labels[name][:36]:36} | {wall:6.2f} | {cpu:5.2f} | {wall / pm_w:9.2f}x "
                  f"| {cpu / pm_c:8.2f}x |")
        print("    (aim: kit report <= 1.3x bare papermill, wall)")
    if "b" not in args.skip:
        batch = bench_batch(args.batch, args.batch_repeat)
        print(f"(b) batch of {args.batch} synthetic articles, --jobs 2, whole process, median of {args.batch_repeat}")
        print("    | path                                 | articles/s | CPU s/article | 2 idle cores: articles/s |")
        rates = {}
        for mode, label in (("old", "one papermill kernel per article"), ("warm", "warm kernels (default)")):
            wall, cpu = _median(batch[mode], 0), _median(batch[mode], 1)
            rates[mode] = args.batch / wall
            ceiling = 2 * args.batch / cpu  # what the CPU time allows with both cores free
            print(f"    | {label:36} | {rates[mode]:10.2f} | {cpu / args.batch:13.2f} | {ceiling:24.2f} |")
        print(f"    | warm / old (aim: >= 2 articles/s)    | {rates['warm'] / rates['old']:9.2f}x |")
        print(f"    (machine load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    if "c" not in args.skip:
        rate, build_rate = bench_analyze(args.articles)
        print(f"(c) kit.analyze: {rate:.1f} articles/s over {args.articles} synthetic articles "
              f"({1000 / rate:.1f} ms each); building the Articles alone: {build_rate:.0f}/s "
              f"(analysis costs {build_rate / rate:.0f}x that)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
