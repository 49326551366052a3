"""Amounts: sums of money and counted things ("$1.85 billion", "32 F-35 fighter jets").

Every amount is read by a few plain rules, tried on the whole text in one pass each:

**Money** needs a currency, written before the number (a sign or code: :data:`CURRENCY_SIGNS`,
:data:`CURRENCY_CODES`) or after it (a word: :data:`CURRENCY_WORDS`)::

    $1.85 billion   $4.75-billion   US$ 5 billion   $5.43bn   €1.2bn   EUR 300 million   £300m   $1B
    Rs 5,000 crore   ₹21,700 crore   5 billion dollars   2.5 billion euros   10 billion rubles
    $500 to $600 million   $500-600 million   between $1 billion and $2 billion     (ranges)

The number is multiplied by its scale words (:data:`SCALES`: million, bn, m, lakh, crore, ...; "1.5
lakh crore" is 1.5 x 100,000 x 10,000,000). In a range whose first number has no scale, the second
number's scale applies to both ("$500-600 million" is 500 to 600 million). A figure in crore or lakh
crore with no currency is read as rupees (INR), and the note says so. Phrases that name money without a
figure ("multibillion-dollar", "billions of dollars", "hundreds of millions of dollars") are money
with no ``value``.

**Quantities** are a number, then up to four modifiers, then a counted noun from :data:`COUNT_NOUNS`
(or a weapon system from :data:`WEAPON_SYSTEMS`, or a model name made plural such as "F-35s"). A
modifier is a lower-case word or a run of capitalised names, abbreviations and model numbers, which
counts as one ("F-35 Lightning II Joint Strike", "U.S. F-16", "Dornier 228"), and so does a calibre
glued to its number ("120mm", "155-millimeter")::

    two battalions   32 F-35 fighter jets   four Patriot batteries   five S-400 squadrons
    112 guided missiles   up to 128 missiles   a dozen jets   four to six batteries   hundreds of tanks
    six more batteries   40 F-35 Lightning II Joint Strike Fighters   eighty-four (84) PAC-3 missiles
    20 120mm mortar systems   75,000 rounds of 155mm artillery ammunition (75,000 rounds)

A count may also be taken out of a group ("32 of its advanced F-35 fighter jets", "20 of the jets",
"79 of its F-16 fleet" with :data:`COLLECTIVE_NOUNS`; never "one of"), or give the size of a body as an
adjective before the body it sizes ("the 30-member alliance", "a 27-nation bloc": :data:`SIZE_NOUNS`
before :data:`BODY_NOUNS`; "the two-state solution" sizes nothing). A number with no noun
after it counts the thing counted just before it, in the same paragraph and with no money between
("at least 11 submarines and, potentially, 13", "two more", "the remaining three will come"); see
:func:`_bare_counts` for the numbers never read so.

Numbers may be digits ("1,500", "2.5") or words (:data:`NUMBER_WORDS`: one to twenty, the tens,
"a dozen", "a hundred", "half a dozen", "twenty-five"). ``unit`` is the counted thing as written with
its last word made singular ("F-35 fighter jet"); ``item`` is the model name in it (F-35, S-400,
Patriot). Only nouns in the list are counted, so "two years", "400 kilometres", "5%", "4.8 km/s",
"three of them" and "from one system to another" are never amounts; nor is a number before a unit of
measure (:data:`MEASURE_UNITS`: "155 mm M777 howitzers", "a 7.62 mm rifle" give a calibre), nor "rounds
of" anything but ammunition (:data:`AMMUNITION_WORDS`: "three rounds of talks"); and a counted noun left
singular after a number above one modifies the next word ("two government officials", "two drone
strikes"), so it is not counted either (:data:`SINGULAR_COUNTS` lists the nouns that stay singular: "40
ground crew").

**Never amounts**: a number glued to other characters ("S-400", "Su-30MKI", "F-16", "1st", "10:30",
"45-year-old"), a number after a label word (:data:`LABEL_WORDS`: "Article 5", "Block 70") or a
month ("July 12-25"), a bare four-digit year-like number ("2019", "in 2017": real counts that large are
written "2,000"), and a number starting with 0 ("0101").

A hedge just before an amount ("up to", "about", "more than": :data:`HEDGES`) is kept out of the span
and recorded in ``note``. When two readings overlap, money wins over a quantity, and a longer span
over a shorter one.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kit.errors import InputError
from kit.schema import Field, TableSchema

if TYPE_CHECKING:
    import pandas as pd

    from kit.article import Article

# ---------------------------------------------------------------------------------------------
# Vocabulary (module-level tables a learner can print)
# ---------------------------------------------------------------------------------------------

#: Currency signs and abbreviations written before a number -> ISO 4217 code.
CURRENCY_SIGNS: dict[str, str] = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "€": "EUR", "£": "GBP", "₹": "INR",
    "Rs.": "INR", "Rs": "INR", "₽": "RUB", "₺": "TRY", "TL": "TRY", "¥": "JPY", "₩": "KRW", "₪": "ILS",
    "₴": "UAH", "zł": "PLN", "CHF": "CHF",
}

#: ISO 4217 codes accepted before or after a number ("EUR 300 million", "5 billion USD").
CURRENCY_CODES: tuple[str, ...] = (
    "USD", "EUR", "GBP", "INR", "RUB", "TRY", "JPY", "CNY", "RMB", "AUD", "CAD", "PLN", "CHF", "SEK",
    "NOK", "DKK", "KRW", "ILS", "UAH", "AED", "SAR", "QAR", "PKR", "BRL", "ZAR", "SGD", "HKD", "NZD",
)

#: Currency names written after a number (singular; plurals are accepted) -> ISO code.
CURRENCY_WORDS: dict[str, str] = {
    "US dollar": "USD", "U.S. dollar": "USD", "American dollar": "USD", "dollar": "USD",
    "Australian dollar": "AUD", "Canadian dollar": "CAD", "Singapore dollar": "SGD",
    "Hong Kong dollar": "HKD", "New Zealand dollar": "NZD", "euro": "EUR", "pound sterling": "GBP",
    "British pound": "GBP", "pound": "GBP", "Indian rupee": "INR", "rupee": "INR", "Pakistani rupee": "PKR",
    "Russian ruble": "RUB", "Russian rouble": "RUB", "ruble": "RUB", "rouble": "RUB",
    "Turkish lira": "TRY", "lira": "TRY", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "zloty": "PLN", "Swiss franc": "CHF", "franc": "CHF", "hryvnia": "UAH", "shekel": "ILS",
    "dirham": "AED", "riyal": "SAR", "rand": "ZAR", "krona": "SEK", "krone": "NOK", "real": "BRL",
}

#: Plural forms that are not just singular + "s".
_CURRENCY_PLURALS: dict[str, tuple[str, ...]] = {
    "lira": ("liras", "lire"), "yen": (), "yuan": (), "renminbi": (), "zloty": ("zlotys", "zlotych"),
    "hryvnia": ("hryvnias", "hryvnias"), "krona": ("kronor",), "krone": ("kroner",), "real": ("reais",),
    "pound sterling": (),
}

#: Scale words and abbreviations -> multiplier (Indian "lakh" and "crore" included).
SCALES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "crore": 1e7, "crores": 1e7, "cr": 1e7,
}
#: Abbreviations that must be glued to the number ("£300m", "$1B", "$5k"), in either case, so "300 m"
#: (metres) is not money; a letter glued to more ("$1M777") is no scale.
_GLUED_ONLY = ("m", "b", "k")

#: Number words -> value ("dozen", "hundred" and "thousand" multiply what comes before them).
NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "hundred": 100, "thousand": 1000,
}

#: Vague counts: "hundreds of tanks" has no value, only an order of magnitude (kept in the note).
VAGUE_COUNTS: tuple[str, ...] = ("dozens", "scores", "hundreds", "thousands", "millions", "billions")

#: Counted nouns (singular). Units of measure, time and percentages are deliberately absent.
COUNT_NOUNS: tuple[str, ...] = (
    # aircraft and drones
    "jet", "fighter", "warplane", "plane", "airplane", "aircraft", "helicopter", "drone",
    "bomber", "tanker", "airframe",
    # missiles, air defence, artillery
    "missile", "rocket", "interceptor", "launcher", "battery", "system", "radar", "warhead", "bomb",
    "munition", "shell", "howitzer", "gun", "cannon", "mortar", "torpedo", "mine", "grenade",
    "round", "projectile", "bullet", "cartridge", "tube",
    "rifle", "weapon", "unit", "module", "sight", "station", "part", "component",
    # vehicles and ships
    "tank", "vehicle", "truck", "ship", "warship", "vessel", "submarine", "sub", "frigate", "destroyer",
    "corvette", "carrier", "boat", "satellite",
    # formations and forces (not "officials" or "people": "two people familiar with the talks" is a
    # description of sources, not an amount)
    "battalion", "brigade", "regiment", "division", "squadron", "platoon", "troop", "soldier",
    "sailor", "pilot", "crew", "personnel", "instructor", "technician", "representative", "civilian",
    "refugee", "casualty", "prisoner", "hostage",
    # places
    "base", "airbase", "facility", "site", "plant", "factory",
    # states and the people who speak for them ("two NATO allies", "30 member countries", "three
    # successive prime ministers"; not "officials": sources are not amounts)
    "country", "nation", "state", "ally", "member", "government", "minister",
)

#: Units of measure: a number before one is a calibre or a size, not a count ("155 mm M777 howitzers", "a 7.62
#: mm rifle", "300 km range missiles"); glued or hyphenated to its number it is a modifier after a count ("20
#: 120mm mortar systems", "18 155-millimeter howitzers", "four 500-kg bombs").
MEASURE_UNITS: tuple[str, ...] = (
    "mm", "millimeter", "millimetre", "cm", "centimeter", "centimetre", "inch", "caliber", "calibre",
    "km", "kilometer", "kilometre", "mile", "meter", "metre", "ft", "kg", "kilogram", "lb", "pound",
    "ton", "tonne",
)

#: What "rounds of" must name to stay a count of ammunition ("75,000 rounds of 155mm artillery ammunition", after
#: up to three modifiers or a calibre); "three rounds of talks" (or of sanctions, voting, ...) counts no rounds.
AMMUNITION_WORDS: tuple[str, ...] = (
    "ammunition", "ammo", "munition", "shell", "artillery", "mortar", "bullet", "cartridge", "projectile",
    "rocket", "grenade", "tank", "howitzer", "gun", "cannon", "rifle",
)

#: Plurals that are not singular + "s" / "es" / "ies" (and nouns that do not change).
IRREGULAR_PLURALS: dict[str, str] = {
    "men": "man", "women": "woman", "children": "child", "aircraft": "aircraft",
    "personnel": "personnel", "staff": "staff", "series": "series", "ammunition": "ammunition",
}

#: Counted nouns that stay singular after a number above one ("40 ground crew", "12 aircraft"); any other
#: counted noun left singular there modifies the next word ("two government officials", "two drone strikes").
SINGULAR_COUNTS: tuple[str, ...] = ("crew", *(p for p, s in IRREGULAR_PLURALS.items() if p == s))

#: Weapon systems counted by name ("four Patriot batteries", "120 HIMARS") -> the item's name.
WEAPON_SYSTEMS: tuple[str, ...] = (
    "Patriot", "HIMARS", "NASAMS", "IRIS-T", "THAAD", "Aegis", "Iron Dome", "Iskander", "Kalibr",
    "Kinzhal", "Tomahawk", "Harpoon", "ATACMS", "Storm Shadow", "SCALP", "Javelin", "Stinger",
    "Hellfire", "Eurofighter", "Typhoon", "Rafale", "Gripen", "Tornado", "Leopard", "Abrams",
    "Challenger", "Bradley", "Stryker", "Bayraktar", "Apache", "Black Hawk", "Chinook", "Reaper",
    "Predator", "Pantsir", "Tor", "Buk", "BrahMos", "Akash", "Tejas", "Hisar", "Siper", "Altay",
)

#: Words before a number that make it a label, not a count ("Article 5", "F-16 Block 70").
LABEL_WORDS: tuple[str, ...] = (
    "Article", "Articles", "Section", "Chapter", "Clause", "Paragraph", "Resolution", "Protocol",
    "No", "No.", "Nos.", "Number", "Block", "Batch", "Lot", "Tranche", "Phase", "Stage", "Flight",
    "Type", "Model", "Mark", "Mk", "Mk.", "Version", "Generation", "Gen", "Level", "Grade", "Class",
    "Page", "Room", "Route", "Highway", "Gate", "Terminal", "Platform", "Item", "Rule", "Law",
    "Decree", "Order", "Act", "Bill", "Group", "Team", "Squad", "Region", "Zone", "District",
    "Unit", "Battalion", "Brigade", "Division", "Regiment", "Wing", "Corps", "Fleet", "Army",
)

#: Plural nouns after a bare "N crore" that make it a head count, not rupees ("2 crore people").
CRORE_COUNTED: tuple[str, ...] = (
    "people", "persons", "voters", "citizens", "users", "farmers", "households", "families", "children",
    "women", "men", "students", "workers", "jobs", "tonnes", "litres", "doses", "passengers", "accounts",
)

#: Hedges kept out of the span but noted ("up to 128 missiles": an upper bound).
HEDGES: tuple[str, ...] = (
    "up to", "as many as", "as much as", "at least", "at most", "more than", "fewer than", "less than",
    "over", "under", "about", "around", "roughly", "approximately", "nearly", "almost", "some",
    "an estimated", "estimated", "just over", "just under", "close to", "upwards of",
)

#: Collective nouns a partitive count is taken out of ("79 of its F-16 fleet": 79 F-16s).
COLLECTIVE_NOUNS: tuple[str, ...] = ("fleet", "arsenal", "inventory", "stockpile")

#: Nouns after "N-" that give the size of a body ("the 30-member alliance", "a 27-nation bloc").
SIZE_NOUNS: tuple[str, ...] = ("member", "nation", "country", "state")

#: Bodies and gatherings an "N-member" / "N-nation" size may describe, after up to three modifiers ("the
#: 30-member military alliance", "the 193-member U.N. General Assembly"); before any other word the size
#: counts nothing ("the two-state solution", "a three-nation tour", "a 50-state survey").
BODY_NOUNS: tuple[str, ...] = (
    "alliance", "bloc", "coalition", "group", "grouping", "union", "organization", "organisation", "body",
    "council", "assembly", "parliament", "commission", "committee", "board", "panel", "league", "pact",
    "club", "community", "federation", "confederation", "partnership", "consortium", "forum", "delegation",
    "force", "contingent", "fleet", "squadron", "flotilla", "summit", "conference", "meeting", "gathering",
)

#: Words after which a bare number is a time, an age or a date, not a count ("at 5", "aged 45").
BARE_BLOCKERS: tuple[str, ...] = ("aged", "age", "ages", "at", "since", "until", "till")

#: Verbs a bare count may be the subject of ("the remaining three will come").
BARE_VERBS: tuple[str, ...] = (
    "will", "would", "could", "can", "may", "might", "must", "should", "are", "were", "have", "had", "remain",
)

#: Words that may not sit between a number and its noun ("three of them": no noun).
_STOP_WORDS: tuple[str, ...] = (
    "of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "for", "by", "with", "from", "that",
    "which", "who", "whom", "were", "was", "are", "is", "be", "been", "have", "has", "had", "will",
    "would", "could", "should", "can", "may", "more", "than", "as", "into", "over", "under", "its",
    "their", "his", "her", "our", "them", "they", "it", "he", "she", "we", "you", "per", "each",
    "every", "but", "if", "not", "no", "so", "this", "these", "those", "said", "says", "while",
    "years", "year", "months", "month", "days", "day", "weeks", "week", "percent", "per cent",
)

MONTH_WORDS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec",
)

KINDS = ("money", "quantity")

AMOUNTS = TableSchema(
    name="amounts",
    title="Amounts",
    description="Money and counted things in an article, with their value read as a number.",
    fields=(
        Field("amount_id", "string", "Id within this article: a1, a2, ... in text order.", required=True,
              unique=True),
        Field("text", "string", "The amount exactly as written: text[start_char:end_char] (hedges such as "
              "'up to' are left out and put in note).", required=True),
        Field("start_char", "integer", "Offset of the first character in Article.text.", required=True),
        Field("end_char", "integer", "Offset one past the last character.", required=True),
        Field("sent_idx", "integer", "Index of the sentence holding the amount (-1 if between sentences)."),
        Field("kind", "string", "money (a sum in a currency) or quantity (a count of things).", required=True,
              enum=KINDS),
        Field("value", "number", "The number with its scale applied ('$1.85 billion' = 1850000000); the "
              "lower bound of a range; empty when the text gives no figure ('multibillion-dollar')."),
        Field("value_max", "number", "The upper bound of a range ('$500 to $600 million'); else empty."),
        Field("currency", "string", "ISO 4217 code for money (USD, EUR, GBP, INR, RUB, TRY, ...); empty for "
              "quantities."),
        Field("unit", "string", "For quantities: the counted thing as written, last word singular "
              "('F-35 fighter jet', 'battalion'); empty for money."),
        Field("item", "string", "The weapon system or model counted ('F-35', 'S-400', 'Patriot'), else empty."),
        Field("entity_id", "string", "Entity id of a PRODUCT mention (from the mentions passed in) that "
              "overlaps the counted thing, else empty."),
        Field("note", "string", "How the amount was read: assumptions, hedges, ranges, missing figures."),
    ),
    primary_key=("amount_id",),
    sort_by=("start_char",),
)

# ---------------------------------------------------------------------------------------------
# Patterns (compiled once)
# ---------------------------------------------------------------------------------------------


def _alt(words: Any) -> str:
    """A regex alternation of literal words, longest first (so 'US$' is tried before '$')."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _plural(noun: str) -> str:
    """The regular English plural of a singular noun (battery -> batteries, launch -> launches)."""
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    if re.search(r"(?:s|x|z|ch|sh)$", noun):
        return noun + "es"
    return noun + "s"


