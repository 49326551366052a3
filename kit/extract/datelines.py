"""Datelines: the "WASHINGTON (AP) —" at the head of wire and newspaper copy.

A dateline says where (and sometimes when, and for which agency) a story was filed. It sits at the
very start of the story, so the kit looks for one only there: at the start of the first paragraph, or
of the second or third when the ones before it are a headline or a "By NAME" byline. It is never
searched for in the body, so an ordinary sentence cannot be mistaken for one.

The shape, read left to right::

    PLACE [, REGION] [, DATE] [(AGENCY) | . /AGENCY/.] [— | – | -- | - | :] story text...

    BRUSSELS (AP) —                  place + agency + dash
    WASHINGTON —                     place + dash
    ANKARA, Turkey (Reuters) -       place + region + agency + hyphen
    MOSCOW, August 26. /TASS/.       place + date + TASS-style agency (no dash)
    New Delhi, Oct 6 (PTI)           place + date + agency (no dash: PTI style)
    LONDON:                          place + colon
    Washington, D.C. —               title-case place + a known region + dash

The rules that keep it from firing on text that only looks like a dateline:

1. The place must be followed by the dateline punctuation: a dash or colon, or an agency in
   brackets ("(AP)") or between slashes ("/TASS/."). "WASHINGTON said ..." has none, so it is no
   dateline.
2. The evidence must be strong: an ALL-CAPS place, a known agency (:data:`AGENCIES`), a date, or a
   title-case place with a known region (:data:`REGIONS`) or an abbreviated one ("D.C.", "Calif.")
   followed by a capitalised sentence. "Erdogan — who ..." has none of these.
3. ALL-CAPS words that are not places (:data:`NOT_PLACES`: NATO, EU, BREAKING, ...) never count.
4. The story text after the dateline must contain lower-case letters: an ALL-CAPS headline such as
   "BRUSSELS — NATO ALLIES MEET" is a headline, not a dateline.

The date in a dateline rarely has a year ("August 26"): :func:`resolve_dateline_date` supplies it
from the publication date (the latest such day on or before publication), or leaves it unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kit.schema import Field, TableSchema

if TYPE_CHECKING:
    import pandas as pd

    from kit.article import Article

# ---------------------------------------------------------------------------------------------
# Vocabulary (module-level tables a learner can print)
# ---------------------------------------------------------------------------------------------

#: News agencies, as they are written in a dateline (lower-cased key) -> the canonical short name.
AGENCIES: dict[str, str] = {
    "ap": "AP", "associated press": "AP", "the associated press": "AP",
    "reuters": "Reuters", "thomson reuters foundation": "Reuters",
    "afp": "AFP", "agence france-presse": "AFP",
    "pti": "PTI", "press trust of india": "PTI",
    "ani": "ANI", "ians": "IANS", "uni": "UNI",
    "tass": "TASS", "ria novosti": "RIA Novosti", "ria": "RIA Novosti", "interfax": "Interfax",
    "sputnik": "Sputnik",
    "xinhua": "Xinhua",
    "anadolu": "Anadolu", "anadolu agency": "Anadolu", "aa": "Anadolu",
    "dpa": "dpa", "efe": "EFE", "ansa": "ANSA", "pap": "PAP", "ukrinform": "Ukrinform",
    "kyodo": "Kyodo", "yonhap": "Yonhap", "bernama": "Bernama", "antara": "Antara",
    "irna": "IRNA", "wafa": "WAFA", "kuna": "KUNA", "spa": "SPA", "apa": "APA",
    "bloomberg": "Bloomberg", "upi": "UPI", "cna": "CNA", "bss": "BSS", "app": "APP",
}

#: ALL-CAPS words that open a text but are not places (acronyms, kickers).
NOT_PLACES: frozenset[str] = frozenset({
    "NATO", "EU", "UN", "US", "USA", "UK", "IMF", "OPEC", "CIA", "FBI", "NSA", "WHO", "WTO", "OSCE",
    "BREAKING", "BREAKING NEWS", "UPDATE", "UPDATED", "EXCLUSIVE", "ANALYSIS", "OPINION", "EDITORIAL",
    "COMMENT", "LIVE", "WATCH", "VIDEO", "PHOTOS", "NOTE", "CORRECTION", "FACT CHECK", "EXPLAINER",
    "OP-ED", "REVIEW", "INTERVIEW", "FEATURE", "REPORT", "SPONSORED", "ADVERTISEMENT", "I", "A",
    # words that open sentences in title case ("Meanwhile, Russia — which ...")
    "MEANWHILE", "HOWEVER", "NOW", "STILL", "YET", "TODAY", "ALSO", "INSTEAD", "ELSEWHERE", "HERE",
    "THERE", "THEN", "AND", "BUT", "SO", "THE", "IN", "ON", "AT", "AFTER", "BEFORE", "FOR", "BY",
})

#: Regions that may follow a title-case place ("Washington, D.C."): countries and US states.
REGIONS: frozenset[str] = frozenset({
    "Afghanistan", "Albania", "Algeria", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan",
    "Bahrain", "Bangladesh", "Belarus", "Belgium", "Bosnia", "Brazil", "Bulgaria", "Canada", "Chile",
    "China", "Colombia", "Croatia", "Cyprus", "Czechia", "Denmark", "Egypt", "England", "Estonia",
    "Ethiopia", "Finland", "France", "Georgia", "Germany", "Greece", "Hungary", "India", "Indonesia",
    "Iran", "Iraq", "Ireland", "Israel", "Italy", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kosovo",
    "Kuwait", "Latvia", "Lebanon", "Libya", "Lithuania", "Malaysia", "Mexico", "Moldova", "Montenegro",
    "Morocco", "Netherlands", "Nigeria", "Norway", "Pakistan", "Philippines", "Poland", "Portugal",
    "Qatar", "Romania", "Russia", "Scotland", "Serbia", "Singapore", "Slovakia", "Slovenia", "Spain",
    "Sweden", "Switzerland", "Syria", "Taiwan", "Thailand", "Tunisia", "Turkey", "Türkiye", "Ukraine",
    "Vietnam", "Wales", "Yemen", "South Korea", "North Korea", "South Africa", "Saudi Arabia",
    "United Arab Emirates", "Northern Ireland", "Sri Lanka",
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "Florida", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana",
    "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana",
    "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
    "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina",
    "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia",
    "Wisconsin", "Wyoming",
})

#: Month names and abbreviations as they appear in datelines -> month number.
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

#: How far into the text a dateline may start (headline + byline come first at most).
HEAD_CHARS = 600
#: How far into a text a dateline may sit after a caption, a summary or boilerplate (the second pass).
LATE_CHARS = 1500
#: The longest line that may be skipped as a headline or byline before the dateline.
MAX_HEADLINE = 200

# ---------------------------------------------------------------------------------------------
# Patterns (compiled once)
# ---------------------------------------------------------------------------------------------

_MONTH = r"(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = rf"(?:{_MONTH}\s\d{{1,2}}(?:,?\s(?:19|20)\d\d)?|\d{{1,2}}\s{_MONTH}(?:,?\s(?:19|20)\d\d)?)(?!\d)"
_CAPS = r"[A-Z](?:[A-Z'’.]|-(?=[A-Z]))*"
_PARTICLE = r"(?:de|da|del|dos|la|le|el|al|es|of|upon|am|an|on|sur)"
_TITLE = r"[A-Z](?:[a-zà-ÿ'’.]|-(?=[A-Za-z]))+"
_PLACE = (
    rf"(?P<caps>{_CAPS}(?:\s(?:{_PARTICLE.upper()}\s)?{_CAPS}){{0,3}})(?![a-z])"
    rf"|(?P<title>{_TITLE}(?:\s(?:{_PARTICLE}\s)?{_TITLE}){{0,2}})"
)
_REGION = rf"(?!{_MONTH}\s\d)(?P<region>[A-Z][A-Za-z'’.-]*(?:\s[A-Z][A-Za-z'’.-]*){{0,2}})"
_DATELINE = re.compile(
    rf"(?:{_PLACE})"
    rf"(?:,\s(?!{_MONTH}\s\d){_REGION}(?=[,\s(:—–-]))?"
    rf"(?:,?\s(?P<date>{_DATE})|\s\((?P<pdate>{_DATE})\))?"
    r"(?:\s?\((?P<agency>[A-Z][A-Za-z.&'’ -]{0,39}?)\)|\.?\s?/(?P<slash>[A-Z][A-Za-z-]{1,19})/\.?)?"
    r"(?:\s?(?P<term>—|–|--|-|:)(?=\s))?"
)
_DOTTED_REGION = re.compile(r"(?:[A-Z][a-z]{0,4}\.){1,3}")
_BYLINE = re.compile(r"By\s+[A-Z]", re.IGNORECASE)
_CAPS_AFTER_WORD = re.compile(r"(?<=[a-z0-9’')\"”] )[A-Z][A-Z]")
_LINE = re.compile(r"[^\n]+")
#: A line that ends a sentence: story text, not a headline, caption credit or header.
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s*$")


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the head of a text: where (and when, and from whom) it was filed."""

    start: int
    end: int
    text: str
    place: str
    agency: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    region: str | None = None

    @property
    def month_day(self) -> tuple[int, int] | None:
        """The (month, day) the dateline's date text names, or None when it names none."""
        parsed = _parse_date(self.date_text) if self.date_text else None
        return (parsed[0], parsed[1]) if parsed else None

    def annotation(self) -> dict[str, Any]:
        """This dateline in the benchmark's annotation shape (bench/ANNOTATION.md)."""
        return {"start": self.start, "end": self.end, "place": self.place, "agency": self.agency,
                "date": self.date.isoformat() if self.date else None}


