"""Extraction: citations, deadlines and obligations found in a structured document."""
from __future__ import annotations

from ..model import Document, Extraction
from ..structure import structure
from .citations import find_citations
from .deadlines import find_deadlines
from .obligations import find_obligations


def extract(doc: Document) -> Extraction:
    """Run every stage after reading: structure, then each extractor."""
    struct = structure(doc)
    citations = find_citations(doc.text, struct)
    deadlines = find_deadlines(doc.text, struct, citations)
    obligations = find_obligations(doc, struct, deadlines)
    return Extraction(doc, struct, citations, deadlines, obligations)
