"""Quote check: are the words the article puts in quotation marks on record for that speaker?

The method:

1. **Resolve the speaker.** The quotes table says who speaks (``speaker_text``, and
   ``speaker_entity_id`` when the gazetteer knows the name). The name check
   (:func:`kit.verify.officials.check_names`) adds one more route: a speaker named with an office
   but misnamed ("U.S. Ambassador to Turkey Tom Berk") *is* the office-holder on that day (Tom
   Barrack). The speaker is then matched to the ``speaker`` column of the on-record statements
   (``data/statements.csv``) by surname or a fuzzy name score.
2. **Compare the words.** Both texts are folded (quotes and dashes one kind, lowercase, accents off)
   and compared with rapidfuzz ``fuzz.partial_ratio``: the best alignment of the quote inside the
   statement, 0-100. A record shorter than the quote can cover only part of it, so the two
   are then also compared whole (``fuzz.ratio``: a word added or left out).
3. **Decide.** ``verbatim`` (score ≥ 97), ``close`` (≥ 80: the on-record words and their source are
   shown), ``not_on_record`` (the record holds statements by that speaker, none match; the closest is
   given), ``not_checked`` (the record holds nothing by that speaker: absence of evidence is not
   evidence). The closest record is chosen on the quote and on the words round it in the sentence
   (the reporter's paraphrase of the same remark), so a quote that is all paraphrase still points to
   the statement it paraphrases.

A quote with no resolved speaker is compared with every statement, and reported only when one matches.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from kit.article import Article
from kit.claims import load_statements
from kit.errors import DataError
from kit.schema import Field, TableSchema, curated_schema, curated_stamp, file_stamp, records
from kit.verify.officials import same_person
from kit.verify.text import name_tokens, norm_name, norm_text

if TYPE_CHECKING:
    import pandas as pd

#: partial_ratio at or above which a quote is the speaker's words as recorded.
VERBATIM = 97
#: partial_ratio at or above which a quote is close to a recorded statement (shown for comparison).
CLOSE = 80
#: Only statements made up to this many days before publication can be what an article quotes.
RECORD_WINDOW_DAYS = 365
#: Fuzzy name score (token_set_ratio) at which a speaker and a statement's speaker are the same person.
SPEAKER_MATCH = 90
KINDS = ("verbatim", "close", "not_on_record", "not_checked")

QUOTE_CHECKS = TableSchema(
    name="quote_checks",
    title="Quotations checked against the record",
    description="One row per direct quotation: the speaker, the closest on-record statement and the verdict.",
    fields=(
        Field("finding_id", description="'q' and a 3-digit number in text order.", required=True, unique=True),
        Field("quote_id", "integer", "The quote (quotes table).", required=True),
        Field("kind", description="verbatim, close, not_on_record (speaker on record, words not) or "
              "not_checked (nothing on record by that speaker).", required=True, enum=KINDS),
        Field("quote_text", description="The quoted words.", required=True),
        Field("start_char", "integer", "Offset of the opening mark.", required=True, minimum=0),
        Field("end_char", "integer", "Offset after the closing mark.", required=True, minimum=1),
        Field("speaker_as_written", description="Who the text says speaks."),
        Field("speaker", description="The speaker as resolved to a statements speaker (empty: unresolved)."),
        Field("resolved_by", description="How: entity (gazetteer link), name_check (office-holder on the "
              "day), name (the written name) or empty.", enum=("entity", "name_check", "name")),
        Field("statement_id", description="The closest on-record statement."),
        Field("record_quote", description="Its words."),
        Field("record_date", description="When they were said (YYYY-MM-DD)."),
        Field("score", "number", "partial_ratio of the folded quote in the folded statement (0-100).",
              minimum=0, maximum=100),
        Field("evidence", description="One sentence a reader understands.", required=True),
        Field("source_url", description="Where the statement is recorded."),
    ),
    primary_key=("finding_id",),
    sort_by=("start_char",),
)


def _load(statements: str | Path | pd.DataFrame | None) -> pd.DataFrame:
    """The statements table, validated (a frame is checked against the same schema as the file)."""
    import datetime as dt

    import pandas as pd

    if statements is None or isinstance(statements, (str, Path)):
        return load_statements(statements)
    schema = curated_schema("statements")
    df = statements.copy()
    for col in df.columns:
        df[col] = df[col].astype("object").where(df[col].notna(), None)
    schema.validate(df, "statements table")
    for i, value in enumerate(df["date"], start=1):
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            raise DataError("statements table", f"row {i}: date {value!r} is not a date (YYYY-MM-DD)") from None
    return schema.conform(pd.DataFrame(df))


@lru_cache(maxsize=4)
def _default_statements(_stamp: tuple[str, int, int]) -> pd.DataFrame:
    """The kit's statements table, read once per version of the file (never handed out: callers filter it)."""
    return load_statements()


