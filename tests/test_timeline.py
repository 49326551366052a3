"""kit.timeline: events in the text, the documented record, the date claims and the TimelineJS export."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kit
from kit import timeline
from kit.errors import DataError
from kit.export import export_timeline, to_timelinejs, write_timelinejs
from kit.extract.dates import date_mentions
from kit.extract.events import EVENTS_SCHEMA, events
from kit.paths import DATA_DIR


@pytest.fixture(scope="module")
def article():
    return kit.load_article()


@pytest.fixture(scope="module")
def record():
    return timeline.load_events()


# -- events in the text ------------------------------------------------------------------------


def test_bundled_article_events(article):
    ev = events(article)
    got = list(zip(ev.date_text, ev.category, ev.status, ev.earliest, ev.latest, strict=True))
    assert got == [
        ("nearly a decade ago", "deal", "reported", "2015-12-17", "2018-12-17"),
        ("recent meeting", "diplomacy", "reported", "2025-09-17", "2025-12-17"),
        ("since the S-400 purchase in 2017", "deal", "reported", "2017-01-01", "2017-12-31"),
        ("2019", "programme exclusion", "reported", "2019-01-01", "2019-12-31"),
        ("recent statement", "statement", "reported", "2025-09-17", "2025-12-17"),
        ("within four to six months", "forecast", "forecast", "2026-04-17", "2026-06-17"),
    ]
    assert "for years" not in set(ev.date_text)  # how long, not when
    assert list(ev.columns) == EVENTS_SCHEMA.columns
    for row in ev.itertuples():
        assert article.text[row.start_char:row.end_char] == row.trigger


def test_actors_come_from_the_entity_mentions_contract(article):
    mentions = pd.DataFrame({
        "mention_id": ["m1", "m2", "m3"], "entity_id": ["erdogan", "putin", "tom_barrack"],
        "text": ["Recep Tayyip Erdogan", "Vladimir Putin", "Tom Berk"], "label": ["PERSON"] * 3,
        "start_char": [254, 318 + 40, 1884], "end_char": [274, 372, 1892], "sent_idx": [1, 1, 9],
        "method": ["gazetteer"] * 3,
    })
    ev = events(article, mentions, date_mentions(article)).set_index("date_text")
    assert ev.loc["recent meeting", "actors"] == "erdogan|putin"
    assert ev.loc["recent statement", "actors"] == "tom_barrack"
    assert ev.loc["2019", "actors"] == ""


def test_undated_actions_are_listed_on_request(article):
    ev = events(article, undated=True)
    undated = ev[ev.earliest.isna()]
    assert len(undated) > 0
    assert ((undated.sent_idx == 6) & (undated.category == "deal") & (undated.status == "planned")).any()


def test_plain_text_and_no_dates():
    art = kit.Article.from_text("Nothing happened here at all.")
    assert events(art, mentions=pd.DataFrame(columns=["entity_id", "start_char", "sent_idx"])).empty
    art = kit.Article.from_text("Russia will deliver the systems next year, officials plan.",
                                {"published": "2025-12-17"})
    ev = events(art)
    assert (ev.category.iloc[0], ev.status.iloc[0], ev.earliest.iloc[0]) == ("delivery", "planned", "2026-01-01")


# -- the documented record ---------------------------------------------------------------------


def test_record_loads_and_covers_the_research(record):
    assert len(record) >= 52
    assert record.event_id.is_unique
    assert set(record.scope) == {"turkey", "china", "india"}
    s = record.set_index("event_id")
    assert s.loc["ev16", "start_date"] == "2019-07-17"  # suspension from the F-35 programme
    # Disagreements are recorded, not hidden.
    notes = " ".join(record.note.dropna())
    assert "11 Apr 2017" in notes and "12 Sep 2017" in notes
    assert "$900m" in notes and "$1.5bn" in notes
    assert "30 Apr" in notes and "29 Apr" in notes


def test_every_record_row_is_sourced_and_its_actors_are_known(record):
    gazetteer = set(kit.load_gazetteer().entity_id) if hasattr(kit, "load_gazetteer") else None
    for row in record.itertuples():
        assert all(u.startswith("http") for u in row.source_url.split(" ; ")), row.event_id
        if gazetteer is not None:
            unknown = set(row.actor_ids.split("|")) - gazetteer
            assert not unknown, f"{row.event_id}: {unknown} not in data/entities.csv"


def _bad(tmp_path, mutate) -> str:
    df = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    mutate(df)
    path = tmp_path / "events.csv"
    df.to_csv(path, index=False)
    with pytest.raises(DataError) as info:
        timeline.load_events(path)
    return str(info.value)


def test_end_before_start_is_caught_naming_the_row(tmp_path):
    def mutate(df):
        df.loc[4, "end_date"] = "2016-01-01"
    msg = _bad(tmp_path, mutate)
    assert "row 5" in msg and "ev05" in msg and "before start_date" in msg


def test_unknown_category_is_caught_naming_the_row(tmp_path):
    def mutate(df):
        df.loc[2, "category"] = "rumour"
    msg = _bad(tmp_path, mutate)
    assert "row 3" in msg and "category" in msg and "rumour" in msg


def test_missing_source_is_caught_naming_the_row(tmp_path):
    def mutate(df):
        df.loc[9, "source_url"] = ""
    msg = _bad(tmp_path, mutate)
    assert "row 10" in msg and "source_url" in msg


@pytest.mark.parametrize(("col", "value", "says"), [
    ("start_date", "2019-02-30", "not a real date"),
    ("start_date", "2019-13", "does not match"),
    ("date_precision", "year", "dates are given to the day"),
    ("amount_min", "9000000000", "above amount_max"),
])
def test_other_bad_rows(tmp_path, col, value, says):
    def mutate(df):
        df.loc[5, col] = value
        if col == "start_date":
            df.loc[5, "end_date"] = value
    assert says in _bad(tmp_path, mutate)


def test_add_event_validates_and_appends(record):
    new = timeline.add_event(record, start_date="2025-12-09", headline="Military sources: transfer not on the table",
                             text="Turkish military sources tell Türkiye Today that transferring the S-400s is not "
                                  "on the table.", category="statement", actor_ids="turkey|s400",
                             source_url="https://www.turkiyetoday.com/nation/erdogan-raises-s-400-return-with-putin-"
                                        "as-ankara-pursues-f-35-program-access-3211510")
    assert len(new) == len(record) + 1
    row = new.iloc[-1]
    assert (row.event_id, row.end_date, row.date_precision) == (f"ev{len(record) + 1:02d}", "2025-12-09", "day")
    with pytest.raises(DataError, match="source_url is required"):
        timeline.add_event(record, start_date="2025-12-09", headline="x", text="x", category="statement",
                           actor_ids="turkey")


def test_record_intervals(record):
    iv = timeline.record_intervals(record).set_index("event_id")
    assert (iv.loc["ev01", "earliest"], iv.loc["ev01", "latest"]) == ("2016-01-01", "2016-12-31")
    assert (iv.loc["ev26", "earliest"], iv.loc["ev26", "latest"]) == ("2021-09-30", "2021-10-31")


# -- date claims -------------------------------------------------------------------------------


def test_every_date_claim_phrase_is_a_mention_and_its_events_exist(article, record):
    claims = timeline.load_date_claims()
    texts = list(date_mentions(article).text)
    for c in claims.itertuples():
        assert texts.count(c.phrase) == 1, c.phrase
        assert set(c.record_event_ids.split("|")) <= set(record.event_id), c.claim_id


def test_compare_dates_flags_the_eluded_since_2017_claim(article):
    cmp = timeline.compare_dates(date_mentions(article)).set_index("phrase")
    row = cmp.loc["since the S-400 purchase in 2017"]
    assert (row.verdict, bool(row.fits), row.record_start) == ("contradicted", False, "2019-07-17")
    assert bool(cmp.loc["2019", "fits"]) and bool(cmp.loc["recent meeting", "fits"])


def test_documented_anchors_pin_the_statement(article):
    anchors = timeline.documented_anchors()
    assert anchors == {"recent meeting": "2025-12-12", "recent statement": "2025-12-05"}
    df = date_mentions(article, anchors=anchors).set_index("text")
    assert (df.loc["within four to six months", "earliest"], df.loc["within four to six months", "latest"]) == (
        "2026-04-05", "2026-06-05")


# -- TimelineJS --------------------------------------------------------------------------------


def _check_timelinejs(doc: dict) -> None:
    """The required fields of https://timeline.knightlab.com/docs/json-format.html."""
    assert isinstance(doc["events"], list) and doc["events"]
    assert doc["title"]["text"]["headline"]
    ids = [s["unique_id"] for s in doc["events"]]
    assert len(ids) == len(set(ids))
    for slide in doc["events"]:
        assert isinstance(slide["start_date"]["year"], int)
        for key in ("start_date", "end_date"):
            if key in slide:
                d = slide[key]
                assert set(d) <= {"year", "month", "day"}
                assert all(type(v) is int for v in d.values())
                assert 1 <= d.get("month", 1) <= 12
        assert slide["text"]["headline"]


