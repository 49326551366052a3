"""Checks for notebook 03 (sources and claims): who is named, what is unsourced, who the ambassador is,
whether a quotation is on record, and what the article leaves out.

Every check recomputes its answer from the kit's tables (attributions, claims, statements,
omissions), and each explanation points at the evidence, with the source where it matters.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from kit.course.exercises import as_int, exercise, scalar, type_name

#: The five sources learners classify in exercise 03.named_or_anonymous.
SOURCES_TO_CLASSIFY = (
    "Bloomberg",
    "Sources close to the administration",
    "The American government",
    "some analysts",
    "U.S. Ambassador to Turkey Tom Berk",
)
_WHY = {
    "Bloomberg": (
        "a reader can find and judge the outlet. (Bloomberg's own sources were unnamed 'people familiar with "
        "the matter', but the article names Bloomberg.)"
    ),
    "Sources close to the administration": (
        "it names nobody: not a person, not an office, not even which administration (Turkish or American)."
    ),
    "The American government": (
        "an institution a reader can identify and ask counts as named, even though no spokesperson or "
        "document is given."
    ),
    "some analysts": "the classic weasel attribution: no names, no number, no affiliation.",
    "U.S. Ambassador to Turkey Tom Berk": (
        "a title and a name make a named source, even when the name is wrong (as here)."
    ),
}


@cache
def _attributions():
    from kit.article import load_article
    from kit.extract.sources import attributions

    return attributions(load_article())


def _label(source_type: str) -> str:
    if source_type in ("named_person", "named_org", "media"):
        return "named"
    if source_type in ("anonymous_official", "anonymous_source"):
        return "anonymous"
    return "unattributed"


@cache
def _named_or_anonymous() -> dict[str, str]:
    table = _attributions()
    real = table[table["source_type"] != "unattributed"]
    types = dict(zip(real["source_text"].astype(str), real["source_type"].astype(str), strict=True))
    return {s: _label(types[s]) for s in SOURCES_TO_CLASSIFY}


@exercise(
    "03.named_or_anonymous",
    prompt="For each of the five sources, say 'named' or 'anonymous': can a reader tell who it is?",
    hint="Ask of each one: could you look this source up, or call it? A title with a name, an outlet or an "
    "institution is named; 'sources', 'analysts' and 'officials' with no name are anonymous.",
    wrong=(
        {s: "named" for s in SOURCES_TO_CLASSIFY},
        {**{s: "anonymous" for s in SOURCES_TO_CLASSIFY}, "U.S. Ambassador to Turkey Tom Berk": "named"},
        ["named", "anonymous", "named", "anonymous", "named"],
    ),
    explanation="three named (Bloomberg, the American government, the ambassador) and two anonymous. Named is "
    "not the same as right: the ambassador's name is wrong, and Bloomberg relied on unnamed people.",
)
def _classify(answer: Any) -> str | None:
    right = _named_or_anonymous()
    if not isinstance(answer, dict):
        return (f"give a dict that maps each source to 'named' or 'anonymous', not {type_name(answer)}: "
                "a list loses which answer belongs to which source.")
    given = {str(k).strip().lower(): str(v).strip().lower() for k, v in answer.items()}
    missing = [s for s in SOURCES_TO_CLASSIFY if s.lower() not in given]
    if missing:
        return f"the dict has no entry for {missing[0]!r}; use the five source texts exactly as the keys."
    for source in SOURCES_TO_CLASSIFY:
        value = given[source.lower()]
        if value not in ("named", "anonymous"):
            return f"{source!r}: answer 'named' or 'anonymous', not {value!r}."
        if value != right[source]:
            return f"{source!r} is {right[source]}: {_WHY[source]}"
    return None


@cache
def _unattributed_count() -> int:
    from kit.extract.sources import unattributed_claims

    return len(unattributed_claims(_attributions()))


@exercise(
    "03.unattributed",
    prompt="How many sentences make a checkable claim (a name, place or number) with no attribution at all?",
    hint="`unattributed_claims(table)` keeps the rows whose source_type is 'unattributed' and whose `checkable` "
    "flag is True; count them with `len()`.",
    wrong=(10, 18, 15, "9"),
    explanation="9 of 18 sentences: half the article asserts facts on its own authority, including the "
    "'truce' in Donbass (sentence 17) and the F-35s 'sitting idle' (sentence 5).",
)
def _unattributed(answer: Any) -> str | None:
    right = _unattributed_count()
    if as_int(answer) is None:
        return f"give a whole number (an int), not {type_name(answer)}; `len(...)` returns one."
    answer = as_int(answer)
    if answer == right:
        return None
    if answer == right + 1:
        return ("that counts sentence 11, 'Behind the scenes, the geopolitical calculus is shifting.', which "
                "names nobody and nothing: there is nothing in it to check. Filter on `checkable` too.")
    if answer == 18:
        return "that is every sentence; keep only the rows whose source_type is 'unattributed'."
    if answer == right + 6 or answer == 15:
        return ("that adds the sentences with anonymous sources. An anonymous source is weak, but it is an "
                "attribution; this question asks about sentences with none.")
    return f"{answer} is not the count; print `unattributed_claims(table)[['sent_idx', 'content_text']]` and look."


#: Words a name may carry besides the person's names: titles, suffixes.
_NAME_EXTRAS = {"jr", "sr", "ii", "iii", "mr", "ambassador", "us", "u.s", "amb"}
#: Given and middle names of Thomas Joseph Barrack Jr., the ambassador.
_BARRACK_GIVEN = {"tom", "thomas", "joseph"}


def _name_words(answer: str) -> list[str]:
    """A person's name as lower-case words, given names first, without initials, titles or suffixes.

    "Thomas J. Barrack Jr." -> ["thomas", "barrack"]; "Barrack, Tom" -> ["tom", "barrack"].
    """
    text = " ".join(answer.replace("\u2019", "'").split())
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        # "Barrack, Tom" is "Tom Barrack"; "Tom Barrack, Jr." only loses its suffix.
        text = last if first.lower().strip(". ") in _NAME_EXTRAS else f"{first} {last}"
    words = [w.strip(".,;:'\"()").lower() for w in text.split()]
    return [w for w in words if w and len(w) > 1 and w not in _NAME_EXTRAS]


@exercise(
    "03.ambassador",
    prompt="What is the real name of the US ambassador to Turkey whom the article calls 'Tom Berk'?",
    hint="Look at the claims table: `claims.set_index('claim_id').loc['c13', 'correct_fact']`.",
    wrong=("Tom Berk", "Tom Brady", "Jeff Flake"),
    explanation="Tom (Thomas) Barrack, confirmed by the US Senate 60-36 in April 2025 "
    "(https://www.hurriyetdailynews.com/us-senate-confirms-tom-barrack-as-ambassador-to-turkiye-208623).",
)
def _ambassador(answer: Any) -> str | None:
    answer = scalar(answer)  # a name read out of a table: a Series of one value
    if not isinstance(answer, str):
        return f"give the name as a string, not {type_name(answer)}."
    words = _name_words(answer)
    name = " ".join(words)
    if words and words[-1] == "barrack" and set(words[:-1]) <= _BARRACK_GIVEN and len(words) <= 3:
        return None
    if "obama" in words:
        return "Barack Obama was president (2009-2017), not ambassador; the surname you want is Barrack."
    if {"barak", "barack", "barrak", "barac"} & set(words):
        return "nearly: the ambassador's surname is spelled Barrack (double r, -ck), Tom (Thomas) Barrack."
    if "barrack" in words:
        return (f"{answer!r} names a Barrack, but the ambassador's first name is Tom (Thomas); "
                "write it as 'Tom Barrack'.")
    if "berk" in name:
        return ("'Tom Berk' is the article's misnaming, copied across the content network (steelcitydaily.com "
                "has it too). No US ambassador of that name exists.")
    if "brady" in name:
        return ("'Tom Brady' is what a sibling page of the same network (twincityreport.com) wrote: another "
                "garbled copy, named after an American football player.")
    if "flake" in name:
        return ("Jeff Flake was ambassador from 2022 to 2024; Israel Hayom made the same slip in its story "
                "of 18 December 2025. His successor was confirmed in April 2025.")
    return f"{answer!r} is not the ambassador; read the correct_fact of claim c13."


PHRASES = ("approaching a withdrawal from S-400", "four to six months")


@exercise(
    "03.verbatim",
    prompt="Which of the two phrases the article attributes to the ambassador is on record word for word: "
    "'approaching a withdrawal from S-400' or 'four to six months'? Answer with the phrase.",
    hint="`find_in_statements(phrase)` returns the recorded statements that contain the phrase; an empty "
    "table means nobody is on record saying it.",
    wrong=("approaching a withdrawal from S-400", "both", 2),
    explanation="'four to six months' is on record (Abu Dhabi, 5 Dec 2025: 'My belief is that those issues "
    "will be resolved in the next four to six months'). The other phrase is a paraphrase in quotation marks.",
)
def _verbatim(answer: Any) -> str | None:
    from kit.claims import find_in_statements, fold

    if not isinstance(answer, str):
        return f"answer with one of the two phrases, as a string, not {type_name(answer)}."
    given = fold(answer.strip().strip("'‘’\"“”")).lower()
    on_record = [p for p in PHRASES if not find_in_statements(p).empty]
    if given in {fold(p).lower() for p in on_record}:
        return None
    if "withdrawal" in given:
        return ("no recorded statement contains 'approaching a withdrawal from S-400'. On 5 Dec 2025 Barrack "
                "said possession of the S-400 was 'a little more difficult' and, asked whether Turkey was "
                "getting closer to getting rid of it, answered 'Yes'. The quotation marks turn a paraphrase "
                "(apparently back-translated) into words he never said.")
    if given in ("both", "neither"):
        return "test each phrase with `find_in_statements`: one finds a statement, the other finds nothing."
    return f"{answer!r} is not one of the two phrases; copy one of them exactly."


@cache
def _denial_date() -> str:
    from kit.claims import load_omissions

    om = load_omissions()
    row = om[om["who"].str.contains("Kremlin")].iloc[0]
    return str(row["date"])


@exercise(
    "03.omission",
    prompt="On what date did the Kremlin deny that the S-400s were discussed, a denial the article leaves out? "
    "Answer as 'YYYY-MM-DD'.",
    hint="Look in `load_omissions()` for the row where `who` mentions the Kremlin, and read its `date`.",
    wrong=("2025-12-17", "2025-12-12", "2025-12-09", "18 December"),
    explanation="18 December 2025, the day after Bloomberg's report: Peskov said the topic 'was not on the "
    "agenda' (https://www.aa.com.tr/en/world/putin-erdogan-did-not-discuss-s-400-issue-at-their-meeting-in-"
    "ashgabat-kremlin/3774713).",
)
def _omission(answer: Any) -> str | None:
    right = _denial_date()
    if isinstance(answer, (dt.date, dt.datetime)):
        answer = answer.isoformat()[:10]
    if not isinstance(answer, str):
        return f"give the date as a string like '2025-01-31', not {type_name(answer)}."
    text = answer.strip()
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return f"write the date as YYYY-MM-DD (for example '2025-01-31'), not {text!r}."
    if text == right:
        return None
    if text == "2025-12-17":
        return ("17 December is when Bloomberg published its report; the Kremlin answered it the next day. "
                "An article dated the 17th could not have the denial, but every copy updated later should.")
    if text == "2025-12-12":
        return "12 December is the Putin-Erdogan meeting in Ashgabat that the report is about, not the denial."
    if text == "2025-12-09":
        return ("9 December is when Turkish military sources called a transfer 'not on the table': another "
                "omission, but not the Kremlin's.")
    return f"{text} is not the date in the omissions table; read the row whose `who` is the Kremlin spokesman."
