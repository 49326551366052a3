"""Warm kernels for ``kit report`` batches: one IPython kernel per worker, reused across its articles.

A fresh kernel per article pays about 3 CPU-s before the report's first line runs: the kernel's own
start, then pandas, spaCy's model and the gazetteer. A :class:`KernelPool` keeps each
worker's kernel alive between articles and runs the report notebook on it with nbclient, so those
costs are paid once per kernel. Between two articles the kernel's namespace is reset (the same
``reset`` as ``%reset -f``, plus the execution counter) and its working folder becomes the next
article's temporary folder; modules, and the caches they hold (the NER pipeline, the fonts,
the gazetteer), survive. The executed notebook carries the same injected-parameters cell and
papermill metadata as a ``papermill`` run, so it reads the same.

After any failure (a cell error, a timeout, a dead kernel) that kernel is shut down and the next
article gets a fresh one, so a failed article never leaves state behind; a killed kernel fails only
its article. :meth:`KernelPool.close` shuts every kernel down (``run_reports`` calls it when the
batch ends, also on Ctrl-C, after :meth:`KernelPool.kill` has stopped the running ones).

Each kernel has its own asyncio event loop, driven by whichever worker thread holds the kernel (one
at a time), so threads never share a loop.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import copy
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from kit.errors import KitError, ReportError

#: papermill's tag for the cell holding the values given for one run.
INJECTED = "injected-parameters"
#: Seconds a kernel may take to start and answer.
START_TIMEOUT = 60
#: Articles one kernel runs before it is replaced (whatever a long batch leaves in memory stays bounded).
MAX_ARTICLES = 100
#: Arguments every report kernel starts with: its log is not the user's concern, no history file.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL", "--HistoryManager.hist_file=:memory:")
#: Run once in each new kernel: the imports, model and fonts every report needs (the model only if it
#: will find names itself, see :attr:`KernelPool.spans_beside`).
WARM_UP = "from kit.report.kernels import warm_kernel as _kit_warm\n_kit_warm(model={model})\ndel _kit_warm\n"
#: Run before the cells when this process found the article's NER spans while the kernel started.
ACCEPT_SPANS = "__import__('kit.extract.ner', fromlist=['_']).accept_spans({path!r})\n"
#: Run before each article: an empty namespace, execution counts from 1, the article's folder.
RESET = "get_ipython().reset(new_session=True)\n__import__('os').chdir({cwd!r})\n"


def warm_kernel(model: bool = True) -> None:
    """Import and start what every report uses, inside a kernel, once (modules survive ``reset``).

    ``model``: load spaCy's model too (not when the kit process finds the names for this kernel).
    Never raises: a missing model or a broken import is the report's error to give, in its cell.
    """
    for step in (_warm_imports, *([_warm_model] if model else []), _warm_charts, _warm_gazetteer):
        with contextlib.suppress(Exception):
            step()


def _warm_imports() -> None:
    import IPython.display  # noqa: F401

    import kit.report.memo
    import kit.report.sections  # noqa: F401


def _warm_model() -> None:
    from kit.extract import ner

    ner.load_pipeline()  # spaCy and its model: most of a second


def _warm_charts() -> None:
    import vl_convert as vlc

    from kit.charts.report_svg import bars_svg

    spec = {"data": {"values": [{"a": 1, "b": "x"}]}, "mark": "bar",
            "encoding": {"x": {"field": "a"}, "y": {"field": "b"}}}
    vlc.svg_to_png(bars_svg(spec))  # the PNG rasteriser reads the system fonts once (the report draws its own SVG)


def _warm_gazetteer() -> None:
    from kit.extract.gazetteer import load_gazetteer

    load_gazetteer()  # and pandas with it


def run_error(exc: BaseException, source: str, timeout: int) -> ReportError:
    """One ReportError line for what stopped a notebook run (cell error, timeout, dead kernel, ...)."""
    from kit.report.build import _first_line

    if isinstance(exc, ReportError):
        return exc
    ename = getattr(exc, "ename", None)
    if ename is not None and type(exc).__name__ in ("CellExecutionError", "PapermillExecutionError"):
        return ReportError(source, f"the report failed: {ename}: {_first_line(getattr(exc, 'evalue', ''))}")
    name = type(exc).__name__
    if name == "DeadKernelError":
        return ReportError(source, "the kernel died while running the report (out of memory or a crash)")
    if name in ("CellTimeoutError", "TimeoutError"):
        return ReportError(source, f"a cell ran for more than {timeout} s; the run was stopped")
    return ReportError(source, f"the report could not run: {name}: {_first_line(str(exc))}")


# ---------------------------------------------------------------------------------------------
# The notebook as the kernel runs it
# ---------------------------------------------------------------------------------------------


def _lean_imports() -> None:
    from kit.report.params import _lean_papermill

    _lean_papermill()  # before nbformat's first import (it pulls in jsonschema)


@lru_cache(maxsize=4)
def _template(path: str, _mtime: int, _size: int) -> Any:
    """The report notebook without its lesson cells, with papermill's metadata slots (read once)."""
    _lean_imports()
    from importlib.metadata import version

    import nbformat

    from kit.report.build import LESSON_TAG

    papermill_version = version("papermill")  # what papermill records, without importing it (most of a second)
    nb = nbformat.read(path, as_version=4)
    nb = nbformat.v4.upgrade(nb) or nb
    nb.cells = [c for c in nb.cells if LESSON_TAG not in c.get("metadata", {}).get("tags", [])]
    nb.metadata.setdefault("papermill", {"default_parameters": {}, "parameters": {}, "environment_variables": {},
                                         "version": papermill_version})
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
        cell.metadata.setdefault("papermill", {})
    return nb


