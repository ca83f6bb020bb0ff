"""Readers: one module per format, each `read_<format>(path, data) -> ReadResult`; `read()` dispatches.

The format is decided by the file's leading bytes, not its extension, so a mislabelled file is
read by the right reader or rejected with a clear error. Readers return raw blocks and know
nothing of normalisation (`load.load` runs read → normalize).
"""
from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from ..errors import (
    KINDS,
    CannotOpen,
    DamagedDocument,
    EmptyDocument,
    RefusedPath,
    TooLarge,
    UnsupportedFormat,
)
from ..limits import DEFAULT_LIMITS, Limits
from ..model import ReadResult
from .sniff import sniff_format

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc")


def read(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read any supported file into raw blocks, with the file's id, path, hash and format."""
    path = Path(path)
    data = read_bytes(path, limits.file_bytes)
    if not data.strip():
        raise EmptyDocument(path)
    fmt = sniff_format(path, data)
    reader: Callable[[Path, bytes], ReadResult]
    if fmt == "pdf":
        from .pdf import read_pdf as reader
    elif fmt == "docx":
        from .docx import read_docx

        reader = partial(read_docx, max_xml=limits.xml_bytes, max_unzipped=limits.file_bytes)
    elif fmt == "doc":
        from .doc import read_doc as reader
    elif fmt in ("txt", "html"):
        from .txt import read_txt as reader
    elif path.suffix.lower() in KINDS:  # random bytes, a cut zip: named as a document, not one
        raise DamagedDocument(path, path.suffix.lower(), fmt)
    else:
        raise UnsupportedFormat(path, fmt)
    return replace(reader(path, data), id=path.stem, source=str(path), sha256=hashlib.sha256(data).hexdigest(),
                   format=fmt)


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (a pipe or a device is refused, not
    waited on; a file growing past the limit while read is refused too)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise RefusedPath(path)
            if info.st_size > limit:
                raise TooLarge(path, "file", info.st_size, limit, "--max-file")
            data = f.read(limit + 1)
    except OSError as exc:
        raise CannotOpen(path, exc) from exc
    if len(data) > limit:
        raise TooLarge(path, "file", len(data), limit, "--max-file")
    return data
