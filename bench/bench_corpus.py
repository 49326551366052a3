"""Benchmark: ``kit corpus`` throughput and memory with 1 and 2 worker processes and a Dask LocalCluster.

    .venv/bin/python bench/bench_corpus.py               # 300 synthetic articles, about a minute
    .venv/bin/python bench/bench_corpus.py --n 10000     # the full-size run (about 20 minutes here)

The corpus comes from ``kit.synth`` (seeded, SYNTHETIC articles) and is streamed to a JSON Lines
file first. Each configuration runs ``kit.corpus.run_corpus`` in a fresh Python process, so its
memory is its own:

* **1 worker** — a local process pool of one worker: the baseline of the ratio;
* **2 workers** — a local pool of two workers (this machine has 2 cores);
* **dask** — a Dask ``LocalCluster`` (2 worker processes, 1 thread each) started beforehand,
  reached through ``--dask``-style ``make_executor(dask=address)`` like a real cluster.

Printed per configuration: articles per second (wall time of ``run_corpus``, executor start
included), the ratio to 1 worker, the peak resident memory of the main process (it streams, so
this should not grow with the corpus) and of the largest worker (``VmHWM`` from ``/proc``), and
the corpus size on disk for scale. For comparison it also times one bare kernel start (what a
per-article papermill run pays before doing any work).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ("1", "2", "dask")
LABELS = {"0": "in-process", "1": "1 worker", "2": "2 workers", "dask": "dask LocalCluster (2x1)"}


class PeakWatcher:
    """Polls ``/proc`` for this process's descendants: the largest peak RSS (VmHWM) and each one's CPU seconds."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.peak_kb = 0
        self.cpu: dict[int, float] = {}
        self.parent: dict[int, int] = {}
        self.server: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            self.sample(me)
            self._stop.wait(self.interval)
        self.sample(me)

    def sample(self, me: object) -> None:
        for child in me.children(recursive=True):  # type: ignore[attr-defined]
            try:
                times = child.cpu_times()
                self.cpu[child.pid] = max(self.cpu.get(child.pid, 0.0), times.user + times.system)
                if child.pid not in self.parent:
                    self.parent[child.pid] = child.ppid()
                    if child.ppid() == os.getpid() and "forkserver" in " ".join(child.cmdline()):
                        self.server.add(child.pid)
            except Exception:  # the process ended between listing and reading
                pass
            try:
                with open(f"/proc/{child.pid}/status", encoding="ascii") as fh:
                    for line in fh:
                        if line.startswith("VmHWM:"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            except (OSError, ValueError):
                continue


def child(config: str, source: str, out: str, chunk_size: int | None = None) -> dict[str, float]:
    """Run one configuration (in this fresh process) and return its numbers."""
    from kit.corpus.run import run_corpus

    cluster = None
    started = time.perf_counter()
    with PeakWatcher() as watcher:
        if config == "dask":
            from distributed import LocalCluster

            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            ready = time.perf_counter()
            result = run_corpus(source, out, dask=cluster.scheduler_address, progress=False, force=True,
                                chunk_size=chunk_size)
        else:
            ready = time.perf_counter()
            result = run_corpus(source, out, jobs=int(config), progress=False, force=True, chunk_size=chunk_size)
        seconds = time.perf_counter() - ready
        if cluster is not None:
            cluster.close()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "main_cpu": usage.ru_utime + usage.ru_stime,
        "worker_cpu": sum(watcher.cpu.values()),
        # The fork server's own CPU (the warm-up) and the busiest worker forked from it: on idle cores a
        # run takes about their sum, so they give the ratio a loaded machine hides.
        "server_cpu": sum(watcher.cpu[p] for p in watcher.server),
        "busiest_cpu": max((c for p, c in watcher.cpu.items() if watcher.parent.get(p) in watcher.server),
                           default=0.0),
        "n": result.n_articles,
        "ok": result.n_ok,
        "chunks": result.n_chunks,
        "seconds": seconds,
        "startup": ready - started,
        "main_mb": self_kb / 1024,
        "worker_mb": watcher.peak_kb / 1024,
    }


