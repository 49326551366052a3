"""The report's parameters: what the notebook declares, and each value checked before any kernel starts.

papermill pastes parameter values into code, so ``kit report`` accepts only the names notebook 06's
``parameters`` cell declares, converts each value to the type declared there, and checks the values
the notebook would reject anyway (``top_n``, ``published``), so a bad value fails in one line before
any article is run. The notebook calls the same checks, so papermill users get the same messages.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kit.errors import ParameterError, ReportError
from kit.paths import NOTEBOOKS_DIR, display_path

#: The report notebook ``kit report`` runs.
NOTEBOOK = NOTEBOOKS_DIR / "06_newsroom_report.ipynb"


def _lean_papermill() -> None:
    """Keep papermill's import from compiling grammars nobody here uses.

    papermill -> nbformat -> jsonschema imports ``rfc3987_syntax`` when it is installed, which
    compiles 38 Lark grammars at import (about 1-4 s) for the optional "iri" string format that no
    notebook schema uses. Marking it absent before the first import makes jsonschema skip that
    format check, exactly as when the package is not installed; nothing else changes.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]




#: Parameters ``kit report`` sets itself, with what to use instead.
RESERVED = {
    "article_path": "give articles as arguments to `kit report`",
    "output_dir": "use --out",
}
#: Largest accepted string parameter (characters).
MAX_VALUE_CHARS = 2000
#: Values of ``*_path`` parameters that are not files.
PATH_KEYWORDS = ("", "auto", "none")

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INT = re.compile(r"[+-]?[0-9]{1,12}")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """One parameter the notebook declares: name, type (from its annotation), default and help."""

    name: str
    type: str
    default: str
    help: str = ""


def notebook_parameters(notebook: str | Path = NOTEBOOK) -> dict[str, Parameter]:
    """The parameters a notebook declares in its ``parameters`` cell (read as papermill's inspector reads them)."""
    path = Path(notebook)
    if not path.is_file():
        raise ReportError(display_path(path), "report notebook not found")
    stat = path.stat()
    return dict(_inspect(str(path.resolve()), stat.st_mtime_ns, stat.st_size))


