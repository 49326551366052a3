"""Checks accept the answer a learner naturally gets, and refuse the ones that only look right.

Each case is a bug a learner met: the right number as a numpy integer (what the hint's own recipe
gives), the right person under another form of his name, "Correct" for a placeholder source and
filler words, and a correct-answer message that repeated a different path from the one accepted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kit
from kit.course.exercises import as_int, evaluate, scalar

WIRE = "../data/samples/wire_story.txt"
STRAITS = "https://www.straitstimes.com/world/europe/turkey-eyes-lifting-u-s-caatsa-sanctions-before-u-s-midterms"
REASON = ("In March 2026 Fidan said Israel opposes lifting CAATSA and Reuters noted little progress, "
          "so ending possession would not bring quick relief.")
MY_SCORE = {"option_id": "return_to_russia", "criterion_id": "sanctions_relief", "score": 6,
            "source_url": STRAITS, "reason": REASON}


# --- the helpers ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (np.int64(14), 14), (pd.Series([14]), 14), (pd.array([14], dtype="Int64"), 14), (np.array([[14]]), 14),
    (pd.Series(["Tom Barrack"]), "Tom Barrack"), ("text", "text"), (14, 14),
])
def test_scalar_unwraps_numpy_scalars_and_one_value_containers(value, expected):
    got = scalar(value)
    assert got == expected and type(got) is type(expected)


def test_scalar_leaves_longer_containers_alone():
    many = pd.Series([1, 2])
    assert scalar(many) is many and scalar([14]) == [14]


@pytest.mark.parametrize(("value", "expected"), [
    (np.int64(5), 5), (np.int32(5), 5), (pd.Series([5], dtype="Int64"), 5), (True, None), (5.0, None),
    ("5", None), (pd.NA, None), (None, None),
])
def test_as_int(value, expected):
    assert as_int(value) == expected


# --- 01: the numpy integer of the hint's own recipe -----------------------------------------------

def test_01_longest_accepts_what_the_hint_recipe_gives():
    frame = kit.load_article().sentences_frame()
    recipe = frame.sort_values("n_words", ascending=False).iloc[0]["sent_idx"]
    assert isinstance(recipe, np.integer)
    fb = evaluate("01.longest_sentence", recipe)
    assert fb.status == "correct", fb.message
    by_mask = frame.loc[frame["n_words"] == frame["n_words"].max(), "sent_idx"]
    assert evaluate("01.longest_sentence", by_mask).status == "correct"


@pytest.mark.parametrize(("exercise_id", "answer"), [
    ("01.sentences", np.int64(18)), ("01.berk_offset", np.int64(1884)), ("03.unattributed", np.int64(9)),
])
def test_01_and_03_counts_accept_numpy_integers(exercise_id, answer):
    assert evaluate(exercise_id, answer).status == "correct"


def test_01_longest_still_explains_wrong_numpy_answers():
    fb = evaluate("01.longest_sentence", np.int64(15))
    assert fb.status == "incorrect" and "counts from 0" in fb.message
    assert evaluate("01.longest_sentence", np.float64(14.0)).status == "incorrect"


# --- 03: the ambassador under other forms of his name ---------------------------------------------

@pytest.mark.parametrize("name", [
    "Tom Barrack", "Thomas J. Barrack Jr.", "Barrack, Tom", "Barrack, Thomas J.", "Thomas Joseph Barrack Jr.",
    "Tom Barrack, Jr.", "Ambassador Tom Barrack", "  tom   BARRACK ", "Barrack",
])
def test_03_ambassador_accepts_name_variants(name):
    fb = evaluate("03.ambassador", name)
    assert fb.status == "correct", f"{name!r}: {fb.message}"


def test_03_ambassador_accepts_a_name_read_out_of_a_table():
    assert evaluate("03.ambassador", pd.Series(["Tom Barrack"])).status == "correct"


@pytest.mark.parametrize(("name", "why"), [
    ("Tom Berk", "misnaming"), ("Berk, Tom", "misnaming"), ("Tom Barak", "spelled Barrack"),
    ("Jane Barrack", "first name"), ("Barack Obama", "president"), ("Tom Brady", "sibling page"),
])
def test_03_ambassador_explains_near_misses(name, why):
    fb = evaluate("03.ambassador", name)
    assert fb.status == "incorrect" and why in fb.message, fb.message


# --- 05: a source a reader can open, and a reason about the criterion ------------------------------

def test_05_my_score_accepts_the_model_answer():
    assert evaluate("05.my_score", MY_SCORE).status == "correct"


@pytest.mark.parametrize(("change", "why"), [
    ({"source_url": "https://x"}, "not a site"),
    ({"source_url": "https://example.com/report"}, "not a site"),
    ({"source_url": "http://localhost:8888/tree"}, "not a site"),
    ({"source_url": "ftp://www.straitstimes.com/x"}, "full web address"),
    ({"source_url": "www.straitstimes.com/x"}, "full web address"),
    ({"reason": "one two three four five six seven eight"}, "does not say what the source shows"),
    ({"reason": "a a a a a a a a a a"}, "full sentence"),
    ({"reason": "Moscow would be furious and cut its ties with Ankara after a return."}, "moscow_ties"),
])
def test_05_my_score_refuses_placeholder_sources_and_filler_reasons(change, why):
    fb = evaluate("05.my_score", {**MY_SCORE, **change})
    assert fb.status == "incorrect" and why in fb.message, fb.message


# --- 06: the path accepted is the path repeated ----------------------------------------------------

@pytest.mark.parametrize("path", [WIRE, "data/samples/wire_story.txt"])
def test_06_parameters_repeats_the_path_it_accepted(path):
    fb = evaluate("06.parameters", {"article_path": path, "top_n": 5})
    assert fb.status == "correct"
    assert f'article_path = "{path}"' in fb.message
    others = {WIRE, "data/samples/wire_story.txt"} - {path}
    assert not any(f'"{other}"' in fb.message for other in others)


def test_06_parameters_accepts_an_absolute_path_and_a_numpy_top_n():
    from kit.paths import data_path

    absolute = str(data_path("samples", "wire_story.txt").resolve())
    fb = evaluate("06.parameters", {"article_path": absolute, "top_n": np.int64(5)})
    assert fb.status == "correct" and absolute in fb.message


@pytest.mark.parametrize("path", ["xsamples/wire_story.txt", "samples/wire_story.txt", "../wire_story.txt"])
def test_06_parameters_refuses_paths_that_lead_nowhere(path):
    fb = evaluate("06.parameters", {"article_path": path, "top_n": 5})
    assert fb.status == "incorrect" and "../data/samples/wire_story.txt" in fb.message
