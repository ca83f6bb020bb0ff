"""How the pipeline scales: re-ingest of an unchanged corpus, and time against corpus size."""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from ..ingest import run_batch
from .corpus import edited_copies
from .throughput import MB, VANBAN


def _ingest(corpus: Path, work: Path, jobs: int) -> dict[str, Any]:
    cmd = [*VANBAN, "ingest", str(corpus), "--extracted", str(work / "extracted"), "--db", str(work / "v.db"),
           "-s", "-j", str(jobs)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    return {"seconds": time.perf_counter() - started, "exit_code": proc.returncode,
            "summary": (proc.stderr.strip().splitlines() or [""])[-1]}


def reingest(sources: list[Path], count: int, jobs: int) -> dict[str, Any]:
    """`vanban ingest` twice over `count` edited copies: the second run has nothing to extract.

    Both runs are whole `vanban ingest` commands (interpreter start-up included)."""
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        work = Path(tmp)
        edited_copies(sources, count, work / "corpus")
        first = _ingest(work / "corpus", work, jobs)
        second = _ingest(work / "corpus", work, jobs)
    return {"documents": count, "jobs": jobs, "first": first, "unchanged": second}


def growth(sources: list[Path], factors: tuple[int, ...]) -> dict[str, Any]:
    """Extraction seconds (one process) over 1×, 4×, 16× … the `.txt` files of `sources`.

    Linear growth means the seconds per MB stay flat; `ratio` is the largest corpus's seconds
    per MB over the smallest's (1.0 = perfectly linear)."""
    base = sum(1 for p in sources if p.suffix.lower() == ".txt")
    rows = []
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        for factor in factors:
            paths = edited_copies(sources, base * factor, Path(tmp) / f"x{factor}")
            size = sum(os.path.getsize(p) for p in paths)
            started = time.perf_counter()
            failed = sum(1 for o in run_batch(paths, 1) if o.record is None)
            seconds = time.perf_counter() - started
            rows.append({"factor": factor, "documents": len(paths), "mb": size / MB, "seconds": seconds,
                         "s_per_mb": seconds / (size / MB), "failed": failed})
    ratio = rows[-1]["s_per_mb"] / rows[0]["s_per_mb"] if rows else float("nan")
    return {"rows": rows, "ratio": ratio}
