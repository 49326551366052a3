"""Table schemas: each table's columns, types and meaning, in one place.

A :class:`TableSchema` documents a table (for data/README.md and datapackage.json), builds an
empty frame with the right columns, puts a frame's columns in order with stable dtypes (so the
same input gives byte-identical CSV), and validates curated tables row by row with errors that
name the file, the row and the problem.

Curated tables in data/ take their schema from ``data/datapackage.json`` (the single source of
truth, Frictionless Table Schema); computed tables (mentions, dates, ...) declare theirs in the
module that makes them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.errors import DataError
from kit.paths import DATA_DIR, display_path

if TYPE_CHECKING:
    import pandas as pd

# Frictionless type -> pandas dtype used when conforming a frame.
_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
    "date": "string",
    "datetime": "string",
    "year": "Int64",
    "any": "object",
    "array": "object",
    "object": "object",
}


@dataclass(frozen=True)
class Field:
    """One column: its name, Frictionless type, meaning and constraints."""

    name: str
    type: str = "string"
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    example: str | None = None

    def to_frictionless(self) -> dict[str, Any]:
        """This field as a Frictionless Table Schema field descriptor."""
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.description:
            out["description"] = self.description
        if self.example is not None:
            out["example"] = self.example
        cons: dict[str, Any] = {}
        if self.required:
            cons["required"] = True
        if self.unique:
            cons["unique"] = True
        if self.enum:
            cons["enum"] = list(self.enum)
        if self.pattern:
            cons["pattern"] = self.pattern
        if self.minimum is not None:
            cons["minimum"] = self.minimum
        if self.maximum is not None:
            cons["maximum"] = self.maximum
        if cons:
            out["constraints"] = cons
        return out

    @classmethod
    def from_frictionless(cls, d: dict[str, Any]) -> Field:
        """Build a Field from a Frictionless field descriptor."""
        c = d.get("constraints", {})
        return cls(
            name=d["name"],
            type=d.get("type", "string"),
            description=d.get("description", ""),
            required=bool(c.get("required", False)),
            unique=bool(c.get("unique", False)),
            enum=tuple(c["enum"]) if "enum" in c else None,
            pattern=c.get("pattern"),
            minimum=c.get("minimum"),
            maximum=c.get("maximum"),
            example=d.get("example"),
        )


@dataclass(frozen=True)
class TableSchema:
    """A table's name, description, ordered fields and primary key."""

    name: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    title: str = ""
    sort_by: tuple[str, ...] = field(default=())

    @property
    def columns(self) -> list[str]:
        """Column names in order."""
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def empty(self) -> pd.DataFrame:
        """An empty frame with this schema's columns and dtypes (a new copy each call: callers may add to it)."""
        return _empty(self.fields, self.sort_by).copy()

    def conform(self, df: pd.DataFrame) -> pd.DataFrame:
        """Columns in schema order (missing ones added as empty) with stable dtypes and sort.

        Builds the frame in one go (no column-by-column inserts, no copies) and leaves columns
        that already have the right dtype alone: ``analyze`` conforms dozens of small tables per
        article, so a frame already in shape costs next to nothing.
        """
        want = self._dtypes()
        arrays = column_arrays(df)
        have = {name: str(arr.dtype) for name, arr in arrays.items()} if arrays is not None else dict(
            zip(df.columns, (str(t) for t in df.dtypes.tolist()), strict=True))
        if list(have) == self.columns and all(have[name] == dtype for name, dtype in want):
            return self._finish(df.copy(deep=False))
        data: dict[str, Any] = {}
        n = len(df)
        for name, dtype in want:
            if name not in have:
                data[name] = _typed([None] * n, dtype)
                continue
            arr = arrays[name] if arrays is not None else df[name].array
            data[name] = arr if have[name] == dtype else _as_dtype(arr, dtype)
        if any(dtype == "object" for _, dtype in want):  # pandas then infers ``str`` for a column of strings
            import pandas as pd

            return self._finish(pd.DataFrame(data, index=df.index, copy=False))
        return self._finish(_frame(data, n))  # _finish numbers the rows from 0, whatever df's index was

    def from_records(self, records: list[dict[str, Any]]) -> pd.DataFrame:
        """The conformed table of ``records`` (dicts keyed by column; missing keys are empty).

        The same table as ``conform(pd.DataFrame(records))``, typed straight from the Python
        values: no frame of inferred dtypes is built only to be converted again.
        """
        return self.from_columns({name: [r.get(name) for r in records] for name in self.columns})

    def from_columns(self, columns: dict[str, list[Any]]) -> pd.DataFrame:
        """The conformed table of ``columns`` (name -> list of values; a missing name is empty).

        The same table as ``conform(pd.DataFrame(columns))`` for lists of Python values.
        """

        n = max((len(v) for v in columns.values()), default=0)
        want = self._dtypes()
        strings = _string_arrays({name: columns[name] for name, dtype in want if dtype == "string" and name in columns})
        data = {name: strings[name] if name in strings else _typed(columns.get(name, [None] * n), dtype)
                for name, dtype in want}
        if self.sort_by and n > 1:
            keys = [list(columns[k]) if k in columns else [None] * n for k in self.sort_by]
            if _ascending(keys[0] if len(keys) == 1 else list(zip(*keys, strict=True)), len(keys) > 1):
                return _frame(data, n)  # already in order: the sort in _finish would keep it as it is
        return self._finish(_frame(data, n))

    def _dtypes(self) -> tuple[tuple[str, str], ...]:
        """(column, pandas dtype name) in order."""
        return _schema_dtypes(self.fields)

    def _finish(self, out: pd.DataFrame) -> pd.DataFrame:
        """Sort by :attr:`sort_by` (stable) and number the rows from 0."""
        import pandas as pd

        if self.sort_by and len(out) > 1:
            keys = list(self.sort_by)
            arrays = column_arrays(out, keys)
            columns = [_pylist(out[k]) if arrays is None else _values(arrays[k], out, k) for k in keys]
            if not _ascending(columns[0] if len(keys) == 1 else list(zip(*columns, strict=True)), len(keys) > 1):
                out = out.sort_values(keys, kind="stable")
        if isinstance(out.index, pd.RangeIndex) and out.index.start == 0 and out.index.step == 1:
            return out
        return out.reset_index(drop=True)

    def to_frictionless(self) -> dict[str, Any]:
        """This schema as a Frictionless Table Schema."""
        out: dict[str, Any] = {"fields": [f.to_frictionless() for f in self.fields]}
        if self.primary_key:
            out["primaryKey"] = list(self.primary_key)
        return out

    def markdown(self) -> str:
        """A data-dictionary table in Markdown: column, type, required, meaning."""
        rows = ["| column | type | required | meaning |", "|---|---|---|---|"]
        for f in self.fields:
            extra = f" One of: {', '.join(f.enum)}." if f.enum else ""
            rows.append(f"| `{f.name}` | {f.type} | {'yes' if f.required else ''} | {f.description}{extra} |")
        return "\n".join(rows)

    def validate(self, df: pd.DataFrame, source: str) -> None:
        """Check required, unique, enum, pattern and range constraints; raise on the first bad row.

        The error names ``source``, the 1-based data row (header is row 0), the row's key and
        the problem, e.g. ``data/entities.csv row 12 (entity_id='nato'): duplicate entity_id``.
        """
        missing = [c for c in self.columns if c not in df.columns]
        if missing:
            raise DataError(source, f"missing column(s): {', '.join(missing)}")
        key = self.primary_key[0] if self.primary_key else self.columns[0]
        seen: dict[str, dict[Any, int]] = {f.name: {} for f in self.fields if f.unique}
        for i, row in enumerate(df.to_dict("records"), start=1):
            shown = None if _is_blank(row.get(key)) and not isinstance(row.get(key), str) else row.get(key)
            where = f"row {i} ({key}={shown!r})"
            for f in self.fields:
                value = row.get(f.name)
                blank = _is_blank(value)
                if blank:
                    if f.required:
                        raise DataError(source, f"{where}: {f.name} is required but empty")
                    continue
                text = str(value)
                if f.enum and text not in f.enum:
                    raise DataError(
                        source, f"{where}: {f.name}={text!r} is not one of {', '.join(f.enum)}"
                    )
                if f.pattern and not re.fullmatch(f.pattern, text):
                    raise DataError(source, f"{where}: {f.name}={text!r} does not match {f.pattern}")
                if f.type in ("integer", "number"):
                    try:
                        num = float(value)
                    except (TypeError, ValueError):
                        raise DataError(source, f"{where}: {f.name}={text!r} is not a number") from None
                    if f.minimum is not None and num < f.minimum:
                        raise DataError(source, f"{where}: {f.name}={text} is below {f.minimum}")
                    if f.maximum is not None and num > f.maximum:
                        raise DataError(source, f"{where}: {f.name}={text} is above {f.maximum}")
                if f.type == "date":
                    import datetime as dt

                    try:
                        dt.date.fromisoformat(text)
                    except ValueError:
                        raise DataError(source, f"{where}: {f.name}={text!r} is not a date (YYYY-MM-DD)") from None
                if f.unique:
                    if value in seen[f.name]:
                        raise DataError(
                            source,
                            f"{where}: duplicate {f.name} {text!r} (first at row {seen[f.name][value]})",
                        )
                    seen[f.name][value] = i


