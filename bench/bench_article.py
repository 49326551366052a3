"""Article building speed (normalise + paragraphs + sentences) against a naive regex split.

The baseline is the one-line splitter people write first, ``re.split(r"(?<=[.!?])\\s+", text)``: it
gets "U.S." and "Mr." wrong, but it shows what the kit's abbreviation-aware splitter costs. Both run
on the same text in the same process; the ratio is what to watch (a quadratic slip shows up as a ratio
that grows with the size).
"""

from __future__ import annotations

import argparse
import re
import statistics

from timing import best_of

from kit.article import Article
from kit.paths import BUNDLED_ARTICLE

NAIVE = re.compile(r"(?<=[.!?])\s+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, nargs="+", default=[0.5, 2.0, 4.5])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    seed = Article.from_text(BUNDLED_ARTICLE.read_text(encoding="utf-8")).text
    for mb in args.mb:
        size = int(mb * 1_000_000)
        one_line = " ".join(seed.split()) + " "
        text = (one_line * (size // len(one_line) + 1))[:size]
        kit_s = best_of(lambda t=text: Article.from_text(t), args.runs)
        naive_s = best_of(lambda t=text: NAIVE.split(t), args.runs)
        n = len(Article.from_text(text).sentences)
        print(
            f"{mb:4.1f} MB one paragraph: kit {size / kit_s / 1e6:6.1f} MB/s ({n} sentences), "
            f"naive split {size / naive_s / 1e6:6.1f} MB/s, kit/naive time x{kit_s / naive_s:.1f}"
        )
    print("median per-article time, bundled article:",
          f"{statistics.median([best_of(lambda: Article.from_text(seed), 1) for _ in range(20)]) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
