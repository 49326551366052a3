"""``kit report``: run the report notebook on articles, export HTML for editors and data for reuse.

For each article the report notebook (``notebooks/06_newsroom_report.ipynb``) runs, without its
``lesson`` cells, in a fresh temporary folder next to the output: on a warm kernel that the worker
thread keeps across its articles (:mod:`kit.report.kernels`; a clean namespace per article, a fresh
kernel after any failure), or, with process and Dask executors, in a new papermill kernel. Then:

* ``report.html`` — the memo for editors: no code, no scripts, charts as inline SVG, nothing
  fetched from the network (see ``kit/templates/report.html.j2``);
* the data the notebook wrote (CSV tables, ``datapackage.json``, ``timeline.json``,
  ``claimreview.jsonld``, charts as SVG and PNG) and the executed ``report.ipynb``;
* ``source/`` — a copy of the article (and any reference tables) the report was made from; an
  HTML article is kept as ``NAME.html.txt`` (its sidecar says ``"article_format": "html"``), so
  opening it shows its text and never runs its scripts;
* ``manifest.json`` — the headline, the source file's name and hashes of every input and output,
  so a rerun skips unchanged articles and the index can name each report.

A rerun of unchanged inputs gives byte-identical files: the executed notebook keeps no run times
(:func:`_portable`), and nothing else records one.

Only when all of that succeeded is the temporary folder renamed to ``OUT/<slug>``: a failed run
leaves nothing half-written (:mod:`kit.report.folders`; the next run clears a killed run's
leftovers). A batch runs articles through an injectable :class:`concurrent.futures.Executor`
(threads by default; a Dask ``client.get_executor()`` works the same way), and writes
``OUT/index.html`` (:mod:`kit.report.index`) linking every report in ``OUT`` and listing the
failures, also when the batch is interrupted.

Parameters are checked before any kernel starts: only names the notebook declares are accepted
(papermill pastes names into code verbatim), values are converted to the declared type, and file
parameters are copied into the report folder so the executed notebook holds no machine paths.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import json
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kit.errors import KitError, ParameterError, ReportError, one_line
from kit.labels import ARTICLE_SUFFIXES
from kit.paths import atomic_write_text, code_fingerprint, display_path
from kit.report.folders import make_temp_folder, swap_into_place, sweep_leftovers
from kit.report.index import INDEX_GENERATOR, write_index  # noqa: F401  (INDEX_GENERATOR: re-exported)
from kit.report.kernels import KernelPool
from kit.report.params import (
    NOTEBOOK,
    PATH_KEYWORDS,
    _lean_papermill,
    check_parameters,
    notebook_parameters,
)

#: The editor-facing HTML template (no code, no scripts, no CDN).
TEMPLATE = Path(__file__).resolve().parent / "templates" / "report.html.j2"
KERNEL = "python3"
#: Seconds one cell may run before the report is abandoned (a hung or dying kernel is reported).
DEFAULT_TIMEOUT = 300
#: File types an article may have.
# ---------------------------------------------------------------------------------------------
# Names and fingerprints
# ---------------------------------------------------------------------------------------------


def slugify(name: str, fallback: str = "article") -> str:
    """A safe folder name from a file name: lowercase ASCII letters, digits and hyphens only.

    ``"../../etc/passwd"`` becomes ``"etc-passwd"``; a name with nothing usable becomes ``fallback``.
    """
    import unicodedata

    stem = Path(name).name
    for suffix in (*ARTICLE_SUFFIXES, ".meta.json"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def unique_slugs(paths: Sequence[Path], out_dir: str | Path | None = None) -> list[str]:
    """One distinct slug per article (``story``, ``story-2``, ...), in input order.

    Distinct from each other (``x/story.txt y/story-2.txt z/story.txt`` gives ``story``,
    ``story-2``, ``story-3``) and, with ``out_dir``, from report folders already there that were
    built from a *different* source file (their manifest names it): a folder is reused only for
    the same file, so a second run with another ``story.txt`` never replaces the first's report.
    """
    out = Path(out_dir) if out_dir is not None else None
    taken: set[str] = set()
    slugs = []
    for p in paths:
        base = slugify(p.name)
        mine = source_id(p)
        n = 1
        while True:
            slug = base if n == 1 else f"{base[:56].rstrip('-')}-{n}"
            n += 1
            if slug in taken:
                continue
            if out is not None and _held_by_another(out / slug, mine):
                continue
            break
        taken.add(slug)
        slugs.append(slug)
    return slugs


def source_id(path: str | Path) -> str:
    """A stable id for an article file: the hash of its resolved path (the path itself is never stored)."""
    p = Path(path)
    try:
        where = str(p.resolve())
    except (OSError, RuntimeError, ValueError):
        where = str(p.absolute())
    return _sha256(where.encode("utf-8", "surrogateescape"))


def _manifest(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _held_by_another(folder: Path, mine: str) -> bool:
    """True when ``folder`` is a kit report built from another source file (or from one it cannot name)."""
    if not is_report_folder(folder):
        return False
    data = _manifest(folder) or {}
    return data.get("source_id") != mine


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(article: Path, params: Mapping[str, Any], notebook: Path) -> dict[str, str]:
    """Hashes of everything a report depends on: article (+ sidecar), parameters, kit, notebook.

    Files named by ``*_path`` parameters are hashed by content, so an edited reference table
    makes the report stale too; so does any change to the kit's code or curated data.
    """
    from kit import __version__
    from kit.article import sidecar_path

    parts = {
        "kit_version": __version__,
        "kit_files": code_fingerprint(),
        "notebook": _sha256(notebook.read_bytes()),
        "article": _sha256(article.read_bytes()),
    }
    sidecar = sidecar_path(article)
    if sidecar.is_file():
        parts["article_meta"] = _sha256(sidecar.read_bytes())
    shown = {}
    for name, value in sorted(params.items()):
        if _is_file_param(name, value):
            parts[f"file:{name}"] = _sha256(Path(value).read_bytes())
        else:
            shown[name] = value
    parts["parameters"] = _sha256(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    parts["key"] = _sha256(json.dumps(parts, sort_keys=True).encode("utf-8"))
    return parts


def _is_file_param(name: str, value: Any) -> bool:
    return name.endswith("_path") and isinstance(value, str) and value.strip().lower() not in PATH_KEYWORDS


# ---------------------------------------------------------------------------------------------
# One report
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportResult:
    """What happened to one article: ``built``, ``skipped`` (unchanged) or ``failed`` (+ error)."""

    article: str
    slug: str
    status: str
    directory: str | None = None
    error: str | None = None
    seconds: float = 0.0
    files: tuple[str, ...] = ()
    #: For a failure, the error's class (``InputError``: the article could not be read).
    error_kind: str | None = None

    @property
    def ok(self) -> bool:
        """True unless the report failed."""
        return self.status != "failed"

    @property
    def html(self) -> str | None:
        """Path of report.html (as given in ``directory``), if the report exists."""
        return None if self.directory is None else str(Path(self.directory) / "report.html")


@dataclass(frozen=True)
class ReportJob:
    """Everything one worker needs (picklable, so process and Dask executors can run it)."""

    article: str
    out_dir: str
    slug: str
    params: dict[str, Any] = field(default_factory=dict)
    notebook: str = str(NOTEBOOK)
    force: bool = False
    timeout: int = DEFAULT_TIMEOUT
    kernel_name: str = KERNEL


def check_article(path: Path) -> Path:
    """Fail early, with the usual InputError, on a missing, non-file or wrongly typed article."""
    from kit.article import check_suffix, regular_file

    regular_file(path)  # a symlink loop, a FIFO or a device is one InputError, like a missing file
    return check_suffix(path)


def build_report(
    article: str | Path,
    out_dir: str | Path,
    *,
    params: Mapping[str, Any] | None = None,
    slug: str | None = None,
    notebook: str | Path = NOTEBOOK,
    force: bool = False,
    timeout: int = DEFAULT_TIMEOUT,
    kernel_name: str = KERNEL,
    kernels: KernelPool | None = None,
) -> ReportResult:
    """Build the report for one article into ``out_dir/<slug>/``; raise :class:`KitError` on failure.

    ``params`` must already be checked (:func:`check_parameters`). Returns ``status="skipped"``
    when a report made from the same inputs is already there (unless ``force``). With ``kernels``
    the notebook runs on a warm kernel from that pool, else in a new papermill kernel.
    """
    from kit.article import load_article

    _lean_papermill()  # before anything imports nbformat (its jsonschema would compile unused grammars)
    started = time.perf_counter()
    src = check_article(Path(article))
    loaded = load_article(src)  # fails fast, with a clear InputError, before any kernel starts
    nb_path = Path(notebook)
    out = Path(out_dir)
    params = dict(params or {})
    for name, value in params.items():
        if _is_file_param(name, value):
            p = Path(value)
            if not p.is_file():
                raise ParameterError(f"parameter {name!r}", f"{display_path(p)}: no such file")
    slug = slug or slugify(src.name)
    if slug != slugify(slug) or slug in {".", ".."}:
        raise ParameterError("slug", f"{slug!r} is not a safe folder name")
    target = out / slug
    if target.exists() and not is_report_folder(target):
        raise ReportError(display_path(src), f"{display_path(target)} exists and is not a kit report folder; "
                                             "it is left alone: choose another --out")
    if _held_by_another(target, source_id(src)):
        raise ReportError(display_path(src), f"{display_path(target)} holds the report of another article; "
                                             "it is left alone: choose another slug or --out")
    prints = fingerprint(src, params, nb_path)
    if not force and _is_current(target, prints["key"]):
        return ReportResult(display_path(src), slug, "skipped", display_path(target),
                            seconds=time.perf_counter() - started)
    out.mkdir(parents=True, exist_ok=True)
    if _exporter.cache_info().currsize == 0 and not _EXPORT_LOCK.locked():
        warm_up_exporter()
    tmp = make_temp_folder(out, slug)
    try:
        run_params = _stage_inputs(src, params, tmp)
        try:
            _execute(nb_path, tmp, run_params, timeout=timeout, kernel_name=kernel_name, source=display_path(src),
                     kernels=kernels)
        except ReportError as exc:  # name the user's files, not the staged copies
            problem = exc.problem
            for key, staged in run_params.items():
                if key in params and staged != params[key] and isinstance(staged, str):
                    problem = problem.replace(staged, display_path(params[key]))
            raise ReportError(exc.source, problem) from None
        _portable(tmp / "report.ipynb", nb_path.name)
        from kit.report.memo import headline as memo_headline

        # The memo's own headline (its title, else its first words), so the page tab and the index say the same.
        headline = str(params.get("title") or "").strip() or memo_headline(loaded)[0]
        export_html(tmp / "report.ipynb", tmp / "report.html", source=src.name, title=headline or src.name)
        files = _write_manifest(tmp, prints, params, source=source_id(src), title=headline, source_file=src.name)
        swap_into_place(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ReportResult(display_path(src), slug, "built", display_path(target),
                        seconds=time.perf_counter() - started, files=tuple(files))


def is_report_folder(path: Path) -> bool:
    """True for a folder ``kit report`` wrote (its manifest names the kit): only those are ever replaced."""
    manifest = path / "manifest.json"
    if not path.is_dir() or not manifest.is_file():
        return False
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and str(data.get("generator", "")).startswith("kit ")


def _is_current(target: Path, key: str) -> bool:
    manifest = target / "manifest.json"
    if not manifest.is_file() or not (target / "report.html").is_file():
        return False
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("inputs", {}).get("key") == key


#: Article formats whose copy in ``source/`` gets a ``.txt`` suffix: a browser would run an HTML page's scripts.
INERT_FORMATS = {"html"}


def staged_article_name(src: Path) -> str:
    """The name of the article's copy in ``source/``: ``story.txt``, ``story.md``, ``story.html.txt``."""
    from kit.labels import ARTICLE_FORMATS

    suffix = src.suffix.lower()
    name = slugify(src.name) + suffix
    return name + ".txt" if ARTICLE_FORMATS.get(suffix) in INERT_FORMATS else name


