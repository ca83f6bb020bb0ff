"""Calendar periods named in Vietnamese text: a month, a quarter, a half-year, nine months, a year.

`find_periods(text, default_year)` yields every period phrase with its first and last day:
`tháng 10/2023`, `quý II/2023`, `Quý IV, năm 2025`, `6 tháng đầu năm 2024`, `năm 2024`,
`quý I và quý II/2030` (one period per quarter; the year written once at the end), `2024 - 2025`.
Whether a period is a deadline is decided by the caller (extract/deadlines.py) from its context."""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..scanning import scanner

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "một": 1, "hai": 2, "ba": 3, "bốn": 4}

YEAR = r"(?:19|20)\d{2}"
# '/2023', ' năm 2023', ', năm 2023', ' - 2023' after a month or a quarter
YEAR_TAIL = rf"(?:\s*/\s*|\s*,?\s*năm\s+|\s*[-–]\s*)(?P<y>{YEAR})(?!\d)"
QUARTER_NUM = r"(?:IV|I{1,3}|[1-4]|một|hai|ba|bốn)"

# quý I và quý II/2030, quý I, II/2024: the year is written once, after the last quarter
QUARTERS = scanner(
    rf"""(?<![\w])quý\s+(?P<qs>{QUARTER_NUM}(?:\s*(?:,|và|-|–)\s*(?:quý\s+)?{QUARTER_NUM})*)(?![\w]){YEAR_TAIL}""",
    re.IGNORECASE | re.VERBOSE,
)
MONTH_NUM = r"(?:1[0-2]|0?[1-9])(?!\d)"
# tháng 10/2023, tháng 10 năm 2023 (not the '05 tháng 3 năm 2023' of a full date: no digit before);
# months written together, the year once at the end: 'tháng 11, tháng 12 năm 2025', 'tháng 4 và tháng 8 năm 2026'
# (one period each), 'tháng 3 - 4/2026' (one window to the end of the last)
MONTH = scanner(
    rf"""(?<![\d])(?<!\d\s)(?<!ngày\s)tháng\s+(?P<ms>{MONTH_NUM}(?:\s*(?:,|và|-|–)\s*(?:tháng\s+)?{MONTH_NUM})*)
        {YEAR_TAIL}""",
    re.IGNORECASE | re.VERBOSE,
)
# 6 tháng đầu năm 2024, 06 tháng cuối năm, 9 tháng đầu năm 2025
PART_OF_YEAR = scanner(
    rf"""(?<![\d])(?P<n>0?6|sáu|0?9|chín)\s+tháng\s+(?P<half>đầu|cuối)\s+năm(?:\s+(?P<y>{YEAR}))?(?!\d)""",
    re.IGNORECASE | re.VERBOSE,
)
# năm 2024 (alone: 'năm học 2023 - 2024' and 'nhiệm kỳ' are refused by the caller's context)
YEAR_ONLY = scanner(rf"""(?<![\w])năm\s+(?P<y>{YEAR})(?![\d/])""", re.IGNORECASE)
# 2024 - 2025 (a table cell or a 'Thời gian:' value)
YEAR_RANGE = scanner(rf"""(?<![\d/])(?P<y1>{YEAR})\s*[-–]\s*(?P<y2>{YEAR})(?![\d/])""")


@dataclass(frozen=True)
class Period:
    start: int  # offsets of the phrase in the text searched
    end: int
    first: date
    last: date
    unit: str  # month | months | quarter | half | nine-months | year | years


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first, _ = month_bounds(year, 3 * quarter - 2)
    return first, month_bounds(year, 3 * quarter)[1]


def _quarter(token: str) -> int | None:
    return ROMAN.get(token.strip().lower())


def find_periods(text: str, default_year: int | None = None) -> Iterator[Period]:
    """Every period phrase in `text`, in no particular order (overlaps are possible)."""
    for m in QUARTERS.finditer(text):
        y = int(m["y"])
        for q_m in re.finditer(QUARTER_NUM, m["qs"], re.IGNORECASE):
            q = _quarter(q_m.group())
            if q:
                first, last = quarter_bounds(y, q)
                yield Period(m.start(), m.end(), first, last, "quarter")
    for m in MONTH.finditer(text):
        y, listed = int(m["y"]), [int(n) for n in re.findall(r"\d+", m["ms"])]
        if len(listed) > 1 and not all(a < b for a, b in zip(listed, listed[1:], strict=False)):
            continue  # 'tháng 12, tháng 3 năm 2026' reads no calendar order: no period
        if len(listed) == 2 and not re.search(r",|và", m["ms"]):  # 'tháng 3 - 4/2026'
            yield Period(m.start(), m.end(), month_bounds(y, listed[0])[0], month_bounds(y, listed[1])[1], "months")
            continue
        for month in listed:
            first, last = month_bounds(y, month)
            yield Period(m.start(), m.end(), first, last, "month")
    for m in PART_OF_YEAR.finditer(text):
        half_year = int(m["y"]) if m["y"] else default_year
        if half_year is None:
            continue
        y = half_year
        months = 9 if m["n"].lower() in ("9", "09", "chín") else 6
        if m["half"].lower() == "đầu":
            first, last = date(y, 1, 1), month_bounds(y, months)[1]
        else:
            first, last = date(y, 13 - months, 1), date(y, 12, 31)
        yield Period(m.start(), m.end(), first, last, "half" if months == 6 else "nine-months")
    for m in YEAR_ONLY.finditer(text):
        y = int(m["y"])
        yield Period(m.start(), m.end(), date(y, 1, 1), date(y, 12, 31), "year")
    for m in YEAR_RANGE.finditer(text):
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y1 < y2 <= y1 + 10:
            yield Period(m.start(), m.end(), date(y1, 1, 1), date(y2, 12, 31), "years")
