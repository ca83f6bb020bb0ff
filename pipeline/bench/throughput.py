"""Throughput: `vanban extract` end to end (in process and as a command) and the bare pdfplumber baseline."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..ingest import extract_file
from .corpus import PdfInput

MB = 1_000_000
# the `vanban` command, as its console script runs it
VANBAN = (sys.executable, "-c", "from pipeline.cli import main; main()")


@dataclass(frozen=True)
class Timed:
    seconds: float  # wall clock
    cpu_seconds: float  # CPU time of this process: what one core spent, whatever else the machine runs
    text_bytes: int  # UTF-8 bytes of the normalised text of the documents that were extracted
    documents: int
    failed: int
    first_error: str | None = None


def extract_in_process(paths: list[Path], repeat: int = 1) -> Timed:
    """Best of `repeat` passes of `extract_file` over `paths` in this process (one core)."""
    best, best_cpu, size, failed, errors = float("inf"), float("inf"), 0, 0, []
    for _ in range(max(1, repeat)):
        started, cpu = time.perf_counter(), time.process_time()
        outcomes = [extract_file(p) for p in paths]
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        size = sum(len(o.record["text"].encode("utf-8")) for o in outcomes if o.record)
        errors = [o.error for o in outcomes if o.error]
        failed = sum(1 for o in outcomes if o.record is None)
    return Timed(best, best_cpu, size, len(paths), failed, errors[0] if errors else None)


def pdfplumber_baseline(pdfs: list[PdfInput], repeat: int = 1) -> tuple[float, float]:
    """Best of `repeat` passes of bare `pdfplumber` `extract_text` over every page: wall, CPU seconds."""
    import pdfplumber

    best, best_cpu = float("inf"), float("inf")
    for _ in range(max(1, repeat)):
        started, cpu = time.perf_counter(), time.process_time()
        for item in pdfs:
            with pdfplumber.open(item.path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.close()
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best, best_cpu


def cli_extract(paths: list[Path], jobs: int) -> dict[str, Any]:
    """Run `vanban extract` in a child process: wall seconds and peak memory (RSS) of the child."""
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as out, tempfile.TemporaryFile("w+") as err:
        cmd = [*VANBAN, "extract", *(str(p.resolve()) for p in paths), "--out", out, "-j", str(jobs)]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=out)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        written = len(list(Path(out).glob("*.json")))
        err.seek(0)
        errors = [line for line in err.read().splitlines() if line.startswith("error:")]
    return {
        "seconds": seconds,
        "documents": len(paths),
        "written": written,
        "exit_code": proc.returncode,
        "errors": errors[:5],
        # the largest resident set of the command or any of its worker processes (Linux: kilobytes)
        "peak_rss_mb": usage.ru_maxrss / 1024,
    }


def children_peak_rss_mb() -> float:
    """Largest resident set of any finished child process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def self_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
