"""The student edition: the same notebooks with solutions taken out and outputs cleared.

Instructor notebooks mark solutions the nbgrader way:

* in a code cell, lines from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` (inclusive) are
  deleted; the placeholder line above them (``answer = ...``) stays, so the cell still runs;
* a Markdown cell tagged ``solution`` becomes a prompt to write one's own answer;
* a cell tagged ``instructor`` is dropped altogether.
"""

from __future__ import annotations

import os
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


#: Pages from lessons/ that learners get beside their notebooks, in ``lessons/`` (the quiz without its answers).
#: Never the lesson plans (``NN_*.md``) or the instructor guide: besides the answers, their instructor notes
#: and discussion prompts name what the article gets wrong before learners have found it.
LEARNER_PAGES = ("glossary.md", "keypoints.md", "capstone-rubric.md", "quiz.md")
#: The syllabus, rewritten for learners (``learner_syllabus``): notebooks 06 and 07 link to it as the course overview.
SYLLABUS = "README.md"

#: Markdown between these comments is for instructors only: the student edition leaves it out.
INSTRUCTOR_BEGIN = "<!-- begin instructor -->"
INSTRUCTOR_END = "<!-- end instructor -->"
_INSTRUCTOR_BLOCK = re.compile(re.escape(INSTRUCTOR_BEGIN) + r".*?" + re.escape(INSTRUCTOR_END) + r"\n?", re.DOTALL)
_DETAILS = re.compile(r"^<details\b.*?^</details>[ \t]*\n?", re.DOTALL | re.IGNORECASE | re.MULTILINE)
_QUIZ_ANSWERS_NOTE = re.compile(r"\s*The answers\b.*?\.(?=\s)", re.DOTALL)
#: Headings of answer sections in lesson plans (``## Exercise answers``, ``## Answers``).
ANSWER_HEADING = re.compile(r"^#{1,6}\s+(?:Exercise\s+)?answers\b", re.IGNORECASE | re.MULTILINE)
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")
_LESSON_PLAN = re.compile(r"^[0-9]{2}[a-z]?_[\w-]+\.md$")
STUDENT_QUIZ_NOTE = "*Student copy: the answers are with your instructor, who goes through them after the quiz.*"


def without_instructor_blocks(text: str) -> str:
    """Markdown without its ``<!-- begin instructor -->`` ... ``<!-- end instructor -->`` blocks."""
    if text.count(INSTRUCTOR_BEGIN) != text.count(INSTRUCTOR_END):
        raise InputError("<page>", f"'{INSTRUCTOR_BEGIN}' and '{INSTRUCTOR_END}' do not pair up")
    return _INSTRUCTOR_BLOCK.sub("", text)


def student_quiz(text: str) -> str:
    """The quiz without its answers: every ``<details>`` block goes, and so does the note about them."""
    out = _QUIZ_ANSWERS_NOTE.sub("", without_instructor_blocks(text), count=1)
    out = _DETAILS.sub("", out)
    first_question = re.search(r"^\*\*1\.", out, re.MULTILINE)
    if first_question:
        out = out[: first_question.start()] + STUDENT_QUIZ_NOTE + "\n\n" + out[first_question.start():]
    return re.sub(r"\n{3,}", "\n\n", out)


def learner_syllabus(text: str, notebooks_link: str = "../notebooks", notebooks: set[str] | None = None) -> str:
    """The syllabus for learners: instructor blocks out, links to lesson plans and the guide made plain text.

    A link to a lesson plan points at its notebook instead (when there is one); ``../notebooks/`` links
    become ``notebooks_link`` (where the student notebooks are, seen from the learner's ``lessons/``).
    """

    def fix(m: re.Match[str]) -> str:
        label, target = m.group(1), m.group(2)
        path = target.partition("#")[0]
        if _LESSON_PLAN.match(path):
            nb = Path(path).with_suffix(".ipynb").name
            return f"[{label}]({notebooks_link}/{nb})" if notebooks is None or nb in notebooks else label
        if path == "instructor-guide.md":
            return label
        return m.group(0)

    return retarget_notebook_links(_LINK.sub(fix, without_instructor_blocks(text)), notebooks_link)


