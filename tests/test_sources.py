"""Attributions, quotations and the sourcing profile: who says what, on three kinds of text.

The expected tables below were made by hand, reading each text: the bundled article (a
content-farm copy), a fictional wire story (data/samples/wire_story.txt) and a fictional opinion
column with no sources (data/samples/opinion_piece.txt).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.article import Article, load_article
from kit.errors import DataError, InputError
from kit.extract.quotemarks import scan
from kit.extract.quotes import QUOTES, quotes
from kit.extract.sources import (
    ATTRIBUTIONS,
    attributions,
    classify_source,
    load_lexicon,
    sentence_sourcing,
    sourcing_profile,
    unattributed_claims,
)
from kit.paths import DATA_DIR

SAMPLES = DATA_DIR / "samples"


@pytest.fixture(scope="module")
def article() -> Article:
    return load_article()


@pytest.fixture(scope="module")
def table(article) -> pd.DataFrame:
    return attributions(article)


def _rows(df: pd.DataFrame) -> list[tuple]:
    """(sent_idx, cue, source_text, source_type) for every attributed row."""
    real = df[df["source_type"] != "unattributed"]
    return [
        (int(r.sent_idx), r.cue, None if pd.isna(r.source_text) else r.source_text, r.source_type)
        for r in real.itertuples()
    ]


# --- the bundled article ----------------------------------------------------------------------

BUNDLED_EXPECTED = [
    (0, "reportedly", None, "anonymous_source"),
    (1, "According to", "Bloomberg", "media"),
    (2, "suggest", "Sources close to the administration", "anonymous_source"),
    (4, "warned", "The American government", "named_org"),
    (7, "suggesting", "some analysts", "anonymous_source"),
    (9, "stating", "U.S. Ambassador to Turkey Tom Berk", "named_person"),
    (13, "emphasized", "Russian officials", "anonymous_official"),
    (15, "suggest", "Sources within the Turkish government", "anonymous_official"),
]


def test_bundled_article_attributions_match_the_hand_made_list(table):
    assert _rows(table) == BUNDLED_EXPECTED


def test_bundled_article_spans_read_as_expected(article, table):
    real = table[table["source_type"] != "unattributed"]
    spans = [article.text[int(r.start_char) : int(r.end_char)] for r in real.itertuples()]
    assert spans[0] == "officials in Ankara reportedly"
    assert spans[1] == "According to Bloomberg"
    assert spans[2] == "Sources close to the administration suggest"
    assert spans[4] == "some analysts suggesting"
    assert spans[5].startswith("U.S. Ambassador to Turkey Tom Berk") and spans[5].endswith("stating")
    assert spans[7] == "Sources within the Turkish government suggest"


def test_bundled_article_contents(table):
    real = table[table["source_type"] != "unattributed"].set_index("sent_idx")
    assert real.loc[9, "content_text"] == (
        "Ankara is ‘approaching a withdrawal from S-400’ and that the issue could be resolved within four to six months"
    )
    assert real.loc[9, "quote_type"] == "direct"
    assert real.loc[1, "content_text"].startswith("President Recep Tayyip Erdogan raised the issue")
    assert real.loc[7, "content_text"] == "Moscow may be open to a deal that allows Ankara to reclaim its investment"
    assert real.loc[0, "content_text"].startswith("officials in Ankara reportedly seeking to return")


def test_hedges_and_stance(table):
    real = table[table["source_type"] != "unattributed"].set_index("sent_idx")
    assert real.loc[0, "stance"] == "hedge" and "reportedly" in real.loc[0, "hedge"]
    assert real.loc[7, "hedge"].split("|")[:2] == ["some", "suggesting"]
    assert real.loc[4, "stance"] == "emphatic"  # "warned" tells the reader how to feel
    assert real.loc[1, "stance"] == "neutral"


def test_no_anonymous_source_says_why(table):
    anon = table[table["is_anonymous"]]
    assert len(anon) == 5
    assert anon["anonymity_reason"].isna().all()


def test_unattributed_checkable_sentences_are_flagged(table):
    flagged = unattributed_claims(table)
    assert list(flagged["sent_idx"]) == [3, 5, 6, 8, 10, 12, 14, 16, 17]
    # "Behind the scenes, the geopolitical calculus is shifting." names nothing checkable.
    row11 = table[table["sent_idx"] == 11].iloc[0]
    assert row11["source_type"] == "unattributed" and not row11["checkable"]
    assert any("truce" in t for t in flagged["content_text"])


def test_every_sentence_is_accounted_for(article, table):
    assert sorted(set(table["sent_idx"])) == list(range(len(article.sentences)))


def test_sourcing_profile_of_the_bundled_article(table):
    profile = sourcing_profile(table).set_index("sourcing")
    assert list(profile.index) == ["named", "anonymous", "unattributed"]
    assert profile["n_sentences"].tolist() == [3, 5, 10]
    assert profile.loc["unattributed", "n_checkable"] == 9
    assert abs(profile["share"].sum() - 1) < 1e-3
    assert profile.loc["named", "sentences"] == "1|4|9"


def test_sourcing_profile_accepts_an_article(article, table):
    pd.testing.assert_frame_equal(sourcing_profile(article), sourcing_profile(table))


def test_sentence_sourcing(article, table):
    per = sentence_sourcing(table, article)
    assert len(per) == 18
    assert per.loc[9, "sources"] == "U.S. Ambassador to Turkey Tom Berk"
    assert per.loc[13, "sourcing"] == "anonymous"


def test_the_bundled_quote(article):
    q = quotes(article)
    assert len(q) == 1
    row = q.iloc[0]
    assert row["quote_text"] == "approaching a withdrawal from S-400"
    assert (row["open_mark"], row["close_mark"]) == ("‘", "’")
    assert row["speaker_text"] == "U.S. Ambassador to Turkey Tom Berk"
    assert row["verbatim_checkable"]
    assert article.text[int(row["start_char"]) : int(row["end_char"])] == "‘approaching a withdrawal from S-400’"


def test_apostrophes_are_not_quotes(article):
    # "Turkey’s", "Ankara’s", "Trump’s" use the same character as the closing single quote.
    assert all("’s" not in t for t in quotes(article)["quote_text"])


def test_output_is_deterministic(article):
    first = attributions(article).to_csv(index=False)
    assert attributions(article).to_csv(index=False) == first


def test_columns_follow_the_schema(table, article):
    assert list(table.columns) == ATTRIBUTIONS.columns
    assert list(quotes(article).columns) == QUOTES.columns
    ATTRIBUTIONS.validate(table, "attributions")


# --- wire copy ----------------------------------------------------------------------------------

WIRE_EXPECTED = [
    (0, "said", "officials", "anonymous_official"),
    (1, "said", "Alina Varga", "named_person"),
    (2, "told", "Varga", "named_person"),
    (3, "said", "A senior official", "anonymous_official"),
    (4, "said", "Two people familiar with the negotiations", "anonymous_source"),
    (5, "According to", "a statement from the Kestrian foreign ministry", "named_org"),
    (6, "according to", "government figures", "named_org"),
    (7, "said", "Tomas Reiner", "named_person"),
]


@pytest.fixture(scope="module")
def wire() -> Article:
    return load_article(SAMPLES / "wire_story.txt")


def test_wire_sample_is_labelled_fictional(wire):
    assert wire.meta["fictional"] is True
    assert "FICTIONAL" in wire.meta["provenance"][0]["note"]


def test_wire_story_attributions(wire):
    table = attributions(wire)
    assert _rows(table) == WIRE_EXPECTED
    by_sent = table.set_index("sent_idx")
    assert by_sent.loc[0, "content_text"].endswith("under a deal to be signed this month")
    assert by_sent.loc[1, "content_text"].startswith("the government had decided")
    assert by_sent.loc[3, "content_text"] == "the first batteries could be shipped back by March"
    assert "on condition of anonymity" in by_sent.loc[3, "anonymity_reason"]
    assert by_sent.loc[8, "source_type"] == "unattributed" and by_sent.loc[8, "checkable"]


def test_wire_story_quotes_and_speakers(wire):
    q = quotes(wire)
    assert q["speaker_text"].tolist() == [
        "Alina Varga", "Varga", "a statement from the Kestrian foreign ministry", "Tomas Reiner",
    ]
    assert q["kind"].eq("direct").all()
    assert q["verbatim_checkable"].all()


def test_wire_story_profile(wire):
    profile = sourcing_profile(attributions(wire)).set_index("sourcing")
    assert profile["n_sentences"].tolist() == [5, 3, 1]


def test_wire_style_variants():
    text = (
        "Turkey will keep the systems, Defence Minister Ali Demir said on Wednesday.\n\n"
        "A senior official said, speaking on condition of anonymity, that talks would resume.\n\n"
        "“We are not in a hurry,” said a ministry spokesman.\n\n"
        "The ministry, which oversees the programme, said it had no comment."
    )
    table = attributions(Article.from_text(text))
    assert _rows(table) == [
        (0, "said", "Defence Minister Ali Demir", "named_person"),
        (1, "said", "A senior official", "anonymous_official"),
        (2, "said", "a ministry spokesman", "anonymous_official"),
        (3, "said", "The ministry", "named_org"),
    ]
    assert table.loc[0, "content_text"] == "Turkey will keep the systems"
    assert table.loc[1, "content_text"] == "talks would resume"
    assert table.loc[2, "content_text"] == "“We are not in a hurry,”"


# --- an opinion piece with no sources -----------------------------------------------------------


def test_opinion_piece_has_no_attributions():
    art = load_article(SAMPLES / "opinion_piece.txt")
    table = attributions(art)
    assert _rows(table) == []
    assert len(table) == len(art.sentences) == 10
    assert table["source_type"].eq("unattributed").all()
    # Only one sentence names anything checkable: "The quarrel between Ankara and Washington ...".
    assert table.loc[table["checkable"], "sent_idx"].tolist() == [5]
    assert table.loc[7, "hedge"] == "perhaps"  # "Perhaps the leaders involved understand ..."
    profile = sourcing_profile(table).set_index("sourcing")
    assert profile.loc["unattributed", "share"] == 1.0
    assert len(quotes(art)) == 0


def test_member_states_is_not_a_cue():
    table = attributions("The lesson for smaller states is plain. Member states agree.")
    assert _rows(table) == []


# --- mentions -----------------------------------------------------------------------------------


def test_mentions_fill_the_entity_id_and_settle_person_vs_org(article):
    text = article.text
    start = text.find("Tom Berk")
    b = text.find("Bloomberg")
    mentions = pd.DataFrame({
        "mention_id": [0, 1],
        "entity_id": ["tom_barrack", "bloomberg"],
        "text": ["Tom Berk", "Bloomberg"],
        "label": ["PERSON", "ORG"],
        "start_char": [start, b],
        "end_char": [start + 8, b + 9],
        "sent_idx": [9, 1],
        "method": ["alias", "exact"],
    })
    table = attributions(article, mentions).set_index("sent_idx")
    assert table.loc[9, "source_entity_id"] == "tom_barrack"
    assert table.loc[1, "source_entity_id"] == "bloomberg"
    assert table.loc[1, "source_type"] == "media"
    # Anonymous sources never get an entity id, even when a place is mentioned in them.
    assert pd.isna(table.loc[15, "source_entity_id"])


def test_a_single_surname_is_a_person_when_a_mention_says_so():
    art = Article.from_text("Erdogan said the matter was closed.")
    mentions = pd.DataFrame({"entity_id": ["erdogan"], "label": ["PERSON"], "start_char": [0], "end_char": [7]})
    row = attributions(art, mentions).iloc[0]
    assert (row["source_type"], row["source_entity_id"]) == ("named_person", "erdogan")
    assert attributions(art).iloc[0]["source_type"] == "named_org"  # without mentions: a guess


def test_mentions_with_wrong_columns_are_a_clear_error(article):
    with pytest.raises(DataError, match="mentions: missing column"):
        attributions(article, pd.DataFrame({"entity": ["x"]}))


def test_classify_source_examples():
    assert classify_source("Reuters")[0] == "media"
    assert classify_source("people familiar with the matter")[0] == "anonymous_source"
    assert classify_source("Kremlin spokesman Dmitry Peskov")[0] == "named_person"
    assert classify_source("a government spokesperson")[0] == "anonymous_official"
    assert classify_source("the Velgrad Institute")[0] == "named_org"


# --- the rules are data -------------------------------------------------------------------------


def test_a_learner_can_add_a_cue(tmp_path):
    cues = (DATA_DIR / "attribution_cues.csv").read_text(encoding="utf-8")
    path = tmp_path / "cues.csv"
    path.write_text(cues + "whispered,whisper,verb,before,,hedge,A test row.\n", encoding="utf-8")
    text = "A diplomat whispered that the deal was off."
    assert _rows(attributions(text)) == []
    lex = load_lexicon(path, DATA_DIR / "source_terms.csv")
    assert _rows(attributions(text, lexicon=lex)) == [(0, "whispered", "A diplomat", "anonymous_official")]


def test_a_broken_cue_file_names_the_row(tmp_path):
    cues = (DATA_DIR / "attribution_cues.csv").read_text(encoding="utf-8")
    path = tmp_path / "cues.csv"
    path.write_text(cues + "murmured,murmur,noun,before,,neutral,\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row \d+ \(cue='murmured'\): cue_type='noun'"):
        load_lexicon(path, DATA_DIR / "source_terms.csv")


# --- bad input ----------------------------------------------------------------------------------


def test_unbalanced_quote_runs_to_the_paragraph_end():
    art = Article.from_text('He said "we will never give them back.\n\nThe next paragraph is calm.')
    q = quotes(art)
    assert len(q) == 1
    assert not q.iloc[0]["is_balanced"]
    assert q.iloc[0]["end_char"] == art.paragraphs[0].end
    assert not q.iloc[0]["verbatim_checkable"]


def test_nested_quotes():
    art = Article.from_text("“The minister told me ‘we are close’ and then left,” the aide said.")
    q = quotes(art)
    assert q["nesting_level"].tolist() == [0, 1]
    assert q["quote_text"].tolist()[1] == "we are close"
    assert q.iloc[0]["speaker_text"] == "the aide"
    assert pd.isna(q.iloc[1]["speaker_text"])  # second-hand words: not the aide's own
    assert not q.iloc[1]["verbatim_checkable"]


def test_quote_continued_over_a_paragraph_break():
    art = Article.from_text("“This is the first paragraph of a long quote.\n\n“And this is the second,” said Jane Doe.")
    q = quotes(art)
    assert len(q) == 1
    assert q.iloc[0]["spans_paragraphs"] and q.iloc[0]["is_balanced"]
    assert q.iloc[0]["speaker_text"] == "Jane Doe"


def test_stray_closing_marks_and_apostrophes():
    assert len(quotes("Nothing” happened here’ at all” today. It's the '90s, isn't it?")) == 0


def test_straight_quotes_and_guillemets():
    q = quotes("The 'truce' held, officials said. \"We won,\" he said. He said «no».")
    assert q["quote_text"].tolist() == ["truce", "We won,", "no"]
    assert q["kind"].tolist() == ["scare", "direct", "scare"]


def test_cues_inside_quotes_are_not_attributions():
    table = attributions("“They said it would never happen,” the minister told reporters.")
    assert _rows(table) == [(0, "told", "the minister", "anonymous_official")]


def test_article_with_no_attributions():
    table = attributions("The sky is blue. Water is wet.")
    assert table["source_type"].eq("unattributed").all()
    assert not table["checkable"].any()
    assert quotes("The sky is blue.").empty


def test_one_100k_character_line():
    line = ("officials said the deal was done and “quoted text here” reportedly so according to Bloomberg " * 1100)
    art = Article.from_text(line[:100_000])
    table = attributions(art)
    q = quotes(art, table)
    assert len(art.sentences) == 1
    assert len(table) > 3000 and len(q) > 1000
    assert (table["end_char"] <= len(art.text)).all()
    assert q["speaker_text"].notna().all()


def test_pathological_marks_only():
    art = Article.from_text('"' * 5_000 + "‘" * 5_000)
    assert len(attributions(art)) == 1
    quotes(art)


def test_not_an_article():
    with pytest.raises(InputError, match="expects an Article"):
        attributions(42)  # type: ignore[arg-type]


# --- properties -----------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "said", "according to", "reportedly", "suggest that", "stating that", "officials", "Bloomberg", "Tom Berk",
    "“", "”", "‘", "’", '"', "'", ",", ".", " ", "\n", "\n\n", "—", "Turkey’s", "who", "that", "(", ")", "«", "»",
    "A senior official", "sources", "X", "said,", "told reporters", "on Wednesday",
])
_TEXTS = st.lists(st.one_of(_PIECES, st.text(min_size=1, max_size=8)), min_size=1, max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_property_never_raises_and_offsets_are_in_bounds(raw):
    try:
        art = Article.from_text(raw)
    except InputError:
        return  # empty or whitespace-only text is refused by the Article, with a clear message
    text = art.text
    table = attributions(art)
    assert sorted(set(table["sent_idx"])) == list(range(len(art.sentences)))
    for r in table.itertuples():
        assert 0 <= r.start_char <= r.end_char <= len(text)
        assert 0 <= r.content_start <= r.content_end <= len(text)
        assert text[r.content_start : r.content_end] == r.content_text
        if not pd.isna(r.source_text):
            assert text[r.source_start : r.source_end] == r.source_text
            assert r.start_char <= r.source_start and r.source_end <= r.end_char
    q = quotes(art, table)
    for r in q.itertuples():
        assert 0 <= r.start_char < r.end_char <= len(text)
        assert text[r.start_char] == r.open_mark
        inner_end = r.end_char - (1 if r.is_balanced else 0)
        assert text[r.start_char + 1 : inner_end] == r.quote_text
    profile = sourcing_profile(table)
    assert profile["n_sentences"].sum() == len(art.sentences)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="“”‘’\"'«» ab\n.", max_size=60))
def test_property_quote_scanner_spans_are_nested_or_disjoint(text):
    spans = scan(text, None)
    for q in spans:
        assert 0 <= q.start < q.end <= len(text)
    for a in spans:
        for b in spans:
            if a is b:
                continue
            disjoint = a.end <= b.start or b.end <= a.start
            nested = (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)
            assert disjoint or nested


# --- charts and the command line ----------------------------------------------------------------


def test_sourcing_charts_have_title_and_description(article, table):
    from kit.charts.base import to_svg
    from kit.charts.sources import sourcing_chart, sourcing_strip

    profile_chart = sourcing_chart(sourcing_profile(table))
    strip = sourcing_strip(sentence_sourcing(table, article))
    for chart in (profile_chart, strip):
        spec = chart.to_dict()
        assert spec["title"] and spec["description"]
        assert "<desc>" in to_svg(chart)
    assert "no source 10 (56%)" in profile_chart.to_dict()["description"]
    assert "3, 5, 6, 8, 10, 12, 14, 16, 17" in strip.to_dict()["description"]


def test_cli_sources(capsys, monkeypatch):
    from kit.cli import main

    monkeypatch.setenv("COLUMNS", "200")  # wide enough that no cell wraps
    assert main(["sources", str(SAMPLES / "wire_story.txt")]) == 0
    out = capsys.readouterr().out
    assert "Two people familiar with the negotiations" in out and "NO SOURCE" in out
    assert main(["sources", "data/raw/s400_f35_article.txt", "--table", "profile", "--csv"]) == 0
    assert capsys.readouterr().out.startswith("sourcing,n_sentences,share,n_checkable,sentences\nnamed,3,")
    assert main(["sources", "no/such/file.txt"]) == 2
    assert "no/such/file.txt: no such file" in capsys.readouterr().err


def test_a_statement_that_reads_is_a_source():
    """'..., the government's statement reads.' attributes the quotation to the statement."""
    art = Article.from_text("“The agreement is a landmark for our industry,” the UK government’s statement reads.")
    row = attributions(art).iloc[0]
    assert (row["cue"], row["source_text"]) == ("reads", "the UK government’s statement")


