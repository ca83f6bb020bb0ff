"""A hard time limit per file (issue 14): code stuck where a signal cannot reach it (inside a C
library, emulated here by blocking SIGALRM) is stopped by killing its worker process, within the
limit + 1 s, and the batch goes on with a new worker; a killed batch leaves no worker behind."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import OutOfTime
from pipeline.executors import run_map
from pipeline.limits import time_limit
from pipeline.workers import Overran, WorkerLost, supervised_map

from .conftest import DEV

STUCK = "stuck"
LIMIT = 0.5


def _like_c(seconds: float = 600) -> None:
    """Block for `seconds` the way a C library does: the time limit's signal never reaches Python."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        time.sleep(seconds)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})


def _read_a_silent_pipe() -> None:
    """`os.read` on a pipe nobody writes, with the time limit's signal blocked."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    reader, _writer = os.pipe()
    os.read(reader, 1)


def _work(item: str) -> str:
    if item == STUCK:
        _like_c()
    if item == "pipe":
        _read_a_silent_pipe()
    if item == "dies":
        os._exit(3)
    return item.upper()


def _with_soft_limit(item: str) -> str:
    """What ingest does: the signal-based limit first, the kill behind it."""
    with time_limit(LIMIT, item):
        return _work(item)


def _lost(item: str, error: BaseException) -> str:
    return f"{item}: {type(error).__name__}"


def test_the_signal_alone_cannot_stop_code_stuck_in_c() -> None:
    """Why the kill is needed: `time_limit` fires only once the stuck call has returned."""
    started = time.monotonic()
    with pytest.raises(OutOfTime), time_limit(0.2, "x"):
        _like_c(1.0)
    assert time.monotonic() - started >= 1.0


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("stuck", [STUCK, "pipe"])
def test_a_file_stuck_in_c_is_stopped_soon_after_the_limit(jobs: int, stuck: str) -> None:
    """A stuck file never returns by itself: its worker is killed a little after the limit. The margin is
    wide (a loaded CI machine took 1.7 s to fork, run 'a' and kill), so only a limit that fails can fail it."""
    items = ["a", stuck, "b", "c"]
    started = time.monotonic()
    got, when = [], []
    for result in run_map(_with_soft_limit, items, jobs=jobs, timeout=LIMIT, on_crash=_lost):
        got.append(result)
        when.append(time.monotonic() - started)
    assert got == ["A", f"{stuck}: Overran", "B", "C"]
    assert when[1] < LIMIT + 5


def test_one_job_with_a_time_limit_runs_in_a_worker_process() -> None:
    assert list(run_map(_pid, ["a", "b"], jobs=1, timeout=5)) != [os.getpid()] * 2
    assert list(run_map(_pid, ["a", "b"], jobs=1)) == [os.getpid()] * 2  # no limit: in this process


def _pid(item: str) -> int:
    return os.getpid()


@pytest.mark.parametrize(("bad", "error"), [("dies", WorkerLost), (STUCK, Overran)])
def test_without_on_crash_the_error_is_raised_in_its_turn(bad: str, error: type[Exception]) -> None:
    got = supervised_map(_work, ["a", bad, "b"], workers=2, timeout=0.2)
    assert next(got) == "A"
    with pytest.raises(error):
        next(got)


def test_an_exception_in_the_function_is_raised_in_the_parent() -> None:
    with pytest.raises(ZeroDivisionError):
        list(supervised_map(lambda n: 1 // n, [1, 0], workers=1))


def test_a_stuck_worker_is_killed_when_the_batch_stops_early() -> None:
    pids: list[int] = []
    got = supervised_map(_pid_or_stuck, ["slow", STUCK], workers=2)  # while "slow" runs, STUCK starts
    pids.append(next(got))
    stuck_pid = _wait_for_file_int(Path(os.environ.get("TMPDIR", "/tmp")) / f"vanban-stuck-{os.getpid()}")
    got.close()
    assert not _alive(stuck_pid)


def _pid_or_stuck(item: str) -> int:
    if item == "slow":
        time.sleep(0.5)
    if item == STUCK:
        (Path(os.environ.get("TMPDIR", "/tmp")) / f"vanban-stuck-{os.getppid()}").write_text(str(os.getpid()))
        _like_c()
    return os.getpid()


def _wait_for_file_int(path: Path, seconds: float = 10) -> int:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists() and path.read_text():
            value = int(path.read_text())
            path.unlink()
            return value
        time.sleep(0.02)
    raise AssertionError(f"{path} never written")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie is dead
        return f.read().split()[2] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_killed_batch_leaves_no_worker_holding_its_lock(tmp_path: Path) -> None:
    """Workers inherit the ingest lock (flock); one stuck in C outlived a `kill -9` of its batch
    and the next ingest waited for it."""
    marker = tmp_path / "worker.pid"
    script = textwrap.dedent(f"""
        import os, signal, time
        from pipeline.workers import supervised_map
        def stuck(item):
            open({str(marker)!r}, "w").write(str(os.getpid()))
            signal.pthread_sigmask(signal.SIG_BLOCK, {{signal.SIGALRM}})
            time.sleep(600)
        list(supervised_map(stuck, ["x"], workers=1, timeout=600))
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        worker = _wait_for_file_int(marker)
    finally:
        parent.kill()
        parent.wait()
    end = time.monotonic() + 5
    while _alive(worker) and time.monotonic() < end:
        time.sleep(0.05)
    assert not _alive(worker)


