"""The ``kit`` command: a thin layer over the Python API (parse arguments, call, print).

Every :class:`~kit.errors.KitError` becomes one line on stderr (``kit: error: <input>: <problem>``)
and exit code 2; no traceback reaches the user.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kit import __version__
from kit.errors import KitError, one_line

if TYPE_CHECKING:
    from kit.report.build import ReportResult


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kit")
def cli() -> None:
    """The kit: read a news article, extract entities, dates and sources, check claims."""


@cli.command()
def doctor() -> None:
    """Check that this machine is ready for the course; print each problem with its fix."""
    from kit.course.doctor import diagnose, render

    findings = diagnose()
    click.echo(render(findings))
    if any(f.status == "problem" for f in findings):
        sys.exit(1)


@cli.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--meta", "meta_path", type=click.Path(path_type=Path), help="JSON metadata sidecar.")
@click.option("--max-bytes", type=int, default=None, help="Size limit for the article (default 5 MB).")
@click.option("--sentences", is_flag=True, help="Also list the sentences with their offsets.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def read(article: Path, meta_path: Path | None, max_bytes: int | None, sentences: bool,
         as_json: bool) -> None:
    """Load ARTICLE (.txt, .md, .html) and print what the kit sees: metadata and counts."""
    from kit.article import MAX_BYTES, load_article
    from kit.terminal import cell_text, emit_table

    art = load_article(article, meta_path=meta_path, max_bytes=max_bytes or MAX_BYTES)
    info = art.summary()
    if sentences:
        info["sentence_spans"] = [
            {"sent_idx": i, "start_char": s.start, "end_char": s.end, "text": s.text}
            for i, s in enumerate(art.sentences)
        ]
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    for key, value in info.items():
        if key != "sentence_spans":
            click.echo(f"{key:>10}: {'unknown' if value is None else cell_text(value)}")
    if sentences:
        import pandas as pd

        click.echo()
        spans = pd.DataFrame(info["sentence_spans"], columns=["sent_idx", "start_char", "end_char", "text"])
        emit_table(spans, default=list(spans.columns), empty="no sentences")


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder (default build/student).")
def student(out: Path | None) -> None:
    """Build the student edition: solutions removed, outputs cleared."""
    from kit.course.student import build_student_edition
    from kit.paths import ROOT, display_path

    written = build_student_edition(out=out or ROOT / "build" / "student")
    for path in written:
        click.echo(display_path(path))
    click.echo(f"{len(written)} student notebooks written")


@cli.command()
@click.option("--check", "check_only", is_flag=True, help="Only check that the page is up to date (exit 1 if not).")
def keypoints(check_only: bool) -> None:
    """Write lessons/keypoints.md from every notebook's '## Keypoints' section."""
    from kit.course.keypoints import KEYPOINTS_PAGE, keypoints_up_to_date, write_keypoints
    from kit.paths import display_path

    if check_only:
        if not keypoints_up_to_date():
            click.echo(f"{display_path(KEYPOINTS_PAGE)} is out of date: run `kit keypoints`", err=True)
            sys.exit(1)
        click.echo(f"{display_path(KEYPOINTS_PAGE)} is up to date")
        return
    click.echo(display_path(write_keypoints()))


@cli.command()
@click.argument("articles", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("reports"), show_default=True,
              help="Output folder: one OUT/<slug>/ per article, plus OUT/index.html.")
@click.option("--jobs", "-j", type=int, default=1, show_default=True,
              help="Articles to run in parallel (1 to 64).")
