"""Lowercase subjects bounded by part-of-speech tags (pipeline/extract/nlp.py): cases in cases/nlp.yaml.

The subject rule is a spaCy Matcher pattern (nlp.SUBJECT) over underthesea's words; it must give the
same results as the token loop it replaced (`previous_lowercase_subject` below, kept as the reference),
at every person noun in the clauses of cases/nlp.yaml and the lines of cases/obligations.yaml.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.extract.nlp import (
    MAX_CLAUSE,
    MAX_NP_WORDS,
    NOUN_TAGS,
    PASSIVE,
    VERB_TAGS,
    candidate_re,
    lowercase_subject,
    subject_verb,
)
from pipeline.extract.spacy_vi import parse
from pipeline.model import Span

CASES_DIR = Path(__file__).parent / "cases"
CASES = yaml.safe_load((CASES_DIR / "nlp.yaml").read_text(encoding="utf-8"))


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


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["clause"][:40])
def test_subject_matcher(case: dict[str, Any]) -> None:
    clause = " ".join(case["clause"].split())
    head = candidate_re().match(clause)
    if head is None:
        assert case["match"] is None
        return
    doc = parse(clause[:MAX_CLAUSE])
    assert doc is not None
    verb = subject_verb(doc, head.end())
    assert (verb and doc[: verb.i + 1].text) == case["match"]


def previous_lowercase_subject(text: str, start: int, end: int) -> tuple[Span, int] | None:
    """The rule as a loop over underthesea's (word, tag) pairs, before the Matcher."""
    from underthesea import pos_tag

    head = candidate_re().match(text, start, end)
    if not head:
        return None
    clause = text[start : min(end, start + MAX_CLAUSE)]
    words, pos = [], 0
    for word, tag in pos_tag(clause):
        m = re.compile(r"\s*".join(re.escape(p) for p in word.split())).search(clause, pos)
        if m is None:
            return None
        words.append((m.start(), m.end(), tag))
        pos = m.end()
    np_end = None
    for k, (a, b, tag) in enumerate(words):
        if b <= head.end() - start:
            np_end = b
            continue
        nxt = words[k + 1][2] if k + 1 < len(words) else ""
        if tag in VERB_TAGS or tag == "A" and nxt == "V":
            if np_end is None or k > MAX_NP_WORDS or PASSIVE.match(clause, a):
                return None
            return Span(start, start + np_end), start + a
        if tag in NOUN_TAGS:
            np_end = b
        elif not (tag == "CH" and clause[a:b] == "," and nxt in NOUN_TAGS):
            return None
    return None


def test_same_results_as_the_previous_rule() -> None:
    texts = [case["clause"] for case in CASES]
    for case in yaml.safe_load((CASES_DIR / "obligations.yaml").read_text(encoding="utf-8")):
        texts.append("\n".join(" | ".join(x) if isinstance(x, list) else x for x in case["lines"]))
    starts = [(text, m.start()) for text in texts for m in candidate_re().finditer(text)]
    assert len(starts) > 40
    found = 0
    for text, start in starts:
        got = lowercase_subject(text, start, len(text))
        assert got == previous_lowercase_subject(text, start, len(text)), text[start : start + 60]
        found += got is not None
    assert found > 10
