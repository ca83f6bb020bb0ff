"""Sections and sentences: the YAML table of real excerpts (tests/cases/sections.yaml), spans that
quote the text, and the numbering rules (nesting by style, sequence checks, Roman values)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.model import Block, Document, Span
from pipeline.structure import structure
from pipeline.structure.sections import find_sections, roman_value
from pipeline.structure.sentences import split_text

from .conftest import DEV

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "sections.yaml").read_text("utf-8"))


def _doc(text: str) -> Document:
    """The excerpt as a reader stores it: one paragraph block per run of non-blank lines."""
    blocks = [Block("paragraph", Span(m.start(), m.end())) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
    return Document(id="t", source="t", sha256="", format="txt", text=text, blocks=tuple(blocks))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_excerpts_are_real() -> None:
    assert len(CASES["sections"]) >= 5 and len(CASES["sentences"]) >= 5
    for row in CASES["sections"] + CASES["sentences"]:
        source = _flat((DEV / row["source"]).read_text("utf-8"))
        for line in row["text"].splitlines():
            assert _flat(line) in source, f"{row['source']}: not in the corpus: {line}"


@pytest.mark.parametrize("row", CASES["sections"], ids=[r["source"] for r in CASES["sections"]])
def test_sections(row: dict[str, Any]) -> None:
    text = row["text"]
    sections = find_sections(text)
    assert [f"{s.id} | {s.heading}" for s in sections] == row["sections"]
    for s in sections:
        label = s.id.split(".")[-1]
        marker = s.heading_span.of(text)[: len(label) + 8]
        assert label in marker, s
        assert _flat(s.heading)[:20] in _flat(s.heading_span.of(text))
        assert s.span.start == s.heading_span.start and s.heading_span.end <= s.span.end <= len(text)


@pytest.mark.parametrize("row", CASES["sentences"], ids=[r["source"] for r in CASES["sentences"]])
def test_sentences(row: dict[str, Any]) -> None:
    doc = _doc(row["text"])
    st = structure(doc)
    got = [f"{s.kind} | {s.section or '-'} | {_flat(s.span.of(doc.text))}" for s in st.sentences]
    assert got == row["expect"]


def test_split_text_spans_cover_the_text_in_order() -> None:
    text = CASES["sentences"][0]["text"]
    parts = split_text(text, 0, len(text))
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a <= b <= c for (a, b), (c, _) in zip(parts, parts[1:], strict=False))


@pytest.mark.parametrize(("text", "ids"), [
    # a wrapped line that starts with a number is no heading
    ("1. Giao Sở Tư pháp chủ trì theo dõi, đôn đốc thực hiện Nghị quyết số 66-NQ/TW ngày 30 tháng 4 năm\n"
     "2025 của Bộ Chính trị.\n2. Giao Sở Tài chính bố trí kinh phí.", ["1", "2"]),
    # dates and numbers with dots are no headings
    ("I. NHIỆM VỤ\n15.12.2025 là hạn cuối.\n1.2 triệu đồng mỗi người.", ["I"]),
    # letters continue in Vietnamese order (đ after d); a letter out of order is no sibling
    ("1. Sở Y tế\na) Rà soát hồ sơ.\nb) Báo cáo kết quả.\nd) Tổng hợp.\nđ) Đề xuất.\n2. Sở Tài chính",
     ["1", "1.a", "1.b", "1.d", "1.đ", "2"]),
])
def test_numbering_rules(text: str, ids: list[str]) -> None:
    assert [s.id for s in find_sections(text)] == ids


def test_roman_values() -> None:
    assert [roman_value(r) for r in ("I", "IV", "IX", "XIV", "XL")] == [1, 4, 9, 14, 40]


def test_capital_letter_parts_above_roman_sections() -> None:
    # d005-style programme: A. / I. / 1.; a capital initial in running text is no part
    text = ("A. NỘI DUNG TRÌNH BAN CHẤP HÀNH ĐẢNG BỘ XÃ\nI. NHÓM NỘI DUNG CÔNG VIỆC ĐỊNH KỲ\n1. Tại Hội nghị tháng 12 hằng năm\n"
            "B. NỘI DUNG TRÌNH BAN THƯỜNG VỤ\nA. Nguyễn là người ký.\n")
    assert [s.id for s in find_sections(text)] == ["A", "A.I", "A.I.1", "B"]


def test_plan_issued_by_a_decision_is_read_as_body_after_the_signature() -> None:
    """A Quyết định ban hành Quy chế: the Quy chế after the signature has sections and sentences too."""
    from pipeline.load import load
    from pipeline.structure import structure

    from .conftest import DEV

    doc = load(DEV / "058_qd-26-2025-ubnd-thai-nguyen.txt")
    got = structure(doc)
    assert got.header.annex is not None and got.header.body is not None
    assert got.header.body.end <= got.header.annex.start
    annex_ids = [s.id for s in got.sections if s.id.startswith("PL.")]
    assert "PL.Chương II.Điều 5" in annex_ids
    assert any(got.header.annex.start <= s.span.start for s in got.sentences)
