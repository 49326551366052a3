"""``OUT/index.html``: every report in the folder, by headline, and every article whose last run failed.

The index is rebuilt from what is on disk, not from one run's batch: each kit report folder in
``OUT`` is found by its ``manifest.json`` (which names its headline and source file), so two runs
into the same ``OUT``, concurrent runs, or the run after a killed one all leave a complete index.
Failures are remembered in the page itself (a JSON comment at its end, escaped so it cannot end
the comment) until the same slug builds again; a failed rebuild of a report that is still there
shows that report as ready, with the failure as a note. Nothing else is added to ``OUT``.

The update (read the failures, rescan, write) runs holding an advisory lock on the ``OUT`` folder
and writes atomically, so concurrent runs never drop each other's entries and a reader never sees
half a page. The page holds no times or durations, so an unchanged folder gives the same bytes.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.paths import atomic_write_text

if TYPE_CHECKING:
    from kit.report.build import ReportResult

INDEX_GENERATOR = "kit report index"
#: The comment at the end of the page that remembers failures until their slug builds again.
FAILURES_MARK = "kit-index-failures"
_FAILURES = re.compile(r"<!-- " + FAILURES_MARK + r" (\{.*?\}) -->")


@dataclass(frozen=True)
class Entry:
    """One line of the index: a report that is there (``ready``) and/or the failure of its last run."""

    slug: str
    headline: str
    source_file: str
    ready: bool
    error: str | None = None


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold an advisory lock on the ``out_dir`` folder itself (no lock file; none without flock)."""
    try:
        import fcntl
    except ImportError:  # Windows: rescan-then-write still keeps every report listed
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def report_entry(folder: Path) -> Entry | None:
    """The index line for ``folder`` if it is a kit report with its page; None otherwise."""
    from kit.report.build import is_report_folder

    try:
        if folder.name.startswith(".") or not is_report_folder(folder) or not (folder / "report.html").is_file():
            return None
    except OSError:
        return None
    manifest = _read_json(folder / "manifest.json") or {}
    headline, source_file = _text(manifest.get("title")), _text(manifest.get("source_file"))
    if not headline or not source_file:  # reports from before the manifest named them: the staged metadata
        for meta_path in sorted((folder / "source").glob("*.meta.json")):
            meta = _read_json(meta_path)
            if isinstance(meta, dict):
                headline = headline or _text(meta.get("title"))
                source_file = source_file or _text(meta.get("source_file"))
                break
    return Entry(folder.name, headline or folder.name, source_file, ready=True)


def scan_reports(out_dir: Path) -> list[Entry]:
    """Every kit report folder directly in ``out_dir``, by slug."""
    try:
        folders = sorted(p for p in out_dir.iterdir() if not p.name.startswith("."))
    except OSError:
        return []
    return [e for e in map(report_entry, folders) if e is not None]


def remembered_failures(page: str) -> dict[str, dict[str, str]]:
    """The failures an index page remembers: ``{slug: {"article": ..., "error": ...}}``."""
    match = _FAILURES.search(page)
    try:
        saved = json.loads(match.group(1)) if match else {}
    except ValueError:
        saved = {}
    if not isinstance(saved, dict):
        return {}
    return {str(k): {"article": str(v.get("article", "")), "error": str(v.get("error", "failed"))}
            for k, v in saved.items() if isinstance(v, dict)}


def _failures_comment(failures: dict[str, dict[str, str]]) -> str:
    """The failures as an HTML comment: ASCII JSON with ``<``, ``>`` and ``-`` escaped, so it cannot end early."""
    text = json.dumps(failures, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("-", "\\u002d"), ("&", "\\u0026")):
        text = text.replace(ch, esc)
    return f"<!-- {FAILURES_MARK} {text} -->"


