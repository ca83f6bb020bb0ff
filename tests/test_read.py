"""Readers: real files of ../shared/corpus (tests/cases/read.yaml) and DOCX fixtures built in code."""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.load import load
from pipeline.model import Document, RawBlock
from pipeline.normalize import build_document, normalize_line
from pipeline.read.layout import is_layout_table, split_at_right_column

from .conftest import SHARED

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "read.yaml").read_text("utf-8"))


@cache
def read_shared(rel: str) -> Document:
    return load(SHARED / rel)


def lines_of(doc: Document) -> list[str]:
    return doc.text.split("\n")


def assert_spans_quote(doc: Document) -> None:
    for b in doc.blocks:
        quote = b.span.of(doc.text)
        assert quote and quote == quote.strip() and "\n\n" not in quote
        for c in b.cells:
            assert b.span.start <= c.start <= c.end <= b.span.end


# ------------------------------------------------------------------ real files


@pytest.mark.parametrize("case", CASES["files"], ids=lambda c: Path(c["path"]).name)
def test_real_file_lines(case: dict[str, Any]) -> None:
    doc = read_shared(case["path"])
    lines = lines_of(doc)
    at = 0
    for expected in case.get("lines_in_order", []):
        assert expected in lines[at:], f"{expected!r} missing after line {at}: {lines[max(0, at - 3):at + 3]}"
        at = lines.index(expected, at) + 1
    for absent in case.get("absent_lines", []):
        assert absent not in lines
    for once in case.get("once", []):
        assert doc.text.count(once) == 1, once
    assert_spans_quote(doc)


@pytest.mark.parametrize("case", CASES["task_tables"], ids=lambda c: Path(c["path"]).name)
def test_task_table_stays_rows(case: dict[str, Any]) -> None:
    doc = read_shared(case["path"])
    rows = [b for b in doc.blocks if b.kind == "table_row" and b.table == case.get("table", b.table)]
    assert rows, "the task table was read as text"
    assert [c.of(doc.text) for c in rows[0].cells] == case["header"]
    if "rows" in case:
        assert len(rows) == case["rows"]
        assert {len(r.cells) for r in rows} == {len(case["header"])}
    if "row_containing" in case:
        assert any(case["row_containing"] in [c.of(doc.text) for c in r.cells] for r in rows)


def test_pdf_blocks_carry_page_numbers() -> None:
    doc = read_shared("corpus/formats/vbai_cv-3917-btp-bttp.pdf")
    assert doc.pages == 4
    assert [b.page for b in doc.blocks] == sorted(b.page or 0 for b in doc.blocks)
    assert {b.page for b in doc.blocks} == {1, 2, 3, 4}
    signer = next(b for b in doc.blocks if b.span.of(doc.text).startswith("KT. BỘ TRƯỞNG"))
    assert signer.page == 2


# ------------------------------------------------------------------ normalisation


@pytest.mark.parametrize("case", CASES["normalize"], ids=lambda c: c["expected"])
def test_normalize_line(case: dict[str, str]) -> None:
    assert normalize_line(case["raw"]) == case["expected"]


@pytest.mark.parametrize("case", CASES["right_column"], ids=lambda c: c["line"].strip()[:30])
def test_split_at_right_column(case: dict[str, Any]) -> None:
    pair = split_at_right_column(case["line"])
    if case["left"] is None:
        assert pair is None
    else:
        assert pair == (case["left"], case["right"])


def _pages(*pages: list[str]) -> list[RawBlock]:
    return [RawBlock("\n".join(lines), page=n) for n, lines in enumerate(pages, start=1)]


