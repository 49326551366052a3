"""The Article model: loading, normalisation, paragraphs and sentences with offsets, bad input."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.article import Article, count_words, load_article, normalise
from kit.errors import InputError
from kit.paths import BUNDLED_ARTICLE, RAW_DIR


@pytest.fixture(scope="module")
def article() -> Article:
    return load_article()


def test_bundled_article_bytes_are_unchanged():
    seed = Path(__file__).resolve().parents[2] / "shared" / "seed" / "s400_f35_article.txt"
    if not seed.exists():
        pytest.skip("../shared/seed is not beside the repository")
    assert BUNDLED_ARTICLE.read_bytes() == seed.read_bytes()


def test_bundled_article_structure(article):
    # 19 non-empty lines in the raw file; "U.S." alone on a line is a hard wrap, so 18 paragraphs.
    assert len(article.paragraphs) == 18
    assert len(article.sentences) == 18
    assert article.word_count == 553


def test_us_line_break_is_joined_into_one_sentence(article):
    ambassador = [s.text for s in article.sentences if "Tom Berk" in s.text]
    assert len(ambassador) == 1
    assert ambassador[0].startswith("U.S. Ambassador to Turkey Tom Berk, in a recent statement")


def test_us_abbreviation_mid_sentence_does_not_split(article):
    sentence = next(s.text for s in article.sentences if s.text.startswith("According to Bloomberg"))
    assert sentence.endswith("with NATO and the U.S. for years.")


def test_quotes_are_preserved_exactly(article):
    assert "‘approaching a withdrawal from S-400’" in article.text
    assert "Turkey’s" in article.text


def test_offsets_point_into_text(article):
    for span in (*article.paragraphs, *article.sentences):
        assert article.text[span.start : span.end] == span.text
    for i, s in enumerate(article.sentences):
        assert article.sentence_index(s.start) == i
        assert article.sentence_index(s.end - 1) == i


def test_sentences_stay_inside_their_paragraph(article):
    for s, p_idx in zip(article.sentences, article.sentence_paragraph, strict=True):
        para = article.paragraphs[p_idx]
        assert para.start <= s.start and s.end <= para.end


def test_frames_have_documented_columns(article):
    sents = article.sentences_frame()
    assert list(sents.columns) == ["sent_idx", "para_idx", "start_char", "end_char", "n_words", "text"]
    assert sents["n_words"].sum() == article.word_count
    paras = article.paragraphs_frame()
    assert list(paras.columns) == ["para_idx", "start_char", "end_char", "n_sentences", "n_words", "text"]
    assert paras["n_sentences"].sum() == len(article.sentences)


def test_metadata_sidecar_is_read(article):
    assert article.meta["published"] == "2025-12-17"
    assert article.title is None
    assert article.meta["url"] == "https://goldengatedaily.com/?p=25951"
    assert all("note" in p for p in article.meta["provenance"])
    assert str(article.published) == "2025-12-17"


def test_article_is_immutable(article):
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.text = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        article.meta["title"] = "changed"  # type: ignore[index]


def test_repr_holds_no_machine_path(article):
    assert str(Path.home()) not in repr(article)
    assert repr(article).startswith("<Article 'data/raw/s400_f35_article.txt'")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Gen. Jones. They spoke.", ["Mr. Smith met Gen. Jones.", "They spoke."]),
        ("He left the U.S. The talks ended.", ["He left the U.S.", "The talks ended."]),
        ("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."]),
        ('He said “no.” Then he left.', ["He said “no.”", "Then he left."]),
        ("Is it over? Yes! Done.", ["Is it over?", "Yes!", "Done."]),
        ("J. Smith arrived on Jan. 5 in Ankara.", ["J. Smith arrived on Jan. 5 in Ankara."]),
        ("Talks e.g. on jets went on. Fine.", ["Talks e.g. on jets went on.", "Fine."]),
    ],
)
def test_sentence_splitting(text, expected):
    assert [s.text for s in Article.from_text(text).sentences] == expected


def test_hard_wrapped_paragraphs_with_blank_lines_are_joined():
    text = "First line of a\nwrapped paragraph.\n\nSecond\nparagraph here."
    art = Article.from_text(text)
    assert [p.text for p in art.paragraphs] == [
        "First line of a wrapped paragraph.",
        "Second paragraph here.",
    ]


def test_normalise_is_nfc_and_lf():
    assert normalise("Cafe\u0301\r\nline") == "Café line"


def test_word_count_keeps_hyphenated_names_whole():
    assert count_words("S-400 and F-35s, Turkey’s U.S. deal") == 6


# -- loading formats ------------------------------------------------------------------------------


def test_html_is_stripped_and_metadata_read(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<html lang='en'><head><title>Turkey weighs S-400 return</title>"
        "<meta property='article:published_time' content='2025-12-17T10:00:00Z'>"
        "<script>alert('x')</script><style>p{}</style></head>"
        "<body><p>First &amp; foremost, Ankara moved.</p><p>Moscow <b>denied</b> it.</p></body></html>",
        encoding="utf-8",
    )
    art = load_article(page)
    assert art.title == "Turkey weighs S-400 return"
    assert art.meta["published"] == "2025-12-17"
    assert [p.text for p in art.paragraphs] == ["First & foremost, Ankara moved.", "Moscow denied it."]
    assert "alert" not in art.text


def test_markdown_title_and_links(tmp_path):
    md = tmp_path / "story.md"
    md.write_text("# A headline\n\nSee [the report](https://example.org) today.\n", encoding="utf-8")
    art = load_article(md)
    assert art.title == "A headline"
    assert art.text == "See the report today."


def test_meta_argument_overrides_sidecar():
    art = load_article(meta={"title": "Given title"})
    assert art.title == "Given title"
    assert art.meta["published"] == "2025-12-17"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Ankara’s move.".encode("utf-8-sig"), "Ankara’s move."),
        ("Ankara’s move.".encode("utf-16"), "Ankara’s move."),
        ("Ankara’s move.".encode("utf-16-be").join([b"\xfe\xff", b""]), "Ankara’s move."),
    ],
)
def test_accepted_encodings(tmp_path, data, expected):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert load_article(path).text == expected


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\n  ", "empty"),
        (b"abc\x00\x01\x02def", "NUL bytes"),
        (b"caf\xe9 latte", "not valid UTF-8 (byte 0xe9 at offset 3)"),
    ],
)
def test_bad_content_gives_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_article(path)
    assert message in str(err.value)
    assert "bad.txt" in str(err.value)


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        load_article(tmp_path)


def test_size_limit_is_checked_before_reading_and_overridable(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Word. " * 2000, encoding="utf-8")
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        load_article(path, max_bytes=1000)
    assert load_article(path, max_bytes=20_000).word_count == 2000


def test_bad_sidecar(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Text.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"a.meta.json.*not valid JSON"):
        load_article(path)
    (tmp_path / "a.meta.json").write_text('{"published": "17/12/2025"}', encoding="utf-8")
    with pytest.raises(InputError, match="ISO date"):
        load_article(path)


def test_non_string_text():
    with pytest.raises(InputError, match="must be a string"):
        Article.from_text(b"bytes")  # type: ignore[arg-type]


def test_raw_dir_holds_only_the_seed_and_its_sidecar():
    assert sorted(p.name for p in RAW_DIR.iterdir()) == [
        "s400_f35_article.meta.json",
        "s400_f35_article.txt",
    ]


# -- properties ---------------------------------------------------------------------------------

_texty = st.text(
    alphabet=st.sampled_from(list("abcXYZ .!?\n\"'“”‘’U.S-4019 ,;:\t")), min_size=1, max_size=300
)


@settings(max_examples=300, deadline=None)
@given(_texty)
def test_any_text_splits_with_valid_offsets(text):
    try:
        art = Article.from_text(text)
    except InputError:
        assert not text.strip() or not normalise(text).strip()
        return
    assert art.paragraphs and art.sentences
    for span in (*art.paragraphs, *art.sentences):
        assert 0 <= span.start < span.end <= len(art.text)
        assert art.text[span.start : span.end] == span.text
        assert span.text == span.text.strip()
    starts = [s.start for s in art.sentences]
    assert starts == sorted(starts)
