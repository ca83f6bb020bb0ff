"""Where a batch of per-document work runs: this process, a local process pool, or a Dask cluster.

Extraction of one document is a pure function of its bytes, so every executor gives the same
results in the same order; they differ only in where the work runs. `dask` starts a
`LocalCluster` on this machine, or joins the cluster named by the standard Dask setting
`scheduler-address` (environment variable `DASK_SCHEDULER_ADDRESS`): the workers then need
the same files at the same paths (a shared file system) and vanban installed."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from .errors import VanbanError

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
EXECUTORS = ("local", "dask")
# documents in flight on a Dask cluster at once, per worker (bounds memory for huge batches)
DASK_WINDOW_PER_WORKER = 64


class ExecutorUnavailable(VanbanError):
    """The chosen executor cannot run here (e.g. Dask is not installed)."""


def run_map(fn: Callable[[T], R], items: Sequence[T], jobs: int = 1, executor: str = "local") -> Iterator[R]:
    """`map(fn, items)` in order, on `jobs` workers of `executor`."""
    if executor == "dask":
        yield from dask_map(fn, items, jobs)
    elif executor != "local":
        raise ExecutorUnavailable(f"unknown executor {executor!r} — choose one of {', '.join(EXECUTORS)}")
    elif jobs <= 1 or len(items) <= 1:
        yield from map(fn, items)
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(items))) as pool:
            yield from pool.map(fn, items, chunksize=1)


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
        window = DASK_WINDOW_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        pending: list[Any] = []
        next_item = 0
        while next_item < len(items) or pending:
            while next_item < len(items) and len(pending) < window:
                pending.append(client.submit(fn, items[next_item], pure=False))
                next_item += 1
            future = pending.pop(0)
            yield future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
