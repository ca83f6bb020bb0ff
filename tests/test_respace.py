"""Glued syllables from PDF text layers spaced again in normalize/ (tests/cases/respace.yaml)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.model import RawBlock
from pipeline.normalize import build_document, normalize_line
from pipeline.normalize.respace import respace_glued, split_run

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "respace.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES["spaced"], ids=lambda c: c["expected"][:30])
def test_glued_syllables_spaced(case: dict[str, str]) -> None:
    assert respace_glued(case["raw"]) == case["expected"]
    assert normalize_line(case["raw"]) == case["expected"]


@pytest.mark.parametrize("line", CASES["kept"])
def test_lines_kept(line: str) -> None:
    assert respace_glued(line) == line


def test_ambiguous_split_is_not_decided() -> None:
    # `Lê nin` and `Lên in` are both well formed and no word of the list decides between them
    assert split_run("Lênin") is None
    # the word list decides where the rules alone could not: thực hiện, not thự chiện
    assert split_run("thựchiện") == ["thực", "hiện"]


def test_offsets_point_into_the_respaced_text() -> None:
    raw = [RawBlock("Đảng uỷchủ trì, phối hợp", page=1),
           RawBlock("", kind="table_row", cells=("Đảng uỷUBND xã", "bổsung"), page=1, table=0)]
    doc = build_document(raw, id="t", source="t.pdf", sha256="0", format="pdf", provenance="pdf-text")
    assert doc.text == "Đảng uỷ chủ trì, phối hợp\n\nĐảng uỷ UBND xã | bổ sung"
    assert [b.span.of(doc.text) for b in doc.blocks] == ["Đảng uỷ chủ trì, phối hợp", "Đảng uỷ UBND xã | bổ sung"]
    assert [c.of(doc.text) for c in doc.blocks[1].cells] == ["Đảng uỷ UBND xã", "bổ sung"]
