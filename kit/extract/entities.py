"""Entity tables: who and what an article is about, linked to the gazetteer, counted, in context.

The steps, each public so a lesson can show it on its own::

    gaz = load_gazetteer()                    # data/entities.csv, checked
    mentions = find_mentions(article, gaz)    # one row per mention, with offsets into article.text
    entities = entity_table(mentions, gaz)    # one row per entity: counts, first mention, surface forms
    pairs = co_mentions(mentions)             # entity pairs named in the same sentence
    unknown = candidates(article, mentions)   # capitalised names the gazetteer does not know
    highlight_html(article, mentions)         # the article with every mention marked

Every mention row satisfies ``article.text[start_char:end_char] == text``. A mention keeps its
*surface kind*: "Ankara" is linked to Turkey but marked ``metonym``, "Turkish" is marked
``demonym`` (label NORP), and "Tom Berk" is linked to Tom Barrack but marked ``misnaming`` with
a note, so no reading of the text is hidden behind the link.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.article import Article
from kit.errors import InputError
from kit.extract.gazetteer import SURFACE_KINDS, Surface, check_gazetteer, compile_gazetteer, load_gazetteer
from kit.labels import ENTITY_LABELS
from kit.schema import Field, TableSchema, file_stamp, records

if TYPE_CHECKING:
    import pandas as pd

    from kit.highlight import Highlighted

__all__ = [
    "CANDIDATES",
    "CO_MENTIONS",
    "ENTITIES",
    "MENTIONS",
    "candidates",
    "co_mentions",
    "entity_table",
    "find_mentions",
    "highlight_html",
    "load_gazetteer",
]

#: spaCy/OntoNotes labels the gazetteer uses.
#: How a mention was found: a gazetteer form as written, or with a plural "s" and/or in another case.
METHODS = ("gazetteer", "gazetteer:plural", "gazetteer:case", "gazetteer:case+plural", "ner")

MENTIONS = TableSchema(
    name="mentions",
    title="Mentions of known entities",
    description="One row per mention of a gazetteer entity in the article, in text order.",
    fields=(
        Field("mention_id", description="Id within the article: 'm' and the mention's 4-digit position in text order.",
              required=True, unique=True, example="m0001"),
        Field("entity_id", description="The entity mentioned (data/entities.csv).", required=True, example="turkey"),
        Field("text", description="The mention exactly as in the text: article.text[start_char:end_char].",
              required=True, example="Ankara"),
        Field("label", description="Label of this mention: the entity's label, or NORP for a demonym.",
              required=True, enum=ENTITY_LABELS, example="GPE"),
        Field("start_char", "integer", "Offset of the first character in article.text.", required=True, minimum=0),
        Field("end_char", "integer", "Offset just after the last character.", required=True, minimum=1),
        Field("sent_idx", "integer", "Index of the sentence holding the mention (article.sentences).",
              required=True, minimum=0),
        Field("method", description="How it was found: a gazetteer form as written, a plural/case variant of it, "
              "or spaCy's named-entity recogniser ('ner', for names the gazetteer does not know).",
              required=True, enum=METHODS, example="gazetteer"),
        Field("surface_kind", description="Which gazetteer column the form comes from.",
              required=True, enum=SURFACE_KINDS, example="metonym"),
        Field("form", description="The gazetteer form matched (singular, as written in the gazetteer).",
              required=True, example="S-400"),
        Field("note", description="What a reader should know: metonym, demonym or misnaming explained."),
    ),
    primary_key=("mention_id",),
    sort_by=("start_char",),
)

ENTITIES = TableSchema(
    name="entities",
    title="Entities the article mentions",
    description="One row per entity mentioned, most-mentioned first (ties: first mention first).",
    fields=(
        Field("entity_id", description="The entity (data/entities.csv).", required=True, unique=True),
        Field("name", description="Preferred name from the gazetteer.", required=True),
        Field("label", description="The entity's label.", required=True, enum=ENTITY_LABELS),
        Field("kind", description="The entity's kind (state, person, weapon_system, ...)."),
        Field("n_mentions", "integer", "Number of mentions, all surface kinds together.", required=True, minimum=0),
        Field("n_sentences", "integer", "Number of sentences with at least one mention.", minimum=0),
        Field("first_sent_idx", "integer", "Sentence of the first mention.", minimum=0),
        Field("first_start_char", "integer", "Offset of the first mention.", minimum=0),
        Field("sentences", description="Sentence indexes with a mention, ascending, separated by '|'.",
              example="0|3|5"),
        Field("surface_forms",
              description="Each distinct text with its count, most frequent first: 'Turkey (9)|Ankara (5)'."),
        Field("n_name", "integer", "Mentions by the entity's name.", minimum=0),
        Field("n_alias", "integer", "Mentions by an alias.", minimum=0),
        Field("n_metonym", "integer", "Mentions by a metonym (a capital standing for its state).", minimum=0),
        Field("n_demonym", "integer", "Mentions by a demonym (Turkish, Russian, ...).", minimum=0),
        Field("n_misnaming", "integer", "Mentions by a wrong name (see note).", minimum=0),
        Field("wikidata_qid", description="Wikidata id where checked, else empty."),
        Field("note", description="Flags for the reader, e.g. the misnamed forms used."),
    ),
    primary_key=("entity_id",),
)

CO_MENTIONS = TableSchema(
    name="co_mentions",
    title="Entities named in the same sentence",
    description="One row per pair of entities sharing at least one sentence, strongest pair first.",
    fields=(
        Field("entity_a", description="First entity id of the pair (alphabetically).", required=True),
        Field("entity_b", description="Second entity id of the pair (alphabetically).", required=True),
        Field("n_sentences", "integer", "Number of sentences that mention both.", required=True, minimum=1),
        Field("sentences", description="Those sentence indexes, ascending, separated by '|'."),
    ),
    primary_key=("entity_a", "entity_b"),
)

CANDIDATES = TableSchema(
    name="candidates",
    title="Names the gazetteer does not know",
    description="Capitalised names, acronyms and model codes not covered by a mention, for a reporter to triage.",
    fields=(
        Field("candidate", description="The name as written (a possessive 's is left off).", required=True,
              unique=True),
        Field("shape", description="name: two or more capitalised words; word: one capitalised word that does not "
              "start a sentence; acronym: two or more capitals; code: a model designation like Su-35.",
              required=True, enum=("name", "word", "acronym", "code")),
        Field("n", "integer", "How often it occurs.", required=True, minimum=1),
        Field("first_start_char", "integer", "Offset of the first occurrence.", minimum=0),
        Field("first_end_char", "integer", "End offset of the first occurrence.", minimum=1),
        Field("sentences", description="Sentence indexes where it occurs, separated by '|'."),
        Field("context", description="The first occurrence in context, the candidate in [brackets]."),
    ),
    primary_key=("candidate",),
)

_NOTES = {
    "metonym": "metonym: the place name stands for {name}; read the sentence to judge place or actor",
    "demonym": "demonym: an adjective or people-name linked to {name}",
    "misnaming": "misnaming: the text says '{text}', but this is {name}",
}


def _as_article(article: Any) -> Article:
    if not isinstance(article, Article):
        raise InputError(
            "find_mentions",
            f"expects an Article (kit.load_article(path) or kit.Article.from_text(text)), not {type(article).__name__}",
        )
    return article


def _gazetteer_frame(gazetteer: Any) -> pd.DataFrame:
    if gazetteer is None or isinstance(gazetteer, (str, Path)):
        return load_gazetteer(gazetteer)
    check_gazetteer(gazetteer, "gazetteer")
    return gazetteer


def find_mentions(article: Article, gazetteer: pd.DataFrame | str | Path | None = None) -> pd.DataFrame:
    """Every mention of a gazetteer entity in ``article``, in text order (schema :data:`MENTIONS`).

    ``gazetteer`` is a frame (checked first, errors name the row), a CSV path, or None for the
    kit's ``data/entities.csv``. Matching is case-sensitive with ALL CAPS and Title Case
    variants, whole words only, longest form first; possessives are left out of the mention and
    weapon-system plurals ("S-400s") kept in it.
    """

    article = _as_article(article)
    matcher = compile_gazetteer(gazetteer, "gazetteer") if gazetteer is not None else compile_gazetteer(None)
    hits = matcher.scan(article.text)
    if not hits:
        return MENTIONS.empty()
    text = article.text
    starts = [h[0] for h in hits]
    ends = [h[1] for h in hits]
    # Column by column: a large text can hold hundreds of thousands of mentions.
    import numpy as np

    sent_starts = np.array([s.start for s in article.sentences] or [0])
    sent_idx = np.maximum(np.searchsorted(sent_starts, np.array(starts), side="right") - 1, 0)
    entries = [h[2] for h in hits]
    surfaces = [e.surface for e in entries]
    texts = [text[s:e] for s, e in zip(starts, ends, strict=True)]
    width = max(4, len(str(len(hits))))
    notes: dict[tuple[Surface, str], str | None] = {}
    return MENTIONS.from_columns({
        "mention_id": [f"m{i:0{width}d}" for i in range(1, len(hits) + 1)],
        "entity_id": [sf.entity_id for sf in surfaces],
        "text": texts,
        "label": [sf.label for sf in surfaces],
        "start_char": starts,
        "end_char": ends,
        "sent_idx": sent_idx.tolist(),
        "method": [_METHOD[(e.case_variant, e.plural)] for e in entries],
        "surface_kind": [sf.surface_kind for sf in surfaces],
        "form": [sf.form for sf in surfaces],
        "note": [notes[k] if k in notes else notes.setdefault(k, _note(*k)) for k in zip(surfaces, texts, strict=True)],
    })


_METHOD = {(False, False): "gazetteer", (False, True): "gazetteer:plural",
           (True, False): "gazetteer:case", (True, True): "gazetteer:case+plural"}


def _note(sf: Surface, text: str) -> str | None:
    """The reader's note for a mention: what a metonym, demonym or misnaming means here."""
    template = _NOTES.get(sf.surface_kind)
    if template is None:
        return None
    note = template.format(name=sf.name, text=text)
    if sf.note and sf.surface_kind == "misnaming":
        note = f"{note}. {sf.note}"
    return note


