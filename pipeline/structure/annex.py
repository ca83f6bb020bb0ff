"""Documents attached after the signature: the Kế hoạch or Quy chế a Quyết định issues, a Phụ lục.

Their duties and deadlines are as binding as the body's, so the structure reads them as body too.
The caption under an annex's title names the document the annex goes with, that is the document
itself: `(Ban hành kèm theo Quyết định số 1520/QĐ-UBND ngày 12 tháng 8 năm 2025 của Ủy ban nhân dân
tỉnh Gia Lai)`. A web copy without a header block takes its number, date and issuer from there."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from ..model import Span
from ..scanning import scanner
from .dates import make_date
from .doctypes import by_name
from .titles import caption_holder

# the heading of an annex after the signature block: PHỤ LỤC, or the document a Quyết định issues
ANNEX = scanner(
    r"""^[ \t]*(?:(?:PHỤ\s+LỤC|KẾ\s+HOẠCH|QUY\s+CHẾ|QUY\s+ĐỊNH|CHƯƠNG\s+TRÌNH|ĐỀ\s+ÁN|PHƯƠNG\s+ÁN|DANH\s+MỤC|HƯỚNG\s+DẪN)
        (?:[ \t]+[^\n]*)?$
      |(?i:phụ\s+lục)(?:[ \t]+[0-9IVX]+)?[ \t]*[.:]?[ \t]*$
      |\((?i:(?:ban\s+hành\s+)?kèm\s+theo)\s)""",
    re.MULTILINE | re.VERBOSE,
)

_PART = r"[A-ZĐ][A-Za-zĐđ0-9&.]*"  # KH, CTr, TTg, UBND, C06
_NUMBER = rf"\d{{1,6}}[a-z]?(?:[ \t]*[/\-–][ \t]*(?:(?:19|20)\d\d|{_PART}))+"  # 1520/QĐ-UBND, 44 /2005/QĐ-UBND
_DATE = r"""ngày[ \t]*(?P<d>\d{1,2})[ \t]*(?:tháng|[/.\-–])[ \t]*(?P<m>\d{1,2})[ \t]*(?:năm|[/.\-–])[ \t]*(?P<y>(?:19|20)\d\d)"""


@dataclass(frozen=True)
class Caption:
    span: Span
    doc_type: str
    number: str
    issued: date | None
    issuer: str | None


@cache
def _caption_regex() -> re.Pattern[str]:
    types = "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(by_name(), key=len, reverse=True))
    return re.compile(
        rf"""(?i:(?:ban[ \t]+hành[ \t]+)?kèm[ \t]+theo)[ \t]+(?P<type>(?i:{types}))[ \t]+(?i:số)[ \t]*:?[ \t]*
        (?P<number>{_NUMBER})
        (?:[ \t]*,?[ \t]*{_DATE})?
        (?:[ \t]*,?[ \t]*của[ \t]+(?P<issuer>[^()\[\]\n;]{{3,150}}?))?
        [ \t]*(?=[)\]\n;]|$|[ \t]+(?:về|V/v)[ \t])""",
        re.VERBOSE,
    )


def find_annex(text: str, after: int) -> Span | None:
    """From the first annex heading after `after` (the end of the signature and Nơi nhận) to the end."""
    m = ANNEX.search(text, after)
    return Span(m.start(), len(text)) if m else None


def find_caption(text: str, after: int) -> Caption | None:
    """The first `kèm theo <type> số …` caption after `after` (the end of the signature block)."""
    m = _caption_regex().search(text, after)
    if not m:
        return None
    number = re.sub(r"[ \t]*([/\-–])[ \t]*", r"\1", m["number"]).replace("–", "-")
    issuer = caption_holder().sub(  # `của Chủ tịch Ủy ban nhân dân tỉnh`: the body issues
        "", " ".join(m["issuer"].split())).strip(" ,.") if m["issuer"] else None
    return Caption(Span(m.start(), m.end()), by_name()[" ".join(m["type"].lower().split())], number,
                   make_date(m["y"], m["m"], m["d"]), issuer or None)
