"""Which texts a regex cannot match: the plain strings every match of it must contain.

Running a regex over a text costs time in proportion to the text even when it finds nothing, and
the kit runs dozens of rules per article. Most rules cannot match without some plain word ("ago",
"decade", a month's name): :func:`required` reads those words off the pattern itself, and a rule
whose words are absent from the article (:func:`caseless`) need not be run at all. The check is
exact, never a guess: a pattern it cannot read is simply always run.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser ``re`` compiles with (CPython 3.11+); without it every rule is simply run
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - another Python
    _sre = _sre_parse = None  # type: ignore[assignment]

#: Folds a text so that ``word in text.translate(CASELESS)`` holds wherever the case-insensitive regex of
#: an ASCII string matches: A-Z to a-z, and the four other letters ``re.IGNORECASE`` equates with ASCII
#: ones (dotted and dotless i, the Kelvin sign, the long s). One character in, one out.
CASELESS = str.maketrans({**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
                          "\u0130": "i", "\u0131": "i", "\u212a": "k", "\u017f": "s"})


def caseless(text: str) -> str:
    """``text`` folded with :data:`CASELESS`: what the strings of :func:`required` are looked for in."""
    return text.translate(CASELESS)


def required(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of lower-case strings such that every match of ``pattern`` contains one string of each set.

    A text (folded by :func:`caseless`) lacking every string of one set cannot match. Only what must
    be in the match counts: plain ASCII characters in a row, and, from a group, an alternation or a
    repeat that occurs at least once, what each of them requires. Lookarounds, classes (``\\d``,
    ``[ap]``) and optional parts require nothing. An empty tuple: nothing is required. The sets
    least likely to be found by chance come first, so a text that lacks one is told quickly.
    """
    if _sre_parse is None:
        return ()
    try:
        sets = set(_required(_sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # a parser of another shape: require nothing, so the rule is run
        return ()
    return tuple(sorted(sets, key=lambda s: (-min(map(len, s)), len(s), sorted(s))))


def _required(items: Any) -> list[frozenset[str]]:
    """The sets :func:`required` describes, for one parsed sequence of regex items."""
    out: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is _sre.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if run:
            out.append(frozenset([run]))
            run = ""
        if op is _sre.SUBPATTERN:
            out += _required(av[-1])
        elif op is _sre.BRANCH:
            picks = [_most_selective(_required(branch)) for branch in av[1]]
            if all(picks):  # each branch needs one of its strings: the match needs one of them all
                out.append(frozenset().union(*picks))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            out += _required(av[2])
    if run:
        out.append(frozenset([run]))
    return out


def _most_selective(sets: list[frozenset[str]]) -> frozenset[str]:
    """The set least likely to be found by chance: its shortest string longest, then the fewest strings."""
    return max(sets, key=lambda s: (min(map(len, s)), -len(s)), default=frozenset())


class Present:
    """Which strings a text holds, each looked up once (many rules ask for the same month names)."""

    def __init__(self, text: str) -> None:
        self.folded = caseless(text)
        self._seen: dict[str, bool] = {}

    def has(self, strings: frozenset[str]) -> bool:
        """True when the text holds at least one of ``strings``."""
        for s in strings:
            found = self._seen.get(s)
            if found is None:
                found = self._seen[s] = s in self.folded
            if found:
                return True
        return False

    def may_match(self, needs: tuple[frozenset[str], ...]) -> bool:
        """True unless the text lacks every string of some set of ``needs`` (then no match is possible)."""
        return all(self.has(strings) for strings in needs)
