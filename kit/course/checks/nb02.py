"""Checks for notebook 02 (entity tables): counting mentions, metonymy, co-mentions, what only NER finds,
the name check (a typo or another person), and how much of the article a sibling page copies.

Every check recomputes its answer with the kit's methods at check time (entity table, NER, check_names,
reuse, near_duplicates), so a change in an extractor changes the truth, not the check.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from kit.course.exercises import exercise, scalar, type_name


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


#: The fictional wire story notebook 02 runs NER on (bench/fictional/articles/).
WIRE_STORY = "fx-wire-washington-f35-turkey"


def _fictional_dir():
    from kit.paths import ROOT

    return ROOT / "bench" / "fictional" / "articles"


@cache
def _wire_unlinked():
    """The wire story's NER-only entities, as notebook 02 computes them."""
    from kit.article import load_article
    from kit.extract.entities import find_mentions
    from kit.extract.ner import link_mentions, ner_spans, unlinked_entities

    _, gaz, _, _ = _tables()
    wire = load_article(_fictional_dir() / f"{WIRE_STORY}.txt")
    both = link_mentions(wire, find_mentions(wire, gaz), ner_spans(wire), gaz)
    return unlinked_entities(both), both


def _fold(text: str) -> str:
    return " ".join(str(text).replace("_", " ").replace("unlinked:", "").lower().split())


@exercise(
    "02.ner_only",
    prompt="In the fictional wire story, which person does NER find that the gazetteer does not know, and that "
    "the story names most often?",
    hint="`unlinked_entities(wire_mentions)` lists what only NER found; keep the rows whose label is 'PERSON' "
    "and take the one with the largest `n_mentions`.",
    wrong=("Jeanne Shaheen", "Lockheed Martin", "Tom Berk", "Pentagon"),
    explanation="NER finds a person the gazetteer has never heard of, named again and again (the full name "
    "once, then the surname alone, which NER joins to the full name). A gazetteer would miss every mention.",
)
def _ner_only(answer: Any) -> str | None:
    answer = scalar(answer)
    if not isinstance(answer, str):
        return f"give the person's name as a string, not {type_name(answer)}."
    unlinked, both = _wire_unlinked()
    people = unlinked[unlinked["label"] == "PERSON"].sort_values("n_mentions", ascending=False, kind="stable")
    if people.empty:  # pragma: no cover - the model found no person
        return "NER found no person in this story; run `unlinked_entities(wire_mentions)` and look."
    top = people.iloc[0]
    right_forms = {_fold(top["name"]), _fold(top["entity_id"]), _fold(str(top["name"]).split()[-1])}
    given = _fold(answer)
    if given in right_forms:
        return None
    counts = {_fold(n): int(c) for n, c in zip(people["name"], people["n_mentions"], strict=True)}
    if given in counts:
        return (f"{answer!r} is a person only NER found, named {counts[given]} time(s); another one is named "
                f"more often. Sort by `n_mentions`, largest first.")
    by_gazetteer = {_fold(t) for t in both.loc[both["method"] != "ner", "text"]}
    if given in by_gazetteer:
        return (f"the gazetteer already knows {answer!r} (its `method` is 'gazetteer'): the question asks for a "
                "name only the model found.")
    if given in {_fold(n) for n in unlinked["name"]}:
        return f"NER found {answer!r}, but not as a PERSON: read the `label` column."
    if "berk" in given:
        return ("'Tom Berk' is in the bundled article, not in the wire story; run `unlinked_entities` on "
                "`wire_mentions`.")
    return (f"{answer!r} is not among the people only NER found in the wire story; print "
            "`unlinked_entities(wire_mentions)`.")


_KINDS = ("ok", "misnaming", "wrong_person", "not_checked")


@cache
def _ambassador_check():
    """check_names on the bundled article, with both layers of mentions (as the notebook runs it)."""
    from kit.extract.ner import link_mentions, ner_spans
    from kit.verify.officials import check_names

    article, gaz, mentions, _ = _tables()
    both = link_mentions(article, mentions, ner_spans(article), gaz)
    names = check_names(article, both)
    return names[names["office"].astype(str).str.contains("ambassador to Turkey", case=False, na=False)]


def _kind_answer(answer: Any) -> str | None:
    answer = scalar(answer)
    if not isinstance(answer, str):
        return None
    return answer.strip().strip("'\"").lower().replace(" ", "_").replace("-", "_")


