"""When each duty falls due: a document's period, rhythms anchored to a day, and their occurrences.

A rhythm as extracted (`FREQ=MONTHLY;INTERVAL=6` for `định kỳ 6 tháng`) says how often, not on
which day. Here it gets its days:
- the day the text names stays (`trước ngày 20 hằng tháng` → BYMONTHDAY=20, `trước ngày 15/12 hằng
  năm`, `ngày 05 của tháng liền kề`);
- else the end of each period (pipeline/data/period_ends.yaml: 6 tháng → 30/6 and 31/12, quý → the
  end of each quarter, năm → 31/12, tháng → the last day, tuần → Friday), marked estimated (ước tính).
The series starts in the document's period and stops at its end (`UNTIL`): the period is the
span in the title or the opening (`năm 2023`, `giai đoạn 2026–2030`); the series starts at the
document's date, else at that period's start, else at the ingest date. A day is never taken from
the issue date. Without a period in the title the series has no end; its occurrences are listed
up to a horizon (`HORIZON_DAYS` after the ingest date); a series with an end, to its end.

Pure functions of an extracted record (the dicts of `extracted/<id>.json`) and the ingest date."""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from dateutil.rrule import rrulestr

from ..datafiles import load_yaml

DATA = Path(__file__).resolve().parent.parent / "data"
HORIZON_DAYS = 731  # occurrences of a series without end are listed up to two years after the ingest date
MAX_OCCURRENCES = 400  # per deadline (a daily rhythm over years): the latest ones are kept

