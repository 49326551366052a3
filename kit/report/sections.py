"""The sections of the newsroom report, each built from a dossier: what the report notebook displays.

Each function takes the :class:`~kit.analysis.Dossier` (and ``top_n``, how many rows a table shows) and
returns the pieces to display in order: charts (:class:`~kit.charts.base.Figure`, also kept for export)
and HTML (:class:`~kit.report.memo.Html`, every cell escaped). A section with nothing to show says what is
missing and why, never a blank. Changing what the report shows (a column, a caption, a chart) happens
here, in one place; notebook 06 only calls these.

The page stays small however long the article: tables show ``top_n`` rows and name (and link, when
``exports`` says where the CSVs are) the file with the rest; the timeline chart draws at most
:data:`CHART_DATES` date expressions; the annotated text shows about :data:`ANNOTATED_CHARS` characters.
Each cap says what it left out. Readers see names and words, never ids or label codes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.charts.base import Figure
from kit.charts.report_svg import bars_svg, timeline_svg
from kit.labels import ENTITY, SOURCE, words
from kit.report import memo

if TYPE_CHECKING:
    import pandas as pd

    from kit.analysis import Dossier

Pieces = list[Any]

#: The timeline chart draws at most this many different date expressions (one lane each), in text order.
CHART_DATES = 30
#: The annotated article shows about this many characters of text (then only sentences with a flagged name).
ANNOTATED_CHARS = 30_000
#: What the attributions table says of an anonymous source whose text gives no reason for the anonymity.
NO_REASON = "no reason given"


def _rest(name: str, exports: str, where: str = "") -> dict[str, str]:
    """The ``csv``/``href`` arguments of :func:`memo.table` for table ``name`` (linked only when exported)."""
    file = f"{name}.csv"
    return {"csv": f"{file} {where}".strip(), "href": memo.export_href(exports, file) if exports else ""}


def entity_names(dossier: Dossier) -> dict[str, str]:
    """Entity id -> the name a reader knows: the article's entities, then the gazetteer, then NER ids in words."""
    names: dict[str, str] = {}
    try:
        from kit.extract.gazetteer import load_gazetteer

        gaz = load_gazetteer()
        names.update(zip(gaz["entity_id"].astype(str), gaz["name"].astype(str), strict=True))
    except Exception:  # a gazetteer that cannot be read leaves the ids the article's table knows
        pass
    if dossier.has("entities"):
        names.update(zip(dossier.entities["entity_id"].astype(str), dossier.entities["name"].astype(str),
                         strict=True))
    return names


def readable_id(entity_id: str, names: dict[str, str]) -> str:
    """An entity id as a reader knows it: its name, or ``unlinked:ellen_lord`` as ``Ellen Lord``."""
    if entity_id in names:
        return names[entity_id]
    bare = entity_id.split(":", 1)[-1]
    return " ".join(w[:1].upper() + w[1:] for w in bare.replace("_", " ").split()) or entity_id


_INVOLVING = re.compile(r"(involving )([\w:.-]+(?:, [\w:.-]+)*)(;)")


def _readable_evidence(text: Any, names: dict[str, str]) -> Any:
    """'... involving tom_barrack, turkey; ...' (the omission check's wording) with names, not ids."""
    if not isinstance(text, str):
        return text
    return _INVOLVING.sub(lambda m: m.group(1) + ", ".join(readable_id(i, names) for i in m.group(2).split(", "))
                          + m.group(3), text)


#: How each kind of finding is headed in the memo, in the order the memo lists them.
FINDING_HEADINGS = {
    "misnaming": "Possible misnamings (the name differs from the office-holder's on that day)",
    "wrong_person": "A different person named for the office",
    "quote_not_on_record": "Quotations not found in what the speaker is recorded as saying",
    "quote_close": "Quotations close to, but not the same as, the record",
    "omission": "On the record before publication, missing from the article",
    "later_development": "Developments after publication (not omissions: the article could not know)",
    "reuse": "Passages the article shares with a reference text",
    "unsourced_claim": "Checkable claims with no named source",
}


def verify(dossier: Dossier, top_n: int = 10, exports: str = "") -> Pieces:
    """What to verify: every finding of the verification methods, grouped by kind, with evidence and source."""
    if not dossier.has("findings"):
        return [memo.missing("Nothing flagged", "no method found a misnaming, an off-record quote, an omission "
                             "or an unsourced claim; that is not proof that the article is right")]
    out: Pieces = []
    table = dossier.findings
    names = entity_names(dossier)
    for kind, heading in FINDING_HEADINGS.items():
        rows = table[table["kind"] == kind]
        if len(rows):
            shown = rows.assign(evidence=[_readable_evidence(e, names) for e in rows["evidence"]])
            out.append(memo.table(shown, {"text": "the article says", "evidence": "what the record shows",
                                          "source_url": "source"},
                                  top_n=top_n, links=["source_url"], caption=f"{heading} ({len(rows):,})",
                                  **_rest("findings", exports, f"(rows with kind = {kind})")))
    return out


