"""Checks for notebook 07 (corpus mode): the errors table, the busiest month, and a share of anonymous sourcing.

The notebook analyses a SYNTHETIC corpus (``kit.corpus.synth``, :data:`CORPUS`). The first two checks
recompute their answer from that corpus without running the analysis (only reading and loading,
which is quick); the third runs the learner's function on a small table whose answer is known.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from kit.course.exercises import exercise, type_name

#: The corpus notebook 07 generates: ``kit.corpus.synth.write_jsonl(path, **CORPUS)``.
CORPUS = {"n": 300, "seed": 7, "bad": 5}


@cache
def _corpus_facts() -> tuple[Counter[str], Counter[str]]:
    """(errors per stage, analysed articles per month) of the notebook's corpus, without analysing it."""
    from kit.corpus import synth
    from kit.corpus.input import build_article, iter_items

    stages: Counter[str] = Counter()
    months: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="kit-nb07-") as tmp:
        path = synth.write_jsonl(Path(tmp) / "corpus.jsonl", **CORPUS)
        for item in iter_items(path):
            if item.stage is not None:
                stages[item.stage] += 1
                continue
            try:
                article = build_article(item)
            except Exception:
                stages["load"] += 1
                continue
            months[str(article.meta["published"])[:7]] += 1
    return stages, months


@exercise(
    "07.read_errors",
    prompt="How many rows of the errors table failed at the 'read' stage?",
    hint="Compare the `stage` column with \"read\" and add up the matches: `(errors[\"stage\"] == \"read\").sum()`.",
    wrong=(5, 3, 0, "2"),
    explanation="two rows never became articles: one has no text at all and one repeats an id already used.",
)
def _read_errors(answer: Any) -> str | None:
    stages, _ = _corpus_facts()
    right = stages["read"]
    if isinstance(answer, bool) or not isinstance(answer, int):
        if hasattr(answer, "item") and not isinstance(answer, (str, bytes)):
            answer = answer.item()  # a numpy integer from .sum()
        if isinstance(answer, bool) or not isinstance(answer, int):
            return f"give a whole number (an int), not {type_name(answer)}."
    if answer == right:
        return None
    if answer == sum(stages.values()):
        return "that is every row of the errors table; count only those whose stage is 'read'."
    if answer == stages["load"]:
        return ("that is the 'load' stage: rows whose text or date was there but unusable. "
                "'read' rows failed before that, when the row itself was read.")
    return f"{answer} is not the count; filter the errors table on stage == 'read' and count the rows."


@exercise(
    "07.busiest_month",
    prompt="In which month were the most analysed articles published? Answer as 'YYYY-MM'.",
    hint="Take the first 7 characters of `articles[\"published\"]` (`.str[:7]`) and use `.value_counts()`; "
         "the top row is the answer.",
    wrong=("2025-07", "December", 12, "2025-12-01"),
    explanation="December 2025, by far: the Bloomberg report (17 December) and the Kremlin's denial (18 December) "
                "set off a burst of coverage. Raw counts follow the news cycle, which is why the mentions chart "
                "shows shares of each month's articles.",
)
def _busiest(answer: Any) -> str | None:
    _, months = _corpus_facts()
    right = months.most_common(1)[0][0]
    if not isinstance(answer, str):
        return f"give the month as text in quotes, like '2025-03', not {type_name(answer)}."
    text = answer.strip()
    if text == right:
        return None
    if text.startswith(right):
        return f"only year and month, 7 characters: '{right}' rather than '{text}'."
    if text in months:
        return (f"{text} has {months[text]} articles; another month has more. Did you sort the counts "
                "from largest to smallest?")
    return f"{answer!r} is not a month of the corpus in the form 'YYYY-MM'."


def _fixture():
    import pandas as pd

    return pd.DataFrame({
        "article_id": ["a", "a", "a", "b", "b", "c", "c", "c"],
        "source_type": ["named_person", "anonymous_official", "unattributed", "media", "anonymous_source",
                        "unattributed", "unattributed", "named_org"],
        "is_anonymous": pd.array([False, True, False, False, True, False, None, False], dtype="boolean"),
    })


@exercise(
    "07.share_anonymous",
    prompt="Write a function share_anonymous(attributions) that returns the share (0 to 1) of attributed "
           "statements whose source is anonymous. Leave out rows whose source_type is 'unattributed'.",
    hint="Filter first: `attributed = attributions[attributions[\"source_type\"] != \"unattributed\"]`, then "
         "return `attributed[\"is_anonymous\"].fillna(False).mean()`.",
    wrong=(lambda a: float(a["is_anonymous"].fillna(False).mean()), 0.4, lambda a: 2),
    explanation="2 of the 5 attributed statements in the test table are anonymous: 0.4. Leaving out unattributed "
                "rows matters: they have no source at all, named or not.",
)
def _share(answer: Any) -> str | None:
    if not callable(answer):
        return (f"give a function (def share_anonymous(attributions): ...), not {type_name(answer)}; "
                "the check runs it on its own small table.")
    table = _fixture()
    try:
        got = answer(table.copy())
    except Exception as exc:
        return f"your function raised {type(exc).__name__}: {exc}; try it on `attributions` first."
    try:
        value = float(got)
    except (TypeError, ValueError):
        return f"your function should return one number, not {type_name(got)}."
    if abs(value - 0.4) < 1e-9:
        return None
    if abs(value - 2 / 8) < 1e-9 or abs(value - 2 / 7) < 1e-9:
        return ("that counts the unattributed rows too. They have no source, so they are neither named nor "
                "anonymous: filter them out first.")
    if abs(value - 2) < 1e-9:
        return "that is a count of anonymous statements; divide by the number of attributed ones to get a share."
    return f"on the check's table your function returns {value:.3g}; the right share there is 0.4."
