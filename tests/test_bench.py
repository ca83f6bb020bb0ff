"""Smoke checks of the benchmark's parts (the full `make bench` run takes minutes)."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from pipeline.bench import BenchOptions, targets
from pipeline.bench.corpus import corpus_files, edited_copies, text_layer_pdfs
from pipeline.bench.report import table
from pipeline.bench.stages import stage_seconds
from pipeline.ingest import extract_file

from .conftest import DEV, FORMATS, first_pages, free_formats


def test_only_pdfs_with_a_text_layer_are_benchmarked(tmp_path: Path) -> None:
    names = {p.path.name for p in text_layer_pdfs(free_formats(tmp_path))}
    assert names == {"vbai_bc-cchc-2025-lam-dong.pdf"}


def test_scans_are_left_out_by_their_missing_text_not_only_by_name(tmp_path: Path) -> None:
    # with no name excluded, the signed scans still have no text layer
    names = {p.path.name for p in text_layer_pdfs(free_formats(tmp_path), exclude=())}
    assert not any(n.startswith("smartdocs_") for n in names)
    assert "vbai_cv-4409-bca-scanned.pdf" not in names


def test_edited_copies_are_distinct_documents(tmp_path: Path) -> None:
    sources = [DEV / "039_kl-212-tw.txt", DEV / "065_tbkl-cao-toc-lam-dong.docx", DEV / "kh-qcdc-tinhdoan-2023.txt"]
    copies = edited_copies(sources, 5, tmp_path)
    assert [p.name for p in copies] == [
        "00000_039_kl-212-tw.txt", "00001_kh-qcdc-tinhdoan-2023.txt", "00002_039_kl-212-tw.txt",
        "00003_kh-qcdc-tinhdoan-2023.txt", "00004_039_kl-212-tw.txt",
    ]
    assert len({p.read_bytes() for p in copies}) == 5
    original = (DEV / "039_kl-212-tw.txt").read_text("utf-8").rstrip("\n")
    assert copies[2].read_text("utf-8") == original + "\n(Bản sao số 3 dùng để đo hiệu năng.)\n"


def test_stage_times_name_every_stage() -> None:
    result = stage_seconds([DEV / "039_kl-212-tw.txt", DEV / "065_tbkl-cao-toc-lam-dong.docx"])
    stages = result["seconds"]
    assert {"read", "normalise", "structure", "json", "validate schema", "store"} <= set(stages)
    assert {"extract: citations", "extract: deadlines", "extract: obligations"} <= set(stages)
    assert all(v >= 0 for v in stages.values()) and result["failed"] == 0
    assert result["extract_mb_per_s"] > 0 and len(result["hotspots"]) == 12
    assert sorted(result["slowest_documents"]) == ["039_kl-212-tw.txt", "065_tbkl-cao-toc-lam-dong.docx"]


def test_targets_are_judged_against_their_goals() -> None:
    results = {"stages": {"extract_mb_per_s": 0.5}, "dev": {"mb_per_s_per_core": 2.0, "cli_j1": {"peak_rss_mb": 300.0}},
               "reingest": {"unchanged": {"seconds": 3.5}}, "pdf": {"ratio": 0.1, "cli": {"peak_rss_mb": 1200.0}},
               "growth": {"ratio": 1.1}, "one_document": {"ratio": 1.6}, "datasette": {"error": "ModuleNotFoundError: x"}}
    met = {t["target"]: t["met"] for t in targets(results)}
    assert met == {
        "extraction MB/s of text per core": False, "end-to-end MB/s per core (dev, in process)": True,
        "peak memory MB (vanban extract)": False, "re-ingest unchanged s": False, "growth s/MB ratio 16x/1x": True,
        "one document s/MB ratio 8 MB/1 MB": False, "PDF time / pdfplumber": True, "Datasette p95 ms": None,
    }
    text = table({"datasette": results["datasette"], "targets": targets(results)})
    assert "  datasette: failed — ModuleNotFoundError: x" in text.splitlines()
    assert "NO  re-ingest unchanged s" in text


def test_bench_inputs_are_the_files_of_the_dev_folder() -> None:
    files = corpus_files(DEV)
    assert DEV / "gold" not in files and all(p.parent == DEV for p in files)
    assert BenchOptions(corpus=DEV.parent).reingest_docs == 1000


# a few dev documents, one of each format, for the smoke run of every section (`make bench` measures the
# whole dev folder; the smoke run checks the code of each measure, in minutes less)
BENCH_DEV = ("027_cd-224-ttg.txt", "039_kl-212-tw.txt", "050_cv-vpcp.txt", "kh-qcdc-tinhdoan-2023.txt",
             "065_tbkl-cao-toc-lam-dong.docx", "071_cv-trien-khai-cd-131-binh-thuan.doc",
             "d004_the-le-cuoc-thi-doan-truong-dh-mo-ha-noi-2020.pdf")
# one PDF with a text layer (the pdf section: three pages of a free one) and one scan (the ocr section),
# not the whole formats folder
BENCH_FORMATS = ("vbai_bc-cchc-2025-lam-dong.pdf", "vbai_cv-4409-bca-scanned.pdf")


@pytest.mark.slow
def test_quick_bench_runs_every_section(tmp_path: Path) -> None:
    from pipeline.bench import QUICK, run

    corpus = tmp_path / "corpus"
    (corpus / "dev").mkdir(parents=True)
    for name in BENCH_DEV:
        shutil.copy(DEV / name, corpus / "dev" / name)
    (corpus / "formats").mkdir()
    (corpus / "formats" / BENCH_FORMATS[0]).write_bytes(first_pages(BENCH_FORMATS[0]))
    (corpus / "formats" / BENCH_FORMATS[1]).symlink_to(FORMATS / BENCH_FORMATS[1])
    results = run(BenchOptions(corpus=corpus, out_dir=tmp_path, jobs=2, **QUICK))  # type: ignore[arg-type]
    assert results["inputs"]["dev_documents"] == len(BENCH_DEV)
    assert results["inputs"]["pdfs"] == [BENCH_FORMATS[0]]
    for name in ("pdf", "dev", "stages", "reingest", "growth", "one_document", "datasette", "ocr"):
        assert "error" not in results[name] and "skipped" not in results[name], results[name]
    assert results["ocr"]["pdf"] == BENCH_FORMATS[1] and results["ocr"]["seconds_per_page"] > 0
    assert results["reingest"]["unchanged"]["summary"].startswith("0 tệp đã đọc, 20 tệp không đổi, 0 tệp lỗi")


def test_the_ratio_targets_name_the_sizes_they_were_measured_at() -> None:
    quick = {"growth": {"rows": [{"factor": 1}, {"factor": 2}], "ratio": 1.0},
             "one_document": {"rows": [{"mb": 0.1000043}, {"mb": 0.2000012}], "ratio": 1.0}}
    names = [t["target"] for t in targets(quick)]
    assert "growth s/MB ratio 2x/1x" in names and "one document s/MB ratio 0.2 MB/0.1 MB" in names
    full = {"growth": {"rows": [{"factor": 1}, {"factor": 4}, {"factor": 16}], "ratio": 1.0},
            "one_document": {"rows": [{"mb": 1.0000043}, {"mb": 8.0000012}], "ratio": 1.0}}
    names = [t["target"] for t in targets(full)]
    assert "growth s/MB ratio 16x/1x" in names and "one document s/MB ratio 8 MB/1 MB" in names


def test_growth_counts_the_cpu_time_of_the_extraction() -> None:
    from pipeline.bench.growth import growth

    src = DEV / "039_kl-212-tw.txt"
    extract_file(src)  # warm
    cpu = time.process_time()
    extract_file(src)
    alone = time.process_time() - cpu
    row = growth([src], (8,))["rows"][0]
    # the 8 copies are extracted in this process, whose CPU time is measured (they were extracted by a
    # worker process, and growth counted only this one's handing them over: 0.04 s per MB)
    assert row["failed"] == 0 and row["documents"] == 8 and row["cpu_seconds"] >= 0.5 * 8 * alone