def entities(dossier: Dossier, top_n: int = 10, exports: str = "") -> Pieces:
    """Who and what the article names: a chart, the entity table (labels in words), the unknown names."""
    from kit.charts.entities import entity_mentions_spec

    out: Pieces = []
    if dossier.has("entities"):
        out.append(Figure("entities", entity_mentions_spec(dossier.entities, top_n), bars_svg))
        named = dossier.entities.assign(label=[words(ENTITY, code) for code in dossier.entities["label"]])
        out.append(memo.table(named, {"name": "entity", "label": "what it is", "n_mentions": "mentions",
                                      "surface_forms": "as written", "note": "check"}, top_n=top_n,
                              **_rest("entities", exports)))
    else:
        out.append(memo.missing("No entity table", "the article names no person, place or organisation the kit found"))
    if dossier.has("candidates"):
        out.append(memo.table(dossier.candidates, {"candidate": "name", "shape": "shape", "n": "times",
                                                   "context": "first use"},
                              top_n=top_n, caption="Capitalised words nobody typed (check them)",
                              **_rest("candidates", exports)))
    return out


def _why_anonymous(cited: pd.DataFrame) -> list[str]:
    """The reason the text gives for each anonymous source, :data:`NO_REASON` when it gives none; blank if named."""
    anonymous = cited["is_anonymous"].fillna(False).astype(bool) if "is_anonymous" in cited.columns \
        else cited["source_type"].isin(("anonymous_official", "anonymous_source"))
    reasons = cited["anonymity_reason"] if "anonymity_reason" in cited.columns else [None] * len(cited)
    return [(str(r) if isinstance(r, str) and r.strip() else NO_REASON) if a else ""
            for a, r in zip(anonymous, reasons, strict=True)]


def sourcing(dossier: Dossier, top_n: int = 10, exports: str = "") -> Pieces:
    """Who stands behind each sentence: the profile chart, the attributions, the bare claims, the quotes."""
    from kit.charts.sources import sourcing_spec

    out: Pieces = []
    if dossier.has("sourcing"):
        out.append(Figure("sourcing", sourcing_spec(dossier.sourcing), bars_svg))
    if dossier.has("attributions"):
        cited = dossier.attributions[dossier.attributions["source_type"] != "unattributed"]
        why = _why_anonymous(cited)
        cited = cited.assign(source_text=cited["source_text"].fillna("(not named)"), why=why,
                             source_type=[words(SOURCE, t) for t in cited["source_type"]])
        columns = {"sent_idx": "sentence", "source_text": "source", "source_type": "kind", "cue": "cue",
                   "hedge": "hedges"}
        if any(why):  # only anonymous sources have a "why"; with none, the column would be empty
            columns["why"] = "why anonymous"
        if len(cited):
            out.append(memo.table(cited, columns, top_n=top_n, caption="Attributions",
                                  **_rest("attributions", exports, "(rows with a source)")))
        bare = dossier.attributions[(dossier.attributions["source_type"] == "unattributed")
                                    & dossier.attributions["checkable"]]
        if len(bare):
            out.append(memo.table(bare, {"sent_idx": "sentence", "content_text": "sentence text"}, top_n=top_n,
                                  caption="Checkable statements with no source",
                                  **_rest("attributions", exports,
                                          "(rows with source_type = unattributed and checkable = True)")))
    else:
        out.append(memo.missing("No sourcing profile", "the attribution rules made no table"))
    if dossier.has("quotes"):
        out.append(memo.table(dossier.quotes, {"quote_text": "quotation", "kind": "kind", "speaker_text": "speaker",
                                               "check_note": "can it be checked?"}, top_n=top_n,
                              caption="Quotations", **_rest("quotes", exports)))
    else:
        out.append(memo.missing("Quotations", "the article quotes nobody directly"))
    return out


def _number(value: Any) -> str:
    """A value as an editor reads it: 1,850,000,000 and 2.5, never 1850000000.0; empty when unknown."""
    if value is None or value != value:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _names(ids: Any, names: dict[str, str]) -> str:
    """'turkey|unlinked:ellen_lord' as 'Turkey, Ellen Lord'."""
    if not isinstance(ids, str) or not ids:
        return ""
    return ", ".join(readable_id(i, names) for i in ids.split("|"))


