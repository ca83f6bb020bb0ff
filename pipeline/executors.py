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
from typing import Any, TypeVar

from .errors import VanbanError
from .workers import supervised_map

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
            on_crash: Callable[[T, BaseException], R] | None = None, timeout: float | None = None,
            initializer: Callable[[], object] | None = None) -> Iterator[R]:
    """`map(fn, items)` in order, on `jobs` workers of `executor`.

    Local work runs in worker processes (`workers.py`) when there are several jobs or a
    `timeout`: a worker that dies (killed for its memory, a crash in a C library) or that is still
    on an item `timeout` seconds after it took it is killed and replaced, `on_crash(item, error)`
    (`workers.WorkerLost` or `workers.Overran`) stands for that item's result, and the batch goes
    on (without `on_crash`, the error is raised). `initializer` runs once in each new worker,
    before its clock starts. One job and no timeout: the items run in this process. Dask leaves
    the timeout to the function (`limits.time_limit`)."""
    if executor == "dask":
        yield from dask_map(fn, items, jobs)
    elif executor != "local":
        raise ExecutorUnavailable(f"không có nơi chạy {executor!r} — chọn một trong {', '.join(EXECUTORS)}")
    elif (jobs <= 1 or len(items) <= 1) and not timeout:
        yield from map(fn, items)
    else:
        yield from supervised_map(fn, items, jobs, timeout, on_crash, initializer, WINDOW_PER_WORKER * max(1, jobs))


def dask_map(fn: Callable[[T], R], items: Sequence[T], workers: int) -> Iterator[R]:
    """Run `fn` over `items` on a Dask cluster, yielding results in the order of `items`."""
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ExecutorUnavailable("chưa cài Dask — pip install 'vanban[scale]'") from exc
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
