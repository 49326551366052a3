"""Omissions: what the documented record held, just before publication, that the article leaves out.

The method:

1. **Which events concern the article?** An event of the record (``kit.timeline.load_events``)
   involves the article when its ``actor_ids`` share an entity with the article's mentions, and at
   least one shared actor is specific (a person, an agency, a weapon, a law): sharing only "Turkey"
   or "the United States" says nothing. People the article misnames count too: the name check says
   who "Tom Berk" stands for.
2. **Which of them came before the article?** Events that started in the ``window_days`` up to the
   publication day. Background rows (category ``context``) are not news events and are left out.
3. **Does the article mention them?** Either a date in the text (a day or a month, not a vague
   "recently" or a whole year) overlaps
   the event in a sentence that names a shared actor, or a sentence holds most of the headline's key
   words (fuzzy, so "seeking" matches "seeks"; country names do not count as key words). When the
   headline quotes someone ("returning the S-400 is 'not on the table'"), the quoted words are the news:
   that sentence must also hold most of them, or the article reported the topic but not what was said.
4. **What came after?** Events in the days after publication are ``later_development``: the article
   could not report them ("the Kremlin denied it the next day"), so they are never omissions, but a
   reader of the article today should know them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from kit.article import Article
from kit.schema import Field, TableSchema, curated_stamp, file_stamp, records
from kit.verify.text import words

if TYPE_CHECKING:
    import pandas as pd

#: Entity kinds too broad to tie an event to an article on their own.
GENERIC_KINDS = frozenset({"state", "alliance", "media", "place"})
#: A date in the text pins an event only if it spans at most this many days ("in 2019" or "for years" do not).
MAX_DATE_SPAN_DAYS = 31
#: Share of a headline's key words a sentence must hold to count as mentioning the event.
HEADLINE_SHARE = 0.6
#: Word score (rapidfuzz ratio) at which two words count as the same ("seeks" ~ "seeking").
WORD_MATCH = 80
#: A quoted phrase in a headline: the words someone said, between straight or curly quotes.
_QUOTED = re.compile(r"""(?:^|(?<=[\s(:]))['‘"“]([^'’"”]{3,}?)['’"”](?=$|[\s.,;:!?)])""")
_STOP = frozenset(
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "from", "with", "by", "as", "is", "are",
        "was", "were", "be", "been", "has", "have", "had", "it", "its", "his", "her", "their", "this", "that", "these",
        "those", "not", "no", "over", "into", "after", "before", "about", "says", "said", "say", "will", "would",
        "could", "may", "might", "report", "claim", "us", "turkey", "turkish", "russia", "russian", "ankara", "moscow",
        "washington", "american",
    })

OMISSIONS = TableSchema(
    name="omissions",
    title="What the article leaves out, and what came after",
    description="Events of the documented record that involve the article's entities: before publication "
                "and not mentioned (omission), or after publication (later_development).",
    fields=(
        Field("finding_id", description="'e' and a 3-digit number in date order.", required=True, unique=True),
        Field("kind", description="omission (before publication, not in the text) or later_development.",
              required=True, enum=("omission", "later_development")),
        Field("event_id", description="The event (data/events.csv).", required=True),
        Field("date", description="When it happened (the record's start_date).", required=True),
        Field("headline", description="The record's headline.", required=True),
        Field("actors", description="Shared actors: the event's actor_ids the article also mentions, '|'-separated."),
        Field("why", description="One sentence: why this is listed.", required=True),
        Field("source_url", description="Where the event is documented."),
    ),
    primary_key=("finding_id",),
    sort_by=("date", "event_id"),
)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def article_entities(mentions: pd.DataFrame | None, names: pd.DataFrame | None = None,
                     gazetteer: pd.DataFrame | None = None) -> dict[str, set[int]]:
    """Entity id -> sentences naming it: the mentions, plus people the name check resolved (misnamed holders)."""
    return _article_entities(mentions, names, lambda: _gazetteer_facts(gazetteer).people)


def _article_entities(mentions: pd.DataFrame | None, names: pd.DataFrame | list[dict[str, Any]] | None,
                      people_of: Any) -> dict[str, set[int]]:
    """:func:`article_entities`; ``names`` may be the name checks' rows."""
    from kit.verify.officials import same_person

    out: dict[str, set[int]] = {}
    if mentions is not None:
        for m in records(mentions, ["entity_id", "sent_idx"]):
            out.setdefault(str(m["entity_id"]), set()).add(int(m["sent_idx"]))
    if names is not None and len(names):
        people = people_of()
        for n in (names if isinstance(names, list) else records(names)):
            if n["kind"] not in ("ok", "misnaming") or not isinstance(n["holder_on_date"], str):
                continue
            for eid, forms in people:
                if same_person(n["holder_on_date"], [f for f in forms if f and f != "<NA>"]):
                    out.setdefault(eid, set()).add(int(n.get("sent_idx", -1)))
    return out