def retarget_notebook_links(text: str, notebooks_link: str = "../notebooks") -> str:
    """Point ``../notebooks/...`` links at ``notebooks_link`` (where the notebooks are in an edition)."""
    if notebooks_link == "../notebooks":
        return text

    def fix(m: re.Match[str]) -> str:
        label, target = m.group(1), m.group(2)
        if target.startswith("../notebooks/"):
            return f"[{label}]({notebooks_link}/{target.removeprefix('../notebooks/')})"
        return m.group(0)

    return _LINK.sub(fix, text)


def learner_page(name: str, text: str, notebooks_link: str = "../notebooks", notebooks: set[str] | None = None) -> str:
    """A page from lessons/ as learners get it: the syllabus treatment (``learner_syllabus``) for every
    page, and the quiz without its answers."""
    return learner_syllabus(student_quiz(text) if name == "quiz.md" else text, notebooks_link, notebooks)


def relative_links(text: str) -> list[str]:
    """Relative link targets in Markdown (no URLs, no in-page ``#anchors``), without their ``#fragment``."""
    found = []
    for _, target in _LINK.findall(text):
        path = target.split("#", 1)[0]
        if path and not re.match(r"^[a-z][a-z0-9+.-]*:", path) and not path.startswith("/"):
            found.append(path)
    return found


def copy_linked_repo_files(pages: list[tuple[str, Path, Path]], edition_root: Path) -> list[Path]:
    """Copy repository files the pages link to outside lessons/ and notebooks/ (``../data/rating_scale.csv``).

    ``pages`` are (text, the page's folder in the repository, the page's folder in the edition); a file is
    copied to the same place relative to ``edition_root`` as it has relative to the repository.
    """
    copied = []
    for text, repo_dir, out_dir in pages:
        for link in relative_links(text):
            full = (repo_dir / link).resolve()
            if not full.is_file() or (out_dir / link).exists():
                continue
            try:
                rel = full.relative_to(ROOT)
            except ValueError:
                continue
            if rel.parts[0] in ("lessons", "notebooks"):
                continue
            target = edition_root / rel
            atomic_write_bytes(target, full.read_bytes())
            copied.append(target)
    return copied


def _markdown_cells(nb: nbformat.NotebookNode) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def build_student_edition(
    src: Path = NOTEBOOKS_DIR, out: Path = ROOT / "build" / "student", lessons: Path = LESSONS_DIR
) -> list[Path]:
    """Write the student edition of every ``NN_*.ipynb`` in ``src`` to ``out``; return the notebook paths.

    The learner pages go to ``out/../lessons/`` so the notebooks' links (``../lessons/glossary.md#term``,
    ``../lessons/README.md``) work in the student copy too: the glossary, the keypoints, the capstone
    rubric, the quiz without its answers and a learner syllabus (``learner_syllabus``). Lesson plans and the
    instructor guide are left out (see ``LEARNER_PAGES``); ``kit.course.instructor`` builds the edition that has them.
    """
    if not src.is_dir():
        raise InputError(display_path(src), "is not a folder of notebooks")
    written = []
    from kit.course.keypoints import numbered_notebooks

    pages: list[tuple[str, Path, Path]] = []
    for path in numbered_notebooks(src):
        nb = nbformat.read(path, as_version=4)
        student = student_notebook(nb, display_path(path))
        target = out / path.name
        atomic_write_text(target, nbformat.writes(student) + "\n")
        written.append(target)
        pages.append((_markdown_cells(student), src, out))
    if not written:
        raise InputError(display_path(src), "holds no numbered notebooks (NN_name.ipynb)")
    learner_lessons = out.parent / "lessons"
    link = Path(os.path.relpath(out, learner_lessons)).as_posix()
    names = {p.name for p in written}
    for name in (*LEARNER_PAGES, SYLLABUS):
        page = lessons / name
        if page.is_file():
            text = learner_page(name, page.read_text(encoding="utf-8"), link, names)
            atomic_write_text(learner_lessons / name, text)
            pages.append((text, lessons, learner_lessons))
    copy_linked_repo_files(pages, out.parent)
    return written
