"""Executors: the same batch code on this process, a local pool or a Dask cluster; `kit report --dask` uses them."""

from __future__ import annotations

import concurrent.futures as cf
from pathlib import Path

import pytest

from kit.cli import main
from kit.corpus.batch import InlineExecutor, LocalProcessPool, can_restart, make_executor, worker_count
from kit.errors import ParameterError

ARTICLE = Path(__file__).resolve().parent.parent / "data" / "raw" / "s400_f35_article.txt"


def test_inline_executor_runs_in_this_process():
    with make_executor(jobs=0) as ex:
        assert isinstance(ex, InlineExecutor) and worker_count(ex) == 1
        assert ex.submit(sum, [1, 2]).result() == 3
        failed = ex.submit(int, "not a number")
        assert isinstance(failed.exception(), ValueError), "errors come back through the future"


def test_process_pool_restarts_after_a_worker_dies():
    import os

    with make_executor(jobs=2) as ex:
        assert isinstance(ex, LocalProcessPool) and worker_count(ex) == 2 and can_restart(ex)
        with pytest.raises(cf.process.BrokenProcessPool):
            ex.submit(os._exit, 3).result()
        ex.restart()
        assert ex.submit(sum, [2, 3]).result() == 5 and ex.restarts == 1


@pytest.mark.parametrize("jobs", [-1, 1.5, True])
def test_bad_jobs_are_refused(jobs):
    with pytest.raises(ParameterError, match="--jobs"), make_executor(jobs=jobs):
        pass


def test_unreachable_dask_scheduler_is_one_clear_error(monkeypatch):
    monkeypatch.setattr("kit.corpus.batch.DASK_TIMEOUT", 1)
    with pytest.raises(ParameterError, match="cannot reach the Dask scheduler"), make_executor(
            dask="tcp://127.0.0.1:9"):
        pass


@pytest.mark.slow
def test_dask_executor_and_kit_report_on_a_local_cluster(tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as cluster:
        with make_executor(dask=cluster.scheduler_address) as ex:
            assert worker_count(ex) == 2 and not can_restart(ex)
            assert [f.result() for f in [ex.submit(sum, [i, 1]) for i in range(3)]] == [1, 2, 3]
        code = main(["report", str(ARTICLE), "--out", str(tmp_path), "--dask", cluster.scheduler_address])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "1 of 1 report(s) ready" in out.out
    assert len(list(tmp_path.glob("*/report.html"))) == 1
