"""The number and symbol of a document (`Số: 597/KH-UBND`, `Số 19-KH/BCĐ`), and the type a symbol names.

Blank or unreadable numbers (drafts, handwritten digits) give no number but still mark where the
number line stands (the issuer block ends there)."""
from __future__ import annotations

import re

from ..model import Span
from ..scanning import scanner
from .doctypes import by_abbr

_PART = r"[A-ZĐ][A-Za-zĐđ0-9&.]*"  # KH, CTr, TTg, QLDN3, CTĐ&TTN
_SYMBOL = rf"(?:{_PART}|(?:19|20)\d\d)(?:\s*[/\-–]\s*{_PART})*"
NUMBER = scanner(
    rf"""(?<![^\W\d_])(?:Số|SỐ|Sô|Sỗ)\b \s* :? \s*   # Sô, Sỗ: how OCR and old fonts read Số
        (?: (?P<num>\d{{1,6}}[a-z]?) (?P<sep>\s*[/\-–]\s*|\s) \s* (?P<sym>{_SYMBOL})   # 597/KH-UBND, 225 - KH/...
          | [\s.…_]* [^\s/\-–]{{0,6}}? [ \t]* [/\-–] \s* (?P<bsym>{_SYMBOL})   # blank or unreadable: /KH-UBND, ¿92 /TB
        )""",
    re.VERBOSE,
)

# a number line OCR could not read as a number (`Số: 309 ®CA-C04`): still where the issuer block ends
SO_LINE = scanner(r"^[ \t|]*(?:Số|SỐ|Sô|Sỗ)[ \t]*:", re.MULTILINE)


def number_key(number: str) -> str:
    return re.sub(r"\s+", "", number).replace("–", "-").upper()


def read_number(text: str, limit: int) -> tuple[str | None, Span | None, str | None, int | None]:
    """(number as written without spaces around separators, its span, the symbol, where `Số` stands)."""
    m = NUMBER.search(text, 0, limit)
    if not m:
        return None, None, None, None
    if m["num"] is None:
        return None, None, clean_symbol(m["bsym"]), m.start()
    sep = m["sep"].strip() or " "
    number = f"{m['num']}{sep}{clean_symbol(m['sym'])}"
    return number, Span(m.start("num"), m.end("sym")), clean_symbol(m["sym"]), m.start()


def clean_symbol(sym: str) -> str:
    return re.sub(r"\s*([/\-–])\s*", r"\1", sym).strip(". ")


def type_from_symbol(symbol: str | None) -> str | None:
    """KH in 597/KH-UBND or 19-KH/BCĐ; a state symbol without a type code is a công văn."""
    if not symbol:
        return None
    parts = [p for p in re.split(r"[/\-–]", symbol) if p and not p.isdigit()]
    for part in parts[:2]:
        if part in by_abbr():
            return by_abbr()[part]
    return None


def cong_van(number: str | None) -> str | None:
    """A State number whose symbol has no type code (1234/UBND-VX, 88/SNV-CCVC) is a công văn's, even
    when its V/v line was not read."""
    return "Công văn" if number and re.match(r"\d+[a-z]?/[^\W\d_]", number) else None
