"""Main-text extraction on the four fictional test pages: trafilatura (kit.htmltext) vs the kit's old parser.

For each page in ``tests/fixtures/pages.json`` (the story's paragraphs as written, in order) it counts
words, case-folded, as multisets: *boilerplate kept* = words in the output that are not in the story;
*story lost* = words of the story missing from the output. Time is the best of ``--runs`` per page
(trafilatura's first, cold call, which imports it, is reported apart).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

from timing import best_of

from kit.article import html_to_text, normalise
from kit.htmltext import extract_html

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)


def words(text: str) -> Counter:
    return Counter(w.lower() for w in WORD.findall(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    pages = {k: v for k, v in json.loads((FIXTURES / "pages.json").read_text(encoding="utf-8")).items()
             if not k.startswith("_")}
    start = time.perf_counter()
    extract_html("<p>warm up</p>")
    print(f"first call (imports trafilatura): {1000 * (time.perf_counter() - start):.0f} ms")
    print(f"{'page':<20}{'extractor':<18}{'boilerplate kept':>18}{'story lost':>12}{'ms/page':>10}")
    for name, spec in pages.items():
        html = (FIXTURES / name).read_text(encoding="utf-8")
        story = words("\n".join(spec["story"]))
        runs = (("kit.htmltext", lambda h=html, n=name: extract_html(h, n)),
                ("old html_to_text", lambda h=html: html_to_text(h)))
        for label, fn in runs:
            text, meta = fn()
            got = words(normalise(text))
            kept, lost = sum((got - story).values()), sum((story - got).values())
            ms = 1000 * best_of(fn, args.runs)
            tag = meta.get("extractor", label) if label == "kit.htmltext" else label
            print(f"{name:<20}{tag:<18}{kept:>10} words{lost:>6} words{ms:>10.2f}")


if __name__ == "__main__":
    main()
