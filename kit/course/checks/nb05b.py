"""Checks for notebook 05b (tradeoffs extension, optional): the Turkey × United States game.

The check recomputes its answer from ``data/tradeoffs/payoffs.csv``, so a teacher who edits a payoff
gets a check that follows the edit.
"""

from __future__ import annotations

from typing import Any

from kit.course.exercises import exercise


@exercise(
    "05b.nash",
    prompt=(
        "In the Turkey × United States game, which cells are pure-strategy Nash equilibria? Answer a list of "
        "(turkey_move, us_move) tuples, e.g. [('return', 'readmit')]."
    ),
    hint=(
        "For each cell ask two questions: could Turkey do better by switching its move while the US keeps its "
        "own? Could the US? A Nash equilibrium is a cell where both answers are no. `g.nash_equilibria` checks."
    ),
    wrong=([("return", "readmit")], [], [("keep", "readmit")], [("keep", "refuse"), ("return", "readmit")],
           "keep, refuse"),
    explanation=(
        "(keep, refuse) is the only one: whatever Washington does, Ankara does better by keeping the S-400, and "
        "against a Turkey that keeps it, Washington refuses. Both would prefer (return, readmit), but neither "
        "can get there alone, which is why the order of moves and promises matter."
    ),
)
def _nash(answer: Any) -> str | None:
    from kit.tradeoffs import game as g

    if not isinstance(answer, (list, tuple, set)) or not all(
        isinstance(x, (list, tuple)) and len(x) == 2 for x in answer
    ):
        return "answer a list of (turkey_move, us_move) pairs, e.g. [('keep', 'refuse')]."
    table = g.nash_equilibria(g.load_payoffs())
    truth = {(r.turkey_move, r.us_move) for r in table.itertuples() if r.nash}
    given = {(str(a).strip().lower(), str(b).strip().lower()) for a, b in answer}
    if given == truth:
        return None
    if not given:
        return "there is at least one cell where neither player gains by switching alone; check each cell."
    cells = {(r.turkey_move, r.us_move): r for r in table.itertuples()}
    for cell in sorted(given - truth):
        r = cells.get(cell)
        if r is None:
            t_moves, u_moves = sorted({c[0] for c in cells}), sorted({c[1] for c in cells})
            return f"{cell} is not a cell of the game: Turkey's moves are {t_moves}, the US's {u_moves}."
        if not r.turkey_best_response:
            return (f"in {cell} Turkey would do better by switching its move while the US stays put "
                    f"(it gets {r.turkey_payoff:g} here): not an equilibrium, however good the cell looks.")
        return (f"in {cell} the US would do better by switching while Turkey stays put (it gets {r.us_payoff:g} "
                "here): not an equilibrium.")
    return "you have missed an equilibrium: check every cell, not only the one you expect."
