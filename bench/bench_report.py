"""Benchmark: the newsroom report, against a bare papermill run measured in the same run.

    .venv/bin/python bench/bench_report.py            # about 30 s
    .venv/bin/python bench/bench_report.py --repeat 3 --articles 200

Two numbers:

* **(a) `kit report` on the bundled article** (wall time of the command, ``--force`` so it really
  runs) against **a bare `papermill` run of a trivial two-cell notebook** (the cost of starting
  a kernel). Aim: at most 2x. Both are measured as the command-line tools a user runs, best of
  ``--repeat`` runs.
* **(b) `kit.analyze` over synthetic articles in-process** (``kit.synth``, seeded), articles per
  second, against the aim of 50/s and against the cost of only building the Articles (the
  baseline every analysis pays).
"""

from __future__ import annotations

import argparse
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


def _wall(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:3])} failed:\n{proc.stderr[-2000:]}")
    return took


def bench_report(repeat: int) -> tuple[float, float]:
    """Best wall time of `kit report` (bundled article) and of a bare papermill run."""
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        folder = Path(tmp)
        trivial = _trivial_notebook(folder)
        papermill = [str(BIN / "papermill"), str(trivial), str(folder / "out.ipynb"), "-p", "x", "2",
                     "--no-progress-bar", "--log-level", "ERROR"]
        report = [str(BIN / "kit"), "report", str(ROOT / "data" / "raw" / "s400_f35_article.txt"), "--out",
                  str(folder / "reports"), "--force"]
        bare, kit_times = [], []
        for _ in range(repeat):  # interleaved, so machine load hits both alike
            bare.append(_wall(papermill, folder))
            kit_times.append(_wall(report, folder))
        return min(kit_times), min(bare)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs of (a), best kept (default 2)")
    parser.add_argument("--articles", type=int, default=100, help="articles for (b) (default 100)")
    args = parser.parse_args(argv)

    kit_s, bare_s = bench_report(args.repeat)
    print(f"(a) kit report, bundled article: {kit_s:.2f} s; bare papermill, trivial notebook: {bare_s:.2f} s; "
          f"ratio {kit_s / bare_s:.2f}x (aim <= 2x)")
    rate, build_rate = bench_analyze(args.articles)
    print(f"(b) kit.analyze: {rate:.1f} articles/s over {args.articles} synthetic articles "
          f"({1000 / rate:.1f} ms each); {rate / 50:.2f}x the 50/s aim; "
          f"building the Articles alone: {build_rate:.0f}/s (analysis costs {build_rate / rate:.0f}x that)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
