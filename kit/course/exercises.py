"""Exercises with self-checks that explain *why* an answer is wrong, and hints.

An exercise is registered once, in ``kit/checks/nbNN.py``, with a check function that returns
``None`` for a right answer and a sentence of explanation for a wrong one::

    @exercise("01.sentences", prompt="How many sentences does the article have?",
              hint="Look at `article.sentences`.", wrong=(19, "18"))
    def _(answer):
        if answer != 18:
            return "..."

In a notebook the exercise cell holds a placeholder, the solution between nbgrader-style markers,
and the check::

    n_sentences = ...
    ### BEGIN SOLUTION
    n_sentences = len(article.sentences)
    ### END SOLUTION
    check("01.sentences", n_sentences)

The student edition (``kit student``) deletes the marked lines, so the placeholder ``...`` stays
and ``check`` answers politely that the exercise is not done yet, with the hint.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

CheckFn = Callable[[Any], "str | Correct | None"]
_BACKTICKS = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    """Escape text for HTML, then show `code` spans (Markdown backticks) as <code>."""
    return _BACKTICKS.sub(r"<code>\1</code>", html.escape(text))


@dataclass(frozen=True)
class Exercise:
    """One exercise: id ("NN.name"), prompt, check function, hint and known wrong answers.

    ``wrong`` lists answers the check must reject (the tests feed each one in and expect an
    explanation back); ``explanation`` is shown with a right answer to say why it is right.
    """

    id: str
    prompt: str
    check: CheckFn
    hint: str
    wrong: tuple[Any, ...] = ()
    explanation: str = ""

    @property
    def notebook_number(self) -> str:
        """The notebook number the exercise belongs to ("01" for "01.sentences", "00b" for "00b.filter")."""
        return self.id.split(".", 1)[0]


REGISTRY: dict[str, Exercise] = {}
_LOADED = False


def exercise(
    exercise_id: str,
    *,
    prompt: str,
    hint: str,
    wrong: tuple[Any, ...] = (),
    explanation: str = "",
) -> Callable[[CheckFn], CheckFn]:
    """Register the decorated function as the check for ``exercise_id``."""

    def register(fn: CheckFn) -> CheckFn:
        if exercise_id in REGISTRY:
            raise ValueError(f"exercise {exercise_id!r} is registered twice")
        REGISTRY[exercise_id] = Exercise(exercise_id, prompt, fn, hint, tuple(wrong), explanation)
        return fn

    return register


def load_all() -> dict[str, Exercise]:
    """Import every module in :mod:`kit.checks` so all exercises are registered."""
    global _LOADED
    if not _LOADED:
        from kit.course import checks

        for mod in pkgutil.iter_modules(checks.__path__):
            importlib.import_module(f"{checks.__name__}.{mod.name}")
        _LOADED = True
    return REGISTRY


def get(exercise_id: str) -> Exercise:
    """The exercise called ``exercise_id`` (KeyError listing close ids if unknown)."""
    reg = load_all()
    try:
        return reg[exercise_id]
    except KeyError:
        prefix = exercise_id.split(".", 1)[0]
        known = ", ".join(sorted(k for k in reg if k.startswith(prefix))) or "none"
        raise KeyError(f"no exercise {exercise_id!r}; exercises in {prefix}: {known}") from None


@dataclass(frozen=True)
class Feedback:
    """The result of a check, shown in a notebook as a coloured box (HTML) or plain text."""

    exercise_id: str
    status: str  # "correct", "incorrect", "unanswered" or "error"
    message: str
    hint: str = ""

    @property
    def ok(self) -> bool:
        """True when the answer was right."""
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.ok

    _LABELS: ClassVar[dict[str, tuple[str, str, str]]] = {
        "correct": ("✅ Correct", "#e6f4ea", "#1e7b34"),
        "incorrect": ("❌ Not yet", "#fdecea", "#a50e0e"),
        "unanswered": ("✏️ Your turn", "#eef3fc", "#1a4d8f"),
        "error": ("⚠️ Could not check", "#fff4e5", "#8a5300"),
    }

    def text(self) -> str:
        """Plain-text version of the feedback."""
        label = self._LABELS[self.status][0]
        out = f"{label} [{self.exercise_id}]: {self.message}"
        if self.hint:
            out += f"\nHint: {self.hint}"
        return out

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        label, bg, fg = self._LABELS[self.status]
        hint = f"<details><summary>Hint</summary><p>{_inline(self.hint)}</p></details>" if self.hint else ""
        return (
            f'<div class="kit-feedback kit-{self.status}" style="background:{bg};color:{fg};'
            f'border-left:4px solid {fg};padding:6px 10px;margin:4px 0">'
            f"<strong>{label}</strong> <code>{html.escape(self.exercise_id)}</code>: "
            f"{_inline(self.message)}{hint}</div>"
        )


def evaluate(exercise_id: str, answer: Any) -> Feedback:
    """Run the check for ``exercise_id`` on ``answer`` and return :class:`Feedback`."""
    ex = get(exercise_id)
    if answer is Ellipsis:
        return Feedback(
            exercise_id,
            "unanswered",
            "not answered yet: replace the `...` with your answer and run the cell again.",
            ex.hint,
        )
    try:
        why = ex.check(answer)
    except Exception as exc:  # a learner's odd answer must not crash the notebook
        return Feedback(
            exercise_id,
            "error",
            f"this answer could not be checked ({type(exc).__name__}: {exc}); "
            "check its type against the question.",
            ex.hint,
        )
    if why is None:
        return Feedback(exercise_id, "correct", ex.explanation or "well done.")
    if isinstance(why, Correct):
        return Feedback(exercise_id, "correct", str(why))
    return Feedback(exercise_id, "incorrect", why, ex.hint)


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check a learner's answer; the returned Feedback displays itself in the notebook."""
    return evaluate(exercise_id, answer)


