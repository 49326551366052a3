"""The course as files: lesson plans, the glossary, the syllabus schedule and the keypoints page.

The lessons live in Markdown (``lessons/``) and the notebooks in ``notebooks/``; this module reads
both so tests can keep them in step, and writes ``lessons/keypoints.md``, the one-page summary the
Carpentries call a *reference*: every notebook's ``## Keypoints`` bullets, in course order.

Regenerate the page after editing a notebook's keypoints with ``kit keypoints`` (or
``python -m kit.course.keypoints``); ``kit keypoints --check`` exits 1 if the page is out of date.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from kit.errors import InputError
from kit.paths import LESSONS_DIR, NOTEBOOKS_DIR, atomic_write_text, display_path

#: The ``##`` sections every lesson plan has, in this order.
LESSON_SECTIONS = (
    "Questions",
    "Objectives",
    "Timing",
    "Activities",
    "Instructor notes",
    "Discussion prompts",
    "Keypoints",
    "Exercise answers",
    "Assessment",
)
KEYPOINTS_PAGE = LESSONS_DIR / "keypoints.md"
GLOSSARY = LESSONS_DIR / "glossary.md"

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^[-*+]\s+")
_TAG = re.compile(r"<[^>]*>")
_ANCHOR = re.compile(r"""<a\s+(?:id|name)=["']([^"']+)["']\s*>""")
_EXERCISE_ID = re.compile(r"^([0-9]{2}[a-z]?\.[\w.-]+)")
_GLOSSARY_LINK = re.compile(r"glossary\.md#([^)\s\"'>]+)")
_TIME = re.compile(r"\*\*Time\*\*\D*?(\d+)\s*min(?:utes)?\s+teaching\D*?(\d+)\s*min(?:utes)?\s+exercises", re.I)
_NOTEBOOK_STEM = re.compile(r"\b([0-9]{2}[a-z]?_[\w-]+)\.ipynb")
#: A course notebook's file name: two digits, an optional letter for a notebook slotted in between
#: (``00b_python_and_pandas.ipynb`` comes after 00 and before 01), an underscore, a name.
_NOTEBOOK_NAME = re.compile(r"^[0-9]{2}[a-z]?_[\w-]+\.ipynb$")


def numbered_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The course notebooks, ``NN_name.ipynb`` (or ``NNx_name.ipynb``), in course order.

    Course order is name order: ``00_start_here`` < ``00b_python_and_pandas`` < ``01_reading_the_article``
    (``_`` sorts before any letter).
    """
    return sorted(p for p in folder.glob("[0-9][0-9]*.ipynb") if _NOTEBOOK_NAME.match(p.name))


