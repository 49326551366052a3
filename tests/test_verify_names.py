"""kit.verify.officials: offices in the text, and names checked against the holder on the day."""

from __future__ import annotations

import pandas as pd
import pytest

import kit
from kit.article import Article
from kit.errors import DataError
from kit.extract.entities import find_mentions
from kit.verify.officials import check_names, load_officials, office_mentions


@pytest.fixture(scope="module")
def officials() -> pd.DataFrame:
    return load_officials()


def _check(text: str, published: str, officials: pd.DataFrame) -> list[tuple[str, str, str]]:
    art = Article.from_text(text, meta={"published": published})
    out = check_names(art, find_mentions(art), officials)
    return [(r["kind"], r["name_as_written"], r["holder_on_date"] if isinstance(r["holder_on_date"], str) else "")
            for r in out.to_dict("records")]


CASES = [
    ("U.S. Ambassador to Turkey Tom Berk said.", "2025-12-17", [("misnaming", "Tom Berk", "Tom Barrack")]),
    ("US Ambassador to Türkiye Tom Barrack said.", "2025-12-17", [("ok", "Tom Barrack", "Tom Barrack")]),
    ("U.S. Ambassador to Turkey Tom Brady said.", "2025-12-17", [("wrong_person", "Tom Brady", "Tom Barrack")]),
    ("US Ambassador to Turkey Jeff Flake said.", "2025-12-18", [("wrong_person", "Jeff Flake", "Tom Barrack")]),
    ("Defense Minister Hulusi Akar said.", "2019-06-01", [("ok", "Hulusi Akar", "Hulusi Akar")]),
    ("Kremlin spokesman Dmitry Peskov said no.", "2025-12-18", [("ok", "Dmitry Peskov", "Dmitry Peskov")]),
    ("Peskov, the Kremlin spokesman, said no.", "2025-12-18", [("ok", "Peskov", "Dmitry Peskov")]),
    ("NATO Secretary General Jens Stoltenberg spoke.", "2022-05-16", [("ok", "Jens Stoltenberg", "Jens Stoltenberg")]),
    ("Turkey's defense minister, Hulusi Akar, said.", "2019-06-01", [("ok", "Hulusi Akar", "Hulusi Akar")]),
    # the sentence dates itself to the holder's time
    ("In July 2019, Defense Secretary Mark Esper warned Turkey.", "2024-01-01", [("ok", "Mark Esper", "Mark Esper")]),
    ("Former NATO Secretary General Jens Stoltenberg spoke.", "2025-12-17", [("ok", "Jens Stoltenberg",
                                                                                "Jens Stoltenberg")]),
    # no holder recorded for that date: not_checked, never "fine"
    ("Kremlin spokesman Dmitry Peskov said no.", "2010-01-01", [("not_checked", "Dmitry Peskov", "")]),
    # an office written in Turkish, on a date the table does not cover: not_checked, no crash
    ("Dışişleri Bakanı Ahmet Davutoğlu konuştu.", "2012-01-01", [("not_checked", "Ahmet Davutoğlu", "")]),
    ("Dışişleri Bakanı Hakan Fidan konuştu.", "2025-12-17", [("ok", "Hakan Fidan", "Hakan Fidan")]),
    ("Savunma Bakanı Yaşar Güler konuştu.", "2025-12-17", []),  # not an alias: nothing claimed
    # a lesser or uncovered office is not the office
    ("UNDER SECRETARY OF DEFENSE ELLEN LORD: Thank you.", "2019-07-17", []),
    ("Greek Defense Minister Nikos Dendias spoke.", "2025-12-17", []),
    ("Russian President Vladimir Putin spoke.", "2025-12-17", []),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_name_cases(text: str, published: str, expected: list, officials: pd.DataFrame) -> None:
    assert _check(text, published, officials) == expected


def test_bundled_article_finds_tom_berk(officials: pd.DataFrame) -> None:
    """'Tom Berk' is no longer in the gazetteer: the method finds it against the office-holders."""
    art = kit.load_article()
    gaz = kit.extract.gazetteer.load_gazetteer()
    forms = " ".join(gaz[c].fillna("").astype(str).str.cat(sep="|") for c in ("name", "aliases", "misnamings"))
    assert "Tom Berk" not in forms
    out = check_names(art, find_mentions(art), officials)
    berk = out[out["name_as_written"] == "Tom Berk"].iloc[0]
    assert berk["kind"] == "misnaming" and berk["holder_on_date"] == "Tom Barrack"
    assert berk["office"] == "US ambassador to Turkey" and berk["checked_on"] == "2025-12-17"
    assert art.text[berk["start_char"]:berk["end_char"]] == "Tom Berk"
    assert 70 <= berk["similarity"] < 100
    assert "Tom Barrack (in office from 2025-05)" in berk["evidence"] and "2025-12-17" in berk["evidence"]
    assert "hurriyetdailynews" in berk["source_url"] or berk["source_url"].startswith("http")
    assert set(out["kind"]) == {"misnaming"}  # no false alarm elsewhere in the article


def test_office_mentions_offsets(officials: pd.DataFrame) -> None:
    art = kit.load_article()
    om = office_mentions(art, find_mentions(art), officials)
    assert list(om["office_as_written"]) == ["U.S. Ambassador to Turkey"]
    for r in om.to_dict("records"):
        assert art.text[r["office_start"]:r["office_end"]] == r["office_as_written"]
        assert art.text[r["start_char"]:r["end_char"]] == r["name_as_written"]


def test_near_miss_without_office(officials: pd.DataFrame) -> None:
    art = Article.from_text("Yesterday Tom Barak met Vladimir Putin. Then Hakan Fidan spoke.",
                            meta={"published": "2025-12-17"})
    out = check_names(art, find_mentions(art), officials)
    rows = out.to_dict("records")
    assert [(r["kind"], r["name_as_written"], r["holder_on_date"], r["confidence"]) for r in rows] == [
        ("misnaming", "Tom Barak", "Tom Barrack", "low")]


def test_no_publication_date(officials: pd.DataFrame) -> None:
    art = Article.from_text("Kremlin spokesman Dmitry Peskov said no.")
    out = check_names(art, None, officials)
    assert list(out["kind"]) == ["ok"] or list(out["kind"]) == ["not_checked"]


def test_officials_bad_rows(officials: pd.DataFrame) -> None:
    bad = officials.copy()
    bad.loc[3, "start"] = "2019-13"
    with pytest.raises(DataError, match=r"row 4 .*start"):
        load_officials(bad)
    bad = officials.copy()
    bad.loc[0, "end"] = "2010-01"
    with pytest.raises(DataError, match="before start"):
        load_officials(bad)
    bad = officials.copy()
    bad.loc[0, "source_url"] = "not a url"
    with pytest.raises(DataError, match="source_url"):
        load_officials(bad)


def test_missing_office_row_is_not_checked(officials: pd.DataFrame) -> None:
    """Without the row covering the date, an office the table knows gives not_checked."""
    fewer = officials[officials["holder"] != "Tom Barrack"].reset_index(drop=True)
    art = kit.load_article()
    out = check_names(art, find_mentions(art), fewer)
    row = out[out["name_as_written"] == "Tom Berk"].iloc[0]
    assert row["kind"] == "not_checked" and "no office-holder recorded for that date" in row["evidence"]
