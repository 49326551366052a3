"""The alliance tradeoff model: rank Turkey's S-400 options for given weights, and ask what would change it.

The inputs are data a teacher can edit (``data/tradeoffs/``): options, criteria with a score scale,
option × criterion scores with a rationale, stakeholders' default weights, and a Turkey × US payoff
matrix. Everything here is a pure function of those tables and a weight mapping; nothing is cached
between calls except inside the immutable :class:`TradeoffModel`.

Two ranking methods, both additive in the normalised weights ``w̃ = w / Σw``:

* ``weighted_sum`` — each score rescaled to 0–100 on its criterion's scale, then ``Σ w̃_c · u_oc``.
  Big leads on one criterion can buy off small losses elsewhere (fully compensatory).
* ``promethee_ii`` — the outranking method PROMETHEE II with a linear ("V-shape") preference
  function: on criterion ``c`` option ``a`` is preferred to ``b`` by ``min(1, max(0, s_a - s_b) / p_c)``
  (``p_c`` = the criterion's ``preference_threshold``; 0 = any difference counts fully). The net
  flow is ``Σ w̃_c · φ_c(a)`` with ``φ_c(a) = 100/(n-1) · Σ_b [P_c(a,b) - P_c(b,a)]``, on -100..100.
  Differences beyond the threshold count no more than the threshold (partly compensatory), and an
  option's flow depends on which other options are on the table.

Because both are ``Σ w̃_c · U_oc`` for a method-specific utility matrix ``U``, the weight at which
the top option changes is computed exactly (a line crossing, see :func:`breakeven`), not by scanning.

Bad input raises :class:`~kit.errors.ModelError` with a message that names the input and the problem.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.errors import ModelError
from kit.schema import Field, TableSchema

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

METHODS: dict[str, str] = {"weighted_sum": "Weighted sum", "promethee_ii": "PROMETHEE II"}
#: What a method's scores are measured in, for sentences and axis titles.
UNITS: dict[str, str] = {"weighted_sum": "points out of 100", "promethee_ii": "net-flow points (-100 to 100)"}
#: The sliders' range; break-evens beyond it are still reported, and flagged.
SLIDER_MAX = 10.0

Weights = Mapping[str, float]

# ---------------------------------------------------------------------------------------------
# Output schemas
# ---------------------------------------------------------------------------------------------

RANKING = TableSchema(
    name="tradeoff-ranking",
    description="Options ranked for one weight vector and one method (rank 1 = best).",
    fields=(
        Field("rank", "integer", "1 = best; ties share nothing: they are broken by option order."),
        Field("option_id", "string", "The option."),
        Field("label", "string", "The option's label."),
        Field("score", "number", "Weighted sum (0–100) or PROMETHEE II net flow (-100..100)."),
        Field("behind_top", "number", "How far the option is behind the top option (0 for the top)."),
        Field("method", "string", "weighted_sum or promethee_ii."),
    ),
    primary_key=("option_id",),
    sort_by=("rank",),
)

SENSITIVITY = TableSchema(
    name="tradeoff-breakeven",
    description=(
        "For each criterion and direction, the weight at which the top option changes, all other "
        "weights held fixed (NaN when no weight in that direction changes it)."
    ),
    fields=(
        Field("criterion_id", "string", "The criterion whose weight moves."),
        Field("criterion_label", "string", "Its label."),
        Field("direction", "string", "increase or decrease.", enum=("increase", "decrease")),
        Field("weight", "number", "The criterion's current weight (slider scale)."),
        Field("share", "number", "The current weight as a share of all weight (0–1)."),
        Field("breakeven_weight", "number", "The weight at which another option ties the top one."),
        Field("breakeven_share", "number", "That weight as a share of all weight (0–1)."),
        Field("change", "number", "breakeven_weight - weight (positive for increase)."),
        Field("top_option_id", "string", "The top option now."),
        Field("new_top_option_id", "string", "The option that takes over past the break-even."),
        Field("new_top_label", "string", "Its label."),
        Field("within_slider", "boolean", "True when the break-even lies within the 0–10 slider range."),
    ),
    primary_key=("criterion_id", "direction"),
)

ROBUSTNESS = TableSchema(
    name="tradeoff-robustness",
    description="How often each option comes first under random weight vectors (Dirichlet, seeded).",
    fields=(
        Field("option_id", "string", "The option."),
        Field("label", "string", "Its label."),
        Field("wins", "integer", "Number of sampled weight vectors under which it ranks first."),
        Field("share", "number", "wins / samples."),
        Field("samples", "integer", "Number of weight vectors drawn."),
        Field("method", "string", "weighted_sum or promethee_ii."),
    ),
    primary_key=("option_id",),
)

CONTRIBUTIONS = TableSchema(
    name="tradeoff-contributions",
    description="Each criterion's part of each option's score: normalised weight × utility.",
    fields=(
        Field("option_id", "string", "The option."),
        Field("label", "string", "Its label."),
        Field("criterion_id", "string", "The criterion."),
        Field("criterion_label", "string", "Its label."),
        Field("share", "number", "The criterion's normalised weight (0–1)."),
        Field("utility", "number", "The option's utility on the criterion (0–100 or -100..100)."),
        Field("contribution", "number", "share × utility; summing over criteria gives the option's score."),
    ),
    primary_key=("option_id", "criterion_id"),
)

# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TradeoffModel:
    """Validated options × criteria scores, ready to rank (immutable; build with :func:`build_model`).

    ``options``: option_id, label (+ any other columns, e.g. status; row order = tie-break order).
    ``criteria``: criterion_id, label,
    scale_min, scale_max, preference_threshold. ``scores``: one row per option × criterion with
    ``score`` (and basis, rationale, source_url when loaded from data/).
    """

    options: pd.DataFrame
    criteria: pd.DataFrame
    scores: pd.DataFrame
    matrix: np.ndarray = field(repr=False)

    @property
    def option_ids(self) -> list[str]:
        """Option ids in table order."""
        return list(self.options["option_id"])

    @property
    def criterion_ids(self) -> list[str]:
        """Criterion ids in table order."""
        return list(self.criteria["criterion_id"])

    @cached_property
    def option_labels(self) -> dict[str, str]:
        """option_id -> label."""
        return dict(zip(self.options["option_id"], self.options["label"], strict=True))

    @cached_property
    def criterion_labels(self) -> dict[str, str]:
        """criterion_id -> label."""
        return dict(zip(self.criteria["criterion_id"], self.criteria["label"], strict=True))

    @cached_property
    def _utilities(self) -> dict[str, np.ndarray]:
        return {m: _utility_matrix(self, m) for m in METHODS}

    def utilities(self, method: str = "weighted_sum") -> np.ndarray:
        """The options × criteria utility matrix of ``method`` (read-only numpy array)."""
        return self._utilities[_check_method(method)]

    def score(self, option_id: str, criterion_id: str) -> float:
        """One score from the matrix."""
        try:
            i, j = self.option_ids.index(option_id), self.criterion_ids.index(criterion_id)
        except ValueError:
            raise ModelError("score", f"unknown option {option_id!r} or criterion {criterion_id!r}") from None
        return float(self.matrix[i, j])

    def with_scores(self, overrides: Mapping[tuple[str, str], float]) -> TradeoffModel:
        """A new model with some scores replaced: ``{(option_id, criterion_id): score}`` (validated)."""
        if not overrides:
            return self
        scores = self.scores.copy()
        scores["score"] = scores["score"].astype("float64")
        keyed = scores.set_index(["option_id", "criterion_id"])
        for (opt, crit), value in overrides.items():
            if (opt, crit) not in keyed.index:
                known_o = opt in self.option_ids
                what = f"criterion {crit!r}" if known_o else f"option {opt!r}"
                known = ", ".join(self.criterion_ids if known_o else self.option_ids)
                raise ModelError("score override", f"unknown {what}; known: {known}")
            where = f"score override ({opt}, {crit})"
            num = _number(value, where)
            j = self.criterion_ids.index(crit)
            lo, hi = float(self.criteria["scale_min"].iloc[j]), float(self.criteria["scale_max"].iloc[j])
            if not lo <= num <= hi:
                raise ModelError(where, f"{num:g} is outside the {self.criterion_labels[crit]} scale {lo:g}–{hi:g}")
            keyed.loc[(opt, crit), "score"] = num
            if "basis" in keyed.columns:
                keyed.loc[(opt, crit), "basis"] = "assumption"
                keyed.loc[(opt, crit), "rationale"] = "Changed by the user."
        return build_model(self.options, self.criteria, keyed.reset_index())


def _check_method(method: str) -> str:
    if method not in METHODS:
        raise ModelError("method", f"{method!r} is not a ranking method; use one of: {', '.join(METHODS)}")
    return method


def _number(value: Any, where: str) -> float:
    """A finite float, or ModelError naming ``where``."""
    if isinstance(value, bool):
        raise ModelError(where, f"{value!r} is not a number")
    try:
        num = float(value)
    except (TypeError, ValueError):
        raise ModelError(where, f"{value!r} is not a number") from None
    if math.isnan(num):
        raise ModelError(where, "is missing (NaN)")
    if math.isinf(num):
        raise ModelError(where, f"{num} is not a finite number")
    return num


def _require_columns(df: Any, columns: tuple[str, ...], what: str) -> None:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise ModelError(what, f"expected a DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ModelError(what, f"missing column(s): {', '.join(missing)}")


def _ids(df: pd.DataFrame, column: str, what: str) -> list[str]:
    ids: list[str] = []
    for i, value in enumerate(df[column], start=1):
        if value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip():
            raise ModelError(what, f"row {i}: {column} is empty")
        ids.append(str(value))
    dup = sorted({x for x in ids if ids.count(x) > 1})
    if dup:
        raise ModelError(what, f"duplicate {column}: {', '.join(dup)}")
    return ids


def build_model(options: pd.DataFrame, criteria: pd.DataFrame, scores: pd.DataFrame) -> TradeoffModel:
    """Validate the three tables and build a :class:`TradeoffModel`.

    Raises ModelError for: missing columns, empty or duplicate ids, fewer than two options, no
    criteria, a scale whose max is not above its min, a negative preference threshold, a score row
    naming an unknown option or criterion, a duplicate or missing option × criterion score, and a
    score that is not a number or lies outside its criterion's scale.
    """
    import numpy as np

    _require_columns(options, ("option_id", "label"), "options")
    _require_columns(criteria, ("criterion_id", "label", "scale_min", "scale_max"), "criteria")
    _require_columns(scores, ("option_id", "criterion_id", "score"), "scores")
    opt_ids = _ids(options, "option_id", "options")
    crit_ids = _ids(criteria, "criterion_id", "criteria")
    if len(opt_ids) < 2:
        raise ModelError("options", f"need at least two options to rank, got {len(opt_ids)}")
    if not crit_ids:
        raise ModelError("criteria", "need at least one criterion")

    crit = criteria.copy()
    if "preference_threshold" not in crit.columns:
        crit["preference_threshold"] = 0.0
    lows, highs, thresholds = [], [], []
    bounds = zip(crit_ids, crit["scale_min"], crit["scale_max"], crit["preference_threshold"], strict=True)
    for cid, lo, hi, p in bounds:
        lo_f = _number(lo, f"criteria ({cid}) scale_min")
        hi_f = _number(hi, f"criteria ({cid}) scale_max")
        if hi_f <= lo_f:
            raise ModelError("criteria", f"{cid}: scale_max ({hi_f:g}) must be above scale_min ({lo_f:g})")
        p_f = _number(p, f"criteria ({cid}) preference_threshold")
        if p_f < 0:
            raise ModelError("criteria", f"{cid}: preference_threshold ({p_f:g}) cannot be negative")
        lows.append(lo_f)
        highs.append(hi_f)
        thresholds.append(p_f)
    crit["scale_min"], crit["scale_max"], crit["preference_threshold"] = lows, highs, thresholds

    o_index = {o: i for i, o in enumerate(opt_ids)}
    c_index = {c: j for j, c in enumerate(crit_ids)}
    matrix = np.full((len(opt_ids), len(crit_ids)), np.nan)
    for row_no, (opt, cid, value) in enumerate(
        zip(scores["option_id"], scores["criterion_id"], scores["score"], strict=True), start=1
    ):
        where = f"scores row {row_no} ({opt}, {cid})"
        if opt not in o_index:
            raise ModelError(where, f"unknown option_id {opt!r}; known options: {', '.join(opt_ids)}")
        if cid not in c_index:
            raise ModelError(where, f"unknown criterion_id {cid!r}; known criteria: {', '.join(crit_ids)}")
        i, j = o_index[opt], c_index[cid]
        if not np.isnan(matrix[i, j]):
            raise ModelError(where, "duplicate score for this option and criterion")
        num = _number(value, where)
        if not lows[j] <= num <= highs[j]:
            raise ModelError(where, f"score {num:g} is outside the {cid} scale {lows[j]:g}–{highs[j]:g}")
        matrix[i, j] = num
    missing = [(opt_ids[i], crit_ids[j]) for i, j in zip(*np.where(np.isnan(matrix)), strict=True)]
    if missing:
        shown = "; ".join(f"{o} on {c}" for o, c in missing[:3])
        more = f" (and {len(missing) - 3} more)" if len(missing) > 3 else ""
        raise ModelError("scores", f"no score for {shown}{more}: every option needs a score on every criterion")
    matrix.setflags(write=False)
    opts = options.reset_index(drop=True).copy()
    opts["option_id"], opts["label"] = opt_ids, [str(x) for x in options["label"]]
    return TradeoffModel(
        options=opts,
        criteria=crit.reset_index(drop=True),
        scores=scores.reset_index(drop=True),
        matrix=matrix,
    )


def _utility_matrix(model: TradeoffModel, method: str) -> np.ndarray:
    """Options × criteria utilities whose weighted sum (normalised weights) is the method's score."""
    import numpy as np

    s = model.matrix
    lo = model.criteria["scale_min"].to_numpy(float)
    hi = model.criteria["scale_max"].to_numpy(float)
    if method == "weighted_sum":
        u = 100.0 * (s - lo) / (hi - lo)
    else:
        p = model.criteria["preference_threshold"].to_numpy(float)
        diff = s[:, None, :] - s[None, :, :]  # a, b, criterion: s_a - s_b
        with np.errstate(divide="ignore", invalid="ignore"):
            pref = np.where(p > 0, np.clip(diff / np.where(p > 0, p, 1.0), 0.0, 1.0), (diff > 0).astype(float))
        n = s.shape[0]
        u = 100.0 * (pref.sum(axis=1) - pref.sum(axis=0)) / (n - 1)
    u = np.ascontiguousarray(u, dtype=float)
    u.setflags(write=False)
    return u


