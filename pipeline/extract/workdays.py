"""Counting days the way the Civil Code does (Bộ luật Dân sự 2015, Điều 144-148).

- the anchor day is not counted: `15 ngày kể từ ngày ký` counts from the next day;
- a period in days ends at the end of its last day; one that ends on a weekend or a public holiday
  ends on the next working day;
- `ngày làm việc` skips Saturdays, Sundays and public holidays.

The holidays, with the Tết break and the swapped days of each year, are data:
pipeline/data/holidays.yaml (2020-2030)."""
from __future__ import annotations

import calendar
import logging
from datetime import date, timedelta
from functools import cache
from importlib import resources

from ..datafiles import load_yaml

log = logging.getLogger(__name__)


class HolidayTable:
    """Days off and weekend days worked, per year, read once from holidays.yaml."""

    def __init__(self, off: frozenset[date], working: frozenset[date], years: frozenset[int]) -> None:
        self.off = off
        self.working = working
        self.years = years

    def is_working_day(self, day: date) -> bool:
        if day in self.working:
            return True
        if day.year not in self.years:
            log.debug("no holiday data for %s: counting weekends only", day.year)
        return day.weekday() < 5 and day not in self.off


@cache
def holidays() -> HolidayTable:
    raw = load_yaml(resources.files("pipeline").joinpath("data/holidays.yaml").read_text("utf-8"))
    off: set[date] = set()
    working: set[date] = set()
    for entry in raw["years"].values():
        off.update(entry.get("days_off") or ())
        working.update(entry.get("working") or ())
    return HolidayTable(frozenset(off), frozenset(working), frozenset(int(y) for y in raw["years"]))


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    table = holidays()
    while not table.is_working_day(day):
        day += timedelta(days=1)
    return day


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later, or that month's last day (Điều 147)."""
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_period(anchor: date, n: int, unit: str, working_days: bool = False) -> date:
    """The last day of `n` units (ngày, tuần, tháng, năm) counted from the day after `anchor`."""
    if working_days:
        table, day, left = holidays(), anchor, n
        while left > 0:
            day += timedelta(days=1)
            left -= table.is_working_day(day)
        return day
    if unit == "ngày":
        end = anchor + timedelta(days=n)
    elif unit == "tuần":
        end = anchor + timedelta(weeks=n)
    elif unit == "tháng":
        end = add_months(anchor, n)
    elif unit == "năm":
        end = add_months(anchor, 12 * n)
    else:
        raise ValueError(f"unknown unit {unit!r}")
    return next_working_day(end)
