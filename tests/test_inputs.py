"""Inputs of issue 14 that were lost, misread or crashed: each file is read, or refused with one line."""
from __future__ import annotations

from pathlib import Path

from pipeline.extract import extract
from pipeline.read import read

BODY = "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính báo cáo UBND tỉnh trước ngày 15/12/2026.\n"


def test_address_pipe_row_above_the_header_row(tmp_path: Path) -> None:
    """'Kính gửi: | …' as the first `|` row, the header rows after it: max() of nothing crashed."""
    path = tmp_path / "cv.txt"
    path.write_text("Kính gửi: | Các sở, ban, ngành\n"
                    "ỦY BAN NHÂN DÂN TỈNH X | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                    "Số: 15/UBND-VP | Độc lập - Tự do - Hạnh phúc\n\n" + BODY, "utf-8")
    ex = extract(read(path))
    assert [o.actors for o in ex.obligations] == [("Sở Nội vụ",)]