def lesson_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Numbered notebooks that are lessons, i.e. need a lesson plan of their own.

    A notebook whose name ends in ``_app`` (e.g. ``05_alliance_tradeoffs_app.ipynb``) is the
    Voila app companion of lesson 05: it is taught inside that lesson, so it has no plan of its own.
    """
    return [p for p in numbered_notebooks(folder) if not p.stem.endswith("_app")]


def headings(text: str, level: int) -> list[str]:
    """The text of every heading of exactly ``level`` (``##`` = 2), skipping fenced code blocks.

    Inline HTML is dropped: ``## <a id="s-400"></a>S-400`` is the heading ``S-400``.
    """
    out = []
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        m = None if fenced else _HEADING.match(line)
        if m and len(m.group(1)) == level:
            out.append(_TAG.sub("", m.group(2)).strip())
    return out


def explicit_anchors(text: str) -> list[str]:
    """Ids of ``<a id="..."></a>`` anchors in a Markdown text.

    The glossary puts one in each heading because JupyterLab's Markdown viewer, unlike GitHub, keeps
    the case of heading anchors (``#S-400``), so a lower-case link (``glossary.md#s-400``) would open
    the page without scrolling to the term.
    """
    return _ANCHOR.findall(text)


def section(text: str, title: str, level: int = 2) -> str:
    """The body of the heading ``title`` (of ``level``) up to the next heading of that level or higher."""
    lines = text.splitlines()
    out: list[str] = []
    inside = fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        m = None if fenced else _HEADING.match(line)
        if m and len(m.group(1)) <= level:
            if inside:
                break
            inside = len(m.group(1)) == level and _TAG.sub("", m.group(2)).strip().lower() == title.lower()
            continue
        if inside:
            out.append(line)
    return "\n".join(out).strip("\n")


def lesson_sections(text: str) -> list[str]:
    """A lesson plan's ``##`` section titles, in order."""
    return headings(text, 2)


def exercise_answer_ids(text: str) -> list[str]:
    """Exercise ids of the ``### NN.name`` subsections under a plan's ``## Exercise answers``.

    A subsection title may go on after the id (``### 01.sentences — Count the sentences``).
    """
    ids = []
    for title in headings(section(text, "Exercise answers"), 3):
        m = _EXERCISE_ID.match(title.strip("` "))
        ids.append(m.group(1) if m else title)
    return ids


def anchor(term: str) -> str:
    """The link anchor of a glossary heading: lower case, spaces to hyphens.

    ``anchor("F-35 programme") == "f-35-programme"``, so a notebook links it as
    ``[F-35 programme](../lessons/glossary.md#f-35-programme)``.
    """
    return re.sub(r"\s+", "-", term.strip().lower())


def glossary_terms(text: str) -> list[str]:
    """The terms of the glossary: its ``##`` headings, in order."""
    return headings(text, 2)


def glossary_links(text: str) -> list[str]:
    """Every anchor linked as ``glossary.md#anchor`` in a Markdown text."""
    return _GLOSSARY_LINK.findall(text)


def markdown_of(nb: nbformat.NotebookNode) -> str:
    """All Markdown cells of a notebook, joined as one document."""
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def notebook_title(nb: nbformat.NotebookNode, fallback: str) -> str:
    """The notebook's ``# `` heading (``01 · Reading the article``), or ``fallback``."""
    titles = headings(markdown_of(nb), 1)
    return titles[0] if titles else fallback


def notebook_time(nb: nbformat.NotebookNode) -> tuple[int, int] | None:
    """(teaching, exercise) minutes from the header line ``**Time** · 25 min teaching · 20 min exercises``."""
    m = _TIME.search(markdown_of(nb))
    return (int(m.group(1)), int(m.group(2))) if m else None


#: A novice's pace, the yardstick lesson timings are judged by (see the instructor guide, "Timings"):
#: instructional prose read at 130 words a minute (a careful reader of a text with code in it), half a
#: minute to read and run each code cell, and three minutes for the smallest checked exercise.
NOVICE_WORDS_PER_MINUTE = 130
NOVICE_MINUTES_PER_CELL = 0.5
NOVICE_MINUTES_PER_EXERCISE = 3


@dataclass(frozen=True)
class NoviceEstimate:
    """The least time a novice needs for a notebook: reading, running the cells, doing the exercises."""

    reading: float
    cells: float
    exercises: float

    @property
    def total(self) -> float:
        """Minutes in all."""
        return self.reading + self.cells + self.exercises


def novice_minutes(nb: nbformat.NotebookNode) -> NoviceEstimate:
    """Estimate the minutes a learner new to Python needs for a notebook, at the NOVICE_* pace."""
    from kit.course.student import exercise_ids

    words = sum(len(re.findall(r"[A-Za-z']+", c.source)) for c in nb.cells if c.cell_type == "markdown")
    cells = sum(c.cell_type == "code" for c in nb.cells)
    return NoviceEstimate(words / NOVICE_WORDS_PER_MINUTE, cells * NOVICE_MINUTES_PER_CELL,
                          len(exercise_ids(nb)) * NOVICE_MINUTES_PER_EXERCISE)


def keypoints(nb: nbformat.NotebookNode) -> list[str]:
    """The bullets of a notebook's ``## Keypoints`` section (continuation lines joined)."""
    body = section(markdown_of(nb), "Keypoints")
    points: list[str] = []
    for line in body.splitlines():
        if _BULLET.match(line):
            points.append(_BULLET.sub("", line).strip())
        elif points and line.startswith((" ", "\t")) and line.strip():
            points[-1] += " " + line.strip()
        elif points and line.strip():
            break  # the bullets are over ("**Next:** ...")
    return points


@dataclass(frozen=True)
class NotebookKeypoints:
    """One notebook's entry on the keypoints page."""

    stem: str
    title: str
    points: tuple[str, ...]


def collect_keypoints(folder: Path | None = None) -> list[NotebookKeypoints]:
    """Keypoints of every lesson notebook in ``folder`` (default notebooks/); a notebook without any is an error."""
    folder = folder or NOTEBOOKS_DIR
    out = []
    for path in lesson_notebooks(folder):
        nb = nbformat.read(path, as_version=4)
        points = keypoints(nb)
        if not points:
            raise InputError(display_path(path), "has no bullets under a '## Keypoints' heading")
        out.append(NotebookKeypoints(path.stem, notebook_title(nb, path.stem), tuple(points)))
    if not out:
        raise InputError(display_path(folder), "holds no numbered notebooks (NN_name.ipynb)")
    return out


def keypoints_markdown(folder: Path | None = None) -> str:
    """The keypoints page: every notebook's keypoints, in course order, linked to the notebook."""
    parts = [
        "# Keypoints",
        "",
        "<!-- Generated from each notebook's '## Keypoints' section by `kit keypoints`: edit the notebooks, "
        "not this page. -->",
        "",
        "The key points of the whole course on one page, notebook by notebook: read it before a session "
        "to see where it goes, and after the course to revise. Terms are explained in the "
        "[glossary](glossary.md).",
    ]
    for entry in collect_keypoints(folder):
        parts += ["", f"## [{entry.title}](../notebooks/{entry.stem}.ipynb)", ""]
        parts += [f"- {point}" for point in entry.points]
    return "\n".join(parts) + "\n"


def write_keypoints(out: Path | None = None, folder: Path | None = None) -> Path:
    """Regenerate the keypoints page (default lessons/keypoints.md) atomically and return its path."""
    return atomic_write_text(out or KEYPOINTS_PAGE, keypoints_markdown(folder))


def keypoints_up_to_date(out: Path | None = None, folder: Path | None = None) -> bool:
    """True when the keypoints page holds exactly what :func:`keypoints_markdown` generates now."""
    out = out or KEYPOINTS_PAGE
    current = out.read_text(encoding="utf-8") if out.exists() else ""
    return current == keypoints_markdown(folder)


def schedule_rows(syllabus: str) -> list[dict[str, object]]:
    """Rows of the syllabus ``## Schedule`` table that name notebooks.

    Each row: ``session`` (str), ``notebooks`` (stems), and the integer columns
    ``teaching``, ``exercises``, ``break``, ``other``, ``total`` (0 where a cell holds no number).
    """
    rows = []
    lines = [ln for ln in section(syllabus, "Schedule").splitlines() if ln.strip().startswith("|")]
    if not lines:
        return rows
    header = [c.strip().lower() for c in lines[0].strip().strip("|").split("|")]
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        row = dict(zip(header, cells, strict=False))
        stems = _NOTEBOOK_STEM.findall(line)
        if not stems:
            continue
        parsed: dict[str, object] = {"session": row.get("session", ""), "notebooks": stems}
        for key in ("teaching", "exercises", "break", "other", "total"):
            m = re.search(r"\d+", row.get(key, ""))
            parsed[key] = int(m.group()) if m else 0
        rows.append(parsed)
    return rows


def main(argv: list[str] | None = None) -> int:
    """``python -m kit.course.keypoints [--check]``: write lessons/keypoints.md, or check that it is up to date."""
    args = argv if argv is not None else sys.argv[1:]
    try:
        if "--check" in args:
            if not keypoints_up_to_date():
                print(f"{display_path(KEYPOINTS_PAGE)} is out of date: run `kit keypoints`", file=sys.stderr)
                return 1
            print(f"{display_path(KEYPOINTS_PAGE)} is up to date")
            return 0
        print(display_path(write_keypoints()))
    except InputError as exc:
        print(f"kit: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
