"""Where a batch of per-document work runs: this process, a local process pool, or a Dask cluster.

Extraction of one document is a pure function of its bytes, so every executor gives the same
results in the same order; they differ only in where the work runs. `dask` starts a
`LocalCluster` on this machine, or joins the cluster named by the standard Dask setting
`scheduler-address` (environment variable `DASK_SCHEDULER_ADDRESS`): the workers then need
the same files at the same paths (a shared file system) and vanban installed."""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from .errors import VanbanError

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
EXECUTORS = ("local", "dask")
# documents submitted ahead, per worker: enough to keep workers busy, few enough that a batch of
# a million files does not hold a million pending results in memory
WINDOW_PER_WORKER = 64


class ExecutorUnavailable(VanbanError):
    """The chosen executor cannot run here (e.g. Dask is not installed)."""


def run_map(fn: Callable[[T], R], items: Sequence[T], jobs: int = 1, executor: str = "local",
            on_crash: Callable[[T, BaseException], R] | None = None) -> Iterator[R]:
    """`map(fn, items)` in order, on `jobs` workers of `executor`.

    With local processes, a worker that dies (killed for its memory, a crash in a C library) is
    replaced: `on_crash(item, error)` stands for the result of the item it was running, and the
    batch goes on (without `on_crash`, the error is raised)."""
    if executor == "dask":
        yield from dask_map(fn, items, jobs)
    elif executor != "local":
        raise ExecutorUnavailable(f"unknown executor {executor!r} — choose one of {', '.join(EXECUTORS)}")
    elif jobs <= 1 or len(items) <= 1:
        yield from map(fn, items)
    else:
        yield from _pool_map(fn, items, min(jobs, len(items)), on_crash)


def _pool_map(fn: Callable[[T], R], items: Sequence[T], workers: int,
              on_crash: Callable[[T, BaseException], R] | None) -> Iterator[R]:
    done = 0  # items whose results were yielded
    window = WINDOW_PER_WORKER * workers
    while done < len(items):
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for result in _in_order(lambda item: pool.submit(fn, item), items[done:], window):
                    done += 1
                    yield result
        except BrokenProcessPool as exc:
            if on_crash is None:
                raise
            # every item in flight failed with the pool: run them one by one to find the one that kills
            log.warning("a worker process died (%s); the files in flight are read again one by one", exc)
            for item in items[done : done + window]:
                with ProcessPoolExecutor(max_workers=1) as solo:
                    try:
                        result = solo.submit(fn, item).result()
                    except BrokenProcessPool as died:
                        result = on_crash(item, died)
                done += 1
                yield result


def dask_map(fn: Callable[[T], R], items: Sequence[T], workers: int) -> Iterator[R]:
    """Run `fn` over `items` on a Dask cluster, yielding results in the order of `items`."""
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ExecutorUnavailable("Dask is not installed — pip install 'vanban[scale]'") from exc
    address = dask.config.get("scheduler-address", None)
    cluster: Any = None
    if address:
        client = Client(address)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    log.info("dask: %s", client)
    try:
        window = WINDOW_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        yield from _in_order(lambda item: client.submit(fn, item, pure=False), items, window)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _in_order(submit: Callable[[T], Any], items: Sequence[T], window: int) -> Iterator[Any]:
    """Results of `submit(item)` futures in the order of `items`, with at most `window` in flight."""
    pending: deque[Any] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
