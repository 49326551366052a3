"""Corpus mode: ``kit.analyze`` over thousands of articles, on one machine or a Dask cluster.

A data desk following a story for a year has thousands of articles. Starting a notebook kernel
per article (``kit report``) does not scale; the analysis itself does. :func:`run_corpus` reads
a corpus, runs :func:`kit.analyze` on every article, and writes combined tables where each row
carries its ``article_id``:

* input: a folder of ``.txt``/``.md``/``.html`` files (optional ``<name>.meta.json`` sidecars,
  ``article_id`` = the path inside the folder without its suffix), or a JSON Lines / CSV file
  with one article per row (``id``, ``text``, metadata columns ``title``, ``outlet``,
  ``published``, ``url``, ...). Rows stream in; the whole corpus is never held in memory.
* work: articles go in chunks (about 64 per corpus, 20 to 100 articles each: a worker holds one
  chunk's tables, so its memory stays the same for 1,000 or 100,000 articles) to an executor
  from :mod:`kit.executors` (local processes or Dask). Local workers are forked from a server
  that has loaded the analysis once (:mod:`kit.corpus.warm`), so a second worker costs no
  second start-up. A bad article becomes a row of the
  ``errors`` table (``article_id``, ``stage``, ``error``) and the rest carry on. A worker
  process that dies is replaced and the lost chunks are re-run one at a time; a chunk that
  kills its worker again is split so only the article that causes it is reported (stage
  ``worker``).
* output: ``OUT/parts/<chunk hash>/<table>.parquet`` (each chunk written to a temporary folder,
  then renamed), ``OUT/manifest.json`` keyed by chunk content hash (a rerun skips chunks already
  done; ``force=True`` redoes them), then ``OUT/<table>.parquet`` (and ``.csv``) with every chunk
  in input order, and ``OUT/datapackage.json`` describing them.

Tables: ``articles`` (one row per analysed article, with its metadata), the Dossier tables asked
for (default :data:`DEFAULT_TABLES`) and ``errors``. Rows follow the input order, then each
table's own order, so the same corpus gives byte-identical files whichever executor ran it.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.article import META_KEYS, Article, load_article
from kit.corpus.batch import ANALYSIS_PRELOAD, PRELOAD, can_restart, check_jobs, make_executor, worker_count
from kit.corpus.input import Item, build_article, count_items, iter_items
from kit.errors import InputError, KitError, ParameterError
from kit.paths import atomic_write_text, code_fingerprint, display_path
from kit.schema import Field, TableSchema

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

log = logging.getLogger(__name__)

#: Dossier tables exported by default.
DEFAULT_TABLES = ("mentions", "entities", "dates", "attributions", "quotes")
#: Largest chunk: articles per task and per set of part files. Bounded so that what a worker holds
#: (one chunk's tables) and what the main process receives per task do not grow with the corpus.
CHUNK_SIZE = 100
#: Smallest chunk chosen automatically (smaller chunks cost more in overhead than they gain).
MIN_CHUNK = 20
#: Times one article may take its worker down before it is reported instead of retried.
MAX_ATTEMPTS = 2
#: What went wrong where, in the errors table.
STAGES = ("read", "load", "analyze", "worker")

ARTICLES = TableSchema(
    name="articles",
    title="Articles analysed",
    description="One row per article analysed successfully: its id, position in the input, metadata and size.",
    fields=(
        Field("article_id", "string", "The article's id (row `id`, or the file's path in the folder without "
              "its suffix).", required=True, unique=True, example="syn-0-000042"),
        Field("position", "integer", "1-based position of the article in the input (line, row or file).",
              required=True, minimum=1),
        Field("title", "string", "Headline, if known."),
        Field("outlet", "string", "Publisher, if known."),
        Field("byline", "string", "Author(s), if known."),
        Field("published", "date", "Publication date (ISO), if known.", example="2025-12-17"),
        Field("url", "string", "Where the article was published, if known."),
        Field("language", "string", "Language code, if known."),
        Field("n_paragraphs", "integer", "Paragraphs in the normalised text.", minimum=1),
        Field("n_sentences", "integer", "Sentences in the normalised text.", minimum=1),
        Field("n_words", "integer", "Words in the normalised text.", minimum=1),
        Field("provenance", "string", "Where the text came from, as the metadata says (lists as JSON)."),
        Field("extra", "string", "Other metadata keys as a JSON object (e.g. kind, synthetic)."),
    ),
    primary_key=("article_id",),
)
ERRORS = TableSchema(
    name="errors",
    title="Articles that could not be analysed",
    description="One row per article (or input row) that failed, with the stage and the reason; "
                "the rest of the corpus is analysed regardless.",
    fields=(
        Field("article_id", "string", "The article's id, or `line N` / `row N` when the row has none.",
              required=True),
        Field("position", "integer", "1-based position in the input (line, row or file).", required=True,
              minimum=1),
        Field("stage", "string", "read: the row or file is unusable (no id, no text, duplicate id, bad JSON); "
              "load: the text or metadata is invalid (empty, not a string, bad date); analyze: kit.analyze "
              "raised; worker: the worker process died on this article every time.", required=True,
              enum=STAGES),
        Field("error", "string", "The reason, in one line.", required=True),
    ),
)


# ---------------------------------------------------------------------------------------------
# The work one task does (runs in a worker: must be importable and picklable)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """What a worker computes: which tables, their corpus schemas, and with which analyzer.

    ``analyzer`` is ``None`` for :func:`kit.analyze` (restricted to the steps the tables need),
    or any picklable callable ``article -> object with .tables`` (tests, custom pipelines).
    """

    schemas: tuple[TableSchema, ...]
    analyzer: Callable[[Article], Any] | None = None

    @property
    def tables(self) -> tuple[str, ...]:
        """Names of the Dossier tables exported."""
        return tuple(s.name for s in self.schemas)

    def all_schemas(self) -> tuple[TableSchema, ...]:
        """Every output table's schema: articles, the Dossier tables, errors."""
        return (ARTICLES, *self.schemas, ERRORS)


