"""The document outline on small invented documents (tests/cases/outline.yaml), DOCX tables through
the same row model, and the outline's invariants on every document of the dev corpus."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.model import Block, Document, Node, Span
from pipeline.structure import structure
from pipeline.structure.outline import ancestors, build_outline

from .conftest import dev_files

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "outline.yaml").read_text("utf-8"))


def _doc(text: str, blocks: list[Block] | None = None) -> Document:
    """The text as a reader stores it: one paragraph block per run of non-blank lines."""
    if blocks is None:
        blocks = [Block("paragraph", Span(m.start(), m.end())) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
    return Document(id="t", source="t", sha256="", format="txt", text=text, blocks=tuple(blocks))


def _line(text: str, node: Node) -> str:
    label = f" {node.label}" if node.label else ""
    return f"{'  ' * node.depth}{node.kind}{label} {node.span.of(text)}"


def check_invariants(text: str, outline: tuple[Node, ...]) -> None:
    for i, node in enumerate(outline):
        assert 0 <= node.span.start < node.span.end <= len(text)
        if node.parent is not None:
            assert node.parent < i and node.depth == outline[node.parent].depth + 1
        else:
            assert node.depth == 0
        for _, cell in node.cells:
            # a cell merged down over rows is written once, in a row above of the same table (structure/tables.py)
            assert cell in node.span or node.kind == "row" and any(
                outline[k].kind == "row" and cell in outline[k].span and outline[k].parent == node.parent
                for k in range(i))
        if node.kind == "block":  # its tasks, fields and the bullets of their values
            assert all(outline[c].span in node.span for c in range(i + 1, len(outline)) if i in ancestors(outline, c))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_outline_of_invented_documents(case: dict[str, Any]) -> None:
    doc = _doc(case["text"])
    outline = structure(doc).outline
    got = [_line(doc.text, n) for n in outline]
    assert len(got) == len(case["outline"]), "\n".join(got)
    for want, line in zip(case["outline"], got, strict=True):
        assert line.startswith(want), f"{line!r} does not start with {want!r}"
    for want, node in zip(case.get("cells", []), outline, strict=False):
        assert {k: s.of(doc.text) for k, s in node.cells} == want
    check_invariants(doc.text, outline)


def test_docx_table_rows_are_named_by_the_header_row() -> None:
    rows = [["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
            ["I", "NHÓM NHIỆM VỤ VỀ THỂ CHẾ", "", "", ""],
            ["1", "Ban hành quy chế", "Sở Nội vụ", "Sở Tư pháp", "Quý I/2026"]]
    text, blocks = "1. Danh mục nhiệm vụ", [Block("paragraph", Span(0, 20))]
    for row in rows:
        text += "\n\n"
        start, cells = len(text), []
        for j, cell in enumerate(row):
            text += " | " if j else ""
            cells.append(Span(len(text), len(text) + len(cell)))
            text += cell
        blocks.append(Block("table_row", Span(start, len(text)), provenance="docx", cells=tuple(cells), table=0))
    outline = structure(_doc(text, blocks)).outline
    assert [(n.kind, n.label) for n in outline] == [("heading", None), ("table", None), ("row", "header"),
                                                     ("row", "group"), ("row", "task")]
    task = outline[-1]
    assert {k: s.of(text) for k, s in task.cells} == {
        "no": "1", "task": "Ban hành quy chế", "lead": "Sở Nội vụ", "support": "Sở Tư pháp", "deadline": "Quý I/2026"}
    assert ancestors(outline, 4) == [1, 0] and task.block == 3


def test_annex_is_a_root_of_its_own() -> None:
    text = "1. Giao Sở Y tế thực hiện.\n\nPHỤ LỤC\n\n1. Nhiệm vụ khác"
    doc = _doc(text)
    base = structure(doc)
    header = type(base.header)(body=Span(0, 26), annex=Span(28, len(text)))
    outline = build_outline(doc, header, base.sentences)
    assert [(n.kind, n.parent) for n in outline] == [("item", None), ("annex", None), ("sentence", 1), ("item", 1)]


def test_outline_invariants_on_the_dev_corpus() -> None:
    from pipeline.load import load

    files = [p for p in dev_files() if p.suffix in (".txt", ".docx")]
    assert files
    for path in files:
        doc = load(path)
        check_invariants(doc.text, structure(doc).outline)
