"""Structure: header fields, numbered sections and the sentences, items and rows of the body.

An annex after the signature (the plan a Quyết định issues, a Phụ lục of tasks) is read as body
too; its sections get ids under `PL` so that they never collide with the body's (`Điều 1`)."""
from __future__ import annotations

from dataclasses import replace

from ..model import Document, Section, Sentence, Structure
from .header import parse_header
from .outline import build_outline
from .sections import SectionIndex, find_sections
from .sentences import split_sentences

ANNEX_PREFIX = "PL"


def structure(doc: Document) -> Structure:
    header = parse_header(doc)
    sections = find_sections(doc.text, header.body)
    pieces = list(split_sentences(doc, header.body))
    if header.annex:
        sections += tuple(replace(s, id=f"{ANNEX_PREFIX}.{s.id}") for s in find_sections(doc.text, header.annex))
        pieces += split_sentences(doc, header.annex)
    index = SectionIndex(sections)
    sentences = tuple(Sentence(s.span, index.at(s.span.start), s.kind, s.block) for s in pieces)
    return Structure(header, sections, sentences, build_outline(doc, header, sentences))


__all__ = ["Section", "structure"]
