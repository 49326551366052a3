"""Checks for notebook 02 (entity tables): counting mentions, metonymy, a wrong name, aliases, co-mentions."""

from __future__ import annotations

from functools import cache
from typing import Any

from kit.course.exercises import exercise, type_name


@cache
def _tables():
    from kit.article import load_article
    from kit.extract.entities import entity_table, find_mentions, load_gazetteer

    article = load_article()
    gaz = load_gazetteer()
    mentions = find_mentions(article, gaz)
    return article, gaz, mentions, entity_table(mentions, gaz).set_index("entity_id")


def _whole_number(answer: Any, what: str) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int):
        try:
            import numpy as np

            if isinstance(answer, np.integer):
                return None
        except ImportError:  # pragma: no cover - numpy comes with pandas
            pass
        return f"give {what} as a whole number (an int), not {type_name(answer)}."
    return None


@exercise(
    "02.count",
    prompt="How many times does the article mention Russia, counting every way it is named?",
    hint="Find the row with entity_id 'russia' in the entity table and read `n_mentions`; "
    "`surface_forms` shows which words were counted.",
    wrong=(1, 6, 5, "11"),
    explanation="11: 'Russia' once, 'Moscow' five times, 'Russian' five times. Counting the word 'Russia' "
    "alone would find 1.",
)
def _count(answer: Any) -> str | None:
    _, _, mentions, table = _tables()
    right = int(table.loc["russia", "n_mentions"])
    bad = _whole_number(answer, "the count")
    if bad:
        return bad
    if answer == right:
        return None
    texts = mentions.loc[mentions["entity_id"] == "russia", "text"].value_counts()
    if answer == int(texts.get("Russia", 0)):
        return ("that counts only the word 'Russia'. The entity is also named as 'Moscow' (a metonym) and "
                "'Russian' (a demonym): look at `surface_forms`.")
    if answer in (int(texts.get("Russia", 0) + texts.get("Russian", 0)), int(texts.get("Russia", 0)
                                                                           + texts.get("Moscow", 0))):
        return "close: that leaves out one surface form. `surface_forms` lists all three."
    if answer == int(texts.get("Russian", 0)) or answer == int(texts.get("Moscow", 0)):
        return "that is one surface form only; add up every form in `surface_forms`."
    return f"{answer} is not what the entity table says; read `n_mentions` in the row for 'russia'."


@exercise(
    "02.ankara",
    prompt="Of the 5 mentions of 'Ankara', in how many does the name stand for the Turkish state as an "
    "actor (rather than the city as a place)?",
    hint="Read each sentence with 'Ankara' (the `sent_idx` column points to it). Does Ankara *do* something "
    "(move, reclaim, approach), or is it where something is?",
    wrong=(5, 0, 1, "4"),
    explanation="4. In 'Ankara’s move', 'allows Ankara to reclaim', 'Ankara is approaching' and 'overtures "
    "from Ankara' the city stands for the government. In 'officials in Ankara' it is a place: the officials "
    "are the actors.",
)
def _ankara(answer: Any) -> str | None:
    bad = _whole_number(answer, "the number of mentions")
    if bad:
        return bad
    if answer == 4:
        return None
    if answer == 5:
        return ("one of them is a place: in the first sentence, 'officials in Ankara' says where the officials "
                "are; the officials are the actors. 'in' before a city usually marks a location.")
    if answer in (0, 1):
        return ("look again at 'Ankara’s move' or 'allows Ankara to reclaim its investment': a city cannot move "
                "or reclaim money, so the name stands for the Turkish government there.")
    if answer > 5 or answer < 0:
        return "there are only 5 mentions of 'Ankara'; the answer is between 0 and 5."
    return "read each of the 5 sentences again and ask: does Ankara act, or is it where something happens?"


