"""Text set in legacy Vietnamese fonts, turned into Unicode where the reader sees the font: a DOCX
run's `w:rFonts`, a PDF page's font names, the bytes of a text file that is not UTF-8 (the code
tables and the detection: `charsets.py`)."""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..charsets import (
    UNICODE_ONLY,
    convert,
    detect,
    encoding_of_font,
    from_tcvn3,
    from_vni,
    is_capital_font,
    telltales,
)
from ..model import RawBlock

log = logging.getLogger(__name__)

# ------------------------------------------------------------------ font names (DOCX runs)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_run_text(t: Any) -> str:
    """Text of a DOCX `w:t`, converted when its run's font (`w:rFonts`) is a TCVN3 or VNI font."""
    text: str = t.text or ""
    run = t.getparent()
    fonts = run.find(f"{_W}rPr/{_W}rFonts") if run is not None else None
    if fonts is None or not text or UNICODE_ONLY.search(text):
        return text
    font = fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi")
    encoding = encoding_of_font(font)
    if encoding == "tcvn3":
        return from_tcvn3(text, capitals=is_capital_font(font))
    if encoding == "vni":
        return from_vni(text)
    return text


def decode_single_byte(data: bytes) -> str:
    """Bytes of a text file that is not UTF-8: TCVN3 or VNI where they read as such, else
    Windows-1258 (the tone marks then combining characters: normalised to NFC later)."""
    latin = data.decode("latin-1")
    verdict = detect(latin)
    if verdict.encoding in ("tcvn3", "vni"):
        return convert(latin, verdict.encoding)
    return data.decode("cp1258", errors="replace")


# ------------------------------------------------------------------ font names (PDF pages)

SAMPLE_CHARS = 3000  # characters per page whose font is looked up


def pdf_page_encodings(pdf_data: bytes, pages: Sequence[int]) -> dict[int, str]:
    """Pages (1-based) most of whose letters are drawn in a TCVN3 or VNI font, and that encoding."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    out: dict[int, str] = {}
    pdf = pdfium.PdfDocument(pdf_data)
    try:
        buf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        for n in pages:
            try:
                textpage = pdf[n - 1].get_textpage()
            except pdfium.PdfiumError:  # a damaged page: no text to convert
                continue
            votes: dict[str | None, int] = {}
            for i in range(min(textpage.count_chars(), SAMPLE_CHARS)):
                if not chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)).isalpha():
                    continue
                pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buf, 256, ctypes.byref(flags))
                encoding = encoding_of_font(_base_font(buf.value.decode("latin-1")))
                votes[encoding] = votes.get(encoding, 0) + 1
            best = max(votes, key=lambda k: votes[k], default=None)
            if best is not None:
                out[n] = best
    finally:
        pdf.close()
    return out


def _base_font(name: str) -> str:
    """`ABCDEF+.VnTime` (a subset) → `.VnTime`."""
    return name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name


def fix_pdf_fonts(pdf_data: bytes, blocks: Sequence[RawBlock]) -> list[RawBlock]:
    """PDF blocks with the text of pages set in TCVN3/VNI fonts converted to Unicode. Only pages
    whose text holds Latin-1 letters are looked at (a Unicode page is left alone unread)."""
    suspects = sorted({b.page for b in blocks if b.page and telltales(b.text + "".join(b.cells))})
    if not suspects:
        return list(blocks)
    encodings = pdf_page_encodings(pdf_data, suspects)
    if not encodings:
        return list(blocks)
    log.info("legacy fonts on pages %s", encodings)
    out = []
    for b in blocks:
        enc = encodings.get(b.page or 0)
        if enc is None or UNICODE_ONLY.search(b.text):
            out.append(b)
        else:
            out.append(replace(b, text=convert(b.text, enc),
                               cells=tuple(convert(c, enc) for c in b.cells)))
    return out