def _stage_inputs(src: Path, params: Mapping[str, Any], tmp: Path) -> dict[str, Any]:
    """Copy the article (+ sidecar) and file parameters into ``tmp/source``; paths relative to tmp.

    An HTML article is copied as ``NAME.html.txt``, inert when opened, and its sidecar tells the
    loader to read it as HTML (``"article_format": "html"``).
    """
    from kit.article import read_meta, sidecar_path
    from kit.labels import ARTICLE_FORMATS

    source = tmp / "source"
    source.mkdir()
    name = staged_article_name(src)
    shutil.copyfile(src, source / name)
    sidecar = sidecar_path(src)
    meta = read_meta(sidecar) if sidecar.is_file() else {}
    # The memo names the file the editor gave, not the staged copy (and never a machine path).
    meta.setdefault("source_file", src.name)
    if ARTICLE_FORMATS.get(src.suffix.lower()) in INERT_FORMATS:  # the copy's .txt suffix hides its format
        meta["article_format"] = ARTICLE_FORMATS[src.suffix.lower()]
    atomic_write_text(sidecar_path(source / name), json.dumps(meta, indent=2, ensure_ascii=False))
    run = dict(params)
    for key, value in params.items():
        if _is_file_param(key, value):
            p = Path(value)
            copy = f"{key.removesuffix('_path')}-{slugify(p.stem, 'table')}{p.suffix.lower()[:8]}"
            shutil.copyfile(p, source / copy)
            run[key] = f"source/{copy}"
    run["article_path"] = f"source/{name}"
    run["output_dir"] = "."
    return run


