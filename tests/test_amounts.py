"""kit.extract.amounts: money and counted things, their values, units, items and offsets."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.article import Article
from kit.errors import InputError
from kit.extract.amounts import (
    AMOUNTS,
    CURRENCY_SIGNS,
    SCALES,
    amounts,
    annotation_records,
    number_value,
    singular,
)

NAN = math.nan

# (phrase, text of the amount, kind, value, value_max, currency, unit, item)
POSITIVE = [
    ("$1.85 billion", "$1.85 billion", "money", 1.85e9, NAN, "USD", "", ""),
    ("$4.75-billion", "$4.75-billion", "money", 4.75e9, NAN, "USD", "", ""),
    ("US$ 5 billion", "US$ 5 billion", "money", 5e9, NAN, "USD", "", ""),
    ("US$5 billion", "US$5 billion", "money", 5e9, NAN, "USD", "", ""),
    ("$5.43bn", "$5.43bn", "money", 5.43e9, NAN, "USD", "", ""),
    ("$500 to $600 million", "$500 to $600 million", "money", 5e8, 6e8, "USD", "", ""),
    ("$500-600 million", "$500-600 million", "money", 5e8, 6e8, "USD", "", ""),
    ("$500 million to $1 billion", "$500 million to $1 billion", "money", 5e8, 1e9, "USD", "", ""),
    ("$500,000 to $1 million", "$500,000 to $1 million", "money", 5e5, 1e6, "USD", "", ""),
    ("between $1 billion and $2 billion", "$1 billion and $2 billion", "money", 1e9, 2e9, "USD", "", ""),
    ("€1.2bn", "€1.2bn", "money", 1.2e9, NAN, "EUR", "", ""),
    ("EUR 300 million", "EUR 300 million", "money", 3e8, NAN, "EUR", "", ""),
    ("£300m", "£300m", "money", 3e8, NAN, "GBP", "", ""),
    # a one-letter scale glued to the figure, in either case
    ("$1B", "$1B", "money", 1e9, NAN, "USD", "", ""),
    ("$1b", "$1b", "money", 1e9, NAN, "USD", "", ""),
    ("$2M", "$2M", "money", 2e6, NAN, "USD", "", ""),
    ("€1.2B", "€1.2B", "money", 1.2e9, NAN, "EUR", "", ""),
    ("$3.5bn", "$3.5bn", "money", 3.5e9, NAN, "USD", "", ""),
    ("$3.5BN", "$3.5BN", "money", 3.5e9, NAN, "USD", "", ""),
    ("$250K", "$250K", "money", 2.5e5, NAN, "USD", "", ""),
    ("Rs 5,000 crore", "Rs 5,000 crore", "money", 5e10, NAN, "INR", "", ""),
    ("Rs. 5,000 crore", "Rs. 5,000 crore", "money", 5e10, NAN, "INR", "", ""),
    ("₹21,700 crore", "₹21,700 crore", "money", 2.17e11, NAN, "INR", "", ""),
    ("Rs 40,000 crore", "Rs 40,000 crore", "money", 4e11, NAN, "INR", "", ""),
    ("1.5 lakh crore", "1.5 lakh crore", "money", 1.5e12, NAN, "INR", "", ""),
    ("5,000 crore rupees", "5,000 crore rupees", "money", 5e10, NAN, "INR", "", ""),
    ("5 billion dollars", "5 billion dollars", "money", 5e9, NAN, "USD", "", ""),
    ("2.5 billion euros", "2.5 billion euros", "money", 2.5e9, NAN, "EUR", "", ""),
    ("10 billion rubles", "10 billion rubles", "money", 1e10, NAN, "RUB", "", ""),
    ("10 billion roubles", "10 billion roubles", "money", 1e10, NAN, "RUB", "", ""),
    ("10 billion Turkish lira", "10 billion Turkish lira", "money", 1e10, NAN, "TRY", "", ""),
    ("two billion dollars", "two billion dollars", "money", 2e9, NAN, "USD", "", ""),
    ("300 million USD", "300 million USD", "money", 3e8, NAN, "USD", "", ""),
    ("¥500 billion", "¥500 billion", "money", 5e11, NAN, "JPY", "", ""),
    ("PLN 2 billion", "PLN 2 billion", "money", 2e9, NAN, "PLN", "", ""),
    ("A$1.2 billion", "A$1.2 billion", "money", 1.2e9, NAN, "AUD", "", ""),
    ("₺10 billion", "₺10 billion", "money", 1e10, NAN, "TRY", "", ""),
    ("$300", "$300", "money", 300.0, NAN, "USD", "", ""),
    ("multibillion-dollar", "multibillion-dollar", "money", NAN, NAN, "USD", "", ""),
    ("multi-million euro", "multi-million euro", "money", NAN, NAN, "EUR", "", ""),
    ("billions of dollars", "billions of dollars", "money", NAN, NAN, "USD", "", ""),
    ("hundreds of millions of dollars", "hundreds of millions of dollars", "money", NAN, NAN, "USD", "", ""),
    ("two battalions", "two battalions", "quantity", 2.0, NAN, "", "battalion", ""),
    ("32 F-35 fighter jets", "32 F-35 fighter jets", "quantity", 32.0, NAN, "", "F-35 fighter jet", "F-35"),
    ("four Patriot batteries", "four Patriot batteries", "quantity", 4.0, NAN, "", "Patriot battery", "Patriot"),
    ("five S-400 squadrons", "five S-400 squadrons", "quantity", 5.0, NAN, "", "S-400 squadron", "S-400"),
    ("112 guided missiles", "112 guided missiles", "quantity", 112.0, NAN, "", "guided missile", ""),
    ("up to 128 missiles", "128 missiles", "quantity", 128.0, NAN, "", "missile", ""),
    ("hundreds of tanks", "hundreds of tanks", "quantity", NAN, NAN, "", "tank", ""),
    ("tens of thousands of troops", "tens of thousands of troops", "quantity", NAN, NAN, "", "troop", ""),
    ("a dozen jets", "a dozen jets", "quantity", 12.0, NAN, "", "jet", ""),
    ("half a dozen drones", "half a dozen drones", "quantity", 6.0, NAN, "", "drone", ""),
    ("two dozen helicopters", "two dozen helicopters", "quantity", 24.0, NAN, "", "helicopter", ""),
    ("thirty tanks", "thirty tanks", "quantity", 30.0, NAN, "", "tank", ""),
    ("a hundred tanks", "a hundred tanks", "quantity", 100.0, NAN, "", "tank", ""),
    ("twenty-five jets", "twenty-five jets", "quantity", 25.0, NAN, "", "jet", ""),
    ("twenty warships", "twenty warships", "quantity", 20.0, NAN, "", "warship", ""),
    ("Two battalions", "Two battalions", "quantity", 2.0, NAN, "", "battalion", ""),
    ("four to six batteries", "four to six batteries", "quantity", 4.0, 6.0, "", "battery", ""),
    ("two or three battalions", "two or three battalions", "quantity", 2.0, 3.0, "", "battalion", ""),
    ("20-30 jets", "20-30 jets", "quantity", 20.0, 30.0, "", "jet", ""),
    ("between two and four battalions", "two and four battalions", "quantity", 2.0, 4.0, "", "battalion", ""),
    ("100 F-35s", "100 F-35s", "quantity", 100.0, NAN, "", "F-35", "F-35"),
    ("three S-400s", "three S-400s", "quantity", 3.0, NAN, "", "S-400", "S-400"),
    ("120 HIMARS", "120 HIMARS", "quantity", 120.0, NAN, "", "HIMARS", "HIMARS"),
    ("two Patriots", "two Patriots", "quantity", 2.0, NAN, "", "Patriot", "Patriot"),
    ("25 Rafale jets", "25 Rafale jets", "quantity", 25.0, NAN, "", "Rafale jet", "Rafale"),
    ("1,500 troops", "1,500 troops", "quantity", 1500.0, NAN, "", "troop", ""),
    ("1.5 million troops", "1.5 million troops", "quantity", 1.5e6, NAN, "", "troop", ""),
    ("1 lakh soldiers", "1 lakh soldiers", "quantity", 1e5, NAN, "", "soldier", ""),
    ("one battery", "one battery", "quantity", 1.0, NAN, "", "battery", ""),
    ("12 S-400 launchers", "12 S-400 launchers", "quantity", 12.0, NAN, "", "S-400 launcher", "S-400"),
    ("40 F-16 Block 70 jets", "40 F-16 Block 70 jets", "quantity", 40.0, NAN, "", "F-16 Block 70 jet", "F-16"),
]

NEGATIVE = [
    "in 2019", "in 2017", "the 2019 F-35 contract", "July 12-25", "on December 17", "aged 45",
    "a 45-year-old pilot", "45 years old", "5%", "5 percent", "400 kilometres", "4.8 km/s", "300 m",
    "F-16 Block 70", "Su-30MKI", "S-400", "the S-400s", "Patriots", "at 10:30", "at 3 p.m.", "the 3rd battalion",
    "call 555-0101", "+90 312 555 0101", "Article 5", "Resolution 2231", "three of them", "one of the jets",
    "seven years", "six months", "two rounds of talks", "Two people familiar with the talks", "2 crore people",
    "F-35", "dollar", "euros", "Mrs 5", "the first two", "page 12", "No. 3", "F-16 Block 70 jets",
    "S-400 batteries", "Flight 17 passengers", "155 mm M777 howitzers", "a 7.62 mm rifle",
]


def _one(phrase: str) -> pd.DataFrame:
    return amounts(f"Officials said {phrase} would follow, the report added.")


@pytest.mark.parametrize(("phrase", "text", "kind", "value", "value_max", "currency", "unit", "item"), POSITIVE)
def test_positive(phrase, text, kind, value, value_max, currency, unit, item):
    df = _one(phrase)
    assert len(df) == 1, df[["text", "kind"]].to_dict("records")
    r = df.iloc[0]
    assert (r["text"], r["kind"], r["currency"], r["unit"], r["item"]) == (text, kind, currency, unit, item)
    for got, want in ((r["value"], value), (r["value_max"], value_max)):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)


@pytest.mark.parametrize("phrase", NEGATIVE)
def test_negative(phrase):
    assert _one(phrase).empty, _one(phrase)[["text", "kind"]].to_dict("records")


@pytest.mark.parametrize(("text", "want"), [
    ("The Army paid $4M for M777 parts.", [("$4M", 4e6)]),
    ("The Army paid $300 M777 parts.", [("$300", 300.0)]),   # a model name after the sum is no scale
    ("It weighs 300 M tonnes, at $5 M each.", [("$5", 5.0)]),  # a one-letter scale must be glued
])
def test_a_one_letter_scale_is_read_only_when_glued_to_the_sum(text, want):
    assert [(r["text"], r["value"]) for r in amounts(text).to_dict("records")] == want


def test_notes_record_hedges_assumptions_and_ranges():
    df = amounts("It costs about $2.1 billion, up to 128 missiles and 1.5 lakh crore, or $500-600 million.")
    notes = dict(zip(df["text"], df["note"], strict=True))
    assert "hedge 'about'" in notes["$2.1 billion"] and "US dollars" in notes["$2.1 billion"]
    assert "hedge 'up to'" in notes["128 missiles"]
    assert "Indian rupees" in notes["1.5 lakh crore"]
    assert "range" in notes["$500-600 million"]


def test_money_beats_a_quantity_inside_it_and_ids_run_in_text_order():
    text = "Turkey paid $2.5 billion for two S-400 batteries in 2019, and hundreds of millions of dollars more."
    df = amounts(text)
    assert list(df["text"]) == ["$2.5 billion", "two S-400 batteries", "hundreds of millions of dollars"]
    assert list(df["amount_id"]) == ["a1", "a2", "a3"]
    assert list(df["kind"]) == ["money", "quantity", "money"]


def test_sent_idx_comes_from_the_article():
    art = Article.from_text("Nothing here. Turkey bought two battalions.\n\nThen $5bn went.")
    df = amounts(art)
    assert list(df["sent_idx"]) == [1, 2]
    for r in df.itertuples():
        s = art.sentences[r.sent_idx]
        assert s.start <= r.start_char < r.end_char <= s.end


def test_entity_id_from_an_overlapping_product_mention():
    text = "Turkey wants 32 F-35 fighter jets and four Patriot batteries and two battalions."
    start = text.index("F-35")
    mentions = pd.DataFrame({
        "entity_id": ["f35", "ankara", "patriot"],
        "start_char": [start, 0, text.index("Patriot")],
        "end_char": [start + 4, 6, text.index("Patriot") + 7],
        "label": ["PRODUCT", "GPE", "PRODUCT"],
    })
    df = amounts(text, mentions)
    assert list(df["entity_id"]) == ["f35", "patriot", ""]
    assert list(amounts(text)["entity_id"]) == ["", "", ""]


def test_mentions_without_needed_columns_is_a_clear_error():
    with pytest.raises(InputError, match="label"):
        amounts("two battalions", pd.DataFrame({"entity_id": ["x"], "start_char": [0], "end_char": [3]}))


def test_table_follows_its_schema():
    df = amounts("Two battalions and $5bn.")
    assert list(df.columns) == AMOUNTS.columns
    AMOUNTS.validate(df, "amounts")
    empty = amounts("No figures at all.")
    assert list(empty.columns) == AMOUNTS.columns and empty.empty
    assert str(df["value"].dtype) == "float64" and str(df["start_char"].dtype) == "Int64"


def test_annotation_records_use_the_benchmark_shape():
    recs = annotation_records(amounts("It paid $1.85 billion for two battalions and a multibillion-dollar deal."))
    assert recs[0] == {"start": 8, "end": 21, "text": "$1.85 billion", "kind": "money", "value": 1.85e9,
                       "value_max": None, "unit": "USD", "item": None}
    assert recs[1]["unit"] == "battalion" and recs[1]["value"] == 2.0
    assert recs[2]["value"] is None


@pytest.mark.parametrize(("word", "want"), [
    ("batteries", "battery"), ("jets", "jet"), ("F-35s", "F-35"), ("S-400s", "S-400"), ("HIMARS", "HIMARS"),
    ("aircraft", "aircraft"), ("personnel", "personnel"), ("howitzers", "howitzer"), ("Patriots", "Patriot"),
    ("missiles", "missile"), ("casualties", "casualty"),
])
def test_singular(word, want):
    assert singular(word) == want


@pytest.mark.parametrize(("text", "want"), [
    ("1,500", 1500), ("2.5", 2.5), ("twenty-five", 25), ("a dozen", 12), ("half a dozen", 6),
    ("two hundred", 200), ("a hundred", 100), ("ninety", 90), ("1,50,000", 150000),
])
def test_number_value(text, want):
    assert number_value(text) == want


def test_vocabulary_tables_are_printable():
    assert CURRENCY_SIGNS["₹"] == "INR" and SCALES["crore"] == 1e7
    assert pd.DataFrame(sorted(SCALES.items()), columns=["word", "multiplier"]).shape[0] == len(SCALES)


def test_long_single_line_is_fast_enough_and_complete():
    line = "Turkey paid $2.5 billion for 32 F-35 fighter jets and four Patriot batteries. " * 1300
    df = amounts(line[:100_000])
    assert len(df) >= 3 * 1280
    assert (df["end_char"] <= 100_000).all()


_TOKENS = ["bn", "m", "k", " million", " billion", " crore", " lakh", " dollars", " euros", " jets", " F-35",
           " Patriot", " batteries", " two", " a dozen", " between", " and", " to", " of", " hundreds", "Rs",
           "US$", "EUR", " multibillion-dollar", "\n\n", "July"]
_alphabet = st.sampled_from([*"0123456789 ,.-–$€£₹¥%/:+()", *_TOKENS])


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=60).map("".join) | st.text(max_size=200))
def test_never_crashes_and_offsets_hold(text):
    try:
        art = Article.from_text(text)
    except InputError:
        return
    df = amounts(art)
    for r in df.itertuples():
        assert 0 <= r.start_char < r.end_char <= len(art.text)
        assert art.text[r.start_char : r.end_char] == r.text
        assert r.kind in ("money", "quantity")
        assert math.isnan(r.value) or r.value >= 0
    assert list(df["start_char"]) == sorted(df["start_char"])
    ends = list(df["end_char"])
    assert all(e <= s for e, s in zip(ends, list(df["start_char"])[1:], strict=False))
