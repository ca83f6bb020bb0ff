"""Worker processes that the batch can always stop: `supervised_map` runs each item in a child
process and kills the child when the item overruns its time, or sees it die, and starts a new one.

A signal (`limits.time_limit`) stops Python code and regular expressions, but not code stuck
inside a C library (a PDF or DOCX reader, a tagger), nor code outside the main thread; a killed
process stops whatever it was doing. The parent only waits on pipes and process handles, so it
notices an overrun within a few milliseconds.

Each worker is forked (it inherits what the parent has loaded, and the function it runs need not
be importable by name), runs `initializer` once before it takes an item, and is killed with the
parent (Linux: `PR_SET_PDEATHSIG`), so a `kill -9` of the batch leaves no worker holding the
ingest lock it inherited."""
from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
# after the time limit, how long a worker may take to stop by itself (its own signal-based limit
# gives the file a cleaner end and keeps the process and what it loaded) before it is killed
GRACE_SECONDS = 0.5
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class WorkerLost(Exception):
    """The worker process running an item died (killed for its memory, a crash in a C library)."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        super().__init__(f"tiến trình đọc tệp bị dừng đột ngột (mã thoát {exitcode})")


class Overran(Exception):
    """The worker running an item was killed after `seconds` (its time limit)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"tiến trình đọc tệp bị dừng sau {seconds:g} giây")


@dataclass
class _Worker:
    process: Any  # multiprocessing's (forked) Process
    conn: Connection
    ready: bool = False  # its initializer has run and it waits for an item
    index: int | None = None  # the item it runs
    deadline: float = float("inf")


@dataclass(frozen=True)
class _Raised:
    """An exception `fn` raised in the worker, raised again in the parent when its turn comes."""

    error: BaseException


class _Supervisor(Generic[T, R]):
    def __init__(self, fn: Callable[[T], R], items: Sequence[T], workers: int, timeout: float | None,
                 on_crash: Callable[[T, BaseException], R] | None, initializer: Callable[[], object] | None,
                 window: int) -> None:
        self.fn, self.items, self.size, self.timeout = fn, items, workers, timeout
        self.on_crash, self.initializer, self.window = on_crash, initializer, window
        self.context = multiprocessing.get_context("fork" if sys.platform != "win32" else None)
        self.workers: list[_Worker] = []
        self.results: dict[int, R | _Raised] = {}
        self.next_item = 0  # the first item not yet sent to a worker

    def run(self) -> Iterator[R]:
        try:
            for _ in range(self.size):
                self.workers.append(self._start())
            for index in range(len(self.items)):
                while index not in self.results:
                    self._dispatch(index)
                    self._step()
                result = self.results.pop(index)
                if isinstance(result, _Raised):
                    raise result.error
                yield result
        finally:
            self._stop()

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child, self.fn, self.initializer), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _dispatch(self, first_waiting: int) -> None:
        """Send items to idle workers, at most `window` ahead of the first result not yet yielded."""
        for worker in self.workers:
            if self.next_item >= min(len(self.items), first_waiting + self.window):
                return
            if worker.ready and worker.index is None:
                worker.index = self.next_item
                worker.deadline = time.monotonic() + self.timeout + GRACE_SECONDS if self.timeout else float("inf")
                worker.conn.send(self.items[self.next_item])
                self.next_item += 1

    def _step(self) -> None:
        """Wait for a message, a death or the next deadline, and act on it."""
        deadline = min(w.deadline for w in self.workers)
        handles: list[Any] = [w.conn for w in self.workers] + [w.process.sentinel for w in self.workers]
        wait(handles, timeout=max(0.0, deadline - time.monotonic()) if deadline != float("inf") else None)
        for n, worker in enumerate(self.workers):
            if worker.conn.poll():
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    message = None
                if message is not None:
                    self._received(worker, message)
                    continue
            if not worker.process.is_alive() or (worker.conn.closed or worker.deadline <= time.monotonic()):
                self._replace(n)

    def _received(self, worker: _Worker, message: tuple[str, Any]) -> None:
        kind, value = message
        if kind == "ready":
            worker.ready = True
            return
        assert worker.index is not None
        self.results[worker.index] = _Raised(value) if kind == "raised" else value
        worker.index, worker.deadline = None, float("inf")

    def _replace(self, n: int) -> None:
        """Kill worker `n` (overran, or already dead), give its item its outcome, start another."""
        worker = self.workers[n]
        overran = worker.process.is_alive()
        _kill(worker)
        if worker.index is not None:
            item = self.items[worker.index]
            error: BaseException = Overran(self.timeout or 0.0) if overran else WorkerLost(worker.process.exitcode)
            log.warning("%s; một tiến trình mới thay chỗ", error)
            if self.on_crash is None:
                self.results[worker.index] = _Raised(error)
            else:
                self.results[worker.index] = self.on_crash(item, error)
        elif not overran and not worker.ready:
            # died before it took any item (its initializer failed): do not start workers forever
            raise WorkerLost(worker.process.exitcode)
        self.workers[n] = self._start()

    def _stop(self) -> None:
        for worker in self.workers:
            if worker.process.is_alive() and worker.index is None:  # ready, or about to be
                with suppress(OSError):
                    worker.conn.send(None)  # a clean exit: let it flush what it logged
        for worker in self.workers:
            worker.process.join(1 if worker.index is None else 0)
            _kill(worker)
        self.workers = []


def _kill(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.conn.close()


def _serve(conn: Connection, fn: Callable[[Any], Any], initializer: Callable[[], object] | None) -> None:
    """A worker's life: die with the parent, ignore Ctrl-C (the parent stops the workers), set up,
    then run items until told to stop or the parent is gone."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()
    conn.send(("ready", None))
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        try:
            message: tuple[str, Any] = ("done", fn(item))
        except Exception as exc:
            message = ("raised", exc)
        try:
            conn.send(message)
        except Exception as exc:  # a result or an error that cannot be pickled
            conn.send(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl: a killed batch's workers end at their next item
        return
    if os.getppid() == 1:  # the parent died before prctl
        os._exit(1)


def supervised_map(fn: Callable[[T], R], items: Sequence[T], workers: int = 1, timeout: float | None = None,
                   on_crash: Callable[[T, BaseException], R] | None = None,
                   initializer: Callable[[], object] | None = None, window: int = 64) -> Iterator[R]:
    """`map(fn, items)` in order, each item in one of `workers` child processes.

    An item still running `timeout` seconds (+ `GRACE_SECONDS`) after it was handed over has its
    worker killed; an item whose worker dies gets the same treatment. Its result is then
    `on_crash(item, Overran | WorkerLost)` (without `on_crash`, that error is raised in its turn).
    The clock starts when the worker takes the item, after `initializer` has run. At most `window`
    items are handed out beyond the first result not yet yielded."""
    if not items:
        return iter(())
    return _Supervisor(fn, items, max(1, min(workers, len(items))), timeout, on_crash, initializer,
                       max(1, window)).run()