def singular(word: str) -> str:
    """The singular of a counted noun as written: batteries -> battery, F-35s -> F-35, HIMARS stays."""
    low = word.lower()
    if low in IRREGULAR_PLURALS:
        return word if IRREGULAR_PLURALS[low] == low else IRREGULAR_PLURALS[low]
    if re.fullmatch(r".*\d[A-Za-z]{0,3}s", word):  # F-35s, S-400s, MiG-29s, F-35As
        return word[:-1]
    if word.isupper() or not low.endswith("s") or low.endswith("ss"):
        return word
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if re.search(r"(?:ss|x|z|ch|sh)es$", low):
        return word[:-2]
    return word[:-1]


_NUM = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_UNITWORD = _alt(w for w in NUMBER_WORDS if w not in ("dozen", "hundred", "thousand"))
_NUMWORD = (rf"(?i:half\sa\sdozen|(?:a|an)\s(?:dozen|hundred|thousand)"
            rf"|(?:{_UNITWORD})(?:-(?:{_ONES}))?(?:\s(?:dozen|hundred|thousand))?)(?![\w-])")
_SCALE_WORDS = _alt(w for w in SCALES if len(w) > 2 and w not in ("mln", "bln", "trn"))
_SCALE_ABBR = _alt(w for w in SCALES if (len(w) <= 3 and w not in _GLUED_ONLY and w not in ("lac",))
                   or w in ("mln", "bln", "trn"))