def _join(values: Any) -> str:
    return "|".join(str(v) for v in values)


def entity_table(
    mentions: pd.DataFrame,
    gazetteer: pd.DataFrame | str | Path | None = None,
    *,
    include_unmentioned: bool = False,
) -> pd.DataFrame:
    """One row per entity: mention count, first mention, sentences, surface forms (schema :data:`ENTITIES`).

    Sorted by ``n_mentions`` (most first), then by first mention. With ``include_unmentioned``
    every gazetteer entity gets a row (count 0), which shows what the article leaves out.
    """
    info = _entity_info(gazetteer)
    rows = []
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    recs = records(mentions)
    if all(r["start_char"] is not None and r["end_char"] is not None for r in recs):
        recs.sort(key=lambda r: (r["start_char"], r["end_char"]))
    else:  # missing offsets go last, as pandas sorts them
        recs = records(mentions.sort_values(["start_char", "end_char"], kind="stable"))
    for rec in recs:
        grouped[str(rec["entity_id"])].append(rec)
    ids = list(grouped)
    if include_unmentioned:
        ids += [e for e in info if e not in grouped]
    for eid in ids:
        recs = grouped.get(eid, [])
        meta = info.get(eid, {})
        kinds = Counter(r["surface_kind"] for r in recs)
        forms = Counter(r["text"] for r in recs)
        firsts = {}
        for r in recs:
            firsts.setdefault(r["text"], r["start_char"])
        ordered = sorted(forms, key=lambda t: (-forms[t], firsts[t]))
        sents = sorted({int(r["sent_idx"]) for r in recs})
        wrong = [t for t in ordered if any(r["text"] == t and r["surface_kind"] == "misnaming" for r in recs)]
        # An entity only NER found has no gazetteer row: its longest form is its name ("Joe Biden").
        name = meta.get("name") or (max(ordered, key=len) if ordered else eid)
        rows.append({
            "entity_id": eid,
            "name": name,
            "label": meta.get("label") or (recs[0]["label"] if recs else None),
            "kind": meta.get("kind"),
            "n_mentions": len(recs),
            "n_sentences": len(sents),
            "first_sent_idx": int(recs[0]["sent_idx"]) if recs else None,
            "first_start_char": int(recs[0]["start_char"]) if recs else None,
            "sentences": _join(sents),
            "surface_forms": "|".join(f"{t} ({forms[t]})" for t in ordered),
            **{f"n_{k}": kinds.get(k, 0) for k in SURFACE_KINDS},
            "wikidata_qid": meta.get("wikidata_qid") or None,
            "note": (f"named wrongly as {', '.join(repr(t) for t in wrong)}: the right name is {name}"
                     if wrong else None),
        })
    if not rows:
        return ENTITIES.empty()
    # Most mentioned first, then first mention (none: last), then id: one row per id, so the order is total.
    rows.sort(key=lambda r: (-r["n_mentions"], 10**12 if r["first_start_char"] is None else r["first_start_char"],
                             r["entity_id"]))
    return ENTITIES.from_records(rows)