@pytest.mark.parametrize("sentence, source", [
    ("Turkish Defence Minister Yaşar Güler in November 2024 said the kits were dropped.",
     "Turkish Defence Minister Yaşar Güler"),
    ("In March 2022 Erdogan said the issue was closed.", "Erdogan"),
    ("Officials last week said the deal was done.", "Officials"),
    ("On Wednesday the ministry said so.", "the ministry"),
    ("Earlier this month the Pentagon said so.", "the Pentagon"),
    ("A May 2019 report said so.", "A May 2019 report"),  # the date is part of the name here
])
def test_a_time_phrase_is_not_part_of_the_source(sentence, source):
    """'Güler in November 2024 said': the source is Güler; when he spoke is not who spoke."""
    assert attributions(Article.from_text(sentence))["source_text"].iloc[0] == source


def test_a_quotation_that_runs_on_keeps_its_speaker():
    """Newsroom convention: the rest of a quotation, and a new quotation right after one, are the same speaker's."""
    art = Article.from_text("“This deal is a win for our workers,” Prime Minister Keir Starmer said. “It binds two "
                            "ends of Europe together.” “We will build the jets here. They will fly by 2030,” the "
                            "defence minister said. “Nobody asked us,” one resident complained. The plant employs "
                            "5,000 people.")
    table = attributions(art).set_index("sent_idx")
    assert table.loc[1, "source_text"] == "Prime Minister Keir Starmer"  # a new quotation after an attributed one
    assert table.loc[1, "resolved_from"] == "the quotation continues" and pd.isna(table.loc[1, "cue"])
    assert table.loc[2, "source_text"] == "the defence minister"  # runs on into the sentence with the cue
    assert table.loc[5, "source_type"] == "unattributed"  # not a quotation: no speaker carried over
    profile = sourcing_profile(table.reset_index(), art).set_index("sourcing")
    assert profile.loc["unattributed", "n_sentences"] == 2  # the resident's words (no cue) and the last sentence


def test_a_lone_quotation_with_no_speaker_near_it_stays_unattributed():
    art = Article.from_text("The plant employs 5,000 people. “Nobody asked us.” The vote is on Monday.")
    assert set(attributions(art)["source_type"]) == {"unattributed"}
