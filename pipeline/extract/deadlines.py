"""Deadlines: days, periods, rhythms and relative terms by which a duty must be done.

Four kinds (schema `deadlines[].kind`):
- absolute: `trước ngày 15/6/2023`, `chậm nhất ngày 10 tháng 12 năm 2025`, `trước 16h00 ngày …`;
  a missing year comes from the period the sentence is about, the section heading, the document's
  date, or (undated drafts) the year of the header's blank date, the title, or the body;
- period: `trong quý II/2023`, `hoàn thành trong tháng 10/2023`, `Thời gian thực hiện: Tháng 12/2025`,
  a heading or table cell that is only a period (`4. Năm 2029`, `Quý II/2024`); due = last day;
- recurring: see extract/recurrence.py;
- relative: see extract/relative.py.

Not deadlines: dates inside citations, the document's own date, effective dates, plan periods
(`giai đoạn 2021 - 2025`, `đến năm 2030`), history (`tính đến ngày …`, dated events before the
document's date) and anything outside the body. `thường xuyên` / `khi có yêu cầu` carry no date and
are not emitted. Spans are tight (trigger + date) and the list is sorted by start."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import date
from itertools import accumulate

from ..model import Citation, Deadline, Span, Structure
from ..scanning import scanner
from ..structure.dates import make_date
from ..text import spelling_key
from .deadline_context import CLAUSE_BREAK, MONTH_NUM, YEAR, Context
from .periods import ROMAN, find_periods, month_bounds, quarter_bounds
from .recurrence import find_rhythms
from .relative import find_relative
from .time_values import read_value, time_spans

# ------------------------------------------------------------------ fragments
# 16h00, 16 giờ 00 phút, 9h00’, then an optional weekday: 'trước 17 giờ, thứ Sáu, ngày 20/6/2023'
WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*"
CLOCK = rf"(?:[0-2]?\d\s*(?:h|giờ)\s*(?:[0-5]\d)?\s*(?:phút|’|')?\s*,?\s*(?:{WEEKDAY})?(?:ngày\s+)?|{WEEKDAY}(?:ngày\s+)?)"
NUMERIC_DAY = rf"(?P<d>[0-3]?\d)\s*[/.\-]\s*(?P<m>{MONTH_NUM})(?:\s*[/.\-]\s*(?P<y>{YEAR}))?(?![\d/])"
LONG_DAY = rf"(?P<ld>[0-3]?\d)\s+tháng\s+(?P<lm>{MONTH_NUM})(?:\s+năm\s+(?P<ly>{YEAR}))?(?!\d)"
DAY = rf"(?:ngày\s+)?(?:{NUMERIC_DAY}|{LONG_DAY})"
# the word that makes a day a deadline; 'vào'/'đến' are checked further (history, ranges)
BY = r"""(?P<by>trước|chậm\s+nhất(?:\s+(?:là|vào))?(?:\s+trước)?|muộn\s+nhất(?:\s+là)?|hạn\s+(?:chót|cuối)(?:\s+là)?|trong(?=\s+ngày)
        |không\s+muộn\s+hơn|(?P<on>vào|đến(?:\s+hết)?))"""
MORE_DAYS = scanner(rf"\s*(?:,|và|hoặc)\s*(?P<day>{DAY})", re.IGNORECASE | re.VERBOSE)
# 'Ban Thường vụĐảng uỷtrước ngày 25/9/2025': a PDF text layer may glue 'trước' to the word before it
ABSOLUTE = scanner(rf"(?:(?<![\w])|(?=trước\s))(?:{BY})\s+(?:{CLOCK})?{DAY}", re.IGNORECASE | re.VERBOSE)
# 'Thời gian thực hiện: Tháng 12/2025', 'Thời hạn hoàn thành: Trước ngày …', 'Thời gian: 2024 - 2025'
# a time label: 'Thời gian thực hiện:', 'Thời gian tổ chức:', 'Tiến độ:', 'Hạn chót nộp hồ sơ:' (at most four words
# after its head, on its line; not 'Thời gian qua:'), and the words that may open its value ('dự kiến', 'trong', 'cả')
LABEL_HEAD = r"(?:thời\s+(?:gian|hạn)|tiến\s+độ|hạn\s+(?:chót|cuối))(?![ \t]+(?:qua|tới|gần)(?![\w]))"
LABEL = scanner(rf"{LABEL_HEAD}(?:[ \t]+[^\W\d_]+){{0,4}}?[ \t]*:\s*(?:(?:dự\s+kiến|trong|vào|cả)\s+)?", re.IGNORECASE)
LABEL_AT_END = re.compile(LABEL.pattern + r"$", re.IGNORECASE)  # the label right before a phrase
# a heading's list marker before a phrase on its line ('2. ', 'II) ')
HEADING_MARKER = re.compile(r"[ \t]*(?:[0-9]+(?:\.[0-9]+)*|[IVX]+)[.)]")
TARGET_WORD = re.compile(r"vào|đến", re.IGNORECASE)
# the cells of a table line written with bars, an empty cell between two bars included
BAR_CELL = re.compile(r"[^|\n]+|(?<=\|)(?=\|)")
# the header of a task table's time column, and a cell of it that is only a day
TIME_HEADER = scanner(r"(?:thời\s+(?:gian|hạn)|tiến\s+độ)(?:\s+[^|]{0,25})?", re.IGNORECASE)
SLASH_DAY = rf"(?P<d>[0-3]?\d)\s*/\s*(?P<m>{MONTH_NUM})(?:\s*/\s*(?P<y>{YEAR}))?(?![\d/])"
BARE_DAY = scanner(rf"\s*(?P<day>(?:ngày\s+)?{SLASH_DAY})\s*", re.IGNORECASE)
LABELLED_DAY = scanner(rf"{LABEL.pattern}(?P<value>(?:{CLOCK})?{DAY})", re.IGNORECASE | re.VERBOSE)
# a period is a deadline after 'trong', or as the whole value of a label, line or table cell
# ('vào cuối năm 2026', 'trước cuối tháng 01/2026', 'chậm nhất cuối quý II/2026': the period's end, its last day)
IN_PERIOD = scanner(
    r"""(?:(?<![\w])(?:ngay\s+)?trong|(?<![\w])vào|(?<![\w])đến\s+hết|(?<![\w])chậm\s+nhất(?:\s+(?:là|vào))?
        |(?<![\w])trước(?=\s+(?:dịp\s+)?cuối\s))\s+(?P<end>(?:dịp\s+)?cuối\s+)?$""",
    re.IGNORECASE | re.VERBOSE,
)
# 'Từ ngày 01/01/2026 đến ngày 31/3/2026', 'từ 16/3 - 25/3/2020', 'Từ tháng 3 đến tháng 9/2026'
RANGE = scanner(
    rf"""từ\s+(?:ngày\s+)?(?P<d1>[0-3]?\d)(?:\s*/\s*(?P<m1>{MONTH_NUM})(?:\s*/\s*(?P<y1>{YEAR}))?)?
        \s*(?:đến|-|–)\s*(?:hết\s+)?(?:ngày\s+)?(?P<d2>[0-3]?\d)\s*/\s*(?P<m2>{MONTH_NUM})\s*/\s*(?P<y2>{YEAR})
      |từ\s+tháng\s+(?P<mm1>{MONTH_NUM})(?:\s*/\s*(?P<my1>{YEAR}))?\s*(?:đến|-|–)\s*(?:hết\s+)?tháng\s+
        (?P<mm2>{MONTH_NUM})\s*/\s*(?P<y2m>{YEAR})""",
    re.IGNORECASE | re.VERBOSE,
)
# 'hoàn thành trong tháng 12', 'trong quý I': a month or quarter without a year, in the sentence's year
NO_YEAR = scanner(
    r"""(?<![\w])(?:(?P<month>tháng)\s+(?P<m>1[0-2]|0?[1-9])|(?P<quarter>quý)\s+(?P<q>IV|I{1,3}|[1-4])
          |(?P<half>0?6|sáu)\s+tháng\s+(?P<part>đầu|cuối)\s+năm(?=\s*[.;,)\n])) # 'trong 6 tháng đầu năm.'
        (?![\w/])(?!\s*(?:[-–/]|,?\s*năm\s+\d|(?:,\s*)?(?:hằng|hàng)\s+năm|và|,|vừa|qua|trước|tới|đầu|cuối|sau))""",
    re.IGNORECASE | re.VERBOSE,
)
# numbering and bullets only ('1.2.', 'II.', 'a)', '-'); each label atomic, its dotted digits
# possessive: '1.1.1' can be read one way only, so a long run is matched in linear time
LINE_ONLY = scanner(r"^[ \t]*(?>(?>[0-9]+(?:\.[0-9]+)*+|[IVX]+|[a-zđ])[.)]\s*|[-+•]\s*)*+$", re.IGNORECASE)
LINE_END = scanner(r"[ \t]*[.:;]?[ \t]*(?:\||\n|$)")
# a period that opens its line as the label of what follows: '1. Quý I/2026: Sở Nội vụ ban hành hướng dẫn.'
# (not a target: 'Năm 2027: 100% …', 'Năm 2027: phấn đấu …')
LABEL_COLON = scanner(
    r"[ \t]*:[ \t]*(?!\d|(?:phấn\s+đấu|đạt|có|t[ỷỉ]\s+lệ|giảm|tăng|trên|dưới|ít\s+nhất|tối\s+thiểu|số)(?![\w]))\S",
    re.IGNORECASE,
)
# a day that opens its line as the label of what follows: '- Ngày 20/6/2026: Sở Nội vụ tổng hợp báo cáo sơ kết.'
DAY_LABEL = scanner(
    rf"""^[ \t]*(?:(?:[0-9]+(?:\.[0-9]+)*|[IVX]+|[a-zđ])[.)][ \t]*|[-+•][ \t]*)?
        (?P<day>(?:ngày[ \t]+)?{NUMERIC_DAY})(?=[ \t]*:)""",
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)
# 'Năm 2025 và các năm tiếp theo', 'từ Quý IV/2025 trở đi': the start of continuing work, not a due date
ONWARDS_AFTER = scanner(r"\s*(?:,\s*)?(?:và\s+(?:các|những)\s+(?:năm|quý|tháng)\s+tiếp\s+theo|trở\s+đi)", re.IGNORECASE)
# a completion verb makes the plan's own year a deadline: 'hoàn thành trong năm 2025'
DONE_BEFORE = scanner(r"(?:hoàn\s+thành|xong|trình|ban\s+hành|dứt\s+điểm)[^.;]{0,25}$", re.IGNORECASE)
# or earlier in the clause (to its last '.;:', 200 characters): 'Hoàn thành 100% TTHC … trực tuyến … trong năm 2025'
COMPLETED_BY = scanner(r"(?<![\w])(?:hoàn\s+thành|dứt\s+điểm)(?![\w])[^.;:!?]{0,200}$", re.IGNORECASE)
# a period in brackets that ends its line: the time of a heading or item ('1. Tổ chức hội nghị sơ kết (Quý III/2026)')
PAREN_OPEN = scanner(r"\(\s*$")
PAREN_CLOSE = scanner(r"\s*\)[ \t]*[.:;]?[ \t]*(?:\n|$)")
PERIOD_TO = scanner(r"\s*(?:[-–]|đến)\s*", re.IGNORECASE)  # 'Quý IV/2025 - Quý II/2026' (a line or cell): due at its end
STANDALONE_PERIOD = scanner(rf"^(?:năm|quý|tháng)\b[^\n]{{0,20}}{YEAR}$|^{YEAR}\s*[-–]\s*{YEAR}$", re.IGNORECASE)
# history and measurement, not deadlines: 'tính đến ngày', 'từ ngày … đến ngày …', 'từ nay đến ngày'
HISTORY_BEFORE = scanner(
    r"""(?:tính|cập\s+nhật|số\s+liệu|lũy\s+kế|luỹ\s+kế|nay
        |từ\s+(?:ngày\s+)?[0-3]?\d(?:\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)?)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# 'Trong tháng 10/2025, Trung tâm An ninh mạng đã …': a time phrase that opens a report of done work
