"""Show spans of an article in context: HTML with each span marked and coloured by label.

Any table with ``start_char``, ``end_char`` and ``label`` columns (mentions, dates,
attributions) can be shown this way. The article is untrusted text, so every piece of it,
and every label and tooltip, goes through :func:`html.escape`; the output holds no script,
no event handler and nothing fetched from the network.

The label is written next to each mark in small capitals, so colour is never the only cue.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kit.article import Article
from kit.errors import DataError
from kit.labels import ENTITY, words

if TYPE_CHECKING:
    import pandas as pd

#: Background and text colours per label (light fills, dark text: contrast above 7:1), from kit.labels.
LABEL_COLORS: dict[str, tuple[str, str]] = {code: (lab.background, lab.color) for code, lab in ENTITY.items()}
_DEFAULT = ("#eeeeee", "#333333")
_WARN = "#c0001a"


class Highlighted(str):
    """HTML of a highlighted article: a ``str`` that a notebook displays as HTML.

    When the text was capped (``max_chars``), the counts say what was left out, so a caller can say so.
    """

    n_spans: int = 0
    n_dropped: int = 0
    #: Spans outside the part of the text shown (only when capped).
    n_left_out: int = 0
    n_chars: int = 0
    n_chars_shown: int = 0
    n_paragraphs: int = 0
    n_paragraphs_shown: int = 0
    #: Flagged spans shown in their sentence after the capped opening (only when capped).
    n_warned_later: int = 0

    @property
    def capped(self) -> bool:
        """True when part of the text was left out."""
        return self.n_chars_shown < self.n_chars

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        extra = f", {self.n_dropped} dropped (overlapping or crossing a paragraph)" if self.n_dropped else ""
        if self.capped:
            extra += (f", {self.n_chars_shown:,} of {self.n_chars:,} characters shown"
                      f" ({self.n_left_out} spans left out)")
        return f"<highlighted article: {self.n_spans} spans{extra}>"


#: When capped, at most this many flagged spans further on are shown in their sentence.
MAX_WARNED = 20
#: ... each with at most this many characters of context either side.
WARN_CONTEXT = 300


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _legend(labels: Sequence[str], compact: bool = False) -> str:
    chips = []
    for lab in labels:
        if compact:
            tag, full = _tag(lab, compact=True), words(ENTITY, lab)
            chips.append(f'<span class="kit-chip {_css_class(lab)}">{_e(tag)}'
                         f"{'' if tag == full else ' · ' + _e(full)}</span>")
            continue
        bg, fg = LABEL_COLORS.get(lab, _DEFAULT)
        chips.append(
            f'<span style="background:{bg};color:{fg};border:1px solid {fg};border-radius:3px;white-space:nowrap;'
            f'display:inline-block;padding:0 4px;margin:0 6px 4px 0;font-size:0.8em">'
            f"{_e(lab)} · {_e(words(ENTITY, lab) if lab in ENTITY else lab.lower())}</span>"
        )
    if compact:
        return '<p class="kit-legend">' + "".join(chips) + "</p>"
    return '<p class="kit-legend" style="margin:0 0 6px 0">' + "".join(chips) + "</p>"


def _tag(lab: str, *, compact: bool) -> str:
    """The words written beside a mark: the label's short words (compact) or its code in small capitals."""
    if compact and lab in ENTITY:
        return words(ENTITY, lab, short=True)
    return lab.lower()


def _css_class(lab: str) -> str:
    """A CSS class per known label (codes are plain capitals); every other label shares one."""
    return f"k-{lab}" if lab in ENTITY else "k-x"


def _compact_style(labels: Sequence[str]) -> str:
    """One style block for the compact marks: the colours of the labels used, then the shared look."""
    rules = [".kit-highlight{line-height:1.8;max-width:48em;font-family:Georgia,serif}",
             ".kit-highlight p{margin:0 0 .8em 0}",
             ".kit-highlight p.kit-gap{color:#5b6573;font-style:italic}",
             ".kit-highlight mark{color:inherit;padding:0 2px;border-radius:2px;white-space:nowrap}",
             ".kit-highlight mark small{font-size:.7em;font-weight:bold;margin-left:3px;font-variant:small-caps}",
             ".kit-highlight .kit-chip{border:1px solid;border-radius:3px;white-space:nowrap;display:inline-block;"
             "padding:0 4px;margin:0 6px 4px 0;font-size:.8em}"]
    for lab in sorted({_css_class(lab) for lab in labels}):
        bg, fg = LABEL_COLORS.get(lab[2:], _DEFAULT)
        rules.append(f".kit-highlight .{lab}{{background:{bg};border-bottom:2px solid {fg}}}"
                     f".kit-highlight .{lab} small,.kit-highlight .kit-chip.{lab}{{color:{fg}}}")
    rules.append(f".kit-highlight mark.kit-warn{{border-bottom:0;text-decoration:underline wavy {_WARN};"
                 "text-decoration-skip-ink:none}")
    return "<style>" + "".join(rules) + "</style>"


