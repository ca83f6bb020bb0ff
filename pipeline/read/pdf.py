"""PDF with a text layer: pypdfium2 text per page (fast), pages in order.

Scans and garbled text layers are handled by OCR (see `ocr.py`, when present)."""
from __future__ import annotations

from pathlib import Path

from ..errors import EncryptedDocument, ReadError
from ..normalize import RawBlock
from .result import ReadResult


def read_pdf(path: Path, data: bytes) -> ReadResult:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise EncryptedDocument(path, "PDF is password-protected", "ask the sender for an unprotected copy") from exc
        raise ReadError(path, f"corrupt or unreadable PDF ({exc})") from exc
    try:
        blocks: list[RawBlock] = []
        for number, page in enumerate(pdf, start=1):
            text = page.get_textpage().get_text_bounded()
            blocks.append(RawBlock(text, page=number))
        return ReadResult(tuple(blocks), provenance="pdf-text", pages=len(pdf))
    finally:
        pdf.close()