def _execute(nb_path: Path, cwd: Path, params: Mapping[str, Any], *, timeout: int, kernel_name: str,
             source: str, kernels: KernelPool | None = None) -> None:
    """Run the notebook in ``cwd``: on a warm kernel from ``kernels``, else with papermill; failures are one line."""
    if kernels is not None:
        kernels.run(nb_path, cwd, params, timeout=timeout, kernel_name=kernel_name, source=source)
        return
    import tempfile

    _lean_papermill()
    import papermill

    from kit.report.kernels import run_error

    try:
        with tempfile.TemporaryDirectory(prefix="kit-report-") as scratch:
            _report_cells(nb_path, Path(scratch) / nb_path.name)
            papermill.execute_notebook(
                str(Path(scratch) / nb_path.name), str(cwd / "report.ipynb"), parameters=dict(params),
                kernel_name=kernel_name, progress_bar=False, log_output=False,
                request_save_on_cell_execute=False, execution_timeout=timeout, start_timeout=60,
                # Not papermill's cwd=: it calls os.chdir, which is process-wide and races between threads.
                # nbclient starts the kernel in resources.metadata.path instead.
                resources={"metadata": {"path": str(cwd)}},
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],  # its warnings are not the user's concern
            )
    except KitError:
        raise
    except Exception as exc:
        raise run_error(exc, source, timeout) from None


