"""Checked claims: the curated table, its validation (errors name the row), location, ClaimReview export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from kit.article import Article, load_article
from kit.claims import (
    check_claimreview,
    claims_to_claimreview,
    find_in_statements,
    find_verbatim,
    fold,
    load_claims,
    load_content_farm_pages,
    load_omissions,
    load_rating_scale,
    load_statements,
    verdict_counts,
    write_claimreview,
)
from kit.errors import DataError
from kit.paths import DATA_DIR

CLAIMS_CSV = DATA_DIR / "claims.csv"


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return load_claims()


def _edited(tmp_path: Path, claim_id: str, **changes: str) -> Path:
    """A copy of data/claims.csv with one row changed."""
    rows = list(csv.DictReader(io.StringIO(CLAIMS_CSV.read_text(encoding="utf-8"))))
    for row in rows:
        if row["claim_id"] == claim_id:
            row.update(changes)
    out = tmp_path / "claims.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out


# --- the curated table --------------------------------------------------------------------------


def test_twenty_one_claims_numbered_as_in_the_research(claims):
    assert len(claims) == 21
    assert claims["claim_id"].tolist() == [f"c{i:02d}" for i in range(1, 22)]
    # The research numbering follows the text up to c17; c18-c21 do not.
    assert claims["start_char"].iloc[:17].is_monotonic_increasing


def test_every_claim_occurs_verbatim_and_sits_in_its_sentence(claims):
    art = load_article()
    for row in claims.itertuples():
        found = art.text[row.start_char : row.end_char]
        assert fold(found) == fold(row.claim_verbatim)
        sent = art.sentences[row.sent_idx]
        assert sent.start <= row.start_char and row.end_char <= sent.end


def test_verdicts_match_the_research(claims):
    by_id = claims.set_index("claim_id")["rating_label"]
    assert by_id["c13"] == "inaccurate"  # "Tom Berk": the ambassador is Tom Barrack
    assert by_id["c14"] == "misleading"  # 'approaching a withdrawal from S-400': not his words
    assert by_id["c15"] == "accurate"  # four to six months: his words
    assert by_id["c18"] == "inaccurate"  # the "truce" in Donbass
    assert by_id["c02"] == "misleading"  # Bloomberg's report, without the Kremlin's denial
    counts = verdict_counts(claims).set_index("rating_label")["n_claims"].to_dict()
    assert counts == {"inaccurate": 2, "misleading": 6, "unverifiable": 4, "partly accurate": 1, "accurate": 8}


def test_every_claim_has_sources_and_a_correct_fact(claims):
    for row in claims.itertuples():
        assert all(u.startswith(("http://", "https://")) for u in row.source_url.split(" ; ")), row.claim_id
        assert len(row.correct_fact) > 20


def test_the_scale_is_published_with_the_data():
    scale = load_rating_scale()
    assert dict(zip(scale["rating_value"], scale["rating_label"], strict=True)) == {
        1: "inaccurate", 2: "misleading", 3: "unverifiable", 4: "partly accurate", 5: "accurate",
    }
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in package["resources"]}
    assert "1 inaccurate, 2 misleading, 3 unverifiable" in res["rating-scale"]["description"]
    assert res["claims"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "rating-scale"
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "rating_scale.csv" in readme and "| 3 | unverifiable |" in readme


# --- bad rows are caught, naming the row ---------------------------------------------------------


def test_unknown_rating_label_names_the_row(tmp_path):
    path = _edited(tmp_path, "c05", rating_label="mostly true")
    with pytest.raises(DataError, match=r"row 5 \(claim_id='c05'\): rating_label='mostly true' is not one of"):
        load_claims(path)


def test_rating_off_the_scale_names_the_row(tmp_path):
    path = _edited(tmp_path, "c07", rating_value="9")
    with pytest.raises(DataError, match=r"row 7 \(claim_id='c07'\): rating_value=9 is above 5"):
        load_claims(path)


def test_label_that_does_not_match_its_number_names_the_row(tmp_path):
    path = _edited(tmp_path, "c13", rating_value="5")
    with pytest.raises(DataError, match=r"row 13 \(claim_id='c13'\): rating_label='inaccurate' does not match "
                                        r"rating_value=5, which means 'accurate'"):
        load_claims(path)


def test_missing_source_url_names_the_row(tmp_path):
    path = _edited(tmp_path, "c09", source_url="")
    with pytest.raises(DataError, match=r"row 9 \(claim_id='c09'\): source_url is required but empty"):
        load_claims(path)


def test_source_url_must_be_a_url(tmp_path):
    path = _edited(tmp_path, "c09", source_url="Bloomberg, 17 Dec")
    with pytest.raises(DataError, match=r"row 9 \(claim_id='c09'\): source_url='Bloomberg, 17 Dec' does not match"):
        load_claims(path)


def test_claim_no_longer_in_the_article_names_the_row(tmp_path):
    path = _edited(tmp_path, "c13", claim_verbatim="U.S. Ambassador to Turkey Tom Barrack")
    with pytest.raises(DataError, match=r"row 13 \(claim_id='c13'\): claim_verbatim 'U.S. Ambassador to Turkey "
                                        r"Tom Barrack' does not occur in the article"):
        load_claims(path)


def test_claims_checked_against_another_article_fail_clearly():
    other = Article.from_text("A completely different story about fisheries.")
    with pytest.raises(DataError, match=r"row 1 \(claim_id='c01'\).*does not occur"):
        load_claims(article=other)


def test_straight_quotes_and_spacing_still_match(tmp_path):
    path = _edited(tmp_path, "c07", claim_verbatim="This led to Turkey's  expulsion from the program in 2019")
    row = load_claims(path).set_index("claim_id").loc["c07"]
    art = load_article()
    assert art.text[row["start_char"] : row["end_char"]] == "This led to Turkey’s expulsion from the program in 2019"


def test_find_verbatim():
    text = "He said “no” — twice.\n\nThen   left."
    assert find_verbatim(text, 'said "no" - twice') == (3, 20)
    assert find_verbatim(text, "twice. Then left") == (15, 34)
    assert find_verbatim(text, "thrice") is None
    assert find_verbatim(text, "   ") is None


# --- omissions, statements, the content network --------------------------------------------------


def test_the_kremlin_denial_is_recorded_as_an_omission():
    om = load_omissions()
    denial = om[om["date"] == "2025-12-18"]
    assert any("Kremlin" in w for w in denial["who"])
    row = denial[denial["who"].str.contains("Kremlin")].iloc[0]
    assert "not on the agenda" in row["what_was_left_out"]
    assert "c02" in row["related_claims"].split("|")
    assert row["source_url"].startswith("https://www.aa.com.tr/")
    claim_ids = set(load_claims()["claim_id"])
    for related in om["related_claims"].dropna():
        assert set(related.split("|")) <= claim_ids


def test_the_quotation_is_not_on_record_but_the_timeline_is():
    assert find_in_statements("approaching a withdrawal from S-400").empty
    found = find_in_statements("four to six months")
    assert found["speaker"].tolist() == ["Tom Barrack"]
    assert found["date"].tolist() == ["2025-12-05"]
    assert len(load_statements()) >= 6


def test_content_farm_pages_share_phrases_with_the_seed():
    pages = load_content_farm_pages()
    text = load_article().text
    for phrase in pages["shared_phrase"].dropna():
        assert fold(phrase) in fold(text)
    assert set(pages["ambassador_as_written"]) >= {"Tom Berk", "Tom Brady"}
    assert pages.loc[pages["relation"] == "identical", "url"].tolist() == ["https://goldengatedaily.com/?p=25951"]


# --- ClaimReview JSON-LD ------------------------------------------------------------------------


def test_claimreview_export_is_valid(claims):
    objects = claims_to_claimreview(claims)
    assert len(objects) == 21
    assert check_claimreview(objects) == []
    text = json.dumps(objects, ensure_ascii=False)
    again = json.loads(text)
    first = again[0]
    assert first["@context"] == "https://schema.org"
    assert first["@type"] == "ClaimReview"
    for key in ("claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished", "url"):
        assert key in first
    rating = first["reviewRating"]
    assert {"ratingValue", "bestRating", "worstRating", "alternateName"} <= set(rating)
    assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
    item = first["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"][0]["url"] == "https://goldengatedaily.com/?p=25951"
    assert item["datePublished"] == "2025-12-17"


def test_claimreview_carries_the_verdicts(claims):
    by_url = {o["url"].rsplit("#", 1)[1]: o for o in claims_to_claimreview(claims, review_url="https://news.example/fc")}
    berk = by_url["c13"]
    assert berk["url"] == "https://news.example/fc#c13"
    assert berk["claimReviewed"] == "U.S. Ambassador to Turkey Tom Berk"
    assert berk["reviewRating"]["ratingValue"] == 1
    assert berk["reviewRating"]["alternateName"] == "inaccurate"
    assert "Barrack" in berk["reviewRating"]["ratingExplanation"]
    assert by_url["c14"]["itemReviewed"]["author"]["@type"] == "Person"
    assert all(u.startswith("http") for u in berk["citation"])


def test_check_claimreview_reports_problems():
    bad = [{"@context": "https://schema.org", "@type": "ClaimReview", "url": "x",
            "reviewRating": {"ratingValue": 9, "bestRating": 5, "worstRating": 1}}]
    problems = check_claimreview(bad)
    assert any("missing claimReviewed" in p for p in problems)
    assert any("alternateName" in p for p in problems)
    assert any("outside" in p for p in problems)
    assert any("not an http(s) URL" in p for p in problems)


def test_write_claimreview(tmp_path, claims):
    path = write_claimreview(tmp_path / "out" / "claims.jsonld", claims)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data) == 21 and check_claimreview(data) == []


# --- charts -------------------------------------------------------------------------------------


def test_verdict_charts_have_title_and_description(claims):
    from kit.charts.base import to_svg
    from kit.charts.claims import verdict_chart, verdict_map

    for chart in (verdict_chart(verdict_counts(claims)), verdict_map(claims)):
        spec = chart.to_dict()
        assert spec["title"] and spec["description"]
        svg = to_svg(chart)
        assert "<title>" in svg and "<desc>" in svg
    assert "inaccurate 2" in verdict_chart(verdict_counts(claims)).to_dict()["description"]


def test_cli_claims(tmp_path, capsys):
    from kit.cli import main

    out = tmp_path / "claims.jsonld"
    assert main(["claims", "--jsonld", str(out), "--review-url", "https://news.example/fc"]) == 0
    printed = capsys.readouterr().out
    row = next(line for line in printed.splitlines() if line.startswith("c13"))
    assert row.split()[:3] == ["c13", "9", "inaccurate"]  # claim_id, sent_idx, rating_label
    assert "inaccurate 2, misleading 6, unverifiable 4, partly accurate 1, accurate 8" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data[0]["url"] == "https://news.example/fc#c01" and check_claimreview(data) == []
    bad = _edited(tmp_path, "c05", rating_label="mostly true")
    assert main(["claims", "--claims", str(bad)]) == 2
    assert "row 5 (claim_id='c05')" in capsys.readouterr().err