# ---------------------------------------------------------------------------------------------
# Loading the curated tables
# ---------------------------------------------------------------------------------------------


def _read(name: str, data_dir: Path | None) -> pd.DataFrame:
    from kit.paths import DATA_DIR
    from kit.schema import read_curated

    return read_curated(name, data_dir=data_dir or DATA_DIR)


def load_model(data_dir: str | Path | None = None) -> TradeoffModel:
    """The model built from ``data/tradeoffs/`` (options, criteria, scores), validated."""
    d = Path(data_dir) if data_dir is not None else None
    scores = _read("tradeoff-scores", d)
    scores["score"] = scores["score"].astype("float64")
    return build_model(_read("tradeoff-options", d), _read("tradeoff-criteria", d), scores)


def load_stakeholders(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Stakeholders (stakeholder_id, label, description, source_url) in table order."""
    return _read("tradeoff-stakeholders", Path(data_dir) if data_dir is not None else None)


def load_weights(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Default weights, long form: stakeholder_id, criterion_id, weight, basis, rationale, source_url."""
    df = _read("tradeoff-weights", Path(data_dir) if data_dir is not None else None)
    df["weight"] = df["weight"].astype("float64")
    return df


def stakeholder_weights(weights: pd.DataFrame, stakeholder_id: str) -> dict[str, float]:
    """One stakeholder's weights as ``{criterion_id: weight}`` (from :func:`load_weights`)."""
    _require_columns(weights, ("stakeholder_id", "criterion_id", "weight"), "weights table")
    rows = weights[weights["stakeholder_id"] == stakeholder_id]
    if rows.empty:
        known = ", ".join(dict.fromkeys(weights["stakeholder_id"]))
        raise ModelError("stakeholder", f"unknown stakeholder {stakeholder_id!r}; known: {known}")
    return {str(c): float(w) for c, w in zip(rows["criterion_id"], rows["weight"], strict=True)}


# ---------------------------------------------------------------------------------------------
# Weights
# ---------------------------------------------------------------------------------------------


def check_weights(model: TradeoffModel, weights: Weights) -> np.ndarray:
    """Raw weights as an array in criterion order, or ModelError (missing, unknown, NaN, negative, all zero)."""
    import numpy as np

    if weights is None or not hasattr(weights, "keys"):
        raise ModelError("weights", f"expected a mapping of criterion_id to weight, got {type(weights).__name__}")
    ids = model.criterion_ids
    unknown = [str(k) for k in weights if k not in ids]
    if unknown:
        raise ModelError("weights", f"unknown criterion {', '.join(map(repr, unknown))}; known: {', '.join(ids)}")
    missing = [c for c in ids if c not in weights]
    if missing:
        raise ModelError("weights", f"missing weight for {', '.join(map(repr, missing))}")
    out = np.empty(len(ids))
    for j, c in enumerate(ids):
        num = _number(weights[c], f"weights ({c})")
        if num < 0:
            raise ModelError("weights", f"weight for {c!r} is negative ({num:g}); weights must be 0 or more")
        out[j] = num
    if out.sum() <= 0:
        raise ModelError("weights", "all weights are zero: give at least one criterion some weight")
    return out


def normalise(model: TradeoffModel, weights: Weights) -> dict[str, float]:
    """Weights scaled to sum to 1 (``{criterion_id: share}``)."""
    w = check_weights(model, weights)
    return dict(zip(model.criterion_ids, (w / w.sum()).tolist(), strict=True))


# ---------------------------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------------------------


def _totals(model: TradeoffModel, w: np.ndarray, method: str) -> np.ndarray:
    return model.utilities(method) @ (w / w.sum())


def _order(totals: np.ndarray) -> list[int]:
    """Option indices best first; ties broken by option order (stable)."""
    return sorted(range(len(totals)), key=lambda i: (-round(float(totals[i]), 9), i))


def rank(model: TradeoffModel, weights: Weights, method: str = "weighted_sum") -> pd.DataFrame:
    """The options ranked for ``weights`` by ``method`` (see :data:`RANKING`)."""
    import pandas as pd

    _check_method(method)
    totals = _totals(model, check_weights(model, weights), method)
    order = _order(totals)
    top = float(totals[order[0]])
    ids = model.option_ids
    df = pd.DataFrame(
        {
            "rank": range(1, len(order) + 1),
            "option_id": [ids[i] for i in order],
            "label": [model.option_labels[ids[i]] for i in order],
            "score": [round(float(totals[i]), 6) for i in order],
            "behind_top": [round(top - float(totals[i]), 6) for i in order],
            "method": method,
        }
    )
    return RANKING.conform(df)


def compare_methods(model: TradeoffModel, weights: Weights) -> pd.DataFrame:
    """Score and rank of every option under each method, side by side (option order as in the data)."""
    import pandas as pd

    out = pd.DataFrame({"option_id": model.option_ids, "label": [model.option_labels[o] for o in model.option_ids]})
    for method in METHODS:
        r = rank(model, weights, method).set_index("option_id")
        out[f"{method}_score"] = out["option_id"].map(r["score"]).round(2)
        out[f"{method}_rank"] = out["option_id"].map(r["rank"]).astype("Int64")
    return out


def contributions(model: TradeoffModel, weights: Weights, method: str = "weighted_sum") -> pd.DataFrame:
    """Each criterion's share of each option's score (see :data:`CONTRIBUTIONS`)."""
    import pandas as pd

    w = check_weights(model, weights)
    share = w / w.sum()
    u = model.utilities(_check_method(method))
    rows = []
    for i, o in enumerate(model.option_ids):
        for j, c in enumerate(model.criterion_ids):
            rows.append((o, model.option_labels[o], c, model.criterion_labels[c], round(float(share[j]), 6),
                         round(float(u[i, j]), 6), round(float(share[j] * u[i, j]), 6)))
    return CONTRIBUTIONS.conform(pd.DataFrame(rows, columns=CONTRIBUTIONS.columns))


def utility_table(model: TradeoffModel, method: str = "weighted_sum") -> pd.DataFrame:
    """Long table of utilities: option_id, label, criterion_id, criterion_label, utility (for charts)."""
    import pandas as pd

    u = model.utilities(_check_method(method))
    rows = [
        (o, model.option_labels[o], c, model.criterion_labels[c], round(float(u[i, j]), 6))
        for i, o in enumerate(model.option_ids)
        for j, c in enumerate(model.criterion_ids)
    ]
    return pd.DataFrame(rows, columns=["option_id", "label", "criterion_id", "criterion_label", "utility"])


# ---------------------------------------------------------------------------------------------
# Sensitivity: exact break-even weights
# ---------------------------------------------------------------------------------------------


def breakeven(
    model: TradeoffModel, weights: Weights, method: str = "weighted_sum", *, slider_max: float = SLIDER_MAX
) -> pd.DataFrame:
    """For each criterion, the weight at which the top option changes (others held fixed), both ways.

    With raw weights ``w`` and the top option ``a``, option ``o`` ties ``a`` when criterion ``c``'s
    weight is ``t`` such that ``D + t·d = 0``, where ``D = Σ_{k≠c} w_k (U_ok - U_ak)`` and
    ``d = U_oc - U_ac`` (the normalising sum is positive, so it drops out). Raising ``t`` changes
    the top at the smallest crossing with ``d > 0``; lowering it, at the largest crossing ``≥ 0``
    with ``d < 0``. Exact: no scanning. See :data:`SENSITIVITY` for the columns.
    """
    import numpy as np
    import pandas as pd

    w = check_weights(model, weights)
    u = model.utilities(_check_method(method))
    totals = u @ (w / w.sum())
    a = _order(totals)[0]
    ids, cids = model.option_ids, model.criterion_ids
    total_w = float(w.sum())
    rows = []
    for j, c in enumerate(cids):
        rest = total_w - float(w[j])
        diff = u - u[a]  # options × criteria: U_o - U_a
        d = diff[:, j]
        big_d = diff @ w - d * w[j]
        up: tuple[float, float, int] | None = None  # (t, -slope, option index)
        down: tuple[float, float, int] | None = None
        for o in range(len(ids)):
            if o == a or d[o] == 0:
                continue
            t = float(-big_d[o] / d[o])
            if d[o] > 0 and t >= w[j] - 1e-12:
                cand = (t, -float(d[o]), o)
                up = cand if up is None or cand < up else up
            elif d[o] < 0 and 1e-12 < t <= w[j] + 1e-12:  # a tie at weight 0 changes nothing
                cand = (-t, float(d[o]), o)  # largest t first, then steepest
                down = cand if down is None or cand < down else down
        for direction, hit in (("increase", up), ("decrease", down)):
            if hit is None:
                t_star, new = float("nan"), None
            else:
                t_star = hit[0] if direction == "increase" else -hit[0]
                new = ids[hit[2]]
            rows.append(
                {
                    "criterion_id": c,
                    "criterion_label": model.criterion_labels[c],
                    "direction": direction,
                    "weight": float(w[j]),
                    "share": round(float(w[j] / total_w), 6),
                    "breakeven_weight": round(t_star, 6) if new else np.nan,
                    "breakeven_share": round(t_star / (rest + t_star), 6) if new and rest + t_star > 0 else np.nan,
                    "change": round(t_star - float(w[j]), 6) if new else np.nan,
                    "top_option_id": ids[a],
                    "new_top_option_id": new,
                    "new_top_label": model.option_labels[new] if new else None,
                    "within_slider": bool(new) and 0 <= t_star <= slider_max,
                }
            )
    return SENSITIVITY.conform(pd.DataFrame(rows, columns=SENSITIVITY.columns))


def nearest_breakeven(sensitivity: pd.DataFrame) -> dict[str, Any] | None:
    """The smallest single-weight change that changes the top option (a row of :func:`breakeven` as a dict).

    Prefers changes within the slider range; ties go to the first criterion in table order.
    """
    cols = SENSITIVITY.columns
    rows = [dict(zip(cols, values, strict=True)) for values in zip(*(sensitivity[c].tolist() for c in cols),
                                                                    strict=True)]
    rows = [r for r in rows if r["breakeven_weight"] is not None and not math.isnan(r["breakeven_weight"])]
    if not rows:
        return None
    return min(rows, key=lambda r: (not r["within_slider"], abs(r["change"])))


# ---------------------------------------------------------------------------------------------
# Robustness: random weights
# ---------------------------------------------------------------------------------------------


def robustness(
    model: TradeoffModel,
    method: str = "weighted_sum",
    *,
    samples: int = 2000,
    seed: int = 0,
    weights: Weights | None = None,
    concentration: float = 20.0,
) -> pd.DataFrame:
    """Share of random weight vectors under which each option ranks first (see :data:`ROBUSTNESS`).

    Weight vectors are drawn from a Dirichlet distribution with a seeded generator, so the result is
    reproducible. Without ``weights`` every weighting is equally likely (all alphas 1). With
    ``weights``, draws centre on them: ``alpha = 1 + concentration · w̃`` (larger ``concentration``
    = closer to the given weights, and never a zero alpha).
    """
    import numpy as np
    import pandas as pd

    _check_method(method)
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise ModelError("samples", f"must be a whole number of at least 1, got {samples!r}")
    m = len(model.criterion_ids)
    if weights is None:
        alpha = np.ones(m)
    else:
        c = _number(concentration, "concentration")
        if c < 0:
            raise ModelError("concentration", f"cannot be negative ({c:g})")
        w = check_weights(model, weights)
        alpha = 1.0 + c * w / w.sum()
    rng = np.random.default_rng(seed)
    draws = rng.dirichlet(alpha, size=samples)
    totals = draws @ model.utilities(method).T  # samples × options
    winners = totals.argmax(axis=1)  # ties -> first option in table order
    wins = np.bincount(winners, minlength=len(model.option_ids))
    df = pd.DataFrame(
        {
            "option_id": model.option_ids,
            "label": [model.option_labels[o] for o in model.option_ids],
            "wins": wins.astype(int),
            "share": np.round(wins / samples, 6),
            "samples": samples,
            "method": method,
        }
    )
    return ROBUSTNESS.conform(df)


# ---------------------------------------------------------------------------------------------
# One sentence
# ---------------------------------------------------------------------------------------------


def fmt_weight(x: float) -> str:
    """A weight for prose: "8", "4.25", "15.57" (two decimals at most, trailing zeros dropped)."""
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x - round(x)) > 1e-9 else f"{round(x):d}"


