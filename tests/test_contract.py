"""Every dev document gives schema-valid JSON whose spans quote the stored text exactly."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extracted import validate

from .conftest import dev_files, extracted


@pytest.mark.parametrize("path", dev_files(), ids=lambda p: p.name)
def test_dev_document_is_valid_and_spans_quote_text(path: Path) -> None:
    record = extracted(path)
    validate(record)
    text = record["text"]
    for c in record["citations"]:
        assert text[c["start"] : c["end"]] == c["text"]
    for d in record["deadlines"]:
        assert text[d["start"] : d["end"]] == d["text"]
    for o in record["obligations"]:
        assert text[o["start"] : o["end"]] == o["sentence"]
        assert all(0 <= i < len(record["deadlines"]) for i in o["deadlines"])
    for s in record["sections"]:
        assert 0 <= s["start"] < s["end"] <= len(text)
    assert record["document"]["id"] == path.stem
