"""The editor's report page: bounded for long articles, and readable (names, words, links, a headline).

A long article's page must stay within 2 x its text + 300 KB (issue #17) and say what it left out; the
tables show names and words, not ids or label codes; every export is a link; an untitled article gets a
headline (issue #16, "Editors"). One test builds a real report of a ~360 KB article with ``kit report``'s
``build_report``; the others test the section builders on the analysis directly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kit
from kit import Article, load_article
from kit.corpus.synth import long_text
from kit.highlight import highlight
from kit.report import memo, sections

LONG_KB = 360


@pytest.fixture(scope="module")
def bundled() -> kit.Dossier:
    return kit.analyze(load_article(), events=True, claims=True)


@pytest.fixture(scope="module")
def medium() -> kit.Dossier:
    """About 60 KB: long enough to be cut (tables, chart, annotated text), quick to analyse."""
    return kit.analyze(Article.from_text(long_text(60_000), {"published": "2025-12-17"}, source="source/long.txt"))


def _visible(markup: str) -> str:
    """The text a reader sees (tags and attributes dropped)."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", markup, flags=re.S))


def _html(pieces: list) -> str:
    return "".join(str(p) for p in pieces if isinstance(p, memo.Html))


# ---------------------------------------------------------------------------------------------
# Bounded size
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_long_article_report_stays_within_twice_the_text_plus_300_kb(tmp_path):
    from kit.report.build import build_report

    text = long_text(LONG_KB * 1000)
    article = tmp_path / "long.txt"
    article.write_text(text, encoding="utf-8")
    # A publication date resolves "last year", "on Tuesday": many more date expressions reach the chart.
    (tmp_path / "long.meta.json").write_text('{"published": "2025-12-17"}', encoding="utf-8")
    result = build_report(article, tmp_path / "out", timeout=1800)
    folder = tmp_path / "out" / result.slug
    page = (folder / "report.html").read_text(encoding="utf-8")
    n_text = len(text.encode("utf-8"))
    assert len(page.encode("utf-8")) <= 2 * n_text + 300_000, f"{len(page):,} bytes for {n_text:,} of text"
    # ... and it says what it left out, with links to the files that hold the rest
    assert "The article is long, so it is shortened here" in page
    assert re.search(r"Left out: [\d,]+ of [\d,]+ marked mentions", page)
    assert re.search(r'more rows \([\d,]+ in all\) in <a href="entities\.csv">entities\.csv</a>', page)
    assert "different date expressions" in page
    hrefs = re.findall(r'<a href="([^":]+)">', page)  # relative links only (http links have a colon)
    assert "mentions.csv" in hrefs and "source/long.txt" in hrefs
    for href in hrefs:
        assert (folder / href).is_file(), f"{href} is linked but not in the report folder"
    listed = re.search(r'<ul class="kit-files">(.*?)</ul>', page, re.S)
    assert listed and listed.group(1).count("<a href=") == listed.group(1).count("<li>") > 10


def test_long_tables_name_and_link_the_csv_with_the_rest(medium):
    markup = _html(sections.entities(medium, top_n=5, exports="."))
    n = len(medium.entities)
    assert f"… and {n - 5:,} more rows ({n:,} in all) in <a href=\"entities.csv\">entities.csv</a>." in markup
    unlinked = _html(sections.entities(medium, top_n=5))  # no exports written: named, not linked
    assert "in entities.csv (written when output_dir is set)" in unlinked and "<a href" not in unlinked
    verify = _html(sections.verify(medium, top_n=3, exports="out dir"))
    assert 'in <a href="out%20dir/findings.csv">findings.csv</a> (rows with kind = unsourced_claim).' in verify


def test_the_timeline_chart_draws_a_bounded_number_of_lanes(medium):
    pieces = sections.timeline(medium, top_n=5)
    spec = next(p for p in pieces if not isinstance(p, memo.Html)).spec
    lanes = {row["lane"] for row in spec["data"]["values"] if row["kind"] == "in the article"}
    assert len(lanes) <= sections.CHART_DATES < medium.dates["text"].nunique()
    assert "The chart: draws the first" in _html(pieces) and "dates.csv" in _html(pieces)


def test_the_annotated_text_is_capped_and_says_what_it_left_out(medium):
    note, collapsed = sections.annotated(medium, exports=".", max_chars=8_000)
    mentions = len(medium.mentions)
    shown = re.search(r"([\d,]+) of ([\d,]+) characters", str(note))
    assert shown and int(shown.group(1).replace(",", "")) < 12_000
    assert f"of {mentions:,} marked mentions" in str(note) and '<a href="source/long.txt">long.txt</a>' in str(note)
    assert len(str(collapsed)) < 60_000 < len(str(kit.extract.entities.highlight_html(medium.article)))
    assert "paragraphs left out …]" in str(collapsed)


