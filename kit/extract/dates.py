"""Date expressions in an article: find them, resolve them to date intervals, say how.

News copy rarely gives a full date. It says "nearly a decade ago", "last year", "on Wednesday",
"within four to six months". :func:`date_mentions` finds each such expression and turns it into
an interval of naive dates, ``earliest`` .. ``latest``, with the date it was resolved against
(``anchor``: usually the publication date) and a short note saying which rule fired and what
it assumed. Fuzzy words are read through two small tables (:data:`HEDGES`, :data:`FUZZY`) that a
teacher can print with :func:`rules_frame` and argue with.

Rules of thumb the kit follows (each is stated in the row's ``note``):

* Relative dates need an anchor. When the publication date is unknown they stay unresolved
  (empty ``earliest``/``latest``) rather than being guessed.
* A forward-looking phrase ("within four to six months", "next year") in a sentence that reports
  a statement with a known day is anchored on that statement, not on publication.
* A vague reference can be pinned to a documented date with ``anchors={"recent statement":
  "2025-12-05"}``; the row then says the date came from outside the text.
* Dates before 1900 or after 2100, impossible dates (31 February, month 13) and backwards ranges
  are kept as mentions with a note, never an exception.

python-dateutil parses the full dates it parses well ("Dec. 17, 2025", "17th of December 2025");
everything fuzzy is the kit's own, readable rules.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kit.article import Article
from kit.errors import InputError, ParameterError
from kit.extract.prefilter import Present, required
from kit.schema import Field, TableSchema

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("absolute", "relative", "duration", "vague")
PRECISIONS = ("day", "month", "year", "decade")
DIRECTIONS = ("past", "future", "ongoing")
ANCHOR_BASES = ("publication", "dateline", "statement", "given", "none")
#: The kit resolves dates in this range only; anything outside is kept with a note.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)

DATES_SCHEMA = TableSchema(
    name="dates",
    title="Date mentions",
    description="Every date expression in an article, resolved to an interval of naive dates where possible.",
    fields=(
        Field("date_id", "string", "Id of the mention within this article: d1, d2, ... in text order.",
              required=True, unique=True),
        Field("text", "string", "The expression exactly as written: text[start_char:end_char].", required=True),
        Field("start_char", "integer", "Offset of the first character in Article.text.", required=True),
        Field("end_char", "integer", "Offset one past the last character.", required=True),
        Field("sent_idx", "integer", "Index of the sentence holding the mention (-1 if between sentences)."),
        Field("kind", "string", "absolute (a calendar date or year), relative (needs an anchor: 'last year', "
              "'on Wednesday'), duration (a period: 'within six months', 'since 2017', 'for years') or "
              "vague (hedged: 'nearly a decade ago', 'recent').", required=True, enum=KINDS),
        Field("earliest", "date", "First date the expression can mean (ISO, naive); empty if unresolved."),
        Field("latest", "date", "Last date the expression can mean (ISO, naive); empty if unresolved."),
        Field("precision", "string", "How finely the text pins the date.", enum=PRECISIONS),
        Field("direction", "string", "past, future or ongoing (a period running up to the anchor), "
              "seen from the anchor.", enum=DIRECTIONS),
        Field("anchor", "date", "The date a relative expression was resolved against (ISO); empty for "
              "absolute dates."),
        Field("anchor_basis", "string", "What the anchor is: publication (the article's date), dateline (the "
              "date in the article's dateline, when the publication date is unknown), statement (the date of a "
              "statement or event the sentence reports), given (a documented date passed in anchors=) or none.",
              enum=ANCHOR_BASES),
        Field("rule", "string", "Name of the rule that matched (see kit.dates.rules_frame()).", required=True),
        Field("note", "string", "How the expression was read, and any assumption or problem."),
    ),
    primary_key=("date_id",),
    sort_by=("start_char",),
)

# ---------------------------------------------------------------------------------------------
# The fuzzy-reading tables (what a teacher may want to argue about)
# ---------------------------------------------------------------------------------------------

#: Hedge words and how much of the stated quantity they allow: "nearly a decade" = 70-100% of ten years.
HEDGES: dict[str, tuple[float, float]] = {
    "nearly": (0.7, 1.0),
    "almost": (0.7, 1.0),
    "just under": (0.8, 1.0),
    "under": (0.5, 1.0),
    "less than": (0.0, 1.0),
    "up to": (0.0, 1.0),
    "about": (0.8, 1.2),
    "around": (0.8, 1.2),
    "roughly": (0.8, 1.2),
    "approximately": (0.8, 1.2),
    "some": (0.8, 1.2),
    "just over": (1.0, 1.2),
    "over": (1.0, 1.5),
    "more than": (1.0, 1.5),
    "at least": (1.0, 1.5),
}

#: Quantity words: (smallest, largest) number they can stand for.
QUANTITIES: dict[str, tuple[float, float]] = {
    "a": (1, 1), "an": (1, 1), "one": (1, 1), "two": (2, 2), "three": (3, 3), "four": (4, 4),
    "five": (5, 5), "six": (6, 6), "seven": (7, 7), "eight": (8, 8), "nine": (9, 9), "ten": (10, 10),
    "eleven": (11, 11), "twelve": (12, 12), "fifteen": (15, 15), "eighteen": (18, 18), "twenty": (20, 20),
    "thirty": (30, 30), "a dozen": (12, 12), "half a": (0.5, 0.5), "a couple of": (2, 2),
    "a few": (2, 4), "several": (3, 7), "many": (5, 20),
}

#: Units and their precision; month-based units count in months.
UNITS: dict[str, tuple[str, int]] = {
    "day": ("day", 0), "week": ("day", 0), "month": ("month", 1), "year": ("year", 12), "decade": ("decade", 120),
}


@dataclass(frozen=True)
class Fuzzy:
    """One fuzzy phrase: its pattern, and the interval it stands for around the anchor.

    ``lo``/``hi`` are in ``unit``s relative to the anchor (negative = before it).
    """

    name: str
    pattern: str
    kind: str
    direction: str
    lo: float
    hi: float
    unit: str
    precision: str
    reading: str


_SPEECH_NOUNS = (r"meeting|meetings|statement|statements|talks|remarks|interview|visit|report|reports|comments|"
                 r"speech|announcement|call|summit|decision|deal|agreement|move|vote|election|trip|conversation")

#: Fuzzy phrases, most specific first. Every row is an assumption; the note of a matched mention quotes it.
FUZZY: tuple[Fuzzy, ...] = (
    Fuzzy("recent_days", r"(?:in\s+)?(?:recent|the\s+past\s+few|the\s+last\s+few)\s+days", "vague", "past",
          -7, 0, "day", "day", "'recent days': the week before the anchor"),
    Fuzzy("recent_weeks", r"(?:in\s+)?(?:recent|the\s+past\s+few|the\s+last\s+few)\s+weeks", "vague", "past",
          -6, 0, "week", "month", "'recent weeks': up to six weeks before the anchor"),
    Fuzzy("recent_months", r"(?:in\s+)?(?:recent|the\s+past\s+few|the\s+last\s+few)\s+months", "vague", "past",
          -6, 0, "month", "month", "'recent months': up to six months before the anchor"),
    Fuzzy("recent_years", r"(?:in\s+)?(?:recent|the\s+past\s+few|the\s+last\s+few)\s+years", "vague", "past",
          -5, 0, "year", "year", "'recent years': up to five years before the anchor"),
    Fuzzy("recent", rf"recent(?:ly)?(?:\s+(?:{_SPEECH_NOUNS}))?", "vague", "past",
          -3, 0, "month", "month", "'recent': within about three months before the anchor"),
    Fuzzy("soon", r"(?:very\s+)?(?<!as\s)soon(?!\s+(?:after|as|before))|shortly(?!\s+(?:after|before))|"
          r"in\s+the\s+near\s+future", "vague", "future", 0, 3, "month", "month",
          "'soon': within about three months after the anchor"),
    Fuzzy("coming_weeks", r"in\s+the\s+(?:coming|next\s+few)\s+weeks", "vague", "future",
          0, 8, "week", "month", "'the coming weeks': up to two months after the anchor"),
    Fuzzy("coming_months", r"in\s+the\s+(?:coming|next\s+few)\s+months", "vague", "future",
          0, 6, "month", "month", "'the coming months': up to six months after the anchor"),
    Fuzzy("coming_years", r"in\s+the\s+(?:coming|next\s+few)\s+years", "vague", "future",
          0, 5, "year", "year", "'the coming years': up to five years after the anchor"),
    Fuzzy("for_years", r"for\s+(?:many\s+)?years", "duration", "ongoing",
          -10, 0, "year", "decade", "'for years': a period that began 2-10 years before the anchor and runs up to it"),
    Fuzzy("for_months", r"for\s+(?:many\s+)?months", "duration", "ongoing",
          -12, 0, "month", "month", "'for months': a period that began 2-12 months before the anchor"),
    Fuzzy("within_days", r"within\s+(?:a\s+few\s+)?days", "vague", "future",
          0, 7, "day", "day", "'within days': up to a week after the anchor"),
    Fuzzy("within_weeks", r"within\s+(?:a\s+few\s+)?weeks", "vague", "future",
          0, 8, "week", "month", "'within weeks': up to two months after the anchor"),
    Fuzzy("within_months", r"within\s+(?:a\s+few\s+)?months", "vague", "future",
          0, 6, "month", "month", "'within months': up to six months after the anchor"),
    Fuzzy("for_decades", r"(?:for|over\s+the\s+(?:past|last))\s+decades", "duration", "ongoing",
          -50, 0, "year", "decade", "'for decades': a period that began 20-50 years before the anchor"),
    Fuzzy("years_ago", r"(?:many\s+)?years\s+ago", "vague", "past",
          -10, -2, "year", "decade", "'years ago': 2-10 years before the anchor"),
    Fuzzy("months_ago", r"months\s+ago", "vague", "past",
          -12, -2, "month", "month", "'months ago': 2-12 months before the anchor"),
    Fuzzy("decades_ago", r"decades\s+ago", "vague", "past",
          -50, -20, "year", "decade", "'decades ago': 20-50 years before the anchor"),
)

# Parts of a year (months, inclusive) and of a month (days, inclusive; 31 = the month's last day).
YEAR_PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 4), "mid": (5, 8), "late": (9, 12), "end": (12, 12), "beginning": (1, 1), "start": (1, 1),
    "middle": (6, 7), "turn": (1, 1), "first half": (1, 6), "second half": (7, 12),
    "first quarter": (1, 3), "second quarter": (4, 6), "third quarter": (7, 9), "fourth quarter": (10, 12),
}
MONTH_PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 10), "mid": (11, 20), "late": (21, 31), "end": (21, 31), "beginning": (1, 10),
    "start": (1, 10), "middle": (11, 20), "first half": (1, 15), "second half": (16, 31),
}
# Parts of a decade (years from its first, inclusive). "The end of the decade" reaches year 10, because
# people count decades both ways (2021-2030 and 2020-2029).
DECADE_PARTS: dict[str, tuple[int, int]] = {
    "early": (0, 3), "mid": (4, 6), "late": (7, 9), "end": (8, 10), "beginning": (0, 1), "start": (0, 1),
    "middle": (4, 6),
}
#: Seasons (northern hemisphere, meteorological): first month; each lasts three months (winter runs into
#: the next year).
SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
#: Bare plural units in "days after", "weeks earlier": (smallest, largest) count they stand for.
BARE_UNITS: dict[str, tuple[float, float]] = {"days": (1, 7), "weeks": (1, 8), "months": (1, 12)}

# ---------------------------------------------------------------------------------------------
# Regex building blocks
# ---------------------------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MFULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_M = rf"(?:{_MFULL}|{_MABBR})(?![A-Za-z])"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_D = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_Y = r"(?:\d{4}|['’]\d{2})(?!\d)"
_Y4 = r"\d{4}(?!\d)"
_BARE_YEAR = r"(?:19|20)\d{2}"
_NUM_WORDS = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in QUANTITIES), key=len, reverse=True))
_NUM = rf"(?:\d{{1,4}}(?:\.\d+)?|{_NUM_WORDS})"
_HEDGE = "|".join(sorted((k.replace(" ", r"\s+") for k in HEDGES), key=len, reverse=True))
_UNIT = r"(?:day|week|month|year|decade)s?"
#: A modifier before a date ("by June", "since 2019") and the spaces after it; a rule with ``mod`` may start with one.
_MOD_RUN = r"\b(?P<mod>(?i:by|before|until|till|no\s+later\s+than|since))\s+"
_MOD = rf"(?:{_MOD_RUN})?"
_MOD_RUNS = re.compile(_MOD_RUN)
_COUNT_NOUNS = (r"troops|soldiers|people|jets|aircraft|planes|missiles|systems|units|tons|tonnes|km|miles|"
                r"dollars|euros|pounds|roubles|rubles|times|members|votes|words|pages|cases|fighters|tanks|helicopters|"
                r"drones|launchers|interceptors|batteries|rounds|shells|ships|warships|submarines|vessels|vehicles")

_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|would|is\s+to|are\s+to|is\s+due|are\s+due|due\s+to|scheduled|plans?\s+to|planned|"
    r"is\s+expected|are\s+expected|expects?|could\s+be|may\s+be|aims?\s+to|hopes?\s+to|upcoming|next|"
    r"could(?!\s+have)|might(?!\s+have)|ahead\s+of|eve\s+of|set\s+to|due)\b",
    re.IGNORECASE,
)
#: Past-tense words (and "ago", "last", "since"): the nearest tense word before a date says which way it points.
_PAST_CUE = re.compile(
    r"\b(?:said|told|was|were|had|did|came|went|met|took|made|began|held|left|sent|gave|spoke|wrote|brought|"
    r"bought|won|lost|saw|got|ago|last|since|"
    r"(?-i:(?!(?:need|speed|proceed|indeed|succeed|exceed|hundred|armed|based|related|so-called)\b)[a-z]{3,}ed))\b",
    re.IGNORECASE,
)
_SPEECH_CUE = re.compile(
    r"\b(?:said|says|say|stated|stating|states|statement|told|tells|remarks?|interview|announced|announces|"
    r"according\s+to|hinted|warned|predicted|added|wrote|posted|declared|noted|believes?|expects?)\b",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# Readings and the resolution context
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """How one expression resolves: its kind, interval, precision, direction, anchor and note."""

    kind: str
    earliest: dt.date | None = None
    latest: dt.date | None = None
    precision: str | None = None
    direction: str | None = None
    anchor: dt.date | None = None
    anchor_basis: str = "none"
    note: str = ""

    @property
    def resolved(self) -> bool:
        """True when at least the earliest date is known."""
        return self.earliest is not None


@dataclass(frozen=True)
class Context:
    """What a rule may use: the anchor, what it is, and the words just before the match."""

    anchor: dt.date | None
    basis: str
    published: dt.date | None
    before: str = ""
    tense: str | None = None

    @property
    def future(self) -> bool:
        """True when the words before the match point forward ("will", "is due to", "by", ...)."""
        return self.tense == "future"


def _tense(before: str) -> str | None:
    """'future' or 'past' from the tense word nearest before a date in its sentence; None when there is none.

    A word that is both ("scheduled", "expected") counts as future.
    """
    fut = max((m.end() for m in _FUTURE_CUE.finditer(before)), default=-1)
    past = max((m.end() for m in _PAST_CUE.finditer(before)), default=-1)
    if fut < 0 and past < 0:
        return None
    return "future" if fut >= past else "past"


def _pick_year(span: Callable[[int], tuple[dt.date, dt.date]], anchor: dt.date, way: str | None) -> int:
    """The year whose ``span(year)`` is the next (future), last (past) or nearest (None) one seen from anchor."""
    spans = {}
    for year in range(anchor.year - 8, anchor.year + 9):
        try:
            spans[year] = span(year)
        except Unresolvable:
            continue
    if way == "future":
        ok = [y for y, (_, last) in spans.items() if last >= anchor]
        if ok:
            return min(ok)
    elif way == "past":
        ok = [y for y, (first, _) in spans.items() if first <= anchor]
        if ok:
            return max(ok)
    else:
        def gap(y: int) -> tuple[int, int]:
            first, last = spans[y]
            days = 0 if first <= anchor <= last else min(abs((first - anchor).days), abs((last - anchor).days))
            return days, -y  # a tie goes to the past

        if spans:
            return min(spans, key=gap)
    raise Unresolvable("no year near the anchor has this date: left unresolved")


class Unresolvable(Exception):
    """A rule recognised an expression but cannot turn it into dates (the message says why)."""


@dataclass(frozen=True)
class Rule:
    """One pattern and the function that reads its matches."""

    name: str
    pattern: re.Pattern[str]
    read: Callable[[re.Match[str], Context], Reading]
    kind: str
    example: str
    reading: str
    #: Strings the pattern cannot match without (:func:`kit.extract.prefilter.required`): an article
    #: without them is not searched.
    needs: tuple[frozenset[str], ...] = ()
    #: For a rule that may start with a modifier: the pattern without it (see :func:`_matches`).
    core: re.Pattern[str] | None = None


# ---------------------------------------------------------------------------------------------
# Date arithmetic
# ---------------------------------------------------------------------------------------------


def _date(year: int, month: int, day: int) -> dt.date:
    """A checked date: out-of-range years and impossible days raise :class:`Unresolvable`."""
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise Unresolvable(f"year {year} is outside {MIN_DATE.year}-{MAX_DATE.year}: left unresolved")
    if not 1 <= month <= 12:
        raise Unresolvable(f"month {month} does not exist: left unresolved")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Unresolvable(
            f"{dt.date(year, month, 1):%B %Y} has no day {day}: not a real date, left unresolved"
        ) from None


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    first = _date(year, month, 1)
    return first, _month_end(year, month)


def year_span(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a year."""
    return _date(year, 1, 1), _date(year, 12, 31)


