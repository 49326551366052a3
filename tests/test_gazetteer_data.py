"""data/entities.csv: complete for the story, sourced, and bad rows refused with the row named."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from kit.errors import DataError
from kit.extract.gazetteer import FORM_COLUMNS, check_gazetteer, compile_gazetteer, load_gazetteer
from kit.paths import DATA_DIR

CSV = DATA_DIR / "entities.csv"
CONFIRMED_QIDS = {"turkey": "Q43", "russia": "Q159", "usa": "Q30", "nato": "Q7184"}
BARRACK_SOURCE = "https://www.hurriyetdailynews.com/us-senate-confirms-tom-barrack-as-ambassador-to-turkiye-208623"


@pytest.fixture(scope="module")
def gaz() -> pd.DataFrame:
    return load_gazetteer()


def owner(gaz: pd.DataFrame, form: str) -> tuple[str, str]:
    """(entity_id, column) of the row that lists ``form``."""
    for row in gaz.to_dict("records"):
        for column in FORM_COLUMNS:
            items = [row["name"]] if column == "name" else str(row[column] or "").split("|")
            if form in items:
                return row["entity_id"], column
    raise AssertionError(f"{form!r} is in no gazetteer row")


# --- contents --------------------------------------------------------------------------------

STORY = {
    # people
    "Recep Tayyip Erdogan": ("erdogan", "aliases"), "Erdogan": ("erdogan", "aliases"),
    "Vladimir Putin": ("putin", "name"), "Trump": ("trump", "aliases"), "Tom Barrack": ("tom_barrack", "name"),
    "Hakan Fidan": ("hakan_fidan", "name"), "Dmitry Peskov": ("dmitry_peskov", "name"),
    "Lavrov": ("sergey_lavrov", "aliases"),
    # states, capitals as metonyms, demonyms
    "Turkey": ("turkey", "name"), "Türkiye": ("turkey", "aliases"), "Ankara": ("turkey", "metonyms"),
    "Moscow": ("russia", "metonyms"), "Washington": ("usa", "metonyms"), "U.S.": ("usa", "aliases"),
    "Turkish": ("turkey", "demonyms"), "Russian": ("russia", "demonyms"), "American": ("usa", "demonyms"),
    "Ukraine": ("ukraine", "name"),
    # organisations, systems, laws, places
    "NATO": ("nato", "name"), "S-400": ("s400", "name"), "F-35": ("f35", "name"), "F-16": ("f16", "name"),
    "Eurofighter": ("eurofighter", "aliases"), "Patriot": ("patriot", "name"),
    "F-35 Joint Strike Fighter program": ("f35_programme", "aliases"), "CAATSA": ("caatsa", "name"),
    "SSB": ("ssb", "aliases"), "Bloomberg": ("bloomberg", "name"), "Donbass": ("donbas", "aliases"),
    "Donbas": ("donbas", "name"), "Crimea": ("crimea", "name"), "Kremlin": ("kremlin", "name"),
}


@pytest.mark.parametrize("form", list(STORY))
def test_every_named_thing_of_the_story_is_covered(gaz, form):
    assert owner(gaz, form) == STORY[form]


def test_tom_berk_is_left_to_the_name_check_with_its_source(gaz):
    """The gazetteer does not list 'Tom Berk': kit.verify.officials must find it (tests/test_verify_names.py)."""
    row = gaz.set_index("entity_id").loc["tom_barrack"]
    assert not isinstance(row["misnamings"], str) or "Tom Berk" not in row["misnamings"]
    assert "Tom Berk" in row["note"] and "name check" in row["note"]
    assert BARRACK_SOURCE in row["source_url"]


def test_wikidata_ids_only_where_confirmed(gaz):
    qids = {r["entity_id"]: r["wikidata_qid"] for r in gaz.to_dict("records") if not pd.isna(r["wikidata_qid"])}
    assert qids == CONFIRMED_QIDS


def test_every_row_is_sourced_or_labelled_an_assumption(gaz):
    for row in gaz.to_dict("records"):
        if row["basis"] == "assumption":
            assert pd.isna(row["source_url"]) or row["source_url"].startswith("http")
            assert "ssumption" in row["note"], row["entity_id"]
        else:
            for url in row["source_url"].split(" ; "):
                assert url.startswith(("https://", "http://")) and " " not in url, row["entity_id"]


def test_urls_come_from_the_research_notes(gaz):
    notes = Path("/work/shared/research")
    if not notes.is_dir():
        pytest.skip("research notes not available on this machine")
    text = "".join(p.read_text(encoding="utf-8") for p in notes.glob("*.md"))
    for row in gaz.to_dict("records"):
        for url in str(row["source_url"] or "").split(" ; "):
            if url:
                assert url in text, (row["entity_id"], url)


def test_labels_fit_kinds(gaz):
    allowed = {
        "state": {"GPE"}, "place": {"GPE", "LOC"}, "person": {"PERSON"}, "weapon_system": {"PRODUCT"},
        "law": {"LAW"}, "event": {"EVENT"}, "alliance": {"ORG"}, "agency": {"ORG"}, "company": {"ORG"},
        "media": {"ORG"}, "programme": {"ORG"},
    }
    for row in gaz.to_dict("records"):
        assert row["label"] in allowed[row["kind"]], row["entity_id"]


def test_the_datapackage_describes_the_file():
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in package["resources"] if r["name"] == "entities")
    with CSV.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert [f["name"] for f in res["schema"]["fields"]] == header
    assert res["schema"]["primaryKey"] == ["entity_id"]


def test_every_form_compiles(gaz):
    matcher = compile_gazetteer(gaz)
    assert len(matcher) > len(gaz) * 3


# --- bad input: refused at load time, the row named -------------------------------------------


def write_variant(tmp_path: Path, edit) -> Path:
    rows = list(csv.DictReader(CSV.open(encoding="utf-8")))
    edit(rows)
    out = tmp_path / "entities.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return out


def set_cell(i: int, column: str, value: str):
    def edit(rows):
        rows[i][column] = value

    return edit


BAD = {
    "missing id": (set_cell(2, "entity_id", ""), r"row 3 \(entity_id=None\): entity_id is required"),
    "duplicate id": (set_cell(4, "entity_id", "turkey"), r"row 5 \(entity_id='turkey'\): duplicate entity_id"),
    "empty alias": (set_cell(8, "aliases", "North Atlantic Treaty Organization||Nato"),
                    r"row 9 \(entity_id='nato'\): aliases has an empty item"),
    "trailing bar": (set_cell(8, "aliases", "Nato|"), r"row 9 \(entity_id='nato'\): aliases has an empty item"),
    "alias of two entities": (set_cell(1, "aliases", "Russian Federation|Ankara"),
                              r"row 2 \(entity_id='russia'\): aliases item 'Ankara' is already claimed by row 1 "
                              r"\(entity_id='turkey', metonyms\)"),
    "name as another's alias": (set_cell(2, "aliases", "Russia"),
                                r"row 3 \(entity_id='usa'\): aliases item 'Russia' is already claimed by row 2"),
    "unknown label": (set_cell(0, "label", "COUNTRY"), r"row 1 \(entity_id='turkey'\): label='COUNTRY' is not one of"),
    "bad qid": (set_cell(0, "wikidata_qid", "43"), r"row 1 \(entity_id='turkey'\): wikidata_qid='43' does not match"),
    "sourced row without url": (set_cell(3, "source_url", ""),
                                r"row 4 \(entity_id='ukraine'\): source_url is empty"),
    "form without letters": (set_cell(3, "aliases", "--"), r"row 4 \(entity_id='ukraine'\): aliases item '--' has no"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_rows_are_refused_naming_the_row(tmp_path, case):
    edit, message = BAD[case]
    path = write_variant(tmp_path, edit)
    with pytest.raises(DataError, match=message) as err:
        load_gazetteer(path)
    assert str(err.value).startswith("entities.csv: ") or "entities.csv: " in str(err.value)


def test_a_frame_edited_in_a_notebook_is_checked_too(gaz):
    bad = gaz.copy()
    bad["aliases"] = bad["aliases"].astype("object")
    bad.loc[bad["entity_id"] == "putin", "aliases"] = "Putin|Erdogan"
    with pytest.raises(DataError, match=r"gazetteer: row \d+ \(entity_id='putin'\): aliases item 'Erdogan'"):
        check_gazetteer(bad)


def test_a_minimal_frame_is_enough():
    frame = pd.DataFrame([{"entity_id": "x", "name": "Xanadu", "label": "GPE", "kind": "place"}])
    check_gazetteer(frame)
    assert compile_gazetteer(frame).forms() == ["XANADU", "Xanadu"]


def test_missing_file_is_named(tmp_path):
    with pytest.raises(DataError, match=r"nope\.csv: file not found"):
        load_gazetteer(tmp_path / "nope.csv")
