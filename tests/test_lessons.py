"""The course materials agree with the notebooks: lesson plans, syllabus, glossary and keypoints page.

What a teacher would notice: a notebook without a lesson plan, a plan whose answer key misses an
exercise (or answers one that no longer exists), a glossary link that lands nowhere, a schedule
whose minutes no longer match the notebooks, a keypoints page that says something the notebooks
no longer do.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from kit.course import exercises
from kit.course.keypoints import (
    GLOSSARY,
    KEYPOINTS_PAGE,
    LESSON_SECTIONS,
    anchor,
    exercise_answer_ids,
    explicit_anchors,
    glossary_links,
    glossary_terms,
    headings,
    keypoints,
    keypoints_markdown,
    lesson_notebooks,
    lesson_sections,
    markdown_of,
    notebook_time,
    novice_minutes,
    schedule_rows,
    section,
)
from kit.course.student import exercise_ids
from kit.paths import LESSONS_DIR, NOTEBOOKS_DIR, ROOT

NOTEBOOKS = lesson_notebooks()
SYLLABUS = LESSONS_DIR / "README.md"
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _plan(nb_path: Path) -> Path:
    return LESSONS_DIR / f"{nb_path.stem}.md"


def _nb(nb_path: Path) -> nbformat.NotebookNode:
    return nbformat.read(nb_path, as_version=4)


def _ids(nb_path: Path):
    return pytest.param(nb_path, id=nb_path.stem)


def test_course_has_notebooks_00_to_06():
    numbers = {p.name[:2] for p in NOTEBOOKS}
    assert {"00", "01"} <= numbers
    missing = sorted({f"{n:02d}" for n in range(7)} - numbers)
    assert not missing, f"notebooks not written yet: {missing}"


# --- lesson plans ---------------------------------------------------------------------------------

@pytest.mark.parametrize("nb_path", [_ids(p) for p in NOTEBOOKS])
def test_every_notebook_has_a_lesson_plan(nb_path):
    assert _plan(nb_path).exists(), f"{nb_path.name} has no lesson plan lessons/{nb_path.stem}.md"


@pytest.mark.parametrize("nb_path", [_ids(p) for p in NOTEBOOKS])
def test_lesson_plan_sections_in_order(nb_path):
    plan = _plan(nb_path)
    if not plan.exists():
        pytest.fail(f"lessons/{plan.name} is missing")
    assert lesson_sections(_read(plan)) == list(LESSON_SECTIONS), f"lessons/{plan.name}: '##' sections"


@pytest.mark.parametrize("nb_path", [_ids(p) for p in NOTEBOOKS])
def test_lesson_plan_timing_is_a_table_of_minutes(nb_path):
    plan = _plan(nb_path)
    if not plan.exists():
        pytest.fail(f"lessons/{plan.name} is missing")
    rows = [ln for ln in section(_read(plan), "Timing").splitlines() if ln.strip().startswith("|")]
    assert len(rows) >= 3, f"lessons/{plan.name}: Timing should be a table (activity | minutes)"
    assert "minutes" in rows[0].lower(), f"lessons/{plan.name}: the Timing table needs a 'minutes' column"
    minutes = [re.findall(r"\d+", row.strip().strip("|").split("|")[-1]) for row in rows[2:]]
    assert all(minutes), f"lessons/{plan.name}: every Timing row needs its minutes in the last column"
    time = notebook_time(_nb(nb_path))
    if time:
        total = sum(int(m[0]) for m in minutes)
        assert total == sum(time), (
            f"lessons/{plan.name}: Timing adds up to {total} min, the notebook header says {time[0]} + {time[1]}"
        )


@pytest.mark.parametrize("nb_path", [_ids(p) for p in NOTEBOOKS])
def test_lesson_timing_is_plausible_for_novices(nb_path):
    """A plan gives at least what a novice needs (reading, running cells, exercises), and not three times it."""
    nb = _nb(nb_path)
    time = notebook_time(nb)
    assert time, f"{nb_path.name}: the header has no **Time** line"
    need = novice_minutes(nb)
    total = sum(time)
    assert total >= need.total, (
        f"{nb_path.name}: {total} min planned, but a novice needs about {need.total:.0f} "
        f"({need.reading:.0f} reading, {need.cells:.0f} running cells, {need.exercises:.0f} exercises)"
    )
    assert time[1] >= need.exercises, f"{nb_path.name}: {time[1]} exercise minutes for {need.exercises:.0f} needed"
    if need.exercises:  # a capstone is mostly the learner's own work: no upper bound from the notebook
        assert total <= 3 * need.total, f"{nb_path.name}: {total} min planned for {need.total:.0f} of material"


@pytest.mark.parametrize("nb_path", [_ids(p) for p in NOTEBOOKS])
def test_exercise_answers_match_the_notebook(nb_path):
    plan = _plan(nb_path)
    if not plan.exists():
        pytest.fail(f"lessons/{plan.name} is missing")
    answered = exercise_answer_ids(_read(plan))
    checked = exercise_ids(_nb(nb_path))
    duplicates = sorted({i for i in answered if answered.count(i) > 1})
    assert not duplicates, f"lessons/{plan.name} answers these twice: {duplicates}"
    unanswered, stale = sorted(set(checked) - set(answered)), sorted(set(answered) - set(checked))
    assert not unanswered, f"lessons/{plan.name} has no '### NN.name' answer for {unanswered}"
    assert not stale, f"lessons/{plan.name} answers exercises that {nb_path.name} does not check: {stale}"


@pytest.mark.parametrize("nb_path", [_ids(p) for p in NOTEBOOKS])
def test_notebook_exercises_are_registered_with_a_hint(nb_path):
    checked = exercise_ids(_nb(nb_path))
    number = nb_path.name.split("_", 1)[0]  # "01", or "00b" for a notebook slotted in between
    for exercise_id in checked:
        assert exercise_id.startswith(f"{number}."), f"{nb_path.name} checks {exercise_id}: ids start with {number}."
        ex = exercises.get(exercise_id)
        assert ex.hint.strip(), f"{exercise_id} has no hint"


@pytest.mark.parametrize("nb_path", [_ids(p) for p in NOTEBOOKS])
def test_notebook_header_gives_time_and_keypoints(nb_path):
    nb = _nb(nb_path)
    assert notebook_time(nb), f"{nb_path.name}: no '**Time** · N min teaching · M min exercises' line"
    assert keypoints(nb), f"{nb_path.name}: no bullets under '## Keypoints'"


def _markdown_files() -> list[Path]:
    files = sorted(LESSONS_DIR.glob("*.md"))
    return files + [p for p in (ROOT / "README.md",) if p.exists()]


@pytest.mark.parametrize("md", [pytest.param(p, id=p.relative_to(ROOT).as_posix()) for p in _markdown_files()])
def test_relative_links_in_course_pages_resolve(md):
    broken = []
    for target in _LINK.findall(_read(md)):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        if path and not (md.parent / path).exists():
            broken.append(target)
    assert not broken, f"{md.relative_to(ROOT).as_posix()} links to missing files: {broken}"


# --- syllabus -------------------------------------------------------------------------------------

def test_syllabus_schedule_covers_every_notebook_once():
    rows = schedule_rows(_read(SYLLABUS))
    scheduled = [stem for row in rows for stem in row["notebooks"]]
    assert len(scheduled) == len(set(scheduled)), f"a notebook is scheduled twice: {scheduled}"
    sessions = [row for row in rows if str(row["session"]).isdigit()]
    assert sorted({stem[:2] for row in sessions for stem in row["notebooks"]}) == [f"{n:02d}" for n in range(7)], (
        "the six numbered sessions cover notebooks 00-06 (later notebooks go in an 'Extension' row)"
    )
    assert sorted({int(row["session"]) for row in sessions}) == [1, 2, 3, 4, 5, 6]
    unscheduled = [p.stem for p in NOTEBOOKS if p.stem not in scheduled]
    assert not unscheduled, f"notebooks missing from the schedule (or under another name): {unscheduled}"


def test_syllabus_minutes_match_the_notebooks_and_add_up():
    for row in schedule_rows(_read(SYLLABUS)):
        parts = row["teaching"] + row["exercises"] + row["break"] + row["other"]
        assert row["total"] == parts, f"session {row['session']}: total {row['total']} != sum of parts {parts}"
        if str(row["session"]).isdigit():
            assert 80 <= row["total"] <= 95, f"session {row['session']} is {row['total']} minutes, not ~90"
        times = []
        for stem in row["notebooks"]:
            path = NOTEBOOKS_DIR / f"{stem}.ipynb"
            if not path.exists():
                pytest.fail(f"session {row['session']}: {stem}.ipynb does not exist yet")
            times.append(notebook_time(_nb(path)))
        assert all(times), f"session {row['session']}: a notebook header has no **Time** line"
        assert row["teaching"] == sum(t[0] for t in times), f"session {row['session']}: teaching minutes"
        assert row["exercises"] == sum(t[1] for t in times), f"session {row['session']}: exercise minutes"


def test_syllabus_has_personas_outcomes_and_setup():
    text = _read(SYLLABUS)
    for title in ("Who it is for", "Prerequisites", "Outcomes", "Schedule", "Self-paced path", "Setup"):
        assert title in headings(text, 2), f"lessons/README.md has no '## {title}'"
    for needle in ("make lab", "make test", "environment.yml", "Binder"):
        assert needle in text


# --- glossary -------------------------------------------------------------------------------------

REQUIRED_TERMS = (
    "S-400", "F-35", "F-35 programme", "JSF", "CAATSA", "SSB", "NDAA", "NATO", "Donbas", "Donbass",
    "Rosoboronexport", "TIV", "Kremlin", "metonymy", "demonym", "entity", "mention", "gazetteer",
    "attribution", "anonymous source", "hedge", "direct quotation", "paraphrase", "content farm",
    "provenance", "ClaimReview", "TimelineJS", "Frictionless data package", "papermill parameter", "nbval",
    "weighted sum", "break-even weight", "Nash equilibrium",
)


def test_glossary_has_the_course_terms():
    anchors = {anchor(t) for t in glossary_terms(_read(GLOSSARY))}
    missing = [t for t in REQUIRED_TERMS if anchor(t) not in anchors]
    assert not missing, f"lessons/glossary.md lacks: {missing}"


def test_glossary_terms_are_unique_sorted_and_defined():
    text = _read(GLOSSARY)
    terms = glossary_terms(text)
    anchors = [anchor(t) for t in terms]
    assert len(anchors) == len(set(anchors)), "two glossary headings give the same anchor"
    assert anchors == sorted(anchors), "keep the glossary in alphabetical order (by anchor)"
    for term in terms:
        body = section(text, term)
        assert body.strip() and not body.lstrip().startswith("#"), f"glossary term {term!r} has no definition"
        assert all(ch.isalnum() or ch in "- " for ch in term), f"{term!r}: keep headings to letters, digits, '-'"


def test_glossary_headings_carry_lower_case_html_anchors():
    # JupyterLab's Markdown viewer keeps capitals in heading anchors (#S-400), so a link to #s-400 only
    # scrolls to the term there if the heading also holds <a id="s-400"></a>; GitHub works either way.
    text = _read(GLOSSARY)
    heading_lines = [ln for ln in text.splitlines() if ln.startswith("## ")]
    expected = [f'## <a id="{anchor(t)}"></a>{t}' for t in glossary_terms(text)]
    assert heading_lines == expected
    assert explicit_anchors(text) == [anchor(t) for t in glossary_terms(text)]


def _glossary_link_sources() -> list[tuple[str, str]]:
    out = []
    for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        out.append((f"notebooks/{path.name}", markdown_of(_nb(path))))
    for path in _markdown_files():
        out.append((path.relative_to(ROOT).as_posix(), _read(path)))
    return out


def test_every_glossary_link_resolves():
    anchors = {anchor(t) for t in glossary_terms(_read(GLOSSARY))}
    broken = [
        f"{where}: glossary.md#{target}"
        for where, text in _glossary_link_sources()
        for target in glossary_links(text)
        if target not in anchors
    ]
    glossary_text = _read(GLOSSARY)
    broken += [f"lessons/glossary.md: #{a}" for a in re.findall(r"\]\(#([^)\s]+)\)", glossary_text) if a not in anchors]
    assert not broken, "glossary links with no matching '## Term' heading:\n" + "\n".join(broken)


# --- keypoints page -------------------------------------------------------------------------------

def test_keypoints_page_is_in_sync_with_the_notebooks():
    assert _read(KEYPOINTS_PAGE) == keypoints_markdown(), "lessons/keypoints.md is stale: run `kit keypoints`"
