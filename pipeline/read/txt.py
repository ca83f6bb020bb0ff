"""Plain text (and the text of published .md/.html pages): paragraphs split at blank lines,
flattened header, signature and data tables rebuilt (`text_layout.py`)."""
from __future__ import annotations

import html
import re
from pathlib import Path

from ..model import ReadResult
from .fonts import decode_single_byte
from .text_layout import text_blocks

MD_HEADING = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+")  # `## I. MỤC ĐÍCH` → `I. MỤC ĐÍCH`


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text
    return decode_single_byte(data)  # TCVN3 / VNI bytes, else Windows-1258 (fonts.py)


def html_to_text(text: str) -> str:
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
    text = re.sub(r"(?i)<br\s*/?>|</(p|div|li|tr|h[1-6])>", "\n", text)
    text = re.sub(r"(?i)</t[dh]>", " | ", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text)


def read_txt(path: Path, data: bytes) -> ReadResult:
    text = decode_text(data)
    if path.suffix.lower() in (".html", ".htm") or re.search(r"(?i)<html|<body", text[:4096]):
        text = html_to_text(text)
    if path.suffix.lower() == ".md":
        text = MD_HEADING.sub("", text)
    return ReadResult(text_blocks(text), provenance="txt")