def one_decimal(x: float) -> str:
    """``x`` with one decimal, halves rounded away from zero (as the browser's d3-format does)."""
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(repr(float(x))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))




def summarize(model: TradeoffModel, weights: Weights, method: str = "weighted_sum",
              *, ranking: pd.DataFrame | None = None, sensitivity: pd.DataFrame | None = None) -> str:
    """One sentence: who wins, by how much, and the smallest single weight change that would change it.

    Pass ``ranking``/``sensitivity`` already computed for the same inputs to avoid recomputing them.
    """
    ranking = rank(model, weights, method) if ranking is None else ranking
    sensitivity = breakeven(model, weights, method) if sensitivity is None else sensitivity
    top, second = ranking.iloc[0], ranking.iloc[1]
    gap = float(second["behind_top"])
    unit = "points" if method == "weighted_sum" else "net-flow points"
    if gap < 5e-7:
        head = f"With these weights, {top['label']} and {second['label']} tie at the top"
    else:
        head = f"With these weights, {top['label']} wins by {one_decimal(gap)} {unit} over {second['label']}"
    near = nearest_breakeven(sensitivity)
    if near is None:
        return f"{head}; no change to a single weight would change that."
    where = "" if near["within_slider"] else f", beyond the slider's 0–{fmt_weight(SLIDER_MAX)} range"
    return (
        f"{head}; it would take weight {fmt_weight(float(near['breakeven_weight']))} on {near['criterion_label']} "
        f"(now {fmt_weight(float(near['weight']))}{where}) to change that, in favour of {near['new_top_label']}."
    )
