"""CPU time per stage: read, normalise, structure, each extractor, JSON, schema check, store.

The large stages are timed directly (CPU time of `read`, `structure`, `extract`, `to_json`,
`validate`, `store.build`), so their numbers are free of profiler overhead. One cProfile pass
then only splits a timed group into its parts (the reader vs `normalize`; each extractor
that `extract` calls, found by name, so a new extractor shows up without touching this file),
and lists the hot spots."""
from __future__ import annotations

import cProfile
import os
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any

from ..extract import extract
from ..extracted import to_json, validate
from ..ingest import extract_file
from ..load import load
from ..structure import structure


def timed_stages(paths: list[Path]) -> tuple[dict[str, float], int, int, dict[str, float]]:
    """Direct CPU seconds per stage over `paths`; text bytes; documents that failed; seconds per document."""
    t = {"read + normalise": 0.0, "structure": 0.0, "structure + extractors": 0.0, "json": 0.0,
         "validate schema": 0.0}
    size, failed, per_doc = 0, 0, {}
    for path in paths:
        try:
            c0 = time.process_time()
            doc = load(path)
            c1 = time.process_time()
            structure(doc)
            c2 = time.process_time()
            ex = extract(doc)
            c3 = time.process_time()
            record = to_json(ex)
            c4 = time.process_time()
            validate(record)
            c5 = time.process_time()
        except Exception:  # counted, not timed: the bench measures the documents the pipeline can do
            failed += 1
            continue
        for name, seconds in zip(t, (c1 - c0, c2 - c1, c3 - c2, c4 - c3, c5 - c4), strict=True):
            t[name] += seconds
        size += len(doc.text.encode("utf-8"))
        per_doc[path.name] = c5 - c0 - (c2 - c1)  # structure was run twice: once alone, once in extract
    t["extractors"] = max(0.0, t.pop("structure + extractors") - t["structure"])
    return t, size, failed, per_doc


# (module file suffix, function) whose direct callees split a timed group
_PARENTS = (("pipeline/load.py", "load"), ("pipeline/extract/__init__.py", "extract"))


def _part_of(parent: str, callee: tuple[str, int, str]) -> str | None:
    filename, _, func = callee
    if parent == "load":
        return "normalise" if func == "normalize" else "read"
    if func == "structure" or "pipeline/" not in filename.replace(os.sep, "/"):
        return None
    return f"extract: {func.removeprefix('find_')}"


def profile(paths: list[Path]) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Profiled cumulative seconds of the parts of `load` and `extract`, and the top functions by own time."""
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for p in paths:
        extract_file(p)
    profiler.disable()
    raw: dict[tuple[str, int, str], Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    parents = {key: func for key in raw for suffix, func in _PARENTS
               if key[2] == func and key[0].replace(os.sep, "/").endswith(suffix)}
    parts: dict[str, float] = {}
    for callee, (_, _, _, _, callers) in raw.items():
        for caller, (_, _, _, cumulative) in callers.items():
            name = _part_of(parents[caller], callee) if caller in parents else None
            if name:
                parts[name] = parts.get(name, 0.0) + cumulative
    hot = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:12]
    hotspots = [{"function": f"{_short(k[0])}:{k[1]}({k[2]})", "own_s": round(v[2], 4),
                 "cumulative_s": round(v[3], 4), "calls": v[1]} for k, v in hot]
    return parts, hotspots


def _split(total: float, parts: dict[str, float]) -> dict[str, float]:
    whole = sum(parts.values())
    return {k: total * v / whole for k, v in parts.items()} if whole > 0 else {}


def stage_seconds(paths: list[Path]) -> dict[str, Any]:
    """CPU seconds per stage (store included), extraction MB/s per core, and the hot spots."""
    timed, size, failed, per_doc = timed_stages(paths)
    parts, hotspots = profile(paths)
    reading = _split(timed.pop("read + normalise"), {k: parts.get(k, 0.0) for k in ("read", "normalise")})
    extractors = _split(timed["extractors"], {k: v for k, v in parts.items() if k.startswith("extract: ")})
    seconds = {**reading, "structure": timed["structure"]}
    seconds.update(extractors or {"extractors": timed["extractors"]})
    seconds.update({"json": timed["json"], "validate schema": timed["validate schema"], "store": time_store(paths)})
    extraction = timed["structure"] + timed["extractors"]
    return {
        "seconds": seconds, "text_mb": size / 1e6, "failed": failed,
        # citation + deadline + obligation extraction (with the structure they need), per core
        "extract_mb_per_s": size / 1e6 / extraction if extraction > 0 else None,
        "hotspots": hotspots,
        "slowest_documents": dict(sorted(per_doc.items(), key=lambda kv: -kv[1])[:5]),
    }


def time_store(paths: list[Path]) -> float:
    """CPU seconds to build the database from the JSON records of `paths` (as `vanban ingest` does)."""
    from .. import store
    from ..resolve import resolve

    records = [o.record for o in map(extract_file, paths) if o.record]
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        started = time.process_time()
        store.build(resolve(records), Path(tmp) / "bench.db")
        return time.process_time() - started


def _short(filename: str) -> str:
    filename = filename.replace(os.sep, "/")
    for marker in ("/pipeline/", "/site-packages/", "/lib/python"):
        if marker in filename:
            return filename[filename.index(marker) + 1 :]
    return filename
