"""The kit's vocabularies, defined once: entity labels, source types, sourcing categories, event categories.

Each entry carries its code (what tables store), the words a reader sees, its colours and its
place in every legend, so a table, a highlighted article, a lesson chart and the report all say
the same thing the same way. Colour is never the only cue: the words go beside every mark.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    """One value of a vocabulary: its code, the words for it, and its colours (fill on white, light background)."""

    code: str
    words: str
    color: str
    background: str = "#eeeeee"
    #: One or two words written beside each mark in running text, where the full words would crowd it.
    short: str = ""


#: Entity labels (the spaCy/OntoNotes names the tables store), in legend order. The text colours keep
#: ΔE2000 >= 10 between every pair for deuteranopia, protanopia and tritanopia too, and 4.5:1 contrast on
#: white and on their own background (tests/test_palettes.py).
ENTITY: dict[str, Label] = {lab.code: lab for lab in (
    Label("PERSON", "person", "#a5133e", "#fde2e4", "person"),
    Label("NORP", "nationality or group", "#233f52", "#e4ecf2", "group"),
    Label("ORG", "organisation", "#0054c5", "#dbe7fb", "organisation"),
    Label("GPE", "country or city", "#7d5e00", "#fff1c1", "country/city"),
    Label("LOC", "place", "#4c6152", "#e3f1d4", "place"),
    Label("PRODUCT", "product or weapon", "#55257f", "#ece1f7", "product"),
    Label("EVENT", "event", "#6f3300", "#ffe0c2", "event"),
    Label("LAW", "law", "#1c6465", "#d9f2f2", "law"),
)}
ENTITY_LABELS: tuple[str, ...] = tuple(ENTITY)

#: Who a source is, as the attributions table records it.
SOURCE: dict[str, Label] = {lab.code: lab for lab in (
    Label("named_person", "named person", "#1a4d8f"),
    Label("named_org", "named organisation", "#1a4d8f"),
    Label("media", "news outlet", "#1a4d8f"),
    Label("anonymous_official", "anonymous official", "#c05a00"),
    Label("anonymous_source", "anonymous source", "#c05a00"),
    Label("unattributed", "no source", "#8c8c8c"),
)}
SOURCE_TYPES: tuple[str, ...] = tuple(SOURCE)
NAMED_TYPES = frozenset({"named_person", "named_org", "media"})
ANONYMOUS_TYPES = frozenset({"anonymous_official", "anonymous_source"})

#: A sentence's strongest source (named = accountable, anonymous = weaker, none = weakest).
SOURCING: dict[str, Label] = {lab.code: lab for lab in (
    Label("named", "named source", "#1a4d8f"),
    Label("anonymous", "anonymous source", "#c05a00"),
    Label("unattributed", "no source", "#8c8c8c"),
)}
SOURCING_CATEGORIES: tuple[str, ...] = tuple(SOURCING)

#: Event categories, shared by events in the text and the documented record ("context" only in the record).
CATEGORIES = ("deal", "financing", "delivery", "test", "sanction", "programme exclusion", "diplomacy",
              "statement", "forecast")
RECORD_CATEGORIES = (*CATEGORIES, "context")

#: The article file types the kit reads: suffix -> how the text is read.
ARTICLE_FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
ARTICLE_SUFFIXES: tuple[str, ...] = tuple(ARTICLE_FORMATS)


def words(vocabulary: dict[str, Label], code: object, *, short: bool = False) -> str:
    """The reader's words for ``code`` (the code itself when the vocabulary does not know it).

    ``short``: the label's short form, written beside marks in running text (its words when it has none).
    """
    label = vocabulary.get(str(code))
    if label is None:
        return str(code)
    return (label.short or label.words) if short else label.words
