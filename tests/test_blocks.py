"""Labelled blocks (pipeline/extract/blocks.py) on small invented documents (tests/cases/blocks.yaml):
one record per block, the whole block the sentence of a lone task, fields in any order, values on the
bullets under their labels, noun-phrase tasks under a verb heading, the product."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.extract.deadlines import find_deadlines
from pipeline.extract.obligations import find_obligations

from .test_scopes import _structure

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "blocks.yaml").read_text("utf-8"))


def test_ten_cases() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_blocks(case: dict[str, Any]) -> None:
    doc, structure = _structure(case["text"])
    text = doc.text
    deadlines = find_deadlines(text, structure, ())
    found = find_obligations(doc, structure, deadlines)
    summary = [(o.actors, o.action[:30], o.span.of(text)[:30], o.product) for o in found]
    assert len(found) == len(case["expect"]), summary
    for want, got in zip(case["expect"], found, strict=True):
        assert " ".join(got.action.split()).startswith(want["duty"]), summary
        assert list(got.actors) == want["actors"], summary
        assert all(p in got.partners for p in want.get("partners", [])), (got.partners, summary)
        linked = [" ".join(deadlines[k].span.of(text).split()) for k in got.deadlines]
        if "deadline" in want:
            assert any(want["deadline"] in q or q in want["deadline"] for q in linked), (linked, summary)
        else:
            assert not linked, summary
        assert got.product == want.get("product"), summary
        first, last = want["sentence"]
        sentence = got.span.of(text)
        assert sentence.startswith(first) and sentence.endswith(last), sentence
