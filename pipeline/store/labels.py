"""Vietnamese labels for the Datasette pages: column headers, stored values, filter operators.

The data lives in pipeline/datasette/labels.yml; the vanban plugin hands a `Labels` to every
template (`vn`). Only what the pages show changes: JSON, CSV, URLs and the canned queries keep
the stored column names and values (`status=overdue`), so links and scripts stay stable."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..datafiles import load_yaml

LABELS_FILE = Path(str(resources.files("pipeline").joinpath("datasette", "labels.yml")))


@dataclass(frozen=True)
class Labels:
    columns: Mapping[str, str] = field(default_factory=dict)
    tables: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    hidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    nouns: Mapping[str, str] = field(default_factory=dict)
    lookups: Mapping[str, str] = field(default_factory=dict)
    crumbs: Mapping[str, str] = field(default_factory=dict)
    dates: frozenset[str] = frozenset()
    rrule: Mapping[str, Any] = field(default_factory=dict)
    placeholders: Mapping[str, str] = field(default_factory=dict)
    errors: tuple[tuple[str, str], ...] = ()   # (phrase of an ingest error line, the short reason staff read)

    def column(self, name: str, table: str | None = None) -> str:
        """The header staff read for a column (its own name when there is no label)."""
        own = self.tables.get(table or "", {})
        return own.get(name) or self.columns.get(name) or name

    def value(self, column: str, value: Any) -> Any:
        """A stored value in words ('overdue' → 'Quá hạn', '2025-11-30' → '30/11/2025'); any other value unchanged."""
        if not isinstance(value, str):
            return value
        if column in self.dates:
            return _vn_date(value)
        if column == "rrule" and self.rrule:
            return self.recurrence(value)
        return self.values.get(column, {}).get(value, value)

    def recurrence(self, rule: str, bound: str | None = None) -> str:
        """'FREQ=MONTHLY;BYDAY=2FR,4FR' → 'hằng tháng, thứ Sáu thứ hai, thứ Sáu thứ tư'; unknown parts kept as written.
        `bound` ('trước') goes before the rule's day: 'hằng năm, trước ngày 15 tháng 12'."""
        words = self.rrule
        parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
        freq, n = parts.pop("FREQ", ""), parts.pop("INTERVAL", "1")
        out = [words["interval"][freq].format(n=n) if n != "1" and freq in words["interval"]
               else words["every"].get(freq, freq)]
        day = parts.pop("BYMONTHDAY", None)
        month = parts.pop("BYMONTH", None)
        when = [words["last_day"] if day == "-1" else words["monthday"].format(v=day.replace(",", ", "))] if day else []
        when += [words["month"].format(v=month.replace(",", ", "))] if month else []
        if when:  # 'ngày 30 tháng 11', 'trước ngày 30 tháng 11'
            out.append(" ".join([bound, *when] if bound and day else when))
        for key, value in parts.items():
            if key == "BYDAY":
                out.append(", ".join(self._weekday(d) for d in value.split(",")))
            elif key == "UNTIL":
                out.append(words["until"].format(v=_vn_date(f"{value[:4]}-{value[4:6]}-{value[6:8]}")))
            elif key == "COUNT":
                out.append(words["count"].format(v=value))
            else:
                out.append(f"{key}={value}")
        return ", ".join(out)

    def deadline_time(self, text: str, deadlines: Sequence[Mapping[str, Any]]) -> str | None:
        """A duty's Thời hạn as staff read it everywhere (list, exports, duty page, document page), from its
        deadlines (start, end, rrule) in the document `text`. Deadlines whose spans overlap or touch are one
        time expression ('trước ngày 15/12' and 'ngày 15/12 hằng năm' in 'trước ngày 15/12 hằng năm'):
        with a rhythm, the rhythm in words with the bound the expression puts before its day ('hằng năm,
        trước ngày 15 tháng 12'), never the clause it was read from ('Định kỳ tham mưu báo cáo sơ kết 6
        tháng' → '6 tháng một lần'); without one, the expression as written, on one line. None without
        deadlines."""
        groups: list[list[Mapping[str, Any]]] = []
        end = -1
        for d in sorted(deadlines, key=lambda d: (d["start"], d["end"])):
            if groups and (d["start"] <= end or not text[end:d["start"]].strip()):
                groups[-1].append(d)
                end = max(end, d["end"])
            else:
                groups.append([d])
                end = d["end"]
        shown: list[str] = []
        for group in groups:
            start, stop = group[0]["start"], max(d["end"] for d in group)
            rules = [d["rrule"] for d in group if d.get("rrule")]
            if not rules or not self.rrule:
                shown.append(" ".join(text[start:stop].split()))
                continue
            bound = self._bound(text, start, stop)
            shown += [self.recurrence(rule, bound) for rule in rules]
        return "; ".join(dict.fromkeys(shown)) or None

    def _bound(self, text: str, start: int, end: int) -> str | None:
        """The bound word of a time expression before its day ('trước', 'chậm nhất'), inside it or just before it."""
        found = next((m for m in _bound_re(tuple(self.rrule.get("bounds") or ())).finditer(text, max(0, start - 30), end)
                      if m.start() >= start or m.end() == start), None)
        return " ".join(found["bound"].lower().split()) if found else None

    def _weekday(self, day: str) -> str:
        m = re.fullmatch(r"([+-]?\d)?([A-Z]{2})", day)
        if not m:
            return day
        name = self.rrule["weekdays"].get(m[2], m[2])
        return f"{name} {self.rrule['nth'].get(m[1].lstrip('+'), m[1])}" if m[1] else name

    def reason(self, error: str) -> str:
        """Why a file failed, in short: the first phrase of `errors` the error line contains."""
        low = error.lower()
        return next((vi for phrase, vi in self.errors if phrase in low), "không đọc được tệp")

    def is_hidden(self, table: str | None, column: str) -> bool:
        return column in self.hidden.get(table or "", ())

    def noun(self, table: str | None) -> str:
        return self.nouns.get(table or "", "dòng")

    def lookup(self, key: str, default: str = "") -> str:
        return self.lookups.get(key.removesuffix("__1"), default or key)

    def describe(self, table: str | None, selections: Any, search: str | None = None,
                 sort: str | None = None, sort_desc: str | None = None) -> str:
        """'Tình trạng = “Quá hạn”, tìm “bao cao”, xếp theo Hạn tới': the filters of a table page in words."""
        parts = []
        for column, lookup, value in selections:
            shown = self.value(column, value)
            op = self.lookup(lookup)
            parts.append(f"{self.column(column, table)} {op}" + (f" “{shown}”" if value not in (None, "", "1")
                                                                 or lookup in ("exact", "not") else ""))
        if search:
            parts.append(f"tìm “{search}”")
        if sort:
            parts.append(f"xếp theo {self.column(sort, table)}")
        elif sort_desc:
            parts.append(f"xếp theo {self.column(sort_desc, table)} (giảm dần)")
        return ", ".join(parts)


