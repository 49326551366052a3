"""The arms-deal timeline: events the text dates, the documented record, and where they disagree.

* :func:`date_mentions` (from :mod:`kit.dates`): every date expression, resolved to an interval.
* :func:`events`: what happened on those dates, according to the text: a category (deal,
  delivery, sanction, ...), the actors (entity ids from :mod:`kit.entities`), and whether the
  sentence reports it, plans it or forecasts it.
* :func:`load_events`: the documented record (``data/events.csv``), checked row by row.
* :func:`compare_dates`: the article's dated claims (``data/date_claims.csv``) side by side with
  the record: "eluded since 2017" against a suspension on 17 July 2019.
* :func:`to_timelinejs`: any of these tables as TimelineJS JSON, the format newsrooms embed.

Category and status come from small cue tables (:data:`CUES`, :data:`PLAN_CUES`,
:data:`FORECAST_CUES`): rules a learner can read, not a model.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.article import Article
from kit.errors import DataError, InputError
from kit.extract.dates import DATES_SCHEMA, date_mentions
from kit.paths import atomic_write_text, display_path
from kit.schema import Field, TableSchema

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CATEGORIES",
    "DATES_SCHEMA",
    "EVENTS_SCHEMA",
    "add_event",
    "compare_dates",
    "date_mentions",
    "documented_anchors",
    "events",
    "export_timeline",
    "load_date_claims",
    "load_events",
    "partial_span",
    "record_intervals",
    "to_timelinejs",
    "write_timelinejs",
]

#: Event categories, shared by events in the text and the documented record ("context" only in the record).
CATEGORIES = ("deal", "financing", "delivery", "test", "sanction", "programme exclusion", "diplomacy",
              "statement", "forecast")
RECORD_CATEGORIES = (*CATEGORIES, "context")
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


def _actors(mentions: pd.DataFrame | None, sent_idx: int) -> str:
    if mentions is None or mentions.empty:
        return ""
    rows = mentions[mentions["sent_idx"] == sent_idx].sort_values("start_char", kind="stable")
    return "|".join(dict.fromkeys(str(e) for e in rows["entity_id"] if isinstance(e, str) and e))


def _entity_mentions(article: Article) -> pd.DataFrame | None:
    """Entity mentions from kit.extract.entities, or None when that module is not available."""
    try:
        from kit.extract.entities import find_mentions, load_gazetteer
    except ImportError:
        return None
    return find_mentions(article, load_gazetteer())


def _event_dates(row: Mapping[str, Any]) -> tuple[str | None, str | None, str]:
    """The event's own interval: a 'since X' period is dated to X itself."""
    earliest, latest = row["earliest"], row["latest"]
    if row["rule"] == "since_phrase" or str(row["note"]).startswith("'since'"):
        from kit.extract.dates import month_span, year_span

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
    for d in dates.to_dict("records"):
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
        earliest, latest, how = _event_dates(d)
        if how:
            notes.append(how)
        if cue is not None:
            notes.append(f"category from the nearest cue '{cue[3]}'")
            used.add((s, category))
        rows.append({
            "sent_idx": s, "trigger": cue[3] if cue else None, "start_char": cue[0] if cue else None,
            "end_char": cue[1] if cue else None, "category": category, "status": status, "date_id": d["date_id"],
            "date_text": d["text"], "earliest": earliest, "latest": latest, "precision": d["precision"],
            "actors": _actors(mentions, s), "sentence": sent.text, "note": "; ".join(notes),
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
                    "status": status, "actors": _actors(mentions, s), "sentence": sent.text,
                    "note": "undated: the text gives no date for it",
                })
    if not rows:
        return EVENTS_SCHEMA.empty()
    import pandas as pd

    df = pd.DataFrame(rows)
    df["_order"] = df["start_char"].fillna(-1)
    df = df.sort_values(["sent_idx", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)
    df["event_id"] = [f"t{i}" for i in range(1, len(df) + 1)]
    return EVENTS_SCHEMA.conform(df)


# ---------------------------------------------------------------------------------------------
# The documented record
# ---------------------------------------------------------------------------------------------


def partial_span(value: str, where: str = "date") -> tuple[dt.date, dt.date]:
    """First and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a DataError names a bad value)."""
    from kit.extract.dates import month_span, year_span

    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return year_span(int(text))
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return month_span(int(text[:4]), int(text[5:]))
        day = dt.date.fromisoformat(text)
        return day, day
    except Exception:
        raise DataError(where, f"{text!r} is not a real date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


def _precision_of(text: str) -> str:
    return {4: "year", 7: "month"}.get(len(str(text).strip()), "day")


_ORDER = {"day": 0, "month": 1, "year": 2}


def check_record(df: pd.DataFrame, source: str = "events table") -> None:
    """Checks a schema cannot express: real dates, end not before start, precision, amounts.

    Raises :class:`~kit.errors.DataError` naming the row: ``data/events.csv row 3 (event_id='ev03'): ...``.
    """
    for i, row in enumerate(df.to_dict("records"), start=1):
        where = f"{source} row {i} (event_id={row.get('event_id')!r})"
        first, _ = partial_span(row["start_date"], where)
        _, last = partial_span(row["end_date"], where)
        if last < first:
            raise DataError(where, f"end_date {row['end_date']} is before start_date {row['start_date']}")
        coarsest = max(_precision_of(row["start_date"]), _precision_of(row["end_date"]), key=_ORDER.get)
        if row.get("date_precision") and row["date_precision"] != coarsest:
            raise DataError(where, f"date_precision is {row['date_precision']!r} but the dates are given to the "
                                   f"{coarsest}")
        lo, hi = row.get("amount_min"), row.get("amount_max")
        has = [v for v in (lo, hi) if v is not None and v == v and str(v).strip() != ""]
        if has and not row.get("currency"):
            raise DataError(where, "an amount needs a currency")
        if len(has) == 2 and float(lo) > float(hi):  # type: ignore[arg-type]
            raise DataError(where, f"amount_min {lo} is above amount_max {hi}")


def load_events(path: str | Path | pd.DataFrame | bool | None = None) -> pd.DataFrame:
    """The documented timeline (``data/events.csv`` by default), validated row by row.

    ``path`` may be another CSV with the same columns, or a DataFrame (a learner's edited copy);
    ``None`` or ``True`` loads the kit's own. Bad rows raise a DataError naming the file and row:
    an unknown category, a missing source, an end before the start, an impossible date.
    """
    from kit.schema import curated_schema, read_curated

    if path is None or path is True:
        df = read_curated("events")
        source = "data/events.csv"
    elif isinstance(path, (str, Path)):
        df = read_curated("events", path)
        source = display_path(path)
    else:
        schema = curated_schema("events")
        df = path.copy()
        for col in df.columns:
            df[col] = df[col].astype("object").where(df[col].notna(), None)
        source = "events table"
        schema.validate(df, source)
        df = schema.conform(df)
    check_record(df, source)
    return df


def record_intervals(record: pd.DataFrame) -> pd.DataFrame:
    """The record with ``earliest``/``latest`` days (ISO) added from its partial start and end dates."""
    out = record.copy()
    spans = [(partial_span(s)[0], partial_span(e)[1]) for s, e in zip(out["start_date"], out["end_date"], strict=True)]
    out["earliest"] = [a.isoformat() for a, _ in spans]
    out["latest"] = [b.isoformat() for _, b in spans]
    return out


def add_event(record: pd.DataFrame, row: Mapping[str, Any] | None = None, **fields: Any) -> pd.DataFrame:
    """A copy of ``record`` with one more event, validated like the file (a bad row raises DataError).

    Give at least start_date, headline, text, category, actor_ids and source_url; the id, end
    date, precision, display date, scope, status and research_ref are filled in when missing.
    """
    import pandas as pd

    new = {**dict(row or {}), **fields}
    start = str(new.get("start_date", "")).strip()
    numbers = [int(m) for m in re.findall(r"ev(\d+)", " ".join(map(str, record["event_id"])))]
    new.setdefault("event_id", f"ev{max(numbers, default=0) + 1:02d}")
    new.setdefault("end_date", start)
    new.setdefault("date_precision", _precision_of(start))
    new.setdefault("display_date", start)
    new.setdefault("scope", "turkey")
    new.setdefault("status", "confirmed")
    new.setdefault("research_ref", "added by hand")
    unknown = sorted(set(new) - set(record.columns))
    if unknown:
        raise DataError(f"new event {new['event_id']}", f"unknown column(s): {', '.join(unknown)}")
    frame = pd.concat([record, pd.DataFrame([new])], ignore_index=True)
    return load_events(frame)


def load_date_claims(path: str | Path | None = None) -> pd.DataFrame:
    """The article's dated claims against the record (``data/date_claims.csv``), validated."""
    from kit.schema import read_curated

    return read_curated("date-claims", path)


def documented_anchors(claims: pd.DataFrame | None = None) -> dict[str, str]:
    """``{phrase: day}`` for vague references whose day the record documents (use_as_anchor = yes).

    Pass the result to ``date_mentions(article, anchors=...)``: "recent statement" becomes
    5 Dec 2025, and "within four to six months" in the same sentence hangs from that day.
    """
    claims = load_date_claims() if claims is None else claims
    pinned = claims[(claims["use_as_anchor"] == "yes") & (claims["record_start"].str.len() == 10)]
    return {str(p): str(d) for p, d in zip(pinned["phrase"], pinned["record_start"], strict=True)}


COMPARISON_SCHEMA = TableSchema(
    name="date_comparison",
    title="What the article implies vs what the record says",
    description="One row per dated claim: the interval the text implies and the one the record documents.",
    fields=(
        Field("claim_id", "string", "Date-claim id (data/date_claims.csv).", required=True),
        Field("phrase", "string", "The date expression in the article.", required=True),
        Field("claim", "string", "The article's words."),
        Field("implied_start", "date", "First day the article's wording allows (from date_mentions)."),
        Field("implied_end", "date", "Last day the article's wording allows."),
        Field("implies", "string", "What the article implies, in words."),
        Field("record_start", "date", "First day the record documents."),
        Field("record_end", "date", "Last day the record documents."),
        Field("record_says", "string", "What the record says, in words."),
        Field("fits", "boolean", "A mechanical check: the record falls inside what the text implies (for a "
              "'since X' period: the record's start falls within X). The curated verdict weighs more."),
        Field("verdict", "string", "consistent, imprecise, contradicted or pending (curated)."),
        Field("record_event_ids", "string", "Rows of the record that document it."),
        Field("source_url", "string", "Sources for the record side."),
        Field("note", "string", "What else to know; says so when the phrase is not in the article."),
    ),
    primary_key=("claim_id",),
)


def compare_dates(dates: pd.DataFrame, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each dated claim with the interval the text implies beside the one the record documents.

    ``dates`` is :func:`date_mentions` of the article (resolved against publication, so the
    "implies" side is what a reader of the text alone can work out).
    """
    import pandas as pd

    claims = load_date_claims() if claims is None else claims
    by_text: dict[str, dict[str, Any]] = {}
    for d in dates.to_dict("records"):
        by_text.setdefault(" ".join(str(d["text"]).lower().split()), d)
    rows = []
    for c in claims.to_dict("records"):
        d = by_text.get(" ".join(str(c["phrase"]).lower().split()))
        rec_lo = partial_span(c["record_start"], f"date_claims {c['claim_id']}")[0]
        rec_hi = partial_span(c["record_end"], f"date_claims {c['claim_id']}")[1]
        lo = d["earliest"] if d is not None and isinstance(d["earliest"], str) else None
        hi = d["latest"] if d is not None and isinstance(d["latest"], str) else None
        fits = None
        if lo is not None and hi is not None:
            start, end, since = _event_dates(d)  # type: ignore[arg-type]
            if since:  # a period: does it start when the text says?
                fits = start <= rec_lo.isoformat() <= end  # type: ignore[operator]
            else:
                fits = lo <= rec_lo.isoformat() and rec_hi.isoformat() <= hi
        note = c.get("note") or ""
        if d is None:
            note = f"the phrase {c['phrase']!r} is not among the article's date mentions; {note}".strip("; ")
        rows.append({
            "claim_id": c["claim_id"], "phrase": c["phrase"], "claim": c["claim"], "implied_start": lo,
            "implied_end": hi, "implies": c["implies"], "record_start": rec_lo.isoformat(),
            "record_end": rec_hi.isoformat(), "record_says": c["record_says"], "fits": fits,
            "verdict": c["verdict"], "record_event_ids": c["record_event_ids"], "source_url": c["source_url"],
            "note": note,
        })
    if not rows:
        return COMPARISON_SCHEMA.empty()
    return COMPARISON_SCHEMA.conform(pd.DataFrame(rows))


# ---------------------------------------------------------------------------------------------
# TimelineJS export
# ---------------------------------------------------------------------------------------------


def _tl_date(text: str | None, precision: str | None = None) -> dict[str, int] | None:
    """A TimelineJS date object from ``YYYY[-MM[-DD]]`` cut to ``precision`` (year is required)."""
    if text is None or text != text or not str(text).strip():
        return None
    parts = [int(p) for p in str(text).strip()[:10].split("-")]
    keep = {"decade": 1, "year": 1, "month": 2, "day": 3}.get(precision or "day", 3)
    names = ("year", "month", "day")
    return {names[i]: parts[i] for i in range(min(keep, len(parts)))}


_SITE = re.compile(r"^https?://(?:www\.)?")


def _links(urls: str | None) -> str:
    if not urls or urls != urls:
        return ""
    links = []
    for url in (u.strip() for u in str(urls).split(" ; ")):
        if url:
            site = _SITE.sub("", url).split("/")[0]
            links.append(f'<a href="{html.escape(url, quote=True)}">{html.escape(site)}</a>')
    return "<p>Sources: " + ", ".join(links) + "</p>"


def _value(row: Mapping[str, Any], *names: str) -> Any:
    for n in names:
        v = row.get(n)
        if v is not None and v == v and str(v).strip() != "":
            return v
    return None


def to_timelinejs(events_df: pd.DataFrame, title: str = "Timeline", *, text: str = "",
                  group: str | None = "category") -> dict[str, Any]:
    """Any events table as a TimelineJS document (https://timeline.knightlab.com/docs/json-format.html).

    Works with the documented record (start_date/end_date), events in the text and date mentions
    (earliest/latest/precision). Every string is HTML-escaped (article text is untrusted); rows
    without a date are left out. Returns a dict ready for ``json.dumps``.
    """
    slides = []
    for i, row in enumerate(events_df.to_dict("records")):
        if "start_date" in row:
            start_text, end_text, precision = _value(row, "start_date"), _value(row, "end_date"), None
        else:
            start_text, end_text = _value(row, "earliest"), _value(row, "latest")
            precision = _value(row, "precision")
        start = _tl_date(start_text, precision)
        if start is None:
            continue
        end = _tl_date(end_text, precision)
        headline = _value(row, "headline", "date_text", "text", "trigger") or "Event"
        body = _value(row, "text", "sentence", "note") or ""
        if "headline" not in row and "sentence" in row:
            headline = f"{row.get('category', 'event')}: {_value(row, 'date_text')}"
        parts = [f"<p>{html.escape(str(body))}</p>"] if body else []
        if _value(row, "note") and body != row.get("note"):
            parts.append(f"<p><em>{html.escape(str(row['note']))}</em></p>")
        parts.append(_links(_value(row, "source_url")))
        slide: dict[str, Any] = {
            "start_date": start,
            "text": {"headline": html.escape(str(headline)), "text": "".join(p for p in parts if p)},
            "unique_id": re.sub(r"[^A-Za-z0-9_-]", "-", str(_value(row, "event_id", "date_id") or f"slide-{i}")),
        }
        if end is not None and end != start:
            slide["end_date"] = end
        display = _value(row, "display_date")
        if display:
            slide["display_date"] = html.escape(str(display))
        if group and _value(row, group):
            slide["group"] = html.escape(str(row[group]))
        slides.append(slide)
    return {
        "title": {"text": {"headline": html.escape(title), "text": f"<p>{html.escape(text)}</p>" if text else ""}},
        "events": slides,
        "scale": "human",
    }


def write_timelinejs(events_df: pd.DataFrame, path: str | Path, title: str = "Timeline", **kw: Any) -> Path:
    """Write :func:`to_timelinejs` as UTF-8 JSON, atomically."""
    doc = to_timelinejs(events_df, title, **kw)
    return atomic_write_text(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------------------------------------
# One call for the outputs a desk reuses
# ---------------------------------------------------------------------------------------------


def export_timeline(
    article: Article,
    out_dir: str | Path,
    *,
    record: pd.DataFrame | str | Path | bool | None = True,
    anchors: Mapping[str, Any] | None = None,
    png: bool = True,
) -> list[Path]:
    """Write one article's timeline outputs into ``out_dir`` and return their paths.

    ``dates.csv`` (date mentions), ``events.csv`` (events in the text), ``timeline.json``
    (TimelineJS: the record when given, else the text's events), ``timeline.svg`` (and ``.png``)
    of the record with the article's dates, and, when the curated date claims match this
    article's phrases, ``date_claims.csv`` and ``date_claims.svg`` (and ``.png``). Files are
    written atomically; charts are rendered offline.
    """
    from kit.charts import save
    from kit.charts.timeline import date_claims_chart, timeline_chart

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dates = date_mentions(article, anchors=anchors)
    text_events = events(article, dates=dates)
    rec = None if record is None or record is False else load_events(record)
    written = [
        atomic_write_text(out / "dates.csv", dates.to_csv(index=False, lineterminator="\n")),
        atomic_write_text(out / "events.csv", text_events.to_csv(index=False, lineterminator="\n")),
    ]
    title = article.title or "Timeline"
    written.append(write_timelinejs(rec if rec is not None else text_events, out / "timeline.json", title))
    chart = timeline_chart(rec if rec is not None else record_like(text_events), dates, published=article.published)
    suffixes = (".svg", ".png") if png else (".svg",)
    written += [save(chart, out / f"timeline{s}") for s in suffixes]
    claims = load_date_claims()
    if rec is not None and all(_fold(c) in _fold(article.text) for c in claims["claim"]):
        comparison = compare_dates(date_mentions(article), claims)
        written.append(atomic_write_text(out / "date_claims.csv", comparison.to_csv(index=False, lineterminator="\n")))
        written += [save(date_claims_chart(comparison), out / f"date_claims{s}") for s in suffixes]
    return written


def _fold(text: str) -> str:
    """Text with curly quotes straightened and spaces collapsed, for matching quoted claims."""
    return " ".join(str(text).translate(str.maketrans("‘’“”", "''\"\"")).split())


def record_like(text_events: pd.DataFrame) -> pd.DataFrame:
    """Dated events from the text in the record's columns, so the record's charts can draw them."""
    import pandas as pd

    dated = text_events[text_events["earliest"].notna()]
    return pd.DataFrame({
        "event_id": dated["event_id"], "start_date": dated["earliest"], "end_date": dated["latest"],
        "display_date": dated["date_text"], "headline": dated["trigger"].fillna(dated["date_text"]),
        "text": dated["sentence"], "category": dated["category"], "status": dated["status"],
        "source_url": "the article",
    }).astype(object)
