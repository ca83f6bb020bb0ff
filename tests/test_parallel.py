"""Parallel extraction gives byte-identical output to one job, on every executor."""
from __future__ import annotations

import os
from concurrent.futures import Future
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.executors import ExecutorUnavailable, _in_order, run_map

from .conftest import DEV

# one document per reader: plain text, DOCX, DOC (antiword) and a PDF text layer
MIXED = ("039_kl-212-tw.txt", "065_tbkl-cao-toc-lam-dong.docx", "071_cv-trien-khai-cd-131-binh-thuan.doc",
         "d004_the-le-cuoc-thi-doan-truong-dh-mo-ha-noi-2020.pdf", "kh-qcdc-tinhdoan-2023.txt")


def _extract(tmp: Path, jobs: int) -> dict[str, bytes]:
    out = tmp / f"j{jobs}"
    result = CliRunner().invoke(main, ["extract", *(str(DEV / n) for n in MIXED), "--out", str(out), "-j", str(jobs)])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.json"))}


def test_two_jobs_write_byte_identical_json(tmp_path: Path) -> None:
    one, two = _extract(tmp_path, 1), _extract(tmp_path, 2)
    assert sorted(one) == sorted(Path(n).stem + ".json" for n in MIXED)
    assert one == two


def test_process_pool_keeps_input_order() -> None:
    items = ["ba", "c", "dddd", "", "ee"] * 3
    assert list(run_map(len, items, jobs=2)) == [2, 1, 4, 0, 2] * 3


def test_no_more_than_a_window_of_documents_is_in_flight() -> None:
    submitted: list[int] = []

    def submit(x: int) -> Future[int]:
        future: Future[int] = Future()
        future.set_result(x * 2)
        submitted.append(x)
        return future

    out: list[int] = []
    for result in _in_order(submit, range(10), window=3):
        assert len(submitted) - len(out) <= 3
        out.append(result)
    assert out == [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]


def test_unknown_executor_is_a_named_error() -> None:
    with pytest.raises(ExecutorUnavailable, match="không có nơi chạy 'spark'"):
        list(run_map(len, ["a"], executor="spark"))


@pytest.mark.slow
def test_ingest_with_dask_executor_matches_local_and_fills_the_database(tmp_path: Path) -> None:
    """One Dask LocalCluster (it starts worker processes that load the models: seconds): the JSON an
    ingest on it writes is byte-identical to a one-job local run's, and its database holds every file."""
    pytest.importorskip("dask.distributed")
    import shutil
    import sqlite3

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in MIXED[:3]:
        shutil.copy(DEV / name, corpus)

    def ingest(name: str, *executor: str) -> dict[str, bytes]:
        args = ["ingest", str(corpus), "--extracted", str(tmp_path / name), "--db", str(tmp_path / f"{name}.db"),
                "-s", *executor]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "3 tệp đã đọc, 0 tệp không đổi, 0 tệp lỗi" in result.stderr
        with sqlite3.connect(tmp_path / f"{name}.db") as conn:
            assert conn.execute("select count(*) from documents").fetchone()[0] == 3
        return {p.name: p.read_bytes() for p in sorted((tmp_path / name).glob("[!.]*.json"))}  # not .manifest.json

    local = ingest("local", "-j", "1")
    assert sorted(local) == sorted(Path(n).stem + ".json" for n in MIXED[:3])
    assert ingest("dask", "-j", "2", "--executor", "dask") == local


def _dies_on_three(n: int) -> int:
    if n == 3:
        os._exit(1)  # a worker killed (out of memory, a crash in a C library)
    return n * 10


def test_a_dying_worker_costs_one_item_not_the_batch() -> None:
    """A worker process that died broke the process pool: the whole batch stopped with a traceback."""
    got = list(run_map(_dies_on_three, list(range(8)), jobs=2, on_crash=lambda n, exc: -n))
    assert got == [0, 10, 20, -3, 40, 50, 60, 70]
