"""Deadlines (first version: explicit 'trước ngày d/m/y' days and 'định kỳ' rhythms)."""
from __future__ import annotations

import re

from ..model import Citation, Deadline, Span, Structure
from ..structure.dates import make_date

BEFORE_DAY = re.compile(
    r"(?:trước|chậm nhất(?: là)?|hạn chót)\s+(?:ngày\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?",
    re.IGNORECASE,
)
RHYTHM = re.compile(r"(?:định kỳ\s+)?(?:hằng|hàng)\s+(?P<unit>tuần|tháng|quý|năm)", re.IGNORECASE)
RRULES = {"tuần": "FREQ=WEEKLY", "tháng": "FREQ=MONTHLY", "quý": "FREQ=MONTHLY;INTERVAL=3", "năm": "FREQ=YEARLY"}


def find_deadlines(text: str, structure: Structure, citations: tuple[Citation, ...]) -> tuple[Deadline, ...]:
    year = structure.header.issued_date.year if structure.header.issued_date else None
    out: list[Deadline] = []
    for m in BEFORE_DAY.finditer(text):
        due = make_date(m["y"] or year, m["m"], m["d"])
        if due:
            out.append(Deadline(Span(m.start(), m.end()), "absolute", due=due, rule="before-day"))
    for m in RHYTHM.finditer(text):
        out.append(Deadline(Span(m.start(), m.end()), "recurring", rrule=RRULES[m["unit"].lower()], rule="rhythm"))
    return tuple(sorted(out, key=lambda d: d.span))