@click.option("-p", "--parameter", "params", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Set a report parameter (repeatable); see --list-parameters.")
@click.option("--force", is_flag=True, help="Rebuild even when the article and parameters have not changed.")
@click.option("--timeout", type=click.IntRange(min=1), default=None,
              help="Seconds one notebook cell may run (default 300).")
@click.option("--list-parameters", is_flag=True, help="List the report's parameters and exit.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar (there is none when stderr is not a terminal).")
@click.option("--dask", "dask_address", metavar="ADDRESS", default=None,
              help="Run the reports on a Dask cluster (e.g. tcp://scheduler:8786); workers need the kit and "
                   "the same files.")
def report(articles: tuple[Path, ...], out: Path, jobs: int, params: tuple[tuple[str, str], ...], force: bool,
           timeout: int | None, list_parameters: bool, quiet: bool, dask_address: str | None) -> None:
    """Build the newsroom report for each ARTICLE: HTML for editors, CSV/JSON data, charts.

    Each failure is one line on stderr and a line in OUT/index.html; the other articles still build.
    The last line names every failure and why (e.g. "1 of 3 reports failed: empty.txt (empty file)").

    \b
    Exit codes:
      0  every report is ready (built, or unchanged since the last run)
      1  some reports failed (a bad article or a failed run); the rest are ready
      2  no article could be read at all (missing, empty...), or a bad option
    """
    from kit.paths import display_path
    from kit.report.build import DEFAULT_TIMEOUT, run_reports
    from kit.report.params import RESERVED, notebook_parameters

    if list_parameters:
        for p in notebook_parameters().values():
            if p.name not in RESERVED:
                click.echo(f"{p.name}: {p.type} (default {p.default})  {p.help}")
        return
    progress = not quiet and sys.stderr.isatty()
    if dask_address:
        from kit.corpus.batch import make_executor

        with make_executor(dask=dask_address) as executor:
            batch = run_reports(list(articles), out, params=list(params), jobs=jobs, force=force,
                                timeout=timeout or DEFAULT_TIMEOUT, executor=executor, progress=progress)
    else:
        batch = run_reports(list(articles), out, params=list(params), jobs=jobs, force=force,
                            timeout=timeout or DEFAULT_TIMEOUT, progress=progress)
    # The progress bar is gone by now (run_reports closes it): one line per report, then the summary.
    for r in batch.results:
        if r.status == "built":
            click.echo(f"built    {one_line(str(r.html))}  ({r.seconds:.1f} s)")
        elif r.status == "skipped":
            click.echo(f"skipped  {one_line(str(r.html))}  (unchanged; --force rebuilds it)")
        else:
            click.echo(f"kit: error: {one_line(str(r.error))}", err=True)
    n_ok = len(batch.results) - len(batch.failed)
    from kit.report.build import is_report_folder

    # A failed rebuild (--force, or changed inputs) leaves the earlier report in place: say so, as the index does.
    kept = sum(is_report_folder(out / r.slug) for r in batch.failed)
    earlier = f" ({kept} failed rebuild(s) kept the earlier report)" if kept else ""
    click.echo(f"{n_ok} of {len(batch.results)} report(s) ready in {one_line(display_path(out))}/{earlier} — open "
               f"{one_line(batch.index)}")
    if batch.failed:
        click.echo(failure_summary(batch.results))  # stdout's last line; stderr keeps one line per failure
    if batch.exit_code:
        sys.exit(batch.exit_code)


#: How much of one failure's reason the summary line keeps (the line above it has the whole message).
REASON_CHARS = 70


def failure_summary(results: Sequence[ReportResult]) -> str:
    """The last line of a batch: how many reports failed, and which, and why, e.g.
    ``2 of 5 reports failed: boom.txt (the report failed: ...), empty.txt (empty file)``."""
    failed = [r for r in results if not r.ok]
    names = [Path(r.article).name for r in failed]
    clash = len(set(names)) < len(names)  # two story.txt in different folders: show their paths
    parts = []
    for r, name in zip(failed, names, strict=True):
        article = one_line(r.article)
        error = one_line(str(r.error or "failed"))
        reason = error.removeprefix(f"{article}: ")
        if reason == error and ": " in error and Path(error.split(": ", 1)[0]).name == Path(r.article).name:
            reason = error.split(": ", 1)[1]
        if len(reason) > REASON_CHARS:
            reason = reason[: REASON_CHARS - 1].rstrip() + "…"
        parts.append(f"{article if clash else one_line(name)} ({reason})")
    noun = "report" if len(results) == 1 else "reports"
    return f"{len(failed)} of {len(results)} {noun} failed: {', '.join(parts)}"


@cli.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Output folder for the combined tables (reruns reuse finished chunks).")
@click.option("--jobs", "-j", type=int, default=None,
              help="Worker processes, 0 to 64 (default: one per CPU; 0 runs in this process).")
@click.option("--dask", "dask_address", metavar="ADDRESS", default=None,
              help="Run on a Dask cluster instead, e.g. tcp://scheduler:8786.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None,
              help="Articles per task and per part file (default: from the corpus size, at most 500).")
@click.option("--tables", default="mentions,entities,dates,attributions,quotes", show_default=True,
              help="Comma-separated Dossier tables to export, or 'all'.")
@click.option("--csv", "write_csv", is_flag=True, help="Also write a CSV beside each Parquet table.")
@click.option("--force", is_flag=True, help="Redo every chunk, even those an earlier run finished.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def corpus(input_path: Path, out: Path, jobs: int | None, dask_address: str | None, chunk_size: int | None,
           tables: str, write_csv: bool, force: bool, quiet: bool) -> None:
    """Analyse every article of INPUT (a folder, .jsonl or .csv) into combined tables with article_id."""
    from kit.corpus.run import run_corpus

    result = run_corpus(input_path, out, jobs=jobs, dask=dask_address, chunk_size=chunk_size, tables=tables,
                        csv=write_csv, force=force, progress=not quiet)
    click.echo(result.summary())


def table_options(func: Callable[..., None]) -> Callable[..., None]:
    """The output options every table-printing command shares: --columns, --csv, --json."""
    func = click.option("--json", "as_json", is_flag=True,
                        help="Print JSON rows (every column, exact) instead of a table.")(func)
    func = click.option("--csv", "as_csv", is_flag=True,
                        help="Print CSV (every column, exact) instead of a table.")(func)
    return click.option("--columns", metavar="A,B,...", default=None,
                        help="Columns to show, comma-separated ('all': every one); also limits --csv/--json.")(func)


@cli.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--gazetteer", type=click.Path(path_type=Path), default=None,
              help="Gazetteer CSV with the same columns as data/entities.csv (default: that file).")
