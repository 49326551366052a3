"""Making untrusted article text safe where editors meet it: spreadsheets and HTML pages.

* :func:`neutralise_formula` / :func:`safe_text_cells`: a CSV cell that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is run as a formula by Excel, LibreOffice and Google
  Sheets (CSV injection: ``=HYPERLINK("http://evil", "click")``). Such text cells get a leading
  single quote, which spreadsheets show as text; numbers (and text that is just a number, such
  as ``-3.5``) are left as they are.
* :func:`neutralise_bidi`: bidirectional controls (U+202A-U+202E, U+2066-U+2069, ...) and other
  invisible format characters can make a quotation read differently from what it holds
  ("Trojan Source"). For display, each is replaced by a visible marker such as ``⟨U+202E⟩``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]+)*|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?%?")

#: Bidirectional controls: embeddings, overrides, isolates and the directional marks.
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)] + ["\u200e", "\u200f", "\u061c"]
)
#: Format characters that join or shape letters in real text (Persian, Indic scripts, emoji): kept.
_KEEP_FORMAT = frozenset({"\u200c", "\u200d"})


def neutralise_formula(value: Any) -> Any:
    """``value`` safe for a spreadsheet cell: text starting with ``= + - @``, tab or CR gets a ``'`` prefix.

    Anything that is not a string (numbers, None, NaN, dates) and strings that are plain numbers
    (``"-12"``, ``"+3.5e2"``) come back unchanged.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_text_cells(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells are passed through :func:`neutralise_formula`.

    Only text columns (object or string dtype; categories too) are touched, and in them only
    strings: a numeric column (a negative count, a score of ``-0.5``) stays numeric.
    """
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        series = out[col]
        if isinstance(series.dtype, pd.CategoricalDtype):
            out[col] = series.cat.rename_categories(
                {c: neutralise_formula(c) for c in series.cat.categories if isinstance(c, str)})
        elif series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out[col] = series.map(neutralise_formula, na_action="ignore")
    return out


def _is_hidden(ch: str) -> bool:
    return ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cf" and ch not in _KEEP_FORMAT)


def neutralise_bidi(text: str) -> str:
    """``text`` with bidi controls and invisible format characters shown as ``⟨U+XXXX⟩`` markers.

    For HTML display (escape the result as usual): a right-to-left override can no longer
    reverse what an editor reads, and a zero-width space is seen. Zero-width joiners and
    non-joiners (needed by Persian, Indic scripts and emoji) are kept. Offsets change, so use
    this only on the text being displayed, never on ``Article.text``.
    """
    if not isinstance(text, str):
        text = str(text)
    if text.isascii():
        return text
    return "".join(f"\u27e8U+{ord(ch):04X}\u27e9" if _is_hidden(ch) else ch for ch in text)
