"""Plain text (and the text of published .md/.html pages): paragraphs split at blank lines,
flattened header, signature and data tables rebuilt (`text_layout.py`)."""
from __future__ import annotations

import html
import re
import string
from pathlib import Path

from ..errors import bad_bytes_warning, mixed_encoding_warning
from ..model import ReadResult
from .fonts import decode_single_byte
from .text_layout import text_blocks

MD_HEADING = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+")  # `## I. MỤC ĐÍCH` → `I. MỤC ĐÍCH`


# byte order marks, longest first (FF FE 00 00 is UTF-32; FF FE alone UTF-16)
BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of a text file and the warnings its decoding gives.

    UTF-8/16/32 with a byte order mark, else UTF-8. A file that is not UTF-8 is decoded line by
    line: lines in UTF-8 stay so, the others go to the old-encoding decoder (TCVN3 / VNI, else
    Windows-1258: fonts.py) with a warning; a file none of whose lines is UTF-8 beyond ASCII is a
    file in an old encoding, read whole as before."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), ()
            except UnicodeDecodeError:
                if encoding.startswith("utf-32"):
                    continue  # FF FE 00 00 may be UTF-16 beginning with a NUL
                return data[len(bom) :].decode(encoding, errors="replace"), (bad_bytes_warning(encoding),)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    bad = [i for i, line in enumerate(lines) if not _utf8(line)]
    good_beyond_ascii = sum(1 for line in lines if not line.isascii() and _utf8(line))
    if good_beyond_ascii == 0 or len(bad) > good_beyond_ascii:
        return decode_single_byte(data), ()  # an old encoding throughout
    legacy = decode_single_byte(b"\n".join(lines[i] for i in bad)).split("\n")
    if len(legacy) != len(bad):  # the decoder changed the line count: decode each line alone
        legacy = [decode_single_byte(lines[i]) for i in bad]
    out = [line.decode("utf-8") if _utf8(line) else "" for line in lines]
    for i, text in zip(bad, legacy, strict=True):
        out[i] = text
    return "\n".join(out), (mixed_encoding_warning(len(bad)),)


def _utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


RAW_TEXT_OPEN = re.compile(r"(?i)<(script|style)\b")
# a tag: from '<' to the next '>', not across another '<' (a lone '<' in the text ends nowhere, and
# scanning from every '<' to the end of the page was quadratic)
TAG = re.compile(r"<[^<>]+>")
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def drop_raw_text(text: str) -> str:
    """Text without its <script> and <style> elements; one never closed runs to the end of the page
    (as in a browser). Each closing tag is looked for once, from where its element opens."""
    low = text.translate(ASCII_LOWER)  # same length as `text`: offsets stay valid
    out: list[str] = []
    pos = 0
    while m := RAW_TEXT_OPEN.search(text, pos):
        out.append(text[pos : m.start()])
        close = low.find(f"</{m[1].translate(ASCII_LOWER)}", m.end())
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
    text, warnings = decode_text(data)
    if path.suffix.lower() in (".html", ".htm") or re.search(r"(?i)<html|<body", text[:4096]):
        text = html_to_text(text)
    if path.suffix.lower() == ".md":
        text = MD_HEADING.sub("", text)
    return ReadResult(text_blocks(text), provenance="txt", warnings=warnings)
