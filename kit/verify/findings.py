"""All verification findings on one article, in one table: every row is the output of a method.

:func:`findings` runs the name check, the quote check, the omission check, the reuse check (against
the reference texts you give) and the worksheet of unsourced claims, and keeps what a reader
should see: misnamed or wrong people, quotes off the record or only close to it, omissions and later
developments, passages copied from a reference, and checkable claims nobody stands behind. A
``not_checked`` result is *not* a finding (the record could not tell), and a quote is
``quote_not_on_record`` only when the record holds statements by that speaker.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kit.schema import Field, TableSchema, records

if TYPE_CHECKING:
    import pandas as pd

    from kit.analysis import Dossier

KINDS = ("misnaming", "wrong_person", "quote_not_on_record", "quote_close", "omission", "later_development",
         "reuse", "unsourced_claim")
#: Reuse findings need at least this share of the article inside passages shared with a reference.
REUSE_SHARE = 0.2

FINDINGS = TableSchema(
    name="findings",
    title="Verification findings",
    description="One row per finding of the verification methods, in text order (events last, by date).",
    fields=(
        Field("finding_id", description="'f' and a 3-digit number.", required=True, unique=True),
        Field("kind", description="What was found.", required=True, enum=KINDS),
        Field("text", description="The words of the article concerned (for an event: its headline).",
              required=True),
        Field("start_char", "integer", "Offset in article.text (empty for an event the article leaves out).",
              minimum=0),
        Field("end_char", "integer", "End offset.", minimum=1),
        Field("evidence", description="One sentence a reader understands.", required=True),
        Field("source_url", description="Where the evidence is documented."),
        Field("method", description="The module and table that made the finding (e.g. officials.n001).",
              required=True),
    ),
    primary_key=("finding_id",),
)


def _row(kind: str, text: str, start: Any, end: Any, evidence: str, url: Any, method: str) -> dict[str, Any]:
    return {"kind": kind, "text": text, "start_char": start, "end_char": end, "evidence": evidence,
            "source_url": url, "method": method}


def findings(
    dossier: Dossier,
    *,
    officials: pd.DataFrame | None = None,
    statements: pd.DataFrame | None = None,
    record: pd.DataFrame | None = None,
    references: Mapping[str, str] | None = None,
    window_days: int = 30,
) -> pd.DataFrame:
    """Every verification finding on the dossier's article (schema FINDINGS).

    The dossier's own tables (dates, candidates, claims_to_check) are used when it has them, so
    nothing ``kit.analyze`` already made is made again.
    """
    from kit.extract.quotes import quotes as make_quotes
    from kit.verify.officials import name_check_rows
    from kit.verify.omissions import omission_rows
    from kit.verify.reuse import reuse
    from kit.verify.statements import quote_check_rows
    from kit.verify.worksheet import claims_to_check

    article = dossier.article
    mentions = dossier.tables.get("mentions")
    tables = dossier.tables
    rows: list[dict[str, Any]] = []
    # The methods' rows, not their tables: a finding needs a few of their columns, and making a table
    # only to read it back costs more than the check itself.
    names = name_check_rows(article, mentions, officials, dates=tables.get("dates"),
                            candidates=tables.get("candidates"))
    for n in names:
        if n["kind"] in ("misnaming", "wrong_person"):
            rows.append(_row(n["kind"], n["name_as_written"], n["start_char"], n["end_char"], n["evidence"],
                             n["source_url"], f"officials.{n['finding_id']}"))
    quotes = dossier.tables.get("quotes")
    if quotes is None:
        quotes = make_quotes(article, dossier.tables.get("attributions"), mentions)
    for q in quote_check_rows(quotes, statements, names=names, article=article):
        kind = {"not_on_record": "quote_not_on_record", "close": "quote_close"}.get(q["kind"])
        if kind:
            quoted = article.text[int(q["start_char"]):int(q["end_char"])]  # with its marks, as printed
            rows.append(_row(kind, quoted, q["start_char"], q["end_char"], q["evidence"], q["source_url"],
                             f"statements.{q['finding_id']}"))
    worksheet = tables.get("claims_to_check")
    for w in records(worksheet if worksheet is not None else claims_to_check(dossier)):
        who = "no source" if w["sourcing"] != "anonymous" else (
            f"anonymous sources ({w['sources']})" if isinstance(w["sources"], str) else "an unnamed source")
        rows.append(_row("unsourced_claim", w["text"], w["start_char"], w["end_char"],
                         f"A checkable claim with {who}: check it before repeating it.", None,
                         f"worksheet.{w['claim_id']}"))
    for name, ref in (references or {}).items():
        result = reuse(article.text, ref)
        if result.share_of_a < REUSE_SHARE:
            continue
        for p in records(result.passages):
            rows.append(_row("reuse", p["text"], p["a_start"], p["a_end"],
                             f"{p['n_words']} words identical to {name} ({result.summary()}).", None,
                             f"reuse.{name}.{p['passage_id']}"))
    events = []
    if mentions is not None:
        for e in omission_rows(article, mentions, record, window_days=window_days, names=names,
                               dates=tables.get("dates")) or []:
            evidence = (f"The record has '{e['headline']}' on {e['date']}: {e['why']}")
            events.append(_row(e["kind"], e["headline"], None, None, evidence, e["source_url"],
                               f"omissions.{e['finding_id']}"))
    # Text order (a missing offset last, as pandas sorts), then the events in the record's order.
    rows.sort(key=lambda r: (r["start_char"] is None, r["start_char"] or 0, r["kind"]))
    rows += events
    for i, row in enumerate(rows):
        row["finding_id"] = f"f{i + 1:03d}"
    return FINDINGS.from_records(rows)
