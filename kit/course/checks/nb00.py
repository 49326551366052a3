"""Checks for notebook 00 (start here): one warm-up exercise to show how checks work."""

from __future__ import annotations

from typing import Any

from kit.course.exercises import exercise, type_name


@exercise(
    "00.country",
    prompt="Which country is the article mainly about? Answer with its name as a string.",
    hint="Read the first sentence of the article: whose 'diplomatic tightrope walk' is it?",
    wrong=("Russia", "United States", 42),
    explanation="the article is about Turkey (officially Türkiye since 2022) and its S-400 and F-35 choices.",
)
def _country(answer: Any) -> str | None:
    if not isinstance(answer, str):
        return f"the answer should be a name in quotes (a string), not {type_name(answer)}."
    name = answer.strip().lower()
    if name in {"turkey", "türkiye", "turkiye", "republic of turkey"}:
        return None
    if name in {"russia", "russian federation"}:
        return "Russia sold the S-400s, but the article follows the country that bought them and wants to return them."
    if name in {"united states", "usa", "us", "u.s.", "america"}:
        return "the United States runs the F-35 programme, but the article follows the country trying to get back in."
    return f"{answer!r} is not the country at the centre of the story; read the first sentence again."