@lru_cache(maxsize=4)
def _default_records(_stamp: tuple[str, int, int]) -> tuple[dict[str, Any], ...]:
    """The kit's statements as row dicts, once per version of the file (callers filter, never change them)."""
    return tuple(records(_default_statements(_stamp)))


@lru_cache(maxsize=16384)
def _folded(text: str) -> str:
    """:func:`norm_text` of a statement or quote, once per text (every article is scored against the same record)."""
    return norm_text(text)


def _people_forms(gaz: pd.DataFrame) -> dict[Any, list[tuple[str, str, str]]]:
    """Entity id -> (label, name, aliases) of its gazetteer rows, in order."""
    out: dict[Any, list[tuple[str, str, str]]] = {}
    for g in records(gaz, ["entity_id", "label", "name", "aliases"]):
        out.setdefault(g["entity_id"], []).append((str(g.get("label")), str(g["name"]), str(g.get("aliases") or "")))
    return out


@lru_cache(maxsize=4)
def _default_people_forms(_stamp: tuple[str, int, int]) -> dict[Any, list[tuple[str, str, str]]]:
    from kit.extract.gazetteer import load_gazetteer

    return _people_forms(load_gazetteer())


def _score(quote: str, statement: str) -> float:
    """partial_ratio of the folded quote in the folded statement; compared whole when the statement is shorter."""
    q, s = _folded(quote), _folded(statement)
    if not q or not s:
        return 0.0
    score = fuzz.partial_ratio(q, s)
    if len(s) < len(q):
        # The record can cover only part of the quote: score the whole texts instead (a word added or left out).
        score = max(fuzz.ratio(q, s), score * len(s) / len(q))
    return round(float(score), 1)


def _is_set(value: Any) -> bool:
    return value is not None and value == value and str(value).strip() not in ("", "<NA>", "nan")


def _speaker_forms(row: dict[str, Any], gaz: pd.DataFrame | dict[Any, list[tuple[str, str, str]]],
                   names: pd.DataFrame | list[dict[str, Any]] | None) -> list[tuple[str, str]]:
    """Ways to name the speaker, each with how it was found: gazetteer entity, name check, written name.

    ``gaz`` is the gazetteer or its :func:`_people_forms`; ``names`` the name checks or their records.
    """
    forms: list[tuple[str, str]] = []
    if _is_set(row.get("speaker_entity_id")):
        by_id = gaz if isinstance(gaz, dict) else _people_forms(gaz)
        for label, name, aliases in by_id.get(row["speaker_entity_id"], ()):
            if label not in ("PERSON", "ORG"):
                continue  # "Ambassador to Turkey ..." links the speaker to a place: not who speaks
            forms.append((name, "entity"))
            forms += [(a, "entity") for a in aliases.split("|") if a and _is_set(a)]
    written = str(row.get("speaker_text")) if _is_set(row.get("speaker_text")) else ""
    if written and names is not None and len(names):
        for n in (names if isinstance(names, list) else records(names)):
            if (str(n["name_as_written"]) in written and n["kind"] in ("ok", "misnaming")
                    and _is_set(n["holder_on_date"])):
                forms.append((str(n["holder_on_date"]), "name_check"))
    if written:
        forms.append((written, "name"))
    return forms


def _match_speaker(forms: list[tuple[str, str]], speakers: list[str]) -> tuple[str | None, str | None]:
    """The statements speaker the forms name (surname or fuzzy name), and how it was found."""
    for form, how in forms:
        for sp in speakers:
            if same_person(form, [sp]) or (how != "name" and fuzz.token_set_ratio(norm_name(form),
                                                                                   norm_name(sp)) >= SPEAKER_MATCH):
                return sp, how
            # A written speaker is often a title plus a name: its last two words may be the name.
            tokens = name_tokens(form)
            if how == "name" and len(tokens) > 2 and same_person(" ".join(tokens[-2:]), [sp]):
                return sp, how
    return None, None


def _context(article: Article | None, row: dict[str, Any]) -> str:
    """The sentence around the quote, without the quote: the reporter's own words about the same remark."""
    if article is None:
        return ""
    s, e = int(row["start_char"]), int(row["end_char"])
    idx = article.sentence_index(s)
    if idx < 0:
        return ""
    sent = article.sentences[idx]
    return article.text[sent.start:s] + " " + article.text[e:sent.end]


