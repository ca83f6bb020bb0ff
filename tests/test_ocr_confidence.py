"""Header digits OCR may have guessed (pipeline/read/confidence.py, tests/cases/ocr_confidence.yaml):
which lines are checked, which runs are doubted, their spans, and the header fields they null.
The real scans are read at the end (slow: Tesseract, once per session: conftest's `scanned`)."""
from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml

from pipeline.model import RawBlock, ReadResult, Span, overlaps
from pipeline.normalize import build_document
from pipeline.read import confidence
from pipeline.structure.header import DATE_WARNING, NUMBER_WARNING, parse_header

from .conftest import FORMATS, SHARED

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "ocr_confidence.yaml").read_text("utf-8"))


def _tsv(lines: list[list[tuple[str, float]]]) -> str:
    """A Tesseract TSV word table: one line per entry, words 100 px apart."""
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
    for n, words in enumerate(lines, 1):
        for k, (text, conf) in enumerate(words, 1):
            rows.append(f"5\t1\t1\t1\t{n}\t{k}\t{100 * k}\t{60 * n}\t90\t40\t{conf}\t{text}")
    return "\n".join(rows)


@pytest.mark.parametrize("case", CASES["lines"], ids=[c["name"][:40] for c in CASES["lines"]])
def test_doubted_runs(case: dict) -> None:
    boxes: list[confidence.Box] = []

    def second(box: confidence.Box) -> str:
        boxes.append(box)
        return str(case["second"])

    tsv = _tsv([[(w, float(c)) for w, c in case["words"]]])
    assert list(confidence.uncertain_runs(tsv, second)) == case["doubts"]
    assert boxes == [(100, 60, 100 * len(case["words"]) - 10, 40)]  # the whole line, read once


@pytest.mark.parametrize("case", CASES["header_lines"], ids=lambda c: c["lines"][0][:30])
def test_header_lines_checked(case: dict) -> None:
    tsv = _tsv([[(w, 96.0) for w in line.split()] for line in case["lines"]])
    found = confidence.header_lines(confidence.words_by_line(tsv))
    assert [" ".join(w.text for w in line) for line in found] == case["checked"]


def test_digit_runs_read_l_and_o_as_digits() -> None:
    assert confidence.digit_runs("ngày 22 tháng l1 năm 2019; Số: 1O5/QĐ") == ["22", "11", "2019", "105"]


def _doc(text: str, doubts: list[str], page: int = 1):  # type: ignore[no-untyped-def]
    doc = build_document([RawBlock(p, page=page) for p in text.split("\n\n")], id="t", source="t", sha256="0",
                         format="pdf", provenance="ocr")
    return replace(doc, uncertain=confidence.locate(doc, [(1, run) for run in doubts]))


def test_locate_marks_standalone_runs_of_that_page() -> None:
    doc = _doc("Số: 4033/QĐ-TTg\n\nQuyết định số 14033/QĐ-TTg ngày 4033", ["4033"])
    assert [s.of(doc.text) for s in doc.uncertain] == ["4033", "4033"]
    assert doc.uncertain[0] == Span(4, 8)
    assert _doc("Số: 4033/QĐ-TTg", ["4033"], page=2).uncertain == ()


def test_overlaps() -> None:
    spans = [Span(4, 8)]
    assert overlaps(spans, Span(0, 5)) and overlaps(spans, Span(7, 20))
    assert not overlaps(spans, Span(8, 12)) and not overlaps(spans, Span(0, 4))


@pytest.mark.parametrize("case", CASES["header"], ids=lambda c: c["text"].split("\n\n")[1])
def test_header_nulls_doubted_fields(case: dict) -> None:
    header = parse_header(_doc(case["text"], case["doubts"]))
    assert header.number == case["number"]
    expected = date.fromisoformat(case["issued_date"]) if case["issued_date"] else None
    assert header.issued_date == expected
    if header.number is None:
        assert header.number_span is None
    # a doubted number or day is said, in Vietnamese, and only then (this text has no OCR provenance)
    assert (NUMBER_WARNING in header.warnings) == (header.number is None)
    assert (DATE_WARNING in header.warnings) == (header.issued_date is None)


# ------------------------------------------------------------------ real scans


def _sources() -> dict[str, tuple[str, str]]:
    with open(SHARED / "corpus" / "SOURCES.tsv", encoding="utf-8") as f:
        return {Path(row[0]).name: (row[3], row[5]) for row in csv.reader(f, delimiter="\t") if len(row) > 5}


SCANNED_DECISIONS = sorted(p.name for p in FORMATS.glob("smartdocs_*-ttg.signed.pdf"))


@pytest.mark.slow
@pytest.mark.parametrize("name", SCANNED_DECISIONS)
def test_scanned_decision_never_a_wrong_number_or_date(name: str, scanned: Callable[[str], tuple[dict, Path]]) -> None:
    number, issued = _sources()[name]
    record, _ = scanned(name)
    doc = record["document"]
    assert doc["number"] in (number, None)
    assert doc["issued_date"] in (issued, None)
    if name in ("smartdocs_1053-ttg.signed.pdf", "smartdocs_999-ttg.signed.pdf"):  # typed number and day
        assert (doc["number"], doc["issued_date"]) == (number, issued)
    # every field left empty is said, so that a clerk can type it in
    assert (NUMBER_WARNING in doc["warnings"]) == (doc["number"] is None)
    assert (DATE_WARNING in doc["warnings"]) == (doc["issued_date"] is None)
    assert record["citations"]  # the body is still read


# ------------------------------------------------------------------ the PDF hook, Tesseract faked

HEADER_WORDS = [("Số:", 80.0), ("1114/QĐ-TTg", 75.0), ("Hà", 97.0), ("Nội,", 97.0), ("ngày", 96.0), ("14", 90.0),
                ("tháng", 97.0), ("10", 97.0), ("năm", 97.0), ("2024", 97.0)]


def _hook(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, eng: str | None, second: str) -> ReadResult:
    import hashlib

    from pipeline.read import ocr

    from .test_ocr import _empty_reading, _scan_like_pdf

    data = _scan_like_pdf(1)
    options = ocr.OcrOptions(cache_dir=tmp_path)
    cached = ocr.cache_path(options, hashlib.sha256(data).hexdigest(), 1)
    assert cached is not None
    cached.parent.mkdir(parents=True)
    cached.write_text(_tsv([HEADER_WORDS]), "utf-8")
    monkeypatch.setattr(ocr, "missing_engine", lambda lang="vie": eng if lang == "eng" else None)
    monkeypatch.setattr(confidence, "_read_box", lambda *args: second)
    return ocr.rescue(tmp_path / "scan.pdf", data, _empty_reading(1), options)


def test_hook_confirmed_header_trusted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = _hook(monkeypatch, tmp_path, None, "S6: 1114/QD-TTg Ha Noi, ngay 14 thang 10 nam 2024")
    assert result.provenance == "ocr" and result.uncertain == ()


def test_hook_disputed_digits_doubted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = _hook(monkeypatch, tmp_path, None, "S6: 4114/QD-TTg Ha Noi, ngay 44 thang 10 nam 2024")
    assert result.uncertain == ((1, "1114"), (1, "14"))


def test_hook_without_second_model_doubts_every_header_digit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = _hook(monkeypatch, tmp_path, "tesseract has no `eng` model", "")
    assert result.uncertain == ((1, "1114"), (1, "14"), (1, "10"), (1, "2024"))
    assert any("chưa kiểm tra lại được" in w for w in result.warnings)
