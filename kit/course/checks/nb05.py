"""Checks for notebook 05 (alliance tradeoffs): break-even weights, Moscow's view, your own score.

The game of the optional extension is checked in :mod:`kit.course.checks.nb05b`.

Every check recomputes its answer from the curated tables in ``data/tradeoffs/``, so a teacher who
edits a score or a weight gets checks that follow the edit.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlparse

from kit.course.exercises import exercise, type_name

#: Pages from the content network that republished the seed article (see notebook 01 and the
#: research notes): not sources for a score.
CONTENT_FARMS = (
    "goldengatedaily.com", "steelcitydaily.com", "txdaily.news", "twincityreport.com", "miamichron.com",
    "dailyweekly.news", "silvercity.news", "lareport.news", "usatimes.news", "ksmo.news",
)


#: Words that show a reason is about a criterion: the words of its label and the usual ways to say it.
CRITERION_WORDS = {
    "f35_access": ("f-35", "f35", "fighter", "jet", "readmi", "joint strike"),
    "sanctions_relief": ("sanction", "caatsa", "relief"),
    "moscow_ties": ("moscow", "russia", "kremlin", "putin", "lavrov", "ties"),
    "money_spent": ("money", "spent", "paid", "cost", "billion", "$", "refund", "investment"),
    "air_defence": ("air defence", "air defense", "air-defence", "air-defense", "defence", "defense", "missile"),
    "sovereignty": ("sovereign", "veto", "independen", "autonomy"),
    "nato_cohesion": ("nato", "allies", "alliance", "interoperab", "cohesion"),
}
#: Placeholder addresses: syntactically fine, but nobody can check anything there.
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "localhost", "test.com", "url.com")


def _criterion_words(model: Any, crit: str) -> tuple[str, ...]:
    label = str(model.criteria.set_index("criterion_id").loc[crit, "label"]).lower()
    own = tuple(w for w in label.replace("-", " ").split() if len(w) >= 4 and w not in {"with", "already"})
    return own + CRITERION_WORDS.get(crit, ()) + (crit.replace("_", " "), crit)


def _real_host(host: str) -> bool:
    """A host a reader could visit: a dotted name with a letter-only top-level domain (not a placeholder)."""
    host = host.split("@")[-1].split(":")[0].lower().removeprefix("www.")
    labels = host.split(".")
    if len(labels) < 2 or not all(labels) or not labels[-1].isalpha() or len(labels[-1]) < 2:
        return False
    return not any(host == p or host.endswith("." + p) for p in PLACEHOLDER_HOSTS)


@cache
def _data():
    from kit.tradeoffs import model as t

    model, weights = t.load_model(), t.load_weights()
    return t, model, weights


def _number(answer: Any) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return None
    return float(answer)


# ---------------------------------------------------------------------------------------------


def _sanctions_breakeven() -> dict[str, Any]:
    t, model, weights = _data()
    sens = t.breakeven(model, t.stakeholder_weights(weights, "turkey"))
    row = sens[(sens["criterion_id"] == "sanctions_relief") & (sens["direction"] == "decrease")].iloc[0]
    return row.to_dict()


@exercise(
    "05.breakeven",
    prompt=(
        "With Turkey's default weights and the weighted sum, how low must the weight on Sanctions relief "
        "fall (all other weights unchanged) before the top option changes? Give the weight as a number."
    ),
    hint=(
        "`t.breakeven(model, turkey)` has one row per criterion and direction; look at the row for "
        "sanctions_relief with direction 'decrease' and read `breakeven_weight`."
    ),
    wrong=(6, 0.1, 2, 2.5, "2.25"),
    explanation=(
        "at weight 2.25 on Sanctions relief, Keep it operational ties Return it to Russia; any lower and it "
        "comes first. The model solves a straight-line equation for that point, it does not try values."
    ),
)
def _breakeven(answer: Any) -> str | None:
    row = _sanctions_breakeven()
    value = _number(answer)
    if value is None:
        return f"give the weight as a number (an int or a float), not {type_name(answer)}."
    target = float(row["breakeven_weight"])
    if abs(value - target) <= 0.01:
        return None
    if abs(value - float(row["weight"])) < 1e-9:
        return ("that is the weight Turkey's preset gives Sanctions relief now; the question asks where the "
                "lead changes.")
    if 0 < value < 1 and abs(value - float(row["breakeven_share"])) <= 0.01:
        return ("that is the break-even as a share of all weight (0–1); give it on the slider's 0–10 scale, "
                "the `breakeven_weight` column.")
    if value < target:
        return (f"at {value:g} the lead has already changed; the break-even is the exact point where the two "
                "options tie, which lies a little higher. Ask the model for it instead of trying values.")
    top = _data()[1].option_labels[row["top_option_id"]]
    return f"at {value:g} {top} still comes first; the weight has to fall further."


# ---------------------------------------------------------------------------------------------


def _moscow_argument() -> tuple[str, str, str, dict[str, float]]:
    """Russia's winner, Turkey's winner (both weighted sum) and each criterion's part of the gap."""
    t, model, weights = _data()
    russia = t.stakeholder_weights(weights, "russia")
    r_top = t.rank(model, russia)["option_id"].iloc[0]
    t_top = t.rank(model, t.stakeholder_weights(weights, "turkey"))["option_id"].iloc[0]
    contrib = t.contributions(model, russia).set_index(["option_id", "criterion_id"])["contribution"]
    gap = {c: float(contrib[(r_top, c)] - contrib[(t_top, c)]) for c in model.criterion_ids}
    best = max(gap, key=lambda c: gap[c])
    return r_top, t_top, best, gap


