"""Name-like strings a gazetteer missed: capitalised word runs, acronyms and model codes.

A reporter triaging a new article wants the names the gazetteer does not know yet, without
the noise of every capital letter in the text. The rules, in order:

1. Tokens are words (``O’Brien``, ``U.K.``, ``Su-35``); a possessive ``’s`` is cut off.
2. Tokens inside a known mention are skipped and break a run.
3. A run is consecutive capitalised tokens separated by one space, joined across the small
   connectors of names ("Presidency *of* Defence Industries").
4. Titles ("President", "Minister", "Ambassador") split a run and are dropped; so are months,
   weekdays and common words at the start of a sentence or after an opening quote
   ("According", "However"). A sentence-initial word also counts as common when the article
   uses it in lower case elsewhere.
5. What is left is a candidate when it is two or more capitalised words (``name``), one
   capitalised word that does not open a sentence (``word``), two or more capitals
   (``acronym``: ``CNN``) or a model designation (``code``: ``Su-35``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from kit.article import Article

_TOKEN = re.compile(r"[^\W_](?:[\w&]|[-’'.](?=[^\W_]))*")
_POSSESSIVE = re.compile(r"[’']s$")
_ACRONYM = re.compile(r"(?:[A-Z][A-Z0-9&\-]*[A-Z0-9](?:s)?|(?:[A-Z]\.){2,})")
_CODE = re.compile(r"[A-Z][A-Za-z]{0,2}-?\d{1,4}[A-Z]?s?")
_OPENERS = "\"'“‘([«:—–"

def _words(block: str) -> frozenset[str]:
    """A set of lower-case words from a whitespace-separated block (keeps the lists readable)."""
    return frozenset(block.split())


CONNECTORS = frozenset({"of", "for", "de", "del", "da", "di", "von", "van", "der", "al", "bin", "la", "le", "du"})
TITLES = _words("""
president presidents vice prime minister ministers ambassador ambassadors secretary senator sen rep representative
chairman chairwoman chair director general foreign defence defense deputy acting chief head envoy special spokesman
spokeswoman spokesperson mr mrs ms dr king queen prince princess pope governor mayor judge justice lt col gen adm
admiral colonel commander officer official officials sheikh emir chancellor premier leader sources source
""")
MONTHS_DAYS = _words("""
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday
""")
COMMON = _words("""
a an the this that these those it its he she they we i you his her their our my your there here
but and or nor yet so however meanwhile moreover still also now then thus hence therefore instead
in on at for from to by with without within into onto over under after before during while when
where why how what which who whom whose if unless although though despite because as since until
according behind beyond between among amid across against along around about above below near
some many most much more few several both each every all any no not none other another such
one two three four five six seven eight nine ten first second third last next new old
is are was were be been has have had do does did will would can could may might must shall should
sources officials analysts observers critics experts reports report people government administration
yes no please thanks today yesterday tomorrow tonight recently later earlier again even just only
""")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        tok = m.group()
        if "." in tok and e < len(text) and text[e] == "." and re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", tok):
            e += 1  # "U.S" + "." -> "U.S."
            tok = text[s:e]
        cut = _POSSESSIVE.search(tok)
        if cut and len(tok) > 2:
            e -= len(cut.group())
            tok = tok[: -len(cut.group())]
        out.append((s, e, tok))
    return out


def _shape(tok: str) -> str | None:
    """'acronym', 'code', 'cap' (capitalised word) or None (not name-like)."""
    if _CODE.fullmatch(tok) and any(ch.isdigit() for ch in tok):
        return "code"
    if _ACRONYM.fullmatch(tok) and sum(ch.isupper() for ch in tok) >= 2:
        return "acronym"
    if tok[:1].isupper():
        return "cap"
    return None


def name_candidates(article: Article, covered: Iterable[tuple[Any, Any]]) -> list[dict[str, Any]]:
    """Rows for :data:`kit.entities.CANDIDATES`: name-like strings outside the ``covered`` spans."""
    text = article.text
    spans = sorted((int(s), int(e)) for s, e in covered)
    lower_words = {m.group().lower() for m in re.finditer(r"\b[a-z][a-z’'-]*\b", text)}
    found: dict[str, dict[str, Any]] = {}

    starts = [cs for cs, _ in spans]
    ends = [ce for _, ce in spans]
    # Sorted by start with ends never decreasing (non-overlapping spans): the spans overlapping
    # [s, e) are those from the first ending after s up to the last starting before e.
    monotone = all(a <= b for a, b in pairwise(ends))

    def inside(s: int, e: int) -> bool:
        if monotone:
            return bisect_right(ends, s) < bisect_left(starts, e)
        # binary search over sorted, non-overlapping covered spans
        lo, hi = 0, len(spans) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            cs, ce = spans[mid]
            if e <= cs:
                hi = mid - 1
            elif s >= ce:
                lo = mid + 1
            else:
                return True
        return False

    def emit(run: list[tuple[int, int, str, bool]], sent_idx: int) -> None:
        # trim connectors and titles at the edges; drop common words that open a sentence
        while run and (run[0][2].lower() in CONNECTORS or run[-1][2].lower() in CONNECTORS):
            if run[0][2].lower() in CONNECTORS:
                run = run[1:]
            if run and run[-1][2].lower() in CONNECTORS:
                run = run[:-1]
        while run and run[0][3] and (run[0][2].lower() in COMMON or run[0][2].lower() in lower_words):
            run = run[1:]
            if run:
                run[0] = (*run[0][:3], False)
        if not run:
            return
        caps = [t for t in run if t[2].lower() not in CONNECTORS]
        if all(t[2].lower() in COMMON or t[2].lower() in MONTHS_DAYS for t in caps):
            return
        if len(caps) >= 2:
            shape = "name"
        else:
            tok = caps[0]
            shape = _shape(tok[2]) or ""
            if shape == "cap":
                if tok[3] or tok[2].lower() in COMMON or tok[2].lower() in MONTHS_DAYS or len(tok[2]) < 2:
                    return
                shape = "word"
        start, end = run[0][0], run[-1][1]
        cand = text[start:end]
        row = found.get(cand)
        if row is None:
            found[cand] = {
                "candidate": cand,
                "shape": shape,
                "n": 1,
                "first_start_char": start,
                "first_end_char": end,
                "_sents": {sent_idx},
                "context": article.context(start, end),
            }
        else:
            row["n"] += 1
            row["_sents"].add(sent_idx)

    for sent_idx, sent in enumerate(article.sentences):
        toks = _tokens(sent.text)
        run: list[tuple[int, int, str, bool]] = []
        prev_end = None
        for k, (s, e, tok) in enumerate(toks):
            s += sent.start
            e += sent.start
            between = text[prev_end:s] if prev_end is not None else ""
            initial = k == 0 or any(ch in _OPENERS for ch in between)
            shape = _shape(tok)
            lower = tok.lower()
            joins = run and between == " "
            if inside(s, e) or lower in TITLES or (lower in MONTHS_DAYS and not initial):
                if run:
                    emit(run, sent_idx)
                run = []
            elif shape is not None:
                if not joins and run:
                    emit(run, sent_idx)
                    run = []
                run.append((s, e, tok, bool(initial)))
            elif lower in CONNECTORS and joins:
                run.append((s, e, tok, False))
            else:
                if run:
                    emit(run, sent_idx)
                run = []
            prev_end = e
        if run:
            emit(run, sent_idx)
    rows = sorted(found.values(), key=lambda r: (-r["n"], r["first_start_char"]))
    for r in rows:
        r["sentences"] = "|".join(str(i) for i in sorted(r.pop("_sents")))
    return rows