_SCALE_GLUED = _alt(_GLUED_ONLY)


def _scale(p: str) -> str:
    """Scale words after a number: ' billion', '-billion', 'bn', ' bn', 'm' (glued), ' lakh crore'."""
    return (rf"(?:(?P<{p}>(?:(?:\s{{1,2}}|-)(?:{_SCALE_WORDS})|\s?(?i:{_SCALE_ABBR})|(?i:{_SCALE_GLUED}))"
            rf"(?:\s(?:{_SCALE_WORDS}))?)(?![\w]))")


_SIGN = rf"(?:{_alt(CURRENCY_SIGNS)})"
_CODE = rf"(?:{_alt(CURRENCY_CODES)})"
_BEFORE = r"(?<![\w$€£₹₽₺¥.,/#+-])"  # a number or sign that does not continue another token
_GLUE = r"(?!\d|[.,]\d|:\d)"  # the number really ended
_RANGE = r"(?(btw)\s{1,3}and\s{1,3}|\s{0,3}(?:-|–|—|to)\s{0,3})"

_MONEY_PREFIX = re.compile(
    rf"(?<![\w$€£₹₽₺¥])(?P<btw>(?i:between)\s{{1,3}})?(?<![\w$€£₹₽₺¥])(?P<cur>{_SIGN}|{_CODE}(?=\s?\d))\s{{0,2}}"
    rf"(?P<n1>{_NUM}){_GLUE}{_scale('s1')}?"
    rf"(?:{_RANGE}(?P<cur2>{_SIGN}|{_CODE})?\s{{0,2}}(?P<n2>{_NUM}){_GLUE}{_scale('s2')}?)?"
)
_CURWORD_ALT = _alt(
    [w for w in CURRENCY_WORDS]
    + [_plural(w) for w in CURRENCY_WORDS if w.split()[-1] not in _CURRENCY_PLURALS]
    + [w.rsplit(" ", 1)[0] + " " + pl if " " in w else pl
       for w in CURRENCY_WORDS for pl in _CURRENCY_PLURALS.get(w.split()[-1], ())]
)
_MONEY_SUFFIX = re.compile(
    rf"{_BEFORE}(?P<btw>(?i:between)\s{{1,3}})?{_BEFORE}(?P<n1>{_NUM}|{_NUMWORD}){_GLUE}{_scale('s1')}?"
    rf"(?:{_RANGE}(?P<n2>{_NUM}|{_NUMWORD}){_GLUE}{_scale('s2')}?)?"
    rf"\s{{1,2}}(?P<cur>(?i:{_CURWORD_ALT})|{_CODE})(?![\w])"
)
_MONEY_WORD = r"(?i:dollar|euro|pound|rupee|ruble|rouble|lira|yen|yuan|zloty|franc)"
_MONEY_VAGUE = re.compile(
    rf"\b(?i:multi-?(?P<mscale>million|billion|trillion)[- ](?P<mcur>{_MONEY_WORD})(?![\w-])"
    rf"|\b(?P<ascale>million|billion|trillion)-(?P<acur>{_MONEY_WORD})(?![\w-])"
    rf"|\b(?P<lead>(?:tens|hundreds)\s+of\s+)?(?P<pscale>thousands|millions|billions|trillions)\s+of\s+"
    rf"(?:(?:US|U\.S\.|American)\s+)?(?P<pcur>{_MONEY_WORD}s?|lire|liras))(?![\w])"
)
_BARE_CRORE = re.compile(rf"{_BEFORE}(?P<n1>{_NUM}){_GLUE}(?P<s1>\s(?:lakh\s)?crores?)(?![\w])")

