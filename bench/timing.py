"""Timing helpers the benchmarks share (run a benchmark as ``python bench/NAME.py``: this folder is on the path)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_of(fn: Callable[[], Any], runs: int) -> float:
    """The fastest of ``runs`` calls of ``fn``, in seconds (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
