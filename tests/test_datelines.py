"""kit.extract.datelines: the dateline at the head of an article, and only there."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.article import Article
from kit.errors import InputError
from kit.extract.datelines import (
    AGENCIES,
    DATELINES,
    Dateline,
    dateline_frame,
    find_dateline,
    resolve_dateline_date,
)

PUB = dt.date(2025, 12, 17)

# (article text, dateline text, place, agency, date with PUB as the year hint, date_text)
POSITIVE = [
    ("BRUSSELS (AP) — NATO allies met on Monday.", "BRUSSELS (AP) —", "BRUSSELS", "AP", None, None),
    ("WASHINGTON — The Pentagon said.", "WASHINGTON —", "WASHINGTON", None, None, None),
    ("ANKARA, Turkey (Reuters) - Turkey said.", "ANKARA, Turkey (Reuters) -", "ANKARA", "Reuters", None, None),
    ("MOSCOW, August 26. /TASS/. Russia is ready.", "MOSCOW, August 26. /TASS/.", "MOSCOW", "TASS",
     dt.date(2025, 8, 26), "August 26"),
    ("New Delhi, Oct 6 (PTI) The government said.", "New Delhi, Oct 6 (PTI)", "New Delhi", "PTI",
     dt.date(2025, 10, 6), "Oct 6"),
    ("WARSAW, Poland — Poland will buy.", "WARSAW, Poland —", "WARSAW", None, None, None),
    ("KYIV, Ukraine (AP) — Ukraine said.", "KYIV, Ukraine (AP) —", "KYIV", "AP", None, None),
    ("ISTANBUL, Dec 17 (Reuters) - Turkey said.", "ISTANBUL, Dec 17 (Reuters) -", "ISTANBUL", "Reuters",
     dt.date(2025, 12, 17), "Dec 17"),
    ("LONDON: Britain said on Monday.", "LONDON:", "LONDON", None, None, None),
    ("Washington, D.C. — The US said.", "Washington, D.C. —", "Washington", None, None, None),
    ("RIO DE JANEIRO (Reuters) - Brazil said.", "RIO DE JANEIRO (Reuters) -", "RIO DE JANEIRO", "Reuters",
     None, None),
    ("ST. PETERSBURG, Russia, Dec. 17 (AP) — Putin said.", "ST. PETERSBURG, Russia, Dec. 17 (AP) —",
     "ST. PETERSBURG", "AP", dt.date(2025, 12, 17), "Dec. 17"),
    ("ANKARA (Anadolu) - Turkey said.", "ANKARA (Anadolu) -", "ANKARA", "Anadolu", None, None),
    ("Beijing, Dec 17 (Xinhua) -- China said.", "Beijing, Dec 17 (Xinhua) --", "Beijing", "Xinhua",
     dt.date(2025, 12, 17), "Dec 17"),
    ("Moscow (TASS) Russia said.", "Moscow (TASS)", "Moscow", "TASS", None, None),
    ("NEW DELHI (ANI): India said.", "NEW DELHI (ANI):", "NEW DELHI", "ANI", None, None),
    ("PARIS (AFP) – France said.", "PARIS (AFP) –", "PARIS", "AFP", None, None),
    ("Mumbai, Dec 16 (IANS) The navy said.", "Mumbai, Dec 16 (IANS)", "Mumbai", "IANS", dt.date(2025, 12, 16),
     "Dec 16"),
    ("VELGRAD, Dec 3 (Kit Wire) - Norvania will.", "VELGRAD, Dec 3 (Kit Wire) -", "VELGRAD", "Kit Wire",
     dt.date(2025, 12, 3), "Dec 3"),
    ("WASHINGTON, July 17, 2019 (AP) — The US said.", "WASHINGTON, July 17, 2019 (AP) —", "WASHINGTON", "AP",
     dt.date(2019, 7, 17), "July 17, 2019"),
    ("MOSCOW, 26 August (Reuters) - Russia said.", "MOSCOW, 26 August (Reuters) -", "MOSCOW", "Reuters",
     dt.date(2025, 8, 26), "26 August"),
    # a headline or byline line first
    ("Turkey offers to return S-400s\n\nANKARA, Turkey (Reuters) - Turkey said.", "ANKARA, Turkey (Reuters) -",
     "ANKARA", "Reuters", None, None),
    ("By Jane Doe\n\nWASHINGTON (AP) — The Pentagon said.", "WASHINGTON (AP) —", "WASHINGTON", "AP", None, None),
    ("Turkey offers to return S-400s\n\nBy Jane Doe\n\nWASHINGTON — The Pentagon said.", "WASHINGTON —",
     "WASHINGTON", None, None, None),
    # the ALL-CAPS headline is not the dateline; the next paragraph's is
    ("TURKEY OFFERS TO RETURN S-400S\n\nANKARA, Turkey (Reuters) - Turkey said.", "ANKARA, Turkey (Reuters) -",
     "ANKARA", "Reuters", None, None),
    ("BRUSSELS — NATO ALLIES MEET\n\nBRUSSELS (AP) — NATO allies met.", "BRUSSELS (AP) —", "BRUSSELS", "AP",
     None, None),
    # a headline joined to the dateline by a single line break (Article joins such lines)
    ("Turkey offers to return S-400s\nANKARA, Turkey (Reuters) - Turkey said.", "ANKARA, Turkey (Reuters) -",
     "ANKARA", "Reuters", None, None),
]

NEGATIVE = [
    "WASHINGTON said on Monday that it would act.",
    "NATO — the alliance Turkey joined in 1952 — said.",
    "Erdogan — who has led Turkey since 2003 — said.",
    "Meanwhile, Russia — which sold the S-400 — said.",
    "BREAKING: Turkey said it will return the S-400.",
    "S-400 — a system Turkey bought — is idle.",
    "F-35: the jet Turkey wants.",
    "BRUSSELS — NATO ALLIES MEET\n\nThe allies met on Monday.",
    "TURKEY: ERDOGAN SAYS S-400 DEAL IS FINAL\n\nThe president said so.",
    "Turkey’s long-standing diplomatic tightrope walk has taken a new turn.",
    "The minister said: we will act.",
    "Returning weapons settles nothing\n\nGovernments like to pretend.",
    "Ankara (Turkey) has said so.",
    "Velgrad (Kit Wire) - no date and a title-case place.",
    "WASHINGTON —",
    "",
    "The story starts.\n\nWASHINGTON (AP) — A dateline in the body does not count.",
]


@pytest.mark.parametrize(("text", "dl_text", "place", "agency", "date", "date_text"), POSITIVE)
def test_positive(text, dl_text, place, agency, date, date_text):
    d = find_dateline(text, PUB)
    assert d is not None
    assert (d.text, d.place, d.agency, d.date, d.date_text) == (dl_text, place, agency, date, date_text)
    assert text[d.start : d.end] == d.text
    assert text[d.end :].startswith(" ")  # the story begins after the punctuation


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(text):
    assert find_dateline(text, PUB) is None


def test_no_year_keeps_the_date_text_but_not_the_date():
    d = find_dateline("MOSCOW, August 26. /TASS/. Russia is ready.")
    assert d is not None and d.date is None and d.date_text == "August 26" and d.month_day == (8, 26)


@pytest.mark.parametrize(("hint", "want"), [
    (None, None), (2019, dt.date(2019, 12, 31)), (dt.date(2025, 12, 31), dt.date(2025, 12, 31)),
    (dt.date(2026, 1, 1), dt.date(2025, 12, 31)),  # filed on Dec 31, published the next day
    (dt.date(2026, 1, 5), dt.date(2025, 12, 31)), (dt.date(2025, 12, 30), dt.date(2025, 12, 31)),
])
def test_resolve_dateline_date(hint, want):
    d = Dateline(0, 18, "MOSCOW, Dec 31 -", "MOSCOW", None, None, "Dec 31")
    assert resolve_dateline_date(d, hint).date == want


def test_impossible_day_gives_no_date():
    d = Dateline(0, 10, "X, Feb 29 -", "X", None, None, "Feb 29")
    assert resolve_dateline_date(d, 2025).date is None
    assert resolve_dateline_date(d, 2024).date == dt.date(2024, 2, 29)


def test_dateline_is_frozen_and_has_an_annotation_shape():
    d = find_dateline("WASHINGTON (AP) — The Pentagon said.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.place = "X"  # type: ignore[misc]
    assert d.annotation() == {"start": 0, "end": 17, "place": "WASHINGTON", "agency": "AP", "date": None}


def test_sentence_splitter_can_start_at_end():
    art = Article.from_text("ISTANBUL, Dec 17 (Reuters) - Turkey said it would. It did.")
    d = find_dateline(art.text)
    assert art.text[d.end :].lstrip().startswith("Turkey said")


def test_dateline_frame_uses_publication_date_and_schema():
    art = Article.from_text("ISTANBUL, Dec 17 (Reuters) - Turkey said.", {"published": "2026-01-02"})
    df = dateline_frame(art)
    assert list(df.columns) == DATELINES.columns and len(df) == 1
    row = df.iloc[0]
    assert (row["place"], row["agency"], row["date"], row["date_text"]) == ("ISTANBUL", "Reuters", "2025-12-17",
                                                                             "Dec 17")
    assert art.text[row["start_char"] : row["end_char"]] == row["text"]
    DATELINES.validate(df, "datelines")
    none = dateline_frame(Article.from_text("Nothing like a dateline here."))
    assert none.empty and list(none.columns) == DATELINES.columns


def test_bundled_texts():
    from kit import load_article

    assert dateline_frame(load_article()).empty
    wire = dateline_frame(load_article("data/samples/wire_story.txt"))
    assert wire.iloc[0]["text"] == "VELGRAD, Dec 3 (Kit Wire) -" and wire.iloc[0]["date"] == "2025-12-03"


def test_agency_table_is_canonical():
    assert AGENCIES["associated press"] == "AP" and AGENCIES["reuters"] == "Reuters"
    assert set(AGENCIES.values()) >= {"AP", "Reuters", "AFP", "PTI", "ANI", "TASS", "IANS", "Xinhua", "Anadolu"}


def test_long_single_line_is_safe():
    assert find_dateline("WASHINGTON (AP) — " + "x " * 50_000).text == "WASHINGTON (AP) —"
    assert find_dateline("A" * 100_000) is None
    assert find_dateline(12) is None  # type: ignore[arg-type]


_pieces = st.sampled_from(["WASHINGTON", "New Delhi", ", ", " ", "(AP)", "(Reuters)", " — ", " - ", ": ", "/TASS/.",
                           "Dec 17", "August 26", ". ", "\n", "\n\n", "By Jane Doe", "The", " said", "NATO", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=25).map("".join) | st.text(max_size=200))
def test_never_crashes_and_offsets_hold(text):
    d = find_dateline(text, PUB)
    if d is not None:
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start : d.end] == d.text
        assert d.place and d.place in d.text
    try:
        art = Article.from_text(text)
    except InputError:
        return
    df = dateline_frame(art)
    assert len(df) <= 1
    for r in df.itertuples():
        assert art.text[r.start_char : r.end_char] == r.text


@pytest.mark.parametrize(("text", "place", "agency"), [
    ("Turkey signs a deal for F-16 jets\n\nA pilot walks past an F-16 at an air base in 2023. (Photo via AP, File)\n\n"
     "WASHINGTON (AP) — The administration approved the sale on Friday.", "WASHINGTON", "AP"),
    ("Media/Public Contact: press@example.gov\nTransmittal No. 25-56\nWASHINGTON, December 17, 2025 - The State "
     "Department approved a possible sale.", "WASHINGTON", None),
    ("Patriot systems are targets, Kremlin says\n\n\"Media reports are unreliable,\" the spokesman said\n\n"
     "MOSCOW, December 14. /TASS/. Patriot systems sent to Kiev would be targets.", "MOSCOW", "TASS"),
])
def test_a_dateline_after_a_caption_or_header_is_found(text, place, agency):
    """Scraped pages put captions, decks and press-office headers first; the dateline comes after them."""
    d = find_dateline(text, PUB)
    assert d is not None and (d.place, d.agency) == (place, agency)
    assert text[d.start:d.end] == d.text and text[: d.start].count("\n") >= 2
