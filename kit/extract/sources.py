"""Who says what: attributions, quotations and the sourcing profile of an article.

A reader trusts a claim as far as its source: "Bloomberg reported", "a senior official said",
"sources suggest", or nobody at all. This module finds those *attributions* with plain rules
(no parser model: none can be installed offline), following the source-cue-content model:

* a **cue** is a reporting word: "according to", "said", "stating", "suggest", "reportedly" ...
  The cues live in ``data/attribution_cues.csv``: one row per word form, with its type, where
  the source sits (before or after the cue), and its stance (neutral, hedge, emphatic ...).
* the **source** is the words naming who speaks. Its type (named person or organisation, media,
  anonymous official, anonymous source) comes from the word lists in ``data/source_terms.csv``
  and, when given, from the entity mentions (``kit.entities.find_mentions``).
* the **content** is what the source is said to have said.

Both CSV files are data a learner can read and extend: add a row, rerun, see the table change.

Every sentence appears in :func:`attributions`: sentences with no cue get one row with
``source_type = "unattributed"``, so the table accounts for the whole article and
:func:`sourcing_profile` can be computed from it alone. ``checkable`` flags the sentences that
name someone, a place or a number: a factual claim a reporter could check. An unattributed,
checkable sentence is the article asserting something on its own authority.

The rules are simple on purpose, and they miss things (passives such as "criticized by some",
sources far from their cue, a subject followed by a long clause). Learners should see where,
and the tests pin down what the rules do on three kinds of text: the bundled article, wire copy
and an opinion piece.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.article import Article
from kit.errors import DataError, InputError
from kit.extract.quotemarks import scan
from kit.labels import ANONYMOUS_TYPES, NAMED_TYPES, SOURCE_TYPES, SOURCING_CATEGORIES
from kit.schema import Field, TableSchema, records

if TYPE_CHECKING:
    import pandas as pd

CUE_TYPES = ("preposition", "verb", "participle", "adverb", "none")
STANCES = ("neutral", "hedge", "emphatic", "confirm", "deny")

ATTRIBUTIONS = TableSchema(
    name="attributions",
    title="Attributions",
    description=(
        "Who says what, one row per attribution (cue + source + content), plus one row per sentence "
        "with no attribution (source_type 'unattributed'). Offsets point into Article.text."
    ),
    fields=(
        Field("attribution_id", "integer", "Row number in text order, from 0.", required=True, unique=True),
        Field("sent_idx", "integer", "Sentence holding the cue (Article.sentences index).", required=True),
        Field("start_char", "integer", "Start of the attribution (source and cue) in Article.text.", required=True),
        Field("end_char", "integer", "End (exclusive) of the attribution in Article.text.", required=True),
        Field("cue", "string", "The reporting word(s) as written, e.g. 'according to', 'said'; empty if none.",
              example="according to"),
        Field("cue_type", "string", "Grammar of the cue (none for unattributed sentences).", enum=CUE_TYPES,
              required=True),
        Field("stance", "string", "What the cue signals: neutral, hedge, emphatic, confirm or deny.", enum=STANCES),
        Field("source_text", "string", "Words naming the source; empty when nobody is named ('reportedly').",
              example="Sources close to the administration"),
        Field("source_start", "integer", "Start of source_text in Article.text."),
        Field("source_end", "integer", "End (exclusive) of source_text in Article.text."),
        Field("source_entity_id", "string", "entity_id of a known entity naming the source (from mentions)."),
        Field("source_type", "string", "Kind of source.", enum=SOURCE_TYPES, required=True),
        Field("resolved_from", "string",
              "The back-reference as written when the source was resolved to an earlier name ('he', "
              "'the defense minister'); empty when the source names itself.", example="he"),
        Field("is_anonymous", "boolean", "True for anonymous officials and anonymous sources.", required=True),
        Field("anonymity_reason", "string", "Why anonymity was granted, if the text says (AP asks reporters to)."),
        Field("hedge", "string", "Hedge words in the source, cue and content, '|'-separated.",
              example="suggest|may"),
        Field("content_text", "string", "What the source is reported to have said (or the whole sentence)."),
        Field("content_start", "integer", "Start of content_text in Article.text."),
        Field("content_end", "integer", "End (exclusive) of content_text in Article.text."),
        Field("quote_type", "string", "direct (content holds a quotation), indirect, or none.",
              enum=("direct", "indirect", "none")),
        Field("checkable", "boolean",
              "The sentence names someone, a place or a number: a factual claim a reporter could check.",
              required=True),
    ),
    primary_key=("attribution_id",),
    sort_by=("attribution_id",),
)

SOURCING_PROFILE = TableSchema(
    name="sourcing",
    title="Sourcing profile",
    description="Share of the article's sentences whose strongest source is named, anonymous, or absent.",
    fields=(
        Field("sourcing", "string", "named (a person, organisation or outlet), anonymous, or unattributed.",
              enum=SOURCING_CATEGORIES, required=True, unique=True),
        Field("n_sentences", "integer", "Sentences in this category.", required=True),
        Field("share", "number", "n_sentences / all sentences (0 to 1).", required=True, minimum=0, maximum=1),
        Field("n_checkable", "integer", "Of these, sentences with a checkable claim (a name, place or number).",
              required=True),
        Field("sentences", "string", "The sentences' sent_idx, '|'-separated.", example="1|4|9"),
    ),
    primary_key=("sourcing",),
)

SENTENCE_SOURCING = TableSchema(
    name="sentence_sourcing",
    title="Sourcing, sentence by sentence",
    description="One row per sentence: its strongest source, the kinds of source it uses, and hedges.",
    fields=(
        Field("sent_idx", "integer", "Sentence index.", required=True, unique=True),
        Field("sourcing", "string", "named, anonymous or unattributed (the strongest source wins).",
              enum=SOURCING_CATEGORIES, required=True),
        Field("n_attributions", "integer", "Attributions in the sentence.", required=True),
        Field("source_types", "string", "Source types in the sentence, '|'-separated."),
        Field("sources", "string", "Source texts in the sentence, '|'-separated."),
        Field("hedge", "string", "Hedge words in the sentence's attributions, '|'-separated."),
        Field("checkable", "boolean", "The sentence names someone, a place or a number.", required=True),
        Field("text", "string", "The sentence.", required=True),
    ),
    primary_key=("sent_idx",),
    sort_by=("sent_idx",),
)


# ---------------------------------------------------------------------------------------------
# The lexicon: cues and source terms, read from data/
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """One row of the cue lexicon (``data/attribution_cues.csv``)."""

    cue: str
    lemma: str
    cue_type: str
    source_side: str  # after | before | subject | none
    requires: str  # "" or "that"
    stance: str


@dataclass(frozen=True)
class Lexicon:
    """The rules as data: cue word forms and source-term lists by kind."""

    cues: dict[str, Cue]
    terms: dict[str, tuple[str, ...]]
    cue_pattern: re.Pattern[str]
    term_patterns: dict[str, re.Pattern[str]]

    def has(self, kind: str, text: str) -> bool:
        """True when ``text`` contains a term of ``kind`` (whole words, any case)."""
        pat = self.term_patterns.get(kind)
        return bool(pat and pat.search(text))

    def find(self, kind: str, text: str) -> list[str]:
        """Terms of ``kind`` found in ``text``, lower-case, in order, without repeats."""
        pat = self.term_patterns.get(kind)
        if pat is None:
            return []
        seen: dict[str, None] = {}
        for m in pat.finditer(text):
            seen.setdefault(m.group(0).lower(), None)
        return list(seen)

    def spans(self, kind: str, text: str) -> list[tuple[int, int]]:
        """Offsets of every term of ``kind`` in ``text``."""
        pat = self.term_patterns.get(kind)
        return [m.span() for m in pat.finditer(text)] if pat else []


def _words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    alts = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def build_lexicon(cues: pd.DataFrame, terms: pd.DataFrame) -> Lexicon:
    """A :class:`Lexicon` from a cue table and a source-terms table (as in data/)."""
    cue_map: dict[str, Cue] = {}
    for row in cues.to_dict("records"):
        form = str(row["cue"]).strip().lower()
        cue_map[form] = Cue(form, str(row["lemma"]), str(row["cue_type"]), str(row["source_side"]),
                            str(row.get("requires") or ""), str(row.get("stance") or "neutral"))
    by_kind: dict[str, list[str]] = {}
    for row in terms.to_dict("records"):
        by_kind.setdefault(str(row["kind"]), []).append(str(row["term"]).strip().lower())
    return Lexicon(
        cues=cue_map,
        terms={k: tuple(v) for k, v in by_kind.items()},
        cue_pattern=_words_pattern(cue_map),
        term_patterns={k: _words_pattern(v) for k, v in by_kind.items()},
    )


def load_lexicon(cues_path: str | Path | None = None, terms_path: str | Path | None = None) -> Lexicon:
    """Read and validate the cue lexicon and the source terms (default: the kit's files in data/).

    Pass your own CSV paths to try new rules; they are checked against the same schemas.
    """
    if cues_path is None and terms_path is None:
        return _default_lexicon()
    from kit.schema import read_curated

    return build_lexicon(read_curated("attribution-cues", cues_path), read_curated("source-terms", terms_path))


@cache
def _default_lexicon() -> Lexicon:
    from kit.schema import read_curated

    return build_lexicon(read_curated("attribution-cues"), read_curated("source-terms"))


# ---------------------------------------------------------------------------------------------
# Small text helpers (all offsets are absolute offsets into Article.text)
# ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\s]+")
_BOUNDARY_CHARS = frozenset(",;:()[]—–“”\"«»?!")
_LEAD_WORDS = frozenset({
    "with", "and", "but", "while", "as", "yet", "so", "however", "meanwhile", "although", "though",
    "because", "when", "after", "then", "also", "that", "whereas", "since", "now", "who", "which",
})
_TRAIL_WORDS = frozenset({
    "has", "have", "had", "is", "are", "was", "were", "also", "again", "will", "would", "could", "may",
    "might", "long", "once", "then", "now", "today", "yesterday", "still", "already", "did", "does", "do",
    "has long", "not", "never",
})
_RELATIVE = frozenset({"who", "which", "whose", "whom"})
_PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "org", "we": "any", "i": "person"}
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"})
_STRIP = " \t\n,.;:"
_MAX_SOURCE_WORDS = 12
_LOOKBACK = 160
#: After a cue, the clause ends ("officials said on Wednesday, ..."): the content came before it.
_CUE_ENDS_CLAUSE = re.compile(
    r"\s*(?:(?:late |early )?(?:on|last|this|in) [\w-]+(?: [\w-]+)?)?\s*(?:[,.;:—–]|$)", re.IGNORECASE
)
#: "said, speaking on condition of anonymity, that ...": an aside set off by commas before "that".
_ASIDE_THAT = re.compile(r"\s*,[^.;:]{0,200}?,\s*that\b")
_THAT_AFTER = re.compile(r"(?:\s+[\w’'.-]+){0,3}?\s+that\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"^[“‘\"'(]*[A-ZÀ-ÖØ-ÞĀ-ſ]")
_DIGIT = re.compile(r"\d")
#: Text ending like this before a source means the content is the quotation before it.
_QUOTE_ENDS = ("”", "’", '"', "'", "»", "”,", "’,", '",', "',", "»,", ",”", ",’", ',"', ",'")


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Whitespace tokens of ``text[start:end]`` with absolute offsets, punctuation trimmed."""
    out = []
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s] in "“‘\"'(«[":
            s += 1
        while e > s and text[e - 1] in "”’\"'),.;:!?»]":
            e -= 1
        if s < e:
            out.append((s, e, text[s:e]))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past surrounding spaces and trailing sentence punctuation."""
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


def _is_closing_single(text: str, i: int) -> bool:
    """True when the ’ or ' at ``i`` closes a quotation (not an apostrophe inside a word)."""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return not nxt.isalnum()


