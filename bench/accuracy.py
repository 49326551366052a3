"""Accuracy scoring: a system's tables against the hand annotations of bench/ANNOTATION.md.

The module is import-light (standard library only): the kit, pandas and spaCy are never imported
here; the adapters take the objects they read (a Dossier, a spaCy ``nlp``) from the caller.

    cases = load_set("fictional", skipped)       # [(article path, annotation dict)]
    pred = kit_predictions(dossier)              # or spacy_predictions(nlp, article.text)
    score = score_article(gold, pred, text)      # counts per metric + errors per table
    total = merge([score, ...])                  # micro-averaged over a set

Matching is one-to-one and greedy (best pair first) inside each article and table, so one
prediction never counts for two gold rows. Every "right ..." rate is over the gold rows (a miss
counts as wrong); "precision" is over the predicted rows.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
SETS: dict[str, Path] = {"fictional": BENCH / "fictional", "devset": BENCH / "devset"}
LABELS = ("PERSON", "NORP", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW")
TABLES = ("entities", "dates", "attributions", "quotes", "amounts", "datelines")

#: (key, row label, table, denominator: "gold" or "pred"), in the order the report prints them.
METRICS: tuple[tuple[str, str, str, str], ...] = (
    ("people_found", "people found", "entities", "gold"),
    ("entities_found", "entities found", "entities", "gold"),
    ("entities_right_label", "entities right label", "entities", "gold"),
    ("entities_precision", "entities precision", "entities", "pred"),
    ("dates_found", "dates found", "dates", "gold"),
    ("dates_resolved_right", "dates resolved right", "dates", "gold"),
    ("dates_overlap_interval", "dates overlap gold interval", "dates", "gold"),
    ("dates_precision", "dates precision", "dates", "pred"),
    ("attributions_found", "attributions found", "attributions", "gold"),
    ("attributions_right_type", "attributions right type", "attributions", "gold"),
    ("attributions_right_speaker", "attributions right speaker", "attributions", "gold"),
    ("attributions_precision", "attribution precision", "attributions", "pred"),
    ("quotes_right_speaker", "quote speakers right", "quotes", "gold"),
    ("quotes_found", "quotes found", "quotes", "gold"),
    ("quotes_precision", "quotes precision", "quotes", "pred"),
    ("amounts_found", "amounts found", "amounts", "gold"),
    ("amounts_right_value", "amounts right value", "amounts", "gold"),
    ("amounts_precision", "amounts precision", "amounts", "pred"),
    ("datelines_found", "datelines found", "datelines", "gold"),
    ("datelines_right_place", "datelines right place", "datelines", "gold"),
    ("datelines_right_agency", "datelines right agency", "datelines", "gold"),
    ("datelines_precision", "datelines precision", "datelines", "pred"),
)
METRIC_TABLE = {key: table for key, _, table, _ in METRICS}


# ---------------------------------------------------------------------------------------------
# Loading a set
# ---------------------------------------------------------------------------------------------


def set_dir(name: str | Path) -> Path:
    """The directory of a set: a name in :data:`SETS` or a path."""
    return SETS[name] if isinstance(name, str) and name in SETS else Path(name)


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest_sha(root: Path) -> dict[str, str]:
    """id -> sha256 from a set's manifest.json, when it has one."""
    path = root / "manifest.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = data.get("articles", data) if isinstance(data, dict) else data
    return {str(r["id"]): str(r["sha256"]) for r in rows if isinstance(r, dict) and r.get("id") and r.get("sha256")}


