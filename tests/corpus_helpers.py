"""Analyzers for the corpus tests. They live in a module (not in a test) so worker processes can import them."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from kit.corpus.run import DEFAULT_TABLES, resolve_analyzer


def analyze(article: Any) -> Any:
    """The kit's own analysis, restricted to the default corpus tables."""
    return resolve_analyzer(None, DEFAULT_TABLES)(article)


def kill_once(marker: str, victim: str, article: Any) -> Any:
    """Kill this worker process the first time it meets ``victim`` (leaves ``marker`` behind), then analyse."""
    if article.source == victim and not Path(marker).exists():
        Path(marker).write_text("killed", encoding="utf-8")
        os._exit(17)
    return analyze(article)


def always_kill(victim: str, article: Any) -> Any:
    """Kill this worker process every time it meets ``victim`` (a poison article)."""
    if article.source == victim:
        os._exit(17)
    return analyze(article)


def raise_on(victim: str, article: Any) -> Any:
    """Raise an ordinary exception on ``victim``: an analysis bug on one article."""
    if article.source == victim:
        raise RuntimeError("analysis blew up on purpose")
    return analyze(article)


class _Dossier:
    def __init__(self, tables: dict[str, Any]) -> None:
        self.tables = tables


def capitals(article: Any) -> Any:
    """A tiny stand-in analysis (capitalised words as 'mentions', years as 'dates') for runner tests."""
    import pandas as pd

    words = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\b[A-Z][a-z]+\b", article.text)]
    years = [(m.group(), int(m.group())) for m in re.finditer(r"\b(?:19|20)\d\d\b", article.text)]
    return _Dossier({
        "mentions": pd.DataFrame(words, columns=["surface", "start_char", "end_char"]),
        "dates": pd.DataFrame(years, columns=["surface", "year"]),
    })