_NEXT_WORD = re.compile(r"\s{1,2}([A-Za-z]+)")
_CRORE_COUNTED = frozenset([*CRORE_COUNTED, *(_plural(n) for n in COUNT_NOUNS), *IRREGULAR_PLURALS])

_HEAD_NOUNS = _alt(
    [n for noun in COUNT_NOUNS for n in (noun, _plural(noun))] + list(IRREGULAR_PLURALS)
)
_SINGULAR_HEADS = frozenset(n for n in COUNT_NOUNS if _plural(n) != n)
_SYSTEM_ALT = _alt(WEAPON_SYSTEMS)
_MODEL = r"[A-Z][A-Za-z]{0,3}-?\d{1,4}[A-Za-z]{0,4}"
_HEAD = rf"(?:(?i:{_HEAD_NOUNS})|(?:{_SYSTEM_ALT})s?|{_MODEL}s)(?![\w-])"
_NOT_STOP = rf"(?!(?i:{_alt(_STOP_WORDS)})(?![\w-]))"
# a name is a capitalised word or model ("Lightning", "F-35", "Virginia-class") or an abbreviation ("U.S.");
# a run of names, with model numbers after them, is one modifier ("F-35 Lightning II", "F-16 Block 70",
# "Dornier 228"). A run stops only before a word that is not capitalised or before the counted noun, so a
# row of capitalised words is read one way (no backtracking over the ways of splitting it).
_NAME = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w'’/-]*)"
# a calibre or size glued or hyphenated to its number ("120mm", "155-millimeter", "7.62 mm"): one modifier
_MEASURE = rf"(?i:{_alt(MEASURE_UNITS)})(?![\w-])"
_CALIBRE = rf"\d{{1,4}}(?:\.\d{{1,2}})?(?:-|\s)?{_MEASURE}"
_NAME_RUN = (rf"{_NAME}(?:\s{_NOT_STOP}(?:{_NAME}|\d{{1,4}}(?![\w.,])))" + "{0,5}"
             + rf"(?=\s(?:{_HEAD})|\s(?![A-Z\d])|\s{_CALIBRE}|$)")
