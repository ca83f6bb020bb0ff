"""Bearer and deadline scopes (pipeline/extract/scopes.py) on small invented documents, one table per
construction (tests/cases/scopes.yaml): lead-ins, labelled blocks, flattened tables, headings naming
a body, deadline scopes."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.extract.deadlines import find_deadlines
from pipeline.extract.obligations import find_obligations
from pipeline.model import Block, Document, Header, Span, Structure
from pipeline.structure.outline import build_outline
from pipeline.structure.sentences import split_sentences

TABLES = yaml.safe_load((Path(__file__).parent / "cases" / "scopes.yaml").read_text("utf-8"))
CASES = [(name, i, case) for name, cases in TABLES.items() for i, case in enumerate(cases)]


def _structure(text: str, issued: Any = None, title: str | None = None) -> tuple[Document, Structure]:
    """The text as the body of a document: one paragraph block per run of non-blank lines (a case may give
    the document's date and title: `issued`, `title`)."""
    blocks = [Block("paragraph", Span(m.start(), m.end())) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
    doc = Document(id="t", source="t", sha256="", format="txt", text=text, blocks=tuple(blocks))
    header = Header(body=Span(0, len(text)), issued_date=issued, title=title)
    from pipeline.model import Sentence

    sentences = tuple(Sentence(p.span, None, p.kind, p.block) for p in split_sentences(doc, header.body))
    return doc, Structure(header, (), sentences, build_outline(doc, header, sentences))


def test_every_construction_has_ten_cases() -> None:
    assert set(TABLES) == {"lead_in", "labelled_block", "flattened_table", "heading_scope", "deadline_scope",
                           "next_sentence_deadline", "inline_items_deadline", "time_opener"}
    assert all(len(cases) >= 10 for cases in TABLES.values())


@pytest.mark.parametrize(("name", "i", "case"), CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_scopes(name: str, i: int, case: dict[str, Any]) -> None:
    doc, structure = _structure(case["text"], case.get("issued"), case.get("title"))
    deadlines = find_deadlines(doc.text, structure, ())
    found = find_obligations(doc, structure, deadlines)
    summary = [(o.rule, o.actors, o.action[:25], [deadlines[k].span.of(doc.text) for k in o.deadlines]) for o in found]
    assert len(found) == len(case["expect"]), summary
    for want, got in zip(case["expect"], found, strict=True):
        assert got.action.startswith(want["duty"]), summary
        assert list(got.actors) == want["actors"], summary
        for partner in want.get("partners", []):
            assert partner in got.partners, summary
        linked = [" ".join(deadlines[k].span.of(doc.text).split()) for k in got.deadlines]
        if "deadline" in want:
            assert any(want["deadline"] in q or q in want["deadline"] for q in linked), summary
        elif "deadlines" in want:  # exactly these
            assert sorted(linked) == sorted(want["deadlines"]), summary
        else:
            assert not linked, summary


def test_actor_list_heading_is_linear() -> None:
    """'1. Các Bộ: Bộ A, …, Bộ T theo chức năng nhiệm vụ' with no verb after the names: the list of
    names is read in one pass (a pattern of repeated comma-separated names took 15 s on 20 names).
    The bound is loose on purpose: it tells linear from exponential, not fast from slow; it is CPU time
    (a loaded machine's wall time is not this test's) once the tagger is loaded (2-3 s the first time
    in a process)."""
    import time

    names = ", ".join(f"Bộ {chr(65 + i)}" for i in range(26))
    find_obligations(*_structure("1. Sở Nội vụ chủ trì tổ chức thực hiện."), ())  # load the models first
    for tail in ("theo chức năng nhiệm vụ", "theo chức năng nhiệm vụ tổ chức thực hiện."):
        doc, structure = _structure(f"1. Các Bộ: {names} {tail}")
        deadlines = find_deadlines(doc.text, structure, ())
        started = time.process_time()
        found = find_obligations(doc, structure, deadlines)
        assert time.process_time() - started < 2.0
        assert found and found[0].actors[0] in ("Các Bộ", "Bộ A")
