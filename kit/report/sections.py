"""The sections of the newsroom report, each built from a dossier: what the report notebook displays.

Each function takes the :class:`~kit.analysis.Dossier` (and ``top_n``, how many rows a table shows) and
returns the pieces to display in order: charts (:class:`~kit.charts.base.Figure`, also kept for export)
and HTML (:class:`~kit.report.memo.Html`, every cell escaped). A section with nothing to show says what is
missing and why, never a blank. Changing what the report shows (a column, a caption, a chart) happens
here, in one place; notebook 06 only calls these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kit.charts.base import Figure
from kit.labels import ENTITY, words
from kit.report import memo

if TYPE_CHECKING:
    from kit.analysis import Dossier

Pieces = list[Any]


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


def verify(dossier: Dossier, top_n: int = 10) -> Pieces:
    """What to verify: every finding of the verification methods, grouped by kind, with evidence and source."""
    if not dossier.has("findings"):
        return [memo.missing("Nothing flagged", "no method found a misnaming, an off-record quote, an omission "
                             "or an unsourced claim; that is not proof that the article is right")]
    out: Pieces = []
    table = dossier.findings
    for kind, heading in FINDING_HEADINGS.items():
        rows = table[table["kind"] == kind]
        if len(rows):
            out.append(memo.table(rows, {"text": "the article says", "evidence": "what the record shows",
                                         "source_url": "source"},
                                  top_n=top_n, links=["source_url"], caption=f"{heading} ({len(rows)})"))
    return out


def entities(dossier: Dossier, top_n: int = 10) -> Pieces:
    """Who and what the article names: a chart, the entity table (labels in words), the unknown names."""
    from kit.charts.entities import entity_mentions_spec

    out: Pieces = []
    if dossier.has("entities"):
        out.append(Figure("entities", entity_mentions_spec(dossier.entities, top_n)))
        named = dossier.entities.assign(label=[words(ENTITY, code) for code in dossier.entities["label"]])
        out.append(memo.table(named, {"name": "entity", "label": "what it is", "n_mentions": "mentions",
                                      "surface_forms": "as written", "note": "check"}, top_n=top_n))
    else:
        out.append(memo.missing("No entity table", "the article names no person, place or organisation the kit found"))
    if dossier.has("candidates"):
        out.append(memo.table(dossier.candidates, {"candidate": "name", "shape": "shape", "n": "times",
                                                   "context": "first use"},
                              top_n=top_n, caption="Capitalised words nobody typed (check them)"))
    return out


def sourcing(dossier: Dossier, top_n: int = 10) -> Pieces:
    """Who stands behind each sentence: the profile chart, the attributions, the bare claims, the quotes."""
    from kit.charts.sources import sourcing_spec

    out: Pieces = []
    if dossier.has("sourcing"):
        out.append(Figure("sourcing", sourcing_spec(dossier.sourcing)))
    if dossier.has("attributions"):
        cited = dossier.attributions[dossier.attributions["source_type"] != "unattributed"]
        cited = cited.assign(source_text=cited["source_text"].fillna("(not named)"),
                             anonymity_reason=cited["anonymity_reason"].fillna(""))
        if len(cited):
            out.append(memo.table(cited, {"sent_idx": "sentence", "source_text": "source", "source_type": "kind",
                                          "cue": "cue", "hedge": "hedges", "anonymity_reason": "why anonymous"},
                                  top_n=top_n, caption="Attributions", words=["source_type"]))
        bare = dossier.attributions[(dossier.attributions["source_type"] == "unattributed")
                                    & dossier.attributions["checkable"]]
        if len(bare):
            out.append(memo.table(bare, {"sent_idx": "sentence", "content_text": "sentence text"}, top_n=top_n,
                                  caption="Checkable statements with no source"))
    else:
        out.append(memo.missing("No sourcing profile", "the attribution rules made no table"))
    if dossier.has("quotes"):
        out.append(memo.table(dossier.quotes, {"quote_text": "quotation", "kind": "kind", "speaker_text": "speaker",
                                               "check_note": "can it be checked?"}, top_n=top_n,
                              caption="Quotations"))
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
    return ", ".join(names.get(i, i) for i in ids.split("|"))


def amounts(dossier: Dossier, top_n: int = 10) -> Pieces:
    """Money and counted things, with the value read out and the system counted."""
    if not dossier.has("amounts"):
        return [memo.missing("No amounts", "the article states no sum of money and no count of weapons or units")]
    shown = dossier.amounts.assign(value=[_number(v) for v in dossier.amounts["value"]],
                                   value_max=[_number(v) for v in dossier.amounts["value_max"]])
    return [memo.table(shown, {"text": "as written", "kind": "kind", "value": "value",
                                         "value_max": "up to", "currency": "currency", "unit": "what is counted",
                                         "item": "system", "note": "note"}, top_n=top_n, caption="Amounts")]


def timeline(dossier: Dossier, top_n: int = 10) -> Pieces:
    """The dates the article gives, on a chart beside the documented record, and where they disagree."""
    from kit.charts.timeline import timeline_spec

    out: Pieces = []
    if dossier.has("dates"):
        out.append(Figure("timeline", timeline_spec(dossier.dates, dossier.tables.get("record"))))
        out.append(memo.table(dossier.dates, {"text": "as written", "earliest": "earliest", "latest": "latest",
                                              "precision": "precision", "note": "how it was read"},
                              top_n=top_n, caption="Dates in the article"))
    else:
        out.append(memo.missing("No dated timeline", dossier.skipped.get("dates", "the article gives no dates")))
    if dossier.has("date_checks"):
        out.append(memo.table(dossier.date_checks, {"phrase": "the article says", "implies": "which implies",
                                                    "record_says": "the record says", "verdict": "verdict"},
                              top_n=top_n, caption="The article's dates against the record"))
    if dossier.has("events"):
        names = dict(zip(dossier.entities["entity_id"], dossier.entities["name"], strict=True)) \
            if dossier.has("entities") else {}
        events = dossier.events.assign(actors=[_names(a, names) for a in dossier.events["actors"]])
        out.append(memo.table(events, {"date_text": "date", "category": "event", "status": "status",
                                               "actors": "who", "earliest": "from", "latest": "to"},
                              top_n=top_n, caption="Events the article dates"))
    if dossier.has("record"):
        out.append(memo.missing("The documented record",
                                f"{len(dossier.record)} sourced events, drawn above; every row is in record.csv "
                                "and timeline.json (TimelineJS)"))
    else:
        out.append(memo.missing("No documented record",
                                "none given for this article (set events_path to a timeline CSV)"))
    return out


def claims(dossier: Dossier, top_n: int = 10) -> Pieces:
    """The checked claims, most doubtful first, with the evidence's sources as links."""
    if not dossier.has("claims"):
        return [memo.missing("No checked claims",
                             "none given for this article (set claims_path to a checked-claims CSV)")]
    worst_first = dossier.claims.sort_values("rating_value", kind="stable")  # 1 = inaccurate ... 5 = accurate
    return [memo.table(worst_first, {"claim_id": "id", "claim_verbatim": "the article says",
                                     "rating_label": "rating", "correct_fact": "what the record shows",
                                     "source_url": "sources"},
                       top_n=top_n, links=["source_url"], caption="Checked claims, most doubtful first")]