def test_timelinejs_from_the_record_is_valid_json(record, tmp_path):
    path = write_timelinejs(record, tmp_path / "timeline.json", "Turkey, the S-400 and the F-35")
    doc = json.loads(path.read_text(encoding="utf-8"))
    _check_timelinejs(doc)
    assert len(doc["events"]) == len(record)
    slide = next(s for s in doc["events"] if s["unique_id"] == "ev17")
    assert slide["start_date"] == {"year": 2019, "month": 8, "day": 27}
    assert slide["end_date"] == {"year": 2019, "month": 9, "day": 15}
    assert slide["group"] == "delivery"
    year_only = next(s for s in doc["events"] if s["unique_id"] == "ev01")
    assert year_only["start_date"] == {"year": 2016} and "end_date" not in year_only


def test_timelinejs_from_text_tables_escapes_untrusted_text():
    art = kit.Article.from_text('<script>alert(1)</script> Turkey signed the deal on 12 Sep 2017 "& more".')
    for table in (events(art), date_mentions(art)):
        doc = to_timelinejs(table, title="<b>x</b>")
        _check_timelinejs(doc)
        blob = json.dumps(doc)
        assert "<script>" not in blob and "<b>" not in blob
        assert doc["events"][0]["start_date"] == {"year": 2017, "month": 9, "day": 12}


