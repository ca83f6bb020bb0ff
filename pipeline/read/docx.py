"""DOCX: body paragraphs and tables in document order; text boxes once, without duplicates."""
from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from ..errors import ReadError
from ..normalize import RawBlock
from .result import ReadResult

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_XML_BYTES = 200 * 1024 * 1024  # refuse zip bombs before parsing


def _para_text(p) -> str:
    """Text of a w:p, without the text of text boxes anchored in it (read separately)."""
    out: list[str] = []
    for el in p.iter():
        if el.tag == W + "txbxContent" or el.tag == MC_FALLBACK:
            continue
        if _inside(el, p, (W + "txbxContent", MC_FALLBACK)):
            continue
        if el.tag == W + "t" and el.text:
            out.append(el.text)
        elif el.tag in (W + "tab",):
            out.append("\t")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
    return "".join(out)


def _inside(el, stop, tags) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _text_boxes(p) -> list[str]:
    boxes = []
    for box in p.iter(W + "txbxContent"):
        if _inside(box, p, (MC_FALLBACK,)) or _inside(box, p, (W + "txbxContent",)):
            continue
        boxes.append("\n".join(_para_text(q) for q in box.iter(W + "p")))
    return [b for b in boxes if b.strip()]


def _cell_text(tc) -> str:
    parts = []
    for el in tc:
        if el.tag == W + "p":
            parts.append(_para_text(el))
        elif el.tag == W + "tbl":
            for row in el.iter(W + "tr"):
                parts.append(" ".join(_cell_text(c) for c in row.iter(W + "tc")))
    return "\n".join(x for x in parts if x.strip())


def read_docx(path: Path, data: bytes) -> ReadResult:
    import docx

    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > MAX_XML_BYTES:
                raise ReadError(path, f"DOCX expands to {total // 2**20} MiB (zip bomb?)", "refused")
        document = docx.Document(BytesIO(data))
    except ReadError:
        raise
    except Exception as exc:  # python-docx raises many types for broken packages
        raise ReadError(path, f"corrupt DOCX ({type(exc).__name__}: {exc})") from exc
    blocks: list[RawBlock] = []
    table_no = 0
    for el in document.element.body:
        if el.tag == W + "p":
            text = _para_text(el)
            if text.strip():
                blocks.append(RawBlock(text))
            blocks.extend(RawBlock(t) for t in _text_boxes(el))
        elif el.tag == W + "tbl":
            for tr in el.iter(W + "tr"):
                if _inside(tr, el, (W + "tbl",)):
                    continue  # rows of nested tables are read inside their cell
                cells = []
                for tc in tr:
                    if tc.tag != W + "tc":
                        continue
                    vmerge = tc.find(f"{W}tcPr/{W}vMerge")
                    if vmerge is not None and vmerge.get(W + "val") in (None, "continue"):
                        cells.append("")  # continuation of a vertically merged cell
                    else:
                        cells.append(_cell_text(tc))
                if any(c.strip() for c in cells):
                    blocks.append(RawBlock("", kind="table_row", cells=tuple(cells), table=table_no))
            table_no += 1
    return ReadResult(tuple(blocks), provenance="docx")
