"""data/officials.csv: who held which office when, valid against its schema, sourced, and consistent in time.

Needs only pandas, frictionless and the files in data/ (and kit.paths for where they are).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from itertools import combinations

import pandas as pd
import pytest

from kit.paths import DATA_DIR

CSV = DATA_DIR / "officials.csv"
PACKAGE = DATA_DIR / "datapackage.json"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH = re.compile(r"^\d{4}-\d{2}$")
#: an overlap of up to this many days (a shared handover day) needs no explanation
ALLOWED_OVERLAP_DAYS = 1


@pytest.fixture(scope="module")
def officials() -> pd.DataFrame:
    return pd.read_csv(CSV, dtype=str, keep_default_na=False, encoding="utf-8")


def parse(value: str) -> dt.date | None:
    """A YYYY-MM-DD or YYYY-MM date as a date; a month counts as its first day. Empty -> None."""
    if not value:
        return None
    if DAY.match(value):
        return dt.date.fromisoformat(value)
    if MONTH.match(value):
        return dt.date.fromisoformat(value + "-01")
    raise ValueError(f"not a YYYY-MM-DD or YYYY-MM date: {value!r}")


def term(row) -> tuple[dt.date, dt.date]:
    """(start, end) of a row; an open term ends far in the future."""
    return parse(row["start"]), parse(row["end"]) or dt.date.max


def holders_on(officials: pd.DataFrame, office: str, day: str) -> list[str]:
    """Holders of ``office`` (matched on office or an alias, any case) on ``day``."""
    when = dt.date.fromisoformat(day)
    out = []
    for row in officials.to_dict("records"):
        names = [row["office"], *filter(None, row["office_aliases"].split("|"))]
        if office.casefold() not in {n.casefold() for n in names}:
            continue
        start, end = term(row)
        if start <= when <= end:
            out.append(row["holder"])
    return out


# --- the file against its schema ------------------------------------------------------------------


def test_the_datapackage_describes_the_file():
    package = json.loads(PACKAGE.read_text(encoding="utf-8"))
    res = next(r for r in package["resources"] if r["name"] == "officials")
    with CSV.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert [f["name"] for f in res["schema"]["fields"]] == header
    assert res["schema"]["primaryKey"] == ["official_id"]
    for field in res["schema"]["fields"]:
        assert field.get("description"), field["name"]


def test_the_table_validates_against_its_schema():
    frictionless = pytest.importorskip("frictionless")
    package = frictionless.Package(str(PACKAGE))
    report = package.get_resource("officials").validate()
    errors = [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors][:5]
    assert report.valid, errors


def test_ids_are_unique(officials):
    dupes = officials["official_id"][officials["official_id"].duplicated()].tolist()
    assert not dupes, dupes


def test_every_row_has_http_sources(officials):
    for row in officials.to_dict("records"):
        urls = row["source_url"].split(" ; ")
        assert urls and all(u.startswith(("https://", "http://")) and " " not in u for u in urls), row["official_id"]
        assert row["source_title"].strip(), row["official_id"]


def test_alias_lists_have_no_empty_items(officials):
    for row in officials.to_dict("records"):
        for column in ("office_aliases", "holder_aliases"):
            if row[column]:
                assert all(item.strip() == item and item for item in row[column].split("|")), (
                    row["official_id"],
                    column,
                )


def test_one_office_one_country(officials):
    countries = officials.groupby("office")["country"].nunique()
    assert (countries == 1).all(), countries[countries > 1].to_dict()


# --- dates ----------------------------------------------------------------------------------------


def test_dates_are_real_calendar_dates(officials):
    for row in officials.to_dict("records"):
        parse(row["start"])
        parse(row["end"])


def test_start_is_not_after_end(officials):
    for row in officials.to_dict("records"):
        start, end = term(row)
        assert start <= end, (row["official_id"], row["start"], row["end"])


def test_month_only_dates_are_explained(officials):
    for row in officials.to_dict("records"):
        if MONTH.match(row["start"]) or MONTH.match(row["end"]):
            assert "month" in row["date_note"].lower(), row["official_id"]


def test_terms_of_one_office_do_not_overlap_unless_the_note_says_why(officials):
    """Two terms of the same office may share a handover day; a longer overlap must be explained in date_note."""
    problems = []
    for office, group in officials.groupby("office"):
        for a, b in combinations(group.to_dict("records"), 2):
            (start_a, end_a), (start_b, end_b) = term(a), term(b)
            overlap = (min(end_a, end_b) - max(start_a, start_b)).days
            if overlap > ALLOWED_OVERLAP_DAYS:
                notes = (a["date_note"] + " " + b["date_note"]).lower()
                if "overlap" not in notes:
                    problems.append((office, a["official_id"], b["official_id"], overlap))
    assert not problems, problems


def test_only_the_latest_term_of_an_office_is_open(officials):
    for office, group in officials.groupby("office"):
        open_terms = group[group["end"] == ""]
        assert len(open_terms) <= 1, (office, open_terms["official_id"].tolist())


def test_acting_holders_are_labelled(officials):
    acting = officials[officials["date_note"].str.startswith("Acting")]
    assert {"Patrick Shanahan", "Christopher C. Miller", "Robert Salesses", "Daniel B. Smith"} <= set(acting["holder"])


# --- the facts the kit's checks rely on -----------------------------------------------------------


def test_tom_barrack_is_the_us_ambassador_to_turkey_on_the_article_date(officials):
    assert holders_on(officials, "US ambassador to Turkey", "2025-12-17") == ["Tom Barrack"]
    assert holders_on(officials, "U.S. Ambassador to Türkiye", "2025-12-17") == ["Tom Barrack"]


def test_dmitry_peskov_is_kremlin_spokesman_on_the_denial_date(officials):
    assert holders_on(officials, "Kremlin spokesman", "2025-12-18") == ["Dmitry Peskov"]


def test_barrack_row_carries_its_aliases_and_the_research_source(officials):
    row = officials.set_index("official_id").loc["us_amb_04"]
    assert row["holder"] == "Tom Barrack"
    assert {"Thomas Barrack", "Thomas J. Barrack Jr."} <= set(row["holder_aliases"].split("|"))
    assert (
        "https://www.hurriyetdailynews.com/us-senate-confirms-tom-barrack-as-ambassador-to-turkiye-208623"
        in row["source_url"]
    )


@pytest.mark.parametrize(
    ("office", "day", "holder"),
    [
        ("US ambassador to Turkey", "2023-06-01", "Jeff Flake"),
        ("US Secretary of Defense", "2019-07-17", "Richard V. Spencer"),
        ("US Secretary of Defense", "2025-12-17", "Pete Hegseth"),
        ("US Secretary of State", "2025-12-17", "Marco Rubio"),
        ("US President", "2019-07-17", "Donald Trump"),
        ("Turkish Minister of National Defence", "2019-06-06", "Hulusi Akar"),
        ("Turkish Minister of Foreign Affairs", "2025-12-06", "Hakan Fidan"),
        ("Russian Minister of Foreign Affairs", "2025-12-11", "Sergey Lavrov"),
        ("Russian Minister of Defence", "2019-07-12", "Sergei Shoigu"),
        ("NATO Secretary General", "2022-05-18", "Jens Stoltenberg"),
        ("Head of Turkey's defence industry agency (SSB)", "2020-12-14", "İsmail Demir"),
    ],
)
def test_story_dates_have_the_expected_holder(officials, office, day, holder):
    assert holders_on(officials, office, day) == [holder]
