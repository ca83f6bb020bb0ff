"""DOCX: body paragraphs and tables in document order; text boxes once, without duplicates.

- A text box is stored twice (`mc:AlternateContent`: a DrawingML `Choice` and a VML `Fallback`);
  only the Choice is read, once, after the paragraph that anchors it.
- A cell merged across rows (`w:vMerge` continue) is read once, in its first row.
- The borderless layout tables of the header and the signature (see `layout.py`) come out as
  lines, column after column; data tables come out as rows of cells.
"""
from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

from ..errors import CorruptDocument, ReadError, TooLarge
from ..limits import Limits
from ..model import RawBlock, ReadResult
from .docx_numbering import NumberingCounter
from .fonts import docx_run_text
from .layout import column_lines, is_layout_table, unflatten_leading_paragraphs

log = logging.getLogger(__name__)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TEXT_BOX = W + "txbxContent"

# run content that stands for a character
_CHAR_ELEMENTS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
# containers whose children are block-level content (content controls, custom XML)
_BLOCK_WRAPPERS = (W + "sdt", W + "sdtContent", W + "customXml")

Element = Any  # lxml element of python-docx's tree


def _inside(el: Element, stop: Element, tags: tuple[str, ...]) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _hidden(el: Element) -> bool:
    """Text in a run formatted as hidden (`w:vanish`): Word does not show or print it."""
    run = el.getparent()
    vanish = run.find(f"{W}rPr/{W}vanish") if run is not None and run.tag == W + "r" else None
    return vanish is not None and vanish.get(W + "val") not in ("0", "false", "off")


def _para_text(p: Element) -> str:
    """Text of a w:p, without the text of the text boxes anchored in it (read separately)."""
    out: list[str] = []
    for el in p.iter(W + "t", *_CHAR_ELEMENTS):
        if _inside(el, p, (TEXT_BOX, MC_FALLBACK)) or _hidden(el):
            continue
        if el.tag == W + "t":
            out.append(docx_run_text(el))  # text in a .VnTime / VNI-Times run → Unicode (fonts.py)
        else:
            out.append(_CHAR_ELEMENTS[el.tag])
    return "".join(out)


def _text_boxes(p: Element, num: NumberingCounter) -> list[str]:
    """Lines of each text box anchored in a paragraph (DrawingML Choice only, outermost boxes)."""
    boxes = []
    for box in p.iter(TEXT_BOX):
        if _inside(box, p, (MC_FALLBACK, TEXT_BOX)):
            continue
        text = "\n".join(_content_lines(box, num))
        if text.strip():
            boxes.append(text)
    return boxes


def _numbered_text(p: Element, num: NumberingCounter) -> str:
    """Text of a paragraph with the label of Word's automatic numbering (`1. `, `a) `, `- `)."""
    text = _para_text(p)
    return num.label(p) + text if text.strip() else text


def _numbering(document: Any) -> NumberingCounter:
    """Word's numbering definitions and the numbered styles, when the package has them."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering = None
    try:
        styles = document.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        styles = None
    return NumberingCounter(numbering, styles)


def _block_elements(container: Element) -> Iterator[Element]:
    """The w:p and w:tbl children of a container, looking inside content controls."""
    for el in container:
        if el.tag in (W + "p", W + "tbl"):
            yield el
        elif el.tag in _BLOCK_WRAPPERS:
            yield from _block_elements(el)


def _content_lines(container: Element, num: NumberingCounter) -> list[str]:
    """Lines of a cell or text box: its paragraphs, text boxes and nested tables, in order."""
    lines: list[str] = []
    for el in _block_elements(container):
        if el.tag == W + "p":
            lines.extend(_numbered_text(el, num).split("\n"))
            for box in _text_boxes(el, num):
                lines.extend(box.split("\n"))
        else:
            for cells in _rows(el, num):
                lines.append(" ".join(c.replace("\n", " ") for c in cells if c.strip()))
    return [line for line in lines if line.strip()]


def _rows(tbl: Element, num: NumberingCounter) -> list[list[str]]:
    """Cell texts of each row of a table; a vertically merged cell is read in its first row only."""
    rows = []
    for tr in tbl.iterchildren(W + "tr"):
        cells = []
        for tc in tr.iterchildren(W + "tc"):
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if vmerge is not None and vmerge.get(W + "val") in (None, "continue"):
                cells.append("")  # continuation of a vertically merged cell
            else:
                cells.append("\n".join(_content_lines(tc, num)))
        rows.append(cells)
    return rows


def _open(path: Path, data: bytes, max_xml: int, max_unzipped: int) -> Any:
    """The python-docx document, after checking what the package expands to: the XML parts are
    parsed into memory (about 20 bytes per byte of XML), every part is read into memory. The sizes
    are the ones the zip declares, which are also all `zipfile` will inflate."""
    import docx

    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            parts = zf.infolist()
        xml = sum(i.file_size for i in parts if i.filename.endswith((".xml", ".rels")))
        if xml > max_xml:
            raise TooLarge(path, "xml", xml, max_xml, "--max-xml")
        total = sum(i.file_size for i in parts)
        if total > max_unzipped:
            raise TooLarge(path, "unzipped", total, max_unzipped, "--max-file")
        return docx.Document(BytesIO(data))
    except ReadError:
        raise
    except Exception as exc:  # python-docx raises many types for broken packages
        log.debug("%s: python-docx: %s", path, exc)
        raise CorruptDocument(path, ".docx", type(exc).__name__) from exc


def read_docx(path: Path, data: bytes, max_xml: int = Limits.xml_bytes,
              max_unzipped: int = Limits.file_bytes) -> ReadResult:
    document = _open(path, data, max_xml, max_unzipped)
    num = _numbering(document)
    blocks: list[RawBlock] = []
    table_no = 0
    for el in _block_elements(document.element.body):
        if el.tag == W + "p":
            text = _para_text(el)
            if text.strip():
                blocks.append(RawBlock(num.label(el) + text))
            blocks.extend(RawBlock(t) for t in _text_boxes(el, num))
            continue
        rows = _rows(el, num)
        if is_layout_table(rows):
            log.debug("%s: layout table read as %d columns", path.name, len(rows[0]))
            blocks.extend(RawBlock("\n".join(lines)) for lines in column_lines(rows))
            continue
        for cells in rows:
            if any(c.strip() for c in cells):
                blocks.append(RawBlock("", kind="table_row", cells=tuple(cells), table=table_no))
        table_no += 1
    return ReadResult(tuple(_tabbed_header(blocks)), provenance="docx")


def _tabbed_header(blocks: list[RawBlock]) -> list[RawBlock]:
    """The first paragraphs, when they set the two header columns apart with tabs, as columns."""
    lead = 0
    while lead < len(blocks) and blocks[lead].kind == "paragraph":
        lead += 1
    found = unflatten_leading_paragraphs([b.text for b in blocks[:lead]])
    if not found:
        return blocks
    columns, taken = found
    return [RawBlock(text) for text in columns] + blocks[taken:]