DONE_AFTER = scanner(r"\s*,[^.;:\n]{0,80}?\s(?:đã|đạt)\s", re.IGNORECASE)
# 'thực hiện đến ngày 10/12/2025 là 28.611 tỷ đồng': a tally up to a day, not a deadline
TALLY_AFTER = scanner(r"\s*(?:,|là\b|đạt\b|đã\b|có\b|:|\)|toàn\b)", re.IGNORECASE)
# a day a few days before the document's date is still a due date when the text sets it ('Giao … trước ngày 15/11'
# in a conclusion signed on 18/11 after the meeting of 08/11): the lag between a meeting and its written record
RECENT_DAYS = 15
DONE_IN_CLAUSE = scanner(r"(?<![\w])(?:đã|đến\s+nay|vừa\s+qua)(?![\w])", re.IGNORECASE)
# the year of a day written across a line end: 'trước ngày 15 tháng 11\nnăm 2025' (not a period of its own)
DAY_BEFORE_YEAR = scanner(r"[0-3]?\d\s+tháng\s+(?:1[0-2]|0?[1-9])\s*$", re.IGNORECASE)
# the cells of a table header flattened one per line: 'STT' / 'Nội dung' / 'Năm 2025' / 'Dự kiến …'
TABLE_HEAD_LINE = scanner(r"^[ \t]*(?:STT|TT|Nội\s+dung|Chỉ\s+tiêu|Đơn\s+vị(?:\s+tính)?|Danh\s+mục)[ \t]*$",
                             re.IGNORECASE | re.MULTILINE)
