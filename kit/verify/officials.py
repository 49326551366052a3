"""Name check: is the person the article names with an office the one who held that office on that day?

The method, step by step (each step is something a reporter does by hand):

1. **Find every office in the text.** Each office in ``data/officials.csv`` comes with the ways
   articles write it (``office_aliases``: "U.S. Ambassador to Turkey", "Kremlin spokesman"). The
   phrases are matched case-insensitively, with "Türkiye" = "Turkey", "U.S." = "US" and "defence" =
   "defense". A title without its country ("Defense Minister") fits several offices; it is kept,
   and decided only if the name settles which office is meant.
2. **Take the name from the text**, never from the table: the capitalised words right after the
   office ("U.S. Ambassador to Turkey **Tom Berk**") or right before it in an appositive
   ("**Peskov**, the Kremlin spokesman"). A gazetteer PERSON mention at that place gives the span.
3. **Look up who held the office on the publication date** (or, for "former" and "then-", at any
   time). Terms given to the month only ("2025-05") cover the whole month.
4. **Compare the names.** The same person (the holder, one of ``holder_aliases``, or the holder's
   surname alone) → ``ok``. Otherwise a fuzzy score (rapidfuzz: ``token_sort_ratio`` on the whole
   name, ``ratio`` on the surname, 0-100) separates a likely typo (``misnaming``: "Tom Berk" for
   Tom Barrack scores 74) from another person (``wrong_person``: "Tom Brady" scores 70, and Tom
   Brady is someone else). A name that held the office at another time is a wrong person unless
   the sentence dates itself to that time ("in 2019, Defense Secretary Mark Esper ...").
5. **Say when the table cannot tell**: an office with no holder recorded for that day is
   ``not_checked`` ("no office-holder recorded for that date"), never "fine".

Names given without an office are compared with the people the kit knows (gazetteer persons and
office-holders): an unknown name very close to a known one (similarity 80-99, same initial or same
surname length) is a ``misnaming`` of lower confidence. A name that is itself known is never flagged.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from kit.article import Article
from kit.errors import DataError
from kit.extract.prefilter import Present, required
from kit.schema import Field, TableSchema, curated_schema, curated_stamp, file_stamp, read_curated, records
from kit.verify.text import name_tokens

if TYPE_CHECKING:
    import pandas as pd

#: Whole-name score (token_sort_ratio) at or above which a wrong name reads as a typo of the holder's.
MISNAMING_FULL = 72
#: Surname score (ratio) at or above which a wrong name reads as a typo of the holder's.
MISNAMING_SURNAME = 70
#: Surname score needed when the first names differ ("Ahmet Davutoğlu" is not a typo of "Mevlüt Çavuşoğlu").
MISNAMING_SURNAME_ALONE = 85
#: Scores for a name with no office: an unknown name this close to a known person may be a misspelling.
NEAR_MISS_RANGE = (80, 99)

KINDS = ("misnaming", "wrong_person", "not_checked", "ok")

OFFICE_MENTIONS = TableSchema(
    name="office_mentions",
    title="People named with an office",
    description="One row per person the text names together with an office, in text order.",
    fields=(
        Field("office_mention_id", description="'o' and a 3-digit number in text order.", required=True,
              unique=True, example="o001"),
        Field("office", description="The office (data/officials.csv); several '|'-separated when the title "
              "fits more than one.", required=True, example="US ambassador to Turkey"),
        Field("office_as_written", description="The office phrase as in the text.", required=True,
              example="U.S. Ambassador to Turkey"),
        Field("office_start", "integer", "Offset of the office phrase.", required=True, minimum=0),
        Field("office_end", "integer", "End offset of the office phrase.", required=True, minimum=1),
        Field("name_as_written", description="The name as in the text: article.text[start_char:end_char].",
              required=True, example="Tom Berk"),
        Field("start_char", "integer", "Offset of the name.", required=True, minimum=0),
        Field("end_char", "integer", "End offset of the name.", required=True, minimum=1),
        Field("sent_idx", "integer", "Sentence holding the name.", minimum=0),
        Field("pattern", description="title (office before the name) or appositive (name, the office).",
              required=True, enum=("title", "appositive")),
        Field("qualifier", description="former, then or acting when the text says so (the holder is not "
              "checked on the publication date).", enum=("former", "then", "acting")),
    ),
    primary_key=("office_mention_id",),
    sort_by=("start_char",),
)

NAME_CHECKS = TableSchema(
    name="name_checks",
    title="Names checked against office-holders",
    description="One row per person named with an office (and per unknown name close to a known person): "
                "the holder on the day and whether the name fits.",
    fields=(
        Field("finding_id", description="'n' and a 3-digit number in text order.", required=True, unique=True,
              example="n001"),
        Field("kind", description="ok, misnaming (a likely typo of the holder's name), wrong_person (another "
              "person), not_checked (no holder recorded, or the title fits several offices).",
              required=True, enum=KINDS),
        Field("office", description="The office checked (empty for a name with no office)."),
        Field("name_as_written", description="The name as in the text.", required=True),
        Field("start_char", "integer", "Offset of the name in article.text.", required=True, minimum=0),
        Field("end_char", "integer", "End offset of the name.", required=True, minimum=1),
        Field("holder_on_date", description="Who held the office on the date checked (for a name with no "
              "office: the known person it is close to)."),
        Field("holder_from", description="Start of that holder's term (YYYY-MM-DD or YYYY-MM)."),
        Field("holder_to", description="End of the term; empty while in office."),
        Field("similarity", "number", "How close the name is to the holder's (0-100, rapidfuzz).",
              minimum=0, maximum=100),
        Field("evidence", description="One sentence a reader understands.", required=True),
        Field("source_url", description="Where the office-holder is documented (' ; '-separated)."),
        Field("checked_on", description="The date the name was checked for (YYYY-MM-DD)."),
        Field("confidence", description="high (office named) or low (a name alone, close to a known one).",
              enum=("high", "low")),
    ),
    primary_key=("finding_id",),
    sort_by=("start_char", "finding_id"),
)


# ---------------------------------------------------------------------------------------------
# The office-holders table
# ---------------------------------------------------------------------------------------------

_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _day_span(value: str, where: str, source: str) -> tuple[dt.date, dt.date]:
    """First and last day a YYYY-MM-DD or YYYY-MM value can mean."""
    from kit.timeline import partial_span

    try:
        return partial_span(value, where)
    except DataError:
        raise DataError(source, f"{where}: {value!r} is not a real date (YYYY-MM or YYYY-MM-DD)") from None


def load_officials(path: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """The office-holders table (``data/officials.csv`` by default), validated; a bad row raises a DataError."""
    import pandas as pd

    if isinstance(path, pd.DataFrame):
        schema = curated_schema("officials")
        df = path.copy()
        for col in df.columns:
            df[col] = df[col].astype("object").where(df[col].notna(), None)
        source = "officials table"
        schema.validate(df, source)
        df = schema.conform(df)
    else:
        from kit.paths import DATA_DIR, display_path

        df = read_curated("officials", path)
        source = display_path(Path(path) if path is not None else DATA_DIR / "officials.csv")
    for i, row in enumerate(df.to_dict("records"), start=1):
        where = f"row {i} (official_id={row['official_id']!r})"
        first, _ = _day_span(str(row["start"]), where, source)
        if _is_set(row["end"]):
            _, last = _day_span(str(row["end"]), where, source)
            if last < first:
                raise DataError(source, f"{where}: end {row['end']} is before start {row['start']}")
    return df


def _is_set(value: Any) -> bool:
    return value is not None and value == value and str(value).strip() not in ("", "<NA>", "nan")


def _split(value: Any) -> list[str]:
    return [v.strip() for v in str(value).split("|") if v.strip()] if _is_set(value) else []


@dataclass(frozen=True)
class Term:
    """One row of the office-holders table, with its dates as days."""

    official_id: str
    office: str
    holder: str
    forms: tuple[str, ...]
    start: str
    end: str | None
    first: dt.date
    last: dt.date
    source_url: str

    def covers(self, day: dt.date) -> bool:
        """True when ``day`` falls inside the term (a month-only end covers its whole month)."""
        return self.first <= day <= self.last

    def overlaps(self, lo: dt.date, hi: dt.date) -> bool:
        """True when the term shares a day with ``lo``..``hi``."""
        return self.first <= hi and lo <= self.last

    def span_text(self) -> str:
        """'from 2025-05' or 'from 2022-01-26 to 2024-09-01'."""
        return f"from {self.start}" + (f" to {self.end}" if self.end else "")


def _terms(officials: pd.DataFrame) -> list[Term]:
    from kit.timeline import partial_span

    out = []
    for row in records(officials):
        first = partial_span(str(row["start"]))[0]
        last = partial_span(str(row["end"]))[1] if _is_set(row["end"]) else dt.date.max
        out.append(Term(
            official_id=str(row["official_id"]), office=str(row["office"]), holder=str(row["holder"]),
            forms=(str(row["holder"]), *_split(row["holder_aliases"])), start=str(row["start"]),
            end=str(row["end"]) if _is_set(row["end"]) else None, first=first, last=last,
            source_url=str(row["source_url"]),
        ))
    return out


# ---------------------------------------------------------------------------------------------
# Step 1: offices in the text
# ---------------------------------------------------------------------------------------------

#: Spelling variants an office phrase may use: each word of a phrase matches any of its group.
_VARIANTS = (
    ("us", "u.s.", "u. s."), ("turkey", "türkiye", "turkiye"), ("defense", "defence"),
    ("secretary-general", "secretary general"), ("spokesman", "spokesperson", "spokeswoman"),
)
#: Words a title may start with that name a country or body; dropping them gives the bare title.
_NATIONALITY = re.compile(
    r"^(?:u\.?s\.?|us|american|turkish|turkey['’]s|türkiye['’]s|russian|russia['’]s|indian|india['’]s|polish|"
    r"poland['’]s|ukrainian|ukraine['’]s|swedish|sweden['’]s|finnish|finland['’]s|nato)\s+", re.IGNORECASE)
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]*|[A-ZÀ-ÖØ-Þ]\.)"
_PARTICLE = r"(?:de|da|van|von|der|bin|al|el|ibn|la|le)"
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:\s(?:{_PARTICLE}\s)?{_NAME_WORD}){{0,3}}")
#: Capitalised words that cannot be (part of) a person's name right after a title.
_NOT_NAMES = frozenset(
    {
        "the", "a", "an", "on", "in", "at", "and", "but", "or", "he", "she", "it", "they", "we", "his", "her", "said",
        "says", "told", "will", "would", "has", "have", "had", "is", "was", "who", "which", "that", "this", "these",
        "those", "for", "of", "to", "from", "with", "by", "as", "if", "when", "while", "after", "before", "during",
        "since", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mr",
        "mrs", "ms", "dr",
    })
#: A word before a title that makes it another office ("Deputy Foreign Minister" is not the Foreign Minister).
_LESSER = re.compile(r"(?<!\w)(?:under|deputy|assistant|vice|associate|principal|special|senior)[\s-]+$", re.IGNORECASE)
_QUALIFIER = re.compile(r"(former|ex|then|late|onetime|one-time|previous|acting)[\s-]*$", re.IGNORECASE)
_QUALIFIER_WORD = {"former": "former", "ex": "former", "late": "former", "onetime": "former",
                   "one-time": "former", "previous": "former", "then": "then", "acting": "acting"}


def _phrase_regex(phrase: str) -> str:
    """A regex for ``phrase`` that accepts its spelling variants and any run of spaces."""
    parts = []
    for word in phrase.split():
        low = word.lower()
        group = next((g for g in _VARIANTS if low in g), None)
        if group:
            alts = sorted({re.escape(v).replace(r"\ ", r"\s*") for v in group}, key=len, reverse=True)
            parts.append("(?:" + "|".join(alts) + ")")
        else:
            parts.append(re.sub(r"['’]", "['’]", re.escape(word)))
    return r"\s+".join(parts)


@dataclass(frozen=True)
class _Phrase:
    text: str
    offices: tuple[str, ...]
    bare: bool
    regex: re.Pattern[str]
    #: Strings every match contains (:func:`kit.extract.prefilter.required`): a text without them is not searched.
    needs: tuple[frozenset[str], ...] = ()


def _phrase(text: str, offices: set[str], bare: bool) -> _Phrase:
    """The office phrase ``text``, its regex and what the regex requires."""
    regex = re.compile(rf"(?<!\w){_phrase_regex(text)}(?!\w)", re.IGNORECASE)
    return _Phrase(text, tuple(sorted(offices)), bare, regex, required(regex))


def _phrases(terms: list[Term], officials: pd.DataFrame) -> list[_Phrase]:
    """Every office phrase (office, aliases, bare titles) with the offices it can mean, longest first."""

    full: dict[str, set[str]] = {}
    for row in records(officials, ["office", "office_aliases"]):
        for phrase in (str(row["office"]), *_split(row["office_aliases"])):
            full.setdefault(phrase.casefold(), set()).add(str(row["office"]))
    bare: dict[str, set[str]] = {}
    for phrase, offices in full.items():
        stripped = _NATIONALITY.sub("", phrase)
        if stripped != phrase and len(stripped.split()) >= 2 and stripped not in full:
            bare.setdefault(stripped, set()).update(offices)
    out = [_phrase(p, o, False) for p, o in full.items()] + [_phrase(p, o, True) for p, o in bare.items()]
    return sorted(out, key=lambda p: (-len(p.text), p.text))


@dataclass(frozen=True)
class _Reference:
    """The office-holders table and what the name check derives from it: its terms and compiled office phrases."""

    officials: pd.DataFrame
    terms: list[Term]
    phrases: list[_Phrase]


def _reference(officials: pd.DataFrame | None) -> _Reference:
    """The given table prepared for the checks; the kit's own (``None``) is prepared once per version of the file."""
    if officials is None:
        stamp = curated_stamp("officials")
        if stamp is not None:
            return _default_reference(stamp)
        officials = load_officials()  # raises the DataError that names the missing file
    terms = _terms(officials)
    return _Reference(officials, terms, _phrases(terms, officials))


