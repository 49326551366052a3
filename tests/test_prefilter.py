"""kit.extract.prefilter: a rule is skipped only where it could not have matched."""

from __future__ import annotations

import re
import string
from dataclasses import replace

import pytest

from kit.article import load_article
from kit.corpus.synth import iter_articles
from kit.extract import dates
from kit.extract.prefilter import Present, caseless, required
from kit.verify import officials


def test_caseless_folds_every_letter_ignorecase_equates_with_an_ascii_one():
    letters = re.compile(f"[{string.ascii_lowercase}]", re.IGNORECASE)
    for code in range(0x110000):
        ch = chr(code)
        if letters.fullmatch(ch):
            folded = caseless(ch)
            assert folded in string.ascii_lowercase and re.fullmatch(folded, ch, re.IGNORECASE), hex(code)


@pytest.mark.parametrize(("pattern", "needs"), [
    (r"\bago\b", ({"ago"},)),
    (r"(?:last|next)\s+week", ({"last", "next"}, {"week"})),
    (r"(?i:Since)\s+(?:19|20)\d\d", ({"since"}, {"19", "20"})),
    (r"(?:very\s+)?soon", ({"soon"},)),           # an optional part requires nothing
    (r"(?:x+)y", ({"x"}, {"y"})),                 # a repeat of at least one does
    (r"(?:a|\d)z", ({"z"},)),                     # a branch of a class only: that branch requires nothing
    (r"(?<=by\s)June", ({"june"},)),              # a lookbehind is outside the match
    (r"[ap]\.m\.", ({".m."},)),
])
def test_required_reads_the_strings_every_match_holds(pattern, needs):
    assert sorted(map(sorted, required(re.compile(pattern)))) == sorted(map(sorted, needs))


def test_required_puts_the_rarest_strings_first():
    assert required(re.compile(r"\bthe\s+eve\s+of\s+(?:Monday|Sunday)")) == (
        frozenset({"monday", "sunday"}), frozenset({"eve"}), frozenset({"the"}), frozenset({"of"}))


def test_present_checks_the_folded_text():
    needs = required(re.compile(r"\bsince\s+\d{4}", re.IGNORECASE))
    assert Present("SINCE 2019").may_match(needs)
    assert Present("\u017fince 2019").may_match(needs)  # the long s is an s to re.IGNORECASE
    assert not Present("from 2019").may_match(needs)


def _texts() -> list[str]:
    return [load_article().text, *(r["text"] for r in iter_articles(300, seed=11)), *(r.example for r in dates.RULES)]


def _patterns() -> dict[str, list[tuple[str, re.Pattern[str], tuple[frozenset[str], ...]]]]:
    phrases = officials._reference(None).phrases
    return {"date rules": [(r.name, r.pattern, r.needs) for r in dates.RULES],
            "office phrases": [(p.text, p.regex, p.needs) for p in phrases]}


@pytest.mark.parametrize("family", ["date rules", "office phrases"])
def test_every_match_holds_what_its_pattern_requires(family):
    texts = _texts() + [p.text.upper() for p in officials._reference(None).phrases]
    for name, pattern, needs in _patterns()[family]:
        for text in texts:
            for m in pattern.finditer(text):
                folded = caseless(m.group(0))
                assert all(any(s in folded for s in need) for need in needs), (name, m.group(0))


#: Modifiers in odd company: doubled, run together, spaced out, capitalised, at the very start and end.
_MODIFIER_TEXTS = [
    "By June the deal was done. by by June 2025, until until Friday; since\n2019 and since  since March.",
    "No later than   March 2026, NO LATER THAN 5 May, no later than the end of the year.",
    "before Monday, before12 June, bylaws of 2019, Since 2017, since the 1990s, till 3 p.m. on 12 June",
    "since", "by ", "until December", "The talks ran from 2017 to 2019 and by 2020-01-05 had ended.",
]


def test_skipping_rules_never_changes_the_dates_found(monkeypatch):
    texts = _texts() + _MODIFIER_TEXTS
    assert sum(1 for r in dates.RULES if r.needs) > len(dates.RULES) / 2
    fast = [[(f.start, f.end, f.rule.name, f.match.groupdict()) for f in dates._scan(t)] for t in texts]
    monkeypatch.setattr(dates, "RULES", tuple(replace(r, needs=(), core=None) for r in dates.RULES))
    slow = [[(f.start, f.end, f.rule.name, f.match.groupdict()) for f in dates._scan(t)] for t in texts]
    assert fast == slow


def test_a_rule_searched_without_its_modifier_finds_what_its_pattern_finds():
    rules = [r for r in dates.RULES if r.core is not None]
    assert rules
    for text in _texts() + _MODIFIER_TEXTS:
        mods = [m.span() for m in dates._MOD_RUNS.finditer(text)]
        for rule in rules:
            got = [(m.span(), m.groupdict()) for m in dates._matches(rule, text, mods)]
            assert got == [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)], (rule.name, text)


def test_a_core_match_inside_a_modifier_falls_back_to_the_plain_search():
    rule = dates.Rule("odd", re.compile(dates._MOD + r"\b(?:later|[A-Z]\w+)"), dates.read_linked, "relative", "",
                      "", core=re.compile(r"\b(?:later|[A-Z]\w+)"))
    text = "It ends no later than June."  # the core alone finds 'later', inside the modifier
    mods = [m.span() for m in dates._MOD_RUNS.finditer(text)]
    got = [m.group(0) for m in dates._matches(rule, text, mods)]
    assert got == [m.group(0) for m in rule.pattern.finditer(text)] == ["It", "no later than June"]
