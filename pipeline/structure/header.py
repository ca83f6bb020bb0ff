"""Header fields of a Vietnamese official document (first version, refined in its own issue).

Reads the first lines (issuer block, number, place-date, type and trích yếu) and the last lines
(signature block and Nơi nhận)."""
from __future__ import annotations

import re

from ..model import Document, Header, Signer, Span
from .dates import LONG_DATE, make_date

DOC_TYPES = {
    "KẾ HOẠCH": "Kế hoạch", "QUYẾT ĐỊNH": "Quyết định", "CHỈ THỊ": "Chỉ thị", "THÔNG BÁO": "Thông báo",
    "KẾT LUẬN": "Kết luận", "CÔNG ĐIỆN": "Công điện", "BÁO CÁO": "Báo cáo", "HƯỚNG DẪN": "Hướng dẫn",
    "CHƯƠNG TRÌNH": "Chương trình", "NGHỊ QUYẾT": "Nghị quyết", "QUY ĐỊNH": "Quy định", "QUY CHẾ": "Quy chế",
    "TỜ TRÌNH": "Tờ trình", "THỂ LỆ": "Thể lệ", "ĐỀ ÁN": "Đề án", "PHƯƠNG ÁN": "Phương án",
}
NUMBER = re.compile(r"^\s*Số\s*:?\s*(?P<num>[^\s].*?)\s*$", re.MULTILINE)


def parse_header(doc: Document) -> Header:
    text = doc.text
    head = text[:3000]
    number = None
    m = NUMBER.search(head)
    if m:
        raw = re.split(r"\s{2,}|\s+(?=[A-ZĐ][a-zà-ỹđ]+,\s*ngày)", m["num"])[0]
        raw = re.sub(r"\s+", "", raw)
        number = raw if re.match(r"^\d", raw) else None
    issued = None
    dm = LONG_DATE.search(head)
    if dm:
        issued = make_date(dm["y"], dm["m"], dm["d"])
    doc_type = title = None
    for line_m in re.finditer(r"^(.+)$", head, re.MULTILINE):
        line = line_m.group(1).strip()
        if line in DOC_TYPES:
            doc_type = DOC_TYPES[line]
            rest = head[line_m.end():].strip().split("\n\n")[0]
            title = " ".join(rest.split()) or None
            break
        if line.startswith("V/v"):
            doc_type, title = "Công văn", line[3:].strip()
            break
    signer = None
    tail = text[-1500:]
    am = re.search(r"^(TM|KT|TL|TUQ|Q|T/M|K/T|T/L)[.\s]+.*$", tail, re.MULTILINE)
    if am:
        signer = Signer(authority=am.group(0).strip())
    return Header(
        doc_type=doc_type, number=number, issued_date=issued, title=title, signer=signer,
        body=Span(0, len(text)),
    )