def _entity_info(gazetteer: pd.DataFrame | str | Path | None) -> dict[str, dict[str, Any]]:
    """Entity id -> its gazetteer row; the kit's own gazetteer (``None``) is read once per version of the file."""
    from kit.extract.gazetteer import GAZETTEER_PATH

    if gazetteer is None:
        stamp = file_stamp(GAZETTEER_PATH)
        if stamp is not None:
            return _default_entity_info(stamp)
    return {str(r["entity_id"]): r for r in records(_gazetteer_frame(gazetteer))}


@lru_cache(maxsize=4)
def _default_entity_info(_stamp: tuple[str, int, int]) -> dict[str, dict[str, Any]]:
    return {str(r["entity_id"]): r for r in records(_gazetteer_frame(None))}


def co_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of entities mentioned in the same sentence, with how many sentences (schema :data:`CO_MENTIONS`).

    A sentence counts once per pair however often each entity appears in it; an entity is
    never paired with itself.
    """
    import pandas as pd

    by_sentence: dict[int, set[str]] = defaultdict(set)
    for eid, sent in zip(mentions["entity_id"], mentions["sent_idx"], strict=True):
        by_sentence[int(sent)].add(str(eid))
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for sent in sorted(by_sentence):
        ents = sorted(by_sentence[sent])
        for i, a in enumerate(ents):
            for b in ents[i + 1 :]:
                pairs[(a, b)].append(sent)
    if not pairs:
        return CO_MENTIONS.empty()
    df = pd.DataFrame(
        [{"entity_a": a, "entity_b": b, "n_sentences": len(s), "sentences": _join(s)} for (a, b), s in pairs.items()]
    )
    df = df.sort_values(["n_sentences", "entity_a", "entity_b"], ascending=[False, True, True], kind="stable")
    return CO_MENTIONS.conform(df)


def highlight_html(article: Article, mentions: pd.DataFrame | None = None) -> Highlighted:
    """The article as HTML with every mention marked and coloured by label (all text escaped).

    Each mark shows its label in small capitals (colour is never the only cue), and the surface
    kind when the mention is a metonym, demonym or misnaming ("gpe · metonym"); a misnaming also
    gets a ⚠ and a red wavy underline. The tooltip gives the entity id, surface kind and note.
    Displays itself in a notebook.
    """
    from kit.highlight import highlight

    article = _as_article(article)
    if mentions is None:
        mentions = find_mentions(article)
    shown = mentions.copy()
    kinds = shown["surface_kind"].astype("object") if "surface_kind" in shown.columns else None
    if kinds is not None:
        shown["_badge"] = kinds.where(kinds.isin(["metonym", "demonym", "misnaming"]), None)
        shown["_warn"] = kinds == "misnaming"
    return highlight(article, shown, tooltip=("entity_id", "surface_kind", "note"),
                     badge="_badge" if kinds is not None else None, warn="_warn" if kinds is not None else None)


def candidates(article: Article, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Capitalised names and acronyms that no mention covers (schema :data:`CANDIDATES`).

    For triage: what would you add to the gazetteer? Sentence-initial words, titles
    ("President"), months and common words are left out. ``mentions=None`` uses the kit's
    gazetteer; pass ``MENTIONS.empty()`` to see every name-like string in the text.
    """

    from kit.extract.candidates import name_candidates

    article = _as_article(article)
    if mentions is None:
        mentions = find_mentions(article)
    spans = records(mentions, ["start_char", "end_char"])
    rows = name_candidates(article, ((r["start_char"], r["end_char"]) for r in spans))
    return CANDIDATES.from_records(rows) if rows else CANDIDATES.empty()
