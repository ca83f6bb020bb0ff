"""Normalisation, run once after reading: the text it returns is the text every offset points into.

Each step is a named `str -> str` function; `normalize_line` applies the per-line steps and
`normalize` (`build_document`) assembles the blocks a reader found into one `Document`: legacy
encodings repaired (`legacy.py`), running headers and footers dropped, page furniture stripped
(`furniture.py`), every line cleaned. It imports no reader: it takes a `model.ReadResult`.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from ..furniture import strip_furniture
from ..model import Block, Document, RawBlock, ReadResult, Span
from .legacy import fix_legacy_blocks
from .respace import respace_glued

# ------------------------------------------------------------------ character steps

# Đ look-alikes (Icelandic eth, African D) and the lower-case eth used for đ
_DLIKE = str.maketrans({"\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ"})
# invisible characters: soft hyphen, zero-width space/joiners, BOM, word joiner
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# hyphens that look like "-" (hyphen, non-breaking hyphen, minus) and Latin ligatures from PDF fonts;
# en and em dashes are kept: documents use them as such (`Tân Phú – Bảo Lộc`)
_HYPHENS_LIGATURES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2212": "-", "\ufb00": "ff", "\ufb01": "fi",
                                    "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"})
# characters that break a line: vertical tab (Word's manual break), NEL, line and paragraph separators
_LINE_BREAKS = re.compile("[\v\x85\u2028\u2029]")
# every kind of horizontal space, tabs included
_HSPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fix_d_lookalikes(text: str) -> str:
    return text.translate(_DLIKE)


def plain_hyphens(text: str) -> str:
    return text.translate(_HYPHENS_LIGATURES)


def drop_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def collapse_spaces(text: str) -> str:
    return _HSPACE.sub(" ", text).strip()


def drop_markdown_emphasis(text: str) -> str:
    """`**` left by a page-to-markdown conversion: a line break between two words, else nothing."""
    text = re.sub(r"(?<=\S)\*\*(?=\S)", "\n", text)
    return text.replace("**", "")


def drop_control(text: str) -> str:
    """Control, format, private-use and unassigned characters out (newlines and tabs kept)."""
    if text.isprintable():  # the common case, checked at C speed: nothing to drop
        return text
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


LINE_STEPS: tuple[Callable[[str], str], ...] = (
    drop_control,
    nfc,
    fix_d_lookalikes,
    plain_hyphens,
    drop_invisible,
    collapse_spaces,
    respace_glued,  # syllables a PDF text layer glued together (respace.py)
)


def normalize_line(line: str) -> str:
    for step in LINE_STEPS:
        line = step(line)
    return line


def normalize_block(text: str) -> str:
    """Normalise a multi-line block: each line cleaned, blank runs collapsed to one blank line."""
    text = _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n"))
    lines = [normalize_line(line) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# ------------------------------------------------------------------ assembling a document


CELL_SEP = " | "


# a page that starts a document (Quốc hiệu near its top) or ends one (Nơi nhận): its top or
# bottom lines are the document's own header or signature, never a running header or footer
_STARTS_DOCUMENT = re.compile(r"C[ỘO]NG\s+H[ÒO][AÀ]\s+X[ÃA]\s+H[ỘO]I|Đ[ẢA]NG\s+C[ỘO]NG\s+S[ẢA]N|ĐO[ÀA]N\s+TNCS")
_ENDS_DOCUMENT = re.compile(r"^\W*Nơi\s+nhận\b", re.MULTILINE)
EDGE_LINES = 2  # lines at the top and at the bottom of a page where running lines stand


def drop_running_lines(blocks: list[RawBlock], pages: int | None) -> list[RawBlock]:
    """Remove lines repeated at the top or bottom of most pages (running headers and footers,
    page numbers), where they stand; the same words elsewhere on a page are kept."""
    if not pages or pages < 3:
        return blocks
    by_page: dict[int, list[tuple[int, int, str]]] = {}  # page → (block, line, text)
    for bi, b in enumerate(blocks):
        if b.page is not None and b.kind == "paragraph":
            for li, line in enumerate(b.text.split("\n")):
                if line.strip():
                    by_page.setdefault(b.page, []).append((bi, li, line))
    edges: list[tuple[int, int, str]] = []  # every page's top and bottom lines
    counted: list[tuple[int, int, str]] = []  # those that may be running lines
    for lines in by_page.values():
        top, bottom = lines[:EDGE_LINES], [x for x in lines[-EDGE_LINES:] if x not in lines[:EDGE_LINES]]
        edges.extend(top + bottom)
        if not _STARTS_DOCUMENT.search(nfc("\n".join(x[2] for x in lines[:8]))):
            counted.extend(top)
        if not _ENDS_DOCUMENT.search(nfc("\n".join(x[2] for x in lines))):
            counted.extend(bottom)
    # on how many pages each line (digits blanked) stands at an edge
    counts = Counter(key for key, _page in {(_page_key(t), blocks[bi].page) for bi, _, t in counted})
    running = {key for key, n in counts.items() if key and n >= max(3, 0.6 * pages)}
    drop = {(bi, li) for bi, li, t in edges if _page_key(t) in running}
    if not drop:
        return blocks
    out = []
    for bi, b in enumerate(blocks):
        if any(k[0] == bi for k in drop):
            kept = [x for li, x in enumerate(b.text.split("\n")) if (bi, li) not in drop]
            b = replace(b, text="\n".join(kept))
        out.append(b)
    return out


def _page_key(line: str) -> str:
    """A line with its digits blanked, so 'Trang 3/12' repeats as 'Trang #/#'."""
    return re.sub(r"\d+", "#", normalize_line(line))


def build_document(
    raw: Iterable[RawBlock],
    *,
    id: str,
    source: str,
    sha256: str,
    format: str,
    provenance: str,
    pages: int | None = None,
    warnings: tuple[str, ...] = (),
) -> Document:
    """Normalise every block and join them with blank lines into one text with block spans."""
    raw = fix_legacy_blocks(list(raw))  # TCVN3 / VNI / cp1258 → Unicode (normalize/legacy.py)
    raw = drop_running_lines(raw, pages)
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for rb in raw:
        if rb.kind == "table_row":
            cells = [normalize_block(c).replace("\n", " ") for c in rb.cells]
            if not any(cells):
                continue
            joined = CELL_SEP.join(cells)
            text = joined.strip()  # empty first or last cells leave no space at the row's ends
            spans, cpos = [], pos - (len(joined) - len(joined.lstrip()))
            for c in cells:
                start = min(max(cpos, pos), pos + len(text))
                spans.append(Span(start, start + len(c)))
                cpos += len(c) + len(CELL_SEP)
            cell_spans = tuple(spans)
        else:
            text = normalize_block(drop_markdown_emphasis(rb.text) if format in ("txt", "html") else rb.text)
            text = strip_furniture(text)  # signature boxes, incoming-mail stamps (furniture.py)
            cell_spans = ()
            if not text:
                continue
        blocks.append(Block(rb.kind, Span(pos, pos + len(text)), rb.page, provenance, cell_spans, rb.table))
        parts.append(text)
        pos += len(text) + 2
    return Document(
        id=id,
        source=source,
        sha256=sha256,
        format=format,
        text="\n\n".join(parts),
        blocks=tuple(blocks),
        pages=pages,
        provenance=provenance,
        warnings=warnings,
    )


def normalize(result: ReadResult) -> Document:
    """The `Document` of what `read.read` returned (uncertain OCR digits are located later, on its text)."""
    return build_document(result.blocks, id=result.id, source=result.source, sha256=result.sha256,
                          format=result.format, provenance=result.provenance, pages=result.pages,
                          warnings=result.warnings)