def _resolve(text: Any, labels: dict[str, str]) -> str | None:
    """An id from an id or a label (case-insensitive), else None."""
    if not isinstance(text, str):
        return None
    key = text.strip().lower()
    for k, label in labels.items():
        if key in (k.lower(), label.lower()):
            return k
    return None


@exercise(
    "05.moscow",
    prompt=(
        "Argue Moscow's view with the model. With Russia's default weights and the weighted sum, which option "
        "comes first, and which single criterion adds most to its lead over the option Turkey's weights pick? "
        "Answer a dict: {'option': option_id, 'criterion': criterion_id}."
    ),
    hint=(
        "Rank with `t.stakeholder_weights(weights, 'russia')`. Then take `t.contributions(model, russia)`, and "
        "for each criterion subtract the contribution of Turkey's top option from that of Russia's top option."
    ),
    wrong=(
        {"option": "return_to_russia", "criterion": "moscow_ties"},
        {"option": "keep_operational", "criterion": "sovereignty"},
        {"option": "keep_operational", "criterion": "f35_access"},
        "keep_operational",
    ),
    explanation=(
        "with Moscow's weights, keeping the S-400 in service wins, and Ties with Moscow carries most of its lead "
        "over returning it: the same scores, read with another capital's priorities, give another answer."
    ),
)
def _moscow(answer: Any) -> str | None:
    _, model, _ = _data()
    if not isinstance(answer, dict) or not {"option", "criterion"} <= set(answer):
        return "answer a dict with two keys, 'option' and 'criterion', for example {'option': ..., 'criterion': ...}."
    r_top, t_top, best, gap = _moscow_argument()
    option = _resolve(answer["option"], model.option_labels)
    criterion = _resolve(answer["criterion"], model.criterion_labels)
    if option is None:
        return f"{answer['option']!r} is not one of the options: use an option_id such as {model.option_ids[0]!r}."
    if criterion is None:
        return f"{answer['criterion']!r} is not a criterion: use a criterion_id such as {model.criterion_ids[0]!r}."
    if option != r_top:
        if option == t_top:
            return (f"{option} is what Turkey's weights pick. Switch to Russia's preset: Moscow gives F-35 access "
                    "and sanctions relief no weight at all.")
        return f"with Russia's weights {option} does not come first; rank the options again with Russia's preset."
    if criterion != best:
        if gap[criterion] <= 0:
            return (f"{criterion} does not help {r_top} against {t_top} with Moscow's weights (its part of the gap "
                    f"is {gap[criterion]:.1f} points).")
        return (f"{criterion} adds {gap[criterion]:.1f} points to the lead, but another criterion adds "
                f"{gap[best]:.1f}: compare all of them.")
    return None


# ---------------------------------------------------------------------------------------------