# a modifier is a lower-case word ("guided", "Russian-made"), a run of names or a calibre ("120mm")
_MOD = rf"{_NOT_STOP}(?:{_NAME_RUN}|[a-z][\w'’/-]*|{_CALIBRE})"
_MODS = rf"(?P<mods>(?:\s{_MOD}){{0,4}})"
# a figure in brackets after the number, as official notices write it: "eighty-four (84)"
_FIGURE = r"(?:\s?\((?P<fig>\d{1,3}(?:,\d{3})+|\d+)\))?"
_QTY = re.compile(
    rf"{_BEFORE}(?P<btw>(?i:between)\s{{1,3}})?{_BEFORE}(?P<n1>{_NUM}|{_NUMWORD}){_GLUE}{_FIGURE}"
    rf"(?:(?:(?(btw)\s{{1,3}}and\s{{1,3}}|\s{{0,2}}(?:-|–|to|or)\s{{0,2}}))(?P<n2>{_NUM}|{_NUMWORD}){_GLUE})?"
    rf"(?P<s1>\s(?:thousand|million|billion|lakh|crore))?(?P<more>\smore)?"
    # modifiers are greedy: the longest noun phrase is tried first ("32 F-35 fighter jets")
    rf"(?P<thing>{_MODS}\s(?P<head>{_HEAD}))"
)
_QTY_VAGUE = re.compile(
    rf"\b(?i:(?:(?:tens|hundreds)\s+of\s+)?(?P<vq>{_alt(VAGUE_COUNTS)}))\s+of"
    rf"(?P<thing>{_MODS}\s(?P<head>{_HEAD}))"
)
# "32 of its advanced F-35 fighter jets", "eight of the new submarines", "79 of its F-16 fleet"; the
# modifiers hold no number ("two of the 40 jets" is left to "40 jets")
_COUNT_WORDS = _alt([*NUMBER_WORDS, *VAGUE_COUNTS])
_DET = r"(?:(?i:the|its|their|his|her|our|your|these|those)|[A-Z][\w-]*['’]s)"
_QTY_PART = re.compile(
    rf"{_BEFORE}(?P<n1>{_NUM}|{_NUMWORD}){_GLUE}{_FIGURE}\s(?i:of)\s{_DET}"
    rf"(?P<thing>(?P<mods>(?:\s(?!(?i:{_COUNT_WORDS})(?![\w-])){_MOD}){{0,4}})"
    rf"\s(?P<head>{_HEAD}|(?i:{_alt(COLLECTIVE_NOUNS)})s?(?![\w-])))"
)
# "the 30-member alliance", "a 27-nation bloc": the size of a body, written as an adjective
# (only before a body: up to three modifiers, then one of BODY_NOUNS, singular or plural)
_BODY_AHEAD = (rf"(?=(?:\s{_NOT_STOP}(?:[A-Z](?:\.[A-Z])+\.?(?:-[a-z]+)?|[A-Za-z][\w'’/-]*)){{0,3}}"
               rf"\s(?i:{_alt([n for b in BODY_NOUNS for n in (b, _plural(b))])})(?![\w-]))")