def _boundary_before(text: str, lo: int, pos: int) -> int:
    """Offset just after the last clause boundary in ``text[lo:pos]`` (``lo`` if none)."""
    i = pos - 1
    while i >= lo:
        ch = text[i]
        if ch in _BOUNDARY_CHARS or (ch in "’'" and _is_closing_single(text, i) and i + 1 < pos):
            return i + 1
        i -= 1
    return lo


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
           "dec")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Words that make a time phrase on their own ("March", "2022", "Wednesday", "week").
_TIME_CORE = frozenset({*_MONTHS, *(m + "." for m in _MONTHS), *_WEEKDAYS, "week", "weeks", "month", "months",
                        "year", "years", "weekend", "morning", "afternoon", "evening", "night", "today",
                        "yesterday", "tonight"})
#: Words a time phrase may also hold ("early", "last", "the", "of", day numbers).
_TIME_GLUE = frozenset({"this", "last", "next", "past", "earlier", "early", "late", "mid", "the", "of"})
#: Words that open a time phrase at the head of a source chunk ("In March 2022 Erdogan said").
_TIME_LEAD = frozenset({"in", "on", "at", "during", "since", "by", "last", "earlier", "early", "late", "this"})


_TIME_NUMBER = re.compile(r"(?:1[89]|20)\d\d|\d{1,2}(?:st|nd|rd|th)?")


