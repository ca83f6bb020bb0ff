"""triggers.clause_starts reads the words of a lead once per clause (word_start), not again at each comma:
the same starts as the reading per comma (kept here as the reference) on random pieces of the dev texts."""
from __future__ import annotations

import random

from pipeline.extract.triggers import (
    CLAUSE_START,
    OPENER,
    TIME_OPENER,
    Trigger,
    clause_starts,
    has_verb,
    task_start_re,
    word_start,
    words_within,
)
from pipeline.model import Span

from .conftest import dev_files


def per_comma(text: str, span: Span, found: list[Trigger]) -> list[int]:
    """clause_starts as it read each lead before (words counted again at every comma)."""
    starts, strong = [span.start], span.start
    first_trigger = min((t.start for t in found), default=span.end + 1)
    for m in CLAUSE_START.finditer(text, span.start, span.end):
        lead_start = strong
        opening = False
        if first_trigger >= m.start() and words_within(text, lead_start, m.start(), 30):
            lead = text[lead_start : m.start()]
            opening = bool(OPENER.match(lead)) or (
                words_within(text, lead_start, m.start(), 8) and not has_verb(text, lead_start, m.start())
                and (bool(TIME_OPENER.match(lead)) or not task_start_re().match(lead)))
        if m["strong"]:
            strong = m.end()
        if m["strong"] or opening:
            starts.append(m.end())
    return starts


def pieces(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = [p.read_text("utf-8") for p in dev_files() if p.suffix == ".txt"]
    out = []
    for _ in range(count):
        text = rng.choice(texts)
        a = rng.randrange(len(text))
        out.append(text[a : a + rng.choice((80, 400, 1500, 4000))])
    return out


def test_word_start_says_what_words_within_says() -> None:
    rng = random.Random(3)
    for text in pieces(60, 1) + ["", "   ", "a", " a  b\n\nc ", "Sở Nội vụ,  chủ trì;\n- các sở"]:
        for _ in range(20):
            start = rng.randrange(len(text) + 1)
            for n in (1, 2, 9, 31):
                first = word_start(text, start, len(text), n)
                for end in {start, len(text), first, min(len(text), first + 1), rng.randrange(start, len(text) + 1)}:
                    assert words_within(text, start, end, n - 1) == (end <= first), (text, start, end, n)


def test_clause_starts_are_those_read_at_every_comma() -> None:
    rng = random.Random(5)
    for text in pieces(300, 2):
        span = Span(0, len(text))
        found = [] if rng.random() < 0.7 else [Trigger("subject", (), rng.randrange(len(text) + 1), None)]
        assert clause_starts(text, span, found) == per_comma(text, span, found)
        inner = Span(min(5, len(text)), max(min(5, len(text)), len(text) - 5))
        assert clause_starts(text, inner, []) == per_comma(text, inner, [])


def test_a_long_lead_then_a_short_clause() -> None:
    words = " ".join(["việc"] * 40)
    text = f"{words}, Sở Nội vụ chủ trì; Trong năm, Sở Tài chính bố trí, các sở phối hợp"
    assert clause_starts(text, Span(0, len(text)), []) == per_comma(text, Span(0, len(text)), [])
    starts = clause_starts(text, Span(0, len(text)), [])
    # the lead of 40 words before the first comma opens no clause; after ';' the short opener does
    assert text.index("Sở Nội") not in starts and text.index("Sở Tài") in starts
