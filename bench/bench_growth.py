"""How ``kit.analyze`` grows with the article: seconds per size, MB/s and the fitted exponent.

The article is the bundled one's paragraphs repeated (joined by blank lines) 1x, 10x, 100x and
300x, then up to ~5 MB. Each size runs in a fresh worker process, once for this checkout and once
for a reference copy of the kit (``--ref``, default ``/work/ref``; any earlier checkout works), so
the before/after ratio is measured in the same run on the same machine. A size is skipped when the
time predicted from the sizes measured so far exceeds the budget (``--budget``, 120 s); skipped
sizes are listed.

Building the Article (normalise, paragraphs, sentences) is timed apart from ``analyze``: the
sentence splitter has its own benchmark (``bench_article.py``).

The exponent is the slope of a least-squares line through log(seconds) against log(bytes), over
the sizes from ``--fit-from`` MB up (default 0.9, i.e. about 1 MB to 5 MB); a linear pipeline has
an exponent near 1, a quadratic one near 2.

    PYTHONPATH=. python bench/bench_growth.py [--ref /work/ref] [--budget 120] [--no-ner]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
COPIES = (1, 10, 100, 300)
TARGET_MB = 5.0


def seed_paragraphs(root: Path) -> list[str]:
    text = (root / "data" / "raw" / "s400_f35_article.txt").read_text(encoding="utf-8")
    return [p for p in text.split("\n") if p.strip()]


def article_text(paragraphs: list[str], copies: int) -> str:
    return "\n\n".join(paragraphs * copies)


def copies_for_mb(paragraphs: list[str], mb: float) -> int:
    one = len(article_text(paragraphs, 1).encode("utf-8")) + 2
    return max(1, round(mb * 1_000_000 / one))


def worker(copies: int, ner: bool = True) -> None:
    """Run in a child process: build and analyze one size (spaCy's NER on or off), print JSON timings."""
    from kit.analysis import analyze
    from kit.article import Article

    text = article_text(seed_paragraphs(Path.cwd()), copies)
    start = time.perf_counter()
    article = Article.from_text(text, {"published": "2025-12-17"})
    built, cpu = time.perf_counter(), time.process_time()
    analyze(article, ner=ner)
    done = time.perf_counter()
    print(json.dumps({"bytes": len(text.encode("utf-8")), "build": built - start, "analyze": done - built,
                      "cpu": time.process_time() - cpu}))


def run(root: Path, copies: int, ner: bool = True) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(copies), *([] if ner else ["--no-ner"])],
        cwd=root, env=env, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(seconds) on log(bytes)."""
    if len(points) < 2:
        return None
    xs = [math.log(b) for b, _ in points]
    ys = [math.log(max(s, 1e-9)) for _, s in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else None


def predict(points: list[tuple[float, float]], size: float) -> float:
    """Seconds predicted at ``size`` bytes from the two largest sizes measured (at least linear)."""
    (b1, s1), (b2, s2) = points[-2], points[-1]
    k = max(1.0, math.log(max(s2, 1e-9) / max(s1, 1e-9)) / math.log(b2 / b1)) if b2 > b1 else 2.0
    return s2 * (size / b2) ** k


def series(label: str, root: Path, sizes: list[int], budget: float, fit_from: float,
           clock: str = "wall", ner: bool = True) -> dict[int, dict]:
    print(f"\n== {label}: {root} (NER {'on' if ner else 'off'})")
    print(f"{'copies':>7} {'MB':>6} {'build s':>8} {'analyze s':>10} {'CPU s':>8} {'MB/s':>7}")
    results: dict[int, dict] = {}
    points: list[tuple[float, float]] = []
    cpu_points: list[tuple[float, float]] = []
    paragraphs = seed_paragraphs(HERE)
    for copies in sizes:
        size = len(article_text(paragraphs, copies).encode("utf-8"))
        if len(points) >= 2 and (guess := predict(cpu_points if clock == "cpu" else points, size)) > budget:
            print(f"{copies:>7} {size / 1e6:6.2f}  skipped: predicted {guess:.0f} s > budget {budget:.0f} s")
            continue
        r = run(root, copies, ner)
        results[copies] = r
        points.append((r["bytes"], r["analyze"]))
        cpu_points.append((r["bytes"], r["cpu"]))
        print(f"{copies:>7} {r['bytes'] / 1e6:6.2f} {r['build']:8.2f} {r['analyze']:10.2f} {r['cpu']:8.2f} "
              f"{r['bytes'] / 1e6 / max(r['analyze'], 1e-9):7.2f}", flush=True)
    fit = [(b, s) for b, s in points if b >= fit_from * 1e6]
    k_all, k_big = exponent(points), exponent(fit)
    print(f"exponent (all sizes): {k_all:.2f}" if k_all is not None else "exponent: too few sizes")
    if k_big is not None:
        k_cpu = exponent([(b, s) for b, s in cpu_points if b >= fit_from * 1e6])
        print(f"exponent (>= {fit_from} MB, {len(fit)} sizes): {k_big:.2f} wall, {k_cpu:.2f} CPU")
    else:
        print(f"exponent (>= {fit_from} MB): too few sizes measured")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout to measure (default: this one)")
    parser.add_argument("--ref", type=Path, default=Path("/work/ref"),
                        help="a reference checkout of the kit to compare with ('' to skip)")
    parser.add_argument("--budget", type=float, default=120.0, help="skip sizes predicted to take longer (s)")
    parser.add_argument("--mb", type=float, nargs="*", default=[2.0, 3.5, TARGET_MB],
                        help="sizes in MB beyond the copies (default 2, 3.5 and 5)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="predict against the budget from wall or CPU seconds (cpu on a busy machine)")
    parser.add_argument("--only", action="store_true", help="measure only --root, no reference")
    parser.add_argument("--fit-from", type=float, default=0.9, help="fit the exponent from this size up (MB)")
    parser.add_argument("--no-ner", action="store_true", help="analyze without spaCy's NER (the rules alone)")
    args = parser.parse_args()
    if args.worker is not None:
        worker(args.worker, ner=not args.no_ner)
        return
    paragraphs = seed_paragraphs(HERE)
    sizes = sorted(set(COPIES) | {copies_for_mb(paragraphs, mb) for mb in args.mb})
    ner = not args.no_ner
    after = series("this checkout", args.root.resolve(), sizes, args.budget, args.fit_from, args.clock, ner)
    if str(args.ref) and args.ref.exists() and not args.only:
        before = series("reference (before)", args.ref.resolve(), sizes, args.budget, args.fit_from, args.clock, ner)
        print("\nspeed-up (reference analyze s / this analyze s):")
        for copies in sizes:
            if copies in after and copies in before:
                ratio = before[copies]["analyze"] / max(after[copies]["analyze"], 1e-9)
                print(f"{copies:>7} copies ({after[copies]['bytes'] / 1e6:.2f} MB): x{ratio:.1f}")


if __name__ == "__main__":
    main()