@lru_cache(maxsize=4)
def _default_reference(_stamp: tuple[str, int, int]) -> _Reference:
    officials = load_officials()
    terms = _terms(officials)
    return _Reference(officials, terms, _phrases(terms, officials))


def _name_after(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The capitalised run that starts right after ``pos`` (after spaces or a comma), if it looks like a name."""
    m = re.compile(r",?\s+").match(text, pos)
    if not m or m.end() >= limit:
        return None
    run = _NAME_RUN.match(text, m.end(), limit)
    return _clean_run(text, run.start(), run.end()) if run else None


def _name_before(text: str, pos: int, lo: int) -> tuple[int, int] | None:
    """The capitalised run that ends right before ``pos`` (the name of 'Peskov, the Kremlin spokesman')."""
    best = None
    for run in _NAME_RUN.finditer(text, max(lo, pos - 80), pos):
        if run.end() == pos:
            best = (run.start(), run.end())
    if best is None:
        return None
    start, end = best
    # Keep the last words only: 'Meanwhile Peskov' -> drop words that cannot be names.
    return _clean_run(text, start, end)


def _clean_run(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a capitalised run to the words that can be a name (no 'The', no months, no possessive 's)."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    tokens = [(start + a, start + b) for a, b in tokens]
    while tokens and text[tokens[0][0]:tokens[0][1]].strip(".,").lower() in _NOT_NAMES:
        tokens.pop(0)
    kept = []
    for a, b in tokens:
        word = text[a:b]
        if word.strip(".,").lower() in _NOT_NAMES:
            break
        kept.append((a, b))
    if not kept:
        return None
    a, b = kept[0][0], kept[-1][1]
    while b > a and text[b - 1] in ".,;:":
        # Keep the dot of an initial or 'Jr.', drop a sentence-final one.
        if text[b - 1] == "." and re.search(r"(?:\b[A-Z]|Jr|Sr)\.$", text[a:b]) and b < len(text) and \
                text[b:b + 2] not in ("\n", "") and not text[b:b + 1].isspace():
            break
        b -= 1
    m = re.search(r"['’]s$", text[a:b])
    if m:
        b -= 2
    if not name_tokens(text[a:b]):
        return None
    return a, b


def office_mentions(
    article: Article,
    mentions: pd.DataFrame | None = None,
    officials: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every person the text names with an office: title before the name, or an appositive after it."""
    return OFFICE_MENTIONS.from_records(_office_mention_rows(article, mentions, _reference(officials)))


class _Spans:
    """Character spans, sorted, asking "does anything here overlap [a, b)?" in log time (long texts stay linear)."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._spans = sorted(spans or [])
        self._ends: list[int] = []  # the largest end among the spans up to each one
        for _, b in self._spans:
            self._ends.append(max(b, self._ends[-1]) if self._ends else b)

    def overlaps(self, a: int, b: int) -> bool:
        """True when some span starts before ``b`` and ends after ``a``."""
        i = bisect.bisect_left(self._spans, (b,)) - 1
        return i >= 0 and self._ends[i] > a

    def add(self, a: int, b: int) -> None:
        """Add [a, b) (it overlaps none held: the caller asked first)."""
        i = bisect.bisect_left(self._spans, (a, b))
        self._spans.insert(i, (a, b))
        self._ends.insert(i, max(b, self._ends[i - 1]) if i else b)
        for k in range(i + 1, len(self._ends)):  # spans do not overlap, so the ends after it already exceed b
            if self._ends[k] >= self._ends[k - 1]:
                break
            self._ends[k] = self._ends[k - 1]


def _office_mention_rows(article: Article, mentions: pd.DataFrame | None, ref: _Reference) -> list[dict[str, Any]]:
    """The rows of :func:`office_mentions`, in its order (the name check reads them; no table is made)."""
    text = article.text
    non_person = []
    person: dict[int, int] = {}
    if mentions is not None and len(mentions):
        for m in records(mentions, ["label", "start_char", "end_char"]):
            label, a, b = m["label"], m["start_char"], m["end_char"]
            if label == "PERSON":
                person[int(a)] = int(b)
            else:
                non_person.append((int(a), int(b)))
    taken = _Spans()
    others = _Spans(non_person)
    found: list[dict[str, Any]] = []
    present = Present(text)
    for phrase in ref.phrases:
        if not present.may_match(phrase.needs):
            continue  # the phrase cannot occur: a word it requires is not in the text
        for m in phrase.regex.finditer(text):
            s, e = m.start(), m.end()
            if taken.overlaps(s, e):
                continue
            if _LESSER.search(text[max(0, s - 20):s]):
                continue  # "Under Secretary of Defense", "Deputy Foreign Minister": another, lesser office
            if phrase.bare and _capitalised_word_before(text, s):
                continue  # "Greek Defense Minister": a title of an office the table does not cover
            sent = article.sentence_index(s)
            sent_lo = article.sentences[sent].start if sent >= 0 else 0
            sent_hi = article.sentences[sent].end if sent >= 0 else len(text)
            qual = _QUALIFIER.search(text[max(0, s - 12):s])
            qualifier = _QUALIFIER_WORD[qual.group(1).lower()] if qual else None
            span = None
            pattern = "title"
            if e in person or (e + 1) in person:
                start = e if e in person else e + 1
                span = (start, person[start])
            else:
                span = _name_after(text, e, sent_hi)
            # "the defense minister, Hulusi Akar, said": the comma form needs a comma after the name too.
            if span is not None and text[e:span[0]].startswith(",") and text[span[1]:span[1] + 1] not in (",", ""):
                span = None
            if span is None:
                before = re.search(r",\s+(?:(?:the|a|an|its|his|her)\s+)?(?:(?:former|then|ex)[\s-]+)?$",
                                   text[max(sent_lo, s - 30):s])
                if before:
                    comma = max(sent_lo, s - 30) + before.start()
                    ends = {b: a for a, b in person.items()}
                    span = (ends[comma], comma) if comma in ends else _name_before(text, comma, sent_lo)
                    pattern = "appositive"
                    if before and re.search(r"(former|then|ex)", before.group(0)):
                        qualifier = "former" if "then" not in before.group(0) else "then"
            if span is None or others.overlaps(*span):
                continue
            taken.add(s, e)
            found.append({
                "office": "|".join(phrase.offices), "office_as_written": text[s:e], "office_start": s,
                "office_end": e, "name_as_written": text[span[0]:span[1]], "start_char": span[0],
                "end_char": span[1], "sent_idx": article.sentence_index(span[0]), "pattern": pattern,
                "qualifier": qualifier,
            })
    found.sort(key=lambda r: r["start_char"])
    for i, row in enumerate(found):
        row["office_mention_id"] = f"o{i + 1:03d}"
    return found


def _capitalised_word_before(text: str, pos: int) -> bool:
    m = re.search(r"([\w'’.-]+)\s+$", text[max(0, pos - 40):pos])
    if not m:
        return False
    word = m.group(1)
    if word.lower().rstrip(".") in _NOT_NAMES or word.lower() in ("former", "then", "acting"):
        return False
    return word[:1].isupper()


# ---------------------------------------------------------------------------------------------
# Steps 3 and 4: the holder on the day, and how close the name is
# ---------------------------------------------------------------------------------------------


def same_person(name: str, forms: tuple[str, ...] | list[str]) -> bool:
    """True when ``name`` is one of ``forms``, or its surname, or its first and last name (middle names aside)."""
    nt = name_tokens(name)
    if not nt:
        return False
    for form in forms:
        ft = name_tokens(form)
        if not ft:
            continue
        if nt == ft or (len(nt) == 1 and nt[0] == ft[-1]):
            return True
        if nt[-1] == ft[-1] and (nt[0] == ft[0] or set(nt) <= set(ft)):
            return True
    return False


def similarity(name: str, forms: tuple[str, ...] | list[str]) -> tuple[float, float]:
    """(whole-name token_sort_ratio, surname ratio), the best over ``forms``, each 0-100."""
    nt = name_tokens(name)
    full = surname = 0.0
    for form in forms:
        ft = name_tokens(form)
        if not nt or not ft:
            continue
        full = max(full, fuzz.token_sort_ratio(" ".join(nt), " ".join(ft)))
        surname = max(surname, fuzz.ratio(nt[-1], ft[-1]))
    return round(full, 1), round(surname, 1)


def _as_day(value: Any) -> dt.date | None:
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _sentence_spans(article: Article, dates: pd.DataFrame | None = None) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Per sentence, the intervals of its absolute and relative date mentions (not vague ones).

    ``dates`` is the article's dates table when it is already made (``date_mentions(article)``).
    """
    from kit.extract.dates import date_mentions

    out: dict[int, list[tuple[dt.date, dt.date]]] = {}
    try:
        table = dates if dates is not None else date_mentions(article)
    except Exception:  # a date the extractor cannot read must not stop the name check
        return out
    for row in records(table, ["kind", "earliest", "latest", "sent_idx"]):
        if row["kind"] == "vague" or not _is_set(row["earliest"]) or not _is_set(row["latest"]):
            continue
        lo, hi = _as_day(row["earliest"]), _as_day(row["latest"])
        if lo and hi:
            out.setdefault(int(row["sent_idx"]), []).append((lo, hi))
    return out


def _row(kind: str, om: dict[str, Any], office: str, evidence: str, term: Term | None = None,
         sim: float | None = None, day: dt.date | None = None, confidence: str = "high") -> dict[str, Any]:
    return {
        "kind": kind, "office": office, "name_as_written": om["name_as_written"], "start_char": om["start_char"],
        "end_char": om["end_char"], "holder_on_date": term.holder if term else None,
        "holder_from": term.start if term else None, "holder_to": term.end if term else None,
        "similarity": sim, "evidence": evidence, "source_url": term.source_url if term else None,
        "checked_on": day.isoformat() if day else None, "confidence": confidence,
    }


def _office_label(office: str) -> str:
    return office


def _check_one(om: dict[str, Any], terms: list[Term], day: dt.date | None,
               sent_spans: list[tuple[dt.date, dt.date]]) -> dict[str, Any]:
    """The finding for one office mention."""
    name = str(om["name_as_written"])
    offices = str(om["office"]).split("|")
    by_office = {o: [t for t in terms if t.office == o] for o in offices}
    ever = [t for o in offices for t in by_office[o]]
    written = f"'{name}'"
    if om.get("qualifier") in ("former", "then") or day is None:
        matched = next((t for t in ever if same_person(name, t.forms)), None)
        if matched:
            return _row("ok", om, matched.office, f"{name} was the {_office_label(matched.office)} "
                        f"{matched.span_text()}.", matched, 100.0, day)
        if day is None:
            return _row("not_checked", om, offices[0] if len(offices) == 1 else "|".join(offices),
                        "the article has no publication date, so the holder on the day cannot be looked up", None,
                        None, None)
        return _row("not_checked", om, "|".join(offices), f"{written} is named as a former holder; no holder of "
                    "that name is recorded for the office", None, None, day)
    on_day = {o: [t for t in by_office[o] if t.covers(day)] for o in offices}
    for o in offices:
        hit = next((t for t in on_day[o] if same_person(name, t.forms)), None)
        if hit:
            return _row("ok", om, o, f"{hit.holder} was the {_office_label(o)} on {day} (in office "
                        f"{hit.span_text()}).", hit, 100.0, day)
    past = next((t for t in ever if same_person(name, t.forms)), None)
    if past is not None and any(past.overlaps(lo, hi) for lo, hi in sent_spans):
        return _row("ok", om, past.office, f"{past.holder} was the {_office_label(past.office)} {past.span_text()}, "
                    "the time the sentence speaks of.", past, 100.0, day)
    if len(offices) > 1 and past is None:
        return _row("not_checked", om, "|".join(offices), f"the title '{om['office_as_written']}' fits several "
                    "offices and the name matches none of their holders", None, None, day)
    office = past.office if past is not None else offices[0]
    holders = on_day[office]
    if not holders:
        return _row("not_checked", om, office, f"no office-holder recorded for that date ({day}) for the "
                    f"{_office_label(office)}", None, None, day)
    best = max(holders, key=lambda t: max(similarity(name, t.forms)))
    full, surname = similarity(name, best.forms)
    sim = max(full, surname)
    what = f"the {_office_label(office)} on {day} was {best.holder} (in office {best.span_text()})"
    if past is not None:
        return _row("wrong_person", om, office, f"{what}; {past.holder} held the office {past.span_text()}.",
                    best, sim, day)
    if _looks_like_typo(name, best.forms, full, surname):
        return _row("misnaming", om, office, f"{what}: {written} looks like a misspelling of that name "
                    f"(similarity {sim:.0f}/100).", best, sim, day)
    return _row("wrong_person", om, office, f"{what}, not {name} (similarity {sim:.0f}/100).", best, sim, day)


def _looks_like_typo(name: str, forms: tuple[str, ...], full: float, surname: float) -> bool:
    """A likely misspelling: same first initial (or a surname alone) and a close name; else a close surname."""
    nt = name_tokens(name)
    same_initial = len(nt) < 2 or any(
        len(ft := name_tokens(f)) >= 2 and ft[0][0] == nt[0][0] for f in forms)
    if same_initial:
        return full >= MISNAMING_FULL or surname >= MISNAMING_SURNAME
    return surname >= MISNAMING_SURNAME_ALONE


#: The last (gazetteer, officials, people) computed: a batch asks for the same people for every article.
_PEOPLE: list[tuple[Any, Any, dict[str, tuple]]] = []


def known_people(gazetteer: pd.DataFrame | None = None, officials: pd.DataFrame | None = None) -> dict[str, tuple]:
    """Every person the kit knows: preferred name -> all written forms (gazetteer persons and office-holders)."""
    from kit.extract.gazetteer import load_gazetteer

    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    for seen_gaz, seen_officials, known in _PEOPLE:
        if seen_gaz is gaz and (seen_officials is officials or (
                officials is not None and seen_officials is not None and seen_officials.equals(officials))):
            return known
    people: dict[str, list[str]] = {}
    for row in gaz.to_dict("records"):
        if str(row.get("kind")) == "person" or str(row.get("label")) == "PERSON":
            people.setdefault(str(row["name"]), []).extend([str(row["name"]), *_split(row.get("aliases"))])
    if officials is not None:
        for row in officials.to_dict("records"):
            key = next((k for k, forms in people.items() if same_person(str(row["holder"]), forms)), str(row["holder"]))
            people.setdefault(key, []).extend([str(row["holder"]), *_split(row["holder_aliases"])])
    known = {k: tuple(dict.fromkeys(v)) for k, v in people.items()}
    _PEOPLE[:] = [(gaz, officials, known)]
    return known


@lru_cache(maxsize=4)
def _default_people(_gazetteer: tuple[str, int, int], _officials: tuple[str, int, int]) -> dict[str, tuple]:
    """:func:`known_people` of the kit's own gazetteer and office-holders, once per version of the files."""
    return known_people(None, _default_reference(_officials).officials)


@dataclass(frozen=True)
class _PeopleIndex:
    """The known people's written forms, arranged for the near-miss check."""

    people: dict[str, tuple]
    #: Last name token -> the token tuples of every form ending with it (what same_person can match).
    by_last: dict[str, list[tuple[str, ...]]]
    #: Forms of two or more tokens, joined, in people order, with their person and tokens.
    joined: list[str]
    owners: list[tuple[str, tuple[str, ...]]]

    def knows(self, name: str) -> bool:
        """``any(same_person(name, forms) for forms in people.values())``, looked up by surname."""
        nt = name_tokens(name)
        if not nt:
            return False
        for ft in self.by_last.get(nt[-1], ()):
            if nt == ft or len(nt) == 1 or nt[0] == ft[0] or set(nt) <= set(ft):
                return True
        return False


_INDEX: list[_PeopleIndex] = []


def _people_index(people: dict[str, tuple]) -> _PeopleIndex:
    """The index of ``people`` (the last one is kept: a batch checks every article against the same people)."""
    if _INDEX and _INDEX[0].people is people:
        return _INDEX[0]
    by_last: dict[str, list[tuple[str, ...]]] = {}
    joined: list[str] = []
    owners: list[tuple[str, tuple[str, ...]]] = []
    for person, forms in people.items():
        for form in forms:
            ft = name_tokens(form)
            if not ft:
                continue
            by_last.setdefault(ft[-1], []).append(ft)
            if len(ft) >= 2:
                joined.append(" ".join(ft))
                owners.append((person, ft))
    _INDEX[:] = [_PeopleIndex(people, by_last, joined, owners)]
    return _INDEX[0]


def _near_misses(article: Article, mentions: pd.DataFrame | None, people: dict[str, tuple],
                 covered: list[tuple[int, int]], table: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Unknown two- or three-word names very close to a known person's name (lower confidence).

    ``table`` is the article's candidates table when it is already made (``candidates(article, mentions)``).
    """
    from kit.extract.entities import MENTIONS, candidates

    if table is None:
        table = candidates(article, mentions if mentions is not None else MENTIONS.empty())
    index = _people_index(people)
    out = []
    for row in records(table, ["shape", "candidate", "first_start_char", "first_end_char"]):
        if row["shape"] != "name":
            continue
        name = str(row["candidate"])
        s, e = int(row["first_start_char"]), int(row["first_end_char"])
        nt = name_tokens(name)
        if len(nt) < 2 or any(s < b and a < e for a, b in covered):
            continue
        if index.knows(name):
            continue  # a known person: never flagged
        best, best_sim = None, 0.0
        # Every form scoring NEAR_MISS_RANGE[0] or more (rapidfuzz, in C), visited in people order.
        close = process.extract(" ".join(nt), index.joined, scorer=fuzz.token_sort_ratio,
                                score_cutoff=NEAR_MISS_RANGE[0], limit=None)
        for _, score, i in sorted(close, key=lambda hit: hit[2]):
            person, ft = index.owners[i]
            alike = nt[0][0] == ft[0][0] or len(nt[-1]) == len(ft[-1])
            if NEAR_MISS_RANGE[0] <= score <= NEAR_MISS_RANGE[1] and alike and score > best_sim:
                best, best_sim = person, score
        if best is None:
            continue
        out.append({
            "kind": "misnaming", "office": None, "name_as_written": name, "start_char": s, "end_char": e,
            "holder_on_date": best, "holder_from": None, "holder_to": None, "similarity": round(best_sim, 1),
            "evidence": f"'{name}' is not a name the kit knows; it is close to {best} (similarity "
                        f"{best_sim:.0f}/100): check the spelling.",
            "source_url": None, "checked_on": None, "confidence": "low",
        })
    return out


def check_names(
    article: Article,
    mentions: pd.DataFrame | None = None,
    officials: pd.DataFrame | None = None,
    published: str | dt.date | None = None,
    *,
    gazetteer: pd.DataFrame | None = None,
    dates: pd.DataFrame | None = None,
    candidates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Check each person named with an office against the holder on the publication date (schema NAME_CHECKS).

    ``dates`` and ``candidates`` are the article's tables of those names when they are already made
    (``kit.analyze`` passes its own); without them they are made here.
    """
    return NAME_CHECKS.from_records(name_check_rows(article, mentions, officials, published, gazetteer=gazetteer,
                                                    dates=dates, candidates=candidates))


def name_check_rows(
    article: Article,
    mentions: pd.DataFrame | None = None,
    officials: pd.DataFrame | None = None,
    published: str | dt.date | None = None,
    *,
    gazetteer: pd.DataFrame | None = None,
    dates: pd.DataFrame | None = None,
    candidates: pd.DataFrame | None = None,
) -> list[dict[str, Any]]:
    """The rows of :func:`check_names`, in its order: what the findings read, without making the table."""
    ref = _reference(officials)
    day = _as_day(published if published is not None else article.meta.get("published"))
    oms = _office_mention_rows(article, mentions, ref)
    spans = _sentence_spans(article, dates) if oms else {}
    rows = [_check_one(om, ref.terms, day, spans.get(int(om["sent_idx"]) if _is_set(om["sent_idx"]) else -1, []))
            for om in oms]
    covered = [(int(om["start_char"]), int(om["end_char"])) for om in oms]
    stamps = (file_stamp(_gazetteer_path()), curated_stamp("officials"))
    if gazetteer is None and officials is None and None not in stamps:
        people = _default_people(*stamps)
    else:
        people = known_people(gazetteer, ref.officials)
    rows += _near_misses(article, mentions, people, covered, candidates)
    rows.sort(key=lambda r: r["start_char"])
    for i, row in enumerate(rows):
        row["finding_id"] = f"n{i + 1:03d}"
    return rows


def _gazetteer_path() -> Path:
    from kit.extract.gazetteer import GAZETTEER_PATH

    return GAZETTEER_PATH
