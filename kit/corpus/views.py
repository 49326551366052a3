"""Corpus views: small summary tables from the combined corpus tables, ready to chart or read.

A year of coverage gives tens of thousands of mention and attribution rows; a chart needs a
few hundred points. Each function here aggregates in pandas and returns a small table with
documented columns (a module-level :class:`~kit.schema.TableSchema`):

* :func:`mentions_over_time` — how often the top entities are named, period by period;
* :func:`source_ranking` — who is cited (or quoted) most, and which sources are anonymous;
* :func:`anonymity_by` — the share of anonymous sourcing per outlet or per period;
* :func:`co_mentions_over_time` — which entities are named in the same sentence, period by period.

Inputs are the tables ``kit corpus`` writes (``kit.corpus.read_corpus(out)`` or
``result.tables()``): ``articles`` gives each article's publication date and outlet. Articles
without a date are left out of the time views (``undated_articles`` counts them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kit.errors import ParameterError
from kit.schema import Field, TableSchema

if TYPE_CHECKING:
    import pandas as pd

#: Period codes: week (starting Monday), month, quarter, year.
FREQS = {"W": "week", "M": "month", "Q": "quarter", "Y": "year"}

MENTIONS_OVER_TIME = TableSchema(
    name="mentions_over_time",
    description="Mentions of the most-named entities per period.",
    fields=(
        Field("period", "date", "First day of the period (week from Monday, month, quarter or year)."),
        Field("entity_id", "string", "The entity (data/entities.csv)."),
        Field("name", "string", "The entity's name."),
        Field("n_mentions", "integer", "Mentions in articles published in the period."),
        Field("n_articles", "integer", "Articles of the period that name the entity at least once."),
        Field("articles_in_period", "integer", "All analysed articles published in the period."),
        Field("share", "number", "n_articles / articles_in_period: how much of the coverage names it."),
    ),
    sort_by=("period", "entity_id"),
)
SOURCES = TableSchema(
    name="source_ranking",
    description="Who the corpus cites most: one row per source, named or anonymous.",
    fields=(
        Field("source", "string", "The entity's name when the source is linked to one, else the source as "
              "written (without a leading a/an/the)."),
        Field("source_entity_id", "string", "The linked entity, if any."),
        Field("source_type", "string", "The commonest source type the extractor gave it (named_person, "
              "named_org, anonymous_official, anonymous_source, media)."),
        Field("is_anonymous", "boolean", "True when the source is not named."),
        Field("n_citations", "integer", "Attributions (or quotes) to this source across the corpus."),
        Field("n_articles", "integer", "Articles citing this source at least once."),
    ),
    sort_by=(),
)
ANONYMITY = TableSchema(
    name="anonymity",
    description="Share of attributed statements whose source is anonymous, per group (outlet or period).",
    fields=(
        Field("group", "string", "The outlet, or the first day of the period."),
        Field("n_citations", "integer", "Attributed statements (unattributed ones left out)."),
        Field("n_anonymous", "integer", "Of which the source is anonymous."),
        Field("share_anonymous", "number", "n_anonymous / n_citations."),
        Field("n_articles", "integer", "Articles in the group."),
    ),
    sort_by=("group",),
)
CO_MENTIONS = TableSchema(
    name="co_mentions_over_time",
    description="Pairs of entities named in the same sentence, per period.",
    fields=(
        Field("period", "date", "First day of the period."),
        Field("entity_a", "string", "One entity of the pair (alphabetically first id)."),
        Field("entity_b", "string", "The other entity."),
        Field("name_a", "string", "Name of entity_a."),
        Field("name_b", "string", "Name of entity_b."),
        Field("n_sentences", "integer", "Sentences naming both, in articles of the period."),
        Field("n_articles", "integer", "Articles with at least one such sentence."),
    ),
    sort_by=("period", "entity_a", "entity_b"),
)

_LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)


def _check_freq(freq: str) -> str:
    if freq not in FREQS:
        raise ParameterError(f"freq={freq!r}", f"must be one of {', '.join(FREQS)} ({', '.join(FREQS.values())})")
    return freq


def article_periods(articles: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """``article_id`` -> ``period`` (first day, ISO) for every dated article; also ``outlet``."""
    import pandas as pd

    _check_freq(freq)
    dates = pd.to_datetime(articles["published"], errors="coerce", format="%Y-%m-%d")
    keep = dates.notna()
    periods = dates[keep].dt.to_period(freq).dt.start_time.dt.strftime("%Y-%m-%d")
    return pd.DataFrame({
        "article_id": articles.loc[keep, "article_id"].astype("string").to_numpy(),
        "period": periods.to_numpy(),
        "outlet": articles.loc[keep, "outlet"].astype("string").to_numpy(),
    })


def undated_articles(articles: pd.DataFrame) -> int:
    """How many articles have no usable publication date (left out of the time views)."""
    import pandas as pd

    return int(pd.to_datetime(articles["published"], errors="coerce", format="%Y-%m-%d").isna().sum())


def entity_names(entities: pd.DataFrame | None) -> dict[str, str]:
    """``entity_id -> name`` from a (corpus) entities table; empty when not given."""
    if entities is None or not len(entities):
        return {}
    first = entities.drop_duplicates("entity_id")
    return dict(zip(first["entity_id"].astype(str), first["name"].astype(str), strict=True))


def top_entities(mentions: pd.DataFrame, n: int = 8, *, kinds: tuple[str, ...] | None = None,
                 entities: pd.DataFrame | None = None) -> list[str]:
    """The ``n`` entities named in the most articles (ties by id), optionally only some kinds."""
    df = mentions[["article_id", "entity_id"]].drop_duplicates()
    if kinds is not None:
        if entities is None:
            raise ParameterError("kinds", "needs the entities table to know each entity's kind")
        wanted = set(entities.loc[entities["kind"].isin(kinds), "entity_id"].astype(str))
        df = df[df["entity_id"].astype(str).isin(wanted)]
    counts = df.groupby("entity_id").size().reset_index(name="n")
    counts = counts.sort_values(["n", "entity_id"], ascending=[False, True], kind="stable")
    return [str(e) for e in counts["entity_id"].head(n)]


def mentions_over_time(mentions: pd.DataFrame, articles: pd.DataFrame, *, freq: str = "M",
                       top: int = 8, entity_ids: list[str] | None = None,
                       entities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mentions of the ``top`` most-named entities (or ``entity_ids``) per period.

    Every (period, entity) pair appears, with zeros where an entity is not named, so a line
    chart drops to zero instead of skipping a gap. ``share`` divides by all articles published
    in the period: a busy news week does not look like a change of focus.
    """
    import pandas as pd

    periods = article_periods(articles, freq)
    ids = entity_ids if entity_ids is not None else top_entities(mentions, top)
    m = mentions.loc[mentions["entity_id"].astype(str).isin(ids), ["article_id", "entity_id"]]
    m = m.merge(periods[["article_id", "period"]], on="article_id", how="inner")
    grouped = m.groupby(["period", "entity_id"]).agg(
        n_mentions=("article_id", "size"), n_articles=("article_id", "nunique")
    )
    per_period = periods.groupby("period").size().rename("articles_in_period")
    grid = pd.MultiIndex.from_product([sorted(per_period.index), ids], names=["period", "entity_id"])
    out = grouped.reindex(grid, fill_value=0).reset_index()
    out = out.merge(per_period.reset_index(), on="period", how="left")
    out["share"] = out["n_articles"] / out["articles_in_period"]
    names = entity_names(entities)
    out["name"] = out["entity_id"].map(lambda e: names.get(str(e), str(e)))
    return MENTIONS_OVER_TIME.conform(out)