_ANALYZERS: dict[tuple[str, ...], Callable[[Article], Any]] = {}


def resolve_analyzer(analyzer: Callable[[Article], Any] | None, tables: Sequence[str]) -> Callable[[Article], Any]:
    """The callable that analyses one article: ``analyzer``, or ``kit.analyze`` making only ``tables``."""
    if analyzer is not None:
        return analyzer
    key = tuple(tables)
    if key not in _ANALYZERS:
        from kit.analysis import analyze

        _ANALYZERS[key] = partial(analyze, tables=key)
    return _ANALYZERS[key]


def analyze_chunk(items: Sequence[Item], spec: Spec) -> dict[str, pd.DataFrame]:
    """Analyse a chunk of articles; return every output table for it (articles, tables, errors).

    Never raises for a bad article: its reason goes to the ``errors`` table and the others carry
    on. Rows keep the items' order.
    """
    analyze = resolve_analyzer(spec.analyzer, spec.tables)
    done: list[tuple[Item, dict[str, pd.DataFrame], dict[str, Any]]] = []
    errors: list[dict[str, Any]] = []
    for item in items:
        if item.stage is not None:
            errors.append(error_row(item, item.stage, item.error or "unknown problem"))
            continue
        try:
            article = build_article(item)
        except Exception as exc:
            errors.append(error_row(item, "load", reason(exc)))
            continue
        try:
            dossier = analyze(article)
            tables = {s.name: _with_id(dossier.tables[s.name], item.article_id)
                      for s in spec.schemas if s.name in dossier.tables}
        except Exception as exc:
            errors.append(error_row(item, "analyze", reason(exc)))
            continue
        done.append((item, tables, article_row(article, item)))
    return _assemble(done, errors, spec)


@dataclass(frozen=True)
class PartFiles:
    """One chunk's tables as the Parquet files of its part (name -> bytes) and their row counts.

    A worker returns these rather than the tables: it makes the files itself, in parallel with the
    other workers, and the main process only writes the bytes (on two cores every CPU-second the
    main process spends is one the workers lose).
    """

    files: dict[str, bytes]
    rows: dict[str, int]


def encode_part(tables: Mapping[str, pd.DataFrame], spec: Spec) -> PartFiles:
    """Each table of ``spec`` as the bytes of its part file (the same bytes :func:`write_part` writes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = {}
    for sch in spec.all_schemas():
        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pandas(tables[sch.name], schema=arrow_schema(sch), preserve_index=False), sink)
        files[sch.name] = sink.getvalue().to_pybytes()
    return PartFiles(files, {name: len(df) for name, df in tables.items()})


def decode_part(part: PartFiles, spec: Spec) -> dict[str, pd.DataFrame]:
    """The tables back from :func:`encode_part` (for a chunk whose articles ran in several tasks)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    return {sch.name: sch.conform(pq.read_table(pa.BufferReader(part.files[sch.name])).to_pandas())
            for sch in spec.all_schemas()}


def analyze_chunk_files(items: Sequence[Item], spec: Spec) -> PartFiles:
    """:func:`analyze_chunk`, its tables returned as the part's files (what a worker runs)."""
    return encode_part(analyze_chunk(items, spec), spec)


