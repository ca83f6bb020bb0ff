"""Relative deadlines: a term counted from an event (schema `deadlines[].kind` = relative).

`trong thời hạn 15 ngày kể từ ngày ký`, `chậm nhất 02 ngày sau khi công bố điểm` (resolved from the document's date by the Civil Code rules of
extract/workdays.py when the event is this document's signing), `chậm nhất 05 ngày làm việc kể từ
ngày nhận được văn bản`, `muộn nhất sau khi Cuộc thi kết thúc 30 phút`, `ít nhất 7 ngày làm việc
trước khi tạm ngừng cung cấp dịch vụ` (counted back from an event). Whether the phrase is a deadline
(not an effective date) is decided by the caller (extract/deadlines.py)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..model import Deadline, Span
from ..scanning import scanner
from .workdays import add_period

RELATIVE = scanner(
    r"""(?<![\w])(?:trong\s+(?:thời\s+hạn|vòng)\s+|chậm\s+nhất(?:\s+là)?\s+|muộn\s+nhất(?:\s+là)?\s+|không\s+quá\s+|sau\s+|trong\s+
        |thời\s+hạn(?:\s+[^\s\d:,.;]+){0,3}\s*:?\s+)
        (?P<n>\d{1,3})\s*(?:\([^)]{1,20}\)\s*)?(?P<unit>ngày|tuần|tháng|năm)(?P<wd>\s+làm\s+việc)?
        \s*,?\s*(?:(?:kể\s+)?từ\s+(?:ngày|khi|thời\s+điểm)|sau\s+(?:khi|ngày))\s+(?P<anchor>[^,.;\n()]{2,60}?)(?=\s*[,.;\n()]|\s+(?:và|để|cho)\s|$)
      |(?<![\w])(?:muộn|chậm)\s+nhất(?:\s+là)?\s+sau\s+khi\s+[^,.;\n()]{3,60}
      |(?<![\w])(?:ít\s+nhất|chậm\s+nhất|trước)\s+(?P<before>\d{1,3})\s*(?:\([^)]{1,20}\)\s*)?(?:ngày|tuần|tháng)
        (?:\s+làm\s+việc)?\s+trước\s+(?:khi|ngày|thời\s+điểm)\s+[^,.;\n()]{3,60}?(?=\s*[,.;\n()]|$)""",
    re.IGNORECASE | re.VERBOSE,
)
# the anchor is this document's signing: 'kể từ ngày ký', 'kể từ ngày ban hành Kế hoạch này', 'kể từ ngày Quyết định
# này được ký' (not 'kể từ ngày ký quyết định công nhận …', another document)
THIS_DOC = r"(?:văn\s+bản|kế\s+hoạch|quyết\s+định|chỉ\s+thị|công\s+văn|thông\s+báo|công\s+điện|chương\s+trình)\s+này"
SIGNING = scanner(
    rf"^(?:(?:ký|ban\s+hành|ký\s+ban\s+hành)(?:\s+{THIS_DOC})?|{THIS_DOC}\s+(?:được\s+)?(?:ký|ban\s+hành))\s*$",
    re.IGNORECASE,
)


def find_relative(text: str, issued: date | None) -> Iterator[Deadline]:
    """Every relative term in `text`, due on a day when it counts from this document's signing and `issued` is known."""
    for m in RELATIVE.finditer(text):
        due = None
        if m["n"] and issued and SIGNING.match((m["anchor"] or "").strip()):
            due = add_period(issued, int(m["n"]), m["unit"].lower(), working_days=bool(m["wd"]))
        rule = "counted-from" if m["n"] else "before-event" if m["before"] else "after-event"
        yield Deadline(Span(m.start(), m.end()), "relative", due=due, rule=rule)