def prepared_notebook(notebook: Path, params: Mapping[str, Any]) -> Any:
    """The report notebook ready to run: lesson cells left out, papermill's injected-parameters cell added.

    The same cell, in the same place, and the same metadata as ``papermill.execute_notebook`` writes.
    """
    import nbformat

    from kit.report.params import parameter_cell

    stat = notebook.stat()
    nb = copy.deepcopy(_template(str(notebook.resolve()), stat.st_mtime_ns, stat.st_size))
    if params:
        cell = nbformat.v4.new_code_cell(source=parameter_cell(params))
        cell.metadata["tags"] = [INJECTED]
        tags = [c.metadata.get("tags", []) for c in nb.cells]
        at = next((i for i, t in enumerate(tags) if INJECTED in t), None)
        if at is not None:  # a notebook papermill already ran: replace its injected cell
            nb.cells[at] = cell
        else:
            at = next((i + 1 for i, t in enumerate(tags) if "parameters" in t), 0)
            nb.cells.insert(at, cell)
        nb.metadata.papermill["parameters"] = dict(params)
    nb.metadata.papermill["input_path"] = notebook.name
    nb.metadata.papermill["output_path"] = "report.ipynb"
    return nb


class Timings:
    """The run metadata papermill records on a notebook and its cells (start, end, duration, status)."""

    def __init__(self, nb: Any) -> None:
        self.nb = nb
        self.start = _now()
        meta = nb.metadata.papermill
        meta.update(start_time=self.start.isoformat(), end_time=None, duration=None, exception=None)
        for cell in nb.cells:
            if cell.get("cell_type") == "code":
                cell.execution_count = None
                cell.outputs = []
            cell.metadata.papermill = {"exception": None, "start_time": None, "end_time": None, "duration": None,
                                       "status": "pending"}

    def cell_start(self, cell: Any) -> None:
        """A cell starts running."""
        cell.metadata.papermill.update(start_time=_now().isoformat(), status="running", exception=False)

    def cell_failed(self, cell: Any) -> None:
        """A cell raised: the run stops here."""
        cell.metadata.papermill.update(exception=True, status="failed")
        self.nb.metadata.papermill["exception"] = True

    def cell_end(self, cell: Any) -> None:
        """A cell is done (completed or failed)."""
        import datetime as dt

        meta = cell.metadata.papermill
        end = _now()
        meta["end_time"] = end.isoformat()
        if meta.get("start_time"):
            meta["duration"] = (end - dt.datetime.fromisoformat(meta["start_time"])).total_seconds()
        if meta["status"] != "failed":
            meta["status"] = "completed"

    def notebook_end(self) -> None:
        """The run is over: the notebook's end and duration; cells before a failure count as completed."""
        end = _now()
        self.nb.metadata.papermill.update(end_time=end.isoformat(), duration=(end - self.start).total_seconds())
        for cell in self.nb.cells:
            if cell.metadata.papermill["status"] == "failed":
                break
            if cell.metadata.papermill["status"] == "pending":
                cell.metadata.papermill["status"] = "completed"


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC)