EFFECT_BEFORE = scanner(r"(?:hiệu\s+lực|thi\s+hành)[^.;]{0,30}$", re.IGNORECASE)
# đến năm 2030 / giai đoạn 2021-2025 / năm học / nhiệm kỳ: plan scope
SCOPE_BEFORE = scanner(r"(?:giai\s+đoạn|nhiệm\s+kỳ|năm\s+học|khóa|khoá|đến|tới|từ|kế\s+hoạch|chương\s+trình)\s*$",
                          re.IGNORECASE)
# next-period rules in task tables: 'Trước ngày 31/01 năm liền kề' (a yearly rhythm, no single day)
NEXT_PERIOD = scanner(r"^\s*(?:của\s+)?(?:năm|tháng)\s+(?:liền\s+kề|tiếp\s+theo|sau)", re.IGNORECASE)


def _absolute(ctx: Context) -> Iterator[Deadline]:
    text = ctx.text
    for m in ABSOLUTE.finditer(text):
        d, mo, y = (m["d"], m["m"], m["y"]) if m["d"] else (m["ld"], m["lm"], m["ly"])
        explicit = bool(y)
        if not explicit and (NEXT_PERIOD.match(text, m.end()) or (m["d"] and "/" not in m.group())):
            continue
        due = make_date(y or ctx.year_at(m.start()), mo, d)
        if due is None:
            continue
        if not explicit and ctx.is_past(due) and not _recently_due(ctx, m.start(), due) \
                and (later := ctx.plan_year(due.year)):
            due = make_date(later, mo, d) or due  # 'trước ngày 15/6' in a 'Kế hoạch … năm 2026' of December 2025
        before = text[max(0, m.start() - 50) : m.start()]
        if m["on"]:
            # 'vào ngày', 'đến ngày': a deadline only for a future day that is not a range's end or a tally
            if not explicit or ctx.is_past(due) or HISTORY_BEFORE.search(before) or TALLY_AFTER.match(text, m.end()):
                continue
        elif explicit and ctx.is_past(due) and not _recently_due(ctx, m.start(), due):
            continue
        if EFFECT_BEFORE.search(before) or DONE_AFTER.match(text, m.end()):
            continue
        yield Deadline(Span(m.start(), m.end()), "absolute", due=due, rule="on-day" if m["on"] else "before-day")
        # 'trước ngày 01/6 và 15/11': the days listed after the first share its trigger
        pos = m.end()
        while (more := MORE_DAYS.match(text, pos)) and not (m["d"] and not more["d"]):
            nd, nm, ny = (more["d"], more["m"], more["y"]) if more["d"] else (more["ld"], more["lm"], more["ly"])
            day = make_date(ny or y or ctx.year_at(m.start()), nm, nd)
            if day is None or (ny and ctx.is_past(day)):
                break
            yield Deadline(Span(more.start("day"), more.end()), "absolute", due=day, rule="before-day-list")
            pos = more.end()


