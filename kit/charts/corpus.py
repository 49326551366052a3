"""Charts of a corpus: entity mentions over time, who is cited (and how anonymously), co-mention networks.

Corpus tables run to hundreds of thousands of rows; Altair embeds its data in the chart and
refuses more than 5,000 rows (MaxRowsError), and a browser would crawl long before that. So
every function here takes the combined tables ``kit corpus`` writes, aggregates them in pandas
with :mod:`kit.corpus.views`, and charts only the summary: a few hundred rows whatever the
corpus size. Pure functions, each with a title and a description saying what the chart shows.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from kit.corpus import views
from kit.labels import SOURCING

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

#: Colours for named and anonymous sources (kit.labels.SOURCING; the legend also says it in words).
SOURCE_COLORS = {code: SOURCING[code].color for code in ("named", "anonymous")}
#: The co-mention network: grey-blue edges, blue nodes (the nodes are also labelled with their names).
EDGE_COLOR = "#6b7b8c"
NODE_COLOR = "#1f5fa8"


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with plain Python values (no pandas NA or nullable dtypes) for the chart's data."""
    out = df.copy()
    for col in out.columns:
        kind = getattr(out[col].dtype, "kind", "O")
        if kind in "iu" or str(out[col].dtype) == "Int64":
            out[col] = out[col].astype("float64").fillna(0).astype("int64")
        elif kind == "f":
            out[col] = out[col].astype("float64")
        elif str(out[col].dtype) == "boolean" or kind == "b":
            out[col] = out[col].fillna(False).astype(bool)
        else:
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def mentions_over_time_chart(mentions: pd.DataFrame, articles: pd.DataFrame, *, entities: pd.DataFrame | None = None,
                             freq: str = "M", top: int = 6, entity_ids: list[str] | None = None,
                             measure: str = "share", title: str | None = None) -> alt.Chart:
    """Lines: for each of the ``top`` most-named entities, its coverage per period.

    ``measure="share"`` (default) plots the share of the period's articles that name the entity,
    so a burst of coverage does not look like a change of focus; ``"n_articles"`` plots counts.
    """
    import altair as alt

    if measure not in ("share", "n_articles", "n_mentions"):
        raise ValueError(f"measure must be 'share', 'n_articles' or 'n_mentions', not {measure!r}")
    data = views.mentions_over_time(mentions, articles, freq=freq, top=top, entity_ids=entity_ids,
                                    entities=entities)
    data = _plain(data)
    names = list(dict.fromkeys(data["name"]))
    y_title = {"share": "share of the period's articles", "n_articles": "articles naming it",
               "n_mentions": "mentions"}[measure]
    if len(data):
        peak = data.sort_values([measure, "period"], ascending=[False, True], kind="stable").iloc[0]
        value = f"{peak[measure]:.0%}" if measure == "share" else f"{int(peak[measure])}"
        summary = (f"{len(names)} entities over {data['period'].nunique()} {views.FREQS[freq]}s; highest: "
                   f"{peak['name']} in the {views.FREQS[freq]} from {peak['period']} ({value}).")
    else:
        summary = "No dated mentions."
    y_axis = alt.Axis(format="%") if measure == "share" else alt.Axis(format="d", tickMinStep=1)
    return (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("period:T", title=views.FREQS[freq], axis=alt.Axis(format="%b %Y")),
            y=alt.Y(f"{measure}:Q", title=y_title, axis=y_axis),
            color=alt.Color("name:N", sort=names, title="entity"),
            strokeDash=alt.StrokeDash("name:N", sort=names, legend=None),
            tooltip=[
                alt.Tooltip("name:N", title="entity"),
                alt.Tooltip("period:T", title=views.FREQS[freq], format="%d %b %Y"),
                alt.Tooltip("n_articles:Q", title="articles naming it"),
                alt.Tooltip("articles_in_period:Q", title="articles in period"),
                alt.Tooltip("share:Q", format=".0%"),
                alt.Tooltip("n_mentions:Q", title="mentions"),
            ],
        )
        .properties(
            title=title or "Who the coverage names, over time",
            description=f"Line chart of entity mentions per {views.FREQS[freq]} ({y_title}). {summary}",
            width=520,
            height=260,
        )
    )


