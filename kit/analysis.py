"""``kit.analyze(article)``: every table the kit can make from one article, in one call.

The result is a :class:`Dossier`: the article plus named tables (mentions, entities, candidates,
dates, events, attributions, quotes, sourcing), and, when given, the documented timeline
(``record``) and the checked claims (``claims``). The newsroom report is "analyze, chart,
export"; the lessons build the same tables step by step with the public functions this module
calls, so a learner can see every part.

The pipeline is :func:`analyze`, written as plain calls in order; :data:`TABLES` names each table,
what it is made from and the reference it needs, in one place. Output is deterministic: the same
article gives byte-identical CSV.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kit import claims as claim_tables
from kit import timeline
from kit.article import Article
from kit.errors import KitError
from kit.extract import amounts, datelines, dates, entities, quotes, sources
from kit.extract import events as text_events
from kit.extract import ner as names
from kit.verify import findings as verify_findings
from kit.verify import worksheet

if TYPE_CHECKING:
    import pandas as pd

    from kit.schema import TableSchema


# ---------------------------------------------------------------------------------------------
# The tables, in the order analyze() makes them
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableInfo:
    """One table of the dossier: what it holds, the tables it is made from, the reference it needs."""

    name: str
    description: str
    needs: tuple[str, ...] = ()
    reference: str | None = None


#: Every table analyze() can make, in order. The functions that make them are called in analyze().
TABLES: dict[str, TableInfo] = {t.name: t for t in (
    TableInfo("mentions", "Every mention of an entity: gazetteer links first, spaCy NER for names the gazetteer "
              "does not know (entity id 'unlinked:...'), with surface text and character offsets."),
    TableInfo("entities", "One row per entity mentioned, with its mention count and Wikidata id.", ("mentions",)),
    TableInfo("candidates", "Capitalised names the gazetteer does not know: candidates for a reporter to check.",
              ("mentions",)),
    TableInfo("dates", "Every date expression in the text, resolved against the publication date where possible."),
    TableInfo("events", "Events the article dates: a date tied to an action (deal, delivery, sanction, ...), with "
              "its actors.", ("mentions", "dates")),
    TableInfo("attributions", "Who says what: source, cue verb, hedges, anonymity, with offsets.", ("mentions",)),
    TableInfo("quotes", "Text inside quotation marks, with the speaker when the sentence names one.",
              ("attributions", "mentions")),
    TableInfo("sourcing", "The sourcing profile: how many attributions of each kind (named, anonymous, media, ...).",
              ("attributions",)),
    TableInfo("amounts", "Money and counted things (weapons, units): value with the scale applied, currency or unit.",
              ("mentions",)),
    TableInfo("datelines", "The wire or newspaper dateline at the head of the text: place, agency, date (0 or 1 row)."),
    TableInfo("claims_to_check", "A fact-checker's worksheet: each checkable sentence with no named source, with its "
              "entities, dates and amounts, and empty verdict / evidence / source_url columns.",
              ("attributions", "mentions", "dates", "amounts")),
    TableInfo("findings", "What to verify: possible misnamings, quotes not on the record, omissions from the record, "
              "text reused from the references, unsourced claims; each row made by a method, with its evidence.",
              ("mentions", "attributions", "quotes", "dates", "amounts")),
    TableInfo("record", "The documented timeline the article is checked against (curated, sourced).",
              reference="events"),
    TableInfo("date_checks", "The article's dated claims beside the documented record (curated date claims found "
              "in this article).", ("dates",), reference="events"),
    TableInfo("claims", "Claims from the article checked against sources, with a rating and evidence.",
              reference="claims"),
)}

#: The tables made from the text alone (no reference data): what corpus mode can export.
TEXT_TABLES = tuple(name for name, t in TABLES.items() if t.reference is None)


def needed_tables(tables: Iterable[str]) -> set[str]:
    """``tables`` and every table they are made from."""
    want: set[str] = set()
    todo = list(tables)
    while todo:
        name = todo.pop()
        if name not in TABLES:
            raise KitError("analyze", f"no table {name!r}; choose from {', '.join(TABLES)}")
        if name not in want:
            want.add(name)
            todo.extend(TABLES[name].needs)
    return want


def declared_schema(name: str) -> TableSchema:
    """The schema that documents table ``name`` (from the module that makes it, or data/datapackage.json)."""
    from kit.schema import curated_schema

    declared = {
        "mentions": entities.MENTIONS, "entities": entities.ENTITIES, "candidates": entities.CANDIDATES,
        "dates": dates.DATES_SCHEMA, "events": text_events.EVENTS_SCHEMA, "attributions": sources.ATTRIBUTIONS,
        "quotes": quotes.QUOTES, "sourcing": sources.SOURCING_PROFILE, "amounts": amounts.AMOUNTS,
        "datelines": datelines.DATELINES, "claims_to_check": worksheet.WORKSHEET,
        "findings": verify_findings.FINDINGS, "date_checks": timeline.COMPARISON_SCHEMA,
        "claims": claim_tables.CLAIMS,
    }
    found = declared.get(name)
    return found if found is not None else curated_schema("events" if name == "record" else name)


# ---------------------------------------------------------------------------------------------
# The dossier
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dossier:
    """An article and every table the kit made from it.

    Attributes:
        article: the analysed :class:`~kit.article.Article`.
        tables: table name -> DataFrame (read-only mapping), in :data:`TABLES` order.
        skipped: table name -> why it is missing (no reference given).
        descriptions: table name -> one-line description.

    Tables are also attributes: ``dossier.entities`` is ``dossier.tables["entities"]``.
    """

    article: Article
    tables: Mapping[str, pd.DataFrame] = field(default_factory=lambda: MappingProxyType({}))
    skipped: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    descriptions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __getattr__(self, name: str) -> Any:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"Dossier has no table or attribute {name!r} (tables: {', '.join(tables)})")

    def has(self, name: str) -> bool:
        """True when the table exists and has at least one row."""
        df = self.tables.get(name)
        return df is not None and len(df) > 0

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {name: len(df) for name, df in self.tables.items()}

    def schema(self, name: str) -> TableSchema:
        """The table's schema: the one declared for it (:func:`declared_schema`), or one inferred from the frame."""
        return table_schema(name, self.tables[name], self.descriptions.get(name, ""))

    # -- exports ---------------------------------------------------------------------------
    def datapackage(self, name: str = "kit-report") -> dict[str, Any]:
        """A Frictionless Data Package describing the CSV files :meth:`to_dir` writes."""
        resources = []
        for table in self.tables:
            sch = self.schema(table)
            resources.append({
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": self.descriptions.get(table, "") or sch.description,
                "schema": sch.to_frictionless(),
            })
        meta = self.article.meta
        package: dict[str, Any] = {
            "profile": "tabular-data-package",
            "name": name,
            "title": f"Tables from {meta.get('title') or self.article.source}",
            "description": "Tables the kit extracted from one article (kit.analyze). Offsets point into the "
                           "article's normalised text.",
            "resources": resources,
        }
        if meta.get("url"):
            package["sources"] = [{"title": "The article", "path": str(meta["url"])}]
        return package

    def timelinejs(self) -> dict[str, Any] | None:
        """TimelineJS JSON: the documented record when given, else the events the article dates."""
        from kit.export import to_timelinejs

        title = self.article.meta.get("title") or self.article.meta.get("source_file") or self.article.source
        for name, what in (("record", "The documented record"), ("events", "Events the article dates")):
            if self.has(name):
                return to_timelinejs(self.tables[name], title=f"{what}: {title}")
        return None

    def claimreview(self) -> Any | None:
        """schema.org ClaimReview JSON-LD for the checked claims, or None without claims."""
        if not self.has("claims"):
            return None
        from kit.claims import claims_to_claimreview

        return claims_to_claimreview(self.tables["claims"])

    def to_dir(self, path: str | Path, *, package_name: str = "kit-report") -> list[Path]:
        """Write every table as CSV, ``datapackage.json``, ``timeline.json`` and ``claimreview.jsonld``.

        Each file is written atomically; returns the paths written (sorted).
        """
        from kit.export import write_dossier

        return write_dossier(self, path, package_name=package_name)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts().items())
        return f"<Dossier {self.article.source!r}: {counts}>"


