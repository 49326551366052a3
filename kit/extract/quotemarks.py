"""Find text inside quotation marks: curly, straight, single, double and guillemets.

Quotation marks are evidence: a reader takes words inside them as the speaker's own. This module
only *finds* quoted spans; :func:`kit.sources.quotes` adds who is speaking and whether the quote
can be checked word for word.

The rules, in order (each is a line of :func:`scan`):

* ``“ ”`` and ``« »`` open and close; ``‘`` opens and ``’`` closes **only while a ``‘`` is open
  and the next character is not a letter**, because ``’`` is also the apostrophe in "Turkey’s".
* A straight ``"`` or ``'`` opens after a space, a bracket or the start of a paragraph, and closes
  otherwise (a straight ``'`` between two letters is an apostrophe and is skipped).
* Quotes nest (``“He said ‘no’ to me”``): the inner one gets ``nesting_level`` 1.
* A quote still open at the end of a paragraph continues when the next paragraph opens with the
  same mark (the newspaper convention for long quotations); otherwise it ends there and is
  reported with ``is_balanced = False``. Unclosed *single* marks are dropped: they are far more
  often apostrophes ("’90s", "rock 'n' roll") than quotations.
* Mixed marks pair up: a straight ``"`` closed by ``”`` (or ``“`` closed by a straight ``"``) ends there
  instead of running to the paragraph end.
* A closing mark with nothing open is ignored.

Everything is one pass over the text, so a 100,000-character line costs no more than it should.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Opening mark -> the closing mark it pairs with.
PAIRS = {"“": "”", "«": "»", "‘": "’", '"': '"', "'": "'"}
#: Marks that never double as apostrophes.
DOUBLE_MARKS = frozenset({"“", "«", '"'})
_OPENING_CONTEXT = " \t\n([{—–-/"


@dataclass(frozen=True)
class QuoteSpan:
    """One quotation: ``text[start:end]`` includes the marks; ``inner`` excludes them."""

    start: int
    end: int
    open_mark: str
    close_mark: str | None
    nesting_level: int
    is_balanced: bool
    spans_paragraphs: bool

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets of the quoted words without the marks."""
        return self.start + 1, self.end - (1 if self.close_mark else 0)


@dataclass
class _Open:
    mark: str
    start: int
    spans_paragraphs: bool = False


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def scan(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[QuoteSpan]:
    """All quotation spans in ``text``, sorted by start offset.

    ``paragraphs`` are ``(start, end)`` offsets (default: the whole text is one paragraph);
    a quote never silently runs across a paragraph break (see the module docstring).
    """
    paras = paragraphs or [(0, len(text))]
    found: list[QuoteSpan] = []
    stack: list[_Open] = []
    for p_idx, (p_start, p_end) in enumerate(paras):
        i = p_start
        if stack:
            # A quote left open: it continues only if this paragraph re-opens with its mark.
            if p_start < p_end and text[p_start] == stack[0].mark:
                for item in stack:
                    item.spans_paragraphs = True
                i = p_start + 1
            else:
                _flush(stack, found, paras[p_idx - 1][1])
        while i < p_end:
            ch = text[i]
            if ch in "“«":
                stack.append(_Open(ch, i))
            elif ch in "”»":
                if not _close(stack, found, ch, i) and ch == "”":
                    _close(stack, found, ch, i, opener='"')  # mixed marks: "opened straight, closed curly”
            elif ch == "‘":
                prev = text[i - 1] if i > p_start else " "
                if not _is_letter(prev):
                    stack.append(_Open(ch, i))
            elif ch == "’":
                nxt = text[i + 1] if i + 1 < p_end else " "
                if not _is_letter(nxt) and any(o.mark == "‘" for o in stack):
                    _close(stack, found, ch, i)
            elif ch in "\"'":
                _straight(text, i, p_start, p_end, stack, found)
            i += 1
    if stack:
        _flush(stack, found, paras[-1][1])
    found.sort(key=lambda q: (q.start, -q.end))
    return found


def _straight(text: str, i: int, p_start: int, p_end: int, stack: list[_Open], found: list[QuoteSpan]) -> None:
    """Handle a straight ``"`` or ``'`` at ``i``: open, close or (for ``'``) apostrophe."""
    ch = text[i]
    prev = text[i - 1] if i > p_start else " "
    nxt = text[i + 1] if i + 1 < p_end else " "
    is_open_here = any(o.mark == ch for o in stack)
    if ch == "'" and _is_letter(prev) and _is_letter(nxt):
        return  # an apostrophe: don't, Turkey's
    if is_open_here and not (prev in _OPENING_CONTEXT and _is_letter(nxt) and ch == "'"):
        _close(stack, found, ch, i)
    elif prev in _OPENING_CONTEXT or prev in "“‘«":
        if nxt.isspace():
            return  # a lone mark between spaces opens nothing
        if ch == "'" and stack and stack[-1].mark == "'":
            stack.pop()  # a straight ' cannot nest in another: the older one was an apostrophe ('90s)
        stack.append(_Open(ch, i))
    elif is_open_here:
        _close(stack, found, ch, i)
    elif ch == '"' and any(o.mark == "“" for o in stack):
        _close(stack, found, ch, i, opener="“")  # mixed marks: “opened curly, closed straight"


def _close(stack: list[_Open], found: list[QuoteSpan], mark: str, i: int, opener: str | None = None) -> bool:
    """Close the innermost open quote that ``mark`` pairs with (or ``opener``); inner quotes are unbalanced."""
    for depth in range(len(stack) - 1, -1, -1):
        if (stack[depth].mark == opener) if opener else PAIRS[stack[depth].mark] == mark:
            break
    else:
        return False  # nothing to close: a stray mark
    while len(stack) > depth + 1:
        inner = stack.pop()
        if inner.mark in DOUBLE_MARKS:
            found.append(QuoteSpan(inner.start, i, inner.mark, None, len(stack), False, inner.spans_paragraphs))
    item = stack.pop()
    found.append(QuoteSpan(item.start, i + 1, item.mark, mark, len(stack), True, item.spans_paragraphs))
    return True


def _flush(stack: list[_Open], found: list[QuoteSpan], end: int) -> None:
    """End every open quote at ``end`` (a paragraph end): double marks are kept as unbalanced."""
    while stack:
        item = stack.pop()
        if item.mark in DOUBLE_MARKS and end > item.start + 1:
            found.append(QuoteSpan(item.start, end, item.mark, None, len(stack), False, item.spans_paragraphs))
