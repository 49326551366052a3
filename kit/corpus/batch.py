"""Where batch work runs: this process, a local process pool, or a Dask cluster, behind one interface.

Every batch in the kit (``kit corpus``, ``kit report``) submits work to a
:class:`concurrent.futures.Executor` and reads results from its futures, so the same code runs
on a laptop or on a cluster. :func:`make_executor` picks one:

* ``make_executor(jobs=0)`` — run each task in this process as it is submitted (debugging,
  notebooks, tiny inputs);
* ``make_executor(jobs=N)`` — a pool of ``N`` worker processes on this machine (the default,
  ``N`` = number of CPUs);
* ``make_executor(dask="tcp://host:8786")`` — the workers of a running Dask cluster, through
  ``distributed.Client.get_executor()``. The workers need the kit installed (same version) and
  must be able to import it; the kit sends them the text, so they need no shared disk.

The kit adds no scheduler of its own. The one extra is :meth:`LocalProcessPool.restart`: when a
worker process dies (out of memory, killed), Python's pool is broken for good, so the batch code
asks for a fresh pool and re-runs the work that was lost (see ``kit.corpus``). Dask replaces dead
workers itself.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from kit.errors import ParameterError

#: Modules a fresh worker imports before its first task (forkserver preload: faster restarts).
PRELOAD = ("kit.corpus.run",)
#: What a pool of analysis workers preloads: the analysis itself, warmed up once (:mod:`kit.corpus.warm`).
ANALYSIS_PRELOAD = (*PRELOAD, "kit.corpus.warm")
#: Seconds to wait for a Dask scheduler to answer.
DASK_TIMEOUT = 20
#: Most local workers (``--jobs``) a batch may start: each is a process (or a kernel) with its own memory.
MAX_JOBS = 64


def check_jobs(jobs: Any, *, minimum: int = 0, option: str = "--jobs") -> None:
    """ParameterError unless ``jobs`` is a whole number from ``minimum`` to :data:`MAX_JOBS` (None: the default)."""
    if jobs is None:
        return
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not minimum <= jobs <= MAX_JOBS:
        low = "0 (run in this process)" if minimum == 0 else str(minimum)
        raise ParameterError(option, f"must be a whole number from {low} to {MAX_JOBS}, not {jobs!r}")


class InlineExecutor(cf.Executor):
    """Runs each task in the calling process when it is submitted; returns a finished future.

    Same interface as a pool, no parallelism: for notebooks, debugging and tiny inputs.
    """

    workers = 1

    def __init__(self) -> None:
        self._shutdown = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        future: cf.Future[Any] = cf.Future()
        future.set_running_or_notify_cancel()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._shutdown = True


class LocalProcessPool(cf.Executor):
    """A :class:`~concurrent.futures.ProcessPoolExecutor` that can be replaced after a worker dies.

    Workers start with ``forkserver`` where the platform has it (no fork of a threaded parent,
    such as a Jupyter kernel; the server preloads the kit so restarts are quick), else ``spawn``.
    """

    def __init__(self, workers: int, *, start_method: str | None = None,
                 preload: tuple[str, ...] = PRELOAD) -> None:
        if workers < 1:
            raise ParameterError("--jobs", f"must be 1 or more for a process pool, not {workers}")
        self.workers = workers
        methods = multiprocessing.get_all_start_methods()
        method = start_method or ("forkserver" if "forkserver" in methods and sys.platform != "darwin" else "spawn")
        self._context = multiprocessing.get_context(method)
        if method == "forkserver":
            self._context.set_forkserver_preload(list(preload))
        self.preload = tuple(preload)
        self.restarts = 0
        self._pool = self._new_pool()

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        # The initializer imports the preload too: a fork server started earlier in this process (by
        # another pool) kept its own preload, and a spawned worker has none.
        return cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context,
                                      initializer=_import_all, initargs=(self.preload,))

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        return self._pool.submit(fn, *args, **kwargs)

    def restart(self) -> None:
        """Replace a broken pool (a worker died) with a fresh one; pending work must be resubmitted."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()
        self.restarts += 1

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def _import_all(modules: tuple[str, ...]) -> None:
    """Import ``modules`` in a fresh worker (already there when its fork server preloaded them)."""
    import importlib
    from contextlib import suppress

    for name in modules:
        with suppress(ImportError):  # the task's own import will say what is missing
            importlib.import_module(name)


def worker_count(executor: cf.Executor) -> int:
    """How many tasks the executor runs at once (for a Dask executor: the cluster's threads)."""
    n = getattr(executor, "workers", None)
    if isinstance(n, int) and n > 0:
        return n
    client = getattr(executor, "_client", None)
    if client is not None:
        try:
            return max(1, sum(client.nthreads().values()))
        except Exception:  # a cluster that is still starting: assume one
            return 1
    n = getattr(executor, "_max_workers", None)
    return n if isinstance(n, int) and n > 0 else 1


def can_restart(executor: cf.Executor) -> bool:
    """True when the executor can replace itself after a worker died (a :class:`LocalProcessPool`)."""
    return callable(getattr(executor, "restart", None))


def default_jobs() -> int:
    """Workers to use when none are asked for: the CPUs this process may use."""
    try:
        return min(MAX_JOBS, max(1, len(os.sched_getaffinity(0))))
    except AttributeError:  # not on Linux
        return min(MAX_JOBS, max(1, os.cpu_count() or 1))


@contextmanager
def make_executor(jobs: int | None = None, dask: Any = None, *,
                  preload: tuple[str, ...] = PRELOAD) -> Iterator[cf.Executor]:
    """An executor for batch work, shut down (and a Dask client closed) on exit.

    Args:
        jobs: ``0`` runs tasks in this process; ``N >= 1`` starts ``N`` worker processes;
            ``None`` uses one per CPU. Ignored when ``dask`` is given.
        dask: a Dask scheduler address (``"tcp://host:8786"``) or a ``distributed.Client``
            (used as is, not closed). The executor runs tasks on the cluster's workers.
        preload: modules local workers import before their first task (:data:`ANALYSIS_PRELOAD`
            gives them the analysis warmed up; a forkserver imports them once for every worker).

    Raises:
        ParameterError: ``jobs`` is negative, or the Dask scheduler cannot be reached.
    """
    if dask is not None:
        with _dask_executor(dask) as executor:
            yield executor
        return
    n = default_jobs() if jobs is None else jobs
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ParameterError("--jobs", f"must be 0 (run in this process) or a number of workers, not {jobs!r}")
    check_jobs(n)
    executor: cf.Executor = InlineExecutor() if n == 0 else LocalProcessPool(n, preload=preload)
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _dask_executor(dask: Any) -> Iterator[cf.Executor]:
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - dask[distributed] is a dependency
        raise ParameterError("--dask", "needs the 'distributed' package (pip install 'dask[distributed]')") from exc
    own = not isinstance(dask, Client)
    if own:
        address = str(dask)
        try:
            client = Client(address, timeout=DASK_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ParameterError(
                f"--dask {address}", f"cannot reach the Dask scheduler ({type(exc).__name__}: {exc})"
            ) from None
    else:
        client = dask
    executor = client.get_executor(pure=False)
    try:
        yield executor
    finally:
        executor.shutdown(wait=False)
        if own:
            client.close()