@exercise(
    "02.misnamed",
    prompt="The article names one person wrongly. Give the entity_id of the person it means.",
    hint="Filter the mentions table for `surface_kind == 'misnaming'` and read the `entity_id` and `note`.",
    wrong=("tom_berk", "Tom Berk", "Tom Barrack", "erdogan"),
    explanation="tom_barrack: the US ambassador to Turkey is Tom Barrack (confirmed by the Senate in April "
    "2025); the article calls him 'Tom Berk'. The kit links the mention to him but keeps it flagged.",
)
def _misnamed(answer: Any) -> str | None:
    if not isinstance(answer, str):
        return f"give the entity_id as a string such as 'putin', not {type_name(answer)}."
    if answer == "tom_barrack":
        return None
    if answer.strip().lower() in ("tom berk", "tom_berk", "berk"):
        return ("that is the wrong name the article uses. No ambassador of that name exists; give the entity_id "
                "of the person the article means (see the mention's `note`).")
    if answer.strip().lower() in ("tom barrack", "barrack", "thomas barrack"):
        return "right person, but give the entity_id (snake_case, as in the `entity_id` column), not the name."
    _, gaz, _, _ = _tables()
    if answer in set(gaz["entity_id"]):
        return (f"the article names {answer!r} correctly. Look for the mention whose surface_kind is "
                "'misnaming'.")
    return f"{answer!r} is not an entity_id in the gazetteer; ids look like 'turkey' or 'tom_barrack'."


@exercise(
    "02.alias",
    prompt="Add 'the program' as an alias of the F-35 programme and give its new mention count.",
    hint="`add_form(gaz, 'f35_programme', 'the program')` returns a new gazetteer; run find_mentions and "
    "entity_table with it and read n_mentions for 'f35_programme'.",
    wrong=(4, 9, "5", 3),
    explanation="5: the new alias finds 'the program' in 'Turkey’s expulsion from the program in 2019'. The "
    "other four mentions were already there.",
)
def _alias(answer: Any) -> str | None:
    from kit.extract.entities import entity_table, find_mentions
    from kit.extract.gazetteer import add_form

    article, gaz, _, table = _tables()
    before = int(table.loc["f35_programme", "n_mentions"])
    more = add_form(gaz, "f35_programme", "the program")
    right = int(entity_table(find_mentions(article, more), more).set_index("entity_id").loc["f35_programme",
                                                                                            "n_mentions"])
    bad = _whole_number(answer, "the count")
    if bad:
        return bad
    if answer == right:
        return None
    if answer == before:
        return ("that is the count before the change. Did you pass the new gazetteer to both find_mentions "
                "and entity_table, and add the alias to 'f35_programme' (the programme, not 'f35' the jet)?")
    if answer == before + int(table.loc["f35", "n_mentions"]) or answer == before + 5:
        return "that counts the jets (F-35s) too; read only the 'f35_programme' row."
    return f"{answer} is not the new count; read n_mentions for 'f35_programme' after adding the alias."


@exercise(
    "02.together",
    prompt="Which entity shares the most sentences with Turkey? Give its entity_id.",
    hint="In `co_mentions(mentions)` keep the rows where entity_a or entity_b is 'turkey' and take the one "
    "with the largest n_sentences.",
    wrong=("s400", "russia", "turkey", "United States"),
    explanation="usa: the United States (as 'U.S.', 'Washington', 'American' or by name) shares 8 sentences "
    "with Turkey; the S-400 shares 7 and Russia 5. The article frames the story as Turkey and Washington.",
)
def _together(answer: Any) -> str | None:
    from kit.extract.entities import co_mentions

    _, _, mentions, table = _tables()
    pairs = co_mentions(mentions)
    with_turkey = pairs[(pairs["entity_a"] == "turkey") | (pairs["entity_b"] == "turkey")]
    counts = {
        (b if a == "turkey" else a): int(n)
        for a, b, n in zip(with_turkey["entity_a"], with_turkey["entity_b"], with_turkey["n_sentences"], strict=True)
    }
    right = max(counts, key=lambda k: (counts[k], k))
    if not isinstance(answer, str):
        return f"give the entity_id as a string such as 'russia', not {type_name(answer)}."
    if answer == right:
        return None
    if answer == "turkey":
        return "an entity is never paired with itself; which *other* entity appears most often with Turkey?"
    if answer in counts:
        return (f"{answer!r} shares {counts[answer]} sentences with Turkey; another entity shares more. Sort "
                "by n_sentences, largest first.")
    names = {str(n).lower() for n in table["name"]}
    if answer.lower() in names:
        return "give the entity_id (like 'russia'), not the entity's name."
    return f"{answer!r} never shares a sentence with Turkey, or is not an entity_id."
