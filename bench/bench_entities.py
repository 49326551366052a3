"""Benchmark: finding gazetteer mentions in a large text, against naive baselines in the same run.

    .venv/bin/python bench/bench_entities.py            # 10 MB corpus, about 20 s
    .venv/bin/python bench/bench_entities.py --mb 20

The corpus repeats and shuffles the bundled article's sentences (seeded, so every run scans the
same text). Four ways to find every surface form of ``data/entities.csv`` are timed:

* **kit** — ``kit.gazetteer.Matcher.scan``: all forms in one trie-shaped regex (what
  ``find_mentions`` uses; the full ``find_mentions``, which also builds the table, is timed too);
* **naive** — one ``\\b<form>\\b`` regex per form, every match collected, then overlaps resolved
  longest-first: the code people write first (the baseline of the ratio);
* **per-form, literal start** — one regex per form that starts with the form itself, so the
  engine can jump to its first characters; the left boundary is checked in Python;
* **one alternation** — a single regex, forms sorted longest-first and joined with ``|``.

All four must find the same mentions (checked on the baseline slice). The slow baselines run on
the first ``--baseline-mb`` MB only; MB/s does not depend on the corpus size.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable

import kit
from kit.extract.gazetteer import compile_gazetteer

Spans = list[tuple[int, int]]


def corpus(megabytes: float, seed: int = 0) -> str:
    """At least ``megabytes`` MB of the article's sentences, repeated and shuffled (seeded).

    Every shuffled round of sentences becomes one paragraph (blank line between rounds).
    """
    sentences = [s.text for s in kit.load_article().sentences]
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        batch = sentences[:]
        rng.shuffle(batch)
        paragraphs.append(" ".join(batch))
        size += len(paragraphs[-1].encode("utf-8")) + 2
    return "\n\n".join(paragraphs)


def resolve(spans: Spans) -> Spans:
    """Keep non-overlapping spans, leftmost first, the longest at each start."""
    out: Spans = []
    last_end = -1
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= last_end:
            out.append((start, end))
            last_end = end
    return out


def naive(forms: list[str]) -> Callable[[str], Spans]:
    """One ``\\b...\\b``-style regex per form (lookarounds, so forms ending in '.' work too)."""
    regexes = [re.compile(r"(?<!\w)" + re.escape(f) + r"(?!\w)") for f in forms]

    def run(text: str) -> Spans:
        return resolve([m.span() for rx in regexes for m in rx.finditer(text)])

    return run


def per_form_literal(forms: list[str]) -> Callable[[str], Spans]:
    """One regex per form starting with the form's literal text; left boundary checked in Python."""
    regexes = [re.compile(re.escape(f) + r"(?!\w)") for f in forms]

    def run(text: str) -> Spans:
        found = []
        for rx in regexes:
            for m in rx.finditer(text):
                s = m.start()
                if s == 0 or not (text[s - 1].isalnum() or text[s - 1] == "_"):
                    found.append(m.span())
        return resolve(found)

    return run


def alternation(forms: list[str]) -> Callable[[str], Spans]:
    """A single regex: forms sorted longest-first, joined with '|', with word boundaries."""
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    rx = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")

    def run(text: str) -> Spans:
        return [m.span() for m in rx.finditer(text)]

    return run


def timed(fn: Callable[[object], object], text: object, repeat: int) -> tuple[float, object]:
    """Median seconds over ``repeat`` runs, and the last result."""
    times = []
    result: object = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(text)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    ap.add_argument("--baseline-mb", type=float, default=1.0, help="slice the slow baselines scan (default 1)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="runs of the kit matcher (median is reported)")
    args = ap.parse_args(argv)

    text = corpus(args.mb, args.seed)
    mb = len(text.encode("utf-8")) / 1e6
    matcher = compile_gazetteer()
    forms = matcher.forms()
    print(f"corpus: {mb:.1f} MB of shuffled article sentences (seed {args.seed}); {len(forms)} surface forms")

    def kit_spans(t: str) -> Spans:
        return [(s, e) for s, e, _ in matcher.scan(t)]

    secs, hits = timed(matcher.scan, text, args.repeat)
    kit_rate = mb / secs
    n_hits = len(hits)  # type: ignore[arg-type]
    print(f"{'kit (one trie regex)':<28} {kit_rate:8.1f} MB/s  {n_hits:>9,} mentions  on {mb:.1f} MB")

    from kit.extract.entities import find_mentions

    article = kit.Article.from_text(text)
    find_mentions(article)  # warm the gazetteer cache
    secs, table = timed(find_mentions, article, 1)
    full_rate = mb / secs
    print(f"{'kit find_mentions (table)':<28} {full_rate:8.1f} MB/s  {len(table):>9,} mentions  on {mb:.1f} MB"
          "  (scan + sentence index + DataFrame)")

    cut = text[: int(args.baseline_mb * 1_000_000)]
    cut_mb = len(cut.encode("utf-8")) / 1e6
    expected = kit_spans(cut)
    rates = {}
    for name, make in (("naive (regex per form)", naive), ("per-form, literal start", per_form_literal),
                       ("one alternation", alternation)):
        secs, spans = timed(make(forms), cut, 1)
        rates[name] = cut_mb / secs
        same = "same mentions" if spans == expected else "DIFFERENT mentions"
        print(f"{name:<28} {rates[name]:8.1f} MB/s  {len(spans):>9,} mentions  on {cut_mb:.1f} MB ({same})")
        if spans != expected:
            print("error: a baseline disagrees with the kit matcher", file=sys.stderr)
            return 1
    print()
    print(f"kit: {kit_rate:.1f} MB/s, {kit_rate / rates['naive (regex per form)']:.0f}x the naive baseline "
          f"({kit_rate / rates['per-form, literal start']:.1f}x per-form literal, "
          f"{kit_rate / rates['one alternation']:.1f}x one alternation)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
