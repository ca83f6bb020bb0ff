"""Lines and column cells of the stored text, with offsets: what the header and signature parsers read.

A page-to-text conversion may put two columns on one line (`ỦY BAN NHÂN DÂN | CỘNG HÒA ...`)
or interleave them line by line; a cell is one column's piece of one line."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Span
from ..scanning import scanner

# cell borders: a table bar, or a run of three spaces/tabs (columns laid out with spaces)
_CELL_BORDER = scanner(r"\s*\|\s*|\t+|\s{3,}")
# markup left by markdown conversions around a cell: ** __ # and table bars
_MARKUP = scanner(r"^[\s*_#|>]+|[\s*_#|]+$")


@dataclass(frozen=True)
class Cell:
    span: Span
    text: str  # the cell as written, markup and outer spaces removed
    line: int  # index of the line in the text


def lines(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the lines in text[start:end], without the newline."""
    end = len(text) if end is None else end
    out: list[Span] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append(Span(pos, stop))
        pos = stop + 1
    return out


def cells(text: str, start: int = 0, end: int | None = None) -> list[Cell]:
    """Non-empty cells of the lines in text[start:end], left to right, top to bottom."""
    out: list[Cell] = []
    for i, line in enumerate(lines(text, start, end)):
        pos = line.start
        for border in [*_CELL_BORDER.finditer(text, line.start, line.end), None]:
            stop = border.start() if border else line.end
            cell = _trimmed(text, pos, stop)
            if cell:
                out.append(Cell(cell, text[cell.start : cell.end], i))
            if border:
                pos = border.end()
    return out


def _trimmed(text: str, start: int, end: int) -> Span | None:
    m = _MARKUP.match(text, start, end)
    if m:
        start = m.end()
    while end > start and (text[end - 1].isspace() or text[end - 1] in "*_#|"):
        end -= 1
    return Span(start, end) if end > start else None


def is_caps(text: str) -> bool:
    """Written in capitals: letters present and none of them lower case."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)
