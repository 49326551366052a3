"""Charts of entity tables: mentions per entity, and which entities share sentences.

Pure functions: a table from :mod:`kit.extract.entities` in, an ``alt.Chart`` out, each with a title
and a description that says in words what the chart shows (read out by screen readers and
kept in the SVG by :func:`kit.charts.enable_offline`). Colours per label match
:data:`kit.labels.ENTITY`, so a chart and a highlighted article read the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kit.charts.base import SCHEMA, WIDTH, spec_rows
from kit.labels import ENTITY, words

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

LABEL_ORDER = list(ENTITY)
#: The label colours of kit.labels (the darker shade, readable as a bar fill on white).
LABEL_FILLS = {code: label.color for code, label in ENTITY.items()}


def _label_scale(present: list[str]) -> alt.Scale:
    """Fixed colours per label; the legend lists only labels present, in a fixed order."""
    import altair as alt

    domain = [k for k in LABEL_ORDER if k in present] + sorted(set(present) - set(LABEL_ORDER))
    return alt.Scale(domain=domain, range=[LABEL_FILLS.get(k, "#555555") for k in domain])


def mentions_chart(entities: pd.DataFrame, *, top: int | None = 20, title: str | None = None) -> alt.Chart:
    """Horizontal bars: mentions per entity (``entity_table`` output), coloured by label.

    Shows the ``top`` most-mentioned entities (all with ``top=None``), most first.
    """
    import altair as alt

    df = entities[entities["n_mentions"] > 0].copy()
    if top is not None:
        df = df.head(top)
    data = df[["entity_id", "name", "label", "kind", "n_mentions", "n_sentences", "surface_forms"]].copy()
    data["n_mentions"] = data["n_mentions"].astype(int)
    data["n_sentences"] = data["n_sentences"].astype(int)
    data = data.astype({c: object for c in ("entity_id", "name", "label", "kind", "surface_forms")})
    if len(data):
        first = data.iloc[0]
        summary = (f"{first['name']} is mentioned most ({first['n_mentions']} times); "
                   f"{len(data)} entities shown, {int(data['n_mentions'].sum())} mentions in all.")
    else:
        summary = "No entity is mentioned."
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("n_mentions:Q", title="mentions", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("name:N", sort=list(data["name"]), title=None),
            color=alt.Color("label:N", scale=_label_scale(list(data["label"])), title="label"),
            tooltip=[
                alt.Tooltip("name:N", title="entity"),
                alt.Tooltip("label:N"),
                alt.Tooltip("kind:N"),
                alt.Tooltip("n_mentions:Q", title="mentions"),
                alt.Tooltip("n_sentences:Q", title="sentences"),
                alt.Tooltip("surface_forms:N", title="as written"),
            ],
        )
        .properties(
            title=title or "Who and what the article mentions",
            description=f"Bar chart of mentions per entity, coloured by entity label. {summary}",
            width=420,
            height=alt.Step(18),
        )
    )
    return chart


def co_mention_chart(
    pairs: pd.DataFrame,
    entities: pd.DataFrame | None = None,
    *,
    top: int | None = 12,
    title: str | None = None,
) -> alt.Chart:
    """A symmetric matrix: how many sentences mention both entities (``co_mentions`` output).

    With ``entities`` (``entity_table`` output) the axes show names, ordered by mentions, and
    only the ``top`` most-mentioned entities are kept; otherwise ids, alphabetically.
    """
    import altair as alt
    import pandas as pd

    names: dict[str, str] = {}
    order: list[str] = sorted(set(pairs["entity_a"]) | set(pairs["entity_b"]))
    if entities is not None and len(entities):
        ranked = entities[entities["n_mentions"] > 0]
        if top is not None:
            ranked = ranked.head(top)
        names = dict(zip(ranked["entity_id"], ranked["name"], strict=True))
        order = [e for e in ranked["entity_id"] if e in set(pairs["entity_a"]) | set(pairs["entity_b"])]
    keep = set(order)
    rows = []
    for a, b, n in zip(pairs["entity_a"], pairs["entity_b"], pairs["n_sentences"], strict=True):
        if a in keep and b in keep:
            rows.append({"a": names.get(a, a), "b": names.get(b, b), "n_sentences": int(n)})
            rows.append({"a": names.get(b, b), "b": names.get(a, a), "n_sentences": int(n)})
    data = pd.DataFrame(rows, columns=["a", "b", "n_sentences"]).astype({"a": object, "b": object})
    axis = [names.get(e, e) for e in order]
    if len(pairs):
        best = pairs.iloc[0]
        summary = (f"The pair named together most often is {names.get(best['entity_a'], best['entity_a'])} and "
                   f"{names.get(best['entity_b'], best['entity_b'])}, in {int(best['n_sentences'])} sentences.")
    else:
        summary = "No two entities share a sentence."
    base = alt.Chart(data).encode(
        x=alt.X("a:N", sort=axis, title=None, axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("b:N", sort=axis, title=None),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("n_sentences:Q", title="shared sentences", scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("a:N", title="entity"), alt.Tooltip("b:N", title="with"),
                 alt.Tooltip("n_sentences:Q", title="shared sentences")],
    )
    labels = base.mark_text(fontSize=10).encode(
        text=alt.Text("n_sentences:Q"),
        color=alt.condition(alt.datum.n_sentences >= 4, alt.value("white"), alt.value("black")),
    )
    return (cells + labels).properties(
        title=title or "Which entities share a sentence",
        description=(f"Matrix of entity pairs; each cell counts the sentences that mention both entities "
                     f"(the matrix is symmetric). {summary}"),
        width=alt.Step(26),
        height=alt.Step(22),
    )


def entity_mentions_spec(entities: pd.DataFrame, top_n: int = 10, *, width: int = WIDTH) -> dict[str, Any]:
    """Horizontal bars: mentions per entity, most mentioned first, coloured by kind in words (``entities``)."""
    top = entities.head(top_n)
    rows = spec_rows(top, ["name", "label", "n_mentions"])
    for r in rows:
        r["kind"] = words(ENTITY, r["label"])
    order = [r["name"] for r in rows]
    present = {str(r["label"]) for r in rows}
    codes = [k for k in LABEL_ORDER if k in present] + sorted(present - set(LABEL_ORDER))
    if rows:
        lead = ", ".join(f"{r['name']} {r['n_mentions']}" for r in rows[:3])
        desc = f"Bar chart of mentions per entity for the {len(rows)} most mentioned entities; most: {lead}."
    else:
        desc = "No entities were found, so the chart is empty."
    return {
        "$schema": SCHEMA,
        "title": {"text": "Who and what the article names", "subtitle": f"mentions per entity, top {len(rows)}"},
        "description": desc,
        "width": width,
        "height": {"step": 18},
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": order, "title": None},
            "x": {"field": "n_mentions", "type": "quantitative", "title": "mentions", "axis": {"tickMinStep": 1}},
            "color": {"field": "kind", "type": "nominal", "title": "kind",
                      "scale": {"domain": [words(ENTITY, k) for k in codes],
                                "range": [LABEL_FILLS.get(k, "#555555") for k in codes]}},
        },
        "config": {"view": {"stroke": None}},
    }