def _sources_frame(citations: pd.DataFrame) -> pd.DataFrame:
    """Attributions or quotes as (article_id, text, entity, type, anonymous), unattributed rows dropped."""
    import pandas as pd

    prefix = "source" if "source_text" in citations.columns else "speaker"
    if f"{prefix}_text" not in citations.columns:
        raise ParameterError("citations", "needs the attributions or quotes table (source_* or speaker_* columns)")
    kind = citations[f"{prefix}_type"].astype("string")
    if "is_anonymous" in citations.columns:
        anon = citations["is_anonymous"].fillna(False).astype(bool)
    else:
        anon = kind.fillna("").str.startswith("anonymous")
    df = pd.DataFrame({
        "article_id": citations["article_id"].astype("string"),
        "text": citations[f"{prefix}_text"].astype("string"),
        "entity": citations[f"{prefix}_entity_id"].astype("string"),
        "type": kind,
        "anonymous": anon.to_numpy(),
    })
    return df[df["text"].notna() & df["type"].notna() & (df["type"] != "unattributed")]


def source_ranking(citations: pd.DataFrame, *, entities: pd.DataFrame | None = None,
                   top: int | None = 15) -> pd.DataFrame:
    """Who is cited most: attributions (or quotes) grouped by source, most-cited first.

    A source linked to an entity counts under the entity's name whatever the wording ("Erdogan",
    "President Recep Tayyip Erdogan"); other sources count under their wording without a leading
    article ("a NATO official" and "A NATO official" are one source).
    """
    import pandas as pd

    df = _sources_frame(citations)
    names = entity_names(entities)
    plain = df["text"].str.replace(_LEADING_ARTICLE, "", regex=True).str.strip()
    plain = plain.str.slice(0, 1).str.upper() + plain.str.slice(1)
    linked = df["entity"].notna()
    df = df.assign(source=plain.where(~linked, df["entity"].map(lambda e: names.get(str(e), str(e)))))
    grouped = df.groupby("source", dropna=True).agg(
        source_entity_id=("entity", "first"),
        source_type=("type", lambda s: s.value_counts().sort_index().idxmax()),
        is_anonymous=("anonymous", "max"),
        n_citations=("article_id", "size"),
        n_articles=("article_id", "nunique"),
    ).reset_index()
    grouped = grouped.sort_values(["n_citations", "source"], ascending=[False, True], kind="stable")
    if top is not None:
        grouped = grouped.head(top)
    return SOURCES.conform(pd.DataFrame(grouped))


