"""Notebook 04's exercise checks: right answers pass, known wrong answers say why."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kit import timeline
from kit.course.exercises import evaluate, exercises_for

RIGHT = {
    "04.decade": [("2015-12-17", "2018-12-17"), (dt.date(2015, 12, 17), pd.Timestamp("2018-12-17"))],
    "04.window": [("2026-04-05", "2026-06-05")],
    "04.contradicted": ["since the S-400 purchase in 2017", "dc4", "  Since the S-400 purchase in 2017. "],
}
NEWS_AZ = "https://news.az/news/turkiye-says-no-change-in-russian-s-400s-amid-us-talks-on-f-35s"


def test_four_exercises_with_hints_and_wrong_examples():
    exs = exercises_for("04")
    assert [e.id for e in exs] == ["04.add_event", "04.contradicted", "04.decade", "04.window"]
    for ex in exs:
        assert ex.hint and ex.wrong


@pytest.mark.parametrize(("exercise_id", "answer"), [(k, a) for k, v in RIGHT.items() for a in v])
def test_right_answers(exercise_id, answer):
    assert evaluate(exercise_id, answer).status == "correct"


@pytest.mark.parametrize("ex", exercises_for("04"), ids=lambda e: e.id)
def test_wrong_examples_are_explained(ex):
    for answer in ex.wrong:
        fb = evaluate(ex.id, answer)
        assert fb.status == "incorrect", (answer, fb)
        assert len(fb.message) > 20


def test_publication_anchored_window_is_explained():
    fb = evaluate("04.window", ("2026-04-17", "2026-06-17"))
    assert "anchored on publication" in fb.message


def test_add_event():
    record = timeline.load_events()
    good = timeline.add_event(record, start_date="2025-12-12", headline="Defence ministry: no new developments",
                              text="The Turkish defence ministry says nothing has changed on the S-400.",
                              category="statement", actor_ids="turkey|s400", source_url=NEWS_AZ)
    assert evaluate("04.add_event", good).status == "correct"
    assert "no new row" in evaluate("04.add_event", record).message
    wrong_day = good.copy()
    wrong_day.loc[wrong_day.index[-1], ["start_date", "end_date"]] = "2025-12-10"
    fb = evaluate("04.add_event", wrong_day)
    assert "2025-12-12" in fb.message and "Barrack spoke" in fb.message  # the day of the statement it answers
    unsourced = good.copy()
    unsourced.loc[unsourced.index[-1], "source_url"] = None
    fb = evaluate("04.add_event", unsourced)
    assert fb.status == "incorrect" and "source_url" in fb.message
