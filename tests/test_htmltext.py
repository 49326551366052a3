"""kit.htmltext: the main text and metadata of real article pages, and the fallback to the kit's parser.

The four pages in tests/fixtures/page_*.html are FICTIONAL (invented outlets, people and events);
tests/fixtures/pages.json holds each one's story paragraphs, in order, and its boilerplate phrases.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kit
from kit.article import Article, load_article
from kit.htmltext import FALLBACK_NAME, extract_html
from kit.report.memo import header

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = {k: v for k, v in json.loads((FIXTURES / "pages.json").read_text(encoding="utf-8")).items()
         if not k.startswith("_")}
trafilatura = pytest.importorskip("trafilatura")
TRAFILATURA = f"trafilatura {trafilatura.__version__}"


def page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_the_four_fixture_pages_are_there():
    assert sorted(PAGES) == ["page_amp.html", "page_hostile.html", "page_news.html", "page_plain.html"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_main_text_is_the_story_in_order_and_nothing_else(name):
    art = load_article(FIXTURES / name)
    assert art.meta["extractor"] == TRAFILATURA
    assert [p.text for p in art.paragraphs] == PAGES[name]["story"]
    for phrase in PAGES[name]["boilerplate"]:
        assert phrase.lower() not in art.text.lower(), f"{name}: boilerplate {phrase!r} kept"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_metadata_is_read(name):
    art = load_article(FIXTURES / name)
    for key, value in PAGES[name]["meta"].items():
        assert art.meta.get(key) == value, key


def test_news_page_date_basis_and_language():
    art = load_article(FIXTURES / "page_news.html")
    assert art.published.isoformat() == "2025-11-04"  # datePublished, not dateModified
    assert art.meta["published_basis"] == "from the page's metadata (JSON-LD datePublished)"
    assert art.meta["language"] == "en-GB"


def test_meta_tag_date_basis():
    art = load_article(FIXTURES / "page_amp.html")
    assert art.meta["published_basis"] == "from the page's metadata (a <meta> publication-date tag)"


def test_sidecar_wins_and_drops_the_page_date_basis(tmp_path):
    target = tmp_path / "story.html"
    target.write_text(page("page_news.html"), encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(json.dumps({"title": "Desk title", "published": "2025-11-03"}),
                                              encoding="utf-8")
    art = load_article(target)
    assert art.title == "Desk title"
    assert art.meta["published"] == "2025-11-03"
    assert "published_basis" not in art.meta  # the basis described the page's date, not the sidecar's
    assert art.meta["byline"] == "Mira Tenholt"  # what the sidecar does not give still comes from the page
    assert art.meta["extractor"] == TRAFILATURA


def test_lede_in_a_teaser_box_is_kept():
    # trafilatura drops "teaser" containers as boilerplate unless favor_recall is on (its issue #164).
    html = page("page_news.html").replace('<p class="lede">', '<div class="teaser-content"><p>')
    html = html.replace("six years.</p>", "six years.</p></div>", 1)
    text, _ = extract_html(html, "teaser")
    assert text.split("\n\n")[1].startswith("Porthaven's harbour council voted nine to four")


def test_reader_comments_are_not_kept_even_in_a_second_text():
    text, meta = extract_html(page("page_news.html"), "news")
    assert "harbourwatcher" not in text and "comments" not in meta


def test_a_body_date_is_not_taken_for_the_publication_date():
    html = "<html><body><article>" + "".join(
        f"<p>On 3 March 2024 the council met again to discuss item {i} of the long agenda for the year.</p>"
        for i in range(6)) + "</article></body></html>"
    _, meta = extract_html(html, "dated-body")
    assert meta["extractor"] == TRAFILATURA
    assert "published" not in meta


# -- fallback -----------------------------------------------------------------------------------


def test_fallback_when_trafilatura_finds_nothing(monkeypatch):
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    art = Article.from_html(page("page_news.html"), source="news")
    assert art.meta["extractor"] == FALLBACK_NAME == "kit html parser"
    assert art.meta["extractor_fallback"] == "trafilatura found no main text"
    assert "Porthaven's harbour council voted" in art.text
    assert "Accept all" in art.text  # the old parser keeps everything visible
    assert art.title == "Porthaven council backs new ferry terminal"  # its <meta> reading still runs


def test_fallback_when_trafilatura_fails(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("lxml said no")

    monkeypatch.setattr(trafilatura, "bare_extraction", boom)
    text, meta = extract_html(page("page_plain.html"), "plain")
    assert meta["extractor"] == FALLBACK_NAME
    assert meta["extractor_fallback"] == "trafilatura failed (RuntimeError)"
    assert "Elmbrook library will open on Sundays" in text


def test_fallback_when_trafilatura_is_not_installed(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes `import trafilatura` raise ImportError
    art = load_article(FIXTURES / "page_amp.html")
    assert art.meta["extractor"] == FALLBACK_NAME
    assert art.meta["extractor_fallback"] == "trafilatura is not installed"
    assert art.meta["published"] == "2025-09-22"
    assert art.meta["published_basis"] == "from the page's metadata (a <meta> publication-date tag)"


def test_empty_page_is_still_a_clear_error(tmp_path):
    target = tmp_path / "empty.html"
    target.write_text("<html><head><title>x</title></head><body><nav>   </nav></body></html>", encoding="utf-8")
    with pytest.raises(kit.InputError, match="empty"):
        load_article(target)


def test_import_kit_does_not_import_trafilatura():
    code = ("import sys, kit; from kit.article import load_article; load_article(); "
            "assert 'trafilatura' not in sys.modules and 'lxml' not in sys.modules, 'imported early'; "
            "from kit.article import Article; Article.from_html('<p>Ankara moved on Monday.</p>'); "
            "assert 'trafilatura' in sys.modules")
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                            env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr


def test_trafilatura_never_fetches(monkeypatch):
    import trafilatura.downloads as downloads

    def no_network(*a, **k):
        raise AssertionError("trafilatura tried to download something")

    for name in ("fetch_url", "fetch_response", "_send_urllib_request", "_send_pycurl_request"):
        if hasattr(downloads, name):
            monkeypatch.setattr(downloads, name, no_network)
    for name in sorted(PAGES):
        assert extract_html(page(name), name)[1]["extractor"] == TRAFILATURA


# -- hostile input --------------------------------------------------------------------------------


def test_hostile_page_text_is_text_and_escaped_in_html():
    art = load_article(FIXTURES / "page_hostile.html")
    # The unclosed <svg> before the story hid the whole story from the old parser; not from trafilatura.
    assert "Kessel Dock" in art.text
    assert "<script>alert(9)</script>" in art.text  # text as written on the page, entities decoded
    assert "alert(4)" not in art.text and "alert(13)" not in art.text  # real scripts are dropped
    markup = header(art).markup
    assert "<script" not in markup.lower() and "<img" not in markup.lower()
    assert not re.search(r"<a\s[^>]*href\s*=\s*[\"']?\s*javascript:", markup, re.I)
    assert "Harbour &lt;img src=x onerror=alert(1)&gt; Herald" in markup


@pytest.mark.parametrize("name", [*sorted(PAGES), "hostile_article.html"])
def test_every_page_loads_and_analyses(name):
    dossier = kit.analyze(load_article(FIXTURES / name))
    assert dossier.has("mentions")
    for rec in dossier.tables["mentions"].to_dict("records"):
        assert dossier.article.text[rec["start_char"]:rec["end_char"]] == rec["text"]
