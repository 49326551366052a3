"""The tradeoff model: hand-computed rankings and break-evens, robustness, the game, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kit.errors import DataError, ModelError
from kit.tradeoffs import game as g
from kit.tradeoffs import model as t

# ------------------------------------------------------------------ a small table, computed by hand


def small(scores: dict[str, tuple[float, ...]], criteria: tuple[str, ...] = ("x", "y"),
          threshold: float = 0.0) -> t.TradeoffModel:
    options = pd.DataFrame({"option_id": list(scores), "label": [o.upper() for o in scores]})
    crit = pd.DataFrame({"criterion_id": list(criteria), "label": [c.upper() for c in criteria],
                         "scale_min": 0, "scale_max": 10, "preference_threshold": threshold})
    rows = [(o, c, v) for o, vals in scores.items() for c, v in zip(criteria, vals, strict=True)]
    return t.build_model(options, crit, pd.DataFrame(rows, columns=["option_id", "criterion_id", "score"]))


# A: (8, 2), B: (5, 4), C: (0, 10); weights x=3, y=1 -> shares 0.75 / 0.25.
# Weighted sum on 0-100: A = .75*80 + .25*20 = 65; B = .75*50 + .25*40 = 47.5; C = 25.
ABC = {"a": (8, 2), "b": (5, 4), "c": (0, 10)}
W = {"x": 3, "y": 1}


def test_weighted_sum_matches_hand_computation():
    r = t.rank(small(ABC), W)
    assert list(r["option_id"]) == ["a", "b", "c"]
    assert list(r["score"]) == [65.0, 47.5, 25.0]
    assert list(r["behind_top"]) == [0.0, 17.5, 40.0]
    assert list(r["rank"]) == [1, 2, 3]


def test_weights_are_normalised():
    m = small(ABC)
    pd.testing.assert_frame_equal(t.rank(m, W), t.rank(m, {"x": 30, "y": 10}))
    assert t.normalise(m, W) == {"x": 0.75, "y": 0.25}


def test_breakeven_matches_hand_computation():
    # Raising y: C ties A when 3*(0-80) + t*(100-20) = 0 -> t = 3 (B would need 4.5).
    # Lowering x: C ties A when 1*(100-20) + t*(0-80) = 0 -> t = 1 (B would need 2/3).
    s = t.breakeven(small(ABC), W).set_index(["criterion_id", "direction"])
    assert s.loc[("y", "increase"), "breakeven_weight"] == pytest.approx(3.0)
    assert s.loc[("y", "increase"), "new_top_option_id"] == "c"
    assert s.loc[("y", "increase"), "breakeven_share"] == pytest.approx(0.5)
    assert s.loc[("x", "decrease"), "breakeven_weight"] == pytest.approx(1.0)
    assert s.loc[("x", "decrease"), "new_top_option_id"] == "c"
    assert s.loc[("x", "decrease"), "change"] == pytest.approx(-2.0)
    assert math.isnan(s.loc[("x", "increase"), "breakeven_weight"])  # more x only helps A
    assert math.isnan(s.loc[("y", "decrease"), "breakeven_weight"])
    assert set(s["top_option_id"]) == {"a"}


def test_breakeven_is_where_the_top_option_actually_changes():
    m = small(ABC)
    assert t.rank(m, {"x": 3, "y": 2.99})["option_id"].iloc[0] == "a"
    assert t.rank(m, {"x": 3, "y": 3.01})["option_id"].iloc[0] == "c"
    assert t.rank(m, {"x": 1.01, "y": 1})["option_id"].iloc[0] == "a"
    assert t.rank(m, {"x": 0.99, "y": 1})["option_id"].iloc[0] == "c"


def test_summary_sentence_names_winner_margin_and_nearest_breakeven():
    s = t.summarize(small(ABC), W)
    assert s == ("With these weights, A wins by 17.5 points over B; it would take weight 1 on X (now 3) "
                 "to change that, in favour of C.")


def test_promethee_usual_criterion_by_hand():
    # Usual criterion (threshold 0): on x A>B>C -> flows 100, 0, -100; on y C>B>A -> -100, 0, 100.
    r = t.rank(small(ABC), W, "promethee_ii").set_index("option_id")
    assert r.loc["a", "score"] == pytest.approx(0.75 * 100 - 0.25 * 100)
    assert r.loc["b", "score"] == pytest.approx(0.0)
    assert r.loc["c", "score"] == pytest.approx(-50.0)


def test_promethee_linear_preference_by_hand():
    # Threshold 5: on x, A-B = 3 -> 0.6, A-C = 8 -> 1, B-C = 5 -> 1: flows 80, 20, -100.
    # On y, C-A = 8 -> 1, C-B = 6 -> 1, B-A = 2 -> 0.4: flows -70, -30, 100.
    r = t.rank(small(ABC, threshold=5), W, "promethee_ii").set_index("option_id")
    assert r.loc["a", "score"] == pytest.approx(0.75 * 80 + 0.25 * -70)
    assert r.loc["b", "score"] == pytest.approx(0.75 * 20 + 0.25 * -30)
    assert r.loc["c", "score"] == pytest.approx(-50.0)


def test_the_method_matters():
    # A is excellent on one criterion, B a little better than the rest on two.
    m = small({"a": (10, 0, 0), "b": (0, 3, 3), "c": (0, 2, 2)}, criteria=("x", "y", "z"))
    w = {"x": 1, "y": 1, "z": 1}
    assert t.rank(m, w)["option_id"].iloc[0] == "a"  # 33.3 vs 20 vs 13.3
    assert t.rank(m, w, "promethee_ii")["option_id"].iloc[0] == "b"  # -33.3 vs 50 vs -16.7
    both = t.compare_methods(m, w).set_index("option_id")
    assert both.loc["a", "weighted_sum_rank"] == 1 and both.loc["b", "promethee_ii_rank"] == 1


def test_breakeven_works_for_promethee_too():
    m = small({"a": (10, 0, 0), "b": (0, 3, 3), "c": (0, 2, 2)}, criteria=("x", "y", "z"))
    w = {"x": 1, "y": 1, "z": 1}
    s = t.breakeven(m, w, "promethee_ii").set_index(["criterion_id", "direction"])
    t_star = s.loc[("x", "increase"), "breakeven_weight"]
    # a's flows: x 100, y -100, z -100; b's: x -50, y 100, z 100 -> tie when 150 t = 400 -> t = 8/3.
    assert t_star == pytest.approx(8 / 3)
    assert t.rank(m, {**w, "x": t_star + 1e-6}, "promethee_ii")["option_id"].iloc[0] == "a"


def test_contributions_sum_to_scores():
    m = small(ABC)
    c = t.contributions(m, W).groupby("option_id")["contribution"].sum()
    r = t.rank(m, W).set_index("option_id")["score"]
    pd.testing.assert_series_equal(c.sort_index(), r.sort_index(), check_names=False)


def test_score_overrides_make_a_new_model():
    m = small(ABC)
    m2 = m.with_scores({("c", "x"): 10})
    assert m.score("c", "x") == 0 and m2.score("c", "x") == 10
    assert t.rank(m2, W)["option_id"].iloc[0] == "c"


# ------------------------------------------------------------------ property: the break-even is exact

scores_st = st.lists(st.tuples(*[st.integers(0, 10)] * 3), min_size=2, max_size=4)
weights_st = st.tuples(*[st.integers(0, 10)] * 3).filter(lambda w: sum(w) > 0)


@settings(max_examples=150, deadline=None)
@given(rows=scores_st, weights=weights_st, method=st.sampled_from(sorted(t.METHODS)))
def test_breakeven_property(rows, weights, method):
    m = small({f"o{i}": r for i, r in enumerate(rows)}, criteria=("x", "y", "z"), threshold=3)
    w = dict(zip(("x", "y", "z"), map(float, weights), strict=True))
    scores = t.rank(m, w, method)["score"]
    assume(len(scores) < 2 or scores.iloc[0] - scores.iloc[1] > 1e-6)  # a clear winner to start with
    top = t.rank(m, w, method)["option_id"].iloc[0]
    for row in t.breakeven(m, w, method).itertuples():
        if math.isnan(row.breakeven_weight):
            continue
        step = 1e-4 if row.direction == "increase" else -1e-4
        before = {**w, row.criterion_id: (row.weight + row.breakeven_weight) / 2}
        after = {**w, row.criterion_id: row.breakeven_weight + step}
        if sum(after.values()) <= 0 or after[row.criterion_id] < 0:
            continue
        assert t.rank(m, before, method)["option_id"].iloc[0] == top
        assert t.rank(m, after, method)["option_id"].iloc[0] != top


# ------------------------------------------------------------------ robustness


def test_robustness_is_seeded_and_sums_to_one():
    m = small(ABC)
    a, b = t.robustness(m, samples=500, seed=7), t.robustness(m, samples=500, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert a["wins"].sum() == 500 and a["share"].sum() == pytest.approx(1.0)


def test_robustness_symmetric_case_is_about_half():
    # A wins exactly when w_x > w_y; uniform Dirichlet(1, 1) -> probability 1/2.
    m = small({"a": (10, 0), "b": (0, 10)})
    r = t.robustness(m, samples=20000, seed=1).set_index("option_id")
    assert r.loc["a", "share"] == pytest.approx(0.5, abs=0.02)


def test_robustness_dominated_option_never_wins():
    m = small({"a": (9, 9), "b": (3, 3), "c": (1, 10)})
    r = t.robustness(m, samples=1000).set_index("option_id")
    assert r.loc["b", "wins"] == 0


def test_robustness_around_weights_concentrates_on_their_winner():
    m = small(ABC)
    near = t.robustness(m, weights=W, concentration=500, samples=1000).set_index("option_id")
    assert near.loc["a", "share"] > 0.9


# ------------------------------------------------------------------ the game


def game(cells: dict[tuple[str, str], tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame([(tm, um, tp, up) for (tm, um), (tp, up) in cells.items()],
                        columns=["turkey_move", "us_move", "turkey_payoff", "us_payoff"])


def test_bundled_game_status_quo_is_the_only_nash_equilibrium():
    ne = g.nash_equilibria(g.load_payoffs())
    assert ne[ne["nash"]][["turkey_move", "us_move"]].values.tolist() == [["keep", "refuse"]]


def test_bundled_game_played_in_turn():
    seq = g.backward_induction(g.load_payoffs(), "turkey")
    chosen = seq[seq["chosen"]].iloc[0]
    assert (chosen["turkey_move"], chosen["us_move"]) == ("return", "readmit")


def test_coordination_game_has_two_equilibria_and_matching_pennies_none():
    coord = game({("a", "a"): (2, 2), ("a", "b"): (0, 0), ("b", "a"): (0, 0), ("b", "b"): (1, 1)})
    assert g.nash_equilibria(coord)["nash"].sum() == 2
    pennies = game({("h", "h"): (1, -1), ("h", "t"): (-1, 1), ("t", "h"): (-1, 1), ("t", "t"): (1, -1)})
    assert g.nash_equilibria(pennies)["nash"].sum() == 0


def test_payoff_matrix_layout():
    grid = g.payoff_matrix(g.load_payoffs())
    assert grid.loc["return", "readmit"] == "(3, 4)"
    assert list(grid.columns) == ["readmit", "refuse"]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({("a", "x"): (1, 1), ("a", "y"): (1, 1), ("b", "x"): (1, 1)}, r"no payoff for \(b, y\)"),
        ({("a", "x"): (1, float("nan"))}, r"missing \(NaN\)"),
    ],
)
def test_bad_payoffs(cells, message):
    with pytest.raises(ModelError, match=message):
        g.nash_equilibria(game(cells))


def test_duplicate_payoff_cell():
    df = pd.concat([game({("a", "x"): (1, 1)})] * 2)
    with pytest.raises(ModelError, match="more than once"):
        g.nash_equilibria(df)


# ------------------------------------------------------------------ bad input: clear ModelError


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"x": 0, "y": 0}, "all weights are zero"),
        ({"x": -1, "y": 2}, "negative"),
        ({"x": float("nan"), "y": 1}, "missing \\(NaN\\)"),
        ({"x": None, "y": 1}, "not a number"),
        ({"x": "lots", "y": 1}, "not a number"),
        ({"x": float("inf"), "y": 1}, "not a finite number"),
        ({"x": 1}, "missing weight for 'y'"),
        ({"x": 1, "y": 1, "z": 1}, "unknown criterion 'z'"),
        ([1, 2], "expected a mapping"),
    ],
)
def test_bad_weights(weights, message):
    with pytest.raises(ModelError, match=message):
        t.rank(small(ABC), weights)


def test_bad_method():
    with pytest.raises(ModelError, match="not a ranking method"):
        t.rank(small(ABC), W, "majority")


def _tables():
    options = pd.DataFrame({"option_id": ["a", "b"], "label": ["A", "B"]})
    crit = pd.DataFrame({"criterion_id": ["x"], "label": ["X"], "scale_min": [0], "scale_max": [10]})
    scores = pd.DataFrame({"option_id": ["a", "b"], "criterion_id": ["x", "x"], "score": [1.0, 2.0]})
    return options, crit, scores


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o, c, s: s.assign(score=[1.0, 11.0]), "score 11 is outside the x scale 0–10"),
        (lambda o, c, s: s.assign(score=[1.0, -0.5]), "outside"),
        (lambda o, c, s: s.assign(option_id=["a", "zz"]), "unknown option_id 'zz'"),
        (lambda o, c, s: s.assign(criterion_id=["x", "w"]), "unknown criterion_id 'w'"),
        (lambda o, c, s: s.iloc[:1], "no score for b on x"),
        (lambda o, c, s: s.assign(option_id=["a", "a"]), "duplicate score"),
        (lambda o, c, s: s.assign(score=[1.0, float("nan")]), "missing"),
        (lambda o, c, s: s.drop(columns="score"), "missing column\\(s\\): score"),
    ],
)
def test_bad_scores(change, message):
    o, c, s = _tables()
    with pytest.raises(ModelError, match=message):
        t.build_model(o, c, change(o, c, s))


def test_bad_options_and_criteria():
    o, c, s = _tables()
    with pytest.raises(ModelError, match="at least two options"):
        t.build_model(o.iloc[:1], c, s.iloc[:1])
    with pytest.raises(ModelError, match="duplicate option_id"):
        t.build_model(pd.concat([o, o.iloc[:1]]), c, s)
    with pytest.raises(ModelError, match="scale_max \\(0\\) must be above scale_min \\(0\\)"):
        t.build_model(o, c.assign(scale_max=[0]), s.assign(score=[0.0, 0.0]))
    with pytest.raises(ModelError, match="expected a DataFrame"):
        t.build_model(o, c, s.to_dict())


def test_bad_override_names_the_problem():
    m = small(ABC)
    with pytest.raises(ModelError, match="12 is outside the X scale 0–10"):
        m.with_scores({("a", "x"): 12})
    with pytest.raises(ModelError, match="unknown option 'zz'"):
        m.with_scores({("zz", "x"): 1})
    with pytest.raises(ModelError, match="unknown criterion 'q'"):
        m.with_scores({("a", "q"): 1})


def test_unknown_stakeholder():
    with pytest.raises(ModelError, match="unknown stakeholder 'china'"):
        t.stakeholder_weights(t.load_weights(), "china")


# ------------------------------------------------------------------ the bundled data


def test_bundled_tables_load_and_are_complete():
    m = t.load_model()
    assert {"keep_operational", "keep_stored", "return_to_russia", "transfer_third_party"} <= set(m.option_ids)
    assert {"f35_access", "sanctions_relief", "moscow_ties", "money_spent", "air_defence",
            "sovereignty"} <= set(m.criterion_ids)
    assert m.matrix.shape == (len(m.option_ids), len(m.criterion_ids))
    weights = t.load_weights()
    assert set(weights["stakeholder_id"]) == {"turkey", "united_states", "russia", "nato_allies"}
    for sid in set(weights["stakeholder_id"]):
        t.check_weights(m, t.stakeholder_weights(weights, sid))


def test_every_score_is_sourced_or_an_assumption():
    scores = t.load_model().scores
    assert set(scores["basis"]) <= {"sourced", "assumption"}
    assert scores["rationale"].str.len().min() > 20
    sourced = scores[scores["basis"] == "sourced"]
    assert sourced["source_url"].str.startswith("http").all()
    for table in (t.load_weights(), g.load_payoffs()):
        assert set(table["basis"]) <= {"sourced", "assumption"}


def test_bundled_defaults_tell_the_teaching_story():
    """The lesson relies on these: Turkey's preset splits the two methods; Moscow prefers keeping it."""
    m, w = t.load_model(), t.load_weights()
    turkey = t.stakeholder_weights(w, "turkey")
    assert t.rank(m, turkey)["option_id"].iloc[0] != t.rank(m, turkey, "promethee_ii")["option_id"].iloc[0]
    assert t.rank(m, t.stakeholder_weights(w, "russia"))["option_id"].iloc[0] == "keep_operational"
    near = t.nearest_breakeven(t.breakeven(m, turkey))
    assert near is not None and near["within_slider"]


