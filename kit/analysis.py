"""``kit.analyze(article)``: every table the kit can make from one article, in one call.

The result is a :class:`Dossier`: the article plus named tables (mentions, entities, candidates,
dates, events, attributions, quotes, sourcing), and, when given, the documented timeline
(``record``) and the checked claims (``claims``). The newsroom report is "analyze, chart,
export"; the lessons build the same tables step by step with the public functions this module
calls, so a learner can see every part.

The steps live in a small registry (:data:`STEPS`). Each step names the kit module and function
that makes its table; the module is imported only when the step runs, so ``import kit`` stays
light and a kit without one of the modules still analyses what it can (the missing tables are
listed in :attr:`Dossier.skipped`, and the report says so). Output is deterministic: the same
article gives byte-identical CSV.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kit.article import Article
from kit.errors import KitError
from kit.paths import atomic_write_text

if TYPE_CHECKING:
    import pandas as pd

    from kit.schema import TableSchema


# ---------------------------------------------------------------------------------------------
# The registry of steps
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One table of the dossier: which kit function makes it, and from what.

    ``inputs`` name what the function takes, in order: ``"article"``, a reference given to
    :func:`analyze` (``"events_path"``, ``"claims_path"``, ``"gazetteer"``) or an earlier table. A
    step runs only when its module can be imported and every required input exists; optional
    inputs (``"?name"``, or ``"?keyword=name"`` when the function calls it differently) are passed
    by keyword when present and accepted by the function.
    """

    table: str
    module: str
    function: str
    inputs: tuple[str, ...] = ("article",)
    description: str = ""
    needs_reference: str | None = None
    #: False when the function cannot take a DataFrame as the reference: a frame is then used as the table.
    reference_frame_ok: bool = True

    def run(self, ctx: Mapping[str, Any]) -> Any:
        """Call the step's function with its inputs from ``ctx``."""
        fn = getattr(import_module(self.module), self.function)
        args, kwargs = [], {}
        for name in self.inputs:
            if name.startswith("?"):
                keyword, _, key = name[1:].partition("=")
                key = key or keyword
                if ctx.get(key) is not None and _accepts(fn, keyword):
                    kwargs[keyword] = ctx[key]
            else:
                args.append(ctx[name])
        return fn(*args, **kwargs)


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


#: The dossier's tables, in the order they are made.
STEPS: tuple[Step, ...] = (
    Step("mentions", "kit.extract.entities", "find_mentions", ("article", "?gazetteer"),
         "Every mention of a known entity: entity id, surface text and character offsets."),
    Step("entities", "kit.extract.entities", "entity_table", ("mentions", "?gazetteer"),
         "One row per entity mentioned, with its mention count and Wikidata id."),
    Step("candidates", "kit.extract.entities", "candidates", ("article", "?mentions"),
         "Capitalised names the gazetteer does not know: candidates for a reporter to check."),
    Step("dates", "kit.timeline", "date_mentions", ("article",),
         "Every date expression in the text, resolved against the publication date where possible."),
    Step("events", "kit.timeline", "events", ("article", "?mentions", "?dates"),
         "Events the article dates: a date tied to an action (deal, delivery, sanction, ...), with its actors."),
    Step("attributions", "kit.extract.sources", "attributions", ("article", "?mentions"),
         "Who says what: source, cue verb, hedges, anonymity, with offsets."),
    Step("quotes", "kit.extract.sources", "quotes", ("article", "?attributions_table=attributions", "?mentions"),
         "Text inside quotation marks, with the speaker when the sentence names one."),
    Step("sourcing", "kit.extract.sources", "sourcing_profile", ("attributions", "?article"),
         "The sourcing profile: how many attributions of each kind (named, anonymous, media, ...)."),
    Step("record", "kit.timeline", "load_events", ("events_path",),
         "The documented timeline the article is checked against (curated, sourced).",
         needs_reference="events"),
    Step("date_checks", "kit.analysis", "date_checks", ("article", "dates", "events_ref"),
         "The article's dated claims beside the documented record (curated date claims found in this article).",
         needs_reference="events"),
    Step("claims", "kit.claims", "load_claims", ("claims_path", "?article"),
         "Claims from the article checked against sources, with a rating and evidence.",
         needs_reference="claims", reference_frame_ok=False),
)


