"""The instructor edition: everything a teacher needs in one folder (what ``make instructor`` does).

``build/instructor/`` holds

* ``notebooks/`` — every notebook as stored: solutions between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION``, model answers, instructor cells and the executed outputs;
* ``lessons/`` — the syllabus, every lesson plan (with its *Exercise answers*), the instructor guide,
  the quiz with its answers, the capstone rubric, the glossary and the keypoints page;
* the repository files those pages link to (``data/rating_scale.csv``, ...), at the same relative places,
  so every link in the edition resolves;
* ``README.md`` — what is in the folder, and that it is not for learners.

The student edition (:mod:`kit.course.student`, ``make student``) is the one to hand out.

    python -m kit.course.instructor [--out DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

from kit.course.student import copy_linked_repo_files
from kit.errors import InputError, KitError
from kit.paths import LESSONS_DIR, NOTEBOOKS_DIR, ROOT, atomic_write_bytes, atomic_write_text, display_path

INSTRUCTOR_OUT = ROOT / "build" / "instructor"

INDEX = """\
# Instructor edition

**Not for learners**: this folder holds the answers. Give learners the student edition (`make student`).

- [Syllabus](lessons/README.md) and the [instructor guide](lessons/instructor-guide.md)
- Lesson plans, each with its exercise answers: {plans}
- [Pre/post quiz, with answers](lessons/quiz.md) · [capstone rubric](lessons/capstone-rubric.md)
- Notebooks with solutions and stored outputs: {notebooks}

Open it in JupyterLab from this folder (`jupyter lab`) so the notebooks' links to `../lessons/` work; the
notebooks run in the course environment (`kit` installed), like the ones in the repository.
"""


def build_instructor_edition(
    out: Path = INSTRUCTOR_OUT, notebooks: Path = NOTEBOOKS_DIR, lessons: Path = LESSONS_DIR
) -> list[Path]:
    """Write the instructor edition to ``out`` (replacing what was there); return the files written."""
    if not notebooks.is_dir() or not any(notebooks.glob("[0-9][0-9]*.ipynb")):
        raise InputError(display_path(notebooks), "holds no numbered notebooks (NN_name.ipynb)")
    if not lessons.is_dir() or not (lessons / "README.md").is_file():
        raise InputError(display_path(lessons), "has no syllabus (README.md)")
    if out.exists():
        shutil.rmtree(out)
    written: list[Path] = []
    pages: list[tuple[str, Path, Path]] = []
    nbs = sorted(notebooks.glob("[0-9][0-9]*.ipynb"))
    for path in nbs:
        target = out / "notebooks" / path.name
        written.append(atomic_write_bytes(target, path.read_bytes()))
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        pages.append((text, notebooks, target.parent))
    md_pages = sorted(lessons.glob("*.md"))
    for page in md_pages:
        target = out / "lessons" / page.name
        written.append(atomic_write_bytes(target, page.read_bytes()))
        pages.append((page.read_text(encoding="utf-8"), lessons, target.parent))
    written += copy_linked_repo_files(pages, out)
    plans = [p for p in md_pages if p.name[:2].isdigit()]
    index = INDEX.format(
        plans=" · ".join(f"[{p.stem[:3].rstrip('_')}](lessons/{p.name})" for p in plans),
        notebooks=" · ".join(f"[{p.stem}](notebooks/{p.name})" for p in nbs),
    )
    written.append(atomic_write_text(out / "README.md", index))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.course.instructor", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=INSTRUCTOR_OUT, help="output folder (default build/instructor)")
    args = parser.parse_args(argv)
    try:
        written = build_instructor_edition(args.out)
    except KitError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    n_nb = sum(1 for p in written if p.suffix == ".ipynb")
    print(f"{display_path(args.out)}: instructor edition, {n_nb} notebooks, {len(written) - n_nb} other files")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
