"""What every deadline finder needs from one document (extract/deadlines.py, extract/time_values.py):
the body and annexes, the citations to step over, the reference date (the document's date, or the
month of an undated draft's blank date) and the year a day or period written without one belongs to:
the sentence's own period, the document's date, the period heading of its section, the title's year,
the body's most common year."""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from itertools import accumulate

from ..model import Citation, Span, Structure
from ..structure.dates import LONG_DATE, make_date

YEAR = r"(?:19|20)\d{2}"
MONTH_NUM = r"(?:1[0-2]|0?[1-9])"  # a month's number: '3', '03', '12'
# the clause a position is in: back to the last '. ', '; ' or blank line
CLAUSE_BREAK = re.compile(r"[.;]\s|\n\s*\n")


class Context:
    """What a deadline needs from the document: the body, the reference date and year, the citations."""

    def __init__(self, text: str, structure: Structure, citations: tuple[Citation, ...]) -> None:
        head = structure.header
        self.text = text
        self.body = head.body or Span(0, len(text))
        # an annex after the signature (the Kế hoạch a Quyết định issues, a Phụ lục of tasks) is body again
        self.annex = head.annex
        cited = sorted((c.span.start, c.span.end) for c in citations)
        self.cited_starts = [a for a, _ in cited]
        self.cited_reach = list(accumulate((b for _, b in cited), max))  # furthest end among the first k
        self.issued = head.issued_date
        self.sections = structure.sections
        blank = LONG_DATE.search(text[:3000])  # 'ngày   tháng 4 năm 2026' in an unsigned draft
        self.reference: date | None = self.issued or (
            make_date(blank["y"], blank["m"], 1) if blank and not self.issued else None)
        years = [int(y) for y in re.findall(rf"(?<!\d){YEAR}(?!\d)", head.title or "")]
        self.title_years = set(years)
        self.title = _find_title(text, head.title)
        self.fallback_year = (
            self.reference.year if self.reference else max(years) if years else _common_year(text, self.body))

    def excluded(self, start: int, end: int) -> bool:
        in_annex = self.annex is not None and self.annex.start <= start
        if not (self.body.start <= start and end <= self.body.end) and not in_annex:
            return True
        if self.title and self.title.start <= start and end <= self.title.end:
            return True
        k = bisect_left(self.cited_starts, end)  # the citations starting before `end` …
        return k > 0 and self.cited_reach[k - 1] > start  # … one of which ends after `start`

    def is_past(self, day: date) -> bool:
        return self.reference is not None and day < self.reference

    def year_at(self, pos: int) -> int | None:
        """The year a day without one belongs to: the sentence's period, its section heading, the document."""
        clause = CLAUSE_BREAK.split(self.text[max(0, pos - 150) : pos])[-1]
        if years := re.findall(rf"(?:năm\s+|(?:quý\s+(?:IV|I{{1,3}}|[1-4])|tháng\s+\d{{1,2}})\s*/\s*)({YEAR})(?!\d)",
                               clause, re.IGNORECASE):
            return int(years[-1])
        if self.issued:
            return self.issued.year
        for sec in sorted((s for s in self.sections if s.span.start <= pos < s.span.end), key=lambda s: -s.level):
            years = re.findall(rf"(?<!\d){YEAR}(?!\d)", sec.heading)
            if len(years) == 1 and re.match(r"^(?:năm|quý|tháng)\b", sec.heading, re.IGNORECASE):
                return int(years[0])
        return self.fallback_year

    def plan_year(self, year: int) -> int | None:
        """The year a yearless month or quarter that `year` would put before the document's date belongs
        to instead: the one later year of the title ('Quý III' in a 'Kế hoạch … năm 2026' of December 2025)."""
        later = [y for y in self.title_years if y > year]
        return later[0] if len(self.title_years) == 1 and later else None


def _find_title(text: str, title: str | None) -> Span | None:
    """Where the trích yếu stands in the text (its words in order, any spacing), near the top."""
    words = (title or "").split()
    if not words or len(words) > 60:  # a header parser that ran into the body gives no usable title
        return None
    m = re.search(r"\s+".join(map(re.escape, words)), text[:5000])
    return Span(m.start(), m.end()) if m else None


def _common_year(text: str, body: Span) -> int | None:
    years = re.findall(rf"(?<![\d/]){YEAR}(?!\d)", text[body.start : body.end])
    return int(max(set(years), key=years.count)) if years else None
