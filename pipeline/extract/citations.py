"""Citations of other documents (first version: numbered citations with a type word)."""
from __future__ import annotations

import re

from ..model import Citation, Span, Structure
from ..structure.dates import parse_date

TYPE_WORDS = {
    "nghị định": "Nghị định", "quyết định": "Quyết định", "kế hoạch": "Kế hoạch", "chỉ thị": "Chỉ thị",
    "công văn": "Công văn", "thông tư": "Thông tư", "nghị quyết": "Nghị quyết", "hướng dẫn": "Hướng dẫn",
    "quy định": "Quy định", "kết luận": "Kết luận", "thông báo": "Thông báo", "công điện": "Công điện",
    "luật": "Luật", "chương trình": "Chương trình", "tờ trình": "Tờ trình", "báo cáo": "Báo cáo",
}
CITATION = re.compile(
    r"""(?P<type>""" + "|".join(w.replace(" ", r"\s*") for w in TYPE_WORDS) + r""")\s+(?:số\s*)?
        (?P<num>\d{1,5}[a-z]?\s*[-/]\s*(?:(?:19|20)\d{2}\s*/\s*)?[A-ZĐ][A-Za-zĐđ0-9&]*(?:\s*[-/]\s*[A-ZĐ][A-Za-zĐđ0-9&]*)*)
        (?P<date>,?\s*ngày\s+\d{1,2}(?:/\d{1,2}/\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?""",
    re.VERBOSE | re.IGNORECASE,
)


def find_citations(text: str, structure: Structure) -> tuple[Citation, ...]:
    own = (structure.header.number or "").replace(" ", "")
    out = []
    for m in CITATION.finditer(text):
        number = re.sub(r"\s+", "", m["num"])
        if number == own:
            continue
        out.append(
            Citation(
                span=Span(m.start(), m.end()),
                doc_type=TYPE_WORDS.get(" ".join(m["type"].lower().split())),
                number=number,
                issued_date=parse_date(m["date"]) if m["date"] else None,
                rule="typed-number",
            )
        )
    return tuple(out)