#: Cells with this tag teach (exercises, explanations of the code); a report run leaves them out.
LESSON_TAG = "lesson"


def _report_cells(notebook: Path, target: Path) -> Path:
    """Write ``notebook`` without its lesson cells to ``target``: the report runs only what the memo shows."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    nb.cells = [c for c in nb.cells if LESSON_TAG not in c.get("metadata", {}).get("tags", [])]
    nbformat.write(nb, str(target))
    return target


#: What papermill and nbclient record about one run (times, durations): left out so reruns are identical.
RUN_TIMES = ("start_time", "end_time", "duration")
#: The id of the cell papermill injects (it draws a random one each run).
INJECTED_ID = "injected-parameters"


def _portable(executed: Path, notebook_name: str) -> None:
    """Drop machine paths and run times from the executed notebook, so a rerun gives the same bytes.

    papermill records its input and output paths, start and end times and durations (notebook and
    cell metadata) and gives the injected-parameters cell a random id; nbclient records each cell's
    execution timestamps. None of it says anything about the article.
    """
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    meta = nb.metadata.get("papermill", {})
    if "input_path" in meta:
        meta["input_path"] = notebook_name
    if "output_path" in meta:
        meta["output_path"] = executed.name
    for key in RUN_TIMES:
        meta.pop(key, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for key in RUN_TIMES:
            cell.metadata.get("papermill", {}).pop(key, None)
        if INJECTED_ID in cell.metadata.get("tags", []) and "id" in cell:
            cell["id"] = INJECTED_ID
    atomic_write_text(executed, nbformat.writes(nb) + "\n")


def _first_line(text: str) -> str:
    lines = [ln.strip() for ln in str(text).strip().splitlines() if ln.strip()]
    return lines[0] if lines else "(no message)"


def _write_manifest(tmp: Path, prints: Mapping[str, str], params: Mapping[str, Any], *,
                    source: str | None = None, title: str = "", source_file: str = "") -> list[str]:
    """Write ``tmp/manifest.json``: generator, headline, source file name, inputs' and files' hashes.

    It holds no times, so a rerun of the same inputs writes the same bytes. Returns the file list.
    """
    from kit import __version__

    files = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())
    manifest = {
        "generator": f"kit {__version__}",
        # What the index shows: the headline (empty when the article has none) and the file's name.
        "title": title,
        "source_file": source_file,
        # Which file the report is of (hash of its resolved path): a folder is reused only for it.
        "source_id": source,
        "inputs": dict(prints),
        "parameters": {k: v for k, v in sorted(params.items()) if not _is_file_param(k, v)},
        "files": {f: _sha256((tmp / f).read_bytes()) for f in files},
    }
    atomic_write_text(tmp / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return [*files, "manifest.json"]


# ---------------------------------------------------------------------------------------------
# HTML for editors
# ---------------------------------------------------------------------------------------------


_EXPORT_LOCK = threading.Lock()


@cache
def _exporter() -> Any:
    """One HTML exporter per process (its compiled template is reused); use it under _EXPORT_LOCK."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_file=str(TEMPLATE), exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True)