def table_schema(name: str, df: pd.DataFrame, description: str = "") -> TableSchema:
    """The schema declared for table ``name`` when its columns match ``df``'s, else one inferred from the dtypes.

    A user's own reference table (claims or events with other columns) gets the inferred schema.
    """
    from kit.schema import Field, TableSchema

    columns = list(df.columns)
    if name in TABLES:
        try:
            declared = declared_schema(name)
        except KitError:
            declared = None
        if declared is not None and declared.columns == columns:
            return declared
    kinds = {"i": "integer", "u": "integer", "f": "number", "b": "boolean"}
    fields = tuple(Field(str(c), kinds.get(getattr(df[c].dtype, "kind", "O"), "string")) for c in df.columns)
    return TableSchema(name=name, description=description, fields=fields)


# ---------------------------------------------------------------------------------------------
# analyze
# ---------------------------------------------------------------------------------------------


def analyze(
    article: Article,
    *,
    events: Any = None,
    claims: Any = None,
    gazetteer: Any = None,
    tables: Iterable[str] | None = None,
    ner: bool = True,
    references: Mapping[str, str] | None = None,
) -> Dossier:
    """Make every table of :data:`TABLES` from ``article`` and return a :class:`Dossier`.

    Args:
        article: an :class:`~kit.article.Article` (``kit.load_article(path)``).
        events: the documented timeline to compare with: a DataFrame, a CSV path, or ``True`` for
            the kit's curated timeline. ``None`` leaves the ``record`` table out.
        claims: checked claims (DataFrame, CSV path or ``True`` for the kit's curated claims);
            ``None`` leaves ``claims`` out.
        gazetteer: entities to look for (DataFrame or CSV path); ``None`` uses the kit's gazetteer.
        tables: make only these tables (and those they are made from); ``None`` makes them all.
        references: texts to compare the article with for reuse (name -> text): a suspected source, a
            sibling page; every passage they share becomes a ``reuse`` finding.
        ner: find the names the gazetteer does not know with spaCy's small English model (loaded
            once per process); ``False`` keeps the gazetteer alone, as the early lessons do.

    Each step below is a public function a lesson can call on its own. Tables left out for want of
    a reference are listed in :attr:`Dossier.skipped`.
    """
    if not isinstance(article, Article):
        raise KitError("analyze", f"expects an Article (kit.load_article(path)), not {type(article).__name__}")
    want = needed_tables(TABLES if tables is None else tables)
    given = {"events": events, "claims": claims}
    skipped = {name: f"no reference {info.reference} given" for name, info in TABLES.items()
               if name in want and info.reference is not None and given[info.reference] in (None, False)}
    want -= set(skipped)
    gaz = gazetteer if gazetteer is None or _is_frame(gazetteer) else entities.load_gazetteer(gazetteer)
    t: dict[str, pd.DataFrame] = {}

    if "mentions" in want:
        t["mentions"] = entities.find_mentions(article, gaz)
        if ner:
            t["mentions"] = names.link_mentions(article, t["mentions"], names.ner_spans(article), gazetteer=gaz)
    if "entities" in want:
        t["entities"] = entities.entity_table(t["mentions"], gaz)
    if "candidates" in want:
        t["candidates"] = entities.candidates(article, t["mentions"])
    if "dates" in want:
        t["dates"] = dates.date_mentions(article)
    if "events" in want:
        t["events"] = text_events.events(article, t["mentions"], t["dates"])
    if "attributions" in want:
        t["attributions"] = sources.attributions(article, t["mentions"])
    if "quotes" in want:
        t["quotes"] = quotes.quotes(article, t["attributions"], t["mentions"])
    if "sourcing" in want:
        t["sourcing"] = sources.sourcing_profile(t["attributions"], article)
    if "amounts" in want:
        t["amounts"] = amounts.amounts(article, t["mentions"])
    if "datelines" in want:
        t["datelines"] = datelines.dateline_frame(article)
    if "claims_to_check" in want or "findings" in want:
        t["claims_to_check"] = worksheet.claims_to_check(Dossier(article=article, tables=MappingProxyType(dict(t))))
        if "findings" in want:  # the findings reuse the worksheet, dates and candidates made above
            t["findings"] = verify_findings.findings(Dossier(article=article, tables=MappingProxyType(dict(t))),
                                                     references=references)
        if "claims_to_check" not in want:
            del t["claims_to_check"]
    if "record" in want:
        t["record"] = timeline.load_events(None if events is True else events)
    if "date_checks" in want:
        t["date_checks"] = date_checks(article, t["dates"], events)
    if "claims" in want:
        # A frame of claims is the table as given; a path (or True) is loaded and located in the article.
        t["claims"] = claims if _is_frame(claims) else claim_tables.load_claims(
            None if claims is True else claims, article=article)

    made = {name: t[name] for name in TABLES if name in t}
    return Dossier(
        article=article,
        tables=MappingProxyType(made),
        skipped=MappingProxyType(skipped),
        descriptions=MappingProxyType({name: TABLES[name].description for name in made}),
    )


def date_checks(article: Article, dates: pd.DataFrame, events_ref: Any) -> pd.DataFrame:
    """The kit's curated date claims (``data/date_claims.csv``) that this article makes, beside the record.

    Only with the kit's own record (``events=True``): a user's timeline comes without date claims,
    so the table is then empty. A claim is kept only when its words (the ``claim`` column, compared
    with quotes, dashes and spaces folded) occur in ``article``, so another article about the same
    story gets only the checks that apply to what it says.
    """
    table = timeline.compare_dates(dates)
    if events_ref is not True:
        return table.iloc[0:0].reset_index(drop=True)
    keep = [bool(claim_tables.find_verbatim(article.text, str(c))) for c in table["claim"]]
    return table[keep].reset_index(drop=True)


def _is_frame(value: Any) -> bool:
    return hasattr(value, "columns") and hasattr(value, "iloc")