class Correct(str):
    """What a check returns to accept an answer with a message about *that* answer.

    ``return None`` shows the exercise's fixed ``explanation``; ``return Correct("...")`` shows this
    text instead, e.g. to repeat the learner's own value back rather than a different one.
    """


def scalar(value: Any) -> Any:
    """``value`` as a plain Python value when it is a numpy scalar or holds exactly one value.

    Learners reach an answer many ways: ``.iloc[0]`` gives a numpy integer, ``.loc[mask, col]`` a
    Series of one value, ``.to_numpy()`` an array. Checks compare what is meant, not the wrapper:
    ``scalar(np.int64(14)) == 14`` and ``scalar(pd.Series([14])) == 14``. Anything else is
    returned unchanged.
    """
    if hasattr(value, "shape") and hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        try:
            if getattr(value, "size", None) == 1:
                flat = value.tolist()  # numpy scalar -> Python value; Series/array -> list
                while isinstance(flat, list) and len(flat) == 1:
                    flat = flat[0]
                return flat
        except (TypeError, ValueError):  # pragma: no cover - an exotic array-like
            return value
    return value


def as_int(value: Any) -> int | None:
    """``value`` as an int when it is a whole number of any integer type (not bool, not float), else None."""
    import numbers

    value = scalar(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        return None
    return int(value)


def type_name(value: Any) -> str:
    """A value's type with an article, for feedback: "an int", "a str", "a list"."""
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


class Hint(str):
    """A hint: a plain string that displays as readable text, not as a quoted repr."""

    def __repr__(self) -> str:
        return f"Hint: {self}"

    def _repr_html_(self) -> str:
        return f'<div class="kit-hint"><strong>Hint:</strong> {_inline(self)}</div>'


def hint(exercise_id: str) -> Hint:
    """The hint for an exercise (displays as text in a notebook)."""
    return Hint(get(exercise_id).hint)


def exercises_for(notebook_number: str) -> list[Exercise]:
    """All exercises of one notebook ("01"), sorted by id."""
    return sorted(
        (e for e in load_all().values() if e.notebook_number == notebook_number),
        key=lambda e: e.id,
    )