def test_timelinejs_skips_unresolved_rows():
    df = date_mentions("It ended on 31 February 2023 and in 2019.")
    doc = to_timelinejs(df)
    assert [s["start_date"] for s in doc["events"]] == [{"year": 2019}]


# -- exports and the CLI -------------------------------------------------------------------------


def test_export_timeline_writes_the_desk_files(article, tmp_path):
    written = {p.name for p in export_timeline(article, tmp_path, png=False)}
    assert written == {"dates.csv", "events.csv", "timeline.json", "timeline.svg", "date_claims.csv",
                       "date_claims.svg"}
    _check_timelinejs(json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8")))
    assert pd.read_csv(tmp_path / "dates.csv")["text"].tolist()[0] == "nearly a decade ago"
    assert (tmp_path / "timeline.svg").read_text(encoding="utf-8").startswith("<svg")


def test_export_for_another_article_skips_the_bundled_claims(tmp_path):
    other = kit.Article.from_text("Officials met on Tuesday. The deal was signed in 2019.", {"published": "2025-12-17"})
    written = {p.name for p in export_timeline(other, tmp_path, record=None, png=False)}
    assert written == {"dates.csv", "events.csv", "timeline.json", "timeline.svg"}
    doc = json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8"))
    assert [s["start_date"] for s in doc["events"]] == [{"year": 2025, "month": 12, "day": 16}, {"year": 2019}]


def test_lazy_names_on_kit():
    assert kit.date_mentions is date_mentions
    assert kit.load_events is timeline.load_events
    assert kit.to_timelinejs is to_timelinejs


def test_cli_timeline(tmp_path, capsys, monkeypatch):
    from kit.cli import main

    monkeypatch.setenv("COLUMNS", "200")  # wide enough that no cell wraps
    assert main(["timeline", "--documented"]) == 0
    out = capsys.readouterr().out
    assert "within four to six months" in out and "2026-04-05" in out
    assert main(["timeline", "--anchor", "recent statement=2025-12-05", "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "timeline.json").is_file()
    assert main(["timeline", "--anchor", "nonsense"]) == 2
    assert "should look like" in capsys.readouterr().err
    assert main(["timeline", "--anchor", "recent=someday"]) == 2
    assert "not an ISO date" in capsys.readouterr().err


_WORDS = ["Turkey", "signed", "the", "deal", "on", "Wednesday", "in", "2019", "will", "deliver", "within", "six",
          "months", "since", "2017", "recent", "meeting", "said", "31", "February", "2023", "sanctions", ".", ",",
          "nearly", "a", "decade", "ago", "expelled", "paid", "test", "\n\n", "next", "year", "by"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=5)), min_size=1, max_size=40),
       published=st.one_of(st.none(), st.sampled_from(["2025-12-17", "1900-01-01", "2100-12-31"])))
def test_random_text_events_and_export_never_raise(words, published):
    try:
        art = kit.Article.from_text(" ".join(words), {"published": published})
    except kit.InputError:
        return
    no_entities = pd.DataFrame(columns=["entity_id", "start_char", "sent_idx"])
    ev = events(art, no_entities, undated=True)
    for row in ev.itertuples():
        if not pd.isna(row.start_char):
            assert art.text[int(row.start_char):int(row.end_char)] == row.trigger
        assert 0 <= row.sent_idx < len(art.sentences)
    json.dumps(to_timelinejs(ev))
    json.dumps(to_timelinejs(date_mentions(art)))
