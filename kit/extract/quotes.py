"""Quotations: text inside quotation marks, with its speaker and whether it can be checked word for word.

:mod:`kit.extract.quotemarks` finds the marks; this module turns each quoted span into a row of
:data:`QUOTES`. The speaker is the source of the attribution in the same sentence (or the one next
to it), so "he said" resolves to the person it points back to. Quotes of one to three words with
no attribution are scare quotes: words set apart, not speech.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any

from kit.article import Article
from kit.extract.quotemarks import QuoteSpan, scan
from kit.extract.sources import _as_article, _is_set, attributions
from kit.labels import NAMED_TYPES, SOURCE_TYPES
from kit.schema import Field, TableSchema, records

if TYPE_CHECKING:
    import pandas as pd

QUOTES = TableSchema(
    name="quotes",
    title="Quotations",
    description="Text inside quotation marks, with the speaker where the text names one.",
    fields=(
        Field("quote_id", "integer", "Row number in text order, from 0.", required=True, unique=True),
        Field("sent_idx", "integer", "Sentence where the quotation opens.", required=True),
        Field("start_char", "integer", "Offset of the opening mark in Article.text.", required=True),
        Field("end_char", "integer", "Offset just after the closing mark (or the paragraph end if unclosed).",
              required=True),
        Field("quote_text", "string", "The quoted words, without the marks.", required=True),
        Field("open_mark", "string", "The opening mark as written: “ ‘ \" ' or «.", required=True),
        Field("close_mark", "string", "The closing mark; empty when the quote is never closed."),
        Field("n_words", "integer", "Words inside the marks.", required=True),
        Field("nesting_level", "integer", "0 for an outer quote, 1 for a quote inside a quote, ...", required=True),
        Field("is_balanced", "boolean", "False when the closing mark is missing.", required=True),
        Field("spans_paragraphs", "boolean", "True for a quotation continued over a paragraph break.",
              required=True),
        Field("kind", "string", "direct (reported speech) or scare (a word or phrase set off in quotes).",
              enum=("direct", "scare"), required=True),
        Field("speaker_text", "string", "Who the text says is speaking (the attribution's source)."),
        Field("speaker_type", "string", "The speaker's source type.", enum=SOURCE_TYPES),
        Field("speaker_entity_id", "string", "entity_id of the speaker when it is a known entity."),
        Field("attribution_id", "integer", "The attribution row the speaker comes from."),
        Field("verbatim_checkable", "boolean",
              "A direct, closed quotation from a named speaker: it can be compared word for word with a "
              "recording, transcript or post.", required=True),
        Field("check_note", "string", "Why the quote is, or is not, checkable word for word.", required=True),
    ),
    primary_key=("quote_id",),
    sort_by=("quote_id",),
)



_WORDS = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)
#: A quote of this many words or fewer with no speaker is a scare quote (a term set off), not speech.
SCARE_MAX_WORDS = 3


def quotes(
    article: Article | str,
    attributions_table: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Direct quotations in ``article``, with the speaker where the text names one.

    Curly and straight, double and single quotation marks and guillemets are recognised (see
    :mod:`kit.quotes` for the rules, including ``’`` as an apostrophe). The speaker is the source of
    the attribution whose content holds the quote, else the nearest attribution in the same
    sentence (or in the next or previous sentence of the same paragraph).

    ``verbatim_checkable`` is True for a closed, direct quotation from a named speaker: words a
    reporter can compare with a recording, transcript or post. An anonymous speaker leaves nothing
    to compare with; a scare quote ("truce") reports no speech at all.
    """
    art = _as_article(article)
    attr = attributions_table if attributions_table is not None else attributions(art, mentions)
    by_sentence: dict[int, list[dict[str, Any]]] = {}
    for rec in records(attr):
        if rec["source_type"] != "unattributed":
            by_sentence.setdefault(int(rec["sent_idx"]), []).append(rec)
    spans = scan(art.text, [(p.start, p.end) for p in art.paragraphs])
    starts = [s.start for s in art.sentences]
    rows = [_quote_record(art, q, by_sentence, starts) for q in spans]
    for k, row in enumerate(rows):
        row["quote_id"] = k
    return QUOTES.from_records(rows)


def _sentence_at(art: Article, offset: int, starts: list[int] | None = None) -> int:
    idx = art.sentence_index(offset)
    if idx >= 0:
        return idx
    # Between sentences (a space or a paragraph break): take the next sentence, else the last.
    if starts is None:
        starts = [s.start for s in art.sentences]
    i = bisect_left(starts, offset)  # the first sentence starting at or after offset
    return i if i < len(starts) else len(art.sentences) - 1