def amounts(dossier: Dossier, top_n: int = 10, exports: str = "") -> Pieces:
    """Money and counted things, with the value read out and the system counted."""
    if not dossier.has("amounts"):
        return [memo.missing("No amounts", "the article states no sum of money and no count of weapons or units")]
    shown = dossier.amounts.assign(value=[_number(v) for v in dossier.amounts["value"]],
                                   value_max=[_number(v) for v in dossier.amounts["value_max"]])
    return [memo.table(shown, {"text": "as written", "kind": "kind", "value": "value",
                               "value_max": "up to", "currency": "currency", "unit": "what is counted",
                               "item": "system", "note": "note"}, top_n=top_n, caption="Amounts",
                       **_rest("amounts", exports))]


def chart_dates(dates: pd.DataFrame, limit: int = CHART_DATES) -> pd.DataFrame:
    """The date rows the timeline chart draws: the first ``limit`` different expressions in the text, once each.

    The chart gives each expression ("in 2017", "last year") a lane and each date a bar, so a long
    article would draw a chart thousands of lanes tall; a date repeated with the same span draws the same
    bar again, so it is drawn once. The table and ``dates.csv`` keep every row.
    """
    resolved = dates[dates["earliest"].notna() & dates["latest"].notna()]
    keep = list(dict.fromkeys(resolved["text"]))[:limit]
    return resolved[resolved["text"].isin(keep)].drop_duplicates(["text", "earliest", "latest"])


def timeline(dossier: Dossier, top_n: int = 10, exports: str = "") -> Pieces:
    """The dates the article gives, on a chart beside the documented record, and where they disagree."""
    from kit.charts.timeline import timeline_spec

    out: Pieces = []
    if dossier.has("dates"):
        dates = dossier.dates
        drawn = chart_dates(dates)
        out.append(Figure("timeline", timeline_spec(drawn, dossier.tables.get("record")), timeline_svg))
        resolved = dates[dates["earliest"].notna() & dates["latest"].notna()]
        n_texts = resolved["text"].nunique()
        if drawn["text"].nunique() < n_texts:
            out.append(memo.missing(
                "The chart", f"draws the first {drawn['text'].nunique()} of the {n_texts:,} different date "
                f"expressions the kit placed on the calendar, each span once; all {len(resolved):,} dates are in "
                "dates.csv"))
        out.append(memo.table(dates, {"text": "as written", "earliest": "earliest", "latest": "latest",
                                      "precision": "precision", "note": "how it was read"},
                              top_n=top_n, caption="Dates in the article", **_rest("dates", exports)))
    else:
        out.append(memo.missing("No dated timeline", dossier.skipped.get("dates", "the article gives no dates")))
    if dossier.has("date_checks"):
        out.append(memo.table(dossier.date_checks, {"phrase": "the article says", "implies": "which implies",
                                                    "record_says": "the record says", "verdict": "verdict"},
                              top_n=top_n, caption="The article's dates against the record",
                              **_rest("date_checks", exports)))
    if dossier.has("events"):
        names = entity_names(dossier)
        events = dossier.events.assign(actors=[_names(a, names) for a in dossier.events["actors"]])
        out.append(memo.table(events, {"date_text": "date", "category": "event", "status": "status",
                                       "actors": "who", "earliest": "from", "latest": "to"},
                              top_n=top_n, caption="Events the article dates", **_rest("events", exports)))
    if dossier.has("record"):
        out.append(memo.missing("The documented record",
                                f"{len(dossier.record)} sourced events, drawn above; every row is in record.csv "
                                "and timeline.json (TimelineJS)"))
    else:
        out.append(memo.missing("No documented record",
                                "none given for this article (set events_path to a timeline CSV)"))
    return out


def claims(dossier: Dossier, top_n: int = 10, exports: str = "") -> Pieces:
    """The checked claims, most doubtful first, with the evidence's sources as links."""
    if not dossier.has("claims"):
        return [memo.missing("No checked claims",
                             "none given for this article (set claims_path to a checked-claims CSV)")]
    worst_first = dossier.claims.sort_values("rating_value", kind="stable")  # 1 = inaccurate ... 5 = accurate
    return [memo.table(worst_first, {"claim_id": "id", "claim_verbatim": "the article says",
                                     "rating_label": "rating", "correct_fact": "what the record shows",
                                     "source_url": "sources"},
                       top_n=top_n, links=["source_url"], caption="Checked claims, most doubtful first",
                       **_rest("claims", exports))]


def _source_file(article: Any, exports: str) -> str:
    """The article's own file, linked when it is a plain-text copy beside the report (never a live HTML page)."""
    source = str(article.source)
    name = Path(source).name
    if exports and not Path(source).is_absolute() and Path(source).suffix.lower() in (".txt", ".md"):
        return memo.link_file(Path(source).as_posix(), name)
    return memo.esc(name)