@dataclass(frozen=True)
class _GazetteerFacts:
    """What the omission check reads from a gazetteer: each entity's kind, and every person's written forms."""

    kinds: dict[str, str]
    people: list[tuple[str, list[str]]]


def _gazetteer_facts(gazetteer: pd.DataFrame | None) -> _GazetteerFacts:
    """The facts of ``gazetteer``; the kit's own (``None``) is read once per version of the file."""
    from kit.extract.gazetteer import GAZETTEER_PATH, load_gazetteer

    if gazetteer is None:
        stamp = file_stamp(GAZETTEER_PATH)
        if stamp is not None:
            return _default_facts(stamp)
        gazetteer = load_gazetteer()
    return _facts(gazetteer)


@lru_cache(maxsize=4)
def _default_facts(_stamp: tuple[str, int, int]) -> _GazetteerFacts:
    from kit.extract.gazetteer import load_gazetteer

    return _facts(load_gazetteer())


def _facts(gaz: pd.DataFrame) -> _GazetteerFacts:
    kinds = dict(zip(gaz["entity_id"].astype(str), gaz["kind"].astype(str), strict=True))
    people = [(str(r["entity_id"]), [str(r["name"]), *str(r.get("aliases") or "").split("|")])
              for r in records(gaz) if str(r.get("kind")) == "person"]
    return _GazetteerFacts(kinds, people)


@dataclass(frozen=True)
class _Event:
    """One event of the record, as the omission check reads it."""

    row: dict[str, Any]
    actors: list[str]
    first: dt.date | None
    last: dt.date | None
    key: list[str]
    quote: list[str]


def _events(record: pd.DataFrame | None) -> list[_Event]:
    """The record's events with their days and headline key words; the kit's own (``None``) once per file version."""
    if record is None:
        stamp = curated_stamp("events")
        if stamp is not None:
            return _default_events(stamp)
    return _prepare_events(record)


@lru_cache(maxsize=4)
def _default_events(_stamp: tuple[str, int, int]) -> list[_Event]:
    return _prepare_events(None)


def _prepare_events(record: pd.DataFrame | None) -> list[_Event]:
    from kit.timeline import load_events, record_intervals

    return [_Event(ev, [a for a in str(ev["actor_ids"] or "").split("|") if a], _day(ev["earliest"]),
                   _day(ev["latest"]), _key_words(str(ev["headline"])), quoted_words(str(ev["headline"])))
            for ev in records(record_intervals(load_events(record)))]


@lru_cache(maxsize=4096)
def _key_words_cached(headline: str) -> tuple[str, ...]:
    return tuple(w for w in dict.fromkeys(words(headline)) if w not in _STOP and len(w) > 2)


def _key_words(headline: str) -> list[str]:
    return list(_key_words_cached(headline))


def stem(word: str) -> str:
    """A crude English stem: 'seeking', 'seeks' and 'seek' -> 'seek'; 'S-400s' -> 's-400'."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def quoted_words(headline: str) -> list[str]:
    """The words inside a headline's quotation marks (stop words kept: in a quote "not" is the news)."""
    return [w for phrase in _QUOTED.findall(str(headline)) for w in words(phrase)]


class _Sentences:
    """The article's sentences as words, to score headlines against: the share of key words each sentence holds.

    A key word counts when the sentence has a word of the same stem or a fuzzy word score of
    WORD_MATCH or more ("seeks" ~ "seeking").

    The fuzzy word matches are found once per key word over the article's vocabulary (rapidfuzz, in C),
    not once per key word and sentence.
    """

    def __init__(self, sentence_words: list[list[str]]) -> None:
        self.words = [set(w) for w in sentence_words]
        self.stems = [{stem(w) for w in ws} for ws in sentence_words]
        self.vocabulary = sorted(set().union(*self.words))
        self._close: dict[str, set[str]] = {}

    def _fuzzy(self, key: str) -> set[str]:
        if key not in self._close:
            hits = process.extract(key, self.vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_MATCH, limit=None)
            self._close[key] = {w for w, _, _ in hits}
        return self._close[key]

    def shares(self, key: list[str]) -> list[float]:
        """Share of ``key`` each sentence holds, in order (all 0.0 for no key)."""
        if not key:
            return [0.0] * len(self.words)
        return [sum(1 for k in key if stem(k) in stems or not self._fuzzy(k).isdisjoint(ws)) / len(key)
                for ws, stems in zip(self.words, self.stems, strict=True)]

    def best_share(self, key: list[str]) -> float:
        """The largest share of ``key`` any sentence holds, 0.0 without sentences."""
        return max(self.shares(key), default=0.0)


