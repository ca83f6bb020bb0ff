"""pipeline/scanning.py: a guarded regex finds exactly what the plain one finds, and only guards
patterns whose first character is a bounded set that `re` does not use by itself."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pipeline.extract import deadlines, periods, recurrence
from pipeline.scanning import scanner

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
def test_a_bounded_first_character_is_guarded(pattern, flags, first):
    rx = scanner(pattern, flags)
    assert rx.pattern == f"(?=(?i:{first}))(?:{pattern})"
    assert rx.flags == re.compile(pattern, flags).flags


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
    rx = scanner(r"(?i)[aeiouy](?=[ÌìÞÒò])")
    assert rx.pattern.startswith("(?i)(?=") and rx.findall("AÌ xy oò") == ["A", "o"]


def test_uppercase_and_glued_text_still_match():
    rx = scanner(r"(?<![\w])(?:trong\s+thời\s+hạn|chậm\s+nhất)\s+(?P<n>\d+)", re.IGNORECASE)
    assert [m["n"] for m in rx.finditer("TRONG THỜI HẠN 15 ngày; Chậm nhất 3 ngày; xchậm nhất 4")] == ["15", "3"]
