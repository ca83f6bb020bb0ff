"""pipeline/scanning.py: a scanning regex finds exactly what the plain one finds, and only scans from
the first characters of patterns whose first character is a bounded set that `re` does not use by itself."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pipeline.extract import deadlines, periods, recurrence
from pipeline.scanning import _guarded, first_class, scanner, searching_from

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "deadlines.yaml").read_text("utf-8"))
SENTENCES = [c["text"] for c in CASES] + [
    "Hằng tuần, các đơn vị báo cáo; định kỳ 02 tuần/lần họp giao ban, 2 lần/năm sơ kết.",
    "trong thời hạn 15 ngày kể từ ngày ký; QUÝ II/2026; 6 tháng đầu năm 2025; Tháng 10/2025",
    "(Trước ngày 05 của tháng liền kề) | 2024 - 2025 | chậm nhất là 05 ngày làm việc",
    "ĐỊNH KỲ HẰNG THÁNG, Ít nhất 7 ngày làm việc trước khi tạm ngừng; Muộn nhất sau khi có kết quả",
]


def _matches(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in rx.finditer(text)]


@pytest.mark.parametrize("module", [deadlines, periods, recurrence], ids=lambda m: m.__name__)
def test_guarded_regexes_find_what_the_plain_ones_find(module):
    guarded = {k: v for k, v in vars(module).items() if isinstance(v, re.Pattern)}
    assert guarded
    for name, rx in guarded.items():
        guard = rx.pattern.find("]))(?:") if rx.pattern.startswith("(?=(?i:[") else -1
        plain = re.compile(rx.pattern[guard + 6 : -1] if guard >= 0 else rx.pattern, rx.flags)
        for text in SENTENCES:
            assert _matches(rx, text) == _matches(plain, text), (name, text)


@pytest.mark.parametrize("pattern, flags, first", [
    (r"(?<![\w])(?:trong|chậm\s+nhất)\s+\d", re.IGNORECASE, "[ct]"),  # a lookbehind, then words
    (r"(?:định\s*kỳ\s*)?(?P<n>\d{1,2})\s+lần", re.IGNORECASE, r"[\dđ]"),  # an optional group, then a digit
    (r"(?<![\d])(?P<n>0?6|sáu)\s+tháng", re.IGNORECASE, "[06s]"),
    (r"(?:(?<![\w])|(?=trước\s))(?:vào|đến)\s", 0, "[vđ]"),  # zero-width alternatives
    (r"\s*(?:,|và)\s*x", 0, r"[,\sv]"),  # a starred space lets the next item open the match
    (r"[a-cĐ]\w+", 0, "[a-cĐ]"),
])
def test_a_bounded_first_character_is_where_the_search_starts(pattern, flags, first):
    assert first_class(pattern, flags) == first
    fast = searching_from(pattern, flags, first)
    assert fast is not None  # this Python's `re` takes the info block (else scanner falls back to a lookahead)
    rx = scanner(pattern, flags)
    assert rx.pattern == pattern and rx.flags == re.compile(pattern, flags).flags
    assert rx.groupindex == re.compile(pattern, flags).groupindex


@pytest.mark.parametrize("pattern, flags, text", [
    # characters `re` folds to a letter of the class: the Kelvin sign to 'k', 'İ' to 'i', 'Đ' to 'đ'
    (r"(?<![\w])(?:kế|ít)\s+(?P<w>\w+)", re.IGNORECASE, "\u212aẾ hoạch; \u0130T nhất; xkế hoạch; KẾ hoạch"),
    (r"(?<!\d)(?:đến|[0-3]?\d)\s*(?:ngày|/)", re.IGNORECASE, "ĐẾN ngày 5, 12/3, 123/4 và Đến  NGÀY"),
    (r"(?:\s*(?:,|và)\s*)?thứ\s+(?:hai|ba)", re.IGNORECASE, "thứ Hai, THỨ BA và thứ hai"),
    (r"[a-cĐ]\w+", 0, "Đà abc ĐÀ đà Abc"),  # case-sensitive: only the letters written
])
def test_the_search_finds_what_the_plain_pattern_finds(pattern, flags, text):
    first = first_class(pattern, flags)
    assert first is not None
    for rx in (searching_from(pattern, flags, first), _guarded(pattern, flags, first), scanner(pattern, flags)):
        assert rx is not None
        assert _matches(rx, text) == _matches(re.compile(pattern, flags), text), rx
        assert [m.span() for m in rx.finditer(text, 3, len(text) - 2)] == \
            [m.span() for m in re.compile(pattern, flags).finditer(text, 3, len(text) - 2)]


@pytest.mark.parametrize("pattern", [
    r"ngày\s+\d",  # a letter first: `re` rejects a position at once
    r"^\s*năm",  # an anchor: only tried where it holds
    r"\s*(?:năm)?",  # may match nothing
    r"[^\d]+tháng",  # a negated class
    r".{0,3}quý",  # any character
    r"(?<![\w])\W+",  # a negated category
])
def test_an_unbounded_or_plain_pattern_is_left_as_it_is(pattern):
    assert scanner(pattern, re.IGNORECASE).pattern == pattern


def test_global_flags_stay_at_the_start():
    rx = _guarded(r"(?i)[aeiouy](?=[ÌìÞÒò])", 0, "[aeiouy]")
    assert rx.pattern.startswith("(?i)(?=") and rx.findall("AÌ xy oò") == ["A", "o"]
    assert scanner(r"(?i)[aeiouy](?=[ÌìÞÒò])").findall("AÌ xy oò") == ["A", "o"]


def test_uppercase_and_glued_text_still_match():
    rx = scanner(r"(?<![\w])(?:trong\s+thời\s+hạn|chậm\s+nhất)\s+(?P<n>\d+)", re.IGNORECASE)
    assert [m["n"] for m in rx.finditer("TRONG THỜI HẠN 15 ngày; Chậm nhất 3 ngày; xchậm nhất 4")] == ["15", "3"]
