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
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from kit.article import Article
from kit.schema import Field, TableSchema
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
    from kit.extract.gazetteer import load_gazetteer
    from kit.verify.officials import same_person

    out: dict[str, set[int]] = {}
    if mentions is not None:
        for eid, s in zip(mentions["entity_id"], mentions["sent_idx"], strict=True):
            out.setdefault(str(eid), set()).add(int(s))
    if names is not None and len(names):
        gaz = gazetteer if gazetteer is not None else load_gazetteer()
        people = [(str(r["entity_id"]), [str(r["name"]), *str(r.get("aliases") or "").split("|")])
                  for r in gaz.to_dict("records") if str(r.get("kind")) == "person"]
        for n in names.to_dict("records"):
            if n["kind"] not in ("ok", "misnaming") or not isinstance(n["holder_on_date"], str):
                continue
            for eid, forms in people:
                if same_person(n["holder_on_date"], [f for f in forms if f and f != "<NA>"]):
                    out.setdefault(eid, set()).add(int(n.get("sent_idx", -1)))
    return out


def _key_words(headline: str) -> list[str]:
    return [w for w in dict.fromkeys(words(headline)) if w not in _STOP and len(w) > 2]


def stem(word: str) -> str:
    """A crude English stem: 'seeking', 'seeks' and 'seek' -> 'seek'; 'S-400s' -> 's-400'."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def quoted_words(headline: str) -> list[str]:
    """The words inside a headline's quotation marks (stop words kept: in a quote "not" is the news)."""
    return [w for phrase in _QUOTED.findall(str(headline)) for w in words(phrase)]


def _sentence_has(key: list[str], sentence_words: list[str]) -> float:
    """Share of ``key`` found in the sentence (same stem, or a fuzzy word score of WORD_MATCH or more)."""
    if not key:
        return 0.0
    stems = {stem(w) for w in sentence_words}
    hits = sum(1 for k in key if stem(k) in stems or any(fuzz.ratio(w, k) >= WORD_MATCH for w in sentence_words))
    return hits / len(key)


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
) -> pd.DataFrame:
    """Record events involving the article's entities: omitted before publication, or later developments."""
    import pandas as pd

    from kit.extract.dates import date_mentions
    from kit.extract.gazetteer import load_gazetteer
    from kit.timeline import load_events, record_intervals

    day = _day(published if published is not None else article.meta.get("published"))
    if day is None:
        return OMISSIONS.empty()
    rec = record_intervals(load_events(record))
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    kinds = dict(zip(gaz["entity_id"].astype(str), gaz["kind"].astype(str), strict=True))
    if names is None:
        from kit.verify.officials import check_names

        names = check_names(article, mentions, published=day, gazetteer=gaz)
    names = names.assign(sent_idx=[article.sentence_index(int(s)) for s in names["start_char"]]) if len(names) \
        else names
    present = article_entities(mentions, names, gaz)
    sentence_words = [words(s.text) for s in article.sentences]
    spans: list[tuple[int, dt.date, dt.date]] = []
    for r in date_mentions(article, published=day).to_dict("records"):
        lo, hi = _day(r["earliest"]), _day(r["latest"])
        if r["kind"] != "vague" and lo and hi and (hi - lo).days <= MAX_DATE_SPAN_DAYS:
            spans.append((int(r["sent_idx"]), lo, hi))
    after = window_days if after_days is None else after_days
    rows = []
    for ev in rec.to_dict("records"):
        actors = [a for a in str(ev["actor_ids"] or "").split("|") if a]
        shared = [a for a in actors if a in present]
        if not any(kinds.get(a, "") not in GENERIC_KINDS for a in shared):
            continue
        first, last = _day(ev["earliest"]), _day(ev["latest"])
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
        dated = any(s in actor_sents and lo <= last and first <= hi for s, lo, hi in spans)
        key = _key_words(str(ev["headline"]))
        quote = quoted_words(str(ev["headline"]))
        shares = [(_sentence_has(key, w), _sentence_has(quote, w) if quote else 1.0) for w in sentence_words]
        share = max((s for s, _ in shares), default=0.0)
        if dated or any(s >= HEADLINE_SHARE and q >= HEADLINE_SHARE for s, q in shares):
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
    df = pd.DataFrame.from_records(rows, columns=OMISSIONS.columns)
    df = OMISSIONS.conform(df)
    df["finding_id"] = [f"e{i + 1:03d}" for i in range(len(df))]
    return OMISSIONS.conform(df)

