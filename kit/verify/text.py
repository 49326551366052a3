"""Text helpers the verification methods share: fold a text or a name so that spelling noise does not count.

Folding makes "Türkiye" and "Turkey", "U.S." and "US", curly and straight quotes, en and em dashes
compare equal, so a fuzzy score measures the words, not the typography.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kit.claims import fold

#: Words a name can carry that are not part of it (titles, suffixes).
NAME_NOISE = frozenset({"jr", "sr", "ii", "iii", "mr", "mrs", "ms", "dr", "gen", "general"})
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_COUNTRY_SPELLINGS = ((re.compile(r"\bt[üu]rkiye\b"), "turkey"), (re.compile(r"\bu\.\s?s\.(?:\s?a\.)?"), "us"))


def strip_accents(text: str) -> str:
    """``text`` without diacritics (Erdoğan -> Erdogan, Çavuşoğlu -> Cavusoglu; ı -> i)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("İ", "I"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def norm_text(text: str) -> str:
    """Lowercase text with quotes and dashes folded, accents removed and Türkiye/U.S. spelled one way."""
    out = strip_accents(fold(str(text))).lower()
    for pattern, repl in _COUNTRY_SPELLINGS:
        out = pattern.sub(repl, out)
    return re.sub(r"\s+", " ", out).strip()


@lru_cache(maxsize=8192)
def name_tokens(name: str) -> tuple[str, ...]:
    """A person's name as comparable tokens: accents off, lowercase, initials and titles dropped (cached)."""
    tokens = [t.lower() for t in _WORD.findall(strip_accents(str(name)).replace(".", " "))]
    return tuple(t for t in tokens if len(t) > 1 and t not in NAME_NOISE)


def norm_name(name: str) -> str:
    """A name folded for comparison: 'Thomas J. Barrack Jr.' -> 'thomas barrack'."""
    return " ".join(name_tokens(name))


def words(text: str) -> list[str]:
    """The words of ``text`` as folded lowercase tokens."""
    return _WORD.findall(norm_text(text))
