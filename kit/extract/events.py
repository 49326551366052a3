"""Events the text dates: a date tied to an action (deal, delivery, sanction, ...), with its actors.

:func:`events` reads each date mention (:mod:`kit.extract.dates`) with the sentence around it:
the category is the cue word nearest the date (:data:`CUES`), the actors are the entities the
sentence mentions, and the status says whether the sentence reports it, plans it or forecasts
it. The cue tables are rules a learner can read, not a model.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kit.article import Article
from kit.errors import InputError
from kit.extract.dates import date_mentions, month_span, year_span
from kit.labels import CATEGORIES
from kit.schema import Field, TableSchema, records

if TYPE_CHECKING:
    import pandas as pd

STATUSES = ("reported", "planned", "forecast")

#: Words that signal each category, most specific first (ties between equally near cues go to the earlier row).
CUES: tuple[tuple[str, str], ...] = (
    ("programme exclusion", r"expul\w*|expell\w*|suspen\w*|exclu\w*|kicked\s+out|ousted|re-admit\w*|"
                            r"removed\s+from"),
    ("sanction", r"sanction\w*|CAATSA|embargo\w*"),
    ("financing", r"loans?|financ\w*|paid(?:-for)?|payments?|refund\w*|investment|deposit\w*"),
    ("delivery", r"deliver\w*|arriv\w*|shipments?|handed\s+over|transfer\w*"),
    ("test", r"test(?:s|ed|ing)?|activat\w*|live-fire"),
    ("deal", r"deals?|contracts?|purchas\w*|acqui\w*|bought|buy(?:s|ing)?|signed|agreements?|sales?|"
             r"return(?:s|ed|ing)?\s+(?:the\s+)?(?:S-400|systems|missiles)\w*|reversal"),
    ("diplomacy", r"meet(?:s|ing|ings)?|met|talks|summit\w*|visit\w*|discuss\w*|negotiat\w*"),
    ("statement", r"said|says|stated?|stating|statements?|told|warn\w*|hint\w*|announc\w*|remarks?|"
                  r"interviews?|denied|denies|confirm\w*"),
    ("forecast", r"forecast\w*|predict\w*|could\s+be\s+resolved|will\s+be\s+resolved"),
)
#: Words before a trigger that make it a plan, not a report ("seeking to return").
PLAN_CUES = r"\b(?:seek\w*|plans?|planned|intends?|hop(?:e|es|ing)|aims?|wants?|considering|propos\w*|" \
            r"scheduled|due|will)\b(?:\s+to)?"
#: Words that make a sentence a forecast ("could be resolved", "is expected to").
FORECAST_CUES = r"\b(?:could|may|might|would|expect\w*|predict\w*|likely|believes?|forecast\w*)\b"

_CUE_RE = [(cat, re.compile(rf"\b(?:{pat})\b", re.IGNORECASE)) for cat, pat in CUES]
_PLAN_RE = re.compile(PLAN_CUES, re.IGNORECASE)
_FORECAST_RE = re.compile(FORECAST_CUES, re.IGNORECASE)
# Date mentions that describe how long something lasted, not when it happened, date no event.
_NO_EVENT_RULES = {"for_years", "for_months", "for_decades", "for_period"}

EVENTS_SCHEMA = TableSchema(
    name="events",
    title="Events in the text",
    description="Events the article dates: one per date mention that a cue word ties to an action "
                "(and, with undated=True, actions the text does not date).",
    fields=(
        Field("event_id", "string", "Id within this article: t1, t2, ... in text order.", required=True, unique=True),
        Field("sent_idx", "integer", "Sentence index in the article.", required=True),
        Field("trigger", "string", "The cue word that gives the category (text[start_char:end_char])."),
        Field("start_char", "integer", "Offset of the trigger in Article.text."),
        Field("end_char", "integer", "Offset one past the trigger."),
        Field("category", "string", "What kind of event.", required=True, enum=CATEGORIES),
        Field("status", "string", "reported (it happened, the text says), planned (someone intends it) or "
              "forecast (someone predicts it).", required=True, enum=STATUSES),
        Field("date_id", "string", "The date mention that dates it (see date_mentions); empty if undated."),
        Field("date_text", "string", "That mention's text."),
        Field("earliest", "date", "First possible day of the event (ISO, naive); empty if undated."),
        Field("latest", "date", "Last possible day of the event."),
        Field("precision", "string", "Precision of the date.", enum=("day", "month", "year", "decade")),
        Field("actors", "string", "Entity ids mentioned in the sentence, '|'-separated, in text order."),
        Field("sentence", "string", "The sentence, for context."),
        Field("note", "string", "How the event was read."),
    ),
    primary_key=("event_id",),
    sort_by=("sent_idx", "start_char"),
)

# ---------------------------------------------------------------------------------------------
# Events in the text
# ---------------------------------------------------------------------------------------------


def _cues(sentence: str, offset: int) -> list[tuple[int, int, str, str]]:
    """(start, end, category, word) of every cue in a sentence, offsets into the article."""
    found = []
    for cat, rx in _CUE_RE:
        for m in rx.finditer(sentence):
            found.append((offset + m.start(), offset + m.end(), cat, m.group(0)))
    found.sort(key=lambda c: (c[0], -c[1]))
    kept: list[tuple[int, int, str, str]] = []
    for c in found:  # one category per word: the first table row that matched it
        if not any(k[0] < c[1] and c[0] < k[1] for k in kept):
            kept.append(c)
    return kept


def _nearest(cues: list[tuple[int, int, str, str]], start: int, end: int) -> tuple[int, int, str, str] | None:
    def distance(c: tuple[int, int, str, str]) -> tuple[int, int]:
        gap = 0 if c[0] < end and start < c[1] else min(abs(c[0] - end), abs(start - c[1]))
        return gap, [cat for cat, _ in CUES].index(c[2])

    return min(cues, key=distance) if cues else None


def _actors_by_sentence(mentions: pd.DataFrame | None) -> dict[Any, str]:
    """sent_idx -> the actors string of that sentence, for every sentence at once (one pass)."""
    if mentions is None or mentions.empty:
        return {}
    import pandas as pd

    groups: dict[Any, list[tuple[tuple[int, Any], int, Any]]] = {}
    rows = zip(mentions["sent_idx"].tolist(), mentions["start_char"].tolist(), mentions["entity_id"].tolist(),
               strict=True)
    for order, (s, start, entity) in enumerate(rows):
        if s is None or s is pd.NA or s != s:
            continue
        # sort_values("start_char", kind="stable"): missing starts last, ties in table order
        missing = start is None or start is pd.NA or start != start
        groups.setdefault(s, []).append(((1, 0) if missing else (0, start), order, entity))
    out: dict[Any, str] = {}
    for s, found in groups.items():
        found.sort(key=lambda t: (t[0], t[1]))
        out[s] = "|".join(dict.fromkeys(str(e) for _, _, e in found if isinstance(e, str) and e))
    return out


def _entity_mentions(article: Article) -> pd.DataFrame | None:
    """Entity mentions from kit.extract.entities, or None when that module is not available."""
    try:
        from kit.extract.entities import find_mentions, load_gazetteer
    except ImportError:
        return None
    return find_mentions(article, load_gazetteer())


def event_dates(row: Mapping[str, Any]) -> tuple[str | None, str | None, str]:
    """The event's own interval: a 'since X' period is dated to X itself."""
    earliest, latest = row["earliest"], row["latest"]
    if row["rule"] == "since_phrase" or str(row["note"]).startswith("'since'"):
        first = dt.date.fromisoformat(earliest)
        last = year_span(first.year)[1] if row["precision"] == "year" else month_span(first.year, first.month)[1]
        return earliest, last.isoformat(), "dated by the start of the 'since' period"
    return earliest, latest, ""


