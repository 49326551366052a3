"""kit.course.keypoints: reading lesson plans, notebooks and the syllabus, and writing the keypoints page."""

from __future__ import annotations

import nbformat
import pytest

from kit.cli import main
from kit.course.keypoints import (
    anchor,
    exercise_answer_ids,
    explicit_anchors,
    glossary_links,
    headings,
    keypoints,
    keypoints_markdown,
    keypoints_up_to_date,
    lesson_notebooks,
    notebook_time,
    notebook_title,
    schedule_rows,
    section,
    write_keypoints,
)
from kit.errors import InputError

PLAN = """# Lesson 99

## Questions
- Why?

```python
## not a heading: inside a code block
```

## Exercise answers
### 99.first — Count them
Answer one.
### `99.second`
Answer two.
#### a detail, not an exercise

## Assessment
Ask.
"""


def test_headings_skip_code_blocks_and_other_levels():
    assert headings(PLAN, 2) == ["Questions", "Exercise answers", "Assessment"]
    assert headings(PLAN, 1) == ["Lesson 99"]


def test_headings_drop_inline_html_and_explicit_anchors_are_found():
    text = '## <a id="s-400"></a>S-400\n\nA system.\n\n## <a name=\'f-35\'></a>F-35 <small>jet</small>\n'
    assert headings(text, 2) == ["S-400", "F-35 jet"]
    assert explicit_anchors(text) == ["s-400", "f-35"]
    assert section(text, "S-400") == "A system."


def test_section_stops_at_the_next_heading_of_its_level():
    body = section(PLAN, "Exercise answers")
    assert body.startswith("### 99.first") and "Ask." not in body
    assert section(PLAN, "Nowhere") == ""


def test_exercise_answer_ids_read_the_id_before_any_title():
    assert exercise_answer_ids(PLAN) == ["99.first", "99.second"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [("F-35 programme", "f-35-programme"), ("S-400", "s-400"), ("Nash  equilibrium", "nash-equilibrium"),
     ("ClaimReview", "claimreview")],
)
def test_anchor(term, expected):
    assert anchor(term) == expected


def test_glossary_links_find_every_anchor():
    text = "See [S-400](../lessons/glossary.md#s-400) and [x](glossary.md#content-farm), not [y](other.md#z)."
    assert glossary_links(text) == ["s-400", "content-farm"]


def _nb(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(s) for s in sources]
                                    + [nbformat.v4.new_code_cell("## Keypoints\n- not markdown")])


def test_keypoints_end_before_the_next_link_and_join_wrapped_lines():
    nb = _nb("# 99 · Demo\n\n**Time** · 20 min teaching · 15 min exercises",
             "## Where\ntext\n\n## Keypoints\n- one\n- two, wrapped\n  over a line\n\n**Next:** [100](x.ipynb)")
    assert keypoints(nb) == ["one", "two, wrapped over a line"]
    assert notebook_title(nb, "fallback") == "99 · Demo"
    assert notebook_time(nb) == (20, 15)


def test_keypoints_may_follow_their_heading_in_the_next_cell():
    assert keypoints(_nb("## Keypoints", "* alpha\n* beta")) == ["alpha", "beta"]


def test_missing_parts_are_none_or_empty():
    nb = _nb("no title here")
    assert keypoints(nb) == [] and notebook_time(nb) is None and notebook_title(nb, "fb") == "fb"


def _course(tmp_path, n_apps: int = 0):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(_nb("# 00 · Zero", "## Keypoints\n- first point"), folder / "00_zero.ipynb")
    nbformat.write(_nb("# 01 · One", "## Keypoints\n- second point"), folder / "01_one.ipynb")
    if n_apps:
        nbformat.write(_nb("# 01 · App"), folder / "01_one_app.ipynb")
    nbformat.write(_nb("# scratch"), folder / "scratch.ipynb")
    return folder