def annotated(dossier: Dossier) -> Pieces:
    """The article with every entity marked, collapsed so the memo stays short."""
    if not dossier.has("mentions"):
        return [memo.missing("No annotated text", "no entity mentions to mark")]
    from kit.extract.entities import highlight_html

    return [memo.details("Show the annotated article", highlight_html(dossier.article, dossier.mentions))]


class Report:
    """The sections of one report, in order, keeping every chart shown so the export can save them."""

    def __init__(self, dossier: Dossier, top_n: int = 10) -> None:
        self.dossier = dossier
        self.top_n = top_n
        self.figures: list[Figure] = []

    def _keep(self, pieces: Pieces) -> Pieces:
        self.figures += [p for p in pieces if isinstance(p, Figure)]
        return pieces

    def verify(self) -> Pieces:
        """See :func:`verify`."""
        return self._keep(verify(self.dossier, self.top_n))

    def entities(self) -> Pieces:
        """See :func:`entities`."""
        return self._keep(entities(self.dossier, self.top_n))

    def sourcing(self) -> Pieces:
        """See :func:`sourcing`."""
        return self._keep(sourcing(self.dossier, self.top_n))

    def amounts(self) -> Pieces:
        """See :func:`amounts`."""
        return self._keep(amounts(self.dossier, self.top_n))

    def timeline(self) -> Pieces:
        """See :func:`timeline`."""
        return self._keep(timeline(self.dossier, self.top_n))

    def claims(self) -> Pieces:
        """See :func:`claims`."""
        return self._keep(claims(self.dossier, self.top_n))

    def annotated(self) -> Pieces:
        """See :func:`annotated`."""
        return annotated(self.dossier)