@click.option("--table", "which", type=click.Choice(["entities", "mentions", "pairs", "candidates"]),
              default="entities", show_default=True,
              help="entities: one row per entity; mentions: every mention with offsets; pairs: entities "
                   "sharing a sentence; candidates: names the gazetteer does not know.")
@table_options
def entities(article: Path, gazetteer: Path | None, which: str, columns: str | None, as_csv: bool,
             as_json: bool) -> None:
    """List who and what ARTICLE mentions: gazetteer links first, spaCy NER for the names it does not know.

    The table fits the terminal (COLUMNS, else 80 when piped); --csv and --json print every value exactly.
    """
    from kit.analysis import analyze
    from kit.article import load_article
    from kit.extract import entities as ent
    from kit.terminal import emit_table

    art = load_article(article)
    dossier = analyze(art, gazetteer=gazetteer, tables=["entities", "candidates"])
    mentions = dossier.mentions
    if which == "mentions":
        table = mentions
        shown = ["mention_id", "entity_id", "text", "label", "method", "sent_idx", "start_char"]
    elif which == "pairs":
        table, shown = ent.co_mentions(mentions), ["entity_a", "entity_b", "n_sentences", "sentences"]
    elif which == "candidates":
        table, shown = dossier.candidates, ["candidate", "shape", "n", "sentences"]
    else:
        table, shown = dossier.entities, ["entity_id", "name", "label", "n_mentions", "surface_forms"]
    emit_table(table, default=shown, columns=columns, as_csv=as_csv, as_json=as_json, empty=f"no {which} found",
               list_columns=("surface_forms", "sentences"))


@cli.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--table", "which", type=click.Choice(["attributions", "quotes", "profile"]), default="attributions",
              show_default=True, help="Which table to print.")
@table_options
def sources(article: Path, which: str, columns: str | None, as_csv: bool, as_json: bool) -> None:
    """Who says what in ARTICLE: attributions (with unsourced claims), quotations or the sourcing profile.

    The attributions table marks a claim with no source as NO SOURCE; --csv/--json keep the raw values.
    """
    from kit.analysis import analyze
    from kit.article import load_article
    from kit.terminal import emit_table

    art = load_article(article)
    dossier = analyze(art, tables=["attributions", "quotes", "sourcing"])
    table = dossier.attributions
    if which == "quotes":
        df = dossier.quotes
        cols = ["sent_idx", "speaker_text", "speaker_type", "verbatim_checkable", "quote_text"]
    elif which == "profile":
        df = dossier.sourcing
        cols = list(df.columns)
    else:
        df = table[(table["source_type"] != "unattributed") | table["checkable"]]
        cols = ["sent_idx", "cue", "source_type", "source_text", "content_text"]
        if not (as_csv or as_json):
            df = df.astype({"source_type": object})
            df.loc[df["source_type"] == "unattributed", "source_type"] = "NO SOURCE"
    emit_table(df, default=cols, columns=columns, as_csv=as_csv, as_json=as_json, empty=f"no {which} found",
               list_columns=("sentences",))