def shift(anchor: dt.date, amount: float, unit: str) -> dt.date:
    """``anchor`` moved by ``amount`` units (negative = back); fractions of months become days."""
    from dateutil.relativedelta import relativedelta

    base = unit.rstrip("s")
    if abs(amount) > 5000:
        raise Unresolvable(f"{amount:g} {base}s is too far to resolve")
    try:
        if base in ("day", "week"):
            out = anchor + dt.timedelta(days=round(amount * (7 if base == "week" else 1)))
        else:
            months = amount * UNITS[base][1]
            whole = int(months)
            out = anchor + relativedelta(months=whole) + dt.timedelta(days=round((months - whole) * 30.44))
    except (OverflowError, ValueError):
        raise Unresolvable(f"{amount:g} {base}s from {anchor} is outside the calendar") from None
    if not MIN_DATE <= out <= MAX_DATE:
        raise Unresolvable(f"{amount:g} {base}s from {anchor} falls outside {MIN_DATE.year}-{MAX_DATE.year}")
    return out


def _span(point: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """The calendar day/month/year holding ``point`` (a decade: two years either side)."""
    if precision == "day":
        return point, point
    if precision == "month":
        return month_span(point.year, point.month)
    if precision == "year":
        return year_span(point.year)
    lo = max(MIN_DATE, dt.date(point.year - 2, point.month, min(point.day, 28)))
    hi = min(MAX_DATE, dt.date(point.year + 2, point.month, min(point.day, 28)))
    return lo, hi


def _direction(earliest: dt.date | None, latest: dt.date | None, anchor: dt.date | None) -> str | None:
    if anchor is None or earliest is None or latest is None:
        return None
    if latest < anchor:
        return "past"
    if earliest > anchor:
        return "future"
    return None


def _fmt(d: dt.date | None) -> str:
    return d.isoformat() if d else "?"


def _need_anchor(ctx: Context, what: str) -> dt.date:
    if ctx.anchor is None:
        raise Unresolvable(f"{what}: needs the publication date, which is unknown; left unresolved")
    return ctx.anchor


def _year(text: str, ctx: Context) -> tuple[int, str]:
    """A year from four digits or a two-digit form ('19, ’25); returns the year and a note."""
    digits = text.strip("'’")
    if len(digits) == 4:
        return int(digits), ""
    yy = int(digits)
    ref = ctx.published.year if ctx.published else 2000
    pivot = (ref % 100) + 10
    year = (2000 if yy <= pivot else 1900) + yy
    return year, f"two-digit year {text} read as {year} (assumption)"


def _month(text: str) -> int:
    return MONTHS[text.rstrip(".").lower()]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _quantity(text: str | None) -> tuple[float, float]:
    if not text:
        return (1.0, 1.0)
    key = " ".join(text.lower().split())
    if key in QUANTITIES:
        return QUANTITIES[key]
    value = float(key)
    return (value, value)


def _hedge(text: str | None) -> tuple[float, float] | None:
    return HEDGES[" ".join(text.lower().split())] if text else None


# ---------------------------------------------------------------------------------------------
# Readers: one per rule family
# ---------------------------------------------------------------------------------------------


def _absolute(earliest: dt.date, latest: dt.date, precision: str, ctx: Context, note: str) -> Reading:
    direction = _direction(earliest, latest, ctx.published)
    return Reading("absolute", earliest, latest, precision, direction, None, "none", note)


def _weekday_note(weekday: str | None, day: dt.date) -> str:
    if weekday and WEEKDAYS.index(weekday.lower()) != day.weekday():
        return f"; the text says {weekday} but {day:%d %b %Y} was a {day:%A}"
    return ""


def read_full_date(m: re.Match[str], ctx: Context) -> Reading:
    """'17 December 2025', 'Dec. 17, 2025', 'Wednesday, December 17th, 2025' (python-dateutil)."""
    from dateutil import parser

    y, ynote = _year(m["y1"] or m["y2"], ctx)
    core = m.group(0)[m.start("core") - m.start():]
    core = re.sub(r"['’]\d{2}$", str(y), core)
    if not MIN_DATE.year <= y <= MAX_DATE.year:
        raise Unresolvable(f"year {y} is outside {MIN_DATE.year}-{MAX_DATE.year}: left unresolved")
    try:
        parsed = parser.parse(core, default=dt.datetime(y, 1, 1)).date()
    except (ValueError, OverflowError, parser.ParserError):
        day, month = _day(m["d1"] or m["d2"]), _month(m["m1"] or m["m2"])
        _date(y, month, day)  # raises with a clear reason
        raise Unresolvable(f"python-dateutil could not read {core!r}") from None
    note = "a calendar date (python-dateutil)" + (f"; {ynote}" if ynote else "")
    return _absolute(parsed, parsed, "day", ctx, note + _weekday_note(m["wd"], parsed))


def read_iso_date(m: re.Match[str], ctx: Context) -> Reading:
    """'2025-12-17'."""
    day = _date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return _absolute(day, day, "day", ctx, "an ISO date")


def read_numeric_date(m: re.Match[str], ctx: Context) -> Reading:
    """'12/05/2025', '5.12.25': day and month order is ambiguous unless one part is over 12."""
    a, b = int(m["a"]), int(m["b"])
    y, ynote = _year(m["y"], ctx)
    extra = f"; {ynote}" if ynote else ""
    if a > 12 and b > 12:
        raise Unresolvable(f"neither {a} nor {b} can be a month: not a real date, left unresolved")
    if a > 12 or b > 12:
        day, month = (a, b) if a > 12 else (b, a)
        d = _date(y, month, day)
        return _absolute(d, d, "day", ctx, f"numeric date, {'day/month' if a > 12 else 'month/day'} order{extra}")
    if a == b:
        d = _date(y, a, b)
        return _absolute(d, d, "day", ctx, f"numeric date{extra}")
    readings = []
    for month, day in ((a, b), (b, a)):
        try:
            readings.append(_date(y, month, day))
        except Unresolvable:
            continue
    if not readings:
        raise Unresolvable("no reading of this numeric date is a real date: left unresolved")
    lo, hi = min(readings), max(readings)
    both = " or ".join(f"{d:%d %b %Y}" for d in sorted(readings))
    return _absolute(lo, hi, "day", ctx, f"ambiguous numeric date ({both}): the interval covers both readings{extra}")


def read_day_range(m: re.Match[str], ctx: Context) -> Reading:
    """'9–10 December 2025', 'December 9-10, 2025', '27 August – 15 September 2019'."""
    y, ynote = _year(m["y"], ctx)
    m1 = _month(m["m1"])
    m2 = _month(m["m2"]) if m["m2"] else m1
    first, last = _date(y, m1, _day(m["d1"])), _date(y, m2, _day(m["d2"]))
    note = "a range of days" + (f"; {ynote}" if ynote else "")
    if last < first:
        first, last = last, first
        note += "; the range runs backwards in the text, read in calendar order"
    return _absolute(first, last, "day", ctx, note)


def read_month_year(m: re.Match[str], ctx: Context) -> Reading:
    """'December 2025', 'early December 2025', 'Sept. '19'."""
    y, ynote = _year(m["y"], ctx)
    month = _month(m["m"])
    first, last = month_span(y, month)
    note = "a month"
    if m["part"]:
        part = _part_key(m["part"])
        lo, hi = MONTH_PARTS[part]
        first = _date(y, month, lo)
        last = min(last, _date(y, month, min(hi, last.day)))
        note = f"'{part}' of a month: days {lo}-{min(hi, last.day)} (assumption)"
    return _absolute(first, last, "month", ctx, note + (f"; {ynote}" if ynote else ""))


def _part_key(text: str) -> str:
    key = " ".join(text.lower().replace("-", " ").split())
    for prefix in ("the ", "by the "):
        key = key.removeprefix(prefix)
    return key.removesuffix(" of").strip()


def read_year_part(m: re.Match[str], ctx: Context) -> Reading:
    """'early 2020', 'mid-2019', 'the end of 2025', 'the first half of 2026'."""
    y = int(m["y"])
    part = _part_key(m["part"])
    lo, hi = YEAR_PARTS[part]
    return _absolute(_date(y, lo, 1), _month_end(y, hi), "month", ctx,
                     f"'{part}' of a year: months {lo}-{hi} (assumption)")


def read_year_range(m: re.Match[str], ctx: Context) -> Reading:
    """'between 2017 and 2019', 'from 2017 to 2019', '2017–2019', '2017-19'."""
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else (y1 // 100) * 100 + int(m["y2"])
    note = "a range of years"
    if y2 < y1:
        y1, y2 = y2, y1
        note = f"the range runs backwards ({m['y1']} to {m['y2']}): read as {y1}-{y2}; check the source"
    return _absolute(year_span(y1)[0], year_span(y2)[1], "year", ctx, note)


def read_decade(m: re.Match[str], ctx: Context) -> Reading:
    """'the 1990s', 'the 2010s'."""
    y = int(m["y"])
    return _absolute(_date(y, 1, 1), _date(y + 9, 12, 31), "decade", ctx, "a decade")


def read_year(m: re.Match[str], ctx: Context) -> Reading:
    """A bare year: 'in 2019'."""
    first, last = year_span(int(m["y"]))
    return _absolute(first, last, "year", ctx, "a year")


def read_since_phrase(m: re.Match[str], ctx: Context) -> Reading:
    """'since the S-400 purchase in 2017': a period from that year (or month) up to the anchor."""
    y = int(m["y"])
    if m["m"]:
        first, _ = month_span(y, _month(m["m"]))
        precision = "month"
    else:
        first, _ = year_span(y)
        precision = "year"
    if ctx.anchor is None:
        return Reading("duration", first, None, precision, "ongoing", None, "none",
                       f"a period from {first:%Y} up to publication, whose date is unknown: the end is open")
    last = max(first, ctx.anchor)
    return Reading("duration", first, last, precision, "ongoing", ctx.anchor, ctx.basis,
                   f"a period from {m['y']} up to the anchor ({ctx.anchor}); the event in the phrase is "
                   f"dated to {m['y']}")


_WAY_NOTE = {"future": ("the next", "on or after"), "past": ("the last", "on or before"),
             None: ("the nearest", "seen from")}


def _way_why(ctx: Context) -> str:
    return {"future": "the words point forward", "past": "the words point back",
            None: "no tense word says which way"}[ctx.tense]


def read_day_month(m: re.Match[str], ctx: Context) -> Reading:
    """'December 17', '17 December': the year comes from the anchor (next if the words point forward,
    last if they point back, else the nearest)."""
    month, day = _month(m["m1"] or m["m2"]), _day(m["d1"] or m["d2"])
    anchor = _need_anchor(ctx, "a day without a year")
    if day > _month_end(2000, month).day:
        raise Unresolvable(f"{dt.date(2000, month, 1):%B} never has a day {day}: not a real date, left unresolved")
    year = _pick_year(lambda y: (_date(y, month, day),) * 2, anchor, ctx.tense)
    d = _date(year, month, day)
    rel, where = _WAY_NOTE[ctx.tense]
    return Reading("relative", d, d, "day", _direction(d, d, anchor), anchor, ctx.basis,
                   f"no year given: {rel} {d:%d %B} {where} the anchor ({_way_why(ctx)})"
                   + _weekday_note(m.groupdict().get("wd"), d))


def read_day_range_rel(m: re.Match[str], ctx: Context) -> Reading:
    """'July 12-25', '12-25 July', 'July 12 to 25': a range of days whose year comes from the anchor."""
    m1 = _month(m["m1"])
    m2 = _month(m["m2"]) if m["m2"] else m1
    d1, d2 = _day(m["d1"]), _day(m["d2"])
    anchor = _need_anchor(ctx, "a range of days without a year")

    def span(y: int) -> tuple[dt.date, dt.date]:
        return _date(y, m1, d1), _date(y + (m2 < m1), m2, d2)

    year = _pick_year(span, anchor, ctx.tense)
    first, last = span(year)
    rel, where = _WAY_NOTE[ctx.tense]
    return Reading("relative", first, last, "day", _direction(first, last, anchor), anchor, ctx.basis,
                   f"a range of days, no year given: {rel} one {where} the anchor ({_way_why(ctx)})")


def read_month_alone(m: re.Match[str], ctx: Context) -> Reading:
    """'in March', 'last December', 'early June', 'the end of July': the next one if the words point
    forward ('will', 'by', 'until'), the last one if they point back, else the nearest."""
    month = _month(m["m"])
    anchor = _need_anchor(ctx, "a month without a year")
    q = " ".join((m.groupdict().get("q") or "").lower().split())
    part = _part_key(q) if q not in ("", "last", "next", "this") else ""
    way = "future" if q == "next" else "past" if q == "last" else ctx.tense
    if q == "this":
        year = anchor.year
    elif way == "future":
        later = month > anchor.month or (month == anchor.month and q != "next")
        year = anchor.year if later else anchor.year + 1
    elif way == "past":
        earlier = month < anchor.month or (month == anchor.month and q != "last")
        year = anchor.year if earlier else anchor.year - 1
    else:
        year = _pick_year(lambda y: month_span(y, month), anchor, None)
    first, last = month_span(year, month)
    rel = {"future": "next", "past": "last"}.get(way or "", "nearest") if q != "this" else "this year's"
    note = f"no year given: {first:%B %Y}, the {rel} {first:%B} seen from the anchor"
    if q in ("", "this"):
        note += f" ({_way_why(ctx)})" if q == "" else ""
    if part in MONTH_PARTS:
        lo, hi = MONTH_PARTS[part]
        first, last = _date(year, month, lo), _date(year, month, min(hi, last.day))
        note += f"; '{part}' = days {lo}-{last.day} (assumption)"
    return Reading("relative", first, last, "month", _direction(first, last, anchor), anchor, ctx.basis, note)


def read_month_rel_year(m: re.Match[str], ctx: Context) -> Reading:
    """'May next year', 'February last year', 'March of this year': a month of a year counted from the anchor."""
    anchor = _need_anchor(ctx, m.group(0))
    step = {"last": -1, "this": 0, "next": 1}[m["q"].lower()]
    first, last = month_span(anchor.year + step, _month(m["m"]))
    return Reading("relative", first, last, "month", _direction(first, last, anchor), anchor, ctx.basis,
                   f"{first:%B} of the calendar year {'holding' if step == 0 else 'before' if step < 0 else 'after'}"
                   f" the anchor's")


def read_weekday(m: re.Match[str], ctx: Context) -> Reading:
    """'on Wednesday', 'last Friday', 'next Monday' in wire copy: the weekday nearest the anchor."""
    anchor = _need_anchor(ctx, "a weekday")
    target = WEEKDAYS.index(m["wd"].lower())
    q = (m["q"] or "").lower()
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    if q == "last":
        d, how = anchor - dt.timedelta(days=back or 7), "the one before the anchor"
    elif q == "next":
        d, how = anchor + dt.timedelta(days=ahead or 7), "the one after the anchor"
    elif q == "this":
        d, how = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(days=target), "in the anchor's week"
    elif ctx.future:
        d, how = anchor + dt.timedelta(days=ahead), "on or after the anchor (the words point forward)"
    else:
        d, how = anchor - dt.timedelta(days=back), "on or before the anchor (wire-copy convention)"
    return Reading("relative", d, d, "day", _direction(d, d, anchor), anchor, ctx.basis, f"{m['wd']}: {how}")


def read_day_word(m: re.Match[str], ctx: Context) -> Reading:
    """'yesterday', 'today', 'tonight', 'tomorrow'."""
    anchor = _need_anchor(ctx, m.group(0))
    word = " ".join(m.group(0).lower().split())
    offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last night": -1}.get(word, 0)
    d = anchor + dt.timedelta(days=offset)
    return Reading("relative", d, d, "day", _direction(d, d, anchor), anchor, ctx.basis, f"'{m.group(0)}'")


def read_calendar(m: re.Match[str], ctx: Context) -> Reading:
    """'last year', 'this month', 'next week', 'earlier this year', 'later this month'."""
    anchor = _need_anchor(ctx, m.group(0))
    q = " ".join(m["q"].lower().split())
    unit = m["unit"].lower()
    step = {"last": -1, "this": 0, "next": 1, "earlier this": 0, "later this": 0}[q]
    if unit == "year":
        first, last = year_span(anchor.year + step)
    elif unit == "month":
        point = shift(anchor.replace(day=1), step, "month")
        first, last = month_span(point.year, point.month)
    else:
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(days=7 * step)
        first, last = monday, monday + dt.timedelta(days=6)
    if q == "earlier this":
        last = anchor
    elif q == "later this":
        first = anchor
    precision = {"year": "year", "month": "month", "week": "day"}[unit]
    direction = _direction(first, last, anchor) or {"earlier this": "past", "later this": "future"}.get(q)
    where = "holding" if step == 0 else "before" if step < 0 else "after"
    return Reading("relative", first, last, precision, direction, anchor, ctx.basis,
                   f"'{q} {unit}': the calendar {unit} {where} the anchor's")


def read_part_of(m: re.Match[str], ctx: Context) -> Reading:
    """'the end of the year', 'the beginning of next month'."""
    anchor = _need_anchor(ctx, m.group(0))
    part, which, unit = " ".join(m["part"].lower().split()), m["which"].lower(), m["unit"].lower()
    step = {"the": 0, "this": 0, "next": 1, "last": -1}[which]
    if unit == "year":
        y = anchor.year + step
        lo, hi = YEAR_PARTS[part]
        first, last = _date(y, lo, 1), _month_end(y, hi)
        note = f"'{part} of {which} year': months {lo}-{hi} of {y} (assumption)"
    else:
        point = shift(anchor.replace(day=1), step, "month")
        lo, hi = MONTH_PARTS[part]
        end = _month_end(point.year, point.month)
        first, last = point.replace(day=lo), point.replace(day=min(hi, end.day))
        note = f"'{part} of {which} month': days {lo}-{last.day} (assumption)"
    precision = "month" if unit == "year" else "day"
    return Reading("relative", first, last, precision, _direction(first, last, anchor), anchor, ctx.basis, note)


def _amount(m: re.Match[str]) -> tuple[float, float, bool, str]:
    """(smallest, largest) number of units in a match, whether it is fuzzy, and the unit."""
    lo, hi = _quantity(m["n1"])
    fuzzy = lo != hi
    if m["n2"]:
        lo2, hi2 = _quantity(m["n2"])
        lo, hi = min(lo, lo2), max(hi, hi2)
        fuzzy = True
    hedge = _hedge(m["hedge"])
    if hedge:
        lo, hi = lo * hedge[0], hi * hedge[1]
        fuzzy = True
    unit = m["unit"].lower().rstrip("s")
    if unit == "decade" and not fuzzy:
        lo, hi = lo * 0.8, hi * 1.2
        fuzzy = True
    return lo, hi, fuzzy, unit


def _amount_note(m: re.Match[str]) -> str:
    parts = []
    if m["hedge"]:
        h = _hedge(m["hedge"])
        parts.append(f"'{' '.join(m['hedge'].lower().split())}' = {h[0]:.0%}-{h[1]:.0%} of the amount")  # type: ignore[index]
    q = " ".join((m["n1"] or "").lower().split())
    if q in QUANTITIES and QUANTITIES[q][0] != QUANTITIES[q][1]:
        parts.append(f"'{q}' = {QUANTITIES[q][0]:g}-{QUANTITIES[q][1]:g}")
    if m["unit"].lower().startswith("decade") and not m["hedge"] and not m["n2"]:
        parts.append("a round 'decade' read as 8-12 years")
    return (" (" + "; ".join(parts) + ", assumption)") if parts else ""


def _howmuch(lo: float, hi: float, unit: str) -> str:
    """'7-10 years' (decades are counted in years, which people picture more easily)."""
    if unit == "decade":
        lo, hi, unit = lo * 10, hi * 10, "year"
    amount = f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"
    return f"{amount} {unit}{'' if hi == 1 else 's'}"


def read_ago(m: re.Match[str], ctx: Context) -> Reading:
    """'three years ago', 'nearly a decade ago', 'a few months ago'."""
    anchor = _need_anchor(ctx, m.group(0))
    lo, hi, fuzzy, unit = _amount(m)
    precision = UNITS[unit][0]
    if fuzzy:
        first, last = shift(anchor, -hi, unit), shift(anchor, -lo, unit)
        how = f"{_howmuch(lo, hi, unit)} before the anchor"
    else:
        first, last = _span(shift(anchor, -lo, unit), "day" if unit == "week" else precision)
        if unit == "week":
            first, last = first - dt.timedelta(days=3), last + dt.timedelta(days=3)
        how = f"{_howmuch(lo, lo, unit)} before the anchor, widened to the {'week' if unit == 'week' else precision}"
    return Reading("vague" if fuzzy else "relative", first, last, precision, "past", anchor, ctx.basis,
                   how + _amount_note(m))


#: Words that make "in N years" look back: "the biggest deal in 20 years", "the first visit in a decade".
_SINCE_CUE = re.compile(
    r"\b(?:biggest|largest|greatest|highest|lowest|smallest|strongest|weakest|worst|best|deadliest|longest|"
    r"shortest|fastest|slowest|first|most|least|only|record)\b[^,;:]*$", re.IGNORECASE)


def read_ahead(m: re.Match[str], ctx: Context) -> Reading:
    """'within four to six months', 'in the next two years', 'in three weeks'.

    After a superlative ("the biggest deal in almost 20 years", "the first visit in a decade") a bare
    "in" looks back: the period up to the anchor, as :func:`read_for_period` reads it.
    """
    anchor = _need_anchor(ctx, m.group(0))
    lead = " ".join(m["lead"].lower().split())
    if lead == "in" and not ctx.future and _SINCE_CUE.search(ctx.before):
        reading = read_for_period(m, ctx)
        return replace(reading, note=reading.note + " (after a superlative, 'in' looks back)")
    lo, hi, fuzzy, unit = _amount(m)
    precision = UNITS[unit][0]
    if fuzzy:
        first, last = shift(anchor, lo, unit), shift(anchor, hi, unit)
        how = f"a deadline {_howmuch(lo, hi, unit)} after the anchor: the event is due by {first} to {last}"
        kind = "duration" if lead != "in" else "vague"
    elif lead == "in":
        first, last = _span(shift(anchor, lo, unit), precision)
        how, kind = f"{_howmuch(lo, lo, unit)} after the anchor", "relative"
    else:
        first, last = anchor, shift(anchor, hi, unit)
        how, kind = f"a period of {_howmuch(hi, hi, unit)} starting at the anchor", "duration"
    return Reading(kind, first, last, precision, "future", anchor, ctx.basis, how + _amount_note(m))


def read_for_period(m: re.Match[str], ctx: Context) -> Reading:
    """'for three years', 'over the past decade', 'in the last two months': a period up to the anchor."""
    anchor = _need_anchor(ctx, m.group(0))
    lo, hi, _fuzzy, unit = _amount(m)
    first = shift(anchor, -hi, unit)
    longest = "; earliest = its longest reading" if lo != hi else ""
    return Reading("duration", first, anchor, UNITS[unit][0], "ongoing", anchor, ctx.basis,
                   f"a period of {_howmuch(lo, hi, unit)} up to the anchor{longest}" + _amount_note(m))


def _season_span(year: int, season: str) -> tuple[dt.date, dt.date]:
    start = SEASONS[season]
    first = _date(year, start, 1)
    end = shift(first, 2, "month")
    return first, _month_end(end.year, end.month)


def read_season(m: re.Match[str], ctx: Context) -> Reading:
    """'last spring', 'in the fall', 'next winter', 'summer 2019': three months (northern hemisphere)."""
    name = (m["s1"] or m["s2"] or m["s3"]).lower()
    season = "fall" if name == "autumn" else name
    note = (f"'{name}' = {dt.date(2000, SEASONS[season], 1):%B} to "
            f"{dt.date(2000, (SEASONS[season] + 1) % 12 + 1, 1):%B} (northern hemisphere, assumption)")
    if m["y"]:
        first, last = _season_span(int(m["y"]), season)
        return _absolute(first, last, "month", ctx, note)
    anchor = _need_anchor(ctx, m.group(0))
    q = (m["q"] or "").lower()
    lead = " ".join((m["lead"] or "").lower().split())
    years = range(anchor.year - 2, anchor.year + 2)
    if q == "last":
        year = max(y for y in years if _season_span(y, season)[1] < anchor)
    elif q == "next":
        year = min(y for y in years if _season_span(y, season)[0] > anchor)
    elif q == "this":
        holding = [y for y in years if _season_span(y, season)[0] <= anchor <= _season_span(y, season)[1]]
        year = holding[0] if holding else anchor.year
    else:
        way = "future" if lead in ("by", "until", "till") else "past" if lead == "since" else ctx.tense
        year = _pick_year(lambda y: _season_span(y, season), anchor, way)
    first, last = _season_span(year, season)
    reading = Reading("relative", first, last, "month", _direction(first, last, anchor), anchor, ctx.basis,
                      f"{note}; {q or 'the ' + ('next' if ctx.future else 'one')} seen from the anchor")
    if lead in ("by", "until", "till", "since"):
        reading = _apply_mod(reading, lead, ctx)
    return reading


def read_weekend(m: re.Match[str], ctx: Context) -> Reading:
    """'over the weekend', 'last weekend', 'this weekend': a Saturday and Sunday near the anchor."""
    anchor = _need_anchor(ctx, m.group(0))
    q = (m["q"] or "").lower()
    saturday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(days=5)  # of the anchor's week
    if q == "last":
        sat, how = saturday - dt.timedelta(days=7), "the weekend before the anchor's week"
    elif q == "next":
        sat, how = saturday + dt.timedelta(days=7), "the weekend after the anchor's week"
    elif q == "this" or ctx.future:
        sat, how = saturday, "the weekend of the anchor's week"
    else:
        sat = saturday if anchor.weekday() >= 5 else saturday - dt.timedelta(days=7)
        how = "the last weekend on or before the anchor"
    return Reading("relative", sat, sat + dt.timedelta(days=1), "day", _direction(sat, sat, anchor), anchor,
                   ctx.basis, how)


def read_offset(m: re.Match[str], ctx: Context) -> Reading:
    """'a day after', 'days after', 'a day earlier': what follows (or the sentence's event) came that much
    before the sentence's day."""
    anchor = _need_anchor(ctx, m.group(0))
    if m["bare"]:
        unit = m["bare"].lower()
        lo, hi = BARE_UNITS[unit]
        unit = unit.rstrip("s")
        amount = f"'{m['bare'].lower()}' = {lo:g}-{hi:g} {unit}s (assumption)"
    else:
        lo, hi, _fuzzy, unit = _amount(m)
        amount = _howmuch(lo, hi, unit) + _amount_note(m)
    first, last = shift(anchor, -hi, unit), shift(anchor, -lo, unit)
    if unit not in ("day", "week"):
        first, last = _span(first, UNITS[unit][0])[0], _span(last, UNITS[unit][0])[1]
    what = "what follows happened" if m["dir"].lower() == "after" else "the sentence's event happened"
    return Reading("relative", first, last, "day", "past", anchor, ctx.basis,
                   f"{what} {amount} before the anchor")


def read_unresolved(m: re.Match[str], ctx: Context) -> Reading:
    """Points at a time the text does not give ('nowadays', 'Earlier,'): kept, left unresolved."""
    return Reading("vague", note=f"'{m.group(0)}' points at a time the text does not give: left unresolved")


def read_recent_adjective(m: re.Match[str], ctx: Context) -> Reading:
    """'recent differences', 'recent protests': 'recent' describing a thing, not placing it: left unresolved."""
    return Reading("vague", note="'recent' describes the thing that follows rather than dating an event: "
                                 "no way to place it, left unresolved")


def read_linked(m: re.Match[str], ctx: Context) -> Reading:
    """'on the eve of', 'the year before': dated from the date next to it in the sentence, if there is one."""
    return Reading("relative", note=f"'{m.group(0)}' is dated from another date in the sentence, and there is "
                                    f"none to read it from: left unresolved")


def read_now(m: re.Match[str], ctx: Context) -> Reading:
    """'for now', 'as of now', 'right now': the anchor's day."""
    anchor = _need_anchor(ctx, m.group(0))
    return Reading("relative", anchor, anchor, "day", None, anchor, ctx.basis, f"'{m.group(0)}': the anchor's day")


def read_clock(m: re.Match[str], ctx: Context) -> Reading:
    """'at 3:30', '10 a.m.': a time of day, on the anchor's day (or a day named next to it in the sentence)."""
    anchor = _need_anchor(ctx, m.group(0))
    return Reading("relative", anchor, anchor, "day", None, anchor, ctx.basis, "a time of day: the anchor's day")


def read_fiscal_year(m: re.Match[str], ctx: Context) -> Reading:
    """'fiscal year 2025', 'FY2025': the US federal fiscal year, October of the year before to September."""
    y = int(m["y"])
    return _absolute(_date(y - 1, 10, 1), _date(y, 9, 30), "month", ctx,
                     f"US federal fiscal year {y}: 1 October {y - 1} to 30 September {y} (assumption: other "
                     f"governments' fiscal years differ)")


def read_decade_part(m: re.Match[str], ctx: Context) -> Reading:
    """'the early 2030s', 'the late 1990s', 'the mid-2020s': part of a decade (years 0-3, 4-6, 7-9)."""
    y, part = int(m["y"]), _part_key(m["part"])
    lo, hi = DECADE_PARTS[part]
    return _absolute(_date(y + lo, 1, 1), _date(y + hi, 12, 31), "year", ctx,
                     f"'{part}' of a decade: years {y + lo}-{y + hi} (assumption)")


def read_decade_rel(m: re.Match[str], ctx: Context) -> Reading:
    """'early next decade', 'the end of the decade', 'this decade': a decade counted from the anchor."""
    anchor = _need_anchor(ctx, m.group(0))
    which = m["which"].lower()
    y = anchor.year // 10 * 10 + 10 * {"the": 0, "this": 0, "next": 1, "last": -1}[which]
    if m["part"]:
        part = _part_key(m["part"])
        lo, hi = DECADE_PARTS[part]
        note = f"'{part} of {which} decade': years {y + lo}-{y + hi} (assumption)"
    else:
        lo, hi = 0, 9
        note = f"'{which} decade': the {y}s"
    first, last = _date(y + lo, 1, 1), _date(y + hi, 12, 31)
    return Reading("relative", first, last, "year", _direction(first, last, anchor), anchor, ctx.basis, note)


def _fuzzy_reader(f: Fuzzy) -> Callable[[re.Match[str], Context], Reading]:
    def read(m: re.Match[str], ctx: Context) -> Reading:
        anchor = _need_anchor(ctx, f"'{m.group(0)}'")
        first, last = shift(anchor, f.lo, f.unit), shift(anchor, f.hi, f.unit)
        return Reading(f.kind, first, last, f.precision, f.direction, anchor, ctx.basis,
                       f"{f.reading} (assumption)")

    read.__doc__ = f.reading
    return read


# ---------------------------------------------------------------------------------------------
# The rule table
# ---------------------------------------------------------------------------------------------


def _rule(name: str, pattern: str, read: Callable[[re.Match[str], Context], Reading], kind: str,
          example: str, flags: int = 0, mod: bool = False, doc: str = "") -> Rule:
    full = (_MOD if mod else "") + pattern
    lines = (doc or read.__doc__ or "").strip().splitlines()
    compiled = re.compile(full, flags)
    return Rule(name, compiled, read, kind, example, lines[0] if lines else "", required(compiled),
                re.compile(pattern, flags) if mod else None)


_AMOUNT = rf"(?:(?P<hedge>{_HEDGE})\s+)?(?P<n1>{_NUM})(?:\s*(?:to|-|–|or)\s*(?P<n2>{_NUM}))?\s+(?P<unit>{_UNIT})"

#: Every rule, in no particular order: where matches overlap, the longest wins.
RULES: tuple[Rule, ...] = (
    _rule("full_date",
          rf"\b(?:(?P<wd>{_WD}),?\s+)?(?P<core>(?P<d1>{_D})(?:\s+of)?\s+(?P<m1>{_M}),?\s+(?P<y1>{_Y})|"
          rf"(?P<m2>{_M})\s+(?P<d2>{_D}),?\s+(?P<y2>{_Y}))",
          read_full_date, "absolute", "Dec. 17, 2025", mod=True),
    _rule("iso_date", r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b", read_iso_date, "absolute",
          "2025-12-17", mod=True),
    _rule("numeric_date", r"\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/.]\d)",
          read_numeric_date, "absolute", "12/05/2025", mod=True),
    _rule("day_range",
          rf"\b(?:(?P<d1>{_D})\s+(?P<m1>{_M})\s*(?:[–-]|to)\s*(?P<d2>{_D})\s+(?P<m2>{_M}),?\s+(?P<y>{_Y})|"
          rf"(?P<d1b>{_D})\s*[–-]\s*(?P<d2b>{_D})\s+(?P<m1b>{_M}),?\s+(?P<yb>{_Y})|"
          rf"(?P<m1c>{_M})\s+(?P<d1c>{_D})\s*[–-]\s*(?P<d2c>{_D}),?\s+(?P<yc>{_Y}))",
          lambda m, ctx: read_day_range(_Groups(m, {"d1": ("d1", "d1b", "d1c"), "d2": ("d2", "d2b", "d2c"),
                                                    "m1": ("m1", "m1b", "m1c"), "m2": ("m2",),
                                                    "y": ("y", "yb", "yc")}), ctx),
          "absolute", "9–10 December 2025", mod=True, doc=read_day_range.__doc__ or ""),
    _rule("month_year",
          rf"\b(?:(?P<part>early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
          rf"the\s+middle\s+of)[\s-]+)?(?P<m>{_M})(?:\s+of)?,?\s+(?P<y>{_Y})",
          read_month_year, "absolute", "December 2025", mod=True),
    _rule("year_part",
          r"\b(?P<part>early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
          r"the\s+middle\s+of|the\s+turn\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of|"
          r"first\s+half\s+of|second\s+half\s+of|(?:the\s+)?(?:first|second|third|fourth)\s+quarter\s+of)[\s-]+"
          r"(?P<y>" + _BARE_YEAR + r")\b",
          read_year_part, "absolute", "mid-2019", mod=True),
    _rule("year_range",
          rf"\bbetween\s+(?P<y1>{_Y4})\s+and\s+(?P<y2>{_Y4})|\bfrom\s+(?P<y1b>{_Y4})\s+(?:to|until|through)\s+"
          rf"(?P<y2b>{_Y4})|(?<![\w$€£./-])(?P<y1c>{_BARE_YEAR})\s*[–-]\s*(?P<y2c>{_BARE_YEAR}|\d{{2}})(?![\w%-])",
          lambda m, ctx: read_year_range(_Groups(m, {"y1": ("y1", "y1b", "y1c"), "y2": ("y2", "y2b", "y2c")}), ctx),
          "absolute", "between 2017 and 2019", doc=read_year_range.__doc__ or ""),
    _rule("decade", r"\b(?:the\s+)?(?P<y>(?:19|20)\d0)s\b", read_decade, "absolute", "the 1990s"),
    _rule("year", rf"(?<![\w$€£./,#-])(?P<y>{_BARE_YEAR})(?![\w%-]|[.,]\d|\s+(?:{_COUNT_NOUNS})\b)",
          read_year, "absolute", "in 2019", mod=True),
    _rule("since_phrase",
          rf"\bsince\s+(?:the|its|their|his|her|Turkey’s|Turkey's)\s+[^\s,.;]+(?:\s+[^\s,.;]+){{0,5}}?\s+in\s+"
          rf"(?:(?P<m>{_M})\s+)?(?P<y>{_BARE_YEAR})\b",
          read_since_phrase, "duration", "since the S-400 purchase in 2017"),
    _rule("day_month",
          rf"\b(?:(?P<wd>{_WD}),?\s+)?(?:(?P<d1>{_D})(?:\s+of)?\s+(?P<m1>{_M})|(?P<m2>{_M})\s+(?P<d2>{_D})\b)"
          rf"(?!,?\s*\d)",
          read_day_month, "relative", "December 17", mod=True),
    _rule("month_alone",  # (?=[JFMASOND]): the word before is looked at only where a month can start
          rf"(?:\b(?P<q>(?i:last|next|this|early|late|mid|the\s+end\s+of|end\s+of|the\s+beginning\s+of|"
          rf"the\s+start\s+of|the\s+middle\s+of))[\s-]+|(?=[JFMASOND])(?:(?<=\b(?i:in)\s)|(?<=\b(?i:by)\s)|"
          rf"(?<=(?i:since)\s)|(?<=(?i:until)\s)|(?<=(?i:before)\s)|(?<=\b(?i:from)\s)|(?<=(?i:during)\s)|"
          rf"(?<=(?i:after)\s)|(?<=\b(?i:as\searly\sas)\s)|(?<=\b(?i:as\slate\sas)\s)))(?P<m>{_MFULL})\b"
          rf"(?!\s+\d)",
          read_month_alone, "relative", "last December", mod=True),
    _rule("month_bare", r"(?<![\w-])(?<!\bthe\s)(?P<m>(?:January|February|March|April|June|July|August|September|"
          r"October|November|December))\b(?!\s+\d|\s+[A-Z]|['’]s)",
          read_month_alone, "relative", "a July deadline", doc="A month name alone (not May, which is also a verb): "
          "read as 'in July'"),
    _rule("month_rel_year", rf"\b(?P<m>{_MFULL})(?:\s+of)?\s+(?P<q>(?i:last|next|this))\s+year\b",
          read_month_rel_year, "relative", "May next year", mod=True),
    _rule("day_range_rel",
          rf"\b(?:(?P<m1>{_M})\s+(?P<d1>{_D})\s*(?:[–-]|(?i:to|through|until))\s*(?:(?P<m2>{_M})\s+)?(?P<d2>{_D})|"
          rf"(?P<d1b>{_D})\s*(?:[–-]|(?i:to))\s*(?P<d2b>{_D})\s+(?P<m1b>{_M})|"
          rf"(?P<d1c>{_D})\s+(?P<m1c>{_M})\s*(?:[–-]|(?i:to))\s*(?P<d2c>{_D})\s+(?P<m2c>{_M}))(?![\w%]|,?\s*\d)",
          lambda m, ctx: read_day_range_rel(_Groups(m, {"d1": ("d1", "d1b", "d1c"), "d2": ("d2", "d2b", "d2c"),
                                                        "m1": ("m1", "m1b", "m1c"), "m2": ("m2", "m2c")}), ctx),
          "relative", "July 12-25", mod=True, doc=read_day_range_rel.__doc__ or ""),
    _rule("season",
          r"\b(?:(?P<q>(?i:last|next|this))\s+(?P<s1>(?i:spring|summer|fall|autumn|winter))|"
          r"(?P<lead>(?i:in|during|over|through|by|until|till|since))\s+(?:(?i:the)\s+)?"
          r"(?P<s2>(?i:spring|summer|fall|autumn|winter))(?![\w-]|\s+(?:of\s+)?[a-z])|"
          r"(?:(?i:the)\s+)?(?P<s3>(?i:spring|summer|fall|autumn|winter))(?:\s+of)?\s+(?P<y>" + _BARE_YEAR + r"))\b",
          read_season, "relative", "last spring"),
    _rule("weekend", r"\b(?:(?P<q>last|next|this)|(?:over|at|during)\s+the)\s+weekend\b", read_weekend, "relative",
          "over the weekend", re.IGNORECASE),
    _rule("offset", rf"\b(?:{_AMOUNT}|(?<!the\s)(?P<bare>days|weeks|months))\s+(?P<dir>after|earlier)\b(?!\s+than)",
          read_offset, "relative", "days after", re.IGNORECASE),
    _rule("eve", r"\b(?:on\s+)?the\s+eve\s+of\b", read_linked, "relative", "on the eve of", re.IGNORECASE,
          doc="'on the eve of': the day before the date that follows it"),
    _rule("unit_before", r"\bthe\s+(?P<unit>year|month|week|day)\s+(?P<dir>before|after)\b(?=\s*[,.;:)]|$)",
          read_linked, "relative", "the year before", re.IGNORECASE,
          doc="'the year before': one unit before (after) the date named before it in the sentence"),
    _rule("now", r"\b(?:for|as\s+of|right)\s+now\b", read_now, "relative", "for now", re.IGNORECASE),
    _rule("unresolved", r"\b(?:nowadays|Nowadays)\b|(?:^|(?<=[.!?\n]\s)|(?<=[.!?][\"”’]\s)|(?<=\n))Earlier(?=,)",
          read_unresolved, "vague", "Nowadays"),
    _rule("clock", r"(?<![\d:.,$])(?:(?i:at)\s+)?(?P<h>2[0-3]|[01]?\d)(?::(?P<mi>[0-5]\d)(?:\s*(?:[ap]\.m\.|[ap]m\b))?|"
          r"\s*(?:[ap]\.m\.|[ap]m\b))(?![\d:])", read_clock, "relative", "at 3:30"),
    _rule("fiscal_year", r"\b(?:(?i:fiscal)\s+(?:(?i:year)\s+)?|FY\s?)(?P<y>(?:19|20)\d{2})\b", read_fiscal_year,
          "absolute", "fiscal year 2025", mod=True),
    _rule("decade_part", r"\b(?:the\s+)?(?P<part>(?i:early|mid|late))[\s-]+(?P<y>(?:19|20)\d0)s\b", read_decade_part,
          "absolute", "the early 2030s", mod=True),
    _rule("decade_rel", r"\b(?:(?:(?P<part>early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|"
          r"the\s+start\s+of|the\s+middle\s+of)[\s-]+)?(?P<which>this|next|last)\s+decade\b"
          r"|(?P<part2>the\s+end\s+of|end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)\s+"
          r"(?P<which2>the)\s+decade\b)",
          lambda m, ctx: read_decade_rel(_Groups(m, {"part": ("part", "part2"), "which": ("which", "which2")}), ctx),
          "relative", "early next decade", re.IGNORECASE, mod=True, doc=read_decade_rel.__doc__ or ""),
    _rule("recent_adjective", rf"\brecent\b(?=\s+(?!(?:{_SPEECH_NOUNS}|days|weeks|months|years)\b)[a-z])",
          read_recent_adjective, "vague", "recent differences", re.IGNORECASE),
    _rule("weekday", rf"\b(?:(?P<q>(?i:last|next|this|on))\s+)?(?P<wd>{_WD})\b", read_weekday, "relative",
          "on Wednesday", mod=True),
    _rule("day_word", r"\b(?:yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night)\b",
          read_day_word, "relative", "yesterday",
          re.IGNORECASE, mod=True),
    _rule("calendar", r"\b(?P<q>last|this|next|earlier\s+this|later\s+this)\s+(?P<unit>week|month|year)\b",
          read_calendar, "relative", "last year", re.IGNORECASE, mod=True),
    _rule("part_of", r"\b(?:(?:the\s+)?(?P<part>end|beginning|start|middle|first\s+half|second\s+half|"
          r"(?:first|second|third|fourth)\s+quarter)\s+of\s+(?P<which>the|this|next|last)\s+(?P<unit>year|month)|"
          r"(?P<part2>early|mid|late)[\s-]+(?P<which2>this|next|last)\s+(?P<unit2>year|month))\b",
          lambda m, ctx: read_part_of(_Groups(m, {"part": ("part", "part2"), "which": ("which", "which2"),
                                                  "unit": ("unit", "unit2")}), ctx),
          "relative", "by the end of the year", re.IGNORECASE, mod=True, doc=read_part_of.__doc__ or ""),
    _rule("ago", rf"\b{_AMOUNT}\s+ago\b", read_ago, "relative", "nearly a decade ago", re.IGNORECASE),
    _rule("ahead", rf"\b(?P<lead>within|in\s+the\s+next|over\s+the\s+next|in\s+the\s+coming|in)\s+{_AMOUNT}\b"
          r"(?!\s+(?:ago|earlier|before|after|later|of)\b)",
          read_ahead, "duration", "within four to six months", re.IGNORECASE),
    _rule("for_period", rf"\b(?:(?:for|over|in|during)\s+the\s+(?:past|last)\s+(?:{_AMOUNT}|(?P<unit1>year|"
          r"decade|month|week))|for\s+" + _AMOUNT.replace("?P<", "?P<f_") + r")\b",
          lambda m, ctx: read_for_period(_Groups(m, {"hedge": ("hedge", "f_hedge"), "n1": ("n1", "f_n1"),
                                                     "n2": ("n2", "f_n2"),
                                                     "unit": ("unit", "unit1", "f_unit")}), ctx),
          "duration", "over the past three years", re.IGNORECASE, doc=read_for_period.__doc__ or ""),
    *(_rule(f.name, rf"\b(?:{f.pattern})\b", _fuzzy_reader(f), f.kind, f.reading.split("'")[1], re.IGNORECASE)
      for f in FUZZY),
)


class _Groups:
    """A match whose alternative branches are read through one set of group names."""

    def __init__(self, m: re.Match[str], names: Mapping[str, tuple[str, ...]]) -> None:
        self._m = m
        self._names = names

    def __getitem__(self, key: str) -> Any:
        for name in self._names.get(key, (key,)):
            try:
                value = self._m[name]
            except IndexError:
                continue
            if value is not None:
                return value
        return None

    def group(self, *args: Any) -> Any:
        return self._m.group(*args)

    def start(self, *args: Any) -> int:
        return self._m.start(*args)


def rules_frame() -> pd.DataFrame:
    """The rule table for people: name, kind, an example, and how it reads; then the fuzzy phrases."""
    import pandas as pd

    rows = [{"rule": r.name, "kind": r.kind, "example": r.example, "reading": r.reading} for r in RULES]
    return pd.DataFrame(rows)


def fuzzy_frame() -> pd.DataFrame:
    """The fuzzy-phrase and hedge tables as one frame (every row an assumption a teacher may change)."""
    import pandas as pd

    rows = [{"phrase": f.name, "kind": f.kind, "direction": f.direction,
             "from": f"{f.lo:+g} {f.unit}s", "to": f"{f.hi:+g} {f.unit}s", "reading": f.reading} for f in FUZZY]
    rows += [{"phrase": f"{h} N", "kind": "vague", "direction": "", "from": f"{lo:.0%} of N", "to": f"{hi:.0%} of N",
              "reading": f"hedge '{h}'"} for h, (lo, hi) in HEDGES.items()]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Finding and resolving
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    rule: Rule
    match: re.Match[str]


def _scan(text: str) -> list[_Found]:
    """Every rule's matches, then the longest non-overlapping ones (ties: earlier, then rule order).

    A rule whose required strings are not in the text (most rules, in most articles) is not run.
    """
    found: list[tuple[int, int, int, _Found]] = []
    present = Present(text)
    mods: list[tuple[int, int]] | None = None
    for order, rule in enumerate(RULES):
        if not present.may_match(rule.needs):
            continue
        if rule.core is not None and mods is None:
            mods = [m.span() for m in _MOD_RUNS.finditer(text)]
        for m in _matches(rule, text, mods or []):
            if m.end() > m.start() and m.group(0).strip():
                found.append((m.end() - m.start(), m.start(), order, _Found(m.start(), m.end(), rule, m)))
    found.sort(key=lambda t: (-t[0], t[1], t[2]))
    # The kept spans never overlap, so sorted by start they are sorted by end too: a new span
    # overlaps one of them exactly when it overlaps the last kept span starting before its end.
    starts: list[int] = []
    taken: list[_Found] = []
    for _, _, _, f in found:
        k = bisect_left(starts, f.end)
        if k and taken[k - 1].end > f.start:
            continue
        starts.insert(k, f.start)
        taken.insert(k, f)
    return taken


def _matches(rule: Rule, text: str, mods: list[tuple[int, int]]) -> Iterable[re.Match[str]]:
    """``rule.pattern.finditer(text)``, found in half the time for a rule that may start with a modifier.

    A pattern that may start with "by", "since", ... is tried at every character of the text; so
    the rule is searched without the modifier (``rule.core``), and each match is taken again with
    ``rule.pattern`` from where it starts, or from the modifier whose spaces end there (``mods``:
    their spans, in text order). The same matches, as long as no match of the core starts on a
    modifier or its spaces (none does: a core starts a word); should one, or should a match come
    out otherwise, the rule is searched the plain way.
    """
    if rule.core is None:
        return rule.pattern.finditer(text)
    ends = {end: start for start, end in mods}
    starts = [start for start, _ in mods]
    out: list[re.Match[str]] = []
    pos = 0  # where the search for the next match starts: the end of the last one
    for core in rule.core.finditer(text):
        s = core.start()
        k = bisect_right(starts, s) - 1
        if core.end() == s or (k >= 0 and s < mods[k][1]):
            return rule.pattern.finditer(text)  # an empty match, or one inside a modifier: the plain way
        start = ends[s] if ends.get(s, -1) >= pos else s
        m = rule.pattern.match(text, start)
        if m is None or m.end() != core.end() or (m.group("mod") is None) != (start == s):
            return rule.pattern.finditer(text)
        out.append(m)
        pos = m.end()
    return out


def _apply_mod(reading: Reading, mod: str | None, ctx: Context) -> Reading:
    """'by X' = a deadline from the anchor to X; 'since X' = a period from X up to the anchor."""
    if not mod or not reading.resolved or reading.kind == "duration":
        return reading
    mod = " ".join(mod.lower().split())
    if mod == "since":
        if ctx.anchor is None:
            return replace(reading, kind="duration", latest=None, direction="ongoing",
                           note=f"since {reading.note}: a period up to publication, whose date is unknown")
        return replace(reading, kind="duration", latest=max(ctx.anchor, reading.earliest),
                       direction="ongoing", anchor=ctx.anchor, anchor_basis=ctx.basis,
                       note=f"'since': a period from {reading.earliest} up to the anchor; {reading.note}")
    if ctx.anchor is not None and reading.latest is not None and ctx.anchor <= reading.latest:
        return replace(reading, earliest=ctx.anchor, direction="future", anchor=ctx.anchor, anchor_basis=ctx.basis,
                       note=f"'{mod}': a deadline, so from the anchor up to {reading.latest}; {reading.note}")
    return replace(reading, note=f"'{mod}': a deadline of {reading.latest}; {reading.note}")


def _read(found: _Found, text: str, ctx: Context, sent_start: int | None = None,
          sent_end: int | None = None) -> Reading:
    """Resolve one match; an unresolvable expression becomes an unresolved reading with the reason.

    The tense the rules see comes from the match's own 'by'/'until' (forward) or 'since' (back), else
    from the nearest tense word before it in its sentence (``sent_start``; default: the last full stop),
    else from the first one after it ("In June, Ankara told ...").
    """
    m = found.match
    if sent_start is None or sent_start > found.start:
        sent_start = max(text.rfind(".", 0, found.start), text.rfind("\n", 0, found.start), 0)
    before = text[sent_start: found.start]
    mod = " ".join((m.groupdict().get("mod") or "").lower().split())
    tense = ("future" if mod in ("by", "until", "till", "no later than") else "past" if mod == "since"
             else _tense(before))
    if tense is None and mod not in ("before",) and sent_end is not None:
        after = text[found.end: sent_end]
        fut, past = _FUTURE_CUE.search(after), _PAST_CUE.search(after)
        if fut or past:
            tense = "future" if fut and (not past or fut.start() <= past.start()) else "past"
    ctx = replace(ctx, before=before[-60:], tense=tense)
    try:
        reading = found.rule.read(m, ctx)
        mod = m.groupdict().get("mod")
        reading = _apply_mod(reading, mod, ctx)
    except Unresolvable as exc:
        reading = Reading(found.rule.kind, note=str(exc))
    except (ValueError, OverflowError, KeyError, IndexError) as exc:  # a rule met text it did not expect
        reading = Reading(found.rule.kind, note=f"could not be read ({type(exc).__name__}): left unresolved")
    if reading.resolved and reading.latest is not None and reading.latest < reading.earliest:  # type: ignore[operator]
        reading = replace(reading, earliest=reading.latest, latest=reading.earliest,
                          note=reading.note + "; bounds swapped")
    return reading


def _to_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ParameterError(where, f"{value!r} is not an ISO date like 2025-12-05") from None


def date_mentions(
    article: Article | str,
    *,
    published: dt.date | str | None = None,
    anchors: Mapping[str, dt.date | str] | None = None,
) -> pd.DataFrame:
    """Every date expression in ``article``, resolved to an interval (see :data:`DATES_SCHEMA`).

    Args:
        article: an :class:`~kit.article.Article`, or plain text (then pass ``published``).
        published: overrides the article's publication date (the default anchor); ``None`` keeps
            ``article.published``. When neither is known, relative dates stay unresolved.
        anchors: documented dates for vague references, keyed by the mention's text
            (case-insensitive), e.g. ``{"recent statement": "2025-12-05"}``. A matching mention is
            pinned to that day, and forward-looking phrases in the same sentence hang from it.

    Returns:
        One row per expression, in text order; ``text == article.text[start_char:end_char]``.
    """
    if isinstance(article, str):
        article = Article.from_text(article, {"published": published} if published else None)
    if not isinstance(article, Article):
        raise InputError("date_mentions", f"expects an Article or a string, not {type(article).__name__}")
    pub = _to_date(published, "published") if published is not None else article.published
    pins = {" ".join(str(k).lower().split()): _to_date(v, f"anchors[{k!r}]") for k, v in (anchors or {}).items()}
    text = article.text
    found = _scan(text)
    base = Context(pub, "publication" if pub else "none", pub)
    dateline_note = ""
    if pub is None:
        base, dateline_note = _dateline_context(text, found, base)
    sents = [article.sentence_index(f.start) for f in found]
    starts = [article.sentences[s].start if s >= 0 else None for s in sents]
    ends = [article.sentences[s].end if s >= 0 else None for s in sents]
    readings = [_read(f, text, base, st, en) for f, st, en in zip(found, starts, ends, strict=True)]
    if dateline_note:
        readings = [replace(r, note=f"{r.note}; {dateline_note}") if r.anchor_basis == "dateline" else r
                    for r in readings]

    # Pinned references: the caller knows the date the text only hints at.
    for i, f in enumerate(found):
        key = " ".join(f.match.group(0).lower().split())
        if key in pins:
            day = pins[key]
            was = (f"{_fmt(readings[i].earliest)}..{_fmt(readings[i].latest)}" if readings[i].resolved
                   else "unresolved")
            readings[i] = Reading(readings[i].kind, day, day, "day", _direction(day, day, pub), day, "given",
                                  f"pinned to {day} by a documented date passed in anchors=; the text alone "
                                  f"reads {was}")

    # Forward-looking phrases in a sentence that reports a statement hang from that statement's day.
    by_sentence: dict[int, list[int]] = {}
    for i, s in enumerate(sents):
        by_sentence.setdefault(s, []).append(i)
    for i, f in enumerate(found):
        r = readings[i]
        if r.direction != "future" or f.rule.kind == "absolute" or r.anchor_basis == "given" or sents[i] < 0:
            continue
        sentence = article.sentences[sents[i]].text
        if not _SPEECH_CUE.search(sentence):
            continue
        dated = [j for j in by_sentence[sents[i]] if j != i and readings[j].resolved
                 and readings[j].precision == "day" and readings[j].earliest == readings[j].latest
                 and readings[j].direction != "future"]
        if dated:
            j = min(dated, key=lambda j: abs(found[j].start - f.start))
            day = readings[j].earliest
            ctx = Context(day, "statement", pub)
            new = _read(f, text, ctx, starts[i], ends[i])
            readings[i] = replace(new, note=f"anchored on the statement the sentence reports "
                                            f"('{found[j].match.group(0)}', {day}), not on publication; {new.note}")
        else:
            vague = [j for j in by_sentence[sents[i]] if j != i and readings[j].direction == "past"]
            if vague and r.resolved:
                readings[i] = replace(r, note=f"{r.note}; the sentence ties it to a statement dated only "
                                              f"'{found[vague[0]].match.group(0)}', so it is anchored on publication")
    _link(found, readings, sents, starts, ends, text)
    return _frame(found, readings, sents)


def _dateline_context(text: str, found: list[_Found], base: Context) -> tuple[Context, str]:
    """With no publication date, the dateline's date (if it has one) becomes the anchor.

    A dateline without a year ("MOSCOW, August 26.") takes the year of the first full date in the text.
    """
    from kit.extract.datelines import find_dateline

    hint = None
    for f in found:
        if f.rule.name in ("full_date", "iso_date"):
            r = _read(f, text, base)
            if r.resolved:
                hint = r.earliest.year  # type: ignore[union-attr]
                break
    dl = find_dateline(text, hint)
    if dl is None or dl.date is None:
        return base, ""
    note = f"no publication date: anchored on the dateline's date ('{dl.text.strip()}', {dl.date})"
    if dl.date_text and not re.search(r"\d{4}", dl.date_text):
        note += f", its year taken from the first full date in the text ({hint})"
    return Context(dl.date, "dateline", dl.date), note


def _link(found: list[_Found], readings: list[Reading], sents: list[int], starts: list[int | None],
          ends: list[int | None], text: str) -> None:
    """Mentions read from a neighbour in the sentence: 'on the eve of' + the date after it, 'the year
    before' + the date before it, a clock time + the day it is on, 'a day after' + the sentence's day."""
    by_sentence: dict[int, list[int]] = {}
    for j, sent in enumerate(sents[:len(found)]):
        if sent >= 0:
            by_sentence.setdefault(sent, []).append(j)  # a sentence's mentions, so the pass stays linear
    for i, f in enumerate(found):
        name = f.rule.name
        same = [j for j in by_sentence.get(sents[i], []) if j != i and readings[j].resolved]
        if name == "eve":
            after = [j for j in same if found[j].start >= f.end and not text[f.end:found[j].start].strip()
                     and readings[j].precision == "day" and readings[j].earliest == readings[j].latest]
            if after:
                j = after[0]
                day = readings[j].earliest - dt.timedelta(days=1)  # type: ignore[operator]
                readings[i] = Reading("relative", day, day, "day", readings[j].direction, readings[j].anchor,
                                      readings[j].anchor_basis, f"the day before '{found[j].match.group(0)}' "
                                                                f"({readings[j].earliest})")
        elif name == "unit_before":
            unit, back = f.match["unit"].lower(), f.match["dir"].lower() == "before"
            prec = {"year": "year", "month": "month", "week": "day", "day": "day"}[unit]
            prior = [j for j in same if found[j].end <= f.start and readings[j].precision == prec]
            if prior:
                j = prior[-1]
                step = -1 if back else 1
                first = shift(readings[j].earliest, step, unit)  # type: ignore[arg-type]
                last = shift(readings[j].latest, step, unit)  # type: ignore[arg-type]
                if unit in ("year", "month"):
                    last = _span(last, prec)[1]
                readings[i] = Reading("relative", first, last, prec, _direction(first, last, readings[j].anchor),
                                      readings[j].anchor, readings[j].anchor_basis,
                                      f"the {unit} {'before' if back else 'after'} '{found[j].match.group(0)}'")
        elif name in ("clock", "offset") and readings[i].resolved:
            days = [j for j in same if readings[j].precision == "day" and readings[j].earliest == readings[j].latest
                    and found[j].rule.name not in ("clock", "offset", "eve")
                    and (name == "clock" or found[j].end <= f.start)]
            if not days:
                continue
            j = min(days, key=lambda j: abs(found[j].start - f.start))
            day = readings[j].earliest
            if name == "clock":
                readings[i] = replace(readings[i], earliest=day, latest=day, anchor=readings[j].anchor,
                                      note=f"a time of day on '{found[j].match.group(0)}' ({day})")
            elif day != readings[i].anchor:
                new = _read(f, text, Context(day, "statement", readings[j].anchor), starts[i], ends[i])
                readings[i] = replace(new, note=f"counted from the day the sentence reports "
                                                f"('{found[j].match.group(0)}', {day}); {new.note}")


def _frame(found: list[_Found], readings: list[Reading], sents: list[int]) -> pd.DataFrame:
    rows = []
    for n, (f, r, s) in enumerate(zip(found, readings, sents, strict=True), start=1):
        rows.append({
            "date_id": f"d{n}",
            "text": f.match.group(0),
            "start_char": f.start,
            "end_char": f.end,
            "sent_idx": s,
            "kind": r.kind,
            "earliest": r.earliest.isoformat() if r.earliest else None,
            "latest": r.latest.isoformat() if r.latest else None,
            "precision": r.precision if r.resolved else None,
            "direction": r.direction,
            "anchor": r.anchor.isoformat() if r.anchor else None,
            "anchor_basis": r.anchor_basis,
            "rule": f.rule.name,
            "note": r.note,
        })
    if not rows:
        return DATES_SCHEMA.empty()
    return DATES_SCHEMA.from_records(rows)
