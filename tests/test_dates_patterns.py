"""kit.extract.dates: one table per pattern family (tense, ranges, parts, seasons, offsets, non-dates, datelines)."""

from __future__ import annotations

import pandas as pd
import pytest

import kit
from kit.extract.dates import ANCHOR_BASES, DATES_SCHEMA, date_mentions, rules_frame

PUB = "2025-12-17"  # a Wednesday


def _found(text: str, published: str | None = PUB) -> list[tuple]:
    df = date_mentions(text, published=published)
    return [(r.text, None if pd.isna(r.earliest) else r.earliest, None if pd.isna(r.latest) else r.latest)
            for r in df.itertuples()]


def _check(text: str, mention: str, earliest: str | None, latest: str | None) -> None:
    got = {t: (e, lt) for t, e, lt in _found(text)}
    assert mention in got, got
    assert got[mention] == (earliest, latest), (mention, got[mention])


@pytest.mark.parametrize(("text", "mention", "earliest", "latest"), [
    # cues at the start of a sentence are cues too
    ("In June, Ankara told officials it was ready.", "June", "2025-06-01", "2025-06-30"),
    ("By July the work will end.", "By July", PUB, "2026-07-31"),
    ("Last Friday they met.", "Last Friday", "2025-12-12", "2025-12-12"),
    ("Next Monday they meet.", "Next Monday", "2025-12-22", "2025-12-22"),
    ("Since January, orders have grown.", "Since January", "2025-01-01", PUB),
])
def test_cues_are_case_insensitive(text, mention, earliest, latest):
    _check(text, mention, earliest, latest)


@pytest.mark.parametrize(("text", "mention", "earliest", "latest"), [
    # forward: will / next / by / until / scheduled -> the next one
    ("The jets will arrive in March.", "March", "2026-03-01", "2026-03-31"),
    ("The summit is scheduled for June 28.", "June 28", "2026-06-28", "2026-06-28"),
    ("The work ends by the end of July.", "by the end of July", PUB, "2026-07-31"),
    ("The forum runs until December 20.", "until December 20", PUB, "2025-12-20"),
    ("Hopes dimmed for the next summit in July.", "July", "2026-07-01", "2026-07-31"),
    ("Deliveries begin in May next year.", "May next year", "2026-05-01", "2026-05-31"),
    # back: past tense -> the last one
    ("The council had in March cleared the plan.", "March", "2025-03-01", "2025-03-31"),
    ("Officials visited the plant in May.", "May", "2025-05-01", "2025-05-31"),
    ("The sanctions, imposed on Dec. 20, hurt.", "Dec. 20", "2024-12-20", "2024-12-20"),
    ("Since February last year, prices rose.", "Since February last year", "2024-02-01", PUB),
    # no tense word: the nearest one
    ("A decision in January.", "January", "2026-01-01", "2026-01-31"),
])
def test_a_month_without_a_year_follows_the_tense(text, mention, earliest, latest):
    _check(text, mention, earliest, latest)


@pytest.mark.parametrize(("text", "mention", "earliest", "latest"), [
    ("Crews will train from July 12-25.", "July 12-25", "2026-07-12", "2026-07-25"),
    ("Crews will train 12-25 July.", "12-25 July", "2026-07-12", "2026-07-25"),
    ("Crews trained July 12 to 25.", "July 12 to 25", "2025-07-12", "2025-07-25"),
    ("The summit is scheduled for June 28-30.", "June 28-30", "2026-06-28", "2026-06-30"),
    ("Talks on 9–10 December 2025.", "9–10 December 2025", "2025-12-09", "2025-12-10"),
])
def test_day_ranges(text, mention, earliest, latest):
    _check(text, mention, earliest, latest)


@pytest.mark.parametrize(("text", "mention", "earliest", "latest"), [
    ("At the end of November, he spoke.", "the end of November", "2025-11-21", "2025-11-30"),
    ("Ankara has until the end of July.", "until the end of July", PUB, "2026-07-31"),
    ("It will open early next year.", "early next year", "2026-01-01", "2026-04-30"),
    ("It slipped to late last year.", "late last year", "2024-09-01", "2024-12-31"),
    ("Tests in mid-2026.", "mid-2026", "2026-05-01", "2026-08-31"),
    ("It comes in the fourth quarter of this year.", "the fourth quarter of this year", "2025-10-01", "2025-12-31"),
    ("Output fell in the first quarter of 2024.", "the first quarter of 2024", "2024-01-01", "2024-03-31"),
    ("Boats arrive in the early 2030s.", "the early 2030s", "2030-01-01", "2033-12-31"),
    ("Boats arrive early next decade.", "early next decade", "2030-01-01", "2033-12-31"),
    ("Jets arrive around the end of the decade.", "the end of the decade", "2028-01-01", "2030-12-31"),
    ("Deliveries begin in fiscal year 2025.", "fiscal year 2025", "2024-10-01", "2025-09-30"),
])
def test_parts_of_months_years_and_decades(text, mention, earliest, latest):
    _check(text, mention, earliest, latest)