@cli.command()
@click.argument("article", type=click.Path(path_type=Path), required=False)
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) when the metadata has none.")
@click.option("--anchor", "anchor_args", multiple=True, metavar="PHRASE=DATE",
              help="Pin a vague reference to a documented day, e.g. 'recent statement=2025-12-05' (repeatable).")
@click.option("--documented", is_flag=True,
              help="Pin the vague references that data/date_claims.csv documents (the bundled article's).")
@click.option("--events", "events_path", type=click.Path(path_type=Path), default=None,
              help="Documented record CSV with the columns of data/events.csv (default: that file).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Write dates.csv, events.csv, timeline.json (TimelineJS) and the charts (SVG, PNG) here.")
@table_options
def timeline(article: Path | None, published: str | None, anchor_args: tuple[str, ...], documented: bool,
             events_path: Path | None, out: Path | None, columns: str | None, as_csv: bool, as_json: bool) -> None:
    """Date expressions in ARTICLE (default: the bundled one), resolved to intervals; export the timeline."""
    from kit.article import load_article
    from kit.errors import ParameterError
    from kit.export import export_timeline
    from kit.extract.dates import date_mentions
    from kit.paths import display_path
    from kit.terminal import emit_table
    from kit.timeline import documented_anchors

    meta = {"published": published} if published else None
    art = load_article(article, meta)
    anchors: dict[str, str] = documented_anchors() if documented else {}
    for arg in anchor_args:
        phrase, sep, day = arg.rpartition("=")
        if not sep or not phrase.strip():
            raise ParameterError("--anchor", f"{arg!r} should look like 'recent statement=2025-12-05'")
        anchors[phrase.strip()] = day.strip()
    dates = date_mentions(art, anchors=anchors)
    emit_table(dates, default=["date_id", "text", "kind", "earliest", "latest", "precision", "anchor_basis"],
               columns=columns, as_csv=as_csv, as_json=as_json, empty="no date expressions found")
    if out is not None:
        written = export_timeline(art, out, record=events_path if events_path is not None else True,
                                  anchors=anchors)
        for path in written:
            click.echo(f"wrote {display_path(path)}", err=True)


@cli.command()
@click.argument("worksheet", type=click.Path(path_type=Path), required=False)
@click.option("--claims", "claims_path", type=click.Path(path_type=Path), default=None,
              help="A claims CSV with the columns of data/claims.csv (default: the kit's).")
@click.option("--article", "article_path", type=click.Path(path_type=Path), default=None,
              help="The article the claims quote (default: the bundled article).")
@click.option("--jsonld", type=click.Path(path_type=Path), default=None,
              help="Also write schema.org ClaimReview JSON-LD to this file.")
@click.option("--review-url", default=None, help="URL of the page where the fact-check is published.")
def claims(worksheet: Path | None, claims_path: Path | None, article_path: Path | None, jsonld: Path | None,
           review_url: str | None) -> None:
    """Validate checked claims and print the verdicts; with WORKSHEET (a filled claims_to_check.csv from a report
    folder), turn its rows with a verdict into ClaimReview. --jsonld FILE writes the ClaimReview JSON-LD."""
    from kit.article import load_article
    from kit.claims import load_claims, verdict_counts, write_claimreview
    from kit.paths import display_path
    from kit.terminal import emit_table

    if worksheet is not None:
        from kit.verify.worksheet import read_worksheet, worksheet_to_claimreview

        rows = read_worksheet(worksheet)
        art = load_article(article_path) if article_path is not None else None
        meta = dict(art.meta) if art is not None else {}
        reviews = worksheet_to_claimreview(rows, claim_date=meta.get("published"), appearance_url=meta.get("url"),
                                           **({"review_url": review_url} if review_url else {}))
        click.echo(f"{len(reviews)} of {len(rows)} worksheet rows have a verdict")
        if jsonld is not None:
            from kit.export import to_json
            from kit.paths import atomic_write_text

            path = atomic_write_text(jsonld, to_json(reviews))
            click.echo(f"wrote {len(reviews)} ClaimReview objects to {display_path(path)}")
        return

    art = load_article(article_path) if article_path is not None else None
    table = load_claims(claims_path, article=art)
    emit_table(table, default=["claim_id", "sent_idx", "rating_label", "claim_summary"], empty="no claims")
    counts = verdict_counts(table)
    click.echo(", ".join(f"{r.rating_label} {r.n_claims}" for r in counts.itertuples()))
    if jsonld is not None:
        kwargs = {"review_url": review_url} if review_url else {}
        path = write_claimreview(jsonld, table, **kwargs)
        click.echo(f"wrote {len(table)} ClaimReview objects to {display_path(path)}")