def _is_time_word(word: str) -> bool:
    """True for a word a time phrase can hold: a month, a weekday, a year, 'last', 'week' ..."""
    low = word.lower()
    return low in _TIME_CORE or low in _TIME_GLUE or bool(_TIME_NUMBER.fullmatch(low))


def _drop_time_phrases(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop a time phrase at either end of a source chunk: 'In March 2022 Erdogan', 'Güler in November 2024'."""
    if len(toks) > 2 and toks[0][2].lower() in _TIME_LEAD:
        k = 1
        while k < len(toks) and _is_time_word(toks[k][2]) and not (
                toks[k][2].lower() in ("the", "of") and (k + 1 >= len(toks) or not _is_time_word(toks[k + 1][2]))):
            k += 1
        if k > 1 and k < len(toks) and any(w[2].lower().rstrip(".") in _TIME_CORE or w[2].isdigit()
                                           for w in toks[1:k]):
            toks = toks[k:]
    k = len(toks)
    while k > 1 and _is_time_word(toks[k - 1][2]):
        k -= 1
    if k < len(toks) and any(w[2].lower() in _TIME_CORE or w[2].isdigit() for w in toks[k:]):
        if k > 1 and toks[k - 1][2].lower() in _TIME_LEAD:
            toks = toks[:k - 1]
        elif toks[k][2].lower() in _TIME_LEAD:  # "Erdogan last week": the lead word was counted as glue
            toks = toks[:k]
    return toks


def _clean_source(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a candidate source chunk to the noun phrase that names the speaker, or None."""
    toks = _drop_time_phrases(_tokens(text, start, end))
    # "X said that officials said": the source of the second cue follows the last "that".
    for k in range(len(toks) - 1, -1, -1):
        if toks[k][2].lower() == "that":
            toks = toks[k + 1:]
            break
    while toks and toks[0][2].lower() in _LEAD_WORDS:
        toks = toks[1:]
    if len(toks) > 1 and toks[-1][2].lower() in _PRONOUNS and toks[-1][2].islower():
        toks = toks[-1:]  # "and on Wednesday he described": the pronoun is the source
    while toks and (toks[-1][2].lower() in _TRAIL_WORDS
                    or (toks[-1][2].lower().endswith("ly") and len(toks[-1][2]) > 4 and not toks[-1][2][0].isupper())):
        toks = toks[:-1]
    if not toks or len(toks) > _MAX_SOURCE_WORDS:
        return None
    if not any(ch.isalpha() for _, _, w in toks for ch in w):
        return None
    return toks[0][0], toks[-1][1]


def _source_before(
    text: str, sent_start: int, cue_start: int, appositive: bool = True
) -> tuple[tuple[int, int] | None, int]:
    """The source chunk right before a cue, and the boundary offset where its clause starts.

    With ``appositive``, an empty chunk after a comma ("The minister, Alina Varga, said") takes
    the segment before that comma; participles ("..., hinted at progress, stating") do not.
    """
    lo = max(sent_start, cue_start - _LOOKBACK)
    b = _boundary_before(text, lo, cue_start)
    end = cue_start
    after_comma = b > lo and text[b - 1] == "," and text[max(lo, b - 2)] not in "”’\"'"
    if appositive and after_comma and not _tokens(text, b, end):
        # "The minister, Alina Varga, said": the source is the segment before the comma.
        end = b - 1
        b = _boundary_before(text, lo, end)
    chunk_toks = _tokens(text, b, end)
    if chunk_toks and chunk_toks[0][2].lower() in _RELATIVE and b > lo:
        # "The ministry, which oversees the deal, said": the source is before the relative clause.
        b2 = _boundary_before(text, lo, b - 1)
        return _clean_source(text, b2, b - 1), b2
    return _clean_source(text, b, end), b


def _source_after(text: str, cue_end: int, sent_end: int) -> tuple[int, int] | None:
    """The source chunk right after a cue ("according to Bloomberg,", "said a senior official.")."""
    i = cue_end
    limit = min(sent_end, cue_end + _LOOKBACK)
    while i < limit:
        ch = text[i]
        if ch in _BOUNDARY_CHARS:
            break
        if ch == "." and not text[i + 1 : limit].strip(" ”’\"'"):
            break
        if text.startswith(" that ", i):
            break
        i += 1
    return _clean_source(text, cue_end, i)


def _subject(text: str, sent_start: int, cue_start: int) -> tuple[int, int] | None:
    """The subject at the start of the sentence (for "..., stating that ..."): up to the first comma.

    A leading adverbial ("Despite the war, ...", "In Ankara, ...") is skipped.
    """
    first_comma = text.find(",", sent_start, cue_start)
    if first_comma == -1:
        return None
    head = text[sent_start:first_comma].split(maxsplit=1)
    if head and head[0].lower() in {"despite", "in", "on", "after", "before", "for", "with", "now", "yet", "however",
                                    "meanwhile", "behind", "during", "since", "although", "while"}:
        second = text.find(",", first_comma + 1, cue_start)
        if second == -1:
            return None
        return _clean_source(text, first_comma + 1, second)
    return _clean_source(text, sent_start, first_comma)


def _after_that(text: str, start: int, end: int) -> int:
    """Skip "on Wednesday that", "reporters that": the content starts after an early "that"."""
    m = _THAT_AFTER.match(text, start, end) or _ASIDE_THAT.match(text, start, end)
    if m:
        return m.end()
    m = re.match(r"\s*that\b", text[start:end])
    return start + m.end() if m else start


# ---------------------------------------------------------------------------------------------
# Classifying a source
# ---------------------------------------------------------------------------------------------

_LABEL_PRIORITY = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}