# ---------------------------------------------------------------------------------------------
# One kernel
# ---------------------------------------------------------------------------------------------


class WarmKernel:
    """One kernel process, its client and the event loop that drives both (one thread at a time)."""

    def __init__(self, kernel_name: str) -> None:
        self.kernel_name = kernel_name
        self.loop = asyncio.new_event_loop()
        self.km: Any = None
        self.kc: Any = None
        self.language_info: dict[str, Any] | None = None
        #: Articles this kernel has run.
        self.articles = 0

    @property
    def started(self) -> bool:
        """True once the kernel process has been started."""
        return self.km is not None

    @property
    def alive(self) -> bool:
        """True while the kernel process runs."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return process is not None and process.poll() is None

    def call(self, coro: Any) -> Any:
        """Run a coroutine on this kernel's loop: in the calling thread, or in a helper thread when a
        loop already runs in this one (a Jupyter kernel, Playwright's sync API)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return self.loop.run_until_complete(coro)
        import concurrent.futures as cf

        with cf.ThreadPoolExecutor(1, thread_name_prefix="kit-kernel") as helper:
            return helper.submit(self.loop.run_until_complete, coro).result()

    async def launch(self, cwd: Path) -> None:
        """Start the kernel process in ``cwd`` (it boots while the caller prepares the notebook)."""
        from jupyter_client.manager import AsyncKernelManager

        self.km = AsyncKernelManager(kernel_name=self.kernel_name)
        await self.km.start_kernel(extra_arguments=list(KERNEL_ARGUMENTS), cwd=str(cwd))

    async def connect(self, timeout: int = START_TIMEOUT, *, model: bool = True) -> None:
        """Wait for the launched kernel, ask its language, and queue the warm-up (the next code waits for it).

        ``model``: the warm-up loads spaCy's model (see :func:`warm_kernel`).
        """
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=timeout)
        self.kc.allow_stdin = False
        info = await self._reply(self.kc.kernel_info(), timeout)
        self.language_info = info["content"].get("language_info")
        # Not waited for (its reply is skipped by msg id); stop_on_error=False: a failure there never
        # aborts the article queued behind it, which then meets the same problem and names it.
        self.kc.execute(WARM_UP.format(model=model), store_history=False, allow_stdin=False, stop_on_error=False)

    async def _reply(self, msg_id: str, timeout: int | None) -> dict[str, Any]:
        """The shell reply to ``msg_id``; DeadKernelError or TimeoutError when it cannot come."""
        from queue import Empty

        from nbclient.exceptions import DeadKernelError

        waited = 0.0
        while True:
            try:
                msg = await self.kc.get_shell_msg(timeout=1)
            except Empty:
                if not await self.km.is_alive():
                    raise DeadKernelError("Kernel died") from None
                waited += 1
                if timeout and waited > timeout:
                    raise TimeoutError(f"no reply within {timeout} s") from None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    async def run_code(self, code: str, timeout: int | None) -> None:
        """Run code the notebook does not show (warm-up, reset); an error in it is a RuntimeError."""
        reply = await self._reply(self.kc.execute(code, store_history=False, allow_stdin=False), timeout)
        content = reply["content"]
        if content.get("status") != "ok":
            raise RuntimeError(f"{content.get('ename', 'error')}: {content.get('evalue', '')}")

    async def reset(self, cwd: Path, timeout: int) -> None:
        """An empty namespace, execution counts from 1, and ``cwd`` as the working folder."""
        await self.run_code(RESET.format(cwd=str(cwd)), timeout)

    async def execute(self, nb: Any, timeout: int) -> None:
        """Run ``nb`` cell by cell (after :meth:`reset`), recording papermill's metadata.

        Raises nbclient's CellExecutionError, CellTimeoutError or DeadKernelError as a run would.
        """
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        client = NotebookClient(nb, km=self.km, kernel_name=self.kernel_name, timeout=timeout,
                                startup_timeout=START_TIMEOUT, raise_on_iopub_timeout=True)
        client.kc = self.kc
        timings = Timings(nb)
        failure: BaseException | None = None
        try:
            for index, cell in enumerate(nb.cells):
                try:
                    timings.cell_start(cell)
                    await client.async_execute_cell(cell, index)
                except CellExecutionError as exc:  # as papermill: mark the cell, stop, report
                    timings.cell_failed(nb.cells[index])
                    failure = exc
                    break
                finally:
                    timings.cell_end(nb.cells[index])
            if self.language_info:
                nb.metadata["language_info"] = self.language_info
            client.set_widgets_metadata()
        finally:
            timings.notebook_end()
        self.articles += 1
        if failure is not None:
            raise failure

    async def shutdown(self) -> None:
        """Stop the client and kill the kernel process (already dead is fine)."""
        if self.kc is not None:
            with contextlib.suppress(Exception):
                self.kc.stop_channels()
        if self.km is not None:
            with contextlib.suppress(Exception):
                await self.km.shutdown_kernel(now=True)

    def close(self) -> None:
        """Shut the kernel down and close its loop (from the thread holding it, or once it is idle)."""
        if self.loop.is_closed():
            return
        try:
            self.call(self.shutdown())
        finally:
            self.loop.close()

    def kill(self) -> None:
        """Kill the kernel process at once, from any thread (the thread running it then sees it dead)."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()

    @property
    def pid(self) -> int | None:
        """The kernel process's id, while it has one."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return None if process is None else process.pid


