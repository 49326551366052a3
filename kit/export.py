"""Every file the kit writes for reuse, in one place: CSV tables, the Data Package, TimelineJS, ClaimReview.

An exporter is an object with a file name and two methods, ``applies(dossier)`` and
``render(dossier) -> str``; :data:`EXPORTERS` lists them in the order :func:`write_dossier` writes
them. A new format is one new class added to that list (the way papermill registers its I/O
handlers). Every file is written atomically (temporary file, then rename), so a crash never leaves
half a file behind.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kit.paths import atomic_write_text
from kit.safety import safe_text_cells

if TYPE_CHECKING:
    import pandas as pd

    from kit.analysis import Dossier
    from kit.article import Article


def to_json(data: Any) -> str:
    """Pretty UTF-8 JSON with a final newline (dates and other objects as strings)."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def _flatten(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return "|".join(str(v) for v in items)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def csv_text(df: pd.DataFrame) -> str:
    """A table as CSV text: a header, ``\\n`` line ends, lists joined by ``|``, dicts as JSON."""
    flat = df.copy()
    for col in flat.columns:
        if flat[col].dtype == object:
            flat[col] = flat[col].map(_flatten)
    # Spreadsheets run a cell that starts with = + - @ as a formula: text cells are neutralised first.
    return safe_text_cells(flat).to_csv(index=False, lineterminator="\n")


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV (see :func:`csv_text`), atomically."""
    return atomic_write_text(path, csv_text(df))


# ---------------------------------------------------------------------------------------------
# TimelineJS
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
# The exporters of a dossier
# ---------------------------------------------------------------------------------------------


class Exporter(Protocol):
    """One file made from a dossier."""

    filename: str

    def applies(self, dossier: Dossier) -> bool:
        """True when the dossier holds what this file needs."""

    def render(self, dossier: Dossier) -> str:
        """The file's text."""


@dataclass(frozen=True)
class DataPackageExporter:
    """``datapackage.json``: a Frictionless Data Package describing every CSV table."""

    filename: str = "datapackage.json"
    package_name: str = "kit-report"

    def applies(self, dossier: Dossier) -> bool:
        """Always: even an empty dossier has tables to describe."""
        return True

    def render(self, dossier: Dossier) -> str:
        """The package as JSON."""
        return to_json(dossier.datapackage(self.package_name))


@dataclass(frozen=True)
class TimelineJSExporter:
    """``timeline.json``: the documented record when given, else the events the article dates."""

    filename: str = "timeline.json"

    def applies(self, dossier: Dossier) -> bool:
        """When there is a record or an event to show."""
        return dossier.timelinejs() is not None

    def render(self, dossier: Dossier) -> str:
        """The TimelineJS document as JSON."""
        return to_json(dossier.timelinejs())


@dataclass(frozen=True)
class ClaimReviewExporter:
    """``claimreview.jsonld``: schema.org ClaimReview for the checked claims."""

    filename: str = "claimreview.jsonld"

    def applies(self, dossier: Dossier) -> bool:
        """When the dossier has checked claims."""
        return dossier.has("claims")

    def render(self, dossier: Dossier) -> str:
        """The ClaimReview objects as JSON-LD."""
        return to_json(dossier.claimreview())


def _missing(value: Any) -> bool:
    """None, NaN or pandas' NA."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, float) and value != value


def article_record(dossier: Dossier) -> dict[str, Any]:
    """Everything known about the article itself: metadata, how it was known, and its dateline."""
    meta = dict(dossier.article.meta)
    record: dict[str, Any] = {
        "source": dossier.article.source,
        "title": meta.get("title"),
        "outlet": meta.get("outlet"),
        "byline": meta.get("byline"),
        "published": meta.get("published"),
        "published_basis": meta.get("published_basis") or ("given in the metadata" if meta.get("published") else None),
        "url": meta.get("url"),
        "language": meta.get("language"),
        "extractor": meta.get("extractor") or meta.get("format") or "text",
        "dateline": None, "dateline_place": None, "dateline_agency": None, "dateline_date": None,
        "n_characters": len(dossier.article.text),
        "n_sentences": len(dossier.article.sentences),
        "provenance": meta.get("provenance"),
    }
    lines = dossier.tables.get("datelines")
    if lines is not None and len(lines):
        row = lines.iloc[0]
        for key, col in (("dateline", "text"), ("dateline_place", "place"), ("dateline_agency", "agency"),
                         ("dateline_date", "date")):
            value = row[col]
            record[key] = None if _missing(value) else str(value)
    return record


@dataclass(frozen=True)
class ArticleExporter:
    """``article.json``: the article's metadata (title, outlet, published and how it was known, dateline)."""

    filename: str = "article.json"

    def applies(self, dossier: Dossier) -> bool:
        """Always: every dossier has an article."""
        return True

    def render(self, dossier: Dossier) -> str:
        """The article record as JSON."""
        return to_json(article_record(dossier))


#: The files written beside the CSV tables, in order.
EXPORTERS: tuple[Exporter, ...] = (ArticleExporter(), DataPackageExporter(), TimelineJSExporter(),
                                   ClaimReviewExporter())


def write_dossier(dossier: Dossier, path: str | Path, *, package_name: str = "kit-report",
                  exporters: tuple[Exporter, ...] = EXPORTERS) -> list[Path]:
    """Write every table as CSV and each exporter's file into ``path``; return the paths written (sorted)."""
    out = Path(path)
    written = [write_csv(df, out / f"{name}.csv") for name, df in dossier.tables.items()]
    for exporter in exporters:
        if isinstance(exporter, DataPackageExporter) and exporter.package_name != package_name:
            exporter = DataPackageExporter(package_name=package_name)
        if exporter.applies(dossier):
            written.append(atomic_write_text(out / exporter.filename, exporter.render(dossier)))
    return sorted(written)


# ---------------------------------------------------------------------------------------------
# One call for the timeline outputs a desk reuses
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
    from kit.extract.dates import date_mentions
    from kit.extract.events import events
    from kit.timeline import compare_dates, fold_quotes, load_date_claims, load_events, record_like

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dates = date_mentions(article, anchors=anchors)
    text_events = events(article, dates=dates)
    rec = None if record is None or record is False else load_events(record)
    written = [
        write_csv(dates, out / "dates.csv"),
        write_csv(text_events, out / "events.csv"),
    ]
    title = article.title or "Timeline"
    written.append(write_timelinejs(rec if rec is not None else text_events, out / "timeline.json", title))
    chart = timeline_chart(rec if rec is not None else record_like(text_events), dates, published=article.published)
    suffixes = (".svg", ".png") if png else (".svg",)
    written += [save(chart, out / f"timeline{s}") for s in suffixes]
    claims = load_date_claims()
    if rec is not None and all(fold_quotes(c) in fold_quotes(article.text) for c in claims["claim"]):
        comparison = compare_dates(date_mentions(article), claims)
        written.append(write_csv(comparison, out / "date_claims.csv"))
        written += [save(date_claims_chart(comparison), out / f"date_claims{s}") for s in suffixes]
    return written
