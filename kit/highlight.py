"""Show spans of an article in context: HTML with each span marked and coloured by label.

Any table with ``start_char``, ``end_char`` and ``label`` columns (mentions, dates,
attributions) can be shown this way. The article is untrusted text, so every piece of it,
and every label and tooltip, goes through :func:`html.escape`; the output holds no script,
no event handler and nothing fetched from the network.

The label is written next to each mark in small capitals, so colour is never the only cue.
"""

from __future__ import annotations

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
    """HTML of a highlighted article: a ``str`` that a notebook displays as HTML."""

    n_spans: int = 0
    n_dropped: int = 0

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        extra = f", {self.n_dropped} dropped (overlapping or crossing a paragraph)" if self.n_dropped else ""
        return f"<highlighted article: {self.n_spans} spans{extra}>"


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


def _legend(labels: Sequence[str]) -> str:
    chips = []
    for lab in labels:
        bg, fg = LABEL_COLORS.get(lab, _DEFAULT)
        chips.append(
            f'<span style="background:{bg};color:{fg};border:1px solid {fg};border-radius:3px;white-space:nowrap;'
            f'display:inline-block;padding:0 4px;margin:0 6px 4px 0;font-size:0.8em">'
            f"{_e(lab)} · {_e(words(ENTITY, lab) if lab in ENTITY else lab.lower())}</span>"
        )
    return '<p class="kit-legend" style="margin:0 0 6px 0">' + "".join(chips) + "</p>"


def highlight(
    article: Article,
    spans: pd.DataFrame,
    *,
    label: str = "label",
    tooltip: Sequence[str] = (),
    badge: str | None = None,
    warn: str | None = None,
    legend: bool = True,
) -> Highlighted:
    """The article as HTML paragraphs with each span of ``spans`` in a coloured ``<mark>``.

    Spans must point into ``article.text``: a row whose ``text`` column disagrees with the
    article (a table from another article) raises :class:`~kit.errors.DataError` naming it.
    Overlapping spans keep the first (then longest); spans crossing a paragraph are dropped.

    ``tooltip`` names columns shown on hover; ``badge`` a column whose value is written after the
    label ("gpe · metonym"); ``warn`` a boolean column whose true rows get a red wavy underline
    and a ⚠ sign (for example a misnamed person).
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
    out = []
    labels_used: list[str] = []
    kept = dropped = 0
    para_bounds = [(p.start, p.end) for p in article.paragraphs] or [(0, len(text))]
    r = 0
    for p_start, p_end in para_bounds:
        pieces = []
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
            bg, fg = LABEL_COLORS.get(lab, _DEFAULT)
            tip = " · ".join(str(rec[c]) for c in tooltip if c in rec and not _blank(rec[c]))
            tag = lab.lower()
            if badge and not _blank(rec.get(badge)) and str(rec.get(badge)):
                tag += f" · {rec[badge]}"
            flagged = bool(warn) and not _blank(rec.get(warn)) and bool(rec.get(warn))
            line = (f"text-decoration:underline wavy {_WARN};text-decoration-skip-ink:none;" if flagged
                    else f"border-bottom:2px solid {fg};")
            pieces.append(_e(text[pos:start]))
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
        out.append(f'<p style="margin:0 0 0.8em 0">{"".join(pieces)}</p>')
    dropped += len(rows) - r
    head = _legend(sorted(labels_used)) if legend and labels_used else ""
    body = (
        '<div class="kit-highlight" style="line-height:1.8;max-width:48em;font-family:Georgia,serif">'
        + head
        + "\n".join(out)
        + "</div>"
    )
    result = Highlighted(body)
    result.n_spans = kept
    result.n_dropped = dropped
    return result