def sources_chart(citations: pd.DataFrame, *, entities: pd.DataFrame | None = None, top: int = 12,
                  title: str | None = None) -> alt.Chart:
    """Horizontal bars: the ``top`` most-cited sources (attributions or quotes), named vs anonymous."""
    import altair as alt

    data = views.source_ranking(citations, entities=entities, top=top)
    data["sourcing"] = data["is_anonymous"].map(lambda a: "anonymous" if a else "named")
    data = _plain(data)
    n_anon = int(data["is_anonymous"].sum())
    summary = (f"Top source: {data['source'].iloc[0]} ({int(data['n_citations'].iloc[0])} citations); "
               f"{n_anon} of the {len(data)} sources shown are anonymous." if len(data) else "No attributed sources.")
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("n_citations:Q", title="citations", axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("source:N", sort=list(data["source"]), title=None),
            color=alt.Color("sourcing:N", title="source is",
                            scale=alt.Scale(domain=list(SOURCE_COLORS), range=list(SOURCE_COLORS.values()))),
            tooltip=[
                alt.Tooltip("source:N"),
                alt.Tooltip("source_type:N", title="type"),
                alt.Tooltip("n_citations:Q", title="citations"),
                alt.Tooltip("n_articles:Q", title="articles"),
            ],
        )
        .properties(
            title=title or "Who the coverage cites most",
            description=f"Bar chart of citations per source, coloured named or anonymous. {summary}",
            width=420,
            height=alt.Step(18),
        )
    )


