"""kit.extract.dates: date expressions found, resolved to intervals, and explained; bad input never crashes."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kit
from kit.errors import InputError, ParameterError
from kit.extract.dates import DATES_SCHEMA, date_mentions, fuzzy_frame, rules_frame

PUB = "2025-12-17"  # a Wednesday

# The bundled article, checked by hand: (text, sent_idx, kind, earliest, latest, precision, anchor, anchor_basis)
EXPECTED_DEFAULT = [
    ("nearly a decade ago", 0, "vague", "2015-12-17", "2018-12-17", "decade", PUB, "publication"),
    ("recent meeting", 1, "vague", "2025-09-17", "2025-12-17", "month", PUB, "publication"),
    ("for years", 1, "duration", "2015-12-17", "2025-12-17", "decade", PUB, "publication"),
    ("since the S-400 purchase in 2017", 2, "duration", "2017-01-01", "2025-12-17", "year", PUB, "publication"),
    ("2019", 5, "absolute", "2019-01-01", "2019-12-31", "year", None, "none"),
    ("recent statement", 9, "vague", "2025-09-17", "2025-12-17", "month", PUB, "publication"),
    ("within four to six months", 9, "duration", "2026-04-17", "2026-06-17", "month", PUB, "publication"),
]
# With the documented date of the ambassador's remark (5 Dec 2025, Abu Dhabi) pinned to "recent statement".
EXPECTED_ANCHORED = {
    "recent statement": ("2025-12-05", "2025-12-05", "day", "2025-12-05", "given"),
    "within four to six months": ("2026-04-05", "2026-06-05", "month", "2025-12-05", "statement"),
}


@pytest.fixture(scope="module")
def article():
    return kit.load_article()


def _rows(df: pd.DataFrame) -> list[tuple]:
    cols = ["text", "sent_idx", "kind", "earliest", "latest", "precision", "anchor", "anchor_basis"]
    return [tuple(None if pd.isna(v) else v for v in row) for row in df[cols].itertuples(index=False)]


def test_bundled_article_matches_the_hand_made_table(article):
    df = date_mentions(article)
    assert _rows(df) == EXPECTED_DEFAULT
    for row in df.itertuples():
        assert article.text[row.start_char:row.end_char] == row.text
    assert list(df.date_id) == [f"d{i}" for i in range(1, len(df) + 1)]
    assert list(df.columns) == DATES_SCHEMA.columns


def test_four_to_six_months_hangs_from_the_statement_when_its_date_is_known(article):
    df = date_mentions(article, anchors={"Recent Statement": "2025-12-05"}).set_index("text")
    for text, (lo, hi, precision, anchor, basis) in EXPECTED_ANCHORED.items():
        row = df.loc[text]
        assert (row.earliest, row.latest, row.precision, row.anchor, row.anchor_basis) == (lo, hi, precision,
                                                                                          anchor, basis)
    assert "pinned to 2025-12-05" in df.loc["recent statement", "note"]
    assert "anchored on the statement" in df.loc["within four to six months", "note"]
    # Everything else is unchanged.
    assert df.loc["nearly a decade ago", "earliest"] == "2015-12-17"


def test_without_statement_date_the_note_says_publication_was_used(article):
    note = date_mentions(article).set_index("text").loc["within four to six months", "note"]
    assert "anchored on publication" in note


def test_unknown_publication_date_leaves_relative_dates_unresolved(article):
    bare = kit.Article.from_text(article.text)
    df = date_mentions(bare).set_index("text")
    assert pd.isna(df.loc["nearly a decade ago", "earliest"])
    assert "publication date, which is unknown" in df.loc["nearly a decade ago", "note"]
    assert df.loc["2019", "earliest"] == "2019-01-01"  # absolute dates still resolve
    assert pd.isna(df.loc["since the S-400 purchase in 2017", "latest"])
    assert df.loc["since the S-400 purchase in 2017", "earliest"] == "2017-01-01"


def test_published_override_moves_relative_dates(article):
    df = date_mentions(article, published="2026-12-17").set_index("text")
    assert df.loc["nearly a decade ago", "earliest"] == "2016-12-17"


def _one(text: str, published: str | None = PUB, **kw) -> dict:
    df = date_mentions(text, published=published, **kw)
    assert len(df) == 1, df[["text", "rule"]]
    return df.iloc[0].to_dict()


@pytest.mark.parametrize(
    ("text", "mention", "earliest", "latest", "precision"),
    [
        ("Signed on 12 Sep 2017.", "12 Sep 2017", "2017-09-12", "2017-09-12", "day"),
        ("Reported Dec. 17, 2025.", "Dec. 17, 2025", "2025-12-17", "2025-12-17", "day"),
        ("On Wednesday, December 17th, 2025 he spoke.", "Wednesday, December 17th, 2025", "2025-12-17",
         "2025-12-17", "day"),
        ("Dated 2025-12-05 in the file.", "2025-12-05", "2025-12-05", "2025-12-05", "day"),
        ("Delivered in July 2019.", "July 2019", "2019-07-01", "2019-07-31", "month"),
        ("Expelled in 2019.", "2019", "2019-01-01", "2019-12-31", "year"),
        ("Officials met on Wednesday.", "on Wednesday", "2025-12-17", "2025-12-17", "day"),
        ("Officials met on Friday.", "on Friday", "2025-12-12", "2025-12-12", "day"),
        ("Officials will meet on Friday.", "on Friday", "2025-12-19", "2025-12-19", "day"),
        ("It happened three years ago.", "three years ago", "2022-01-01", "2022-12-31", "year"),
        ("It happened last year.", "last year", "2024-01-01", "2024-12-31", "year"),
        ("It will happen next year.", "next year", "2026-01-01", "2026-12-31", "year"),
        ("Done by the end of the year.", "by the end of the year", "2025-12-17", "2025-12-31", "month"),
        ("Turkey bought it nearly a decade ago.", "nearly a decade ago", "2015-12-17", "2018-12-17", "decade"),
        ("Resolved within four to six months.", "within four to six months", "2026-04-17", "2026-06-17", "month"),
        ("Resolved within six months.", "within six months", "2025-12-17", "2026-06-17", "month"),
        ("A recent visit.", "recent visit", "2025-09-17", "2025-12-17", "month"),
        ("Talks on 9–10 December 2025.", "9–10 December 2025", "2025-12-09", "2025-12-10", "day"),
        ("Delivered 27 August – 15 September 2019.", "27 August – 15 September 2019", "2019-08-27",
         "2019-09-15", "day"),
        ("Strained since 2017.", "since 2017", "2017-01-01", "2025-12-17", "year"),
        ("Tests in mid-2019.", "mid-2019", "2019-05-01", "2019-08-31", "month"),
        ("Bought in the 1990s.", "the 1990s", "1990-01-01", "1999-12-31", "decade"),
    ],
)
def test_common_news_expressions(text, mention, earliest, latest, precision):
    row = _one(text)
    assert (row["text"], row["earliest"], row["latest"], row["precision"]) == (mention, earliest, latest, precision)
    assert row["note"]


def test_kinds():
    df = date_mentions("In 2019, last year, for years, nearly a decade ago, within six months.", published=PUB)
    assert dict(zip(df.text, df.kind, strict=True)) == {
        "2019": "absolute", "last year": "relative", "for years": "duration",
        "nearly a decade ago": "vague", "within six months": "duration",
    }


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("On 31 February 2023 it began.", "no day 31"),
        ("Filed 2020-13-01.", "month 13"),
        ("Filed 13/13/2020.", "can be a month"),
        ("Due on 12 March 3025.", "outside 1900-2100"),
        ("Signed on 5 May 1850.", "outside 1900-2100"),
    ],
)
def test_impossible_and_out_of_range_dates_are_kept_with_a_note(text, says):
    row = _one(text)
    assert row["earliest"] is None or pd.isna(row["earliest"])
    assert says in row["note"]


def test_backwards_range_is_read_in_order_with_a_note():
    row = _one("It ran between 2017 and 2015.")
    assert (row["earliest"], row["latest"]) == ("2015-01-01", "2017-12-31")
    assert "backwards" in row["note"]


def test_two_digit_year_and_ambiguous_numeric_date():
    row = _one("Filed Dec. 5, '19.")
    assert row["earliest"] == "2019-12-05" and "two-digit year" in row["note"]
    row = _one("Filed 12/05/2025.")
    assert (row["earliest"], row["latest"]) == ("2025-05-12", "2025-12-05") and "ambiguous" in row["note"]


def test_wrong_weekday_is_noted():
    row = _one("Monday, December 17, 2025")
    assert "was a Wednesday" in row["note"]


def test_counts_and_modal_may_are_not_dates():
    assert date_mentions("2000 troops said Moscow may agree to buy 1500 missiles.", published=PUB).empty


def test_bad_arguments():
    with pytest.raises(ParameterError, match="not an ISO date"):
        date_mentions("in 2019", anchors={"recent": "yesterday"})
    with pytest.raises(InputError):
        date_mentions(42)  # type: ignore[arg-type]


def test_rule_tables_are_printable():
    rules = rules_frame()
    assert {"ago", "ahead", "weekday", "full_date"} <= set(rules.rule)
    assert (rules.reading != "").all()
    fuzzy = fuzzy_frame()
    assert "nearly N" in set(fuzzy.phrase)


def test_output_is_deterministic(article):
    a = date_mentions(article).to_csv(index=False)
    assert a == date_mentions(article).to_csv(index=False)


_WORDS = st.sampled_from([
    "on", "Wednesday", "last", "next", "year", "month", "ago", "nearly", "a", "decade", "within", "four", "to",
    "six", "months", "since", "2017", "2019", "December", "31", "February", "13/13/2020", "'19", "by", "the",
    "end", "of", "between", "and", "2015", "recent", "statement", "9–10", "May", "9999", "1850", "-", "–",
    "years", "for", "several", ",", ".", "\n\n", "about", "in", "12/05/25", "2025-02-30", "Sept.", "17th",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.one_of(_WORDS, st.text(min_size=1, max_size=6)), min_size=1, max_size=40),
    published=st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))),
)
def test_random_text_never_raises_and_offsets_are_in_bounds(words, published):
    text = " ".join(words)
    try:
        art = kit.Article.from_text(text, {"published": published.isoformat() if published else None})
    except InputError:
        return
    df = date_mentions(art)
    for row in df.itertuples():
        assert 0 <= row.start_char < row.end_char <= len(art.text)
        assert art.text[row.start_char:row.end_char] == row.text
        if not pd.isna(row.earliest) and not pd.isna(row.latest):
            assert row.earliest <= row.latest


@pytest.mark.parametrize("sentence, phrase, earliest", [
    ("It is the biggest fighter jet deal in almost 20 years.", "in almost 20 years", "2005-10-27"),
    ("It was the first visit by a Turkish leader in over a decade.", "in over a decade", "2010-10-27"),
    ("Exports fell to their lowest level in five years.", "in five years", "2020-10-27"),
])
def test_in_after_a_superlative_looks_back(sentence, phrase, earliest):
    """'The biggest deal in 20 years' is the period up to publication, not a deadline 20 years ahead."""
    art = kit.Article.from_text(sentence, {"published": "2025-10-27"})
    row = date_mentions(art).set_index("text").loc[phrase]
    assert (str(row["earliest"]), str(row["latest"]), row["direction"]) == (earliest, "2025-10-27", "ongoing")


def test_in_without_a_superlative_still_looks_ahead():
    art = kit.Article.from_text("Sales will end in 20 years.", {"published": "2025-10-27"})
    row = date_mentions(art).iloc[0]
    assert row["direction"] == "future" and str(row["earliest"]) == "2045-01-01"