def kernel_start_seconds() -> float:
    """Seconds to start a Jupyter kernel and run one trivial cell (the floor of a papermill run)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    started = time.perf_counter()
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="synthetic articles (default 300)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated: 0, 1, 2, dask")
    parser.add_argument("--chunk-size", type=int, default=0, help="articles per chunk (default: kit's choice)")
    parser.add_argument("--no-kernel", action="store_true", help="skip timing a bare kernel start")
    parser.add_argument("--pairs", type=int, default=0,
                        help="instead of one run per configuration: run 1 and 2 workers interleaved this many times "
                             "and print medians (the wall ratio on a shared machine needs it)")
    parser.add_argument("--ref", type=Path, default=None,
                        help="with --pairs: also run a reference checkout of the kit (e.g. /work/ref), interleaved")
    parser.add_argument("--child", nargs=4, metavar=("CONFIG", "INPUT", "OUT", "CHUNK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        config, source, out, chunk = args.child
        print(json.dumps(child(config, source, out, int(chunk) or None)))
        return 0
    if args.pairs:
        return paired(args)

    from kit.corpus import synth

    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    with tempfile.TemporaryDirectory(prefix="kit-bench-corpus-") as tmp:
        source = Path(tmp) / "corpus.jsonl"
        t0 = time.perf_counter()
        synth.write_jsonl(source, args.n, seed=args.seed)
        mb = source.stat().st_size / 1e6
        print(f"corpus: {args.n:,} synthetic articles, {mb:.1f} MB JSONL, generated in "
              f"{time.perf_counter() - t0:.1f} s; machine: {os.cpu_count()} CPUs")
        rows = {}
        for config in configs:
            out = Path(tmp) / f"out-{config}"
            proc = subprocess.run([sys.executable, __file__, "--child", config, str(source), str(out),
                                   str(args.chunk_size)],
                                  capture_output=True, text=True, cwd=ROOT, check=False)
            if proc.returncode != 0:
                print(f"{LABELS.get(config, config)}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
                return 1
            rows[config] = json.loads(proc.stdout.strip().splitlines()[-1])
            r = rows[config]
            print(f"  ran {LABELS.get(config, config)}: {r['seconds']:.1f} s", flush=True)
        base = rows.get("1") or next(iter(rows.values()))
        base_rate = base["n"] / base["seconds"]
        print()
        print(f"{'configuration':<26}{'articles/s':>11}{'vs 1 worker':>13}{'wall s':>9}{'start s':>9}"
              f"{'main MB':>9}{'worker MB':>11}")
        for config, r in rows.items():
            rate = r["n"] / r["seconds"]
            print(f"{LABELS.get(config, config):<26}{rate:>11.1f}{rate / base_rate:>12.2f}x{r['seconds']:>9.1f}"
                  f"{r['startup']:>9.1f}{r['main_mb']:>9.0f}{r['worker_mb']:>11.0f}")
        print(f"\n{base['chunks']} chunks; every configuration analysed {base['ok']:,} of {base['n']:,} articles.")
        print(f"Main-process peak memory vs corpus size: {base['main_mb']:.0f} MB for {mb:.1f} MB of text.")
        if not args.no_kernel:
            k = kernel_start_seconds()
            print(f"A bare kernel start + one cell: {k:.1f} s; a papermill run per article would spend at least "
                  f"{k * args.n / 60:.1f} min on kernel starts alone for {args.n:,} articles "
                  f"(1 worker analyses them all in {base['seconds'] / 60:.1f} min).")
    return 0


def _run_child(root: Path, config: str, source: Path, out: Path, chunk_size: int) -> dict[str, float]:
    """One configuration in a fresh process, importing the kit from ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.run([sys.executable, __file__, "--child", config, str(source), str(out), str(chunk_size)],
                          capture_output=True, text=True, cwd=root, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{LABELS.get(config, config)} ({root}): failed\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def paired(args: argparse.Namespace) -> int:
    """1 and 2 workers, interleaved ``--pairs`` times per checkout: medians of rate, ratio, CPU and memory."""
    import statistics

    from kit.corpus import synth

    roots = {"this checkout": ROOT}
    if args.ref is not None:
        roots["reference"] = args.ref.resolve()
    with tempfile.TemporaryDirectory(prefix="kit-bench-corpus-") as tmp:
        source = Path(tmp) / "corpus.jsonl"
        synth.write_jsonl(source, args.n, seed=args.seed)
        print(f"corpus: {args.n:,} synthetic articles ({source.stat().st_size / 1e6:.1f} MB JSONL); "
              f"{args.pairs} interleaved pairs of 1 and 2 workers per checkout; {os.cpu_count()} CPUs", flush=True)
        rows: dict[str, dict[str, list[dict[str, float]]]] = {label: {"1": [], "2": []} for label in roots}
        for i in range(args.pairs):
            for label, root in roots.items():
                for config in (("1", "2") if i % 2 == 0 else ("2", "1")):
                    r = _run_child(root, config, source, Path(tmp) / f"out-{config}", args.chunk_size)
                    rows[label][config].append(r)
                    print(f"  pair {i + 1} {label:14} {LABELS[config]:9}: {r['n'] / r['seconds']:6.1f} articles/s, "
                          f"workers {r['worker_cpu']:6.1f} CPU-s (busiest {r['busiest_cpu']:5.1f}, fork server "
                          f"{r['server_cpu']:4.1f}), main {r['main_cpu']:5.1f} CPU-s, "
                          f"worker peak {r['worker_mb']:5.0f} MB, load {os.getloadavg()[0]:.1f}", flush=True)
        print()
        print(f"{'checkout':16}{'1 worker/s':>11}{'2 workers/s':>12}{'ratio':>7}{'ratio range':>14}"
              f"{'CPU-s 1w':>9}{'CPU-s 2w':>9}{'CPU ratio':>10}{'main CPU-s 2w':>14}{'peak MB 1w':>11}"
              f"{'peak MB 2w':>11}{'chunks':>7}")
        for label, by in rows.items():
            ratios = [a["seconds"] / b["seconds"] for a, b in zip(by["1"], by["2"], strict=True)]  # speed-up
            med = {c: {k: statistics.median(r[k] for r in by[c]) for k in by[c][0]} for c in by}
            print(f"{label:16}{args.n / med['1']['seconds']:>11.1f}{args.n / med['2']['seconds']:>12.1f}"
                  f"{statistics.median(ratios):>6.2f}x{min(ratios):>7.2f}-{max(ratios):.2f}"
                  f"{med['1']['worker_cpu']:>9.1f}{med['2']['worker_cpu']:>9.1f}{_cpu_ratio(med):>9.2f}x"
                  f"{med['2']['main_cpu']:>14.1f}"
                  f"{med['1']['worker_mb']:>11.0f}{med['2']['worker_mb']:>11.0f}{med['1']['chunks']:>7.0f}")
        print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
              "(above 2 the wall ratio is distorted by other work on the machine)")
        print("CPU ratio: (fork server + worker CPU-s with 1 worker) / (fork server + busiest worker CPU-s with 2): "
              "the ratio on two idle cores if the main process keeps up (0 when the checkout has no fork-server data)")
    return 0


def _cpu_ratio(med: dict[str, dict[str, float]]) -> float:
    one = med["1"]["server_cpu"] + med["1"]["busiest_cpu"]
    two = med["2"]["server_cpu"] + med["2"]["busiest_cpu"]
    return one / two if two else 0.0


if __name__ == "__main__":
    raise SystemExit(main())
