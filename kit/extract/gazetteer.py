"""The gazetteer: known entities and every surface form that names them, checked and compiled.

``data/entities.csv`` (schema in ``data/datapackage.json``) has one row per entity with its
name and ``|``-separated lists of aliases, metonyms (capitals standing for states), demonyms
and misnamings. :func:`load_gazetteer` reads and checks it; :func:`compile_gazetteer` turns the
rows into a :class:`Matcher` that finds every surface form in a text in one pass.

Why one pass: a regex per alias rescans the text once per alias (hundreds of passes); here all
forms go into one trie-shaped regex, so Python's regex engine skips every character that cannot
start a form and tries only the branches that match (see ``bench/bench_entities.py``).

Matching rules (what a reader would expect from an index of names):

* case-sensitive, because capitals mark names in news text ("US" vs "us", "Turkey" vs "turkey",
  "Trump" vs "trump card"); an ALL-CAPS copy of every form is matched too (headlines), and a
  Title Case copy of multi-word forms ("F-35 Program");
* whole words only: no letter, digit or underscore may touch either end;
* the longest form wins ("F-35 Joint Strike Fighter program" over "F-35");
* a possessive ("Turkey’s", "Turkey's") leaves the name alone, and weapon systems also match
  with a plural "s" ("S-400s", "F-35s").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kit.errors import DataError
from kit.paths import DATA_DIR, display_path

if TYPE_CHECKING:
    import pandas as pd

#: Name of the gazetteer resource in data/datapackage.json.
RESOURCE = "entities"
#: The default gazetteer file.
GAZETTEER_PATH = DATA_DIR / "entities.csv"
#: Columns holding surface forms, and the surface kind each gives a mention.
FORM_COLUMNS = {"name": "name", "aliases": "alias", "metonyms": "metonym", "demonyms": "demonym",
                "misnamings": "misnaming"}
#: Surface kinds, from most to least direct.
SURFACE_KINDS = ("name", "alias", "metonym", "demonym", "misnaming")
#: Entity kinds whose forms also match with a plural "s" ("S-400s").
PLURAL_KINDS = frozenset({"weapon_system"})
#: Columns every gazetteer needs (the file has more: description, basis, source_url, ...).
REQUIRED_COLUMNS = ("entity_id", "name", "label", "kind")
#: Longest surface form accepted (longer strings are almost certainly a pasting mistake).
MAX_FORM_CHARS = 120


@dataclass(frozen=True)
class Surface:
    """One surface form of one entity, as the gazetteer gives it.

    ``form`` is the string as written in the gazetteer; ``label`` is the label a mention of this
    form gets (NORP for demonyms, else the entity's label).
    """

    entity_id: str
    name: str
    form: str
    surface_kind: str
    label: str
    plural: bool
    note: str = ""


class Entry(NamedTuple):
    """What a matched string means: its :class:`Surface`, and whether it is a case or plural variant."""

    surface: Surface
    case_variant: bool
    plural: bool


#: A match: ``(start, end, entry)`` with ``text[start:end]`` the matched string. Plain tuples,
#: because a text can hold hundreds of thousands of them (see bench/bench_entities.py).
Hit = tuple[int, int, Entry]


# ---------------------------------------------------------------------------------------------
# Loading and checking
# ---------------------------------------------------------------------------------------------


def load_gazetteer(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a gazetteer CSV (default ``data/entities.csv``); return it as a DataFrame.

    Errors (:class:`~kit.errors.DataError`) name the file, the 1-based row and the problem:
    a missing or duplicate ``entity_id``, an empty alias (``"a||b"``), a form claimed by two
    entities, an unknown label or kind, a sourced row without ``source_url``.
    """
    csv_path = Path(path) if path is not None else GAZETTEER_PATH
    try:
        stat = csv_path.stat()
    except OSError:
        return _read(str(csv_path))  # raises the DataError that names the missing file
    return _read_cached(str(csv_path), stat.st_mtime_ns, stat.st_size).copy()


def _read(path: str) -> pd.DataFrame:
    from kit.schema import read_curated

    df = read_curated(RESOURCE, path)
    check_gazetteer(df, display_path(path))
    return df


@lru_cache(maxsize=8)
def _read_cached(path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    """The checked gazetteer, read again only when the file changes (its mtime or size)."""
    return _read(path)


def check_gazetteer(gazetteer: pd.DataFrame, source: str = "gazetteer") -> None:
    """Check a gazetteer frame (schema, then surface forms); raise DataError naming the row.

    Use it on a gazetteer edited in a notebook; :func:`~kit.entities.find_mentions` calls it for
    you. Only ``entity_id``, ``name``, ``label`` and ``kind`` are required in a frame; the other
    columns are checked when present.
    """
    from kit.schema import TableSchema, curated_schema

    schema = curated_schema(RESOURCE)
    missing = [c for c in REQUIRED_COLUMNS if c not in gazetteer.columns]
    if missing:
        raise DataError(source, f"missing column(s): {', '.join(missing)}")
    # A frame built in a notebook may leave out optional columns (description, note, ...).
    present = tuple(f for f in schema.fields if f.name in gazetteer.columns)
    TableSchema(schema.name, schema.description, present, schema.primary_key).validate(gazetteer, source)
    surfaces(gazetteer, source)


def _split(value: Any) -> list[str] | None:
    """Split a ``|``-separated cell; None for an empty cell, "" items kept so they can be reported."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    if not text.strip():
        return None
    return [unicodedata.normalize("NFC", " ".join(part.split())) for part in text.split("|")]


def _clean(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def surfaces(gazetteer: pd.DataFrame, source: str = "gazetteer") -> list[Surface]:
    """Every surface form of every entity, checked: one form, one entity.

    Raises DataError naming the row for an empty form, an over-long form, a form without any
    letter or digit, a form listed twice in one row under different kinds, a form claimed by two
    entities, or a sourced row without a source URL.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in gazetteer.columns]
    if missing:
        raise DataError(source, f"missing column(s): {', '.join(missing)}")
    out: list[Surface] = []
    owner: dict[str, tuple[int, str, str]] = {}  # form -> (row, entity_id, column)
    for i, row in enumerate(gazetteer.to_dict("records"), start=1):
        eid = _clean(row.get("entity_id"))
        where = f"row {i} (entity_id={eid!r})"
        if not eid:
            raise DataError(source, f"row {i} (entity_id=None): entity_id is required but empty")
        sourced = "basis" in row and _clean(row.get("basis")) != "assumption"
        if sourced and "source_url" in row and not _clean(row.get("source_url")):
            raise DataError(source, f"{where}: source_url is empty; give a source or set basis=assumption")
        kind = _clean(row.get("kind"))
        label = _clean(row.get("label"))
        name = _clean(row.get("name"))
        note = _clean(row.get("note"))
        seen_here: dict[str, str] = {}
        for column, surface_kind in FORM_COLUMNS.items():
            if column not in row:
                continue
            forms = [name] if column == "name" else _split(row.get(column))
            if forms is None:
                continue
            for form in forms:
                if not form:
                    raise DataError(
                        source, f"{where}: {column} has an empty item (look for '||' or a '|' at either end)"
                    )
                if len(form) > MAX_FORM_CHARS:
                    raise DataError(
                        source, f"{where}: {column} item {form[:40]!r}... is over {MAX_FORM_CHARS} characters"
                    )
                if not any(ch.isalnum() for ch in form):
                    raise DataError(source, f"{where}: {column} item {form!r} has no letter or digit")
                if form in seen_here:
                    if seen_here[form] != column and not (column == "aliases" and seen_here[form] == "name"):
                        raise DataError(
                            source, f"{where}: {form!r} is listed under both {seen_here[form]} and {column}"
                        )
                    continue
                if form in owner:
                    j, other, other_col = owner[form]
                    raise DataError(
                        source,
                        f"{where}: {column} item {form!r} is already claimed by row {j} (entity_id={other!r}, "
                        f"{other_col}); a surface form must point to one entity",
                    )
                seen_here[form] = column
                owner[form] = (i, eid, column)
                out.append(Surface(
                    entity_id=eid,
                    name=name,
                    form=form,
                    surface_kind=surface_kind,
                    label="NORP" if surface_kind == "demonym" else label,
                    plural=kind in PLURAL_KINDS,
                    note=note if surface_kind == "misnaming" else "",
                ))
    return out


def add_form(
    gazetteer: pd.DataFrame, entity_id: str, form: str, column: str = "aliases"
) -> pd.DataFrame:
    """A copy of ``gazetteer`` with ``form`` added to one entity's ``column`` (default: aliases).

    The copy is checked, so a form another entity already claims raises a DataError at once.
    """
    if column not in FORM_COLUMNS or column == "name":
        raise ValueError(f"column must be one of {', '.join(c for c in FORM_COLUMNS if c != 'name')}")
    out = gazetteer.copy()
    hits = out.index[out["entity_id"] == entity_id]
    if len(hits) == 0:
        raise DataError("gazetteer", f"no entity_id {entity_id!r}")
    current = _clean(out.at[hits[0], column]) if column in out.columns else ""
    out[column] = out[column].astype("object") if column in out.columns else None
    out.at[hits[0], column] = f"{current}|{form}" if current else form
    check_gazetteer(out, "gazetteer")
    return out


# ---------------------------------------------------------------------------------------------
# Compiling and matching
# ---------------------------------------------------------------------------------------------


def _variants(form: str) -> list[str]:
    """Case variants matched besides the form itself: ALL CAPS, and Title Case for multi-word forms."""
    out = []
    upper = form.upper()
    if upper != form and len(upper) == len(form):
        out.append(upper)
    words = form.split(" ")
    if len(words) > 1:
        title = " ".join(w[:1].upper() + w[1:] if w[:1].islower() else w for w in words)
        if title != form:
            out.append(title)
    return out


def _trie_regex(forms: list[str]) -> str:
    """A regex matching any of ``forms`` as whole words, shaped like a trie.

    At each branch point the longer continuation is tried first (greedy optional groups), so the
    first match at a position is the longest form that ends at a word boundary. The left word
    boundary is a lookbehind placed *after* the first character, so the pattern still starts
    with a plain set of first characters and the engine skips, in C, every position that cannot
    start a form.
    """
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any], depth: int) -> str:
        terminal = "" in node
        guard = r"(?<!\w[\s\S])" if depth == 0 else ""
        branches = [re.escape(ch) + guard + build(sub, depth + 1) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if terminal:
            return f"(?:{body})?"
        return body

    return build(trie, 0) + r"(?!\w)"


class Matcher:
    """All surface forms of a gazetteer compiled into one regex; :meth:`scan` finds them in a text."""

    def __init__(self, forms: list[Surface]) -> None:
        self.surfaces = tuple(forms)
        table: dict[str, Entry] = {s.form: Entry(s, False, False) for s in forms}
        clashes: set[str] = set()
        generated: list[tuple[str, Entry]] = []
        for s in forms:
            for variant in _variants(s.form):
                generated.append((variant, Entry(s, True, False)))
        for s in forms:
            if s.plural:
                generated.append((s.form + "s", Entry(s, False, True)))
                generated.extend((v + "s", Entry(s, True, True)) for v in _variants(s.form))
        for variant, entry in generated:
            current = table.get(variant)
            if current is None:
                table[variant] = entry
            elif not (current.case_variant or current.plural):
                continue  # a form written in the gazetteer beats a generated variant
            elif current.surface.entity_id != entry.surface.entity_id:
                clashes.add(variant)  # two entities' variants collide: match neither
        for variant in clashes:
            table.pop(variant, None)
        self._table = table
        self.regex = re.compile(_trie_regex(sorted(table)) if table else r"(?!x)x")

    def __len__(self) -> int:
        return len(self._table)

    def forms(self) -> list[str]:
        """Every string matched, variants included, sorted."""
        return sorted(self._table)

    def scan(self, text: str) -> list[Hit]:
        """Non-overlapping hits ``(start, end, entry)``, left to right, the longest form at each position."""
        table = self._table
        return [(*m.span(), table[m.group()]) for m in self.regex.finditer(text)]


def _key(gazetteer: pd.DataFrame) -> tuple[tuple[str, ...], ...]:
    cols = [c for c in ("entity_id", "name", "label", "kind", *FORM_COLUMNS, "note") if c in gazetteer.columns]
    cols = list(dict.fromkeys(cols))
    rows = (tuple(_clean(v) for v in row) for row in gazetteer[cols].itertuples(index=False, name=None))
    return (tuple(cols), *rows)


@lru_cache(maxsize=16)
def _compiled(key: tuple[tuple[str, ...], ...]) -> Matcher:
    import pandas as pd

    cols, rows = list(key[0]), key[1:]
    frame = pd.DataFrame(list(rows), columns=cols)
    return Matcher(surfaces(frame))


@lru_cache(maxsize=8)
def _compiled_file(path: str, mtime_ns: int, size: int) -> Matcher:
    return _compiled(_key(_read_cached(path, mtime_ns, size)))


def compile_gazetteer(gazetteer: pd.DataFrame | str | Path | None = None, source: str = "gazetteer") -> Matcher:
    """A :class:`Matcher` for a gazetteer frame (checked first) or path; cached by content."""
    if gazetteer is None or isinstance(gazetteer, (str, Path)):
        csv_path = Path(gazetteer) if gazetteer is not None else GAZETTEER_PATH
        try:
            stat = csv_path.stat()
        except OSError:
            stat = None
        if stat is not None:  # the file as it is now: compiled once, again only when it changes
            return _compiled_file(str(csv_path), stat.st_mtime_ns, stat.st_size)
        gazetteer = load_gazetteer(gazetteer)
    else:
        check_gazetteer(gazetteer, source)
    return _compiled(_key(gazetteer))