def parse_weight(arg: str, criteria: list[str], top: float) -> tuple[str, float]:
    """``CRITERION=W`` from ``--weight`` as (criterion, weight), or ParameterError: unknown, not a number, off 0–top."""
    import math

    from kit.errors import ParameterError

    name, sep, value = (part.strip() for part in arg.partition("="))
    if not sep or not name:
        raise ParameterError("--weight", f"{arg!r} is not CRITERION=NUMBER, e.g. {criteria[0]}=4")
    if name not in criteria:
        raise ParameterError("--weight", f"unknown criterion {name!r}; known: {', '.join(criteria)}")
    try:
        weight = float(value)
    except ValueError:
        raise ParameterError("--weight", f"{name}={value!r} is not a number from 0 to {top:g}") from None
    if not math.isfinite(weight):
        raise ParameterError("--weight", f"{name}={value} is not a number from 0 to {top:g}")
    if not 0 <= weight <= top:
        where = "negative" if weight < 0 else f"above {top:g}"
        raise ParameterError("--weight", f"{name}={value} is {where}: weights are on the scale 0 to {top:g}")
    return name, weight


@cli.command()
@click.option("--stakeholder", default="turkey", show_default=True,
              help="Whose default weights: turkey, united_states, russia, nato_allies.")
@click.option("--method", type=click.Choice(["weighted_sum", "promethee_ii"]), default="weighted_sum",
              show_default=True, help="How scores are added up.")
@click.option("--weight", "weight_args", multiple=True, metavar="CRITERION=W",
              help="Change one weight (0-10), e.g. --weight f35_access=4. Repeatable.")
@click.option("--chart", type=click.Path(path_type=Path), default=None,
              help="Also save the ranking chart: .svg/.png (static, names its weights) or .html (sliders, offline).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (ranking, break-evens, summary) instead of text.")
def tradeoffs(stakeholder: str, method: str, weight_args: tuple[str, ...], chart: Path | None, as_json: bool) -> None:
    """Rank Turkey's S-400 options for a stakeholder's weights, and say what would change the answer."""
    from kit.terminal import wrap
    from kit.tradeoffs import model as t

    model = t.load_model()
    weights = t.stakeholder_weights(t.load_weights(), stakeholder)
    for arg in weight_args:
        name, value = parse_weight(arg, model.criterion_ids, t.SLIDER_MAX)
        weights[name] = value
    ranking, sens = t.rank(model, weights, method), t.breakeven(model, weights, method)
    summary = t.summarize(model, weights, method, ranking=ranking, sensitivity=sens)
    if chart is not None:
        from kit.charts import save
        from kit.charts.tradeoffs import interactive_ranking_chart, tradeoff_chart_static
        from kit.paths import display_path

        build = interactive_ranking_chart if chart.suffix.lower() == ".html" else tradeoff_chart_static
        click.echo(f"chart: {display_path(save(build(model, weights, method), chart))}", err=True)
    if as_json:
        out = {"stakeholder": stakeholder, "method": method, "weights": weights, "summary": summary,
               "ranking": json.loads(ranking.to_json(orient="records")),
               "breakeven": json.loads(sens.dropna(subset=["breakeven_weight"]).to_json(orient="records"))}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for row in ranking.itertuples():
        click.echo(f"{row.rank}. {row.label:<32} {t.one_decimal(row.score):>7}")
    click.echo(wrap(summary))


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning KitError into one line and exit code 2."""
    try:
        cli.main(args=argv, prog_name="kit", standalone_mode=False)
    except KitError as exc:
        click.echo(f"kit: error: {exc}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("kit: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