def _assemble(done: list[tuple[Item, dict[str, pd.DataFrame], dict[str, Any]]], errors: list[dict[str, Any]],
              spec: Spec, *, isolate: bool = True) -> dict[str, pd.DataFrame]:
    import pandas as pd

    out: dict[str, pd.DataFrame] = {}
    try:
        for sch in spec.schemas:
            frames = [t[sch.name] for _, t, _ in done if sch.name in t and len(t[sch.name])]
            out[sch.name] = sch.conform(pd.concat(frames, ignore_index=True)) if frames else sch.empty()
    except (ValueError, TypeError):
        if not isolate:
            raise
        # One article's table does not fit the schema: find it, report it, keep the rest.
        keep = []
        for item, tables, row in done:
            try:
                for sch in spec.schemas:
                    if sch.name in tables:
                        sch.conform(tables[sch.name])
            except (ValueError, TypeError) as exc:
                errors.append(error_row(item, "analyze", f"table {sch.name}: {reason(exc)}"))
                continue
            keep.append((item, tables, row))
        return _assemble(keep, errors, spec, isolate=False)
    out["articles"] = ARTICLES.conform(pd.DataFrame([row for _, _, row in done], columns=ARTICLES.columns))
    errors.sort(key=lambda r: r["position"])
    out["errors"] = ERRORS.conform(pd.DataFrame(errors, columns=ERRORS.columns))
    return out