def test_keypoints_page_lists_each_notebook_in_order(tmp_path):
    page = keypoints_markdown(_course(tmp_path, n_apps=1))
    assert page.startswith("# Keypoints\n")
    assert "## [00 · Zero](../notebooks/00_zero.ipynb)\n\n- first point\n" in page
    assert page.index("00 · Zero") < page.index("01 · One") and "App" not in page and "scratch" not in page


def test_app_notebooks_are_not_lessons(tmp_path):
    assert [p.name for p in lesson_notebooks(_course(tmp_path, n_apps=1))] == ["00_zero.ipynb", "01_one.ipynb"]


def test_a_notebook_without_keypoints_is_named_in_the_error(tmp_path):
    folder = _course(tmp_path)
    nbformat.write(_nb("# 02 · Two"), folder / "02_two.ipynb")
    with pytest.raises(InputError, match=r"02_two\.ipynb: has no bullets under a '## Keypoints' heading"):
        keypoints_markdown(folder)


def test_write_and_check_the_keypoints_page(tmp_path):
    folder, out = _course(tmp_path), tmp_path / "lessons" / "keypoints.md"
    assert not keypoints_up_to_date(out, folder)
    write_keypoints(out, folder)
    assert keypoints_up_to_date(out, folder)
    out.write_text(out.read_text() + "- a hand edit\n")
    assert not keypoints_up_to_date(out, folder)


def test_kit_keypoints_command(tmp_path, monkeypatch, capsys):
    import kit.course.keypoints

    monkeypatch.setattr(kit.course.keypoints, "NOTEBOOKS_DIR", _course(tmp_path))
    monkeypatch.setattr(kit.course.keypoints, "KEYPOINTS_PAGE", tmp_path / "lessons" / "keypoints.md")
    with pytest.raises(SystemExit) as stale:  # like `kit doctor`, a failed check exits 1
        main(["keypoints", "--check"])
    assert stale.value.code == 1
    assert "out of date: run `kit keypoints`" in capsys.readouterr().err
    assert main(["keypoints"]) == 0 and "first point" in (tmp_path / "lessons" / "keypoints.md").read_text()
    assert main(["keypoints", "--check"]) == 0 and "is up to date" in capsys.readouterr().out
    monkeypatch.setattr(kit.course.keypoints, "NOTEBOOKS_DIR", tmp_path / "nowhere")
    assert main(["keypoints"]) == 2 and "kit: error: " in capsys.readouterr().err


SYLLABUS = """# Course

## Schedule
| Session | Notebooks | Teaching | Exercises | Break | Other | Total |
|---|---|---|---|---|---|---|
| 1 | [00](../notebooks/00_start_here.ipynb) + [01](../notebooks/01_reading.ipynb) | 40 | 25 | 10 | 15 | 90 |
| 2 | [02](../notebooks/02_entity_tables.ipynb) | 35 | 30 | – | 25 | 90 |
| | a row without a notebook | | | | | |

## Setup
| Session | Notebooks | Teaching |
|---|---|---|
| 9 | [09](../notebooks/09_elsewhere.ipynb) | 1 |
"""


def test_schedule_rows():
    rows = schedule_rows(SYLLABUS)
    assert rows == [
        {"session": "1", "notebooks": ["00_start_here", "01_reading"], "teaching": 40, "exercises": 25,
         "break": 10, "other": 15, "total": 90},
        {"session": "2", "notebooks": ["02_entity_tables"], "teaching": 35, "exercises": 30, "break": 0, "other": 25,
         "total": 90},
    ]
    assert schedule_rows("# no schedule here") == []


def test_refresh_joins_split_print_output():
    """A kernel may send one print as two messages; the stored notebook keeps one output so reruns do not differ."""
    import nbformat

    from kit.course.refresh import coalesce_streams

    cell = nbformat.v4.new_code_cell("print('a'); print('b')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="b\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="warn\n")]
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert [(o["name"], o["text"]) for o in coalesce_streams(nb).cells[0].outputs] == [
        ("stdout", "a\nb\n"), ("stderr", "warn\n")]
