"""Checks for notebook 06 (newsroom report): a wire story's sourcing, and the misnamed ambassador."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..exercises import exercise, type_name


@cache
def _profile(sample: str) -> dict[str, float]:
    """Share of sentences per sourcing category for a bundled sample (``data/samples/<sample>.txt``)."""
    from ..analysis import analyze
    from ..article import load_article
    from ..paths import data_path

    profile = analyze(load_article(data_path("samples", f"{sample}.txt"))).tables["sourcing"]
    return {str(r["sourcing"]): float(r["share"]) for r in profile.to_dict("records")}


@cache
def _bundled_profile() -> dict[str, float]:
    from ..analysis import analyze
    from ..article import load_article

    profile = analyze(load_article()).tables["sourcing"]
    return {str(r["sourcing"]): float(r["share"]) for r in profile.to_dict("records")}


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 0.005


@exercise(
    "06.wire_unattributed",
    prompt="What share of the wire story's sentences cite no source at all (0 to 1)?",
    hint="`kit.analyze(wire).sourcing` has one row per category; read `share` where `sourcing == 'unattributed'`.",
    wrong=(0.5556, 0.3333, 1, "0.11", 11.1),
    explanation="about 0.11: one sentence in nine. Wire copy attributes almost everything; the bundled article "
                "leaves more than half its sentences unattributed.",
)
def _wire(answer: Any) -> str | None:
    shares = _profile("wire_story")
    right = shares["unattributed"]
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return f"give a number between 0 and 1 (a float), not {type_name(answer)}."
    value = float(answer)
    if _close(value, right):
        return None
    if _close(value, 100 * right):
        return "that is a percentage; give the share as a number between 0 and 1, like the `share` column."
    if _close(value, _bundled_profile()["unattributed"]):
        return "that is the bundled article's share. Load the wire story and analyse it instead."
    for category, share in shares.items():
        if _close(value, share):
            return f"that is the share of '{category}' sentences; the question asks about 'unattributed'."
    return f"{value:g} is not the share the kit finds; print `kit.analyze(wire).sourcing` and read the table."


@exercise(
    "06.misnamed",
    prompt="Which name, exactly as the article writes it, does the gazetteer flag as wrong?",
    hint="In `dossier.mentions`, keep the rows whose `surface_kind` is 'misnaming' and read `text`.",
    wrong=("Tom Barrack", "tom berk", "Berk", "Tom Brady"),
    explanation="'Tom Berk': the US ambassador to Turkey is Tom Barrack. Sibling copies of the story on the same "
                "content network misspell him in other ways.",
)
def _misnamed(answer: Any) -> str | None:
    if not isinstance(answer, str):
        return f"give the name as a string, not {type_name(answer)}."
    text = answer.strip()
    if text == "Tom Berk":
        return None
    if text == "Tom Barrack":
        return "that is the right name. The question asks for the wrong one, as the article writes it."
    if text.lower() == "tom berk":
        return "almost: give it exactly as written, with the capitals the article uses."
    if text in ("Berk", "Tom"):
        return "give the whole name as it appears in the text, first name and surname."
    if text == "Tom Brady":
        return "that misspelling is in a sibling copy of the story, not in this article."
    return f"'{text}' is not flagged; filter `dossier.mentions` on `surface_kind == 'misnaming'`."