def _quote_record(
    art: Article, q: QuoteSpan, by_sentence: dict[int, list[dict[str, Any]]], starts: list[int] | None = None
) -> dict[str, Any]:
    i_start, i_end = q.inner
    inner = art.text[i_start:i_end]
    n_words = len(_WORDS.findall(inner))
    s_first = _sentence_at(art, q.start, starts)
    s_last = _sentence_at(art, max(q.start, q.end - 1), starts)
    # A quote inside a quote is second-hand: the outer speaker reports someone else's words.
    speaker = _speaker(art, q, by_sentence, s_first, s_last) if q.nesting_level == 0 else None
    kind = "direct" if (speaker is not None and n_words >= 2) or n_words > SCARE_MAX_WORDS else "scare"
    if q.nesting_level > 0 and n_words >= 2:
        kind = "direct"
    s_type = str(speaker["source_type"]) if speaker is not None else None
    named = s_type in NAMED_TYPES
    checkable = kind == "direct" and q.is_balanced and named and n_words > 0
    if q.nesting_level > 0:
        note = "a quotation inside a quotation: second-hand words, reported by the outer speaker"
    elif kind == "scare":
        note = "a word or short phrase set off in quotation marks, not a report of speech"
    elif not q.is_balanced:
        note = "the closing mark is missing, so where the quotation ends is a guess"
    elif speaker is None:
        note = "no speaker is named: there is nobody whose words it can be checked against"
    elif not named:
        note = "the speaker is anonymous: there is no record to compare it with"
    else:
        note = ("a named speaker: compare it word for word with a recording, transcript or the speaker's own "
                "statement")
    return {
        "sent_idx": s_first,
        "start_char": q.start,
        "end_char": q.end,
        "quote_text": inner,
        "open_mark": q.open_mark,
        "close_mark": q.close_mark,
        "n_words": n_words,
        "nesting_level": q.nesting_level,
        "is_balanced": q.is_balanced,
        "spans_paragraphs": q.spans_paragraphs,
        "kind": kind,
        "speaker_text": None if speaker is None else speaker["source_text"],
        "speaker_type": s_type,
        "speaker_entity_id": None if speaker is None else speaker["source_entity_id"],
        "attribution_id": None if speaker is None else int(speaker["attribution_id"]),
        "verbatim_checkable": bool(checkable),
        "check_note": note,
    }


#: A quotation is matched to attributions in at most this many sentences ...
_MAX_QUOTE_SENTENCES = 50
#: ... and, in a very long sentence, only to attributions this many characters away.
_SPEAKER_WINDOW = 2_000


def _speaker(
    art: Article, q: QuoteSpan, by_sentence: dict[int, list[dict[str, Any]]], s_first: int, s_last: int
) -> dict[str, Any] | None:
    """The attribution whose content holds the quote, else the nearest one in its sentences.

    A quotation that is a whole sentence ("“We won.” He smiled.") may take its speaker from the
    next or previous sentence of the same paragraph.
    """
    pool = []
    for i in range(s_first, min(s_last, s_first + _MAX_QUOTE_SENTENCES) + 1):
        rows = by_sentence.get(i, [])
        if len(rows) > 32:  # a very long sentence: look only near the quote (rows are in text order)
            starts = [int(r["start_char"]) for r in rows]
            lo = bisect_left(starts, q.start - _SPEAKER_WINDOW)
            rows = rows[lo : bisect_right(starts, q.end + _SPEAKER_WINDOW)]
        pool.extend(rows)
    if pool:
        holds = [r for r in pool if _is_set(r["content_start"]) and r["content_start"] <= q.start <= r["content_end"]]
        pool = holds or pool
        return min(pool, key=lambda r: min(abs(int(r["start_char"]) - q.end), abs(int(r["end_char"]) - q.start)))
    sent = art.sentences[s_first]
    whole = q.start <= sent.start + 1 and q.end >= sent.end - 2
    if not whole:
        return None
    para_of = art.sentence_paragraph
    for neighbour in (s_last + 1, s_first - 1):
        if 0 <= neighbour < len(art.sentences) and para_of[neighbour] in (para_of[s_first], para_of[s_last]):
            near = by_sentence.get(neighbour)
            if near:
                return near[0]
    return None