def events(
    article: Article,
    mentions: pd.DataFrame | None = None,
    dates: pd.DataFrame | None = None,
    *,
    undated: bool = False,
) -> pd.DataFrame:
    """Events the article dates, one per date mention tied to an action (see :data:`EVENTS_SCHEMA`).

    Args:
        article: the article.
        mentions: entity mentions (``kit.entities.find_mentions(article, load_gazetteer())``:
            entity_id, start_char, sent_idx, ...); ``None`` computes them when kit.entities exists.
        dates: date mentions (:func:`date_mentions`); ``None`` computes them.
        undated: also list actions the text does not date (one per category and sentence).

    The category is the cue word nearest the date (:data:`CUES`); a date pointing after its
    anchor makes a forecast (or a plan, if the sentence says "plans", "will", ...). Mentions of
    how long something lasted ("for years") date no event.
    """
    if not isinstance(article, Article):
        raise InputError("events", f"expects an Article, not {type(article).__name__}")
    if dates is None:
        dates = date_mentions(article)
    if mentions is None:
        mentions = _entity_mentions(article)
    rows: list[dict[str, Any]] = []
    used: set[tuple[int, str]] = set()
    actors = _actors_by_sentence(mentions)
    for d in records(dates):
        s = d["sent_idx"]
        if s is None or s != s or int(s) < 0 or d["rule"] in _NO_EVENT_RULES or d["earliest"] is None or \
                d["earliest"] != d["earliest"]:
            continue
        s = int(s)
        sent = article.sentences[s]
        cues = _cues(sent.text, sent.start)
        cue = _nearest(cues, int(d["start_char"]), int(d["end_char"]))
        forward = d["direction"] == "future"
        notes = []
        if forward:
            forecast = bool(_FORECAST_RE.search(sent.text)) or not _PLAN_RE.search(sent.text)
            status = "forecast" if forecast else "planned"
            category = "forecast" if forecast or cue is None or cue[2] == "statement" else cue[2]
            notes.append("the date points after its anchor")
        elif cue is None:
            continue
        else:
            category = cue[2]
            before = article.text[max(sent.start, cue[0] - 40):cue[0]]
            status = "planned" if _PLAN_RE.search(before) else "reported"
        earliest, latest, how = event_dates(d)
        if how:
            notes.append(how)
        if cue is not None:
            notes.append(f"category from the nearest cue '{cue[3]}'")
            used.add((s, category))
        rows.append({
            "sent_idx": s, "trigger": cue[3] if cue else None, "start_char": cue[0] if cue else None,
            "end_char": cue[1] if cue else None, "category": category, "status": status, "date_id": d["date_id"],
            "date_text": d["text"], "earliest": earliest, "latest": latest, "precision": d["precision"],
            "actors": actors.get(s, ""), "sentence": sent.text, "note": "; ".join(notes),
        })
    if undated:
        for s, sent in enumerate(article.sentences):
            for start, end, cat, word in _cues(sent.text, sent.start):
                if (s, cat) in used:
                    continue
                used.add((s, cat))
                status = ("forecast" if _FORECAST_RE.search(sent.text) else
                          "planned" if _PLAN_RE.search(article.text[max(sent.start, start - 40):start]) else "reported")
                rows.append({
                    "sent_idx": s, "trigger": word, "start_char": start, "end_char": end, "category": cat,
                    "status": status, "actors": actors.get(s, ""), "sentence": sent.text,
                    "note": "undated: the text gives no date for it",
                })
    if not rows:
        return EVENTS_SCHEMA.empty()
    # In sentence order, undated ones (no trigger offset) first within a sentence; the sort is stable.
    rows.sort(key=lambda r: (r["sent_idx"], -1 if r["start_char"] is None else r["start_char"]))
    for i, row in enumerate(rows, start=1):
        row["event_id"] = f"t{i}"
    return EVENTS_SCHEMA.from_records(rows)