def test_ingest_stops_a_reader_stuck_in_c_and_keeps_the_others(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """`vanban ingest -j 1 --time-limit`: the stuck file gets one error line naming it, the batch
    goes on, and the database holds the other files."""
    import pipeline.ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("050_cv-vpcp.txt", "051_cv-cuc-thue.txt"):
        shutil.copy(DEV / name, corpus / name)
    (corpus / "stuck.txt").write_text("Sở Nội vụ chủ trì thực hiện.", "utf-8")
    real = pipeline.ingest.load

    def load(path, limits):  # type: ignore[no-untyped-def]
        if path.name == "stuck.txt":
            _like_c()
        return real(path, limits)

    monkeypatch.setattr(pipeline.ingest, "load", load)
    args = ["ingest", str(corpus), "--extracted", str(tmp_path / "ex"), "--db", str(tmp_path / "v.db"), "-s",
            "-j", "1", "--time-limit", "3"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "2 tệp đã đọc, 0 tệp không đổi, 1 tệp lỗi" in result.stderr
    assert f"lỗi: {corpus / 'stuck.txt'}: đã dừng sau 3 giây (giới hạn thời gian mỗi tệp)" in result.stderr
    assert "Traceback" not in result.output
    with sqlite3.connect(tmp_path / "v.db") as conn:
        assert [r[0] for r in conn.execute("select id from documents order by id")] == ["050_cv-vpcp", "051_cv-cuc-thue"]
        assert conn.execute("select kind from ingest_errors").fetchall() == [("TookTooLong",)]


@pytest.mark.slow  # a fresh interpreter loading the models: seconds
def test_warm_loads_what_the_first_file_would_pay_for() -> None:
    """A worker's warm-up (run before any file's time limit starts) loads the tagger's lexicon, the
    word list of multi-syllable words and the re-spacing word list: a forked fuzz chunk or an ingest
    worker charged 1-3 s of it to its first file that reached them ('took 1.28 s' in `make fuzz`).
    What it loaded is then frozen out of the garbage collector's generations (a full collection
    walked the models every time)."""
    code = textwrap.dedent("""
        import gc
        from pipeline.ingest import _warm
        from pipeline.extract import nlp
        from pipeline.normalize import respace
        _warm()
        lexicon = nlp.lexicon()
        frozen = gc.get_freeze_count()
        print(nlp.lexicon.cache_info().currsize, nlp.dictionary.cache_info().currsize,
              respace.lexicon.cache_info().currsize, frozen > len(lexicon),
              any(o is lexicon for o in gc.get_objects()))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=120)
    assert done.stdout.split() == ["1", "1", "1", "True", "False"]
