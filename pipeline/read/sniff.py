"""Decide a file's real format from its bytes (extension only as a tie-breaker)."""
from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")  # UTF-16 LE/BE (and UTF-32 LE), UTF-32 BE


def sniff_format(path: Path, data: bytes) -> str:
    head = data[:8]
    if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "corrupt-zip"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head == OLE_MAGIC:
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    sample = data[:4096]
    if sample.startswith(UNICODE_BOMS):  # UTF-16/32 text has NUL bytes: not binary for that
        return "html" if path.suffix.lower() in (".html", ".htm") else "txt"  # read_txt finds <html> too
    if b"\x00" in sample:
        return "binary"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not just a character cut at the sample's end
            return "txt" if path.suffix.lower() in (".txt", ".md") else "binary"
    low = sample.lower()
    if b"<html" in low or b"<!doctype html" in low or path.suffix.lower() in (".html", ".htm"):
        return "html"
    return "txt"