def warm_up_exporter() -> threading.Thread:
    """Import nbconvert and compile the template in a background thread (while a kernel starts).

    Both cost most of a second on first use; done in parallel with the notebook run they cost
    nothing. Returns the (daemon) thread.
    """
    def warm() -> None:
        try:
            import nbformat

            with _EXPORT_LOCK:
                _exporter().from_notebook_node(nbformat.v4.new_notebook(), resources={})
        except Exception:  # warming is an optimisation: a real error shows up in export_html
            pass

    thread = threading.Thread(target=warm, name="kit-report-warm-up", daemon=True)
    thread.start()
    return thread


def export_html(notebook: str | Path, target: str | Path, *, source: str = "", title: str = "Newsroom report") -> Path:
    """Export an executed notebook as the editor-facing HTML report (no code, no scripts, offline)."""
    import nbformat

    from kit import __version__

    nb = nbformat.read(str(notebook), as_version=4)
    with _EXPORT_LOCK:
        body, _ = _exporter().from_notebook_node(
            nb, resources={"report_title": title, "kit_version": __version__, "report_source": source},
        )
    return atomic_write_text(target, body)


# ---------------------------------------------------------------------------------------------
# Batches
# ---------------------------------------------------------------------------------------------


def run_job(job: ReportJob, kernels: KernelPool | None = None) -> ReportResult:
    """Run one job, turning any failure into a ``failed`` result (so a batch carries on).

    ``kernels``: a warm pool in this process (thread executors); without it a new kernel per job.
    """
    started = time.perf_counter()
    try:
        return build_report(job.article, job.out_dir, params=job.params, slug=job.slug, notebook=job.notebook,
                            force=job.force, timeout=job.timeout, kernel_name=job.kernel_name, kernels=kernels)
    except KitError as exc:
        error, kind = str(exc), type(exc).__name__
    except Exception as exc:  # an unexpected bug must not sink the whole batch
        error, kind = f"{display_path(job.article)}: {type(exc).__name__}: {_first_line(str(exc))}", "error"
    return ReportResult(display_path(job.article), job.slug, "failed", error=one_line(error),
                        seconds=time.perf_counter() - started, error_kind=kind)


@dataclass(frozen=True)
class Batch:
    """The results of a batch, in input order, and the index page that links them."""

    results: tuple[ReportResult, ...]
    index: str

    @property
    def failed(self) -> list[ReportResult]:
        """The results that failed."""
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        """True when no report failed."""
        return not self.failed

    @property
    def exit_code(self) -> int:
        """``kit report``'s exit code: 0 all ready; 2 no article could be read at all; 1 some reports failed."""
        if not self.failed:
            return 0
        if len(self.failed) == len(self.results) and all(r.error_kind == "InputError" for r in self.failed):
            return 2
        return 1


