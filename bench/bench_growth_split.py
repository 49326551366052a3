"""Sentence splitting on punctuation-heavy text: growth at 1x / 10x / 100x, the kit against the old regex.

The old boundary regex, ``[.!?…]+[closers]*(?=\\s+\\S)``, backtracks through a whole run of
punctuation at every position of the run when no whitespace follows it, so a text such as
``"Turkey said " + "!?" * 100_000`` took minutes (quadratic). The kit now matches each run once and
checks closers and whitespace by index. Both are timed on the same texts in the same process; the
fitted exponent (slope of log time against log size) should be about 1 for the kit and 2 for the
old regex. The old regex only runs up to ``--old-max`` characters (10,000 by default: at 100,000 it takes minutes).
"""

from __future__ import annotations

import argparse
import math
import re

from timing import best_of

from kit.article import _CLOSERS, Article, _boundaries

OLD_BOUNDARY = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s+\S)")


def old_boundaries(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in OLD_BOUNDARY.finditer(text)]


def hostile(size: int) -> str:
    """One run of punctuation that grows with the text, with no space after it: the backtracking case."""
    head = "Turkey said so. Officials said "
    return head + "!?" * ((size - len(head)) // 2)


def exponent(sizes: list[int], times: list[float]) -> float:
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-9)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", type=int, default=1_000, help="characters at 1x")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--old-max", type=int, default=10_000, help="largest text the old regex is timed on")
    args = parser.parse_args()
    sizes = [args.base, args.base * 10, args.base * 100]
    kit_t, old_t, old_sizes = [], [], []
    for size in sizes:
        text = hostile(size)
        assert _boundaries(text) == old_boundaries(text) if size <= args.old_max else True
        k = best_of(lambda t=text: Article.from_text(t), args.runs)
        s = best_of(lambda t=text: _boundaries(t), args.runs)
        kit_t.append(s)
        line = f"{size // args.base:>4}x {size:>9,} chars: kit split {s * 1000:9.2f} ms (Article {k * 1000:8.2f} ms)"
        if size <= args.old_max:
            o = best_of(lambda t=text: old_boundaries(t), 1)
            old_t.append(o)
            old_sizes.append(size)
            line += f", old regex {o * 1000:10.2f} ms, old/kit x{o / s:,.0f}"
        print(line)
    print(f"fitted exponent: kit {exponent(sizes, kit_t):.2f}"
          + (f", old regex {exponent(old_sizes, old_t):.2f}" if len(old_sizes) > 1 else ""))
    cases = (("'Turkey said ' + '!?' * 100000", "Turkey said " + "!?" * 100_000), ("'.' * 50000", "." * 50_000))
    for label, text in cases:
        print(f"{label}: Article.from_text {best_of(lambda t=text: Article.from_text(t), args.runs) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
