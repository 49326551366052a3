"""Checked claims: load them (validated), find each in the article, count verdicts, export ClaimReview.

The claims of the bundled article live in ``data/claims.csv``: each claim quoted verbatim, who
makes it, a verdict on the published scale in ``data/rating_scale.csv`` (1 inaccurate,
2 misleading, 3 unverifiable, 4 partly accurate, 5 accurate), the correct fact, notes and
sources. :func:`load_claims` checks every row and says which one is wrong: an unknown rating, a
label that does not match its number, a missing source, or a verbatim claim that no longer occurs
in the article (after normalising quotes, dashes and spaces).

Beside the claims, two tables show what a fact-check also looks at: :func:`load_omissions`
(what the article leaves out, above all the Kremlin's denial of 2025-12-18) and
:func:`load_statements` (what people actually said on the record, to test a quotation against).

:func:`claims_to_claimreview` exports schema.org ClaimReview JSON-LD, one object per claim, the
format fact-checkers publish (Google retired the search snippet in 2025; the format remains the
standard that fact-check archives read).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.article import Article, load_article
from kit.errors import DataError
from kit.paths import atomic_write_text, display_path
from kit.schema import Field, TableSchema, curated_schema, read_curated

if TYPE_CHECKING:
    import pandas as pd

#: Where the review would be published. A placeholder: pass ``review_url=`` with your own page.
REVIEW_URL = "https://example.org/kit/fact-checks/s400-f35"
#: Who wrote the review (ClaimReview ``author``).
REVIEW_AUTHOR = {
    "@type": "Organization",
    "name": "The kit: a classroom fact-check (teaching material, not a published fact-check)",
}
#: The columns :func:`load_claims` adds: where the claim sits in the article.
LOCATION_FIELDS = (
    Field("sent_idx", "integer", "Sentence holding the start of the claim (Article.sentences index)."),
    Field("start_char", "integer", "Start of the claim in Article.text."),
    Field("end_char", "integer", "End (exclusive) of the claim in Article.text."),
)


def _claims_schema() -> TableSchema | None:
    """The claims table as :func:`load_claims` returns it: the curated columns plus the location."""
    try:
        base = curated_schema("claims")
    except DataError:
        return None
    return TableSchema(
        name="claims",
        title=base.title,
        description=base.description,
        fields=base.fields + LOCATION_FIELDS,
        primary_key=("claim_id",),
        sort_by=("claim_id",),
    )


CLAIMS = _claims_schema()

VERDICT_COUNTS = TableSchema(
    name="verdict_counts",
    title="Verdicts",
    description="How many claims got each verdict, in scale order (verdicts with no claim included).",
    fields=(
        Field("rating_value", "integer", "The verdict's number on the scale.", required=True),
        Field("rating_label", "string", "The verdict in words.", required=True),
        Field("n_claims", "integer", "Claims with this verdict.", required=True),
        Field("claim_ids", "string", "The claims, '|'-separated."),
    ),
    primary_key=("rating_value",),
    sort_by=("rating_value",),
)


# ---------------------------------------------------------------------------------------------
# Finding a verbatim passage in the text
# ---------------------------------------------------------------------------------------------

_FOLD = {
    **dict.fromkeys("‘’‚‛′`", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―", "-"),
    "\u00a0": " ",
    "…": "...",
}


def fold(text: str) -> str:
    """Text as compared for "verbatim": NFC, one kind of quote and dash, single spaces."""
    return _folded(text)[0]


def _folded(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the offset it came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(unicodedata.normalize("NFC", text)):
        rep = _FOLD.get(ch, ch)
        if rep.isspace():
            if not space and out:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        for c in rep:
            out.append(c)
            where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def find_verbatim(text: str, passage: str) -> tuple[int, int] | None:
    """Offsets ``(start, end)`` of ``passage`` in ``text``, comparing folded text; None if absent.

    Straight and curly quotes, kinds of dash and runs of spaces count as the same, so a claim
    typed with a straight apostrophe still matches "Turkey’s". ``text`` must already be NFC
    (an :class:`~kit.article.Article`'s text is).
    """
    hay, where = _folded(text)
    needle = fold(passage)
    if not needle:
        return None
    pos = hay.find(needle)
    if pos == -1:
        return None
    return where[pos], where[pos + len(needle) - 1] + 1


# ---------------------------------------------------------------------------------------------
# Loading and validating
# ---------------------------------------------------------------------------------------------


def load_rating_scale(path: str | Path | None = None) -> pd.DataFrame:
    """The verdict scale (rating_value, rating_label, meaning), validated."""
    return read_curated("rating-scale", path)


def load_claims(
    path: str | Path | None = None,
    *,
    article: Article | None = None,
    scale: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The checked claims, validated and located in the article.

    Args:
        path: a claims CSV (default ``data/claims.csv``), checked against the schema in
            ``data/datapackage.json``.
        article: the article the claims come from (default: the bundled article).
        scale: the verdict scale (default ``data/rating_scale.csv``).

    Raises:
        DataError: naming the file and the row, for a missing or malformed value, a rating not
            on the scale, a label that does not match its number, or a claim not in the article.
    """
    df = read_curated("claims", path)
    source = display_path(path) if path is not None else "data/claims.csv"
    scale = scale if scale is not None else load_rating_scale()
    check_ratings(df, scale, source)
    art = article if article is not None else load_article()
    located = locate_claims(df, art, source)
    if CLAIMS is None or list(located.columns) != CLAIMS.columns:
        return located
    return CLAIMS.conform(located)


def check_ratings(claims: pd.DataFrame, scale: pd.DataFrame, source: str = "claims") -> None:
    """Every (rating_value, rating_label) pair must be a row of the scale; else a DataError naming the row."""
    labels = {int(v): str(lab) for v, lab in zip(scale["rating_value"], scale["rating_label"], strict=True)}
    for i, row in enumerate(claims.to_dict("records"), start=1):
        where = f"row {i} (claim_id={row.get('claim_id')!r})"
        try:
            value = int(row["rating_value"])
        except (TypeError, ValueError):
            raise DataError(source, f"{where}: rating_value={row['rating_value']!r} is not a whole number") from None
        if value not in labels:
            raise DataError(source, f"{where}: rating_value={value} is not on the scale ({_scale_text(labels)})")
        if str(row["rating_label"]) != labels[value]:
            raise DataError(
                source,
                f"{where}: rating_label={row['rating_label']!r} does not match rating_value={value}, "
                f"which means {labels[value]!r} ({_scale_text(labels)})",
            )


def _scale_text(labels: dict[int, str]) -> str:
    return ", ".join(f"{v} = {lab}" for v, lab in sorted(labels.items()))


def locate_claims(claims: pd.DataFrame, article: Article, source: str = "claims") -> pd.DataFrame:
    """Add sent_idx, start_char, end_char: where each verbatim claim sits in ``article``.

    A claim that does not occur in the article (after folding quotes, dashes and spaces) raises
    a DataError naming the row: the article or the claim was edited, and the check no longer
    points at real words.
    """
    out = claims.copy()
    starts, ends, sents = [], [], []
    for i, row in enumerate(claims.to_dict("records"), start=1):
        found = find_verbatim(article.text, str(row["claim_verbatim"]))
        if found is None:
            quoted = str(row["claim_verbatim"])
            short = quoted if len(quoted) <= 60 else quoted[:57] + "..."
            raise DataError(
                source,
                f"row {i} (claim_id={row.get('claim_id')!r}): claim_verbatim {short!r} does not occur in the "
                f"article ({article.source}); copy the exact words from the article",
            )
        starts.append(found[0])
        ends.append(found[1])
        sents.append(article.sentence_index(found[0]))
    out["sent_idx"] = sents
    out["start_char"] = starts
    out["end_char"] = ends
    return out


def load_omissions(path: str | Path | None = None) -> pd.DataFrame:
    """What the article leaves out (``data/omissions.csv``), each with sources and related claims."""
    return read_curated("omissions", path)


def load_statements(path: str | Path | None = None) -> pd.DataFrame:
    """On-record statements (``data/statements.csv``) to test the article's quotations against."""
    return read_curated("statements", path)


def load_content_farm_pages(path: str | Path | None = None) -> pd.DataFrame:
    """The content-network pages carrying the seed text or variants (``data/content_farm_pages.csv``)."""
    return read_curated("content-farm-pages", path)


def find_in_statements(phrase: str, statements: pd.DataFrame | None = None) -> pd.DataFrame:
    """The on-record statements that contain ``phrase`` word for word (folded, case-insensitive).

    An empty result for a phrase the article puts in quotation marks means: nobody is on record
    saying those words.
    """
    st = statements if statements is not None else load_statements()
    needle = fold(phrase).lower()
    mask = [needle in fold(str(q)).lower() for q in st["quote"]]
    return st[mask].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------------------------


def verdict_counts(claims: pd.DataFrame, scale: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims per verdict, in scale order, including verdicts no claim received."""
    import pandas as pd

    scale = scale if scale is not None else load_rating_scale()
    rows = []
    for value, label in zip(scale["rating_value"], scale["rating_label"], strict=True):
        ids = [str(c) for c, v in zip(claims["claim_id"], claims["rating_value"], strict=True) if int(v) == int(value)]
        rows.append({"rating_value": int(value), "rating_label": str(label), "n_claims": len(ids),
                     "claim_ids": "|".join(ids) or None})
    return VERDICT_COUNTS.conform(pd.DataFrame.from_records(rows, columns=VERDICT_COUNTS.columns))


# ---------------------------------------------------------------------------------------------
# schema.org ClaimReview
# ---------------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    text = str(value).strip()
    return None if text in ("", "<NA>", "nan") else text


def claims_to_claimreview(
    claims: pd.DataFrame | None = None,
    *,
    review_url: str = REVIEW_URL,
    author: dict[str, Any] | None = None,
    scale: pd.DataFrame | None = None,
) -> list[dict[str, Any]]:
    """schema.org ClaimReview JSON-LD: one object per claim (a JSON-LD list of top-level objects).

    Each object has ``@context``, ``@type`` ClaimReview, ``url`` (``review_url#claim_id``),
    ``claimReviewed`` (the verbatim claim), ``datePublished`` (review_date), ``author``,
    ``reviewRating`` (a Rating with ratingValue, bestRating, worstRating, alternateName and the
    correct fact as ratingExplanation) and ``itemReviewed`` (a Claim with its author, date,
    appearance and firstAppearance). The sources go in ``citation``.
    """
    claims = claims if claims is not None else load_claims()
    scale = scale if scale is not None else load_rating_scale()
    best, worst = int(scale["rating_value"].max()), int(scale["rating_value"].min())
    who = author or REVIEW_AUTHOR
    out = []
    for row in claims.to_dict("records"):
        claimant_type = _text(row.get("claimant_type"))
        claim: dict[str, Any] = {
            "@type": "Claim",
            "author": {
                "@type": "Person" if claimant_type == "named_person" else "Organization",
                "name": _text(row.get("claimant")) or "unknown",
            },
        }
        if _text(row.get("claim_date")):
            claim["datePublished"] = _text(row["claim_date"])
        appearance = _text(row.get("appearance_url"))
        if appearance:
            claim["appearance"] = [{"@type": "CreativeWork", "url": appearance}]
            claim["firstAppearance"] = {"@type": "CreativeWork", "url": appearance}
        rating = {
            "@type": "Rating",
            "ratingValue": int(row["rating_value"]),
            "bestRating": best,
            "worstRating": worst,
            "alternateName": str(row["rating_label"]),
            "ratingExplanation": _text(row.get("correct_fact")) or "",
        }
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{review_url}#{row['claim_id']}",
            "claimReviewed": str(row["claim_verbatim"]),
            "author": dict(who),
            "reviewRating": rating,
            "itemReviewed": claim,
        }
        if _text(row.get("review_date")):
            review["datePublished"] = _text(row["review_date"])
        sources = [u.strip() for u in (_text(row.get("source_url")) or "").split(" ; ") if u.strip()]
        if sources:
            review["citation"] = sources
        out.append(review)
    return out


#: What :func:`check_claimreview` requires of each object (Google's required and recommended list).
CLAIMREVIEW_REQUIRED = ("@context", "@type", "url", "claimReviewed", "reviewRating", "author", "datePublished",
                        "itemReviewed")
RATING_REQUIRED = ("@type", "ratingValue", "bestRating", "worstRating", "alternateName")


def check_claimreview(objects: Any) -> list[str]:
    """Problems with a ClaimReview export, one sentence each (an empty list means it is fine)."""
    problems: list[str] = []
    try:
        objects = json.loads(json.dumps(objects, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        return [f"not JSON-serialisable: {exc}"]
    if not isinstance(objects, list):
        objects = [objects]
    for k, obj in enumerate(objects):
        name = f"object {k} ({obj.get('url', '?') if isinstance(obj, dict) else '?'})"
        if not isinstance(obj, dict):
            problems.append(f"{name}: not a JSON object")
            continue
        problems += [f"{name}: missing {p}" for p in CLAIMREVIEW_REQUIRED if p not in obj]
        if obj.get("@context") not in ("https://schema.org", "http://schema.org", "https://schema.org/"):
            problems.append(f"{name}: @context must be https://schema.org")
        if obj.get("@type") != "ClaimReview":
            problems.append(f"{name}: @type must be ClaimReview")
        rating = obj.get("reviewRating") or {}
        problems += [f"{name}: reviewRating has no {p}" for p in RATING_REQUIRED if p not in rating]
        try:
            if not rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]:
                problems.append(f"{name}: ratingValue is outside worstRating..bestRating")
        except (KeyError, TypeError):
            pass
        item = obj.get("itemReviewed") or {}
        if item.get("@type") != "Claim":
            problems.append(f"{name}: itemReviewed must be a Claim")
        if not item.get("appearance"):
            problems.append(f"{name}: itemReviewed has no appearance")
        for key in ("url",):
            if not re.match(r"https?://", str(obj.get(key, ""))):
                problems.append(f"{name}: {key} is not an http(s) URL")
    return problems


def write_claimreview(path: str | Path, claims: pd.DataFrame | None = None, **kwargs: Any) -> Path:
    """Write the ClaimReview JSON-LD to ``path`` (atomically) and return the path."""
    objects = claims_to_claimreview(claims, **kwargs)
    problems = check_claimreview(objects)
    if problems:
        raise DataError(display_path(path), f"ClaimReview export is invalid: {problems[0]}")
    return atomic_write_text(path, json.dumps(objects, indent=2, ensure_ascii=False) + "\n")
