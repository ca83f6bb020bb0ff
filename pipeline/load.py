"""A file to a normalised `Document`: read → normalize → the OCR digits in doubt located on its text.

The one composition of the lower stages (readers know nothing of normalisation, normalisation
imports no reader); ingest, the bench and the tests read files through `load`.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .errors import EmptyDocument
from .model import Document
from .normalize import normalize
from .read import read


def load(path: str | Path) -> Document:
    """Read any supported file into a normalised `Document`."""
    result = read(path)
    doc = normalize(result)
    if result.uncertain:  # digits OCR may have guessed (read/confidence.py)
        from .read.confidence import locate

        doc = replace(doc, uncertain=locate(doc, result.uncertain))
    if len(doc.text.strip()) < 20:
        raise EmptyDocument(Path(path), "no text found", "if this is a scan, install OCR (see `vanban doctor`)")
    return doc