DATELINES = TableSchema(
    name="datelines",
    title="Dateline",
    description="The dateline at the head of an article (0 or 1 rows): place, agency and date of filing.",
    fields=(
        Field("start_char", "integer", "Offset of the dateline's first character in Article.text.", required=True),
        Field("end_char", "integer", "Offset just past the dateline's closing punctuation; the story "
              "text begins after the whitespace that follows.", required=True),
        Field("text", "string", "The dateline exactly as written: text[start_char:end_char].", required=True),
        Field("place", "string", "The place it was filed from, as written ('BRUSSELS', 'New Delhi').",
              required=True),
        Field("agency", "string", "Canonical agency name (AP, Reuters, PTI, TASS, ...), the bracketed name "
              "as written when unknown, or empty."),
        Field("date", "date", "The dateline's date (ISO) when it has one and a year is known; else empty."),
        Field("date_text", "string", "The date as written ('August 26', 'Oct 6'), or empty."),
    ),
    primary_key=("start_char",),
)


# ---------------------------------------------------------------------------------------------
# Finding
# ---------------------------------------------------------------------------------------------


def _parse_date(date_text: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) from a dateline date such as 'Dec. 17' or '17 December 2025'."""
    words = re.findall(r"[A-Za-z]+|\d+", date_text)
    month = next((MONTHS[w.lower()] for w in words if w.lower() in MONTHS), None)
    nums = [int(w) for w in words if w.isdigit()]
    if month is None or not nums or not 1 <= nums[0] <= 31:
        return None
    year = nums[1] if len(nums) > 1 else None
    return month, nums[0], year


def resolve_dateline_date(dateline: Dateline, year_hint: int | dt.date | None = None) -> Dateline:
    """The dateline with ``date`` filled in from its own year, or from a publication year or date.

    A bare "August 26" with a publication *date* becomes the latest August 26 on or before the day
    after publication (a story filed on Dec 31 may be published on Jan 1). With a plain year it
    becomes that year's day; with no year at all ``date`` stays None (``date_text`` is kept).
    """
    parsed = _parse_date(dateline.date_text) if dateline.date_text else None
    if parsed is None:
        return replace(dateline, date=None)
    month, day, year = parsed
    try:
        if year is not None:
            return replace(dateline, date=dt.date(year, month, day))
        if isinstance(year_hint, dt.date):
            found = dt.date(year_hint.year, month, day)
            if found > year_hint + dt.timedelta(days=1):
                found = dt.date(year_hint.year - 1, month, day)
            return replace(dateline, date=found)
        if isinstance(year_hint, int):
            return replace(dateline, date=dt.date(year_hint, month, day))
    except ValueError:  # "Feb 29" in a year without one, "June 31"
        return replace(dateline, date=None)
    return replace(dateline, date=None)


def _candidates(text: str) -> list[int]:
    """Offsets where a dateline may start: the first lines, after any headline or byline."""
    head = text[:HEAD_CHARS]
    starts: list[int] = []
    for n, line in enumerate(_LINE.finditer(head)):
        starts.append(line.start())
        stripped = line.group().strip()
        headline_like = len(stripped) <= MAX_HEADLINE and not stripped.endswith((".", ",", ";", ":", "—", "-"))
        if n >= 2 or not (_BYLINE.match(stripped) or headline_like):
            break
    # A headline joined to the dateline in one paragraph ("... return S-400s ANKARA, Turkey (Reuters) -"):
    # an ALL-CAPS word right after a lower-case word, before the first sentence ends.
    first = _LINE.match(head)
    if first:
        prefix = first.group()[:MAX_HEADLINE]
        stop = re.search(r"[.!?][\"”’']?\s", prefix)
        limit = stop.start() if stop else len(prefix)
        starts += [first.start() + m.start() for m in _CAPS_AFTER_WORD.finditer(prefix, 0, limit)]
    return starts


def _accept(m: re.Match[str], text: str, mid_line: bool) -> Dateline | None:
    """Apply the firing rules to one pattern match; a Dateline when they all hold."""
    caps, title = m.group("caps"), m.group("title")
    place = caps or title or ""
    agency_raw = m.group("agency") or m.group("slash")
    date_text = m.group("date") or m.group("pdate")
    region, term = m.group("region"), m.group("term")
    if not (term or agency_raw):
        return None  # rule 1: no dateline punctuation
    if place.upper() in NOT_PLACES or (caps and caps.split()[0] in NOT_PLACES):
        return None  # rule 3
    known = AGENCIES.get(agency_raw.lower()) if agency_raw else None
    if agency_raw and not known and len(agency_raw.split()) > 4:
        return None
    strong_region = bool(region) and (region in REGIONS or bool(_DOTTED_REGION.fullmatch(region)))
    if mid_line and not caps:
        return None
    if not (caps or known or date_text or (title and strong_region)):
        return None  # rule 2
    end = m.end()
    line_end = text.find("\n", end)
    rest = text[end : line_end if line_end >= 0 else len(text)]
    if not rest.strip() or not re.search(r"[a-zà-ÿ]", rest):
        return None  # rule 4: nothing after it, or an ALL-CAPS headline
    weak = not (caps or known or date_text)
    if (weak or not (term or m.group("slash"))) and not re.match(r"\s+[\"“‘'(]?[A-Z0-9]", rest):
        return None  # "New Delhi (PTI) The ..." and "Washington, D.C. — The ..." start a new sentence
    return Dateline(m.start(), end, text[m.start() : end], place, known or agency_raw, None, date_text, region)


def find_dateline(text: str, year_hint: int | dt.date | None = None) -> Dateline | None:
    """The dateline at the head of ``text`` (first, second or third line), or None when it has none."""
    if not isinstance(text, str):
        return None
    tried = set()
    for n, pos in enumerate(_candidates(text)):
        tried.add(pos)
        m = _DATELINE.match(text, pos)
        if m and m.end() > pos:
            found = _accept(m, text, mid_line=n > 0 and pos > 0 and text[pos - 1] != "\n")
            if found:
                return resolve_dateline_date(found, year_hint) if found.date_text else found
    # Second pass: a photo caption, a headline with its deck or a press-office header can come first
    # ("... (AP Photo/File)" then "WASHINGTON (AP) — The ..."). Further down only a strong dateline
    # counts: a place in capitals at the start of a paragraph, with an agency or a date, and nothing
    # before it that reads as the story itself (a line ending a sentence): a dateline in the body is not one.
    for line in _LINE.finditer(text, 0, min(len(text), LATE_CHARS)):
        pos = line.start()
        if pos in tried or (pos and text[pos - 1] != "\n"):
            continue
        if any(_SENTENCE_END.search(ln) for ln in text[:pos].splitlines()):
            break
        m = _DATELINE.match(text, pos)
        if m and m.end() > pos and m.group("caps"):
            found = _accept(m, text, mid_line=False)
            if found and (found.agency or found.date_text):
                return resolve_dateline_date(found, year_hint) if found.date_text else found
    return None


def dateline_frame(article: Article) -> pd.DataFrame:
    """The article's dateline as a 0- or 1-row table (see :data:`DATELINES`), dated from publication."""
    import pandas as pd

    found = find_dateline(article.text, article.published)
    if found is None:
        return DATELINES.empty()
    return DATELINES.conform(pd.DataFrame([{
        "start_char": found.start, "end_char": found.end, "text": found.text, "place": found.place,
        "agency": found.agency, "date": found.date.isoformat() if found.date else None,
        "date_text": found.date_text,
    }]))
