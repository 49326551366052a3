"""The arms-deal timeline: dates in the text, events they date, and the documented record.

``date_mentions`` lives in :mod:`kit.dates` and is re-exported here, so the dossier and the report
call ``kit.timeline.date_mentions(article)``.
"""

from __future__ import annotations

from .dates import DATES_SCHEMA, date_mentions

__all__ = ["DATES_SCHEMA", "date_mentions"]