_QTY_SIZE = re.compile(
    rf"{_BEFORE}(?P<n1>{_NUM}|(?i:{_UNITWORD})(?:-(?i:{_ONES}))?)-(?P<head>(?i:{_alt(SIZE_NOUNS)})){_BODY_AHEAD}"
)
# a unit of measure right after the number makes it a calibre or a size ("155 mm M777 howitzers")
_MEASURE_FIRST = re.compile(rf"\s{_MEASURE}")
# "rounds of" that names ammunition ("20,000 rounds of 120mm mortar ammunition"), not talks or sanctions
_AMMO = rf"(?i:{_alt([n for w in AMMUNITION_WORDS for n in (w, _plural(w))])})(?![\w-])"
_ROUNDS_OF = re.compile(r"\s{1,2}of(?![\w-])")
_ROUNDS_OF_AMMO = re.compile(rf"\s{{1,2}}of\s(?:{_CALIBRE}|(?:{_MOD}\s){{0,3}}{_AMMO})")
# "from one system to another": 'one' there is a pronoun, not a count
_ONE_ANOTHER = re.compile(r"\s{1,2}(?:to|or|after|by)\s{1,2}(?:another|the\sother)\b")
# a number with no noun after it ("two more", "asked for seven.", "the remaining three will come")
_BARE = re.compile(
    rf"(?<![\w$€£₹₽₺¥.,/#+:–-])(?P<n1>\d{{1,3}}(?:,\d{{3}})+|\d+|{_NUMWORD}){_GLUE}(?P<more>\s{{1,2}}more)?"
    rf"(?=\s{{0,2}}(?:[.,;:!?)\]”\"’—–]|$)|\s{{1,2}}(?:{_alt(BARE_VERBS)})(?![\w-]))"
)
_BARE_PREV = re.compile(rf"(?:(?:^|(?<=\W))(?i:{_alt(BARE_BLOCKERS)})|[A-Z][\w'’.-]*,?)\s{{1,2}}$")
# where a number may start: one scan finds them, and the partitive, size and bare-number patterns are
# tried only there (three more scans of a long article would cost as much as all the others together)
_FIRST = "".join(sorted({c for w in NUMBER_WORDS for c in (w[0], w[0].upper())}))
# (the first-character class in front lets the scan skip most positions without trying the lookbehind)
_NUMBER_AT = re.compile(rf"(?=[0-9{_FIRST}])(?<![\w$€£₹₽₺¥.,/#+-])(?:\d|(?i:{_UNITWORD}))")
#: How far back (characters, same paragraph) a bare number looks for the count it continues.
BARE_REACH = 250
_MODEL_RE = re.compile(rf"(?<![\w-])(?:{_SYSTEM_ALT}|{_MODEL})(?![\w-])")
_HEDGE_RE = re.compile(rf"(?i:\b(?:{_alt(HEDGES)}))\s{{1,2}}$")
_LABEL_RE = re.compile(rf"(?:^|(?<=[^\w.]))(?:{_alt(LABEL_WORDS)})\s{{0,2}}$")
_MONTH_RE = re.compile(rf"\b(?:{_alt(MONTH_WORDS)})\.?\s{{1,2}}$")
_YEAR_RE = re.compile(r"(?:1[89]|2[01])\d\d")


# ---------------------------------------------------------------------------------------------
# Reading numbers
# ---------------------------------------------------------------------------------------------


def number_value(text: str) -> float:
    """The value of a number as written: '1,500' -> 1500.0, 'twenty-five' -> 25.0, 'a dozen' -> 12.0."""
    t = text.strip().lower()
    if t and t[0].isdigit():
        return float(t.replace(",", ""))
    if t == "half a dozen":
        return 6.0
    total, mult = 0.0, 1.0
    for word in re.split(r"[\s-]+", t):
        if word in ("a", "an"):
            total = max(total, 1.0)
        elif word in ("dozen", "hundred", "thousand"):
            mult *= NUMBER_WORDS[word]
        elif word in NUMBER_WORDS:
            total += NUMBER_WORDS[word]
    return total * mult


def scale_value(text: str | None) -> float:
    """The multiplier of scale words as written: ' billion' -> 1e9, 'bn' -> 1e9, ' lakh crore' -> 1e12."""
    mult = 1.0
    for word in re.findall(r"[A-Za-z]+", text or ""):
        mult *= SCALES.get(word.lower(), 1.0)
    return mult


def _currency(sign: str) -> str:
    """ISO code for a currency sign, code or word as written ('US$' -> USD, 'euros' -> EUR)."""
    if sign in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[sign]
    if sign in CURRENCY_CODES:
        return "CNY" if sign == "RMB" else sign
    low = " ".join(sign.lower().split())
    for word, code in sorted(CURRENCY_WORDS.items(), key=lambda kv: -len(kv[0])):
        w = word.lower()
        forms = {w, _plural(w)} | {w.rsplit(" ", 1)[0] + " " + p if " " in w else p
                                   for p in _CURRENCY_PLURALS.get(w.split()[-1], ())}
        if low in forms:
            return code
    return ""


# ---------------------------------------------------------------------------------------------
# Finding
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    """One amount before the table is built (priority: lower wins an overlap)."""

    start: int
    end: int
    priority: int
    kind: str
    value: float
    value_max: float
    currency: str = ""
    unit: str = ""
    item: str = ""
    thing: tuple[int, int] = (0, 0)
    note: str = ""


def _range_values(m: re.Match[str], scale_after_range: bool = False) -> tuple[float, float, str]:
    """(value, value_max, note) of a match with groups n1, s1 and optionally n2, s2.

    Money writes a scale after each number ("$1 billion to $2 billion") or only after the second
    ("$500-600 million", when it then belongs to both); a count writes one after the range
    ("two to three thousand troops": ``scale_after_range``).
    """
    groups = m.groupdict()
    v1, sc1 = number_value(m["n1"]), groups.get("s1")
    if groups.get("n2") is None:
        return v1 * scale_value(sc1), math.nan, ""
    v2 = number_value(m["n2"])
    if scale_after_range:
        sc2 = sc1
    else:
        sc2 = groups.get("s2")
        if sc1 is None and sc2 and v1 <= v2:
            sc1 = sc2  # "$500-600 million": the scale belongs to both numbers
    lo, hi = v1 * scale_value(sc1), v2 * scale_value(sc2)
    return min(lo, hi), max(lo, hi), "a range"


def _guarded(text: str, start: int, number: str) -> bool:
    """True when the number at ``start`` is a label, a date, a year or an id, not an amount."""
    before = text[max(0, start - 16) : start]
    if _LABEL_RE.search(before) or _MONTH_RE.search(before):
        return True
    if number[:1] == "0" and len(number) > 1 and number[1:2].isdigit():
        return True
    return bool(_YEAR_RE.fullmatch(number))


