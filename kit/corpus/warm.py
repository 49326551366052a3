"""Imported once by the process that forks the corpus workers: the analysis loaded and its caches filled there.

``kit corpus`` starts its local workers with ``forkserver``; the server imports the modules named in
:data:`kit.corpus.batch.ANALYSIS_PRELOAD` and forks every worker from itself. Importing this module
there analyses the bundled article once, which imports pandas, pyarrow and spaCy, loads the spaCy
model and reads the gazetteer and the curated tables: every worker then starts with all of it
(shared, copy-on-write) instead of paying for it again, one worker after another on the same cores.

A failure here is not an error: the workers load what they need themselves, as they would without it.
"""

from __future__ import annotations

#: True when the warm-up ran without error (for tests and benchmarks).
WARM = False

try:  # never break the fork server: it only loses the head start
    from kit.analysis import analyze
    from kit.article import load_article

    analyze(load_article())
    WARM = True
except Exception:  # anything the analysis raises: the workers will meet it again and report it
    WARM = False