class _Mentions(list):
    """Mention records in table order, indexed by start offset for :func:`_mentions_in`.

    A mention overlapping ``[start, end)`` starts before ``end`` and after ``start - longest``, so
    a bisect over the sorted starts finds the few to test: linear in the article, not quadratic.
    """

    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        super().__init__(records)
        bounds = [(int(m["start_char"]), int(m["end_char"]), k) for k, m in enumerate(self)]
        bounds.sort()
        self._starts = [b[0] for b in bounds]
        self._ends = [b[1] for b in bounds]
        self._order = [b[2] for b in bounds]
        self._longest = max((e - s for s, e, _ in bounds), default=0)

    def overlapping(self, start: int, end: int) -> list[dict[str, Any]]:
        """The mentions overlapping ``[start, end)``, in table order."""
        lo = bisect_right(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        hits = [self._order[k] for k in range(lo, hi) if self._ends[k] > start]
        hits.sort()
        return [self[k] for k in hits]


def _mentions_in(mentions: list[dict[str, Any]], start: int, end: int) -> list[dict[str, Any]]:
    if isinstance(mentions, _Mentions):
        return mentions.overlapping(start, end)
    return [m for m in mentions if int(m["start_char"]) < end and int(m["end_char"]) > start]


def _best_mention(found: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not found:
        return None
    return sorted(found, key=lambda m: (_LABEL_PRIORITY.get(str(m.get("label")), 9), -int(m["end_char"])))[0]


def _name_run(text: str, lex: Lexicon) -> bool:
    """Two or more capitalised words in a row that are not titles, outlets or institutions."""
    masked = text
    for kind in ("title", "organisation", "media"):
        for s, e in lex.spans(kind, masked):
            masked = masked[:s] + "_" * (e - s) + masked[e:]
    run = 0
    for word in masked.split():
        bare = word.strip("“”‘’\"'(),.;:")
        if bare and bare[0].isupper() and bare.lower() not in _DETERMINERS and not bare.isupper() and "_" not in bare:
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False


@cache
def _media_ids() -> frozenset[str]:
    """entity_ids of the gazetteer's outlets (kind media)."""
    from kit.extract.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    return frozenset(str(e) for e in gaz.loc[gaz["kind"] == "media", "entity_id"])


def _outlet(text: str, lex: Lexicon) -> bool:
    """A media term that names an outlet: short ones ("AP", "RT") only in capitals, not before a name ("AP Singh")."""
    for s, e in lex.spans("media", text):
        word = text[s:e]
        if len(word) > 3:
            return True
        nxt = text[e:].split(maxsplit=1)
        if word.isupper() and not (nxt and nxt[0][:1].isupper()):
            return True
    return False


def _unnamed_head(low: str, lex: Lexicon, mentions: list[dict[str, Any]], kind: str) -> bool:
    """A head word of ``kind`` ("officials", "sources") that is not part of a mentioned name."""
    names = " ".join(str(m.get("text") or "").lower() for m in mentions)
    return any(w not in names for w in lex.find(kind, low))


@dataclass
class _History:
    """Earlier named sources, for "he said" and second references by surname."""

    people: list[tuple[str, str | None]]
    orgs: list[tuple[str, str | None, str]]
    last: tuple[str, str | None] | None = None
    #: the last source of any kind, with its position: "officials said ... they said".
    last_any: tuple[str, str | None, int] | None = None
    #: where each anonymous source stood, and its text: "a senior official said ... the official said".
    anonymous: list[tuple[int, str]] = field(default_factory=list)


def classify_source(
    source: str,
    lex: Lexicon | None = None,
    mentions: list[dict[str, Any]] | None = None,
    history: _History | None = None,
) -> tuple[str, str | None]:
    """The source type of ``source`` and the entity id naming it (or None).

    Order of the rules: pronouns (resolved to the last named source), outlets (media), people
    (a PERSON mention, or two capitalised words that are not titles), unnamed officials, other
    unnamed sources, then institutions and any other proper name (named_org).
    """
    lex = lex or _default_lexicon()
    mentions = mentions or []
    history = history or _History([], [])
    low = source.strip().lower()
    best = _best_mention(mentions)
    entity = str(best["entity_id"]) if best is not None and best.get("entity_id") not in (None, "") else None
    if low in _PRONOUNS:
        kind = _PRONOUNS[low]
        if kind == "person" and history.people:
            return "named_person", history.people[-1][1]
        if kind == "org" and history.orgs:
            return history.orgs[-1][2], history.orgs[-1][1]
        if kind == "any" and history.last:
            return history.last
        return ("named_person" if kind == "person" else "named_org"), None
    known = {e for _, e in history.people if e}
    for m in sorted(mentions, key=lambda m: -int(m["end_char"])):
        m_text = str(m.get("text") or "")
        if lex.has("media_word", m_text) or (lex.has("media", m_text) and _outlet(m_text, lex)):
            return "media", _entity(m)  # "Broadcaster NTV" read as a person by the tagger
        if str(m.get("label")) == "PERSON" or _entity(m) in known or (
            str(m.get("label")) == "ORG" and lex.has("title", m_text) and not lex.has("organisation", m_text)
        ):
            return "named_person", _entity(m)
    if lex.has("media", low) and _outlet(source, lex):
        return "media", entity
    orgs = [m for m in mentions if str(m.get("label")) == "ORG"]
    for m in orgs:
        if str(m.get("entity_id")) in _media_ids() or lex.has("media", str(m.get("text") or "")) or lex.has(
            "media_word", low
        ):
            return "media", str(m["entity_id"]) if m.get("entity_id") not in (None, "") else None
    if best is not None and str(best.get("label")) in ("ORG", "GPE", "NORP"):
        # "a senior U.S. Navy officer", "Turkish officials": a place or people named, the speaker not.
        if _unnamed_head(low, lex, mentions, "official_head"):
            return "anonymous_official", None
        if _unnamed_head(low, lex, mentions, "anonymous_head"):
            return "anonymous_source", None
        if str(best.get("label")) != "NORP":
            return "named_org", entity
    if _name_run(source, lex):
        return "named_person", entity
    words = source.split()
    if len(words) == 1 and words[0][:1].isupper():
        for name, ent in reversed(history.people):
            if name.split()[-1].strip(",.") == words[0].strip(",."):
                return "named_person", ent or entity
    if lex.has("official_head", low):
        return "anonymous_official", None
    if lex.has("anonymous_head", low):
        return "anonymous_source", None
    if best is not None or lex.has("organisation", low) or any(w[:1].isupper() for w in words[1:]) or (
        words and words[0][:1].isupper() and words[0].lower() not in _DETERMINERS
    ):
        return "named_org", entity
    return "anonymous_source", None


#: Lower-case words that may sit inside a name ("Ministry of Defence", "Office of the President").
_NAME_GLUE = frozenset({"of", "the", "for", "and", "de", "al", "von", "van", "bin", "la"})
#: Spelling variants folded before a description is matched with a name's context.
_FOLD = {"defence": "defense", "programme": "program"}
#: How far around a person's mention to look for the role a description names ("Defense Minister Akar").
_ROLE_WINDOW = (60, 100)


def _appositive_name(
    text: str, lex: Lexicon, sent_start: int, src: tuple[int, int], ments: list[dict[str, Any]]
) -> tuple[int, int]:
    """The name before a descriptive aside: "Ellen Lord, the under secretary of defense, told" -> Ellen Lord."""
    s0, s1 = src
    if not text[s0].islower() or any(str(m.get("label")) == "PERSON" for m in _mentions_in(ments, s0, s1)):
        return src
    before = text[sent_start:s0].rstrip()
    if not before.endswith(","):
        return src
    comma = sent_start + len(before) - 1
    prev = _clean_source(text, _boundary_before(text, max(sent_start, comma - _LOOKBACK), comma), comma)
    if prev is None:
        return src
    prev_text = text[prev[0] : prev[1]]
    if lex.has("anonymity_reason", text[s0:s1]) and (lex.has("official_head", prev_text)
                                                     or lex.has("anonymous_head", prev_text)):
        return prev  # "A State Department official, speaking on condition of anonymity, said"
    named = [m for m in _mentions_in(ments, *prev) if str(m.get("label")) in ("PERSON", "ORG")]
    if not named or max(int(m["end_char"]) for m in named) < prev[1] - 2:
        return src
    if all(w[0].isupper() or w.lower() in _NAME_GLUE for _, _, w in _tokens(text, *prev)):
        return prev
    return src


def _fold(text: str) -> str:
    return " ".join(_FOLD.get(w, w) for w in re.findall(r"[\w.’'-]+", text.lower()))


def _nearest(
    ments: list[dict[str, Any]], pos: int, quote_spans: _Spans, labels: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Mentions with one of ``labels`` before ``pos`` and outside quotations, nearest first."""
    found = [m for m in ments if int(m["end_char"]) <= pos and str(m.get("label")) in labels
             and not quote_spans.inside(int(m["start_char"]))]
    return sorted(found, key=lambda m: -int(m["start_char"]))


def _entity(m: dict[str, Any]) -> str | None:
    eid = m.get("entity_id")
    return None if eid in (None, "") or eid != eid else str(eid)


def _back_reference(
    text: str,
    lex: Lexicon,
    src: tuple[int, int],
    src_ments: list[dict[str, Any]],
    ments: list[dict[str, Any]],
    history: _History,
    quote_spans: _Spans,
) -> tuple[str, str | None] | None:
    """The earlier source that "he", "it", "they" or "the defense minister" points back to, or None."""
    if src_ments:
        return None
    low = _fold(text[src[0] : src[1]])
    kind = _PRONOUNS.get(low)
    if kind == "person":
        people = _nearest(ments, src[0], quote_spans, ("PERSON",))
        if people:
            return "named_person", _entity(people[0])
        return None
    if kind == "org":
        if history.orgs:
            return history.orgs[-1][2], history.orgs[-1][1]
        orgs = _nearest(ments, src[0], quote_spans, ("ORG",))
        return ("named_org", _entity(orgs[0])) if orgs else None
    if kind == "any":
        return (history.last_any[0], history.last_any[1]) if history.last_any else None
    words = low.split()
    if len(words) < 2 or words[0] != "the" or len(words) > 6:
        return None
    head = words[-1]
    if lex.has("media_word", head) or lex.has("media", low):
        for m in _nearest(ments, src[0], quote_spans, ("ORG",)):
            if _entity(m) in _media_ids() or lex.has("media", str(m.get("text") or "")):
                return "media", _entity(m)
        return None
    if head == "statement" and history.orgs:
        return history.orgs[-1][2], history.orgs[-1][1]
    if lex.has("organisation", head):
        for m in _nearest(ments, src[0], quote_spans, ("ORG",)):
            if head in _fold(str(m.get("text") or "")):
                return "named_org", _entity(m)
        return None
    if not (lex.has("title", head) or lex.has("official_head", head)) or head.endswith("s"):
        return None
    # "the minister" after an unnamed "a senior minister": still unnamed.
    since = max((pos for pos, t in history.anonymous if head in _fold(t)), default=-1)
    best: tuple[int, int, str | None] | None = None
    seen: set[str | None] = set()
    for m in _nearest(ments, src[0], quote_spans, ("PERSON",)):
        eid = _entity(m)
        if eid in seen or int(m["start_char"]) < since:
            continue
        seen.add(eid)
        lo, hi = _ROLE_WINDOW
        ctx = " ".join(_fold(text[max(0, int(o["start_char"]) - lo) : int(o["end_char"]) + hi])
                       for o in ments if _entity(o) == eid and int(o["end_char"]) <= src[0])
        fits = head in ctx.split() or (head == "official" and bool(lex.find("title", ctx)))
        if not fits:
            continue
        score = sum(w in ctx.split() for w in words[1:-1])
        if best is None or score > best[0]:
            best = (score, int(m["start_char"]), eid)
    return ("named_person", best[2]) if best is not None else None


# ---------------------------------------------------------------------------------------------
# Attributions
# ---------------------------------------------------------------------------------------------


def _as_article(article: Article | str) -> Article:
    if isinstance(article, Article):
        return article
    if isinstance(article, str):
        return Article.from_text(article)
    raise InputError("attributions", f"expects an Article or a string, not {type(article).__name__}")


def _mention_records(mentions: Any) -> list[dict[str, Any]]:
    if mentions is None:
        return _Mentions([])
    needed = {"entity_id", "start_char", "end_char"}
    cols = set(getattr(mentions, "columns", []))
    if not needed <= cols:
        missing = ", ".join(sorted(needed - cols))
        raise DataError("mentions", f"missing column(s): {missing} (expected the kit.entities.find_mentions table)")
    return _Mentions(r for r in records(mentions)
                     if r.get("start_char") is not None and r.get("end_char") is not None)


class _Spans:
    """The union of some ``(start, end)`` spans, for fast "is this inside / overlapping" tests."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def inside(self, pos: int) -> bool:
        """True when ``pos`` falls strictly inside a span."""
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and self.starts[k] < pos < self.ends[k]

    def covering(self, start: int, end: int) -> tuple[int, int] | None:
        """The span that holds all of ``[start, end)``, or None."""
        k = bisect_right(self.starts, start) - 1
        return (self.starts[k], self.ends[k]) if k >= 0 and self.ends[k] >= end else None

    def overlaps(self, start: int, end: int) -> bool:
        """True when a span overlaps ``[start, end)``."""
        k = bisect_left(self.starts, end) - 1
        return k >= 0 and self.ends[k] > start


def _at_start(text: str, sent_start: int, pos: int) -> bool:
    """Only spaces, quotes or brackets between the sentence start and ``pos``."""
    return pos - sent_start < 8 and not text[sent_start:pos].strip(" “‘\"'(")


def _checkable(text: str, start: int, end: int, mentions: list[dict[str, Any]]) -> bool:
    """A name, place or number: a digit, a known mention, or a capitalised word after the first."""
    if _DIGIT.search(text, start, end):
        return True
    if _mentions_in(mentions, start, end):
        return True
    toks = _tokens(text, start, end)
    return any(_CAPITALISED.match(w) and w not in {"I"} for _, _, w in toks[1:])


_BECAUSE = re.compile(r"\s+(?:because|as|since)\b[^,.;:—–]*")


def _anonymity_reason(lex: Lexicon, sentence: str) -> str | None:
    """The anonymity clause, with its "because ..." when the text gives one."""
    pat = lex.term_patterns.get("anonymity_reason")
    m = pat.search(sentence) if pat else None
    if m is None:
        return None
    tail = _BECAUSE.match(sentence, m.end())
    return sentence[m.start() : tail.end()] if tail else "|".join(lex.find("anonymity_reason", sentence))


def _hedges(lex: Lexicon, *parts: str) -> str | None:
    found: dict[str, None] = {}
    for part in parts:
        for word in lex.find("hedge", part):
            found.setdefault(word, None)
    return "|".join(found) or None


@dataclass
class _Row:
    sent_idx: int
    cue_start: int
    cue_end: int
    cue: Cue
    source: tuple[int, int] | None
    subject: tuple[int, int] | None  # for adverb cues: who the claim is about
    content_kind: str  # after | before
    before_boundary: int


def _find_rows(art: Article, lex: Lexicon, quote_spans: _Spans) -> list[_Row]:
    text = art.text
    rows: list[_Row] = []
    for s_idx, sent in enumerate(art.sentences):
        for m in lex.cue_pattern.finditer(text, sent.start, sent.end):
            cue = lex.cues.get(re.sub(r"\s+", " ", m.group(0).lower()))
            if cue is None or quote_spans.inside(m.start()):
                continue
            if m.group(0)[0].isupper() and not _at_start(text, sent.start, m.start()):
                continue  # "United States" is not "states": a capital is allowed only at the sentence start
            if _blocked(text, sent.start, m.start(), m.end(), lex):
                continue
            if cue.requires == "that" and not _THAT_AFTER.match(text, m.end(), sent.end) and not re.match(
                r"\s+that\b", text[m.end() : sent.end]
            ):
                continue
            row = _resolve(text, sent.start, sent.end, s_idx, m.start(), m.end(), cue)
            if row is not None and cue.cue_type == "participle" and cue.source_side == "after" and row.source:
                cited = text[row.source[0] : row.source[1]]
                if not any(lex.has(k, cited) for k in ("official_head", "anonymous_head", "media")):
                    continue  # "citing potential vulnerabilities": a reason, not a source
            if row is not None:
                rows.append(row)
    return rows


_PREV_WORD = re.compile(r"([\w’'-]+)\s*$")
_BY_AFTER = re.compile(r"\s+by\b")
#: Words that, right after an inverted cue, are not its source ("…, said Tuesday").
_NOT_A_SOURCE = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
    "last", "on", "in", "at", "this", "that", "it", "earlier", "later", "then", "recently", "separately",
})


def _blocked(text: str, sent_start: int, cue_start: int, cue_end: int, lex: Lexicon) -> bool:
    """True when the word before the cue means it reports no speech ("unable to say", "by reports")."""
    end = cue_start
    while (m := _PREV_WORD.search(text, max(sent_start, end - 40), end)) and m.group(1).lower().endswith("ly"):
        end = m.start()  # "has been repeatedly warned": look past adverbs
    prev = m.group(1).lower() if m else ""
    if prev in lex.terms.get("cue_blocker", ()):
        return True
    # "while criticized by some": a passive; "as confirmed by the chief" still names its source.
    return bool(_BY_AFTER.match(text, cue_end)) and prev != "as"


def _inverted_source(text: str, s_start: int, s_end: int, c_start: int, c_end: int) -> tuple[int, int] | None:
    """The short name right after a cue that follows a comma or a quotation ("…, says Peker.")."""
    head = text[s_start:c_start].rstrip()
    if not head or head[-1] not in ",”’\"'—–":
        return None
    src = _source_after(text, c_end, s_end)
    if src is None:
        return None
    toks = _tokens(text, *src)
    first = toks[0][2]
    if len(toks) > 8 or first.lower() in _NOT_A_SOURCE or not (first[0].isupper() or first.lower() in _DETERMINERS):
        return None
    rest = text[src[1] : s_end].lstrip()
    if rest and rest[0] not in ",.;:—–!?" and rest.strip("”’\"' "):
        return None
    return src


def _resolve(text: str, s_start: int, s_end: int, s_idx: int, c_start: int, c_end: int, cue: Cue) -> _Row | None:
    """Find the source of one cue match, following the cue's ``source_side`` rule."""
    if cue.source_side == "before" and cue.cue_type == "verb":
        inv = _inverted_source(text, s_start, s_end, c_start, c_end)
        if inv is not None:
            return _Row(s_idx, c_start, c_end, cue, inv, None, "before", c_start)
    if cue.source_side == "after":
        src = _source_after(text, c_end, s_end)
        if src is None:
            return None
        before = _boundary_before(text, max(s_start, c_start - _LOOKBACK), c_start)
        kind = "after" if _at_start(text, s_start, c_start) else "before"
        return _Row(s_idx, c_start, c_end, cue, src, None, kind, before if kind == "before" else s_start)
    if cue.source_side == "none":
        subj, b = _source_before(text, s_start, c_start)
        return _Row(s_idx, c_start, c_end, cue, None, subj, "after", b)
    src, b = _source_before(text, s_start, c_start, appositive=cue.cue_type == "verb")
    if src is not None:
        quoted_before = text[max(s_start, b - 3) : b].rstrip().endswith(_QUOTE_ENDS)
        # "X, officials said on Wednesday, Y": with no "that" after the cue, the content comes first.
        trailing = b > s_start and text[b - 1] == "," and bool(_CUE_ENDS_CLAUSE.match(text, c_end, s_end))
        kind = "before" if quoted_before or trailing else "after"
        return _Row(s_idx, c_start, c_end, cue, src, None, kind, b)
    if cue.source_side == "subject":
        subj = _subject(text, s_start, c_start)
        if subj is None:
            return None
        return _Row(s_idx, c_start, c_end, cue, subj, None, "after", b)
    # "“...,” said a senior official."
    src = _source_after(text, c_end, s_end)
    if src is None:
        return None
    return _Row(s_idx, c_start, c_end, cue, src, None, "before", b)


def attributions(
    article: Article | str,
    mentions: pd.DataFrame | None = None,
    *,
    lexicon: Lexicon | None = None,
) -> pd.DataFrame:
    """Who says what in ``article``: one row per attribution, plus one per unattributed sentence.

    Args:
        article: an :class:`~kit.article.Article` (or a plain string).
        mentions: optional entity mentions (``kit.entities.find_mentions(article, gazetteer)``:
            entity_id, label, start_char, end_char, ...). They fill ``source_entity_id`` and help
            tell people from organisations.
        lexicon: the rules (default: ``data/attribution_cues.csv`` and ``data/source_terms.csv``).

    Returns:
        A table with the columns of :data:`ATTRIBUTIONS`, in text order.
    """
    art = _as_article(article)
    lex = lexicon or _default_lexicon()
    ments = _mention_records(mentions)
    text = art.text
    paragraphs = [(p.start, p.end) for p in art.paragraphs]
    quote_spans = _Spans((q.start, q.end) for q in scan(text, paragraphs) if q.is_balanced)
    found = _find_rows(art, lex, quote_spans)
    history = _History([], [])
    rows_out: list[dict[str, Any]] = []
    by_sentence: dict[int, list[_Row]] = {}
    for row in found:
        by_sentence.setdefault(row.sent_idx, []).append(row)
    for s_idx, sent in enumerate(art.sentences):
        rows = sorted(by_sentence.get(s_idx, []), key=lambda r: r.cue_start)
        checkable = _checkable(text, sent.start, sent.end, ments)
        if not rows:
            rows_out.append({
                "sent_idx": s_idx, "start_char": sent.start, "end_char": sent.end, "cue": None,
                "cue_type": "none", "stance": None, "source_text": None, "source_start": None,
                "source_end": None, "source_entity_id": None, "source_type": "unattributed", "resolved_from": None,
                "is_anonymous": False, "anonymity_reason": None,
                "hedge": _hedges(lex, sent.text), "content_text": sent.text,
                "content_start": sent.start, "content_end": sent.end, "quote_type": "none",
                "checkable": checkable,
            })
            continue
        reason = _anonymity_reason(lex, sent.text)
        for k, row in enumerate(rows):
            next_start = rows[k + 1].cue_start if k + 1 < len(rows) else sent.end
            if k + 1 < len(rows) and rows[k + 1].source is not None and rows[k + 1].source[0] > row.cue_end:
                next_start = min(next_start, rows[k + 1].source[0])
            prev_end = rows[k - 1].cue_end if k > 0 else sent.start
            rows_out.append(_record(art, lex, row, next_start, prev_end, ments, history, reason, quote_spans,
                                    checkable))
    rows_out.sort(key=lambda r: (r["start_char"], r["end_char"], r["sent_idx"]))  # stable, like sort_values
    _continue_quotations(art, rows_out, quote_spans)
    for k, rec in enumerate(rows_out):
        rec["attribution_id"] = k
    return ATTRIBUTIONS.from_records(rows_out)


#: ``resolved_from`` of a sentence that is the rest of someone's quotation.
QUOTE_CONTINUES = "the quotation continues"
_SOURCE_FIELDS = ("source_text", "source_start", "source_end", "source_entity_id", "source_type", "is_anonymous",
                  "anonymity_reason")


def _continue_quotations(art: Article, rows: list[dict[str, Any]], quote_spans: _Spans) -> None:
    """Give a sentence that is all quotation, with no cue of its own, the speaker of the quotation it continues.

    Two cases, both newsroom convention: the quotation runs on into a sentence whose cue names the
    speaker (“One. Two,” she said), or a new quotation follows an attributed one with no new cue, so
    it is the same speaker's (“One,” she said. “Two.”). Such rows keep ``cue`` empty and say
    ``resolved_from`` = :data:`QUOTE_CONTINUES`.
    """
    text = art.text
    by_sent: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        by_sent.setdefault(int(r["sent_idx"]), []).append(r)

    def quoted(r: dict[str, Any]) -> dict[str, Any] | None:
        """The direct-quotation attribution of a sentence, if it has one with a source."""
        found = [x for x in by_sent.get(int(r["sent_idx"]), []) if x["quote_type"] == "direct"
                 and x["source_type"] != "unattributed" and (x["cue"] is not None or x["resolved_from"])]
        return found[0] if found else None

    n = len(art.sentences)
    for s_idx in range(n):
        own = by_sent.get(s_idx, [])
        if len(own) != 1 or own[0]["cue"] is not None:
            continue
        sent = art.sentences[s_idx]
        body = sent.text.strip()
        first = sent.start + (len(sent.text) - len(sent.text.lstrip()))
        if not body or body[0] not in "“\"‘«":
            continue
        span = quote_spans.covering(first, sent.start + len(sent.text.rstrip()) - 1)
        if span is None:
            continue
        source = None
        nxt = by_sent.get(s_idx + 1, [])
        if s_idx + 1 < n and span[1] > art.sentences[s_idx + 1].start and nxt:
            source = quoted(nxt[0])  # the quotation runs on into the sentence that names its speaker
        if source is None and s_idx > 0 and by_sent.get(s_idx - 1):
            source = quoted(by_sent[s_idx - 1][0])  # a new quotation right after an attributed one
        if source is None or not text[span[0]:span[1]].strip():
            continue
        row = own[0]
        row.update({k: source[k] for k in _SOURCE_FIELDS})
        row.update(resolved_from=QUOTE_CONTINUES, quote_type="direct")


def _record(
    art: Article,
    lex: Lexicon,
    row: _Row,
    next_start: int,
    prev_end: int,
    ments: list[dict[str, Any]],
    history: _History,
    reason: str | None,
    quote_spans: _Spans,
    checkable: bool,
) -> dict[str, Any]:
    text = art.text
    cue = row.cue
    # Content: after the cue (skipping "on Wednesday that"), or the quotation before the source.
    if row.content_kind == "before":
        c_start, c_end = _trim(text, prev_end, row.before_boundary)
    elif cue.cue_type == "adverb":
        begin = row.subject[0] if row.subject else row.cue_end
        c_start, c_end = _trim(text, begin, next_start)
    elif cue.cue_type == "preposition":
        # "According to Bloomberg, <content>": skip past the source and its comma.
        after = row.source[1] if row.source else row.cue_end
        c_start, c_end = _trim(text, after, next_start)
    else:
        c_start, c_end = _trim(text, _after_that(text, row.cue_end, next_start), next_start)
    if c_end <= c_start:
        c_start, c_end = _trim(text, prev_end, row.before_boundary)
    if c_end < c_start:
        c_start = c_end = row.cue_end
    if row.source:
        row.source = _appositive_name(text, lex, art.sentences[row.sent_idx].start, row.source, ments)
    source_text = text[row.source[0] : row.source[1]] if row.source else None
    resolved_from = None
    if row.source:
        src_ments = _mentions_in(ments, *row.source)
        s_type, entity = classify_source(source_text or "", lex, src_ments, history)
        back = _back_reference(text, lex, row.source, src_ments, ments, history, quote_spans)
        if back is not None:
            s_type, entity = back
            resolved_from = source_text
    else:
        s_type, entity = "anonymous_source", None
    if s_type not in NAMED_TYPES:
        entity = None
    if s_type == "named_person" and source_text and resolved_from is None:
        history.people.append((source_text, entity))
    elif s_type in ("named_org", "media") and source_text and resolved_from is None:
        history.orgs.append((source_text, entity, s_type))
    if s_type in NAMED_TYPES:
        history.last = (s_type, entity)
    if row.source:
        history.last_any = (s_type, entity, row.source[0])
        if s_type in ANONYMOUS_TYPES:
            history.anonymous.append((row.source[0], (source_text or "").lower()))
    span_lo = min(x for x in (row.cue_start, row.source[0] if row.source else None,
                              row.subject[0] if row.subject else None) if x is not None)
    span_hi = max(row.cue_end, row.source[1] if row.source else row.cue_end)
    anonymous = s_type in ANONYMOUS_TYPES
    content = text[c_start:c_end]
    direct = quote_spans.overlaps(c_start, c_end)
    return {
        "sent_idx": row.sent_idx,
        "start_char": span_lo,
        "end_char": span_hi,
        "cue": text[row.cue_start : row.cue_end],
        "cue_type": cue.cue_type,
        "stance": cue.stance,
        "source_text": source_text,
        "source_start": row.source[0] if row.source else None,
        "source_end": row.source[1] if row.source else None,
        "source_entity_id": entity,
        "source_type": s_type,
        "is_anonymous": anonymous,
        "resolved_from": resolved_from,
        "anonymity_reason": reason if anonymous else None,
        "hedge": _hedges(lex, text[span_lo:span_hi], content),
        "content_text": content,
        "content_start": c_start,
        "content_end": c_end,
        "quote_type": "direct" if direct else "indirect",
        "checkable": checkable,
    }


def _is_set(value: Any) -> bool:
    return value is not None and value == value and str(value) != "<NA>"


# ---------------------------------------------------------------------------------------------
# The sourcing profile
# ---------------------------------------------------------------------------------------------


def _sentence_class(types: set[str]) -> str:
    if types & NAMED_TYPES:
        return "named"
    if types & ANONYMOUS_TYPES:
        return "anonymous"
    return "unattributed"


def sentence_sourcing(attributions_table: pd.DataFrame, article: Article | None = None) -> pd.DataFrame:
    """One row per sentence: its strongest source (named > anonymous > none), sources and hedges.

    With ``article``, sentences missing from the table (a hand-filtered table) count as unattributed
    and ``text`` is filled from the article.
    """
    return SENTENCE_SOURCING.from_records(_sentence_rows(attributions_table, article))


def _sentence_rows(attributions_table: pd.DataFrame, article: Article | None) -> list[dict[str, Any]]:
    """The rows of :func:`sentence_sourcing`, as dicts."""
    attr = attributions_table
    n_sent = len(article.sentences) if article is not None else (int(attr["sent_idx"].max()) + 1 if len(attr) else 0)
    groups: dict[int, list[dict[str, Any]]] = {}
    used = ["sent_idx", "source_type", "hedge", "checkable", "source_text", "content_text"]
    for rec in records(attr, [c for c in used if c in attr.columns]):
        groups.setdefault(int(rec["sent_idx"]), []).append(rec)
    rows = []
    for s_idx in range(n_sent):
        part = groups.get(s_idx, [])
        real = [r for r in part if r["source_type"] != "unattributed"]
        hedges: dict[str, None] = {}
        for r in part:
            if _is_set(r["hedge"]):
                for w in str(r["hedge"]).split("|"):
                    hedges.setdefault(w, None)
        if article is not None:
            text = article.sentences[s_idx].text
        else:
            unatt = [r for r in part if r["source_type"] == "unattributed"]
            text = str(unatt[0]["content_text"]) if unatt else ""
        rows.append({
            "sent_idx": s_idx,
            "sourcing": _sentence_class({str(r["source_type"]) for r in real}),
            "n_attributions": len(real),
            "source_types": "|".join(dict.fromkeys(str(r["source_type"]) for r in real)) or None,
            "sources": "|".join(dict.fromkeys(str(r["source_text"]) for r in real if _is_set(r["source_text"])))
            or None,
            "hedge": "|".join(hedges) or None,
            "checkable": any(bool(r["checkable"]) for r in part),
            "text": text,
        })
    return rows


def sourcing_profile(attributions_table: pd.DataFrame | Article | str, article: Article | None = None) -> pd.DataFrame:
    """Share of sentences whose strongest source is named, anonymous, or absent (unattributed).

    Takes the :func:`attributions` table (or an article, for convenience). A sentence with both a
    named and an anonymous source counts as named: the question is whether a reader can tell who
    stands behind at least part of it.
    """
    if isinstance(attributions_table, (Article, str)):
        article = _as_article(attributions_table)
        attributions_table = attributions(article)
    per = _sentence_rows(attributions_table, article)
    total = len(per)
    rows = []
    for cat in SOURCING_CATEGORIES:
        part = [r for r in per if r["sourcing"] == cat]
        rows.append({
            "sourcing": cat,
            "n_sentences": len(part),
            "share": round(len(part) / total, 4) if total else 0.0,
            "n_checkable": sum(bool(r["checkable"]) for r in part),
            "sentences": "|".join(str(int(r["sent_idx"])) for r in part) or None,
        })
    return SOURCING_PROFILE.from_records(rows)


def unattributed_claims(attributions_table: pd.DataFrame) -> pd.DataFrame:
    """The sentences that make a checkable claim with no attribution at all (a view of the table)."""
    attr = attributions_table
    mask = (attr["source_type"] == "unattributed") & attr["checkable"].astype(bool)
    return attr[mask].reset_index(drop=True)