def load_set(name: str | Path, skipped: list[str] | None = None) -> list[tuple[Path, dict[str, Any]]]:
    """(article path, annotation) for every annotated article of a set whose text is present and intact.

    Texts live in ``articles/`` (fictional) or ``texts/`` (devset). An article whose text is missing,
    or whose sha256 differs from the annotation's (or manifest's) ``sha256``, is left out and a
    one-line reason is appended to ``skipped``.
    """
    root = set_dir(name)
    notes = skipped if skipped is not None else []
    manifest = _manifest_sha(root)
    cases: list[tuple[Path, dict[str, Any]]] = []
    for ann_path in sorted((root / "annotations").glob("*.json")):
        gold = json.loads(ann_path.read_text(encoding="utf-8"))
        art_id = str(gold.get("id") or ann_path.stem)
        text_path = next((root / sub / f"{ann_path.stem}.txt" for sub in ("articles", "texts")
                          if (root / sub / f"{ann_path.stem}.txt").exists()), None)
        if text_path is None:
            notes.append(f"{art_id}: text missing (restore it: bench/devset/restore.py --check)")
            continue
        want = gold.get("sha256") or manifest.get(art_id)
        if want and sha256_file(text_path) != want:
            notes.append(f"{art_id}: text differs from the annotated one (sha256 mismatch)")
            continue
        cases.append((text_path, gold))
    return cases


# ---------------------------------------------------------------------------------------------
# Predictions: plain rows, whatever system made them
# ---------------------------------------------------------------------------------------------


@dataclass
class Prediction:
    """One system's output on one article, as plain rows per table.

    ``tables[name]`` is None when the system did not produce that table (scored as 0 found);
    ``unsupported`` holds metric keys the system cannot do at all (printed as "–").
    """

    tables: dict[str, list[dict[str, Any]] | None]
    unsupported: set[str] = field(default_factory=set)


def missing(value: Any) -> bool:
    """True for None, NaN, pandas.NA/NaT and empty strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA: its comparisons are NA, and bool(NA) raises
        return True


def _clean(value: Any) -> Any:
    """None for a missing value, else the value as a plain Python object."""
    if missing(value):
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _int(value: Any) -> int | None:
    """An offset as int, None when missing."""
    value = _clean(value)
    return None if value is None else int(value)


def _iso(value: Any) -> str | None:
    """A date-like value as 'YYYY-MM-DD', None when missing."""
    value = _clean(value)
    if value is None:
        return None
    iso = getattr(value, "isoformat", None)
    return (iso() if callable(iso) else str(value))[:10]


def _float(value: Any) -> float | None:
    """A number as float, None when missing or unparseable."""
    value = _clean(value)
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _records(table: Any) -> list[dict[str, Any]]:
    """Rows of a DataFrame (or a list of dicts) as dicts."""
    if table is None:
        return []
    to_dict = getattr(table, "to_dict", None)
    return list(to_dict("records")) if callable(to_dict) else [dict(r) for r in table]


def entity_names(tables: Mapping[str, Any]) -> dict[str, str]:
    """entity_id -> display name, from the entities table, else the longest mention text of that id."""
    names: dict[str, str] = {}
    for row in _records(tables.get("mentions")):
        eid, text = _clean(row.get("entity_id")), _clean(row.get("text"))
        if eid is not None and text is not None and len(str(text)) > len(names.get(str(eid), "")):
            names[str(eid)] = str(text)
    for row in _records(tables.get("entities")):
        eid, name = _clean(row.get("entity_id")), _clean(row.get("name"))
        if eid is not None and name is not None:
            names[str(eid)] = str(name)
    return names


def _speaker(entity_id: Any, text: Any, names: Mapping[str, str]) -> str | None:
    """The entity's name when the id is known, else the surface text (None when both are missing)."""
    eid = _clean(entity_id)
    if eid is not None:
        eid = str(eid)
        if eid in names:
            return names[eid]
        if eid.startswith("unlinked:"):
            return eid.split(":", 1)[1].replace("_", " ")
        return eid.replace("_", " ")
    text = _clean(text)
    return None if text is None else str(text)


