"""The student edition: the same notebooks with solutions taken out and outputs cleared.

Instructor notebooks mark solutions the nbgrader way:

* in a code cell, lines from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` (inclusive) are
  deleted; the placeholder line above them (``answer = ...``) stays, so the cell still runs;
* a Markdown cell tagged ``solution`` becomes a prompt to write one's own answer;
* a cell tagged ``instructor`` is dropped altogether.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from kit.errors import InputError
from kit.paths import LESSONS_DIR, NOTEBOOKS_DIR, ROOT, atomic_write_bytes, atomic_write_text, display_path

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
ANSWER_PLACEHOLDER = "*Write your answer here.*"
_CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([0-9]{2}[a-z]?\.[\w.-]+)["']""")


def strip_solutions(source: str, where: str = "<cell>") -> str:
    """Remove the marked solution lines from one code cell's source."""
    out: list[str] = []
    inside = False
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise InputError(where, f"'{BEGIN}' twice without '{END}'")
            inside = True
            continue
        if marker == END:
            if not inside:
                raise InputError(where, f"'{END}' without '{BEGIN}'")
            inside = False
            continue
        if not inside:
            out.append(line)
    if inside:
        raise InputError(where, f"'{BEGIN}' without '{END}'")
    return "\n".join(out)


def student_notebook(nb: nbformat.NotebookNode, name: str = "<notebook>") -> nbformat.NotebookNode:
    """A student copy of an instructor notebook (a new object; the input is not changed)."""
    new = nbformat.from_dict(nb)
    cells = []
    for i, cell in enumerate(new.cells):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "instructor" in tags:
            continue
        if cell.cell_type == "markdown" and "solution" in tags:
            cell.source = ANSWER_PLACEHOLDER
            cell.metadata["tags"] = sorted(tags - {"solution"} | {"answer"})
        elif cell.cell_type == "code":
            cell.source = strip_solutions(cell.source, f"{name} cell {i}")
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    new.cells = cells
    return new


def exercise_ids(nb: nbformat.NotebookNode) -> list[str]:
    """Exercise ids checked in a notebook, in order of appearance."""
    ids: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            ids.extend(_CHECK_CALL.findall(cell.source))
    return ids


def solution_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indexes of code cells that hold a marked solution."""
    return [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and BEGIN in c.source
    ]


#: Pages from lessons/ that learners need beside their notebooks (never the lesson plans: they hold answers).
LEARNER_PAGES = ("glossary.md", "keypoints.md")


def build_student_edition(
    src: Path = NOTEBOOKS_DIR, out: Path = ROOT / "build" / "student", lessons: Path = LESSONS_DIR
) -> list[Path]:
    """Write the student edition of every ``NN_*.ipynb`` in ``src`` to ``out``; return the notebook paths.

    The glossary and keypoints pages are copied to ``out/../lessons/`` so the notebooks' links
    (``../lessons/glossary.md#term``) work in the student copy too.
    """
    if not src.is_dir():
        raise InputError(display_path(src), "is not a folder of notebooks")
    written = []
    from kit.course.keypoints import numbered_notebooks

    for path in numbered_notebooks(src):
        nb = nbformat.read(path, as_version=4)
        student = student_notebook(nb, display_path(path))
        target = out / path.name
        atomic_write_text(target, nbformat.writes(student) + "\n")
        written.append(target)
    if not written:
        raise InputError(display_path(src), "holds no numbered notebooks (NN_name.ipynb)")
    for name in LEARNER_PAGES:
        page = lessons / name
        if page.is_file():
            atomic_write_bytes(out.parent / "lessons" / name, page.read_bytes())
    return written