def _hedge(text: str, start: int) -> str:
    """The hedge just before ``start`` ('up to', 'about'), or ''."""
    h = _HEDGE_RE.search(text[max(0, start - 20) : start])
    return " ".join(h.group().split()) if h else ""


def _money(text: str) -> Iterator[_Found]:
    """Money with a currency sign or code before the number, or a currency word after it."""
    for rx, where in ((_MONEY_PREFIX, "sign"), (_MONEY_SUFFIX, "word")):
        for m in rx.finditer(text):
            start = m.start("cur") if where == "sign" else m.start("n1")
            if where == "word" and (_guarded(text, start, m["n1"]) and not m["s1"]):
                continue
            if where == "word" and m["n1"].lower() in ("a", "an"):
                continue
            lo, hi, note = _range_values(m)
            code = _currency(m["cur"])
            notes = [note] if note else []
            if m["cur"] == "$":
                notes.append("'$' read as US dollars")
            if m.group("btw"):
                notes.append("'between' ... 'and'")
            yield _Found(start, m.end(), 0, "money", lo, hi, code, note="; ".join(notes))
    for m in _MONEY_VAGUE.finditer(text):
        cur = m["mcur"] or m["acur"] or m["pcur"]
        scale = m["mscale"] or m["ascale"] or m["pscale"]
        yield _Found(m.start(), m.end(), 0, "money", math.nan, math.nan, _currency(cur.lower()),
                     note=f"no figure: '{' '.join(m.group().split())}' gives only an order of magnitude ({scale})")
    for m in _BARE_CRORE.finditer(text):
        nxt = _NEXT_WORD.match(text, m.end())
        if _guarded(text, m.start(), m["n1"]) or (nxt and nxt.group(1).lower() in _CRORE_COUNTED):
            continue
        yield _Found(m.start(), m.end(), 2, "money", number_value(m["n1"]) * scale_value(m["s1"]), math.nan,
                     "INR", note="no currency written: crore/lakh read as Indian rupees")


def _quantities(text: str, starts: list[int]) -> Iterator[_Found]:
    """Counted things: a number, up to four modifiers and a counted noun; partitives, sizes, 'hundreds of'."""
    for m in _QTY.finditer(text):
        if _guarded(text, m.start("n1"), m["n1"]) and not m["s1"]:
            continue
        if number_value(m["n1"]) == 1 and _ONE_ANOTHER.match(text, m.end()):
            continue
        lo, hi, note = _range_values(m, scale_after_range=True)
        notes = [note] if note else []
        if m["fig"] and m["n2"] is None:
            lo = number_value(m["fig"]) * scale_value(m["s1"])
            notes.append("written in words and figures")
        if _modifier_noun(m["head"], hi if hi == hi else lo) or _MEASURE_FIRST.match(m["mods"]):
            continue
        if _rounds_not_ammunition(text, m):
            continue
        if m.group("btw"):
            notes.append("'between' ... 'and'")
        if m["more"]:
            notes.append("'more': in addition to those counted before")
        yield _quantity(m, m.start("n1"), lo, hi, "; ".join(notes))
    for m in _QTY_VAGUE.finditer(text):
        if _rounds_not_ammunition(text, m):
            continue
        yield _quantity(m, m.start(), math.nan, math.nan, f"no figure: '{m['vq'].lower()}' of them")
    yield from _partitives(text, starts)
    for m in _matches_at(_QTY_SIZE, text, starts):
        if _guarded(text, m.start("n1"), m["n1"]) or number_value(m["n1"]) == 1:
            continue
        head = m["head"].lower()
        yield _Found(m.start(), m.end(), 1, "quantity", number_value(m["n1"]), math.nan, "", head,
                     note=f"the size of a body: '{m.group()}' counts its {_plural(head)}")


def _modifier_noun(head: str, value: float) -> bool:
    """True when a counted noun is left singular after a number above one, so it modifies the next word."""
    low = head.lower()
    return value > 1 and low in _SINGULAR_HEADS and low not in SINGULAR_COUNTS


def _rounds_not_ammunition(text: str, m: re.Match[str]) -> bool:
    """True for 'rounds of' anything but ammunition ('three rounds of talks'), which counts no rounds."""
    if m["head"].lower() not in ("round", "rounds") or not _ROUNDS_OF.match(text, m.end()):
        return False
    return not _ROUNDS_OF_AMMO.match(text, m.end())


