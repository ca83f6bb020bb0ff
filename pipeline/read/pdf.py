"""PDF with a text layer: pypdfium2 text per page (fast), pages in order.

pdfium gives each page's characters with their boxes and inserts the line breaks it sees. From
those we rebuild lines (`pdf_lines.py`), then:
- the two-column header at the top of a page (issuer and number on the left, Quốc hiệu, motto
  and place-date on the right) and the Nơi nhận / signer block come out column after column;
- the page number printed at the top or bottom of a page is dropped;
- lines are grouped into paragraph-ish blocks, each with its page number: the wrapped lines of
  a justified paragraph are joined, short lines (titles, lists) stay lines.

Scans and garbled text layers are handled by OCR (see `ocr.py`, when present)."""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

from ..errors import CorruptDocument, EncryptedDocument, unreadable_pages_warning
from ..model import RawBlock, ReadResult
from .pdf_lines import Line, Page, drop_page_number, header_columns, page_lines, signature_columns

log = logging.getLogger(__name__)


def read_pdf(path: Path, data: bytes) -> ReadResult:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise EncryptedDocument(path) from exc
        log.debug("%s: pdfium: %s", path, exc)
        raise CorruptDocument(path, ".pdf") from exc
    try:
        blocks: list[RawBlock] = []
        broken: list[int] = []
        for number in range(1, len(pdf) + 1):
            try:
                pdfpage = pdf[number - 1]
            except pdfium.PdfiumError:  # a damaged page object: the other pages are still read
                broken.append(number)
                continue
            page = page_lines(pdfpage, number)
            blocks = _continue_across_page(blocks, page_blocks(page))
        if broken and len(broken) == len(pdf):
            raise CorruptDocument(path, ".pdf", "không trang nào mở được")
        warnings = (unreadable_pages_warning(broken),) if broken else ()
        result = ReadResult(tuple(blocks), provenance="pdf-text", pages=len(pdf), warnings=warnings)
    finally:
        pdf.close()
    from .ocr import rescue  # scanned or garbled pages → OCR (inputs)

    return rescue(path, data, result)


def page_blocks(page: Page) -> list[RawBlock]:
    """The blocks of one page: header columns, paragraphs, signature columns."""
    lines = drop_page_number(page)
    blocks: list[RawBlock] = []
    header = header_columns(lines, page.width)
    if header:
        left, right, taken = header
        blocks.extend(RawBlock(text, page=page.number) for text in (left, right) if text)
        lines = lines[taken:]
    signature = signature_columns(lines, page.width)
    tail: list[RawBlock] = []
    if signature:
        left, right, start, end = signature
        tail = [RawBlock(text, page=page.number) for text in (left, right) if text]
        tail += [RawBlock(text, page=page.number) for text in paragraphs(lines[end:], page)]
        lines = lines[:start]
    blocks.extend(RawBlock(text, page=page.number) for text in paragraphs(lines, page))
    return blocks + tail


def _continue_across_page(blocks: list[RawBlock], page: list[RawBlock]) -> list[RawBlock]:
    """Append a page's blocks; a sentence cut by the page break (the page ends mid-sentence and
    the next starts in lower case) is joined back into the paragraph it started in."""
    if blocks and page and blocks[-1].kind == page[0].kind == "paragraph":
        last, first = blocks[-1].text, page[0].text
        if last and first and not _ends_sentence(last) and first[0].islower():
            return [*blocks[:-1], replace(blocks[-1], text=_join(last, first)), *page[1:]]
    return blocks + page


# ------------------------------------------------------------------ paragraphs

LIST_START = ("-", "+", "•", "–", "*")
NUMBERED = re.compile(r"^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s")


def paragraphs(lines: list[Line], page: Page) -> list[str]:
    """Group lines into paragraphs: wrapped lines of justified text are joined with a space,
    short lines under one another (a centred title, an address) stay lines of one block."""
    if not lines:
        return []
    left, right = page.margins(lines)
    pitch = page.pitch(lines)
    out: list[list[str]] = []
    prev: Line | None = None
    for line in lines:
        text = line.text.strip()
        if out and len(text) <= 2 and not text.isalnum():  # a stray `.` or `;` set apart from its line
            out[-1][-1] += text
            continue
        if prev is None or _starts_paragraph(line, prev, left, right, pitch):
            out.append([text])
        elif _full(prev, right) and not _indented(line, left):
            out[-1][-1] = _join(out[-1][-1], text)  # a wrapped line of a justified paragraph
        else:
            out[-1].append(text)
        prev = line
    return ["\n".join(p) for p in out]


def _full(line: Line, right: float) -> bool:
    return line.x1 >= right - 2 * line.height


def _indented(line: Line, left: float) -> bool:
    return line.x0 > left + 1.5 * line.height


def _centred(line: Line, left: float, right: float) -> bool:
    middle = (line.x0 + line.x1) / 2
    return _indented(line, left) and not _full(line, right) and abs(middle - (left + right) / 2) < 2 * line.height


def _starts_paragraph(line: Line, prev: Line, left: float, right: float, pitch: float) -> bool:
    gap = line.top_gap(prev)
    if gap > 1.8 * pitch or gap < -0.5 * pitch:  # blank space above, or a jump back up the page
        return True
    text = line.text.lstrip()
    if text.startswith(LIST_START) or _numbered(text):
        return True
    if _indented(line, left):  # a first-line indent, unless both lines are centred (a title)
        return not (_centred(line, left, right) and _centred(prev, left, right))
    if _centred(prev, left, right):  # a line at the margin under a centred title
        return True
    return not _full(prev, right) and _ends_sentence(prev.text)


def _numbered(text: str) -> bool:
    """`1.`, `a)`, `II.`, `1.2.`: a heading or list item starts a paragraph."""
    return NUMBERED.match(text) is not None


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ":", ";", "!", "?"))


def _join(head: str, tail: str) -> str:
    """Join a wrapped line: `31-` + `HD/BTCTW` → `31-HD/BTCTW`; words get one space."""
    if head.endswith("-") and len(head) > 1 and not head[-2].isspace():
        return head + tail
    return f"{head} {tail}"