def annotated(dossier: Dossier, exports: str = "", max_chars: int = ANNOTATED_CHARS) -> Pieces:
    """The article with every entity marked (names in the tooltips, labels in words), collapsed.

    A long article shows its first ``max_chars`` characters or so, then only the sentences with a
    flagged name, and says what it left out and where the whole text and every mention are.
    """
    if not dossier.has("mentions"):
        return [memo.missing("No annotated text", "no entity mentions to mark")]
    from kit.highlight import highlight

    mentions = dossier.mentions
    names = entity_names(dossier)
    kinds = mentions["surface_kind"].astype("object") if "surface_kind" in mentions.columns \
        else mentions["entity_id"].map(lambda _: None)
    # A name the verification flags (a misnaming, the wrong person for the office) is marked too, with why.
    flagged: dict[tuple[int, int], str] = {}
    if dossier.has("findings"):
        found = dossier.findings[dossier.findings["kind"].isin(("misnaming", "wrong_person"))]
        flagged = {(int(a), int(b)): str(e) for a, b, e in zip(found["start_char"], found["end_char"],
                                                                found["evidence"], strict=True)}
    spans = list(zip(mentions["start_char"].astype(int), mentions["end_char"].astype(int), strict=True))
    warned = [k == "misnaming" or span in flagged for k, span in zip(kinds, spans, strict=True)]
    notes = mentions["note"] if "note" in mentions.columns else [None] * len(mentions)
    shown = mentions.assign(
        _who=[readable_id(str(e), names) for e in mentions["entity_id"]],
        _badge=["misnaming" if w else (k if k in ("metonym", "demonym") else None) for k, w in
                zip(kinds, warned, strict=True)],
        _warn=warned,
        _note=[flagged.get(span) or (n if isinstance(n, str) else None) for span, n in zip(spans, notes, strict=True)],
    )
    marked = highlight(dossier.article, shown, tooltip=("_who", "_note"), badge="_badge",
                       warn="_warn", max_chars=max_chars, compact=True)
    if not marked.capped:
        return [memo.details("Show the annotated article", marked)]
    later = (f" and {marked.n_warned_later} later sentence{'s' if marked.n_warned_later != 1 else ''} "
             "with a flagged name") if marked.n_warned_later else ""
    mentions_csv = (memo.link_file(memo.export_href(exports, "mentions.csv"), "mentions.csv") if exports
                    else "mentions.csv")
    note = (f'<p class="kit-note">The article is long, so it is shortened here: its opening{later}, '
            f"{marked.n_chars_shown:,} of {marked.n_chars:,} characters ({marked.n_paragraphs_shown:,} of "
            f"{marked.n_paragraphs:,} paragraphs). Left out: {marked.n_left_out:,} of {len(mentions):,} marked "
            f"mentions. The whole text is {_source_file(dossier.article, exports)}; every mention is in "
            f"{mentions_csv}.</p>")
    summary = f"Show the annotated article (the first {marked.n_chars_shown:,} of {marked.n_chars:,} characters)"
    return [memo.Html(note, re.sub(r"<[^>]+>", "", note)), memo.details(summary, marked)]


class Report:
    """The sections of one report, in order, keeping every chart shown so the export can save them.

    ``exports`` is the notebook's ``output_dir``: when set, the notes under cut tables link the CSVs.
    """

    def __init__(self, dossier: Dossier, top_n: int = 10, exports: str = "") -> None:
        self.dossier = dossier
        self.top_n = top_n
        self.exports = exports
        self.figures: list[Figure] = []

    def _keep(self, pieces: Pieces) -> Pieces:
        self.figures += [p for p in pieces if isinstance(p, Figure)]
        return pieces

    def verify(self) -> Pieces:
        """See :func:`verify`."""
        return self._keep(verify(self.dossier, self.top_n, self.exports))

    def entities(self) -> Pieces:
        """See :func:`entities`."""
        return self._keep(entities(self.dossier, self.top_n, self.exports))

    def sourcing(self) -> Pieces:
        """See :func:`sourcing`."""
        return self._keep(sourcing(self.dossier, self.top_n, self.exports))

    def amounts(self) -> Pieces:
        """See :func:`amounts`."""
        return self._keep(amounts(self.dossier, self.top_n, self.exports))

    def timeline(self) -> Pieces:
        """See :func:`timeline`."""
        return self._keep(timeline(self.dossier, self.top_n, self.exports))

    def claims(self) -> Pieces:
        """See :func:`claims`."""
        return self._keep(claims(self.dossier, self.top_n, self.exports))

    def annotated(self) -> Pieces:
        """See :func:`annotated`."""
        return annotated(self.dossier, self.exports)