@cache
def _schema_dtypes(fields: tuple[Field, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((f.name, _DTYPES.get(f.type, "object")) for f in fields)


@cache
def _empty(fields: tuple[Field, ...], sort_by: tuple[str, ...]) -> pd.DataFrame:
    """The empty frame of a schema, made once (:meth:`TableSchema.empty` hands out copies)."""
    import pandas as pd

    return TableSchema(name="empty", description="", fields=fields, sort_by=sort_by).conform(
        pd.DataFrame({f.name: [] for f in fields}))


@cache
def _dtype_object(dtype: str) -> Any:
    """The pandas dtype object for a dtype name (looking a name up costs more than the conversion)."""
    import pandas as pd

    return pd.api.types.pandas_dtype(dtype)


def _frame(data: dict[str, Any], n: int) -> pd.DataFrame:
    """A frame of typed columns (:func:`_typed`), numbered from 0, without pandas re-checking each one.

    The columns are already what the frame will hold (numpy arrays or pandas extension arrays of
    length ``n``): ``DataFrame._from_arrays`` skips the per-column sanitising that costs more than
    a small table's values. Falls back to ``pd.DataFrame`` where that constructor is missing.
    """
    import numpy as np
    import pandas as pd

    arrays = [np.asarray(a) if isinstance(a, pd.arrays.NumpyExtensionArray) else a for a in data.values()]
    make = getattr(pd.DataFrame, "_from_arrays", None)
    if make is not None:
        try:
            return make(arrays, columns=_column_index(tuple(data)).view(), index=pd.RangeIndex(n),
                        verify_integrity=False)
        except (TypeError, ValueError):
            pass
    return pd.DataFrame(dict(zip(data, arrays, strict=True)), copy=False)


@lru_cache(maxsize=256)
def _column_index(names: tuple[str, ...]) -> pd.Index:
    """The column index of a schema's frames, made once (each frame gets a view: making one costs more than a
    small table's values; a view shares the labels, never a name set on another frame's columns)."""
    import pandas as pd

    return pd.Index(list(names))


def _as_dtype(arr: Any, dtype: str) -> Any:
    """Column ``arr`` (numpy or pandas array) as ``dtype`` (see :data:`_DTYPES`): what ``Series.astype`` gives.

    Converts the array itself: a Series per column costs more than a small column's conversion.
    """
    import numpy as np
    import pandas as pd

    if dtype == "string" and isinstance(arr.dtype, pd.StringDtype):  # pandas' str dtype (NaN missing) -> NA
        strings = getattr(arr, "_pa_array", None)
        if strings is not None and _dtype_object("string").storage == "pyarrow":
            return pd.arrays.ArrowStringArray(strings, dtype=_dtype_object("string"))  # the same Arrow strings
        return arr.astype(_dtype_object("string"))
    if dtype == "string":
        return _typed(arr.astype(object) if isinstance(arr, np.ndarray) else arr.to_numpy(dtype=object), dtype)
    try:
        from pandas.core.dtypes.astype import astype_array_safe  # what Series.astype runs on its values
    except ImportError:  # another pandas: the public route
        return pd.Series(arr, copy=False).astype(_dtype_object(dtype)).array
    return astype_array_safe(arr, _dtype_object(dtype), copy=True)


def _ascending(values: list[Any], tuples: bool = False) -> bool:
    """True when ``values`` has no missing value and never decreases (a stable sort would keep it).

    With ``tuples``, each value is a tuple of sort keys, none of which may be missing.
    """
    try:
        present = (all(x is not None and x == x for x in v) for v in values) if tuples else (
            v is not None and v == v for v in values)
        return all(present) and all(a <= b for a, b in pairwise(values))
    except TypeError:  # NA, or values that do not compare
        return False


def _typed(values: Any, dtype: str) -> Any:
    """A column of ``dtype`` (see :data:`_DTYPES`) from Python values; None, NaN and NA are missing."""
    import numpy as np
    import pandas as pd

    if dtype == "object":
        out = np.empty(len(values), dtype=object)
        out[:] = list(values)
        return out
    if dtype == "Int64" and all(type(v) is int for v in values):  # nothing missing: the usual column
        try:
            return pd.arrays.IntegerArray(np.array(values, dtype=np.int64), np.zeros(len(values), dtype=bool))
        except OverflowError:
            return pd.array(values, dtype=_dtype_object(dtype))
    if dtype == "Int64" and all(type(v) is int or v is None for v in values):
        try:
            data = np.fromiter((0 if v is None else v for v in values), dtype=np.int64, count=len(values))
        except OverflowError:
            return pd.array(values, dtype=_dtype_object(dtype))
        mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
        return pd.arrays.IntegerArray(data, mask)
    if dtype == "float64":
        return pd.array([np.nan if v is None or v is pd.NA else v for v in values], dtype=_dtype_object(dtype))
    if dtype == "boolean" and all(type(v) is bool or v is None for v in values):
        mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
        data = np.fromiter((v is True for v in values), dtype=bool, count=len(values))
        return pd.arrays.BooleanArray(data, mask)
    if dtype == "string":
        strings = _strings(values)
        if strings is not None:
            return strings
    return pd.array(values, dtype=_dtype_object(dtype))


def _string_arrays(columns: dict[str, list[Any]]) -> dict[str, Any]:
    """:func:`_strings` of each column, the columns of Python strs made by Arrow in one call for the whole table.

    Making an Arrow array costs more than a small column's values: one array for all the string
    columns of a table, cut into columns (without copying), is most of a table's strings for the
    price of one. A column holding something else than strings and missing values is left out.
    """
    import pandas as pd

    if _dtype_object("string").storage != "pyarrow" or not columns:
        return {}
    import pyarrow as pa

    clean: dict[str, list[Any]] = {}
    for name, values in columns.items():
        col = _clean_strings(values)
        if col is not None:
            clean[name] = col
    try:
        data = pa.array([v for values in clean.values() for v in values], type=pa.large_string())
    except (pa.ArrowException, TypeError, ValueError):
        return {}
    out, at = {}, 0
    for name, values in clean.items():
        out[name] = pd.arrays.ArrowStringArray(data.slice(at, len(values)), dtype=_dtype_object("string"))
        at += len(values)
    return out


def _clean_strings(values: Any) -> Any:
    """``values`` with NaN and NA as None when every value is a str or missing, else None."""
    import pandas as pd

    clean = None
    for i, v in enumerate(values):
        if type(v) is str or v is None:
            continue
        if v is pd.NA or (type(v) is float and v != v):
            if clean is None:
                clean = list(values)
            clean[i] = None
            continue
        return None
    return values if clean is None else clean


def _strings(values: Any) -> Any:
    """The ``string`` array of Python strs and missing values (None, NaN, NA), built by Arrow in one pass.

    The array ``pd.array(values, dtype="string")`` gives, without its value-by-value checks (the
    slowest part of making a table); None when a value is not a str (then pandas converts it).
    """
    return _string_arrays({"values": values}).get("values")


def records(df: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """``df.to_dict("records")`` (optionally only ``columns``), built column by column: much faster.

    Values are Python objects as ``to_dict`` gives them (``int``, ``str``, None for NA, ``nan`` ...).
    """
    cols = df.columns.tolist() if columns is None else list(columns)
    arrays = column_arrays(df, None if columns is None else cols)
    values = [_pylist(df[c]) if arrays is None else _values(arrays[c], df, c) for c in cols]
    if not cols:
        return [{} for _ in range(len(df))]
    return [dict(zip(cols, row, strict=True)) for row in zip(*values, strict=True)]


def column_arrays(df: pd.DataFrame, columns: list[str] | None = None) -> dict[str, Any] | None:
    """Column name -> its array (numpy or pandas extension array), without building a Series per column.

    A Series costs more to make than a small column's values cost to read: ``analyze`` reads dozens
    of small tables per article. Only ``columns`` when given (a missing one raises KeyError, as
    ``df[name]`` does). None when the column names repeat (then go through ``df[name]``).
    """
    names = df.columns.tolist()  # one pass (iterating an Arrow-backed index is a Python loop)
    where = {name: i for i, name in enumerate(names)}
    if len(where) != len(names):
        return None
    wanted = names if columns is None else columns
    positions = [where[name] for name in wanted]
    get = getattr(df, "_get_column_array", None)  # pandas' own accessor; public route below
    try:
        if get is not None:
            return {name: get(i) for name, i in zip(wanted, positions, strict=True)}
    except (AttributeError, IndexError, TypeError):
        pass
    return {name: df.iloc[:, i].array for name, i in zip(wanted, positions, strict=True)}


def _values(arr: Any, df: pd.DataFrame, name: str) -> list[Any]:
    """:func:`_pylist` of column ``name``, read from its array ``arr`` when its type is a plain one."""
    import numpy as np
    import pandas as pd

    if isinstance(arr, np.ndarray):
        if arr.dtype.kind in "iufb":
            return arr.tolist()
        if arr.dtype.kind == "O":
            return [None if v is pd.NA else v for v in arr.tolist()]  # to_dict gives None for NA
    elif isinstance(arr.dtype, pd.StringDtype) and hasattr(arr, "_pa_array"):
        vals = arr._pa_array.to_pylist()
        if arr.dtype.na_value is not pd.NA:
            nan = arr.dtype.na_value
            vals = [nan if v is None else v for v in vals]
        return vals
    elif isinstance(arr, (pd.arrays.IntegerArray, pd.arrays.BooleanArray)):
        data = arr._data.tolist()
        if not arr._mask.any():
            return data
        return [None if m else v for v, m in zip(data, arr._mask.tolist(), strict=True)]
    return _pylist(df[name])


def _pylist(col: pd.Series) -> list[Any]:
    """The column's values as ``to_dict`` gives them: Python objects, None for NA (NaN for ``str``)."""
    import pandas as pd

    dtype = col.dtype
    if isinstance(dtype, (pd.StringDtype, pd.Int64Dtype, pd.BooleanDtype)):
        try:
            vals = col.array.__arrow_array__().to_pylist()  # one C pass, not one Python object at a time
        except (AttributeError, TypeError, ImportError):
            vals = None
        if vals is not None:
            if isinstance(dtype, pd.StringDtype) and dtype.na_value is not pd.NA:
                nan = dtype.na_value
                vals = [nan if v is None else v for v in vals]
            return vals
    vals = col.tolist()
    if (dtype.kind == "O" or isinstance(dtype, pd.api.extensions.ExtensionDtype)) and col.hasnans:
        vals = [None if v is pd.NA else v for v in vals]  # to_dict gives None for NA
    return vals


def _is_blank(value: Any) -> bool:
    """True for None, NaN/NA and whitespace-only strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return value != value
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------------------------------------
# Curated tables described in data/datapackage.json
# ---------------------------------------------------------------------------------------------


@cache
def datapackage(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """The parsed ``data/datapackage.json`` (cached)."""
    path = data_dir / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(display_path(path), "not found") from None
    except json.JSONDecodeError as exc:
        raise DataError(display_path(path), f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None


def resource(name: str, data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """The datapackage resource called ``name``."""
    for res in datapackage(data_dir).get("resources", []):
        if res.get("name") == name:
            return res
    raise DataError("data/datapackage.json", f"has no resource named {name!r}")


def curated_schema(name: str, data_dir: Path = DATA_DIR) -> TableSchema:
    """The :class:`TableSchema` of a curated table, read from datapackage.json."""
    res = resource(name, data_dir)
    sch = res.get("schema", {})
    pk = sch.get("primaryKey", ())
    return TableSchema(
        name=name,
        title=res.get("title", ""),
        description=res.get("description", ""),
        fields=tuple(Field.from_frictionless(f) for f in sch.get("fields", [])),
        primary_key=tuple([pk] if isinstance(pk, str) else pk),
    )


def file_stamp(path: str | Path) -> tuple[str, int, int] | None:
    """(path, modification time, size) of a file, or None when it cannot be read.

    A cache key that changes when the file does: what the kit derives from a curated table (compiled
    phrases, name lists) is made once per version of the file, not once per article.
    """
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return str(path), stat.st_mtime_ns, stat.st_size


def curated_stamp(name: str, data_dir: Path = DATA_DIR) -> tuple[str, int, int] | None:
    """:func:`file_stamp` of the kit's own copy of curated table ``name`` (None when it is missing)."""
    return file_stamp(data_dir / resource(name, data_dir)["path"])


def read_curated(name: str, path: str | Path | None = None, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Read a curated CSV (default: the path in datapackage.json), validate it, return it typed.

    Pass ``path`` to load a user's edited copy against the same schema. A file read before is not
    read again while it is unchanged (same size and modification time): every article of a batch
    consults the same tables. Each call returns its own copy.
    """
    csv_path = Path(path) if path is not None else data_dir / resource(name, data_dir)["path"]
    if not csv_path.is_file():
        raise DataError(display_path(csv_path), "file not found")
    stat = csv_path.stat()
    return _read_curated(name, str(csv_path), str(data_dir), stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=64)
def _read_curated(name: str, csv_path: str, data_dir: str, _mtime: int, _size: int) -> pd.DataFrame:
    import pandas as pd

    sch = curated_schema(name, Path(data_dir))
    source = display_path(csv_path)
    try:
        df = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError(source, f"cannot be read as UTF-8 CSV ({exc})") from None
    df = df.replace({"": None})
    sch.validate(df, source)
    return sch.conform(df)
