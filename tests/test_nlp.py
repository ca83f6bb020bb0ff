"""Lowercase subjects bounded by part-of-speech tags (pipeline/extract/nlp.py): cases in cases/nlp.yaml."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.extract.nlp import lowercase_subject

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "nlp.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["clause"][:40])
def test_lowercase_subject(case: dict[str, Any]) -> None:
    text = "  " + " ".join(case["clause"].split())  # offsets count from the clause start, not from 0
    got = lowercase_subject(text, 2, len(text))
    if case["actor"] is None:
        assert got is None, got and got[0].of(text)
        return
    assert got is not None
    actor, action = got
    assert actor.of(text) == case["actor"]
    assert text[action:].startswith(case["action"]), text[action:]