def _periods(ctx: Context) -> Iterator[Deadline]:
    text = ctx.text
    found = sorted(find_periods(text, None), key=lambda p: (p.start, p.end))
    for i, p in enumerate(found):
        before = text[max(0, p.start - 60) : p.start]
        label = LABEL_AT_END.search(before)
        cell = "|" in before.rsplit("\n", 1)[-1] or "|" in text[p.end : p.end + 3]
        inside = IN_PERIOD.search(before)
        bracketed = bool(PAREN_OPEN.search(before) and PAREN_CLOSE.match(text, p.end))
        if inside and not inside["end"] and TARGET_WORD.match(inside.group()) and p.unit in ("year", "years"):
            inside = None  # 'đạt 5.000 km vào năm 2030', 'Đến hết năm 2035: Có ≥ 85% …': a target year
        opens = next((q.start for q in reversed(found[max(0, i - 3) : i]) if q.end <= p.start
                      and PERIOD_TO.fullmatch(text, q.end, p.start)), p.start)  # 'Quý IV/2025 - Quý II/2026'
        whole = _whole_line(text, opens, p.end)
        line_start = max(text.rfind("\n", 0, p.start), text.rfind("|", 0, p.start)) + 1
        labels_line = bool(LABEL_COLON.match(text, p.end) and LINE_ONLY.match(text[line_start : p.start])) \
            and _opens_a_line(text, line_start, p.start)
        heading = whole and bool(HEADING_MARKER.match(text[line_start : p.start]))
        if p.unit == "years" and not (label or (cell and whole)):
            continue
        if whole and not (label or cell or heading) and _neighbour_is_period(text, p.start, p.end):
            continue  # a column header written one cell per line: 'Năm 2026' / 'Năm 2027' / 'Năm 2028'
        if not (inside or label or whole or bracketed or labels_line):
            continue
        if whole and not (inside or label) and SCOPE_BEFORE.search(text, max(0, opens - 60), opens):
            continue  # 'tầm nhìn đến\nnăm 2045': a wrapped line, not a line of its own
        if whole and not (inside or label or cell or heading) and _under_table_head(text, p.start):
            continue  # 'STT' / 'Nội dung' / 'Năm 2025': a column of a flattened table header
        if DAY_BEFORE_YEAR.search(before):
            continue  # 'trước ngày 15 tháng 11\nnăm 2025': the year of a day
        if (p.unit == "year" and p.first.year in ctx.title_years and not (inside and inside["end"])
                and not (label or cell or heading or DONE_BEFORE.search(before)
                         or COMPLETED_BY.search(text, max(0, p.start - 230), p.start))):
            continue  # 'trong năm 2026' of a 'Kế hoạch ... năm 2026': the plan's scope
        if ctx.is_past(p.last) or ONWARDS_AFTER.match(text, p.end) or DONE_AFTER.match(text, p.end):
            continue
        rule = "label-period" if label else "in-period" if inside else "cell-period" if cell \
            else "bracket-period" if bracketed else "line-label-period" if labels_line else "line-period"
        yield Deadline(Span(p.start, p.end), "period", due=p.last, period_start=p.first, rule=rule)


