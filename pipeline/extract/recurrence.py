"""Rhythms of duties as RFC 5545 rules (FREQ first): `hằng tuần`, `định kỳ hằng tháng`, `hằng quý`,
`định kỳ 6 tháng, năm` (two rules), `định kỳ 02 tuần/lần`, `2 lần/năm`, and rhythms with a day:
`trước ngày 25 hằng tháng` → FREQ=MONTHLY;BYMONTHDAY=25, `trước ngày 15/11 hằng năm` →
FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15, `tháng 3, tháng 6 và tháng 9 hằng năm` → FREQ=YEARLY;BYMONTH=3,6,9,
`thứ Sáu hằng tuần` → FREQ=WEEKLY;BYDAY=FR, `báo cáo sơ kết 6 tháng (trước ngày 15/6) và tổng kết năm
(trước ngày 15/11)` → FREQ=MONTHLY;INTERVAL=6, FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15, FREQ=YEARLY and
FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15, `Trước ngày 05 của tháng liền kề` → FREQ=MONTHLY;BYMONTHDAY=5.

A bare `hằng năm` is a rhythm only where it qualifies a duty (a report, a meeting, a check), not a
thing (`trả tiền thuê đất hằng năm`, `dự toán ngân sách hằng năm`): see `_is_duty_rhythm`."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..scanning import scanner

UNIT_RULES = {
    "ngày": "FREQ=DAILY", "tuần": "FREQ=WEEKLY", "tháng": "FREQ=MONTHLY", "quý": "FREQ=MONTHLY;INTERVAL=3",
    "năm": "FREQ=YEARLY", "6 tháng": "FREQ=MONTHLY;INTERVAL=6", "9 tháng": "FREQ=YEARLY",
}
WEEKDAYS = {"hai": "MO", "ba": "TU", "tư": "WE", "năm": "TH", "sáu": "FR", "bảy": "SA", "2": "MO", "3": "TU",
            "4": "WE", "5": "TH", "6": "FR", "7": "SA", "chủ nhật": "SU"}

EVERY = r"(?:hằng|hàng|mỗi)"
UNIT = r"(?:ngày|tuần|tháng|quý|năm)(?![\w/])"
# định kỳ hằng tháng; hằng tuần, tháng; hàng quý
EVERY_UNIT = scanner(
    rf"""(?P<periodic>định\s*kỳ\s*)?{EVERY}\s+(?P<unit>{UNIT})
         (?P<more>(?:\s*(?:,|và|hoặc)\s*{UNIT})*)""",
    re.IGNORECASE | re.VERBOSE,
)
# a day before the rhythm: 'ngày 25 hằng tháng', 'ngày 15/11 hằng năm', 'tháng 3, tháng 6 và tháng 9 hằng năm',
# 'ngày thứ Sáu hằng tuần'
DAY_OF_MONTH = scanner(r"ngày\s+(?P<d>[0-3]?\d)\s+$", re.IGNORECASE)
DAY_MONTH_ONE = r"[0-3]?\d\s*(?:/\s*|\s+tháng\s+)(?:1[0-2]|0?[1-9])"
# 'ngày 15/11 hằng năm', 'ngày 01/6 và 15/11 hằng năm'
DAY_MONTH = scanner(rf"ngày\s+(?P<list>{DAY_MONTH_ONE}(?:\s*(?:,|và)\s*(?:ngày\s+)?{DAY_MONTH_ONE})*)\s+$",
                       re.IGNORECASE)
MONTHS = scanner(r"(?P<list>tháng\s+(?:1[0-2]|0?[1-9])(?:\s*(?:,|và)\s*(?:tháng\s+)?(?:1[0-2]|0?[1-9]))*)\s+$",
                    re.IGNORECASE)
WEEKDAY = scanner(r"thứ\s+(?P<wd>hai|ba|tư|năm|sáu|bảy|[2-7])\s+$|(?P<sun>chủ\s+nhật)\s+$", re.IGNORECASE)
# định kỳ 6 tháng, năm; Định kỳ tham mưu báo cáo sơ kết 6 tháng và năm; định kỳ quý I, 6 tháng, 9 tháng và năm
PERIODIC_WORD = scanner(r"định\s*kỳ", re.IGNORECASE)
# 'báo cáo sơ kết 6 tháng (trước ngày 15/6) và tổng kết năm (trước ngày 15/11)': a report named with two
# periods, or with a day, is periodic even without 'định kỳ'
PERIODIC = scanner(r"(?P<periodic>định\s*kỳ)|(?P<report>báo\s+cáo)", re.IGNORECASE)
LIST_UNIT = scanner(
    r"""(?<![\w])(?P<every>(?:hằng|hàng|mỗi)\s+)?(?P<tok>(?P<six>0?6|sáu)\s+tháng|(?P<nine>0?9|chín)\s+tháng
        |(?:01\s+|1\s+|một\s+)?(?P<year>năm)|(?P<quarter>quý)(?:\s+(?:IV|I{1,3}))?|(?P<month>tháng)|(?P<week>tuần))(?![\w/])(?!\s*(?:đầu|cuối|\d|/|trước|tới|sau|qua))
        (?:\s*\(\s*trước\s+(?:ngày\s+)?(?P<d>[0-3]?\d)\s*/\s*(?P<m>1[0-2]|0?[1-9])(?:\s+(?:hằng|hàng)\s+năm)?\s*\)
          |\s*\(\s*trước\s+[^()]{1,40}\))?""",
    re.IGNORECASE | re.VERBOSE,
)
# each unit may carry its day in brackets: 'hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước ngày 16/6),
# tổng kết năm (trước ngày 20/11 hàng năm)'
# between two units of one list: ', ', ' và ', ' và tổng kết ', ', 1 '
LIST_GAP = scanner(r"\s*(?:,|và|hoặc)\s*(?:,|và)?\s*(?:(?:sơ|tổng)\s+kết\s+|báo\s+cáo\s+)?", re.IGNORECASE)
# định kỳ 02 tuần/lần, 2 lần/năm
PER_TIMES = scanner(
    r"""(?:định\s*kỳ\s*)?(?P<n>\d{1,2})\s+(?P<unit>ngày|tuần|tháng)\s*(?:/|một)\s*lần
        |(?P<k>\d{1,2}|hai|một)\s+lần\s*/\s*(?P<per>năm|tháng|tuần)""",
    re.IGNORECASE | re.VERBOSE,
)
# task tables: 'Trước ngày 05 của tháng liền kề' (monthly), 'Trước ngày 31/01 năm liền kề' (yearly)
NEXT_PERIOD_DAY = scanner(
    r"""ngày\s+(?P<d>[0-3]?\d)(?:\s*/\s*(?P<m>1[0-2]|0?[1-9]))?\s+(?:của\s+)?(?P<unit>tháng|năm)\s+
        (?:liền\s+kề|tiếp\s+theo|kế\s+tiếp|sau)""",
    re.IGNORECASE | re.VERBOSE,
)
# a duty word before a bare 'hằng năm' makes it a rhythm
DUTY_WORDS = scanner(
    r"(?:báo\s+cáo|họp|giao\s+ban|sinh\s+hoạt|kiểm\s+tra|giám\s+sát|tổ\s+chức|cập\s+nhật|công\s+khai|tổng\s+hợp|"
    r"đánh\s+giá|sơ\s+kết|tổng\s+kết|rà\s+soát|thông\s+tin|thực\s+hiện|gửi|triển\s+khai|hội\s+nghị|phát\s+động)",
    re.IGNORECASE,
)
# 'Thời gian thực hiện: Hằng năm', 'Thời gian thực hiện: Theo kế hoạch công tác tư pháp hàng năm' (the rhythm
# in the value of a time label), or a table cell / line that is only the rhythm
LABEL_BEFORE = scanner(r"(?:thời\s+(?:gian|hạn)[^:\n|]{0,25}:(?:[^.;:\n|]|\n(?![ \t]*\n)){0,50}|\|[ \t]*(?:[-+•][ \t]*)?)$",
                          re.IGNORECASE)
# 'hằng năm (trước ngày 15 tháng 11)', 'hằng tháng (trước ngày 16 hàng tháng)'
DAY_AFTER = scanner(
    r"""\s*(?P<open>\(|,)?\s*trước\s+(?:ngày\s+)?(?P<d>[0-3]?\d)(?:\s*(?:/\s*|\s+tháng\s+)(?P<m>1[0-2]|0?[1-9]))?
        (?![\d/])(?!\s+năm\s+\d)(?:\s+(?:hằng|hàng|trong|của)\s+(?:tháng|năm))?(?:\s*\))?""",
    re.IGNORECASE | re.VERBOSE,
)
# 'hàng tuần (chiều thứ Sáu)', 'hằng tuần vào sáng thứ Hai'
WEEKDAY_AFTER = scanner(
    r"""\s*(?:\(\s*|vào\s+)?(?:(?:buổi\s+)?(?:sáng|chiều|tối)\s+)?(?:ngày\s+)?
        (?:thứ\s+(?P<wd>hai|ba|tư|năm|sáu|bảy|[2-7])|(?P<sun>chủ\s+nhật))(?![\w])\s*\)?""",
    re.IGNORECASE | re.VERBOSE,
)
# 'tối thứ Sáu tuần thứ 2 và tối thứ Sáu tuần thứ 4 hàng tháng' → FREQ=MONTHLY;BYDAY=2FR,4FR
WEEK_OF_MONTH_RE = (r"(?:(?:sáng|chiều|tối)\s+)?thứ\s+(hai|ba|tư|năm|sáu|bảy|[2-7])\s+(?:của\s+)?tuần\s+"
                    r"(?:thứ\s+)?([1-4]|đầu\s+tiên|cuối\s+cùng|cuối)")
WEEK_OF_MONTH = scanner(WEEK_OF_MONTH_RE, re.IGNORECASE)
WEEKS_OF_MONTH = scanner(rf"{WEEK_OF_MONTH_RE}(?:\s*(?:,|và)\s*{WEEK_OF_MONTH_RE})*\s+(?:của\s+)?$", re.IGNORECASE)
ORDINALS = {"đầu tiên": "1", "cuối cùng": "-1", "cuối": "-1"}
# 'hằng quý có ít nhất 01 tin, bài': a quota per period
AT_LEAST = scanner(r"^(?:hằng|hàng|mỗi)\s+\w+\s+(?:có\s+)?(?:ít\s+nhất|tối\s+thiểu)\b", re.IGNORECASE)
# 'báo cáo … trước ngày 20 tháng 11 năm 2025 và hàng tháng': a rhythm that continues a deadline
AFTER_A_DAY = scanner(r"(?:\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)\s*(?:,|và)\s*$",
                         re.IGNORECASE)
# '(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)': the reporting periods a statistics table serves, not a
# duty's rhythm ('định kỳ báo cáo hằng quý' is one)
REPORT_PERIOD = scanner(r"(?<!định\s)(?<!Định\s)kỳ(?:\s+báo\s+cáo)?\s*$")
# 'hằng năm và đột xuất', 'hằng quý hoặc khi có yêu cầu'
AD_HOC_AFTER = scanner(r"\s*(?:và|hoặc|,)\s*(?:đột\s+xuất|khi\s+có\s+yêu\s+cầu|theo\s+yêu\s+cầu)", re.IGNORECASE)
# a line that is only the rhythm: a time cell of a table flattened one cell per line ('Thường xuyên, hằng năm')
ALONE_BEFORE = scanner(r"[ \t]*(?:[-+•][ \t]*)?(?:thường\s+xuyên[ \t]*(?:,|và)[ \t]*)?", re.IGNORECASE)
ALONE_AFTER = scanner(r"[ \t.;]*(?:\n|$)")


def _alone_on_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    before = ALONE_BEFORE.match(text, line_start, start)
    return before is not None and before.end() == start and ALONE_AFTER.match(text, end) is not None


NOT_DUTY = scanner(r"(?:trả\s+tiền|nộp\s+tiền|thuê|dự\s+toán|ngân\s+sách|lương|thu\s+nhập|chi\s+thường\s+xuyên)\s*$",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Rhythm:
    start: int
    end: int
    rrule: str
    rule: str


_CLAUSE_BREAK = re.compile(r"[.;:]|\n\s*\n")  # back to the clause's start
# 'Hằng năm, Trung tâm tổ chức …': a rhythm that opens its line (after a list marker) before a comma times the
# duty after it (not an account: 'Hằng năm, tỉnh đã tổ chức …'; not a target: 'a) Hằng năm, giảm số người nghiện …')
LINE_OPENING = re.compile(r"[ \t]*(?:[-+•]|\d{1,2}[.)]|[a-zđ]\))?[ \t]*")
OPENS_DUTY = scanner(
    r"""[ \t]*,(?![^.;:\n]{0,80}?(?<![\w])(?:đã|đang|vừa)(?![\w]))
        (?!\s*(?:\d|giảm|tăng|số|t[ỷỉ]\s+lệ|có|đạt|phấn\s+đấu|trên|dưới|ít\s+nhất|tối\s+thiểu|không)(?![\w]))""",
    re.IGNORECASE | re.VERBOSE,
)
_LIST_END = re.compile(r"[.;:]|\n\s*\n|\bhoặc\b")  # where a list of periods ends


def _is_duty_rhythm(text: str, start: int, end: int) -> bool:
    if LABEL_BEFORE.search(text[max(0, start - 110) : start]) or _alone_on_line(text, start, end):
        return True
    if LINE_OPENING.fullmatch(text[text.rfind("\n", 0, start) + 1 : start]) and OPENS_DUTY.match(text, end):
        return True
    if AD_HOC_AFTER.match(text, end):  # 'hằng năm và đột xuất': the periodic and the ad hoc report of a duty
        return True
    before = text[max(0, start - 60) : start]
    clause = _CLAUSE_BREAK.split(before)[-1]
    if NOT_DUTY.search(clause):
        return False
    after = text[start : start + 40]
    return (bool(DUTY_WORDS.search(clause)) or "(" in after[:20] or bool(AT_LEAST.search(after))
            or bool(AFTER_A_DAY.search(clause)))


def _with_day(text: str, start: int, unit: str) -> tuple[int, list[str]] | None:
    """Days written just before 'hằng <unit>': (start of the day phrase, one rule per day)."""
    before = text[max(0, start - 60) : start]
    cut = len(before)
    if unit == "tháng" and (m := DAY_OF_MONTH.search(before)):
        return start - cut + m.start(), [f"FREQ=MONTHLY;BYMONTHDAY={int(m['d'])}"]
    if unit == "tháng" and (m := WEEKS_OF_MONTH.search(before)):
        days = [f"{ORDINALS.get(' '.join(n.lower().split()), n)}{WEEKDAYS[wd.lower()]}"
                for wd, n in WEEK_OF_MONTH.findall(m.group())]
        return start - cut + m.start(), ["FREQ=MONTHLY;BYDAY=" + ",".join(days)]
    if unit == "năm":
        if m := DAY_MONTH.search(before):
            pairs = re.findall(r"(\d{1,2})\s*(?:/\s*|\s+tháng\s+)(\d{1,2})", m["list"])
            return start - cut + m.start(), [f"FREQ=YEARLY;BYMONTH={int(mo)};BYMONTHDAY={int(d)}" for d, mo in pairs]
        if m := MONTHS.search(before):
            months = sorted({int(x) for x in re.findall(r"\d{1,2}", m["list"])})
            return start - cut + m.start(), ["FREQ=YEARLY;BYMONTH=" + ",".join(map(str, months))]
    if unit == "tuần" and (m := WEEKDAY.search(before)):
        day = WEEKDAYS["chủ nhật" if m["sun"] else m["wd"].lower()]
        return start - cut + m.start(), [f"FREQ=WEEKLY;BYDAY={day}"]
    return None


def find_rhythms(text: str) -> Iterator[Rhythm]:
    """Every rhythm in `text`; a phrase naming two rhythms gives two (same or overlapping spans)."""
    for m in EVERY_UNIT.finditer(text):
        unit = m["unit"].lower()
        dated = _with_day(text, m.start(), unit)
        if dated:
            for rule in dated[1]:
                yield Rhythm(dated[0], m.end("unit"), rule, "day-every-unit")
            continue
        after = DAY_AFTER.match(text, m.end("unit"))
        if after and unit == "năm" and after["m"]:
            yield Rhythm(m.start(), after.end(), f"FREQ=YEARLY;BYMONTH={int(after['m'])};BYMONTHDAY={int(after['d'])}",
                         "every-unit-day")
            continue
        if unit == "tuần" and (wd := WEEKDAY_AFTER.match(text, m.end("unit"))):
            day = WEEKDAYS["chủ nhật" if wd["sun"] else wd["wd"].lower()]
            yield Rhythm(m.start(), wd.end(), f"FREQ=WEEKLY;BYDAY={day}", "every-unit-day")
            continue
        if after and unit == "tháng" and not after["m"]:
            yield Rhythm(m.start(), after.end(), f"FREQ=MONTHLY;BYMONTHDAY={int(after['d'])}", "every-unit-day")
            continue
        if not (m["periodic"] or _is_duty_rhythm(text, m.start(), m.end())):
            continue
        if not m["periodic"] and REPORT_PERIOD.search(text, max(0, m.start() - 30), m.start()):
            continue
        yield Rhythm(m.start(), m.end("unit"), UNIT_RULES[unit], "every-unit")
        for extra in re.finditer(UNIT, m["more"] or "", re.IGNORECASE):
            yield Rhythm(m.start(), m.start("more") + extra.end(), UNIT_RULES[extra.group().lower()], "every-unit")
    for m in PERIODIC.finditer(text):
        units = _list_units(text[m.end() : m.end() + 90])
        if m["report"] and not _report_rhythm(text[m.end() : m.end() + 90], units):
            continue
        if m["report"] and REPORT_PERIOD.search(text, max(0, m.start() - 20), m.end()):
            continue
        for u in units:
            if u["every"]:
                continue  # 'hằng tuần' is read by EVERY_UNIT, with its day
            if u["d"]:
                rule = f"FREQ=YEARLY;BYMONTH={int(u['m'])};BYMONTHDAY={int(u['d'])}"
                yield Rhythm(m.start(), m.end() + u.end(), rule, "periodic-dated")
            key = "6 tháng" if u["six"] else "9 tháng" if u["nine"] else "năm" if u["year"] else (
                "quý" if u["quarter"] else "tuần" if u["week"] else "tháng")
            yield Rhythm(m.start(), m.end() + u.end("tok"), UNIT_RULES[key], "periodic-list")
    for m in NEXT_PERIOD_DAY.finditer(text):
        if m["unit"].lower() == "tháng" and not m["m"]:
            yield Rhythm(m.start(), m.end(), f"FREQ=MONTHLY;BYMONTHDAY={int(m['d'])}", "next-period-day")
        elif m["unit"].lower() == "năm" and m["m"]:
            yield Rhythm(m.start(), m.end(), f"FREQ=YEARLY;BYMONTH={int(m['m'])};BYMONTHDAY={int(m['d'])}",
                         "next-period-day")
    for m in PER_TIMES.finditer(text):
        if m["n"]:
            n, unit = int(m["n"]), m["unit"].lower()
            base = UNIT_RULES[unit]
            yield Rhythm(m.start(), m.end(), base if n == 1 else f"{base};INTERVAL={n}", "per-times")
        else:
            k = {"một": 1, "hai": 2}.get(m["k"].lower()) or int(m["k"])
            times_rule = _times_per(k, m["per"].lower())
            if times_rule:
                yield Rhythm(m.start(), m.end(), times_rule, "times-per")


def _report_rhythm(after: str, units: list[re.Match[str]]) -> bool:
    """'báo cáo sơ kết 6 tháng và năm', '… 6 tháng (trước ngày 15/6)': a report due every period. Not one
    period ('báo cáo kết quả 6 tháng'), not a list of report kinds ('báo cáo công tác tuần, tháng, quý, năm'),
    not a 'định kỳ' list (read on its own)."""
    if not units or PERIODIC_WORD.search(after, 0, units[0].start()):
        return False
    if any(u["d"] for u in units):
        return True
    return len(units) >= 2 and (any(u["six"] for u in units) or "kết" in after[: units[-1].start()].lower())


def _list_units(after: str) -> list[re.Match[str]]:
    """The list of periods right after 'định kỳ' / 'báo cáo': '6 tháng, năm', 'quý I, 6 tháng, 9 tháng và năm'."""
    window = _LIST_END.split(after, maxsplit=1)[0]
    units: list[re.Match[str]] = []
    for u in LIST_UNIT.finditer(window):
        gap = window[units[-1].end() : u.start()] if units else window[: u.start()]
        if (not units and len(gap) > 60) or (units and not LIST_GAP.fullmatch(gap)):
            break
        units.append(u)
    return units


def _times_per(k: int, per: str) -> str | None:
    if per == "năm" and k in (1, 2, 3, 4, 6, 12):
        return "FREQ=YEARLY" if k == 1 else f"FREQ=MONTHLY;INTERVAL={12 // k}" if k != 12 else "FREQ=MONTHLY"
    if per == "tháng" and k == 1:
        return "FREQ=MONTHLY"
    if per == "tuần" and k == 1:
        return "FREQ=WEEKLY"
    return None