YEAR = r"(?:19|20)\d{2}"
# 'giai đoạn 2026–2030', 'năm 2024 - 2025', '2021-2025'
YEARS = re.compile(rf"(?<![\d/])(?P<y1>{YEAR})\s*[-–—]\s*(?P<y2>{YEAR})(?![\d/])")
# 'định hướng đến năm 2030', 'tầm nhìn tới năm 2045': an end, not a year of its own
TO_YEAR = re.compile(rf"(?:đến|tới)\s+(?:hết\s+)?năm\s+(?P<y>{YEAR})(?!\d)", re.IGNORECASE)
ONE_YEAR = re.compile(rf"(?<![\w])năm\s+(?P<y>{YEAR})(?![\d/])", re.IGNORECASE)
# the opening sentence that states what the plan is for: 'Ban Thường vụ Tỉnh đoàn xây dựng kế hoạch … năm 2023'
SCOPE = re.compile(r"(?:kế\s+hoạch|chương\s+trình|đề\s+án)[^.;\n]{0,200}", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """The span of time a document's duties belong to; `end` None when the text gives none."""

    start: date
    end: date | None
    source: str  # date | title | scope | ingest


@dataclass(frozen=True)
class Anchored:
    """A deadline's days: the calendar rule (None for a single day), its first day, and every occurrence."""

    rrule: str | None
    dtstart: date
    estimated: bool
    days: tuple[date, ...]


@cache
def conventions() -> dict[str, Any]:
    with open(DATA / "period_ends.yaml", encoding="utf-8") as fh:
        data: dict[str, Any] = load_yaml(fh)
    return data


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def span_in(text: str) -> tuple[date | None, date | None] | None:
    """The period a title or an opening names: (first day, last day); None when it names none."""
    if m := YEARS.search(text):
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y1 <= y2 <= y1 + 10:
            return date(y1, 1, 1), date(y2, 12, 31)
    ends = TO_YEAR.search(text)
    for m in ONE_YEAR.finditer(text):
        if ends and ends.start() <= m.start() < ends.end():
            continue
        return date(int(m["y"]), 1, 1), date(int(m["y"]), 12, 31)
    if ends:
        return None, date(int(ends["y"]), 12, 31)
    return None


def _opening(rec: Mapping[str, Any]) -> str:
    """The text before the first section, with citations blanked ('Căn cứ Luật … năm 2022' is no period)."""
    text: str = rec.get("text") or ""
    sections = rec.get("sections") or []
    stop = min((s["start"] for s in sections), default=min(len(text), 3000))
    chars = list(text[:stop])
    for c in rec.get("citations") or []:
        for i in range(max(0, c["start"]), min(stop, c["end"])):
            chars[i] = " "
    opening = "".join(chars)
    return " ".join(m.group() for m in SCOPE.finditer(opening))


def document_period(rec: Mapping[str, Any], today: date) -> Period:
    """The document's period: its date, else the year or span of its title or opening, else the ingest date."""
    doc = rec.get("document") or {}
    issued = _day(doc.get("issued_date"))
    named, source = span_in(doc.get("title") or ""), "title"
    if named is None:
        named, source = span_in(_opening(rec)), "scope"
    first, last = named if named else (None, None)
    if issued is not None:
        start = max(issued, first) if first else issued
        if last is not None and last < start:
            last = None  # a date after the named span: the span is history, the duties go on
        return Period(start, last, "date" if named is None or last is None else source)
    if first is not None:
        return Period(first, last, source)
    return Period(today, last if last and last >= today else None, "ingest" if last is None else source)


# ------------------------------------------------------------------ rules


def _parts(rrule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rrule.upper().split(";") if "=" in p)


def _join(parts: Mapping[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in parts.items())  # FREQ first (dicts keep their order)


def day_rule(rrule: str) -> tuple[str, bool]:
    """The rule with its day (`FREQ=MONTHLY;INTERVAL=6` → `FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1`) and
    whether that day is estimated (the text names none)."""
    parts = _parts(rrule)
    if any(k in parts for k in ("BYMONTHDAY", "BYDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS")):
        return _join(parts), False
    freq = parts.get("FREQ", "")
    if freq in ("DAILY", "HOURLY", "MINUTELY", "SECONDLY"):
        return _join(parts), False
    conv = conventions()
    if "BYMONTH" in parts:  # 'tháng 3, tháng 6 và tháng 9 hằng năm'
        return _join({**parts, **_parts(conv["month_end"])}), True
    known = conv["period_ends"].get(_join(parts))
    if known:
        return known, True
    extra = conv["unit_end"].get(freq)
    if extra is None:
        return _join(parts), False
    return _join({**parts, **_parts(extra)}), True


def _expand(rule: str, start: date, until: date | None, horizon: date) -> list[date]:
    try:
        it = rrulestr(rule, dtstart=datetime.combine(start, datetime.min.time()))
    except (ValueError, TypeError):
        return []
    stop = until or horizon  # a series with an end is listed to its end
    days = [d.date() for d in it.between(datetime.combine(start, datetime.min.time()),
                                          datetime.combine(stop, datetime.min.time()), inc=True)]
    return days[-MAX_OCCURRENCES:]


def anchor_rhythm(rrule: str, period: Period, today: date) -> Anchored | None:
    """The rhythm's calendar rule (with UNTIL at the period's end) and its occurrences; None when it has none."""
    rule, estimated = day_rule(rrule)
    horizon = max(today, period.start) + timedelta(days=HORIZON_DAYS)
    days = _expand(rule, period.start, period.end, horizon)
    if not days:
        return None
    full = rule
    if period.end is not None and "UNTIL" not in _parts(rule) and "COUNT" not in _parts(rule):
        full = f"{rule};UNTIL={period.end:%Y%m%d}"
    # DTSTART is the first occurrence; a series cut to MAX_OCCURRENCES still starts at its true first day
    first = _expand(rule, period.start, period.end, min(horizon, _month_after(period.start, 13)))
    return Anchored(full, first[0] if first else days[0], estimated, tuple(days))


def _month_after(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    return date(day.year + y, m + 1, min(day.day, calendar.monthrange(day.year + y, m + 1)[1]))


def anchor_deadline(dl: Mapping[str, Any], period: Period, today: date) -> Anchored | None:
    """The days of one extracted deadline: a rhythm's occurrences, or the one due day of the others."""
    if dl.get("kind") == "recurring" and dl.get("rrule"):
        return anchor_rhythm(str(dl["rrule"]), period, today)
    due = _day(dl.get("due"))
    return Anchored(None, due, False, (due,)) if due else None


def resolve_deadlines(rec: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The record with `document.period` and, on each dated deadline, `calendar`: rule, first day,
    estimated, days (ISO dates). A new dict: the record given is not changed."""
    period = document_period(rec, today)
    deadlines = []
    for dl in rec.get("deadlines") or []:
        a = anchor_deadline(dl, period, today)
        cal = None if a is None else {"rrule": a.rrule, "dtstart": a.dtstart.isoformat(), "estimated": a.estimated,
                                      "days": [d.isoformat() for d in a.days]}
        deadlines.append({**dl, "calendar": cal})
    doc = {**(rec.get("document") or {}), "period": {
        "start": period.start.isoformat(), "end": period.end.isoformat() if period.end else None,
        "source": period.source}}
    return {**rec, "document": doc, "deadlines": deadlines}


def next_and_overdue(days: Iterable[tuple[date, bool]], today: date) -> tuple[date | None, date | None]:
    """(next due, overdue since) from (day, done) pairs: the first undone day on or after today (else the
    last undone one), and the earliest undone day before today."""
    undone = sorted(d for d, done in days if not done)
    ahead = [d for d in undone if d >= today]
    past = [d for d in undone if d < today]
    nxt = ahead[0] if ahead else (past[-1] if past else None)
    return nxt, (past[0] if past else None)
