"""Checks for notebook 01 (reading the article): sentences, word counts, offsets and metadata."""

from __future__ import annotations

from functools import cache
from typing import Any

from kit.course.exercises import as_int, exercise, type_name


@cache
def _article():
    from kit.article import load_article

    return load_article()


@exercise(
    "01.sentences",
    prompt="How many sentences does the article have?",
    hint="`article.sentences` is a tuple of spans: `len()` counts them.",
    wrong=(19, 17, "18", 553),
    explanation="18 sentences: the raw file has 19 non-empty lines, but 'U.S.' alone on a line is a hard wrap.",
)
def _sentences(answer: Any) -> str | None:
    n = len(_article().sentences)
    if as_int(answer) is None:
        return f"give a whole number (an int), not {type_name(answer)}; `len(...)` returns one."
    answer = as_int(answer)
    if answer == n:
        return None
    if answer == n + 1:
        return ("that counts 'U.S.' on its own line as a sentence. It is a hard line-wrap inside the sentence "
                "'U.S. Ambassador to Turkey ...', which the kit joins back together.")
    if answer == _article().word_count:
        return "that is the number of words, not sentences."
    return f"{answer} is not the count the kit finds; count the items in `article.sentences`."


@exercise(
    "01.longest_sentence",
    prompt="What is the `sent_idx` of the longest sentence, counted in words?",
    hint="Sort `article.sentences_frame()` by `n_words`, largest first, and read `sent_idx` of the top row.",
    wrong=(15, 1, "14"),
    explanation="sentence 14, 53 words: the 'strategic gambit' sentence. Long sentences often pack in opinion.",
)
def _longest(answer: Any) -> str | None:
    frame = _article().sentences_frame()
    top = frame.sort_values("n_words", ascending=False, kind="stable").iloc[0]
    right = int(top["sent_idx"])
    # The hint's recipe (`.iloc[0]["sent_idx"]`) gives a numpy integer, `.loc[mask, "sent_idx"]` a Series
    # of one value: both are the same whole number as an int.
    if as_int(answer) is None:
        return f"give the sentence index as a whole number (an int), not {type_name(answer)}."
    answer = as_int(answer)
    if answer == right:
        return None
    if answer == right + 1:
        return "that is one too many: `sent_idx` counts from 0, like every Python index."
    if 0 <= answer < len(frame):
        n = int(frame.loc[frame["sent_idx"] == answer, "n_words"].iloc[0])
        return f"sentence {answer} has {n} words; there is a longer one. Did you sort with ascending=False?"
    return f"there is no sentence {answer}; indexes run from 0 to {len(frame) - 1}."


@exercise(
    "01.berk_offset",
    prompt="At which character offset of `article.text` does the name 'Tom Berk' begin?",
    hint="`article.text.find('Tom Berk')` returns the offset of the first match (or -1 if there is none).",
    wrong=(1875, -1, "1884"),
    explanation="offset 1884 in the normalised text. Every table in the kit points back into article.text this way.",
)
def _berk(answer: Any) -> str | None:
    right = _article().text.find("Tom Berk")
    if as_int(answer) is None:
        return f"give the offset as a whole number (an int), not {type_name(answer)}."
    answer = as_int(answer)
    if answer == right:
        return None
    if answer == -1:
        return "-1 means 'not found': check the spelling and capitals of 'Tom Berk'."
    from kit.paths import BUNDLED_ARTICLE

    if answer == BUNDLED_ARTICLE.read_text(encoding="utf-8").find("Tom Berk"):
        return ("that is the offset in the raw file. The kit's offsets point into the normalised `article.text`, "
                "where paragraphs are separated by a blank line, so they come 9 characters later here.")
    return f"{answer} is not where the name starts; print `article.text[{answer}:{answer} + 8]` to see what is there."


@exercise(
    "01.unknown_meta",
    prompt="Which metadata fields are unknown (None) in `article.meta`? Answer with a set of field names.",
    hint="Build it with a set comprehension: `{key for key, value in article.meta.items() if value is None}`.",
    wrong=({"title", "byline"}, {"title", "outlet", "byline", "published"}, ["title", "outlet", "byline"]),
    explanation="title, outlet and byline are unknown: the copy has no headline, no byline and no real publisher.",
)
def _unknown(answer: Any) -> str | None:
    right = {k for k, v in _article().meta.items() if v is None}
    if not isinstance(answer, (set, frozenset)):
        return f"give a set such as {{'a', 'b'}}, not {type_name(answer)}: the order of fields does not matter."
    answer = {str(a) for a in answer}
    if answer == right:
        return None
    if "published" in answer:
        return ("'published' is filled in, but read `article.meta['published_basis']`: the date is inferred from "
                "sibling pages, not printed in the copy. Inferred is not the same as unknown, but keep it in mind.")
    missing = right - answer
    if missing:
        return f"you left out {', '.join(sorted(missing))}: look again at every value that prints as None."
    extra = answer - right
    return f"{', '.join(sorted(extra))} {'is' if len(extra) == 1 else 'are'} not None in `article.meta`."
