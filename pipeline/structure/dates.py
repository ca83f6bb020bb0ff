"""Vietnamese date forms shared by the header and the extractors: 09/01/2015, 9 tháng 1 năm 2015."""
from __future__ import annotations

import re
from datetime import date

# ngày 9 tháng 1 năm 2015 (spaces around the numbers vary; the day may be blank in drafts)
LONG_DATE = re.compile(
    r"""ngày \s* (?P<d>\d{1,2})? \s* tháng \s* (?P<m>\d{1,2}) \s* năm \s* (?P<y>(?:19|20)\d{2})""",
    re.VERBOSE | re.IGNORECASE,
)
# 09/01/2015, 9-1-2015, 09.01.2015, with stray spaces from hand-filled copies
NUMERIC_DATE = re.compile(
    r"""(?<![\d/])
        (?P<d>[0-3]?\d) \s* (?P<sep>[/.\-–]) \s* (?P<m>[01]?\d) \s* (?P=sep) \s* (?P<y>(?:19|20)\d{2})
        (?![\d/])""",
    re.VERBOSE,
)


def make_date(y: int | str | None, m: int | str | None, d: int | str | None) -> date | None:
    """A real calendar date or None (blank or impossible parts give None, never a guess)."""
    if not (y and m and d):
        return None
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first full date written in `text`, in either form."""
    m = LONG_DATE.search(text) or NUMERIC_DATE.search(text)
    return make_date(m["y"], m["m"], m["d"]) if m else None
