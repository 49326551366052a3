"""How long does `import kit` take, against `import pandas` and a bare interpreter, in the same run?

`import kit` must stay light (no pandas, altair or ipywidgets on its path) so the CLI answers fast.
Each command runs in a fresh interpreter; we report the median of N runs and the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES = {
    "bare python": "pass",
    "import pandas": "import pandas",
    "import kit": "import kit",
    "import altair": "import altair",
}


def median_seconds(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    results = {name: median_seconds(code, args.runs) for name, code in CASES.items()}
    base = results["bare python"]
    for name, secs in results.items():
        print(f"{name:<15} {secs * 1000:8.1f} ms   x{secs / base:5.2f} vs bare python")
    print(f"import kit / import pandas = {results['import kit'] / results['import pandas']:.2f}")


if __name__ == "__main__":
    main()