@cache
def _bound_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """A bound word (labels.yml rrule: bounds, spaces as any white space) before a day: 'trước ngày 15', 'chậm nhất 20'."""
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?P<bound>{alternatives or '(?!)'})\s+(?=(?:ngày\s+)?\d)", re.IGNORECASE)


DAY = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?(?P<rest>(?:[T ].*)?)")


def _vn_date(value: str) -> str:
    """'2025-11-30' → '30/11/2025', '2025-11' → '11/2025' (Vietnamese order); anything else unchanged."""
    m = DAY.fullmatch(value)
    if not m:
        return value
    day = f"{m['d']}/{m['m']}/{m['y']}" if m["d"] else f"{m['m']}/{m['y']}"
    return day + m["rest"].replace("T", " ")


@cache
def labels(path: Path = LABELS_FILE) -> Labels:
    data = load_yaml(path.read_text("utf-8")) or {}
    return Labels(
        columns=data.get("columns", {}), tables=data.get("tables", {}),
        hidden={t: tuple(cols) for t, cols in data.get("hidden", {}).items()},
        values=data.get("values", {}), nouns=data.get("nouns", {}), lookups=data.get("lookups", {}),
        crumbs=data.get("crumbs", {}), dates=frozenset(data.get("dates", ())), rrule=data.get("rrule", {}),
        placeholders=data.get("placeholders", {}),
        errors=tuple((str(k).lower(), str(v)) for k, v in (data.get("errors") or {}).items()),
    )
