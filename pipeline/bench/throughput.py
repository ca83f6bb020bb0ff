"""Throughput: `vanban extract` end to end, the bare pdfplumber baseline, and time per stage.

Stage times come from one cProfile pass (which finds the extractors by what `extract` calls,
so a new extractor shows up without touching this file), scaled to the unprofiled wall time."""
from __future__ import annotations

import cProfile
import os
import pstats
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
    seconds: float
    text_bytes: int  # UTF-8 bytes of the normalised text of the documents that were extracted
    documents: int
    failed: int


def extract_in_process(paths: list[Path], repeat: int = 1) -> Timed:
    """Best of `repeat` passes of `extract_file` over `paths` in this process (one core)."""
    best, size, failed = float("inf"), 0, 0
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        outcomes = [extract_file(p) for p in paths]
        best = min(best, time.perf_counter() - started)
        size = sum(len(o.record["text"].encode("utf-8")) for o in outcomes if o.record)
        failed = sum(1 for o in outcomes if o.record is None)
    return Timed(best, size, len(paths), failed)


def pdfplumber_baseline(pdfs: list[PdfInput], repeat: int = 1) -> float:
    """Best of `repeat` passes of bare `pdfplumber` `extract_text` over every page."""
    import pdfplumber

    best = float("inf")
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        for item in pdfs:
            with pdfplumber.open(item.path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.close()
        best = min(best, time.perf_counter() - started)
    return best


def cli_extract(paths: list[Path], jobs: int) -> dict[str, Any]:
    """Run `vanban extract` in a child process: wall seconds and peak memory (RSS) of the child."""
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as out, tempfile.TemporaryFile("w+") as err:
        cmd = [*VANBAN, "extract", *map(str, paths), "--out", out, "-j", str(jobs)]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
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


# ------------------------------------------------------------------ stages

# (module file suffix, function) whose direct calls are the stages, and how each callee is named
_PARENTS = (
    ("pipeline/read/__init__.py", "read"),
    ("pipeline/extract/__init__.py", "extract"),
    ("pipeline/ingest.py", "extract_file"),
)
_NAMED = {"build_document": "normalise", "structure": "structure", "to_json": "json", "validate": "validate schema"}


def _stage_of(parent: str, callee: tuple[str, int, str]) -> str:
    filename, _, func = callee
    if func in _NAMED:
        return _NAMED[func]
    if parent == "read":
        return "read"
    if parent == "extract" and "pipeline/" in filename.replace(os.sep, "/"):
        return f"extract: {func.removeprefix('find_')}"
    if parent == "extract":
        return "extract: other"
    return ""  # extract_file calling read/extract: counted through their own children


def profile_stages(paths: list[Path]) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Cumulative profiled seconds per stage, and the top functions by own time (hot spots)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for p in paths:
        extract_file(p)
    profiler.disable()
    stats = pstats.Stats(profiler)
    raw: dict[tuple[str, int, str], Any] = stats.stats  # type: ignore[attr-defined]
    parents = {
        key: func for key in raw for suffix, func in _PARENTS
        if key[2] == func and key[0].replace(os.sep, "/").endswith(suffix)
    }
    stages: dict[str, float] = {}
    for callee, (_, _, _, _, callers) in raw.items():
        for caller, (_, _, _, cumulative) in callers.items():
            if caller in parents:
                name = _stage_of(parents[caller], callee)
                if name:
                    stages[name] = stages.get(name, 0.0) + cumulative
    total = sum(v[3] for k, v in raw.items() if k in parents and parents[k] == "extract_file")
    stages["total"] = total
    hot = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:12]
    hotspots = [
        {"function": f"{_short(k[0])}:{k[1]}({k[2]})", "own_s": round(v[2], 4), "cumulative_s": round(v[3], 4),
         "calls": v[1]}
        for k, v in hot
    ]
    return stages, hotspots


def _short(filename: str) -> str:
    filename = filename.replace(os.sep, "/")
    for marker in ("/pipeline/", "/site-packages/", "/lib/python"):
        if marker in filename:
            return filename[filename.index(marker) + 1 :]
    return filename


def time_store(paths: list[Path]) -> float:
    """Seconds to build the database from the JSON records of `paths` (as `vanban ingest` does)."""
    from .. import store

    records = [o.record for o in map(extract_file, paths) if o.record]
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        started = time.perf_counter()
        store.build(records, Path(tmp) / "bench.db")
        return time.perf_counter() - started