def run_reports(
    articles: Sequence[str | Path],
    out_dir: str | Path,
    *,
    params: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
    jobs: int = 1,
    force: bool = False,
    notebook: str | Path = NOTEBOOK,
    timeout: int = DEFAULT_TIMEOUT,
    kernel_name: str = KERNEL,
    executor: cf.Executor | Callable[[int], cf.Executor] | None = None,
    progress: bool = True,
    on_result: Callable[[ReportResult], None] | None = None,
    warm: bool = True,
) -> Batch:
    """Build reports for many articles; one failure never stops the others.

    Parameters are checked once, before any kernel starts (:class:`ParameterError` on a bad one).
    ``executor`` is a :class:`concurrent.futures.Executor` (used as is, not shut down) or a
    factory ``f(jobs) -> Executor``; by default a thread pool of ``jobs`` workers (each worker only
    waits on its own kernel process). ``on_result`` is called as each report finishes.

    With threads (the default, or a ThreadPoolExecutor / InlineExecutor passed in) each worker
    keeps its kernel warm across articles (:mod:`kit.report.kernels`); process and Dask executors
    run one papermill kernel per article. ``warm=False`` forces that everywhere (for comparisons).
    """
    if not articles:
        raise ParameterError("articles", "give at least one article file")
    from kit.corpus.batch import check_jobs

    check_jobs(jobs, minimum=1)
    nb_path = Path(notebook)
    checked = check_parameters(params or {}, notebook_parameters(nb_path))
    for name, value in checked.items():
        if _is_file_param(name, value) and not Path(value).is_file():
            raise ParameterError(f"parameter {name!r}", f"{display_path(value)}: no such file")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ParameterError("--out", f"{display_path(out)} exists and is not a folder")
    # Absolute paths: workers may run in other threads, processes or (with Dask) other machines.
    checked = {k: str(Path(v).resolve()) if _is_file_param(k, v) else v for k, v in checked.items()}
    paths = [Path(a) for a in articles]
    if out.is_dir():
        sweep_leftovers(out)  # what a killed run left: its temp folders, a half-swapped report
    slugs = unique_slugs(paths, out)
    job_list = [
        ReportJob(str(p.absolute()), str(out.absolute()), s, dict(checked), str(nb_path.absolute()), force, timeout,
                  kernel_name)
        for p, s in zip(paths, slugs, strict=True)
    ]
    results: dict[int, ReportResult] = {}
    bar = _progress(len(job_list), progress)
    own = executor is None or not isinstance(executor, cf.Executor)
    pool: cf.Executor
    if executor is None:
        pool = cf.ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="kit-report")
    elif isinstance(executor, cf.Executor):
        pool = executor
    else:
        pool = executor(jobs)
    # One article: its names are found in this process while the kernel starts (on another core).
    kernels = KernelPool(spans_beside=len(job_list) == 1) if warm and _in_process(pool) else None
    try:
        futures = {(pool.submit(run_job, job, kernels) if kernels else pool.submit(run_job, job)): i
                   for i, job in enumerate(job_list)}
        for fut in cf.as_completed(futures):
            i = futures[fut]
            try:
                res = fut.result()
            except Exception as exc:  # the executor itself failed (e.g. a worker process died)
                res = ReportResult(display_path(job_list[i].article), job_list[i].slug, "failed",
                                   error=f"{display_path(job_list[i].article)}: worker failed: "
                                         f"{type(exc).__name__}: {_first_line(str(exc))}")
            results[i] = res
            if bar is not None:
                bar.set_postfix_str(f"{res.slug}: {res.status}", refresh=False)
                bar.update(1)
            if on_result is not None:
                on_result(res)
    except BaseException:  # Ctrl-C: start nothing new; running reports clean up their temp folders
        if kernels is not None:
            kernels.kill()  # running reports fail now instead of finishing
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
        _index_anyway(out, [results[i] for i in sorted(results)])
        raise
    finally:
        if bar is not None:
            bar.close()
        if own:
            pool.shutdown(wait=True)
        if kernels is not None:
            kernels.close()
    ordered = tuple(results[i] for i in range(len(job_list)))
    index = write_index(out, ordered)
    return Batch(ordered, display_path(index))


def _index_anyway(out: Path, results: Sequence[ReportResult]) -> None:
    """Write the index while an interrupt propagates; a failure to write it must not hide the interrupt."""
    with contextlib.suppress(OSError, KitError):
        write_index(out, results)


def _in_process(pool: cf.Executor) -> bool:
    """True for executors whose tasks run in this process's threads (they can share a kernel pool)."""
    from kit.corpus.batch import InlineExecutor

    return isinstance(pool, (cf.ThreadPoolExecutor, InlineExecutor))


def _progress(total: int, enabled: bool) -> Any:
    if not enabled or total < 2:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="reports", unit="article", leave=False)