def check_quotes(
    quotes: pd.DataFrame,
    statements: str | Path | pd.DataFrame | None = None,
    entities: pd.DataFrame | None = None,
    *,
    names: pd.DataFrame | None = None,
    article: Article | None = None,
    published: str | None = None,
) -> pd.DataFrame:
    """Each direct quote beside the speaker's on-record statements: verbatim, close, not_on_record or not_checked."""
    return QUOTE_CHECKS.from_records(quote_check_rows(quotes, statements, entities,
                                                      names=records(names) if names is not None else None,
                                                      article=article, published=published))


def quote_check_rows(
    quotes: pd.DataFrame,
    statements: str | Path | pd.DataFrame | None = None,
    entities: pd.DataFrame | None = None,
    *,
    names: list[dict[str, Any]] | None = None,
    article: Article | None = None,
    published: str | None = None,
) -> list[dict[str, Any]]:
    """The rows of :func:`check_quotes`, in its order; ``names`` are the name checks' rows (no table is made)."""
    import datetime as dt

    from kit.extract.gazetteer import GAZETTEER_PATH, load_gazetteer

    stamp = curated_stamp("statements") if statements is None else None
    recorded = list(_default_records(stamp)) if stamp is not None else records(_load(statements))
    when = published if published is not None else (article.meta.get("published") if article is not None else None)
    if when:
        # An article can quote only what was said before it appeared, and a record of a later year says
        # nothing about a quote from an earlier one: keep the statements of the year before publication.
        day = dt.date.fromisoformat(str(when)[:10]).isoformat()
        lo = (dt.date.fromisoformat(day) - dt.timedelta(days=RECORD_WINDOW_DAYS)).isoformat()
        recorded = [r for r in recorded if lo <= str(r["date"]) <= day]
    gaz_stamp = file_stamp(GAZETTEER_PATH) if entities is None else None
    gaz = _default_people_forms(gaz_stamp) if gaz_stamp is not None else _people_forms(
        entities if entities is not None else load_gazetteer())
    speakers = list(dict.fromkeys(str(r["speaker"]) for r in recorded))
    rows = []
    for q in records(quotes):
        if str(q.get("kind")) != "direct":
            continue
        quote = str(q["quote_text"])
        speaker, how = _match_speaker(_speaker_forms(q, gaz, names), speakers)
        pool = [r for r in recorded if speaker is None or r["speaker"] == speaker]
        context = norm_text(_context(article, q))
        scored = []
        for r in pool:
            score = _score(quote, str(r["quote"]))
            ctx = fuzz.token_set_ratio(context, _folded(str(r["quote"]))) if context else 0.0
            scored.append((score, 0.5 * score + 0.5 * ctx, r))
        best_word = max(scored, key=lambda x: x[0], default=None)
        base = {"quote_id": q["quote_id"], "quote_text": quote, "start_char": q["start_char"],
                "end_char": q["end_char"], "speaker_as_written": q.get("speaker_text"), "speaker": speaker,
                "resolved_by": how}
        if best_word is not None and best_word[0] >= CLOSE:
            score, _, r = best_word
            kind = "verbatim" if score >= VERBATIM else "close"
            who = r["speaker"]
            evidence = (f"{who} said these words on {r['date']} ({r['venue']})." if kind == "verbatim" else
                        f"Close to what {who} said on {r['date']} ({r['venue']}): '{r['quote']}' "
                        f"(score {score:.0f}/100).")
            rows.append({**base, "kind": kind, "statement_id": r["statement_id"], "record_quote": r["quote"],
                         "record_date": r["date"], "score": score, "evidence": evidence,
                         "source_url": r["source_url"]})
            continue
        if speaker is None or not scored:
            why = ("the quote names no speaker the record knows, and no on-record statement matches it"
                   if speaker is None else f"the record holds no statement by {speaker} from the year before "
                   "publication")
            rows.append({**base, "kind": "not_checked", "speaker": speaker, "statement_id": None,
                         "record_quote": None, "record_date": None, "score": None, "evidence": why,
                         "source_url": None})
            continue
        score, _, r = max(scored, key=lambda x: (x[1], x[0]))
        rows.append({**base, "kind": "not_on_record", "statement_id": r["statement_id"], "record_quote": r["quote"],
                     "record_date": r["date"], "score": score,
                     "evidence": f"None of the {len(pool)} on-record statements by {speaker} has these words; the "
                                 f"closest is the statement of {r['date']} ({r['venue']}): '{r['quote']}' "
                                 f"(score {score:.0f}/100).",
                     "source_url": r["source_url"]})
    # The table's order (QUOTE_CHECKS.sort_by, a stable sort with a missing offset last), then the ids.
    rows.sort(key=lambda r: (r["start_char"] is None, r["start_char"] or 0))
    for i, row in enumerate(rows):
        row["finding_id"] = f"q{i + 1:03d}"
    return rows