def anonymity_by(citations: pd.DataFrame, articles: pd.DataFrame, *, by: str = "outlet",
                 freq: str = "M") -> pd.DataFrame:
    """Share of attributed statements with an anonymous source, per ``by`` = "outlet" or "period"."""
    if by not in ("outlet", "period"):
        raise ParameterError(f"by={by!r}", "must be 'outlet' or 'period'")
    df = _sources_frame(citations)
    if by == "outlet":
        groups = articles[["article_id", "outlet"]].astype("string").rename(columns={"outlet": "group"})
        groups["group"] = groups["group"].fillna("(unknown outlet)")
    else:
        groups = article_periods(articles, freq)[["article_id", "period"]].rename(columns={"period": "group"})
    merged = df.merge(groups, on="article_id", how="inner")
    out = merged.groupby("group").agg(n_citations=("anonymous", "size"), n_anonymous=("anonymous", "sum"))
    out = out.join(groups.groupby("group").size().rename("n_articles"), how="outer").fillna(0).reset_index()
    out["share_anonymous"] = (out["n_anonymous"] / out["n_citations"].where(out["n_citations"] > 0)).fillna(0.0)
    return ANONYMITY.conform(out)


def co_mentions_over_time(mentions: pd.DataFrame, articles: pd.DataFrame, *, freq: str = "Q",
                          entity_ids: list[str] | None = None, top: int = 8,
                          entities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Entity pairs named in the same sentence, per period, among the ``top`` entities (or ``entity_ids``).

    Counted like :func:`kit.extract.entities.co_mentions` (a sentence counts once per pair), summed over
    the articles of each period.
    """
    import pandas as pd

    ids = entity_ids if entity_ids is not None else top_entities(mentions, top)
    m = mentions.loc[mentions["entity_id"].astype(str).isin(ids), ["article_id", "sent_idx", "entity_id"]]
    m = m.drop_duplicates()
    pairs = m.merge(m, on=["article_id", "sent_idx"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["entity_id_a"] < pairs["entity_id_b"]]
    pairs = pairs.merge(article_periods(articles, freq)[["article_id", "period"]], on="article_id", how="inner")
    out = pairs.groupby(["period", "entity_id_a", "entity_id_b"]).agg(
        n_sentences=("sent_idx", "size"), n_articles=("article_id", "nunique")
    ).reset_index().rename(columns={"entity_id_a": "entity_a", "entity_id_b": "entity_b"})
    names = entity_names(entities)
    out["name_a"] = out["entity_a"].map(lambda e: names.get(str(e), str(e)))
    out["name_b"] = out["entity_b"].map(lambda e: names.get(str(e), str(e)))
    return CO_MENTIONS.conform(pd.DataFrame(out))
