"""Charts of who says what (pure functions: tables from :mod:`kit.extract.sources` in, ``alt.Chart`` out).

* :func:`sourcing_chart`: the sourcing profile, share of sentences named / anonymous / unattributed.
* :func:`sourcing_strip`: the article sentence by sentence, coloured by its strongest source, so
  a reader sees *where* the unsourced passages are.

Every chart has a title and a ``description`` (read out by screen readers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kit.charts.base import SCHEMA, WIDTH, spec_rows
from kit.labels import SOURCING

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

#: One colour per sourcing category (blue = named, orange = anonymous, grey = no source: told apart by
#: red-green colour-blind readers too); the categories are also written on the axis, so colour is never
#: the only cue. Both come from kit.labels.SOURCING.
COLOURS = {code: label.color for code, label in SOURCING.items()}
LABELS = {code: label.words for code, label in SOURCING.items()}


def _describe_profile(profile: pd.DataFrame) -> str:
    parts = [
        f"{LABELS.get(str(r.sourcing), r.sourcing)} {int(r.n_sentences)} ({float(r.share):.0%})"
        for r in profile.itertuples()
    ]
    total = int(profile["n_sentences"].sum())
    return f"Bar chart of the {total} sentences by their strongest source: " + ", ".join(parts) + "."


def sourcing_chart(profile: pd.DataFrame, *, title: str = "Who is the source? Sentences by sourcing") -> alt.Chart:
    """Horizontal bars: the share of sentences whose strongest source is named, anonymous or absent.

    Takes :func:`kit.extract.sources.sourcing_profile` (columns sourcing, n_sentences, share, ...).
    """
    import altair as alt

    data = profile.assign(label=[LABELS.get(str(s), str(s)) for s in profile["sourcing"]])
    data = data[["sourcing", "label", "n_sentences", "share"]].astype(
        {"sourcing": str, "label": str, "n_sentences": int, "share": float}
    )
    order = [LABELS[k] for k in COLOURS]
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        y=alt.Y("label:N", sort=order, title=None),
        x=alt.X("share:Q", title="share of sentences", axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("sourcing:N", scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())),
                        legend=None),
        tooltip=[alt.Tooltip("label:N", title="sourcing"), alt.Tooltip("n_sentences:Q", title="sentences"),
                 alt.Tooltip("share:Q", format=".0%")],
    )
    labels = base.mark_text(align="left", dx=4).encode(
        y=alt.Y("label:N", sort=order),
        x="share:Q",
        text=alt.Text("n_sentences:Q"),
    )
    return alt.layer(bars, labels, title=title, description=_describe_profile(profile)).properties(
        width=360, height=110
    )


def sourcing_strip(sentences: pd.DataFrame, *, title: str = "Sourcing, sentence by sentence") -> alt.Chart:
    """One square per sentence, in reading order, coloured by its strongest source.

    Takes :func:`kit.extract.sources.sentence_sourcing`. A ring marks sentences with a checkable claim
    (a name, place or number): grey squares with a ring are claims the article makes on its own
    authority.
    """
    import altair as alt

    data = sentences[["sent_idx", "sourcing", "checkable", "text"]].copy()
    data["sent_idx"] = data["sent_idx"].astype(int)
    data["checkable"] = data["checkable"].astype(bool)
    data["sourcing"] = data["sourcing"].astype(str)
    data["label"] = [LABELS.get(s, s) for s in data["sourcing"]]
    data["text"] = [t if len(t) <= 120 else t[:117] + "..." for t in data["text"].astype(str)]
    n = len(data)
    unsourced = data.loc[(data["sourcing"] == "unattributed") & data["checkable"], "sent_idx"].tolist()
    description = (
        f"A strip of {n} squares, one per sentence in reading order, coloured by the strongest source: "
        f"{(data['sourcing'] == 'named').sum()} named, {(data['sourcing'] == 'anonymous').sum()} anonymous, "
        f"{(data['sourcing'] == 'unattributed').sum()} with no source. Sentences with a checkable claim but no "
        f"source: {', '.join(map(str, unsourced)) or 'none'}."
    )
    heading = alt.TitleParams(title, subtitle="A ring marks a sentence that names someone, a place or a number.")
    base = alt.Chart(data)
    squares = base.mark_square(size=260, opacity=1).encode(
        x=alt.X("sent_idx:O", title="sentence (sent_idx)"),
        color=alt.Color("label:N", title="strongest source",
                        scale=alt.Scale(domain=[LABELS[k] for k in COLOURS], range=list(COLOURS.values()))),
        tooltip=[alt.Tooltip("sent_idx:O", title="sentence"), alt.Tooltip("label:N", title="source"),
                 alt.Tooltip("checkable:N", title="checkable claim"), alt.Tooltip("text:N", title="text")],
    )
    rings = base.transform_filter("datum.checkable").mark_point(size=520, shape="square", filled=False,
                                                               color="#222222", strokeWidth=1.2).encode(
        x=alt.X("sent_idx:O"),
    )
    return alt.layer(squares, rings, title=heading, description=description).properties(
        width=max(200, 24 * n), height=50
    )


def sourcing_spec(profile: pd.DataFrame, *, width: int = WIDTH) -> dict[str, Any]:
    """Bars: share of sentences whose strongest source is named, anonymous or missing (``sourcing``)."""
    rows = spec_rows(profile, ["sourcing", "n_sentences", "share"])
    for r in rows:
        r["category"] = LABELS.get(r["sourcing"], r["sourcing"])
        r["percent"] = round(100 * float(r["share"] or 0), 1)
    parts = ", ".join(f"{r['category']} {r['n_sentences']} ({r['percent']:g}%)" for r in rows)
    order = [LABELS.get(k, k) for k in COLOURS]
    return {
        "$schema": SCHEMA,
        "title": {"text": "Who stands behind each sentence", "subtitle": "share of sentences by strongest source"},
        "description": f"Bar chart of sentences by sourcing: {parts}." if rows else "No sentences to chart.",
        "width": width,
        "height": {"step": 24},
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "bar", "tooltip": True},
             "encoding": {
                 "y": {"field": "category", "type": "nominal", "sort": order, "title": None},
                 "x": {"field": "percent", "type": "quantitative", "title": "% of sentences",
                       "scale": {"domain": [0, 100]}},
                 "color": {"field": "category", "type": "nominal", "legend": None,
                           "scale": {"domain": order, "range": list(COLOURS.values())}},
             }},
            {"mark": {"type": "text", "align": "left", "dx": 4},
             "encoding": {
                 "y": {"field": "category", "type": "nominal", "sort": order},
                 "x": {"field": "percent", "type": "quantitative"},
                 "text": {"field": "n_sentences", "type": "quantitative"},
             }},
        ],
        "config": {"view": {"stroke": None}},
    }