def omissions(
    article: Article,
    mentions: pd.DataFrame,
    record: pd.DataFrame | None = None,
    published: str | dt.date | None = None,
    window_days: int = 30,
    *,
    after_days: int | None = None,
    names: pd.DataFrame | None = None,
    gazetteer: pd.DataFrame | None = None,
    dates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Record events involving the article's entities: omitted before publication, or later developments.

    ``dates`` is the article's dates table when it is already made (``date_mentions(article)``); it is
    used when it was resolved against the same publication day.
    """
    rows = omission_rows(article, mentions, record, published, window_days, after_days=after_days,
                         names=records(names) if names is not None else None, gazetteer=gazetteer, dates=dates)
    return OMISSIONS.empty() if rows is None else OMISSIONS.from_records(rows)


def omission_rows(
    article: Article,
    mentions: pd.DataFrame,
    record: pd.DataFrame | None = None,
    published: str | dt.date | None = None,
    window_days: int = 30,
    *,
    after_days: int | None = None,
    names: list[dict[str, Any]] | None = None,
    gazetteer: pd.DataFrame | None = None,
    dates: pd.DataFrame | None = None,
) -> list[dict[str, Any]] | None:
    """The rows of :func:`omissions`, in its order (None: no publication day); ``names`` are name-check rows."""
    from kit.extract.dates import date_mentions

    day = _day(published if published is not None else article.meta.get("published"))
    if day is None:
        return None
    events = _events(record)
    facts = _gazetteer_facts(gazetteer)
    kinds = facts.kinds
    if names is None:
        from kit.extract.gazetteer import load_gazetteer
        from kit.verify.officials import name_check_rows

        gaz = gazetteer if gazetteer is not None else load_gazetteer()
        names = name_check_rows(article, mentions, published=day, gazetteer=gaz, dates=dates)
    names = [{**n, "sent_idx": article.sentence_index(int(n["start_char"]))} for n in names]
    present = _article_entities(mentions, names, lambda: facts.people)
    sentences: _Sentences | None = None
    spans: list[tuple[int, dt.date, dt.date]] = []
    table = dates if dates is not None and article.published == day else date_mentions(article, published=day)
    for r in records(table, ["kind", "earliest", "latest", "sent_idx"]):
        lo, hi = _day(r["earliest"]), _day(r["latest"])
        if r["kind"] != "vague" and lo and hi and (hi - lo).days <= MAX_DATE_SPAN_DAYS:
            spans.append((int(r["sent_idx"]), lo, hi))
    after = window_days if after_days is None else after_days
    rows = []
    for event in events:
        ev = event.row
        shared = [a for a in event.actors if a in present]
        if not any(kinds.get(a, "") not in GENERIC_KINDS for a in shared):
            continue
        first, last = event.first, event.last
        if first is None or last is None:
            continue
        base = {"event_id": ev["event_id"], "date": ev["start_date"], "headline": ev["headline"],
                "actors": "|".join(shared), "source_url": ev["source_url"]}
        if day < first <= day + dt.timedelta(days=after):
            gap = (first - day).days
            rows.append({**base, "kind": "later_development",
                         "why": f"{gap} day{'s' if gap != 1 else ''} after publication: the article could not "
                                "report it, but a reader should know it."})
            continue
        if not (day - dt.timedelta(days=window_days) <= first <= day) or ev["category"] == "context":
            continue
        actor_sents = {s for a in shared for s in present.get(a, set())}
        if any(s in actor_sents and lo <= last and first <= hi for s, lo, hi in spans):
            continue  # a date in the text pins it
        key, quote = event.key, event.quote
        if sentences is None:
            sentences = _Sentences([words(s.text) for s in article.sentences])
        topic = sentences.shares(key)
        said = sentences.shares(quote) if quote else [1.0] * len(topic)
        share = max(topic, default=0.0)
        if any(s >= HEADLINE_SHARE and q >= HEADLINE_SHARE for s, q in zip(topic, said, strict=True)):
            continue
        gap = (day - first).days
        if share >= HEADLINE_SHARE:  # the topic is there, the quoted words are not
            why = (f"the article carries the topic ({share:.0%} of {', '.join(key)}) but not what was said: "
                   f"no sentence holds most of the quoted words '{' '.join(quote)}'.")
        else:
            why = (f"no sentence dates it or carries its key words (best match {share:.0%} of {', '.join(key)}).")
        rows.append({**base, "kind": "omission",
                     "why": f"{gap} day{'s' if gap != 1 else ''} before publication, involving "
                            f"{', '.join(shared)}; {why}"})
    rows.sort(key=lambda r: (str(r["date"]), str(r["event_id"])))  # the table's order (OMISSIONS.sort_by)
    for i, r in enumerate(rows):
        r["finding_id"] = f"e{i + 1:03d}"
    return rows

