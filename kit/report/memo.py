"""The newsroom memo: findings in plain words and safe HTML blocks for the report notebook.

The report notebook (``notebooks/06_newsroom_report.ipynb``) is "analyze, chart, export"; this
module holds the pieces that turn a :class:`~kit.analysis.Dossier` into a memo an editor can
read: :func:`findings` (sentences, testable without a notebook), :func:`table` (an escaped HTML
table, top rows only), :func:`missing` (the line that stands in for a section with no data), and
:func:`load_report_article` / :func:`reference` that read the report's parameters.

Article text is untrusted: every string that reaches HTML here goes through :func:`html.escape`,
and links are only made for ``http``/``https`` URLs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from kit.errors import ParameterError
from kit.safety import neutralise_bidi

if TYPE_CHECKING:
    import pandas as pd

    from kit.analysis import Dossier
    from kit.article import Article

_SAFE_URL = re.compile(r"https?://[^\s\"'<>]+", re.I)


class Html:
    """A block of (already escaped) HTML that displays itself in a notebook, with a plain-text twin."""

    def __init__(self, markup: str, text: str = "") -> None:
        self.markup = markup
        self.text = text or re.sub(r"<[^>]+>", "", markup)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.markup, "text/plain": self.text}

    def __str__(self) -> str:
        return self.markup


def esc(value: Any) -> str:
    """Escape any value for HTML text or attributes (None and NA become an empty string)."""
    if value is None or (isinstance(value, float) and value != value) or type(value).__name__ == "NAType":
        return ""
    # Bidi controls and invisible format characters would reorder or hide text: shown as markers instead.
    return html.escape(neutralise_bidi(str(value)), quote=True)


def link(url: Any, label: Any = None) -> str:
    """An escaped link when ``url`` is http(s); otherwise the escaped text, not clickable."""
    text = esc(label if label is not None else url)
    if isinstance(url, str) and _SAFE_URL.fullmatch(url.strip()):
        return f'<a href="{esc(url.strip())}" rel="noopener noreferrer nofollow">{text}</a>'
    return text


# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------


def load_report_article(
    article_path: str = "", *, title: str = "", outlet: str = "", published: str = ""
) -> Article:
    """Load the report's article: ``""`` means the kit's bundled article; non-empty overrides win.

    A relative path is read from the current folder (where papermill runs the notebook).
    """
    from kit.article import load_article

    for name, value in (("article_path", article_path), ("title", title), ("outlet", outlet),
                        ("published", published)):
        if not isinstance(value, str):
            raise ParameterError(f"parameter {name!r}", f"must be text, not {type(value).__name__}")
    overrides = {k: v.strip() for k, v in (("title", title), ("outlet", outlet), ("published", published))
                 if v.strip()}
    return load_article(article_path.strip() or None, overrides)


def reference(kind: str, value: str, article: Article) -> Any:
    """Read a reference parameter (``events_path`` or ``claims_path``) for :func:`kit.analyze`.

    ``""`` or ``"none"``: no reference (the section is left out). ``"auto"``: the kit's curated
    table when ``article`` is the bundled article it documents, else none. Anything else is a
    CSV path, returned as a :class:`~pathlib.Path` for the loader to read and validate.
    """
    if not isinstance(value, str):
        raise ParameterError(f"parameter '{kind}_path'", f"must be text, not {type(value).__name__}")
    choice = value.strip()
    if choice.lower() in ("", "none"):
        return None
    if choice.lower() == "auto":
        return True if is_bundled(article) else None
    path = Path(choice)
    if not path.is_file():
        raise ParameterError(f"parameter '{kind}_path'", f"{choice}: no such file")
    return path


def is_bundled(article: Article) -> bool:
    """True when ``article`` has the bundled article's text (the one the curated tables document)."""
    text = _bundled_text()
    return text is not None and article.text == text


_BUNDLED: list[str | None] = []


def _bundled_text() -> str | None:
    if not _BUNDLED:
        from kit.article import load_article

        try:
            _BUNDLED.append(load_article().text)
        except Exception:  # a partial checkout without data/raw
            _BUNDLED.append(None)
    return _BUNDLED[0]


# ---------------------------------------------------------------------------------------------
# HTML blocks
# ---------------------------------------------------------------------------------------------


#: A headline made from the first sentence stops after this many characters (at a word).
HEADLINE_CHARS = 90