def _with_id(df: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """A copy of ``df`` with ``article_id`` first and list/dict cells flattened to text."""
    out = df.copy(deep=False)  # columns are replaced, never written into: the analysis's frame is left as it was
    for col, dtype in zip(out.columns, out.dtypes.tolist(), strict=True):
        if str(dtype) == "object":
            out[col] = out[col].map(_flatten)
    out.insert(0, "article_id", article_id)
    return out


def _flatten(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(map(str, value)) if isinstance(value, (set, frozenset)) else value
        return "|".join(str(v) for v in items)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return value


def article_row(article: Article, item: Item) -> dict[str, Any]:
    """The ``articles`` table row for an analysed article."""
    meta = article.meta
    extra = {k: v for k, v in meta.items() if k not in META_KEYS}
    provenance = meta.get("provenance")
    return {
        "article_id": item.article_id,
        "position": item.position,
        **{k: meta.get(k) for k in ("title", "outlet", "byline", "published", "url", "language")},
        "n_paragraphs": len(article.paragraphs),
        "n_sentences": len(article.sentences),
        "n_words": article.word_count,
        "provenance": provenance if provenance is None or isinstance(provenance, str)
        else json.dumps(provenance, sort_keys=True, ensure_ascii=False, default=str),
        "extra": json.dumps(extra, sort_keys=True, ensure_ascii=False, default=str) if extra else None,
    }


def error_row(item: Item, stage: str, error: str) -> dict[str, Any]:
    """The ``errors`` table row for an item."""
    return {"article_id": item.article_id, "position": item.position, "stage": stage, "error": error}


def reason(exc: BaseException) -> str:
    """One line saying why: a KitError's problem, else the exception's type and message."""
    text = exc.problem if isinstance(exc, KitError) else f"{type(exc).__name__}: {exc}".rstrip(": ")
    text = " ".join(text.split())
    return text if len(text) <= 500 else text[:497] + "..."


# ---------------------------------------------------------------------------------------------
# Schemas of the corpus tables
# ---------------------------------------------------------------------------------------------

_SCALAR = {"string", "integer", "number", "boolean", "date", "datetime", "year"}


def corpus_schemas(tables: Sequence[str], analyzer: Callable[[Article], Any] | None = None
                   ) -> tuple[tuple[TableSchema, ...], dict[str, str]]:
    """The corpus schema of each table (``article_id`` + the Dossier table's columns), and the skipped.

    The columns come from the schema declared for the table (:func:`kit.analysis.declared_schema`);
    lists and dicts become text. A custom ``analyzer`` is run once on the bundled article to learn
    its tables' columns; tables it does not make are returned as ``skipped`` with the reason.
    """
    from kit.analysis import TABLES, declared_schema, table_schema

    skipped: dict[str, str] = {}
    found: dict[str, TableSchema] = {}
    if analyzer is None:
        found = {name: declared_schema(name) for name in tables if name in TABLES}
    else:
        dossier = analyzer(load_article())
        skipped = {name: str(getattr(dossier, "skipped", {}).get(name, "the analysis made no such table"))
                   for name in tables if name not in dossier.tables}
        found = {name: table_schema(name, dossier.tables[name], getattr(dossier, "descriptions", {}).get(name, ""))
                 for name in tables if name not in skipped}
    schemas = []
    for name in tables:
        if name in skipped:
            continue
        sch = found[name]
        # Constraints that hold within one article (unique offsets, ...) do not across a corpus: keep
        # type, meaning, allowed values and example; lists and dicts are stored as text.
        fields = tuple(
            Field(f.name, f.type, f.description, enum=f.enum, example=f.example) if f.type in _SCALAR
            else Field(f.name, "string", (f.description + " (list items joined by |)").strip())
            for f in sch.fields if f.name != "article_id"
        )
        schemas.append(TableSchema(
            name=name,
            title=sch.title or name,
            description=(sch.description or f"The {name} table of kit.analyze") + ", one block of rows per article.",
            fields=(Field("article_id", "string", "The article the row belongs to (see articles).", required=True),
                    *fields),
            primary_key=("article_id", *sch.primary_key) if sch.primary_key else (),
        ))
    return tuple(schemas), skipped


def arrow_schema(schema: TableSchema) -> pa.Schema:
    """The Parquet (Arrow) schema of a table: the same for every part, so parts combine."""
    import pyarrow as pa

    types = {"integer": pa.int64(), "year": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
    return pa.schema([(f.name, types.get(f.type, pa.string())) for f in schema.fields])


# ---------------------------------------------------------------------------------------------
# Running a corpus
# ---------------------------------------------------------------------------------------------


@dataclass
class CorpusResult:
    """What :func:`run_corpus` did and where the tables are."""

    out: Path
    n_articles: int
    n_ok: int
    n_errors: int
    n_chunks: int
    n_reused: int
    paths: dict[str, Path]
    skipped_tables: dict[str, str] = field(default_factory=dict)
    n_retried: int = 0
    seconds: float = field(default=0.0, repr=False, compare=False)

    def read(self, name: str) -> pd.DataFrame:
        """One combined table as a DataFrame (``articles``, ``mentions``, ..., ``errors``)."""
        import pandas as pd

        if name not in self.paths:
            raise KeyError(f"no table {name!r}; tables: {', '.join(self.paths)}")
        return pd.read_parquet(self.paths[name])

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every combined table, by name."""
        return {name: self.read(name) for name in self.paths}

    def summary(self) -> str:
        """One paragraph for the command line."""
        lines = [
            f"{self.n_articles:,} articles: {self.n_ok:,} analysed, {self.n_errors:,} in the errors table",
            f"{self.n_chunks:,} chunks ({self.n_reused:,} reused from an earlier run"
            + (f", {self.n_retried:,} re-run after a worker died" if self.n_retried else "") + ")",
            f"tables in {display_path(self.out)}: {', '.join(self.paths)}",
        ]
        lines += [f"not made: {name} ({why})" for name, why in self.skipped_tables.items()]
        return "\n".join(lines)


@dataclass
class _Chunk:
    index: int
    key: str
    items: list[Item]
    waiting: int = 1
    results: dict[int, dict[str, Any]] = field(default_factory=dict)


@dataclass
class _Task:
    chunk: _Chunk
    items: list[Item]
    alone: bool = False
    attempts: int = 0


def run_corpus(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    dask: Any = None,
    executor: cf.Executor | None = None,
    chunk_size: int | None = None,
    tables: Sequence[str] | str = DEFAULT_TABLES,
    csv: bool = False,
    force: bool = False,
    progress: bool = True,
    analyzer: Callable[[Article], Any] | None = None,
    max_attempts: int = MAX_ATTEMPTS,
) -> CorpusResult:
    """Analyse every article of ``source`` and write the combined tables to ``out``.

    Args:
        source: a folder of articles, a ``.jsonl`` or a ``.csv`` file (see :func:`iter_items`).
        out: output folder (created; parts and manifest from an earlier run are reused).
        jobs: worker processes (default one per CPU; ``0`` runs in this process).
        dask: a Dask scheduler address or ``distributed.Client``: run on that cluster instead.
        executor: any :class:`concurrent.futures.Executor` to use as is (overrides jobs/dask).
        chunk_size: articles per task and per part file; ``None`` picks one from the corpus size
            (:func:`auto_chunk_size`), the same whatever the executor, so reruns reuse chunks.
        tables: Dossier tables to export, or ``"all"``.
        csv: also write ``<table>.csv`` beside each ``.parquet``.
        force: redo every chunk even if an earlier run finished it (chunks are redone anyway when the
            kit's code or curated tables change: see :func:`kit.paths.code_fingerprint`).
        progress: show a progress bar on stderr.
        analyzer: a picklable ``article -> Dossier`` to use instead of :func:`kit.analyze`.
        max_attempts: how often an article may take its worker down before it is reported.
    """
    if chunk_size is not None and (isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1):
        raise ParameterError("--chunk-size", f"must be a whole number of articles, 1 or more, not {chunk_size!r}")
    if executor is None and dask is None:
        check_jobs(jobs)
    names = _table_names(tables)
    started = time.perf_counter()
    items = iter_items(source)  # checks the input before any worker starts
    total = count_items(source)
    chunk_size = chunk_size or auto_chunk_size(total)
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise ParameterError(f"--out {display_path(out_dir)}", "exists and is not a folder")
    check_out_folder(out_dir)
    schemas, skipped = corpus_schemas(names, analyzer)
    spec = Spec(schemas, analyzer)
    settings = _settings_key(spec)
    (out_dir / "parts").mkdir(parents=True, exist_ok=True)
    manifest = _load_manifest(out_dir, settings)
    _save_manifest(out_dir, manifest)  # the folder is marked as a corpus folder before anything else

    from tqdm.auto import tqdm

    bar = tqdm(total=total, unit="article", desc="kit corpus", file=sys.stderr,
               disable=not progress, dynamic_ncols=True, leave=True)
    runner = _Runner(out_dir, spec, manifest, bar, force=force, max_attempts=max_attempts)
    try:
        chunks = (_Chunk(i, _chunk_key(c, settings), c) for i, c in enumerate(_batched(items, chunk_size)))
        if executor is not None:
            runner.run(chunks, executor)
        else:
            with make_executor(jobs=jobs, dask=dask, preload=ANALYSIS_PRELOAD if analyzer is None else PRELOAD) as ex:
                runner.run(chunks, ex)
    finally:
        bar.close()
    owned = set(manifest.get("files", []))
    paths = combine(out_dir, spec, runner.keys, csv=csv, owned=owned)
    written = {p.name for p in paths.values()} | ({f"{s.name}.csv" for s in spec.all_schemas()} if csv else set())
    written.add("datapackage.json")
    counts = [manifest["chunks"][k] for k in runner.keys]
    n_ok = sum(c["rows"]["articles"] for c in counts)
    n_err = sum(c["rows"]["errors"] for c in counts)
    result = CorpusResult(
        out=out_dir, n_articles=n_ok + n_err, n_ok=n_ok, n_errors=n_err, n_chunks=len(runner.keys),
        n_reused=runner.reused, paths=paths, skipped_tables=skipped, n_retried=runner.retried,
        seconds=time.perf_counter() - started,
    )
    write_datapackage(out_dir, spec, result, source=display_path(Path(source)), chunk_size=chunk_size, csv=csv)
    for name in sorted(owned - written):  # tables of an earlier run that this run no longer makes
        stale = out_dir / name
        if _plain_name(name) and stale.is_file() and not stale.is_symlink():
            stale.unlink()
    manifest["files"] = sorted(written)
    _prune(out_dir, manifest, runner.keys)
    return result


#: What marks a folder as written by ``kit corpus`` (in its manifest.json).
CORPUS_GENERATOR = "kit corpus"


def is_corpus_manifest(data: Any) -> bool:
    """True for the manifest.json ``kit corpus`` writes (this version's, or an earlier one's)."""
    if not isinstance(data, dict):
        return False
    return data.get("generator") == CORPUS_GENERATOR or ("settings" in data and isinstance(data.get("chunks"), dict))


def _read_manifest(out: Path) -> Any:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def check_out_folder(out: Path) -> None:
    """ParameterError when ``out`` is a non-empty folder that ``kit corpus`` did not write.

    Only a folder with a corpus manifest is reused (and then only files that manifest lists are
    ever removed): ``--out data`` must never touch the gazetteer, nor ``--out reports`` the reports.
    """
    if not out.is_dir():
        return
    try:
        empty = next(os.scandir(out), None) is None
    except OSError as exc:
        raise ParameterError(f"--out {display_path(out)}", f"cannot be read ({exc.strerror or exc})") from None
    if empty or is_corpus_manifest(_read_manifest(out)):
        return
    raise ParameterError(f"--out {display_path(out)}", "is not empty and holds no kit corpus manifest; "
                                                       "nothing was written: choose a new or empty folder")


def _plain_name(name: Any) -> bool:
    """A bare file name (no folder part, not hidden): the only kind a manifest may ask to delete."""
    return isinstance(name, str) and bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


def auto_chunk_size(total: int | None) -> int:
    """Articles per chunk for a corpus of ``total``: about 64 chunks, between 20 and 100 articles.

    Enough chunks to keep the workers of a 32-core machine busy to the end, few enough that the
    per-chunk cost in the main process (a few hundredths of a second to write a chunk's parts)
    stays small; at most :data:`CHUNK_SIZE`, so a worker's memory is flat however large the corpus.
    Depends only on the corpus size, so a rerun with other ``jobs`` reuses the same chunks. For a
    bigger cluster pass ``chunk_size`` yourself (aim for several chunks per worker). Unknown size
    (CSV): :data:`CHUNK_SIZE`.
    """
    if total is None:
        return CHUNK_SIZE
    return max(MIN_CHUNK, min(CHUNK_SIZE, -(-total // 64)))


def _table_names(tables: Sequence[str] | str) -> tuple[str, ...]:
    from kit.analysis import TEXT_TABLES

    known = list(TEXT_TABLES)
    if isinstance(tables, str):
        tables = known if tables.strip().lower() == "all" else [t.strip() for t in tables.split(",") if t.strip()]
    names = tuple(dict.fromkeys(tables))
    unknown = [t for t in names if t not in known]
    if unknown or not names:
        raise ParameterError("--tables", f"unknown table(s) {', '.join(unknown) or '(none given)'}; "
                                         f"choose from {', '.join(known)} or 'all'")
    return names


def _batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _settings_key(spec: Spec) -> str:
    from kit import __version__

    fn = spec.analyzer
    name = None if fn is None else getattr(fn, "__qualname__", None) or repr(fn)
    if isinstance(fn, partial):
        name = f"{fn.func.__module__}.{fn.func.__qualname__}{fn.args}"
    data = {"kit": __version__, "code": code_fingerprint(), "analyzer": name,
            "schemas": [s.to_frictionless() for s in spec.all_schemas()]}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _chunk_key(items: Sequence[Item], settings: str) -> str:
    h = hashlib.sha256(settings.encode())
    for item in items:
        h.update(item.canonical())
        h.update(b"\x00")
    return h.hexdigest()[:32]


class _Runner:
    """Submits chunks, keeps a bounded number in flight, writes results, recovers from dead workers.

    Recovery: when a task fails without a result (a worker process died, a Dask worker was lost),
    every task that was in flight is re-run *alone*, so a failure while alone points at that
    task. A chunk that fails alone is split into single articles (each run alone); an article
    that fails alone ``max_attempts`` times goes to the errors table with stage ``worker``.
    """

    def __init__(self, out: Path, spec: Spec, manifest: dict[str, Any], bar: Any, *, force: bool,
                 max_attempts: int) -> None:
        self.out, self.spec, self.manifest, self.bar = out, spec, manifest, bar
        self.force, self.max_attempts = force, max(1, max_attempts)
        self.keys: list[str] = []
        self.reused = 0
        self.retried = 0
        self.pending: dict[cf.Future[Any], _Task] = {}
        self.suspects: deque[_Task] = deque()
        self.broken = False

    def run(self, chunks: Iterator[_Chunk], executor: cf.Executor) -> None:
        limit = 2 * worker_count(executor)
        exhausted = False
        while True:
            if self.broken and not self.pending:
                if can_restart(executor):
                    executor.restart()  # type: ignore[attr-defined]
                self.broken = False
            if not self.broken:
                if self.suspects:
                    if not self.pending:
                        self._submit(executor, self.suspects.popleft())
                else:
                    while len(self.pending) < limit and not exhausted:
                        chunk = next(chunks, None)
                        if chunk is None:
                            exhausted = True
                        else:
                            self._start(chunk, executor)
            if not self.pending:
                if exhausted and not self.suspects:
                    return
                continue
            done, _ = cf.wait(list(self.pending), return_when=cf.FIRST_COMPLETED)
            for future in done:
                task = self.pending.pop(future)
                exc = future.exception()
                if exc is None:
                    self._finished(task, future.result())
                else:
                    self._failed(task, exc)

    def _start(self, chunk: _Chunk, executor: cf.Executor) -> None:
        self.keys.append(chunk.key)
        if not self.force and self._reusable(chunk.key):
            self.reused += 1
            self.bar.update(len(chunk.items))
            return
        self._submit(executor, _Task(chunk, chunk.items))

    def _reusable(self, key: str) -> bool:
        if key not in self.manifest["chunks"]:
            return False
        folder = self.out / "parts" / key
        return all((folder / f"{s.name}.parquet").is_file() for s in self.spec.all_schemas())

    def _submit(self, executor: cf.Executor, task: _Task) -> None:
        try:
            future = executor.submit(analyze_chunk_files, task.items, self.spec)
        except Exception as exc:  # the pool is already broken or shut down
            self._failed(task, exc)
            return
        self.pending[future] = task

    def _failed(self, task: _Task, exc: BaseException) -> None:
        if isinstance(exc, cf.process.BrokenProcessPool):
            self.broken = True
        log.warning("task of %d article(s) from chunk %d failed: %s", len(task.items), task.chunk.index, reason(exc))
        if not task.alone:
            task.alone = True
            self.retried += 1
            self.suspects.append(task)
            return
        task.attempts += 1
        if len(task.items) > 1:
            task.chunk.waiting += len(task.items) - 1
            self.suspects.extend(_Task(task.chunk, [item], alone=True) for item in task.items)
            return
        if task.attempts < self.max_attempts:
            self.suspects.append(task)
            return
        item = task.items[0]
        why = f"the worker died while analysing this article ({task.attempts} attempts alone; {reason(exc)})"
        self._finished(task, _assemble([], [error_row(item, "worker", why)], self.spec))

    def _finished(self, task: _Task, tables: PartFiles | dict[str, Any]) -> None:
        chunk = task.chunk
        chunk.results[task.items[0].position] = tables
        chunk.waiting -= 1
        if chunk.waiting:
            return
        import pandas as pd

        parts = [chunk.results[p] for p in sorted(chunk.results)]
        merged: PartFiles | dict[str, Any]
        if len(parts) == 1:
            merged = parts[0]
        else:  # the chunk ran in several tasks (after a worker died): join their tables
            frames = [decode_part(p, self.spec) if isinstance(p, PartFiles) else p for p in parts]
            merged = {
                s.name: s.conform(pd.concat([p[s.name] for p in frames if len(p[s.name])] or [s.empty()],
                                            ignore_index=True))
                for s in self.spec.all_schemas()
            }
        write_part(self.out, chunk.key, merged, self.spec)
        rows = merged.rows if isinstance(merged, PartFiles) else {name: len(df) for name, df in merged.items()}
        if chunk.key not in self.manifest["parts"]:
            self.manifest["parts"].append(chunk.key)
        self.manifest["chunks"][chunk.key] = {
            "index": chunk.index,
            "first_id": chunk.items[0].article_id,
            "last_id": chunk.items[-1].article_id,
            "rows": rows,
        }
        _save_manifest(self.out, self.manifest)
        chunk.results.clear()
        self.bar.update(len(chunk.items))


# ---------------------------------------------------------------------------------------------
# Files: parts, manifest, combined tables, datapackage
# ---------------------------------------------------------------------------------------------


def write_part(out: Path, key: str, tables: PartFiles | Mapping[str, pd.DataFrame], spec: Spec) -> Path:
    """Write one chunk's tables (or their files, from :func:`encode_part`) to ``out/parts/<key>/`` atomically
    (temporary folder, then rename)."""
    part = tables if isinstance(tables, PartFiles) else encode_part(tables, spec)
    parts = out / "parts"
    final = parts / key
    tmp = parts / f".tmp-{key}-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    try:
        for sch in spec.all_schemas():
            (tmp / f"{sch.name}.parquet").write_bytes(part.files[sch.name])
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return final


def _load_manifest(out: Path, settings: str) -> dict[str, Any]:
    from kit import __version__

    fresh: dict[str, Any] = {"generator": CORPUS_GENERATOR, "kit_version": __version__, "settings": settings,
                             "chunks": {}, "parts": [], "files": []}
    data = _read_manifest(out)
    if not is_corpus_manifest(data):
        return fresh
    # What earlier runs wrote stays ours (to replace or remove) even when their chunks are stale.
    chunks = data["chunks"] if isinstance(data.get("chunks"), dict) else {}
    fresh["parts"] = sorted({k for k in [*data.get("parts", []), *chunks] if _plain_name(k)})
    fresh["files"] = sorted({f for f in data.get("files", []) if _plain_name(f)})
    if data.get("settings") == settings:
        fresh["chunks"] = chunks
    return fresh


def _save_manifest(out: Path, manifest: Mapping[str, Any]) -> None:
    atomic_write_text(out / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def _prune(out: Path, manifest: dict[str, Any], keys: Sequence[str]) -> None:
    """Forget and delete parts that this run's input no longer has (and leftovers of crashed runs).

    Only part folders the manifest lists as the kit's own (and ``.tmp-<key>-<pid>`` folders of a
    crashed write) are removed; anything else in ``parts/`` is left alone.
    """
    live = set(keys)
    owned = set(manifest.get("parts", [])) | set(manifest["chunks"])
    manifest["chunks"] = {k: v for k, v in manifest["chunks"].items() if k in live}
    manifest["parts"] = sorted(k for k in live if (out / "parts" / k).is_dir())
    _save_manifest(out, manifest)
    for folder in (out / "parts").iterdir():
        mine = folder.name in owned or _TMP_PART.fullmatch(folder.name)
        if mine and folder.name not in live and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


_TMP_PART = re.compile(r"\.tmp-[0-9a-f]{32}-[0-9]+")


def combine(out: Path, spec: Spec, keys: Sequence[str], *, csv: bool = False,
            owned: Iterable[str] = ()) -> dict[str, Path]:
    """Concatenate the parts of ``keys`` (in order) into ``out/<table>.parquet`` (and ``.csv``).

    Streams part by part, so memory stays at one part per table being written whatever the corpus
    size. Tables are written two at a time (Arrow reads and writes outside the GIL, and the workers
    are done, so both cores are free). Each file is written to a temporary name and renamed.
    Without ``csv``, a ``<table>.csv`` is removed only when ``owned`` (the names the corpus manifest
    lists) says an earlier run wrote it.
    """
    owned = set(owned)
    schemas = spec.all_schemas()
    with cf.ThreadPoolExecutor(max_workers=2, thread_name_prefix="kit-combine") as pool:
        targets = list(pool.map(lambda sch: _combine_table(out, sch, keys, csv=csv, owned=owned), schemas))
    return {sch.name: target for sch, target in zip(schemas, targets, strict=True)}


def _combine_table(out: Path, sch: TableSchema, keys: Sequence[str], *, csv: bool, owned: set[str]) -> Path:
    """One table of :func:`combine`: its parts in order into ``<table>.parquet`` (and ``.csv``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from kit.safety import safe_text_cells

    stale = {"parquet", "csv"} if not csv else {"parquet"}
    target = out / f"{sch.name}.parquet"
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    csv_target = out / f"{sch.name}.csv"
    csv_tmp = csv_target.with_name(f".{csv_target.name}.{os.getpid()}.tmp")
    # The schema with pandas metadata, so nullable integer columns read back as Int64.
    schema = pa.Table.from_pandas(sch.empty(), schema=arrow_schema(sch), preserve_index=False).schema
    try:
        with pq.ParquetWriter(tmp, schema) as writer, (
            csv_tmp.open("w", encoding="utf-8", newline="") if csv else _NullFile()
        ) as fh:
            first = True
            for key in keys:
                part = pq.read_table(out / "parts" / key / f"{sch.name}.parquet").replace_schema_metadata(
                    schema.metadata)
                writer.write_table(part)
                if csv and (first or part.num_rows):
                    # CSVs open in spreadsheets: text cells that would run as formulas get a ' prefix.
                    safe_text_cells(part.to_pandas()).to_csv(fh, header=first, index=False, lineterminator="\n")
                    first = False
            if csv and first:
                fh.write(",".join(sch.columns) + "\n")
        os.replace(tmp, target)
        if csv:
            os.replace(csv_tmp, csv_target)
    finally:
        for t in (tmp, csv_tmp):
            if t.exists():
                t.unlink()
    if "csv" in stale and csv_target.name in owned and csv_target.is_file() and not csv_target.is_symlink():
        csv_target.unlink()  # a CSV an earlier run wrote would no longer match
    return target


class _NullFile:
    def __enter__(self) -> _NullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, _: str) -> int:
        return 0


def write_datapackage(out: Path, spec: Spec, result: CorpusResult, *, source: str, chunk_size: int,
                      csv: bool) -> Path:
    """Describe the combined tables in ``out/datapackage.json`` (Frictionless Data Package)."""
    from kit import __version__

    resources = []
    for sch in spec.all_schemas():
        base = {
            "description": sch.description,
            "schema": sch.to_frictionless(),
        }
        if sch.title:
            base["title"] = sch.title
        resources.append({"name": sch.name, "path": f"{sch.name}.parquet", "format": "parquet",
                          "mediatype": "application/vnd.apache.parquet", "profile": "data-resource", **base})
        if csv:
            resources.append({"name": f"{sch.name}-csv", "path": f"{sch.name}.csv", "format": "csv",
                              "mediatype": "text/csv", "encoding": "utf-8", "profile": "tabular-data-resource",
                              **base})
    package = {
        "profile": "data-package",
        "name": "kit-corpus",
        "title": f"Corpus tables from {source}",
        "description": (
            "Tables kit.analyze extracted from every article of a corpus (kit corpus). Each row names its "
            "article_id; offsets point into that article's normalised text. Articles that failed are in "
            "errors, with the reason."
        ),
        "kit_version": __version__,
        "input": source,
        "chunk_size": chunk_size,
        "counts": {"articles_read": result.n_articles, "articles_analysed": result.n_ok,
                   "errors": result.n_errors, "chunks": result.n_chunks},
        "resources": resources,
    }
    if result.skipped_tables:
        package["not_made"] = dict(result.skipped_tables)
    return atomic_write_text(out / "datapackage.json", json.dumps(package, indent=2, ensure_ascii=False) + "\n")


def read_corpus(out: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """The combined tables a corpus run wrote to ``out``, by name (from its datapackage.json)."""
    import pandas as pd

    folder = Path(out)
    path = folder / "datapackage.json"
    if not path.is_file():
        raise InputError(display_path(folder), "has no datapackage.json: run `kit corpus INPUT --out` first")
    package = json.loads(path.read_text(encoding="utf-8"))
    return {r["name"]: pd.read_parquet(folder / r["path"]) for r in package["resources"] if r["format"] == "parquet"}
