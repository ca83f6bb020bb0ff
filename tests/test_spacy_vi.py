"""The spaCy Doc of underthesea words (pipeline/extract/spacy_vi.py): cases in cases/spacy_vi.yaml.

Every token is a slice of the text it came from (`text[token.idx:token.idx + len(token)]`), checked on
the cases and on every line of cases/obligations.yaml and cases/nlp.yaml.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.extract.spacy_vi import UPOS, parse

CASES_DIR = Path(__file__).parent / "cases"
CASES = yaml.safe_load((CASES_DIR / "spacy_vi.yaml").read_text(encoding="utf-8"))


def _lines() -> list[str]:
    """Real text from the other tables: each line of an obligations case, each nlp clause."""
    out: list[str] = [case["text"] for case in CASES]
    for case in yaml.safe_load((CASES_DIR / "obligations.yaml").read_text(encoding="utf-8")):
        for line in case["lines"]:
            out.extend(line if isinstance(line, list) else [line])
    out.extend(case["clause"] for case in yaml.safe_load((CASES_DIR / "nlp.yaml").read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:40])
def test_tokens(case: dict[str, Any]) -> None:
    doc = parse(case["text"])
    assert doc is not None
    assert [f"{t.text}|{t.tag_}|{t.pos_}" for t in doc] == case["tokens"]
    assert doc.user_data["respelled"] is case["respelled"]


def test_offsets_map_back_to_the_text() -> None:
    lines = _lines()
    assert len(lines) > 300
    for text in lines:
        doc = parse(text)
        assert doc is not None, text
        assert doc.text == text
        for token in doc:
            assert text[token.idx : token.idx + len(token.text)] == token.text, (text, token.i)
            assert token.pos_ == ("SPACE" if token.tag_ == "_SP" else UPOS.get(token.tag_, "X"))
        assert sum(len(t.text_with_ws) for t in doc) == len(text)
