"""A file to a normalised `Document`: read → normalize → the OCR digits in doubt located on its text.

The one composition of the lower stages (readers know nothing of normalisation, normalisation
imports no reader); ingest, the bench and the tests read files through `load`.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .errors import NoText, TooLarge
from .limits import DEFAULT_LIMITS, Limits
from .model import Document
from .normalize import normalize
from .read import read


def load(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read any supported file into a normalised `Document` (`limits`: the file's size and its text's)."""
    result = read(path, limits)
    chars = sum(len(b.text) + sum(map(len, b.cells)) for b in result.blocks)
    if chars > limits.text_chars:
        raise TooLarge(Path(path), "text", chars, limits.text_chars, "--max-text")
    doc = normalize(result)
    if result.uncertain:  # digits OCR may have guessed (read/confidence.py)
        from .read.confidence import locate

        doc = replace(doc, uncertain=locate(doc, result.uncertain))
    if len(doc.text.strip()) < 20:
        raise NoText(Path(path))
    return doc
