"""Checks for notebook 00b (Python and pandas, from zero): values, lists, dicts, functions, tables, a chart.

The learners of this notebook have never written Python, so every check accepts the forms an answer
naturally takes (a numpy integer from ``.sum()``, a Series of one value from ``.loc``, "US" for the
United States) and names the one slip that most likely produced a wrong answer.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from kit.course.exercises import as_int, exercise, scalar, type_name


@cache
def _tables():
    from kit.analysis import analyze
    from kit.article import load_article

    article = load_article()
    return article, analyze(article, tables=("entities", "mentions", "attributions"))


def _whole(answer: Any, what: str) -> str | None:
    """None when ``answer`` is a whole number, else why not (and how to get one)."""
    if as_int(answer) is not None:
        return None
    if isinstance(answer, str) and answer.strip().isdigit():
        return f"give {what} as a number without quotes: {answer.strip()}, not {answer!r} (quotes make it text)."
    if isinstance(answer, float):
        return f"give {what} as a whole number (an int): a count has no decimal point."
    return f"give {what} as a whole number (an int), not {type_name(answer)}."


@exercise(
    "00b.characters",
    prompt="How many characters long is the string 'Tom Berk'? Predict, then check with len().",
    hint="`len(\"Tom Berk\")` counts every character between the quotes, the space included.",
    wrong=(7, 2, "8"),
    explanation="8: three letters, a space, four letters. A space is a character like any other.",
)
def _characters(answer: Any) -> str | None:
    why = _whole(answer, "the length")
    if why:
        return why
    n = as_int(answer)
    if n == len("Tom Berk"):
        return None
    if n == len("TomBerk"):
        return "that leaves out the space between the two words: `len` counts spaces too."
    if n == 2:
        return "2 is the number of words; `len` of a string counts characters."
    return f"{n} is not what `len(\"Tom Berk\")` gives; run it and compare with your prediction."


FORMS = ["Turkey", "Ankara", "Turkish"]


@exercise(
    "00b.second_form",
    prompt="forms = ['Turkey', 'Ankara', 'Turkish']: what is forms[1]?",
    hint="Python counts positions from 0: `forms[0]` is the first item, `forms[1]` the second.",
    wrong=("Turkey", "Turkish", 1),
    explanation="'Ankara': position 1 is the second item, because positions start at 0.",
)
def _second(answer: Any) -> str | None:
    answer = scalar(answer)
    if not isinstance(answer, str):
        return f"give the item itself, a string such as 'Chile', not {type_name(answer)}."
    given = answer.strip().strip("'\"")
    if given == FORMS[1]:
        return None
    if given.lower() == FORMS[1].lower():
        return f"right word, but Python compares text exactly: write it as {FORMS[1]!r}, with a capital A."
    if given == FORMS[0]:
        return "'Turkey' is forms[0], the first item: Python counts from 0, so forms[1] is the second."
    if given == FORMS[2]:
        return "'Turkish' is forms[2], the third item (or forms[-1], the last); forms[1] is the one before it."
    return f"{given!r} is not in the list at all; print `forms[1]` to see the item."


@exercise(
    "00b.published",
    prompt="What value does article.meta['published'] hold?",
    hint="A dict gives the value stored under a key: `article.meta[\"published\"]`.",
    wrong=("published", None, "2025-12-18"),
    explanation="'2025-12-17', a date written year-month-day (ISO 8601), which sorts correctly as text.",
)
def _published(answer: Any) -> str | None:
    article, _ = _tables()
    right = str(article.meta["published"])
    answer = scalar(answer)
    if answer is None:
        return ("None is the value of keys such as 'title' or 'byline' (unknown); 'published' holds a date. "
                "Did you look up a different key?")
    if isinstance(answer, str) and answer.strip().strip("'\"").lower() == "published":
        return "'published' is the key, the name of the field; the answer is the value stored under it."
    if isinstance(answer, (dt.date, dt.datetime)) or hasattr(answer, "isoformat"):
        day = answer.date() if isinstance(answer, dt.datetime) else answer
        return None if str(day)[:10] == right else f"{day} is not the date stored in `article.meta`."
    if not isinstance(answer, str):
        return f"give the value as it is stored, a string like '2000-01-31', not {type_name(answer)}."
    import pandas as pd

    try:
        day = pd.Timestamp(answer.strip()).date().isoformat()
    except (ValueError, TypeError):
        return f"{answer!r} is not a date; print `article.meta['published']` to see the value."
    if day == right:
        return None
    return f"{answer!r} is another day; print `article.meta['published']` and copy the value."


SAMPLES = {
    "Turkey may return the S-400.": 5,
    "": 0,
    "  two   words ": 2,
    "U.S. Ambassador to Turkey Tom Berk": 6,
}


@exercise(
    "00b.count_words",
    prompt="Write a function count_words(text) that returns how many words a text has, words being what "
    "text.split() gives.",
    hint="`text.split()` returns the list of words; `len(...)` of that list is the count. Put both in a "
    "`def count_words(text):` with `return` in front of the result.",
    wrong=(5, len, str.split, "def count_words(text): return len(text.split())"),
    explanation="`len(text.split())`: `split` cuts at any run of spaces, so extra spaces do not make words.",
)
def _count_words(answer: Any) -> str | None:
    if isinstance(answer, str):
        return ("that is the code as text (in quotes). Run the `def` lines themselves, then give the function's "
                "name without quotes or brackets: `count_words`.")
    if not callable(answer):
        return (f"give the function itself, `count_words` without brackets, not {type_name(answer)}: "
                "`count_words(...)` with brackets is the function's result for one text.")
    for text, n in SAMPLES.items():
        try:
            got = answer(text)
        except TypeError as exc:
            return f"the function could not be called with one text ({exc}); define it as `def count_words(text):`."
        if got is None:
            return "the function returns None: put `return` in front of the count on its last line."
        if isinstance(got, list):
            return "the function returns the list of words; return how many there are, with `len(...)`."
        if as_int(got) != n:
            if as_int(got) == len(text):
                return (f"count_words({text!r}) gives {got}, the number of characters; "
                        "count the words of `text.split()`.")
            return f"count_words({text!r}) gives {got!r}; it should be {n}."
    return None


@exercise(
    "00b.metonyms",
    prompt="How many of the article's mentions have surface_kind 'metonym'? Use a boolean mask.",
    hint="`mentions[\"surface_kind\"] == \"metonym\"` is a mask of True/False; `len(mentions[mask])` or "
    "`mask.sum()` counts the True rows.",
    wrong=(66, 5, "13", 24),
    explanation="13: a capital standing for its state ('Ankara', 'Moscow', 'Washington'). Notebook 02 asks "
    "which of them are places and which are actors.",
)
def _metonyms(answer: Any) -> str | None:
    _, dossier = _tables()
    kinds = dossier.mentions["surface_kind"]
    right = int((kinds == "metonym").sum())
    why = _whole(answer, "the count")
    if why:
        return why
    n = as_int(answer)
    if n == right:
        return None
    if n == len(kinds):
        return "that is every mention: the mask keeps only the rows where surface_kind is 'metonym'. Use `df[mask]`."
    if n == int((dossier.mentions["text"] == "Ankara").sum()):
        return "that counts 'Ankara' alone; 'Moscow' and 'Washington' are metonyms too. Filter on surface_kind."
    counts = kinds.value_counts()
    for kind, count in counts.items():
        if n == int(count):
            return f"{n} is the number of {kind!r} mentions; the question asks about 'metonym'."
    return f"{n} is not the count; print `mentions[\"surface_kind\"].value_counts()` and compare."


_USA = {"usa", "us", "u.s.", "u.s", "united states", "united states of america", "america", "the united states"}


@exercise(
    "00b.runner_up",
    prompt="After Turkey, which entity does the article mention most often? Sort the entity table by "
    "n_mentions, largest first, and read the second row.",
    hint="`entities.sort_values(\"n_mentions\", ascending=False)` puts the largest first; `.iloc[1]` is the "
    "second row (positions count from 0); read its `entity_id` or `name`.",
    wrong=("turkey", "russia", "Donbas", 12),
    explanation="the United States (entity_id 'usa'), 12 mentions, one more than Russia: a story about "
    "returning a Russian system names Washington more often than Moscow.",
)
def _runner_up(answer: Any) -> str | None:
    _, dossier = _tables()
    table = dossier.entities.sort_values("n_mentions", ascending=False, kind="stable")
    answer = scalar(answer)
    if as_int(answer) == int(table["n_mentions"].iloc[1]):
        return "12 is how many times it is mentioned; the question asks *which* entity: give its name or entity_id."
    if not isinstance(answer, str):
        return f"give the entity's name or entity_id as a string, not {type_name(answer)}."
    given = " ".join(answer.strip().strip("'\"").lower().split())
    top, second, third = (str(v).lower() for v in table["entity_id"].iloc[:3])
    names = {str(i).lower(): str(n).lower() for i, n in zip(table["entity_id"], table["name"], strict=True)}
    if given in _USA or given == names.get(second):
        return None
    if given in {top, names[top]}:
        return "that is the first row, `.iloc[0]`, the most mentioned; the second row is `.iloc[1]`."
    if given in {third, names[third]}:
        return "that is the third row (11 mentions). Did you sort largest first, with ascending=False?"
    if given in names or given in names.values():
        return f"{answer!r} is further down. Sort with ascending=False so the largest counts come first."
    return f"{answer!r} is not an entity in the table; print `entities[[\"entity_id\", \"n_mentions\"]]`."


@exercise(
    "00b.anonymous",
    prompt="How many attributions have an anonymous source (is_anonymous is True)? Group by is_anonymous "
    "and count.",
    hint="`attributions.groupby(\"is_anonymous\").size()` counts the rows in each group; read the count for True.",
    wrong=(3, 18, 10, 13),
    explanation="5: three unnamed sources ('reportedly', 'sources close to the administration', 'some analysts') "
    "and two unnamed officials. Notebook 03 asks whether any of them says why it cannot be named.",
)
def _anonymous(answer: Any) -> str | None:
    _, dossier = _tables()
    at = dossier.attributions
    right = int(at["is_anonymous"].fillna(False).sum())
    why = _whole(answer, "the count")
    if why:
        return why
    n = as_int(answer)
    if n == right:
        return None
    if n == len(at):
        return "that is every row; the groups split the rows into True (anonymous) and False: read the True count."
    if n == len(at) - right:
        return "that is the False group: rows whose source is named, or that have no source at all."
    by_type = at["source_type"].value_counts()
    if n == int(by_type.get("anonymous_source", -1)):
        return ("that counts source_type 'anonymous_source' only; 'anonymous_official' ('officials') is anonymous "
                "too. is_anonymous is True for both.")
    if n == int(by_type.get("unattributed", -1)):
        return "those are sentences with no source at all: unattributed, not anonymous. Group by is_anonymous."
    return f"{n} is not the count; print `attributions.groupby(\"is_anonymous\").size()`."


@exercise(
    "00b.chart",
    prompt="Make an Altair bar chart of the entity table: one bar per entity, its length n_mentions.",
    hint="`alt.Chart(entities).mark_bar().encode(x=\"n_mentions\", y=\"name\")` — a chart is data, a mark "
    "and an encoding of columns to positions.",
    wrong=("bar", 14, ("n_mentions", "name")),
    explanation="one bar per entity: the entity table at a glance. Sorting the bars (`sort=\"-x\"`) puts the "
    "most mentioned on top.",
)
def _chart(answer: Any) -> str | None:
    if not hasattr(answer, "to_dict") or not type(answer).__module__.startswith("altair"):
        if hasattr(answer, "columns"):
            return "that is the table itself; pass it to `alt.Chart(...)` and add `.mark_bar().encode(...)`."
        return f"give the chart, made with `alt.Chart(entities)...`, not {type_name(answer)}."
    try:
        spec = answer.to_dict()
    except Exception as exc:  # an incomplete chart cannot be turned into a spec
        return f"the chart is not complete yet ({type(exc).__name__}); it needs a mark and an encoding."
    mark = spec.get("mark")
    mark = mark.get("type") if isinstance(mark, dict) else mark
    if mark != "bar":
        return f"that chart draws {mark or 'no mark'}; a bar chart uses `.mark_bar()`."
    encoding = spec.get("encoding", {})
    fields = {ch: str(enc.get("field", "")).split(":")[0] for ch, enc in encoding.items() if isinstance(enc, dict)}
    if "n_mentions" not in fields.values():
        return "the bars should show `n_mentions`: encode it on x (or y)."
    if not {"name", "entity_id"} & set(fields.values()):
        return "encode the entity too (`name` or `entity_id` on the other axis), or all the bars pile into one."
    return None
