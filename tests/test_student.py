"""The student edition, and the exercises seen from both sides of the classroom.

Like otter-grader's "run every test against the solutions before release": every exercise has a
solution, a check and a hint; the instructor notebooks' stored outputs show every check passing; every
check explains (not just rejects) its known wrong answers; and the student edition, with all the
solutions removed, still runs from top to bottom and answers "Your turn" at each exercise.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat
import pytest

from kit.cli import main
from kit.course.exercises import evaluate, load_all
from kit.course.keypoints import numbered_notebooks
from kit.course.student import (
    ANSWER_PLACEHOLDER,
    BEGIN,
    END,
    build_student_edition,
    exercise_ids,
    solution_cells,
    strip_solutions,
    student_notebook,
)
from kit.errors import InputError
from kit.paths import NOTEBOOKS_DIR

NOTEBOOKS = numbered_notebooks()
REGISTRY = load_all()
FEEDBACK_CLASSES = ("kit-correct", "kit-incorrect", "kit-unanswered", "kit-error")


def _nb_params():
    return [pytest.param(p, id=p.stem) for p in NOTEBOOKS]


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _ids_in(cell: nbformat.NotebookNode) -> list[str]:
    """Exercise ids checked in one cell."""
    return exercise_ids(nbformat.v4.new_notebook(cells=[cell]))


def _check_cells(nb: nbformat.NotebookNode) -> list[tuple[int, nbformat.NotebookNode]]:
    """(index, cell) of every code cell that calls check(...)."""
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and _ids_in(c)]


def _output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        parts += [str(data.get("text/html", "")), str(data.get("text/plain", "")), str(out.get("text", ""))]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student")
    assert main(["student", "--out", str(out)]) == 0
    return out


# --- the instructor notebooks ---------------------------------------------------------------------

@pytest.mark.parametrize("nb_path", _nb_params())
def test_every_exercise_has_a_solution_a_check_and_a_hint(nb_path):
    nb = _read(nb_path)
    for i, cell in _check_cells(nb):
        where = f"{nb_path.name} cell {i}"
        lines = [ln for ln in cell.source.strip().splitlines() if ln.strip()]
        assert BEGIN in cell.source and END in cell.source, f"{where}: no {BEGIN} ... {END} block"
        assert lines[-1].lstrip().startswith("check("), f"{where}: check(...) must be the cell's last line"
        before = cell.source.split(BEGIN, 1)[0]
        assert "..." in before, f"{where}: the placeholder (`answer = ...`) must come before {BEGIN}"
        for exercise_id in _ids_in(cell):
            assert exercise_id in REGISTRY, f"{where}: {exercise_id} is not registered in kit/checks/"
            assert REGISTRY[exercise_id].hint.strip(), f"{exercise_id} has no hint"
    assert len(solution_cells(nb)) >= len(_check_cells(nb)) or not _check_cells(nb)


@pytest.mark.parametrize("nb_path", _nb_params())
def test_stored_outputs_show_every_check_correct(nb_path):
    for i, cell in _check_cells(_read(nb_path)):
        shown = _output_text(cell)
        assert "kit-correct" in shown, f"{nb_path.name} cell {i}: the stored output does not show the check as correct"
        for bad in ("kit-incorrect", "kit-unanswered", "kit-error"):
            assert bad not in shown, f"{nb_path.name} cell {i}: stored output shows {bad}"


def _where_checked() -> dict[str, list[tuple[Path, int, nbformat.NotebookNode]]]:
    found: dict[str, list] = {}
    for path in NOTEBOOKS:
        for i, cell in _check_cells(_read(path)):
            for exercise_id in _ids_in(cell):
                found.setdefault(exercise_id, []).append((path, i, cell))
    return found


@pytest.mark.parametrize("exercise_id", sorted(REGISTRY))
def test_exercise_rejects_its_wrong_examples_with_an_explanation(exercise_id):
    ex = REGISTRY[exercise_id]
    assert ex.wrong, f"{exercise_id}: give at least one wrong= example"
    assert ex.hint.strip(), f"{exercise_id}: no hint"
    for wrong in ex.wrong:
        fb = evaluate(exercise_id, wrong)
        assert fb.status == "incorrect", f"{exercise_id} says {fb.status!r} to wrong example {wrong!r}: {fb.message}"
        assert isinstance(fb.message, str) and len(fb.message.split()) >= 4, (
            f"{exercise_id}: wrong example {wrong!r} gets no real explanation: {fb.message!r}"
        )
        assert fb.hint == ex.hint


@pytest.mark.parametrize("exercise_id", sorted(REGISTRY))
def test_exercise_accepts_its_own_solution_as_stored(exercise_id):
    uses = _where_checked().get(exercise_id)
    if not uses:
        pytest.fail(f"{exercise_id} is registered but no notebook checks it")
    for path, i, cell in uses:
        assert "kit-correct" in _output_text(cell), f"{path.name} cell {i}: {exercise_id} rejects the stored solution"


@pytest.mark.parametrize("exercise_id", sorted(REGISTRY))
def test_exercise_explains_odd_answers_instead_of_failing(exercise_id):
    for odd in (None, 0, "", [], 2.5, "some words"):
        fb = evaluate(exercise_id, odd)
        assert fb.status != "error", f"{exercise_id} could not check {odd!r}: {fb.message}"


# --- the student edition --------------------------------------------------------------------------

def test_kit_student_builds_every_notebook(student_dir):
    assert sorted(p.name for p in student_dir.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("nb_path", _nb_params())
def test_student_notebook_has_no_answers_and_no_outputs(student_dir, nb_path):
    teacher, student = _read(nb_path), _read(student_dir / nb_path.name)
    for i, cell in enumerate(student.cells):
        tags = set(cell.metadata.get("tags", []))
        assert "instructor" not in tags and not ("solution" in tags and cell.cell_type == "markdown")
        if cell.cell_type == "code":
            assert BEGIN not in cell.source and END not in cell.source, f"{nb_path.name} cell {i} keeps a solution"
            assert cell.outputs == [] and cell.execution_count is None, f"{nb_path.name} cell {i} keeps its output"
    assert exercise_ids(student) == exercise_ids(teacher), "every check stays in the student edition"
    n_solutions = sum(
        1 for c in teacher.cells if c.cell_type == "markdown" and "solution" in c.metadata.get("tags", [])
    )
    assert sum(1 for c in student.cells if c.source == ANSWER_PLACEHOLDER) == n_solutions


@pytest.mark.slow
@pytest.mark.parametrize("nb_path", _nb_params())
def test_student_notebook_runs_to_the_end_and_says_your_turn(student_dir, nb_path):
    from nbclient import NotebookClient

    nb = _read(student_dir / nb_path.name)
    run_in = {"metadata": {"path": str(NOTEBOOKS_DIR)}}  # the notebooks' own folder, as in class
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources=run_in)
    client.execute()
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert not errors, f"{nb_path.name} cell {i}: {errors[0].ename}: {errors[0].evalue}"
    for i, cell in _check_cells(nb):
        assert "kit-unanswered" in _output_text(cell), f"{nb_path.name} cell {i}: no 'Your turn' feedback"


# --- kit.student, unit by unit --------------------------------------------------------------------

EXERCISE_CELL = f'answer = ...\n{BEGIN}\nanswer = 42\n{END}\ncheck("99.demo", answer)'


def test_strip_solutions_keeps_placeholder_and_check():
    assert strip_solutions(EXERCISE_CELL) == 'answer = ...\ncheck("99.demo", answer)'


def test_strip_solutions_accepts_indented_markers_and_several_blocks():
    src = f"if True:\n    x = ...\n    {BEGIN}\n    x = 1\n    {END}\ny = ...\n{BEGIN}\ny = 2\n{END}\nprint(x, y)"
    assert strip_solutions(src) == "if True:\n    x = ...\ny = ...\nprint(x, y)"


def test_strip_solutions_leaves_ordinary_cells_alone():
    assert strip_solutions("a = 1\n# BEGIN SOLUTION is only a marker on its own\nb = 2") == (
        "a = 1\n# BEGIN SOLUTION is only a marker on its own\nb = 2"
    )


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (f"{BEGIN}\nx = 1\n{BEGIN}\n{END}", f"'{BEGIN}' twice without '{END}'"),
        (f"x = 1\n{END}", f"'{END}' without '{BEGIN}'"),
        (f"x = ...\n{BEGIN}\nx = 1", f"'{BEGIN}' without '{END}'"),
    ],
)
def test_strip_solutions_marker_errors_name_the_cell(source, problem):
    with pytest.raises(InputError) as err:
        strip_solutions(source, "02_entity_tables.ipynb cell 7")
    assert str(err.value) == f"02_entity_tables.ipynb cell 7: {problem}"


def _instructor_notebook() -> nbformat.NotebookNode:
    v4 = nbformat.v4
    cells = [
        v4.new_markdown_cell("# 99 · Demo"),
        v4.new_code_cell(EXERCISE_CELL, execution_count=3,
                         outputs=[v4.new_output("execute_result", {"text/plain": "ok"}, execution_count=3)]),
        v4.new_markdown_cell("A model answer.", metadata={"tags": ["solution"]}),
        v4.new_markdown_cell("Say this in class.", metadata={"tags": ["instructor"]}),
        v4.new_code_cell("secret = 1", metadata={"tags": ["instructor"]}),
        v4.new_markdown_cell("Untagged prose keeps ### BEGIN SOLUTION as text."),
    ]
    return v4.new_notebook(cells=cells)


def test_student_notebook_replaces_model_answers_and_drops_instructor_cells():
    teacher = _instructor_notebook()
    before = copy.deepcopy(teacher)
    student = student_notebook(teacher, "99_demo.ipynb")
    assert teacher == before, "the instructor notebook must not change"
    assert [c.cell_type for c in student.cells] == ["markdown", "code", "markdown", "markdown"]
    code = student.cells[1]
    assert code.source == 'answer = ...\ncheck("99.demo", answer)'
    assert code.outputs == [] and code.execution_count is None
    answer = student.cells[2]
    assert answer.source == ANSWER_PLACEHOLDER and answer.metadata["tags"] == ["answer"]
    assert student.cells[3].source == "Untagged prose keeps ### BEGIN SOLUTION as text."
    nbformat.validate(student)


def test_student_notebook_names_the_cell_with_a_broken_marker():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell(f"{BEGIN}\nx")])
    with pytest.raises(InputError, match=r"^99_demo.ipynb cell 1: "):
        student_notebook(nb, "99_demo.ipynb")


def test_exercise_ids_and_solution_cells():
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell('check("00.not_code", x)'),
        v4.new_code_cell("check('02.first', a)"),
        v4.new_code_cell(EXERCISE_CELL),
        v4.new_code_cell('check( "03.spaced" , b)'),
    ])
    assert exercise_ids(nb) == ["02.first", "99.demo", "03.spaced"]
    assert solution_cells(nb) == [2]


def test_build_student_edition_writes_numbered_notebooks_only(tmp_path):
    src, out = tmp_path / "nbs", tmp_path / "out"
    src.mkdir()
    nbformat.write(_instructor_notebook(), src / "99_demo.ipynb")
    nbformat.write(_instructor_notebook(), src / "scratch.ipynb")
    written = build_student_edition(src, out)
    assert [p.name for p in written] == ["99_demo.ipynb"] and not (out / "scratch.ipynb").exists()
    text = (out / "99_demo.ipynb").read_text(encoding="utf-8")
    assert "answer = 42" not in text and "Say this in class" not in text
    json.loads(text)
    # The glossary travels with the student copy (its links are ../lessons/glossary.md#term); plans do not.
    assert (tmp_path / "lessons" / "glossary.md").is_file()
    assert (tmp_path / "lessons" / "README.md").is_file(), "notebooks 06 and 07 link to ../lessons/README.md"
    assert not list((tmp_path / "lessons").glob("0*.md"))
    assert not (tmp_path / "lessons" / "instructor-guide.md").exists()


@pytest.mark.parametrize("kind", ["missing", "empty", "file"])
def test_build_student_edition_rejects_a_bad_source_folder(tmp_path, kind):
    src = tmp_path / "nbs"
    if kind == "empty":
        src.mkdir()
    elif kind == "file":
        src.write_text("not a folder")
    with pytest.raises(InputError, match=r"is not a folder|holds no numbered notebooks"):
        build_student_edition(src, tmp_path / "out")