@pytest.mark.parametrize(("text", "mention", "earliest", "latest"), [
    ("Talks could conclude within weeks.", "within weeks", PUB, "2026-02-11"),
    ("A reply is due within days.", "within days", PUB, "2025-12-24"),
    ("They applied last spring.", "last spring", "2025-03-01", "2025-05-31"),
    ("They met the minister in the fall.", "in the fall", "2025-09-01", "2025-11-30"),
    ("Ukraine needs it now, not next winter.", "next winter", "2026-12-01", "2027-02-28"),
    ("He said over the weekend that it was over.", "over the weekend", "2025-12-13", "2025-12-14"),
    ("The vote came days after the raid.", "days after", "2025-12-10", "2025-12-16"),
    # counted from the day the sentence reports, when it names one
    ("The Tuesday vote came days after the raid.", "days after", "2025-12-09", "2025-12-15"),
    ("Officials said on Wednesday, a day after the drills ended.", "a day after", "2025-12-16", "2025-12-16"),
    ("A day earlier, the president spoke.", "A day earlier", "2025-12-16", "2025-12-16"),
    ("The pledge came on the eve of Friday's meeting.", "on the eve of", "2025-12-18", "2025-12-18"),
    ("This year it was radars; the year before, it was jets.", "the year before", "2024-01-01", "2024-12-31"),
    ("I would refrain from comment for now.", "for now", PUB, PUB),
    ("This afternoon, the minister speaks.", "This afternoon", PUB, PUB),
    ("We have a hard stop at 3:30, so be brief.", "at 3:30", PUB, PUB),
])
def test_relative_phrases(text, mention, earliest, latest):
    _check(text, mention, earliest, latest)


@pytest.mark.parametrize(("text", "mention"), [
    ("On the eve of Mr Austin's visit, a senator wrote.", "On the eve of"),
    ("Nowadays, media reports are unreliable.", "Nowadays"),
    ("Earlier, the newspaper reported a deal.", "Earlier"),
    ("Moscow, notwithstanding recent differences, is a partner.", "recent"),
])
def test_expressions_kept_but_left_unresolved(text, mention):
    _check(text, mention, None, None)


@pytest.mark.parametrize("text", [
    "a decade-long program",
    "The decade-long dispute goes on.",
    "the F-16 Block 70 standard",
    "Su-30MKI jets and the S-400 system",
    "the 2+2 talks",
    "Mirage 2000 fighters and 1,250 tanks",
    "2000 troops said Moscow may agree to buy 1500 missiles.",
    "The plant will open a year earlier than planned.",
    "He took part in the march on Sunday's anniversary, the March of the Living.",
])
def test_never_a_date(text):
    got = [t for t, _, _ in _found(text) if "Sunday" not in t]
    assert got == []


def test_dateline_anchors_when_there_is_no_publication_date():
    art = kit.Article.from_text("MOSCOW, August 26, 2021 (Reuters) - Officials met on Wednesday and will meet "
                                "again next week.")
    df = date_mentions(art).set_index("text")
    row = df.loc["on Wednesday"]
    assert (row.earliest, row.anchor, row.anchor_basis) == ("2021-08-25", "2021-08-26", "dateline")
    assert "dateline" in row.note
    assert df.loc["next week", "earliest"] == "2021-08-30"


def test_dateline_without_a_year_takes_the_first_full_date():
    art = kit.Article.from_text("MOSCOW, August 26. /TASS/. The deal signed on 25 August 2021 ends by next year.")
    row = date_mentions(art).set_index("text").loc["by next year"]
    assert (row.earliest, row.latest, row.anchor_basis) == ("2021-08-26", "2022-12-31", "dateline")
    assert "year taken from the first full date" in row.note


def test_publication_date_still_wins_over_the_dateline():
    art = kit.Article.from_text("MOSCOW, August 26, 2021 (Reuters) - Officials met on Wednesday.",
                                {"published": "2021-09-01"})
    row = date_mentions(art).iloc[-1]
    assert row.anchor_basis == "publication" and row.earliest == "2021-09-01"


def test_the_schema_names_every_anchor_basis():
    field = next(f for f in DATES_SCHEMA.fields if f.name == "anchor_basis")
    assert "dateline" in ANCHOR_BASES
    for basis in ANCHOR_BASES:
        assert basis in field.description


def test_every_rule_prints_an_example_and_a_reading():
    rules = rules_frame()
    assert {"season", "weekend", "offset", "eve", "day_range_rel", "decade_rel", "month_rel_year"} <= set(rules.rule)
    assert (rules.reading != "").all() and (rules.example != "").all()
    # every example of the new rules is found by the table (a learner can try each one)
    new = {"season", "weekend", "offset", "eve", "unit_before", "now", "unresolved", "clock", "fiscal_year",
           "decade_part", "decade_rel", "recent_adjective", "month_bare", "month_rel_year", "day_range_rel",
           "within_days", "within_weeks", "within_months"}
    for example in rules[rules.rule.isin(new)].example:
        assert not date_mentions(example, published=PUB).empty, example