def _is_warned(rec: dict[str, Any], warn: str | None) -> bool:
    return bool(warn) and not _blank(rec.get(warn)) and bool(rec.get(warn))


def _snap(text: str, pos: int, *, back: bool) -> int:
    """``pos`` moved to a word boundary nearby (a space within 40 characters), so a cut does not split a word."""
    if back:
        found = text.rfind(" ", max(0, pos - 40), pos)
        return found if found > 0 else pos
    found = text.find(" ", pos, pos + 40)
    return found + 1 if found >= 0 else pos


def _windows(
    article: Article, paras: Sequence[tuple[int, int]], rows: Sequence[tuple[int, int, int, dict[str, Any]]],
    warn: str | None, max_chars: int,
) -> list[tuple[int, int]]:
    """The parts of the text shown when capped: the opening paragraphs that fit, then each flagged span's sentence."""
    text = article.text
    cut = 0
    for _, p_end in paras:
        if p_end > max_chars:
            break
        cut = p_end
    if cut == 0:  # a first paragraph longer than the budget is cut at a space
        cut = _snap(text, max_chars, back=True)
    windows = [(0, cut)]
    n = 0
    for start, neg_end, _, rec in rows:
        if start < cut or not _is_warned(rec, warn):
            continue
        end = -neg_end
        idx = article.sentence_index(start)
        sent = article.sentences[idx] if idx >= 0 else None
        lo = max(sent.start if sent else start, start - WARN_CONTEXT)
        hi = max(end, min(sent.end if sent else end, end + WARN_CONTEXT))
        lo = lo if sent and lo == sent.start else min(start, _snap(text, lo, back=False))
        hi = hi if sent and hi == sent.end else max(end, _snap(text, hi, back=True))
        if lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
        n += 1
        if n == MAX_WARNED:
            break
    return windows