def _cue_span(row: Mapping[str, Any], text: str) -> tuple[int, int] | None:
    """The cue's own span: cue_start/cue_end when given, else the cue text found inside the attribution."""
    cs, ce = _int(row.get("cue_start")), _int(row.get("cue_end"))
    if cs is not None and ce is not None:
        return cs, ce
    start, end = _int(row.get("start_char")), _int(row.get("end_char"))
    if start is None or end is None:
        return None
    cue = _clean(row.get("cue"))
    if cue:
        src = (_int(row.get("source_start")), _int(row.get("source_end")))
        window = text[start:end].lower()
        at = window.find(str(cue).lower())
        while at >= 0:
            s, e = start + at, start + at + len(str(cue))
            if src[0] is None or src[1] is None or not (s < src[1] and e > src[0]):
                return s, e
            at = window.find(str(cue).lower(), at + 1)
    return start, end


def _dateline_rows(dossier: Any) -> list[dict[str, Any]] | None:
    """The dateline as one row (or none), from a ``datelines`` table or the article; None when not produced."""
    tables = getattr(dossier, "tables", {}) or {}
    if tables.get("datelines") is not None:
        rows = _records(tables.get("datelines"))
    else:
        article = getattr(dossier, "article", None)
        meta = getattr(article, "meta", None) or {}
        found = getattr(article, "dateline", None)
        if found is None and hasattr(meta, "get"):
            found = meta.get("dateline")
        if found is None:
            return None if not hasattr(article, "dateline") and "dateline" not in meta else []
        rows = [dict(found) if isinstance(found, Mapping) else
                {k: getattr(found, k, None) for k in ("start_char", "end_char", "start", "end", "place",
                                                       "agency", "date")}]
    out = []
    for r in rows:
        start = _int(r.get("start_char", r.get("start")))
        end = _int(r.get("end_char", r.get("end")))
        if start is None or end is None:
            continue
        out.append({"start": start, "end": end, "place": _clean(r.get("place")), "agency": _clean(r.get("agency"))})
    return out


def kit_predictions(dossier: Any) -> Prediction:
    """The kit's Dossier as plain rows; a table the dossier lacks is 'not produced'."""
    tables = dossier.tables
    text = dossier.article.text
    names = entity_names(tables)
    out: dict[str, list[dict[str, Any]] | None] = {}
    out["entities"] = None if tables.get("mentions") is None else [
        {"start": _int(r["start_char"]), "end": _int(r["end_char"]), "label": _clean(r.get("label")),
         "text": _clean(r.get("text")), "entity": _speaker(r.get("entity_id"), r.get("text"), names)}
        for r in _records(tables.get("mentions"))]
    out["dates"] = None if tables.get("dates") is None else [
        {"start": _int(r["start_char"]), "end": _int(r["end_char"]), "text": _clean(r.get("text")),
         "earliest": _iso(r.get("earliest")), "latest": _iso(r.get("latest"))}
        for r in _records(tables.get("dates"))]
    if tables.get("attributions") is None:
        out["attributions"] = None
    else:
        rows = []
        for r in _records(tables.get("attributions")):
            if _clean(r.get("source_type")) == "unattributed" or _clean(r.get("cue")) is None:
                continue
            cue = _cue_span(r, text)
            rows.append({
                "cue_start": cue[0] if cue else None, "cue_end": cue[1] if cue else None,
                "cue": _clean(r.get("cue")),
                "source_start": _int(r.get("source_start")), "source_end": _int(r.get("source_end")),
                "source_type": _clean(r.get("source_type")),
                "entity_id": _clean(r.get("source_entity_id")),
                "speaker": _speaker(r.get("source_entity_id"), r.get("source_text"), names),
            })
        out["attributions"] = rows
    out["quotes"] = None if tables.get("quotes") is None else [
        {"start": _int(r["start_char"]), "end": _int(r["end_char"]),
         # An anonymous speaker ("a senior official") is no named speaker, as the gold's null says.
         "speaker": None if str(_clean(r.get("speaker_type")) or "").startswith("anonymous")
         else _speaker(r.get("speaker_entity_id"), r.get("speaker_text"), names)}
        for r in _records(tables.get("quotes")) if _clean(r.get("kind")) != "scare"]
    out["amounts"] = None if tables.get("amounts") is None else [
        {"start": _int(r["start_char"]), "end": _int(r["end_char"]), "text": _clean(r.get("text")),
         "kind": _clean(r.get("kind")), "value": _float(r.get("value")), "value_max": _float(r.get("value_max"))}
        for r in _records(tables.get("amounts"))]
    out["datelines"] = _dateline_rows(dossier)
    return Prediction(out)


