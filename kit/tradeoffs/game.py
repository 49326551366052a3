"""The Turkey × US game: who moves what, best responses, pure-strategy Nash equilibria, backward induction.

The payoffs are data a teacher can edit (``data/tradeoffs/payoffs.csv``, each with its basis and
rationale; they are assumptions, labelled as such). An optional extension to the tradeoff model in
:mod:`kit.tradeoffs.model`: the model ranks options for one decision maker, the game asks what each
side does given what the other does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kit.errors import ModelError
from kit.schema import Field, TableSchema
from kit.tradeoffs.model import _number, _read, _require_columns, fmt_weight

if TYPE_CHECKING:
    import pandas as pd

EQUILIBRIA = TableSchema(
    name="tradeoff-equilibria",
    description="Cells of the Turkey × US game, with best responses and pure-strategy Nash equilibria.",
    fields=(
        Field("turkey_move", "string", "Turkey's move."),
        Field("us_move", "string", "The United States' move."),
        Field("turkey_payoff", "number", "Turkey's payoff."),
        Field("us_payoff", "number", "The United States' payoff."),
        Field("turkey_best_response", "boolean", "Turkey cannot do better given the US move."),
        Field("us_best_response", "boolean", "The US cannot do better given Turkey's move."),
        Field("nash", "boolean", "Both at once: a pure-strategy Nash equilibrium."),
    ),
    primary_key=("turkey_move", "us_move"),
)


def load_payoffs(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The Turkey × US payoff table (turkey_move, us_move, turkey_payoff, us_payoff, basis, rationale, ...)."""
    df = _read("tradeoff-payoffs", Path(data_dir) if data_dir is not None else None)
    for col in ("turkey_payoff", "us_payoff"):
        df[col] = df[col].astype("float64")
    return df




_GAME_COLS = ("turkey_move", "us_move", "turkey_payoff", "us_payoff")


def check_payoffs(payoffs: pd.DataFrame) -> pd.DataFrame:
    """The payoff table with numeric payoffs, or ModelError (missing columns, gaps, duplicates, NaN)."""
    _require_columns(payoffs, _GAME_COLS, "payoffs")
    df = payoffs.loc[:, list(_GAME_COLS)].copy()
    if df.empty:
        raise ModelError("payoffs", "the table is empty")
    for col in ("turkey_move", "us_move"):
        df[col] = df[col].astype(str)
    for i, row in enumerate(df.itertuples(index=False), start=1):
        for col in ("turkey_payoff", "us_payoff"):
            _number(getattr(row, col), f"payoffs row {i} ({row.turkey_move}, {row.us_move}) {col}")
    df["turkey_payoff"] = df["turkey_payoff"].astype(float)
    df["us_payoff"] = df["us_payoff"].astype(float)
    dup = df[df.duplicated(["turkey_move", "us_move"], keep=False)]
    if not dup.empty:
        r = dup.iloc[0]
        raise ModelError("payoffs", f"the cell ({r['turkey_move']}, {r['us_move']}) appears more than once")
    t_moves = list(dict.fromkeys(df["turkey_move"]))
    u_moves = list(dict.fromkeys(df["us_move"]))
    have = set(zip(df["turkey_move"], df["us_move"], strict=True))
    gaps = [(t, u) for t in t_moves for u in u_moves if (t, u) not in have]
    if gaps:
        raise ModelError("payoffs", f"no payoff for ({gaps[0][0]}, {gaps[0][1]}): every pair of moves needs a row")
    return df


def payoff_matrix(payoffs: pd.DataFrame) -> pd.DataFrame:
    """The game as a grid: rows = Turkey's moves, columns = US moves, cells = "(Turkey, US)"."""
    df = check_payoffs(payoffs)
    pairs = zip(df["turkey_payoff"], df["us_payoff"], strict=True)
    df["cell"] = [f"({fmt_weight(t)}, {fmt_weight(u)})" for t, u in pairs]
    grid = df.pivot(index="turkey_move", columns="us_move", values="cell")
    grid = grid.loc[list(dict.fromkeys(df["turkey_move"])), list(dict.fromkeys(df["us_move"]))]
    grid.index.name, grid.columns.name = "Turkey \\ US", None
    return grid


def nash_equilibria(payoffs: pd.DataFrame) -> pd.DataFrame:
    """Every cell with both players' best-response flags; ``nash`` marks pure-strategy Nash equilibria.

    A cell is a best response for Turkey when no other Turkish move pays Turkey more against the same
    US move (and likewise for the US); a Nash equilibrium is a cell that is a best response for both.
    """
    import pandas as pd

    df = check_payoffs(payoffs)
    best_t = df.groupby("us_move")["turkey_payoff"].transform("max")
    best_u = df.groupby("turkey_move")["us_payoff"].transform("max")
    df["turkey_best_response"] = df["turkey_payoff"] >= best_t
    df["us_best_response"] = df["us_payoff"] >= best_u
    df["nash"] = df["turkey_best_response"] & df["us_best_response"]
    return EQUILIBRIA.conform(pd.DataFrame(df))


def backward_induction(payoffs: pd.DataFrame, leader: str = "turkey") -> pd.DataFrame:
    """The game played in turn: ``leader`` moves first, the other sees it and best-responds.

    Returns one row per leader move with the follower's reply and the payoffs; ``chosen`` marks
    the leader's best move (the subgame-perfect outcome, ties broken by table order).
    """
    import pandas as pd

    if leader not in ("turkey", "us"):
        raise ModelError("leader", f"{leader!r} is not a player; use 'turkey' or 'us'")
    df = check_payoffs(payoffs)
    follower = "us" if leader == "turkey" else "turkey"
    rows = []
    for move in dict.fromkeys(df[f"{leader}_move"]):
        options = df[df[f"{leader}_move"] == move]
        reply = options.loc[options[f"{follower}_payoff"].idxmax()]
        rows.append({**reply[list(_GAME_COLS)].to_dict()})
    out = pd.DataFrame(rows)
    best = out[f"{leader}_payoff"].idxmax()
    out["chosen"] = [i == best for i in out.index]
    out.insert(0, "leader", leader)
    return out.reset_index(drop=True)