def _day_labels(ctx: Context) -> Iterator[Deadline]:
    """'- Ngày 20/6/2026: Sở Nội vụ tổng hợp …', '2. 15/01/2026: …': a day labelling its line (not a tally 'Ngày
    20/6/2026: 100% …'); a day of the past is a date of record ('Ngày 07/11/2025: đồng chí … chủ trì')."""
    for m in DAY_LABEL.finditer(ctx.text):
        if not LABEL_COLON.match(ctx.text, m.end()):
            continue
        due = make_date(m["y"] or ctx.year_at(m.start()), m["m"], m["d"])
        if due is not None and not ctx.is_past(due):
            yield Deadline(Span(m.start("day"), m.end("day")), "absolute", due=due, rule="line-label-day")


def _labelled_days(ctx: Context) -> Iterator[Deadline]:
    """'Thời hạn hoàn thành: 30/6/2026', 'Thời gian: 16h00 ngày 20/6/2026': a day as the value of a time label."""
    for m in LABELLED_DAY.finditer(ctx.text):
        d, mo, y = (m["d"], m["m"], m["y"]) if m["d"] else (m["ld"], m["lm"], m["ly"])
        due = make_date(y or ctx.year_at(m.start()), mo, d)
        if due is None or (y and ctx.is_past(due)) or RANGE.match(ctx.text, m.start("value")):
            continue
        yield Deadline(Span(m.start("value"), m.end()), "absolute", due=due, rule="label-day")


