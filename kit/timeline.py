"""The documented record of the arms deal, and where the article's dates disagree with it.

* :func:`load_events`: the documented record (``data/events.csv``), checked row by row.
* :func:`compare_dates`: the article's dated claims (``data/date_claims.csv``) side by side with
  the record: "eluded since 2017" against a suspension on 17 July 2019.
* :func:`record_like`: events found in the text in the record's columns, for the same charts.

Events in the text are made by :mod:`kit.extract.events`; TimelineJS and file exports live in
:mod:`kit.export`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.errors import DataError
from kit.extract.dates import month_span, year_span
from kit.extract.events import event_dates
from kit.paths import display_path
from kit.schema import Field, TableSchema

if TYPE_CHECKING:
    import pandas as pd

# ---------------------------------------------------------------------------------------------
# The documented record
# ---------------------------------------------------------------------------------------------


def partial_span(value: str, where: str = "date") -> tuple[dt.date, dt.date]:
    """First and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a DataError names a bad value)."""
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
        Field("verdict", "string", "consistent, imprecise, contradicted, pending (a forecast not yet due) or expired "
              "(its window has passed; curated)."),
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
            start, end, since = event_dates(d)  # type: ignore[arg-type]
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


def fold_quotes(text: str) -> str:
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