def _segments(
    paras: Sequence[tuple[int, int]], windows: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """Each window cut at paragraph bounds: (start, end, paragraph index), in text order."""
    starts = [p[0] for p in paras]
    out = []
    for w_start, w_end in windows:
        i = max(0, bisect.bisect_right(starts, w_start) - 1)
        while i < len(paras) and paras[i][0] < w_end:
            lo, hi = max(paras[i][0], w_start), min(paras[i][1], w_end)
            if lo < hi:
                out.append((lo, hi, i))
            i += 1
    return out


def highlight(
    article: Article,
    spans: pd.DataFrame,
    *,
    label: str = "label",
    tooltip: Sequence[str] = (),
    badge: str | None = None,
    warn: str | None = None,
    legend: bool = True,
    max_chars: int | None = None,
    compact: bool = False,
) -> Highlighted:
    """The article as HTML paragraphs with each span of ``spans`` in a coloured ``<mark>``.

    Spans must point into ``article.text``: a row whose ``text`` column disagrees with the
    article (a table from another article) raises :class:`~kit.errors.DataError` naming it.
    Overlapping spans keep the first (then longest); spans crossing a paragraph are dropped.

    ``tooltip`` names columns shown on hover; ``badge`` a column whose value is written after the
    label ("gpe · metonym"); ``warn`` a boolean column whose true rows get a red wavy underline
    and a ⚠ sign (for example a misnamed person).

    ``max_chars`` caps a long text, so the page stays small: the paragraphs from the start that fit in
    that many characters, then the sentence around each flagged (``warn``) span further on (at most
    :data:`MAX_WARNED`), with a line saying how many paragraphs were left out between them; the counts
    on the result (``n_left_out``, ``n_chars_shown``, ...) say what is missing. ``compact`` styles the
    marks by class (one ``<style>`` block instead of a style on every mark, about a fifth of the bytes)
    and writes each label in words ("country/city"), for readers who do not know the codes.
    """
    text = article.text
    id_col = next((c for c in ("mention_id", "id") if c in spans.columns), None)
    rows = []
    for i, rec in enumerate(spans.to_dict("records"), start=1):
        start, end = rec.get("start_char"), rec.get("end_char")
        name = f"row {i}" + (f" ({id_col}={rec[id_col]!r})" if id_col else "")
        if _blank(start) or _blank(end):
            raise DataError("highlight", f"{name}: start_char and end_char are required")
        start, end = int(start), int(end)
        if not 0 <= start < end <= len(text):
            raise DataError("highlight", f"{name}: offsets {start}:{end} are outside the article (0:{len(text)})")
        if "text" in rec and not _blank(rec["text"]) and text[start:end] != rec["text"]:
            raise DataError(
                "highlight",
                f"{name}: text {rec['text']!r} does not match the article at {start}:{end}; "
                "is this table from another article?",
            )
        rows.append((start, -end, i, rec))
    rows.sort(key=lambda r: r[:3])
    para_bounds = [(p.start, p.end) for p in article.paragraphs] or [(0, len(text))]
    capped = max_chars is not None and len(text) > max_chars
    if capped:
        windows = _windows(article, para_bounds, rows, warn, int(max_chars))  # type: ignore[arg-type]
        segments = _segments(para_bounds, windows)
        inside = [r for r in rows if any(lo <= r[0] and -r[1] <= hi for lo, hi in windows)]
        left_out = len(rows) - len(inside)
        rows = inside
    else:
        windows = [(0, len(text))]
        segments = [(lo, hi, i) for i, (lo, hi) in enumerate(para_bounds)]
        left_out = 0
    out = []
    labels_used: list[str] = []
    kept = dropped = warned_later = 0
    r = 0
    prev_para = -1
    for p_start, p_end, p_idx in segments:
        pieces = []
        if capped and p_idx > prev_para + 1:
            gap = p_idx - prev_para - 1
            out.append(f'<p class="kit-gap">[… {gap:,} paragraph{"s" if gap != 1 else ""} left out …]</p>')
        pos = p_start
        while r < len(rows) and rows[r][0] < p_end:
            start, neg_end, _, rec = rows[r]
            end = -neg_end
            r += 1
            if start < pos or end > p_end:
                dropped += 1
                continue
            lab = "" if _blank(rec.get(label)) else str(rec.get(label))
            if lab and lab not in labels_used:
                labels_used.append(lab)
            tip = " · ".join(str(rec[c]) for c in tooltip if c in rec and not _blank(rec[c]))
            tag = _tag(lab, compact=compact)
            if badge and not _blank(rec.get(badge)) and str(rec.get(badge)):
                tag += f" · {rec[badge]}"
            flagged = _is_warned(rec, warn)
            warned_later += flagged and start >= windows[0][1]
            pieces.append(_e(text[pos:start]))
            if compact:
                title = f' title="{_e(tip)}"' if tip else ""
                pieces.append(f'<mark class="{_css_class(lab)}{" kit-warn" if flagged else ""}"{title}>'
                              f'{"⚠ " if flagged else ""}{_e(text[start:end])}<small>{_e(tag)}</small></mark>')
            else:
                bg, fg = LABEL_COLORS.get(lab, _DEFAULT)
                line = (f"text-decoration:underline wavy {_WARN};text-decoration-skip-ink:none;" if flagged
                        else f"border-bottom:2px solid {fg};")
                pieces.append(
                    f'<mark class="kit-span{" kit-warn" if flagged else ""}" data-label="{_e(lab)}" title="{_e(tip)}" '
                    f'style="background:{bg};color:inherit;{line}padding:0 2px;border-radius:2px;'
                    f'white-space:nowrap">{"⚠ " if flagged else ""}{_e(text[start:end])}'
                    f'<span class="kit-span-label" style="color:{fg};font-size:0.7em;font-weight:bold;'
                    f'margin-left:3px;font-variant:small-caps">{_e(tag)}</span></mark>'
                )
            pos = end
            kept += 1
        pieces.append(_e(text[pos:p_end]))
        body = "".join(pieces)
        if capped:
            para_lo, para_hi = para_bounds[p_idx]
            body = ("… " if p_start > para_lo else "") + body + (" …" if p_end < para_hi else "")
        out.append(f"<p>{body}</p>" if compact else f'<p style="margin:0 0 0.8em 0">{body}</p>')
        prev_para = p_idx
    if capped and prev_para < len(para_bounds) - 1:
        gap = len(para_bounds) - 1 - prev_para
        out.append(f'<p class="kit-gap">[… {gap:,} paragraph{"s" if gap != 1 else ""} left out …]</p>')
    dropped += len(rows) - r
    head = _legend(sorted(labels_used), compact) if legend and labels_used else ""
    if compact:
        body = _compact_style(labels_used) + '<div class="kit-highlight">' + head + "\n".join(out) + "</div>"
    else:
        body = (
            '<div class="kit-highlight" style="line-height:1.8;max-width:48em;font-family:Georgia,serif">'
            + head
            + "\n".join(out)
            + "</div>"
        )
    result = Highlighted(body)
    result.n_spans = kept
    result.n_dropped = dropped
    result.n_left_out = left_out
    result.n_chars = len(text)
    result.n_chars_shown = sum(hi - lo for lo, hi in windows)
    result.n_paragraphs = len(para_bounds)
    result.n_paragraphs_shown = len({seg[2] for seg in segments})
    result.n_warned_later = warned_later
    return result
