"""Checks for notebook 03 (sources and claims): who is named, what is unsourced, whose words a quotation
should match, what the quote check says, what the record held that the article leaves out, what the
worksheet skips, and a filled worksheet row published as ClaimReview.

Every check recomputes its answer with the kit's methods at check time (attributions, check_names,
check_quotes, omissions, claims_to_check) or from the curated answer key (data/claims.csv), and each
explanation points at the evidence, with the source where it matters.
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
    hint="`names = check_names(article, mentions)` looks the office up on the publication date; read the "
    "`holder_on_date` column (`.iloc[0]`).",
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
    return f"{answer!r} is not the ambassador; read `holder_on_date` in the name check."



@cache
def _dossier():
    from kit.analysis import analyze
    from kit.article import load_article

    return analyze(load_article())


@cache
def _names():
    from kit.verify.officials import check_names

    d = _dossier()
    return check_names(d.article, d.tables["mentions"])


@cache
def _quote_checks():
    from kit.verify.statements import check_quotes

    d = _dossier()
    return check_quotes(d.tables["quotes"], names=_names(), article=d.article)


_QUOTE_KINDS = ("verbatim", "close", "not_on_record", "not_checked")


@exercise(
    "03.quote_check",
    prompt="Predict which kind check_quotes gives the quotation: 'verbatim', 'close', 'not_on_record' or "
    "'not_checked'.",
    hint="The record holds seven statements by the ambassador. Does any of them contain the words 'approaching a "
    "withdrawal'? If the record has statements by the speaker but none matches, the kind is not 'not_checked'.",
    wrong=("verbatim", "close", "not_checked", "approaching a withdrawal from S-400"),
    explanation="not_on_record: the record holds statements by Tom Barrack (the speaker the name check "
    "resolves), and none has these words. The closest is from 5 December 2025; no reputable source records "
    "the quoted phrase, which looks like a paraphrase (Russian outlets wrote 'close to giving up') put "
    "inside quotation marks.",
)
def _quote_check(answer: Any) -> str | None:
    checks = _quote_checks()
    right = str(checks["kind"].iloc[0]) if len(checks) else "not_checked"
    answer = scalar(answer)
    if not isinstance(answer, str):
        return f"give the kind as a string such as 'verbatim', not {type_name(answer)}."
    given = answer.strip().strip("'\"").lower().replace(" ", "_").replace("-", "_")
    if given == right:
        return None
    if given not in _QUOTE_KINDS:
        return f"{answer!r} is not one of the four kinds: 'verbatim', 'close', 'not_on_record', 'not_checked'."
    score = checks["score"].iloc[0] if len(checks) else float("nan")
    if given in ("verbatim", "close"):
        return (f"the best alignment of the quote with any of the speaker's statements scores {score:.0f}/100, "
                "far below 80: none of his recorded statements has these words.")
    if given == "not_checked":
        return ("'not_checked' is what the method says when it cannot tell whose record to read (try it without "
                "`names=`). With the name check, the speaker is the office-holder, and the record holds his "
                "statements.")
    return f"check_quotes says {right!r}; run the next cell and read the `evidence`."


def _iso(answer: Any) -> str | None:
    answer = scalar(answer)
    if hasattr(answer, "isoformat") and not isinstance(answer, str):  # a date, datetime or Timestamp
        return answer.isoformat()[:10]
    if isinstance(answer, str):
        return answer.strip()
    return None


def _date_answer(answer: Any) -> tuple[str | None, str | None]:
    """(ISO date, None) or (None, why the answer is not a date)."""
    text = _iso(answer)
    if text is None:
        return None, f"give the date as a string like '2025-01-31', not {type_name(answer)}."
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return None, f"write the date as YYYY-MM-DD (for example '2025-01-31'), not {text!r}."
    return text, None


@exercise(
    "03.closest_record",
    prompt="On what date did the speaker say the on-record words closest to the quotation? Answer as 'YYYY-MM-DD'.",
    hint="`quote_checks` has the closest statement's date in `record_date` (`.iloc[0]`).",
    wrong=("2025-12-17", "2025-12-10", "2025-12-06", "5 December 2025"),
    explanation="5 December 2025, at a Milken Institute conference in Abu Dhabi: 'My belief is that those issues "
    "will be resolved in the next four to six months'. Asked the same day whether Turkey was getting closer to "
    "getting rid of the S-400, he said 'Yes' (https://caliber.az/en/post/us-diplomat-signals-turkiye-nears-"
    "resolution-on-f-35-roadblock). The substance is close; the quoted words are nobody's.",
)
def _closest(answer: Any) -> str | None:
    checks = _quote_checks()
    right = str(checks["record_date"].iloc[0])[:10] if len(checks) else ""
    text, why = _date_answer(answer)
    if why:
        return why
    if text == right:
        return None
    if text == "2025-12-17":
        return "17 December is the article's publication date (and Bloomberg's report), not the speaker's statement."
    statements = _statement_dates()
    if text in statements:
        return (f"the speaker did say something on {text}, but it is not the statement closest to the quote; "
                "`check_quotes` picks the closest and gives its date in `record_date`.")
    return f"{text} is not the date `check_quotes` gives; print `quote_checks[['record_date', 'record_quote']]`."


@cache
def _statement_dates() -> frozenset[str]:
    from kit.claims import load_statements

    return frozenset(str(d)[:10] for d in load_statements()["date"])


@cache
def _omissions():
    from kit.verify.omissions import omissions

    d = _dossier()
    return omissions(d.article, d.tables["mentions"], names=_names())


def _russian(found) -> Any:
    return found["actors"].astype(str).str.contains("russia", na=False)


@exercise(
    "03.omission",
    prompt="One omission is a statement by a Russian official, made before the article appeared. On what date? "
    "Answer as 'YYYY-MM-DD'.",
    hint="In `found`, keep the rows whose `kind` is 'omission' and read the headlines: which one is a Russian "
    "official speaking? Its `date` is the answer.",
    wrong=("2025-12-18", "2025-12-17", "2025-12-12", "11 December"),
    explanation="11 December 2025: Lavrov said Ankara 'has obligations to Moscow' on the S-400 "
    "(https://tass.ru/politika/25881483), six days before the article, which says Moscow 'may be open to a "
    "deal'. A writer on 17 December could have known it.",
)
def _omission(answer: Any) -> str | None:
    found = _omissions()
    rows = found[(found["kind"] == "omission") & _russian(found)]
    right = {str(d)[:10] for d in rows["date"]}
    text, why = _date_answer(answer)
    if why:
        return why
    if text in right:
        return None
    later = found[found["kind"] == "later_development"]
    if text in {str(d)[:10] for d in later["date"]}:
        return ("that is a later development: it came after the article was published (17 December), so the "
                "article could not report it and it is not an omission. The question asks for a Russian "
                "statement the record held *before* publication.")
    if text == "2025-12-17":
        return "17 December is the publication date; an omission came before it."
    if text == "2025-12-12":
        return ("12 December is the Erdogan-Putin meeting, which the article does report ('a recent meeting'). "
                "Look for a Russian official's statement the article leaves out.")
    omitted = found[found["kind"] == "omission"]
    if text in {str(d)[:10] for d in omitted["date"]}:
        return "that omission is real, but nobody Russian speaks in it; read the `headline` of each row."
    return f"{text} is not the date of that omission; print `found[['kind', 'date', 'headline']]`."


@cache
def _skipped() -> frozenset[int]:
    from kit.claims import load_claims
    from kit.verify.worksheet import claims_to_check

    sheet = claims_to_check(_dossier())
    return frozenset(int(i) for i in set(load_claims()["sent_idx"]) - set(sheet["sent_idx"]))


@cache
def _sheet_only() -> frozenset[int]:
    from kit.claims import load_claims
    from kit.verify.worksheet import claims_to_check

    sheet = claims_to_check(_dossier())
    return frozenset(int(i) for i in set(sheet["sent_idx"]) - set(load_claims()["sent_idx"]))


def _int_list(answer: Any) -> list[int] | None:
    value = answer.tolist() if hasattr(answer, "tolist") and not isinstance(answer, (str, bytes)) else answer
    if not isinstance(value, (list, tuple, set, frozenset)):
        value = [value] if as_int(value) is not None else None
    if value is None:
        return None
    out = [as_int(v) for v in value]
    return None if any(v is None for v in out) else out


@exercise(
    "03.worksheet",
    prompt="Which sentences hold a claim the fact-checkers checked but are not on the worksheet? Give their "
    "sent_idx as a sorted list.",
    hint="Make a set of `claims['sent_idx']` and a set of `sheet['sent_idx']`; the difference `a - b` keeps what "
    "is in a but not in b. `sorted(...)` makes it a list.",
    wrong=([10, 14], [9], "1, 4, 9", 3),
    explanation="sentences 1, 4 and 9: each has a named source (Bloomberg, the American government, the "
    "ambassador), so the worksheet, which lists unsourced and anonymous claims, skips them. Yet the fact-check "
    "found one misleading by omission (c02), one name inaccurate (c13) and the quotation misleading (c14): "
    "a named source is not a checked claim.",
)
def _worksheet(answer: Any) -> str | None:
    right = _skipped()
    if isinstance(scalar(answer), str):
        return "give a list of whole numbers such as [0, 2], not a string."
    given = _int_list(answer)
    if given is None:
        return f"give the sentence numbers as a list of whole numbers such as [0, 2], not {type_name(answer)}."
    if len(given) == 1 and len(right) > 1 and not isinstance(answer, (list, tuple, set, frozenset)) \
            and given[0] == len(right):
        return "that is how many there are; give the sentence numbers themselves, as a list."
    if set(given) == set(right):
        if len(given) != len(set(given)):
            return "each sentence once: take the set difference, then sort it."
        return None
    if set(given) == set(_sheet_only()):
        return ("that is the other direction: sentences on the worksheet that the fact-checkers did not check. "
                "The question asks for checked claims the worksheet leaves out (claims minus sheet).")
    if set(given) < set(right):
        return (f"{len(set(right) - set(given))} sentence(s) missing: take every `sent_idx` of `claims` that is "
                "not in `sheet`.")
    return "compare the two sets of `sent_idx`: `sorted(set(claims['sent_idx']) - set(sheet['sent_idx']))`."


@cache
def _truce_rating() -> str:
    from kit.claims import load_claims

    claims = load_claims()
    row = claims[claims["claim_verbatim"].astype(str).str.contains("truce")].iloc[0]
    return str(row["rating_label"])


@exercise(
    "03.claimreview",
    prompt="Fill the worksheet row for the 'truce' sentence (verdict, evidence, source_url) and give the list "
    "worksheet_to_claimreview returns.",
    hint="Set `truce['verdict']`, `truce['evidence']` and `truce['source_url']` (the verdict is a label of "
    "`load_rating_scale()`; claim c18 in `claims` has the evidence and a source), then "
    "`my_reviews = worksheet_to_claimreview(truce, **publication)`.",
    wrong=([], "inaccurate", [{"@type": "ClaimReview"}], {"@type": "ClaimReview"}),
    explanation="a ClaimReview any fact-check archive can read: the claim, the rating on the kit's scale, your "
    "evidence as the explanation, and your source as the citation. There was no truce in Donbass in December "
    "2025: UN OCHA reported intense fighting in Donetsk region.",
)
def _claimreview(answer: Any) -> str | None:
    from kit.claims import check_claimreview

    if isinstance(answer, dict):
        return "that is one object; give the whole list `worksheet_to_claimreview` returns."
    if not isinstance(answer, list):
        return f"give the list `worksheet_to_claimreview` returns, not {type_name(answer)}."
    if not answer:
        return ("the list is empty: rows with no verdict are left out. Fill `truce['verdict']` (and the evidence "
                "and source) before converting.")
    if not all(isinstance(r, dict) for r in answer):
        return "every item should be a ClaimReview dict, as `worksheet_to_claimreview` returns them."
    truce = [r for r in answer if "truce" in str(r.get("claimReviewed", ""))]
    if not truce:
        return "no review in the list is about the 'truce' sentence; fill the row `truce` and convert that."
    review = truce[0]
    rating = review.get("reviewRating") or {}
    label = str(rating.get("alternateName", "")).strip().lower()
    right = _truce_rating()
    if label != right:
        return (f"your verdict is {label or 'missing'!r}. The fact-check rates this claim {right!r}: there was "
                "no truce in Donbass in December 2025 (UN OCHA, 10 Dec 2025: intense fighting in Donetsk region).")
    explanation = str(rating.get("ratingExplanation", "") or "")
    if len(explanation.split()) < 5:
        return "give the evidence in a full sentence: it becomes the rating's explanation a reader sees."
    urls = [str(u) for u in review.get("citation", []) or []]
    if not any(u.startswith(("http://", "https://")) and "." in u.split("//", 1)[-1] for u in urls):
        return "add a `source_url` a reader can open (a full web address): it becomes the review's citation."
    problems = check_claimreview(answer)
    if problems:
        return f"ClaimReview is incomplete: {problems[0]}. Pass `**publication` to `worksheet_to_claimreview`."
    return None
