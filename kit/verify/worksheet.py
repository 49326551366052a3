"""The fact-check worksheet: the sentences a reporter still has to check, and how a filled sheet becomes ClaimReview.

The method: a sentence needs checking when it makes a **checkable** claim (it names someone, a place
or a number) and nobody on record stands behind it: it is **unsourced** (no attribution at all) or
**anonymously sourced** ("sources close to the administration"). The sourcing comes from the
attributions table, sentence by sentence (:func:`kit.extract.sources.sentence_sourcing`); each row
lists what can be looked up (entities, dates, amounts) and leaves ``verdict``, ``evidence`` and
``source_url`` empty for the reporter.

:func:`worksheet_to_claimreview` turns the rows a reporter has filled into schema.org ClaimReview,
through :func:`kit.claims.claims_to_claimreview`: the verdict (a label or a number of
``data/rating_scale.csv``) becomes the rating, the evidence its explanation, the URLs the citations.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.errors import KitError
from kit.schema import Field, TableSchema, records

if TYPE_CHECKING:
    import pandas as pd

    from kit.analysis import Dossier

WORKSHEET = TableSchema(
    name="worksheet",
    title="Claims to check",
    description="One row per checkable sentence that is unsourced or anonymously sourced, with empty columns "
                "for the reporter's verdict, evidence and sources.",
    fields=(
        Field("claim_id", description="'w' and a 2-digit number in text order.", required=True, unique=True),
        Field("sent_idx", "integer", "The sentence (Article.sentences index).", required=True, minimum=0),
        Field("start_char", "integer", "Start of the sentence in Article.text.", required=True, minimum=0),
        Field("end_char", "integer", "End of the sentence.", required=True, minimum=1),
        Field("text", description="The sentence.", required=True),
        Field("sourcing", description="unattributed or anonymous.", required=True,
              enum=("unattributed", "anonymous")),
        Field("sources", description="The anonymous sources as written, '|'-separated."),
        Field("entities", description="Entity ids the sentence mentions, '|'-separated."),
        Field("dates", description="Date expressions in the sentence, '|'-separated."),
        Field("amounts", description="Amounts in the sentence, '|'-separated (empty without an amounts table)."),
        Field("verdict", description="For the reporter: a rating label or number (data/rating_scale.csv)."),
        Field("evidence", description="For the reporter: what the sources show, one or two sentences."),
        Field("source_url", description="For the reporter: the sources, ' ; '-separated."),
    ),
    primary_key=("claim_id",),
    sort_by=("sent_idx",),
)


def _texts_by_sentence(table: pd.DataFrame | None, column: str, key: str = "sent_idx") -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if table is None or not len(table) or column not in table.columns or key not in table.columns:
        return out
    for row in records(table, [key, column]):
        s, v = row[key], row[column]
        if v is not None and v == v:
            out.setdefault(int(s), [])
            if str(v) not in out[int(s)]:
                out[int(s)].append(str(v))
    return out


def claims_to_check(dossier: Dossier) -> pd.DataFrame:
    """Each checkable sentence with no named source, ready for a reporter's verdict (schema WORKSHEET)."""
    from kit.extract.sources import _sentence_rows

    if "attributions" not in dossier.tables:
        raise KitError("claims_to_check", "the dossier has no attributions table; run kit.analyze(article)")
    article = dossier.article
    per = _sentence_rows(dossier.tables["attributions"], article)  # sentence_sourcing's rows, in sentence order
    ents = _texts_by_sentence(dossier.tables.get("mentions"), "entity_id")
    dates = _texts_by_sentence(dossier.tables.get("dates"), "text")
    amounts = _texts_by_sentence(dossier.tables.get("amounts"), "text")
    rows = []
    for rec in per:
        if rec["sourcing"] == "named" or not bool(rec["checkable"]):
            continue
        s = int(rec["sent_idx"])
        sent = article.sentences[s]
        rows.append({
            "sent_idx": s, "start_char": sent.start, "end_char": sent.end, "text": sent.text,
            "sourcing": rec["sourcing"], "sources": rec["sources"] if rec["sourcing"] == "anonymous" else None,
            "entities": "|".join(ents.get(s, [])) or None, "dates": "|".join(dates.get(s, [])) or None,
            "amounts": "|".join(amounts.get(s, [])) or None, "verdict": None, "evidence": None, "source_url": None,
            "claim_id": f"w{len(rows) + 1:02d}",
        })
    return WORKSHEET.from_records(rows)


def _filled(value: Any) -> bool:
    return value is not None and value == value and str(value).strip() not in ("", "<NA>", "nan")


def read_worksheet(path: str | Path) -> pd.DataFrame:
    """A filled worksheet CSV (``claims_to_check.csv``, edited by a fact-checker), checked against :data:`WORKSHEET`."""
    import pandas as pd

    from kit.paths import display_path

    source = display_path(path)
    if not Path(path).is_file():
        raise KitError(source, "no such file (give the claims_to_check.csv of a report folder)")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise KitError(source, f"cannot be read as UTF-8 CSV ({type(exc).__name__})") from None
    missing = [c for c in ("claim_id", "text", "verdict") if c not in df.columns]
    if missing:
        raise KitError(source, f"not a claims worksheet: no column {', '.join(missing)}")
    from kit.safety import FORMULA_STARTS

    # Text cells written out neutralised ('=...' became "'=..."): read back as the words they were.
    return df.replace({"": None}).map(
        lambda v: v[1:] if isinstance(v, str) and v.startswith("'") and v[1:].startswith(FORMULA_STARTS) else v)


def worksheet_to_claimreview(
    df: pd.DataFrame,
    *,
    claimant: str = "the article",
    claim_date: str | None = None,
    appearance_url: str | None = None,
    review_date: str | None = None,
    scale: pd.DataFrame | None = None,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """schema.org ClaimReview for the rows with a verdict (via kit.claims.claims_to_claimreview)."""
    import pandas as pd

    from kit.claims import claims_to_claimreview, load_rating_scale

    scale = scale if scale is not None else load_rating_scale()
    by_label = {str(lab).casefold(): int(v) for v, lab in zip(scale["rating_value"], scale["rating_label"],
                                                              strict=True)}
    labels = {v: lab for lab, v in by_label.items()}
    rows = []
    for row in df.to_dict("records"):
        if not _filled(row.get("verdict")):
            continue
        verdict = str(row["verdict"]).strip()
        value = int(verdict) if verdict.isdigit() else by_label.get(verdict.casefold())
        if value is None or value not in labels:
            raise KitError(f"worksheet {row['claim_id']}", f"verdict {verdict!r} is not on the rating scale "
                                                           f"({', '.join(labels.values())})")
        rows.append({
            "claim_id": row["claim_id"], "claim_verbatim": row["text"], "claimant": claimant,
            "claimant_type": "anonymous_source" if row.get("sourcing") == "anonymous" else "unattributed",
            "claim_date": claim_date, "appearance_url": appearance_url, "rating_value": value,
            "rating_label": labels[value], "correct_fact": row.get("evidence"),
            "source_url": row.get("source_url"), "review_date": review_date,
        })
    return claims_to_claimreview(pd.DataFrame(rows), scale=scale, **kwargs) if rows else []
