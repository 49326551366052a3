"""Charts of checked claims (pure functions: tables from :mod:`kit.claims` in, ``alt.Chart`` out).

* :func:`verdict_chart`: how many claims got each verdict, in the order of the published scale.
* :func:`verdict_map`: where in the article each verdict falls, sentence by sentence.

Every chart has a title and a ``description`` (read out by screen readers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

#: A diverging scale from red (inaccurate) through grey (unverifiable) to blue (accurate).
VERDICT_COLOURS = {
    "inaccurate": "#b2182b",
    "misleading": "#ef8a62",
    "unverifiable": "#a0a0a0",
    "partly accurate": "#67a9cf",
    "accurate": "#2166ac",
}


def _scale(labels: list[str]) -> alt.Scale:
    import altair as alt

    return alt.Scale(domain=labels, range=[VERDICT_COLOURS.get(lab, "#666666") for lab in labels])


def verdict_chart(counts: pd.DataFrame, *, title: str = "Verdicts on the article's checked claims") -> alt.Chart:
    """Bars: claims per verdict, worst to best (takes :func:`kit.claims.verdict_counts`)."""
    import altair as alt

    data = counts[["rating_value", "rating_label", "n_claims"]].astype(
        {"rating_value": int, "rating_label": str, "n_claims": int}
    )
    labels = data.sort_values("rating_value")["rating_label"].tolist()
    total = int(data["n_claims"].sum())
    description = f"Bar chart of {total} checked claims by verdict: " + ", ".join(
        f"{r.rating_label} {r.n_claims}" for r in data.sort_values("rating_value").itertuples()
    ) + "."
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        x=alt.X("rating_label:N", sort=labels, title="verdict (1 = inaccurate ... 5 = accurate)",
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("n_claims:Q", title="claims", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("rating_label:N", scale=_scale(labels), legend=None),
        tooltip=[alt.Tooltip("rating_label:N", title="verdict"), alt.Tooltip("rating_value:Q", title="scale"),
                 alt.Tooltip("n_claims:Q", title="claims")],
    )
    text = base.mark_text(dy=-6).encode(x=alt.X("rating_label:N", sort=labels), y="n_claims:Q", text="n_claims:Q")
    return alt.layer(bars, text, title=title, description=description).properties(width=360, height=180)


def verdict_map(claims: pd.DataFrame, *, title: str = "Where the verdicts fall in the article") -> alt.Chart:
    """One dot per claim at its sentence, on a row for its verdict (takes :func:`kit.claims.load_claims`)."""
    import altair as alt

    data = claims[["claim_id", "sent_idx", "rating_value", "rating_label", "claim_summary"]].astype(
        {"claim_id": str, "sent_idx": int, "rating_value": int, "rating_label": str, "claim_summary": str}
    )
    # Claims with the same verdict in the same sentence sit side by side, not on top of each other.
    group = data.groupby(["sent_idx", "rating_label"])["claim_id"]
    data["x"] = data["sent_idx"] + 0.28 * (group.cumcount() - (group.transform("size") - 1) / 2)
    labels = [lab for lab in VERDICT_COLOURS if lab in set(data["rating_label"])]
    labels += sorted(set(data["rating_label"]) - set(labels))
    worst = data[data["rating_value"] == data["rating_value"].min()]
    description = (
        f"Dot chart of {len(data)} claims placed at their sentence (0 to {int(data['sent_idx'].max())}) and grouped "
        f"by verdict. The lowest verdict ({worst['rating_label'].iloc[0]}) falls in sentences "
        f"{', '.join(str(i) for i in sorted(set(worst['sent_idx'])))}."
    )
    return alt.Chart(data, title=title, description=description).mark_circle(size=140, opacity=0.9).encode(
        x=alt.X("x:Q", title="sentence (sent_idx)",
                scale=alt.Scale(domain=[-0.5, float(data["sent_idx"].max()) + 0.5])),
        y=alt.Y("rating_label:N", sort=labels, title=None),
        color=alt.Color("rating_label:N", scale=_scale(labels), legend=None),
        tooltip=["claim_id:N", alt.Tooltip("sent_idx:O", title="sentence"),
                 alt.Tooltip("rating_label:N", title="verdict"), alt.Tooltip("claim_summary:N", title="claim")],
    ).properties(width=380, height=150)