def _time_cells(ctx: Context) -> Iterator[Deadline]:
    """A cell that is only a day ('30/6/2026') in the time column of a task table ('Thời gian hoàn thành')."""
    text, column = ctx.text, None
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        if "|" not in line:
            column = None
            continue
        cells = list(BAR_CELL.finditer(line))
        header = [i for i, c in enumerate(cells) if TIME_HEADER.fullmatch(c.group().strip())]
        if header:
            column = header[0]
            continue
        if column is None or column >= len(cells):
            continue
        cell = cells[column]
        m = BARE_DAY.fullmatch(cell.group())
        if not m:
            continue
        due = make_date(m["y"] or ctx.year_at(start), m["m"], m["d"])
        if due is not None and not (m["y"] and ctx.is_past(due)):
            yield Deadline(Span(start + cell.start() + m.start("day"), start + cell.start() + m.end("day")), "absolute",
                           due=due, rule="time-cell")


def _ranges(ctx: Context) -> Iterator[Deadline]:
    """'Thời hạn hoàn thành: Từ ngày 01/01/2026 đến ngày 31/3/2026', a table cell 'Từ tháng 3 đến tháng 9/2026':
    a window given as the time of a duty (label or cell; elsewhere a range is history or a campaign)."""
    text = ctx.text
    for m in RANGE.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()]
        label = LABEL_AT_END.search(before)
        cell = before.rstrip(" \t").endswith("|")
        if not (label or cell):
            continue
        y2 = int(m["y2"] or m["y2m"])
        if m["d2"]:
            last = make_date(y2, m["m2"], m["d2"])
            first = make_date(m["y1"] or y2, m["m1"] or m["m2"], m["d1"])
        else:
            last = month_bounds(y2, int(m["mm2"]))[1]
            first = date(int(m["my1"] or y2), int(m["mm1"]), 1)
        if first is None or last is None or first > last or ctx.is_past(last):
            continue
        yield Deadline(Span(m.start(), m.end()), "period", due=last, period_start=first, rule="range")


def _periods_without_year(ctx: Context) -> Iterator[Deadline]:
    text = ctx.text
    for m in NO_YEAR.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()]
        if not (IN_PERIOD.search(before) or LABEL_AT_END.search(before)):  # 'trong tháng 6', 'Thời gian: Quý II'
            continue
        year = ctx.year_at(m.start())
        if year is None:
            continue
        first, last = _no_year_bounds(year, m)
        if ctx.is_past(last) and (later := ctx.plan_year(year)):
            first, last = _no_year_bounds(later, m)  # 'trong quý I' of a 'Kế hoạch … năm 2026' of December 2025
        if ctx.is_past(last):
            continue
        yield Deadline(Span(m.start(), m.end()), "period", due=last, period_start=first, rule="in-period-no-year")


def _no_year_bounds(year: int, m: re.Match[str]) -> tuple[date, date]:
    if m["half"]:
        return (date(year, 1, 1), date(year, 6, 30)) if m["part"].lower() == "đầu" else (date(year, 7, 1), date(year, 12, 31))
    return month_bounds(year, int(m["m"])) if m["month"] else quarter_bounds(year, ROMAN[m["q"].lower()])


def _recently_due(ctx: Context, pos: int, due: date) -> bool:
    """A due day at most RECENT_DAYS before the document's date, set by a clause that tells no past."""
    if ctx.reference is None or (ctx.reference - due).days > RECENT_DAYS:
        return False
    clause = CLAUSE_BREAK.split(ctx.text[max(0, pos - 200) : pos])[-1]
    return not DONE_IN_CLAUSE.search(clause)


