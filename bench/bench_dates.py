"""Benchmark: date_mentions (every rule, resolved, in a table) against one bare year regex.

    .venv/bin/python bench/bench_dates.py              # a few seconds
    .venv/bin/python bench/bench_dates.py --copies 200 --repeat 5

The text is the bundled article repeated ``--copies`` times (paragraphs kept), so the numbers are
in words per second of ordinary news copy. The baseline, measured in the same run on the same
text, is the cheapest useful date finder: one regex for four-digit years, no resolution, no table.
The ratio says what the full rule table, the resolution and the DataFrame cost on top of that.
"""

from __future__ import annotations

import argparse
import re

from timing import best_of

import kit
from kit.extract.dates import date_mentions


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=40, help="times the article is repeated (default 40)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts (default 3)")
    args = ap.parse_args()
    base = kit.load_article()
    text = "\n\n".join([base.text] * args.copies)
    article = kit.Article.from_text(text, {"published": "2025-12-17"})
    words = article.word_count
    year = re.compile(r"\b(?:19|20)\d{2}\b")

    n_found = len(date_mentions(article))
    full = best_of(lambda: date_mentions(article), args.repeat)
    bare = best_of(lambda: [int(m.group()) for m in year.finditer(article.text)], args.repeat)
    print(f"text: {words:,} words ({args.copies} copies of the bundled article), {n_found} date mentions")
    print(f"date_mentions: {full * 1000:8.1f} ms  = {words / full:,.0f} words/s")
    print(f"year regex:    {bare * 1000:8.1f} ms  = {words / bare:,.0f} words/s (baseline, same text)")
    print(f"ratio: date_mentions takes {full / bare:,.0f}x the bare regex")


if __name__ == "__main__":
    main()