def test_edited_scores_file_is_validated(tmp_path):
    import shutil

    from kit.paths import DATA_DIR

    shutil.copytree(DATA_DIR / "tradeoffs", tmp_path / "tradeoffs")
    shutil.copy(DATA_DIR / "datapackage.json", tmp_path / "datapackage.json")
    path = tmp_path / "tradeoffs" / "scores.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("keep_stored,f35_access,1,", "keep_stored,f35_access,15,"),
                    encoding="utf-8")
    with pytest.raises(DataError, match="score=15 is above 10"):
        t.load_model(tmp_path)


def test_matrix_is_read_only():
    m = small(ABC)
    with pytest.raises(ValueError):
        m.matrix[0, 0] = 1
    assert isinstance(m.utilities("weighted_sum"), np.ndarray)


# ------------------------------------------------------------------ the CLI (a thin layer over the same functions)


def test_cli_ranks_and_explains(capsys):
    from kit.cli import main

    assert main(["tradeoffs"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "1. Return it to Russia                 56.3"
    assert "it would take weight 4.25 on F-35 access (now 8)" in out


def test_cli_weight_override_and_json(capsys):
    import json

    from kit.cli import main

    assert main(["tradeoffs", "--weight", "f35_access=4", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ranking"][0]["option_id"] == "keep_operational"
    assert data["weights"]["f35_access"] == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weight", "f35_access=-1"], "negative"),
        (["--weight", "oops"], "is not CRITERION=NUMBER"),
        (["--weight", "oil=3"], "unknown criterion 'oil'"),
        (["--stakeholder", "china"], "unknown stakeholder 'china'"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(capsys, args, message):
    from kit.cli import main

    assert main(["tradeoffs", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kit: error: ") and message in err and len(err.strip().splitlines()) == 1


def test_cli_saves_a_chart(tmp_path, capsys):
    from kit.cli import main

    assert main(["tradeoffs", "--chart", str(tmp_path / "ranking.svg")]) == 0
    svg = (tmp_path / "ranking.svg").read_text(encoding="utf-8")
    assert "Weights shown" in svg and "F-35 access 8" in svg
