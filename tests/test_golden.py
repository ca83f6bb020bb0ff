"""Whole-document golden files: the extraction of three real documents, reviewed as diffs.

Regenerate with `make golden` after an intended change and review `git diff tests/golden`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import extracted
from .golden_update import GOLDEN_DIR, GOLDEN_SOURCES, comparable


@pytest.mark.parametrize("src", GOLDEN_SOURCES, ids=lambda p: p.stem)
def test_extraction_matches_golden_file(src: Path) -> None:
    golden_path = GOLDEN_DIR / f"{src.stem}.json"
    golden = json.loads(golden_path.read_text("utf-8"))
    got = comparable(extracted(src))
    assert got.keys() == golden.keys(), f"{src.name}: other fields than {golden_path.name} (make golden)"
    for key in golden:
        assert got[key] == golden[key], f"{src.name}: {key} differs from {golden_path.name} (make golden)"


@pytest.mark.parametrize("src", GOLDEN_SOURCES, ids=lambda p: p.stem)
def test_golden_spans_quote_the_text(src: Path) -> None:
    golden = json.loads((GOLDEN_DIR / f"{src.stem}.json").read_text("utf-8"))
    text = golden["text"]
    for item in golden["citations"] + golden["deadlines"]:
        assert text[item["start"] : item["end"]] == item["text"]
    for o in golden["obligations"]:
        assert text[o["start"] : o["end"]] == o["sentence"]
