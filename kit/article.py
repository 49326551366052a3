"""The Article: one news text, normalised, split into paragraphs and sentences with offsets.

Everything later in the kit (mentions, dates, attributions, claims) points back into
``Article.text`` by ``(start_char, end_char)``, so any row can be shown in context.

Load from a file (``.txt``, ``.md``, ``.html``) with :func:`load_article`, or from a string with
:meth:`Article.from_text`. Untrusted input is checked before it is read: missing paths,
directories, empty text, binary content, undecodable bytes and oversized files each raise an
:class:`~kit.errors.InputError` that names the file and the problem.
"""

from __future__ import annotations

import datetime as _dt
import errno
import json
import os
import re
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kit.errors import InputError
from kit.labels import ARTICLE_FORMATS, ARTICLE_SUFFIXES
from kit.paths import BUNDLED_ARTICLE, display_path

if TYPE_CHECKING:
    import pandas as pd

#: Default size limit for one article, in bytes (override with ``max_bytes=``).
MAX_BYTES = 5_000_000

#: Metadata keys the kit understands (a sidecar may hold more; they are kept as they are).
META_KEYS = ("title", "outlet", "byline", "published", "url", "language", "provenance")

# Abbreviations after which a full stop never ends a sentence.
_NEVER_END = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "cmdr",
    "sen", "rep", "gov", "pres", "amb", "rev", "hon", "st", "mt", "ft", "jr", "sr", "vs", "etc",
    "inc", "corp", "ltd", "co", "dept", "est", "approx", "e.g", "i.e", "cf",
}
# Abbreviations that do not end a sentence when a number follows ("No. 5", "Jan. 12").
_BEFORE_NUMBER = {
    "no", "nos", "fig", "p", "pp", "art", "vol",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
# Dotted abbreviations that may end a sentence (they do only when a sentence-starter follows).
_DOTTED = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
# Words that usually start a sentence; after "U.S." they mark a boundary.
_STARTERS = {
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "i", "you", "but", "and", "yet", "so", "however", "meanwhile", "in", "on", "at", "for",
    "after", "before", "while", "when", "if", "as", "there", "his", "her", "their", "our",
    "despite", "now", "still", "also", "officials", "both", "some", "many", "most",
}
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
# A candidate boundary: a run of terminal punctuation, optional closing quotes/brackets, then
# whitespace and more text. Only the run is matched by a regex (each run once, so linear); closers
# and whitespace are checked by index in _boundaries, never by a lookahead that backtracks.
_TERMINAL_RUN = re.compile(r"[.!?…]+")
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?", re.UNICODE)
_TERMINAL = tuple(".!?…:;" + _CLOSERS)


@dataclass(frozen=True)
class Span:
    """A stretch of ``Article.text``: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """An immutable article: normalised text, metadata and offset-based structure.

    Attributes:
        text: NFC-normalised text, paragraphs separated by a blank line; quotes kept as written.
        meta: read-only metadata (title, outlet, byline, published, url, language, provenance).
        source: a short name for where the text came from (a repo-relative path or ``<string>``).
        paragraphs: one :class:`Span` per paragraph.
        sentences: one :class:`Span` per sentence (never crossing a paragraph).
    """

    text: str
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    source: str = "<string>"
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    sentence_paragraph: tuple[int, ...] = ()

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_text(
        cls, text: str, meta: Mapping[str, Any] | None = None, source: str = "<string>"
    ) -> Article:
        """Build an Article from raw text: normalise, then split paragraphs and sentences."""
        if not isinstance(text, str):
            raise InputError(source, f"article text must be a string, not {type(text).__name__}")
        if "\x00" in text:
            raise InputError(source, "text contains NUL bytes: this looks like a binary file")
        norm = normalise(text)
        if not norm.strip():
            raise InputError(source, "the article is empty (no text after removing whitespace)")
        paragraphs = split_paragraphs(norm)
        sentences: list[Span] = []
        owners: list[int] = []
        for p_idx, para in enumerate(paragraphs):
            for s in split_sentences(para.text, offset=para.start):
                sentences.append(s)
                owners.append(p_idx)
        return cls(
            text=norm,
            meta=MappingProxyType(clean_meta(as_meta(meta, source), source)),
            source=source,
            paragraphs=tuple(paragraphs),
            sentences=tuple(sentences),
            sentence_paragraph=tuple(owners),
        )

    @classmethod
    def from_html(
        cls, html: str, meta: Mapping[str, Any] | None = None, source: str = "<string>"
    ) -> Article:
        """Build an Article from HTML: the page's main text (see :mod:`kit.htmltext`), not its boilerplate.

        Title, byline, outlet and date found on the page (JSON-LD, ``<meta>``, ``<title>``) fill
        what ``meta`` does not give; ``meta["extractor"]`` says which extractor ran.
        """
        if not isinstance(html, str):
            raise InputError(source, f"article HTML must be a string, not {type(html).__name__}")
        from kit.htmltext import extract_html

        text, found = extract_html(html, source)
        given = as_meta(meta, source)
        if "published" in given:  # the page's date basis does not describe a date given elsewhere
            found.pop("published_basis", None)
        merged = {**found, **given, "extractor": found["extractor"]}
        return cls.from_text(text, merged, source)

    # -- derived views -------------------------------------------------------------------------
    @property
    def word_count(self) -> int:
        """Number of words in the article (hyphenated words such as "S-400" count once)."""
        return count_words(self.text)

    @property
    def title(self) -> str | None:
        """The title from metadata, if known."""
        return self.meta.get("title")

    @property
    def published(self) -> _dt.date | None:
        """Publication date from metadata as a ``date``, or None when unknown."""
        value = self.meta.get("published")
        return _dt.date.fromisoformat(value[:10]) if value else None

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence holding character ``offset`` (-1 if it falls between sentences)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return -1

    def context(self, start: int, end: int, width: int = 60) -> str:
        """The span ``text[start:end]`` with up to ``width`` characters either side, on one line."""
        left = self.text[max(0, start - width) : start]
        right = self.text[end : end + width]
        return " ".join(f"{left}[{self.text[start:end]}]{right}".split())

    def paragraphs_frame(self) -> pd.DataFrame:
        """One row per paragraph: para_idx, start_char, end_char, n_sentences, n_words, text."""
        import pandas as pd

        counts = [self.sentence_paragraph.count(i) for i in range(len(self.paragraphs))]
        return pd.DataFrame(
            {
                "para_idx": range(len(self.paragraphs)),
                "start_char": [p.start for p in self.paragraphs],
                "end_char": [p.end for p in self.paragraphs],
                "n_sentences": counts,
                "n_words": [count_words(p.text) for p in self.paragraphs],
                "text": [p.text for p in self.paragraphs],
            }
        )

    def sentences_frame(self) -> pd.DataFrame:
        """One row per sentence: sent_idx, para_idx, start_char, end_char, n_words, text."""
        import pandas as pd

        return pd.DataFrame(
            {
                "sent_idx": range(len(self.sentences)),
                "para_idx": list(self.sentence_paragraph),
                "start_char": [s.start for s in self.sentences],
                "end_char": [s.end for s in self.sentences],
                "n_words": [count_words(s.text) for s in self.sentences],
                "text": [s.text for s in self.sentences],
            }
        )

    def summary(self) -> dict[str, Any]:
        """A small dict for display: source, title, outlet, published and counts."""
        return {
            "source": self.source,
            "title": self.meta.get("title"),
            "outlet": self.meta.get("outlet"),
            "published": self.meta.get("published"),
            "paragraphs": len(self.paragraphs),
            "sentences": len(self.sentences),
            "words": self.word_count,
            "characters": len(self.text),
        }

    def __repr__(self) -> str:
        title = self.meta.get("title") or "untitled"
        return (
            f"<Article {self.source!r} ({title}): {len(self.paragraphs)} paragraphs, "
            f"{len(self.sentences)} sentences, {self.word_count} words>"
        )


# ---------------------------------------------------------------------------------------------
# Loading files
# ---------------------------------------------------------------------------------------------


def load_article(
    path: str | Path | None = None,
    meta: Mapping[str, Any] | None = None,
    *,
    meta_path: str | Path | None = None,
    max_bytes: int = MAX_BYTES,
) -> Article:
    """Load an article file (``.txt``, ``.md``, ``.html``/``.htm``); default: the bundled one.

    Metadata comes from a JSON sidecar (``<name>.meta.json`` beside the file, or ``meta_path``),
    then ``meta`` overrides it key by key.
    """
    p = as_path(path, "article path") if path is not None else BUNDLED_ARTICLE
    name = display_path(p)
    meta = as_meta(meta, name)
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise InputError(name, f"max_bytes must be a whole number of bytes, 1 or more, not {max_bytes!r}")
    regular_file(p)  # missing, a folder, a FIFO or a device: say so before anything else
    check_suffix(p)
    raw = read_bytes(p, max_bytes=max_bytes)
    text = decode(raw, name)
    sidecar = as_path(meta_path, "metadata path") if meta_path is not None else sidecar_path(p)
    found: dict[str, Any] = {}
    if meta_path is not None or _exists(sidecar):
        found = read_meta(sidecar)
    found.update(meta)
    fmt = article_format(p, found.pop("article_format", None), name)
    if fmt == "html":
        return Article.from_html(text, found, name)
    if fmt == "markdown":
        text, md_meta = markdown_to_text(text)
        found = {**md_meta, **found}
    return Article.from_text(text, found, name)


def article_format(path: Path, declared: Any, source: str) -> str:
    """How to read ``path``: ``text``, ``markdown`` or ``html``, from its suffix or its metadata.

    Metadata may say ``"article_format": "html"`` for a ``.txt`` file: that is how ``kit report``
    keeps an HTML article's copy inert (``source/story.html.txt``) and still reads it as HTML.
    """
    if declared is None:
        return ARTICLE_FORMATS[path.suffix.lower()]
    if declared not in set(ARTICLE_FORMATS.values()):
        kinds = ", ".join(sorted(set(ARTICLE_FORMATS.values())))
        raise InputError(source, f"metadata 'article_format' must be one of {kinds}, not {declared!r}")
    return str(declared)


def as_path(value: Any, what: str = "path") -> Path:
    """``value`` as a :class:`Path`; InputError for anything that is not a text path (bytes, numbers...)."""
    if isinstance(value, Path):
        return value
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, str):
        if "\x00" in value:
            raise InputError(repr(value), f"the {what} contains a NUL character")
        return Path(value)
    if isinstance(value, (bytes, bytearray)):
        raise InputError(repr(bytes(value))[:80], f"the {what} must be text (str or Path), not bytes; decode it first")
    raise InputError(repr(value)[:80], f"the {what} must be a str or Path, not {type(value).__name__}")


def as_meta(meta: Any, source: str) -> dict[str, Any]:
    """``meta`` as a plain dict; InputError when it is not a mapping (a list, a string...)."""
    if meta is None:
        return {}
    if not isinstance(meta, Mapping):
        raise InputError(source, f"metadata must be a mapping (a dict of key: value), not {type(meta).__name__}")
    return dict(meta)


def check_suffix(path: Path) -> Path:
    """InputError unless the file type is one the kit reads (the same list for `kit read` and `kit report`)."""
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise InputError(display_path(path), f"unsupported file type {path.suffix or '(none)'}; "
                                             f"use {', '.join(ARTICLE_SUFFIXES)}")
    return path


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, RuntimeError, ValueError):
        return True  # let read_meta report the problem


def sidecar_path(path: Path) -> Path:
    """The metadata sidecar for an article file: ``article.txt`` -> ``article.meta.json``."""
    return path.with_name(path.stem + ".meta.json")


def _too_big(name: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        name,
        f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
        "(pass a larger max_bytes / --max-bytes if this is really one article)",
    )


def _kind(mode: int) -> str:
    for test, what in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a regular file"


def regular_file(path: Path) -> tuple[Path, os.stat_result]:
    """The resolved path and its ``stat`` when ``path`` is a regular file; else an InputError saying why."""
    path = as_path(path)
    name = display_path(path)
    try:
        real = path.resolve()
        st = os.stat(real)
    except RuntimeError:  # Python < 3.13: a symlink loop
        raise InputError(name, "cannot be resolved: a symbolic link loop") from None
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(name, "cannot be resolved: a symbolic link loop") from None
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(name, "is a directory, not an article file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(name, f"is {_kind(st.st_mode)}, not a regular file; only regular files are read")
    return real, st


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a file's bytes after checking it exists, is a regular file and is not over ``max_bytes``.

    Symbolic links are resolved first (a loop is an InputError); FIFOs, devices and sockets are
    refused before they are opened (they would hang or never end), and at most ``max_bytes + 1``
    bytes are ever read, so a file that grows while it is read cannot exhaust memory.
    """
    path = as_path(path)
    name = display_path(path)
    real, st = regular_file(path)
    if st.st_size > max_bytes:
        raise _too_big(name, st.st_size, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else since the check
            raise InputError(name, "is not a regular file; only regular files are read")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise _too_big(name, len(data), max_bytes)
    return data


def decode(raw: bytes, name: str = "<bytes>") -> str:
    """Decode article bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM; else a clear error."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(name, f"has a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason})") from None
        problem = _not_utf16_text(raw[2:], text)
        if problem:
            raise InputError(name, f"has a UTF-16 byte-order mark but is not valid UTF-16 text ({problem})")
        return text
    if b"\x00" in raw:
        raise InputError(name, "contains NUL bytes: this looks like a binary file, not article text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex()
        raise InputError(
            name,
            f"is not valid UTF-8 (byte 0x{bad} at offset {exc.start}); tried UTF-8 with or without "
            "BOM and UTF-16 with a BOM; re-save the file as UTF-8",
        ) from exc


_ASCII_TEXT = bytes([9, 10, 13, *range(32, 127)])


def _not_utf16_text(payload: bytes, text: str) -> str | None:
    """Why bytes after a UTF-16 byte-order mark are not text (None when they look like text)."""
    if payload and not payload.translate(None, _ASCII_TEXT):
        return "the bytes after the mark are plain 8-bit text, not 2-byte characters"
    for ch in sorted(set(text)):
        cat = unicodedata.category(ch)
        if (cat == "Cc" and ch not in "\t\n\r\f\v") or cat in ("Cs", "Cn", "Co") or ch == "\ufffd":
            return f"it decodes to U+{ord(ch):04X}, which is not a character of text"
    return None


def read_meta(path: Path) -> dict[str, Any]:
    """Read a metadata sidecar (a JSON object); errors name the file and the problem."""
    path = as_path(path, "metadata path")
    name = display_path(path)
    if not _exists(path):
        raise InputError(name, "metadata file not found")
    try:
        data = json.loads(decode(read_bytes(path, max_bytes=1_000_000), name))
    except json.JSONDecodeError as exc:
        raise InputError(name, f"is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(data, dict):
        raise InputError(name, "metadata must be a JSON object")
    return data


def clean_meta(meta: dict[str, Any], source: str) -> dict[str, Any]:
    """Check the metadata the kit relies on: ``published`` must be an ISO date (or empty)."""
    published = meta.get("published")
    if published in ("", None):
        meta["published"] = None
    else:
        if isinstance(published, (_dt.date, _dt.datetime)):
            published = published.isoformat()
        try:
            _dt.date.fromisoformat(str(published)[:10])
        except ValueError as exc:
            raise InputError(
                source, f"metadata 'published' must be an ISO date like 2025-12-17, not {published!r}"
            ) from exc
        meta["published"] = str(published)[:10]
    return meta


# ---------------------------------------------------------------------------------------------
# Text normalisation and splitting
# ---------------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """NFC, LF line ends, no trailing spaces, hard wraps joined, paragraphs split by a blank line.

    A line break inside a sentence (such as ``U.S.`` alone on a line before ``Ambassador to``)
    is a hard wrap and is joined with a space; quotation marks are kept exactly as written.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    blocks = re.split(r"\n[ \t]*\n", text)
    has_blank_separators = len([b for b in blocks if b.strip()]) > 1
    paragraphs: list[str] = []
    for block in blocks:
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if has_blank_separators:
            # Blank lines separate paragraphs, so every single newline is a soft wrap.
            paragraphs.append(" ".join(lines))
            continue
        current = lines[0]
        for line in lines[1:]:
            if _is_hard_wrap(current, line):
                current = f"{current} {line}"
            else:
                paragraphs.append(current)
                current = line
        paragraphs.append(current)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def _is_hard_wrap(line: str, following: str) -> bool:
    """True when ``line`` does not end its sentence, so the next line continues it."""
    if not line.endswith(_TERMINAL):
        return True
    last = line.split()[-1]
    if _DOTTED.search(last) or last.rstrip(".").lower() in _NEVER_END:
        first = following.split()[0].strip(_OPENERS).lower()
        return first not in _STARTERS
    return False


def split_paragraphs(text: str) -> list[Span]:
    """Paragraph spans of normalised text (separated by blank lines)."""
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        spans.append(Span(m.start(), m.end(), m.group()))
    return spans


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentence spans of one paragraph, with offsets shifted by ``offset``.

    A boundary is terminal punctuation (plus closing quotes) followed by space, unless the word
    before it is an abbreviation ("Mr.", "Gen.", "Jan."), an initial ("J."), or a dotted
    abbreviation such as "U.S." that is not followed by a typical sentence starter.
    """
    spans: list[Span] = []
    start = 0
    for punct_at, end in _boundaries(text):
        if not _is_boundary(text, punct_at, end):
            continue
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            spans.append(Span(offset + start + lead, offset + end, chunk.strip()))
        start = end
    chunk = text[start:]
    if chunk.strip():
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        spans.append(Span(offset + start + lead, offset + start + lead + len(body), body))
    return spans


def _boundaries(text: str) -> list[tuple[int, int]]:
    """Candidate boundaries ``(start of the punctuation run, end after its closers)``, in order.

    The same candidates as ``[.!?…]+[closers]*(?=\\s+\\S)``, found in linear time: each run of
    punctuation is matched once, then its closers and the whitespace after them are scanned by
    index (a run with no whitespace after it is skipped whole, however long).
    """
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in _TERMINAL_RUN.finditer(text):
        j = m.end()
        while j < n and text[j] in _CLOSERS:
            j += 1
        k = j
        while k < n and text[k].isspace():
            k += 1
        if k > j and k < n:
            out.append((m.start(), j))
    return out


def _is_boundary(text: str, punct_at: int, end: int) -> bool:
    """Decide whether the punctuation at ``punct_at`` ends a sentence."""
    if text[punct_at] != ".":
        return True
    # Look only at a short window either side: splitting the whole text here would be quadratic.
    before = text[max(0, punct_at - 60) : punct_at + 1].split()
    word = before[-1] if before else ""
    bare = word.strip(_OPENERS).rstrip(".").lower()
    nxt = text[end : end + 60].split(maxsplit=1)
    following = nxt[0] if nxt else ""
    first_char = following.lstrip(_OPENERS)[:1]
    if first_char and first_char.islower():
        return False
    if bare in _NEVER_END:
        return False
    if bare in _BEFORE_NUMBER and first_char.isdigit():
        return False
    if re.fullmatch(r"[A-Za-z]", bare):  # an initial such as "J."
        return False
    if _DOTTED.search(word.strip(_OPENERS)):
        return following.strip(_OPENERS).rstrip(",.").lower() in _STARTERS
    return True


def count_words(text: str) -> int:
    """Count words: letters/digits joined by hyphens, apostrophes or dots count as one word."""
    return len(_WORD.findall(text))


# ---------------------------------------------------------------------------------------------
# HTML and Markdown
# ---------------------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "header", "footer", "tr", "table", "figure", "figcaption", "pre", "hr",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
_META_MAP = {
    "og:title": "title",
    "twitter:title": "title",
    "og:site_name": "outlet",
    "author": "byline",
    "article:author": "byline",
    "article:published_time": "published",
    "date": "published",
    "og:url": "url",
}


class _TextExtractor(HTMLParser):
    """Collect visible text, paragraph breaks at block tags, and metadata from head tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip = 0
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            if key in _META_MAP and a.get("content") and _META_MAP[key] not in self.meta:
                self.meta[_META_MAP[key]] = a["content"].strip()
            if a.get("lang"):
                self.meta.setdefault("language", a["lang"])
        elif tag == "html" and a.get("lang"):
            self.meta.setdefault("language", a["lang"])
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip:
            self.parts.append(data.replace("\n", " "))


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Visible text of an HTML page (blocks become paragraphs) and the metadata found in it."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    meta = dict(parser.meta)
    title = " ".join("".join(parser._title).split())
    if title and "title" not in meta:
        meta["title"] = title
    if "published" in meta:
        try:
            _dt.date.fromisoformat(meta["published"][:10])
        except ValueError:
            meta.pop("published")
    return "".join(parser.parts), meta


def markdown_to_text(md: str) -> tuple[str, dict[str, str]]:
    """Plain text of simple Markdown: a leading ``# Title`` becomes metadata, links keep their text."""
    meta: dict[str, str] = {}
    lines = md.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            if line.startswith("# "):
                meta["title"] = line[2:].strip()
                lines[i] = ""
            break
    text = "\n".join(lines)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return text, meta
