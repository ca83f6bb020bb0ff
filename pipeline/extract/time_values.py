"""The value of a time cell or a time field read as a deadline, whatever form it takes.

A task table's time column (`Thời gian hoàn thành`, `Thời hạn`, `Tiến độ`; structure/tables.py) and a
labelled block's time field (`Thời gian thực hiện: …`; structure/outline.py) hold nothing but the
time of the row's or block's duty, so a value the sentence finders of extract/deadlines.py refuse
elsewhere is a deadline here:
- a day alone: `31/3/2026`, `Ngày 15/01/2026`, `15/01` (the year: deadline_context.year_at);
- the plan's own year: `Năm 2026`, `Trong năm 2026`, `Cả năm 2026` of a `Kế hoạch … năm 2026`
  (in a sentence that year is the plan's scope, not a due date);
- months written together: `Tháng 3, 4/2026` (one period each), `Tháng 3-4/2026`, `tháng 01 - 6/2026`
  (one period, due at its end);
- a month or quarter without a year: `Tháng 6`, `Quý II` (the year of the row: year_at).
A value may open with `Dự kiến`, `Hoàn thành`, `Trong`, `Vào`. Only a cell or field in which the
sentence finders found nothing is read (they already read `Quý IV/2025 - Quý II/2026` as one due
date); `Thường xuyên`, `Hằng năm` … are theirs or no deadline."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..model import Deadline, Node, Span
from ..scanning import scanner
from ..structure.dates import make_date
from .deadline_context import MONTH_NUM, YEAR, Context
from .periods import QUARTER_NUM, ROMAN, month_bounds, quarter_bounds

# words that may open the value: 'Dự kiến trong tháng 3', 'Hoàn thành trước 30/6/2026', '- Trong năm 2026'
OPENER = r"(?:[-+•][ \t]*)?(?:(?:dự[ \t]+kiến|hoàn[ \t]+thành|thực[ \t]+hiện|trong|vào|cả|ngày)[ \t]+)*"
# '/2026', '-2026', ' năm 2026' after a month or a quarter
YEAR_SEP = r"(?:[ \t]*[/\-][ \t]*|[ \t]*,?[ \t]*năm[ \t]+)"
# what may follow the value in its cell: nothing, a stop, or a bracket or comma opening a remark
VALUE_END = r"(?=[ \t]*(?:[.;,(\n]|$))"
VALUE = scanner(
    rf"""[ \t]*{OPENER}(?P<v>
        (?P<d>[0-3]?\d)[ \t]*[/.\-][ \t]*(?P<m>{MONTH_NUM})(?:[ \t]*[/.\-][ \t]*(?P<y>{YEAR}))?(?![\d/.])
      | tháng[ \t]+(?P<m1>{MONTH_NUM})[ \t]*(?P<sep>[,\-–]|và)[ \t]*(?:tháng[ \t]+)?(?P<m2>{MONTH_NUM})
        (?:[ \t]*/[ \t]*|[ \t]+năm[ \t]+)(?P<my>{YEAR})
      | năm[ \t]+(?P<year>{YEAR})(?![\d/])
      | tháng[ \t]+(?P<ym>{MONTH_NUM}){YEAR_SEP}(?P<ymy>{YEAR})(?![\d/])
      | quý[ \t]+(?P<yq>{QUARTER_NUM}){YEAR_SEP}(?P<yqy>{YEAR})(?![\d/])
      | tháng[ \t]+(?P<mo>{MONTH_NUM})(?![\d/])
      | quý[ \t]+(?P<q>{QUARTER_NUM})(?![\w/])
    ){VALUE_END}""",
    re.IGNORECASE | re.VERBOSE,
)


def time_spans(outline: tuple[Node, ...]) -> Iterator[Span]:
    """The time cells of the task rows and the values of the blocks' time fields."""
    for node in outline:
        if node.kind == "row":
            cell = node.cell("deadline")
            if cell is not None:
                yield cell
        elif node.kind == "field" and node.label == "time" and node.value is not None:
            yield node.value


def read_value(ctx: Context, span: Span) -> Iterator[Deadline]:
    """The deadlines a time cell or field value holds by itself (see the module's docstring)."""
    m = VALUE.match(ctx.text, span.start, span.end)
    if m is None:
        return
    where = Span(m.start("v"), m.end("v"))
    if m["d"]:
        due = make_date(m["y"] or ctx.year_at(span.start), m["m"], m["d"])
        if due is not None and not m["y"] and ctx.is_past(due) and (later := ctx.plan_year(due.year)):
            due = make_date(later, m["m"], m["d"])
        if due is not None and not ctx.is_past(due):
            yield Deadline(where, "absolute", due=due, rule="time-value-day")
        return
    if m["m1"]:
        year, m1, m2 = int(m["my"]), int(m["m1"]), int(m["m2"])
        if m1 >= m2:
            return
        if m["sep"] == "-" or m["sep"] == "–":  # 'Tháng 3-4/2026': one window to the end of the last month
            yield from _period(ctx, where, month_bounds(year, m1)[0], month_bounds(year, m2)[1], "time-value-months")
        else:  # 'Tháng 3, 4/2026': a period each
            for month in (m1, m2):
                yield from _period(ctx, where, *month_bounds(year, month), "time-value-months")
        return
    if m["year"]:
        y = int(m["year"])
        yield from _period(ctx, where, date(y, 1, 1), date(y, 12, 31), "time-value-year")
        return
    if m["ym"] or m["yq"]:
        y = int(m["ymy"] or m["yqy"])
        first, last = month_bounds(y, int(m["ym"])) if m["ym"] else quarter_bounds(y, ROMAN[m["yq"].lower()])
        yield from _period(ctx, where, first, last, "time-value-period")
        return
    row_year = ctx.year_at(span.start)
    if row_year is None:
        return
    first, last = _bounds(row_year, m)
    if ctx.is_past(last) and (later := ctx.plan_year(row_year)):
        first, last = _bounds(later, m)
    yield from _period(ctx, where, first, last, "time-value-no-year")


def _period(ctx: Context, where: Span, first: date, last: date, rule: str) -> Iterator[Deadline]:
    if not ctx.is_past(last):
        yield Deadline(where, "period", due=last, period_start=first, rule=rule)


def _bounds(year: int, m: re.Match[str]) -> tuple[date, date]:
    return month_bounds(year, int(m["mo"])) if m["mo"] else quarter_bounds(year, ROMAN[m["q"].lower()])
