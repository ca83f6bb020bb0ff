"""Inputs of issue 14 that were lost, misread or crashed: each file is read, or refused with one line."""
from __future__ import annotations

from pathlib import Path

from pipeline.extract import extract
from pipeline.load import load

BODY = "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính báo cáo UBND tỉnh trước ngày 15/12/2026.\n"


def test_address_pipe_row_above_the_header_row(tmp_path: Path) -> None:
    """'Kính gửi: | …' as the first `|` row, the header rows after it: max() of nothing crashed."""
    path = tmp_path / "cv.txt"
    path.write_text("Kính gửi: | Các sở, ban, ngành\n"
                    "ỦY BAN NHÂN DÂN TỈNH X | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                    "Số: 15/UBND-VP | Độc lập - Tự do - Hạnh phúc\n\n" + BODY, "utf-8")
    ex = extract(load(path))
    assert [o.actors for o in ex.obligations] == [("Sở Nội vụ",)]


def test_utf16_and_utf32_with_a_bom(tmp_path: Path) -> None:
    """UTF-16 text with a BOM was refused as binary (its NUL bytes)."""
    for encoding in ("utf-16", "utf-16-be", "utf-32", "utf-32-be"):
        path = tmp_path / f"cv-{encoding}.txt"
        bom = "\ufeff" if encoding.endswith("be") else ""  # 'utf-16'/'utf-32' write their own BOM
        path.write_bytes((bom + BODY).encode(encoding))
        doc = load(path)
        assert doc.text.strip() == BODY.strip(), encoding
        assert doc.warnings == ()


def test_one_invalid_byte_does_not_send_the_file_to_the_legacy_decoder(tmp_path: Path) -> None:
    """One byte that is not UTF-8 sent the whole file to the old-encoding decoder (mojibake, no duty)."""
    path = tmp_path / "cv.txt"
    path.write_bytes(BODY.encode() + b"Ghi ch\xfa: xem ph\xe2n c\xf4ng.\n" + BODY.replace("15/12", "20/12").encode())
    doc = load(path)
    assert doc.text.count("Sở Nội vụ chủ trì") == 2
    assert len(doc.warnings) == 1 and "1 dòng không phải UTF-8" in doc.warnings[0]
    assert len(extract(doc).obligations) == 2



def test_pdf_with_a_damaged_page_reads_the_others(tmp_path: Path) -> None:
    """One damaged page object raised pdfium's 'Failed to load page.' out of the reader (found by
    `test_fuzz_damaged_pdf`)."""
    import re

    from .conftest import first_pages

    data = bytearray(first_pages("vbai_bc-cchc-2025-lam-dong.pdf"))
    second = [m.start() for m in re.finditer(rb"/Type\s*/Page\b", data)][1]  # page 2's object
    data[data.index(b"/Group", data.rindex(b" obj", 0, second))] = 1  # its dictionary no longer parses
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(data))
    doc = load(path)
    assert len(doc.text) > 1000
    assert [w for w in doc.warnings if "trang hỏng" in w] == ["bỏ qua 1 trang hỏng: 2"]