def anonymity_chart(citations: pd.DataFrame, articles: pd.DataFrame, *, by: str = "outlet", freq: str = "M",
                    title: str | None = None) -> alt.Chart:
    """The share of anonymous sourcing per outlet (bars) or per period (line)."""
    import altair as alt

    data = _plain(views.anonymity_by(citations, articles, by=by, freq=freq))
    data = data[data["n_citations"] > 0]
    tooltip = [
        alt.Tooltip("group:N", title=by),
        alt.Tooltip("share_anonymous:Q", title="anonymous", format=".0%"),
        alt.Tooltip("n_anonymous:Q", title="anonymous citations"),
        alt.Tooltip("n_citations:Q", title="citations"),
        alt.Tooltip("n_articles:Q", title="articles"),
    ]
    share = alt.Axis(format="%")
    if len(data):
        top = data.sort_values(["share_anonymous", "group"], ascending=[False, True], kind="stable").iloc[0]
        summary = f"Highest: {top['group']} ({top['share_anonymous']:.0%} of {int(top['n_citations'])} citations)."
    else:
        summary = "No attributed sources."
    if by == "outlet":
        order = list(data.sort_values(["share_anonymous", "group"], ascending=[False, True], kind="stable")["group"])
        chart = alt.Chart(data).mark_bar(color=SOURCE_COLORS["anonymous"]).encode(
            x=alt.X("share_anonymous:Q", title="share of citations with an anonymous source", axis=share,
                    scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("group:N", sort=order, title=None),
            tooltip=tooltip,
        ).properties(height=alt.Step(20))
        kind = "Bar chart of the share of anonymous sourcing per outlet."
    else:
        chart = alt.Chart(data).mark_line(point=True, color=SOURCE_COLORS["anonymous"]).encode(
            x=alt.X("group:T", title=views.FREQS[freq], axis=alt.Axis(format="%b %Y")),
            y=alt.Y("share_anonymous:Q", title="share of citations with an anonymous source", axis=share,
                    scale=alt.Scale(domain=[0, 1])),
            tooltip=tooltip,
        ).properties(height=220)
        kind = f"Line chart of the share of anonymous sourcing per {views.FREQS[freq]}."
    return chart.properties(
        title=title or f"How often the source is anonymous, by {by}",
        description=f"{kind} {summary}",
        width=420,
    )


def period_label(period: str, freq: str) -> str:
    """A period's first day as people name the period: "2025-W14", "Apr 2025", "2025 Q2", "2025"."""
    import pandas as pd

    day = pd.Timestamp(period)
    if freq == "W":
        return f"week of {day:%d %b %Y}"
    if freq == "M":
        return f"{day:%b %Y}"
    if freq == "Q":
        return f"{day.year} Q{day.quarter}"
    return str(day.year)


def network_layout(ids: list[str]) -> dict[str, tuple[float, float]]:
    """Fixed positions on a circle (first id at the top, clockwise), the same in every period."""
    n = max(len(ids), 1)
    return {
        e: (round(math.sin(2 * math.pi * i / n), 6), round(math.cos(2 * math.pi * i / n), 6))
        for i, e in enumerate(ids)
    }


def co_mention_network_chart(mentions: pd.DataFrame, articles: pd.DataFrame, *,
                             entities: pd.DataFrame | None = None, freq: str = "Q", top: int = 8,
                             entity_ids: list[str] | None = None, kinds: tuple[str, ...] | None = None,
                             min_articles: int = 1, columns: int = 4, title: str | None = None) -> alt.FacetChart:
    """Small multiples, one network per period: entities on a circle, a line for each pair named
    in the same sentence, thicker when more articles do so.

    Every period uses the same positions, so a reader compares panels at a glance: which
    pairs appear, which thicken, which vanish.
    """
    import altair as alt
    import pandas as pd

    ids = entity_ids if entity_ids is not None else views.top_entities(mentions, top, kinds=kinds, entities=entities)
    pairs = views.co_mentions_over_time(mentions, articles, freq=freq, entity_ids=ids, entities=entities)
    pairs = pairs[pairs["n_articles"] >= min_articles]
    names = views.entity_names(entities)
    pos = network_layout(ids)
    periods = sorted(views.article_periods(articles, freq)["period"].unique())
    edges = pd.DataFrame({
        "layer": "edge",
        "period": [period_label(p, freq) for p in pairs["period"]],
        "x": [pos[a][0] for a in pairs["entity_a"]],
        "y": [pos[a][1] for a in pairs["entity_a"]],
        "x2": [pos[b][0] for b in pairs["entity_b"]],
        "y2": [pos[b][1] for b in pairs["entity_b"]],
        "pair": [f"{a} – {b}" for a, b in zip(pairs["name_a"], pairs["name_b"], strict=True)],
        "n_articles": pairs["n_articles"].astype(int),
        "n_sentences": pairs["n_sentences"].astype(int),
    })
    nodes = pd.DataFrame(
        [{"layer": "node", "period": period_label(p, freq), "x": pos[e][0], "y": pos[e][1],
          "lx": 1.12 * pos[e][0], "ly": 1.2 * pos[e][1], "name": names.get(e, e),
          "align": "center" if abs(pos[e][0]) < 0.3 else ("left" if pos[e][0] > 0 else "right")}
         for p in periods for e in ids]
    )
    data = _plain(pd.concat([edges, nodes], ignore_index=True))
    if len(pairs):
        best = pairs.sort_values(["n_articles", "period"], ascending=[False, True], kind="stable").iloc[0]
        summary = (f"{len(ids)} entities, {len(periods)} {views.FREQS[freq]}s; strongest link: "
                   f"{best['name_a']} and {best['name_b']} in the {views.FREQS[freq]} from {best['period']} "
                   f"({int(best['n_articles'])} articles).")
    else:
        summary = f"{len(ids)} entities; no pair is named in the same sentence."
    axis = alt.Axis(title=None, labels=False, ticks=False, grid=False, domain=False)
    scale = alt.Scale(domain=[-1.3, 1.3])
    base = alt.Chart().encode(x=alt.X("x:Q", axis=axis, scale=scale), y=alt.Y("y:Q", axis=axis, scale=scale))
    edge = base.transform_filter(alt.datum.layer == "edge").mark_rule(color=EDGE_COLOR, opacity=0.7).encode(
        x2="x2:Q", y2="y2:Q",
        strokeWidth=alt.StrokeWidth("n_articles:Q", title="articles", scale=alt.Scale(range=[0.5, 6])),
        tooltip=[alt.Tooltip("pair:N"), alt.Tooltip("n_articles:Q", title="articles"),
                 alt.Tooltip("n_sentences:Q", title="sentences")],
    )
    node = base.transform_filter(alt.datum.layer == "node").mark_circle(size=70, color=NODE_COLOR, opacity=1)
    # Labels sit outside the circle, aligned away from it (one text layer per alignment).
    labels = [
        alt.Chart().transform_filter((alt.datum.layer == "node") & (alt.datum.align == side))
        .mark_text(fontSize=10, baseline="middle", align=side)
        .encode(x=alt.X("lx:Q", axis=axis, scale=scale), y=alt.Y("ly:Q", axis=axis, scale=scale), text="name:N")
        for side in ("left", "center", "right")
    ]
    order = [period_label(p, freq) for p in periods]
    return alt.layer(edge, node, *labels, data=data).properties(width=170, height=170).facet(
        facet=alt.Facet("period:N", title=None, sort=order, header=alt.Header(labelFontWeight="bold")),
        columns=columns,
    ).configure_view(stroke=None).properties(
        title=title or f"Who is named together, {views.FREQS[freq]} by {views.FREQS[freq]}",
        description=f"Small-multiple network diagrams of entities named in the same sentence. {summary}",
    )


def chart_rows(chart: Any) -> int:
    """How many data rows a chart embeds (to check a corpus chart stays small)."""
    spec = chart.to_dict()
    datasets = spec.get("datasets", {})
    return sum(len(v) for v in datasets.values())
