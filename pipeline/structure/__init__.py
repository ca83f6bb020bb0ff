"""Structure: header fields, numbered sections and the sentences, items and rows of the body."""
from __future__ import annotations

from ..model import Document, Sentence, Structure
from .header import parse_header
from .sections import find_sections, section_at
from .sentences import split_sentences


def structure(doc: Document) -> Structure:
    header = parse_header(doc)
    sections = find_sections(doc.text, header.body)
    sentences = tuple(
        Sentence(s.span, section_at(sections, s.span.start), s.kind, s.block)
        for s in split_sentences(doc, header.body)
    )
    return Structure(header, sections, sentences)
