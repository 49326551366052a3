"""What the NER layer and the verification tables cost per article: kit.analyze with them on and off, same run.

Short synthetic articles (``kit.corpus.synth``; the Article is built before timing) are analysed three
ways in one process, after a warm-up that loads the spaCy model and the curated tables once:

* ``gazetteer only``: ``analyze(article, ner=False, tables=TEXT_TABLES without findings/worksheet)``
  (the path before the NER layer: the baseline);
* ``+ NER``: the same tables with spaCy NER on;
* ``full``: every table, NER and the verification findings included (what a report makes).

CPU seconds are reported beside wall seconds: on a busy machine CPU time is the steadier number.

    PYTHONPATH=. python bench/bench_ner.py [--n 100]
"""

from __future__ import annotations

import argparse
import time


def main() -> None:
    """Print articles per second for each way, and the ratios against the gazetteer-only baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()

    from kit.analysis import TEXT_TABLES, analyze
    from kit.article import Article
    from kit.corpus.synth import iter_articles

    articles = [Article.from_text(r["text"], {k: v for k, v in r.items() if k != "text"})
                for r in iter_articles(args.n, seed=1)]
    words = sum(len(a.text.split()) for a in articles) / len(articles)
    text_only = [t for t in TEXT_TABLES if t not in ("findings", "claims_to_check")]
    ways = {
        "gazetteer only": lambda a: analyze(a, ner=False, tables=text_only),
        "+ NER": lambda a: analyze(a, tables=text_only),
        "full (NER + findings)": lambda a: analyze(a),
    }
    for run in ways.values():
        run(articles[0])  # warm-up: model, gazetteer, curated tables
    print(f"{len(articles)} synthetic articles, {words:.0f} words on average")
    rates = {}
    for name, run in ways.items():
        wall, cpu = time.perf_counter(), time.process_time()
        for a in articles:
            run(a)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rates[name] = len(articles) / cpu
        print(f"{name:<24} {len(articles) / wall:6.1f} articles/s wall, {rates[name]:6.1f} articles/s CPU, "
              f"{1000 * cpu / len(articles):6.1f} ms CPU per article")
    base = rates["gazetteer only"]
    for name, rate in rates.items():
        print(f"ratio {name} / gazetteer only (time): {base / rate:5.2f}x")


if __name__ == "__main__":
    main()
