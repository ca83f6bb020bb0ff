"""Scans and garbled text layers: the syllable score, OCR repairs, page furniture, the PDF hook
(tests/cases/ocr.yaml); real Tesseract runs are marked slow."""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from pipeline.errors import MissingEngine, no_tesseract
from pipeline.furniture import is_furniture, strip_furniture
from pipeline.model import RawBlock, ReadResult
from pipeline.read import ocr
from pipeline.syllables import is_syllable, measure, vietnamese_score

from .conftest import DEV, FORMATS

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "ocr.yaml").read_text("utf-8"))
BAD_OCR = FORMATS / "vbai_tb-493-ubnd-lam-dong-bad-ocr.pdf"


@pytest.mark.parametrize("word", CASES["syllables"]["valid"])
def test_valid_syllable(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", CASES["syllables"]["invalid"])
def test_invalid_syllable(word: str) -> None:
    assert measure(word).valid == 0


@pytest.mark.parametrize("name", ["d011_qd-11-du-cong-hai.txt", "029_cd-234-ttg.txt", "050_cv-vpcp.txt"])
def test_real_text_scores_high(name: str) -> None:
    assert vietnamese_score((DEV / name).read_text("utf-8")) >= 0.9


def test_garbled_text_layer_scores_low() -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(BAD_OCR)
    text = pdf[1].get_textpage().get_text_bounded()
    pdf.close()
    assert vietnamese_score(text) < ocr.MIN_SCORE
    assert ocr.needs_ocr(text) == "garbled"


@pytest.mark.parametrize("row", CASES["repair"], ids=[r["fixed"][:30] for r in CASES["repair"]])
def test_repair(row: dict) -> None:
    assert ocr.repair(row["ocr"]) == row["fixed"]


@pytest.mark.parametrize("line", CASES["furniture"]["drop"])
def test_furniture_dropped(line: str) -> None:
    assert is_furniture(line)
    assert strip_furniture(f"Điều 1. Phê duyệt\n{line}\nĐiều 2.") == "Điều 1. Phê duyệt\nĐiều 2."


@pytest.mark.parametrize("line", CASES["furniture"]["keep"])
def test_body_kept(line: str) -> None:
    assert not is_furniture(line)
    assert strip_furniture(line) == line


def test_one_line_signature_box_dropped() -> None:
    text = ("Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ Email: thongtinchinhphu@chinhphu.vn Cơ quan: "
            "VĂN PHÒNG CHÍNH PHỦ Thời gian ký: 25.09.2024 16:09:37 +07:00 THỦ TƯỚNG CHÍNH PHỦ")
    assert strip_furniture(text) == "THỦ TƯỚNG CHÍNH PHỦ"


def test_tsv_columns_split() -> None:
    """Two header columns on one OCR line come out as two lines; a label keeps its value."""
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    words = [("Số:", 300, 60), ("1053/QĐ-TTg", 380, 240), ("Hà", 1300, 60), ("Nội,", 1370, 90)]
    rows = [head] + [f"5\t1\t1\t1\t1\t{i}\t{x}\t500\t{w}\t40\t95\t{t}" for i, (t, x, w) in enumerate(words)]
    assert ocr.tsv_to_text("\n".join(rows)) == "Số: 1053/QĐ-TTg\nHà Nội,"


def test_tsv_blank_for_handwriting_not_split() -> None:
    """The blank left for a handwritten day is not a column gap: `ngày      tháng 9 năm 2025`."""
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    words = [("Hà", 1300, 60), ("Nội,", 1370, 90), ("ngày", 1470, 90), ("tháng", 1800, 110), ("9", 1920, 20),
             ("năm", 1950, 80), ("2025", 2300, 100)]
    rows = [head] + [f"5\t1\t1\t1\t1\t{i}\t{x}\t500\t{w}\t40\t95\t{t}" for i, (t, x, w) in enumerate(words)]
    assert ocr.tsv_to_text("\n".join(rows)) == "Hà Nội, ngày tháng 9 năm 2025"


# ------------------------------------------------------------------ the PDF hook, OCR faked


def _scan_like_pdf(pages: int) -> bytes:
    """A PDF whose pages each hold one drawn rectangle and no text: what a scan looks like to the hook."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        page = pdf.new_page(595, 842)
        path = raw.FPDFPageObj_CreateNewRect(50, 50, 400, 600)
        raw.FPDFPath_SetDrawMode(path, raw.FPDF_FILLMODE_ALTERNATE, True)
        raw.FPDFPage_InsertObject(page.raw, path)
        raw.FPDFPage_GenerateContent(page.raw)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


PAGE_TEXT = "Số: 15/QĐ-UBND\nHà Nội, ngày 28 tháng 9 năm 2024\n\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"


@pytest.fixture
def fake_ocr(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def fake(data: bytes, page: int, options: object = None, digest: object = None) -> str:
        calls.append(page)
        return PAGE_TEXT

    monkeypatch.setattr(ocr, "ocr_page", fake)
    monkeypatch.setattr(ocr, "missing_engine", lambda lang="vie": None)
    return calls


def _empty_reading(pages: int, text: str = "") -> ReadResult:
    return ReadResult(tuple(RawBlock(text, page=n) for n in range(1, pages + 1)), provenance="pdf-text", pages=pages)


def test_scan_pages_read_by_ocr(fake_ocr: list[int], tmp_path: Path) -> None:
    data = _scan_like_pdf(2)
    result = ocr.rescue(tmp_path / "scan.pdf", data, _empty_reading(2))
    assert fake_ocr == [1, 2]
    assert result.provenance == "ocr"
    assert [b.page for b in result.blocks] == [1, 1, 2, 2]
    assert result.blocks[0].text == "Số: 15/QĐ-UBND\nHà Nội, ngày 28 tháng 9 năm 2024"


def test_ocr_capped(fake_ocr: list[int], tmp_path: Path) -> None:
    options = replace(ocr.OcrOptions(), max_pages=3, cache_dir=None)
    result = ocr.rescue(tmp_path / "long.pdf", _scan_like_pdf(5), _empty_reading(5), options)
    assert fake_ocr == [1, 2, 3]
    assert result.provenance == "pdf-text+ocr"
    assert result.warnings == ("nhận dạng chữ (OCR) chỉ đọc 3 trang: trang 4-5 chưa đọc",)


def test_text_layer_kept(fake_ocr: list[int], tmp_path: Path) -> None:
    reading = _empty_reading(1, PAGE_TEXT * 2)
    assert ocr.rescue(tmp_path / "text.pdf", _scan_like_pdf(1), reading) is reading
    assert fake_ocr == []


def test_blank_pages_not_ocred(fake_ocr: list[int], tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    reading = _empty_reading(1)
    assert ocr.rescue(tmp_path / "blank.pdf", buf.getvalue(), reading) is reading
    assert fake_ocr == []


def test_scan_without_ocr_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(ocr, "missing_engine", lambda lang="vie": no_tesseract())
    path = tmp_path / "qd-scan.pdf"
    with pytest.raises(MissingEngine) as err:
        ocr.rescue(path, _scan_like_pdf(1), _empty_reading(1))
    assert str(err.value) == (
        f"{path}: bản quét chưa đọc được: không có lớp chữ dùng được và chưa cài tesseract"
        " — cài nhận dạng chữ OCR: apt-get install tesseract-ocr tesseract-ocr-vie (xem `vanban doctor`)"
    )


# ------------------------------------------------------------------ real Tesseract


@pytest.mark.slow
def test_scanned_decision_read_by_ocr(scanned: Callable[[str], tuple[dict, Path]]) -> None:
    record, cache = scanned("smartdocs_1053-ttg.signed.pdf")  # one OCR, shared with test_ocr_confidence
    doc = record["document"]
    assert (doc["provenance"], doc["doc_type"], doc["number"], doc["issued_date"]) == (
        "ocr", "Quyết định", "1053/QĐ-TTg", "2024-09-28")
    assert "Người ký" not in record["text"] and "Thời gian ký" not in record["text"]
    assert len(list(cache.rglob("*.tsv"))) == 1  # cached for the next ingest


@pytest.mark.slow
def test_garbled_pdf_read_by_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.load import load

    monkeypatch.setenv("VANBAN_OCR_CACHE", str(tmp_path / "cache"))
    doc = load(BAD_OCR)
    assert doc.provenance == "ocr"
    assert vietnamese_score(doc.text) >= 0.85


@pytest.mark.slow
def test_seconds_per_page_measured() -> None:
    seconds = ocr.seconds_per_page(FORMATS / "smartdocs_1053-ttg.signed.pdf")
    assert 0.1 < seconds < 120


def test_doctor_without_tesseract(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pipeline import doctor

    monkeypatch.setattr(doctor.shutil, "which", lambda exe: None)
    monkeypatch.setenv("VANBAN_OCR_CACHE", str(tmp_path))
    monkeypatch.setenv("VANBAN_OCR_MAX_PAGES", "7")
    assert doctor.report() == [
        "THIẾU antiword   đọc tệp Word 97 (.doc) — cài: apt-get install antiword",
        "THIẾU soffice    đọc tệp .doc mà antiword không đọc được (LibreOffice) — cài: apt-get install libreoffice-writer",
        "THIẾU tesseract  nhận dạng chữ (OCR) bản quét và lớp chữ hỏng của PDF"
        " — cài: apt-get install tesseract-ocr tesseract-ocr-vie",
        "lưu ý bản quét   chưa cài OCR thì mỗi PDF quét bị bỏ qua với một dòng lỗi",
        f"có    bộ nhớ OCR {tmp_path} (VANBAN_OCR_CACHE); nhiều nhất 7 trang mỗi tệp (VANBAN_OCR_MAX_PAGES)",
    ]
