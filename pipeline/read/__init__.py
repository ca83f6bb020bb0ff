"""Readers: one module per format, each `read_<format>(path, data) -> ReadResult`; `read()` dispatches.

The format is decided by the file's leading bytes, not its extension, so a mislabelled file is
read by the right reader or rejected with a clear error. Readers return raw blocks and know
nothing of normalisation (`load.load` runs read → normalize).
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..errors import EmptyDocument, ReadError, UnsupportedFormat
from ..model import ReadResult
from .sniff import sniff_format

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc")


def read(path: str | Path) -> ReadResult:
    """Read any supported file into raw blocks, with the file's id, path, hash and format."""
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
    return replace(reader(path, data), id=path.stem, source=str(path), sha256=hashlib.sha256(data).hexdigest(),
                   format=fmt)
