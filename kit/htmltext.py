"""Main text and metadata of a real article page: trafilatura first, the kit's own parser as fallback.

Real pages carry navigation, cookie banners, "Related" boxes and comment sections around the story.
:func:`extract_html` hands the HTML string to `trafilatura <https://trafilatura.readthedocs.io>`_,
which keeps the story's paragraphs and reads title, author, date and site name from JSON-LD and
``<meta>`` tags. When trafilatura is missing, fails, or finds no text, the kit's own parser
(:func:`kit.article.html_to_text`: every visible text, blocks as paragraphs) runs instead.
``meta["extractor"]`` says which one ran.

trafilatura is given a string only: no URL, so it never downloads anything. It is imported on the
first call, never on ``import kit``. Its choices here, and why:

* ``include_comments=False``: its default (True) keeps the reader comments as a second text.
* ``favor_recall=True``: without it a lede inside a ``teaser``-class box is dropped as boilerplate
  (trafilatura issue #164), so the story would lose its first paragraph.
* ``include_tables=True`` (rows become ``a | b | c`` paragraphs), no links, images or formatting.
* dates: htmldate with ``original_date=True`` (published, not modified) and
  ``extensive_search=False``, so a date is taken from the page's markup, never guessed from a date
  that happens to appear in the story's text.
* AMP ad, share and sidebar elements are pruned first (trafilatura keeps an ``amp-ad``'s
  "Advertisement" fallback text as a paragraph).

All text returned is plain, unescaped text (``&lt;script&gt;`` in the page becomes ``<script>``);
whatever shows it as HTML must escape it, as the kit's report does.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import re
from typing import Any

#: What ``meta["extractor"]`` says when the kit's own parser ran.
FALLBACK_NAME = "kit html parser"

# AMP furniture trafilatura would otherwise keep ("Advertisement", share-button labels).
_PRUNE = ["//amp-ad", "//amp-embed", "//amp-sticky-ad", "//amp-consent", "//amp-social-share", "//amp-sidebar"]
_JSONLD = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)
# Inline elements of trafilatura's XML; any other child element starts a new block.
_INLINE = {"hi", "ref", "lb", "del", "graphic"}


def extract_html(html: str, source: str = "<string>") -> tuple[str, dict[str, Any]]:
    """The main text of an HTML page (paragraphs split by a blank line) and the metadata found in it.

    Metadata keys: ``title``, ``byline``, ``outlet``, ``published`` (ISO date) with
    ``published_basis``, ``url``, ``language`` where found, and always ``extractor``
    ("trafilatura X.Y.Z" or "kit html parser"; ``extractor_fallback`` then says why).
    ``source`` names the page in log messages only.
    """
    from kit.article import html_to_text

    # The kit's parser is cheap; its <meta>/<title>/<html lang> findings fill what trafilatura misses.
    plain_text, plain_meta = html_to_text(html)
    if plain_meta.get("published"):
        plain_meta["published_basis"] = "from the page's metadata (a <meta> publication-date tag)"
    try:
        text, meta = _trafilatura(html)
    except ImportError:
        reason = "trafilatura is not installed"
    except Exception as exc:  # any failure of the library means: use the fallback
        logging.getLogger(__name__).info("trafilatura failed on %s: %r", source, exc)
        reason = f"trafilatura failed ({type(exc).__name__})"
    else:
        if text.strip():
            return text, {**plain_meta, **meta}
        reason = "trafilatura found no main text"
    return plain_text, {**plain_meta, "extractor": FALLBACK_NAME, "extractor_fallback": reason}


def _trafilatura(html: str) -> tuple[str, dict[str, Any]]:
    """Run trafilatura on the string (no URL: nothing is fetched); ("", {...}) when it finds nothing."""
    import trafilatura

    # The library logs "discarding data" warnings; keep them out of notebooks (no stderr fallback).
    logger = logging.getLogger("trafilatura")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    meta: dict[str, Any] = {"extractor": f"trafilatura {trafilatura.__version__}"}
    if not html.strip():
        return "", meta
    doc = trafilatura.bare_extraction(
        html,
        url=None,
        with_metadata=True,
        include_comments=False,
        favor_recall=True,
        include_tables=True,
        include_links=False,
        include_images=False,
        include_formatting=False,
        date_extraction_params={"original_date": True, "extensive_search": False},
        prune_xpath=_PRUNE,
    )
    if doc is None or doc.body is None:
        return "", meta
    text = "\n\n".join(_blocks(doc.body))
    for key, attr in (("title", "title"), ("byline", "author"), ("outlet", "sitename"), ("url", "url"),
                      ("language", "language")):
        value = getattr(doc, attr, None)
        if isinstance(value, str) and value.strip():
            meta[key] = " ".join(value.split())
    published = _iso_date(getattr(doc, "date", None))
    if published:
        meta["published"] = published
        meta["published_basis"] = _date_basis(html, published)
    return text, meta


def _blocks(body: Any) -> list[str]:
    """Paragraph texts of trafilatura's XML body, in order: p, head, list items, table rows, quotes."""
    for lb in body.iter("lb"):  # a line break inside a paragraph is a space, not a glued word
        lb.tail = " " + (lb.tail or "")
    out: list[str] = []

    def flat(el: Any) -> str:
        return " ".join("".join(el.itertext()).split())

    def walk(el: Any) -> None:
        if el.tag == "row":
            cells = [flat(c) for c in el]
            out.append(" | ".join(c for c in cells if c))
            return
        blocky = [c for c in el if isinstance(c.tag, str) and c.tag not in _INLINE]
        if not blocky:
            out.append(flat(el))
            return
        if el.text and el.text.strip():
            out.append(" ".join(el.text.split()))
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail and child.tail.strip():
                out.append(" ".join(child.tail.split()))

    walk(body)
    return [b for b in out if b]


def _iso_date(value: Any) -> str | None:
    """``value`` as ``YYYY-MM-DD`` when it starts with a valid ISO date, else None."""
    if not isinstance(value, str):
        return None
    try:
        return _dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def _date_basis(html: str, published: str) -> str:
    """Say where on the page the publication date was read."""
    for block in _JSONLD.findall(html):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        if published in _json_ld_dates(data):
            return "from the page's metadata (JSON-LD datePublished)"
    if re.search(r"<meta[^>]+(?:article:published_time|datePublished|pubdate|publish[-_]?date|name=[\"']?date\b)"
                 r"[^>]+" + re.escape(published), html, re.I):
        return "from the page's metadata (a <meta> publication-date tag)"
    return "from the page's markup (read by htmldate through trafilatura: a <time> element or similar)"


def _json_ld_dates(data: Any) -> set[str]:
    """Every ``datePublished`` (as YYYY-MM-DD) anywhere in a JSON-LD value."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "datePublished" and (day := _iso_date(value)):
                found.add(day)
            else:
                found |= _json_ld_dates(value)
    elif isinstance(data, list):
        for item in data:
            found |= _json_ld_dates(item)
    return found
