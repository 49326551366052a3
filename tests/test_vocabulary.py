"""No exercise asks for a tool the course has not shown yet.

The Carpentries call it "concepts used before taught" (python-novice-gapminder #432): a solution that
needs ``.str.contains`` or ``next(...)`` when no cell has ever used it leaves a beginner stuck, and the
check can only say "not yet". This test lists the vocabulary each notebook's solution code uses (the
lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, parsed with :mod:`ast`):

* attributes and methods of pandas objects and of Python's own types (``.sort_values``, ``.iloc``,
  ``.str.contains``, ``.groupby``, ``.items``, ...),
* built-in functions called (``len``, ``next``, ``sorted``, ...),
* ``def`` and ``lambda``;

and fails on any of them that is not *introduced* first: used in a code cell outside a solution, or
named in a Markdown cell's code (```` `value_counts` ````), earlier in the same notebook or in an earlier
notebook in course order (00, 00b, 01, 02, ...). The kit's own functions are not counted: each notebook
shows them in its own cells, and learners look them up by name.
"""

from __future__ import annotations

import ast
import builtins
import re
import textwrap
from functools import cache
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kit.course.keypoints import lesson_notebooks
from kit.course.student import BEGIN, END, strip_solutions

NOTEBOOKS = lesson_notebooks()
_CODE_SPAN = re.compile(r"```[^\n]*\n(.*?)```|`([^`\n]+)`", re.S)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: Python keywords the vocabulary follows (other syntax, such as comprehensions, is not counted).
KEYWORDS = ("def", "lambda")


@cache
def vocabulary() -> frozenset[str]:
    """The names this test watches: pandas' and Python's own methods and attributes, built-in functions."""
    frame = pd.DataFrame({"a": [1], "b": ["x"]})
    objects = (
        frame, frame["a"], frame.index, frame["b"].str, frame.groupby("a"), frame.groupby("a")["b"],
        pd.Timestamp("2025-01-01"), "", {}, [], set(), (),
    )
    names = {n for obj in objects for n in dir(obj) if not n.startswith("_")}
    names |= {n for n in dir(builtins) if not n.startswith("_") and callable(getattr(builtins, n))
              and not (isinstance(getattr(builtins, n), type) and issubclass(getattr(builtins, n), BaseException))}
    return frozenset(names | set(KEYWORDS))


def solution_blocks(source: str) -> list[str]:
    """The code between the solution markers of one cell, one dedented string per block."""
    blocks, current = [], None
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN:
            current = []
        elif marker == END and current is not None:
            blocks.append(textwrap.dedent("\n".join(current)))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def _python(code: str) -> str:
    """Code without IPython magics and shell escapes, which ast cannot parse."""
    return "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in code.splitlines())


def names_used(code: str) -> set[str]:
    """Attribute names, names of functions called, and ``def``/``lambda`` in a piece of Python."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(_python(code))):
        if isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            found.add(node.func.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.add("def")
        elif isinstance(node, ast.Lambda):
            found.add("lambda")
    return found


def names_in_markdown(text: str) -> set[str]:
    """Every identifier inside the Markdown's code (inline spans and fenced blocks)."""
    return {w for m in _CODE_SPAN.finditer(text) for w in _WORD.findall(m.group(1) or m.group(2))}


def introduced_by(cell: nbformat.NotebookNode) -> set[str]:
    """What a cell shows a learner: its code outside the solutions, or the code named in its Markdown."""
    if cell.cell_type == "markdown":
        return names_in_markdown(cell.source)
    if cell.cell_type != "code":
        return set()
    shown = strip_solutions(cell.source)
    return names_used(shown) if shown.strip() else set()


def unintroduced(paths: list[Path]) -> dict[str, list[str]]:
    """For each notebook, in course order: the solution vocabulary nothing before it introduced."""
    watched = vocabulary()
    known: set[str] = set()
    report: dict[str, list[str]] = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        problems = []
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                for block in solution_blocks(cell.source):
                    try:
                        used = names_used(block) & watched
                    except SyntaxError as exc:
                        problems.append(f"cell {i}: the solution does not parse ({exc.msg})")
                        continue
                    # The cell's own non-solution lines come first (setup above the placeholder), so they count.
                    missing = sorted(used - known - introduced_by(cell))
                    problems += [f"cell {i}: `{name}`" for name in missing]
            known |= introduced_by(cell)
        report[path.stem] = problems
    return report


@cache
def _course_report() -> dict[str, list[str]]:
    return unintroduced(NOTEBOOKS)


@pytest.mark.parametrize("nb_path", [pytest.param(p, id=p.stem) for p in NOTEBOOKS])
def test_solutions_use_only_what_the_course_has_shown(nb_path):
    problems = _course_report()[nb_path.stem]
    assert not problems, (
        f"{nb_path.name}: solutions use vocabulary no earlier cell introduces (use it in a short cell before the "
        "exercise, or in 00b_python_and_pandas; naming it in Markdown code counts too):\n  " + "\n  ".join(problems)
    )


def test_course_order_puts_the_on_ramp_after_start_here():
    stems = [p.stem for p in NOTEBOOKS]
    assert stems.index("00_start_here") < stems.index("00b_python_and_pandas") < stems.index("01_reading_the_article")


# --- the parts, on small examples -----------------------------------------------------------------

CELL = f"""rows = frame[frame["n"] > 1]
answer = ...
{BEGIN}
def first(df):
    return df.sort_values("n").iloc[0]
answer = len(rows["name"].str.contains("x").value_counts())
{END}
check("99.demo", answer)"""


def test_solution_blocks_and_names_used():
    (block,) = solution_blocks(CELL)
    assert block.startswith("def first(df):")
    assert names_used(block) == {"def", "sort_values", "iloc", "len", "str", "contains", "value_counts"}
    assert names_used(strip_solutions(CELL)) == {"check"}


def test_magics_are_ignored_and_lambdas_counted():
    assert names_used("%timeit x.mean()\nf = lambda r: r.upper()") == {"lambda", "upper"}


def test_markdown_code_spans_and_fences_introduce_names():
    text = "Use `df.groupby(...)` and `value_counts`.\n\n```python\nx.sort_values('n')\n```\nnot plain iloc."
    assert {"df", "groupby", "value_counts", "x", "sort_values", "n"} <= names_in_markdown(text)
    assert "iloc" not in names_in_markdown(text)


def _notebook(tmp_path: Path, name: str, *cells: nbformat.NotebookNode) -> Path:
    path = tmp_path / name
    nbformat.write(nbformat.v4.new_notebook(cells=list(cells)), path)
    return path


def test_unintroduced_follows_course_order_and_cell_order(tmp_path):
    v4 = nbformat.v4
    first = _notebook(tmp_path, "00_a.ipynb", v4.new_code_cell("frame.sort_values('n')"),
                      v4.new_markdown_cell("Count with `value_counts`."))
    second = _notebook(tmp_path, "01_b.ipynb", v4.new_code_cell(CELL), v4.new_code_cell("x.iloc[0]\nlen(x)"))
    report = unintroduced([first, second])
    assert report["00_a"] == []
    # sort_values and value_counts came in 00; iloc, len, str.contains and def only after (or never).
    assert report["01_b"] == ["cell 0: `contains`", "cell 0: `def`", "cell 0: `iloc`", "cell 0: `len`",
                              "cell 0: `str`"]
    assert unintroduced([second])["01_b"][0] == "cell 0: `contains`"