@exercise(
    "02.misnamed",
    prompt="Predict which kind check_names gives the ambassador the article names: 'ok', 'misnaming', "
    "'wrong_person' or 'not_checked'.",
    hint="The article's name and the holder's share the first name and sound alike. A typo of the holder's name "
    "is a `misnaming`; somebody else's name is a `wrong_person`.",
    wrong=("ok", "wrong_person", "not_checked", "Tom Barrack"),
    explanation="misnaming: on 2025-12-17 the US ambassador to Turkey was Tom Barrack (confirmed by the Senate "
    "in April 2025); 'Tom Berk' shares his first name and scores above the misnaming threshold, so it reads as "
    "a garbled form of his name, not another person's.",
)
def _misnamed(answer: Any) -> str | None:
    rows = _ambassador_check()
    right = str(rows["kind"].iloc[0]) if len(rows) else "not_checked"
    given = _kind_answer(answer)
    if given is None:
        return f"give the kind as a string such as 'ok', not {type_name(answer)}."
    if given == right:
        return None
    if given not in _KINDS:
        if "barrack" in given or "berk" in given:
            return ("that is a name; the question asks for the kind of finding: 'ok', 'misnaming', "
                    "'wrong_person' or 'not_checked'.")
        return f"{answer!r} is not one of the four kinds: 'ok', 'misnaming', 'wrong_person', 'not_checked'."
    holder = rows["holder_on_date"].iloc[0] if len(rows) else "the holder"
    sim = rows["similarity"].iloc[0] if len(rows) else None
    if given == "ok":
        return (f"'ok' would mean the name is {holder} or one of his forms. Is the name the article prints one "
                "of them? `same_person` says no.")
    if given == "not_checked":
        return ("'not_checked' is for an office the table has no holder for on that day; the table records the "
                f"ambassador from 2025, so the check can tell: it was {holder}.")
    if given == "wrong_person":
        score = f" scores {sim:.0f}/100 against {holder} and" if sim is not None and sim == sim else ""
        return (f"the written name{score} shares the holder's first name: close enough to read as a garbled "
                "form of his name, not another person's. `similarity` shows the scores.")
    return f"check_names says {right!r}; run the next cell and read the `evidence`."


@cache
def _brady():
    from kit.article import Article, load_article
    from kit.verify.officials import check_names
    from kit.verify.reuse import reconstruct

    names = check_names(Article.from_text(reconstruct("p04")), published=load_article().published)
    return names


@exercise(
    "02.brady",
    prompt="Rebuild page p04, run check_names on it with the article's publication date, and give the kind.",
    hint="`p04 = kit.Article.from_text(reconstruct('p04'))`, then `check_names(p04, published=article.published)`"
    " and read the `kind` column (`.iloc[0]`).",
    wrong=("misnaming", "ok", "not_checked", 70),
    explanation="wrong_person: 'Tom Brady' scores 70 on the whole name and 50 on the surname against Tom "
    "Barrack, below both thresholds, so the check calls it another person's name. It is: Tom Brady is an "
    "American football player.",
)
def _brady_check(answer: Any) -> str | None:
    names = _brady()
    right = str(names["kind"].iloc[0]) if len(names) else "not_checked"
    given = _kind_answer(answer)
    if given is None:
        if isinstance(scalar(answer), (int, float)) and not isinstance(scalar(answer), bool):
            return ("that is a score; the question asks for the `kind` check_names reports ('ok', 'misnaming', "
                    "'wrong_person' or 'not_checked').")
        return f"give the kind as a string such as 'ok', not {type_name(answer)}."
    if given == right:
        return None
    if given not in _KINDS:
        return f"{answer!r} is not one of the four kinds: 'ok', 'misnaming', 'wrong_person', 'not_checked'."
    if given == "misnaming":
        from kit.verify.officials import MISNAMING_FULL, MISNAMING_SURNAME

        sim = names["similarity"].iloc[0] if len(names) else float("nan")
        return (f"'Tom Brady' scores {sim:.0f}/100, below the misnaming thresholds ({MISNAMING_FULL} on the whole "
                f"name, {MISNAMING_SURNAME} on the surname): the surnames Brady and Barrack share too little to "
                "read as a typo.")
    if given == "not_checked":
        return ("did you pass `published=article.published`? Without a date the check cannot look up the holder; "
                "with it, it can.")
    return f"check_names says {right!r} for p04; print `p04_names[['kind', 'similarity', 'evidence']]`."


@cache
def _reuse_p04():
    from kit.verify.reuse import reconstruct, reuse

    article, _, _, _ = _tables()
    return reuse(article.text, reconstruct("p04"))


