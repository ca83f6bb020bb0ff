"""Header fields: the YAML table of real headers and signature blocks (tests/cases/headers.yaml),
the spans the header reports, and the parts (issuer block, normal case, names, place and date)."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.model import Document, Header, Signer
from pipeline.structure.header import parse_header
from pipeline.structure.issuer import find_issuer, issuer_from_text, normal_case
from pipeline.structure.signature import find_signature, is_name

from .conftest import DEV, SHARED

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "headers.yaml").read_text("utf-8"))
# a real closing sentence (032_tb-634-vpcp.txt) standing for the body between header and signature
BODY = "Văn phòng Chính phủ trân trọng thông báo./."


def _doc(text: str) -> Document:
    return Document(id="t", source="t", sha256="", format="txt", text=text, blocks=())


def _squash(text: str) -> str:
    return re.sub(r"[\s*|]+", "", unicodedata.normalize("NFC", text))


def _source(name: str) -> str:
    for base in (DEV, DEV.parent, SHARED):
        if (base / name).exists():
            return (base / name).read_text("utf-8")
    raise FileNotFoundError(name)


def _case(row: dict[str, Any]) -> tuple[str, Header]:
    text = f"{row['head']}\n\n{BODY}\n\n{row['tail']}".rstrip()
    return text, parse_header(_doc(text))


def test_table_is_real_and_covers_every_family() -> None:
    assert len(CASES) >= 15
    for row in CASES:
        source = _squash(_source(row["source"]))
        for line in (row["head"] + "\n" + row["tail"]).splitlines():
            assert _squash(line) in source, f"{row['source']}: not a line of the corpus: {line}"
    numbers = [r["expect"]["number"] or "" for r in CASES]
    assert any("/" in n and n.index("/") > n.find("-") >= 0 for n in numbers)  # Party / Đoàn 45-HD/BTCTW
    assert any(re.match(r"^\d+/", n) for n in numbers)  # State 597/KH-UBND
    assert sum(r["expect"]["number"] is None for r in CASES) >= 5  # drafts with a blank number


@pytest.mark.parametrize("row", CASES, ids=[r["source"] for r in CASES])
def test_header_fields(row: dict[str, Any]) -> None:
    _, h = _case(row)
    want = row["expect"]
    got = {
        "doc_type": h.doc_type, "number": h.number,
        "issued_date": h.issued_date.isoformat() if h.issued_date else None, "place": h.place,
        "issuer": h.issuer, "title": h.title,
        "signer": {"name": h.signer.name, "position": h.signer.position, "authority": h.signer.authority}
        if h.signer else None,
        "recipients": list(h.recipients),
    }
    assert got == want


@pytest.mark.parametrize("row", CASES, ids=[r["source"] for r in CASES])
def test_spans_quote_the_text(row: dict[str, Any]) -> None:
    text, h = _case(row)
    assert h.body is not None
    body = h.body.of(text)
    assert BODY in body and not body.startswith(row["head"][:20])
    if row["tail"]:  # the body ends where the signature / Nơi nhận block begins
        tail_start = len(row["head"]) + len(BODY) + 4
        assert tail_start <= h.body.end <= tail_start + 2
    if h.number:
        assert h.number_span is not None
        assert _squash(h.number_span.of(text)) == _squash(h.number)
    if h.recipients:
        assert h.recipients_span is not None
        quoted = _squash(h.recipients_span.of(text))
        assert _squash(h.recipients[0]) in quoted and _squash(h.recipients[-1]) in quoted


@pytest.mark.parametrize(("block", "issuer"), [
    ("ĐẢNG BỘ TỈNH KHÁNH HOÀ\nĐẢNG UỶ XÃ CÔNG HẢI\n*\n", "Đảng uỷ xã Công Hải"),
    ("UỶ BAN NHÂN DÂN\nTỈNH BẮC NINH\n-------\n", "Uỷ ban nhân dân tỉnh Bắc Ninh"),
    ("ỦY\nBAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n--------\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
     "Ủy ban nhân dân thành phố Hồ Chí Minh"),
    ("BAN\nCHẤP HÀNH TRUNG ƯƠNG\nĐẢNG\nCỘNG SẢN VIỆT NAM\n---------------\n", "Ban Chấp hành Trung ương"),
    ("BỘ TÀI CHÍNH\nCỤC THUẾ\n-------\n", "Cục Thuế"),
    ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nHỎA TỐC\n", "Ủy ban nhân dân tỉnh Lâm Đồng"),  # an urgency mark is no body
    ("THỦ\nTƯỚNG CHÍNH PHỦ\n-------\n", "Thủ tướng Chính phủ"),
    ("|UBND TỈNH BÌNH THUẬN |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|VĂN PHÒNG |Độc lập - Tự do - Hạnh phúc |\n",
     "Văn phòng UBND tỉnh Bình Thuận"),
])
def test_issuer_block(block: str, issuer: str) -> None:
    assert find_issuer(block, len(block)) == issuer


def test_issuer_falls_back_to_the_tm_line_and_the_preamble() -> None:
    text = ("KẾ HOẠCH\nThực hiện Quy chế dân chủ cơ sở tại cơ quan Tỉnh đoàn năm 2023\n\n"
            "Ban Thường vụ Tỉnh đoàn xây dựng kế hoạch thực hiện Quy chế dân chủ tại cơ quan Tỉnh đoàn năm 2023, "
            "nội dung cụ thể như sau:\n\nTM. BAN THƯỜNG VỤ TỈNH ĐOÀN\nPHÓ BÍ THƯ\nNguyễn Thị Trúc Mai")
    h = parse_header(_doc(text))
    assert (h.issuer, h.doc_type) == ("Ban Thường vụ Tỉnh đoàn", "Kế hoạch")
    assert h.signer is not None and h.signer.name == "Nguyễn Thị Trúc Mai"
    no_tm = text.replace("TM. BAN THƯỜNG VỤ TỈNH ĐOÀN\n", "")
    assert parse_header(_doc(no_tm)).issuer == "Ban Thường vụ Tỉnh đoàn"


@pytest.mark.parametrize(("caps", "normal"), [
    ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "Ủy ban nhân dân tỉnh Đồng Tháp"),
    ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
    ("BỘ NỘI VỤ", "Bộ Nội vụ"),
    ("BAN TUYÊN GIÁO VÀ DÂN VẬN TRUNG ƯƠNG", "Ban Tuyên giáo và Dân vận Trung ương"),
    ("THUẾ TỈNH VĨNH LONG", "Thuế tỉnh Vĩnh Long"),
    ("Ban Thường vụ Tỉnh đoàn", "Ban Thường vụ Tỉnh đoàn"),
])
def test_normal_case(caps: str, normal: str) -> None:
    assert normal_case(caps) == normal


@pytest.mark.parametrize(("line", "expected"), [
    ("Nguyễn Thị Trúc Mai", True), ("Bùi Xuân Cường", True), ("Trần Cẩm Tú", True),
    ("Sở Tài chính", False), ("Văn phòng Trung ương Đảng", False), ("PHÓ CHỦ TỊCH", False),
    ("Châu", False), ("Nguyễn N gọc Phúc", False), ("Ban Chỉ đạo", False),
])
def test_is_name(line: str, expected: bool) -> None:
    assert is_name(line) is expected


def test_signature_without_noi_nhan_in_the_middle_of_the_text() -> None:
    # d004 (Đoàn thể lệ): the signature stands before the reference list, with no Nơi nhận
    text = ("dung thi là các kiến thức tổng hợp không hoàn toàn nằm trong tài liệu đã cung cấp.\n"
            "TM. BAN TỔ CHỨC\nTRƯỞNG BAN\nLê Mạnh Hùng\nBí thư Đoàn thanh niên\n\nVI. TÀI LIỆU THAM KHẢO\n")
    sig = find_signature(text)
    assert sig.signer is not None
    assert (sig.signer.authority, sig.signer.position, sig.signer.name) == ("TM. BAN TỔ CHỨC", "TRƯỞNG BAN", "Lê Mạnh Hùng")
    assert sig.start == text.index("TM.")


def test_one_line_docx_signature_and_recipients() -> None:
    # 065: a DOCX table row read as one line: Nơi nhận cell | signature cell
    text = ("Nơi nhận: - Chủ tịch, các PCT UBND tỉnh; - Thành phần tham dự họp; - LĐVP; - Lưu: VT, XDCT(Sơn). | "
            "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG Nguyễn Ngọc Nam")
    sig = find_signature(text)
    assert sig.recipients == ("Chủ tịch, các PCT UBND tỉnh", "Thành phần tham dự họp", "LĐVP")
    assert sig.signer is not None and sig.signer.name == "Nguyễn Ngọc Nam"


@pytest.mark.parametrize(("head", "number", "issued"), [
    ("Số: /KH-UBND | Lâm Đồng, ngày tháng 12 năm 2025", None, None),
    ("Số -CTr/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\nCông Hải, ngày tháng 11 năm 2025", None, None),
    ("Số:\n26/2025/QĐ-UBND\nThái Nguyên, ngày\n21 tháng 11 năm 2025", "26/2025/QĐ-UBND", date(2025, 11, 21)),
    ("Số 212-KL/TW\nHà Nội, ngày 18\ntháng 11 năm 2025", "212-KL/TW", date(2025, 11, 18)),
    ("Số: 3917/BTP-BTTP Hà Nội, ngày 01 tháng 7 năm 2025", "3917/BTP-BTTP", date(2025, 7, 1)),
])
def test_blank_numbers_and_days_give_none(head: str, number: str | None, issued: date | None) -> None:
    h = parse_header(_doc(head))
    assert (h.number, h.issued_date) == (number, issued)


def test_a_cited_date_is_no_issue_date() -> None:
    # 045, the annex after the signature: its caption cites the decision with ", ngày ..."
    text = ("QUY CHẾ\n\nBỒI\nDƯỠNG, GIẢNG DẠY CỦA TRUNG TÂM CHÍNH TRỊ XÃ, PHƯỜNG, ĐẶC KHU\n\n"
            "(Ban hành kèm theo Quyết định số 1147-QĐ/BTGDVTW, ngày 01 tháng 12 năm 2025\n"
            "của Trưởng Ban Tuyên giáo và Dân vận Trung ương)\n")
    h = parse_header(_doc(text))
    assert (h.doc_type, h.issued_date, h.place) == ("Quy chế", None, None)
    assert h.title == "BỒI DƯỠNG, GIẢNG DẠY CỦA TRUNG TÂM CHÍNH TRỊ XÃ, PHƯỜNG, ĐẶC KHU"


def test_role_only_unit_takes_its_parent() -> None:
    # the Front's header block as the domain reference gives it (§0): ỦY BAN MTTQ ... / BAN THƯỜNG TRỰC
    block = "ỦY BAN MTTQ VIỆT NAM\nTỈNH BÌNH ĐỊNH\nBAN THƯỜNG TRỰC\n"
    assert find_issuer(block, len(block)) == "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Bình Định"


@pytest.mark.parametrize(("line", "name"), [
    ("Thượng tướng Lương Tam Quang", "Lương Tam Quang"),
    ("Người ký: Nguyễn Văn An", "Nguyễn Văn An"),
    ("Trần Cẩm Tú", "Trần Cẩm Tú"),
])
def test_signer_name_after_rank_or_label(line: str, name: str) -> None:
    sig = find_signature(f"Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n{line}")
    assert sig.signer == Signer(name=name, position="THỨ TRƯỞNG", authority="KT. BỘ TRƯỞNG")


def test_authority_line_under_a_caps_title_is_not_title() -> None:
    # 054: the trích yếu, then the deciding authority (here without the blank line between them)
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 1627/QĐ-UBND\nQuảng Ngãi, ngày\n21 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\n\n"
            "VỀ VIỆC BAN HÀNH KẾ HOẠCH KIỂM KÊ TÀI SẢN CÔNG TẠI CƠ QUAN, TỔ\n"
            "CHỨC, ĐƠN VỊ, TÀI SẢN KẾT CẤU HẠ TẦNG DO NHÀ NƯỚC ĐẦU TƯ, QUẢN LÝ THUỘC PHẠM VI\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\n")
    h = parse_header(_doc(text))
    assert h.title is not None and h.title.endswith("THUỘC PHẠM VI")
    assert h.issued_date == date(2025, 11, 21) and h.body is not None
    assert h.body.of(text).strip() == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"


@pytest.mark.parametrize(("text", "issuer"), [
    ("THỦ TƯỚNG CHÍNH PHỦ điện:\n\n- Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ;", "Thủ tướng Chính phủ"),  # 028
    ("TM. BAN THƯỜNG VỤ TỈNH ĐOÀN", "Ban Thường vụ Tỉnh đoàn"),
    ("Thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030 (gọi chung là Chương trình), "
     "Ủy ban nhân dân tỉnh Lâm Đồng xây dựng kế hoạch thực hiện Chương trình", "Ủy ban nhân dân tỉnh Lâm Đồng"),  # 064
])
def test_issuer_without_an_issuer_block(text: str, issuer: str) -> None:
    assert issuer_from_text(text) == issuer


@pytest.mark.parametrize(("caps", "normal"), [
    ("TỈNH ỦY QUẢNG NINH", "Tỉnh ủy Quảng Ninh"),
    ("HỘI ĐỒNG NHÂN DÂN TỈNH AN GIANG", "Hội đồng nhân dân tỉnh An Giang"),
    ("ĐẢNG UỶ XÃ CÔNG HẢI", "Đảng uỷ xã Công Hải"),
])
def test_normal_case_of_party_and_council_bodies(caps: str, normal: str) -> None:
    assert normal_case(caps) == normal


def test_vv_wrapped_in_a_table_beside_the_date() -> None:
    # 073's header laid out as table rows, with the V/v cell wrapped over two rows and the date beside it
    text = ("|UBND TỈNH BÌNH THUẬN |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|VĂN PHÒNG |Độc lập - Tự do - Hạnh phúc |\n"
            "|Số: /VP-NCKSTTHC | |\n|V/v tham mưu công bố danh mục |Bình Thuận, ngày tháng 12 năm 2024 |\n"
            "|thủ tục hành chính | |\n\nKính gửi: Các cơ quan chuyên môn thuộc UBND tỉnh.\n")
    h = parse_header(_doc(text))
    assert (h.doc_type, h.title, h.place, h.issued_date) == (
        "Công văn", "tham mưu công bố danh mục thủ tục hành chính", "Bình Thuận", None)
    assert h.body is not None and h.body.of(text).strip().startswith("Kính gửi:")


def test_motto_column_read_before_the_issuer_column() -> None:
    # 049's header lines with the right column (motto, place and date) emitted before the left one
    text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 26 tháng 11 năm 2025\n\n"
            "BỘ NỘI VỤ\nSố: 11208/BNV-KHTC\nV/v tỷ lệ chi phí quản lý thực hiện chính\n"
            "sách, chế độ ưu đãi người có công với cách mạng năm 2026\n\n"
            "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung\nương\n")
    h = parse_header(_doc(text))
    assert (h.issuer, h.number, h.issued_date, h.doc_type) == (
        "Bộ Nội vụ", "11208/BNV-KHTC", date(2025, 11, 26), "Công văn")
    assert h.title == "tỷ lệ chi phí quản lý thực hiện chính sách, chế độ ưu đãi người có công với cách mạng năm 2026"


def test_signature_column_read_before_noi_nhan() -> None:
    # 059's signature and Nơi nhận lines, with the signature column emitted first
    text = ("đề xuất bố trí kinh phí thực hiện các nhiệm vụ của kế hoạch trong dự toán ngân sách hằng năm "
            "được cấp có thẩm quyền giao./.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Ngọc Phúc\n\n"
            "Nơi nhận:\n- Bộ Nội vụ;\n- Thường trực Tỉnh ủy;\n- Lưu: VT, NC.Châu\n")
    sig = find_signature(text)
    assert sig.start == text.index("KT.")
    assert sig.signer == Signer(name="Nguyễn Ngọc Phúc", position="PHÓ CHỦ TỊCH", authority="KT. CHỦ TỊCH")
    assert sig.recipients == ("Bộ Nội vụ", "Thường trực Tỉnh ủy")


BLOCKS = yaml.safe_load((Path(__file__).parent / "cases" / "header_blocks.yaml").read_text("utf-8"))


def test_block_table_covers_every_kind() -> None:
    kinds = [r["kind"] for r in BLOCKS]
    assert len(BLOCKS) >= 30
    assert {k: kinds.count(k) >= 3 for k in ("state", "so", "vanphong", "party", "doan", "web")} == dict.fromkeys(
        ("state", "so", "vanphong", "party", "doan", "web"), True)


@pytest.mark.parametrize("row", BLOCKS, ids=[f"{i}-{r['kind']}" for i, r in enumerate(BLOCKS)])
def test_header_block(row: dict[str, Any]) -> None:
    h = parse_header(_doc(row["text"]))
    got = {
        "issuer": h.issuer, "issuer_parents": list(h.issuer_parents), "number": h.number, "doc_type": h.doc_type,
        "issued_date": h.issued_date.isoformat() if h.issued_date else None, "title": h.title,
        "signer": h.signer.name if h.signer else None,
    }
    assert {k: got[k] for k in row["expect"]} == row["expect"]


@pytest.mark.parametrize(("line", "doc_type"), [
    ("KẾ HOẠCH", "Kế hoạch"),
    ("KẾ HOẠCH LIÊN TỊCH", "Kế hoạch"),
    ("**CHƯƠNG TRÌNH HÀNH ĐỘNG**", "Chương trình"),
    ("THÔNG BÁO  KẾT LUẬN", "Thông báo"),
    ("CÔNG ĐIỆN KHẨN", "Công điện"),
    ("QUYẾT ĐỊNH", "Quyết định"),
    ("QUYẾT ĐỊNH:", None),  # opens the articles of a decision
    ("KẾ HOẠCH NĂM 2026", None),  # a modifier that is not one of a type line
    ("HÀNH ĐỘNG", None),
])
def test_a_type_line_alone_or_with_its_modifier(line: str, doc_type: str | None) -> None:
    """One look-up per cell (summary.type_lines) reads the same type lines as comparing with every type."""
    from pipeline.structure.lines import cells
    from pipeline.structure.summary import _type_cell

    typed = _type_cell(cells(line)[0])
    assert (typed[0] if typed else None) == doc_type
