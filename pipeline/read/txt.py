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


RAW_TEXT_OPEN = re.compile(r"(?i)<(script|style)\b")
# a tag: from '<' to the next '>', not across another '<' (a lone '<' in the text ends nowhere, and
# scanning from every '<' to the end of the page was quadratic)
TAG = re.compile(r"<[^<>]+>")


def drop_raw_text(text: str) -> str:
    """Text without its <script> and <style> elements; one never closed runs to the end of the page
    (as in a browser). Each closing tag is looked for once, from where its element opens."""
    low = text.lower()
    out: list[str] = []
    pos = 0
    while m := RAW_TEXT_OPEN.search(text, pos):
        out.append(text[pos : m.start()])
        close = low.find(f"</{m[1].lower()}", m.end())
        if close < 0:
            return "".join(out) + " "
        gt = low.find(">", close)
        pos = len(text) if gt < 0 else gt + 1
        out.append(" ")
    out.append(text[pos:])
    return "".join(out)


def html_to_text(text: str) -> str:
    text = drop_raw_text(text)
    text = re.sub(r"(?i)<br\s*/?>|</(p|div|li|tr|h[1-6])>", "\n", text)
    text = re.sub(r"(?i)</t[dh]>", " | ", text)
    text = TAG.sub("", text)
    return html.unescape(text)


def read_txt(path: Path, data: bytes) -> ReadResult:
    text = decode_text(data)
    if path.suffix.lower() in (".html", ".htm") or re.search(r"(?i)<html|<body", text[:4096]):
        text = html_to_text(text)
    if path.suffix.lower() == ".md":
        text = MD_HEADING.sub("", text)
    return ReadResult(text_blocks(text), provenance="txt")
