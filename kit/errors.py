"""One family of errors, each with a message that names the input and the problem.

The CLI turns any :class:`KitError` into a single line on stderr and exit code 2, so a
message must make sense on its own: ``"<input>: <what is wrong>[; <how to fix it>]"``.
"""

from __future__ import annotations


class KitError(Exception):
    """Base class for every error the kit raises on purpose (bad input, bad data, bad parameters)."""

    def __init__(self, source: object, problem: str) -> None:
        self.source = one_line(str(source))
        self.problem = one_line(str(problem))
        super().__init__(f"{self.source}: {self.problem}")


def one_line(text: str) -> str:
    """``text`` with line breaks, control and bidi characters escaped (``\\n``, ``\\x1b``, ``\\u202e``).

    A file may be called ``"a\\nkit: error: all good"`` or hold a right-to-left override: an error
    message must stay one honest line whatever the input's name.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


class InputError(KitError):
    """An article (file, string or row) cannot be read as text."""


class DataError(KitError):
    """A curated table in data/ (or a user's replacement) breaks its schema."""


class ParameterError(KitError):
    """A report or CLI parameter has an unknown name, a wrong type or an unsafe value."""


class ModelError(KitError):
    """A model (for example the tradeoff model) was given inputs it cannot rank."""


class ReportError(KitError):
    """A report run failed (the notebook raised, the kernel died or an export failed)."""