# ---------------------------------------------------------------------------------------------
# The pool
# ---------------------------------------------------------------------------------------------


class _SpansBeside:
    """One article's NER spans, found in a thread of this process while its kernel starts."""

    def __init__(self, cwd: Path, params: Mapping[str, Any]) -> None:
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="kit-spans-"))
        self.path: Path | None = None
        self._thread = threading.Thread(target=self._find, args=(cwd, dict(params)), name="kit-spans", daemon=True)
        self._thread.start()

    def _find(self, cwd: Path, params: dict[str, Any]) -> None:
        """Load the article as the notebook will (same parameters) and write its spans; any failure is
        left for the kernel, which then finds the names itself and reports what went wrong."""
        with contextlib.suppress(Exception):
            from kit.extract.ner import write_spans
            from kit.report.memo import load_report_article

            where = str(params.get("article_path") or "")
            if where and not Path(where).is_absolute():
                where = str(cwd / where)
            article = load_report_article(where, **{k: str(params.get(k) or "") for k in ("title", "outlet",
                                                                                           "published")})
            self.path = write_spans(article, self.folder / "spans.json")

    def result(self) -> Path | None:
        """The spans file once the thread is done (None if it could not be written)."""
        self._thread.join()
        return self.path

    def close(self) -> None:
        """Remove the spans file (after the run, whatever happened). Never waits for the thread: after a
        failure or Ctrl-C it may still be reading a long article; it is a daemon and its write then fails."""
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


