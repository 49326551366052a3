"""Reading a corpus: a folder of article files, or a JSON Lines / CSV file with one article per row.

:func:`iter_items` streams :class:`Item` objects, one per article, in input order, so the whole
corpus is never in memory. Unusable rows do not stop the stream: they come out as items that
already carry their reason (``stage="read"``: no id, no text, bad JSON, duplicate id, a file that
is not UTF-8), and :func:`build_article` turns a good item into an :class:`~kit.article.Article`
(raising :class:`~kit.errors.InputError` for empty text, a non-string text or a bad date).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.article import MAX_BYTES, Article, decode, markdown_to_text, read_bytes, read_meta, regular_file
from kit.errors import InputError, KitError
from kit.labels import ARTICLE_FORMATS
from kit.paths import display_path

#: File types read from a corpus folder, and how each is parsed.
FORMATS = ARTICLE_FORMATS


@dataclass(frozen=True)
class Item:
    """One article on its way to a worker: text and metadata, or the reason it already failed."""

    article_id: str
    position: int
    text: Any = None
    meta: Mapping[str, Any] | None = None
    format: str = "text"
    stage: str | None = None
    error: str | None = None

    def canonical(self) -> bytes:
        """A stable byte form for hashing (same content -> same chunk key)."""
        data = [self.article_id, self.position, self.text, dict(self.meta or {}), self.format, self.stage,
                self.error]
        return json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr).encode("utf-8")


def iter_items(source: str | os.PathLike[str]) -> Iterator[Item]:
    """Stream a corpus as :class:`Item` objects, one per article, in input order.

    ``source`` is a folder (``.txt``, ``.md``, ``.html``; sidecars ``<name>.meta.json``), a JSON
    Lines file (``.jsonl``/``.ndjson``) or a ``.csv`` file. Unusable rows come out as items with
    ``stage="read"`` and a reason (no id, no text, bad JSON, duplicate id); only an unreadable
    input as a whole raises :class:`~kit.errors.InputError`.
    """
    path = Path(source)
    name = display_path(path)
    if not path.exists():
        raise InputError(name, "no such file or folder")
    if path.is_dir():
        items = _iter_folder(path)
    elif not regular_file(path):  # a FIFO, a device or a symlink loop raises InputError here, not mid-run
        raise InputError(name, "is not a regular file")
    elif path.suffix.lower() in (".jsonl", ".ndjson"):
        items = _iter_jsonl(path)
    elif path.suffix.lower() == ".csv":
        items = _iter_csv(path)
    else:
        raise InputError(name, "a corpus must be a folder of articles, a .jsonl file or a .csv file")
    return _dedupe(items)


def count_items(source: str | os.PathLike[str]) -> int | None:
    """How many articles :func:`iter_items` will yield, when cheap to know (folders, JSON Lines)."""
    path = Path(source)
    if path.is_dir():
        return sum(1 for _ in _folder_files(path))
    if path.suffix.lower() in (".jsonl", ".ndjson") and path.is_file():
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    return None


def is_report_output(folder: Path) -> bool:
    """True for a folder a ``kit report`` run wrote (``report.html`` + ``manifest.json``): not articles."""
    return (folder / "report.html").is_file() and (folder / "manifest.json").is_file()


def _folder_files(root: Path) -> list[Path]:
    """Every article entry under ``root`` (files with an article suffix, however broken), sorted.

    Hidden names and folders ``kit report`` wrote are skipped; symbolic links to folders are not
    followed (no loops). Entries that are not readable regular files (FIFOs, devices, broken or
    looping links, unreadable sub-folders) are kept, so they get a row in the errors table.
    """
    found: list[Path] = []
    unreadable: list[Path] = []

    def onerror(exc: OSError) -> None:
        if exc.filename and Path(exc.filename) != root:
            unreadable.append(Path(exc.filename))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not is_report_output(here / d))
        found += [here / f for f in filenames if not f.startswith(".") and Path(f).suffix.lower() in FORMATS]
    found += unreadable
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _iter_folder(root: Path) -> Iterator[Item]:
    for position, path in enumerate(_folder_files(root), start=1):
        rel = path.relative_to(root).as_posix()
        article_id = rel[: -len(path.suffix)] if path.suffix.lower() in FORMATS else rel
        if path.suffix.lower() not in FORMATS:  # a sub-folder that could not be listed
            yield Item(article_id, position, stage="read", error="folder cannot be read (permission denied?)")
            continue
        try:
            text = decode(read_bytes(path, max_bytes=MAX_BYTES), rel)
            sidecar = path.with_name(path.stem + ".meta.json")
            meta = read_meta(sidecar) if sidecar.exists() else {}
        except KitError as exc:
            yield Item(article_id, position, stage="read", error=exc.problem)
            continue
        yield Item(article_id, position, text, meta, FORMATS[path.suffix.lower()])


def _iter_jsonl(path: Path) -> Iterator[Item]:
    regular_file(path)
    with path.open("rb") as fh:
        position = 0
        for line_no, raw in enumerate(fh, start=1):
            if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            position += 1
            where = f"line {line_no}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad = raw[exc.start : exc.start + 1].hex()
                yield Item(where, position, stage="read",
                           error=f"not valid UTF-8 (byte 0x{bad} at column {exc.start + 1}); re-save the file as UTF-8")
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Item(where, position, stage="read", error=f"not valid JSON ({exc.msg}, column {exc.colno})")
                continue
            if not isinstance(row, dict):
                yield Item(where, position, stage="read", error="each line must be a JSON object")
                continue
            yield _from_row(row, position, where)


def _iter_csv(path: Path) -> Iterator[Item]:
    """The rows of a CSV corpus; its header (and encoding) is checked now, before any row is read."""
    name = display_path(path)
    regular_file(path)
    csv.field_size_limit(MAX_BYTES)
    fh = path.open("r", encoding="utf-8-sig", newline="")
    try:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
    except (csv.Error, UnicodeDecodeError) as exc:
        fh.close()
        raise InputError(name, _csv_problem(exc)) from None
    if "text" not in header:
        fh.close()
        raise InputError(name, f"has no 'text' column (columns: {', '.join(header) or 'none'})")
    return _csv_rows(fh, reader, name)


def _csv_problem(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        bad = exc.object[exc.start : exc.start + 1].hex()
        return (f"is not valid UTF-8 (byte 0x{bad} in the first {len(exc.object):,} bytes read); "
                "re-save the CSV as UTF-8")
    return f"cannot be read as CSV ({exc})"


def _csv_rows(fh: Any, reader: csv.DictReader, name: str) -> Iterator[Item]:
    with fh:
        try:
            for position, row in enumerate(reader, start=1):
                clean = {k: (None if v == "" else v) for k, v in row.items() if k is not None}
                yield _from_row(clean, position, f"row {position}")
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(name, _csv_problem(exc)) from None


def _from_row(row: Mapping[str, Any], position: int, where: str) -> Item:
    raw_id = row.get("id", row.get("article_id"))
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
        return Item(where, position, stage="read", error="no 'id': every row needs one")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        return Item(where, position, stage="read", error=f"'id' must be a string or a whole number, not {raw_id!r}")
    article_id = str(raw_id).strip()
    if row.get("text") is None:
        return Item(article_id, position, stage="read", error="no 'text' in this row")
    meta = {k: v for k, v in row.items() if k not in ("id", "article_id", "text", "format")}
    fmt = str(row.get("format") or "text").lower()
    if fmt not in FORMATS.values():
        return Item(article_id, position, stage="read",
                    error=f"'format' must be one of {', '.join(sorted(set(FORMATS.values())))}, not {fmt!r}")
    return Item(article_id, position, row["text"], meta, fmt)


def _dedupe(items: Iterable[Item]) -> Iterator[Item]:
    seen: dict[str, int] = {}
    for item in items:
        if item.stage is None:
            first = seen.get(item.article_id)
            if first is not None:
                yield Item(item.article_id, item.position, stage="read",
                           error=f"duplicate id (first used at position {first}); this copy is skipped")
                continue
            seen[item.article_id] = item.position
        yield item


def build_article(item: Item) -> Article:
    """The :class:`~kit.article.Article` for an item; InputError when its text or metadata is bad."""
    if not isinstance(item.text, str):
        raise InputError(item.article_id, f"article text must be a string, not {type(item.text).__name__}")
    if len(item.text) > MAX_BYTES:
        raise InputError(item.article_id, f"text is {len(item.text):,} characters, over the {MAX_BYTES:,} limit")
    meta = dict(item.meta or {})
    if item.format == "html":
        return Article.from_html(item.text, meta, item.article_id)
    text = item.text
    if item.format == "markdown":
        text, found = markdown_to_text(text)
        meta = {**found, **meta}
    return Article.from_text(text, meta, item.article_id)