def merge_failures(saved: dict[str, dict[str, str]], results: Sequence[ReportResult]) -> dict[str, dict[str, str]]:
    """This run's failures added to the remembered ones; a report that builds (or is current) clears its slug."""
    failures = dict(saved)
    for r in results:
        if r.ok:
            failures.pop(r.slug, None)
        else:
            failures[r.slug] = {"article": Path(r.article).name, "error": r.error or "failed"}
    return failures


def index_entries(out_dir: Path, failures: dict[str, dict[str, str]]) -> list[Entry]:
    """The reports on disk, each with the failure of its last rebuild if any, plus failures with no report."""
    entries = {e.slug: e for e in scan_reports(out_dir)}
    for slug, failure in failures.items():
        error = str(failure.get("error") or "failed")
        if slug in entries:
            e = entries[slug]
            entries[slug] = Entry(e.slug, e.headline, e.source_file, True, error)
        else:
            entries[slug] = Entry(slug, slug, str(failure.get("article") or ""), False, error)
    return [entries[s] for s in sorted(entries)]


def render_index(entries: Sequence[Entry], failures: dict[str, dict[str, str]] | None = None) -> str:
    """The index page: a link per report (headline, source file), one line per failure; all escaped."""
    from kit import __version__

    rows = []
    for e in entries:
        src = f' <span class="src">{html.escape(e.source_file)}</span>' if e.source_file else ""
        if e.ready:
            href = html.escape(f"{e.slug}/report.html", quote=True)
            note = ""
            if e.error:
                note = (f'<p class="note">The last rebuild failed; this is the previous report.</p>'
                        f"<pre>{html.escape(e.error)}</pre>")
            rows.append(f'<li class="ok"><a href="{href}">{html.escape(e.headline)}</a>{src}{note}</li>')
        else:
            rows.append(f'<li class="failed"><strong>{html.escape(e.slug)}</strong>{src}'
                        f"<pre>{html.escape(e.error or 'failed')}</pre></li>")
    ready = sum(e.ready for e in entries)
    failed = len(entries) - ready
    stale = sum(e.ready and e.error is not None for e in entries)
    summary = f"{ready} of {len(entries)} report(s) ready" + (f"; {failed} failed" if failed else "")
    if stale:
        summary += f"; {stale} kept from an earlier run after a failed rebuild"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="{INDEX_GENERATOR}">
<title>Newsroom reports</title>
<style>
body {{ font: 16px/1.5 "Helvetica Neue", Arial, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
        color: #1d2430; overflow-wrap: anywhere; }}
li {{ margin: .5rem 0; }} .src {{ color: #5b6573; font-size: .9em; margin-left: .5rem; }}
li.failed strong {{ color: #a50e0e; }} .note {{ margin: .2rem 0; color: #8a4b00; font-size: .9em; }}
pre {{ white-space: pre-wrap; background: #fdecea; padding: .4rem .6rem; }}
</style>
</head>
<body>
<h1>Newsroom reports</h1>
<p>{html.escape(summary)}.</p>
<ul>
{chr(10).join(rows)}
</ul>
<p style="color:#5b6573;font-size:.8em">Made with the kit ({html.escape(__version__)}). An article that failed
stays listed until it builds.</p>
{_failures_comment(failures or {})}
</body>
</html>
"""


def write_index(out_dir: str | Path, results: Sequence[ReportResult] = ()) -> Path:
    """Record ``results``' failures, rescan ``out_dir`` and write its index atomically; return its path.

    A page called ``index.html`` that the kit did not write is never overwritten: the index goes
    to ``kit-index.html`` instead.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with _locked(out):
        index = out / "index.html"
        old = _read_page(index)
        if old is not None and INDEX_GENERATOR not in old[:2000]:
            index = out / "kit-index.html"  # never overwrite a page the kit did not write
            old = _read_page(index)
        failures = merge_failures(remembered_failures(old or ""), results)
        return atomic_write_text(index, render_index(index_entries(out, failures), failures))


def _read_page(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    except OSError:
        return ""
