"""Page furniture that is not part of the document's body: digital-signature boxes and
incoming-mail stamps, removed line by line before the text is stored.

A signed PDF carries a box such as
    Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ
    Email: thongtinchinhphu@chinhphu.vn
    Cơ quan: VĂN PHÒNG CHÍNH PHỦ
    Thời gian ký: 25.09.2024 16:09:37 +07:00
and a received paper copy an `ĐẾN Số: … Ngày: … Chuyển: …` stamp. Each pattern is anchored at
the start of a line and needs the box's own wording, so body sentences (`Các Bộ, cơ quan: …`)
are left alone.
"""
from __future__ import annotations

import re

_DATE_TIME = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?)?"

FURNITURE_LINE = re.compile(
    rf"""
    ^\s*(?:
        (?:Người|Nguời)\s+ký\s*:.*                              # signer of the digital signature
      | Ký\s+bởi\s*:.*
      | E-?mail\s*:\s*\S*@\S*(?:\s+\S+)?\s*$                   # the signer's address alone on its line
      | .{{0,20}}Thời\s+gian\s+ký\s*:.*{_DATE_TIME}.*              # signing time (after a logo's text)
      | Ngày\s+ký\s*:\s*{_DATE_TIME}.*
      | (?:CÔNG\s+VĂN\s+)?ĐẾN\s*(?:Số|SỐ)\s*:?\s*\d*\s*(?:Ngày\s*:?.*)?$   # incoming-mail stamp
      | (?:Chuyển|Lưu\s+hồ\s+sơ\s+số)\s*:\s*\.*\s*$
    )
    """,
    re.VERBOSE,
)
# a signature box squeezed onto one line by a text layer: all four fields in a row
_INLINE_BOX = re.compile(
    rf"(?:Người|Ký\s+bởi)\s*(?:ký)?\s*:.*?Thời\s+gian\s+ký\s*:\s*{_DATE_TIME}(?:\s*[+-]\d{{2}}:?\d{{2}})?\s*"
)


# `Cơ quan: VĂN PHÒNG CHÍNH PHỦ`: the signing body, in capitals (a body sentence is not)
_AGENCY = re.compile(r"^\s*Cơ\s+quan\s*:\s*(\S.*)$")


def is_furniture(line: str) -> bool:
    agency = _AGENCY.match(line)
    if agency:
        return agency.group(1).isupper()
    return bool(FURNITURE_LINE.match(line))


def strip_furniture(text: str) -> str:
    """Drop signature-box and stamp lines (and a one-line signature box at a block's start)."""
    text = _INLINE_BOX.sub("", text, count=1) if _INLINE_BOX.match(text) else text
    return "\n".join(line for line in text.split("\n") if not is_furniture(line))
