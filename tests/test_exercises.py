"""kit.course.exercises: registering checks, and the feedback a learner sees for each kind of answer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.course import exercises
from kit.course.exercises import (
    Feedback,
    Hint,
    check,
    evaluate,
    exercise,
    exercises_for,
    get,
    hint,
    load_all,
    type_name,
)


@pytest.fixture
def demo():
    """Register two throwaway exercises in notebook "99" and remove them afterwards."""

    @exercise("99.answer", prompt="What is 6 x 7?", hint="Multiply.", wrong=(41, "42"),
              explanation="6 x 7 = 42.")
    def _answer(answer):
        if not isinstance(answer, int):
            return f"give a whole number, not {type_name(answer)}."
        return None if answer == 42 else f"{answer} is not 6 x 7."

    @exercise("99.boom", prompt="Anything.", hint="Any <b>hint</b> & more.")
    def _boom(answer):
        raise ValueError("the check itself broke")

    yield
    for key in ("99.answer", "99.boom"):
        exercises.REGISTRY.pop(key, None)


def test_right_answer_is_correct_with_its_explanation(demo):
    fb = check("99.answer", 42)
    assert fb.status == "correct" and fb.ok and bool(fb)
    assert fb.message == "6 x 7 = 42." and fb.hint == ""


def test_wrong_answer_says_why_and_offers_the_hint(demo):
    fb = evaluate("99.answer", 41)
    assert fb.status == "incorrect" and not fb
    assert fb.message == "41 is not 6 x 7." and fb.hint == "Multiply."
    assert "❌ Not yet [99.answer]: 41 is not 6 x 7." in fb.text() and "Hint: Multiply." in fb.text()


def test_placeholder_is_unanswered_not_wrong(demo):
    fb = evaluate("99.answer", ...)
    assert fb.status == "unanswered" and "replace the `...`" in fb.message and fb.hint == "Multiply."


def test_a_check_that_raises_becomes_feedback_not_a_traceback(demo):
    fb = evaluate("99.boom", object())
    assert fb.status == "error"
    assert "ValueError: the check itself broke" in fb.message and fb.hint


def test_default_explanation_for_a_right_answer():
    @exercise("99.plain", prompt="p", hint="h")
    def _plain(answer):
        return None

    try:
        assert evaluate("99.plain", 1).message == "well done."
    finally:
        exercises.REGISTRY.pop("99.plain")


def test_registering_an_id_twice_is_an_error(demo):
    with pytest.raises(ValueError, match="registered twice"):
        exercise("99.answer", prompt="p", hint="h")(lambda a: None)


def test_unknown_id_lists_the_notebooks_exercises(demo):
    with pytest.raises(KeyError, match=r"no exercise '99\.nope'; exercises in 99: 99\.answer, 99\.boom"):
        get("99.nope")
    with pytest.raises(KeyError, match="exercises in 98: none"):
        get("98.nope")


def test_html_feedback_escapes_everything_it_shows(demo):
    fb = Feedback("99.answer", "incorrect", "<script>alert(1)</script> is not it", "use <b> & co")
    html = fb._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "use &lt;b&gt; &amp; co" in html and "<details><summary>Hint</summary>" in html
    assert 'class="kit-feedback kit-incorrect"' in html


@pytest.mark.parametrize("status", ["correct", "incorrect", "unanswered", "error"])
def test_each_status_has_its_own_class_and_label(status):
    fb = Feedback("99.x", status, "message")
    assert f"kit-{status}" in fb._repr_html_() and repr(fb) == fb.text()
    assert "<details>" not in fb._repr_html_(), "no hint box without a hint"


def test_hint_displays_as_readable_text(demo):
    h = hint("99.boom")
    assert isinstance(h, Hint) and h == "Any <b>hint</b> & more."
    assert repr(h) == "Hint: Any <b>hint</b> & more."
    assert h._repr_html_() == (
        '<div class="kit-hint"><strong>Hint:</strong> Any &lt;b&gt;hint&lt;/b&gt; &amp; more.</div>'
    )


def test_exercises_for_a_notebook_are_sorted(demo):
    assert [e.id for e in exercises_for("99")] == ["99.answer", "99.boom"]
    assert {e.notebook_number for e in exercises_for("99")} == {"99"}


@pytest.mark.parametrize(("value", "expected"), [(1, "an int"), ("x", "a str"), ([], "a list"), (None, "a NoneType"),
                                                 ({1}, "a set"), (1.0, "a float")])
def test_type_name(value, expected):
    assert type_name(value) == expected


def test_load_all_registers_each_notebooks_checks_under_its_number():
    registry = load_all()
    assert {"00.country", "01.sentences"} <= set(registry)
    for exercise_id, ex in registry.items():
        module = ex.check.__module__.rsplit(".", 1)[-1]
        if module.startswith("nb"):
            assert module == f"nb{ex.notebook_number}", f"{exercise_id} is registered in {module}"


@settings(max_examples=60, deadline=None)
@given(answer=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                        st.lists(st.integers(), max_size=5), st.sets(st.text(max_size=8), max_size=4)))
def test_no_answer_crashes_a_check(answer):
    for exercise_id in sorted(load_all()):
        fb = evaluate(exercise_id, answer)
        assert fb.status in {"correct", "incorrect"}, (exercise_id, answer, fb.message)
        assert fb.message