def test_running_footer_dropped_but_headers_of_a_bundle_kept() -> None:
    body = [
        "Ngày 09/4/2025, Bộ Tư pháp đã có Công văn số 1866/BTP-PLHSHC gửi Ủy ban nhân dân tỉnh.",
        "Bộ Tư pháp trân trọng đề nghị Ủy ban nhân dân các tỉnh, thành phố quan tâm chỉ đạo thực hiện.",
        "Bộ Tư pháp đề nghị Liên đoàn Luật sư Việt Nam quan tâm hướng dẫn.",
        "Bộ Tư pháp đề nghị Hiệp hội Công chứng viên Việt Nam quan tâm hướng dẫn.",
    ]
    header = ["BỘ TƯ PHÁP", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: /BTP-BTTP"]
    raw = _pages(
        [*header, body[0], "Trang 1/4"],
        [body[1], "Trang 2/4"],
        [*header, body[2], "Trang 3/4"],
        [*header, body[3], "Nơi nhận:", "KT. BỘ TRƯỞNG", "Trang 4/4"],
    )
    doc = build_document(raw, id="t", source="t", sha256="", format="pdf", provenance="pdf-text", pages=4)
    lines = lines_of(doc)
    assert lines.count("BỘ TƯ PHÁP") == 3
    assert all(lines.count(b) == 1 for b in body)
    assert [x for x in lines if x.startswith("Trang")] == []
    assert lines[-2:] == ["Nơi nhận:", "KT. BỘ TRƯỞNG"]


# ------------------------------------------------------------------ DOCX fixtures


def _docx(tmp_path: Path, build: Any) -> Document:
    import docx

    document = docx.Document()
    build(document)
    path = tmp_path / "fixture.docx"
    document.save(str(path))
    return load(path)


def _cell_lines(cell: Any, lines: list[str]) -> None:
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _header_table(document: Any) -> None:
    table = document.add_table(rows=2, cols=2)
    _cell_lines(table.cell(0, 0), ["BỘ TƯ PHÁP", "-------"])
    _cell_lines(table.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
    _cell_lines(table.cell(1, 0), ["Số: 3917/BTP-BTTP", "V/v hợp nhất TCXH-NN của công", "chứng viên, luật sư"])
    _cell_lines(table.cell(1, 1), ["Hà Nội, ngày 01 tháng 7 năm 2025"])


def test_docx_header_and_signature_tables_come_out_as_column_lines(tmp_path: Path) -> None:
    def build(document: Any) -> None:
        _header_table(document)
        document.add_paragraph("Kính gửi: Ủy ban nhân dân các tỉnh, thành phố")
        document.add_paragraph("Bộ Tư pháp trân trọng đề nghị Ủy ban nhân dân các tỉnh, thành phố quan tâm chỉ đạo thực hiện.")
        sign = document.add_table(rows=1, cols=2)
        _cell_lines(sign.cell(0, 0), ["Nơi nhận:", "- Như trên;", "- Lưu: VT, Cục BTTP."])
        _cell_lines(sign.cell(0, 1), ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "", "Mai Lương Khôi"])

    doc = _docx(tmp_path, build)
    assert lines_of(doc) == [
        "BỘ TƯ PHÁP", "-------", "Số: 3917/BTP-BTTP", "V/v hợp nhất TCXH-NN của công", "chứng viên, luật sư",
        "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 01 tháng 7 năm 2025",
        "",
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố",
        "",
        "Bộ Tư pháp trân trọng đề nghị Ủy ban nhân dân các tỉnh, thành phố quan tâm chỉ đạo thực hiện.",
        "",
        "Nơi nhận:", "- Như trên;", "- Lưu: VT, Cục BTTP.",
        "",
        "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Mai Lương Khôi",
    ]
    assert all(b.kind == "paragraph" for b in doc.blocks)
    assert_spans_quote(doc)


def test_docx_task_table_with_merged_cells_stays_rows(tmp_path: Path) -> None:
    def build(document: Any) -> None:
        document.add_paragraph("V. TỔ CHỨC THỰC HIỆN")
        table = document.add_table(rows=4, cols=4)
        for i, title in enumerate(["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"]):
            table.cell(0, i).text = title
        rows = [
            ["1", "Rà soát, công bố danh mục thủ tục hành chính", "Sở Tư pháp", "Tháng 3/2026"],
            ["2", "Kiểm tra việc thực hiện thủ tục hành chính", "", "Quý II/2026"],
            ["3", "Tổng hợp, báo cáo kết quả thực hiện", "", ""],
        ]
        for r, cells in enumerate(rows, start=1):
            for c, text in enumerate(cells):
                if text:
                    table.cell(r, c).text = text
        table.cell(1, 2).merge(table.cell(2, 2))  # one body in charge of two tasks
        table.cell(3, 2).merge(table.cell(3, 3))  # a cell spanning two columns
        table.cell(3, 2).text = "Văn phòng UBND tỉnh, trước ngày 15/12/2026"

    doc = _docx(tmp_path, build)
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    cells = [[c.of(doc.text) for c in b.cells] for b in rows]
    assert cells[0] == ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"]
    assert cells[1] == ["1", "Rà soát, công bố danh mục thủ tục hành chính", "Sở Tư pháp", "Tháng 3/2026"]
    assert cells[2] == ["2", "Kiểm tra việc thực hiện thủ tục hành chính", "", "Quý II/2026"]
    assert cells[3] == ["3", "Tổng hợp, báo cáo kết quả thực hiện", "Văn phòng UBND tỉnh, trước ngày 15/12/2026"]
    assert doc.text.count("Sở Tư pháp") == 1
    assert doc.text.count("trước ngày 15/12/2026") == 1
    assert {b.table for b in rows} == {0}


TEXT_BOX_RUN = """
<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing><wps:wsp><wps:txbx><w:txbxContent>
        <w:p><w:r><w:t>V/v tập trung triển khai thực hiện</w:t></w:r></w:p>
        <w:p><w:r><w:t>công tác cai nghiện ma túy tự nguyện</w:t></w:r></w:p>
      </w:txbxContent></wps:txbx></wps:wsp></w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict><v:shape><v:textbox><w:txbxContent>
        <w:p><w:r><w:t>V/v tập trung triển khai thực hiện</w:t></w:r></w:p>
        <w:p><w:r><w:t>công tác cai nghiện ma túy tự nguyện</w:t></w:r></w:p>
      </w:txbxContent></v:textbox></v:shape></w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>
"""


def test_docx_text_box_read_once_after_its_paragraph(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    def build(document: Any) -> None:
        p = document.add_paragraph("Số: /UBND-NC")
        p._p.append(parse_xml(TEXT_BOX_RUN))
        document.add_paragraph("Kính gửi: Công an tỉnh")

    doc = _docx(tmp_path, build)
    assert lines_of(doc) == [
        "Số: /UBND-NC", "", "V/v tập trung triển khai thực hiện", "công tác cai nghiện ma túy tự nguyện",
        "", "Kính gửi: Công an tỉnh",
    ]


def test_layout_table_needs_header_or_signature_words() -> None:
    assert is_layout_table([["ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]])
    assert is_layout_table([["Nơi nhận:\n- Như trên;", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"]])
    assert not is_layout_table([["TT", "Nội dung"], ["1", "Nơi nhận: các sở, ngành"]])
    assert not is_layout_table([["Sở Tư pháp", "Tháng 3/2026"], ["Sở Nội vụ", "Quý II/2026"]])


def test_docx_automatic_numbering_is_written_out(tmp_path: Path) -> None:
    def build(document: Any) -> None:
        document.add_paragraph("II. TỔ CHỨC THỰC HIỆN")
        document.add_paragraph("Giao Sở Tư pháp:", style="List Number")
        document.add_paragraph("Kiểm soát chặt chẽ việc thực hiện đánh giá tác động TTHC.", style="List Bullet")
        document.add_paragraph("Giao Văn phòng UBND tỉnh:", style="List Number")

    doc = _docx(tmp_path, build)
    assert lines_of(doc)[::2] == [
        "II. TỔ CHỨC THỰC HIỆN", "1. Giao Sở Tư pháp:",
        "- Kiểm soát chặt chẽ việc thực hiện đánh giá tác động TTHC.", "2. Giao Văn phòng UBND tỉnh:",
    ]


@pytest.mark.parametrize(("n", "fmt", "label"), [
    (1, "decimal", "1"), (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (3, "lowerLetter", "c"),
    (27, "lowerLetter", "aa"), (2, "upperLetter", "B"), (5, "decimalZero", "05"), (3, "none", ""),
])
def test_numbering_formats(n: int, fmt: str, label: str) -> None:
    from pipeline.read.docx_numbering import format_number

    assert format_number(n, fmt) == label


@pytest.mark.parametrize("case", CASES["published"], ids=lambda c: c["name"])
def test_published_page(tmp_path: Path, case: dict[str, Any]) -> None:
    path = tmp_path / case["name"]
    path.write_text(case["text"], "utf-8")
    doc = load(path)
    assert lines_of(doc) == case["lines"]
    assert sum(b.kind == "table_row" for b in doc.blocks) == case["rows"]


@pytest.mark.parametrize("case", CASES["normalize_block"], ids=lambda c: c["expected"][:20])
def test_normalize_block(case: dict[str, str]) -> None:
    from pipeline.normalize import normalize_block

    assert normalize_block(case["raw"]) == case["expected"]


# ------------------------------------------------------------------ PDF geometry (positions from vbai_cv-3917)


def _pdf_line(baseline: float, *segments: tuple[str, float, float], height: float = 9.5) -> Any:
    from pipeline.read.pdf_lines import Line, Segment

    return Line(tuple(Segment(t, x0, x1) for t, x0, x1 in segments), baseline, height)


def test_pdf_header_without_quoc_hieu_splits_at_place_date() -> None:
    from pipeline.read.pdf_lines import header_columns

    lines = [
        _pdf_line(787, ("BỘ TƯ PHÁP", 110, 196)),
        _pdf_line(738, ("Số: 3917/BTP-BTTP", 97, 206), ("Hà Nội, ngày 01 tháng 7 năm 2025", 300, 490)),
        _pdf_line(723, ("V/v hợp nhất TCXH-NN của công", 77, 229)),
        _pdf_line(680, ("Kính gửi: Ủy ban nhân dân các tỉnh, thành phố", 150, 450)),
    ]
    assert header_columns(lines, 595) == (
        "BỘ TƯ PHÁP\nSố: 3917/BTP-BTTP\nV/v hợp nhất TCXH-NN của công", "Hà Nội, ngày 01 tháng 7 năm 2025", 3,
    )


def test_pdf_paragraphs_join_wrapped_lines_and_keep_list_items() -> None:
    from pipeline.read.pdf import paragraphs
    from pipeline.read.pdf_lines import Page

    lines = [
        _pdf_line(600, ("Việc hợp nhất Hội công chứng viên thực hiện theo Hướng dẫn số 31-", 106, 532)),
        _pdf_line(579, ("HD/BTCTW ngày 23/4/2025 của Ban Tổ chức Trung ương.", 70, 400)),
        _pdf_line(558, ("Bộ Tư pháp trân trọng đề nghị Ủy ban nhân dân các tỉnh, thành phố quan", 106, 532)),
        _pdf_line(537, ("tâm chỉ đạo thực hiện.", 70, 180)),
        _pdf_line(516, ("Nơi nhận:", 70, 120)),
        _pdf_line(495, ("- Như trên;", 70, 130)),
        _pdf_line(474, ("- Bộ trưởng (để báo cáo);", 70, 200)),
    ]
    page = Page(1, 595, 842, tuple(lines))
    assert paragraphs(lines, page) == [
        "Việc hợp nhất Hội công chứng viên thực hiện theo Hướng dẫn số 31-HD/BTCTW ngày 23/4/2025 của Ban Tổ chức Trung ương.",
        "Bộ Tư pháp trân trọng đề nghị Ủy ban nhân dân các tỉnh, thành phố quan tâm chỉ đạo thực hiện.",
        "Nơi nhận:", "- Như trên;", "- Bộ trưởng (để báo cáo);",
    ]


def test_docx_hidden_text_is_not_read(tmp_path: Path) -> None:
    from docx.oxml import OxmlElement

    def build(document: Any) -> None:
        p = document.add_paragraph("Giao Sở Tư pháp chủ trì thực hiện.")
        hidden = p.add_run(" Ghi chú nội bộ không in.")
        hidden._r.get_or_add_rPr().append(OxmlElement("w:vanish"))

    doc = _docx(tmp_path, build)
    assert doc.text == "Giao Sở Tư pháp chủ trì thực hiện."


def test_pdf_signature_columns_end_at_a_line_across_the_page() -> None:
    from pipeline.read.pdf_lines import signature_columns

    lines = [
        _pdf_line(500, ("Bộ Tư pháp trân trọng đề nghị Ủy ban nhân dân các tỉnh quan tâm chỉ đạo thực hiện.", 106, 532)),
        _pdf_line(470, ("Nơi nhận:", 70, 120), ("KT. BỘ TRƯỞNG", 380, 470)),
        _pdf_line(458, ("- Như trên;", 70, 130), ("THỨ TRƯỞNG", 390, 460)),
        _pdf_line(446, ("- Lưu: VT, Cục BTTP.", 70, 180)),
        _pdf_line(400, ("Mai Lương Khôi", 385, 465)),
        _pdf_line(300, ("PHỤ LỤC DANH SÁCH CÁC ĐOÀN LUẬT SƯ HỢP NHẤT THEO ĐƠN VỊ HÀNH CHÍNH MỚI", 120, 480)),
    ]
    assert signature_columns(lines, 595) == (
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, Cục BTTP.", "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nMai Lương Khôi", 1, 5,
    )


def test_docx_header_typed_with_tabs_comes_out_as_columns(tmp_path: Path) -> None:
    def build(document: Any) -> None:
        document.add_paragraph("UBND TỈNH BÌNH THUẬN\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        document.add_paragraph("VĂN PHÒNG\t\tĐộc lập - Tự do - Hạnh phúc")
        document.add_paragraph("Số:      /VP-NCKSTTHC\t\tBình Thuận, ngày      tháng 12 năm 2024")
        document.add_paragraph("V/v tham mưu công bố danh mục thủ tục hành chính")
        document.add_paragraph("Kính gửi: Các cơ quan chuyên môn thuộc UBND tỉnh.")

    doc = _docx(tmp_path, build)
    assert lines_of(doc) == [
        "UBND TỈNH BÌNH THUẬN", "VĂN PHÒNG", "Số: /VP-NCKSTTHC", "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Bình Thuận, ngày tháng 12 năm 2024", "",
        "V/v tham mưu công bố danh mục thủ tục hành chính", "", "Kính gửi: Các cơ quan chuyên môn thuộc UBND tỉnh.",
    ]