# ---------------------------------------------------------------------------------------------
# The spaCy baseline
# ---------------------------------------------------------------------------------------------

SPACY_LABELS = {**{lab: lab for lab in LABELS}, "FAC": "LOC"}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
_WORDS = {w: float(i) for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"))}
_WORDS.update({"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "hundred": 100.0, "dozen": 12.0, "dozens": 12.0})
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
SPACY_VALUE_NOTE = ("naive parse: the first number (commas dropped) or number word up to fifty, times a following "
                    "thousand/million/billion/trillion; no ranges, no lakh/crore")


def naive_value(surface: str) -> float | None:
    """A naive float for an amount's text: first number or number word, times a scale word after it."""
    low = surface.lower()
    m = _NUMBER.search(low)
    words = re.findall(r"[a-z]+", low)
    if m:
        value = float(m.group().replace(",", ""))
        after = re.findall(r"[a-z]+", low[m.end():])
    else:
        first = next((w for w in words if w in _WORDS), None)
        if first is None:
            return None
        value = _WORDS[first]
        after = words[words.index(first) + 1:]
    if after and after[0] in _SCALE:
        value *= _SCALE[after[0]]
    return value


def spacy_predictions(nlp: Any, text: str) -> Prediction:
    """spaCy alone (its full pipeline): entities, DATE ents and MONEY/counted CARDINAL ents as plain rows."""
    doc = nlp(text)
    ents, dates, amounts = [], [], []
    for ent in doc.ents:
        label = SPACY_LABELS.get(ent.label_)
        if label is not None:
            ents.append({"start": ent.start_char, "end": ent.end_char, "label": label, "text": ent.text,
                         "entity": ent.text})
        elif ent.label_ == "DATE":
            dates.append({"start": ent.start_char, "end": ent.end_char, "text": ent.text,
                          "earliest": None, "latest": None})
        elif ent.label_ == "MONEY":
            amounts.append({"start": ent.start_char, "end": ent.end_char, "text": ent.text, "kind": "money",
                            "value": naive_value(ent.text), "value_max": None})
        elif ent.label_ == "CARDINAL" and ent.end < len(doc) and doc[ent.end].tag_ in ("NNS", "NNPS"):
            noun = doc[ent.end]
            amounts.append({"start": ent.start_char, "end": noun.idx + len(noun.text),
                            "text": text[ent.start_char:noun.idx + len(noun.text)], "kind": "quantity",
                            "value": naive_value(ent.text), "value_max": None})
    unsupported = {"dates_resolved_right", "dates_overlap_interval"}
    for table in ("attributions", "quotes", "datelines"):
        unsupported |= {k for k, t in METRIC_TABLE.items() if t == table}
    return Prediction({"entities": ents, "dates": dates, "amounts": amounts,
                       "attributions": None, "quotes": None, "datelines": None}, unsupported)


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


def overlap(a0: int | None, a1: int | None, b0: int | None, b1: int | None) -> int:
    """Characters two spans share (0 when either is missing)."""
    if None in (a0, a1, b0, b1):
        return 0
    return max(0, min(a1, b1) - max(a0, b0))  # type: ignore[type-var, operator]


def norm_name(name: Any) -> list[str]:
    """A name's tokens: accents and punctuation stripped, lowercased."""
    if missing(name):
        return []
    folded = unicodedata.normalize("NFKD", str(name))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = re.sub(r"['’]s\b", "", folded)
    return re.sub(r"[^\w\s]|_", " ", folded).split()


def names_match(gold: Any, pred: Any) -> bool:
    """Same speaker: last tokens equal, or one name's words contain the other's; None matches only None."""
    g, p = norm_name(gold), norm_name(pred)
    if not g or not p:
        return not g and not p
    if g[-1] == p[-1]:
        return True
    gs, ps = f" {' '.join(g)} ", f" {' '.join(p)} "
    return gs in ps or ps in gs


def _values_match(gold: Any, pred: Any, rel: float = 0.005) -> bool:
    """Equal within a relative error; a missing value matches only a missing one."""
    g, p = _float(gold), _float(pred)
    if g is None or p is None or math.isnan(g) or math.isnan(p):
        return (g is None or math.isnan(g)) and (p is None or math.isnan(p))
    return abs(p - g) <= rel * abs(g) if g else abs(p) <= 1e-9


def match(golds: list[dict[str, Any]], preds: list[dict[str, Any]],
          score: Callable[[dict[str, Any], dict[str, Any]], tuple[float, ...] | None]) -> dict[int, int]:
    """Greedy one-to-one matching, best-scoring pair first: gold index -> pred index."""
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            s = score(g, p)
            if s is not None:
                pairs.append((s, -gi, -pi))
    pairs.sort(reverse=True)
    pairs_out: dict[int, int] = {}
    used: set[int] = set()
    for _, ngi, npi in pairs:
        gi, pi = -ngi, -npi
        if gi not in pairs_out and pi not in used:
            pairs_out[gi] = pi
            used.add(pi)
    return pairs_out


@dataclass
class Score:
    """Hits and denominators per metric, predicted counts per table, and error lines per table."""

    counts: dict[str, list[int]] = field(default_factory=dict)
    produced: dict[str, bool] = field(default_factory=dict)
    unsupported: set[str] = field(default_factory=set)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, hits: int, n: int) -> None:
        """Add hits out of n to a metric."""
        c = self.counts.setdefault(key, [0, 0])
        c[0] += hits
        c[1] += n

    def rate(self, key: str) -> float | None:
        """hits / n, None when n is 0 or the metric is unsupported."""
        if key in self.unsupported:
            return None
        hits, n = self.counts.get(key, [0, 0])
        return hits / n if n else None


def _context(text: str, start: int | None, end: int | None, width: int = 30) -> str:
    """The span in brackets with a few characters either side, on one line."""
    if start is None or end is None:
        return "(no span)"
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return " ".join(f"…{left}[{text[start:end]}]{right}…".split())


def _span_score(g: dict[str, Any], p: dict[str, Any]) -> float:
    """Overlap as a share of the longer span."""
    shared = overlap(g["start"], g["end"], p["start"], p["end"])
    longest = max(g["end"] - g["start"], p["end"] - p["start"], 1)
    return shared / longest


def _gold_rows(gold: Mapping[str, Any], table: str) -> list[dict[str, Any]]:
    """The gold rows of a table (the dateline as a list of zero or one)."""
    if table == "datelines":
        d = gold.get("dateline")
        return [d] if d else []
    return list(gold.get(table) or [])


def score_article(gold: Mapping[str, Any], pred: Prediction, text: str = "") -> Score:
    """Score one article's prediction against its annotation, table by table."""
    sc = Score(unsupported=set(pred.unsupported))
    for table in TABLES:
        produced = pred.tables.get(table)
        sc.produced[table] = produced is not None
        errs = sc.errors.setdefault(table, [])
        _SCORERS[table](sc, _gold_rows(gold, table), list(produced or []), text, errs)
    return sc


def _miss_and_false(golds: list[dict[str, Any]], preds: list[dict[str, Any]], pairs: dict[int, int], text: str,
                    errs: list[str], span: Callable[[dict[str, Any]], tuple[int | None, int | None]],
                    describe: Callable[[dict[str, Any]], str]) -> None:
    """Append 'miss' lines for unmatched gold rows and 'false' lines for unmatched predictions."""
    used = set(pairs.values())
    for gi, g in enumerate(golds):
        if gi not in pairs:
            errs.append(f"miss   {describe(g)}  {_context(text, *span(g))}")
    for pi, p in enumerate(preds):
        if pi not in used:
            errs.append(f"false  {describe(p)}  {_context(text, *span(p))}")


def _score_entities(sc: Score, golds: list[dict[str, Any]], preds: list[dict[str, Any]], text: str,
                    errs: list[str]) -> None:
    """Mentions: found (exact or ≥ 50% of the longer), right label, precision, people found."""
    def score(g: dict[str, Any], p: dict[str, Any]) -> tuple[float, ...] | None:
        exact = g["start"] == p["start"] and g["end"] == p["end"]
        ratio = _span_score(g, p)
        if not exact and ratio < 0.5:
            return None
        return (float(exact), ratio, float(g.get("label") == p.get("label")))

    pairs = match(golds, preds, score)
    right = sum(golds[gi].get("label") == preds[pi].get("label") for gi, pi in pairs.items())
    sc.add("entities_found", len(pairs), len(golds))
    sc.add("entities_right_label", right, len(golds))
    sc.add("entities_precision", len(pairs), len(preds))
    people: dict[str, bool] = {}
    for gi, g in enumerate(golds):
        if g.get("label") == "PERSON":
            key = str(g.get("entity") or g.get("text"))
            hit = gi in pairs and preds[pairs[gi]].get("label") == "PERSON"
            people[key] = people.get(key, False) or hit
    sc.add("people_found", sum(people.values()), len(people))
    for gi, pi in pairs.items():
        if golds[gi].get("label") != preds[pi].get("label"):
            errs.append(f"label  gold {golds[gi].get('label')} / got {preds[pi].get('label')}  "
                        f"{_context(text, preds[pi]['start'], preds[pi]['end'])}")
    _miss_and_false(golds, preds, pairs, text, errs, lambda r: (r["start"], r["end"]),
                    lambda r: str(r.get("label")))


def _score_dates(sc: Score, golds: list[dict[str, Any]], preds: list[dict[str, Any]], text: str,
                 errs: list[str]) -> None:
    """Dates: found (any overlap), resolved right (same interval), overlapping interval, precision."""
    pairs = match(golds, preds, lambda g, p: (_span_score(g, p),) if overlap(
        g["start"], g["end"], p["start"], p["end"]) else None)
    exact = inter = 0
    for gi, pi in pairs.items():
        g, p = golds[gi], preds[pi]
        ge, gl, pe, pl = _iso(g.get("earliest")), _iso(g.get("latest")), _iso(p.get("earliest")), _iso(p.get("latest"))
        same = (ge, gl) == (pe, pl)
        overlaps = same or (None not in (ge, gl, pe, pl) and pe <= gl and pl >= ge)  # type: ignore[operator]
        exact += same
        inter += overlaps
        if not same and "dates_resolved_right" not in sc.unsupported:
            errs.append(f"wrong  gold {ge}..{gl} / got {pe}..{pl}  {_context(text, p['start'], p['end'])}")
    sc.add("dates_found", len(pairs), len(golds))
    sc.add("dates_resolved_right", exact, len(golds))
    sc.add("dates_overlap_interval", inter, len(golds))
    sc.add("dates_precision", len(pairs), len(preds))
    _miss_and_false(golds, preds, pairs, text, errs, lambda r: (r["start"], r["end"]),
                    lambda r: f"{_iso(r.get('earliest'))}..{_iso(r.get('latest'))}")


def _attr_spans(r: dict[str, Any]) -> list[tuple[int | None, int | None]]:
    """An attribution's cue span and source span."""
    return [(_int(r.get("cue_start")), _int(r.get("cue_end"))),
            (_int(r.get("source_start")), _int(r.get("source_end")))]


def _score_attributions(sc: Score, golds: list[dict[str, Any]], preds: list[dict[str, Any]], text: str,
                        errs: list[str]) -> None:
    """Attributions: found (cue or source overlaps cue or source), right type, right speaker, precision."""
    def score(g: dict[str, Any], p: dict[str, Any]) -> tuple[float, ...] | None:
        (gc, gs), (pc, ps) = _attr_spans(g), _attr_spans(p)
        cue_cue = overlap(*gc, *pc)
        src_src = overlap(*gs, *ps)
        cross = overlap(*gc, *ps) + overlap(*gs, *pc)
        if not (cue_cue or src_src or cross):
            return None
        return (float(cue_cue > 0), float(src_src > 0), float(cue_cue + src_src + cross))

    pairs = match(golds, preds, score)
    types = speakers = 0
    for gi, pi in pairs.items():
        g, p = golds[gi], preds[pi]
        same_type = g.get("source_type") == p.get("source_type")
        if missing(g.get("speaker")):
            same_speaker = missing(p.get("entity_id"))
        else:
            same_speaker = names_match(g.get("speaker"), p.get("speaker"))
        types += same_type
        speakers += same_speaker
        if not (same_type and same_speaker):
            errs.append(f"wrong  gold {g.get('source_type')}:{g.get('speaker')} / got {p.get('source_type')}:"
                        f"{p.get('speaker')}  {_context(text, p.get('cue_start'), p.get('cue_end'))}")
    sc.add("attributions_found", len(pairs), len(golds))
    sc.add("attributions_right_type", types, len(golds))
    sc.add("attributions_right_speaker", speakers, len(golds))
    sc.add("attributions_precision", len(pairs), len(preds))
    _miss_and_false(golds, preds, pairs, text, errs, lambda r: _attr_spans(r)[0],
                    lambda r: f"{r.get('source_type')}:{r.get('speaker')}")


def _score_quotes(sc: Score, golds: list[dict[str, Any]], preds: list[dict[str, Any]], text: str,
                  errs: list[str]) -> None:
    """Quotes: found (overlap ≥ 50% of the gold span), right speaker, precision."""
    def score(g: dict[str, Any], p: dict[str, Any]) -> tuple[float, ...] | None:
        share = overlap(g["start"], g["end"], p["start"], p["end"]) / max(g["end"] - g["start"], 1)
        return (share,) if share >= 0.5 else None

    pairs = match(golds, preds, score)
    right = 0
    for gi, pi in pairs.items():
        ok = names_match(golds[gi].get("speaker"), preds[pi].get("speaker"))
        right += ok
        if not ok:
            errs.append(f"wrong  gold {golds[gi].get('speaker')} / got {preds[pi].get('speaker')}  "
                        f"{_context(text, preds[pi]['start'], min(preds[pi]['end'], preds[pi]['start'] + 40))}")
    sc.add("quotes_found", len(pairs), len(golds))
    sc.add("quotes_right_speaker", right, len(golds))
    sc.add("quotes_precision", len(pairs), len(preds))
    _miss_and_false(golds, preds, pairs, text, errs, lambda r: (r["start"], min(r["end"], r["start"] + 40)),
                    lambda r: f"speaker {r.get('speaker')}")


def _score_amounts(sc: Score, golds: list[dict[str, Any]], preds: list[dict[str, Any]], text: str,
                   errs: list[str]) -> None:
    """Amounts: found (any overlap), right value and value_max (±0.5%, null == null), precision."""
    pairs = match(golds, preds, lambda g, p: (_span_score(g, p),) if overlap(
        g["start"], g["end"], p["start"], p["end"]) else None)
    right = 0
    for gi, pi in pairs.items():
        g, p = golds[gi], preds[pi]
        ok = _values_match(g.get("value"), p.get("value")) and _values_match(g.get("value_max"), p.get("value_max"))
        right += ok
        if not ok and "amounts_right_value" not in sc.unsupported:
            errs.append(f"wrong  gold {g.get('value')}/{g.get('value_max')} / got {p.get('value')}/"
                        f"{p.get('value_max')}  {_context(text, p['start'], p['end'])}")
    sc.add("amounts_found", len(pairs), len(golds))
    sc.add("amounts_right_value", right, len(golds))
    sc.add("amounts_precision", len(pairs), len(preds))
    _miss_and_false(golds, preds, pairs, text, errs, lambda r: (r["start"], r["end"]),
                    lambda r: f"{r.get('kind')} {r.get('value')}")


def _norm_agency(value: Any) -> str:
    """An agency name folded for comparison ('/TASS/' == 'tass')."""
    return " ".join(norm_name(value))


def _score_datelines(sc: Score, golds: list[dict[str, Any]], preds: list[dict[str, Any]], text: str,
                     errs: list[str]) -> None:
    """Datelines: found (overlap), right place (case-insensitive), right agency, precision."""
    pairs = match(golds, preds, lambda g, p: (_span_score(g, p),) if overlap(
        g["start"], g["end"], p["start"], p["end"]) else None)
    places = agencies = 0
    for gi, pi in pairs.items():
        g, p = golds[gi], preds[pi]
        place = str(g.get("place") or "").strip().casefold() == str(p.get("place") or "").strip().casefold()
        agency = _norm_agency(g.get("agency")) == _norm_agency(p.get("agency"))
        places += place
        agencies += agency
        if not (place and agency):
            errs.append(f"wrong  gold {g.get('place')}/{g.get('agency')} / got {p.get('place')}/{p.get('agency')}  "
                        f"{_context(text, p['start'], p['end'])}")
    sc.add("datelines_found", len(pairs), len(golds))
    sc.add("datelines_right_place", places, len(golds))
    sc.add("datelines_right_agency", agencies, len(golds))
    sc.add("datelines_precision", len(pairs), len(preds))
    _miss_and_false(golds, preds, pairs, text, errs, lambda r: (r["start"], r["end"]),
                    lambda r: f"{r.get('place')}/{r.get('agency')}")


_SCORERS: dict[str, Callable[[Score, list[dict[str, Any]], list[dict[str, Any]], str, list[str]], None]] = {
    "entities": _score_entities,
    "dates": _score_dates,
    "attributions": _score_attributions,
    "quotes": _score_quotes,
    "amounts": _score_amounts,
    "datelines": _score_datelines,
}


def merge(scores: Iterable[Score]) -> Score:
    """Micro-average: add up hits and denominators over articles."""
    total = Score()
    first = True
    for s in scores:
        for key, (hits, n) in s.counts.items():
            total.add(key, hits, n)
        for table, produced in s.produced.items():
            total.produced[table] = total.produced.get(table, False) or produced
        total.unsupported = set(s.unsupported) if first else total.unsupported & s.unsupported
        first = False
    return total


def cell(score: Score, key: str) -> str:
    """One report cell: 'rate% (hits/n)', '–' when unsupported, a note when the table was not produced."""
    if key in score.unsupported:
        return "–"
    hits, n = score.counts.get(key, [0, 0])
    note = "" if score.produced.get(METRIC_TABLE[key], False) else " not produced"
    if not n:
        return f"n/a (0/0){note}"
    return f"{100 * hits / n:.1f}% ({hits}/{n}){note}"


def as_json(score: Score) -> dict[str, Any]:
    """A score as plain JSON: per metric hits, n, rate (None for unsupported), and produced tables."""
    return {
        "metrics": {key: {"hits": score.counts.get(key, [0, 0])[0], "n": score.counts.get(key, [0, 0])[1],
                          "rate": score.rate(key), "supported": key not in score.unsupported}
                    for key, *_ in METRICS},
        "produced": dict(score.produced),
    }