def _under_table_head(text: str, start: int) -> bool:
    """One of the three lines before is a table header cell ('STT', 'Nội dung', 'Chỉ tiêu')."""
    line_start = text.rfind("\n", 0, start) + 1
    above = text[max(0, line_start - 120) : line_start].split("\n")[-4:]
    return any(TABLE_HEAD_LINE.match(line) for line in above)


def _opens_a_line(text: str, line_start: int, start: int) -> bool:
    """The line is a line of its own, not a sentence wrapped onto it ('tầm nhìn đến' / 'năm 2050: …'): it has a
    list marker, or the text before it ends a sentence or a paragraph."""
    if text[line_start:start].strip():
        return True
    before = text[max(0, line_start - 3) : line_start]
    return line_start == 0 or before.endswith("\n\n") or text[:line_start].rstrip()[-1:] in (".", ":", ";", "")


def _whole_line(text: str, start: int, end: int) -> bool:
    """The period is all a line or a table cell holds (numbering and bullets aside)."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("|", 0, start)) + 1
    return bool(LINE_ONLY.match(text[line_start:start]) and LINE_END.match(text, end))


def _neighbour_is_period(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    nxt_end = text.find("\n", end + 1)
    neighbours = (text[prev_start : max(prev_start, line_start - 1)], text[end + 1 : nxt_end if nxt_end >= 0 else None])
    return any(STANDALONE_PERIOD.match(line.strip()) for line in neighbours)


def _recurring(ctx: Context) -> Iterator[Deadline]:
    for r in find_rhythms(ctx.text):
        yield Deadline(Span(r.start, r.end), "recurring", rrule=r.rrule, rule=r.rule)


def _relative(ctx: Context) -> Iterator[Deadline]:
    text = ctx.text
    for dl in find_relative(text, ctx.issued):
        if not EFFECT_BEFORE.search(text[max(0, dl.span.start - 50) : dl.span.start]):
            yield dl


def find_deadlines(text: str, structure: Structure, citations: tuple[Citation, ...]) -> tuple[Deadline, ...]:
    """Every deadline of the body, sorted by span; one per (span, kind, value).

    Matching runs on `spelling_key(text)` (Quí IV-2025 is Quý IV-2025), which keeps every offset."""
    ctx = Context(spelling_key(text), structure, citations)
    found: dict[tuple, Deadline] = {}
    for finder in (_absolute, _day_labels, _labelled_days, _time_cells, _periods, _periods_without_year, _ranges, _recurring,
                   _relative):
        for dl in finder(ctx):
            if ctx.excluded(dl.span.start, dl.span.end):
                continue
            found.setdefault((dl.span, dl.kind, dl.due, dl.rrule), dl)
    # a time cell or time field in which no finder found a deadline: its value alone (extract/time_values.py)
    starts = sorted(d.span.start for d in found.values())
    for cell in time_spans(structure.outline):
        k = bisect_left(starts, cell.start)
        if k < len(starts) and starts[k] < cell.end:
            continue
        for dl in read_value(ctx, cell):
            if not ctx.excluded(dl.span.start, dl.span.end):
                found.setdefault((dl.span, dl.kind, dl.due, dl.rrule), dl)
    # a period phrase inside an absolute day ('trước ngày 15 tháng 11 năm 2025') is not a second deadline
    days = sorted((d.span.start, d.span.end) for d in found.values() if d.kind == "absolute")
    day_starts, day_reach = [a for a, _ in days], list(accumulate((b for _, b in days), max))

    def in_a_day(span: Span) -> bool:  # some day starts at or before it and ends at or after it
        k = bisect_right(day_starts, span.start)
        return k > 0 and day_reach[k - 1] >= span.end

    out = [d for d in found.values() if not (d.kind == "period" and in_a_day(d.span))]
    # one rhythm found twice ('Định kỳ … báo cáo sơ kết 6 tháng' and its 'báo cáo sơ kết 6 tháng'): the wider
    rhythms = [d for d in out if d.kind == "recurring"]
    out = [d for d in out if not (d.kind == "recurring" and any(
        o is not d and o.rrule == d.rrule and d.span in o.span and o.span != d.span for o in rhythms))]
    return tuple(sorted(out, key=lambda d: (d.span.start, d.span.end)))