@cache
def _inspect(path: str, _mtime: int, _size: int) -> tuple[tuple[str, Parameter], ...]:
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cell = next((c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    found = inspect_source(_source(cell)) if cell is not None else ()
    if not found:
        raise ReportError(display_path(path), "has no cell tagged 'parameters'")
    return tuple((p.name, p) for p in found)


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


#: papermill's pattern for one parameter line: ``name[: type] = value  # help``.
_PARAMETER_LINE = re.compile(
    r"^(?P<target>\w[\w_]*)\s*(:\s*[\"']?(?P<annotation>\w[\w_\[\],\s]*)[\"']?\s*)?=\s*(?P<value>.*?)"
    r"(\s*#\s*(type:\s*(?P<type_comment>[^\s]*)\s*)?(?P<help>.*))?$"
)


def inspect_source(source: str) -> tuple[Parameter, ...]:
    """The parameters a ``parameters`` cell declares, read exactly as ``papermill --help-notebook`` reads them.

    papermill's Python rules (one ``name: type = value  # help`` per line; a value may run over
    several lines), without importing papermill, which costs most of a second of ``kit report``'s
    start: the report only needs the names, types, defaults and help.
    """
    groups: list[list[str]] = []
    current: list[str] = []
    for line in source.splitlines():
        if not line.strip() or line.strip().startswith("#"):
            continue
        n_equal = line.count("=")
        if n_equal:
            groups.append(current)
            current = []
            if n_equal > 1:
                continue  # papermill skips a line it cannot parse
        current.append(line)
    groups.append(current)
    out = []
    for group in groups:
        flat = "".join((ln[: ln.index("#")] if "#" in ln else ln).strip() for ln in group[:-1])
        flat += group[-1].strip() if group else ""
        match = _PARAMETER_LINE.match(flat) if flat else None
        if match is None:
            continue
        found = match.groupdict()
        type_name = str(found["annotation"] or found["type_comment"] or None)
        out.append(Parameter(found["target"].strip(), type_name.strip(), str(found["value"]).strip(),
                             str(found["help"] or "").strip()))
    return tuple(out)


def parameter_cell(values: Mapping[str, Any]) -> str:
    """The source of papermill's injected-parameters cell for a Python notebook (same text, no papermill).

    Values are what :func:`check_parameters` gives (str, int, float, bool) or None.
    """
    import math

    def literal(value: Any) -> str:
        if value is None or isinstance(value, (bool, int)):
            return str(value)
        if isinstance(value, float):
            if math.isfinite(value):
                return str(value)
            return "float('nan')" if math.isnan(value) else ("float('-inf')" if value < 0 else "float('inf')")
        escaped = str(value).encode("unicode_escape").decode("utf-8").replace('"', r'\"')
        return f'"{escaped}"'

    return "# Parameters\n" + "".join(f"{name} = {literal(value)}\n" for name, value in values.items())


def declared_types(notebook: str | Path = NOTEBOOK) -> dict[str, str]:
    """``{name: type}`` from the ``parameters`` cell's annotations, read with :mod:`ast` (no papermill).

    The same names and types :func:`notebook_parameters` gives, without importing papermill or
    nbformat (over a second each): for checks that run inside a notebook kernel.
    """
    import ast

    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    cell = next((c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        raise ReportError(display_path(notebook), "has no cell tagged 'parameters'")
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    out: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = "None"
    return out


def check_parameters(
    values: Mapping[str, Any] | Iterable[tuple[str, Any]],
    declared: Mapping[str, Parameter],
    *,
    reserved: Mapping[str, str] = RESERVED,
) -> dict[str, Any]:
    """Check parameter names against the notebook's declarations and convert values to their types.

    ``values`` may be a mapping or ``(name, value)`` pairs (as ``-p NAME VALUE`` gives them);
    string values (from the command line) are converted to the declared ``str``, ``int``,
    ``float`` or ``bool``. Raises :class:`ParameterError` naming the parameter and the problem.
    """
    pairs = list(values.items()) if isinstance(values, Mapping) else list(values)
    out: dict[str, Any] = {}
    known = ", ".join(sorted(n for n in declared if n not in reserved)) or "none"
    for name, value in pairs:
        label = f"parameter {name!r}"
        if not isinstance(name, str) or not _IDENT.fullmatch(name):
            raise ParameterError(label, f"is not a valid parameter name; the report accepts: {known}")
        if name in reserved:
            raise ParameterError(label, f"is set by the report itself: {reserved[name]}")
        if name not in declared:
            raise ParameterError(label, f"is not declared by the report notebook; it accepts: {known}")
        if name in out:
            raise ParameterError(label, "is given twice")
        out[name] = check_value(name, convert_value(name, value, declared[name].type))
    return out


def convert_value(name: str, value: Any, type_name: str) -> Any:
    """Convert one value to the declared type; reject what would not survive the trip safely."""
    label = f"parameter {name!r}"
    if type_name == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ParameterError(label, f"must be true or false, not {_short(value)}")
    if type_name == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _INT.fullmatch(value.strip()):
            return int(value)
        raise ParameterError(label, f"must be a whole number, not {_short(value)}")
    if type_name == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str) and _FLOAT.fullmatch(value.strip()):
            return float(value)
        raise ParameterError(label, f"must be a number, not {_short(value)}")
    if not isinstance(value, str):
        if type_name == "str":
            raise ParameterError(label, f"must be text, not {type(value).__name__}")
        value = str(value)
    if len(value) > MAX_VALUE_CHARS:
        raise ParameterError(label, f"is {len(value):,} characters long; the limit is {MAX_VALUE_CHARS:,}")
    if any(ord(c) < 32 and c not in "\t\n" for c in value):
        raise ParameterError(label, "contains control characters")
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."






def check_published(published: Any) -> str:
    """``published`` as given: empty, or an ISO date (``YYYY-MM-DD``)."""
    import datetime as dt

    if not isinstance(published, str):
        raise ParameterError("parameter 'published'", f"must be text, not {type(published).__name__}")
    if published.strip():
        try:
            dt.date.fromisoformat(published.strip())
        except ValueError:
            raise ParameterError("parameter 'published'",
                                 f"must be a date like 2025-12-17 (or empty), not {published!r}") from None
    return published


def check_value(name: str, value: Any) -> Any:
    """Check one report parameter's value the way the notebook will (so `kit report` can fail early)."""
    checks = {"top_n": check_top_n, "published": check_published}
    return checks[name](value) if name in checks else value


def check_top_n(top_n: Any) -> int:
    """``top_n`` as an int between 1 and 500 (rows shown per table in the memo)."""
    if isinstance(top_n, bool) or not isinstance(top_n, int) or not 1 <= top_n <= 500:
        raise ParameterError("parameter 'top_n'", f"must be a whole number from 1 to 500, not {top_n!r}")
    return top_n