# ---------------------------------------------------------------------------------------------
# The dossier
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dossier:
    """An article and every table the kit made from it.

    Attributes:
        article: the analysed :class:`~kit.article.Article`.
        tables: table name -> DataFrame (read-only mapping), in :data:`STEPS` order.
        skipped: table name -> why it is missing (module not installed, no reference given).
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
        """The table's schema: the one its module declares, or one inferred from the frame."""
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
        try:
            timeline = import_module("kit.timeline")
        except ModuleNotFoundError:
            return None
        title = self.article.meta.get("title") or self.article.meta.get("source_file") or self.article.source
        for name, what in (("record", "The documented record"), ("events", "Events the article dates")):
            if self.has(name):
                return timeline.to_timelinejs(self.tables[name], title=f"{what}: {title}")
        return None

    def claimreview(self) -> Any | None:
        """schema.org ClaimReview JSON-LD for the checked claims, or None without claims."""
        if not self.has("claims"):
            return None
        claims = import_module("kit.claims")
        return claims.claims_to_claimreview(self.tables["claims"])

    def to_dir(self, path: str | Path, *, package_name: str = "kit-report") -> list[Path]:
        """Write every table as CSV, ``datapackage.json``, ``timeline.json`` and ``claimreview.jsonld``.

        Each file is written atomically; returns the paths written (sorted).
        """
        out = Path(path)
        written = [write_csv(df, out / f"{name}.csv") for name, df in self.tables.items()]
        package = self.datapackage(package_name)
        written.append(atomic_write_text(out / "datapackage.json", _json(package)))
        timeline = self.timelinejs()
        if timeline is not None:
            written.append(atomic_write_text(out / "timeline.json", _json(timeline)))
        review = self.claimreview()
        if review is not None:
            written.append(atomic_write_text(out / "claimreview.jsonld", _json(review)))
        return sorted(written)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts().items())
        return f"<Dossier {self.article.source!r}: {counts}>"


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV with a header, ``\\n`` line ends and lists joined by ``|``."""
    flat = df.copy()
    for col in flat.columns:
        if flat[col].dtype == object:
            flat[col] = flat[col].map(_flatten)
    return atomic_write_text(path, flat.to_csv(index=False, lineterminator="\n"))


def _flatten(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return "|".join(str(v) for v in items)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


#: Curated resources in data/datapackage.json whose schema describes a dossier table.
CURATED = {"record": "events", "claims": "claims"}


def table_schema(name: str, df: pd.DataFrame, description: str = "") -> TableSchema:
    """The schema declared for a table with ``df``'s columns, else one inferred from the dtypes.

    Looks in the kit's modules (a module-level :class:`~kit.schema.TableSchema` with the same
    columns, the one named like the table first), then in ``data/datapackage.json`` for the
    curated tables (:data:`CURATED`).
    """
    from kit.schema import Field, TableSchema, curated_schema

    columns = list(df.columns)
    found: list[TableSchema] = []
    for module_name in dict.fromkeys(s.module for s in STEPS):
        try:
            module = import_module(module_name)
        except ModuleNotFoundError:
            continue
        found += [v for v in vars(module).values() if isinstance(v, TableSchema) and v.columns == columns]
    if found:
        return next((f for f in found if f.name == name), found[0])
    if name in CURATED:
        try:
            curated = curated_schema(CURATED[name])
        except KitError:
            curated = None
        if curated is not None and curated.columns == columns:
            return curated
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
    steps: tuple[Step, ...] = STEPS,
) -> Dossier:
    """Run every available step on ``article`` and return a :class:`Dossier`.

    Args:
        article: an :class:`~kit.article.Article` (``kit.load_article(path)``).
        events: the documented timeline to compare with: a DataFrame, a CSV path, or ``True`` for
            the kit's curated timeline. ``None`` leaves the ``record`` table out.
        claims: checked claims (DataFrame, CSV path or ``True`` for the kit's curated claims);
            ``None`` leaves ``claims`` out.
        gazetteer: entities to look for (DataFrame or CSV path); ``None`` uses the kit's gazetteer.

    Steps whose module is not installed are skipped and listed in ``Dossier.skipped``; any other
    error propagates (a :class:`~kit.errors.KitError` names the input and the problem).
    """
    if not isinstance(article, Article):
        raise KitError("analyze", f"expects an Article (kit.load_article(path)), not {type(article).__name__}")
    ctx: dict[str, Any] = {
        "article": article,
        "events_ref": events,
        "claims_ref": claims,
        # What the loaders take: True (the kit's own table) becomes their default, None.
        "events_path": None if events is True else events,
        "claims_path": None if claims is True else claims,
        "gazetteer": _gazetteer(gazetteer),
    }
    tables: dict[str, pd.DataFrame] = {}
    skipped: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for step in steps:
        if step.needs_reference is not None:
            ref = ctx[f"{step.needs_reference}_ref"]
            if ref is None or ref is False:
                skipped[step.table] = f"no reference {step.needs_reference} given"
                continue
            if _is_frame(ref) and not step.reference_frame_ok:
                tables[step.table] = ctx[step.table] = ref
                descriptions[step.table] = step.description
                continue
        missing = [n for n in step.inputs if not n.startswith("?") and n not in ctx]
        if missing:
            skipped[step.table] = f"needs {', '.join(missing)}, which could not be made"
            continue
        try:
            result = step.run(ctx)
        except ModuleNotFoundError as exc:
            if exc.name and (step.module == exc.name or step.module.startswith(exc.name + ".")):
                skipped[step.table] = f"{step.module} is not available in this version of the kit"
                continue
            raise
        except AttributeError as exc:
            if step.function in str(exc):
                skipped[step.table] = f"{step.module}.{step.function} is not available in this version of the kit"
                continue
            raise
        tables[step.table] = result
        ctx[step.table] = result
        descriptions[step.table] = step.description
    return Dossier(
        article=article,
        tables=MappingProxyType(tables),
        skipped=MappingProxyType(skipped),
        descriptions=MappingProxyType(descriptions),
    )


def date_checks(article: Article, dates: pd.DataFrame, events_ref: Any) -> pd.DataFrame:
    """The kit's curated date claims (``data/date_claims.csv``) that this article makes, beside the record.

    Only with the kit's own record (``events=True``): a user's timeline comes without date claims,
    so the table is then empty. A claim is kept only when its words (the ``claim`` column, compared
    with quotes, dashes and spaces folded) occur in ``article``, so another article about the same
    story gets only the checks that apply to what it says.
    """
    timeline = import_module("kit.timeline")
    table = timeline.compare_dates(dates)
    if events_ref is not True:
        return table.iloc[0:0].reset_index(drop=True)
    try:
        find = import_module("kit.claims").find_verbatim
    except (ModuleNotFoundError, AttributeError):  # an older kit: plain comparison
        def find(text: str, passage: str) -> Any:
            return " ".join(passage.lower().split()) in " ".join(text.lower().split()) or None
    keep = [bool(find(article.text, str(c))) for c in table["claim"]]
    return table[keep].reset_index(drop=True)


def _is_frame(value: Any) -> bool:
    return hasattr(value, "columns") and hasattr(value, "iloc")


def _gazetteer(value: Any) -> Any:
    """Load a gazetteer given as a path; pass frames (and None) through."""
    if value is None or _is_frame(value):
        return value
    entities = import_module("kit.extract.entities")
    return entities.load_gazetteer(value)
