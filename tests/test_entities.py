"""kit.extract.entities: mentions, entity table, co-mentions, candidates and the highlighted article."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit import Article, load_article
from kit.errors import DataError, InputError
from kit.extract.entities import (
    CANDIDATES,
    CO_MENTIONS,
    ENTITIES,
    MENTIONS,
    candidates,
    co_mentions,
    entity_table,
    find_mentions,
    highlight_html,
    load_gazetteer,
)
from kit.extract.gazetteer import add_form, compile_gazetteer


@pytest.fixture(scope="module")
def gaz() -> pd.DataFrame:
    return load_gazetteer()


@pytest.fixture(scope="module")
def article() -> Article:
    return load_article()


@pytest.fixture(scope="module")
def mentions(article, gaz) -> pd.DataFrame:
    return find_mentions(article, gaz)


def mentions_of(text: str, gaz: pd.DataFrame) -> list[tuple[str, str]]:
    m = find_mentions(Article.from_text(text), gaz)
    return list(zip(m["text"], m["entity_id"], strict=True))


# --- the bundled article, counted by hand ----------------------------------------------------

# Counted by reading the 18 sentences (not from the code's output). Per entity:
# (total, {surface kind: count}, sentences).
EXPECTED = {
    # "Turkey" in s0 s1 s3 s5 s6 s8 s9 s14; "Ankara" in s0 s2 s7 s9 s16; "Turkish" in s2 s7 s15
    "turkey": (16, {"name": 8, "metonym": 5, "demonym": 3}, [0, 1, 2, 3, 5, 6, 7, 8, 9, 14, 15, 16]),
    # "United States" s0; "U.S." s1 s3 s5 s8 s9 s14 s16; "American" s4; "Washington" s10 s14 s17
    "usa": (12, {"name": 1, "alias": 7, "demonym": 1, "metonym": 3}, [0, 1, 3, 4, 5, 8, 9, 10, 14, 16, 17]),
    # "Russia" s0; "Moscow" s0 s7 s10 s14 s17; "Russian" s1 s3 s4 s7 s13
    "russia": (11, {"name": 1, "metonym": 5, "demonym": 5}, [0, 1, 3, 4, 7, 10, 13, 14, 17]),
    # "S-400" s0 s2 s3 s9; "S-400s" s6 s7 s15
    "s400": (7, {"name": 7}, [0, 2, 3, 6, 7, 9, 15]),
    # "F-35 Joint Strike Fighter program" s2; "F-35 program" s4 s6 s8 ("the program" in s5 is not matched)
    "f35_programme": (4, {"alias": 4}, [2, 4, 6, 8]),
    "trump": (3, {"alias": 3}, [6, 12, 16]),
    "donbas": (3, {"alias": 3}, [12, 13, 17]),
    "putin": (2, {"name": 1, "alias": 1}, [1, 12]),
    "nato": (2, {"name": 2}, [1, 3]),
    "f35": (2, {"name": 2}, [5, 14]),  # "F-35s" (the jets) in s5 and s14
    "bloomberg": (1, {"name": 1}, [1]),
    "erdogan": (1, {"alias": 1}, [1]),  # "Recep Tayyip Erdogan" (gazetteer name is spelled Erdoğan)
    # "Tom Berk" (s9) is not linked: the gazetteer lists no misnaming; kit.verify.officials finds it
    "ukraine": (1, {"name": 1}, [13]),
}


def test_entity_table_matches_hand_count(mentions, gaz):
    table = entity_table(mentions, gaz)
    assert set(table["entity_id"]) == set(EXPECTED)
    assert len(mentions) == sum(v[0] for v in EXPECTED.values()) == 65
    for row in table.to_dict("records"):
        total, kinds, sents = EXPECTED[row["entity_id"]]
        assert row["n_mentions"] == total, row["entity_id"]
        for kind in ("name", "alias", "metonym", "demonym", "misnaming"):
            assert row[f"n_{kind}"] == kinds.get(kind, 0), (row["entity_id"], kind)
        assert row["sentences"] == "|".join(map(str, sents)), row["entity_id"]
        assert row["n_sentences"] == len(sents)
        assert row["first_sent_idx"] == sents[0]


def test_entity_table_order_and_first_mention(mentions, gaz):
    table = entity_table(mentions, gaz)
    assert list(table["entity_id"][:3]) == ["turkey", "usa", "russia"]
    assert list(table["n_mentions"]) == sorted(table["n_mentions"], reverse=True)
    turkey = table.set_index("entity_id").loc["turkey"]
    assert turkey["first_start_char"] == 0
    assert turkey["surface_forms"] == "Turkey (8)|Ankara (5)|Turkish (3)"
    assert turkey["wikidata_qid"] == "Q43"


def test_every_mention_points_into_the_text(article, mentions):
    assert list(mentions.columns) == MENTIONS.columns
    for row in mentions.to_dict("records"):
        assert article.text[row["start_char"] : row["end_char"]] == row["text"]
        s = article.sentences[row["sent_idx"]]
        assert s.start <= row["start_char"] < row["end_char"] <= s.end
    assert list(mentions["mention_id"]) == [f"m{i:04d}" for i in range(1, len(mentions) + 1)]
    assert mentions["start_char"].is_monotonic_increasing


def test_metonyms_and_demonyms_stay_visible(mentions):
    ankara = mentions[mentions["text"] == "Ankara"]
    assert len(ankara) == 5
    assert set(ankara["entity_id"]) == {"turkey"} and set(ankara["surface_kind"]) == {"metonym"}
    assert ankara["note"].str.contains("place or actor").all()
    turkish = mentions[mentions["text"] == "Turkish"]
    assert set(turkish["label"]) == {"NORP"} and set(turkish["surface_kind"]) == {"demonym"}
    assert set(mentions[mentions["text"] == "Washington"]["entity_id"]) == {"usa"}


def test_tom_berk_is_not_silently_renamed(article, mentions, gaz):
    """The wrong name is not linked to Tom Barrack by the gazetteer: it stays a name to check."""
    assert mentions[mentions["text"].str.contains("Berk")].empty
    assert "tom_barrack" not in set(entity_table(mentions, gaz)["entity_id"])
    unknown = candidates(article, mentions)
    assert "Tom Berk" in set(unknown["candidate"])
    from kit.verify.officials import check_names

    found = check_names(article, mentions)
    assert found.iloc[0]["name_as_written"] == "Tom Berk" and found.iloc[0]["holder_on_date"] == "Tom Barrack"


def test_output_is_deterministic(article, gaz):
    a = find_mentions(article, gaz)
    b = find_mentions(article, gaz.copy())
    assert a.to_csv(index=False) == b.to_csv(index=False)
    assert entity_table(a, gaz).to_csv(index=False) == entity_table(b, gaz).to_csv(index=False)
    assert co_mentions(a).to_csv(index=False) == co_mentions(b).to_csv(index=False)


def test_default_gazetteer_is_the_bundled_one(article, mentions):
    assert find_mentions(article).equals(mentions)


# --- matching rules --------------------------------------------------------------------------


def test_case_matters_where_it_should(gaz):
    assert mentions_of("Let us see what the US does.", gaz) == [("US", "usa")]
    assert mentions_of("He played his trump card. Trump spoke.", gaz) == [("Trump", "trump")]
    assert mentions_of("We ate turkey in Turkey.", gaz) == [("Turkey", "turkey")]
    # headlines: ALL CAPS, and Title Case for multi-word forms
    assert mentions_of("TURKEY SEEKS TO RETURN S-400.", gaz) == [("TURKEY", "turkey"), ("S-400", "s400")]
    assert mentions_of("Back to the F-35 Program soon.", gaz) == [("F-35 Program", "f35_programme")]


def test_possessives_and_plurals(gaz):
    curly = mentions_of("Turkey’s S-400s and the F-35s’ future.", gaz)
    assert curly == [("Turkey", "turkey"), ("S-400s", "s400"), ("F-35s", "f35")]
    assert mentions_of("Turkey's move.", gaz) == [("Turkey", "turkey")]
    # only weapon systems take a plural
    assert mentions_of("Turkeys gobble.", gaz) == []


def test_whole_words_only(gaz):
    assert mentions_of("XTurkey Turkey_x S-4000 MS-400 NATOS", gaz) == []
    assert mentions_of("anti-NATO NATO-led", gaz) == [("NATO", "nato"), ("NATO", "nato")]
    assert mentions_of("the U.S.-led talks", gaz) == [("U.S.", "usa")]


def test_longest_match_wins(gaz):
    got = mentions_of("the F-35 Joint Strike Fighter program and the F-35", gaz)
    assert got == [("F-35 Joint Strike Fighter program", "f35_programme"), ("F-35", "f35")]
    assert mentions_of("The Washington Post reported.", gaz) == [("The Washington Post", "washington_post")]
    assert mentions_of("under the Countering America’s Adversaries Through Sanctions Act", gaz) == [
        ("Countering America’s Adversaries Through Sanctions Act", "caatsa")
    ]


def test_adding_an_alias_changes_the_counts(article, gaz):
    before = entity_table(find_mentions(article, gaz), gaz).set_index("entity_id")
    more = add_form(gaz, "f35_programme", "the program")
    after = entity_table(find_mentions(article, more), more).set_index("entity_id")
    assert before.loc["f35_programme", "n_mentions"] == 4
    assert after.loc["f35_programme", "n_mentions"] == 5
    assert len(gaz.loc[gaz["entity_id"] == "f35_programme", "aliases"].iloc[0].split("|")) == 7  # not mutated


def test_add_form_refuses_a_form_owned_by_another_entity(gaz):
    with pytest.raises(DataError, match=r"'Ankara' is already claimed by row \d+ \(entity_id='turkey'"):
        add_form(gaz, "russia", "Ankara", "metonyms")


def test_entity_table_can_list_unmentioned_entities(mentions, gaz):
    full = entity_table(mentions, gaz, include_unmentioned=True)
    assert len(full) == len(gaz)
    kremlin = full.set_index("entity_id").loc["kremlin"]
    assert kremlin["n_mentions"] == 0 and pd.isna(kremlin["first_sent_idx"])


def test_rejects_what_is_not_an_article(gaz):
    with pytest.raises(InputError, match="expects an Article"):
        find_mentions("Turkey", gaz)


def test_empty_results_have_the_schema(gaz):
    art = Article.from_text("Nothing to see here.")
    m = find_mentions(art, gaz)
    assert m.empty and list(m.columns) == MENTIONS.columns
    assert list(entity_table(m, gaz).columns) == ENTITIES.columns
    assert list(co_mentions(m).columns) == CO_MENTIONS.columns
    assert list(candidates(art, m).columns) == CANDIDATES.columns


# --- co-mentions -----------------------------------------------------------------------------


def test_co_mentions(mentions):
    pairs = co_mentions(mentions)
    assert (pairs["entity_a"] < pairs["entity_b"]).all()
    top = pairs.iloc[0]
    # Turkey and the US share s0 s1 s3 s5 s8 s9 s14 s16
    assert (top["entity_a"], top["entity_b"], top["n_sentences"]) == ("turkey", "usa", 8)
    assert top["sentences"] == "0|1|3|5|8|9|14|16"
    pair = pairs.set_index(["entity_a", "entity_b"]).loc[("donbas", "russia")]
    assert pair["n_sentences"] == 2 and pair["sentences"] == "13|17"
    assert list(pairs["n_sentences"]) == sorted(pairs["n_sentences"], reverse=True)


# --- candidates ------------------------------------------------------------------------------


def test_candidates_find_unknown_names_without_noise(gaz):
    text = (
        "According to Reuters, officials met Yuri Ushakov at the Milken Institute in Abu Dhabi on Friday. "
        "However, the CNN report said the Su-35 deal was off. Behind the scenes, Ushakov spoke to "
        "Presidency of Defence Industries staff. President Erdogan was there."
    )
    art = Article.from_text(text)
    cands = candidates(art, find_mentions(art, gaz))
    got = dict(zip(cands["candidate"], cands["shape"], strict=True))
    assert got == {
        "Yuri Ushakov": "name",
        "Milken Institute": "name",
        "CNN": "acronym",
        "Su-35": "code",
        "Ushakov": "word",
    }
    row = cands.set_index("candidate").loc["Yuri Ushakov"]
    assert row["n"] == 1 and "[Yuri Ushakov]" in row["context"]
    assert art.text[row["first_start_char"] : row["first_end_char"]] == "Yuri Ushakov"


def test_bundled_article_has_no_unknown_names(article, mentions):
    # The one name the gazetteer does not know is the misnamed ambassador (the name check's job).
    assert list(candidates(article, mentions)["candidate"]) == ["Tom Berk"]


def test_candidates_without_a_gazetteer_skip_sentence_starts(article):
    cands = candidates(article, MENTIONS.empty())
    names = set(cands["candidate"])
    assert {"Bloomberg", "Vladimir Putin", "NATO", "Donbass"} <= names
    for noise in ("According", "However", "Sources", "Behind", "Despite", "Yet", "Now", "The", "President"):
        assert noise not in names


# --- highlight -------------------------------------------------------------------------------

def parsed(html: str) -> tuple[set[str], list[tuple[str, str | None]]]:
    """Tags and attributes a browser would see in ``html``."""
    from html.parser import HTMLParser

    tags: set[str] = set()
    attrs: list[tuple[str, str | None]] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, a):
            tags.add(tag)
            attrs.extend(a)

    P().feed(html)
    return tags, attrs


HOSTILE = (
    "Turkey said <script>alert('x')</script> and NATO replied <img src=x onerror=alert(1)>.\n\n"
    "Then \"Ankara\" & <b>Moscow</b> <a href=\"javascript:alert(1)\">met</a>."
)


def test_highlight_escapes_every_piece_of_text(gaz):
    art = Article.from_text(HOSTILE)
    m = find_mentions(art, gaz)
    assert set(m["text"]) == {"Turkey", "NATO", "Ankara", "Moscow"}
    html = highlight_html(art, m)
    tags, attrs = parsed(html)
    assert tags <= {"div", "p", "span", "mark"}
    assert not [a for a in attrs if a[0].startswith("on") or "javascript:" in (a[1] or "")]
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<mark") == 4 and html.count("<p ") == 3  # legend + 2 paragraphs
    assert html._repr_html_() == str(html)
    assert repr(html) == "<highlighted article: 4 spans>"


def test_highlight_escapes_gazetteer_text_too(gaz):
    evil = gaz.copy()
    evil["note"] = evil["note"].astype("object")
    evil.loc[evil["entity_id"] == "tom_barrack", "note"] = '"><script>alert(1)</script>'
    evil["misnamings"] = evil["misnamings"].astype("object")
    evil.loc[evil["entity_id"] == "tom_barrack", "misnamings"] = "Tom Berk"  # a user's gazetteer may list one
    art = Article.from_text("Ambassador Tom Berk spoke.")
    html = highlight_html(art, find_mentions(art, evil))
    tags, _ = parsed(html)
    assert tags <= {"div", "p", "span", "mark"}
    assert "<script" not in html and "&quot;&gt;&lt;script&gt;" in html


def test_highlight_marks_every_mention_with_its_label(article, mentions, gaz):
    html = highlight_html(article, mentions)
    assert html.count("<mark") == len(mentions)
    assert 'data-label="NORP"' in html and ">norp · demonym</span>" in html and ">org</span>" in html
    assert ">gpe · metonym</span>" in html
    # A gazetteer that lists a misnaming still marks it with a warning (the kit's own lists none).
    misnamed = gaz.copy()
    misnamed["misnamings"] = misnamed["misnamings"].astype("object")
    misnamed.loc[misnamed["entity_id"] == "tom_barrack", "misnamings"] = "Tom Berk"
    html = highlight_html(article, find_mentions(article, misnamed))
    assert "tom_barrack · misnaming" in html and html.count("⚠") == 1


def test_highlight_refuses_mentions_from_another_article(mentions):
    other = Article.from_text("A different text that is long enough to hold offsets of the first few mentions.")
    with pytest.raises(DataError, match=r"row 1 \(mention_id='m0001'\).*another article"):
        highlight_html(other, mentions)


# --- property test ---------------------------------------------------------------------------

FORMS = compile_gazetteer().forms()
PIECES = st.one_of(
    st.sampled_from(FORMS),
    st.sampled_from([" ", "’s ", "'s ", "s", "-", ".", "\n\n", "_", "x", "É", "<", "&", "“", "0"]),
    st.text(max_size=6),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=30).map("".join)))
def test_find_mentions_never_raises_and_offsets_match(text):
    try:
        art = Article.from_text(text)
    except InputError:
        return  # empty or binary-looking text is refused before matching, with a clear error
    m = find_mentions(art)
    n = len(art.text)
    for row in m.to_dict("records"):
        assert 0 <= row["start_char"] < row["end_char"] <= n
        assert art.text[row["start_char"] : row["end_char"]] == row["text"]
        assert 0 <= row["sent_idx"] < len(art.sentences)
    assert (m["start_char"].iloc[1:].to_numpy() >= m["end_char"].iloc[:-1].to_numpy()).all()
    entity_table(m)
    co_mentions(m)
    candidates(art, m)
    highlight_html(art, m)


# --- command line ----------------------------------------------------------------------------


def test_cli_lists_entities_and_mentions():
    from click.testing import CliRunner

    from kit.cli import cli
    from kit.paths import BUNDLED_ARTICLE

    runner = CliRunner()
    result = runner.invoke(cli, ["entities", str(BUNDLED_ARTICLE)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Turkey (8), Ankara (5), Turkish (3)" in result.output  # the table lists them; --csv keeps "|"
    result = runner.invoke(cli, ["entities", str(BUNDLED_ARTICLE), "--table", "mentions", "--csv"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == ",".join(MENTIONS.columns)
    assert len(result.output.splitlines()) == 67  # 65 gazetteer mentions and NER's one, plus the header
    assert ",unlinked:tom_berk,Tom Berk,PERSON," in result.output  # the name the gazetteer does not know
    result = runner.invoke(cli, ["entities", str(BUNDLED_ARTICLE), "--table", "candidates"])
    assert result.output.strip() == "no candidates found"  # NER typed the only unknown name
