"""Readers: one module per format, each `read_<format>(path) -> list[RawBlock]`; `read()` dispatches.

The format is decided by the file's leading bytes, not its extension, so a mislabelled file is
read by the right reader or rejected with a clear error.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import EmptyDocument, ReadError, UnsupportedFormat
from ..model import Document
from ..normalize import build_document
from .sniff import sniff_format

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc")


def read(path: str | Path) -> Document:
    """Read any supported file into a normalised `Document`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot open ({exc.strerror or exc})") from exc
    if not data.strip():
        raise EmptyDocument(path, "empty file")
    fmt = sniff_format(path, data)
    if fmt == "pdf":
        from .pdf import read_pdf as reader
    elif fmt == "docx":
        from .docx import read_docx as reader
    elif fmt == "doc":
        from .doc import read_doc as reader
    elif fmt in ("txt", "html"):
        from .txt import read_txt as reader
    else:
        raise UnsupportedFormat(path, f"unsupported file type ({fmt})", "give a PDF, DOCX, DOC or text file")
    result = reader(path, data)
    doc = build_document(
        result.blocks,
        id=path.stem,
        source=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        provenance=result.provenance,
        pages=result.pages,
        warnings=result.warnings,
    )
    if result.uncertain:  # digits OCR may have guessed (read/confidence.py)
        from dataclasses import replace

        from .confidence import locate

        doc = replace(doc, uncertain=locate(doc, result.uncertain))
    if len(doc.text.strip()) < 20:
        raise EmptyDocument(path, "no text found", "if this is a scan, install OCR (see `vanban doctor`)")
    return doc
