"""Checks for notebook 06 (newsroom report): a wire story's sourcing, and the misnamed ambassador."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from kit.course.exercises import Correct, exercise, scalar, type_name


@cache
def _profile(sample: str | None) -> dict[str, float]:
    """Share of sentences per sourcing category: a sample (``data/samples/<sample>.txt``) or the bundled article.

    Only the sourcing step runs (as ``kit.analyze`` runs it, with entity mentions), not the whole analysis.
    """
    from kit.article import load_article
    from kit.extract.entities import find_mentions
    from kit.extract.sources import attributions, sourcing_profile
    from kit.paths import data_path

    article = load_article(data_path("samples", f"{sample}.txt") if sample else None)
    profile = sourcing_profile(attributions(article, find_mentions(article)), article)
    return {str(r["sourcing"]): float(r["share"]) for r in profile.to_dict("records")}


def _bundled_profile() -> dict[str, float]:
    return _profile(None)


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
    if abs(value - 100 * right) < 0.5:
        return "that is a percentage; give the share as a number between 0 and 1, like the `share` column."
    if _close(value, _bundled_profile()["unattributed"]):
        return "that is the bundled article's share. Load the wire story and analyse it instead."
    for category, share in shares.items():
        if _close(value, share):
            return f"that is the share of '{category}' sentences; the question asks about 'unattributed'."
    return f"{value:g} is not the share the kit finds; print `kit.analyze(wire).sourcing` and read the table."


@exercise(
    "06.misnamed",
    prompt="Which name, exactly as the article writes it, does the name check flag as a misnaming?",
    hint="In `name_checks`, keep the rows whose `kind` is 'misnaming' and read `name_as_written`.",
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
    return f"'{text}' is not flagged; filter `bundled_mentions` on `surface_kind == 'misnaming'`."


def _wire_story_path(path: str) -> bool:
    """True when ``path`` leads to the wire story from where the report is run.

    ``papermill`` and ``kit report`` read article_path relative to where they run: the notebooks'
    folder (``../data/samples/wire_story.txt``) or the repository's (``data/samples/wire_story.txt``).
    An absolute path to the file is fine too.
    """
    from kit.paths import NOTEBOOKS_DIR, ROOT, data_path

    target = data_path("samples", "wire_story.txt").resolve()
    given = Path(path.replace("\\", "/")).expanduser()
    if given.is_absolute():
        return given.resolve() == target
    return any((base / given).resolve() == target for base in (NOTEBOOKS_DIR, ROOT))


@exercise(
    "06.parameters",
    prompt="Write the papermill parameters dict that runs the report on the wire story with 5 rows per table.",
    hint="Two keys, both declared in the notebook's `parameters` cell: `article_path` (a str) and `top_n` (an int).",
    wrong=(
        {"article": "../data/samples/wire_story.txt", "top_n": 5},
        {"article_path": "../data/samples/wire_story.txt", "top_n": "5"},
        {"article_path": "../data/raw/s400_f35_article.txt", "top_n": 5},
        {"article_path": "../data/samples/wire_story.txt"},
        ["article_path", "top_n"],
    ),
    explanation="papermill pastes these into a new cell after the `parameters` cell; `kit report` checks the "
                "same names and types before it starts a kernel.",
)
def _parameters(answer: Any) -> str | Correct | None:
    from kit.report.params import declared_types

    if not isinstance(answer, dict):
        return f"give a dict such as {{'name': value}}, not {type_name(answer)}."
    declared = declared_types()
    unknown = sorted(str(k) for k in answer if k not in declared)
    if unknown:
        return (f"the notebook declares no parameter called {', '.join(map(repr, unknown))}; papermill would add it "
                "anyway and the report would ignore it. Read the names in the `parameters` cell.")
    path = answer.get("article_path")
    if not isinstance(path, str):
        return (f"article_path must be the wire story's path as text (a str), not {type_name(path)}: "
                "'../data/samples/wire_story.txt' from the notebooks' folder.")
    if not _wire_story_path(path):
        if path.replace("\\", "/").rstrip().endswith("wire_story.txt"):
            return (f"{path!r} names the wire story, but there is no such file from the notebooks' folder or the "
                    "repository's: from notebooks/ it is '../data/samples/wire_story.txt'.")
        return "article_path must be the wire story's path as text: '../data/samples/wire_story.txt'."
    if "top_n" not in answer:
        return "without top_n the report keeps its default of 10 rows; set it to 5."
    top_n = scalar(answer["top_n"])
    if isinstance(top_n, bool) or not isinstance(top_n, int):
        return (f"top_n is declared `int`, and {top_n!r} is {type_name(top_n)}. From Python, papermill passes values "
                "as they are: the report would refuse a string.")
    if top_n != 5:
        return f"top_n={top_n} shows {top_n} rows per table; the question asks for 5."
    extra = sorted(set(answer) - {"article_path", "top_n"})
    if extra:
        return f"only article_path and top_n need to change; leave {', '.join(extra)} at their defaults."
    # Repeat the learner's own path, not a different one: it is what papermill will paste.
    posix = path.replace("\\", "/")
    if Path(posix).is_absolute():
        where = " An absolute path works from any folder, but only on this machine."
    elif not posix.startswith("../"):
        where = " That path is relative to the repository's folder: run papermill or `kit report` from there."
    else:
        where = ""
    return Correct(
        "papermill pastes these into a new cell after the `parameters` cell: "
        f"article_path = {json.dumps(path, ensure_ascii=False)} and top_n = 5. `kit report` checks the same names "
        f"and types before it starts a kernel.{where}"
    )
