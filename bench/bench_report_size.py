"""How big the editor's report page gets as the article grows: report.html bytes / article bytes.

Articles of about 10 KB, 100 KB, 360 KB and 1 MB are made by joining synthetic articles
(``kit.corpus.synth``, seeded, no title, no network). Each one is built with ``kit report``'s own
``build_report`` twice in the same run: by this checkout and by a reference checkout (``--ref``,
default ``/work/main``: the main branch, before the caps), each in a fresh process whose
``PYTHONPATH`` (inherited by the kernel) points at that checkout. The aim (issue #17) is a page of at
most 2 x the text + 300 KB; the breakdown shows where the bytes go (the annotated text, the charts, the
tables, everything else).

Sizes are bytes on disk, so they do not depend on the machine's load; the run takes minutes because
the analysis itself is timed by ``bench_growth.py``, not here.

    PYTHONPATH=. python bench/bench_report_size.py [--ref /work/main] [--sizes 10 100 360 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SIZES_KB = (10, 100, 360, 1000)


def bound(text_bytes: int) -> int:
    """The aim for the page: twice the text plus 300 KB."""
    return 2 * text_bytes + 300_000


def breakdown(page: str) -> dict[str, int]:
    """Bytes of the page by part: annotated text (<details>), charts (<figure>), tables, the rest."""
    total = len(page.encode("utf-8"))

    def size(pattern: str) -> int:
        return sum(len(m.encode("utf-8")) for m in re.findall(pattern, page, re.S))

    parts = {"annotated": size(r"<details>.*?</details>"), "charts": size(r'<figure class="kit-chart">.*?</figure>'),
             "tables": size(r'<div class="kit-table">.*?</div>')}
    parts["rest"] = total - sum(parts.values())
    return {"total": total, **parts}


def worker(article: Path, out: Path) -> None:
    """In a child process: build the report with the checkout on PYTHONPATH; print the page's breakdown."""
    from kit.report.build import build_report

    result = build_report(article, out, force=True, timeout=3600)
    page = (out / result.slug / "report.html").read_text(encoding="utf-8")
    print(json.dumps(breakdown(page)))


def measure(checkout: Path, article: Path, out: Path) -> dict[str, int]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", str(article), str(out)],
                          cwd=checkout, env=env, capture_output=True, text=True, timeout=7200)
    if proc.returncode != 0:
        raise SystemExit(f"{checkout}: the report of {article.name} failed: {proc.stderr.strip()[-800:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="/work/main", help="checkout measured as 'before' ('' to skip)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES_KB), help="article sizes in KB")
    parser.add_argument("--worker", nargs=2, metavar=("ARTICLE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(Path(args.worker[0]), Path(args.worker[1]))
        return 0
    checkouts = [("after", HERE)] + ([("before", Path(args.ref))] if args.ref else [])
    print(f"report.html bytes / article bytes; aim: <= 2 x text + 300 KB. after = {HERE.name}, "
          f"before = {args.ref or '(skipped)'}")
    print(f"{'article':>9} {'text B':>10} | {'which':>6} {'report B':>10} {'x text':>7} {'aim B':>10} {'ok':>3} | "
          f"{'annotated':>9} {'charts':>8} {'tables':>7} {'rest':>7}")
    from kit.corpus.synth import long_text

    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="kit-bench-size-") as tmp:
        for kb in args.sizes:
            text = long_text(kb * 1000)
            article = Path(tmp) / f"long-{kb}k.txt"
            article.write_text(text, encoding="utf-8")
            n = len(text.encode("utf-8"))
            for which, checkout in checkouts:
                got = measure(checkout, article, Path(tmp) / which)
                ok = got["total"] <= bound(n)
                if which == "after":
                    worst = max(worst, got["total"] / bound(n))
                print(f"{kb:>7}KB {n:>10,} | {which:>6} {got['total']:>10,} {got['total'] / n:>7.2f} "
                      f"{bound(n):>10,} {'yes' if ok else 'NO':>3} | {got['annotated']:>9,} {got['charts']:>8,} "
                      f"{got['tables']:>7,} {got['rest']:>7,}", flush=True)
    print(f"after: the largest page is {worst:.0%} of its aim")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