class KernelPool:
    """Warm kernels for one batch: a worker takes an idle kernel (or starts one) and gives it back.

    With ``jobs`` worker threads at most ``jobs`` kernels exist. ``starts`` counts the kernels
    started, so a test (or a benchmark) can see the reuse. Use it as a context manager, or call
    :meth:`close`.

    ``spans_beside``: while a new kernel starts, this process finds the article's names with spaCy
    (:func:`kit.extract.ner.write_spans`) and hands them to the kernel, which then never loads the
    model. On two cores that takes spaCy (most of a second) off the path a one-article
    ``kit report`` waits on; a batch's kernels keep their own model warm instead.
    """

    def __init__(self, *, start_timeout: int = START_TIMEOUT, max_articles: int = MAX_ARTICLES,
                 spans_beside: bool = False) -> None:
        self.start_timeout = start_timeout
        self.max_articles = max_articles
        self.spans_beside = spans_beside
        self.starts = 0
        self._idle: list[WarmKernel] = []
        self._busy: set[WarmKernel] = set()
        self._lock = threading.Lock()
        self._closed = False
        atexit.register(self.kill)  # no orphan kernel even if the process exits mid-batch

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, notebook: Path, cwd: Path, params: Mapping[str, Any], *, timeout: int, kernel_name: str,
            source: str) -> None:
        """Run the report notebook on a warm kernel in ``cwd``; write ``cwd/report.ipynb``.

        Every failure is one :class:`ReportError` line, and the kernel it happened on is shut down.
        """
        kernel = self._checkout(kernel_name, source)
        ok = False
        spans: _SpansBeside | None = None
        try:
            if kernel.started and not self._reset(kernel, cwd, timeout):
                kernel = self._replace(kernel)  # it died or broke while idle: not this article's fault
            fresh = not kernel.started
            if fresh:
                with self._lock:
                    self.starts += 1
                kernel.call(kernel.launch(cwd))
                if self.spans_beside:
                    spans = _SpansBeside(cwd, params)
            _lean_imports()
            nb = prepared_notebook(Path(notebook), params)  # while a new kernel boots
            if fresh:
                kernel.call(kernel.connect(self.start_timeout, model=spans is None))
                # The warm-up runs before the reset: it counts against the start, not the cells.
                kernel.call(kernel.reset(cwd, self.start_timeout + timeout))
            if spans is not None and (found := spans.result()) is not None:
                kernel.call(kernel.run_code(ACCEPT_SPANS.format(path=str(found)), timeout))
            if self._closed:  # Ctrl-C came while this kernel was starting
                raise ReportError(source, "the batch was stopped before this report finished")
            kernel.call(kernel.execute(nb, timeout))
            _write_notebook(nb, cwd / "report.ipynb")
            ok = True
        except KitError:
            raise
        except Exception as exc:
            if self._closed:
                raise ReportError(source, "the batch was stopped before this report finished") from None
            raise run_error(exc, source, timeout) from None
        finally:
            if spans is not None:
                spans.close()
            self._checkin(kernel, ok)

    @staticmethod
    def _reset(kernel: WarmKernel, cwd: Path, timeout: int) -> bool:
        """Clean a reused kernel for the next article; False (and the kernel closed) if it cannot be."""
        try:
            kernel.call(kernel.reset(cwd, timeout))
        except Exception:
            kernel.close()
            return False
        return True

    def _replace(self, kernel: WarmKernel) -> WarmKernel:
        fresh = WarmKernel(kernel.kernel_name)
        with self._lock:
            self._busy.discard(kernel)
            self._busy.add(fresh)
        return fresh

    def _checkout(self, kernel_name: str, source: str) -> WarmKernel:
        with self._lock:
            if self._closed:
                raise ReportError(source, "the batch was stopped before this report started")
            dead = [k for k in self._idle if not k.alive]  # died while idle (e.g. out of memory): not the next
            self._idle = [k for k in self._idle if k.alive]  # article's fault, so it gets a fresh kernel
            for kernel in self._idle:
                if kernel.kernel_name == kernel_name:
                    self._idle.remove(kernel)
                    break
            else:
                kernel = WarmKernel(kernel_name)
            self._busy.add(kernel)
        for k in dead:
            k.close()
        return kernel

    def _checkin(self, kernel: WarmKernel, ok: bool) -> None:
        with self._lock:
            self._busy.discard(kernel)
            keep = ok and not self._closed and kernel.articles < self.max_articles
            if keep:
                self._idle.append(kernel)
        if not keep:
            kernel.close()

    def kill(self) -> None:
        """Stop the batch now: no new kernel starts, running ones are killed (their articles fail)."""
        with self._lock:
            self._closed = True
            kernels = [*self._busy, *self._idle]
        for kernel in kernels:
            kernel.kill()

    def close(self) -> None:
        """Shut down every idle kernel; kernels still running are shut down when their article ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for kernel in idle:
            kernel.close()
        atexit.unregister(self.kill)

    @property
    def pids(self) -> list[int]:
        """Process ids of the kernels alive now (idle or running)."""
        with self._lock:
            kernels = [*self._busy, *self._idle]
        return [pid for k in kernels if (pid := k.pid) is not None]


def _write_notebook(nb: Any, target: Path) -> None:
    import nbformat

    from kit.paths import atomic_write_text

    atomic_write_text(target, nbformat.writes(nb) + "\n")