@exercise(
    "02.copied",
    prompt="What share of the article's words sit in passages shared with page p04 (between 0 and 1)?",
    hint="`copy = reuse(article.text, reconstruct('p04'))`; the share of the first text's words inside shared "
    "passages is `copy.share_of_a`.",
    wrong=(99.8, 0.5, "0.998", 2),
    explanation="nearly all of it: every word but the changed name sits in a shared passage. Page p04 is the "
    "seed text with one name swapped.",
)
def _copied(answer: Any) -> str | None:
    import numbers

    result = _reuse_p04()
    value = scalar(answer)
    if isinstance(value, str):
        return "give the share as a number (a float such as 0.5), not a string; `copy.share_of_a` is one."
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return f"give the share as a number between 0 and 1, not {type_name(answer)}."
    value = float(value)
    if value != value:
        return "that is NaN (not a number); read `copy.share_of_a`."
    if abs(value - result.share_of_a) <= 0.005:
        return None
    if 1 < value <= 100 and abs(value / 100 - result.share_of_a) <= 0.005:
        return "that is a percentage; give the share between 0 and 1 (divide by 100)."
    if abs(value - result.jaccard) <= 0.0005:
        return ("that is the Jaccard similarity of the 5-word shingles (`copy.jaccard`); the question asks for "
                "`share_of_a`, the share of the article's words inside shared passages.")
    if value == len(result.passages):
        return "that is the number of shared passages; the question asks what share of the words they hold."
    if value > 1 or value < 0:
        return "a share is between 0 and 1."
    return f"{value} is not the share `reuse` reports; print `copy.summary()`."


def near_duplicate_texts() -> dict[str, str]:
    """The texts notebook 02 screens: seed, the two reconstructions, the samples and the fictional articles."""
    from kit.paths import data_path
    from kit.verify.reuse import reconstruct

    article, _, _, _ = _tables()
    texts = {"seed": article.text, "p03": reconstruct("p03"), "p04": reconstruct("p04")}
    for path in sorted(data_path("samples").glob("*.txt")) + sorted(_fictional_dir().glob("*.txt")):
        texts[path.stem] = path.read_text(encoding="utf-8")
    return texts


@cache
def _seed_cluster() -> frozenset[str]:
    from kit.verify.reuse import near_duplicates

    copies = near_duplicates(near_duplicate_texts())
    cluster = copies.loc[copies["article_id"] == "seed", "cluster_id"].iloc[0]
    return frozenset(str(a) for a in copies.loc[copies["cluster_id"] == cluster, "article_id"])


@exercise(
    "02.near_copies",
    prompt="Give the article_ids of every text in the seed's near-duplicate cluster, as a list.",
    hint="Find the seed's `cluster_id` (`copies.loc[copies['article_id'] == 'seed', 'cluster_id']`), then list "
    "the `article_id` of every row with that cluster_id.",
    wrong=(["seed"], ["p03", "p04"], ["seed", "p03", "p04", "fx-wire-ankara-s400"], 3),
    explanation="the seed and the two reconstructed sibling pages: they share almost every 5-word shingle. The "
    "fictional S-400 wire stories are about the same subject but in other words, so they stay apart.",
)
def _near_copies(answer: Any) -> str | None:
    right = _seed_cluster()
    value = scalar(answer) if hasattr(answer, "tolist") and getattr(answer, "size", 0) == 1 else answer
    if isinstance(value, str):
        value = [value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, (bool, int, float)):
        return "that is a number; give the ids themselves, as a list such as ['seed', ...]."
    if not isinstance(value, (list, tuple, set, frozenset)):
        return f"give the article_ids as a list of strings, not {type_name(answer)}."
    given = {str(v).strip() for v in value}
    if given == set(right):
        return None
    if given == set(right) - {"seed"}:
        return "the cluster holds the seed itself too: list every article_id with the seed's cluster_id."
    extra = sorted(given - right)
    if extra:
        known = set(near_duplicate_texts())
        if extra[0] not in known:
            return f"{extra[0]!r} is not an article_id in `copies`; copy the ids from the table."
        return (f"{extra[0]!r} is in a cluster of its own: a text on the same subject in other words is not a "
                "near-duplicate. Keep only the rows with the seed's cluster_id.")
    missing = sorted(right - given)
    return (f"the seed's cluster has {len(right)} texts; {missing[0]!r} is missing. List every row with the "
            "seed's cluster_id.")
