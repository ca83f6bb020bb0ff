"""The catalogue of laws and symbols: OCR'd law names, symbols cut short, names that are not documents
(tests/cases/citations_catalogue.yaml), and the syllable distance itself."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.extract.catalogue import canonical_law, complete_symbol, distance, laws
from pipeline.extract.citations import citations_in

from .test_citations import _found, unmark

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "citations_catalogue.yaml").read_text("utf-8"))


@pytest.mark.parametrize("row", CASES, ids=[f"{i:02d}" for i in range(len(CASES))])
def test_sentence(row: dict[str, Any]) -> None:
    text, spans = unmark(row["text"])
    found = citations_in(text)
    assert [_found(c) for c in found] == row["expect"]
    assert [c.span for c in found] == spans


@pytest.mark.parametrize(("read", "name"), [
    ("Tổ chúc chính quyên địa phương", "Tổ chức chính quyền địa phương"),
    ("Tó Ổ chức Chính phủ", "Tổ chức Chính phủ"),
    ("Tổ chức Chỉnh phủ", "Tổ chức Chính phủ"),
    ("Bảo vệ môi trường biển", None),  # every syllable a real one: another name, not a slip
    ("Tổ chức chính quyên địa", None),  # cut short: too far from any name
    ("Xyz", None),
])
def test_canonical_law(read: str, name: str | None) -> None:
    assert canonical_law(read) == name


def test_distance_weights() -> None:
    assert distance(("chúc",), ("chức",)) == 0.5  # a mark misread
    assert distance(("ổ", "chức"), ("chức",)) == 0.5  # a stray one-letter syllable
    assert distance(("tổ",), ("chức",)) == 1.0


def test_complete_symbol_needs_exactly_one_candidate() -> None:
    assert complete_symbol("60/2021/NĐ") == "60/2021/NĐ-CP"  # a Nghị định is the Government's
    assert complete_symbol("77/2015/QH") == "77/2015/QH13"  # the catalogue's law
    assert complete_symbol("06/QĐ") is None
    assert complete_symbol("06/QĐ", {"06/QĐ-TTg"}) == "06/QĐ-TTg"
    assert complete_symbol("06/QĐ", {"06/QĐ-TTg", "06/QĐ-UBND"}) is None


def test_catalogue_editions_are_well_formed() -> None:
    assert len(laws()) >= 100
    for law in laws():
        for number, adopted in law["editions"]:
            assert number.split("/")[1] == str(adopted.year), law["name"]  # 77/2015/QH13 adopted in 2015
            assert number.split("/")[2].startswith("QH")