@exercise(
    "05.my_score",
    prompt=(
        "Pick one score in data/tradeoffs/scores.csv that you disagree with, change it, and justify the change "
        "with a source. Answer a dict with keys option_id, criterion_id, score (your new score), source_url "
        "and reason (a sentence or two)."
    ),
    hint=(
        "Look at `model.scores` for a rationale you find weak. A good source is a named report with a date, "
        "for example one of the URLs in the data or the research notes; not the content farm we studied."
    ),
    wrong=(
        {"option_id": "return_to_russia", "criterion_id": "f35_access", "score": 12,
         "source_url": "https://www.straitstimes.com/world/europe/turkey-eyes-lifting-u-s-caatsa-sanctions-before-u-s-midterms",
         "reason": "Fidan said Israel opposes lifting the sanctions and Reuters saw little progress by March 2026."},
        {"option_id": "return_to_russia", "criterion_id": "f35_access", "score": 6, "source_url": "",
         "reason": "I think readmission is uncertain."},
        {"option_id": "return_to_russia", "criterion_id": "f35_access", "score": 6,
         "source_url": "https://goldengatedaily.com/?p=25951",
         "reason": "The article says the US must approve readmission, so it is far from certain."},
        {"option_id": "scrap_it", "criterion_id": "f35_access", "score": 6,
         "source_url": "https://tass.ru/politika/25881483", "reason": "Scrapping it would work as well as anything."},
        ("return_to_russia", "f35_access", 6),
    ),
    explanation=(
        "a score with a reason and a source someone else can check. Now see what your change does: "
        "`t.rank(model.with_scores({(option_id, criterion_id): score}), turkey)`."
    ),
)
def _my_score(answer: Any) -> str | None:
    _, model, _ = _data()
    keys = ("option_id", "criterion_id", "score", "source_url", "reason")
    if not isinstance(answer, dict):
        return f"answer a dict with the keys {', '.join(keys)}, not {type_name(answer)}."
    missing = [k for k in keys if k not in answer]
    if missing:
        return f"the dict lacks {', '.join(missing)}."
    opt, crit = answer["option_id"], answer["criterion_id"]
    if opt not in model.option_ids:
        return f"{opt!r} is not an option_id; choose one of {', '.join(model.option_ids)}."
    if crit not in model.criterion_ids:
        return f"{crit!r} is not a criterion_id; choose one of {', '.join(model.criterion_ids)}."
    score = _number(answer["score"])
    if score is None:
        return f"the score must be a number, not {type_name(answer['score'])}."
    row = model.criteria.set_index("criterion_id").loc[crit]
    if not float(row["scale_min"]) <= score <= float(row["scale_max"]):
        return f"{score:g} is outside the {crit} scale {row['scale_min']:g}–{row['scale_max']:g}."
    if score == model.score(opt, crit):
        return f"{score:g} is the score the data already gives; change it to the value you would defend."
    url = str(answer["source_url"] or "").strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return "give the source as a full web address (https://...), so a reader can check it."
    host = parsed.netloc.lower().removeprefix("www.")
    if not _real_host(host):
        return (f"{host!r} is not a site a reader can open and check: give the address of the page itself, "
                "such as https://www.reuters.com/..., not a placeholder.")
    if any(host == farm or host.endswith("." + farm) for farm in CONTENT_FARMS):
        return (f"{host} belongs to the content network that rewrote the story (notebook 01): it is the text "
                "under examination, not a source. Cite the reporting it copied, or the officials on record.")
    reason = str(answer["reason"] or "")
    words = [w.strip(".,;:!?'\"()").lower() for w in reason.split()]
    if len(words) < 8 or len({w for w in words if len(w) >= 3}) < 5:
        return "say why in a full sentence (at least eight words): what does the source show about this score?"
    lowered = " ".join(words)
    if not any(w in lowered for w in _criterion_words(model, crit)):
        others = [c for c in model.criterion_ids if c != crit and any(w in lowered for w in _criterion_words(model, c))]
        label = model.criteria.set_index("criterion_id").loc[crit, "label"]
        if others:
            return (f"your reason talks about {', '.join(others)}, but the score you changed is {crit} ({label}). "
                    "Say what the source shows about that criterion, or change the score of the criterion you mean.")
        return (f"your reason does not say what the source shows about {label} ({crit}), the criterion you "
                "rescored. Name it and say how the source changes it.")
    return None
