"""The kit: from one raw news article to entity tables, timelines, sourcing checks and widgets.

``import kit`` is kept light (no pandas, altair or ipywidgets on its path); heavier pieces load
when first used. The one-call path is ``kit.analyze(kit.load_article(path))``; every step inside
it is public too, so a lesson can build it piece by piece.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from kit.article import Article, load_article
from kit.course.exercises import check, hint
from kit.errors import DataError, InputError, KitError, ModelError, ParameterError, ReportError

__version__ = "0.1.0"

__all__ = [
    "Article",
    "DataError",
    "InputError",
    "KitError",
    "ModelError",
    "ParameterError",
    "ReportError",
    "__version__",
    "check",
    "hint",
    "load_article",
]

# Names resolved on first use: "name" -> "module:attribute".
_LAZY = {
    "analyze": "kit.analysis:analyze",
    "attributions": "kit.extract.sources:attributions",
    "claims_to_claimreview": "kit.claims:claims_to_claimreview",
    "load_claims": "kit.claims:load_claims",
    "quotes": "kit.extract.quotes:quotes",
    "sourcing_profile": "kit.extract.sources:sourcing_profile",
    "charts": "kit.charts",
    "entity_table": "kit.extract.entities:entity_table",
    "find_mentions": "kit.extract.entities:find_mentions",
    "load_gazetteer": "kit.extract.entities:load_gazetteer",
    "TradeoffExplorer": "kit.tradeoffs.explorer:TradeoffExplorer",
    "load_tradeoffs": "kit.tradeoffs.model:load_model",
    "run_corpus": "kit.corpus.run:run_corpus",
    "read_corpus": "kit.corpus.run:read_corpus",
    "make_executor": "kit.corpus.batch:make_executor",
    "date_mentions": "kit.extract.dates:date_mentions",
    "load_events": "kit.timeline:load_events",
    "to_timelinejs": "kit.export:to_timelinejs",
}


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'kit' has no attribute {name!r}")
    module, _, attr = target.partition(":")
    value = getattr(import_module(module), attr) if attr else import_module(module)
    globals()[name] = value
    return value
