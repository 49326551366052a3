"""Corpus mode as a data desk meets it: many articles in, combined tables out, bad rows reported, reruns cheap."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import corpus_helpers as helpers
import pandas as pd
import pytest

from kit.cli import main
from kit.corpus import synth
from kit.corpus.run import ERRORS, iter_items, read_corpus, run_corpus
from kit.errors import InputError, ParameterError

N = 60


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.write_jsonl(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", N, seed=3)


def file_bytes(out: Path, suffix: str = ".csv") -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob(f"*{suffix}"))}


@pytest.fixture(scope="module")
def inline_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("inline")
    return run_corpus(corpus, out, jobs=0, chunk_size=25, csv=True, progress=False)


def test_combined_tables_name_their_article(inline_run):
    tables = inline_run.tables()
    articles = tables["articles"]
    assert inline_run.n_articles == N and inline_run.n_ok == N and inline_run.n_errors == 0
    assert list(articles["article_id"]) == [f"syn-3-{i:06d}" for i in range(N)]
    assert articles["outlet"].str.endswith("(synthetic)").all()
    assert articles["published"].str.match(r"2025-\d\d-\d\d").all()
    assert json.loads(articles["extra"].iloc[0])["synthetic"] is True
    for name, df in tables.items():
        assert df.columns[0] == "article_id", name
        assert set(df["article_id"]) <= set(articles["article_id"]) | set(tables["errors"]["article_id"])
    assert inline_run.n_chunks == 3 and inline_run.n_reused == 0


def test_datapackage_describes_every_file(inline_run):
    package = json.loads((inline_run.out / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in package["resources"]}
    for table, path in inline_run.paths.items():
        assert table in names and f"{table}-csv" in names
        assert path.is_file() and (inline_run.out / f"{table}.csv").is_file()
    errors = next(r for r in package["resources"] if r["name"] == "errors")
    assert [f["name"] for f in errors["schema"]["fields"]] == ERRORS.columns
    assert package["counts"]["articles_analysed"] == N
    assert set(read_corpus(inline_run.out)) == set(inline_run.paths)


def test_process_pool_gives_identical_files(corpus, inline_run, tmp_path):
    run = run_corpus(corpus, tmp_path, jobs=2, chunk_size=25, csv=True, progress=False)
    assert file_bytes(run.out) == file_bytes(inline_run.out)
    assert file_bytes(run.out, ".parquet") == file_bytes(inline_run.out, ".parquet")


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_files(corpus, inline_run, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        run = run_corpus(corpus, tmp_path, dask=cluster.scheduler_address, chunk_size=25, csv=True, progress=False)
    assert file_bytes(run.out) == file_bytes(inline_run.out)
    tables = {k: v.sort_values(list(v.columns)).reset_index(drop=True) for k, v in run.tables().items()}
    for name, df in inline_run.tables().items():
        pd.testing.assert_frame_equal(tables[name], df.sort_values(list(df.columns)).reset_index(drop=True))


def test_rerun_skips_finished_chunks_and_force_redoes_them(corpus, inline_run, tmp_path):
    first = run_corpus(corpus, tmp_path, jobs=0, chunk_size=25, csv=True, progress=False)
    again = run_corpus(corpus, tmp_path, jobs=0, chunk_size=25, csv=True, progress=False)
    assert (again.n_chunks, again.n_reused) == (3, 3)
    assert file_bytes(again.out) == file_bytes(first.out) == file_bytes(inline_run.out)
    forced = run_corpus(corpus, tmp_path, jobs=0, chunk_size=25, csv=True, progress=False, force=True)
    assert forced.n_reused == 0 and file_bytes(forced.out) == file_bytes(first.out)


def test_editing_one_article_redoes_only_its_chunk(corpus, tmp_path):
    run_corpus(corpus, tmp_path / "out", jobs=0, chunk_size=25, progress=False)
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    rows[30]["text"] += "\n\nA correction was appended to this article."
    edited = tmp_path / "edited.jsonl"
    edited.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    rerun = run_corpus(edited, tmp_path / "out", jobs=0, chunk_size=25, progress=False)
    assert (rerun.n_chunks, rerun.n_reused) == (3, 2)
    parts = [p.name for p in (tmp_path / "out" / "parts").iterdir()]
    assert len(parts) == 3, "the replaced chunk's old part is removed"


def bad_rows() -> list[str]:
    good = [synth.make_article(i, seed=9) for i in range(6)]
    missing_text = dict(good[1])
    del missing_text["text"]
    return [
        json.dumps(good[0]),
        json.dumps(missing_text),
        json.dumps({**good[2], "text": 12345}),
        json.dumps({**good[3], "published": "2025-13-45"}),
        json.dumps({**good[4], "id": good[0]["id"]}),
        "{this is not json",
        json.dumps({"text": "An article with no id."}),
        json.dumps({**good[5], "text": "   "}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({**good[5], "id": "last-good"}),
    ]


def test_bad_rows_go_to_the_errors_table(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text("\n".join(bad_rows()) + "\n", encoding="utf-8")
    run = run_corpus(source, tmp_path / "out", jobs=0, chunk_size=4, progress=False)
    errors = run.read("errors")
    assert list(run.read("articles")["article_id"]) == ["syn-9-000000", "last-good"]
    got = {(r.article_id, r.stage): r.error for r in errors.itertuples()}
    assert "no 'text'" in got[("syn-9-000001", "read")]
    assert "must be a string, not int" in got[("syn-9-000002", "load")]
    assert "ISO date" in got[("syn-9-000003", "load")]
    assert "duplicate id" in got[("syn-9-000000", "read")]
    assert "not valid JSON" in got[("line 6", "read")]
    assert "no 'id'" in got[("line 7", "read")]
    assert "empty" in got[("syn-9-000005", "load")]
    assert "JSON object" in got[("line 9", "read")]
    assert list(errors["position"]) == sorted(errors["position"])
    assert run.n_articles == 10 and run.n_errors == 8


def test_csv_and_folder_inputs_match_jsonl(tmp_path):
    rows = list(synth.iter_articles(8, seed=5))
    pd.DataFrame(rows).to_csv(tmp_path / "corpus.csv", index=False)
    synth.write_jsonl(tmp_path / "corpus.jsonl", 8, seed=5)
    synth.write_folder(tmp_path / "folder", 8, seed=5)
    runs = {kind: run_corpus(tmp_path / name, tmp_path / f"out-{kind}", jobs=0, csv=True, progress=False)
            for kind, name in (("jsonl", "corpus.jsonl"), ("csv", "corpus.csv"), ("folder", "folder"))}
    cols = ["article_id", "position", "title", "outlet", "published", "url", "n_words"]
    expected = runs["jsonl"].read("articles")[cols]
    for kind in ("csv", "folder"):
        pd.testing.assert_frame_equal(runs[kind].read("articles")[cols], expected, check_dtype=False)
        assert runs[kind].n_errors == 0


def test_folder_with_markdown_html_and_undecodable_files(tmp_path):
    folder = tmp_path / "articles"
    (folder / "2025").mkdir(parents=True)
    (folder / "a.md").write_text("# A headline\n\nTurkey bought the S-400 in 2017.\n", encoding="utf-8")
    (folder / "2025" / "b.html").write_text(
        "<html><head><title>B</title></head><body><p>Ankara &amp; Moscow met.</p>"
        "<script>alert(1)</script></body></html>", encoding="utf-8")
    (folder / "c.txt").write_bytes("T\u00fcrkiye".encode("cp1252"))
    (folder / "d.txt").write_text("Short text.", encoding="utf-8")
    (folder / "d.meta.json").write_text('{"published": "yesterday"}', encoding="utf-8")
    (folder / "notes.csv").write_text("not an article", encoding="utf-8")
    run = run_corpus(folder, tmp_path / "out", jobs=0, progress=False)
    articles = run.read("articles").set_index("article_id")
    assert articles.loc["a", "title"] == "A headline" and articles.loc["2025/b", "title"] == "B"
    errors = run.read("errors").set_index("article_id")
    assert errors.loc["c", "stage"] == "read" and "not valid UTF-8" in errors.loc["c", "error"]
    assert errors.loc["d", "stage"] == "load" and "ISO date" in errors.loc["d", "error"]
    assert run.n_articles == 4


def test_iter_items_streams(corpus):
    items = iter_items(corpus)
    first = next(items)
    assert first.article_id == "syn-3-000000" and first.position == 1
    assert not isinstance(items, list)


def test_worker_killed_once_is_rerun_and_nothing_is_lost(corpus, inline_run, tmp_path):
    analyzer = partial(helpers.kill_once, str(tmp_path / "killed"), "syn-3-000030")
    run = run_corpus(corpus, tmp_path / "out", jobs=2, chunk_size=10, csv=True, progress=False, analyzer=analyzer)
    assert (tmp_path / "killed").exists(), "the worker really died"
    assert run.n_retried >= 1 and run.n_errors == 0 and run.n_ok == N
    assert file_bytes(run.out) == file_bytes(inline_run.out)


def test_poison_article_is_reported_alone(corpus, tmp_path):
    analyzer = partial(helpers.always_kill, "syn-3-000012")
    run = run_corpus(corpus, tmp_path / "out", jobs=2, chunk_size=10, progress=False, analyzer=analyzer,
                     max_attempts=2)
    errors = run.read("errors")
    assert list(errors["article_id"]) == ["syn-3-000012"]
    assert errors["stage"].iloc[0] == "worker" and "died" in errors["error"].iloc[0]
    assert run.n_ok == N - 1
    assert "syn-3-000013" in set(run.read("articles")["article_id"])


def test_an_exception_in_the_analysis_fails_one_article(corpus, tmp_path):
    run = run_corpus(corpus, tmp_path, jobs=0, chunk_size=25, progress=False,
                     analyzer=partial(helpers.raise_on, "syn-3-000007"))
    errors = run.read("errors")
    assert list(errors["article_id"]) == ["syn-3-000007"]
    assert errors["stage"].iloc[0] == "analyze" and "blew up on purpose" in errors["error"].iloc[0]


def test_custom_analyzer_tables_get_article_ids(corpus, tmp_path):
    run = run_corpus(corpus, tmp_path, jobs=0, tables=("mentions", "dates"), progress=False,
                     analyzer=helpers.capitals)
    mentions, dates = run.read("mentions"), run.read("dates")
    assert list(mentions.columns) == ["article_id", "surface", "start_char", "end_char"]
    assert mentions["article_id"].nunique() == N and str(dates["year"].dtype) == "Int64"
    assert (dates["year"] >= 1900).all()


def test_parameters_are_checked(corpus, tmp_path):
    with pytest.raises(ParameterError, match="chunk-size"):
        run_corpus(corpus, tmp_path, chunk_size=0)
    with pytest.raises(ParameterError, match="unknown table"):
        run_corpus(corpus, tmp_path, tables="mentions,nonsense")
    with pytest.raises(InputError, match="no such file"):
        run_corpus(tmp_path / "missing.jsonl", tmp_path)
    with pytest.raises(InputError, match="folder of articles"):
        run_corpus(Path(__file__), tmp_path)
    bad_csv = tmp_path / "no_text.csv"
    bad_csv.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'text' column"):
        run_corpus(bad_csv, tmp_path / "out")


def test_cli_corpus(corpus, tmp_path, capsys):
    assert main(["corpus", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "0", "--csv", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert f"{N} articles: {N} analysed, 0 in the errors table" in out
    assert (tmp_path / "out" / "articles.csv").is_file()
    assert main(["corpus", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "x")]) == 2
    assert "no such file" in capsys.readouterr().err
