"""One ingest at a time per extracted folder and per database: an exclusive lock (flock) on a
file beside each. The lock goes with the process: a killed ingest never leaves one held."""
from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .errors import IngestBusy


def lock_path(target: Path) -> Path:
    """`extracted/` → `extracted/.ingest.lock`; `data/vanban.db` → `data/.vanban.db.lock`."""
    return target / ".ingest.lock" if target.suffix != ".db" else target.with_name(f".{target.name}.lock")


@contextmanager
def exclusive(targets: list[Path], wait: bool = True, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock of each target (taken in one order, so two ingests cannot deadlock). When one
    is held by another process: wait for it (after calling `waiting` with a line saying so), or
    raise `IngestBusy` when `wait` is false."""
    paths = sorted({lock_path(t).resolve() for t in targets}, key=str)
    with ExitStack() as stack:
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            stack.callback(os.close, fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
                error = IngestBusy(path, holder)
                if not wait:
                    raise error from None
                if waiting:
                    waiting(error.waiting())
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
