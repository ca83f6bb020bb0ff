"""Deadlines: the sentence table tests/cases/deadlines.yaml, the Civil Code day counting, and the
dev documents (spans tight, sorted, outside citations)."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.deadlines import find_deadlines
from pipeline.extract.periods import find_periods
from pipeline.extract.workdays import add_period, holidays, next_working_day
from pipeline.model import Citation, Header, Span, Structure

from .conftest import dev_files, extracted

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "deadlines.yaml").read_text("utf-8"))


def _structure(issued: date | None, title: str | None = None) -> Structure:
    return Structure(Header(issued_date=issued, title=title), (), ())


def _as_row(text: str, d: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"text": d.span.of(text), "kind": d.kind}
    if d.kind == "recurring":
        row["rrule"] = d.rrule
    else:
        row["due"] = d.due
    if d.kind == "period":
        row["period_start"] = d.period_start
    return row


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_sentence(case: dict[str, Any]) -> None:
    text = case["text"]
    found = find_deadlines(text, _structure(case.get("issued"), case.get("title")), ())
    expected = [dict(e) for e in case["expect"]]
    for e in expected:
        if e["kind"] not in ("period",):
            e.pop("period_start", None)
    assert [_as_row(text, d) for d in found] == expected


def test_citation_dates_are_not_deadlines() -> None:
    text = "Thực hiện Công văn số 123/UBND-KT chậm nhất ngày 10 tháng 12 năm 2025 của UBND tỉnh, báo cáo trước ngày 15/12/2025."
    cited = Citation(Span(10, text.index(" của")), "Công văn", "123/UBND-KT")
    found = find_deadlines(text, _structure(date(2025, 11, 20)), (cited,))
    assert [(d.span.of(text), d.due) for d in found] == [("trước ngày 15/12/2025", date(2025, 12, 15))]


def test_outside_the_body_is_ignored() -> None:
    text = "Hà Nội, trước ngày 15/12/2025 xong.\nNội dung: hoàn thành trước ngày 20/12/2025."
    body = Span(text.index("Nội dung"), len(text))
    found = find_deadlines(text, Structure(Header(issued_date=date(2025, 11, 1), body=body), (), ()), ())
    assert [d.due for d in found] == [date(2025, 12, 20)]


def test_year_from_section_heading_when_undated() -> None:
    text = "2. Năm 2026\n2.1. Báo cáo kết quả trước ngày 15/6.\n"
    from pipeline.model import Section

    sec = Section("II.2", "Năm 2026", Span(0, len(text)), Span(0, 11), 2)
    found = find_deadlines(text, Structure(Header(), (sec,), ()), ())
    assert [(d.kind, d.due) for d in found] == [("period", date(2026, 12, 31)), ("absolute", date(2026, 6, 15))]


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("phrase", "first", "last"),
    [
        ("trong quý II/2023", date(2023, 4, 1), date(2023, 6, 30)),
        ("Quý IV, năm 2025", date(2025, 10, 1), date(2025, 12, 31)),
        ("tháng 02/2028", date(2028, 2, 1), date(2028, 2, 29)),
        ("6 tháng đầu năm 2024", date(2024, 1, 1), date(2024, 6, 30)),
        ("9 tháng đầu năm 2025", date(2025, 1, 1), date(2025, 9, 30)),
        ("6 tháng cuối năm 2025", date(2025, 7, 1), date(2025, 12, 31)),
        ("2024 - 2025", date(2024, 1, 1), date(2025, 12, 31)),
    ],
)
def test_period_bounds(phrase: str, first: date, last: date) -> None:
    periods = list(find_periods(phrase))
    assert [(p.first, p.last) for p in periods if p.end == len(phrase)][:1] == [(first, last)]


def test_full_date_is_not_a_month_period() -> None:
    assert [p.unit for p in find_periods("ngày 05 tháng 3 năm 2023")] == ["year"]


# ---------------------------------------------------------------- day counting (Bộ luật Dân sự Điều 144-148)


@pytest.mark.parametrize(
    ("anchor", "n", "unit", "working", "due"),
    [
        (date(2023, 6, 2), 5, "ngày", True, date(2023, 6, 9)),  # Fri + 5 working days
        (date(2023, 6, 2), 15, "ngày", False, date(2023, 6, 19)),  # ends Sat 17/6 → Mon 19/6
        (date(2025, 1, 24), 3, "ngày", True, date(2025, 2, 5)),  # Tết At Ty: 27/1-31/1 off
        (date(2025, 4, 28), 2, "ngày", True, date(2025, 5, 5)),  # 30/4, 1/5, 2/5 off
        (date(2024, 1, 31), 1, "tháng", False, date(2024, 2, 29)),  # no 31/2: last day of the month
        (date(2026, 1, 5), 2, "tuần", False, date(2026, 1, 19)),
    ],
)
def test_add_period(anchor: date, n: int, unit: str, working: bool, due: date) -> None:
    assert add_period(anchor, n, unit, working_days=working) == due


@given(st.dates(date(2020, 1, 1), date(2030, 11, 30)), st.integers(1, 30))
def test_working_days_counted_after_the_anchor(anchor: date, n: int) -> None:
    """n working days after the anchor: the last is a working day and exactly n working days lie in between."""
    due = add_period(anchor, n, "ngày", working_days=True)
    table = holidays()
    days = [anchor + timedelta(days=i) for i in range(1, (due - anchor).days + 1)]
    assert table.is_working_day(due)
    assert sum(table.is_working_day(d) for d in days) == n


@given(st.dates(date(2020, 1, 1), date(2030, 11, 30)), st.integers(1, 60))
def test_calendar_days_end_on_a_working_day_at_or_after_the_term(anchor: date, n: int) -> None:
    due = add_period(anchor, n, "ngày")
    assert due >= anchor + timedelta(days=n)
    assert holidays().is_working_day(due)
    assert all(not holidays().is_working_day(anchor + timedelta(days=i)) for i in range(n, (due - anchor).days))


def test_holiday_table_covers_2020_to_2030_with_tet() -> None:
    table = holidays()
    assert set(range(2020, 2031)) <= table.years
    assert next_working_day(date(2026, 2, 14)) == date(2026, 2, 23)  # Tết Bính Ngọ
    assert not table.is_working_day(date(2030, 9, 2))
    assert table.is_working_day(date(2025, 4, 26))  # Saturday worked in exchange for 2/5/2025


# ---------------------------------------------------------------- dev documents


@pytest.mark.parametrize("path", dev_files(), ids=lambda p: p.name)
def test_dev_deadlines_sorted_tight_and_outside_citations(path: Path) -> None:
    record = extracted(path)
    starts = [(d["start"], d["end"]) for d in record["deadlines"]]
    assert starts == sorted(starts)
    for d in record["deadlines"]:
        assert d["text"] == record["text"][d["start"] : d["end"]]
        assert len(d["text"]) <= 120, d["text"]
        assert not any(c["start"] < d["end"] and d["start"] < c["end"] for c in record["citations"]), d
        if d["kind"] == "recurring":
            assert d["rrule"].startswith("FREQ=")
        if d["kind"] in ("absolute", "period"):
            assert d["due"]
