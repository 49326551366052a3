"""kit.verify.worksheet and kit.verify.findings: unsourced claims, ClaimReview, and all findings together."""

from __future__ import annotations

import pytest

import kit
from kit.analysis import Dossier
from kit.claims import check_claimreview
from kit.errors import KitError
from kit.verify.findings import findings
from kit.verify.reuse import reconstruct
from kit.verify.worksheet import claims_to_check, worksheet_to_claimreview


@pytest.fixture(scope="module")
def dossier():
    return kit.analyze(kit.load_article())


def test_worksheet(dossier) -> None:
    sheet = claims_to_check(dossier)
    assert len(sheet) > 5
    assert set(sheet["sourcing"]) <= {"unattributed", "anonymous"}
    assert sheet["verdict"].isna().all() and sheet["evidence"].isna().all()
    assert 9 not in set(sheet["sent_idx"])  # the ambassador's sentence names its source
    anon = sheet[sheet["sources"] == "Sources close to the administration"]
    assert len(anon) == 1 and "f35_programme" in anon.iloc[0]["entities"]
    assert "2017" in sheet[sheet["sent_idx"] == 2].iloc[0]["dates"]
    assert sheet["amounts"].notna().any()  # "hundreds of millions of dollars"
    without = Dossier(article=dossier.article, tables={k: v for k, v in dossier.tables.items() if k != "amounts"})
    assert claims_to_check(without)["amounts"].isna().all()  # no amounts table: handled


def test_worksheet_to_claimreview(dossier) -> None:
    sheet = claims_to_check(dossier)
    sheet.loc[0, ["verdict", "evidence", "source_url"]] = ["unverifiable", "No on-record source.",
                                                           "https://example.org/a ; https://example.org/b"]
    sheet.loc[1, "verdict"] = "5"
    out = worksheet_to_claimreview(sheet, review_date="2026-01-01", appearance_url="https://goldengatedaily.com/?p=25951")
    assert len(out) == 2 and check_claimreview(out) == []
    assert out[0]["reviewRating"]["alternateName"] == "unverifiable"
    assert out[0]["citation"] == ["https://example.org/a", "https://example.org/b"]
    sheet.loc[2, "verdict"] = "sort of"
    with pytest.raises(KitError, match="rating scale"):
        worksheet_to_claimreview(sheet)


def test_findings_on_bundled_article(dossier) -> None:
    out = findings(dossier, references={"goldengatedaily p04 (reconstruction)": reconstruct("p04")})
    kinds = out.groupby("kind").size().to_dict()
    assert kinds["misnaming"] == 1 and "wrong_person" not in kinds
    assert kinds["quote_not_on_record"] == 1 and kinds["later_development"] == 1
    assert kinds["omission"] >= 3 and kinds["reuse"] == 2 and kinds["unsourced_claim"] > 5
    berk = out[out["kind"] == "misnaming"].iloc[0]
    assert berk["text"] == "Tom Berk" and "Tom Barrack" in berk["evidence"]
    text = dossier.article.text
    located = out[out["start_char"].notna()]
    for r in located.to_dict("records"):
        if r["kind"] != "unsourced_claim":
            assert text[int(r["start_char"]):int(r["end_char"])] == r["text"]
    later = out[out["kind"] == "later_development"].iloc[0]
    assert "not on the agenda" in later["text"] and "aa.com.tr" in later["source_url"]


def test_findings_nothing_to_say() -> None:
    art = kit.article.Article.from_text("The weather was fine.", meta={"published": "2025-01-01"})
    assert findings(kit.analyze(art)).empty


def test_kit_claims_turns_a_filled_worksheet_into_claimreview(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from kit import analyze, load_article
    from kit.cli import cli
    from kit.export import write_csv

    sheet = analyze(load_article(), tables=["claims_to_check"]).claims_to_check.copy()
    sheet.loc[0, ["verdict", "evidence", "source_url"]] = [
        "misleading", "The record shows no such talks on that day.", "https://www.aa.com.tr/en/world/x"]
    path = write_csv(sheet, tmp_path / "claims_to_check.csv")
    out = tmp_path / "review.jsonld"
    result = CliRunner().invoke(cli, ["claims", str(path), "--jsonld", str(out)])
    assert result.exit_code == 0, result.output
    assert f"1 of {len(sheet)} worksheet rows have a verdict" in result.output
    reviews = json.loads(out.read_text(encoding="utf-8"))
    assert len(reviews) == 1 and reviews[0]["reviewRating"]["alternateName"].lower() == "misleading"
    from kit.cli import main

    assert main(["claims", str(tmp_path / "nope.csv")]) == 2
