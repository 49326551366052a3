"""Attribution and quote patterns from real wire copy, one table row per pattern (mentions given by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.article import Article
from kit.extract.quotemarks import scan
from kit.extract.sources import attributions


def _mentions(text: str, names: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Mentions for every occurrence of each (surface, entity_id, label) in ``text``."""
    rows = []
    for surface, eid, label in names:
        at = text.find(surface)
        while at >= 0:
            rows.append({"entity_id": eid, "text": surface, "label": label, "start_char": at,
                         "end_char": at + len(surface)})
            at = text.find(surface, at + 1)
    return pd.DataFrame(rows, columns=["entity_id", "text", "label", "start_char", "end_char"])


LORD = ("Ellen Lord", "unlinked:ellen_lord", "PERSON")
AKAR = ("Hulusi Akar", "hulusi_akar", "PERSON")

CASES = [
    # (text, names, cue, expected source_type, expected entity, resolved_from)
    ("Ellen Lord, the under secretary of defense, told reporters the move was final.", [LORD],
     "told", "named_person", "unlinked:ellen_lord", None),
    ("Under Secretary of Defense Ellen Lord said the move was final.", [LORD],
     "said", "named_person", "unlinked:ellen_lord", None),
    ("The inflection point came in 2019, says Peker.", [("Peker", "unlinked:peker", "PERSON")],
     "says", "named_person", "unlinked:peker", None),
    ("“We will not back down,” said Akar.", [("Akar", "hulusi_akar", "PERSON")],
     "said", "named_person", "hulusi_akar", None),
    ("Defense Minister Hulusi Akar spoke in Ankara. Turkey will wait, the defense minister said.", [AKAR],
     "said", "named_person", "hulusi_akar", "the defense minister"),
    ("Hulusi Akar spoke in Ankara. “We will wait,” he said.", [AKAR],
     "said", "named_person", "hulusi_akar", "he"),
    ("Hulusi Akar spoke in Ankara. He added that talks would go on.", [AKAR],
     "added", "named_person", "hulusi_akar", "He"),
    ("The deal is off, according to Reuters.", [("Reuters", "reuters", "ORG")],
     "according to", "media", "reuters", None),
    ("The Kommersant newspaper reported that talks had stalled.",
     [("Kommersant", "unlinked:kommersant", "ORG")], "reported", "media", "unlinked:kommersant", None),
    ("Lockheed Martin said in a statement that it would comply.", [("Lockheed Martin", "lockheed_martin", "ORG")],
     "said", "named_org", "lockheed_martin", None),
    ("Turkey made it clear on Tuesday that it would not yield.", [("Turkey", "turkey", "GPE")],
     "made it clear", "named_org", "turkey", None),
    ("Prime Minister Rishi Sunak described the agreement as historic.",
     [("Rishi Sunak", "unlinked:rishi_sunak", "PERSON")], "described", "named_person", "unlinked:rishi_sunak", None),
    ("Minister Richard Marles cautioned on Monday that the estimate was rough.",
     [("Richard Marles", "unlinked:richard_marles", "PERSON")], "cautioned", "named_person",
     "unlinked:richard_marles", None),
    ("Russia's Defense Ministry denounced the decision.", [("Defense Ministry", "unlinked:mod", "ORG")],
     "denounced", "named_org", "unlinked:mod", None),
    ("A senior U.S. Navy officer told a hearing the yards were full.", [("U.S.", "usa", "GPE")],
     "told", "anonymous_official", None, None),
    ("IAF chief ACM AP Singh said the rest would come next year.",
     [("AP Singh", "unlinked:ap_singh", "PERSON")], "said", "named_person", "unlinked:ap_singh", None),
]


@pytest.mark.parametrize(("text", "names", "cue", "s_type", "entity", "resolved"), CASES)
def test_attribution_patterns(text, names, cue, s_type, entity, resolved):
    table = attributions(Article.from_text(text), _mentions(text, names))
    rows = table[table["cue"].str.lower() == cue.lower()]
    assert len(rows) == 1, table[["cue", "source_text", "source_type"]]
    row = rows.iloc[-1]
    assert row["source_type"] == s_type
    assert (None if pd.isna(row["source_entity_id"]) else row["source_entity_id"]) == entity
    assert (None if pd.isna(row["resolved_from"]) else row["resolved_from"]) == resolved


@pytest.mark.parametrize("text", [
    "Officials were unable to say when the talks would resume.",
    "But governments should say so plainly.",
    "He has been repeatedly warned not to go ahead.",
    "The ministry was deeply concerned by reports that the army had moved.",
    "The policy, while criticized by some for its cost, has held.",
])
def test_not_attributions(text):
    table = attributions(Article.from_text(text))
    assert table["source_type"].eq("unattributed").all(), table[["cue", "source_text"]]


@pytest.mark.parametrize(("text", "reason"), [
    ("A senior official said, speaking on condition of anonymity because he was not authorized to discuss the "
     "talks, that the deal was off.", "anonymity because he was not authorized to discuss the talks"),
    ("A diplomat who asked not to be named said the deal was off.", "asked not to be named"),
])
def test_anonymity_reason(text, reason):
    table = attributions(Article.from_text(text))
    row = table[table["source_type"] != "unattributed"].iloc[0]
    assert row["source_type"] == "anonymous_official"
    assert reason in row["anonymity_reason"]


@pytest.mark.parametrize(("text", "spans"), [
    ('He said "we will win” and left.', ['"we will win”']),
    ('She said “we will win" and left.', ['“we will win"']),
    ("“He told me ‘no’ twice,” she said.", ["“He told me ‘no’ twice,”", "‘no’"]),
])
def test_mixed_and_nested_marks(text, spans):
    assert [text[q.start : q.end] for q in scan(text)] == spans
    assert all(q.is_balanced for q in scan(text))


def test_a_quote_stops_at_its_paragraph_unless_reopened():
    text = "“First part\n\nNot a quote.\n\n“Second part\n\n“continued.”"
    art = Article.from_text(text)
    found = scan(art.text, [(p.start, p.end) for p in art.paragraphs])
    first = found[0]
    assert art.text[first.start : first.end] == "“First part" and not first.is_balanced
    assert found[-1].spans_paragraphs and found[-1].is_balanced
