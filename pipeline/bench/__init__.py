"""`vanban bench`: speed and memory of the pipeline, against the targets of issue 8.

Every section runs on its own: one that fails (a stage being rewritten, a missing engine) is
reported as an error in the results and the others still run."""
from __future__ import annotations

import json
import logging
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from .corpus import corpus_files, text_layer_pdfs
from .datasette_page import bench_obligations_page
from .growth import growth, one_document, reingest
from .stages import stage_seconds
from .throughput import (
    MB,
    cli_extract,
    extract_in_process,
    pdfplumber_baseline,
    self_peak_rss_mb,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BenchOptions:
    corpus: Path  # the shared corpus folder, with dev/ and formats/
    out_dir: Path = Path("bench/results")
    jobs: int = 0  # processes for the parallel runs (0 = all cores)
    reingest_docs: int = 1000
    growth_factors: tuple[int, ...] = (1, 4, 16)
    document_mb: tuple[float, ...] = (1, 8)  # one document of each size (issue 14)
    obligations: int = 100_000
    repeat: int = 3  # passes of the in-process timings (best one kept)


QUICK = {"reingest_docs": 20, "growth_factors": (1, 2), "obligations": 2_000, "repeat": 1, "document_mb": (0.1, 0.2)}


def run(opts: BenchOptions, progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    jobs = opts.jobs if opts.jobs > 0 else (os.cpu_count() or 1)
    dev = corpus_files(opts.corpus / "dev")
    pdfs = text_layer_pdfs(opts.corpus / "formats")
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"), "version": __version__,
        "python": platform.python_version(), "cpus": os.cpu_count(), "jobs": jobs,
        "inputs": {"dev_documents": len(dev), "pdfs": [p.path.name for p in pdfs],
                   "pdf_pages": sum(p.pages for p in pdfs)},
    }

    def section(name: str, fn: Callable[[], Any]) -> None:
        progress(name)
        started = time.perf_counter()
        try:
            results[name] = fn()
        except Exception as exc:  # a stage under construction must not stop the other measures
            log.warning("phép đo %s bị lỗi", name, exc_info=True)
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
        log.info("bench %s: %.1f s", name, time.perf_counter() - started)

    section("pdf", lambda: _pdf(pdfs, opts.repeat))
    section("dev", lambda: _dev(dev, jobs, opts.repeat))
    section("stages", lambda: stage_seconds(dev))
    section("reingest", lambda: reingest(dev, opts.reingest_docs, jobs))
    section("growth", lambda: growth(dev, opts.growth_factors))
    section("one_document", lambda: one_document(dev, opts.document_mb))
    section("datasette", lambda: bench_obligations_page(opts.obligations, corpus=opts.corpus / "dev"))
    section("ocr", lambda: _ocr(opts.corpus / "formats"))
    results["bench_peak_rss_mb"] = self_peak_rss_mb()
    results["targets"] = targets(results)
    return results


def _pdf(pdfs: list[Any], repeat: int) -> dict[str, Any]:
    if not pdfs:
        raise ValueError("no text-layer PDF in corpus/formats")
    paths = [p.path for p in pdfs]
    pages = sum(p.pages for p in pdfs)
    warm = extract_in_process(paths, repeat)
    plumber, plumber_cpu = pdfplumber_baseline(pdfs, repeat)
    cold = cli_extract(paths, 1)
    return {
        "documents": len(pdfs), "pages": pages, "file_mb": sum(p.size for p in pdfs) / MB,
        "vanban_s": warm.seconds, "vanban_cpu_s": warm.cpu_seconds, "pages_per_s": pages / warm.cpu_seconds,
        "text_mb_per_s": warm.text_bytes / MB / warm.cpu_seconds,
        "pdfplumber_s": plumber, "pdfplumber_cpu_s": plumber_cpu, "pdfplumber_pages_per_s": pages / plumber_cpu,
        "ratio": warm.cpu_seconds / plumber_cpu, "wall_ratio": warm.seconds / plumber,
        # the whole `vanban extract` command, interpreter start-up and imports included
        "cli": cold, "cli_ratio": cold["seconds"] / plumber, "failed": warm.failed, "first_error": warm.first_error,
    }


def _dev(dev: list[Path], jobs: int, repeat: int) -> dict[str, Any]:
    warm = extract_in_process(dev, repeat)
    one = cli_extract(dev, 1)
    many = cli_extract(dev, jobs)
    mb = warm.text_bytes / MB
    return {
        "documents": len(dev), "text_mb": mb, "in_process_s": warm.seconds, "in_process_cpu_s": warm.cpu_seconds,
        "mb_per_s_per_core": mb / warm.cpu_seconds,
        "cli_j1": one, "cli_j1_mb_per_s": mb / one["seconds"], "cli_jobs": many, "cli_jobs_mb_per_s": mb / many["seconds"],
        "failed": warm.failed, "first_error": warm.first_error,
    }


def _ocr(formats: Path, pages: int = 2) -> dict[str, Any]:
    """OCR seconds per page on a scanned PDF, timed by the OCR module itself (`seconds_per_page`)."""
    try:
        from ..read import ocr
    except ImportError:
        return {"skipped": "no pipeline/read/ocr.py"}
    timing = getattr(ocr, "seconds_per_page", None)
    if not callable(timing):
        return {"skipped": "pipeline/read/ocr.py has no seconds_per_page()"}
    scans = sorted(formats.glob("*-scanned.pdf"))
    if not scans:
        return {"skipped": f"no *-scanned.pdf in {formats}"}
    return {"pdf": scans[0].name, "pages": pages, "seconds_per_page": timing(scans[0], pages=pages)}


def targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 8: the measured value and whether it is met (None: not measured)."""

    def get(*keys: str) -> Any:
        node: Any = r
        for k in keys:
            node = node.get(k) if isinstance(node, dict) else None
        return node

    peak = max((v for v in (get("dev", "cli_j1", "peak_rss_mb"), get("pdf", "cli", "peak_rss_mb")) if v),
               default=None)
    # the sizes the ratios were measured at (`--quick` measures smaller ones than `make bench`)
    factors = [row["factor"] for row in get("growth", "rows") or []] or [1, BenchOptions.growth_factors[-1]]
    sizes = [row["mb"] for row in get("one_document", "rows") or []] or list(BenchOptions.document_mb)
    rows = [
        ("extraction MB/s of text per core", get("stages", "extract_mb_per_s"), ">=", 1.0),
        ("end-to-end MB/s per core (dev, in process)", get("dev", "mb_per_s_per_core"), ">=", 1.0),
        ("peak memory MB (vanban extract)", peak, "<", 1024.0),
        ("re-ingest unchanged s", get("reingest", "unchanged", "seconds"), "<", 3.0),
        (f"growth s/MB ratio {factors[-1]}x/{factors[0]}x", get("growth", "ratio"), "<=", 1.25),
        (f"one document s/MB ratio {sizes[-1]:.2g} MB/{sizes[0]:.2g} MB", get("one_document", "ratio"), "<=", 1.5),
        ("PDF time / pdfplumber", get("pdf", "ratio"), "<=", 1.0),
        ("Datasette p95 ms", get("datasette", "p95_ms"), "<", 300.0),
    ]
    out = []
    for name, value, op, limit in rows:
        ok = None if value is None else {"<": value < limit, "<=": value <= limit, ">=": value >= limit}[op]
        out.append({"target": name, "value": value, "goal": f"{op} {limit:g}", "met": ok})
    return out


def save(results: dict[str, Any], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = results["started"].replace(":", "").replace("-", "")[:15]
    path = out_dir / f"bench-{stamp}.json"
    text = json.dumps(results, ensure_ascii=False, indent=1, default=str)
    path.write_text(text, "utf-8")
    (out_dir / "latest.json").write_text(text, "utf-8")
    return path