def headline(article: Article) -> tuple[str, bool]:
    """The memo's headline and whether the article gave it: its title, else the start of its first sentence.

    An article with no title (a pasted text) gets its first sentence, cut at a word after
    :data:`HEADLINE_CHARS` characters and quoted, so an editor recognises the story; with no sentence
    either, "Report on <file name>".
    """
    title = str(article.meta.get("title") or "").strip()
    if title:
        return title, True
    first = article.sentences[0].text.strip() if article.sentences else ""
    first = " ".join(first.split())
    if first:
        if len(first) > HEADLINE_CHARS:
            cut = first.rfind(" ", 0, HEADLINE_CHARS)
            first = first[: cut if cut > HEADLINE_CHARS // 2 else HEADLINE_CHARS].rstrip(" ,;:") + " …"
        return f"“{first}”", False
    return f"Report on {article.meta.get('source_file') or Path(str(article.source)).name}", False


def header(article: Article) -> Html:
    """The memo's heading: headline, outlet, byline, date, where the text came from, size."""
    meta = article.meta
    title, given = headline(article)
    rows = [
        ("Outlet", esc(meta.get("outlet")) or "<em>not given</em>"),
        ("Byline", esc(meta.get("byline")) or "<em>not given</em>"),
        ("Published", esc(meta.get("published")) or "<em>unknown</em>"),
        ("Found at", link(meta.get("url")) if meta.get("url") else "<em>no URL</em>"),
        ("File", esc(meta.get("source_file") or article.source)),
        ("Length", ", ".join(_plural(n, w) for n, w in ((article.word_count, "word"),
                             (len(article.sentences), "sentence"), (len(article.paragraphs), "paragraph")))),
    ]
    if not given:
        rows.insert(0, ("Title", "<em>none: the article has no title; the headline above is "
                                 + ("the start of its first sentence" if title.startswith("“") else "its file name")
                                 + "</em>"))
    basis = meta.get("published_basis")
    if basis:
        rows.insert(4 if not given else 3, ("Date basis", esc(basis)))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    markup = f'<h1>Newsroom memo: {esc(title)}</h1>\n<dl class="kit-meta">{dl}</dl>'
    text = f"Newsroom memo: {title}\n" + "\n".join(f"{k}: {re.sub(r'<[^>]+>', '', v)}" for k, v in rows)
    return Html(markup, text)


def bullets(items: Sequence[str], *, css: str = "kit-findings") -> Html:
    """A bulleted list of plain sentences (escaped)."""
    lis = "".join(f"<li>{esc(i)}</li>" for i in items)
    return Html(f'<ul class="{css}">{lis}</ul>', "\n".join(f"- {i}" for i in items))


def missing(what: str, why: str) -> Html:
    """The line that replaces a section with no data: what is missing and why."""
    return Html(f'<p class="kit-note">{esc(what)}: {esc(why)}</p>', f"{what}: {why}")


#: A table cell longer than this is cut (at a word) and says how much was left out; the CSV has it whole.
MAX_CELL = 400


def table(
    df: pd.DataFrame,
    columns: Sequence[str] | Mapping[str, str] | None = None,
    *,
    top_n: int | None = None,
    caption: str = "",
    links: Sequence[str] = (),
    words: Sequence[str] = (),
    csv: str = "",
    href: str = "",
    max_cell: int | None = MAX_CELL,
) -> Html:
    """An HTML table of ``df`` (every cell escaped), the first ``top_n`` rows, numbers right-aligned.

    ``columns`` picks columns; a mapping also renames them for display (``{"n_mentions": "mentions"}``).
    Lists stored as ``a|b`` show as ``a, b``; ``links`` columns (URLs separated by `` ; ``) become
    links where they are http(s); ``words`` columns show codes as words (``named_org`` -> ``named org``).
    When rows are left out, the note under the table names ``csv`` (the export holding every row, e.g.
    ``"entities.csv"`` or ``"findings.csv (kind omission)"``) and links it when ``href`` is given (a
    relative link, escaped). Cells longer than ``max_cell`` characters are cut, saying by how much.
    """
    if isinstance(columns, Mapping):
        names = dict(columns)
    else:
        names = {c: c for c in (columns if columns is not None else df.columns)}
    shown = df[list(names)]
    more = 0
    if top_n is not None and len(shown) > top_n:
        more = len(shown) - top_n
        shown = shown.head(top_n)
    numeric = {c for c in names if getattr(df[c].dtype, "kind", "O") in "iuf"}
    head = "".join(f'<th scope="col"{" class=num" if c in numeric else ""}>{esc(label)}</th>'
                   for c, label in names.items())
    body = []
    for rec in shown.to_dict("records"):
        cells = "".join(f'<td{" class=num" if c in numeric else ""}>'
                        f"{_cell(rec[c], c in links, c in words, None if c in links else max_cell)}</td>"
                        for c in names)
        body.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    foot = f'<p class="kit-note">{_more_rows(more, len(df), csv, href)}</p>' if more else ""
    # The wrapper scrolls sideways on a phone, so a wide table never widens the page.
    markup = (f'<div class="kit-table"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
              f"</table></div>{foot}")
    text = f"[table{': ' + caption if caption else ''}: {len(shown)} of {len(df)} rows]"
    return Html(markup, text)


def _more_rows(more: int, total: int, csv: str, href: str) -> str:
    """The note under a cut table: how many rows are left out and which file holds them (linked if written)."""
    rows = "row" if more == 1 else "rows"
    if not csv:
        return f"… and {more:,} more {rows} in the CSV export."
    name, _, where = csv.partition(" ")
    place = link_file(href, name) if href else f"{esc(name)} (written when output_dir is set)"
    return f"… and {more:,} more {rows} ({total:,} in all) in {place}{(' ' + esc(where)) if where else ''}."


def link_file(href: str, label: str) -> str:
    """A link to an exported file beside the report: a relative, percent-encoded, escaped href."""
    from urllib.parse import quote

    return f'<a href="{esc(quote(href))}">{esc(label)}</a>'


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _cell(value: Any, is_link: bool, is_code: bool, max_cell: int | None = None) -> str:
    cut = ""
    if isinstance(value, str) and max_cell is not None and len(value) > max_cell:
        space = value.rfind(" ", max_cell // 2, max_cell)
        keep = space if space > 0 else max_cell
        cut = f' <span class="kit-note">[… {len(value) - keep:,} more characters]</span>'
        value = value[:keep]
    text = esc(value)
    if not text or not isinstance(value, str):
        return text
    if _ISO_DAY.fullmatch(value):  # keep 2025-12-17 on one line
        return f'<span class="kit-nowrap">{text}</span>'
    if is_link:
        return "<br>".join(link(u.strip(), _short_url(u.strip())) for u in value.split(" ; ") if u.strip())
    if is_code:
        text = text.replace("_", " ")
    return text.replace("|", ", ") + cut


def _short_url(url: str) -> str:
    """The host of a URL, for a compact link label (``www.example.org``)."""
    host = re.sub(r"^[a-z]+://", "", url, flags=re.I).split("/", 1)[0]
    return host or url


def details(summary: str, inner: str | Html) -> Html:
    """A collapsed section (``<details>``, no script needed) around already-safe HTML."""
    return Html(f"<details><summary>{esc(summary)}</summary>{inner}</details>", f"[{summary}]")


# ---------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _names(values: Iterable[Any], limit: int = 5) -> str:
    items = [str(v) for v in values][:limit]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def findings(dossier: Dossier, top_n: int = 10) -> list[str]:
    """The memo's summary: one plain sentence per finding, most useful to an editor first."""
    out: list[str] = []
    t = dossier.tables
    ents = t.get("entities")
    if ents is not None and len(ents):
        top = [f"{r['name']} ({r['n_mentions']})" for r in ents.head(3).to_dict("records")]
        out.append(f"The article names {_plural(len(ents), 'known entity', 'known entities')} in "
                   f"{_plural(int(ents['n_mentions'].sum()), 'mention')}; most often {_names(top)}.")
        wrong = ents[ents["note"].notna()] if "note" in ents.columns else ents.iloc[0:0]
        for rec in wrong.to_dict("records"):
            out.append(f"Check a name ({rec['name']}): {rec['note']}.")
    elif ents is not None:
        out.append("The article names none of the entities in the kit's gazetteer.")
    found = t.get("findings")
    if found is not None and len(found):
        for rec in found[found["kind"].isin(("misnaming", "wrong_person"))].to_dict("records"):
            out.append(f"Check a name ('{rec['text']}'): {rec['evidence']}")
        quotes_off = found[found["kind"] == "quote_not_on_record"]
        if len(quotes_off):
            out.append(f"{_plural(len(quotes_off), 'quotation')} not found in what the speaker is on record as "
                       "saying: see What to verify.")
        missed = found[found["kind"] == "omission"]
        if len(missed):
            out.append(f"{_plural(len(missed), 'event')} of the documented record, in the weeks before publication, "
                       "the article does not mention.")
    cands = t.get("candidates")
    if cands is not None and len(cands):
        out.append(f"{_plural(len(cands), 'name')} nobody could type (gazetteer or NER): "
                   f"{_names(cands['candidate'], top_n)}{' …' if len(cands) > top_n else ''}.")
    prof = t.get("sourcing")
    if prof is not None and len(prof):
        by = {r["sourcing"]: r for r in prof.to_dict("records")}
        total = int(prof["n_sentences"].sum())
        un = by.get("unattributed")
        anon = by.get("anonymous")
        named = by.get("named")
        if un is not None and total:
            verb = "states" if un["n_checkable"] == 1 else "state"
            out.append(f"{un['n_sentences']} of {total} sentences ({round(100 * un['n_sentences'] / total)}%) "
                       f"cite no source; {un['n_checkable']} of them {verb} a checkable fact.")
        if anon is not None and anon["n_sentences"]:
            out.append(f"{_plural(int(anon['n_sentences']), 'sentence')} rest on anonymous sources at best; "
                       f"{_plural(int(named['n_sentences']) if named is not None else 0, 'sentence')} "
                       "name who is speaking.")
    attr = t.get("attributions")
    if attr is not None and len(attr) and "is_anonymous" in attr.columns:
        anon_rows = attr[attr["is_anonymous"].fillna(False).astype(bool)]
        if len(anon_rows):
            with_reason = int(anon_rows["anonymity_reason"].notna().sum()) if "anonymity_reason" in attr else 0
            why = ("for none of them" if with_reason == 0 else "for all of them" if with_reason == len(anon_rows)
                   else f"for {with_reason} of them")
            out.append(f"{_plural(len(anon_rows), 'anonymous attribution')}; the text says why anonymity was "
                       f"granted {why}.")
    quotes = t.get("quotes")
    if quotes is not None and len(quotes):
        direct = quotes[quotes["kind"] == "direct"] if "kind" in quotes.columns else quotes
        checkable = int(quotes["verbatim_checkable"].fillna(False).astype(bool).sum()) \
            if "verbatim_checkable" in quotes.columns else 0
        out.append(f"{_plural(len(quotes), 'quotation')} ({len(direct)} direct); {checkable} can be checked "
                   "word for word against a named speaker's recorded words.")
    dates = t.get("dates")
    if dates is not None and len(dates):
        resolved = int(dates["earliest"].notna().sum()) if "earliest" in dates.columns else 0
        out.append(f"{_plural(len(dates), 'date expression')}; {resolved} could be placed on the calendar.")
    elif dates is not None:
        out.append("The article gives no dates at all: ask when each thing happened.")
    claims = t.get("claims")
    if claims is not None and len(claims):
        col = next((c for c in ("rating_label", "verdict", "rating") if c in claims.columns), None)
        if col:
            counts = claims[col].value_counts()
            parts = ", ".join(f"{n} {label}" for label, n in counts.items())
            out.append(f"{_plural(len(claims), 'claim')} checked against sources: {parts}.")
        else:
            out.append(f"{_plural(len(claims), 'claim')} checked against sources.")
    if not out:
        out.append("The kit found nothing to report in this text.")
    return out


def methodology(dossier: Dossier) -> Html:
    """What each table is and how it was made, plus the tables left out and why."""
    items = [f"<li><strong>{esc(name)}</strong> ({len(df)} rows): {esc(dossier.descriptions.get(name, ''))}</li>"
             for name, df in dossier.tables.items()]
    skipped = [f"<li><strong>{esc(name)}</strong>: left out ({esc(why)}).</li>"
               for name, why in dossier.skipped.items()]
    markup = f"<ul>{''.join(items)}{''.join(skipped)}</ul>"
    text = "\n".join([f"{n}: {len(df)} rows" for n, df in dossier.tables.items()]
                     + [f"{n}: left out ({w})" for n, w in dossier.skipped.items()])
    return Html(markup, text)


def export_href(output_dir: str, name: str) -> str:
    """Where a report beside the notebook finds an exported file: relative, never a machine path.

    ``kit report`` writes the exports next to ``report.html`` (``output_dir`` is ``"."``), so the href is
    the file's name; a relative ``output_dir`` is joined in front; an absolute one is left out.
    """
    base = PurePosixPath(Path(output_dir).as_posix()) if output_dir else PurePosixPath(".")
    if base.is_absolute() or str(base) == ".":
        return name
    return f"{base}/{name}"


def export(dossier: Dossier, output_dir: str, figures: Sequence[Any] = (), *, package_name: str = "kit-report") -> Html:
    """Write the dossier's tables and exports, and the figures as SVG and PNG, into ``output_dir``.

    Returns the list of files written, each a link named relative to ``output_dir`` (no machine paths).
    """
    out = Path(output_dir)
    written = dossier.to_dir(out, package_name=package_name)
    for fig in figures:
        written += fig.save(out / "charts")
    names = sorted(p.relative_to(out).as_posix() for p in written)
    items = "".join(f"<li>{link_file(export_href(output_dir, n), n)}</li>" for n in names)
    return Html(f'<ul class="kit-files">{items}</ul>', "\n".join(f"- {n}" for n in names))
