"""Tables for the terminal: fitted to its width, columns the user picks, or exact CSV/JSON for pipes.

The readable table never wraps inside a word (a word too long for its column ends in ``…``) and
never prints a line longer than the width: ``COLUMNS`` when set, else the terminal's, else 80. Cell
text comes from articles and is untrusted: rich markup (``[bold]``, ``[link=...]``) prints literally
and control characters (an ANSI escape, a carriage return) are shown escaped, never sent to the
terminal. ``--csv`` and ``--json`` print every value exactly, without truncation or styling.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kit.errors import ParameterError, one_line

if TYPE_CHECKING:
    import pandas as pd

#: The narrowest table the kit draws; a smaller COLUMNS is raised to this.
MIN_WIDTH = 20
#: The width when neither COLUMNS nor a terminal says otherwise (stdout is a pipe or a file).
DEFAULT_WIDTH = 80
#: A column wraps at spaces only when some value is longer than this (shorter ones stay whole).
WRAP_ABOVE = 12
#: The widest a text column's floor gets (its longest word, up to this; longer words end in ``…``).
MIN_TEXT = 16
#: Text a column keeps before a narrower text column beside it is given its whole width.
COMFORT = 40
#: Spaces between two columns (one of padding, one of the blank divider).
GAP = 2


def width() -> int:
    """Columns to fit: ``COLUMNS`` if set, else the terminal's width, else 80 (at least :data:`MIN_WIDTH`)."""
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def pick_columns(df: pd.DataFrame, option: str | None, default: Sequence[str]) -> list[str]:
    """The columns ``--columns a,b,c`` names (``all``: every column), else ``default``; ParameterError if unknown."""
    if option is None:
        return [c for c in default if c in df.columns]
    names = [n.strip() for n in option.split(",") if n.strip()]
    if names == ["all"]:
        return list(df.columns)
    if not names:
        raise ParameterError("--columns", f"{option!r} names no column; e.g. --columns {','.join(default[:2])}")
    unknown = [n for n in names if n not in df.columns]
    if unknown:
        raise ParameterError("--columns", f"unknown column {', '.join(map(repr, unknown))}; this table has: "
                                          f"{', '.join(map(str, df.columns))} (or 'all')")
    return list(dict.fromkeys(names))


def cell_text(value: Any) -> str:
    """A value as one line of plain text for a table cell: missing → ``""``, control characters escaped."""
    if value is None:
        return ""
    try:
        import pandas as pd

        if not isinstance(value, (list, tuple, dict)) and pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        text = f"{value:.4g}"
    elif isinstance(value, (list, tuple)):
        text = ", ".join(cell_text(v) for v in value)
    else:
        text = str(value)
    return one_line(" ".join(text.split()) if not text.isprintable() else text)


def render_table(df: pd.DataFrame, columns: Sequence[str], *, max_width: int | None = None,
                 list_columns: Iterable[str] = (), color: bool = False) -> str:
    """``df[columns]`` as a text table at most ``max_width`` wide (default :func:`width`).

    Short columns (identifiers, numbers, labels) stay on one line; text columns share what is left and
    wrap at spaces (see :func:`fit_widths`); rows get a blank line between them once any cell wraps.
    Values in ``list_columns`` are ``|``-joined lists, shown as ``a, b, c`` so they can wrap between items.
    """
    import pandas as pd
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    max_width = max(MIN_WIDTH, max_width or width())
    lists = set(list_columns)
    headers = [cell_text(c) for c in columns]
    cells: list[list[str]] = []
    for col in columns:
        values = [cell_text(v) for v in df[col]]
        cells.append([", ".join(v.split("|")) for v in values] if col in lists else values)
    wraps = [any(" " in v and len(v) > WRAP_ABOVE for v in values) for values in cells]
    longest = [max(map(len, values), default=0) for values in cells]
    natural = [max(len(h), n) for h, n in zip(headers, longest, strict=True)]
    available = max_width - GAP * (len(columns) - 1)
    if sum(natural) > available:  # tight: a header may break after "_" ("start_" over "char")
        natural = [max(n, *map(len, header_lines(h))) for h, n in zip(headers, longest, strict=True)]
    words = [max([len(h), *(len(w) for v in values for w in v.split())])
             for h, values in zip(header_lines_all(headers), cells, strict=True)]
    widths = fit_widths(natural, words, wraps, available)
    squeezed = any(w < n for w, n, wrap in zip(widths, longest, wraps, strict=True) if wrap)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), expand=False,
                  header_style="bold" if color else "", highlight=False, leading=1 if squeezed else 0)
    for col, header, w, wrap in zip(columns, headers, widths, wraps, strict=True):
        numeric = pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col])
        shown = header if len(header) <= w else "\n".join(fit_lines(header_lines(header), w))
        table.add_column(Text(shown), justify="right" if numeric else "left", no_wrap=not wrap,
                         overflow="ellipsis", width=w)
    for row in zip(*cells, strict=True):
        table.add_row(*(Text(v) for v in row))
    buffer = io.StringIO()
    console = Console(file=buffer, width=max_width, color_system="standard" if color else None,
                      force_terminal=color, highlight=False, markup=False, emoji=False, legacy_windows=False)
    console.print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def header_lines(header: str) -> list[str]:
    """A column name broken after each ``_`` (``n_sentences`` → ``n_``, ``sentences``), for narrow columns."""
    return re.findall(r"[^_]*_|[^_]+", header) or [header]