def test_capped_highlight_counts_every_span_and_keeps_flagged_ones(medium):
    article, mentions = medium.article, medium.mentions
    warn = mentions.assign(_warn=[i % 97 == 50 for i in range(len(mentions))])  # a few flagged, far apart
    marked = highlight(article, warn, warn="_warn", max_chars=5_000, compact=True)
    assert marked.capped and marked.n_spans + marked.n_left_out + marked.n_dropped == len(mentions)
    flagged_later = int(warn["_warn"][warn["start_char"] >= 5_000].sum())
    assert marked.n_warned_later == min(flagged_later, 20) > 0
    assert str(marked).count("kit-warn") >= marked.n_warned_later
    full = highlight(article, warn, warn="_warn")
    assert not full.capped and full.n_left_out == 0 and full.n_chars_shown == len(article.text)


def test_a_cell_longer_than_the_limit_is_cut_and_says_so():
    import pandas as pd

    markup = memo.table(pd.DataFrame({"text": ["word " * 1000]}), max_cell=100).markup
    assert "[… 4,9" in markup and "more characters]" in markup and len(markup) < 600


# ---------------------------------------------------------------------------------------------
# What editors read
# ---------------------------------------------------------------------------------------------


def test_tables_show_names_not_ids(bundled):
    markup = _html(sections.verify(bundled)) + _html(sections.timeline(bundled))
    assert "Tom Barrack" in markup
    for raw in ("tom_barrack", "turkey, russia", "s400", "f35_programme"):
        assert raw not in markup, raw


def test_the_annotated_text_shows_labels_in_words_and_names_on_hover(bundled):
    (collapsed,) = sections.annotated(bundled)
    seen = _visible(str(collapsed))
    assert "country/city" in seen and "organisation" in seen
    for code in ("GPE", "ORG", "NORP", "gpe", "org"):
        assert not re.search(rf"\b{code}\b", seen), code
    assert 'title="Turkey · metonym' in str(collapsed) and 'title="turkey' not in str(collapsed)
    # the name the verification flags is marked in the text, with the evidence on hover
    assert re.search(r'<mark class="k-PERSON kit-warn" title="Tom Berk · the US ambassador[^"]*Barrack', str(collapsed))
    assert "⚠ Tom Berk<small>person · misnaming</small>" in str(collapsed)


def test_why_anonymous_is_filled_or_left_out(bundled):
    markup = _html(sections.sourcing(bundled))
    table = re.search(r"<caption>Attributions</caption>.*?</table>", markup, re.S).group(0)
    assert "why anonymous" in table
    rows = re.findall(r"<tr><td.*?</tr>", table)
    anonymous = [r for r in rows if "anonymous" in r]
    assert anonymous and all(sections.NO_REASON in r for r in anonymous)
    assert "named organisation" in table and "named org<" not in table  # source types in words too
    wire = kit.analyze(load_article(kit.paths.data_path("samples", "wire_story.txt")))
    named_only = wire.attributions[wire.attributions["is_anonymous"].fillna(False).astype(bool)]
    if len(named_only) == 0:  # no anonymous source: the column would be empty, so it is not there
        assert "why anonymous" not in _html(sections.sourcing(wire))


def test_an_untitled_article_gets_a_headline_and_says_it_had_none():
    art = Article.from_text("Ankara is weighing a return of the S-400 systems it bought from Moscow in 2017, "
                            "officials said on Tuesday. Nothing else was said.", {"source_file": "story.txt"})
    head = memo.header(art)
    assert "untitled article" not in head.markup
    first = "“Ankara is weighing a return of the S-400 systems it bought from Moscow in 2017, officials …”"
    assert f"<h1>Newsroom memo: {first}</h1>" in head.markup
    assert "the article has no title" in head.text and "23 words, 2 sentences, 1 paragraph" in head.text
    titled = Article.from_text("Turkey said so.", {"title": "Turkey <b>weighs</b> S-400 return"})
    assert "<h1>Newsroom memo: Turkey &lt;b&gt;weighs&lt;/b&gt; S-400 return</h1>" in memo.header(titled).markup
    assert "no title" not in memo.header(titled).markup


def test_the_exports_list_links_every_file(bundled, tmp_path):
    out = tmp_path / "exports"
    listed = memo.export(bundled, str(out)).markup
    hrefs = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', listed)
    assert len(hrefs) == listed.count("<li>") > 10
    for href, name in hrefs:
        assert href == name and not Path(href).is_absolute() and (out / href).is_file()
    assert memo.export_href("exports", "a b.csv") == "exports/a b.csv"
    assert memo.link_file('x"<y>.csv', 'x"<y>.csv') == '<a href="x%22%3Cy%3E.csv">x&quot;&lt;y&gt;.csv</a>'
