"""Obligations: real sentences, items and table rows from ../shared/corpus with the expected duties.

Each case of tests/cases/obligations.yaml is a few consecutive units of one document (`lines`; a
list of cells is a table row), laid out one per block unless `blocks` groups them into a paragraph;
`doc_type` gives the document's type where it matters (a Báo cáo tells what was done).
`expect` lists the obligations in order: the line that states it ([first, last] for a table row
written one cell per line), its actors (text spelling),
partners and report_to when given, how its action starts, its rule, and the deadline it links.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.extract.actors import split_actors
from pipeline.extract.deadlines import find_deadlines
from pipeline.extract.obligations import find_obligations
from pipeline.model import Block, Document, Header, Obligation, Sentence, Span, Structure

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "obligations.yaml").read_text(encoding="utf-8"))
ITEM = re.compile(r"[-+•]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s|[IVX]+\.\s")


def build(case: dict[str, Any]) -> tuple[Document, Structure, list[Span]]:
    """A document whose blocks and sentences are the case's lines, and each line's span."""
    lines = case["lines"]
    groups = case.get("blocks") or list(range(len(lines)))
    text, spans, blocks = "", [], []
    for i, line in enumerate(lines):
        if i and groups[i] == groups[i - 1]:
            text += " "
        elif i:
            text += "\n\n"
        start = len(text)
        if isinstance(line, list):  # a table row
            cells = []
            for j, cell in enumerate(line):
                if j:
                    text += " | "
                cells.append(Span(len(text), len(text) + len(cell)))
                text += cell
            blocks.append(Block("table_row", Span(start, len(text)), cells=tuple(cells), table=0))
        else:
            text += line
            if i and groups[i] == groups[i - 1]:
                last = blocks[-1]
                blocks[-1] = Block("paragraph", Span(last.span.start, len(text)))
            else:
                blocks.append(Block("paragraph", Span(start, len(text))))
        spans.append(Span(start, len(text)))
    sentences = []
    for i, (line, span) in enumerate(zip(lines, spans, strict=True)):
        kind = "row" if isinstance(line, list) else "item" if ITEM.match(line) else "sentence"
        sentences.append(Sentence(span, None, kind, len({g for g in groups[: i + 1]}) - 1))
    doc = Document(case["source"], case["source"], "", "txt", text, tuple(blocks))
    header = Header(doc_type=case.get("doc_type"), body=Span(0, len(text)))
    return doc, Structure(header, (), tuple(sentences)), spans


def ids(case: dict[str, Any]) -> str:
    first = case["lines"][-1]
    first = " | ".join(first) if isinstance(first, list) else first
    return f"{case['source'][:12]}:{first[:40]}"


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_obligations_of_real_sentences(case: dict[str, Any]) -> None:
    doc, structure, spans = build(case)
    deadlines = find_deadlines(doc.text, structure, ())
    found = find_obligations(doc, structure, deadlines)
    expected = case["expect"]
    summary = [(o.rule, o.actors, o.action[:30]) for o in found]
    assert len(found) == len(expected), summary
    for want, got in zip(expected, found, strict=True):
        check(doc.text, spans, deadlines, want, got)


def check(text: str, spans: list[Span], deadlines: tuple, want: dict[str, Any], got: Obligation) -> None:
    first, last = want["line"] if isinstance(want["line"], list) else (want["line"], want["line"])
    assert got.span in Span(spans[first].start, spans[last].end), (want, got)
    assert list(got.actors) == want["actors"]
    for a, s in zip(got.actors, got.actor_spans, strict=True):
        assert re.sub(r"\s+", " ", s.of(text)) == a
    assert got.action.startswith(want["action"]), got.action
    if "rule" in want:
        assert got.rule == want["rule"]
    for key in ("partners", "report_to"):
        if key in want:
            assert list(getattr(got, key)) == want[key]
    if "deadline" in want:
        linked = [deadlines[i].span.of(text) for i in got.deadlines]
        if want["deadline"] is None:
            assert linked == []
        else:
            assert any(want["deadline"] in q or q in want["deadline"] for q in linked), linked


@pytest.mark.parametrize(
    ("phrase", "actors"),
    [
        ("Sở Giáo dục và Đào tạo, Bộ Y tế", ["Sở Giáo dục và Đào tạo", "Bộ Y tế"]),
        ("Các Sở, ngành, đơn vị, UBND cấp xã", ["Các Sở, ngành, đơn vị", "UBND cấp xã"]),
        ("UBND các huyện, thị xã, thành phố", ["UBND các huyện, thị xã, thành phố"]),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Văn phòng và Ban Tổ chức", ["Văn phòng", "Ban Tổ chức"]),
        ("Sở Tư pháp; các cơ quan, đơn vị, địa phương liên quan",
         ["Sở Tư pháp", "các cơ quan, đơn vị, địa phương liên quan"]),
    ],
)
def test_split_actors_keeps_collectives_whole(phrase: str, actors: list[str]) -> None:
    assert [a.name for a in split_actors(phrase, Span(0, len(phrase)))] == actors