def _matches_at(rx: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """Matches of ``rx`` that begin at one of ``starts`` (where numbers begin), left to right, not overlapping."""
    end = 0
    for pos in starts:
        if pos >= end and (m := rx.match(text, pos)):
            end = m.end()
            yield m


def _partitives(text: str, starts: list[int]) -> Iterator[_Found]:
    """'32 of its F-35 jets', '79 of its F-16 fleet': a count taken out of a group (never 'one of')."""
    for m in _matches_at(_QTY_PART, text, starts):
        if _guarded(text, m.start("n1"), m["n1"]) or number_value(m["n1"]) == 1:
            continue
        if _rounds_not_ammunition(text, m):
            continue
        value = number_value(m["fig"] or m["n1"])
        found = _quantity(m, m.start("n1"), value, math.nan, "a part of a group named after 'of'")
        if m["head"].lower().rstrip("s") in COLLECTIVE_NOUNS:
            # "79 of its F-16 fleet" counts F-16s, not fleets
            found = replace(found, unit=found.item or singular(m["head"]).lower())
        yield found


def _quantity(m: re.Match[str], start: int, lo: float, hi: float, note: str) -> _Found:
    """A quantity row from a match with 'mods' and 'head' groups: unit singular, item the model name."""
    head = m["head"]
    ts, te = m.start("thing"), m.end("thing")
    thing_text = m["thing"].strip()
    ts = te - len(thing_text)
    unit = thing_text[: len(thing_text) - len(head)] + singular(head)
    model = _MODEL_RE.search(unit)
    item = singular(model.group()) if model else ""
    return _Found(start, m.end(), 1, "quantity", lo, hi, "", " ".join(unit.split()), item, (ts, te), note)


def _bare_counts(text: str, chosen: list[_Found], starts: list[int]) -> Iterator[_Found]:
    """Numbers with no noun that go on counting the thing just counted ('11 submarines and, potentially, 13').

    The count before must be a quantity in the same paragraph, at most :data:`BARE_REACH` characters back,
    with no sum of money between; a number after a name ('Apollo 11', 'Smith, 45'), a label, a month, a
    time word ('at 5', 'aged 45'), a year, 'one' or a decimal (the pattern has none) is never read so.
    """
    i, last = 0, None
    for m in _matches_at(_BARE, text, starts):
        start = m.start("n1")
        while i < len(chosen) and chosen[i].start < start:
            last = chosen[i]
            i += 1
        if (last is None or last.kind != "quantity" or not last.unit or last.end > start
                or start - last.end > BARE_REACH or number_value(m["n1"]) <= 1
                or _guarded(text, start, m["n1"]) or _BARE_PREV.search(text[max(0, start - 30) : start])
                or text.find("\n\n", last.end, start) >= 0):
            continue
        note = f"no noun: counts the {last.unit} named before"
        if m["more"]:
            note += "; 'more': in addition to those counted before"
        yield _Found(start, m.end(), 3, "quantity", number_value(m["n1"]), math.nan, "", last.unit, last.item,
                     note=note)


def _select(found: list[_Found], size: int) -> list[_Found]:
    """Non-overlapping amounts: money before quantities before guesses, then longer before shorter."""
    taken = bytearray(size + 1)
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: (f.priority, -(f.end - f.start), f.start)):
        if f.end <= f.start or taken.find(1, f.start, f.end) >= 0:
            continue
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
        kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _entity_lookup(mentions: pd.DataFrame | None) -> tuple[list[int], list[tuple[int, int, str]]]:
    """PRODUCT mentions sorted by start, for finding the one that overlaps a counted thing."""
    if mentions is None or len(mentions) == 0:
        return [], []
    needed = {"entity_id", "start_char", "end_char", "label"}
    missing = needed - set(mentions.columns)
    if missing:
        raise InputError("amounts(mentions=...)", f"mentions table lacks column(s): {', '.join(sorted(missing))}")
    from kit.schema import records

    rows = sorted((int(m["start_char"]), int(m["end_char"]),
                   "" if m["entity_id"] is None or m["entity_id"] != m["entity_id"] else str(m["entity_id"]))
                  for m in records(mentions, ["entity_id", "start_char", "end_char", "label"])
                  if str(m["label"]) == "PRODUCT")
    return [r[0] for r in rows], rows


def _entity_for(span: tuple[int, int], starts: list[int], rows: list[tuple[int, int, str]]) -> str:
    """Entity id of the first PRODUCT mention overlapping ``span`` (looks at a few neighbours only)."""
    s, e = span
    i = bisect_left(starts, e)
    best = ""
    for j in range(i - 1, max(-1, i - 8), -1):
        ms, me, eid = rows[j]
        if ms < e and me > s and eid:
            best = eid
    return best


def amounts(article: Article | str, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every sum of money and count of things in ``article``, one row each (see :data:`AMOUNTS`).

    Args:
        article: an :class:`~kit.article.Article` (or plain text, made into one).
        mentions: optional entity mentions (entity_id, start_char, end_char, label); a PRODUCT mention
            overlapping a counted thing gives that row its ``entity_id``.

    Returns:
        One row per amount in text order; ``text == article.text[start_char:end_char]``.
    """
    import pandas as pd

    from kit.article import Article

    if isinstance(article, str):
        article = Article.from_text(article)
    if not isinstance(article, Article):
        raise InputError("amounts", f"expects an Article or a string, not {type(article).__name__}")
    text = article.text
    numbers = [m.start() for m in _NUMBER_AT.finditer(text)]
    chosen = _select([*_money(text), *_quantities(text, numbers)], len(text))
    chosen = _select([*chosen, *_bare_counts(text, chosen, numbers)], len(text))
    starts, rows = _entity_lookup(mentions)
    out = []
    for n, f in enumerate(chosen, start=1):
        hedge = _hedge(text, f.start)
        note = "; ".join(x for x in (f.note, f"hedge '{hedge}' before it" if hedge else "") if x)
        out.append({
            "amount_id": f"a{n}", "text": text[f.start : f.end], "start_char": f.start, "end_char": f.end,
            "sent_idx": article.sentence_index(f.start), "kind": f.kind, "value": f.value,
            "value_max": f.value_max, "currency": f.currency, "unit": f.unit, "item": f.item,
            "entity_id": _entity_for(f.thing, starts, rows) if f.kind == "quantity" and rows else "",
            "note": note,
        })
    if not out:
        return AMOUNTS.empty()
    return AMOUNTS.conform(pd.DataFrame(out))


def annotation_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of an :data:`AMOUNTS` table in the benchmark's annotation shape (bench/ANNOTATION.md).

    There ``unit`` is the currency for money and the counted noun for quantities, and a missing value
    is ``null``.
    """
    recs = []
    for r in frame.to_dict("records"):
        def num(x: Any) -> float | None:
            return None if x is None or x != x else float(x)
        recs.append({"start": int(r["start_char"]), "end": int(r["end_char"]), "text": r["text"],
                     "kind": r["kind"], "value": num(r["value"]), "value_max": num(r["value_max"]),
                     "unit": r["currency"] if r["kind"] == "money" else r["unit"], "item": r["item"] or None})
    return recs
