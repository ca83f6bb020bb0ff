"""Sentences, list items and table rows of the body, as spans (first version)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Span


@dataclass(frozen=True)
class Piece:
    span: Span
    kind: str
    block: int | None


SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\-+•])|\n(?=\s*(?:[-+•]|\d+\.|[a-zđ]\)|[IVX]+\.)\s)")


def split_sentences(doc: Document, body: Span | None = None) -> list[Piece]:
    body = body or Span(0, len(doc.text))
    pieces: list[Piece] = []
    for bi, block in enumerate(doc.blocks):
        if block.span.end <= body.start or block.span.start >= body.end:
            continue
        if block.kind == "table_row":
            pieces.append(Piece(block.span, "row", bi))
            continue
        start = block.span.start
        chunk = doc.text[block.span.start : block.span.end]
        for m in SENTENCE_END.finditer(chunk):
            end = block.span.start + m.start()
            _add(doc.text, pieces, start, end, bi)
            start = block.span.start + m.end()
        _add(doc.text, pieces, start, block.span.end, bi)
    return pieces


def _add(text: str, pieces: list[Piece], start: int, end: int, block: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        kind = "item" if re.match(r"[-+•]\s|\d+\.\s|[a-zđ]\)\s", text[start:end]) else "sentence"
        pieces.append(Piece(Span(start, end), kind, block))
