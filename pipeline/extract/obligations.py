"""Obligations (first version: 'Giao X ...', 'X chủ trì ...', 'Đề nghị X ...')."""
from __future__ import annotations

import re

from ..model import Deadline, Document, Obligation, Span, Structure

TRIGGER = re.compile(
    r"""^(?:[-+•]\s*)?(?:(?P<verb>Giao|Đề nghị|Yêu cầu)\s+(?P<a1>[^,;:]{3,80}?)\s+(?P<act1>(?:chủ trì|tham mưu|triển khai|thực hiện|xây dựng|tổ chức|báo cáo|theo dõi|phối hợp|rà soát|khẩn trương|có trách nhiệm)\b.*)
        |(?P<a2>[A-ZĐ][^,;:]{2,80}?)\s+(?P<act2>(?:chủ trì|có trách nhiệm|chịu trách nhiệm)\b.*))""",
    re.VERBOSE | re.DOTALL,
)


def find_obligations(doc: Document, structure: Structure, deadlines: tuple[Deadline, ...]) -> tuple[Obligation, ...]:
    out = []
    for sent in structure.sentences:
        s = doc.text[sent.span.start : sent.span.end]
        m = TRIGGER.match(s)
        if not m:
            continue
        actor = (m["a1"] or m["a2"]).strip()
        action = (m["act1"] or m["act2"]).strip()
        linked = tuple(i for i, d in enumerate(deadlines) if d.span.start >= sent.span.start and d.span.end <= sent.span.end)
        out.append(Obligation(sent.span, sent.section, (actor,), action, deadlines=linked, rule=m["verb"] or "chủ trì"))
    return tuple(out)