def header_lines_all(headers: Sequence[str]) -> list[str]:
    """Each header's longest piece (see :func:`header_lines`)."""
    return [max(header_lines(h), key=len) for h in headers]


def fit_lines(pieces: Sequence[str], width: int) -> list[str]:
    """``pieces`` joined into as few lines of at most ``width`` characters as they allow."""
    lines: list[str] = []
    for piece in pieces:
        if lines and len(lines[-1]) + len(piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


def fit_widths(natural: Sequence[int], words: Sequence[int], wraps: Sequence[bool], available: int) -> list[int]:
    """Column widths summing to at most ``available``: every column whole if it fits, else text columns share.

    ``natural``: each column's longest value; ``words``: its longest word; ``wraps``: whether it may
    wrap. Columns that may not wrap keep their width; a narrow text column stays whole while the
    wider ones keep :data:`COMFORT` characters; the rest share what is left in proportion to their
    natural widths, each at least its longest word (up to :data:`MIN_TEXT`). When even that
    does not fit, the widest columns give up a character at a time (their values then end in ``…``).
    """
    widths = list(natural)
    if sum(widths) <= available:
        return widths
    flexible = [i for i, wrap in enumerate(wraps) if wrap]
    room = available - sum(n for i, n in enumerate(natural) if not wraps[i])
    floor = {i: min(natural[i], max(words[i], 1), MIN_TEXT) for i in flexible}
    if flexible and room >= sum(floor.values()):
        todo, left = set(flexible), room
        for i in sorted(flexible, key=lambda i: natural[i])[:-1]:  # narrow text whole, if the rest keep COMFORT
            rest = [j for j in todo if j != i]
            if left - natural[i] < sum(min(natural[j], COMFORT) for j in rest):
                break
            widths[i] = natural[i]
            left -= natural[i]
            todo.discard(i)
        while todo:  # give each its share; a column held at its floor or its natural width leaves the rest
            total = sum(natural[i] for i in todo)
            share = {i: left * natural[i] // total for i in todo}
            pinned = {i for i in todo if share[i] <= floor[i] or share[i] >= natural[i]}
            if not pinned:
                for i in todo:
                    widths[i] = share[i]
                break
            for i in pinned:
                widths[i] = floor[i] if share[i] <= floor[i] else natural[i]
                left -= widths[i]
            todo -= pinned
        return widths
    for i in flexible:
        widths[i] = floor[i]
    while sum(widths) > available and max(widths) > 1:  # trim the widest column, one character at a time
        widths[widths.index(max(widths))] -= 1
    return widths


def records_json(df: pd.DataFrame) -> str:
    """A table as a pretty JSON list of row objects: missing values ``null``, numbers as numbers, text exact."""
    data = json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False))
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def wrap(text: str, max_width: int | None = None) -> str:
    """A paragraph wrapped at spaces to ``max_width`` (default :func:`width`); long words stay whole."""
    return textwrap.fill(text, width=max_width or width(), break_long_words=False, break_on_hyphens=False)


def emit_table(df: pd.DataFrame, *, default: Sequence[str], columns: str | None = None, as_csv: bool = False,
               as_json: bool = False, empty: str = "nothing found", list_columns: Iterable[str] = ()) -> None:
    """Print ``df`` the way the user asked: a fitted table of ``default`` (or ``--columns``), CSV or JSON.

    CSV and JSON hold every column unless ``--columns`` names some, and print even an empty table
    (a header, or ``[]``) so a pipe always gets well-formed data.
    """
    import click

    from kit.export import csv_text

    if as_csv and as_json:
        raise ParameterError("--csv/--json", "choose one output format, not both")
    if as_csv or as_json:
        chosen = pick_columns(df, columns, list(df.columns))
        click.echo(csv_text(df[chosen]) if as_csv else records_json(df[chosen]), nl=False)
        return
    chosen = pick_columns(df, columns, default)
    if df.empty:
        click.echo(empty)
        return
    color = sys.stdout.isatty()
    click.echo(render_table(df, chosen, list_columns=list_columns, color=color), nl=False)
